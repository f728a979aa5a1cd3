//! The real binary in a pseudo-terminal (expectrl): `backspasm lift` progress made in one run
//! is there in the next; a damaged state file is set aside with a notice and the walkthrough
//! starts fresh; an unwritable state directory still works and says it is not saving.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};

fn spawn(state_dir: &Path, args: &[&str]) -> OsSession {
    let mut s = Session::spawn(common::cli::in_terminal(state_dir, args))
        .expect("spawn backspasm in a pty");
    s.get_process_mut()
        .set_window_size(80, 24)
        .expect("set the pty size");
    s.set_expect_timeout(Some(Duration::from_secs(10)));
    s
}

/// `q`, then the process ends with status 0.
fn quit(mut s: OsSession) {
    s.send("q").unwrap();
    s.expect(Eof).unwrap();
    match s.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => assert_eq!(code, 0),
        other => panic!("did not exit normally: {other:?}"),
    }
}

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

    let mut s = spawn(dir.path(), &["lift"]);
    s.expect("Step 1 of 4").unwrap();
    s.send(" ").unwrap();
    wait_for_file(&file, "\"approach\"");
    quit(s);

    // The next run opens on step 2, with step 1 still done.
    let mut s = spawn(dir.path(), &["lift"]);
    // Its title is in big letters at 80x24, so the bar's label says which step it is.
    s.expect("Step 2 of 4").unwrap();
    s.send(" ").unwrap();
    let text = wait_for_file(&file, "\"bend\"");
    assert!(text.contains("\"approach\""), "{text}");
    quit(s);

    // `walk ID` reaches the same walkthrough.
    let mut s = spawn(dir.path(), &["walk", "lifting"]);
    s.expect("Step 3 of 4").unwrap();
    quit(s);
}

#[test]
fn a_damaged_state_file_is_kept_aside_and_the_walkthrough_starts_fresh() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("state.ron"),
        "(version: 1, state: [\"not\", \"a state\"])",
    )
    .unwrap();
    let mut s = spawn(dir.path(), &["lift"]);
    // Rows are drawn top down: the step first, the notice above the footer after it.
    s.expect("Step 1 of 4").unwrap();
    s.expect("was damaged").unwrap();
    quit(s);
    let bak = std::fs::read_to_string(dir.path().join("state.ron.bak")).unwrap();
    assert_eq!(bak, "(version: 1, state: [\"not\", \"a state\"])");
}

#[test]
fn an_unwritable_state_dir_keeps_the_walkthrough_working() {
    let file = tempfile::NamedTempFile::new().unwrap();
    // A directory inside a plain file can never be created, even by root.
    let mut s = spawn(&file.path().join("state"), &["lift"]);
    s.expect("not saving").unwrap();
    s.send(" ").unwrap();
    // The next step shows even though nothing is written: its title is in big letters and
    // only changed cells are sent (not "Step 2 of 4", only its "2"), so look for a word of its
    // body.
    s.expect("curving").unwrap();
    quit(s);
}
