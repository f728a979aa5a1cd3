//! The footer lists exactly the keys that do something on the screen as it is now: digits as
//! their real range, `e`/`Del`/`u` in the diary only when there is an entry / something to
//! undo, `r` only with something to start over, `u` while there is something to undo, Space on
//! Today where an item can be marked, `s` saying what it does. Through the real key path.

mod common;

use backspasm::app::Screen;
use backspasm::content::Content;
use backspasm::keymap::{self, Ctx};
use backspasm_core::today::diary::PainEntry;
use chrono::TimeDelta;
use common::*;
use ratatui::crossterm::event::KeyCode;

fn walk_index(c: &Content, id: &str) -> usize {
    c.walkthroughs.iter().position(|w| w.id == id).unwrap()
}

#[test]
fn digits_show_the_range_they_pick() {
    let c = content();
    let mut a = settled(&c, 30);
    press(&mut a, &c, &[ch('o')]);
    assert!(
        footer_at(&a, &c, now()).contains("1-8 choose"),
        "{}",
        footer_at(&a, &c, now())
    );
    press(&mut a, &c, &[key(KeyCode::Esc), ch('c')]);
    let n = c.doctor.len();
    assert!(
        footer_at(&a, &c, now()).contains(&format!("1-{n} tick")),
        "{}",
        footer_at(&a, &c, now())
    );
    // And `n+1` ticks nothing.
    let before = a.state.doctor.clone();
    press(
        &mut a,
        &c,
        &[ch(char::from_digit(n as u32 + 1, 10).unwrap())],
    );
    assert_eq!(a.state.doctor, before);

    // A walkthrough's checklist: its own number of steps.
    for w in &c.walkthroughs {
        let mut a = settled(&c, 30);
        a.open_walk(&c, walk_index(&c, &w.id), now());
        a.notice = None;
        if a.ctx() != Ctx::WalkList {
            press(&mut a, &c, &[ch('v')]);
        }
        let want = format!("1-{} tick N", w.steps.len().min(9));
        assert!(
            footer_at(&a, &c, now()).contains(&want),
            "{}: {}",
            w.id,
            footer_at(&a, &c, now())
        );
    }
    // The help says the same range.
    let mut a = settled(&c, 30);
    press(&mut a, &c, &[ch('c'), ch('?')]);
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains(&format!("1-{n} ")) && !text.contains("1-9"),
        "{text}"
    );
}

#[test]
fn an_empty_diary_offers_no_edit_delete_or_undo() {
    let c = content();
    let mut a = settled(&c, 30);
    press(&mut a, &c, &[ch('d')]);
    let f = footer_at(&a, &c, now());
    for gone in ["e edit", "Del", "u undo"] {
        assert!(!f.contains(gone), "{f}");
    }
    assert!(f.contains("p pain"), "{f}");
}

/// After Delete the notice goes at the next key, but `u undo` stays in the footer while there
/// is something to put back.
#[test]
fn the_diary_footer_offers_u_while_there_is_something_to_undo() {
    let c = content();
    let mut a = settled(&c, 30);
    for h in [3, 2] {
        a.state
            .diary
            .push(PainEntry::new(now().wall - TimeDelta::hours(h), 5, None));
    }
    press(&mut a, &c, &[ch('d')]);
    assert!(!footer_at(&a, &c, now()).contains("u undo"));
    press(&mut a, &c, &[key(KeyCode::Delete), key(KeyCode::Down)]);
    assert_eq!(a.notice, None, "the notice went at the next key");
    assert!(
        footer_at(&a, &c, now()).contains("u undo"),
        "{}",
        footer_at(&a, &c, now())
    );
    press(&mut a, &c, &[ch('u')]);
    assert_eq!(a.state.diary.len(), 2);
    assert!(
        !footer_at(&a, &c, now()).contains("u undo"),
        "{}",
        footer_at(&a, &c, now())
    );
}

/// `r` twice does not lose the first start over: with nothing ticked, `r` does nothing (and is
/// not offered), and `u` brings the ticks back.
#[test]
fn r_twice_keeps_the_undo() {
    let c = content();
    let pressure = walk_index(&c, "pressure");
    let mut a = settled(&c, 30);
    a.open_walk(&c, pressure, now());
    assert!(
        !footer_at(&a, &c, now()).contains("r restart"),
        "nothing to start over"
    );
    assert!(!footer_at(&a, &c, now()).contains("u undo"));
    press(&mut a, &c, &[ch(' '), ch(' '), ch(' ')]);
    let ticked = a.state.walks["pressure"].clone();
    assert!(
        footer_at(&a, &c, now()).contains("r restart"),
        "{}",
        footer_at(&a, &c, now())
    );
    press(&mut a, &c, &[ch('r')]);
    assert!(!a.state.walks.contains_key("pressure"));
    // The notice "u undoes it" is gone at the next key; the footer still says it.
    press(&mut a, &c, &[ch('r')]);
    assert!(
        footer_at(&a, &c, now()).contains("u undo"),
        "{}",
        footer_at(&a, &c, now())
    );
    assert!(
        !footer_at(&a, &c, now()).contains("r restart"),
        "{}",
        footer_at(&a, &c, now())
    );
    press(&mut a, &c, &[ch('u')]);
    assert_eq!(a.state.walks["pressure"], ticked);
    assert!(!footer_at(&a, &c, now()).contains("u undo"));

    // The same after the automatic start over of the lifting technique.
    let mut a = settled(&c, 30);
    press(&mut a, &c, &[ch('l'), ch(' '), ch(' '), key(KeyCode::Esc)]);
    let ticked = a.state.walks["lifting"].clone();
    press_at(&mut a, &c, at(now(), 3600.0), &[ch('l')]);
    assert!(a.notice.as_deref().unwrap().contains("From step 1 again"));
    press_at(&mut a, &c, at(now(), 3600.0), &[ch('r'), ch('r')]);
    assert!(
        footer_at(&a, &c, now()).contains("u undo"),
        "{}",
        footer_at(&a, &c, now())
    );
    press_at(&mut a, &c, at(now(), 3600.0), &[ch('u')]);
    assert_eq!(a.state.walks["lifting"].done, ticked.done);

    // A checklist with nothing ticked: no `r` either.
    let mut a = settled(&c, 30);
    a.open_walk(&c, pressure, now());
    press(&mut a, &c, &[ch('v')]);
    assert_eq!(a.ctx(), Ctx::WalkList);
    assert!(
        !footer_at(&a, &c, now()).contains("r restart"),
        "{}",
        footer_at(&a, &c, now())
    );
}

