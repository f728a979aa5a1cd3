//! Every way out of the real binary, in a pseudo-terminal (expectrl, 80x24): `q`, Ctrl-C,
//! `kill -TERM`, `kill -HUP`, `kill -INT`, `kill -QUIT`, a panic and an I/O error (both provoked
//! by the test-only `BACKSPASM_TEST_FAULT`). For each: the exit status, the bytes written after
//! the trigger (mouse and focus reporting off, the terminal's title popped back, cursor shown,
//! alternate screen left, nothing drawn after), the
//! pty's termios afterwards (exactly as before the app started: canonical mode, echo, signals),
//! and for a signal that the app ended within a second of it. Ctrl-Z with and without a shell
//! to come back to, and in a PID namespace (where the kernel answers 0 for a session), with
//! and without a shell.
//!
//! With real state: edits made with keys (a start, a pain score and its note, a lifting step
//! ticked, the ice pack started) are in the state file after TERM and HUP; a note being typed
//! is kept on TERM, HUP, QUIT and Ctrl-C; a signal that comes while a save waits for the lock
//! (0.5 s, and 4 s: longer than the watcher's 3 s fallback) ends the app only after that save;
//! the save on the way out writes what a failed save left queued; a running shower timer keeps
//! its completed phases; and a running timer or a ringing ice alarm changes nothing about the
//! way out (no bell and nothing drawn after the terminal is given back).
#![cfg(unix)]

mod common;

use std::os::fd::AsFd;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use backspasm::store;
use backspasm_core::state::State;
use backspasm_core::state::format;
use common::cli::{command, in_terminal, isolate};

use expectrl::process::unix::{Signal, WaitStatus};
use expectrl::{Any, Eof, Expect, session::OsSession};
use rustix::termios::{LocalModes, Termios, tcgetattr};

/// Written by the app's restore, each of them.
const MOUSE_OFF: [&str; 5] = [
    "\x1b[?1000l",
    "\x1b[?1002l",
    "\x1b[?1003l",
    "\x1b[?1006l",
    "\x1b[?1015l",
];
/// Focus reporting off, and the title the terminal had taken back from its stack.
const FOCUS_OFF: &str = "\x1b[?1004l";
const POP_TITLE: &str = "\x1b[23;0t";
/// Bracketed paste on and off.
const PASTE_ON: &str = "\x1b[?2004h";
const PASTE_OFF: &str = "\x1b[?2004l";
const CURSOR_SHOWN: &str = "\x1b[?25h";
const MAIN_SCREEN: &str = "\x1b[?1049l";
const ALT_SCREEN: &str = "\x1b[?1049h";
const MOUSE_ON: &str = "\x1b[?1000h";
const FOCUS_ON: &str = "\x1b[?1004h";
const PUSH_TITLE: &str = "\x1b[22;0t";
const BELL: char = '\x07';

struct Running {
    session: OsSession,
    /// The pty's modes just before the app started (a shell's cooked mode with echo).
    before: Termios,
    /// Everything the app wrote up to and including its first frame.
    first_frame: String,
    _state: tempfile::TempDir,
}

/// Start the app in a fresh pty: a shell turns echo on (ptyprocess starts with it off) and
/// core dumps off (QUIT's default action dumps one), says it is ready, waits for a line, then `exec`s the app; `redirect` is appended to the exec.
fn start(args: &[&str], env: &[(&str, &str)], redirect: &str) -> Running {
    let state = tempfile::tempdir().unwrap();
    let script = format!(
        "stty echo icanon isig; ulimit -c 0; echo READY; read _; exec \"$0\" \"$@\" {redirect}"
    );
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(script).arg(common::cli::BIN);
    if !args.contains(&"--state-dir") {
        cmd.arg("--state-dir").arg(state.path());
    }
    isolate(cmd.args(args)).env("TERM", "xterm-256color");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut session = OsSession::spawn(cmd).expect("spawn in a pty");
    session.expect("READY").expect("the shell starts");
    let before = termios(&session);
    assert!(
        before
            .local_modes
            .contains(LocalModes::ECHO | LocalModes::ICANON)
    );
    session.send_line("").unwrap();
    // The footer is the last thing drawn; "quit" is always in it.
    let frame = session.expect("quit").expect("the first frame");
    let first_frame = String::from_utf8_lossy(frame.before()).into_owned();
    assert!(first_frame.contains(ALT_SCREEN), "alternate screen entered");
    assert!(first_frame.contains(MOUSE_ON), "mouse reporting on");
    assert!(first_frame.contains(FOCUS_ON), "focus reporting on");
    assert!(first_frame.contains(PUSH_TITLE), "the title kept");
    assert!(first_frame.contains(PASTE_ON), "bracketed paste on");
    Running {
        session,
        before,
        first_frame,
        _state: state,
    }
}

fn termios(session: &OsSession) -> Termios {
    let master = session.get_process().get_raw_handle().unwrap();
    tcgetattr(master.as_fd()).expect("tcgetattr on the pty")
}

