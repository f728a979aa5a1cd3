//! backspasm's core: everything that decides something, with no terminal, no clock and no
//! filesystem (its manifest has no terminal crate, so a change that needs one fails to build).
//! Time comes in as a [`clock::Now`]; bytes and text come in and go out; the app does the I/O.

pub mod clock;
pub mod content;
pub mod cues;
pub mod cycle;
pub mod diary;
pub mod doc;
pub mod onset;
pub mod plan;
pub mod ron_parts;
pub mod safe_text;
pub mod state;
pub mod summary;
pub mod symbols;
pub mod timer;
pub mod today_pane;
pub mod walkthrough;
pub mod wav;
pub mod when;
pub mod wrap;
