//! Key handling through the key table and `update`, as the event loop drives it.

mod common;

use backspasm::app::{Action, Overlay};
use backspasm::keymap::{self, Ctx};
use common::*;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

#[test]
fn arrows_tab_and_digits_switch_panes() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[key(KeyCode::Right)]);
    assert_eq!(app.guide.tab, 1);
    press(&mut app, &c, &[key(KeyCode::Tab), key(KeyCode::Tab)]);
    assert_eq!(app.guide.tab, 3);
    press(&mut app, &c, &[key(KeyCode::BackTab), key(KeyCode::Left)]);
    assert_eq!(app.guide.tab, 1);
    press(&mut app, &c, &[key(KeyCode::Left), key(KeyCode::Left)]);
    assert_eq!(app.guide.tab, c.tabs.len() - 1, "wraps around");
    press(&mut app, &c, &[ch('3')]);
    assert_eq!(app.guide.tab, 2);
    press(&mut app, &c, &[ch('9')]);
    assert_eq!(app.guide.tab, 8);
}

#[test]
fn h_is_left_free_and_l_opens_lifting() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('h')]);
    assert_eq!((app.guide.tab, app.ctx()), (0, Ctx::Guide));
    press(&mut app, &c, &[ch('l')]);
    assert_eq!(app.ctx(), Ctx::Walk);
}

#[test]
fn w_jumps_to_warnings_from_anywhere() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('4'), ch('w')]);
    assert_eq!(c.tabs[app.guide.tab].id, "warnings");
}

#[test]
fn help_opens_scrolls_and_closes() {
    let c = content();
    let mut app = app(&c, 40, 12);
    press(&mut app, &c, &[ch('?')]);
    assert_eq!(app.ctx(), Ctx::Help);
    // The box's border says where the rest is: below, both ways, above at the end.
    let border = |app: &App| {
        let t = render(app, &c);
        let rows = lines(&t);
        rows.iter().rev().find(|l| l.contains('┘')).unwrap().clone()
    };
    assert!(border(&app).contains(" ↓ more "), "{}", border(&app));
    press(&mut app, &c, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(app.overlay, Some(Overlay::Help { offset: 2 }));
    assert!(border(&app).contains(" ↑↓ more "), "{}", border(&app));
    press(&mut app, &c, &vec![key(KeyCode::PageDown); 20]);
    assert!(border(&app).contains(" ↑ more "), "{}", border(&app));
    // Pane keys do nothing under the overlay.
    press(&mut app, &c, &[key(KeyCode::Right)]);
    assert_eq!(app.guide.tab, 0);
    press(&mut app, &c, &[key(KeyCode::Esc)]);
    assert_eq!(app.overlay, None);
    press(&mut app, &c, &[ch('?'), ch('?')]);
    assert_eq!(app.overlay, None, "? toggles");
}

#[test]
fn q_and_ctrl_c_quit_from_the_guide_and_the_overlay() {
    let c = content();
    for events in [
        vec![ch('q')],
        vec![Event::Key(KeyEvent::new(
            KeyCode::Char('c'),
            KeyModifiers::CONTROL,
        ))],
        vec![ch('?'), ch('q')],
    ] {
        let mut app = app(&c, 80, 24);
        press(&mut app, &c, &events);
        assert!(app.quit, "{events:?}");
    }
    // A plain 'c' is not Ctrl-C.
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('c')]);
    assert!(!app.quit);
}

#[test]
fn down_moves_between_steps_and_reads_long_ones() {
    let c = content();
    let mut app = app(&c, 40, 12);
    press(&mut app, &c, &[ch('2')]);
    assert_eq!(app.view().selected, 0);
    // Step 1 (pressure) is taller than a 10-line page: Down scrolls through it first.
    press(&mut app, &c, &[key(KeyCode::Down)]);
    assert_eq!((app.view().selected, app.view().offset), (0, 1));
    for _ in 0..30 {
        press(&mut app, &c, &[ch('j')]);
    }
    assert!(app.view().selected > 0);
    let (sel, off) = (app.view().selected, app.view().offset);
    press(&mut app, &c, &[ch('k')]);
    assert!(app.view().selected < sel || app.view().offset < off);
}