struct Ended {
    status: WaitStatus,
    /// Everything written after the trigger, until the pty closed.
    after: String,
}

impl Running {
    fn end(mut self) -> (Ended, Termios, Termios) {
        let rest = self.session.expect(Eof).expect("the app ends");
        let after = String::from_utf8_lossy(rest.as_bytes()).into_owned();
        let status = self.session.get_process().wait().unwrap();
        let now = termios(&self.session);
        (Ended { status, after }, self.before, now)
    }

    /// Send `signal` and wait for the end: within a second, which only the loop waking at once
    /// can do (the signal thread's fallback waits seconds and skips the final save).
    fn signal(mut self, signal: Signal) -> (Ended, Termios, Termios) {
        self.session.get_process_mut().signal(signal).unwrap();
        let sent = Instant::now();
        let ended = self.end();
        assert!(
            sent.elapsed() < Duration::from_secs(1),
            "{signal:?}: ended {:?} after the signal",
            sent.elapsed()
        );
        ended
    }
}

/// The bytes after the trigger give everything back, and nothing is drawn after that.
fn assert_restored(ended: &Ended, before: &Termios, now: &Termios) {
    let out = &ended.after;
    assert_given_back(out);
    assert!(
        !out.contains(ALT_SCREEN),
        "re-entered the alternate screen: {out:?}"
    );
    // Raw mode off: the terminal's modes are exactly those it had before.
    assert_eq!(now.local_modes, before.local_modes, "local modes");
    assert_eq!(now.input_modes, before.input_modes, "input modes");
    assert_eq!(now.output_modes, before.output_modes, "output modes");
    assert_eq!(now.control_modes, before.control_modes, "control modes");
    assert!(
        now.local_modes
            .contains(LocalModes::ICANON | LocalModes::ECHO | LocalModes::ISIG)
    );
}

/// `out` turns every input mode off, shows the cursor and leaves the alternate screen, and
/// nothing is drawn after that.
fn assert_given_back(out: &str) {
    let given_back = [&PASTE_OFF, &FOCUS_OFF, &POP_TITLE, &CURSOR_SHOWN];
    for seq in MOUSE_OFF.iter().chain(given_back).chain([&MAIN_SCREEN]) {
        assert!(out.contains(seq), "{seq:?} missing from {out:?}");
    }
    let left = out.rfind(MAIN_SCREEN).unwrap();
    for seq in MOUSE_OFF.iter().chain(given_back) {
        assert!(
            out.find(seq).unwrap() < left,
            "{seq:?} after leaving: {out:?}"
        );
    }
    // Only "cursor shown" may follow (ratatui's Terminal says it again when dropped).
    assert!(
        !after_main_screen(out)
            .replace(CURSOR_SHOWN, "")
            .contains('\x1b'),
        "drawn after leaving: {out:?}"
    );
    // A timer's bell (or an alarm's) never rings on the shell's screen.
    assert!(
        !after_main_screen(out).contains(BELL),
        "a bell after leaving: {out:?}"
    );
}

/// What was written after the alternate screen was last left.
fn after_main_screen(out: &str) -> &str {
    &out[out.rfind(MAIN_SCREEN).unwrap() + MAIN_SCREEN.len()..]
}

fn assert_exited(ended: &Ended, code: i32) {
    assert!(
        matches!(ended.status, WaitStatus::Exited(_, c) if c == code),
        "expected exit {code}, got {:?}",
        ended.status
    );
}

fn assert_killed_by(ended: &Ended, signal: Signal) {
    assert!(
        matches!(ended.status, WaitStatus::Signaled(_, s, _) if s == signal),
        "expected death by {signal:?}, got {:?}",
        ended.status
    );
    assert_eq!(after_main_screen(&ended.after), "", "nothing printed");
}

/// Press `key` on the guide: the app exits 0 and puts the terminal back.
#[track_caller]
fn quits_and_restores(key: &str) {
    let mut app = start(&[], &[], "");
    app.session.send(key).unwrap();
    let (ended, before, now) = app.end();
    assert_exited(&ended, 0);
    assert_restored(&ended, &before, &now);
}

/// Send `signal`: the app puts the terminal back, then dies by that signal.
#[track_caller]
fn dies_by_and_restores(app: Running, signal: Signal) {
    let (ended, before, now) = app.signal(signal);
    assert_killed_by(&ended, signal);
    assert_restored(&ended, &before, &now);
}

#[test]
fn q_quits_and_restores() {
    quits_and_restores("q");
}

#[test]
fn ctrl_c_quits_and_restores() {
    quits_and_restores("\x03");
}

#[test]
fn kill_term_restores_then_dies_by_term() {
    dies_by_and_restores(start(&[], &[], ""), Signal::SIGTERM);
}

#[test]
fn kill_hup_restores_then_dies_by_hup() {
    dies_by_and_restores(start(&[], &[], ""), Signal::SIGHUP);
}

