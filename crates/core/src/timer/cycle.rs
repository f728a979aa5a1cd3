//! A repeating sequence of timed phases as a pure state machine. Time is passed in as
//! milliseconds on whichever clock the caller keeps (monotonic for the shower, wall-clock for the
//! ice pack), so the same code serves both and tests never sleep.
//!
//! Deadlines, not ticks: a running phase stores when it ends and `left = ends_at - now`. When a
//! phase ends, the next one starts at that deadline (not at the moment it was noticed), so a late
//! wakeup or a closed app never shifts the schedule. A pause stores what was left. A clock that
//! goes backwards moves the deadline back with it, so the time left is kept as it was.

use crate::content::Cycle;
use crate::timer::duration;

/// Milliseconds on the caller's clock.
pub type Ms = i64;

/// No phase has more than this left, whatever its limit (a kept file's value is clamped to it).
pub const MAX_LEFT: Ms = 24 * 60 * 60 * 1000;
/// `-` never takes a phase below this; `n` is the key that ends it.
pub const MIN_LEFT: Ms = 1000;
/// More phase ends than this in one catch-up are not reported one by one: whole rounds are
/// skipped instead (only a cycle of very short phases left alone for a long time gets here).
const MAX_CATCH_UP: usize = 1000;

/// What the machine needs to know of a cycle: each phase's length and kind, and the rounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub phases: Vec<PlanPhase>,
    /// None repeats until stopped.
    pub rounds: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanPhase {
    pub len: Ms,
    /// The shortest the article gives it: a phase that ran less (set shorter, or cut with
    /// `-`) is not counted as treatment.
    pub min: Ms,
    /// The longest `+` may set it: what the command line allows (`duration::allowed`).
    pub max: Ms,
    /// Its end is an alarm that stays until acknowledged.
    pub alarm: bool,
    /// It starts only when the user starts it.
    pub wait: bool,
}

impl Plan {
    /// The cycle as the content has it; `secs` overrides a phase's length (e.g. `--hot`).
    pub fn of(cycle: &Cycle, secs: impl Fn(usize) -> Option<u32>) -> Plan {
        Plan {
            phases: cycle
                .phases
                .iter()
                .enumerate()
                .map(|(i, p)| PlanPhase {
                    len: Ms::from(secs(i).unwrap_or(p.secs)) * 1000,
                    min: Ms::from(*p.guide_secs().start()) * 1000,
                    max: Ms::from(*duration::allowed(p).end()) * 1000,
                    alarm: p.alarm,
                    wait: p.wait,
                })
                .collect(),
            rounds: cycle.rounds,
        }
    }

    pub fn len(&self, phase: usize) -> Ms {
        self.phases.get(phase).map_or(0, |p| p.len)
    }

    fn min(&self, phase: usize) -> Ms {
        self.phases.get(phase).map_or(0, |p| p.min)
    }

    /// The longest `+` may set `phase` (0 for a phase the plan does not have).
    pub fn max(&self, phase: usize) -> Ms {
        self.phases.get(phase).map_or(0, |p| p.max)
    }

    fn round_len(&self) -> Ms {
        self.phases.iter().map(|p| p.len).sum()
    }
}

/// Where a started cycle stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Index into the plan's phases.
    pub phase: usize,
    /// From 1.
    pub round: u32,
    pub timing: Timing,
    /// When an alarm phase ended, until the user acknowledges it (the earliest, if several).
    pub alarm: Option<Ms>,
    /// The latest time this run has seen; an earlier `now` means the clock went back.
    pub seen: Ms,
    /// The current phase's length as set: the plan's, moved by `+`/`-` (`r` sets it back).
    pub full: Ms,
    /// A phase of this round so far did not count as treatment (moved on with `n`, or
    /// shorter than the article gives it): the round does not count either.
    pub short: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    Running {
        ends_at: Ms,
    },
    Paused {
        left: Ms,
    },
    /// A phase that starts when the user starts it; the one before ended at `since`.
    Waiting {
        since: Ms,
    },
    /// Every round is done.
    Done {
        at: Ms,
    },
}

