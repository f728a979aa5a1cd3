//! The timers as the app runs them: one slot per kind of clock. The short cycle (the shower)
//! runs on the monotonic clock, in memory; the long one (the ice pack) on wall-clock time, kept
//! in the state store by the app, so closing the app or a sleeping laptop does not stretch it.
//!
//! Cues are decided here and carried out elsewhere: a cue is a number of pulses, each a bell
//! (the shell writes BEL) and a short flash (rendering reads `Signal::flashing`), and the cue
//! itself (`cues::Fired`) for its tone, words and notification. No clock is read here; every
//! function takes `now`.

pub mod cues;
pub mod cycle;
pub mod duration;
pub mod kept;
pub mod wav;

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::clock::Now;
use crate::content::{ClockKind, Content, Cycle, Phase, Tone};
use crate::timer::cues::{Fired, Kind};
use crate::timer::cycle::{Ended, Ms, Plan, Run, Timing};

/// The warning before a phase ends (only for phases longer than this).
pub const WARN_BEFORE: Ms = 10_000;
/// What `+` and `-` add or take away.
pub const STEP: Ms = 10_000;
/// An unacknowledged alarm rings again this often.
pub const ALARM_EVERY: Duration = Duration::from_secs(5);
/// Pulses of a cue: bells this far apart (so two bells are heard as two), each with a flash.
const PULSE_GAP: Duration = Duration::from_millis(400);
const FLASH: Duration = Duration::from_millis(250);
const WARN_PULSES: u8 = 1;
const DONE_PULSES: u8 = 2;
const ALARM_PULSES: u8 = 3;

/// Into a hot phase two pulses, into a cold one three: they sound different, hands-free.
pub fn pulses(tone: Tone) -> u8 {
    match tone {
        Tone::Hot | Tone::Rest => 2,
        Tone::Cold => 3,
    }
}

/// Bells and flashes still to come, and the cue given in this update.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signal {
    bells: u8,
    next_bell: Option<Instant>,
    flash_until: Option<Instant>,
    fired: Option<Fired>,
}

impl Signal {
    /// A cue was given (its tone, words, notification); of several in one update the one that
    /// matters most is kept.
    pub fn fire(&mut self, fired: Fired) {
        self.fired = Some(fired.over(self.fired));
    }

    /// The cue given since the last call.
    pub fn take_fired(&mut self) -> Option<Fired> {
        self.fired.take()
    }

    /// Start a cue of `pulses` now (a newer cue replaces what is left of an older one).
    pub fn cue(&mut self, pulses: u8, now: Instant) {
        self.bells = pulses;
        self.next_bell = Some(now);
    }

    /// Whether a bell is due now; if so it is taken and its flash starts.
    pub fn ring(&mut self, now: Instant) -> bool {
        match self.next_bell {
            Some(at) if self.bells > 0 && at <= now => {
                self.bells -= 1;
                self.next_bell = (self.bells > 0).then(|| now + PULSE_GAP);
                self.flash_until = Some(now + FLASH);
                true
            }
            _ => false,
        }
    }

    pub fn flashing(&self, now: Instant) -> bool {
        self.flash_until.is_some_and(|until| now < until)
    }

    /// When the next bell rings or the flash ends.
    fn next(&self, now: Instant) -> Option<Instant> {
        let flash = self.flash_until.filter(|&t| t > now);
        let bell = self.next_bell.filter(|_| self.bells > 0);
        [flash, bell].into_iter().flatten().min()
    }
}

/// One timer: a cycle of the content and, once started, where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    pub clock: ClockKind,
    /// Index into `content.cycles`.
    pub cycle: usize,
    pub plan: Plan,
    pub run: Option<Run>,
    /// Monotonic slot: its milliseconds count from here (set when it starts).
    epoch: Option<Instant>,
    /// The warning before the current phase's end has been given.
    warned: bool,
    /// While an alarm is pending: when it rings again.
    next_alarm: Option<Instant>,
    /// Phases that ended while the app was closed; shown until the run moves on or stops.
    pub missed: Vec<Ended>,
}

/// Why a slot's state changed, for the cue.
enum Change {
    Ended,
    Warn,
}