/// QUIT (`kill -QUIT`; Ctrl-\\ is a key in raw mode) is handled like TERM.
#[test]
fn kill_quit_restores_then_dies_by_quit() {
    dies_by_and_restores(start(&[], &[], ""), Signal::SIGQUIT);
}

#[test]
fn kill_int_restores_then_dies_by_int() {
    dies_by_and_restores(start(&[], &[], ""), Signal::SIGINT);
}

/// A signal while the app is busy (here: a second screen open, keys arriving) is handled the
/// same way once the current update is done.
#[test]
fn kill_term_in_the_help_overlay() {
    let mut app = start(&["warnings"], &[], "");
    app.session.send("?").unwrap();
    app.session.expect(" Keys ").unwrap();
    dies_by_and_restores(app, Signal::SIGTERM);
}

#[test]
fn panic_restores_then_prints_the_message() {
    let app = start(&[], &[(backspasm::test_fault::VAR, "panic")], "");
    let (ended, before, now) = app.end();
    assert_exited(&ended, 101);
    assert_restored(&ended, &before, &now);
    // The message comes after the terminal is back, so it is readable on the main screen.
    assert!(
        after_main_screen(&ended.after).contains("the test-only panic"),
        "{:?}",
        ended.after
    );
}

#[test]
fn io_error_restores_then_reports() {
    let app = start(&[], &[(backspasm::test_fault::VAR, "io-error")], "");
    let (ended, before, now) = app.end();
    assert_exited(&ended, 2);
    assert_restored(&ended, &before, &now);
    assert!(
        after_main_screen(&ended.after)
            .contains("backspasm: terminal error: the test-only I/O error"),
        "{:?}",
        ended.after
    );
}

/// stdout a terminal, stdin not: keys come from the controlling terminal (/dev/tty).
#[test]
fn stdin_not_a_terminal_still_works_and_restores() {
    let mut app = start(&[], &[], "</dev/null");
    app.session.send("q").unwrap();
    let (ended, before, now) = app.end();
    assert_exited(&ended, 0);
    assert_restored(&ended, &before, &now);
}

fn assert_runs_in_memory(state_dir: &Path, why: &str) {
    let mut app = start(&["--state-dir", state_dir.to_str().unwrap()], &[], "");
    let frame = app.first_frame.clone()
        + &String::from_utf8_lossy(app.session.expect("not saving").unwrap().as_bytes());
    assert!(frame.contains("progress is not being saved"), "{frame:?}");
    assert!(frame.contains(why), "{why:?} not in {frame:?}");
    app.session.send("q").unwrap();
    let (ended, before, now) = app.end();
    assert_exited(&ended, 0);
    assert_restored(&ended, &before, &now);
}

/// A `--state-dir` that cannot be used: the guide still runs, and says why nothing is saved.
#[test]
fn state_dir_that_is_a_file_runs_in_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("file");
    std::fs::write(&file, "").unwrap();
    assert_runs_in_memory(&file, "could not create the state directory");
}

#[test]
fn state_dir_under_a_file_runs_in_memory() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("file"), "").unwrap();
    assert_runs_in_memory(
        &tmp.path().join("file/sub"),
        "could not create the state directory",
    );
}

/// A usage error on a terminal: clap quotes the bad value, which must not act on the terminal
/// (here: an OSC sequence that would retitle the window, and a CSI that would clear it).
#[test]
fn usage_error_on_a_terminal_quotes_the_value_harmlessly() {
    let mut cmd = command();
    cmd.arg("\x1b]0;owned\x07\x1b[2J");
    let mut session = OsSession::spawn(cmd).unwrap();
    let out = session.expect(Eof).unwrap();
    let out = String::from_utf8_lossy(out.as_bytes()).into_owned();
    assert!(out.contains("unrecognized subcommand"), "{out:?}");
    assert!(!out.contains("\x1b]"), "{out:?}");
    assert!(!out.contains("\x1b[2J"), "{out:?}");
    assert!(!out.contains('\x07'), "{out:?}");
    assert!(matches!(
        session.get_process().wait().unwrap(),
        WaitStatus::Exited(_, 2)
    ));
}