#[test]
fn home_end_and_pages() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('2'), key(KeyCode::End)]);
    let end = app.view();
    assert_eq!(end.selected, c.tabs[1].steps.len() - 1);
    assert!(end.offset > 0);
    press(&mut app, &c, &[key(KeyCode::PageUp)]);
    assert!(app.view().offset < end.offset);
    press(&mut app, &c, &[key(KeyCode::Home)]);
    assert_eq!((app.view().offset, app.view().selected), (0, 0));
    press(&mut app, &c, &[key(KeyCode::PageDown)]);
    assert_eq!(
        app.view().offset,
        21,
        "a page is the body height (22) less one line"
    );
    assert!(end.offset > 21);
    press(&mut app, &c, &vec![key(KeyCode::PageDown); 20]);
    assert_eq!(app.view().offset, end.offset, "paging stops at the end");
}

#[test]
fn each_pane_keeps_its_place() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('2'), key(KeyCode::End), ch('3')]);
    assert_eq!(app.view().offset, 0);
    press(&mut app, &c, &[ch('2')]);
    assert!(app.view().offset > 0);
}

fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Event {
    Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

#[test]
fn mouse_wheel_scrolls_and_click_selects_a_tab() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(
        &mut app,
        &c,
        &[ch('4'), mouse(MouseEventKind::ScrollDown, 10, 10)],
    );
    assert_eq!(app.view().offset, 3);
    press(&mut app, &c, &[mouse(MouseEventKind::ScrollUp, 10, 10)]);
    assert_eq!(app.view().offset, 0);

    // Click the label of pane 6 wherever the tab bar put it.
    let bar = backspasm::layout::tab_bar(&c, app.guide.tab, 80);
    let slot = bar.slots.iter().find(|s| s.tab == 5).unwrap();
    press(
        &mut app,
        &c,
        &[mouse(
            MouseEventKind::Down(MouseButton::Left),
            slot.x + 1,
            0,
        )],
    );
    assert_eq!(app.guide.tab, 5);
    // A click in the body does not switch panes.
    press(
        &mut app,
        &c,
        &[mouse(MouseEventKind::Down(MouseButton::Left), 5, 5)],
    );
    assert_eq!(app.guide.tab, 5);
}

#[test]
fn unbound_keys_and_mouse_moves_do_nothing() {
    assert_eq!(keymap::event_action(Ctx::Guide, &ch('z')), None);
    assert_eq!(
        keymap::event_action(Ctx::Guide, &mouse(MouseEventKind::Moved, 1, 1)),
        None
    );
}

#[test]
fn footer_and_help_come_from_the_key_table() {
    let footer = keymap::footer(Ctx::Guide, &keymap::Here::default());
    let help = keymap::help_rows(Ctx::Guide);
    for (keys, word, _) in &footer {
        let binding = keymap::BINDINGS
            .iter()
            .find(|b| b.hint == *word && b.ctx.contains(&Ctx::Guide))
            .unwrap();
        assert!(
            help.iter().any(|(_, h)| *h == binding.help),
            "{keys} {word}"
        );
    }
    assert!(footer.iter().any(|(k, w, _)| k == "?" && *w == "help"));
    // Every Guide action reachable by a key appears in the help.
    for b in keymap::bindings(Ctx::Guide) {
        assert!(help.iter().any(|(_, h)| *h == b.help));
    }
}

#[test]
fn resize_keeps_views_in_range() {
    let c = content();
    let mut app = app(&c, 40, 12);
    press(&mut app, &c, &[ch('2'), key(KeyCode::End)]);
    resize(&mut app, &c, 200, 100);
    assert_eq!(app.view().offset, 0, "everything fits now");
}

// ---- Keys that work from any screen

use backspasm::app::{App, Screen};
use backspasm::content::{ClockKind, Content};
use chrono::TimeDelta;

