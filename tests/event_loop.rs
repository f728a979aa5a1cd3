//! The event loop's order, on the real binary in a pseudo-terminal (expectrl, 80x24), with the
//! screen as a terminal shows it (vt100 parses what the app writes):
//! - what a save changes is drawn at once, with no key after it: a failed save's "not saving"
//!   and its reason, "not saving" gone once saving works again, the diary's summary message,
//!   an entry logged from another terminal when the diary opens;
//! - after a key, nothing is shown as done before it is on disk: while another instance holds
//!   the lock, the screen waits for the save.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::time::Duration;

use backspasm::store;
use backspasm_core::state::State;
use backspasm_core::state::format;
use common::pty::Screen;

fn file_holds(path: &Path, needle: &str) -> bool {
    std::fs::read_to_string(path).is_ok_and(|t| t.contains(needle))
}

/// The state directory replaced by a file while the app runs: the next save fails, and the
/// screen says so at once with its reason; once the directory is back, the next save works and
/// "not saving" goes, again without another key.
#[test]
fn a_failed_save_and_its_recovery_show_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("state");
    let mut app = Screen::start(&dir, &["lift"]);
    app.wait_for("Step 1 of 4");
    app.send(" ");
    app.wait_until("step 1 saved", |_| {
        file_holds(&dir.join("state.ron"), "approach")
    });
    app.wait_for("Step 2 of 4");

    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(&dir, "").unwrap();
    app.send(" ");
    app.wait_for("not saving");
    app.wait_for("could not create the state directory");

    std::fs::remove_file(&dir).unwrap();
    std::fs::create_dir(&dir).unwrap();
    app.send(" ");
    app.wait_until("\"not saving\" gone", |s| !s.contains("not saving"));
    assert!(file_holds(&dir.join("state.ron"), "grip"));
    app.quit();
}

/// A lifting step ticked while another instance holds the lock: the screen shows it done only
/// once it is on disk (a crash in between would otherwise lose what was shown as done).
#[test]
fn a_tick_is_shown_only_once_it_is_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut app = Screen::start(dir, &["lift"]);
    app.wait_for("Step 1 of 4");
    // The first run's state file and lock exist once something was saved.
    app.send(" ");
    app.wait_for("Step 2 of 4");
    let lock = std::fs::File::open(dir.join("state.lock")).unwrap();
    lock.lock().unwrap();
    app.send(" ");
    let held = app.idle(Duration::from_millis(800));
    assert!(
        held.contains("Step 2 of 4"),
        "shown as done before it was saved:\n{held}"
    );
    assert!(!file_holds(&dir.join("state.ron"), "bend"));
    lock.unlock().unwrap();
    app.wait_for("Step 3 of 4");
    assert!(file_holds(&dir.join("state.ron"), "bend"));
    app.quit();
}

/// The diary opened after `backspasm log` in another terminal shows that entry at once, and
/// the summary screen says where it was written without another key (no timer runs to redraw
/// it).
#[test]
fn the_diary_shows_what_its_reload_and_summary_key_did_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let log = |score: &str, note: &str| {
        let out = common::cli::backspasm_in(dir, &["log", score, "--note", note]);
        assert!(out.status.success(), "{out:?}");
    };
    log("4", "before the start");
    let mut app = Screen::start(dir, &[]);
    // No onset kept: the picker asks first; 1 is "just now".
    app.wait_for("quit");
    app.send("1");
    app.wait_until("the onset saved", |_| {
        std::fs::read(dir.join(store::FILE_NAME))
            .is_ok_and(|b| format::decode::<State>(&b).is_ok_and(|s| s.onset.is_some()))
    });
    app.idle(Duration::from_millis(200));
    log("6", "from another terminal");
    app.send("d");
    app.wait_for("from another terminal");
    assert!(app.text().contains("before the start"));

    app.send("s");
    app.wait_for("✓ Written to");
    let summary = std::fs::read_to_string(dir.join("backspasm-summary.txt")).unwrap();
    assert!(summary.contains("from another terminal"), "{summary}");
    app.quit();
}
