//! Esc is "back" everywhere and does what it says: `w` from any screen, a Today item that shows
//! another pane's step, one timer over the other, the onset question over the checklist. Each
//! through the real key path.

mod common;

use backspasm::app::Screen;
use backspasm::content::{ClockKind, TabKind};
use backspasm::keymap::Ctx;
use backspasm_core::today::pane::Item;
use chrono::TimeDelta;
use common::*;
use ratatui::crossterm::event::KeyCode;

const ESC: KeyCode = KeyCode::Esc;

/// `w` from a screen, then Esc: back on that screen as it was, with `Esc back` in the
/// footer of the Warnings pane (and not on the guide before).
#[test]
fn w_then_esc_comes_back_to_the_screen_it_was_pressed_on() {
    let c = content();
    let screens: Vec<(&str, Vec<_>)> = vec![
        ("shower timer", vec![ch('t')]),
        ("ice timer", vec![ch('i')]),
        ("diary", vec![ch('d')]),
        ("doctor checklist", vec![ch('c')]),
        ("walkthrough", vec![ch('2'), key(KeyCode::Enter)]),
        ("lifting", vec![ch('l'), ch(' ')]),
        ("pain prompt", vec![ch('p')]),
        ("onset question", vec![ch('o')]),
    ];
    for (name, keys) in screens {
        let mut a = settled(&c, 30);
        press(&mut a, &c, &[ch('3')]);
        assert!(
            !footer_at(&a, &c, now()).contains("Esc"),
            "{name}: nothing to go back to"
        );
        press(&mut a, &c, &keys);
        let (before, home) = (a.screen.clone(), a.guide.tab);
        press(&mut a, &c, &[ch('w')]);
        assert_eq!(
            (&a.screen, a.guide.tab),
            (&Screen::Guide, c.tab_of_kind(TabKind::Warnings).unwrap())
        );
        assert!(
            footer_at(&a, &c, now()).contains("Esc back"),
            "{name}: {}",
            footer_at(&a, &c, now())
        );
        press(&mut a, &c, &[key(ESC)]);
        assert_eq!(a.screen, before, "{name}: Esc comes back");
        press(&mut a, &c, &[key(ESC)]);
        assert_eq!(
            (&a.screen, a.guide.tab),
            (&Screen::Guide, home),
            "{name}: then home"
        );
        assert!(
            !footer_at(&a, &c, now()).contains("Esc"),
            "{name}: home again"
        );
    }
}

/// A running timer runs on while the Warnings pane is read, and is there after Esc.
#[test]
fn a_timer_left_for_the_warnings_keeps_running() {
    let c = content();
    let mut a = settled(&c, 30);
    press(&mut a, &c, &[ch('t'), ch(' '), ch('w')]);
    press_at(&mut a, &c, at(now(), 20.0), &[key(ESC)]);
    assert_eq!(a.screen, Screen::Timer(ClockKind::Monotonic));
    assert_eq!(a.ctx(), Ctx::Timer, "still counting");
}

/// The first-run question comes back after a look at the warnings (it is not dropped).
#[test]
fn the_first_run_question_comes_back_after_w() {
    let c = content();
    let mut a = app(&c, 80, 24);
    a.ask_onset_if_unknown(&c, now());
    assert_eq!(a.screen, Screen::Onset);
    press(&mut a, &c, &[ch('w')]);
    assert_eq!(a.screen, Screen::Guide);
    press(&mut a, &c, &[key(ESC)]);
    assert_eq!(a.screen, Screen::Onset);
    assert!(a.state.onset_not_now.is_none(), "not put off: w is not Esc");
}

/// `w` again from a screen opened over the Warnings pane goes back to that pane, not another
/// copy of it: Esc still leads home in a few keys.
#[test]
fn w_back_and_forth_does_not_pile_up() {
    let c = content();
    let mut a = settled(&c, 30);
    press(&mut a, &c, &[ch('t')]);
    for _ in 0..5 {
        press(
            &mut a,
            &c,
            &[ch('w'), ch('d'), ch('w'), ch('i'), ch('w'), ch('l')],
        );
    }
    let mut seen = vec![a.screen.clone()];
    while !(a.screen == Screen::Guide && a.back.is_empty()) {
        press(&mut a, &c, &[key(ESC)]);
        seen.push(a.screen.clone());
        assert!(seen.len() <= 4, "{seen:?}");
    }
    assert_eq!(
        seen[1..],
        [
            Screen::Guide,
            Screen::Timer(ClockKind::Monotonic),
            Screen::Guide
        ]
    );
}