/// Every screen the "from any screen" keys must work on, reached with keys from a guide whose
/// spasm began yesterday: (name, keys to get there).
fn screens() -> Vec<(&'static str, Vec<Event>)> {
    vec![
        ("guide", vec![ch('3')]),
        ("help over the guide", vec![ch('?')]),
        ("diary", vec![ch('d')]),
        ("doctor checklist", vec![ch('c')]),
        ("onset picker", vec![ch('o')]),
        ("pain prompt", vec![ch('p')]),
        (
            "changing a diary entry",
            vec![ch('p'), ch('5'), key(KeyCode::Esc), ch('d'), ch('e')],
        ),
        ("summary for the doctor", vec![ch('d'), ch('s')]),
        ("walkthrough", vec![ch('1'), ch('2'), key(KeyCode::Enter)]),
        (
            "walkthrough list",
            vec![ch('1'), ch('2'), key(KeyCode::Enter), ch('v')],
        ),
        (
            "help over a walkthrough",
            vec![ch('2'), key(KeyCode::Enter), ch('?')],
        ),
        ("shower timer", vec![ch('t')]),
        ("shower timer counting", vec![ch('t'), ch(' ')]),
        ("shower timer paused", vec![ch('t'), ch(' '), ch(' ')]),
        ("ice timer", vec![ch('i')]),
        ("help over a timer", vec![ch('i'), ch('?')]),
    ]
}

fn at_screen(c: &Content, keys: &[Event]) -> App {
    let mut a = app(c, 80, 24);
    a.state.onset = Some(now().wall - TimeDelta::hours(30));
    a.today.summary_path = Some("/nowhere/backspasm-summary.txt".into());
    press(&mut a, c, keys);
    a
}

fn on_lifting(a: &App, c: &Content) -> bool {
    matches!(&a.screen, Screen::Walk(w) if c.walkthroughs[w.index].id == "lifting")
}

#[test]
fn l_w_t_and_i_work_from_every_screen() {
    let c = content();
    for (name, keys) in screens() {
        let a = at_screen(&c, &keys);
        let ctx = a.ctx();
        // Where it was: the help overlay's context is Help; it must list all four keys.
        let help = keymap::help_rows(a.screen_ctx());
        for k in ["l", "w", "i"] {
            assert!(
                help.iter().any(|(keys, _)| keys == k),
                "{name}: {k} in help"
            );
        }

        let mut l = a.clone();
        press(&mut l, &c, &[ch('l')]);
        assert!(on_lifting(&l, &c), "{name} ({ctx:?}): l");
        assert_eq!(l.overlay, None, "{name}: l closes the help");
        // Esc comes back to the screen it was opened from.
        press(&mut l, &c, &[key(KeyCode::Esc)]);
        if a.overlay.is_none() && !on_lifting(&a, &c) {
            assert_eq!(l.screen, a.screen, "{name}: Esc returns");
        }

        let mut w = a.clone();
        press(&mut w, &c, &[ch('w')]);
        assert_eq!(
            (w.screen.clone(), c.tabs[w.guide.tab].id.as_str(), w.overlay),
            (Screen::Guide, "warnings", None),
            "{name} ({ctx:?}): w"
        );

        let mut i = a.clone();
        press(&mut i, &c, &[ch('i')]);
        assert_eq!(i.screen, Screen::Timer(ClockKind::Wall), "{name}: i");

        let mut t = a.clone();
        press(&mut t, &c, &[ch('t')]);
        assert_eq!(t.screen, Screen::Timer(ClockKind::Monotonic), "{name}: t");
        let help = keymap::help_rows(a.screen_ctx());
        assert!(
            help.iter().any(|(keys, _)| keys == "t"),
            "{name}: t in help"
        );
    }
}

#[test]
fn in_a_text_field_the_letters_type() {
    let c = content();
    let mut a = at_screen(&c, &[ch('p'), ch('4')]);
    assert_eq!(a.ctx(), Ctx::Text);
    press(&mut a, &c, &[ch('l'), ch('w'), ch('t'), ch('i'), ch('a')]);
    assert_eq!(
        (a.screen.clone(), a.today.field.as_str()),
        (Screen::PainNote, "lwtia")
    );
}

#[test]
fn the_help_says_these_keys_work_from_any_screen() {
    for ctx in [Ctx::Guide, Ctx::Walk, Ctx::Diary, Ctx::Timer, Ctx::Doctor] {
        let help = keymap::help_rows(ctx);
        for k in ["l", "w", "i"] {
            let row = help.iter().find(|(keys, _)| keys == k).unwrap();
            assert!(row.1.contains("from any screen"), "{ctx:?} {k}: {}", row.1);
        }
    }
    // The guide's footer shows them (as room allows), in the table's words.
    let footer = keymap::footer(Ctx::Guide, &keymap::Here::default());
    for (k, word) in [("w", "warnings"), ("l", "lifting"), ("t", "timer")] {
        assert!(
            footer.iter().any(|(keys, w, _)| keys == k && *w == word),
            "{k}"
        );
    }
}

