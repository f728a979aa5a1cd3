//! Input through a real terminal (a pty, the screen read back with vt100): pasted text stays
//! text, a large paste does not leave keys waiting behind it, and a paste whose end never comes
//! does not swallow the keys after it.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use backspasm::store;
use backspasm_core::state::format;
use backspasm_core::state::format::Persist;
use backspasm_core::state::{Edit, State};
use common::pty::Screen;

const ESC: &str = "\x1b";
const PASTE_START: &str = "\x1b[200~";
const PASTE_END: &str = "\x1b[201~";
/// How soon a key must be answered. A reader that left it unread behind a paste never answers
/// it (only later keys pull it in); the figure itself is measured by bench/scale.sh.
const ANSWER: Duration = Duration::from_millis(250);

/// The guide in a pty, its state in `dir` with the onset known (so it opens on the guide).
fn start(dir: &Path) -> Screen {
    let mut kept = State::default();
    kept.apply(&Edit::SetOnset(chrono::Utc::now().fixed_offset()));
    std::fs::write(dir.join(store::FILE_NAME), format::encode(&kept).unwrap()).unwrap();
    let mut app = Screen::start(dir, &[]);
    app.wait_for("quit");
    app
}

/// Send `key`; how long until the screen shows its effect (`done`).
#[track_caller]
fn answer(app: &mut Screen, key: &str, what: &str, done: impl Fn(&str) -> bool) -> Duration {
    let sent = Instant::now();
    app.send(key);
    app.wait_until(what, done).duration_since(sent)
}

fn kept(dir: &Path) -> State {
    format::decode(&std::fs::read(dir.join(store::FILE_NAME)).unwrap()).unwrap()
}

fn pasted(text: &str) -> String {
    format!("{PASTE_START}{text}{PASTE_END}")
}

/// The help's box, by its title (its rows may be longer than the screen).
fn help_open(s: &str) -> bool {
    s.contains("┌ Keys ")
}

fn note_open(s: &str) -> bool {
    s.contains("Add a short note")
}

/// 20 KB pasted by a terminal that does not bracket it (tmux's paste-buffer, or any without
/// bracketed paste): each byte is a key, here one the help does not use. Once the app has done
/// with what it read, Esc closes the help at once: no part of the paste is left unread in the
/// terminal, in front of the Esc.
#[test]
fn a_large_unbracketed_paste_leaves_nothing_in_front_of_the_next_key() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = start(tmp.path());
    app.send("?");
    app.wait_until("the help", help_open);
    app.send_all("z".repeat(20_000));
    app.quiet();
    let took = answer(&mut app, ESC, "the help closed", |s| !help_open(s));
    assert!(took < ANSWER, "Esc answered after {took:?}");
}

/// The same size bracketed, into the note being typed: one event, inserted (as far as the field
/// goes); Esc then answers at once.
#[test]
fn a_large_bracketed_paste_is_one_event_and_esc_answers_after_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = start(tmp.path());
    app.send("p7");
    app.wait_until("the note", note_open);
    app.send_all(pasted(&"stiff ".repeat(20_000 / 6)));
    app.wait_for("stiff stiff");
    app.quiet();
    let took = answer(&mut app, ESC, "the note closed", |s| !note_open(s));
    assert!(took < ANSWER, "Esc answered after {took:?}");
}

/// What the issue saw: a pasted `stiff after sitting⏎c1` kept the note, opened the doctor
/// list and ticked "severe and unbearable"; a pasted `x⏎q` quit.
#[test]
fn pasted_line_breaks_and_letters_are_text_not_keys() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut app = start(dir);
    app.send(pasted("x\rq"));
    app.send(pasted("c1"));
    app.quiet();
    assert!(
        app.session.get_process().is_alive().unwrap(),
        "a paste quit it"
    );
    app.send("p7");
    app.wait_until("the note", note_open);
    app.send(pasted("stiff after sitting\rc1"));
    app.wait_for("stiff after sitting c1");
    app.send("\r");
    let begun = Instant::now();
    while kept(dir)
        .diary
        .first()
        .and_then(|e| e.note.clone())
        .is_none()
    {
        assert!(begun.elapsed() < Duration::from_secs(5), "note not saved");
        app.pump();
        std::thread::sleep(Duration::from_millis(10));
    }
    let kept = kept(dir);
    assert_eq!(
        kept.diary[0].note.as_deref(),
        Some("stiff after sitting c1")
    );
    assert!(kept.doctor.is_empty(), "{:?}", kept.doctor);
}

/// A paste whose end marker never comes (a terminal or multiplexer that dropped it): once it
/// has been idle a moment, what it held arrives as the paste and keys are keys again.
#[test]
fn a_paste_whose_end_never_comes_does_not_swallow_the_keys_after_it() {
    let tmp = tempfile::tempdir().unwrap();
    let mut app = start(tmp.path());
    app.send("p7");
    app.wait_until("the note", note_open);
    app.send(format!("{PASTE_START}sore"));
    app.wait_for("sore");
    app.quiet();
    let took = answer(&mut app, ESC, "the note closed", |s| !note_open(s));
    assert!(took < ANSWER, "Esc answered after {took:?}");
}
