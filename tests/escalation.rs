//! Safe escalation through the real key path and the screen: the call-a-doctor banner on every
//! screen at every size, `s` leading to the checklist while a reason applies, the question a
//! 9 or 10 asks, stretching waiting for its condition (and Space marking it), the timers'
//! notes past the guide's lengths, and Today at hour 0 and at day 16.

mod common;

use backspasm::app::{Action, App, Screen};
use backspasm::content::ClockKind::{Monotonic, Wall};
use backspasm::keymap::Ctx;
use backspasm_core::state::Edit;
use chrono::TimeDelta;
use common::*;
use ratatui::crossterm::event::{Event, KeyCode};

/// An app at `w` x `h` whose spasm began `hours` ago.
fn since(w: u16, h: u16, hours: i64) -> (App, backspasm::content::Content) {
    let c = content();
    let mut a = app(&c, w, h);
    a.state.onset = Some(now().wall - TimeDelta::hours(hours));
    (a, c)
}

/// Every screen there is, reached with keys from the guide: (name, keys).
fn every_screen() -> Vec<(&'static str, Vec<Event>)> {
    let ice_on = vec![ch('i'), ch(' ')];
    vec![
        ("Today", vec![]),
        ("Body", vec![ch('2')]),
        ("Ice and heat", vec![ch('3')]),
        ("Medication", vec![ch('4')]),
        ("Rest", vec![ch('5')]),
        ("Drink", vec![ch('6')]),
        ("Doctor", vec![ch('7')]),
        ("Warnings", vec![ch('8')]),
        ("Tips", vec![ch('9')]),
        ("help", vec![ch('?')]),
        ("shower timer", vec![ch('t')]),
        ("shower timer counting", vec![ch('t'), ch(' ')]),
        ("help over a timer", vec![ch('t'), ch('?')]),
        ("ice timer", vec![ch('i')]),
        ("ice timer on", ice_on),
        ("lifting, one step", vec![ch('l')]),
        ("lifting, as a list", vec![ch('l'), ch('v')]),
        (
            "pressure, a hold",
            vec![ch('2'), key(KeyCode::Enter), ch(' '), ch(' '), ch(' ')],
        ),
        (
            "needs list",
            vec![ch('9'), key(KeyCode::End), key(KeyCode::Enter)],
        ),
        ("diary", vec![ch('d')]),
        ("onset picker", vec![ch('o')]),
        ("typing a start", vec![ch('o'), ch('8')]),
        ("pain prompt", vec![ch('p')]),
        ("pain note", vec![ch('p'), ch('4')]),
        ("the question after a 10", vec![ch('p'), ch('1'), ch('0')]),
        ("doctor checklist", vec![ch('c')]),
        (
            "lifting, finished",
            vec![ch('l'), ch(' '), ch(' '), ch(' '), ch(' ')],
        ),
        ("help over a walkthrough", vec![ch('l'), ch('?')]),
    ]
}

#[test]
fn the_banner_is_the_top_row_of_every_screen_at_every_size() {
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        // Day 16: the two weeks have passed.
        for (name, keys) in every_screen() {
            let (mut a, c) = since(w, h, 15 * 24);
            press(&mut a, &c, &keys);
            let t = render(&a, &c);
            let top = &lines(&t)[0];
            assert!(
                top.starts_with(" ⚠ CALL A DOCTOR"),
                "{name} at {w}x{h}:\n{}",
                screen_text(&t)
            );
            assert_eq!(
                t.backend().buffer()[(w - 1, 0)].bg,
                ratatui::style::Color::Red,
                "{name} at {w}x{h}: a full-width bar"
            );
        }
    }
    // The question after a 9 comes with the banner as soon as yes ticks the reason.
    let (mut a, c) = since(30, 8, 30);
    press(&mut a, &c, &[ch('p'), ch('9')]);
    assert!(!lines(&render(&a, &c))[0].contains("CALL A DOCTOR"));
    press(&mut a, &c, &[ch('y')]);
    let top = lines(&render(&a, &c))[0].clone();
    assert_eq!(top.trim_end(), " ⚠ CALL A DOCTOR: severe and…");
    // And it is not there while nothing applies.
    for (name, keys) in every_screen() {
        let (mut a, c) = since(80, 24, 30);
        press(&mut a, &c, &keys);
        assert!(
            !screen_text(&render(&a, &c)).contains("CALL A DOCTOR"),
            "{name}"
        );
    }
}