/// The terminal really goes away (its master side closed, as when the window is closed or an
/// ssh session drops): the kernel sends SIGHUP and the terminal reads fail. The app ends
/// promptly, by SIGHUP, instead of spinning on the dead terminal, and keeps the note that was
/// being typed.
#[test]
fn terminal_hangup_ends_the_app_promptly() {
    use std::io::Read;
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::time::{Duration, Instant};

    use rustix::fs::{Mode, OFlags};
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    use rustix::termios::{Winsize, tcsetwinsize};

    // CLOEXEC: a master the child inherited would keep the terminal alive.
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let size = Winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    tcsetwinsize(&master, size).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    let flags = OFlags::RDWR | OFlags::NOCTTY | OFlags::CLOEXEC;
    let slave = rustix::fs::open(name.as_c_str(), flags, Mode::empty()).unwrap();
    let slave = std::fs::File::from(slave);
    let state = tempfile::tempdir().unwrap();
    // Started already, so it opens on the guide, where `p` logs pain.
    let mut started = State::default();
    backspasm_core::state::format::Persist::apply(
        &mut started,
        &backspasm_core::state::Edit::SetOnset(chrono::Utc::now().fixed_offset()),
    );
    std::fs::write(
        state.path().join(store::FILE_NAME),
        format::encode(&started).unwrap(),
    )
    .unwrap();
    let mut cmd = in_terminal(state.path(), &[]);
    cmd.stdin(slave.try_clone().unwrap())
        .stdout(slave.try_clone().unwrap())
        .stderr(slave);
    // SAFETY: only async-signal-safe system calls between fork and exec.
    #[allow(unsafe_code)]
    unsafe {
        cmd.pre_exec(|| {
            rustix::process::setsid()?;
            rustix::process::ioctl_tiocsctty(rustix::stdio::stdin())?;
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    drop(cmd);

    // Wait for the first frame.
    let mut master = std::fs::File::from(master);
    let mut seen = Vec::new();
    let mut buf = [0; 4096];
    while !String::from_utf8_lossy(&seen).contains("quit") {
        let n = master.read(&mut buf).expect("the app draws");
        assert!(n > 0, "the app ended early");
        seen.extend_from_slice(&buf[..n]);
    }

    // A pain score, and a note being typed when the terminal goes. From here on reads do not
    // block: the app draws again only in a minute.
    use std::io::Write;
    rustix::fs::fcntl_setfl(&master, OFlags::NONBLOCK).unwrap();
    master.write_all(b"p7").unwrap();
    let start = Instant::now();
    while kept(state.path()).diary.is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "pain 7 not saved"
        );
        let _ = master.read(&mut buf);
    }
    master.write_all(b"stiff").unwrap();
    // Read its frames until it has drawn the typing (the pty must not fill up either).
    let typed = Instant::now();
    while typed.elapsed() < Duration::from_millis(300) {
        let _ = master.read(&mut buf);
        std::thread::sleep(Duration::from_millis(10));
    }

    drop(master);
    let hung_up = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if hung_up.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("the app is still running 10 s after its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(status.signal(), Some(Signal::SIGHUP as i32), "{status:?}");
    assert!(
        hung_up.elapsed() < Duration::from_secs(2),
        "took {:?}",
        hung_up.elapsed()
    );
    // The loop never came back from the dead terminal: the signal thread kept the note.
    let s = kept(state.path());
    assert_eq!(s.diary[0].note.as_deref(), Some("stiff"));
}

// ---- With real state ----------------------------------------------------------------------

/// What the state file in `dir` holds now (nothing yet: the empty state).
fn kept(dir: &Path) -> State {
    match std::fs::read(dir.join(store::FILE_NAME)) {
        Ok(bytes) => format::decode(&bytes).expect("the state file decodes"),
        Err(_) => State::default(),
    }
}

/// Read what the app writes (so the pty never fills up and blocks it) until `done` holds of
/// the state file; what was read is added to `seen`.
fn until(app: &mut Running, dir: &Path, seen: &mut Vec<u8>, done: impl Fn(&State) -> bool) {
    let start = Instant::now();
    let mut buf = [0; 4096];
    while !done(&kept(dir)) {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "not in the state file after 10 s: {:?}",
            kept(dir)
        );
        while let Ok(n @ 1..) = app.session.try_read(&mut buf) {
            seen.extend_from_slice(&buf[..n]);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Read what the app writes until it has written nothing for 200 ms (its frame is out).
fn quiet(app: &mut Running, seen: &mut Vec<u8>) {
    let mut buf = [0; 4096];
    let mut last = Instant::now();
    while last.elapsed() < Duration::from_millis(200) {
        match app.session.try_read(&mut buf) {
            Ok(n @ 1..) => {
                seen.extend_from_slice(&buf[..n]);
                last = Instant::now();
            }
            _ => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn with_state_dir(dir: &Path, args: &[&str]) -> Running {
    let dir = dir.to_str().unwrap();
    let mut all = vec!["--state-dir", dir];
    all.extend_from_slice(args);
    start(&all, &[], "")
}

/// Keys as a user presses them, each change waited for in the state file, then the signal: a
/// signal does not damage or lose what is already on disk.
#[test]
fn term_and_hup_leave_every_saved_edit_in_place() {
    for signal in [Signal::SIGTERM, Signal::SIGHUP] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let mut app = with_state_dir(dir, &[]);
        let mut seen = Vec::new();
        // The first start asks when it began: 1 is "just now".
        app.session.send("1").unwrap();
        until(&mut app, dir, &mut seen, |s| s.onset.is_some());
        // Pain 7, then its note.
        app.session.send("p7").unwrap();
        until(&mut app, dir, &mut seen, |s| s.diary.len() == 1);
        app.session.send("stiff\r").unwrap();
        until(&mut app, dir, &mut seen, |s| {
            s.diary[0].note.as_deref() == Some("stiff")
        });
        // The lifting technique, its first step done; then the ice pack, started.
        app.session.send("l ").unwrap();
        until(&mut app, dir, &mut seen, |s| {
            s.walks
                .get("lifting")
                .is_some_and(|p| p.done.contains("approach"))
        });
        app.session.send("i ").unwrap();
        until(&mut app, dir, &mut seen, |s| s.timers.wall.is_some());

        dies_by_and_restores(app, signal);
        let s = kept(dir);
        assert!(s.onset.is_some(), "{signal:?}: {s:?}");
        assert_eq!(s.diary.len(), 1, "{signal:?}");
        assert_eq!(s.diary[0].score, 7);
        assert_eq!(s.diary[0].note.as_deref(), Some("stiff"));
        assert_eq!(
            s.walks["lifting"].done.iter().collect::<Vec<_>>(),
            ["approach"]
        );
        let ice = s.timers.wall.expect("the ice run is kept");
        assert_eq!((ice.cycle.as_str(), ice.phase.as_str()), ("ice", "on"));
        assert!(matches!(
            ice.timing,
            backspasm_core::timer::kept::WallTiming::Running { .. }
        ));
    }
}

/// Pain 5 pressed while another instance holds the lock: the screen waits for the save (it
/// never shows "logged" before the entry is on disk), and a signal that comes meanwhile ends
/// the app only once that save is done.
#[test]
fn a_signal_during_a_save_waits_for_it() {
    for signal in [Signal::SIGTERM, Signal::SIGHUP] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let mut app = with_state_dir(dir, &[]);
        let mut seen = Vec::new();
        app.session.send("1").unwrap();
        until(&mut app, dir, &mut seen, |s| s.onset.is_some());
        app.session.send("p").unwrap();
        app.session.expect("Pain now").unwrap();
        quiet(&mut app, &mut seen);
        let lock = std::fs::File::open(dir.join("state.lock")).unwrap();
        lock.lock().unwrap();
        app.session.send("5").unwrap();
        let mut held = Vec::new();
        quiet(&mut app, &mut held);
        let held = String::from_utf8_lossy(&held);
        assert!(
            !held.contains("logged"),
            "shown before it was saved: {held:?}"
        );
        app.session.get_process_mut().signal(signal).unwrap();
        std::thread::sleep(Duration::from_millis(500));
        assert!(kept(dir).diary.is_empty(), "saved through a held lock?");
        // Had the signal cut the save short, nothing could be written after this.
        lock.unlock().unwrap();
        let (ended, before, now) = app.end();
        assert_killed_by(&ended, signal);
        assert_restored(&ended, &before, &now);
        let s = kept(dir);
        assert_eq!(
            s.diary.iter().map(|e| e.score).collect::<Vec<_>>(),
            [5],
            "{signal:?}"
        );
    }
}

/// The same with the lock held for 4 s, most of the store's 5 s lock timeout: the signal
/// watcher's fallback (3 s for a live terminal) must not end the app while the save waits.
#[test]
fn a_signal_during_a_long_wait_for_the_lock_still_saves() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut app = with_state_dir(dir, &[]);
    let mut seen = Vec::new();
    app.session.send("1").unwrap();
    until(&mut app, dir, &mut seen, |s| s.onset.is_some());
    app.session.send("p").unwrap();
    app.session.expect("Pain now").unwrap();
    quiet(&mut app, &mut seen);
    let lock = std::fs::File::open(dir.join("state.lock")).unwrap();
    lock.lock().unwrap();
    let held = Instant::now();
    app.session.send("5").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    app.session
        .get_process_mut()
        .signal(Signal::SIGTERM)
        .unwrap();
    let holder = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(4).saturating_sub(held.elapsed()));
        lock.unlock().unwrap();
    });
    let (ended, before, now) = app.end();
    let ended_after = held.elapsed();
    holder.join().unwrap();
    assert!(
        ended_after >= Duration::from_secs(4),
        "ended after {ended_after:?}, while the lock was still held"
    );
    assert_killed_by(&ended, Signal::SIGTERM);
    assert_restored(&ended, &before, &now);
    assert_eq!(
        kept(dir).diary.iter().map(|e| e.score).collect::<Vec<_>>(),
        [5]
    );
}

/// A note being typed when the app is told to end (TERM, HUP, QUIT, Ctrl-C) is kept, as Enter
/// would keep it; the app ends within a second of the signal.
#[test]
fn a_note_being_typed_is_kept_on_the_way_out() {
    for trigger in ["TERM", "HUP", "QUIT", "Ctrl-C"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let mut app = with_state_dir(dir, &[]);
        let mut seen = Vec::new();
        app.session.send("1").unwrap();
        until(&mut app, dir, &mut seen, |s| s.onset.is_some());
        app.session.send("p7").unwrap();
        until(&mut app, dir, &mut seen, |s| s.diary.len() == 1);
        app.session.send("stiff and sore").unwrap();
        // Each key's frame sends only the cell that changed: wait for the typing to be drawn.
        quiet(&mut app, &mut seen);
        assert_eq!(
            kept(dir).diary[0].note,
            None,
            "{trigger}: saved before Enter?"
        );
        let (ended, before, now) = match trigger {
            "TERM" => app.signal(Signal::SIGTERM),
            "HUP" => app.signal(Signal::SIGHUP),
            "QUIT" => app.signal(Signal::SIGQUIT),
            _ => {
                app.session.send("\x03").unwrap();
                app.end()
            }
        };
        match trigger {
            "TERM" => assert_killed_by(&ended, Signal::SIGTERM),
            "HUP" => assert_killed_by(&ended, Signal::SIGHUP),
            "QUIT" => assert_killed_by(&ended, Signal::SIGQUIT),
            _ => assert_exited(&ended, 0),
        }
        assert_restored(&ended, &before, &now);
        let s = kept(dir);
        assert_eq!(s.diary[0].score, 7, "{trigger}");
        assert_eq!(
            s.diary[0].note.as_deref(),
            Some("stiff and sore"),
            "{trigger}"
        );
    }
}

/// The final save is what keeps an edit whose save had not gone through when the signal came:
/// a pain score logged while the state directory cannot be written (the save fails and the
/// edit stays queued), the directory put back, then TERM: the entry is on disk, written only
/// by the save on the way out.
#[test]
fn the_save_on_the_way_out_retries_what_a_failed_save_left_queued() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("state");
    let mut app = with_state_dir(&dir, &[]);
    let mut seen = Vec::new();
    app.session.send("1").unwrap();
    until(&mut app, &dir, &mut seen, |s| s.onset.is_some());
    std::fs::rename(&dir, tmp.path().join("aside")).unwrap();
    std::fs::write(&dir, "").unwrap();
    app.session.send("p6").unwrap();
    app.session.expect("not saving").unwrap();
    quiet(&mut app, &mut seen);
    std::fs::remove_file(&dir).unwrap();
    std::fs::rename(tmp.path().join("aside"), &dir).unwrap();
    assert!(kept(&dir).diary.is_empty());
    dies_by_and_restores(app, Signal::SIGTERM);
    assert_eq!(
        kept(&dir).diary.iter().map(|e| e.score).collect::<Vec<_>>(),
        [6]
    );
}