/// A phase that ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    pub phase: usize,
    pub round: u32,
    pub at: Ms,
    /// It was the last phase of its round.
    pub round_done: bool,
    /// Ended by the user (`n`), not by time.
    pub skipped: bool,
    /// Treatment that happened: it ran its whole length, by time, and that length was at
    /// least the article's shortest.
    pub treated: bool,
    /// It ended a round of which every phase was treatment.
    pub round_treated: bool,
}

impl Run {
    /// Round 1, the first phase, counting from `now`.
    pub fn start(plan: &Plan, now: Ms) -> Run {
        Run {
            phase: 0,
            round: 1,
            timing: Timing::Running {
                ends_at: now + plan.len(0),
            },
            alarm: None,
            seen: now,
            full: plan.len(0),
            short: false,
        }
    }

    /// Bring the run up to `now`: every phase whose deadline has passed ends, in order, each at
    /// its own deadline. Returns them (the last ones, if very many).
    pub fn advance(&mut self, plan: &Plan, now: Ms) -> Vec<Ended> {
        self.observe(now);
        let mut ended = Vec::new();
        while let Timing::Running { ends_at } = self.timing
            && ends_at <= now
        {
            if ended.len() == MAX_CATCH_UP {
                self.skip_rounds(plan, now);
                ended.clear();
                continue;
            }
            ended.push(self.end_phase(plan, ends_at, false));
        }
        ended
    }

    /// Jump over whole rounds that ended long ago (not reported; see MAX_CATCH_UP).
    fn skip_rounds(&mut self, plan: &Plan, now: Ms) {
        let (Timing::Running { ends_at }, len) = (self.timing, plan.round_len()) else {
            return;
        };
        if len <= 0 {
            return;
        }
        let mut rounds = (now - ends_at) / len;
        if let Some(limit) = plan.rounds {
            rounds = rounds.min(Ms::from(limit.saturating_sub(self.round)));
        }
        self.round = self.round.saturating_add(rounds as u32);
        self.timing = Timing::Running {
            ends_at: ends_at + rounds * len,
        };
    }

    /// A clock that went back moves the deadline back by as much: the time left stays.
    fn observe(&mut self, now: Ms) {
        if now < self.seen
            && let Timing::Running { ends_at } = &mut self.timing
        {
            *ends_at -= self.seen - now;
        }
        self.seen = now;
    }

    /// End the current phase at `at`; the next starts then (or waits for the user), or the run
    /// is done after its last round.
    fn end_phase(&mut self, plan: &Plan, at: Ms, skipped: bool) -> Ended {
        let round_done = self.phase + 1 >= plan.phases.len();
        let treated = !skipped && self.full >= plan.min(self.phase);
        let ended = Ended {
            phase: self.phase,
            round: self.round,
            at,
            round_done,
            skipped,
            treated,
            round_treated: round_done && treated && !self.short,
        };
        self.short = !round_done && (self.short || !treated);
        // Skipping is the user saying it is done: nothing to remind them of.
        if !skipped && plan.phases.get(self.phase).is_some_and(|p| p.alarm) {
            self.alarm = self.alarm.or(Some(at));
        }
        if round_done {
            if plan.rounds.is_some_and(|limit| self.round >= limit) {
                self.timing = Timing::Done { at };
                return ended;
            }
            // A kept run read from a file may say any round: counting on from the last one
            // must not overflow.
            self.round = self.round.saturating_add(1);
            self.phase = 0;
        } else {
            self.phase += 1;
        }
        self.full = plan.len(self.phase);
        self.timing = if plan.phases.get(self.phase).is_some_and(|p| p.wait) {
            Timing::Waiting { since: at }
        } else {
            Timing::Running {
                ends_at: at + plan.len(self.phase),
            }
        };
        ended
    }