#[test]
fn the_banner_comes_when_two_weeks_pass_without_a_key() {
    let (mut a, c) = since(80, 24, 14 * 24 - 1);
    assert_eq!(a.banner, None);
    let at = |d: TimeDelta| Now {
        wall: now().wall + d,
        ..now()
    };
    // The loop's wake-up at the hour: exactly two weeks is not yet "longer than two weeks".
    act(&mut a, &c, Action::Tick);
    assert_eq!(a.wake_in(now()), Some(std::time::Duration::from_secs(3600)));
    let fourteen_days = at(TimeDelta::hours(1));
    a.update(&c, Action::Tick, fourteen_days);
    assert_eq!(a.banner, None);
    // It wakes again just after, without a key: the banner comes and moves the pane under it.
    let wait = a.wake_in(fourteen_days).unwrap();
    assert_eq!(wait, std::time::Duration::from_millis(1));
    let later = at(TimeDelta::hours(1) + TimeDelta::milliseconds(1));
    a.update(&c, Action::Tick, later);
    assert!(a.banner.is_some());
    assert_eq!(a.areas().tabs.y, 1);
    let t = render_at(&a, &c, later);
    assert!(lines(&t)[0].contains("lasting longer than two weeks"));
}

#[test]
fn a_start_typed_as_exactly_two_weeks_ago_brings_the_banner_without_a_key() {
    // QA: o, 8, "336h ago", Enter, then nothing: the banner never came. Its moment (1 ms
    // after two weeks) was already behind the loop's clock when it asked how long to sleep.
    let c = content();
    let mut a = app(&c, 80, 24);
    let mut keys = vec![ch('o'), ch('8')];
    keys.extend("336h ago".chars().map(ch));
    keys.push(key(KeyCode::Enter));
    press(&mut a, &c, &keys);
    assert_eq!(a.banner, None, "exactly two weeks is not yet longer");
    // The loop reads the clock again before it sleeps: a moment later.
    let before = at(now(), 0.05);
    assert_eq!(a.wake_in(before), Some(std::time::Duration::ZERO));
    a.update(&c, Action::Tick, before);
    assert!(a.banner.is_some());
    let text = screen_text(&render_at(&a, &c, before));
    assert!(
        lines(&render_at(&a, &c, before))[0].contains("CALL A DOCTOR: lasting longer"),
        "{text}"
    );
    assert!(text.contains("[✓] It has lasted over two weeks"), "{text}");
    assert!(text.contains("s opens: When to call a doctor"), "{text}");
    // Nothing more to wait for than the next hour since it began.
    assert!(a.wake_in(before).unwrap() > std::time::Duration::from_secs(3000));
}

use backspasm::clock::Now;

#[test]
fn s_leads_to_the_checklist_while_a_reason_applies_and_the_timers_keep_their_keys() {
    // Ticked by hand, at hour 10 (the ice days).
    let (mut a, c) = since(80, 24, 10);
    a.state.doctor.insert("frequent".into());
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("s opens: When to call a doctor (the checklist)"),
        "{text}"
    );
    assert!(!text.contains("s starts"), "{text}");
    press(&mut a, &c, &[ch('s')]);
    assert_eq!(a.screen, Screen::Doctor);
    press(&mut a, &c, &[key(KeyCode::Esc), ch('i')]);
    assert_eq!(a.screen, Screen::Timer(Wall), "i still opens the ice pack");
    press(&mut a, &c, &[key(KeyCode::Esc), ch('t')]);
    assert_eq!(
        a.screen,
        Screen::Timer(Monotonic),
        "t still opens the shower"
    );
    // Unticked, s starts the ice pack again.
    let (mut b, c) = since(80, 24, 10);
    press(&mut b, &c, &[ch('s')]);
    assert_eq!(b.screen, Screen::Timer(Wall));
    // Day 16, with nothing ticked by hand: the two weeks are the reason.
    let (mut d, c) = since(80, 24, 15 * 24);
    press(&mut d, &c, &[ch('s')]);
    assert_eq!(d.screen, Screen::Doctor);
    // Without a start given, a ticked reason still leads there.
    let mut e = app(&c, 80, 24);
    e.state.doctor.insert("severe".into());
    press(&mut e, &c, &[ch('s')]);
    assert_eq!(e.screen, Screen::Doctor);
}

