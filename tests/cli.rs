//! The command line on the built binary: exit codes, messages, plain-text output.

use std::process::{Command, Output};

use unicode_width::UnicodeWidthStr;

fn backspasm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_backspasm"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run backspasm")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

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
        assert!(stdout(&o).contains("ok: 2 panes, 1 steps"));
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

#[test]
fn huge_and_endless_content_files_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    std::fs::write(&big, vec![b' '; 3 * 1024 * 1024]).unwrap();
    let big = big.to_str().unwrap();
    for path in [big, "/dev/zero"] {
        for args in [&["check", path][..], &["--content", path, "print"]] {
            let o = backspasm(args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            assert_eq!(
                stderr(&o),
                format!("backspasm: {path}: file is too large (the limit is 1048576 bytes)\n")
            );
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
        "PHYSICAL",
        "HEAT/COLD",
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
    assert!(!text.contains("PHYSICAL\n"));
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
        "backspasm: unknown pane \"nope\"; the panes are: today, physical, heat-cold, medication, rest, fluids, medical-help, warnings, tips\n"
    );
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