// ---- Alt, and a terminal too small

#[test]
fn alt_keys_do_nothing() {
    let alt = |c: char| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    for (ctx, c) in [
        (Ctx::Onset, '3'),
        (Ctx::Guide, 'q'),
        (Ctx::Guide, '2'),
        (Ctx::Pain, '5'),
        (Ctx::Text, 'x'),
        (Ctx::Walk, 'v'),
        (Ctx::Timer, ' '),
    ] {
        assert_eq!(keymap::event_action(ctx, &alt(c)), None, "{ctx:?} M-{c}");
    }
    // A fast Esc then 3 on the first-run picker picks nothing.
    let c = content();
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('o'), alt('3')]);
    assert_eq!((a.screen.clone(), a.state.onset), (Screen::Onset, None));
    assert!(a.pending.is_empty());
}

#[test]
fn while_the_terminal_is_too_small_only_quit_and_resize_act() {
    let c = content();
    let mut a = app(&c, 25, 7);
    press(&mut a, &c, &[ch('l')]);
    assert_eq!(a.screen, Screen::Guide, "l does nothing unseen");
    press(&mut a, &c, &[ch('3'), ch('p'), ch('7')]);
    assert_eq!((a.guide.tab, a.screen.clone()), (0, Screen::Guide));
    assert!(a.state.diary.is_empty() && a.pending.is_empty());

    // In a walkthrough that shrank: Space does not tick a step.
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('l')]);
    resize(&mut a, &c, 25, 7);
    a.pending.clear();
    press(&mut a, &c, &[ch(' '), key(KeyCode::Esc), ch('r')]);
    assert!(a.pending.is_empty(), "{:?}", a.pending);
    assert!(matches!(a.screen, Screen::Walk(_)));
    resize(&mut a, &c, 80, 24);
    press(&mut a, &c, &[key(KeyCode::Esc)]);
    assert_eq!(a.screen, Screen::Guide, "keys act again once it fits");

    let mut a = app(&c, 25, 7);
    press(&mut a, &c, &[ch('q')]);
    assert!(a.quit);
}

// ---- The mouse is in the key table

#[test]
fn the_wheel_is_listed_where_it_scrolls_and_does_nothing_elsewhere() {
    let wheel = mouse(MouseEventKind::ScrollDown, 1, 5);
    for ctx in [
        Ctx::Guide,
        Ctx::Help,
        Ctx::Walk,
        Ctx::WalkList,
        Ctx::WalkDone,
        Ctx::Diary,
    ] {
        assert!(
            keymap::help_rows(ctx).iter().any(|(k, _)| k == "wheel"),
            "{ctx:?}"
        );
        assert_eq!(keymap::event_action(ctx, &wheel), Some(Action::Scroll(3)));
    }
    for ctx in [Ctx::Timer, Ctx::Doctor, Ctx::Onset, Ctx::Text] {
        assert!(!keymap::help_rows(ctx).iter().any(|(k, _)| k == "wheel"));
        assert_eq!(keymap::event_action(ctx, &wheel), None, "{ctx:?}");
    }
    let click = mouse(MouseEventKind::Down(MouseButton::Left), 7, 0);
    assert_eq!(
        keymap::event_action(Ctx::Guide, &click),
        Some(Action::Click { col: 7, row: 0 })
    );
    assert_eq!(keymap::event_action(Ctx::Diary, &click), None);
    assert!(
        keymap::help_rows(Ctx::Guide)
            .iter()
            .any(|(k, _)| k == "click")
    );

    // The wheel scrolls the diary's entries and the help.
    let c = content();
    let mut a = app(&c, 40, 12);
    for i in 0..30 {
        a.state
            .diary
            .push(backspasm_core::today::diary::PainEntry::new(
                now().wall - TimeDelta::hours(i),
                3,
                None,
            ));
    }
    a.state.diary.reverse();
    press(&mut a, &c, &[ch('d'), wheel.clone()]);
    assert_eq!(a.pain.offset, 1, "an entry a notch");
    assert_eq!(
        a.pain.selected, 1,
        "the top entry, once the selected one scrolled away"
    );
    press(&mut a, &c, &[ch('?'), wheel]);
    assert!(matches!(a.overlay, Some(Overlay::Help { offset: 1.. })));
}