#[test]
fn a_9_or_10_asks_once_y_ticks_and_any_other_key_goes_on() {
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        let (mut a, c) = since(w, h, 30);
        press(&mut a, &c, &[ch('p'), ch('9')]);
        assert_eq!((a.screen.clone(), a.ctx()), (Screen::Ask(0), Ctx::Ask));
        let t = render(&a, &c);
        if (w, h) != (30, 8) {
            insta::assert_snapshot!(format!("high_score_question_{w}x{h}"), t.backend());
        }
        let text = screen_text(&t);
        assert!(text.contains("y yes"), "the footer names the key: {text}");
    }
    let (mut a, c) = since(80, 24, 30);
    press(&mut a, &c, &[ch('p'), ch('9')]);
    let id = a.state.diary[0].id;
    // Asked once answered, not before (a stray q must not lose the question).
    assert!(!a.state.asked.contains(&id));
    // y ticks "severe and unbearable", then the note as after any score.
    press(&mut a, &c, &[ch('y')]);
    assert!(a.state.asked.contains(&id), "asked for this entry, kept");
    assert!(a.pending.contains(&Edit::Asked(id)));
    assert!(a.state.doctor.contains("severe"));
    assert_eq!(a.screen, Screen::PainNote);
    press(&mut a, &c, &[key(KeyCode::Esc)]);
    assert_eq!(a.screen, Screen::Guide);
    // Already ticked: a 10 asks nothing more.
    press(&mut a, &c, &[ch('p'), ch('1'), ch('0')]);
    assert_eq!(a.screen, Screen::PainNote);

    // Any other key dismisses: nothing ticked, and the key does nothing else.
    for k in [
        ch('n'),
        ch('q'),
        key(KeyCode::Esc),
        ch('t'),
        key(KeyCode::Enter),
        ch('9'),
    ] {
        let (mut b, c) = since(80, 24, 30);
        press(&mut b, &c, &[ch('p'), ch('1'), ch('0'), k.clone()]);
        assert!(b.state.doctor.is_empty(), "{k:?}");
        if k == ch('q') {
            assert!(b.quit, "q still quits");
            assert!(b.state.asked.is_empty(), "and the next start asks again");
            continue;
        }
        assert_eq!(b.state.asked.len(), 1, "{k:?}");
        assert_eq!(b.screen, Screen::PainNote, "{k:?}");
        assert_eq!(b.state.diary.len(), 1, "{k:?}");
        assert!(
            b.today.field.is_empty(),
            "{k:?} was not typed into the note"
        );
    }
    // 8 and below ask nothing.
    let (mut b, c) = since(80, 24, 30);
    press(&mut b, &c, &[ch('p'), ch('8')]);
    assert_eq!(b.screen, Screen::PainNote);
    // Once per entry: an entry already asked about is not asked again.
    let (b, c) = since(80, 24, 30);
    let mut asked = b.clone();
    asked.state.asked.insert(7);
    assert_eq!(asked.question_for(&c, 7, 10, now()), None);
    assert_eq!(b.question_for(&c, 7, 10, now()), Some(0));
}

