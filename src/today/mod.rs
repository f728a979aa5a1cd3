//! Today: when the spasm began, the plan for today, the pain prompt and diary, the "call a
//! doctor if" checklist and the summary for the doctor. The decisions are the core's
//! (`backspasm_core::today`); here: their part of `App::update` (update.rs: onset, the Today
//! pane, the checklist; pain.rs: the pain score, the diary, the summary screen), the diary's
//! and summary's geometry (layout.rs), their screens (view/), and the `log` and `summary`
//! commands with the shell's part (command.rs).

pub mod command;
pub mod entry_id;
pub mod layout;
pub mod pain;
pub mod update;
pub mod view;
