//! The walkthrough screen's state machine: which step is shown, waits (a step that says to wait
//! shows how long it has been), start over and its undo. Pure: the content, the kept progress and
//! the time come in; the screen state changes and the edits to keep come out. The progress
//! itself lives in the kept state (`state::WalkProgress`), so quitting loses nothing.

pub mod text;

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, SubsecRound, TimeDelta};

use crate::clock::Now;
use crate::content::{WalkMode, Walkthrough};
use crate::state::{WalkEdit, WalkProgress};

/// The walkthrough that `l` and `backspasm lift` open.
pub const LIFTING: &str = "lifting";

/// The walkthrough screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    /// Which walkthrough (index into `Content::walkthroughs`).
    pub index: usize,
    /// How many steps it has.
    pub steps: usize,
    pub mode: WalkMode,
    /// Focus: the step shown; one past the last step is the finish screen. List: the selected row.
    pub cursor: usize,
    /// Lines scrolled, when the screen is too short for the step or the list.
    pub offset: usize,
    /// On a wait step (focus mode): when it came up. It shows the time since; it never ends by
    /// itself (the article gives no time), Space says it is over.
    pub waiting: Option<Instant>,
    /// The progress before the last start over, while `u` can bring it back.
    pub undo: Option<WalkProgress>,
    /// When it was finished, if going back (or unticking) has just un-finished it: finishing
    /// again keeps that time, so one run-through counts as one finish in the summary.
    pub unfinished: Option<DateTime<FixedOffset>>,
}

/// How `Walk::open` found a walkthrough, for the app to say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opened {
    /// As it stands: nothing done yet, or not a walkthrough done every time.
    AsItWas,
    /// Done every time and ticked within its break: where the person was, last ticked then.
    Resumed { since: DateTime<FixedOffset> },
    /// Done every time, and finished then: from step 1 again (`u` brings the ticks back).
    AfterFinish(DateTime<FixedOffset>),
    /// Done every time, and left longer than its break (last ticked then, if known): from
    /// step 1 again (`u` brings the ticks back).
    AfterBreak(Option<DateTime<FixedOffset>>),
}

impl Opened {
    /// Whether the walkthrough was started over on opening.
    pub fn restarted(self) -> bool {
        matches!(self, Opened::AfterFinish(_) | Opened::AfterBreak(_))
    }
}

/// How a walkthrough with `progress` opens at `now`. One done every time (the lifting
/// technique: "Whether you are lifting 25 pounds or 1 pound, follow these steps") starts at
/// step 1 once it was finished or after its break, and resumes within it; others as they are.
pub fn opened(walk: &Walkthrough, progress: &WalkProgress, now: DateTime<FixedOffset>) -> Opened {
    let Some(mins) = walk.restart_after_mins else {
        return Opened::AsItWas;
    };
    if progress.is_empty() {
        return Opened::AsItWas;
    }
    if let Some(at) = progress.finished {
        return Opened::AfterFinish(at);
    }
    match progress.touched {
        // A clock set back since counts as within the break.
        Some(at) if now - at < TimeDelta::minutes(mins.into()) => Opened::Resumed { since: at },
        at => Opened::AfterBreak(at),
    }
}

impl Walk {
    /// Open `walk` (number `index`) on the first step not yet done, or on the finish screen;
    /// a walkthrough done every time from step 1 once finished or after its break (see
    /// `opened`). The edits drop ticks of steps the content no longer has, and start over.
    pub fn open(
        index: usize,
        walk: &Walkthrough,
        progress: &WalkProgress,
        now: Now,
    ) -> (Walk, Vec<WalkEdit>, Opened) {
        let mut edits: Vec<WalkEdit> = progress
            .stale(walk)
            .into_iter()
            .map(|step| WalkEdit::Set {
                walk: walk.id.clone(),
                step,
                done: false,
            })
            .collect();
        let mut w = Walk {
            index,
            steps: walk.steps.len(),
            mode: walk.mode,
            cursor: 0,
            offset: 0,
            waiting: None,
            undo: None,
            unfinished: None,
        };
        let how = opened(walk, progress, now.wall);
        if how.restarted() {
            edits.push(WalkEdit::Reset {
                walk: walk.id.clone(),
            });
            w.undo = Some(progress.clone());
            w.resume(walk, &vec![false; walk.steps.len()], now);
        } else {
            w.resume(walk, &progress.done_steps(walk), now);
        }
        (w, edits, how)
    }

