//! Defence in depth: text that skipped validation (here: content parsed without `validate`,
//! every text field laced with escape sequences, C1 controls, DEL, bidi overrides and line
//! separators; diary notes set in memory; messages quoting a hostile path) still never reaches
//! the terminal raw: not on any screen (ratatui drops control and zero-width graphemes; `wrap`
//! and the tab bar replace them; `ui::render` replaces whatever is left in a cell), not in
//! `print` (`wrap` and the pane headings replace them), not in the summary for the doctor. A
//! state file edited by hand to hold an escape in a note loses that entry (the file is kept as a
//! backup) and nothing of it reaches the terminal either.

mod common;

use backspasm::app::{Action, App};
use backspasm::content::{ClockKind, Content};
use backspasm::store;
use backspasm_core::doc;
use backspasm_core::safe_text;
use backspasm_core::state::format;
use backspasm_core::timer::SlotAction;
use backspasm_core::today::diary::PainEntry;
use backspasm_core::today::summary;
use chrono::TimeDelta;
use ratatui::layout::Rect;
use ron::extensions::Extensions;

/// OSC retitle, clear screen, C1 CSI, DEL, bell, a bidi override and isolate, a line
/// separator, CR/LF and a tab.
const HOSTILE: &str =
    r"\u{1b}]0;owned\u{7}\u{1b}[2J\u{9b}31m\u{7f}\u{202e}X\u{2066}Y\u{2069}\u{2028}\r\n\t!";

/// The same, as the characters themselves.
const HOSTILE_RAW: &str =
    "\x1b]0;owned\x07\x1b[2J\u{9b}31m\u{7f}\u{202e}X\u{2066}Y\u{2069}\u{2028}\r\n\t!";

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

/// Hostile content and a diary whose notes skipped validation, on every screen, at 80x24 and
/// 40x12, with and without the help overlay, with a notice and a "not saving" reason that
/// quote a hostile path.
#[test]
fn hostile_text_never_reaches_any_screen() {
    let content = hostile_content();
    let now = common::now();
    let screens: &[&[Action]] = &[
        &[Action::GoTab(0)],
        &[Action::StartToday],
        &[Action::OpenWalk(0)],
        &[Action::OpenWalk(0), Action::WalkMode],
        &[Action::OpenWalk(0), Action::WalkNext, Action::WalkNext],
        &[Action::OpenTimer(ClockKind::Monotonic)],
        &[
            Action::OpenTimer(ClockKind::Monotonic),
            Action::Timer(SlotAction::Toggle),
        ],
        &[
            Action::OpenTimer(ClockKind::Monotonic),
            Action::Timer(SlotAction::Toggle),
            Action::Close,
        ],
        &[Action::Doctor],
        &[Action::Diary],
        &[Action::Diary, Action::Pain],
        &[Action::Pain, Action::Score(3)],
        &[Action::AskOnset],
        &[Action::AskOnset, Action::OnsetChoice(7)],
    ];
    for (w, h) in [(80, 24), (40, 12)] {
        for actions in screens {
            for help in [false, true] {
                let mut app = App::new(&content, Rect::new(0, 0, w, h), true);
                app.state.onset = Some(now.wall - TimeDelta::days(20));
                app.state.doctor.insert("long".into());
                for (i, score) in [3u8, 9, 6].into_iter().enumerate() {
                    app.state.diary.push(PainEntry::new(
                        now.wall - TimeDelta::hours(30 - i as i64 * 10),
                        score,
                        Some(format!("note {i} {HOSTILE_RAW}")),
                    ));
                }
                for a in *actions {
                    common::act(&mut app, &content, a.clone());
                }
                if help {
                    common::act(&mut app, &content, Action::Help);
                }
                app.notice = Some(format!("wrote /tmp/{HOSTILE_RAW}/summary.md"));
                app.not_saving = Some(format!("cannot write /tmp/{HOSTILE_RAW}"));
                let terminal = common::render(&app, &content);
                let screen = common::screen_text(&terminal).replace('\n', "");
                assert_clean(&format!("{actions:?} at {w}x{h}, help {help}"), &screen);
            }
        }
    }
}

/// The summary for the doctor of a state whose notes skipped validation, with hostile content.
#[test]
fn hostile_text_never_reaches_the_summary() {
    let content = hostile_content();
    let now = common::now();
    let state = backspasm_core::state::State {
        onset: Some(now.wall - TimeDelta::days(20)),
        diary: vec![PainEntry::new(
            now.wall - TimeDelta::hours(1),
            4,
            Some(HOSTILE_RAW.into()),
        )],
        ..Default::default()
    };
    let text = summary::markdown(&content, &state, now.wall);
    for line in text.lines() {
        assert_clean("summary", line);
    }
    assert!(text.contains("owned"), "{text}");
}

/// A state file edited by hand to hold escape sequences in a note: the reader drops that entry,
/// `summary` (which then fails: its summary lacks the entry) and `log` print nothing of it, and
/// the rest of the state is kept (`log` keeps the file as it was in a backup).
#[test]
fn a_hand_edited_note_with_escapes_never_reaches_the_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let file = format!(
        "(version: 1, state: (diary: [(at: \"2026-11-25T08:00:00+01:00\", score: 4, \
         note: Some(\"{HOSTILE}\"))]))"
    );
    for command in [&["summary"][..], &["log", "5"]] {
        std::fs::write(dir.join(store::FILE_NAME), &file).unwrap();
        let o = common::cli::backspasm_in(dir, command);
        let fails = command == ["summary"];
        assert_eq!(
            o.status.code(),
            Some(if fails { 1 } else { 0 }),
            "{command:?}"
        );
        let (out, err) = (
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        );
        assert!(err.contains("diary entry 1 of 1"), "{err}");
        assert!(!out.contains("owned"), "{out}");
        for text in [&out, &err] {
            for line in text.lines() {
                assert_clean(&format!("{command:?}"), line);
            }
        }
    }
    // The bad entry is gone, the file as it was is in the backup: only `log`'s entry is kept.
    let bytes = std::fs::read(dir.join(store::FILE_NAME)).unwrap();
    let state: backspasm_core::state::State = format::decode(&bytes).unwrap();
    assert_eq!(state.diary.iter().map(|e| e.score).collect::<Vec<_>>(), [5]);
    assert!(dir.join("state.ron.bak").exists());
}