/// Enter on a Today item that shows another pane's step: Esc comes back to the Today pane,
/// the item selected.
#[test]
fn esc_after_a_today_jump_returns_to_the_item() {
    let c = content();
    let mut a = settled(&c, 30);
    // The first item that is about a step (no timer of its own to open).
    let items = backspasm_core::today::pane::items(&c, &a.state, now().wall);
    let jump = items
        .iter()
        .position(|i| match i {
            Item::Rule(r) => r.start.is_none() && !r.steps.is_empty(),
            Item::Later(r) => !r.steps.is_empty(),
            Item::Doctor => false,
        })
        .expect("an item about a step");
    for _ in 0..jump {
        press(&mut a, &c, &[key(KeyCode::Down)]);
    }
    let (tab, view) = (a.guide.tab, a.view());
    assert_eq!(view.selected, jump);
    assert!(!footer_at(&a, &c, now()).contains("Esc"));
    press(&mut a, &c, &[key(KeyCode::Enter)]);
    assert_ne!(a.guide.tab, tab, "another pane");
    assert!(
        footer_at(&a, &c, now()).contains("Esc back"),
        "{}",
        footer_at(&a, &c, now())
    );
    press(&mut a, &c, &[key(ESC)]);
    assert_eq!(
        (a.screen.clone(), a.guide.tab, a.view()),
        (Screen::Guide, tab, view)
    );
    assert!(!footer_at(&a, &c, now()).contains("Esc"));
    // Esc too often stays home.
    press(&mut a, &c, &[key(ESC), key(ESC)]);
    assert_eq!((a.guide.tab, a.view()), (tab, view));

    // Jumping again and again keeps one place to come back to.
    for _ in 0..3 {
        press(&mut a, &c, &[ch('1'), key(KeyCode::Enter)]);
    }
    press(&mut a, &c, &[key(ESC)]);
    assert_eq!((a.guide.tab, a.back.len()), (tab, 0));
}

/// `t` then `i`: the ice pack timer over the shower timer; Esc comes back to the shower.
/// `t` from the ice pack goes back to the shower timer open underneath (no pile-up).
#[test]
fn t_then_i_then_esc_is_the_shower_timer() {
    let c = content();
    let mut a = settled(&c, 30);
    press(&mut a, &c, &[ch('t'), ch(' '), ch('i')]);
    assert_eq!(a.screen, Screen::Timer(ClockKind::Wall));
    press(&mut a, &c, &[key(ESC)]);
    assert_eq!(a.screen, Screen::Timer(ClockKind::Monotonic));
    press(&mut a, &c, &[key(ESC)]);
    assert_eq!(a.screen, Screen::Guide);

    press(&mut a, &c, &[ch('t'), ch('i'), ch('t')]);
    assert_eq!(a.screen, Screen::Timer(ClockKind::Monotonic));
    assert_eq!(a.back.len(), 1, "the ice pack closed over it");
    press(&mut a, &c, &[ch('i'), key(ESC)]);
    assert_eq!(a.screen, Screen::Timer(ClockKind::Monotonic));
}

/// The checklist's two-weeks line says `o` changes the start: `o` opens the question over the
/// checklist, and Esc (or an answer) comes back to it.
#[test]
fn o_works_from_the_doctor_checklist() {
    let c = content();
    let mut a = settled(&c, 16 * 24);
    let two_weeks = c.doctor.iter().position(|d| d.id == "two-weeks").unwrap();
    let digit = char::from_digit(two_weeks as u32 + 1, 10).unwrap();
    press(&mut a, &c, &[ch('c'), ch(digit)]);
    assert!(a.notice.as_deref().unwrap().contains("o changes the start"));
    assert!(
        footer_at(&a, &c, now()).contains("o began"),
        "{}",
        footer_at(&a, &c, now())
    );
    press(&mut a, &c, &[ch('o')]);
    assert_eq!(a.screen, Screen::Onset);
    let text = screen_text(&render(&a, &c));
    assert!(text.contains("Esc back"), "{text}");
    press(&mut a, &c, &[key(ESC)]);
    assert_eq!(a.screen, Screen::Doctor);
    // Choosing a start also comes back, with the tick gone (it began yesterday).
    press(&mut a, &c, &[ch('o'), ch('3')]);
    assert_eq!(a.screen, Screen::Doctor);
    assert!(a.state.onset.unwrap() > now().wall - TimeDelta::days(2));
}

/// The Warnings pane opened over a note being typed (no key does it today; the action can),
/// then `p` and a score: the new note takes the old one's place, so no screen is on the way
/// back twice and Esc ends on the guide (found by tests/no_panic.rs).
#[test]
fn a_score_over_an_open_note_replaces_it_on_the_way_back() {
    let c = content();
    let mut a = settled(&c, 30);
    press(&mut a, &c, &[ch('p'), ch('0')]);
    assert_eq!(a.screen, Screen::PainNote);
    act(&mut a, &c, backspasm::app::Action::Warnings);
    press(&mut a, &c, &[ch('p'), ch('5')]);
    assert_eq!(a.screen, Screen::PainNote);
    assert!(
        a.back.iter().all(|b| !b.screen.is(&Screen::PainNote)),
        "{:?}",
        a.back
    );
    press(&mut a, &c, &[key(ESC)]);
    assert_eq!(a.screen, Screen::Guide);
}