/// `backspasm log 9` from the command line says a score this high may be a reason to call a
/// doctor, and the next start on the guide asks the question, once for that entry: over the
/// onset question when no start is kept, going back to it after (QA 4).
#[test]
fn a_high_score_logged_from_the_command_line_is_asked_at_the_next_start() {
    use backspasm::store::Store;
    use backspasm::today::command::log;
    use backspasm_core::state::State;
    let c = content();
    let dir = tempfile::tempdir().unwrap();
    let path = || Some(dir.path().to_path_buf());
    let start = || {
        let (store, state, _) = Store::<State>::open(path());
        let mut a = app(&c, 80, 24);
        a.state = state;
        a.ask_onset_if_unknown(&c, now());
        a.ask_about_last_score(&c, now());
        (a, store)
    };
    let said = "A score this high may be a reason to call a doctor. \
                Are your back spasms severe and unbearable? If so, please call one.";
    let line = log(&c, path(), "8", None, now()).unwrap();
    assert!(!line.contains("call a doctor"), "{line}");
    let (a, _) = start();
    assert_eq!(a.screen, Screen::Onset, "8 asks nothing");

    let line = log(&c, path(), "9", None, at(now(), 60.0)).unwrap();
    assert_eq!(line.lines().nth(1), Some(said), "{line}");
    let (mut a, mut store) = start();
    assert_eq!(a.screen, Screen::Ask(0));
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("Are your back spasms severe and unbearable?"),
        "{text}"
    );
    assert!(text.contains("Pain 9/10 logged"), "{text}");
    // A stray q quits; the next start asks again.
    press(&mut a, &c, &[ch('q')]);
    assert!(a.quit);
    backspasm::tui::save(&mut a, &mut store);
    drop((a, store));
    let (mut a, mut store) = start();
    assert_eq!(a.screen, Screen::Ask(0), "asked again after a q");
    // Any other key: nothing ticked, back to the onset question; not asked again.
    press(&mut a, &c, &[ch('n')]);
    assert_eq!(a.screen, Screen::Onset);
    assert!(a.state.doctor.is_empty());
    backspasm::tui::save(&mut a, &mut store);
    drop(store);
    let (a, store) = start();
    assert_eq!(a.screen, Screen::Onset, "once per entry");
    drop((a, store));

    // A 10 with a start kept: asked over the guide; y ticks the reason and goes back.
    let line = log(&c, path(), "10", None, at(now(), 120.0)).unwrap();
    assert_eq!(line.lines().nth(1), Some(said), "{line}");
    let (mut a, _) = start();
    assert_eq!(a.back.last().map(|b| &b.screen), Some(&Screen::Onset));
    a.state.onset = Some(now().wall - TimeDelta::hours(30));
    a.screen = Screen::Guide;
    a.back.clear();
    a.state.asked.clear();
    a.ask_about_last_score(&c, now());
    assert_eq!(a.screen, Screen::Ask(0));
    press(&mut a, &c, &[ch('y')]);
    assert!(a.state.doctor.contains("severe"));
    assert_eq!(a.screen, Screen::Guide, "no note to go on to");
    assert_eq!(a.pain.entry, None);
    // Not over a timer a command opened: the question waits for a start on the guide.
    let mut b = app(&c, 80, 24);
    b.state.diary = a.state.diary.clone();
    b.update(&c, Action::OpenTimer(Monotonic), now());
    b.ask_about_last_score(&c, now());
    assert_eq!(b.screen, Screen::Timer(Monotonic));
    assert!(b.state.asked.is_empty());
}

/// The stretching item at hour 10: selected with ↑↓, marked with Space.
fn select_stretch(a: &mut App, c: &backspasm::content::Content) {
    press(a, c, &[key(KeyCode::End)]);
    let items = backspasm_core::today::pane::items(c, &a.state, now().wall);
    let last = items.len() - 1;
    assert!(
        matches!(items[last], backspasm_core::today::pane::Item::Later(r) if r.id == "stretch"),
        "stretching is the last item, under Later"
    );
    assert_eq!(a.view().selected, last);
}