/// The shower timer counting 1 s phases, bells ringing: TERM, HUP or q keep the phases it
/// completed (the running one is not kept: it lasts minutes) and leave the terminal as it was,
/// with no bell after.
#[test]
fn a_running_shower_timer_keeps_its_completed_phases_on_term() {
    shower_timer_then("TERM");
}

#[test]
fn a_running_shower_timer_keeps_its_completed_phases_on_hup() {
    shower_timer_then("HUP");
}

#[test]
fn a_running_shower_timer_keeps_its_completed_phases_on_q() {
    shower_timer_then("q");
}

fn shower_timer_then(trigger: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut app = with_state_dir(dir, &["timer", "--hot", "1s", "--cold", "1s"]);
    let mut seen = app.first_frame.clone().into_bytes();
    let phases = |s: &State| {
        s.timers.done.get("hydrotherapy").map_or(0, |l| {
            l.days
                .values()
                .map(|d| d.not_counted + d.phases.values().sum::<u32>())
                .sum::<u32>()
        })
    };
    until(&mut app, dir, &mut seen, |s| phases(s) >= 3);
    assert!(seen.contains(&b'\x07'), "{trigger}: the cues rang");
    let (ended, before, now) = match trigger {
        "TERM" => app.signal(Signal::SIGTERM),
        "HUP" => app.signal(Signal::SIGHUP),
        _ => {
            app.session.send("q").unwrap();
            app.end()
        }
    };
    match trigger {
        "TERM" => assert_killed_by(&ended, Signal::SIGTERM),
        "HUP" => assert_killed_by(&ended, Signal::SIGHUP),
        _ => assert_exited(&ended, 0),
    }
    assert_restored(&ended, &before, &now);
    let state = kept(dir);
    assert!(phases(&state) >= 3, "{trigger}: {state:?}");
    // 1 s phases are far shorter than the article's: kept, but not counted as treatment.
    let log = &state.timers.done["hydrotherapy"];
    assert_eq!(
        (log.rounds(), log.count("hot"), log.count("cold")),
        (0, 0, 0)
    );
    assert_eq!(log.last(), None, "{trigger}");
}

