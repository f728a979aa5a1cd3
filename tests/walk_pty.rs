//! The real binary in a pseudo-terminal (common::pty): `backspasm lift` progress made in one run
//! is there in the next; a damaged state file is set aside with a notice and the walkthrough
//! starts fresh; an unwritable state directory still works and says it is not saving.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::pty::Screen;

/// Wait until the state file holds `needle` (a save happens right after each key).
fn wait_for_file(path: &Path, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        assert!(Instant::now() < deadline, "{needle:?} never saved:\n{text}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn lift_progress_made_in_one_run_is_there_in_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("state.ron");

    let mut s = Screen::start(dir.path(), &["lift"]);
    s.wait_for("Step 1 of 4");
    s.send(" ");
    wait_for_file(&file, "\"approach\"");
    s.quit();

    // The next run opens on step 2, with step 1 still done.
    let mut s = Screen::start(dir.path(), &["lift"]);
    // Its title is in big letters at 80x24, so the bar's label says which step it is.
    s.wait_for("Step 2 of 4");
    s.send(" ");
    let text = wait_for_file(&file, "\"bend\"");
    assert!(text.contains("\"approach\""), "{text}");
    s.quit();

    // `walk ID` reaches the same walkthrough.
    let mut s = Screen::start(dir.path(), &["walk", "lifting"]);
    s.wait_for("Step 3 of 4");
    s.quit();
}

#[test]
fn a_damaged_state_file_is_kept_aside_and_the_walkthrough_starts_fresh() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("state.ron"),
        "(version: 1, state: [\"not\", \"a state\"])",
    )
    .unwrap();
    let mut s = Screen::start(dir.path(), &["lift"]);
    s.wait_for("Step 1 of 4");
    s.wait_for("was damaged");
    s.quit();
    let bak = std::fs::read_to_string(dir.path().join("state.ron.bak")).unwrap();
    assert_eq!(bak, "(version: 1, state: [\"not\", \"a state\"])");
}

#[test]
fn an_unwritable_state_dir_keeps_the_walkthrough_working() {
    let file = tempfile::NamedTempFile::new().unwrap();
    // A directory inside a plain file can never be created, even by root.
    let mut s = Screen::start(&file.path().join("state"), &["lift"]);
    s.wait_for("not saving");
    s.send(" ");
    // The next step shows even though nothing is written.
    s.wait_for("Step 2 of 4");
    s.quit();
}