    /// Whether the finish screen is showing.
    pub fn finished(&self) -> bool {
        self.mode == WalkMode::Focus && self.cursor >= self.steps
    }

    /// Focus mode: mark the step shown done and go to the next one not done (the finish screen
    /// once all are).
    pub fn advance(
        &mut self,
        walk: &Walkthrough,
        progress: &WalkProgress,
        now: Now,
    ) -> Vec<WalkEdit> {
        let mut done = progress.done_steps(walk);
        let Some(d) = done.get_mut(self.cursor) else {
            return Vec::new();
        };
        let mut edits = Vec::new();
        if !*d {
            *d = true;
            edits.push(set(walk, self.cursor, true));
        }
        let after = (self.cursor + 1..done.len()).find(|&i| !done[i]);
        match after.or_else(|| first_undone(&done)) {
            Some(next) => self.cursor = next,
            None => {
                self.cursor = walk.steps.len();
                edits.push(self.finish(walk, now));
            }
        }
        self.changed(walk, now);
        edits
    }

    /// Focus mode: go back one step (from the finish screen, to the last step) and mark it not
    /// done, so what is shown as done is what was done.
    pub fn back(&mut self, walk: &Walkthrough, progress: &WalkProgress, now: Now) -> Vec<WalkEdit> {
        let Some(target) = self.cursor.min(walk.steps.len()).checked_sub(1) else {
            return Vec::new();
        };
        let mut edits = Vec::new();
        if progress.finished.is_some() {
            self.unfinished = progress.finished;
            edits.push(finished(walk, None));
        }
        if progress.done_steps(walk)[target] {
            edits.push(set(walk, target, false));
        }
        self.cursor = target;
        self.changed(walk, now);
        edits
    }

    /// List mode: tick or untick step `i` (and select it). Ticking the last one finishes the
    /// walkthrough; unticking one un-finishes it.
    pub fn toggle(
        &mut self,
        i: usize,
        walk: &Walkthrough,
        progress: &WalkProgress,
        now: Now,
    ) -> Vec<WalkEdit> {
        let mut done = progress.done_steps(walk);
        let Some(d) = done.get_mut(i) else {
            return Vec::new();
        };
        *d = !*d;
        let mut edits = vec![set(walk, i, *d)];
        let all = done.iter().all(|&d| d);
        if all && progress.finished.is_none() {
            edits.push(self.finish(walk, now));
        } else if !all && progress.finished.is_some() {
            self.unfinished = progress.finished;
            edits.push(finished(walk, None));
        }
        self.cursor = i;
        self.undo = None;
        edits
    }

    /// Start over: every step not done, back to the first. `undo` can bring the ticks back.
    /// With nothing ticked there is nothing to start over: nothing changes, and the undo of
    /// the last start over stays (`r` pressed twice loses nothing).
    pub fn reset(
        &mut self,
        walk: &Walkthrough,
        progress: &WalkProgress,
        now: Now,
    ) -> Vec<WalkEdit> {
        if progress.is_empty() {
            return Vec::new();
        }
        self.cursor = 0;
        self.offset = 0;
        // From here on it is a new run-through.
        self.unfinished = None;
        self.undo = Some(progress.clone());
        self.arrive(walk, now);
        vec![WalkEdit::Reset {
            walk: walk.id.clone(),
        }]
    }