/// An ice run whose 20 minutes ended while the app was closed: it starts on the ice screen
/// with the alarm ringing (three bells, again every 5 s). Every way out, right after a bell,
/// leaves the terminal as it was with no bell after, and the alarm is still kept unsilenced
/// for the next start.
#[test]
fn a_ringing_ice_alarm_changes_nothing_on_the_way_out() {
    for trigger in ["TERM", "HUP", "q", "Ctrl-C", "panic"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let now = chrono::Utc::now().fixed_offset();
        let minutes = chrono::TimeDelta::minutes;
        let state = common::keep_ice_on(dir, now - minutes(1), now - minutes(2));

        let env: &[(&str, &str)] = if trigger == "panic" {
            &[(backspasm::test_fault::VAR, "panic")]
        } else {
            &[]
        };
        let mut app = start(&["--state-dir", dir.to_str().unwrap()], env, "");
        assert!(app.first_frame.contains("ICE ON"), "{:?}", app.first_frame);
        if trigger != "panic" {
            // Right after a bell: the next pulse is due 400 ms later.
            if !app.first_frame.contains(BELL) {
                app.session.expect("\x07").unwrap();
            }
        }
        let (ended, before, now) = match trigger {
            "TERM" => app.signal(Signal::SIGTERM),
            "HUP" => app.signal(Signal::SIGHUP),
            "q" | "Ctrl-C" => {
                app.session
                    .send(if trigger == "q" { "q" } else { "\x03" })
                    .unwrap();
                app.end()
            }
            _ => app.end(),
        };
        match trigger {
            "TERM" => assert_killed_by(&ended, Signal::SIGTERM),
            "HUP" => assert_killed_by(&ended, Signal::SIGHUP),
            "panic" => assert_exited(&ended, 101),
            _ => assert_exited(&ended, 0),
        }
        assert_restored(&ended, &before, &now);
        let s = kept(dir);
        if trigger == "panic" {
            // It panics before its first save: the file is as it was, and the next start
            // catches up the same way.
            assert_eq!(s, state);
            continue;
        }
        let ice = s.timers.wall.expect("the ice run is kept");
        assert!(ice.alarm.is_some(), "{trigger}: the alarm is still on");
        assert_eq!(ice.phase, "off", "{trigger}: the break runs");
        assert_eq!(s.timers.done["ice"].count("on"), 1, "{trigger}");
    }
}

