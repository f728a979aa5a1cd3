//! A state file with a part that cannot be read (a diary note from an older build, a hand
//! edit): that part is dropped and named in a notice, the rest is kept, and the file as it was
//! is kept as a backup before anything is written over it. The same backup is never made twice.

mod common;

use std::fs;
use std::path::Path;

use backspasm::store::{self, Status, Store};
use backspasm_core::state::format;
use backspasm_core::state::format::Persist;
use backspasm_core::state::{Edit, State};
use backspasm_core::today::diary::PainEntry;
use chrono::DateTime;

/// Two good entries around one whose note holds a bidi override (which an earlier build let
/// `log --note` write), a walkthrough tick and a doctor tick.
const FILE: &str = r#"// backspasm state
(version: 1, state: (
    walks: {"lifting": (done: ["bend"], finished: None)},
    doctor: ["severe"],
    diary: [
        (at: "2026-11-24T09:00:00+01:00", score: 7, note: Some("woke up stiff")),
        (at: "2026-11-24T10:00:00+01:00", score: 6, note: Some("left \u{202e} right")),
        (at: "2026-11-24T11:00:00+01:00", score: 5),
    ],
))
"#;

fn open(dir: &Path) -> (Store<State>, State, Vec<String>) {
    Store::open(Some(dir.to_path_buf()))
}

fn scores(state: &State) -> Vec<u8> {
    state.diary.iter().map(|e| e.score).collect()
}

fn baks(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".bak"))
        .collect();
    names.sort();
    names
}

#[test]
fn one_bad_diary_entry_costs_that_entry_and_nothing_else() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join(store::FILE_NAME);
    fs::write(&path, FILE).unwrap();

    let (mut store, mut state, notices) = open(dir);
    assert_eq!(store.status(), &Status::Saving);
    assert_eq!(scores(&state), [7, 5]);
    assert!(state.walks["lifting"].done.contains("bend"));
    assert!(state.doctor.contains("severe"));
    assert_eq!(notices.len(), 1, "{notices:?}");
    let bak = dir.join("state.ron.bak");
    // The gist first, in case the screen cuts it short.
    assert!(
        notices[0].starts_with("part of the state file could not be read: kept the rest, "),
        "{notices:?}"
    );
    for part in [
        &format!("a copy of the file as it was in {}", bak.display()),
        "Dropped: diary entry 2 of 3, logged 2026-11-24T10:00:00+01:00 (",
        "U+202E",
    ] {
        assert!(notices[0].contains(part), "{part:?} in {notices:?}");
    }
    // Kept as it was before anything is written; the file itself is not touched by reading.
    assert_eq!(fs::read_to_string(&bak).unwrap(), FILE);
    assert_eq!(fs::read_to_string(&path).unwrap(), FILE);

    // Opened again before any save: the same notice, the same backup, no second copy.
    let (_, again, notices) = open(dir);
    assert_eq!(again, state);
    assert_eq!(notices.len(), 1);
    assert_eq!(baks(dir), ["state.ron.bak"]);

    // The first save writes what was kept, with the new entry, and says nothing new.
    let edit = Edit::LogPain(PainEntry::new(
        DateTime::parse_from_rfc3339("2026-11-24T12:00:00+01:00").unwrap(),
        4,
        None,
    ));
    state.apply(&edit);
    store.save(&mut state, &[edit]).unwrap();
    assert!(store.take_notices().is_empty());
    assert_eq!(scores(&state), [7, 5, 4]);
    let (_, reread, notices) = open(dir);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(reread, state);
    assert_eq!(baks(dir), ["state.ron.bak"]);
    assert_eq!(fs::read_to_string(&bak).unwrap(), FILE);
}

