//! Reading the clocks: the shell's job, once per event. The core takes the [`Now`] it makes.

use std::sync::OnceLock;
use std::time::Instant;

use chrono::{DateTime, FixedOffset, Local};

pub use backspasm_core::clock::Now;

/// For the tests on the built binary only: with this set to an RFC 3339 time, the wall clock
/// stands still at it (a frozen or coarse clock, as some machines have). Any other value is
/// ignored.
pub const FROZEN_VAR: &str = "BACKSPASM_TEST_FROZEN_CLOCK";

/// Read both clocks.
pub fn now() -> Now {
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