// ---- Job control -------------------------------------------------------------------------

/// bash as a person's shell (interactive, so with job control; no line editing, so it leaves
/// the terminal's modes as it finds them), in a fresh pty, at its prompt.
/// `bash -i` in a pty, or `unshare` starting it in a PID namespace of its own (`in_namespace`).
fn job_control_shell(in_namespace: bool) -> OsSession {
    let bash = ["bash", "--norc", "--noprofile", "--noediting", "-i"];
    let mut cmd = if in_namespace {
        let mut cmd = Command::new("unshare");
        cmd.args(UNSHARE).args(bash);
        cmd
    } else {
        let mut cmd = Command::new(bash[0]);
        cmd.args(&bash[1..]);
        cmd
    };
    isolate(&mut cmd)
        .env("TERM", "xterm-256color")
        .env("PS1", "READY> ");
    let mut session = OsSession::spawn(cmd).expect("bash in a pty");
    session.expect("READY> ").expect("the prompt");
    session
}

/// The pid (as seen from here) of the shell's one child, the app it runs; under `unshare`, the
/// child of its child.
fn child_of(shell: &OsSession, in_namespace: bool) -> i32 {
    let first_child = |pid: i32| -> i32 {
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children"))
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .and_then(|c| c.parse().ok())
            .expect("the app runs")
    };
    let pid = shell.get_process().pid().as_raw();
    let shell_pid = if in_namespace { first_child(pid) } else { pid };
    first_child(shell_pid)
}

/// A PID namespace whose session leader (`unshare`, made one by the pty) lies outside it, as on
/// a CI runner: the kernel answers 0 for the session there. A user namespace too, so that it
/// needs no root where unprivileged user namespaces are allowed.
const UNSHARE: [&str; 4] = ["--user", "--map-root-user", "--pid", "--fork"];

/// Whether this machine lets us `unshare` as above (a container may not).
fn can_unshare() -> bool {
    let allowed = Command::new("unshare")
        .args(UNSHARE)
        .arg("true")
        .output()
        .is_ok_and(|out| out.status.success());
    if !allowed {
        eprintln!(
            "skipped: `unshare {}` is not allowed here",
            UNSHARE.join(" ")
        );
    }
    allowed
}

/// The process state letter of `/proc/PID/stat` (T: stopped).
fn process_state(pid: i32) -> char {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    stat[stat.rfind(')').unwrap() + 2..].chars().next().unwrap()
}

