//! The marks the core writes into words (a timer's title and notification, the walkthrough's
//! finish): the screen's theme shows the same ones, so a mark means one thing everywhere.

/// Done: a timer run to its end, a walkthrough finished.
pub const DONE: &str = "✓";
/// A phase that ended and is ringing.
pub const ALARM: &str = "⚠";
/// A paused timer.
pub const PAUSED: &str = "‖";
