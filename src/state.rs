//! Everything the app keeps between runs, and the edits that change it. `apply` is pure: the
//! same edit is applied in memory at once and, by the store, to the copy on disk (so two
//! instances merge instead of overwriting each other). Features add a section and its edits.

mod walks;

use serde::{Deserialize, Serialize};

use crate::store::Persist;
pub use walks::{WalkEdit, WalkProgress, Walks};

/// One field per feature; `serde(default)` lets older files (without a section) load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct State {
    /// Walkthrough progress by walkthrough id.
    pub walks: Walks,
}

/// A change to `State`.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Walk(WalkEdit),
}

impl Persist for State {
    type Edit = Edit;
    const VERSION: u32 = 1;

    fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::Walk(e) => walks::apply(&mut self.walks, e),
        }
    }
}