#[test]
fn stretching_waits_for_its_condition_and_space_marks_the_spasm_easing() {
    let (mut a, c) = since(80, 24, 10);
    select_stretch(&mut a, &c);
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("in 62 hours, or sooner if the spasm is easing:"),
        "{text}"
    );
    assert!(text.contains("Space says the spasm is easing."), "{text}");
    assert!(
        text.contains("⚠ Don't return to activities on muscle relaxants"),
        "{text}"
    );
    press(&mut a, &c, &[ch(' ')]);
    assert_eq!(
        a.pending,
        [Edit::Mark {
            id: "easing".into(),
            at: Some(now().wall)
        }]
    );
    // Now it applies, says why, stays selected and in view, with its warning in full.
    let plan = backspasm_core::today::plan::plan(
        &c.rules,
        a.state.onset.unwrap(),
        now().wall,
        &a.state.marks,
    )
    .unwrap();
    let now_ids: Vec<&str> = plan.now.iter().map(|x| x.rule.id.as_str()).collect();
    // Under the ice and the rest the hours still ask for, never above them (a stray Space).
    assert_eq!(now_ids, ["ice-early", "complete-rest", "stretch"]);
    let t = render(&a, &c);
    let text = screen_text(&t);
    assert!(
        text.contains("You marked: the spasm is easing, today 14:00."),
        "{text}"
    );
    assert!(
        text.contains("⚠ Don't return to activities on muscle relaxants: Don't go back"),
        "{text}"
    );
    let (_, y) = find(&t, "▶");
    assert!(lines(&t)[y as usize].contains("Stretch gently"), "{text}");
    // Space again takes it back.
    press(&mut a, &c, &[ch(' ')]);
    assert!(a.state.marks.is_empty());
    select_stretch(&mut a, &c);
    // From 72 hours it applies by the clock; Space there changes nothing.
    let (mut b, c) = since(80, 24, 80);
    press(&mut b, &c, &[key(KeyCode::Home)]);
    let items = backspasm_core::today::pane::items(&c, &b.state, now().wall);
    let i = items
        .iter()
        .position(|x| matches!(x, backspasm_core::today::pane::Item::Rule(r) if r.id == "stretch"))
        .unwrap();
    for _ in 0..i {
        press(&mut b, &c, &[key(KeyCode::Down)]);
    }
    press(&mut b, &c, &[ch(' ')]);
    assert!(b.pending.is_empty() && b.state.marks.is_empty());
    // A mark made before the spasm began (an earlier one) does not count.
    let (mut d, c) = since(80, 24, 10);
    d.state
        .marks
        .insert("easing".into(), now().wall - TimeDelta::hours(11));
    let text = screen_text(&render(&d, &c));
    assert!(!text.contains("You marked"), "{text}");
    // Space on an item that does not wait for anything does nothing.
    let (mut e, c) = since(80, 24, 10);
    press(&mut e, &c, &[key(KeyCode::Down), ch(' ')]);
    assert!(e.pending.is_empty());
}

#[test]
fn today_at_hour_0_and_at_day_16() {
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        for (name, hours) in [("hour_0", 0), ("day_16", 15 * 24)] {
            let (a, c) = since(w, h, hours);
            let t = render(&a, &c);
            insta::assert_snapshot!(format!("today_{name}_{w}x{h}"), t.backend());
        }
    }
    // Hour 0: the three reasons, ice and rest under Now, stretching and heat waiting.
    let c = content();
    let mut s = backspasm_core::state::State {
        onset: Some(now().wall),
        ..Default::default()
    };
    let pane = |s: &backspasm_core::state::State| {
        backspasm_core::today::pane::pane(&c, s, 0, 76, now().wall)
            .lines
            .iter()
            .map(|l| backspasm_core::wrap::plain(l).trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let text = pane(&s);
    for want in [
        "Stop treating yourself and call a doctor if any of these is true:",
        "[ ] severe and unbearable",
        "[ ] frequent, or a history of it",
        "[ ] lasting longer than two weeks",
        "• Ice the spasm · 3 days left",
        "• in 3 days, or sooner if the spasm is easing: Stretch gently, once it eases",
    ] {
        assert!(text.contains(want), "{want:?} not in\n{text}");
    }
    let now_part = &text[text.find("\nNow\n").unwrap()..text.find("\nLater\n").unwrap()];
    assert!(!now_part.contains("Stretch"), "{now_part}");
    // The plan names no doctor: the reasons above are where a doctor comes in.
    let plan = &text[text.find("\nNow\n").unwrap()..];
    assert!(!plan.to_lowercase().contains("doctor"), "{plan}");
    // Day 16: said plainly, never as something to come.
    s.onset = Some(now().wall - TimeDelta::days(15));
    let text = pane(&s);
    assert!(
        text.contains("[✓] It has lasted over two weeks: call a doctor."),
        "{text}"
    );
    assert!(!text.contains("Later"), "{text}");
    assert!(!text.contains("if it goes on"), "{text}");
}

#[test]
fn plus_past_the_guides_length_says_so_on_the_timer() {
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        let c = content();
        let mut a = app(&c, w, h);
        press(&mut a, &c, &[ch('i'), ch(' ')]);
        assert!(!screen_text(&render(&a, &c)).contains("beyond"));
        press(&mut a, &c, &[ch('+')]);
        // On the phase's row, whatever the size, with the time left in sight; paused too.
        for pause in [false, true] {
            if pause {
                press(&mut a, &c, &[ch(' ')]);
            }
            let t = render(&a, &c);
            let text = screen_text(&t);
            let top = &lines(&t)[0];
            assert!(top.contains("ICE ON"), "{w}x{h}:\n{text}");
            assert!(
                top.contains("⚠") && top.contains("beyond") && top.contains("guide"),
                "{w}x{h}:\n{text}"
            );
            if w == 30 {
                // The digits are plain text there, and the note does not take their row.
                assert!(text.contains("20:10"), "{w}x{h}:\n{text}");
            }
            if w == 80 {
                assert!(
                    top.contains("⚠ ICE ON set to 20:10, beyond the guide's 20:00"),
                    "{text}"
                );
                // Muted, it still says so beside the note.
                press(&mut a, &c, &[ch('m')]);
                let t = render(&a, &c);
                assert!(lines(&t)[0].contains("muted"), "{}", screen_text(&t));
                press(&mut a, &c, &[ch('m')]);
            }
        }
        // Back within the guide: the note goes.
        press(&mut a, &c, &[ch(' '), ch('-')]);
        assert!(!screen_text(&render(&a, &c)).contains("beyond"));
    }
    // The shower's hot phase has a range: within it no note, past either end a note.
    let c = content();
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('t'), ch(' '), ch('-')]);
    assert!(!screen_text(&render(&a, &c)).contains("the guide's"));
    for _ in 0..6 {
        press(&mut a, &c, &[ch('-')]);
    }
    let t = render(&a, &c);
    assert!(
        lines(&t)[0].contains("⚠ HOT set to 1:50, short of the guide's 2:00–3:00"),
        "{}",
        screen_text(&t)
    );
    // A new phase starts at the guide's length: no note.
    press(&mut a, &c, &[ch('n')]);
    assert!(!screen_text(&render(&a, &c)).contains("the guide's"));
}