/// Suspended by `suspend` (Ctrl-Z, or SIGTSTP from outside), the app gives the terminal back
/// (every input mode off, the cursor shown, the main screen, raw mode off) and stops, so the
/// shell's prompt is usable; `fg` continues it, and it takes the terminal again (alternate
/// screen, mouse and paste modes, raw mode) and draws the whole screen at once; `q` then quits
/// as usual.
fn suspends_and_comes_back(in_namespace: bool, suspend: impl Fn(&mut OsSession, i32)) {
    let state = tempfile::tempdir().unwrap();
    let mut shell = job_control_shell(in_namespace);
    let cooked = termios(&shell);
    shell
        .send_line(format!(
            "{} --state-dir {}",
            common::cli::BIN,
            state.path().display()
        ))
        .unwrap();
    shell.expect("quit").expect("the first frame");
    let app = child_of(&shell, in_namespace);
    assert!(!termios(&shell).local_modes.contains(LocalModes::ICANON));

    suspend(&mut shell, app);
    let stopped = shell.expect("Stopped").expect("the shell says it stopped");
    let out = String::from_utf8_lossy(stopped.before()).into_owned();
    assert_given_back(&out);
    let start = Instant::now();
    while process_state(app) != 'T' {
        assert!(start.elapsed() < Duration::from_secs(2), "not stopped");
        std::thread::sleep(Duration::from_millis(10));
    }
    let given = termios(&shell);
    assert_eq!(given.local_modes, cooked.local_modes, "raw mode left");
    assert_eq!(given.input_modes, cooked.input_modes);

    shell.send_line("fg").unwrap();
    let back = shell.expect("quit").expect("drawn again");
    let out = String::from_utf8_lossy(back.before()).into_owned();
    for seq in [ALT_SCREEN, MOUSE_ON, PASTE_ON] {
        assert!(out.contains(seq), "{seq:?} missing after fg: {out:?}");
    }
    // The whole screen, not only what changed: the tab bar and the pane's first words.
    assert!(out.contains("Today") && out.contains("Body"), "{out:?}");
    assert!(!termios(&shell).local_modes.contains(LocalModes::ICANON));
    assert_ne!(process_state(app), 'T', "still stopped");

    shell.send("q").unwrap();
    let quit = shell.expect("READY> ").expect("back at the prompt");
    assert_given_back(&String::from_utf8_lossy(quit.before()));
    shell.send_line("echo status=$?").unwrap();
    shell.expect("status=0").expect("quit with 0");
}

#[test]
fn ctrl_z_suspends_and_fg_brings_it_back() {
    suspends_and_comes_back(false, |shell, _| shell.send("\x1a").unwrap());
}

/// The same where the kernel answers 0 for the shell's and the app's session (see `UNSHARE`):
/// the shell is there to `fg` it all the same.
#[test]
fn ctrl_z_suspends_in_a_pid_namespace_too() {
    if can_unshare() {
        suspends_and_comes_back(true, |shell, _| shell.send("\x1a").unwrap());
    }
}

#[test]
fn sigtstp_from_outside_suspends_and_fg_brings_it_back() {
    suspends_and_comes_back(false, |_, app| {
        rustix::process::kill_process(
            rustix::process::Pid::from_raw(app).unwrap(),
            rustix::process::Signal::TSTP,
        )
        .unwrap()
    });
}

/// Without a shell to come back to (the app runs as the terminal's first process, as in a
/// window opened on it), Ctrl-Z does not stop it, which would freeze the window: it says so.
#[test]
fn ctrl_z_without_a_shell_says_so_and_keeps_running() {
    let mut app = start(&[], &[], "");
    app.session.send("\x1a").unwrap();
    // An end instead of the notice is reported with what the app wrote and how it ended.
    let seen = app
        .session
        .expect(Any::boxed(vec![Box::new("no shell here"), Box::new(Eof)]))
        .unwrap();
    let out = String::from_utf8_lossy(seen.as_bytes()).into_owned();
    if !out.contains("no shell here") {
        let status = app.session.get_process().wait();
        panic!("the app ended ({status:?}) instead of saying so; it wrote: {out:?}");
    }
    app.session.send("q").unwrap();
    let (ended, before, now) = app.end();
    assert_exited(&ended, 0);
    assert_restored(&ended, &before, &now);
}

/// The same where the kernel answers 0 for our session: started in a PID namespace whose
/// session leader is outside it (as on a CI runner or after `unshare`). The app once panicked
/// there; it must say so and keep running. Needs `unshare --pid`, which a container may forbid.
#[test]
fn ctrl_z_in_a_pid_namespace_without_a_shell_says_so() {
    if !can_unshare() {
        return;
    }
    let state = tempfile::tempdir().unwrap();
    let mut cmd = Command::new("unshare");
    // `sh` stays as the app's parent, in the namespace: it is pid 1 there, its session is not.
    cmd.args(UNSHARE)
        .args(["sh", "-c", "\"$0\" \"$@\"; echo ENDED $?"])
        .arg(common::cli::BIN)
        .arg("--state-dir")
        .arg(state.path());
    isolate(&mut cmd).env("TERM", "xterm-256color");
    let mut session = OsSession::spawn(cmd).expect("spawn in a pty");
    session.expect("quit").expect("the first frame");
    session.send("\x1a").unwrap();
    session.expect("no shell here").expect("told, not stopped");
    session.send("q").unwrap();
    session.expect("ENDED 0").expect("q still quits, with 0");
}
