//! Everything the app keeps between runs, and the edits that change it. `apply` is pure: the
//! same edit is applied in memory at once and, by the store, to the copy on disk (so two
//! instances merge instead of overwriting each other). Features add a section and its edits.

mod append;
pub mod format;
pub mod ron_parts;
mod salvage;
mod walks;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::state::format::Persist;
use crate::timer::kept::{self, PhaseEnd, WallRun};
use crate::today::diary::{self, PainEntry};
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
    /// When the first-run question was last put off ("not now"): not asked again that day.
    pub onset_not_now: Option<DateTime<FixedOffset>>,
    /// The "call a doctor if" conditions the user ticked, by condition id.
    pub doctor: BTreeSet<String>,
    /// The pain diary, oldest first; every entry has its own `id`.
    #[serde(deserialize_with = "diary::read")]
    pub diary: Vec<PainEntry>,
    /// The ice pack cycle as wall-clock deadlines, and the phases each timer ran.
    pub timers: kept::Timers,
    /// Every time each walkthrough was finished, by walkthrough id: kept when it is started
    /// over (which clears `walks`), for the doctor's summary.
    pub finished: BTreeMap<String, BTreeSet<DateTime<FixedOffset>>>,
    /// The timers' sound and speech (`m`).
    pub cues: CueSettings,
    /// What the person said holds, by the mark's id (a rule's `early`: "the spasm is easing"),
    /// with when they said it.
    pub marks: BTreeMap<String, DateTime<FixedOffset>>,
    /// Diary entries (by their id) a high score's doctor question was asked for: once each.
    pub asked: BTreeSet<u64>,
}

/// Sound and speech are on for the timers unless turned off with `m` (kept) or for one run
/// (`--mute`, `BACKSPASM_MUTE`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CueSettings {
    pub muted: bool,
}

