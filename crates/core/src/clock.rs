//! The time passed into the core. The shell reads the clocks once per event (the app's
//! `clock::now`); the core never does, so every time rule is tested with made-up times.

use std::time::Instant;

use chrono::{DateTime, FixedOffset};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// For short timers: immune to the wall clock being changed.
    pub mono: Instant,
    /// For long timers, onset and the diary: survives sleep and restarts; local offset for display.
    pub wall: DateTime<FixedOffset>,
}
