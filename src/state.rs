//! Everything the app keeps between runs, and the edits that change it. `apply` is pure: the
//! same edit is applied in memory at once and, by the store, to the copy on disk (so two
//! instances merge instead of overwriting each other). Features add a section and its edits.

mod append;
mod salvage;
mod walks;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::diary::{self, PainEntry};
use crate::store::Persist;
use crate::timer::kept::{self, PhaseEnd, WallRun};
pub use append::append_pain;
pub use walks::{WalkEdit, WalkProgress, Walks};

/// One field per feature; `serde(default)` lets older files (without a section) load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct State {
    /// Walkthrough progress by walkthrough id.
    pub walks: Walks,
    /// When the spasm began (the Today plan counts from it), with the offset it was given in.
    pub onset: Option<DateTime<FixedOffset>>,
    /// The "call a doctor if" conditions the user ticked, by condition id.
    pub doctor: BTreeSet<String>,
    /// The pain diary, oldest first; every entry has its own `at`.
    pub diary: Vec<PainEntry>,
    /// The ice pack cycle as wall-clock deadlines, and the phases each timer ran.
    pub timers: kept::Timers,
    /// Every time each walkthrough was finished, by walkthrough id: kept when it is started
    /// over (which clears `walks`), for the doctor's summary.
    pub finished: BTreeMap<String, BTreeSet<DateTime<FixedOffset>>>,
}

/// A change to `State`. Each one means the same applied to any copy: set, not toggle; an
/// entry is added once, however often its edit is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Walk(WalkEdit),
    SetOnset(DateTime<FixedOffset>),
    Doctor {
        id: String,
        ticked: bool,
    },
    LogPain(PainEntry),
    /// Set the note of the entry logged at `at`.
    NotePain {
        at: DateTime<FixedOffset>,
        note: Option<String>,
    },
    /// The wall-clock timer (the ice pack) is now this; None: stopped (the latest writer wins).
    WallTimer(Option<WallRun>),
    /// The app still ran at this time: the kept running ice run's `seen` moves up to it (never
    /// back), so a clock found earlier on the next start has gone back.
    Seen(DateTime<FixedOffset>),
    /// A phase of cycle `cycle` ended (by time, or moved on with `n`): counted, once.
    PhaseDone {
        cycle: String,
        end: PhaseEnd,
    },
}

impl Persist for State {
    type Edit = Edit;
    const VERSION: u32 = 1;

    fn apply(&mut self, edit: &Edit) {
        match edit {
            Edit::Walk(e) => {
                if let WalkEdit::Finished { walk, at: Some(at) } = e {
                    self.finished.entry(walk.clone()).or_default().insert(*at);
                }
                walks::apply(&mut self.walks, e)
            }
            Edit::SetOnset(at) => self.onset = Some(*at),
            Edit::Doctor { id, ticked: true } => {
                self.doctor.insert(id.clone());
            }
            Edit::Doctor { id, ticked: false } => {
                self.doctor.remove(id);
            }
            Edit::LogPain(entry) => diary::insert(&mut self.diary, entry.clone()),
            Edit::NotePain { at, note } => diary::set_note(&mut self.diary, *at, note.clone()),
            Edit::WallTimer(run) => self.timers.wall = run.clone(),
            Edit::Seen(at) => {
                if let Some(run) = &mut self.timers.wall {
                    run.seen = run.seen.max(*at);
                }
            }
            Edit::PhaseDone { cycle, end } => self.timers.record(cycle, end),
        }
    }

    fn salvage(state: &str) -> Option<(State, Vec<String>)> {
        salvage::salvage(state)
    }
}

impl State {
    /// For the shell when the app ends (any way): the edit that records `now` as the last time
    /// seen by a running ice run, if the kept one is older. Without it, `seen` would be as old
    /// as the last change to the run (up to a minute), and a clock set back by less than that
    /// while the app is closed would go unnoticed.
    pub fn seen_edit(&self, now: DateTime<FixedOffset>) -> Option<Edit> {
        let run = self.timers.wall.as_ref()?;
        // Whole milliseconds, as the run itself counts.
        let now = kept::date(now.timestamp_millis(), *now.offset());
        let running = matches!(run.timing, kept::WallTiming::Running { .. });
        (running && now > run.seen).then_some(Edit::Seen(now))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{decode, encode};
    use chrono::{TimeDelta, TimeZone};

    fn at(h: i64) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 25, 8, 0, 0)
            .unwrap()
            + TimeDelta::hours(h)
    }

    fn log(h: i64, score: u8) -> Edit {
        Edit::LogPain(PainEntry {
            at: at(h),
            score,
            note: None,
        })
    }

    #[test]
    fn every_edit_means_the_same_applied_twice() {
        let edits = [
            Edit::SetOnset(at(-30)),
            Edit::Doctor {
                id: "severe".into(),
                ticked: true,
            },
            log(0, 7),
            log(2, 5),
            Edit::NotePain {
                at: at(0),
                note: Some("stiff".into()),
            },
            Edit::Doctor {
                id: "frequent".into(),
                ticked: false,
            },
        ];
        let mut once = State::default();
        let mut twice = State::default();
        for e in &edits {
            once.apply(e);
            twice.apply(e);
            twice.apply(e);
        }
        assert_eq!(once, twice);
        assert_eq!(once.diary.len(), 2);
        assert_eq!(once.diary[0].note.as_deref(), Some("stiff"));
        assert_eq!(once.doctor.iter().collect::<Vec<_>>(), ["severe"]);
        assert_eq!(once.onset, Some(at(-30)));
    }

    #[test]
    fn two_copies_merge_their_entries_in_time_order() {
        // The guide logged at 0 h and 2 h; `backspasm log` wrote 1 h to the file meanwhile.
        let mut disk = State::default();
        disk.apply(&log(1, 6));
        for e in [log(0, 7), log(2, 5)] {
            disk.apply(&e);
        }
        let scores: Vec<u8> = disk.diary.iter().map(|e| e.score).collect();
        assert_eq!(scores, [7, 6, 5]);
    }

    #[test]
    fn the_file_round_trips() {
        let mut s = State::default();
        for e in [
            Edit::SetOnset(at(-30)),
            Edit::Doctor {
                id: "severe".into(),
                ticked: true,
            },
            log(0, 7),
            Edit::NotePain {
                at: at(0),
                note: Some("a \"quoted\" note, with ünïcode".into()),
            },
        ] {
            s.apply(&e);
        }
        let text = encode(&s).unwrap();
        assert_eq!(decode::<State>(text.as_bytes()).unwrap(), s);
        // A file from before these sections still loads.
        let old = "(version: 1, state: ())";
        assert_eq!(decode::<State>(old.as_bytes()).unwrap(), State::default());
    }
}
