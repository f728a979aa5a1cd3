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
    #[track_caller]
    pub fn wait_for(&mut self, needle: &str) -> Instant {
        self.wait_until(needle, |s| s.contains(needle))
    }

    /// Wait until the screen satisfies `done` (10 s at most); when it first did.
    #[track_caller]
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
            std::thread::sleep(Duration::from_millis(2));
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

    /// Read until the screen has not changed for 300 ms: the app is done with its input.
    pub fn quiet(&mut self) {
        let mut last = (Instant::now(), self.text());
        while last.0.elapsed() < Duration::from_millis(300) {
            std::thread::sleep(Duration::from_millis(10));
            self.pump();
            let text = self.text();
            if text != last.1 {
                last = (Instant::now(), text);
            }
        }
    }

    pub fn send(&mut self, keys: impl AsRef<[u8]>) {
        self.session.send(keys).unwrap();
    }

    /// Like `send`, but an app that stops reading fails the test instead of hanging it: what
    /// the terminal does not take within 10 s is an error.
    #[track_caller]
    pub fn send_all(&mut self, bytes: impl AsRef<[u8]>) {
        use rustix::fs::{OFlags, fcntl_getfl, fcntl_setfl};
        use std::io::Write;
        let mut master = self.session.get_process().get_raw_handle().unwrap();
        let start = Instant::now();
        let mut rest = bytes.as_ref();
        while !rest.is_empty() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the app stopped reading its input with {} bytes to go",
                rest.len()
            );
            // The handle shares its flags with the session's (as `try_read` does).
            let flags = fcntl_getfl(&master).unwrap();
            fcntl_setfl(&master, flags | OFlags::NONBLOCK).unwrap();
            let written = master.write(rest);
            fcntl_setfl(&master, flags).unwrap();
            match written {
                Ok(n) => rest = &rest[n..],
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
            self.pump();
        }
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
