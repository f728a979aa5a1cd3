//! backspasm: a terminal guide for treating a back spasm. The library holds the pure core and the
//! rendering so tests can drive the whole app without a terminal; `main.rs` is the shell.

pub mod app;
pub mod cli;
pub mod clock;
pub mod content;
pub mod cues;
pub mod cycle;
pub mod diary;
pub mod doc;
pub mod keymap;
pub mod layout;
pub mod onset;
pub mod outlets;
pub mod plan;
pub mod ron_parts;
pub mod safe_text;
pub mod signals;
pub mod special_file;
pub mod state;
pub mod store;
pub mod summary;
pub mod test_fault;
pub mod timer;
pub mod today_cmd;
pub mod today_pane;
pub mod tui;
pub mod ui;
pub mod walkthrough;
pub mod wav;
pub mod when;
pub mod wrap;
