//! `backspasm timer` and `backspasm ice` on the built binary: durations are checked before the
//! terminal is touched; bad ones exit 2 with a message naming the flag and what is allowed.

mod common;

use common::cli::{backspasm, stderr};

#[test]
fn good_durations_get_as_far_as_the_terminal() {
    // In a pipe, a screen command stops at "not a terminal": the arguments were all fine.
    for args in [
        &["timer"][..],
        &["timer", "--hot", "150"],
        &["timer", "--hot", "150s", "--cold", "20"],
        &["timer", "--hot", "2m30s"],
        &["timer", "--hot", "2:30", "--rounds", "3"],
        &["timer", "--hot", "3m", "--cold", "0:45"],
        &["timer", "--hot", "5s", "--cold", "5s"],
        &["timer", "--hot", "6m", "--cold", "1m"],
        &["ice"],
    ] {
        let o = backspasm(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("not a terminal"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn malformed_durations_name_the_flag_and_the_forms() {
    for (flag, value) in [
        ("--hot", "abc"),
        ("--hot", "2.5m"),
        ("--cold", "1h"),
        ("--cold", "-5"),
        ("--hot", "2:5"),
    ] {
        let o = backspasm(&["timer", &format!("{flag}={value}")]);
        assert_eq!(o.status.code(), Some(2), "{flag} {value}");
        let err = stderr(&o);
        assert!(
            err.contains(&format!("invalid value '{value}' for '{flag} <DUR>'")),
            "{err}"
        );
        assert!(err.contains("2m30s or 2:30"), "{err}");
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn out_of_range_durations_say_what_is_allowed() {
    for (args, message) in [
        (
            &["timer", "--hot", "10m"][..],
            "backspasm: --hot 10:00 is out of range: it may be 0:01 to 6:00\n",
        ),
        (
            &["timer", "--hot", "0"],
            "backspasm: --hot 0:00 is out of range: it may be 0:01 to 6:00\n",
        ),
        (
            &["timer", "--cold", "61"],
            "backspasm: --cold 1:01 is out of range: it may be 0:01 to 1:00\n",
        ),
    ] {
        let o = backspasm(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&o), message);
        assert!(o.stdout.is_empty());
    }
}

#[test]
fn rounds_must_be_between_1_and_1000() {
    for n in ["0", "1001", "x"] {
        let o = backspasm(&["timer", "--rounds", n]);
        assert_eq!(o.status.code(), Some(2), "{n}");
        assert!(stderr(&o).contains("for '--rounds <N>'"), "{}", stderr(&o));
    }
    let o = backspasm(&["timer", "--rounds", "0"]);
    assert!(stderr(&o).contains("1..=1000"), "{}", stderr(&o));
}

#[test]
fn help_lists_the_timer_commands_and_forms() {
    let o = backspasm(&["--help"]);
    let help = String::from_utf8(o.stdout).unwrap();
    assert!(help.contains("timer"));
    assert!(help.contains("ice"));
    let o = backspasm(&["timer", "--help"]);
    let help = String::from_utf8(o.stdout).unwrap();
    for word in ["--hot", "--cold", "--rounds", "2m30s"] {
        assert!(help.contains(word), "{word}: {help}");
    }
}

#[test]
fn a_guide_without_a_timer_says_so() {
    // The minimal guide has a monotonic cycle but no wall-clock one.
    let o = backspasm(&["--content", "tests/fixtures/good/minimal.ron", "ice"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "backspasm: this guide has no ice timer (no cycle with clock: Wall)\n"
    );
    // Its hot phase allows 2:00 to 3:00, so --hot may be up to 6:00.
    let o = backspasm(&[
        "--content",
        "tests/fixtures/good/minimal.ron",
        "timer",
        "--hot",
        "7m",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("it may be 0:01 to 6:00"),
        "{}",
        stderr(&o)
    );
}

/// `backspasm timer` again while the shower timer is going opens it as it is; with a length it
/// replaces it and says so, beside any notice of the run's own (no sound player here).
#[cfg(unix)]
#[test]
fn timer_again_opens_the_one_going_and_a_length_replaces_it() {
    use common::pty::Screen;
    let dir = tempfile::tempdir().unwrap();
    let mut s = Screen::start(dir.path(), &["timer"]);
    s.wait_for("♨ HOT");
    s.send("n");
    s.wait_for("❄ COLD");
    s.quit();
    let mut s = Screen::start(dir.path(), &["timer"]);
    s.wait_for("❄ COLD");
    let text = s.idle(std::time::Duration::from_millis(300));
    assert!(!text.contains("replaced"), "{text}");
    s.quit();
    // No player or speech on PATH: its notice comes once the first cue is tried.
    let empty = tempfile::tempdir().unwrap();
    let mut cmd = common::cli::in_terminal(dir.path(), &["timer", "--hot", "2m"]);
    cmd.env_remove("BACKSPASM_MUTE").env("PATH", empty.path());
    let mut s = Screen::spawn(cmd);
    s.wait_for("tones off");
    // That notice goes beside the one saying the old timer was replaced, not over it.
    let text = s.idle(std::time::Duration::from_millis(300));
    assert!(text.contains("replaced by this one"), "{text}");
    assert!(text.contains("♨ HOT"), "{text}");
    s.quit();
}
