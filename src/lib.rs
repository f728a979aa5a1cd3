//! backspasm: a terminal guide for treating a back spasm. The library holds the pure core and the
//! rendering so tests can drive the whole app without a terminal; `main.rs` is the shell.

pub mod app;
pub mod cli;
pub mod clock;
pub mod content;
pub mod cycle;
pub mod doc;
pub mod keymap;
pub mod layout;
pub mod state;
pub mod store;
pub mod timer;
pub mod tui;
pub mod ui;
pub mod walkthrough;
pub mod wrap;
