//! Bad command-line values on the built binary, beyond what `cli.rs`, `timer_cli.rs` and
//! `today_cli.rs` check: every one exits 2 (or does what the README says) with a message that
//! names the flag, the argument or the path, and nothing it echoes can act on the terminal.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Output;

use common::cli::{backspasm, stderr, stdout};

/// Exit 2, nothing on stdout, and stderr contains every one of `words`, with nothing in it
/// that could act on a terminal.
#[track_caller]
fn refused(o: &Output, args: &[&str], words: &[&str]) {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
    assert!(o.stdout.is_empty(), "{args:?}: {}", stdout(o));
    for w in words {
        assert!(err.contains(w), "{args:?}: {w:?} not in {err:?}");
    }
    assert_plain(&err);
}

#[track_caller]
fn assert_plain(text: &str) {
    if let Some(c) = text
        .chars()
        .find(|&c| c != '\n' && backspasm_core::safe_text::problem(c).is_some())
    {
        panic!("U+{:04X} in {text:?}", c as u32);
    }
}

#[test]
fn timer_durations_malformed_zero_negative_huge() {
    let forms = "2m30s or 2:30";
    for (flag, value, why) in [
        ("--hot", "", forms),
        ("--hot", "-5", forms),
        ("--cold", "-0:30", forms),
        ("--hot", "-1m", forms),
        ("--hot", "--cold", forms),
        ("--hot", "2m30", forms),
        ("--hot", "1.5", forms),
        ("--hot", "٣", forms),
        ("--hot", "5 s", forms),
        (
            "--cold",
            "1:60",
            "60 seconds after the minutes must be under 60",
        ),
        ("--hot", "99999999999", "too long"),
        ("--hot", "4294967296", "too long"),
        ("--cold", "71582789m", "too long"),
        ("--hot", "\x1b[2J", forms),
    ] {
        let joined = format!("{flag}={value}");
        for args in [["timer", flag, value].as_slice(), &["timer", &joined]] {
            let named = format!("for '{flag} <DUR>'");
            refused(&backspasm(args), args, &[&named, why]);
        }
    }
    // Well-formed but out of the range the content allows: zero, and far too long.
    for (args, range) in [
        (
            &["timer", "--hot", "0s"][..],
            "--hot 0:00 is out of range: it may be 0:01 to 6:00",
        ),
        (
            &["timer", "--cold", "0:00"],
            "--cold 0:00 is out of range: it may be 0:01 to 1:00",
        ),
        (
            &["timer", "--hot", "1000000m"],
            "--hot 16666:40:00 is out of range: it may be 0:01 to 6:00",
        ),
    ] {
        refused(&backspasm(args), args, &[range]);
    }
    let args = ["timer", "--hot"];
    refused(
        &backspasm(&args),
        &args,
        &["a value is required for '--hot <DUR>'"],
    );
}

#[test]
fn timer_rounds_negative_fractional_empty_huge() {
    for n in ["-1", "1.5", "", "99999999999", "0", "1001", "three"] {
        let joined = format!("--rounds={n}");
        for args in [["timer", "--rounds", n].as_slice(), &["timer", &joined]] {
            refused(&backspasm(args), args, &["for '--rounds <N>'"]);
        }
    }
}

#[test]
fn log_scores_that_are_not_0_to_10() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    for score in [
        "11", "-1", "1.5", "seven", "", " ", "+5", "0x5", "５", "1e1", "\x1b[2J",
    ] {
        let args = ["--state-dir", d, "log", score];
        refused(
            &backspasm(&args),
            &args,
            &["the pain score must be a whole number from 0 to 10"],
        );
    }
    assert!(!dir.path().join("state.ron").exists(), "nothing saved");
}

