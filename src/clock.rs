//! The time passed into the core. The shell reads the clocks once per event; the core never does,
//! so every time rule is tested with made-up times.

use std::sync::OnceLock;
use std::time::Instant;

use chrono::{DateTime, FixedOffset, Local};

/// For the tests on the built binary only: with this set to an RFC 3339 time, the wall clock
/// stands still at it (a frozen or coarse clock, as some machines have). Any other value is
/// ignored.
pub const FROZEN_VAR: &str = "BACKSPASM_TEST_FROZEN_CLOCK";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// For short timers: immune to the wall clock being changed.
    pub mono: Instant,
    /// For long timers, onset and the diary: survives sleep and restarts; local offset for display.
    pub wall: DateTime<FixedOffset>,
}

impl Now {
    /// Read both clocks (the shell's job).
    pub fn read() -> Now {
        static FROZEN: OnceLock<Option<DateTime<FixedOffset>>> = OnceLock::new();
        let frozen = FROZEN.get_or_init(|| {
            let at = std::env::var(FROZEN_VAR).ok()?;
            DateTime::parse_from_rfc3339(&at).ok()
        });
        Now {
            mono: Instant::now(),
            wall: frozen.unwrap_or_else(|| Local::now().fixed_offset()),
        }
    }
}