    /// Put back the progress from before the last start over.
    pub fn undo(&mut self, walk: &Walkthrough, now: Now) -> Vec<WalkEdit> {
        let Some(progress) = self.undo.take() else {
            return Vec::new();
        };
        self.resume(walk, &progress.done_steps(walk), now);
        vec![WalkEdit::Restore {
            walk: walk.id.clone(),
            progress,
        }]
    }

    /// Switch between focus and list mode. Focus resumes at the first step not done.
    pub fn toggle_mode(&mut self, walk: &Walkthrough, progress: &WalkProgress, now: Now) {
        match self.mode {
            WalkMode::Focus => {
                self.mode = WalkMode::List;
                self.cursor = self.cursor.min(walk.steps.len().saturating_sub(1));
                self.offset = 0;
                self.waiting = None;
            }
            WalkMode::List => {
                self.mode = WalkMode::Focus;
                self.resume(walk, &progress.done_steps(walk), now);
            }
        }
    }

    /// List mode: select the previous / next row.
    pub fn select(&mut self, walk: &Walkthrough, down: bool) {
        let last = walk.steps.len().saturating_sub(1);
        self.cursor = if down {
            (self.cursor + 1).min(last)
        } else {
            self.cursor.saturating_sub(1)
        };
    }

    /// Whole seconds since the wait step came up, as shown.
    pub fn waited(&self, now: Now) -> Option<u64> {
        self.waiting
            .map(|since| now.mono.saturating_duration_since(since).as_secs())
    }

    /// How long until the shown time waited changes: the next whole second.
    pub fn wake_in(&self, now: Now) -> Option<Duration> {
        self.waiting.map(|since| {
            let into = now.mono.saturating_duration_since(since).subsec_nanos();
            Duration::from_secs(1) - Duration::from_nanos(into.into())
        })
    }

    /// The edit that records the finish: now, or the time of the finish just taken back.
    fn finish(&mut self, walk: &Walkthrough, now: Now) -> WalkEdit {
        match self.unfinished.take() {
            Some(at) => WalkEdit::Finished {
                walk: walk.id.clone(),
                at: Some(at),
            },
            None => finished(walk, Some(now)),
        }
    }

    /// Go to the first step not done (focus: the finish screen if all are; list: the first row).
    fn resume(&mut self, walk: &Walkthrough, done: &[bool], now: Now) {
        self.cursor = match (self.mode, first_undone(done)) {
            (_, Some(i)) => i,
            (WalkMode::Focus, None) => walk.steps.len(),
            (WalkMode::List, None) => 0,
        };
        self.offset = 0;
        self.arrive(walk, now);
    }

    /// After the progress changed under the cursor: no undo any more, a new step shown.
    fn changed(&mut self, walk: &Walkthrough, now: Now) {
        self.undo = None;
        self.offset = 0;
        self.arrive(walk, now);
    }

    /// A step has just been shown: a wait step starts counting the time since (focus mode only).
    fn arrive(&mut self, walk: &Walkthrough, now: Now) {
        self.waiting = match (self.mode, walk.steps.get(self.cursor)) {
            (WalkMode::Focus, Some(step)) if step.wait => Some(now.mono),
            _ => None,
        };
    }
}

fn first_undone(done: &[bool]) -> Option<usize> {
    done.iter().position(|&d| !d)
}

fn set(walk: &Walkthrough, i: usize, done: bool) -> WalkEdit {
    WalkEdit::Set {
        walk: walk.id.clone(),
        step: walk.steps[i].id.clone(),
        done,
    }
}