/// On Today, Space shows where the selected item can be marked, and says what it does.
#[test]
fn space_shows_on_today_where_an_item_can_be_marked() {
    let c = content();
    let mut a = settled(&c, 30);
    let mut seen = false;
    let last = backspasm_core::today::pane::items(&c, &a.state, now().wall).len();
    for _ in 0..last {
        let f = footer_at(&a, &c, now());
        let help = keymap::help_rows_here(a.ctx(), &a.here(&c, now()));
        let marks = a.here(&c, now()).flags.contains(&Ctx::Markable);
        assert_eq!(f.contains("Space it eases"), marks, "{f}");
        if marks {
            seen = true;
            assert!(
                help.iter()
                    .any(|(k, h)| k == "Space" && h.contains("waits for"))
            );
            let before = a.state.marks.clone();
            press(&mut a, &c, &[ch(' ')]);
            assert_ne!(a.state.marks, before, "Space marked it");
            assert!(
                footer_at(&a, &c, now()).contains("Space unmark"),
                "{}",
                footer_at(&a, &c, now())
            );
            press(&mut a, &c, &[ch(' ')]);
            assert_eq!(a.state.marks, before, "and took it back");
        }
        press(&mut a, &c, &[key(KeyCode::Down)]);
    }
    assert!(seen, "day 2 has an item waiting for the spasm to ease");
}

/// At day 16 a reason to call a doctor applies and `s` opens the checklist: the footer and
/// the help say so.
#[test]
fn s_says_doctor_while_a_reason_applies() {
    let c = content();
    let mut a = settled(&c, 16 * 24);
    let f = footer_at(&a, &c, now());
    assert!(f.contains("s doctor") && !f.contains("s start"), "{f}");
    press(&mut a, &c, &[ch('?')]);
    let text = screen_text(&render(&a, &c));
    assert!(text.contains("a reason to call a doctor applies"), "{text}");
    assert!(!text.contains("start what Today suggests"), "{text}");
    press(&mut a, &c, &[key(KeyCode::Esc), ch('s')]);
    assert_eq!(a.screen, Screen::Doctor);

    let a = settled(&c, 30);
    assert!(
        footer_at(&a, &c, now()).contains("s start"),
        "{}",
        footer_at(&a, &c, now())
    );
}

/// QA 3 D3: at 40x12 and 30x8 the footer dropped `w warnings` (and the "8 Warn" tab was
/// scrolled off), so nothing on screen led to the warnings. It is kept on every pane where it
/// works, at every size, with `? help` (which lists every dropped key), also beside a running
/// timer's status.
#[test]
fn the_warnings_key_stays_in_a_narrow_footer() {
    let c = content();
    let warnings = c
        .tab_of_kind(backspasm::content::TabKind::Warnings)
        .unwrap();
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        for tab in 0..c.tabs.len() {
            let mut a = settled(&c, 30);
            resize(&mut a, &c, w, h);
            a.guide.tab = tab;
            let f = footer_at(&a, &c, now());
            if tab == warnings {
                assert!(!f.contains("w "), "{w}x{h} on Warnings: {f}");
            } else {
                assert!(f.contains("w warnings"), "{w}x{h} pane {tab}: {f}");
            }
            assert!(
                f.contains("? help") || f.contains("? more"),
                "{w}x{h} pane {tab}: {f}"
            );
        }
        // With the ice pack on: its status, and still the key to the warnings.
        let mut a = settled(&c, 30);
        resize(&mut a, &c, w, h);
        press(&mut a, &c, &[ch('i'), ch(' '), key(KeyCode::Esc)]);
        assert_eq!(a.screen, Screen::Guide);
        let f = footer_at(&a, &c, now());
        assert!(f.contains("  w "), "{w}x{h}: {f}");
        assert!(f.contains("20:00"), "{w}x{h}: {f}");
    }
}

/// On a walkthrough's steps (lifting is a physical activity) `w warnings` is in the footer
/// where there is room, `w` is in the help once, and `w` opens the warnings.
#[test]
fn a_walkthrough_offers_its_warnings_key() {
    let c = content();
    for view in [vec![], vec![ch('v')]] {
        let mut a = settled(&c, 30);
        a.open_walk(&c, walk_index(&c, "lifting"), now());
        press(&mut a, &c, &view);
        let f = footer_at(&a, &c, now());
        assert!(f.contains("w warnings"), "{f}");
        let help = keymap::help_rows(a.ctx());
        assert_eq!(help.iter().filter(|(k, _)| k == "w").count(), 1, "{help:?}");
        press(&mut a, &c, &[ch('w')]);
        assert_eq!(a.screen, Screen::Guide);
    }
}
