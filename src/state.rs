//! Everything the app keeps between runs, and the edits that change it. `apply` is pure: the
//! same edit is applied in memory at once and, by the store, to the copy on disk (so two
//! instances merge instead of overwriting each other). Features add a section and its edits.

mod walks;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::store::Persist;
use crate::timer::kept::{self, WallRun};
pub use walks::{WalkEdit, WalkProgress, Walks};

/// One field per feature; `serde(default)` lets older files (without a section) load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct State {
    /// Walkthrough progress by walkthrough id.
    pub walks: Walks,
    /// The ice pack cycle as wall-clock deadlines, and what each timer has done.
    pub timers: kept::Timers,
}

/// A change to `State`.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Walk(WalkEdit),
    /// The wall-clock timer (the ice pack) is now this; None: stopped. Absolute, so applied to
    /// another instance's copy it gives the same result (the latest writer wins).
    WallTimer(Option<WallRun>),
    /// A phase of a timer ended (by time, or moved on with `n`). A count, so the counts of two
    /// instances add up.
    PhaseDone {
        cycle: String,
        phase: String,
        round_done: bool,
        at: DateTime<FixedOffset>,
    },
}

impl Persist for State {
    type Edit = Edit;
    const VERSION: u32 = 1;

    fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::Walk(e) => walks::apply(&mut self.walks, e),
            Edit::WallTimer(run) => self.timers.wall = run.clone(),
            Edit::PhaseDone {
                cycle,
                phase,
                round_done,
                at,
            } => self.timers.count(cycle, phase, *round_done, *at),
        }
    }
}