#[test]
fn keys_from_any_screen_go_back_to_a_screen_already_open_instead_of_piling_up() {
    let c = content();
    let mut a = at_screen(&c, &[ch('d'), ch('p')]);
    for _ in 0..10 {
        press(&mut a, &c, &[ch('l'), ch('t'), ch('i'), ch('l'), ch('i')]);
        assert!(a.back.len() <= 4, "{:?}", a.back);
    }
    // Now on the ice timer, over lifting, over the pain prompt, over the diary.
    assert_eq!(a.screen, Screen::Timer(ClockKind::Wall));
    let mut seen = Vec::new();
    while a.screen != Screen::Guide {
        press(&mut a, &c, &[key(KeyCode::Esc)]);
        seen.push(a.screen.clone());
        assert!(seen.len() <= 4, "Esc leads home in a few keys: {seen:?}");
    }
    assert!(on_lifting_screen(&seen[0], &c));
    assert_eq!(&seen[1..], [Screen::Pain, Screen::Diary, Screen::Guide]);
}

fn on_lifting_screen(s: &Screen, c: &Content) -> bool {
    matches!(s, Screen::Walk(w) if c.walkthroughs[w.index].id == "lifting")
}

// ---- The footer offers only keys that do something

/// A key of the table as the terminal sends it (digits: the first one).
fn event_of(k: keymap::Key) -> Option<Event> {
    use keymap::Key as K;
    Some(match k {
        K::Char(c) => ch(c),
        K::Ctrl(c) => Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
        K::Digit => ch('1'),
        K::Num => ch('0'),
        K::AnyChar => ch('x'),
        K::Backspace => key(KeyCode::Backspace),
        K::Left => key(KeyCode::Left),
        K::Right => key(KeyCode::Right),
        K::Up => key(KeyCode::Up),
        K::Down => key(KeyCode::Down),
        K::Tab => key(KeyCode::Tab),
        K::BackTab => key(KeyCode::BackTab),
        K::PageUp => key(KeyCode::PageUp),
        K::PageDown => key(KeyCode::PageDown),
        K::Home => key(KeyCode::Home),
        K::End => key(KeyCode::End),
        K::Enter => key(KeyCode::Enter),
        K::Esc => key(KeyCode::Esc),
        K::Delete => key(KeyCode::Delete),
        // A key no other row of its context takes.
        K::Any => ch('n'),
        K::WheelUp | K::WheelDown | K::Click => return None,
    })
}

/// Everything a key can change, as text (the first key also clears the disclaimer row and a
/// notice: those are cleared first).
fn fingerprint(a: &App) -> String {
    format!("{a:?}")
}

