//! Terminating signals (TERM, HUP, INT) without a polling interval. A thread sleeps until one
//! comes, records it and raises SIGWINCH: crossterm already turns SIGWINCH into a byte on its
//! own self-pipe, which wakes the `event::read` or `event::poll` the loop is blocked in. The
//! loop then finishes what it was doing (a save is never cut short), sees `received()`, and
//! `tui::run` saves, restores the terminal and ends the process with `end_by`.
//!
//! When the terminal itself is gone (the window closed, ssh dropped), crossterm's reader spins
//! on the dead terminal inside `event::read` and the loop never gets back. So the thread waits
//! (`HUNG_UP_GRACE` if the terminal is gone, `GRACE` otherwise), and if the process is still
//! there it restores what it can and ends it itself.

use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};
use signal_hook::iterator::Signals;
use signal_hook::low_level;

/// The signals that end the app: `kill`, the terminal window closing (or an ssh session
/// dropping), and an interrupt sent from outside (Ctrl-C itself is a key in raw mode).
pub const TERMINATING: [i32; 3] = [SIGTERM, SIGHUP, SIGINT];

/// How long the event loop has to end the process by itself after a signal. A save waiting
/// for another instance's lock can take a few seconds; a stuck loop never ends.
const GRACE: Duration = Duration::from_secs(3);
/// The same when the terminal is gone: long enough for a save that is under way.
const HUNG_UP_GRACE: Duration = Duration::from_millis(200);

/// The first terminating signal received; 0 while none has come.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// Start watching. Call after crossterm's event reader exists (`event::poll` once), so its
/// SIGWINCH pipe is there to be woken. `restore` gives the terminal back if the loop is stuck.
pub fn watch(restore: fn()) -> io::Result<()> {
    let mut signals = Signals::new(TERMINATING)?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let Some(signal) = signals.forever().next() else {
                return;
            };
            RECEIVED.store(signal, Ordering::SeqCst);
            let _ = low_level::raise(SIGWINCH);
            // A terminal that hung up is not worth the whole wait: the loop cannot come back.
            std::thread::sleep(HUNG_UP_GRACE);
            if io::stdout().is_terminal() {
                std::thread::sleep(GRACE - HUNG_UP_GRACE);
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

/// End the process as `signal` would have, so the parent (a shell, ssh, a service manager) sees
/// why it ended; 128 + signal if that fails.
pub fn end_by(signal: i32) -> ! {
    let _ = low_level::emulate_default_handler(signal);
    std::process::exit(128 + signal)
}
