//! The timers' section of the kept state: the wall-clock cycle (the ice pack) as wall-clock
//! deadlines, so it survives closing the app and a sleeping laptop, and what was done per cycle,
//! for the doctor's summary. The shower timer itself is not kept (it runs on the monotonic
//! clock and lasts minutes); only its completed rounds are.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::content::Cycle;
use crate::cycle::{Ms, Run, Timing};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timers {
    /// The started wall-clock cycle (the ice pack); None when it is stopped.
    pub wall: Option<WallRun>,
    /// What was done, by cycle id ("hydrotherapy", "ice").
    pub done: BTreeMap<String, CycleLog>,
}

/// Counts for the summary. A phase counts when it ends by time or when the user moves on
/// with `n`; stopping the timer (`s`) does not count the phase it was in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CycleLog {
    /// Rounds completed: every phase of the cycle once (hydrotherapy: hot and cold).
    pub rounds: u32,
    /// How often each phase ended, by phase id (ice: "on" is how often the pack came off).
    pub phases: BTreeMap<String, u32>,
    /// When a phase of this cycle last ended.
    pub last: Option<DateTime<FixedOffset>>,
}

impl Timers {
    /// Count a phase of `cycle` that ended at `at`.
    pub fn count(&mut self, cycle: &str, phase: &str, round_done: bool, at: DateTime<FixedOffset>) {
        let log = self.done.entry(cycle.to_string()).or_default();
        *log.phases.entry(phase.to_string()).or_default() += 1;
        if round_done {
            log.rounds += 1;
        }
        log.last = Some(log.last.map_or(at, |last| last.max(at)));
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
                WallTiming::Paused { left_ms } => Timing::Paused {
                    left: (*left_ms).max(0),
                },
                WallTiming::Waiting { since } => Timing::Waiting { since: ms(since) },
                WallTiming::Done { at } => Timing::Done { at: ms(at) },
            },
            alarm: self.alarm.as_ref().map(ms),
            seen: ms(&self.seen),
        })
    }

    /// Equal apart from `seen` (which changes every second and is not worth a write).
    pub fn same_schedule(&self, other: &WallRun) -> bool {
        WallRun {
            seen: other.seen,
            ..self.clone()
        } == *other
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
            };
            let kept = WallRun::new(ice, &run, offset);
            assert_eq!(kept.phase, "off");
            assert_eq!(kept.run(ice), Some(run));
        }
    }

    #[test]
    fn counts_add_up_per_cycle_and_phase() {
        let mut t = Timers::default();
        let at = |h: i64| date(h * 3_600_000, FixedOffset::east_opt(0).unwrap());
        t.count("ice", "on", false, at(2));
        t.count("ice", "off", true, at(4));
        t.count("ice", "on", false, at(3));
        let log = &t.done["ice"];
        assert_eq!(log.rounds, 1);
        assert_eq!(log.phases["on"], 2);
        assert_eq!(log.last, Some(at(4)), "the latest, whatever the order");
    }
}
