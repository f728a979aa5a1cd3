//! The walkthroughs' section of the kept state: which steps are done and when each walkthrough
//! was finished, keyed by walkthrough id and step id (never by position), so editing the content
//! cannot move a tick to another step.
//!
//! Every edit is absolute ("step X is done", not "toggle X"), so the store can re-apply it to
//! another instance's copy on disk and get the same answer.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::content::Walkthrough;

/// Progress of every walkthrough that has any, by walkthrough id.
pub type Walks = BTreeMap<String, WalkProgress>;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WalkProgress {
    /// Ids of the steps marked done.
    pub done: BTreeSet<String>,
    /// When the last step was marked done (local offset of that moment).
    pub finished: Option<DateTime<FixedOffset>>,
    /// When a step was last ticked or unticked: a walkthrough done every time starts over
    /// after a break (`Walkthrough::restart_after_mins`).
    pub touched: Option<DateTime<FixedOffset>>,
}

impl WalkProgress {
    /// No step done and no finish: the last tick's time alone is nothing to keep.
    pub fn is_empty(&self) -> bool {
        self.done.is_empty() && self.finished.is_none()
    }

    /// Done-ness of each step of `walk`, in order. Ticks of steps that are no longer in the
    /// content are ignored.
    pub fn done_steps(&self, walk: &Walkthrough) -> Vec<bool> {
        walk.steps
            .iter()
            .map(|s| self.done.contains(&s.id))
            .collect()
    }

    /// Ticks for steps `walk` no longer has (the content was edited).
    pub fn stale(&self, walk: &Walkthrough) -> Vec<String> {
        self.done
            .iter()
            .filter(|id| !walk.steps.iter().any(|s| &s.id == *id))
            .cloned()
            .collect()
    }
}

/// A change to the walkthroughs' progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkEdit {
    /// Mark one step done or not done.
    Set {
        walk: String,
        step: String,
        done: bool,
    },
    /// Record when the walkthrough was finished, or clear it (None).
    Finished {
        walk: String,
        at: Option<DateTime<FixedOffset>>,
    },
    /// Forget all progress of a walkthrough (start over).
    Reset { walk: String },
    /// Put back a walkthrough's progress as it was (undo of a reset).
    Restore {
        walk: String,
        progress: WalkProgress,
    },
    /// A step was ticked or unticked at `at` (the latest is kept).
    Touched {
        walk: String,
        at: DateTime<FixedOffset>,
    },
}

pub fn apply(walks: &mut Walks, edit: &WalkEdit) {
    let id = match edit {
        WalkEdit::Set { walk, step, done } => {
            let p = walks.entry(walk.clone()).or_default();
            if *done {
                p.done.insert(step.clone());
            } else {
                p.done.remove(step);
            }
            walk
        }
        WalkEdit::Finished { walk, at } => {
            walks.entry(walk.clone()).or_default().finished = *at;
            walk
        }
        WalkEdit::Reset { walk } => {
            walks.remove(walk);
            walk
        }
        WalkEdit::Restore { walk, progress } => {
            walks.insert(walk.clone(), progress.clone());
            walk
        }
        WalkEdit::Touched { walk, at } => {
            let p = walks.entry(walk.clone()).or_default();
            p.touched = p.touched.max(Some(*at));
            walk
        }
    };
    // No empty entries: the file only holds walkthroughs that have progress.
    if walks.get(id).is_some_and(WalkProgress::is_empty) {
        walks.remove(id);
    }
}
