//! The timers' section of the kept state: the wall-clock cycle (the ice pack) as wall-clock
//! deadlines, so it survives closing the app and a sleeping laptop; the shower's run (on the
//! monotonic clock in the app) as dates too, so a quit or a closed terminal does not lose it;
//! and what was done per cycle, for the doctor's summary.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::content::Cycle;
use crate::cycle::{MAX_LEFT, Ms, Run, Timing};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timers {
    /// The started wall-clock cycle (the ice pack); None when it is stopped.
    pub wall: Option<WallRun>,
    /// The started monotonic cycle (the shower), as dates; None when it is stopped.
    pub mono: Option<WallRun>,
    /// What was done, by cycle id ("hydrotherapy", "ice").
    pub done: BTreeMap<String, CycleLog>,
}

/// What a timer did, for the summary: every phase that ended, by time or because the user
/// moved on with `n` (stopping with `x` does not count the phase it stops).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CycleLog {
    /// Oldest first. A set: an edit applied twice (to two copies) keeps its entry once.
    pub ended: BTreeSet<PhaseEnd>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseEnd {
    pub at: DateTime<FixedOffset>,
    /// The phase's id (ice: "on" ended means the pack came off).
    pub phase: String,
    /// It was the last phase of its round: one more round completed.
    pub round_done: bool,
}

impl CycleLog {
    /// Rounds completed: every phase of the cycle once (hydrotherapy: hot and cold).
    pub fn rounds(&self) -> usize {
        self.ended.iter().filter(|e| e.round_done).count()
    }

    /// How often the phase `id` ended.
    pub fn count(&self, id: &str) -> usize {
        self.ended.iter().filter(|e| e.phase == id).count()
    }

    /// When a phase of this cycle last ended.
    pub fn last(&self) -> Option<DateTime<FixedOffset>> {
        self.ended.iter().map(|e| e.at).max()
    }
}

impl Timers {
    pub fn record(&mut self, cycle: &str, end: PhaseEnd) {
        self.done
            .entry(cycle.to_string())
            .or_default()
            .ended
            .insert(end);
    }
}

/// A `cycle::Run` on the wall clock, readable in the state file: phases by id, times as dates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WallRun {
    /// The cycle's id in the content.
    pub cycle: String,
    /// The current phase's id.
    pub phase: String,
    /// From 1.
    pub round: u32,
    pub timing: WallTiming,
    /// When an alarm phase ended (the pack should have come off), until acknowledged.
    #[serde(default)]
    pub alarm: Option<DateTime<FixedOffset>>,
    /// The latest time the app saw while it ran: a clock found earlier than this on the next
    /// start has gone back, and the deadline moves back with it.
    pub seen: DateTime<FixedOffset>,
    /// What `+`/`-` added to the current phase, in ms (left out when nothing was).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub added_ms: i64,
}

