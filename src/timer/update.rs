//! The timers' part of `App` (beside walk.rs and today.rs, so app.rs stays the shared
//! outline): the timer screens' keys, time passing, alarms over other screens, and what is
//! kept. Pure like the rest of `update`.

use std::time::Duration;

use crate::app::{Action, App, Effect, Screen};
use crate::clock::Now;
use crate::content::{ClockKind, Content};
use crate::keymap::Ctx;
use backspasm_core::state::Edit;
use backspasm_core::timer::cues::{self, Fired, Kind};
use backspasm_core::timer::cycle::{Ended, Plan, Run, Timing};
use backspasm_core::timer::duration;
use backspasm_core::timer::kept::{PhaseEnd, WallRun};
use backspasm_core::timer::{Slot, SlotAction, Timers};

/// Which of the timers' outputs this run may use (`--no-sound`, `--no-voice`, `--mute`,
/// `BACKSPASM_MUTE`); the kept `m` setting is the state's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outputs {
    pub sound: bool,
    pub voice: bool,
}

impl Default for Outputs {
    fn default() -> Outputs {
        Outputs {
            sound: true,
            voice: true,
        }
    }
}

/// The timers' part of `App`: the two slots (they run on whatever screen shows) and what goes
/// with them.
#[derive(Debug, Clone)]
pub struct TimerUi {
    pub timers: Timers,
    /// An alarm's screen came up by itself over another: until then it takes only Esc, help
    /// and quit, for `ALARM_GRACE` (beside the timer screens' keys). Also set when an alarm is
    /// silenced: until then Space does not pause or start a timer (a Space pressed twice).
    pub grace: Option<std::time::Instant>,
    /// An alarm that rang while a text field was open: its screen comes up when that closes.
    pub deferred: Option<ClockKind>,
    /// What this run may play and say.
    pub outputs: Outputs,
    /// The title last given to the terminal (None: its own).
    pub title: Option<String>,
    /// The shower run's schedule as last handed to the store (`schedule`).
    pub kept: Option<Run>,
    /// A timer stopped with `x`, as it was just before: `u` puts it back, until another of
    /// the timers' keys changes something (a stray `x` must not lose a pack's alarm).
    pub stopped: Option<Slot>,
}

impl TimerUi {
    pub fn new(content: &Content) -> TimerUi {
        TimerUi {
            timers: Timers::new(content),
            grace: None,
            deferred: None,
            outputs: Outputs::default(),
            title: None,
            kept: None,
            stopped: None,
        }
    }
}

/// Said after `x`, while `u` can undo it.
pub(crate) const STOPPED: &str = "Stopped. u undoes it.";

/// How long a freshly popped-up alarm screen ignores all but Esc, help and quit.
pub(crate) const ALARM_GRACE: Duration = Duration::from_secs(1);

/// A run's schedule: all of it but the time it last saw, which moves with every tick.
pub(crate) fn schedule(run: Run) -> Run {
    Run { seen: 0, ..run }
}

impl App {
    /// The keys of a timer screen: they follow what Space does now, and while an alarm rings
    /// Space and Enter silence it (not in the first moment after it came up by itself).
    pub(crate) fn timer_ctx(&self, clock: ClockKind) -> Ctx {
        let Some(slot) = self.timer.timers.slot(clock) else {
            return Ctx::TimerReady;
        };
        if slot.alarm().is_some() {
            return match self.timer.grace {
                Some(_) => Ctx::AlarmNew,
                None => Ctx::Alarm,
            };
        }
        match slot.run.map(|r| r.timing) {
            Some(Timing::Running { .. }) => Ctx::Timer,
            Some(Timing::Paused { .. }) => Ctx::TimerPaused,
            Some(Timing::Waiting { .. }) => Ctx::TimerWaiting,
            None | Some(Timing::Done { .. }) => Ctx::TimerReady,
        }
    }

    /// Whether an alarm is ringing (unacknowledged), on whichever timer.
    pub fn ringing(&self) -> bool {
        [ClockKind::Monotonic, ClockKind::Wall]
            .into_iter()
            .any(|c| self.timer.timers.ringing(c))
    }

    /// Silence every ringing alarm (`a` from any screen; Space or Enter on its own screen),
    /// the bells of its cue still to come too.
    pub(crate) fn acknowledge_alarms(&mut self, content: &Content, now: Now) {
        for clock in [ClockKind::Monotonic, ClockKind::Wall] {
            if !self.timer.timers.ringing(clock) {
                continue;
            }
            // Space pressed twice to silence it must not pause what runs on (the break).
            self.timer.grace = Some(now.mono + ALARM_GRACE);
            self.timer.timers.signal.cue(0, now.mono);
            let ended = self
                .timer
                .timers
                .with(clock, |slot, signal| {
                    slot.act(content, SlotAction::Acknowledge, now, signal)
                })
                .unwrap_or_default();
            self.record(content, clock, &ended, now);
        }
    }

