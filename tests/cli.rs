//! The command line on the built binary: exit codes, messages, plain-text output.

mod common;

use common::cli::{backspasm, command, stderr, stdout};
use unicode_width::UnicodeWidthStr;

#[test]
fn check_embedded_prints_a_summary() {
    let o = backspasm(&["check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "built-in content: ok: 9 panes, 27 steps, 4 warnings, 3 walkthroughs, 2 cycles\n"
    );
}

#[test]
fn check_a_good_file_by_argument_or_flag() {
    for args in [
        &["check", "tests/fixtures/good/minimal.ron"][..],
        &["--content", "tests/fixtures/good/minimal.ron", "check"],
    ] {
        let o = backspasm(args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).contains("ok: 2 panes, 1 step, 1 warning"));
    }
}

#[test]
fn every_bad_fixture_exits_2_with_its_message_and_nothing_on_stdout() {
    let mut n = 0;
    for entry in std::fs::read_dir("tests/fixtures/bad").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let expect = std::fs::read_to_string(path.with_extension("expect")).unwrap();
        let p = path.to_str().unwrap();
        for args in [
            &["check", p][..],
            &["--content", p, "print"],
            &["--content", p],
        ] {
            let o = backspasm(args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert!(o.stdout.is_empty(), "{args:?}: the terminal is not touched");
            let first = stderr(&o).lines().next().unwrap_or_default().to_string();
            assert_eq!(first, format!("backspasm: {p}{}", expect.trim_end()));
        }
        n += 1;
    }
    assert!(n >= 30);
}

#[test]
fn missing_file_and_directory_are_refused() {
    let o = backspasm(&["check", "no/such/file.ron"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).starts_with("backspasm: no/such/file.ron: cannot read:"));
    let o = backspasm(&["--content", "tests", "print"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "backspasm: tests: is a directory, not a content file\n"
    );
}

/// Too large, endless (a device) or never starting (a named pipe with no writer): each is
/// refused at once, exit 2, saying what it is (and, too large, the limit).
#[test]
fn huge_and_endless_content_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    std::fs::write(&big, vec![b' '; 3 * 1024 * 1024]).unwrap();
    let big = big.to_str().unwrap();
    let fifo = dir.path().join("fifo.ron");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .unwrap();
    let fifo = fifo.to_str().unwrap();
    for (path, says) in [
        (big, "file is too large (the limit is 1048576 bytes)"),
        ("/dev/zero", "is a device, not a content file"),
        (fifo, "is a named pipe (FIFO), not a content file"),
    ] {
        for args in [&["check", path][..], &["--content", path, "print"]] {
            let start = std::time::Instant::now();
            let o = backspasm(args);
            assert!(
                start.elapsed() < std::time::Duration::from_secs(5),
                "{args:?}"
            );
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert_eq!(stderr(&o), format!("backspasm: {path}: {says}\n"));
        }
    }
}