impl Slot {
    pub fn new(content: &Content, cycle: usize) -> Slot {
        let c = &content.cycles[cycle];
        Slot {
            clock: c.clock,
            cycle,
            plan: Plan::of(c, |_| None),
            run: None,
            epoch: None,
            warned: false,
            next_alarm: None,
            missed: Vec::new(),
        }
    }

    pub fn cycle<'c>(&self, content: &'c Content) -> &'c Cycle {
        &content.cycles[self.cycle]
    }

    /// `now` on this slot's clock.
    pub fn ms(&self, now: Now) -> Ms {
        match self.clock {
            ClockKind::Monotonic => self.epoch.map_or(0, |e| {
                now.mono.saturating_duration_since(e).as_millis() as Ms
            }),
            ClockKind::Wall => now.wall.timestamp_millis(),
        }
    }

    /// A time on this slot's clock as a local date (to the millisecond).
    pub fn date(&self, ms: Ms, now: Now) -> DateTime<FixedOffset> {
        let wall = now.wall.timestamp_millis() + (ms - self.ms(now));
        kept::date(wall, *now.wall.offset())
    }

    pub fn running(&self) -> bool {
        matches!(self.run.map(|r| r.timing), Some(Timing::Running { .. }))
    }

    /// Not started, or done: nothing going (running, paused or waiting) to keep.
    pub fn idle(&self) -> bool {
        self.run
            .is_none_or(|r| matches!(r.timing, Timing::Done { .. }))
    }

    pub fn alarm(&self) -> Option<Ms> {
        self.run.and_then(|r| r.alarm)
    }

    /// Start the cycle from its first phase, now.
    pub fn start(&mut self, now: Now) {
        if self.clock == ClockKind::Monotonic {
            self.epoch = Some(now.mono);
        }
        self.run = Some(Run::start(&self.plan, self.ms(now)));
        self.warned = false;
        self.next_alarm = None;
        self.missed.clear();
    }

    /// Take up a kept run whose times count from `now` (a monotonic slot's clock starts here).
    pub fn take_up(&mut self, run: Run, now: Now) {
        if self.clock == ClockKind::Monotonic {
            self.epoch = Some(now.mono);
        }
        self.run = Some(run);
    }

    pub fn stop(&mut self) {
        self.run = None;
        self.next_alarm = None;
        self.missed.clear();
    }

    /// Bring the run up to `now`, cueing phase ends, the warning and the alarm. Returns the
    /// phases that ended.
    pub fn tick(&mut self, content: &Content, now: Now, signal: &mut Signal) -> Vec<Ended> {
        let t = self.ms(now);
        let Some(run) = &mut self.run else {
            return Vec::new();
        };
        let ended = run.advance(&self.plan, t);
        if !ended.is_empty() {
            self.missed.clear();
            self.cue(content, Change::Ended, now, signal);
        }
        self.check_warning(content, now, signal);
        self.check_alarm(now, signal);
        ended
    }

    /// Phases that ended while the app was closed: counted, not cued one by one.
    pub fn catch_up(&mut self, now: Now) -> Vec<Ended> {
        let t = self.ms(now);
        let Some(run) = &mut self.run else {
            return Vec::new();
        };
        let ended = run.advance(&self.plan, t);
        self.missed = ended.clone();
        // The warning of a phase half gone by while closed would be stale.
        self.warned = true;
        ended
    }

    /// Apply a user's action to the run (None: nothing started yet).
    pub fn act(
        &mut self,
        content: &Content,
        action: SlotAction,
        now: Now,
        signal: &mut Signal,
    ) -> Vec<Ended> {
        let t = self.ms(now);
        let Some(run) = &mut self.run else {
            if action == SlotAction::Toggle {
                self.start(now);
                self.cue(content, Change::Ended, now, signal);
            }
            return Vec::new();
        };
        let mut ended = Vec::new();
        match action {
            SlotAction::Toggle if matches!(run.timing, Timing::Done { .. }) => {
                self.start(now);
                self.cue(content, Change::Ended, now, signal);
                return ended;
            }
            SlotAction::Toggle => {
                let waiting = matches!(run.timing, Timing::Waiting { .. });
                run.toggle(&self.plan, t);
                if waiting {
                    self.missed.clear();
                    self.cue(content, Change::Ended, now, signal);
                }
            }
            SlotAction::Next => {
                ended.extend(run.skip(&self.plan, t));
                self.missed.clear();
                self.cue(content, Change::Ended, now, signal);
            }
            SlotAction::More => run.adjust(&self.plan, STEP, t),
            SlotAction::Less => run.adjust(&self.plan, -STEP, t),
            SlotAction::Restart => run.restart(&self.plan, t),
            SlotAction::Acknowledge => {
                run.acknowledge();
                self.next_alarm = None;
            }
            SlotAction::Stop => self.stop(),
        }
        self.check_warning(content, now, signal);
        ended
    }

    fn cue(&mut self, content: &Content, change: Change, now: Now, signal: &mut Signal) {
        let Some(run) = self.run else { return };
        let (pulses, kind) = match (change, run.timing) {
            (Change::Warn, _) => (WARN_PULSES, Kind::Warning),
            (Change::Ended, Timing::Done { .. }) => (DONE_PULSES, Kind::Done),
            (Change::Ended, _) => (
                pulses(self.cycle(content).phases[run.phase].tone),
                Kind::Phase,
            ),
        };
        self.warned = false;
        signal.cue(pulses, now.mono);
        signal.fire(Fired {
            kind,
            clock: self.clock,
            repeat: false,
        });
    }

    /// A bell and a flash once the current phase is within WARN_BEFORE of its end.
    fn check_warning(&mut self, content: &Content, now: Now, signal: &mut Signal) {
        let Some(run) = self.run else { return };
        let Timing::Running { ends_at } = run.timing else {
            return;
        };
        let left = ends_at - self.ms(now);
        if left > WARN_BEFORE {
            self.warned = false;
        } else if !self.warned {
            if self.plan.len(run.phase) > WARN_BEFORE && left > 0 {
                self.cue(content, Change::Warn, now, signal);
            }
            self.warned = true;
        }
    }

    /// An unacknowledged alarm rings now and every ALARM_EVERY after.
    fn check_alarm(&mut self, now: Now, signal: &mut Signal) {
        if self.alarm().is_none() {
            self.next_alarm = None;
        } else if self.next_alarm.is_none_or(|at| at <= now.mono) {
            signal.cue(ALARM_PULSES, now.mono);
            signal.fire(Fired {
                kind: Kind::Alarm,
                clock: self.clock,
                repeat: self.next_alarm.is_some(),
            });
            self.next_alarm = Some(now.mono + ALARM_EVERY);
        }
    }

    /// When this slot's display next changes by itself: the shown second, or the alarm.
    fn next_change(&self, now: Now) -> Option<Instant> {
        let second = match self.run?.timing {
            Timing::Running { ends_at } => {
                let left = ends_at - self.ms(now);
                Some(
                    now.mono
                        + Duration::from_millis(left.max(1).saturating_sub(1) as u64 % 1000 + 1),
                )
            }
            _ => None,
        };
        let alarm = self.next_alarm.filter(|_| self.alarm().is_some());
        [second, alarm].into_iter().flatten().min()
    }

    /// Everything the screen shows about this slot.
    pub fn view<'c>(&self, content: &'c Content, now: Now) -> View<'c> {
        let cycle = self.cycle(content);
        let t = self.ms(now);
        let phase_at = |i: usize| &cycle.phases[i.min(cycle.phases.len() - 1)];
        let (index, round, status, left) = match self.run {
            None => (0, 1, Status::Ready, self.plan.len(0)),
            Some(run) => {
                let status = match run.timing {
                    Timing::Running { .. } => Status::Running,
                    Timing::Paused { .. } => Status::Paused,
                    Timing::Waiting { since } => Status::Waiting {
                        since: self.date(since, now),
                    },
                    Timing::Done { at } => Status::Done {
                        at: self.date(at, now),
                    },
                };
                let left = match run.timing {
                    Timing::Done { .. } => 0,
                    Timing::Waiting { .. } => self.plan.len(run.phase),
                    _ => run.left(t).unwrap_or(0),
                };
                (run.phase, run.round, status, left)
            }
        };
        let last_of_round = index + 1 >= cycle.phases.len();
        let next = if matches!(status, Status::Done { .. }) {
            None
        } else if last_of_round && self.plan.rounds.is_some_and(|r| round >= r) {
            Some(Next {
                phase: None,
                len: 0,
                at: (status == Status::Running).then(|| now.wall + TimeDelta::milliseconds(left)),
            })
        } else {
            let i = if last_of_round { 0 } else { index + 1 };
            Some(Next {
                phase: Some(&cycle.phases[i]),
                len: self.plan.len(i),
                at: (status == Status::Running).then(|| now.wall + TimeDelta::milliseconds(left)),
            })
        };
        let alarm_phase = cycle.phases.iter().find(|p| p.alarm);
        View {
            cycle,
            phase: phase_at(index),
            status,
            left,
            len: self.plan.len(index),
            round,
            rounds: self.plan.rounds,
            next,
            alarm: self
                .alarm()
                .zip(alarm_phase)
                .map(|(at, phase)| (phase, self.date(at, now))),
            warning: status == Status::Running
                && left <= WARN_BEFORE
                && self.plan.len(index) > WARN_BEFORE,
            missed: self
                .missed
                .iter()
                .map(|e| Missed {
                    phase: phase_at(e.phase),
                    at: self.date(e.at, now),
                    alarm: phase_at(e.phase).alarm,
                })
                .collect(),
            outside: cycle
                .phases
                .iter()
                .zip(&self.plan.phases)
                .filter(|(p, planned)| outside_guide(p, planned.len))
                .map(|(p, _)| p)
                .collect(),
            beyond: self.run.and_then(|run| {
                let phase = phase_at(run.phase);
                // The length as set: the plan's, moved by `+`/`-`.
                let len = run.full;
                let live = matches!(run.timing, Timing::Running { .. } | Timing::Paused { .. });
                let moved = len != self.plan.len(run.phase);
                (live && moved && outside_guide(phase, len)).then_some((phase, len))
            }),
        }
    }
}

