//! The Today feature's decisions: when the spasm began (onset), the plan counted from then
//! (plan), the Today pane's items and the call-a-doctor banner (pane), the pain diary (diary)
//! and the summary for the doctor (summary).

pub mod diary;
pub mod onset;
pub mod pane;
pub mod plan;
pub mod summary;
