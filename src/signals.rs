//! Terminating signals (TERM, HUP, INT, QUIT) without a polling interval. A thread sleeps until
//! one comes, records it and raises SIGWINCH: crossterm already turns SIGWINCH into a byte on
//! its own self-pipe, which wakes the `event::read` or `event::poll` the loop is blocked in.
//! The loop then finishes what it was doing (a save is never cut short), sees `received()`, and
//! `tui::run` saves, restores the terminal and ends the process with `end_by`.
//!
//! When the terminal itself is gone (the window closed, ssh dropped), crossterm's reader spins
//! on the dead terminal inside `event::read` and the loop never gets back. So after a grace
//! (`HUNG_UP_GRACE` if the terminal is gone, `GRACE` otherwise) the thread takes over from a
//! loop that is still waiting for input: it saves what the loop would have saved, restores
//! what it can and ends the process itself. A loop that is busy (a save waiting for another
//! instance's lock, the final save) is let finish, up to `BUSY_LIMIT`.
//!
//! Job control the same way: SIGTSTP from outside (Ctrl-Z itself is a key in raw mode) asks
//! the loop to give the terminal back and stop; SIGCONT (`fg`, or a continue after any stop)
//! asks it to take the terminal again and redraw.

use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use signal_hook::iterator::Signals;
use signal_hook::low_level;

use crate::store::LOCK_TIMEOUT;

/// The signals that end the app: `kill`, the terminal window closing (or an ssh session
/// dropping), an interrupt sent from outside (Ctrl-C itself is a key in raw mode) and a quit
/// (Ctrl-\ is a key too; `kill -QUIT` would otherwise leave the terminal in raw mode).
pub const TERMINATING: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];

/// How long the loop, blocked waiting for input, has to wake and end the process itself. It
/// wakes in milliseconds; only a loop that cannot (a dead terminal it did not notice) needs
/// the fallback.
const GRACE: Duration = Duration::from_secs(3);
/// The same when the terminal is gone: the loop cannot come back from input, so no long wait.
const HUNG_UP_GRACE: Duration = Duration::from_millis(200);
/// How long a loop that is away from input (saving, drawing, ending) is let finish: a save
/// waits at most `LOCK_TIMEOUT` for another instance's lock, and the loop's save and the final
/// one may both wait. Past this the disk or the terminal is stuck.
const BUSY_LIMIT: Duration = Duration::from_secs(2 * LOCK_TIMEOUT.as_secs() + 5);
/// How often the watcher looks again while it waits.
const LOOK_EVERY: Duration = Duration::from_millis(50);

/// The first terminating signal received; 0 while none has come.
static RECEIVED: AtomicI32 = AtomicI32::new(0);
/// A suspend asked for (SIGTSTP or Ctrl-Z) and not yet done.
static SUSPEND: AtomicBool = AtomicBool::new(false);
/// Continued after a stop, not yet seen by the loop.
static CONTINUED: AtomicBool = AtomicBool::new(false);

/// Start watching. Call after crossterm's event reader exists (`event::poll` once), so its
/// SIGWINCH pipe is there to be woken. If the loop has not ended the process within the grace,
/// `take_over` is called (again and again) with the signal: it ends the process itself if the
/// loop is waiting for input, and returns if the loop is busy. Past `BUSY_LIMIT`, `restore`
/// gives the terminal back and the process ends without more.
pub fn watch(restore: fn(), take_over: impl Fn(i32) + Send + 'static) -> io::Result<()> {
    let mut signals = Signals::new(TERMINATING.iter().chain(&[SIGTSTP, SIGCONT]))?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let signal = loop {
                match signals.forever().next() {
                    None => return,
                    Some(SIGTSTP) => SUSPEND.store(true, Ordering::SeqCst),
                    Some(SIGCONT) => CONTINUED.store(true, Ordering::SeqCst),
                    Some(signal) => break signal,
                }
                let _ = low_level::raise(SIGWINCH);
            };
            RECEIVED.store(signal, Ordering::SeqCst);
            let _ = low_level::raise(SIGWINCH);
            let since = Instant::now();
            while since.elapsed() < BUSY_LIMIT {
                std::thread::sleep(LOOK_EVERY);
                let grace = if io::stdout().is_terminal() {
                    GRACE
                } else {
                    HUNG_UP_GRACE
                };
                if since.elapsed() >= grace {
                    take_over(signal);
                }
            }
            restore();
            end_by(signal);
        })?;
    Ok(())
}

/// The terminating signal that came, if one did.
pub fn received() -> Option<i32> {
    match RECEIVED.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// Ask the loop to suspend (Ctrl-Z): as SIGTSTP from outside does.
pub fn request_suspend() {
    SUSPEND.store(true, Ordering::SeqCst);
}

/// Whether a suspend was asked for since the last call.
pub fn take_suspend() -> bool {
    SUSPEND.swap(false, Ordering::SeqCst)
}

/// Whether the process was continued after a stop since the last call.
pub fn take_continued() -> bool {
    CONTINUED.swap(false, Ordering::SeqCst)
}

/// Stop the process as SIGTSTP would have, and return once it is continued; `false` (not
/// stopped) when no shell could continue it. Like the kernel, which does not stop such a
/// process group for a SIGTSTP: a window that runs backspasm without a shell would freeze.
pub fn stop() -> bool {
    if !shell_can_continue() {
        return false;
    }
    let _ = low_level::emulate_default_handler(SIGTSTP);
    true
}

/// Whether a job-control shell is there to `fg` us: the parent is in our session but not in
/// our process group (the group is not orphaned, as far as our own parent tells).
///
/// libc, not rustix: for a session or group whose leader is outside our PID namespace (a shell
/// started by `unshare`, a CI runner) the kernel answers 0, which rustix takes for a non-zero
/// pid (it panics in a debug build). Two 0 sessions are one: a session is inherited, so ours
/// differs from our parent's only if one of us called setsid and leads it, inside. Two 0
/// groups cannot be told apart, and not stopping is the safe side (the person is told).
#[allow(unsafe_code)]
fn shell_can_continue() -> bool {
    // SAFETY: these calls take and return plain integers and touch no memory of ours.
    let (parent, parent_session, session, parent_group, group) = unsafe {
        let parent = libc::getppid();
        (
            parent,
            libc::getsid(parent),
            libc::getsid(0),
            libc::getpgid(parent),
            libc::getpgrp(),
        )
    };
    let known = |id: libc::pid_t| id >= 0;
    parent > 0
        && [parent_session, session, parent_group, group]
            .into_iter()
            .all(known)
        && parent_session == session
        && parent_group != group
}

/// End the process as `signal` would have, so the parent (a shell, ssh, a service manager) sees
/// why it ended; 128 + signal if that fails.
pub fn end_by(signal: i32) -> ! {
    let _ = low_level::emulate_default_handler(signal);
    std::process::exit(128 + signal)
}
