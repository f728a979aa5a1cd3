//! The timers' section of the kept state: the wall-clock cycle (the ice pack) as wall-clock
//! deadlines, so it survives closing the app and a sleeping laptop; the shower's run (on the
//! monotonic clock in the app) as dates too, so a quit or a closed terminal does not lose it;
//! and what was done per cycle, for the doctor's summary, counted per day (a timer left
//! running for hours adds to counts, not to the file).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::content::Cycle;
use crate::timer::cycle::{MAX_LEFT, Ms, Run, Timing};

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

/// What a timer did, for the summary: per day, how often each phase ran as treatment and how
/// many whole rounds did. Only treatment that happened counts: a phase moved on from with `n`,
/// or that ran shorter than the article gives it, is counted apart (`not_counted`), and so is
/// its round. Stopping a timer counts nothing for the phase it stops.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "CycleLogFile")]
pub struct CycleLog {
    /// By the day a phase ended (its local date where it ended).
    pub days: BTreeMap<NaiveDate, DayLog>,
    /// When a phase of this cycle last ended as treatment.
    pub last: Option<DateTime<FixedOffset>>,
    /// When the latest phases ended (at most `RECENT`): an end already here is the same end
    /// recorded again (two instances running the same ice run, an edit applied to two copies
    /// of the state), and is not counted twice.
    pub recent: BTreeSet<DateTime<FixedOffset>>,
}

/// Enough ends to see the same ice phase end from two instances (one a minute behind the other
/// still sees it), few enough that the log stays small.
const RECENT: usize = 16;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DayLog {
    /// How many times each phase (by id) ran as treatment.
    pub phases: BTreeMap<String, u32>,
    /// Rounds of which every phase did.
    pub rounds: u32,
    /// Phases that ended without counting: moved on from, or shorter than the article's.
    pub not_counted: u32,
}

/// A phase that ended, as `PhaseDone` records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseEnd {
    pub at: DateTime<FixedOffset>,
    /// The phase's id (ice: "on" ended means the pack came off).
    pub phase: String,
    /// It ran its whole length, by time, and at least the article's shortest.
    pub treated: bool,
    /// It ended a round of which every phase was treatment: one more round done.
    pub round_done: bool,
}

/// The log as read from a file, older ones included.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct CycleLogFile {
    days: BTreeMap<NaiveDate, DayLog>,
    last: Option<DateTime<FixedOffset>>,
    recent: BTreeSet<DateTime<FixedOffset>>,
    /// Files from before the log was counted: every phase end, each kept on its own. Folded
    /// into the counts (as treatment: those files did not tell).
    ended: Vec<OldEnd>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OldEnd {
    at: DateTime<FixedOffset>,
    phase: String,
    round_done: bool,
}

impl From<CycleLogFile> for CycleLog {
    fn from(file: CycleLogFile) -> CycleLog {
        let mut log = CycleLog {
            days: file.days,
            last: file.last,
            recent: file.recent,
        };
        for old in file.ended {
            log.record(&PhaseEnd {
                at: old.at,
                phase: old.phase,
                treated: true,
                round_done: old.round_done,
            });
        }
        log
    }
}

impl CycleLog {
    /// Count `end` once, however often it is recorded (while it is among the recent ends).
    pub fn record(&mut self, end: &PhaseEnd) {
        if !self.recent.insert(end.at) {
            return;
        }
        while self.recent.len() > RECENT {
            self.recent.pop_first();
        }
        let day = self.days.entry(end.at.date_naive()).or_default();
        if end.treated {
            *day.phases.entry(end.phase.clone()).or_default() += 1;
            self.last = self.last.max(Some(end.at));
        } else {
            day.not_counted += 1;
        }
        if end.round_done {
            day.rounds += 1;
        }
    }

    /// Rounds completed as treatment: every phase of the cycle once (hydrotherapy: hot and
    /// cold), each its whole length.
    pub fn rounds(&self) -> u32 {
        self.days.values().map(|d| d.rounds).sum()
    }

    /// How often the phase `id` ran as treatment.
    pub fn count(&self, id: &str) -> u32 {
        self.days.values().filter_map(|d| d.phases.get(id)).sum()
    }

    /// When a phase of this cycle last ended as treatment.
    pub fn last(&self) -> Option<DateTime<FixedOffset>> {
        self.last
    }

    /// Whether any treatment is counted.
    pub fn treated(&self) -> bool {
        self.last.is_some()
    }
}