    /// A new alarm brings its screen up, except over a text field (the footer shows it; the
    /// screen comes when the field closes). Keys pressed just then were meant for the screen
    /// before, so for `ALARM_GRACE` only Esc, help and quit act on it.
    fn pop_up_alarm(&mut self, clock: ClockKind, now: Now) {
        if self.entering() {
            self.timer.deferred = Some(clock);
            return;
        }
        self.timer.deferred = None;
        if self.screen != Screen::Timer(clock) || self.overlay.is_some() {
            self.timer.grace = Some(now.mono + ALARM_GRACE);
        }
        self.open_timer(clock);
    }

    /// Show the timer of `clock` over the screen showing (`t` then `i`: Esc comes back to the
    /// shower timer); one already open underneath comes back to its place (see `App::open`).
    pub fn open_timer(&mut self, clock: ClockKind) {
        if self.timer.timers.slot(clock).is_none() {
            self.notice = Some("there is no timer of this kind in this guide".to_string());
            return;
        }
        self.overlay = None;
        self.open(Screen::Timer(clock));
    }

    /// Show the timer for the cycle `id` (a step's link); an idle slot switches to that cycle.
    pub fn open_cycle(&mut self, content: &Content, id: &str) {
        let Some(i) = content.cycles.iter().position(|c| c.id == id) else {
            return;
        };
        let clock = content.cycles[i].clock;
        if let Some(slot) = self.timer.timers.slot_mut(clock)
            && slot.run.is_none()
            && slot.cycle != i
        {
            *slot = Slot::new(content, i);
        }
        self.open_timer(clock);
    }

    /// Start the timer of `clock` now with `plan` (`backspasm timer`: counting at once). Its
    /// first phase is announced (tone and words, no bells: the command was just typed).
    pub fn start_timer(&mut self, clock: ClockKind, plan: Option<Plan>, now: Now) {
        self.timer.stopped = None;
        if let Some(slot) = self.timer.timers.slot_mut(clock) {
            if let Some(plan) = plan {
                slot.plan = plan;
            }
            slot.start(now);
            self.timer.timers.signal.fire(Fired {
                kind: Kind::Phase,
                clock,
                repeat: false,
            });
        }
        self.open_timer(clock);
    }

    /// `backspasm timer`: a shower timer kept going (running, paused or waiting) is opened as
    /// it is, as `t` would; `plan` (from --hot/--cold/--rounds) starts a new one in its place,
    /// and says so. With neither, the guide's timer starts.
    pub fn timer_command(&mut self, plan: Option<Plan>, now: Now) {
        let clock = ClockKind::Monotonic;
        let going = self.timer.timers.slot(clock).is_some_and(|s| !s.idle());
        match (going, plan) {
            (true, None) => self.open_timer(clock),
            (true, Some(plan)) => {
                self.start_timer(clock, Some(plan), now);
                self.notice =
                    Some("The shower timer that was going was replaced by this one.".into());
            }
            (false, plan) => self.start_timer(clock, plan, now),
        }
    }

    /// `m`: the timers' sound and speech off, or on again (kept). A run started with them off
    /// (`--mute`, `BACKSPASM_MUTE`) says why `m` cannot turn them on, and changes nothing.
    fn toggle_mute(&mut self) {
        if !self.timer.outputs.sound && !self.timer.outputs.voice {
            self.notice =
                Some("sound and speech are off for this run (--mute or BACKSPASM_MUTE)".into());
            return;
        }
        self.edit(Edit::Muted(!self.state.cues.muted));
    }

    /// Whether a cue plays its tone / says its words now.
    pub fn sound_on(&self) -> bool {
        self.timer.outputs.sound && !self.state.cues.muted
    }

    pub fn voice_on(&self) -> bool {
        self.timer.outputs.voice && !self.state.cues.muted
    }

    /// After a start: bring back the kept timers, count the phases that ended while the app was
    /// closed, and if any did (or an alarm is pending), show the timer.
    pub fn resume_timers(&mut self, content: &Content, now: Now) {
        self.resume_mono(content, now);
        self.resume_wall(content, now);
    }

