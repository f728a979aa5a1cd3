//! A new diary entry's id. Random, so it is the shell side's to make, like the time: the core
//! takes entries with their ids.

use backspasm_core::today::diary::{EntryId, PainEntry};

/// A new id no entry of `diary` has: random (std's per-process random hash keys, which also
/// differ for every call), so ids made by processes logging at the same moment do not meet.
pub fn fresh(diary: &[PainEntry]) -> EntryId {
    use std::hash::{BuildHasher, Hasher};
    loop {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u32(std::process::id());
        let id = h.finish();
        if !diary.iter().any(|e| e.id == id) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two instances logging at the same instant (a frozen clock) make two entries.
    #[test]
    fn fresh_ids_differ_every_time() {
        let ids: std::collections::HashSet<EntryId> = (0..1000).map(|_| fresh(&[])).collect();
        assert_eq!(ids.len(), 1000);
    }
}