fn is_zero(ms: &i64) -> bool {
    *ms == 0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WallTiming {
    Running {
        ends_at: DateTime<FixedOffset>,
    },
    Paused {
        left_ms: i64,
    },
    /// Waiting for the user to start the phase; the one before ended then.
    Waiting {
        since: DateTime<FixedOffset>,
    },
    Done {
        at: DateTime<FixedOffset>,
    },
}

/// How stale the kept `seen` of a running app may get.
pub const SEEN_EVERY: TimeDelta = TimeDelta::minutes(1);

/// A wall-clock millisecond as a date at `offset`.
pub fn date(ms: Ms, offset: FixedOffset) -> DateTime<FixedOffset> {
    DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .with_timezone(&offset)
}

impl WallRun {
    pub fn new(cycle: &Cycle, run: &Run, offset: FixedOffset) -> WallRun {
        let d = |ms| date(ms, offset);
        WallRun {
            cycle: cycle.id.clone(),
            phase: cycle
                .phases
                .get(run.phase)
                .map_or_else(String::new, |p| p.id.clone()),
            round: run.round,
            timing: match run.timing {
                Timing::Running { ends_at } => WallTiming::Running {
                    ends_at: d(ends_at),
                },
                Timing::Paused { left } => WallTiming::Paused { left_ms: left },
                Timing::Waiting { since } => WallTiming::Waiting { since: d(since) },
                Timing::Done { at } => WallTiming::Done { at: d(at) },
            },
            alarm: run.alarm.map(d),
            seen: d(run.seen),
            added_ms: run.added,
        }
    }

    /// Back to a run of `cycle`; None when the cycle no longer has this phase.
    pub fn run(&self, cycle: &Cycle) -> Option<Run> {
        let ms = |t: &DateTime<FixedOffset>| t.timestamp_millis();
        Some(Run {
            phase: cycle.phases.iter().position(|p| p.id == self.phase)?,
            round: self.round.max(1),
            timing: match &self.timing {
                WallTiming::Running { ends_at } => Timing::Running {
                    ends_at: ms(ends_at),
                },
                // The app never pauses a phase with more than MAX_LEFT left; a file that
                // says so was edited by hand.
                WallTiming::Paused { left_ms } => Timing::Paused {
                    left: (*left_ms).clamp(0, MAX_LEFT),
                },
                WallTiming::Waiting { since } => Timing::Waiting { since: ms(since) },
                WallTiming::Done { at } => Timing::Done { at: ms(at) },
            },
            alarm: self.alarm.as_ref().map(ms),
            seen: ms(&self.seen),
            // As a pause is: never more than a phase can be made with `+`.
            added: self.added_ms.clamp(-MAX_LEFT, MAX_LEFT),
        })
    }

    /// A run of the monotonic slot, whose clock reads `ms_now` at the wall time `now`, as dates.
    pub fn from_mono(cycle: &Cycle, run: &Run, ms_now: Ms, now: DateTime<FixedOffset>) -> WallRun {
        let ahead = now.timestamp_millis() - ms_now;
        WallRun::new(cycle, &run.shifted(ahead), *now.offset())
    }

    /// Back to a run of the monotonic slot whose clock starts (reads 0) at `now`.
    pub fn mono_run(&self, cycle: &Cycle, now: DateTime<FixedOffset>) -> Option<Run> {
        Some(self.run(cycle)?.shifted(-now.timestamp_millis()))
    }

    /// Equal apart from `seen` (which changes every second and is not worth a write each time).
    pub fn same_schedule(&self, other: &WallRun) -> bool {
        WallRun {
            seen: other.seen,
            ..self.clone()
        } == *other
    }

    /// Whether this run (the live one) should replace `kept` in the file: its schedule changed,
    /// or it has seen a time [`SEEN_EVERY`] or more away from the kept `seen`, so that a clock
    /// that goes back while the app is closed is found on the next start (to within that,
    /// after a crash; to the moment of leaving after an exit, see `State::seen_edit`).
    pub fn worth_saving(&self, kept: &WallRun) -> bool {
        !self.same_schedule(kept) || (self.seen - kept.seen).abs() >= SEEN_EVERY
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content;

    #[test]
    fn a_run_survives_the_round_trip_through_dates() {
        let c = content::load(None).unwrap();
        let ice = c.cycles.iter().find(|c| c.id == "ice").unwrap();
        let offset = FixedOffset::east_opt(3600).unwrap();
        let t = 1_795_000_000_123;
        for timing in [
            Timing::Running { ends_at: t + 1200 },
            Timing::Paused { left: 61_000 },
            Timing::Waiting { since: t - 5 },
            Timing::Done { at: t },
        ] {
            let run = Run {
                phase: 1,
                round: 3,
                timing,
                alarm: Some(t - 60_000),
                seen: t,
                added: 20_000,
            };
            let kept = WallRun::new(ice, &run, offset);
            assert_eq!(kept.phase, "off");
            assert_eq!(kept.run(ice), Some(run));
        }
    }

    #[test]
    fn a_hand_edited_pause_is_kept_within_what_the_app_allows() {
        let c = content::load(None).unwrap();
        let ice = c.cycles.iter().find(|c| c.id == "ice").unwrap();
        let offset = FixedOffset::east_opt(0).unwrap();
        for (left_ms, left) in [(i64::MAX, MAX_LEFT), (i64::MIN, 0), (61_000, 61_000)] {
            let kept = WallRun {
                cycle: "ice".into(),
                phase: "off".into(),
                round: 1,
                timing: WallTiming::Paused { left_ms },
                alarm: None,
                seen: date(0, offset),
                added_ms: 0,
            };
            assert_eq!(kept.run(ice).unwrap().timing, Timing::Paused { left });
        }
    }

    #[test]
    fn phase_ends_are_kept_once_and_counted() {
        let mut t = Timers::default();
        let at = |h: i64| date(h * 3_600_000, FixedOffset::east_opt(0).unwrap());
        let end = |h, phase: &str, round_done| PhaseEnd {
            at: at(h),
            phase: phase.into(),
            round_done,
        };
        for e in [
            end(2, "on", false),
            end(4, "off", true),
            end(3, "on", false),
        ] {
            // Applied twice, as the store may to two copies of the state: kept once.
            t.record("ice", e.clone());
            t.record("ice", e);
        }
        t.record("hydrotherapy", end(1, "hot", false));
        let log = &t.done["ice"];
        assert_eq!(log.ended.len(), 3);
        assert_eq!(log.rounds(), 1);
        assert_eq!(log.count("on"), 2);
        assert_eq!(log.count("off"), 1);
        assert_eq!(log.last(), Some(at(4)), "the latest, whatever the order");
        assert_eq!(log.ended.first().unwrap().at, at(2), "oldest first");
        assert_eq!(t.done["hydrotherapy"].rounds(), 0);
    }
}