    /// The shower's run, kept when the app was left with it going (`q`, a closed terminal):
    /// running on in the footer. Phases that ended meanwhile are shown, not counted as
    /// treatment (no one saw them through).
    fn resume_mono(&mut self, content: &Content, now: Now) {
        let (Some(kept), Some(_)) = (self.state.timers.mono.clone(), &self.timer.timers.mono)
        else {
            return;
        };
        let found = content
            .cycles
            .iter()
            .position(|c| c.id == kept.cycle && c.clock == ClockKind::Monotonic)
            .and_then(|i| Some((i, kept.mono_run(&content.cycles[i], now.wall)?)));
        let Some((i, run)) = found else {
            self.notice = Some(format!(
                "the kept shower timer {:?} does not match this guide; it was stopped",
                kept.cycle
            ));
            self.edit(Edit::MonoTimer(None));
            return;
        };
        let mut slot = Slot::new(content, i);
        slot.take_up(run, now);
        let ended = slot.catch_up(now);
        self.timer.kept = slot.run.map(schedule);
        self.timer.timers.mono = Some(slot);
        if !ended.is_empty() {
            self.open_timer(ClockKind::Monotonic);
        }
        self.sync_mono(content, now);
    }

    fn resume_wall(&mut self, content: &Content, now: Now) {
        let (Some(kept), Some(_)) = (self.state.timers.wall.clone(), &self.timer.timers.wall)
        else {
            return;
        };
        let found = content
            .cycles
            .iter()
            .position(|c| c.id == kept.cycle && c.clock == ClockKind::Wall)
            .and_then(|i| Some((i, kept.run(&content.cycles[i])?)));
        let Some((i, run)) = found else {
            self.notice = Some(format!(
                "the kept timer {:?} does not match this guide; it was stopped",
                kept.cycle
            ));
            self.edit(Edit::WallTimer(None));
            return;
        };
        let mut slot = Slot::new(content, i);
        slot.run = Some(run);
        let ended = slot.catch_up(now);
        let show = !ended.is_empty() || slot.alarm().is_some();
        self.timer.timers.wall = Some(slot);
        self.record(content, ClockKind::Wall, &ended, now);
        if show {
            self.open_timer(ClockKind::Wall);
        }
        self.sync_wall(content, now);
    }

    /// Time passed: every running timer catches up, cues, and counts what ended. A new alarm
    /// brings its screen up.
    pub(crate) fn tick_timers(&mut self, content: &Content, now: Now) {
        for clock in [ClockKind::Monotonic, ClockKind::Wall] {
            let had_alarm = self.timer.timers.ringing(clock);
            let Some(ended) = self
                .timer
                .timers
                .with(clock, |slot, signal| slot.tick(content, now, signal))
            else {
                continue;
            };
            self.record(content, clock, &ended, now);
            let has_alarm = self.timer.timers.ringing(clock);
            if has_alarm && !had_alarm {
                self.pop_up_alarm(clock, now);
            }
        }
    }

    pub(crate) fn update_timer(
        &mut self,
        content: &Content,
        clock: ClockKind,
        action: Action,
        now: Now,
    ) {
        let act = match action {
            // Just after an alarm: that Space was meant for the alarm.
            Action::Timer(SlotAction::Toggle) if self.timer.grace.is_some() => return,
            // (`update` takes Acknowledge, from any screen, before it comes here.)
            Action::Timer(act) => act,
            Action::Close => return self.close_screen(),
            Action::Help => {
                self.overlay = Some(crate::app::Overlay::Help { offset: 0 });
                return;
            }
            Action::Mute => return self.toggle_mute(),
            Action::TimerUndo => return self.undo_stop(clock),
            _ => return,
        };
        // Any other change to the timers ends what `u` can undo.
        self.timer.stopped = None;
        if act == SlotAction::Stop {
            self.timer.stopped = self
                .timer
                .timers
                .slot(clock)
                .filter(|s| s.run.is_some())
                .cloned();
        }
        let ended = self
            .timer
            .timers
            .with(clock, |slot, signal| slot.act(content, act, now, signal))
            .unwrap_or_default();
        self.record(content, clock, &ended, now);
        if act == SlotAction::More {
            self.notice = self.at_longest(content, clock);
        }
        if self.timer.stopped.is_some() {
            self.notice = Some(STOPPED.into());
        }
    }

    /// `u` after `x`: the timer of this screen back as it was, running on to the same deadline,
    /// in the same round, with the phases it had missed (the store gets it back in
    /// `after_timers`).
    fn undo_stop(&mut self, clock: ClockKind) {
        let Some(before) = self.timer.stopped.take_if(|s| s.clock == clock) else {
            return;
        };
        if let Some(slot) = self.timer.timers.slot_mut(clock) {
            *slot = before;
        }
    }

