//! backspasm: a terminal guide for treating a back spasm. The library holds the app (update,
//! keys, rendering, the store's file I/O) over the pure core (`backspasm-core`), so tests can
//! drive the whole app without a terminal; `main.rs` is the shell.

pub mod app;
pub mod cli;
pub mod clock;
pub mod content;
pub mod keymap;
pub mod layout;
pub mod signals;
pub mod store;
pub mod test_fault;
pub mod timer;
pub mod today;
pub mod tui;
pub mod ui;
pub mod walk;
pub mod widgets;