/// A change to `State`. Each one means the same applied to any copy: set, not toggle; an
/// entry is added once, however often its edit is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Walk(WalkEdit),
    SetOnset(DateTime<FixedOffset>),
    /// The first-run question was put off at this time.
    OnsetNotNow(DateTime<FixedOffset>),
    Doctor {
        id: String,
        ticked: bool,
    },
    /// Add this entry (also how an undone delete puts it back, id and all).
    LogPain(PainEntry),
    /// Set the note of entry `id`.
    NotePain {
        id: diary::EntryId,
        note: Option<String>,
    },
    /// Set the score of entry `id`.
    ScorePain {
        id: diary::EntryId,
        score: u8,
    },
    /// Entry `id` is gone (a mistaken entry never has to reach the doctor).
    DeletePain {
        id: diary::EntryId,
    },
    /// The wall-clock timer (the ice pack) is now this; None: stopped (the latest writer wins).
    WallTimer(Option<WallRun>),
    /// The monotonic timer (the shower) is now this, as dates; None: stopped.
    MonoTimer(Option<WallRun>),
    /// The app still ran at this time: the kept running ice run's `seen` moves up to it (never
    /// back), so a clock found earlier on the next start has gone back.
    Seen(DateTime<FixedOffset>),
    /// A phase of cycle `cycle` ended (by time, or moved on with `n`): counted, once.
    PhaseDone {
        cycle: String,
        end: PhaseEnd,
    },
    /// The timers' sound and speech are off (true) or on.
    Muted(bool),
    /// The person marked (`Some(when)`) or unmarked (None) the mark `id`.
    Mark {
        id: String,
        at: Option<DateTime<FixedOffset>>,
    },
    /// The doctor question was asked for the diary entry with this id.
    Asked(u64),
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
            Edit::OnsetNotNow(at) => self.onset_not_now = self.onset_not_now.max(Some(*at)),
            Edit::Doctor { id, ticked: true } => {
                self.doctor.insert(id.clone());
            }
            Edit::Doctor { id, ticked: false } => {
                self.doctor.remove(id);
            }
            Edit::LogPain(entry) => diary::insert(&mut self.diary, entry.clone()),
            Edit::NotePain { id, note } => diary::set_note(&mut self.diary, *id, note.clone()),
            Edit::ScorePain { id, score } => diary::set_score(&mut self.diary, *id, *score),
            Edit::DeletePain { id } => diary::remove(&mut self.diary, *id),
            Edit::WallTimer(run) => self.timers.wall = run.clone(),
            Edit::MonoTimer(run) => self.timers.mono = run.clone(),
            Edit::Seen(at) => {
                if let Some(run) = &mut self.timers.wall {
                    run.seen = run.seen.max(*at);
                }
            }
            Edit::PhaseDone { cycle, end } => self.timers.record(cycle, end),
            Edit::Muted(muted) => self.cues.muted = *muted,
            Edit::Mark { id, at: Some(at) } => {
                self.marks.insert(id.clone(), *at);
            }
            Edit::Mark { id, at: None } => {
                self.marks.remove(id);
            }
            Edit::Asked(id) => {
                self.asked.insert(*id);
            }
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
    use crate::state::format::{decode, encode};
    use chrono::{TimeDelta, TimeZone};

    fn at(h: i64) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 25, 8, 0, 0)
            .unwrap()
            + TimeDelta::hours(h)
    }

    fn log(h: i64, score: u8) -> Edit {
        Edit::LogPain(PainEntry::new(at(h), score, None))
    }

    fn id(h: i64) -> diary::EntryId {
        diary::time_id(at(h))
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
                id: id(0),
                note: Some("stiff".into()),
            },
            Edit::Doctor {
                id: "frequent".into(),
                ticked: false,
            },
            log(4, 9),
            Edit::ScorePain {
                id: id(2),
                score: 3,
            },
            Edit::DeletePain { id: id(4) },
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
        assert_eq!(once.diary[1].score, 3);
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
    fn a_delete_in_one_copy_and_a_log_in_another_both_land() {
        // Both copies read the same file with entries at 0 h and 2 h.
        let mut file = State::default();
        file.apply(&log(0, 7));
        file.apply(&log(2, 5));
        // The guide deletes the 2 h entry and changes the other; meanwhile `backspasm log`
        // adds one at 3 h, and a third instance logs at the same instant (a frozen clock).
        let guide = [
            Edit::DeletePain { id: id(2) },
            Edit::ScorePain {
                id: id(0),
                score: 6,
            },
        ];
        let frozen = |score| {
            Edit::LogPain(PainEntry {
                id: u64::from(score),
                ..PainEntry::new(at(3), score, None)
            })
        };
        let others = [frozen(8), frozen(9)];
        // Whichever order the store applies them in, under its lock.
        let mut one = file.clone();
        let mut two = file.clone();
        for e in guide.iter().chain(&others) {
            one.apply(e);
        }
        for e in others.iter().chain(&guide).chain(&guide) {
            two.apply(e);
        }
        assert_eq!(one, two);
        let scores: Vec<u8> = one.diary.iter().map(|e| e.score).collect();
        assert_eq!(scores.len(), 3);
        assert_eq!(&scores[..1], [6]);
        assert!(
            scores[1..].contains(&8) && scores[1..].contains(&9),
            "{scores:?}"
        );
    }

    #[test]
    fn a_file_from_before_ids_keeps_its_entries() {
        let old = r#"(version: 1, state: (diary: [
            (at: "2026-11-24T09:12:00+01:00", score: 8, note: Some("could not stand")),
            (at: "2026-11-25T09:30:00+01:00", score: 6),
        ]))"#;
        let a = decode::<State>(old.as_bytes()).unwrap();
        let b = decode::<State>(old.as_bytes()).unwrap();
        assert_eq!(a.diary.len(), 2);
        assert_eq!(a, b, "every instance gives the entries the same ids");
        // An edit made by one instance finds the entry in the other's copy.
        let mut other = b;
        other.apply(&Edit::DeletePain { id: a.diary[0].id });
        assert_eq!(other.diary.len(), 1);
        assert_eq!(other.diary[0].score, 6);
        // Once written, the ids are in the file.
        let text = encode(&a).unwrap();
        assert!(text.contains(&format!("id: {}", a.diary[1].id)), "{text}");
        assert_eq!(decode::<State>(text.as_bytes()).unwrap(), a);
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
                id: id(0),
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