/// Every key the footer shows, pressed on that screen, changes something: no footer offers a
/// key that does nothing there (`t timer` on the shower timer, `Enter open` on Warnings).
#[test]
fn every_key_in_the_footer_does_something_there() {
    let c = content();
    let mut all: Vec<(String, App)> = screens()
        .into_iter()
        .map(|(name, keys)| (name.to_string(), at_screen(&c, &keys)))
        .collect();
    for tab in 1..=c.tabs.len().min(9) {
        let digit = char::from_digit(tab as u32, 10).unwrap();
        all.push((format!("pane {tab}"), at_screen(&c, &[ch(digit)])));
    }
    for (name, keys) in [
        ("lifting step 2", vec![ch('l'), ch(' ')]),
        (
            "lifting finished",
            vec![ch('l'), ch(' '), ch(' '), ch(' '), ch(' ')],
        ),
        ("ice running", vec![ch('i'), ch(' ')]),
        ("ice over the shower", vec![ch('t'), ch(' '), ch('i')]),
        (
            "diary with one entry",
            vec![ch('p'), ch('4'), key(KeyCode::Enter), ch('d')],
        ),
    ] {
        all.push((name.to_string(), at_screen(&c, &keys)));
    }
    for (name, mut a) in all {
        a.first_screen = false;
        a.notice = None;
        a.pending.clear();
        // Pressed a few seconds on (a timer's `r` restarts what has run since), against the
        // same seconds passing with no key.
        let later = at(now(), 5.0);
        let mut idle = a.clone();
        idle.update(&c, Action::Tick, later);
        let before = fingerprint(&idle);
        let here = a.here(&c, now());
        let hints = keymap::footer_where(a.ctx(), &here, |x| !a.does_nothing(&c, x, &here, now()));
        let shown: Vec<&keymap::Binding> = keymap::bindings(a.ctx())
            .filter(|b| b.footer > 0)
            .filter(|b| hints.iter().any(|(_, word, _)| *word == b.hint))
            .collect();
        assert!(!shown.is_empty(), "{name}");
        // A pair (↑↓, ←→, +-) does something if either of its keys does (↑ at the top: ↓).
        for b in shown {
            let acts = b.keys.iter().take(b.footer).any(|(k, _)| {
                let mut after = a.clone();
                press_at(
                    &mut after,
                    &c,
                    later,
                    &event_of(*k).into_iter().collect::<Vec<_>>(),
                );
                fingerprint(&after) != before
            });
            assert!(
                acts,
                "{name}: {} {} does nothing",
                keymap::keys_label(b, b.footer, &a.here(&c, now())),
                b.hint
            );
        }
    }
}

/// `Esc` has one word wherever it works, and does what it says: back to where you were.
#[test]
fn esc_is_back_everywhere_and_goes_back() {
    use keymap::Key as K;
    for b in keymap::BINDINGS {
        if b.keys.iter().any(|(k, _)| *k == K::Esc) {
            assert_eq!(b.hint, "back", "{}", b.help);
            assert!(b.help.starts_with("back"), "{}", b.help);
        }
    }
    let c = content();
    for (name, keys) in screens() {
        let a = at_screen(&c, &keys);
        let mut e = a.clone();
        press(&mut e, &c, &[key(KeyCode::Esc)]);
        if a.overlay.is_some() {
            assert_eq!((e.overlay, &e.screen), (None, &a.screen), "{name}");
        } else if a.screen == Screen::Guide {
            // The guide is home: Esc too often lands here and stays.
            assert_eq!(e.screen, Screen::Guide, "{name}");
        } else {
            assert_eq!(Some(&e.screen), a.back.last().map(|b| &b.screen), "{name}");
        }
    }
}

// ---- The tab bar

/// Moving between panes never shifts the bar: a label is as wide selected or not, and where
/// the whole bar fits its text is the same whatever is selected. The names are the content's
/// (full titles, or the RON `short` names), words a person reads, and the Doctor pane is never
/// just "Help" beside `? help`.
#[test]
fn the_tab_bar_keeps_its_place_as_the_selection_moves() {
    let c = content();
    for (w, h) in [(160, 24), (80, 24), (40, 12), (30, 8)] {
        let mut a = app(&c, w, h);
        a.first_screen = false;
        let mut rows = Vec::new();
        let mut widths = std::collections::HashMap::new();
        for _ in 0..c.tabs.len() {
            let row = lines(&render(&a, &c))[0].clone();
            let bar = backspasm::layout::tab_bar(&c, a.guide.tab, w);
            for s in &bar.slots {
                let width = *widths.entry(s.tab).or_insert(s.width());
                assert_eq!(width, s.width(), "{w}x{h}: tab {} changed width", s.tab);
            }
            if !bar.more_left && !bar.more_right {
                rows.push(row);
            }
            press(&mut a, &c, &[key(KeyCode::Right)]);
        }
        rows.dedup();
        assert!(rows.len() <= 1, "{w}x{h}: the bar moved: {rows:#?}");
    }
    let row = lines(&render(&app(&c, 80, 24), &c))[0].clone();
    for t in &c.tabs {
        assert!(row.contains(&t.short), "{row}");
    }
    assert!(!row.contains("H/C") && !row.contains(" Help "), "{row}");
    let wide = lines(&render(&app(&c, 160, 24), &c))[0].clone();
    assert!(wide.contains("7 Doctor"), "{wide}");
}