/// Whether `len` ms is outside the range the content gives `phase`.
pub fn outside_guide(phase: &Phase, len: Ms) -> bool {
    let (min, max) = phase.guide_secs().into_inner();
    len < Ms::from(min) * 1000 || len > Ms::from(max) * 1000
}

/// What the user can do to a timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotAction {
    /// Start, pause, resume, or start a waiting phase.
    Toggle,
    Next,
    More,
    Less,
    Restart,
    Stop,
    Acknowledge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Not started.
    Ready,
    Running,
    Paused,
    /// The phase starts when the user starts it; the previous one ended `since`.
    Waiting {
        since: DateTime<FixedOffset>,
    },
    Done {
        at: DateTime<FixedOffset>,
    },
}

/// A slot as the screen shows it.
#[derive(Debug, Clone)]
pub struct View<'c> {
    pub cycle: &'c Cycle,
    /// The current phase (the first one before the start).
    pub phase: &'c Phase,
    pub status: Status,
    /// Milliseconds the digits show.
    pub left: Ms,
    /// The phase's planned length (the progress bar's whole).
    pub len: Ms,
    pub round: u32,
    pub rounds: Option<u32>,
    /// What comes after this phase; None once done.
    pub next: Option<Next<'c>>,
    /// The alarm phase that ended and when, until acknowledged.
    pub alarm: Option<(&'c Phase, DateTime<FixedOffset>)>,
    /// Within the warning before the end.
    pub warning: bool,
    /// Phases that ended while the app was closed.
    pub missed: Vec<Missed<'c>>,
    /// Phases set (by `--hot`/`--cold`) outside the range the content gives them.
    pub outside: Vec<&'c Phase>,
    /// The current phase, when `+`/`-` have set its length (ms) outside the range the content
    /// gives it.
    pub beyond: Option<(&'c Phase, Ms)>,
}

#[derive(Debug, Clone, Copy)]
pub struct Next<'c> {
    /// None: the last round ends with this phase.
    pub phase: Option<&'c Phase>,
    pub len: Ms,
    /// When it starts, while counting down.
    pub at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Clone, Copy)]