fn finished(walk: &Walkthrough, at: Option<Now>) -> WalkEdit {
    WalkEdit::Finished {
        walk: walk.id.clone(),
        // Whole seconds: the file is read by people too.
        at: at.map(|n| n.wall.trunc_subsecs(0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::WalkStep;
    use crate::state::format::Persist;
    use crate::state::{Edit, State};
    use chrono::{TimeZone, Utc};

    fn step(id: &str, wait: bool) -> WalkStep {
        WalkStep {
            id: id.into(),
            title: format!("Step {id}"),
            body: None,
            wait,
            warnings: Vec::new(),
        }
    }

    fn walkthrough(mode: WalkMode) -> Walkthrough {
        Walkthrough {
            id: "w".into(),
            title: "W".into(),
            intro: None,
            mode,
            restart_after_mins: None,
            steps: vec![
                step("a", false),
                step("b", true),
                step("c", false),
                step("d", false),
            ],
        }
    }

    /// A screen, the kept state and a clock, driven like the app drives them.
    struct Rig {
        walk: Walkthrough,
        screen: Walk,
        state: State,
        t0: Instant,
        now: Now,
    }

    impl Rig {
        fn new(mode: WalkMode) -> Rig {
            Rig::with_state(mode, State::default())
        }

        fn with_state(mode: WalkMode, state: State) -> Rig {
            let walk = walkthrough(mode);
            let t0 = Instant::now();
            let now = Now {
                mono: t0,
                wall: Utc
                    .with_ymd_and_hms(2026, 11, 25, 14, 0, 0)
                    .unwrap()
                    .fixed_offset(),
            };
            let (screen, edits, _) = Walk::open(
                0,
                &walk,
                &state.walks.get("w").cloned().unwrap_or_default(),
                now,
            );
            let mut rig = Rig {
                walk,
                screen,
                state,
                t0,
                now,
            };
            rig.apply(edits);
            rig
        }

        fn progress(&self) -> WalkProgress {
            self.state.walks.get("w").cloned().unwrap_or_default()
        }

        fn apply(&mut self, edits: Vec<WalkEdit>) {
            for e in edits {
                self.state.apply(&Edit::Walk(e));
            }
        }

        fn at(&mut self, secs: f64) {
            self.now.mono = self.t0 + Duration::from_secs_f64(secs);
        }

        fn advance(&mut self) {
            let e = self.screen.advance(&self.walk, &self.progress(), self.now);
            self.apply(e);
        }

        fn back(&mut self) {
            let e = self.screen.back(&self.walk, &self.progress(), self.now);
            self.apply(e);
        }

        fn toggle(&mut self, i: usize) {
            let e = self
                .screen
                .toggle(i, &self.walk, &self.progress(), self.now);
            self.apply(e);
        }

        fn reset(&mut self) {
            let e = self.screen.reset(&self.walk, &self.progress(), self.now);
            self.apply(e);
        }

        fn undo(&mut self) {
            let e = self.screen.undo(&self.walk, self.now);
            self.apply(e);
        }

        fn done(&self) -> Vec<String> {
            self.progress().done.into_iter().collect()
        }
    }

    #[test]
    fn advance_marks_done_moves_on_and_finishes() {
        let mut r = Rig::new(WalkMode::Focus);
        assert_eq!(r.screen.cursor, 0);
        r.advance();
        assert_eq!(r.screen.cursor, 1);
        assert_eq!(r.done(), ["a"]);
        r.advance();
        r.advance();
        assert_eq!(r.screen.cursor, 3);
        assert_eq!(r.progress().finished, None);
        r.advance();
        assert!(r.screen.finished());
        assert_eq!(r.done(), ["a", "b", "c", "d"]);
        assert_eq!(r.progress().finished, Some(r.now.wall));
        // Space on the finish screen does nothing more.
        let before = r.state.clone();
        r.advance();
        assert_eq!(r.state, before);
    }

    #[test]
    fn advance_skips_steps_already_ticked_and_wraps_to_the_first_left() {
        let mut r = Rig::new(WalkMode::Focus);
        r.toggle(2); // ticked from list mode, say
        r.screen.cursor = 1;
        r.advance();
        assert_eq!(r.screen.cursor, 3, "c is done already");
        r.advance();
        assert_eq!(r.screen.cursor, 0, "a is still to do");
        r.advance();
        assert!(r.screen.finished());
    }

    #[test]
    fn back_unmarks_the_previous_step_and_unfinishes() {
        let mut r = Rig::new(WalkMode::Focus);
        r.back();
        assert_eq!(r.screen.cursor, 0, "nothing before the first step");
        for _ in 0..4 {
            r.advance();
        }
        assert!(r.progress().finished.is_some());
        r.back();
        assert_eq!(r.screen.cursor, 3);
        assert_eq!(r.done(), ["a", "b", "c"]);
        assert_eq!(r.progress().finished, None);
        r.back();
        assert_eq!(r.screen.cursor, 2);
        assert_eq!(r.done(), ["a", "b"]);
    }

    #[test]
    fn toggle_ticks_unticks_and_finishes_when_all_are_ticked() {
        let mut r = Rig::new(WalkMode::List);
        for i in [3, 1, 0] {
            r.toggle(i);
        }
        assert_eq!(r.screen.cursor, 0);
        assert_eq!(r.done(), ["a", "b", "d"]);
        r.toggle(2);
        assert_eq!(r.progress().finished, Some(r.now.wall));
        r.toggle(1);
        assert_eq!(r.done(), ["a", "c", "d"]);
        assert_eq!(r.progress().finished, None);
        r.toggle(9);
        assert_eq!(r.screen.cursor, 1, "no step 10: nothing happens");
    }

    #[test]
    fn reset_then_undo_brings_the_ticks_back() {
        let mut r = Rig::new(WalkMode::Focus);
        for _ in 0..4 {
            r.advance();
        }
        let kept = r.progress();
        r.reset();
        assert_eq!(r.screen.cursor, 0);
        assert!(r.progress().is_empty());
        assert!(r.state.walks.is_empty(), "no empty entry is kept");
        r.undo();
        assert_eq!(r.progress(), kept);
        assert!(r.screen.finished(), "back on the finish screen");
        r.undo();
        assert_eq!(r.progress(), kept, "undo works once");
    }

    #[test]
    fn start_over_twice_keeps_the_undo() {
        let mut r = Rig::new(WalkMode::Focus);
        r.advance();
        r.advance();
        let kept = r.progress();
        r.reset();
        r.reset();
        assert!(r.progress().is_empty());
        r.undo();
        assert_eq!(
            r.progress(),
            kept,
            "the second start over had nothing to start over"
        );
    }

    #[test]
    fn undo_is_gone_after_the_next_change() {
        let mut r = Rig::new(WalkMode::Focus);
        r.advance();
        r.reset();
        r.advance();
        r.undo();
        assert_eq!(r.done(), ["a"], "the new tick stays");
        // Starting over with nothing done leaves nothing to undo.
        let mut r = Rig::new(WalkMode::Focus);
        r.reset();
        assert_eq!(r.screen.undo, None);
    }

    #[test]
    fn a_wait_counts_up_by_the_second_and_never_ends_by_itself() {
        let mut r = Rig::new(WalkMode::Focus);
        assert_eq!(r.screen.waiting, None);
        assert_eq!(r.screen.wake_in(r.now), None, "nothing to wake for");
        r.advance(); // step b waits
        assert_eq!(r.screen.waited(r.now), Some(0));
        assert_eq!(r.screen.wake_in(r.now), Some(Duration::from_secs(1)));
        r.at(0.25);
        assert_eq!(r.screen.waited(r.now), Some(0));
        assert_eq!(r.screen.wake_in(r.now), Some(Duration::from_millis(750)));
        r.at(3600.0);
        assert_eq!(
            r.screen.waited(r.now),
            Some(3600),
            "an hour on, still waiting"
        );
        assert_eq!(
            r.screen.cursor, 1,
            "the step stays until you say it is over"
        );
        r.advance();
        assert_eq!((r.screen.cursor, r.screen.waiting), (2, None));
        assert_eq!(r.done(), ["a", "b"]);
    }

    #[test]
    fn coming_back_to_a_wait_counts_from_then() {
        let mut r = Rig::new(WalkMode::Focus);
        r.advance();
        r.advance();
        r.at(3.0);
        r.back();
        assert_eq!(r.screen.cursor, 1);
        assert_eq!(r.screen.waiting, Some(r.now.mono));
    }

    #[test]
    fn list_mode_has_no_waits_and_focus_resumes_at_the_first_step_not_done() {
        let mut r = Rig::new(WalkMode::List);
        r.toggle(0);
        r.screen.select(&r.walk, true);
        assert_eq!(r.screen.waiting, None);
        let p = r.progress();
        r.screen.toggle_mode(&r.walk, &p, r.now);
        assert_eq!((r.screen.mode, r.screen.cursor), (WalkMode::Focus, 1));
        assert!(r.screen.waiting.is_some(), "step b waits");
        r.screen.toggle_mode(&r.walk, &p, r.now);
        assert_eq!(
            (r.screen.mode, r.screen.cursor, r.screen.waiting),
            (WalkMode::List, 1, None)
        );
        r.screen.select(&r.walk, false);
        r.screen.select(&r.walk, false);
        assert_eq!(r.screen.cursor, 0);
        for _ in 0..9 {
            r.screen.select(&r.walk, true);
        }
        assert_eq!(r.screen.cursor, 3);
    }

    #[test]
    fn reopening_resumes_and_drops_steps_the_content_no_longer_has() {
        let mut r = Rig::new(WalkMode::Focus);
        r.advance();
        r.state.apply(&Edit::Walk(WalkEdit::Set {
            walk: "w".into(),
            step: "gone".into(),
            done: true,
        }));
        let r = Rig::with_state(WalkMode::Focus, r.state);
        assert_eq!(r.screen.cursor, 1);
        assert_eq!(r.done(), ["a"], "the unknown step is dropped");
    }

    #[test]
    fn a_walkthrough_done_every_time_opens_by_its_break() {
        let mut walk = walkthrough(WalkMode::Focus);
        let t = Utc
            .with_ymd_and_hms(2026, 11, 25, 14, 0, 0)
            .unwrap()
            .fixed_offset();
        let mins = |m: i64| t + TimeDelta::minutes(m);
        let ticked = |at: Option<DateTime<FixedOffset>>| WalkProgress {
            done: ["a".to_string()].into(),
            finished: None,
            touched: at,
        };
        // Without a break in the content: as it was, whatever the times.
        assert_eq!(opened(&walk, &ticked(Some(t)), mins(600)), Opened::AsItWas);
        walk.restart_after_mins = Some(15);
        assert_eq!(opened(&walk, &WalkProgress::default(), t), Opened::AsItWas);
        assert_eq!(
            opened(&walk, &ticked(Some(t)), mins(14)),
            Opened::Resumed { since: t }
        );
        assert_eq!(
            opened(&walk, &ticked(Some(t)), mins(15)),
            Opened::AfterBreak(Some(t))
        );
        // A clock set back: within the break.
        assert_eq!(
            opened(&walk, &ticked(Some(t)), mins(-5)),
            Opened::Resumed { since: t }
        );
        // A file from before the time was kept: no way to know, so a new start.
        assert_eq!(opened(&walk, &ticked(None), t), Opened::AfterBreak(None));
        let done = WalkProgress {
            finished: Some(t),
            ..ticked(Some(t))
        };
        assert_eq!(opened(&walk, &done, mins(1)), Opened::AfterFinish(t));
    }

    #[test]
    fn a_finished_walkthrough_opens_on_the_finish_screen_or_the_top_of_the_list() {
        let mut r = Rig::new(WalkMode::Focus);
        for _ in 0..4 {
            r.advance();
        }
        let state = r.state.clone();
        assert!(
            Rig::with_state(WalkMode::Focus, state.clone())
                .screen
                .finished()
        );
        let list = Rig::with_state(WalkMode::List, state);
        assert_eq!(list.screen.cursor, 0);
    }
}
