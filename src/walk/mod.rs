//! The walkthroughs. The state machine and the wrapped words are the core's
//! (`backspasm_core::walkthrough`); here: their part of `App::update` (update.rs), the
//! screen's geometry shared with it (layout.rs), and the screen (view.rs).

pub mod layout;
pub mod update;
pub mod view;
