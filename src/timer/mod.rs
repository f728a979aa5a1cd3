//! The shower and ice-pack timers. The slots, phases, cues and kept runs are the core's
//! (`backspasm_core::timer`); here: their part of `App::update` (update.rs), the screen's
//! layout solver (layout.rs), the screen and the footer's status (view.rs, with the big phase
//! word in phase_word.rs), and the cue outputs the shell starts as child processes
//! (outlets.rs).

pub mod layout;
pub mod outlets;
pub mod phase_word;
pub mod update;
pub mod view;