    /// The same run on a clock `by` ms ahead of the one it counts on: its times move, the time
    /// left stays (the shower's run kept as dates and taken up again).
    pub fn shifted(self, by: Ms) -> Run {
        Run {
            timing: match self.timing {
                Timing::Running { ends_at } => Timing::Running {
                    ends_at: ends_at.saturating_add(by),
                },
                Timing::Waiting { since } => Timing::Waiting {
                    since: since.saturating_add(by),
                },
                Timing::Done { at } => Timing::Done {
                    at: at.saturating_add(by),
                },
                paused @ Timing::Paused { .. } => paused,
            },
            alarm: self.alarm.map(|a| a.saturating_add(by)),
            seen: self.seen.saturating_add(by),
            ..self
        }
    }

    /// What is left of the current phase (0 once its deadline has passed); None when it is not
    /// counting down or paused.
    pub fn left(&self, now: Ms) -> Option<Ms> {
        match self.timing {
            Timing::Running { ends_at } => Some((ends_at - now).max(0)),
            Timing::Paused { left } => Some(left),
            Timing::Waiting { .. } | Timing::Done { .. } => None,
        }
    }

    /// Pause a running phase, or resume a paused one, or start a waiting one.
    pub fn toggle(&mut self, plan: &Plan, now: Ms) {
        self.observe(now);
        self.timing = match self.timing {
            Timing::Running { ends_at } => Timing::Paused {
                left: (ends_at - now).max(0),
            },
            Timing::Paused { left } => Timing::Running {
                ends_at: now + left,
            },
            Timing::Waiting { .. } => Timing::Running {
                ends_at: now + plan.len(self.phase),
            },
            done @ Timing::Done { .. } => done,
        };
    }

    /// End the current phase now and go on to the next (`n`). The next one runs even if this
    /// one was paused: moving on is starting again.
    pub fn skip(&mut self, plan: &Plan, now: Ms) -> Option<Ended> {
        self.observe(now);
        if matches!(self.timing, Timing::Done { .. }) {
            return None;
        }
        Some(self.end_phase(plan, now, true))
    }

    /// Give the current phase `delta` more (or less) time; never below MIN_LEFT (unless it
    /// already was), never past the plan's `max` for the phase as set (`full`), nor MAX_LEFT.
    pub fn adjust(&mut self, plan: &Plan, delta: Ms, now: Ms) {
        self.observe(now);
        let room = plan.max(self.phase) - self.full;
        let change = |left: Ms| {
            (left + delta)
                .max(left.min(MIN_LEFT))
                .min(left.max((left + room).min(MAX_LEFT)))
        };
        let (before, after) = match &mut self.timing {
            Timing::Running { ends_at } => {
                let left = (*ends_at - now).max(0);
                *ends_at = now + change(left);
                (left, *ends_at - now)
            }
            Timing::Paused { left } => {
                let before = *left;
                *left = change(before);
                (before, *left)
            }
            Timing::Waiting { .. } | Timing::Done { .. } => return,
        };
        self.full += after - before;
    }

    /// Start the current phase over at its full length (`r`); a paused one stays paused.
    pub fn restart(&mut self, plan: &Plan, now: Ms) {
        self.observe(now);
        let len = plan.len(self.phase);
        match &mut self.timing {
            Timing::Running { ends_at } => *ends_at = now + len,
            Timing::Paused { left } => *left = len,
            Timing::Waiting { .. } | Timing::Done { .. } => return,
        }
        // Counted from now: the phase is run whole again.
        self.full = len;
    }

    /// The user has seen the alarm.
    pub fn acknowledge(&mut self) {
        self.alarm = None;
    }