    /// "At most 6:00, twice the guide's 3:00." once `+` has set the phase to the limit
    /// `--hot`/`--cold` have too (`duration::allowed`): `+` stops there, and says so (short
    /// enough for 40 columns; the phase's row names the phase).
    fn at_longest(&self, content: &Content, clock: ClockKind) -> Option<String> {
        let slot = self.timer.timers.slot(clock)?;
        let run = slot.run?;
        let longest = slot.plan.max(run.phase);
        (run.full >= longest).then(|| duration::at_most(&slot.cycle(content).phases[run.phase]))
    }

    /// After every update: bring up an alarm kept back by a text field once it has closed,
    /// ring the bells that are due, and keep the wall-clock timer.
    pub(crate) fn after_timers(&mut self, content: &Content, now: Now) {
        if let Some(clock) = self.timer.deferred
            && !self.entering()
        {
            self.timer.deferred = None;
            if self.timer.timers.ringing(clock) {
                self.pop_up_alarm(clock, now);
            }
        }
        while self.timer.timers.signal.ring(now.mono) {
            self.effects.push(Effect::Bell);
        }
        if let Some(fired) = self.timer.timers.signal.take_fired() {
            self.cue_effects(content, fired, now);
        }
        let title = self.title_text(content, now);
        if title != self.timer.title {
            self.effects.push(Effect::Title(title.clone()));
            self.timer.title = title;
        }
        self.sync_mono(content, now);
        self.sync_wall(content, now);
    }

    /// A cue's tone, words, notification and hook, as far as they are on.
    fn cue_effects(&mut self, content: &Content, fired: Fired, now: Now) {
        let Some(slot) = self.timer.timers.slot(fired.clock) else {
            return;
        };
        let d = cues::decide(fired, &slot.view(content, now), self.focused);
        if self.sound_on() {
            self.effects.push(Effect::Sound(d.pattern));
        }
        if let Some(text) = d.speech.filter(|_| self.voice_on()) {
            self.effects.push(Effect::Speak(text));
        }
        if let Some((title, body)) = d.notify {
            self.effects.push(Effect::Notify(title, body));
        }
        if let Some(hook) = d.hook {
            self.effects.push(Effect::Hook(hook));
        }
    }

    /// The terminal's title: the timer on screen if it is going, else the shower's, else the
    /// ice pack's.
    fn title_text(&self, content: &Content, now: Now) -> Option<String> {
        let first = match self.screen {
            Screen::Timer(clock) => clock,
            _ => ClockKind::Monotonic,
        };
        [first, ClockKind::Monotonic, ClockKind::Wall]
            .into_iter()
            .filter_map(|c| self.timer.timers.slot(c))
            .find_map(|slot| cues::title(&slot.view(content, now)))
    }

    /// Keep the shower's run whenever its schedule changed (a start, a phase ending, a pause,
    /// a stop), so quitting with it going, or a closed terminal, does not lose it.
    fn sync_mono(&mut self, content: &Content, now: Now) {
        let Some(slot) = &self.timer.timers.mono else {
            return;
        };
        let live = slot.run.map(schedule);
        if live == self.timer.kept {
            return;
        }
        self.timer.kept = live;
        let kept = slot
            .run
            .map(|run| WallRun::from_mono(slot.cycle(content), &run, slot.ms(now), now.wall));
        self.edit(Edit::MonoTimer(kept));
    }

    /// Keep ended phases for the summary.
    fn record(&mut self, content: &Content, clock: ClockKind, ended: &[Ended], now: Now) {
        let Some(slot) = self.timer.timers.slot(clock) else {
            return;
        };
        let cycle = slot.cycle(content);
        let edits: Vec<Edit> = ended
            .iter()
            .map(|e| Edit::PhaseDone {
                cycle: cycle.id.clone(),
                end: PhaseEnd {
                    at: slot.date(e.at, now),
                    phase: cycle.phases[e.phase].id.clone(),
                    treated: e.treated,
                    round_done: e.round_treated,
                },
            })
            .collect();
        for edit in edits {
            self.edit(edit);
        }
    }

    /// Save the wall-clock timer whenever its schedule changed, and the time it has seen once a
    /// minute (not for every passing second).
    fn sync_wall(&mut self, content: &Content, now: Now) {
        let Some(slot) = &self.timer.timers.wall else {
            return;
        };
        let live = slot
            .run
            .map(|run| WallRun::new(slot.cycle(content), &run, *now.wall.offset()));
        let same = match (&live, &self.state.timers.wall) {
            (None, None) => true,
            (Some(a), Some(b)) => !a.worth_saving(b),
            _ => false,
        };
        if !same {
            self.edit(Edit::WallTimer(live));
        }
    }
}