#[test]
fn log_notes_with_what_a_terminal_would_act_on_or_too_long() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap();
    for (note, why) in [
        ("red\x1b[31m", "a control character (U+001B)"),
        ("\x1b]0;owned\x07", "a control character (U+001B)"),
        ("tab\there", "a control character (U+0009)"),
        ("del\x7f", "a control character (U+007F)"),
        ("csi\u{9b}2J", "a control character (U+009B)"),
        ("cr\rlf", "a control character (U+000D)"),
        (
            "abc\u{202e}fed",
            "a bidirectional control character (U+202E)",
        ),
        (
            "isolate\u{2066}x\u{2069}",
            "a bidirectional control character (U+2066)",
        ),
        (
            "line\u{2028}break",
            "a line or paragraph separator (U+2028)",
        ),
    ] {
        let args = ["--state-dir", d, "log", "5", "--note", note];
        refused(&backspasm(&args), &args, &["the note contains ", why]);
    }
    // Over-long, counted in characters, not bytes.
    let long = "é".repeat(201);
    let args = ["--state-dir", d, "log", "5", "--note", &long];
    refused(
        &backspasm(&args),
        &args,
        &["the note is 201 characters long; keep it to 200"],
    );
    assert!(!dir.path().join("state.ron").exists(), "nothing saved");
    // 200 of them is fine, and so is a joiner inside an emoji.
    for note in ["é".repeat(200), "👩\u{200d}⚕️ doctor".to_string()] {
        let o = backspasm(&["--state-dir", d, "log", "5", "--note", &note]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
}

#[test]
fn content_that_does_not_exist_or_is_a_directory_for_every_command() {
    let commands: &[&[&str]] = &[
        &[],
        &["warnings"],
        &["print"],
        &["check"],
        &["lift"],
        &["walk", "lifting"],
        &["timer"],
        &["ice"],
        &["summary"],
    ];
    let state = tempfile::tempdir().unwrap();
    let s = state.path().to_str().unwrap();
    for cmd in commands {
        for (path, why) in [
            ("no/such/file.ron", "no/such/file.ron: cannot read:"),
            ("tests", "tests: is a directory, not a content file"),
        ] {
            let mut args = vec!["--state-dir", s, "--content", path];
            args.extend_from_slice(cmd);
            refused(&backspasm(&args), &args, &[why]);
        }
    }
}

#[test]
fn log_into_a_state_dir_that_cannot_be_made() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file");
    std::fs::write(&file, "").unwrap();
    // Under a file, and on Linux in /proc (where not even root can make a directory).
    let mut dirs = vec![file.join("sub")];
    if cfg!(target_os = "linux") {
        dirs.push(Path::new("/proc/backspasm-test").to_path_buf());
    }
    for dir in dirs {
        let d = dir.to_str().unwrap();
        let args = ["--state-dir", d, "log", "4"];
        refused(
            &backspasm(&args),
            &args,
            &["not saved: could not create the state directory", d],
        );
    }
}

#[test]
fn summary_from_a_state_that_cannot_be_read() {
    let tmp = tempfile::tempdir().unwrap();
    // The state directory is a file.
    let file = tmp.path().join("file");
    std::fs::write(&file, "").unwrap();
    let f = file.to_str().unwrap();
    let args = ["--state-dir", f, "summary"];
    refused(
        &backspasm(&args),
        &args,
        &["cannot read the state: ", f, "is not a directory"],
    );
    // The state file is a directory.
    let dir = tmp.path().join("d");
    std::fs::create_dir_all(dir.join("state.ron")).unwrap();
    let d = dir.to_str().unwrap();
    let args = ["--state-dir", d, "summary"];
    refused(
        &backspasm(&args),
        &args,
        &["cannot read the state: ", "state.ron"],
    );
    // A state directory that does not exist yet is not an error: nothing was logged.
    let o = backspasm(&[
        "--state-dir",
        tmp.path().join("new").to_str().unwrap(),
        "summary",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("No pain scores logged."));
}

#[test]
fn summary_output_that_is_a_directory_or_cannot_be_written() {
    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let s = state.to_str().unwrap();
    assert!(backspasm(&["--state-dir", s, "log", "6"]).status.success());
    let file = tmp.path().join("file");
    std::fs::write(&file, "").unwrap();
    let mut outs = vec![
        tmp.path().to_path_buf(),
        tmp.path().join("no/such/dir/summary.md"),
        file.join("summary.md"),
    ];
    // Not even root can make a file in /proc.
    if cfg!(target_os = "linux") {
        outs.push(Path::new("/proc/backspasm-summary.md").to_path_buf());
    }
    for out in outs {
        let o = out.to_str().unwrap();
        let args = ["--state-dir", s, "summary", "--output", o];
        refused(&backspasm(&args), &args, &["could not write ", o]);
    }
    let args = ["--state-dir", s, "summary", "--output"];
    refused(
        &backspasm(&args),
        &args,
        &["a value is required for '--output <FILE>'"],
    );
}

/// `-o` to something that is not a plain file writes to it as it is: a pipe stays a pipe,
/// `/dev/stdout` is standard output, a symbolic link stays a link to the new summary.
#[test]
fn summary_output_to_a_pipe_stdout_or_a_link() {
    use std::os::unix::fs::FileTypeExt;

    let tmp = tempfile::tempdir().unwrap();
    let state = tmp.path().join("state");
    let s = state.to_str().unwrap();
    assert!(backspasm(&["--state-dir", s, "log", "6"]).status.success());

    let fifo = tmp.path().join("fifo");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let o = backspasm(&["--state-dir", s, "summary", "-o", fifo.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(reader.join().unwrap().contains("| 1 | 6 | 6 | 6 |"));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());

    let o = backspasm(&["--state-dir", s, "summary", "-o", "/dev/stdout"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("| 1 | 6 | 6 | 6 |"), "{}", stdout(&o));

    let real = tmp.path().join("real.md");
    let link = tmp.path().join("link.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = backspasm(&["--state-dir", s, "summary", "-o", link.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .contains("| 1 | 6 | 6 | 6 |")
    );
}

/// A state directory whose path holds escape sequences: what `log` prints quotes it plainly.
#[test]
fn log_prints_a_hostile_state_path_plainly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("\x1b]0;owned\x07\u{202e}dir");
    let o = backspasm(&["--state-dir", dir.to_str().unwrap(), "log", "3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("logged pain 3/10"), "{out}");
    assert!(out.contains("�]0;owned��dir"), "{out:?}");
    assert_plain(&out);
}