pub struct Missed<'c> {
    pub phase: &'c Phase,
    pub at: DateTime<FixedOffset>,
    /// It was an alarm phase: it "should have ended" then.
    pub alarm: bool,
}

/// Both slots and the cue in progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timers {
    /// The content's first monotonic cycle (the shower), if it has one.
    pub mono: Option<Slot>,
    /// The content's first wall-clock cycle (the ice pack), if it has one.
    pub wall: Option<Slot>,
    pub signal: Signal,
}

impl Timers {
    pub fn new(content: &Content) -> Timers {
        let first = |kind| {
            content
                .cycles
                .iter()
                .position(|c| c.clock == kind)
                .map(|i| Slot::new(content, i))
        };
        Timers {
            mono: first(ClockKind::Monotonic),
            wall: first(ClockKind::Wall),
            signal: Signal::default(),
        }
    }

    pub fn slot(&self, clock: ClockKind) -> Option<&Slot> {
        match clock {
            ClockKind::Monotonic => self.mono.as_ref(),
            ClockKind::Wall => self.wall.as_ref(),
        }
    }

    /// Whether the timer of `clock` has an alarm ringing.
    pub fn ringing(&self, clock: ClockKind) -> bool {
        self.slot(clock).and_then(Slot::alarm).is_some()
    }

