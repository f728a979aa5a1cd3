//! The Today feature's screens: the onset question, the pain prompt and note, the "call a
//! doctor if" checklist and its question, the diary with its chart, the summary.

pub mod diary;
pub mod doctor;
pub mod onset;
pub mod prompt;
pub mod summary;
