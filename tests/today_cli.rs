//! `backspasm log` and `backspasm summary` on the built binary: exit codes, messages, and what
//! ends up in the state directory.

mod common;

use std::path::Path;

use backspasm::store::Store;
use backspasm_core::state::State;
use backspasm_core::state::format;
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
    let out = stdout(&o);
    assert!(out.starts_with("logged pain 0/10, "), "{out}");
    assert!(!out.contains("doctor"), "{out}");
    let o = backspasm_in(dir.path(), &["log", "10"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A score that may be a reason to call a doctor says so (the app asks at its next start).
    let out = stdout(&o);
    assert!(out.starts_with("logged pain 10/10, "), "{out}");
    assert!(
        out.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("A score this high may be a reason to call a doctor.")),
        "{out}"
    );
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

#[test]
fn summary_as_text_lays_the_same_out_for_paper() {
    let dir = tempfile::tempdir().unwrap();
    let o = backspasm_in(dir.path(), &["log", "8", "--note", "bad *night* | [left]"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&backspasm_in(dir.path(), &["summary"]));
    let o = backspasm_in(dir.path(), &["summary", "--format", "text"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert_eq!(text, backspasm_core::today::summary::text(&md, 80));
    // The disclaimer first, without Markdown's italics, then the title.
    assert!(
        text.starts_with(
            "Not medical advice: general information.\n\nBack spasm: summary for the doctor\n====="
        ),
        "{text}"
    );
    // No Markdown marks: the note as typed, the table in columns, nothing wider than a page.
    assert!(
        text.contains(", pain 8/10: bad *night* | [left]\n"),
        "{text}"
    );
    assert!(
        text.contains("Day             Entries  Min  Max  Last\n"),
        "{text}"
    );
    // Every heading is underlined, the notes' too.
    assert!(text.contains("\nNotes\n-----\n"), "{text}");
    assert!(!text.contains("##") && !text.contains("|---"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
    // To a file too; Markdown stays the default, and a format that is not one is refused.
    let out = dir.path().join("for-the-doctor.txt");
    let o = backspasm_in(
        dir.path(),
        &["summary", "--format", "text", "-o", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), text);
    let o = backspasm_in(dir.path(), &["summary", "--format", "pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("markdown, text"), "{}", stderr(&o));
}

/// 200 `log`s at once with the wall clock standing still (a frozen or coarse clock): every one
/// is kept, though they all have the same time.
#[test]
fn parallel_logs_under_a_frozen_clock_are_all_kept() {
    const LOGS: usize = 200;
    let dir = tempfile::tempdir().unwrap();
    let frozen = "2026-11-25T14:00:00+01:00";
    let spawn = |i: usize| {
        common::cli::command()
            .arg("--state-dir")
            .arg(dir.path())
            .args(["log", &(i % 11).to_string(), "--note", &format!("n{i}")])
            .env(backspasm::clock::FROZEN_VAR, frozen)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn backspasm log")
    };
    let children: Vec<_> = (0..LOGS).map(spawn).collect();
    // A log that waited too long for the lock (a busy machine) says so and saved nothing: it
    // is run again, at the same frozen time.
    let mut retried = 0;
    for (i, child) in children.into_iter().enumerate() {
        let mut out = child.wait_with_output().unwrap();
        while !out.status.success() {
            assert!(stderr(&out).contains("lock"), "{}", stderr(&out));
            retried += 1;
            out = spawn(i).wait_with_output().unwrap();
        }
    }
    let s = kept(dir.path());
    assert_eq!(s.diary.len(), LOGS, "{retried} retried");
    let mut notes: Vec<String> = s.diary.iter().filter_map(|e| e.note.clone()).collect();
    notes.sort();
    let mut want: Vec<String> = (0..LOGS).map(|i| format!("n{i}")).collect();
    want.sort();
    assert_eq!(notes, want);
    let frozen = chrono::DateTime::parse_from_rfc3339(frozen).unwrap();
    assert!(
        s.diary.iter().all(|e| e.at == frozen),
        "all at the same time"
    );
}

/// Many `backspasm log` at once (a script, a user pressing a shortcut repeatedly) on a diary
/// of a year: each waits its turn for the lock, none gives up, and every entry is kept. (With
/// the guide's 5 s wait, a quarter of them gave up here.)
#[test]
fn sixty_four_logs_at_once_all_succeed() {
    use backspasm::store;
    use backspasm_core::state::Edit;
    use backspasm_core::state::format::Persist;
    use backspasm_core::today::diary::PainEntry;
    let dir = tempfile::tempdir().unwrap();
    let mut year = State::default();
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T08:00:00+01:00").unwrap();
    for i in 0..3000 {
        year.apply(&Edit::LogPain(PainEntry::new(
            start + chrono::TimeDelta::seconds(i * 8640),
            (i % 11) as u8,
            Some(format!("entry {i}: stiff after sitting")),
        )));
    }
    std::fs::write(
        dir.path().join(store::FILE_NAME),
        format::encode(&year).unwrap(),
    )
    .unwrap();
    let children: Vec<_> = (0..64)
        .map(|i| {
            common::cli::command()
                .arg("--state-dir")
                .arg(dir.path())
                .args(["log", &(i % 11).to_string(), "--note", &format!("run {i}")])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let s = kept(dir.path());
    assert_eq!(s.diary.len(), 3064);
    let mut notes: Vec<String> = s
        .diary
        .iter()
        .filter_map(|e| e.note.clone())
        .filter(|n| n.starts_with("run "))
        .collect();
    notes.sort();
    let mut want: Vec<String> = (0..64).map(|i| format!("run {i}")).collect();
    want.sort();
    assert_eq!(notes, want);
}

/// The state file is a symbolic link (kept in a synced folder, say): `log` writes through it,
/// the link stays a link, and `summary` reads through it.
#[cfg(unix)]
#[test]
fn a_linked_state_file_is_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("state");
    let elsewhere = tmp.path().join("synced");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&elsewhere).unwrap();
    let link = dir.join("state.ron");
    std::os::unix::fs::symlink(elsewhere.join("mine.ron"), &link).unwrap();
    for score in ["6", "4"] {
        let o = backspasm_in(&dir, &["log", score]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    let s: State = format::decode(&std::fs::read(elsewhere.join("mine.ron")).unwrap()).unwrap();
    assert_eq!(s.diary.iter().map(|e| e.score).collect::<Vec<_>>(), [6, 4]);
    let o = backspasm_in(&dir, &["summary"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("| 2 | 4 | 6 | 4 |"), "{}", stdout(&o));
}

/// A named pipe where the state file should be (no writer: an ordinary open would wait for
/// ever): `log` and `summary` say what it is and exit 2 at once; the pipe is left alone.
#[cfg(unix)]
#[test]
fn a_pipe_where_the_state_file_should_be_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.ron");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &path,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .unwrap();
    for (args, says) in [
        (&["log", "5"][..], "backspasm: not saved: "),
        (&["summary"][..], "backspasm: cannot read the state: "),
    ] {
        let start = std::time::Instant::now();
        let o = backspasm_in(dir.path(), args);
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{args:?}"
        );
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.starts_with(says), "{err}");
        assert!(
            err.contains("it is a named pipe (FIFO), not a regular file"),
            "{err}"
        );
        assert!(o.stdout.is_empty());
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&path).unwrap().file_type().is_fifo());
}

/// A file nothing can be read from: `summary` says so and exits 2, printing nothing (never
/// "No pain scores logged"), and leaves the file where it is; the next writer keeps it.
#[test]
fn summary_of_a_damaged_file_fails_and_moves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.ron");
    std::fs::write(&path, "not a state file at all").unwrap();
    let o = backspasm_in(dir.path(), &["summary"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("is damaged") && err.contains("left as it is"),
        "{err}"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["state.ron"]);
}
