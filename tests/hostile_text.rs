//! Defence in depth: text that skipped validation (here: content parsed without `validate`,
//! every text field laced with escape sequences, C1 controls, DEL, bidi overrides and line
//! separators) still never reaches the terminal raw, on the screen (ratatui drops control and
//! zero-width graphemes; `wrap` and the tab bar replace them) or in `print` (`wrap` and the
//! pane headings replace them).

mod common;

use backspasm::app::{Action, App};
use backspasm::content::Content;
use backspasm::{doc, safe_text};
use ratatui::layout::Rect;
use ron::extensions::Extensions;

/// OSC retitle, clear screen, C1 CSI, DEL, bell, a bidi override and isolate, a line
/// separator, CR/LF and a tab.
const HOSTILE: &str =
    r"\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{7f}\u{202e}X\u{2066}Y\u{2069}\u{2028}\r\n\t!";

const TEXTS: &[&str] = &[
    "Minimal",
    "General information, not medical advice.",
    "One",
    "First step",
    "Do the first thing.",
    "A point.",
    "Warnings",
    "Warn",
    "Be careful",
    "Really.",
    "A walk",
    "Step A",
    "Step B",
    "A cycle",
    "HOT",
    "Hot now.",
    "COLD",
    "Cold now.",
    "Early",
    "Early days.",
    "It has lasted long.",
    "A source.",
];

fn hostile_content() -> Content {
    let mut text = std::fs::read_to_string("tests/fixtures/good/minimal.ron").unwrap();
    for t in TEXTS {
        let quoted = format!("\"{t}\"");
        assert!(text.contains(&quoted), "{t}");
        text = text.replace(&quoted, &format!("\"{t}{HOSTILE}\""));
    }
    let content: Content = ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .from_str(&text)
        .unwrap();
    assert!(
        backspasm::content::validate(&content).is_err(),
        "validation would refuse it"
    );
    assert!(content.tabs[0].steps[0].body.contains('\x1b'));
    content
}

fn assert_clean(what: &str, s: &str) {
    if let Some(c) = s.chars().find(|&c| safe_text::problem(c).is_some()) {
        panic!("{what}: U+{:04X} reached the terminal in {s:?}", c as u32);
    }
}

#[test]
fn hostile_text_never_reaches_the_screen() {
    let content = hostile_content();
    for (w, h) in [(80, 24), (40, 12), (200, 60)] {
        for tab in 0..content.tabs.len() {
            for help in [false, true] {
                let mut app = App::new(&content, Rect::new(0, 0, w, h), true);
                common::act(&mut app, &content, Action::GoTab(tab));
                if help {
                    common::act(&mut app, &content, Action::Help);
                }
                let terminal = common::render(&app, &content);
                let screen = common::screen_text(&terminal).replace('\n', "");
                assert_clean(&format!("tab {tab} at {w}x{h}, help {help}"), &screen);
                // The words themselves still show (it is the controls that go).
                if !help && h >= 24 {
                    assert!(screen.contains("owned"), "{screen}");
                }
            }
        }
    }
}

#[test]
fn hostile_text_never_reaches_print() {
    let content = hostile_content();
    let all: Vec<usize> = (0..content.tabs.len()).collect();
    for width in [1, 20, 80] {
        let text = doc::plain_text(&content, &all, width);
        for line in text.lines() {
            assert_clean(&format!("print at {width}"), line);
        }
        if width >= 20 {
            assert!(text.contains("owned"), "{text}");
        }
    }
}