#[test]
fn a_bad_entry_written_while_running_is_kept_as_a_backup_before_the_save() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join(store::FILE_NAME);
    let (mut store, mut state, _) = open(dir);
    let edit = Edit::Doctor {
        id: "frequent".into(),
        ticked: true,
    };
    state.apply(&edit);
    store.save(&mut state, &[edit]).unwrap();
    // Another program (or a hand edit) writes a file with a bad entry.
    fs::write(&path, FILE).unwrap();
    let edit = Edit::Doctor {
        id: "two-weeks".into(),
        ticked: true,
    };
    state.apply(&edit);
    store.save(&mut state, &[edit]).unwrap();
    let notices = store.take_notices();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("diary entry 2 of 3"), "{notices:?}");
    assert_eq!(fs::read_to_string(dir.join("state.ron.bak")).unwrap(), FILE);
    // Merged onto what could be read: the other program's good entries and ticks stay.
    assert_eq!(scores(&state), [7, 5]);
    assert_eq!(
        state.doctor.iter().collect::<Vec<_>>(),
        ["severe", "two-weeks"]
    );
    assert_eq!(open(dir).1, state);
}

#[test]
fn an_older_backup_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join("state.ron.bak"), "an older backup").unwrap();
    fs::write(dir.join(store::FILE_NAME), FILE).unwrap();
    let (_, state, notices) = open(dir);
    assert_eq!(scores(&state), [7, 5]);
    assert!(notices[0].contains("state.ron.1.bak"), "{notices:?}");
    assert_eq!(
        fs::read_to_string(dir.join("state.ron.bak")).unwrap(),
        "an older backup"
    );
    assert_eq!(
        fs::read_to_string(dir.join("state.ron.1.bak")).unwrap(),
        FILE
    );
}

/// `backspasm summary` and `log` through the built binary. The summary, which only reads,
/// says on stderr what it left out and fails (exit 1), with the rest of the diary on stdout,
/// and leaves the file exactly as it was (no copy, no move); `log`, which writes, keeps the
/// file as it was in a backup first, then saves the rest with its entry.
#[test]
fn the_commands_say_what_was_dropped_and_keep_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::write(dir.join(store::FILE_NAME), FILE).unwrap();
    let run = |args: &[&str]| common::cli::backspasm_in(dir, args);
    let out = run(&["summary"]);
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(
        stderr.contains("the summary leaves it out: diary entry 2 of 3"),
        "{stderr}"
    );
    assert!(stdout.contains("woke up stiff"), "{stdout}");
    assert!(stdout.contains("| 2 | 5 | 7 | 5 |"), "{stdout}");
    let names: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [store::FILE_NAME], "only read");
    assert_eq!(
        fs::read_to_string(dir.join(store::FILE_NAME)).unwrap(),
        FILE
    );
    let out = run(&["log", "3"]);
    assert_eq!(out.status.code(), Some(0));
    let bytes = fs::read(dir.join(store::FILE_NAME)).unwrap();
    let state: State = format::decode(&bytes).unwrap();
    assert_eq!(scores(&state), [7, 5, 3]);
    assert_eq!(fs::read_to_string(dir.join("state.ron.bak")).unwrap(), FILE);
}

/// What the issue saw: a file cut off at 90 % with all six diary entries before the cut started
/// empty. Now the summary shows all six (and says what was cut, exit 1), and the next `log`
/// keeps them, with the cut file kept as it was.
#[test]
fn a_file_cut_at_90_percent_keeps_every_entry_before_the_cut() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let run = |args: &[&str]| common::cli::backspasm_in(dir, args);
    for i in 0..6 {
        let o = run(&["log", &i.to_string(), "--note", &format!("note {i}")]);
        assert!(o.status.success());
    }
    // Something after the diary, so the cut lands there: the ice run's log.
    let path = dir.join(store::FILE_NAME);
    let text = fs::read_to_string(&path).unwrap();
    let cut = &text[..text.len() * 90 / 100];
    assert!(cut.contains("note 5"), "the diary is before the cut");
    fs::write(&path, cut).unwrap();
    let out = run(&["summary"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    for i in 0..6 {
        assert!(stdout.contains(&format!("note {i}")), "{stdout}");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("the file ends there"));
    let out = run(&["log", "7", "--note", "after the cut"]);
    assert!(out.status.success(), "{out:?}");
    let state: State = format::decode(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(state.diary.len(), 7);
    assert_eq!(fs::read_to_string(dir.join("state.ron.bak")).unwrap(), cut);
}