#[test]
fn paths_and_values_are_echoed_without_escape_sequences() {
    let o = backspasm(&["check", "/nonexistent/\x1b]0;owned\x07\x1b[2J.ron"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.starts_with("backspasm: /nonexistent/�]0;owned��[2J.ron: cannot read:"),
        "{err:?}"
    );
    let o = backspasm(&["print", "\u{9b}2J"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains(['\x1b', '\u{9b}']), "{:?}", stderr(&o));
    let o = backspasm(&["\x1b[2J"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains('\x1b'), "{:?}", stderr(&o));
}

#[test]
fn print_is_plain_wrapped_text_with_warnings_marked() {
    let o = backspasm(&["print"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(!text.contains('\x1b'), "no escape codes");
    assert!(text.chars().all(|c| c == '\n' || !c.is_control()));
    for line in text.lines() {
        assert!(line.width() <= 80, "too wide: {line}");
    }
    for title in [
        "TODAY",
        "BODY",
        "ICE AND HEAT",
        "MEDICATION",
        "WARNINGS",
        "TIPS",
    ] {
        assert!(text.lines().any(|l| l == title), "{title}");
    }
    assert!(text.contains("⚠ Never sleep with ice or heat on"));
    assert!(text.contains("not medical advice"));
    assert!(text.contains("Sources"));
}

#[test]
fn print_one_pane_by_id() {
    let o = backspasm(&["print", "warnings"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.contains("WARNINGS\n"));
    assert!(!text.contains("BODY\n"));
    assert!(
        text.contains("not medical advice"),
        "the disclaimer leads every printout"
    );
    assert_eq!(text.matches("⚠ ").count(), 4);
}

#[test]
fn print_unknown_pane_lists_the_panes() {
    let o = backspasm(&["print", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "backspasm: unknown pane \"nope\"; name one by its id, tab label or title (any case): today; physical or body; heat-cold or ice/heat or ice and heat; medication or meds; rest; fluids or drink; medical-help or doctor; warnings or warn; tips\n"
    );
}

#[test]
fn print_takes_what_the_tab_says_in_any_case() {
    // The tab says "2 Body"; its id is "physical".
    let by_id = backspasm(&["print", "physical"]);
    assert_eq!(by_id.status.code(), Some(0));
    for name in ["body", "Body", "BODY"] {
        let o = backspasm(&["print", name]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert_eq!(o.stdout, by_id.stdout, "{name}");
    }
    let ice = backspasm(&["print", "ice and heat"]);
    assert_eq!(ice.status.code(), Some(0), "{}", stderr(&ice));
    assert!(String::from_utf8_lossy(&ice.stdout).contains("ICE AND HEAT\n"));
}

#[test]
fn tui_commands_refuse_a_pipe_and_suggest_print() {
    for args in [&[][..], &["warnings"]] {
        let o = backspasm(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("not a terminal"));
        assert!(stderr(&o).contains("backspasm print"));
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn help_and_version() {
    let o = backspasm(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    for word in ["warnings", "check", "print", "--content", "--state-dir"] {
        assert!(help.contains(word), "{word}");
    }
    let o = backspasm(&["--version"]);
    assert_eq!(
        stdout(&o),
        format!("backspasm {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = backspasm(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unrecognized subcommand"));
}

/// `check FILE` names the file as given; a name holding escape sequences (an OSC that would
/// retitle the window, a CSI that would clear it) or a bidi override is printed harmlessly.
#[test]
fn check_prints_a_hostile_file_name_harmlessly() {
    let dir = tempfile::tempdir().unwrap();
    let name = "x\x1b]0;owned\x07\x1b[2J\u{202e}y.ron";
    let path = dir.path().join(name);
    std::fs::copy("tests/fixtures/good/minimal.ron", &path).unwrap();
    let o = backspasm(&["check", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("y.ron: ok: "), "{out:?}");
    for bad in ['\x1b', '\x07', '\u{202e}'] {
        assert!(!out.contains(bad), "{bad:?} in {out:?}");
    }
}

/// Every command that prints, with a reader that has already gone (`| true`): no panic, nothing
/// on stderr, exit 0 (the work is done; the output was not wanted).
#[test]
fn every_printing_command_ends_quietly_on_a_closed_pipe() {
    let state = tempfile::tempdir().unwrap();
    let s = state.path().to_str().unwrap();
    let commands: &[&[&str]] = &[
        &["check"],
        &["check", "tests/fixtures/good/minimal.ron"],
        &["print"],
        &["print", "warnings"],
        &["summary"],
        &["--state-dir", s, "log", "4"],
        &["--state-dir", s, "summary"],
        &["--help"],
        &["--version"],
        &["man"],
        &["completions", "bash"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = command()
            .args(*args)
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{args:?}");
    }
    // The entry was saved all the same.
    let kept = std::fs::read_to_string(state.path().join("state.ron")).unwrap();
    assert!(kept.contains("score: 4"), "{kept}");
}

/// A full disk is an error, though: exit 2 with the reason.
#[test]
fn a_failed_write_to_stdout_is_an_error() {
    for args in [
        &["check"][..],
        &["print"],
        &["--version"],
        &["man"],
        &["completions", "zsh"],
    ] {
        let o = command()
            .args(args)
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("writing output"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

/// `log` takes `--content` like every other command: one that cannot be used is refused and
/// nothing is saved; a good one is fine.
#[test]
fn log_honours_content() {
    let state = tempfile::tempdir().unwrap();
    let s = state.path().to_str().unwrap();
    for (path, why) in [
        ("no/such/file.ron", "no/such/file.ron: cannot read:"),
        ("tests/fixtures", "tests/fixtures: is a directory"),
        (
            "tests/fixtures/bad/syntax-unclosed-string.ron",
            "syntax-unclosed-string.ron:",
        ),
    ] {
        let o = backspasm(&["--content", path, "--state-dir", s, "log", "3"]);
        assert_eq!(o.status.code(), Some(2), "{path}");
        assert!(stderr(&o).contains(why), "{path}: {}", stderr(&o));
        assert!(!state.path().join("state.ron").exists(), "{path}: saved");
    }
    let good = ["--content", "tests/fixtures/good/minimal.ron"];
    let o = backspasm(&[&good[..], &["--state-dir", s, "log", "3"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).starts_with("logged pain 3/10"), "{}", stdout(&o));
}

/// A notice that cannot be written (stderr on a full disk) is lost, not a panic: the entry is
/// saved and the summary printed all the same.
#[test]
fn a_notice_stderr_cannot_take_does_not_stop_log_or_summary() {
    let state = tempfile::tempdir().unwrap();
    let s = state.path().to_str().unwrap();
    let damaged = || std::fs::write(state.path().join("state.ron"), "not a state (").unwrap();
    let full = || std::fs::File::create("/dev/full").unwrap();
    damaged();
    let o = command()
        .args(["--state-dir", s, "log", "6"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).starts_with("logged pain 6/10"), "{}", stdout(&o));
    let kept = std::fs::read_to_string(state.path().join("state.ron")).unwrap();
    assert!(kept.contains("score: 6"), "{kept}");
    // A part that cannot be read: the summary of the rest, exit 1, and the words on stderr
    // that say so are lost without a panic.
    std::fs::write(
        state.path().join("state.ron"),
        r#"(version: 1, state: (onset: Some("not a date"), diary: []))"#,
    )
    .unwrap();
    let o = command()
        .args(["--state-dir", s, "summary"])
        .stderr(full())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("# Back spasm: summary"),
        "{}",
        stdout(&o)
    );
}