    /// Equal apart from `seen`: the same schedule (what is worth saving).
    pub fn same_schedule(&self, other: &Run) -> bool {
        Run {
            seen: other.seen,
            ..*self
        } == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Ms = 1000;

    fn phase(secs: Ms) -> PlanPhase {
        PlanPhase {
            len: secs * S,
            min: secs * S,
            max: 2 * secs * S,
            alarm: false,
            wait: false,
        }
    }

    /// Hot 180 s / cold 30 s, repeating.
    fn shower() -> Plan {
        Plan {
            phases: vec![phase(180), phase(30)],
            rounds: None,
        }
    }

    /// On 1200 s (alarm, started by the user) / off 5400 s.
    fn ice() -> Plan {
        Plan {
            phases: vec![
                PlanPhase {
                    alarm: true,
                    wait: true,
                    ..phase(1200)
                },
                phase(5400),
            ],
            rounds: None,
        }
    }

    fn at(run: &Run) -> (usize, u32) {
        (run.phase, run.round)
    }

    #[test]
    fn phases_follow_each_other_from_their_deadlines() {
        let plan = shower();
        let t0 = 1_000_000;
        let mut run = Run::start(&plan, t0);
        assert_eq!(run.left(t0), Some(180 * S));
        assert!(run.advance(&plan, t0 + 180 * S - 1).is_empty());
        assert_eq!(run.left(t0 + 180 * S - 1), Some(1));

        // Noticed 700 ms late: cold still ends 30 s after hot's deadline, not after the wakeup.
        let ended = run.advance(&plan, t0 + 180 * S + 700);
        assert_eq!(
            ended,
            vec![Ended {
                phase: 0,
                round: 1,
                at: t0 + 180 * S,
                round_done: false,
                skipped: false,
                treated: true,
                round_treated: false,
            }]
        );
        assert_eq!(at(&run), (1, 1));
        assert_eq!(run.left(t0 + 180 * S + 700), Some(30 * S - 700));

        let ended = run.advance(&plan, t0 + 210 * S);
        assert_eq!(ended.len(), 1);
        assert!(ended[0].round_done);
        assert_eq!(at(&run), (0, 2));
        assert_eq!(
            run.timing,
            Timing::Running {
                ends_at: t0 + 390 * S
            }
        );
    }

    #[test]
    fn a_hundred_rounds_do_not_drift() {
        let plan = shower();
        let mut run = Run::start(&plan, 0);
        let mut ends = Vec::new();
        // Wake up a little late every time, as a real loop does.
        let mut now = 0;
        while ends.len() < 200 {
            now += 37_001;
            ends.extend(run.advance(&plan, now).into_iter().map(|e| e.at));
        }
        let expected: Vec<Ms> = (0..200)
            .map(|k| (k / 2) * 210 * S + if k % 2 == 0 { 180 * S } else { 210 * S })
            .collect();
        assert_eq!(ends, expected);
    }

    #[test]
    fn pause_keeps_what_was_left_and_resume_counts_from_then() {
        let plan = shower();
        let mut run = Run::start(&plan, 0);
        run.toggle(&plan, 50 * S);
        assert_eq!(run.timing, Timing::Paused { left: 130 * S });
        // Time passes while paused: nothing ends, nothing changes.
        assert!(run.advance(&plan, 10_000 * S).is_empty());
        assert_eq!(run.left(10_000 * S), Some(130 * S));
        run.toggle(&plan, 10_000 * S);
        assert_eq!(
            run.timing,
            Timing::Running {
                ends_at: 10_130 * S
            }
        );
        assert_eq!(run.advance(&plan, 10_130 * S)[0].at, 10_130 * S);
    }

    #[test]
    fn skip_ends_the_phase_now_and_runs_the_next() {
        let plan = shower();
        let mut run = Run::start(&plan, 0);
        let e = run.skip(&plan, 20 * S).unwrap();
        assert_eq!((e.phase, e.at, e.skipped), (0, 20 * S, true));
        assert_eq!(run.timing, Timing::Running { ends_at: 50 * S });
        // Skipping while paused starts the next phase running.
        run.toggle(&plan, 30 * S);
        run.skip(&plan, 40 * S).unwrap();
        assert_eq!(at(&run), (0, 2));
        assert_eq!(run.timing, Timing::Running { ends_at: 220 * S });
    }

    #[test]
    fn plus_and_minus_ten_seconds() {
        let plan = shower();
        let mut run = Run::start(&plan, 0);
        run.adjust(&plan, 10 * S, 5 * S);
        assert_eq!(run.left(5 * S), Some(185 * S));
        run.adjust(&plan, -10 * S, 5 * S);
        run.adjust(&plan, -10 * S, 5 * S);
        assert_eq!(run.left(5 * S), Some(165 * S));
        // Never below one second: `-` does not end a phase.
        run.adjust(&plan, -10 * S, 165 * S);
        assert_eq!(run.left(165 * S), Some(MIN_LEFT));
        run.adjust(&plan, -10 * S, 165 * S);
        assert_eq!(run.left(165 * S), Some(MIN_LEFT));
        // Paused: the stored time left changes.
        run.adjust(&plan, 10 * S, 165 * S);
        run.toggle(&plan, 166 * S);
        assert_eq!(run.timing, Timing::Paused { left: 10 * S });
        run.adjust(&plan, 10 * S, 500 * S);
        assert_eq!(run.timing, Timing::Paused { left: 20 * S });
        // The length as set (186 s) goes no further than the plan's longest (360 s): the
        // time left grows by the 174 s of room, then `+` does nothing; `-` still works.
        run.adjust(&plan, MAX_LEFT, 500 * S);
        assert_eq!(run.timing, Timing::Paused { left: 194 * S });
        assert_eq!(run.full, plan.max(0));
        run.adjust(&plan, 10 * S, 500 * S);
        assert_eq!(run.timing, Timing::Paused { left: 194 * S });
        run.adjust(&plan, -10 * S, 500 * S);
        assert_eq!(run.timing, Timing::Paused { left: 184 * S });
    }

    #[test]
    fn restart_gives_the_phase_its_full_length_again() {
        let plan = shower();
        let mut run = Run::start(&plan, 0);
        run.advance(&plan, 190 * S);
        run.restart(&plan, 200 * S);
        assert_eq!(at(&run), (1, 1));
        assert_eq!(run.left(200 * S), Some(30 * S));
        run.toggle(&plan, 210 * S);
        run.restart(&plan, 220 * S);
        assert_eq!(run.timing, Timing::Paused { left: 30 * S });
    }

    #[test]
    fn a_rounds_limit_ends_the_run() {
        let plan = Plan {
            rounds: Some(2),
            ..shower()
        };
        let mut run = Run::start(&plan, 0);
        let ended = run.advance(&plan, 10_000 * S);
        assert_eq!(ended.len(), 4);
        assert_eq!(
            ended.iter().filter(|e| e.round_done).count(),
            2,
            "two rounds done"
        );
        assert_eq!(run.timing, Timing::Done { at: 420 * S });
        assert_eq!(run.left(10_000 * S), None);
        assert!(run.advance(&plan, 20_000 * S).is_empty());
        assert_eq!(run.skip(&plan, 20_000 * S), None);
        run.toggle(&plan, 20_000 * S);
        assert_eq!(run.timing, Timing::Done { at: 420 * S });
    }

    /// Found by the no-panic property test: a kept run at the last round a file can say
    /// overflowed when its round ended.
    #[test]
    fn the_last_possible_round_ends_without_overflow() {
        let plan = shower();
        let mut run = Run {
            phase: 1,
            round: u32::MAX,
            ..Run::start(&plan, 0)
        };
        let ended = run.advance(&plan, 200 * S);
        assert!(ended[0].round_done);
        assert_eq!(at(&run), (0, u32::MAX));
    }

    #[test]
    fn an_alarm_phase_rings_until_acknowledged_and_the_next_counts_from_its_deadline() {
        let plan = ice();
        let mut run = Run::start(&plan, 0);
        run.advance(&plan, 1200 * S + 45 * S);
        assert_eq!(run.alarm, Some(1200 * S));
        assert_eq!(at(&run), (1, 1));
        assert_eq!(run.timing, Timing::Running { ends_at: 6600 * S });
        run.acknowledge();
        assert_eq!(run.alarm, None);
        // Taking it off early (`n`) is no reason for an alarm.
        let mut run = Run::start(&plan, 0);
        run.skip(&plan, 600 * S);
        assert_eq!(run.alarm, None);
    }

    #[test]
    fn a_waiting_phase_starts_when_the_user_starts_it() {
        let plan = ice();
        let mut run = Run::start(&plan, 0);
        run.advance(&plan, 6600 * S);
        assert_eq!(at(&run), (0, 2));
        assert_eq!(run.timing, Timing::Waiting { since: 6600 * S });
        assert_eq!(run.left(9000 * S), None);
        assert!(run.advance(&plan, 99_000 * S).is_empty(), "nothing runs");
        run.toggle(&plan, 100_000 * S);
        assert_eq!(
            run.timing,
            Timing::Running {
                ends_at: 101_200 * S
            }
        );
    }

    #[test]
    fn reopened_after_several_phases_ran_out() {
        // A run kept as data and brought back hours later: each phase ended at its deadline.
        let plan = Plan {
            phases: vec![phase(1200), phase(5400), phase(600)],
            rounds: None,
        };
        let kept = Run::start(&plan, 0);
        let mut run = kept;
        let ended = run.advance(&plan, 5 * 3600 * S);
        let times: Vec<(usize, u32, Ms)> = ended.iter().map(|e| (e.phase, e.round, e.at)).collect();
        assert_eq!(
            times,
            vec![
                (0, 1, 1200 * S),
                (1, 1, 6600 * S),
                (2, 1, 7200 * S),
                (0, 2, 8400 * S),
                (1, 2, 13_800 * S),
                (2, 2, 14_400 * S),
                (0, 3, 15_600 * S),
            ]
        );
        assert_eq!(at(&run), (1, 3));
        assert_eq!(run.left(5 * 3600 * S), Some(21_000 * S - 18_000 * S));

        // The ice cycle: the on phase's end is an alarm, the next on phase waits for the user.
        let plan = ice();
        let mut run = Run::start(&plan, 0);
        let ended = run.advance(&plan, 5 * 3600 * S);
        assert_eq!(ended.len(), 2);
        assert_eq!(run.alarm, Some(1200 * S), "the pack should have come off");
        assert_eq!(run.timing, Timing::Waiting { since: 6600 * S });
    }

    #[test]
    fn far_behind_catches_up_in_bounded_steps() {
        let plan = Plan {
            phases: vec![phase(1), phase(1)],
            rounds: None,
        };
        let mut run = Run::start(&plan, 0);
        let year = 365 * 24 * 3600 * S;
        let ended = run.advance(&plan, year + 500);
        assert!(ended.len() <= MAX_CATCH_UP);
        assert_eq!(run.left(year + 500), Some(500));
        assert_eq!(run.round, (year / (2 * S)) as u32 + 1);

        // With a rounds limit it stops at the last round's end.
        let plan = Plan {
            rounds: Some(900),
            ..plan
        };
        let mut run = Run::start(&plan, 0);
        run.advance(&plan, year);
        assert_eq!(run.timing, Timing::Done { at: 1800 * S });
    }

    #[test]
    fn a_clock_that_goes_back_keeps_the_time_left() {
        let plan = shower();
        let mut run = Run::start(&plan, 10_000 * S);
        run.advance(&plan, 10_100 * S);
        assert_eq!(run.left(10_100 * S), Some(80 * S));
        // The clock jumps back an hour: still 80 s left, and it counts down from there.
        let back = 10_100 * S - 3600 * S;
        assert!(run.advance(&plan, back).is_empty());
        assert_eq!(run.left(back), Some(80 * S));
        assert_eq!(run.advance(&plan, back + 80 * S).len(), 1);
        assert_eq!(at(&run), (1, 1));
        // Pausing after a jump back stores the right time left too.
        let mut run = Run::start(&plan, 1000 * S);
        run.toggle(&plan, 900 * S);
        assert_eq!(run.timing, Timing::Paused { left: 180 * S });
        // Forward jumps are time passing: phases end.
        let mut run = Run::start(&plan, 0);
        // 10 h = 171 whole rounds of 210 s (two phase ends each), and 90 s into the next hot.
        assert_eq!(run.advance(&plan, 10 * 3600 * S).len(), 342);
    }

    #[test]
    fn same_schedule_ignores_only_the_time_seen() {
        let plan = shower();
        let a = Run::start(&plan, 0);
        let mut b = a;
        b.advance(&plan, 10 * S);
        assert!(a.same_schedule(&b));
        b.toggle(&plan, 20 * S);
        assert!(!a.same_schedule(&b));
    }

    /// Only treatment that happened counts: a phase that ran its whole length, at least the
    /// article's shortest; a round counts when every phase of it did.
    #[test]
    fn what_counts_as_treatment() {
        // Hot may run 120–180 s, cold 30 s.
        let plan = Plan {
            phases: vec![
                PlanPhase {
                    min: 120 * S,
                    ..phase(180)
                },
                phase(30),
            ],
            rounds: None,
        };
        let counted = |ended: &[Ended]| -> Vec<(bool, bool)> {
            ended.iter().map(|e| (e.treated, e.round_treated)).collect()
        };
        // Whole: both phases and the round.
        let mut run = Run::start(&plan, 0);
        assert_eq!(
            counted(&run.advance(&plan, 210 * S)),
            [(true, false), (true, true)]
        );
        // Hot cut by 70 s with `-` (110 s < 120 s): hot does not count, nor does its round.
        let t = 210 * S;
        for _ in 0..7 {
            run.adjust(&plan, -10 * S, t);
        }
        assert_eq!(
            counted(&run.advance(&plan, t + 140 * S)),
            [(false, false), (true, false)]
        );
        // Cut by 60 s (120 s, the shortest allowed): counts; `+` and `-` that cancel out too.
        let t = t + 140 * S;
        for _ in 0..6 {
            run.adjust(&plan, -10 * S, t);
        }
        run.adjust(&plan, 10 * S, t + S);
        run.adjust(&plan, -10 * S, t + 2 * S);
        assert_eq!(
            counted(&run.advance(&plan, t + 150 * S)),
            [(true, false), (true, true)]
        );
        // Moved on with `n`: neither that phase nor its round.
        let t = t + 150 * S;
        let skipped = run.skip(&plan, t + 5 * S).unwrap();
        assert_eq!((skipped.treated, skipped.round_treated), (false, false));
        assert_eq!(counted(&run.advance(&plan, t + 35 * S)), [(true, false)]);
        // `r` runs the phase whole again from then: it counts.
        let t = t + 35 * S;
        for _ in 0..10 {
            run.adjust(&plan, -10 * S, t);
        }
        run.restart(&plan, t + 10 * S);
        assert_eq!(
            counted(&run.advance(&plan, t + 220 * S)),
            [(true, false), (true, true)]
        );
        // A plan set shorter than the article (`--hot 5s`) never counts.
        let short = Plan {
            phases: vec![
                PlanPhase {
                    len: 5 * S,
                    ..plan.phases[0]
                },
                plan.phases[1],
            ],
            rounds: None,
        };
        let mut run = Run::start(&short, 0);
        assert_eq!(
            counted(&run.advance(&short, 35 * S)),
            [(false, false), (true, false)]
        );
    }
}
