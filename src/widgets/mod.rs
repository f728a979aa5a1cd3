//! Drawing pieces shared by several screens: the centred box the Today prompts and the
//! checklist use, with the call-a-doctor banner (boxed.rs), and big letters that fit a Rect
//! (big.rs).

pub mod big;
pub mod boxed;
