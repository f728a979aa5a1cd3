//! A hidden switch for the pty tests (`tests/exit_paths.rs`) only: with
//! `BACKSPASM_TEST_FAULT=panic` the app panics, with `=io-error` its event loop fails, right
//! after the first frame is drawn, so the tests can prove the terminal is given back on those
//! paths too. Only a test sets it; any other value is ignored.

pub const VAR: &str = "BACKSPASM_TEST_FAULT";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Panic,
    IoError,
}

/// The fault asked for in the environment, if any.
pub fn requested() -> Option<Fault> {
    match std::env::var(VAR).ok()?.as_str() {
        "panic" => Some(Fault::Panic),
        "io-error" => Some(Fault::IoError),
        _ => None,
    }
}
