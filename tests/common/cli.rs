//! Running the built binary. Every run starts from the same environment, whatever the shell
//! running the tests has set: colour on, no state directory but the one a test names, no
//! injected fault or frozen clock, no backtrace in a panic's message, and the timers silent
//! (BACKSPASM_MUTE: no player or speech command is started; tests/cues_cli.rs turns them on
//! with stand-ins).

use std::path::Path;
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_backspasm");

/// Clear what the binary reads from the environment (on `cmd`, or on a shell that `exec`s it).
pub fn isolate(cmd: &mut Command) -> &mut Command {
    // A run without --state-dir must not read or write the state of whoever runs the tests.
    let home = std::env::temp_dir().join(format!("backspasm-test-home-{}", std::process::id()));
    cmd.env("HOME", &home)
        .env("XDG_STATE_HOME", home.join(".local/state"))
        .env_remove("NO_COLOR")
        .env_remove("BACKSPASM_STATE_DIR")
        .env_remove(backspasm::test_fault::VAR)
        .env_remove(backspasm::clock::FROZEN_VAR)
        .env_remove("RUST_BACKTRACE")
        .env("BACKSPASM_MUTE", "1")
        .env_remove("BACKSPASM_PLAYER")
        .env_remove("BACKSPASM_SPEECH")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
}

/// The binary, not yet run.
pub fn command() -> Command {
    let mut cmd = Command::new(BIN);
    isolate(&mut cmd);
    cmd
}

/// The binary in a terminal of the usual kind, keeping its state in `state_dir`.
pub fn in_terminal(state_dir: &Path, args: &[&str]) -> Command {
    let mut cmd = command();
    cmd.arg("--state-dir")
        .arg(state_dir)
        .args(args)
        .env("TERM", "xterm-256color");
    cmd
}

/// Run the binary with `args`, its output captured.
pub fn backspasm(args: &[&str]) -> Output {
    command().args(args).output().expect("run backspasm")
}

/// Run the binary with `args`, keeping its state in `dir`.
pub fn backspasm_in(dir: &Path, args: &[&str]) -> Output {
    command()
        .arg("--state-dir")
        .arg(dir)
        .args(args)
        .output()
        .expect("run backspasm")
}

/// Standard output, which must be UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("utf-8 stdout")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