impl Timers {
    pub fn record(&mut self, cycle: &str, end: &PhaseEnd) {
        self.done.entry(cycle.to_string()).or_default().record(end);
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
    /// The current phase's length as set, if not the content's (`+`/`-`): what it ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_ms: Option<i64>,
    /// A phase of this round so far did not count as treatment.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub short: bool,
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
            full_ms: cycle
                .phases
                .get(run.phase)
                .is_none_or(|p| i64::from(p.secs) * 1000 != run.full)
                .then_some(run.full),
            short: run.short,
        }
    }

    /// Back to a run of `cycle`; None when the cycle no longer has this phase.
    pub fn run(&self, cycle: &Cycle) -> Option<Run> {
        let ms = |t: &DateTime<FixedOffset>| t.timestamp_millis();
        let phase = cycle.phases.iter().position(|p| p.id == self.phase)?;
        Some(Run {
            phase,
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
            full: self
                .full_ms
                .unwrap_or(i64::from(cycle.phases[phase].secs) * 1000)
                .clamp(0, MAX_LEFT),
            short: self.short,
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
        let c = content::shipped();
        let ice = c.cycles.iter().find(|c| c.id == "ice").unwrap();
        let offset = FixedOffset::east_opt(3600).unwrap();
        let t = 1_795_000_000_123;
        for timing in [
            Timing::Running { ends_at: t + 1200 },
            Timing::Paused { left: 61_000 },
            Timing::Waiting { since: t - 5 },
            Timing::Done { at: t },
        ] {
            for (full, short) in [(5_400_000, false), (5_390_000, true)] {
                let run = Run {
                    phase: 1,
                    round: 3,
                    timing,
                    alarm: Some(t - 60_000),
                    seen: t,
                    full,
                    short,
                };
                let kept = WallRun::new(ice, &run, offset);
                assert_eq!(kept.phase, "off");
                // The content's length is not written out.
                assert_eq!(kept.full_ms, (full != 5_400_000).then_some(full));
                assert_eq!(kept.run(ice), Some(run));
            }
        }
    }

    #[test]
    fn a_hand_edited_pause_is_kept_within_what_the_app_allows() {
        let c = content::shipped();
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
                full_ms: None,
                short: false,
            };
            assert_eq!(kept.run(ice).unwrap().timing, Timing::Paused { left });
        }
    }

    #[test]
    fn phase_ends_are_counted_once_per_day() {
        let mut t = Timers::default();
        let at = |h: i64| date(h * 3_600_000, FixedOffset::east_opt(0).unwrap());
        let end = |h, phase: &str, treated, round_done| PhaseEnd {
            at: at(h),
            phase: phase.into(),
            treated,
            round_done,
        };
        for e in [
            end(2, "on", true, false),
            end(4, "off", true, true),
            end(3, "on", true, false),
            end(30, "on", false, false),
        ] {
            // Applied twice, as the store may to two copies of the state: counted once.
            t.record("ice", &e);
            t.record("ice", &e);
        }
        t.record("hydrotherapy", &end(1, "hot", true, false));
        let log = &t.done["ice"];
        assert_eq!(log.rounds(), 1);
        assert_eq!(log.count("on"), 2);
        assert_eq!(log.count("off"), 1);
        assert_eq!(
            log.last(),
            Some(at(4)),
            "the latest treatment, whatever the order"
        );
        let days: Vec<_> = log.days.keys().map(|d| d.to_string()).collect();
        assert_eq!(days, ["1970-01-01", "1970-01-02"]);
        assert_eq!(log.days.values().map(|d| d.not_counted).sum::<u32>(), 1);
        assert_eq!(t.done["hydrotherapy"].rounds(), 0);
    }

    /// A timer left running for hours adds to counts, not to the file: the log of a thousand
    /// phase ends on one day is as small as the log of sixteen.
    #[test]
    fn the_log_stays_small_however_long_a_timer_runs() {
        let mut log = CycleLog::default();
        let size = |log: &CycleLog| ron::to_string(log).unwrap().len();
        let mut sizes = Vec::new();
        for i in 0..1000 {
            log.record(&PhaseEnd {
                at: date(i * 1000, FixedOffset::east_opt(0).unwrap()),
                phase: if i % 2 == 0 { "hot" } else { "cold" }.into(),
                treated: i % 3 != 0,
                round_done: i % 2 == 1,
            });
            sizes.push(size(&log));
        }
        assert_eq!(log.recent.len(), RECENT);
        assert_eq!(log.rounds(), 500);
        assert!(
            sizes[999] <= sizes[RECENT] + 8,
            "{} vs {}",
            sizes[999],
            sizes[RECENT]
        );
    }

    /// A file from before the log was counted: every end it kept is counted (as treatment:
    /// those files did not say), and written in the new form.
    #[test]
    fn an_old_log_is_folded_into_counts() {
        let old = r#"(ended: [
            (at: "2026-11-24T09:00:00+01:00", phase: "on", round_done: false),
            (at: "2026-11-24T10:50:00+01:00", phase: "off", round_done: true),
            (at: "2026-11-25T09:00:00+01:00", phase: "on", round_done: false),
        ])"#;
        let log: CycleLog = ron::from_str(old).unwrap();
        assert_eq!((log.count("on"), log.count("off"), log.rounds()), (2, 1, 1));
        assert_eq!(log.days.len(), 2);
        assert_eq!(
            log.last().unwrap().to_rfc3339(),
            "2026-11-25T09:00:00+01:00"
        );
        let again: CycleLog = ron::from_str(&ron::to_string(&log).unwrap()).unwrap();
        assert_eq!(again, log);
        assert!(!ron::to_string(&log).unwrap().contains("ended"));
    }
}
