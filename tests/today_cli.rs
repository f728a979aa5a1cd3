//! `backspasm log` and `backspasm summary` on the built binary: exit codes, messages, and what
//! ends up in the state directory.

mod common;

use std::path::Path;

use backspasm::state::State;
use backspasm::store::Store;
use common::cli::{backspasm_in, stderr, stdout};

fn kept(dir: &Path) -> State {
    let (_, state, notices) = Store::<State>::open(Some(dir.to_path_buf()));
    assert!(notices.is_empty(), "{notices:?}");
    state
}

#[test]
fn log_adds_an_entry_to_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let o = backspasm_in(dir.path(), &["log", "7", "--note", "  after the stairs "]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("logged pain 7/10, "), "{out}");
    assert!(out.trim_end().ends_with("state.ron"), "{out}");
    let o = backspasm_in(dir.path(), &["log", "0"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = backspasm_in(dir.path(), &["log", "10"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = kept(dir.path());
    let got: Vec<(u8, Option<&str>)> = s
        .diary
        .iter()
        .map(|e| (e.score, e.note.as_deref()))
        .collect();
    assert_eq!(got, [(7, Some("after the stairs")), (0, None), (10, None)]);
    assert!(s.diary.windows(2).all(|w| w[0].at < w[1].at));
}

#[test]
fn log_refuses_bad_scores_and_notes_and_saves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["log", "11"],
            "backspasm: the pain score must be a whole number from 0 to 10, not \"11\"\n",
        ),
        (
            &["log", "-1"],
            "backspasm: the pain score must be a whole number from 0 to 10, not \"-1\"\n",
        ),
        (
            &["log", "seven"],
            "backspasm: the pain score must be a whole number from 0 to 10, not \"seven\"\n",
        ),
        (
            &["log", "6.5"],
            "backspasm: the pain score must be a whole number from 0 to 10, not \"6.5\"\n",
        ),
        (
            &["log", "5", "--note", "red\x1b[31m alert"],
            "backspasm: the note contains a control character (U+001B); a note is one line of plain text\n",
        ),
        (
            &["log", "5", "--note", "two\nlines"],
            "backspasm: the note contains a control character (U+000A); a note is one line of plain text\n",
        ),
    ];
    for (args, message) in cases {
        let o = backspasm_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o), *message, "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    let long = "x".repeat(201);
    let o = backspasm_in(dir.path(), &["log", "5", "--note", &long]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "backspasm: the note is 201 characters long; keep it to 200\n"
    );
    let o = backspasm_in(dir.path(), &["log"]);
    assert_eq!(o.status.code(), Some(2), "a score is required");
    assert!(stderr(&o).contains("<SCORE>"), "{}", stderr(&o));
    assert!(
        !dir.path().join("state.ron").exists(),
        "bad input never reaches the store"
    );
}

#[test]
fn log_into_an_unwritable_store_fails_loudly() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the state directory should be: nothing can be saved there.
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "").unwrap();
    let o = backspasm_in(&file, &["log", "4"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.contains("backspasm: not saved: "), "{err}");
    assert!(err.contains("not-a-dir"), "{err}");
}

#[test]
fn summary_to_stdout_and_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let o = backspasm_in(dir.path(), &["summary"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let empty = stdout(&o);
    assert!(
        empty.starts_with(
            "_Not medical advice: general information._\n\n# Back spasm: summary for the doctor\n"
        ),
        "{empty}"
    );
    assert!(empty.contains("No pain scores logged."), "{empty}");

    let o = backspasm_in(dir.path(), &["log", "8", "--note", "bad night"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = backspasm_in(dir.path(), &["summary"]);
    let text = stdout(&o);
    assert!(text.contains("| 1 | 8 | 8 | 8 |"), "{text}");
    assert!(text.contains(", pain 8/10: bad night\n"), "{text}");

    let out = dir.path().join("for-the-doctor.md");
    let o = backspasm_in(dir.path(), &["summary", "--output", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains(", pain 8/10: bad night\n"), "{written}");

    let o = backspasm_in(
        dir.path(),
        &[
            "summary",
            "-o",
            dir.path().join("no/such/dir.md").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("backspasm: could not write "),
        "{}",
        stderr(&o)
    );
}

#[test]
fn print_today_is_still_the_general_order() {
    let dir = tempfile::tempdir().unwrap();
    backspasm_in(dir.path(), &["log", "3"]);
    let o = backspasm_in(dir.path(), &["print", "today"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("• First 72 hours: Ice the spasm"), "{text}");
    assert!(!text.contains("Day "), "print needs no state: {text}");
    let o = backspasm_in(dir.path(), &["print", "medical-help"]);
    let text = stdout(&o);
    assert!(text.contains("• My back spasms are severe"), "{text}");
    assert!(!text.contains("[ ]"), "no tick boxes on paper: {text}");
}

#[test]
fn summary_of_nothing_creates_no_directory() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("never-used");
    let o = backspasm_in(&missing, &["summary"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("- Began: not given"));
    assert!(!missing.exists());
}