#[test]
fn the_ice_screen_says_how_20_minutes_relate_to_15() {
    let c = content();
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('i')]);
    let text = screen_text(&render(&a, &c));
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("The 20 minutes are for a pack with a thin towel or t-shirt between it and your skin. Plain ice on its own: no longer than 15 minutes, and not over a large area."),
        "{text}"
    );
}

#[test]
fn print_today_has_the_reasons_and_no_doctor_later() {
    let c = content();
    let today = c.tab_index("today").unwrap();
    let text = backspasm_core::doc::plain_text(&c, &[today], 76);
    assert!(text.contains("Stop treating yourself and call a doctor if any of these is true:"));
    assert!(text.contains("• lasting longer than two weeks"), "{text}");
    assert!(
        text.contains("• After 72 hours, or sooner if the spasm is easing: Stretch"),
        "{text}"
    );
    assert!(!text.contains("See a doctor"), "{text}");
    assert!(!text.contains("After 2 weeks"), "{text}");
}

/// A rule still to come is for reading, not for doing: Enter on "in 62 hours: Switch to heat"
/// shows the heat step, it does not start the shower.
#[test]
fn enter_on_a_later_item_shows_its_step_and_starts_nothing() {
    let (mut a, c) = since(80, 24, 10);
    let items = backspasm_core::today::pane::items(&c, &a.state, now().wall);
    let heat = items
        .iter()
        .position(|x| matches!(x, backspasm_core::today::pane::Item::Later(r) if r.id == "heat"))
        .expect("heat is under Later at 10 h");
    for _ in 0..heat {
        press(&mut a, &c, &[key(KeyCode::Down)]);
    }
    assert_eq!(a.view().selected, heat);
    press(&mut a, &c, &[key(KeyCode::Enter)]);
    assert_eq!(a.screen, Screen::Guide);
    assert_eq!(c.tabs[a.guide.tab].id, "heat-cold");
    assert_eq!(c.tabs[a.guide.tab].steps[a.view().selected].id, "heat");
    assert!(a.timer.timers.mono.as_ref().unwrap().run.is_none());
}
