//! What a note may not hold never reaches its field: a line separator, ESC, a bidi override
//! typed into the note (or arriving as one paste) are dropped, the rest is kept, and the
//! frame showing the field has nothing for `ui::render`'s scrub to replace. The last test shows
//! that count is not always 0: a field that got such a character by another path is caught.

mod common;

use backspasm::app::{Action, App, Screen};
use backspasm::content::Content;
use backspasm::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// How many cells the scrub replaced in a frame of `app`.
fn scrubbed(app: &App, content: &Content) -> usize {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    let mut n = 0;
    terminal
        .draw(|f| n = ui::render_counted(f, app, content, common::now()))
        .unwrap();
    n
}

fn note_prompt(content: &Content) -> App {
    let mut app = common::app(content, 80, 24);
    for action in [Action::Pain, Action::Score(3)] {
        app.update(content, action, common::now());
    }
    assert_eq!(app.screen, Screen::PainNote);
    app
}

#[test]
fn refused_characters_never_reach_the_note() {
    let content = common::content();
    let mut app = note_prompt(&content);
    for c in [
        '\u{2028}', '\x1b', '\u{202e}', 'a', '\u{2029}', '\u{9b}', '\u{2066}', 'b',
    ] {
        app.update(&content, Action::Type(c), common::now());
    }
    assert_eq!(app.today.field, "ab");
    assert_eq!(scrubbed(&app, &content), 0);
    // Kept as typed, without them.
    app.update(&content, Action::Submit, common::now());
    assert_eq!(app.state.diary[0].note.as_deref(), Some("ab"));
}

#[test]
fn the_scrub_count_sees_a_character_that_got_past_the_field() {
    let content = common::content();
    let mut app = note_prompt(&content);
    app.today.field = "a\u{2028}b".to_string();
    assert_eq!(scrubbed(&app, &content), 1);
}
