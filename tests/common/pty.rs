//! The real binary in a pseudo-terminal (expectrl, 80x24), with the screen as a terminal shows
//! it (vt100 parses what the app writes).

use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;
use expectrl::{Eof, Expect, Session};

pub struct Screen {
    pub session: OsSession,
    parser: vt100::Parser,
}

impl Screen {
    /// The binary with `args`, keeping its state in `state_dir`.
    pub fn start(state_dir: &Path, args: &[&str]) -> Screen {
        let mut cmd = super::cli::in_terminal(state_dir, args);
        // Started there (when it is a directory), so the diary's summary file is written there.
        if state_dir.is_dir() {
            cmd.current_dir(state_dir);
        }
        Screen::spawn(cmd)
    }

    /// `cmd` (the binary, or something that runs it) in an 80x24 pty.
    pub fn spawn(cmd: Command) -> Screen {
        let mut session = Session::spawn(cmd).expect("spawn backspasm in a pty");
        session.get_process_mut().set_window_size(80, 24).unwrap();
        let size = |n| NonZeroU16::new(n).unwrap();
        Screen {
            session,
            parser: vt100::Parser::new(size(24), size(80), 0),
        }
    }

    /// Take in what the app has written so far.
    pub fn pump(&mut self) {
        let mut buf = [0; 4096];
        while let Ok(n @ 1..) = self.session.try_read(&mut buf) {
            self.parser.process(&buf[..n]);
        }
    }

    pub fn text(&self) -> String {
        self.parser.screen().contents()
    }

    /// Wait until the screen shows `needle` (10 s at most); when it first did.
    pub fn wait_for(&mut self, needle: &str) -> Instant {
        self.wait_until(needle, |s| s.contains(needle))
    }

    pub fn wait_until(&mut self, what: &str, done: impl Fn(&str) -> bool) -> Instant {
        let start = Instant::now();
        loop {
            self.pump();
            if done(&self.text()) {
                return Instant::now();
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "not on screen after 10 s: {what}\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Read for `d` without pressing anything: what the screen shows after that.
    pub fn idle(&mut self, d: Duration) -> String {
        let start = Instant::now();
        while start.elapsed() < d {
            self.pump();
            std::thread::sleep(Duration::from_millis(10));
        }
        self.text()
    }

    pub fn send(&mut self, keys: &str) {
        self.session.send(keys).unwrap();
    }

    pub fn quit(mut self) {
        self.send("q");
        self.session.expect(Eof).unwrap();
        assert!(matches!(
            self.session.get_process().wait().unwrap(),
            WaitStatus::Exited(_, 0)
        ));
    }
}
