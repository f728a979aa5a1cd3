//! Terminating signals (TERM, HUP, INT) without a polling interval. The handler only records
//! the signal and raises SIGWINCH: crossterm already turns SIGWINCH into a byte on its own
//! self-pipe, which wakes the `event::read` or `event::poll` the loop is blocked in. The loop
//! then finishes what it was doing (a save is never cut short), sees `received()`, and
//! `tui::run` saves, restores the terminal and ends with `end_by`.

use std::io;
use std::sync::atomic::{AtomicI32, Ordering};

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};
use signal_hook::low_level;

/// The signals that end the app: `kill`, the terminal window closing (or an ssh session
/// dropping), and an interrupt sent from outside (Ctrl-C itself is a key in raw mode).
pub const TERMINATING: [i32; 3] = [SIGTERM, SIGHUP, SIGINT];

/// The first terminating signal received; 0 while none has come.
static RECEIVED: AtomicI32 = AtomicI32::new(0);

/// Install the handlers. Call after crossterm's event reader exists (`event::poll` once), so
/// its SIGWINCH pipe is there to be woken.
pub fn watch() -> io::Result<()> {
    for signal in TERMINATING {
        // SAFETY: the action is async-signal-safe: an atomic compare-exchange and raise(2).
        unsafe {
            low_level::register(signal, move || {
                let _ = RECEIVED.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
                let _ = low_level::raise(SIGWINCH);
            })?;
        }
    }
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
