//! backspasm's core: everything that decides something, with no terminal, no clock and no
//! filesystem (its manifest has no terminal crate, so a change that needs one fails to build).
//! Time comes in as a [`clock::Now`]; bytes and text come in and go out; the app does the I/O.

pub mod clock;
pub mod content;
pub mod doc;
pub mod safe_text;
pub mod state;
pub mod symbols;
pub mod timer;
pub mod today;
pub mod walkthrough;
pub mod when;
pub mod wrap;
