//! A paste is text, never keys (bracketed paste, through the real key path): in a text field it
//! is inserted as if typed, its line breaks as spaces; anywhere else it does nothing at all.

mod common;

use backspasm::app::{App, Screen};
use backspasm::content::Content;
use common::{ch, press};
use ratatui::crossterm::event::{Event, KeyCode};

fn paste(text: &str) -> Event {
    Event::Paste(text.to_string())
}

/// `p` and a score: the note field is open.
fn note_field(content: &Content) -> App {
    let mut app = common::app(content, 80, 24);
    press(&mut app, content, &[ch('p'), ch('7')]);
    assert_eq!(app.screen, Screen::PainNote);
    app
}

#[test]
fn a_pasted_line_break_does_not_save_the_note_or_act_as_keys() {
    let content = common::content();
    let mut app = note_field(&content);
    // As typed, the Enter would keep the note, `c` open the doctor list and `1` tick its first
    // condition.
    press(&mut app, &content, &[paste("stiff after sitting\r\nc1")]);
    assert_eq!(app.screen, Screen::PainNote);
    assert_eq!(app.today.field, "stiff after sitting c1");
    assert!(app.state.doctor.is_empty());
    press(&mut app, &content, &[common::key(KeyCode::Enter)]);
    assert_eq!(
        app.state.diary[0].note.as_deref(),
        Some("stiff after sitting c1")
    );
    assert!(app.state.doctor.is_empty());
}

#[test]
fn a_paste_drops_what_typing_drops_and_inserts_where_the_field_ends() {
    let content = common::content();
    let mut app = note_field(&content);
    press(&mut app, &content, &[ch('a')]);
    press(
        &mut app,
        &content,
        &[paste("b\x1b[2J\tc\u{202e}d\re\nf\u{2028}g")],
    );
    // ESC, the tab, the bidi override and the line separator go, as they would typed.
    assert_eq!(app.today.field, "ab[2Jcd e fg");
}

#[test]
fn a_paste_too_long_for_the_field_is_cut_and_says_so() {
    let content = common::content();
    let mut app = note_field(&content);
    press(&mut app, &content, &[paste(&"x".repeat(20_000))]);
    let max = backspasm_core::today::diary::MAX_NOTE_CHARS;
    assert_eq!(app.today.field.chars().count(), max);
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.contains(&max.to_string()), "{notice:?}");
    // Room left for a short one: no notice.
    let mut app = note_field(&content);
    press(&mut app, &content, &[paste("short")]);
    assert_eq!(
        (app.today.field.as_str(), app.notice.as_deref()),
        ("short", None)
    );
}

#[test]
fn a_typed_onset_takes_a_paste_too() {
    let content = common::content();
    let mut app = common::app(&content, 80, 24);
    press(&mut app, &content, &[ch('o'), ch('8')]);
    assert_eq!(app.screen, Screen::OnsetTyped);
    press(&mut app, &content, &[paste("yesterday\n")]);
    assert_eq!(app.screen, Screen::OnsetTyped);
    assert_eq!(app.today.field, "yesterday ");
}

#[test]
fn a_paste_anywhere_else_does_nothing() {
    let content = common::content();
    for keys in [
        vec![],
        vec![ch('d')],
        vec![ch('c')],
        vec![ch('t')],
        vec![ch('?')],
    ] {
        let mut app = common::app(&content, 80, 24);
        press(&mut app, &content, &keys);
        let before = (
            app.screen.clone(),
            app.overlay,
            app.guide.tab,
            app.state.clone(),
        );
        // As keys: `x`, Enter, `q` (quit), `c1` (a doctor tick), digits (a pane, a score).
        press(
            &mut app,
            &content,
            &[paste("x\rq"), paste("c1"), paste("7\n")],
        );
        assert!(!app.quit, "after {keys:?}");
        assert_eq!(
            (
                app.screen.clone(),
                app.overlay,
                app.guide.tab,
                app.state.clone()
            ),
            before,
            "after {keys:?}"
        );
    }
}

#[test]
fn a_paste_is_no_action_outside_a_field() {
    use backspasm::keymap::{Ctx, event_action};
    for ctx in [
        Ctx::Guide,
        Ctx::Pain,
        Ctx::Diary,
        Ctx::Help,
        Ctx::Walk,
        Ctx::PainWait,
        Ctx::Ask,
        Ctx::Summary,
        Ctx::Timer,
    ] {
        assert_eq!(event_action(ctx, &paste("q")), None, "{ctx:?}");
    }
}