    pub fn slot_mut(&mut self, clock: ClockKind) -> Option<&mut Slot> {
        match clock {
            ClockKind::Monotonic => self.mono.as_mut(),
            ClockKind::Wall => self.wall.as_mut(),
        }
    }

    /// How long until something on screen changes by itself (a shown second, a bell, the end of
    /// a flash, an alarm ringing again); None when nothing runs.
    pub fn wake_in(&self, now: Now) -> Option<Duration> {
        [&self.mono, &self.wall]
            .into_iter()
            .flatten()
            .filter_map(|s| s.next_change(now))
            .chain(self.signal.next(now.mono))
            .min()
            .map(|at| at.saturating_duration_since(now.mono))
    }

    pub fn flashing(&self, now: Now) -> bool {
        self.signal.flashing(now.mono)
    }

    /// Run `f` on the slot of `clock` (if the content has one) with the shared cue.
    pub fn with<R>(
        &mut self,
        clock: ClockKind,
        f: impl FnOnce(&mut Slot, &mut Signal) -> R,
    ) -> Option<R> {
        let slot = match clock {
            ClockKind::Monotonic => self.mono.as_mut(),
            ClockKind::Wall => self.wall.as_mut(),
        }?;
        Some(f(slot, &mut self.signal))
    }
}

/// How the digits show `ms` left: whole seconds rounded up, so a phase shows its full length
/// when it starts and 0:01 in its last second.
pub fn shown(ms: Ms) -> String {
    duration::clock((ms.max(0) as u64).div_ceil(1000))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_rounds_up_to_the_second() {
        assert_eq!(shown(180_000), "3:00");
        assert_eq!(shown(179_001), "3:00");
        assert_eq!(shown(179_000), "2:59");
        assert_eq!(shown(1), "0:01");
        assert_eq!(shown(0), "0:00");
        assert_eq!(shown(5_400_000), "1:30:00");
    }

    #[test]
    fn pulses_ring_apart_and_each_flashes() {
        let t0 = Instant::now();
        let mut s = Signal::default();
        s.cue(3, t0);
        assert!(s.ring(t0));
        assert!(s.flashing(t0));
        assert!(!s.ring(t0), "one bell at a time");
        assert_eq!(s.next(t0), Some(t0 + FLASH));
        assert!(!s.flashing(t0 + FLASH));
        assert_eq!(s.next(t0 + FLASH), Some(t0 + PULSE_GAP));
        assert!(s.ring(t0 + PULSE_GAP));
        assert!(s.ring(t0 + PULSE_GAP * 2));
        assert!(!s.ring(t0 + PULSE_GAP * 3), "three pulses, then quiet");
        assert_eq!(s.next(t0 + PULSE_GAP * 2 + FLASH), None);
    }
}
