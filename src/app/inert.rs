//! Which keys do nothing where the user is now, so the footer does not offer them, and what
//! else the footer and the help words depend on (`Here`: the flags that hold, how many things
//! the digits pick): the footer is what a person in pain reads, and a key that does nothing
//! there is a trap. The key table says where a key works at all; this knows the state (the
//! timer showing, the step selected).

use super::{App, Overlay, Screen};
use crate::app::Action;
use crate::clock::Now;
use crate::content::{Content, TabKind, WalkMode};
use crate::keymap::{Ctx, Here};
use backspasm_core::timer::SlotAction;
use backspasm_core::timer::cycle::Timing;
use backspasm_core::today::onset::TYPE_A_DATE;
use backspasm_core::today::pane::Item;
use backspasm_core::walkthrough::LIFTING;

impl App {
    /// What the footer and the help of the screen showing need to know besides its context.
    pub fn here(&self, content: &Content, now: Now) -> Here {
        let mut flags = Vec::new();
        if self.ringing() {
            flags.push(Ctx::Ringing);
        }
        // As the timer's first row says "muted": by `m`, or for this run (`--mute`).
        if !self.sound_on() && !self.voice_on() {
            flags.push(Ctx::Muted);
        }
        if self.screen == Screen::Guide {
            // The banner is up exactly while a reason applies (`sync_banner`).
            if self.banner.is_some() {
                flags.push(Ctx::Reason);
            }
            match self.marked_now(content, now) {
                Some((_, _, true)) => flags.push(Ctx::Marked),
                Some((_, _, false)) => flags.push(Ctx::Markable),
                None => {}
            }
        }
        let digits = match &self.screen {
            Screen::Guide => Some(content.tabs.len()),
            Screen::Onset => Some(TYPE_A_DATE + 1),
            Screen::Doctor => Some(content.doctor.len()),
            Screen::Walk(w) => Some(w.steps),
            _ => None,
        };
        Here { flags, digits }
    }

    /// True when `action` would change nothing on this screen now (`here` as from `here()`).
    pub fn does_nothing(&self, content: &Content, action: Action, here: &Here, now: Now) -> bool {
        if let Some(Overlay::Help { .. }) = self.overlay {
            let fits = self.help_max_offset(here) == 0;
            return matches!(action, Action::Up | Action::Down) && fits;
        }
        match (&self.screen, &action) {
            // The timer, the Warnings pane or the lifting technique that is already showing.
            (Screen::Timer(shown), Action::OpenTimer(clock)) => shown == clock,
            // A phase waiting for you has no time to change; a paused one at its full length
            // has nothing to restart.
            (
                Screen::Timer(clock),
                Action::Timer(SlotAction::More | SlotAction::Less | SlotAction::Restart),
            ) => {
                let slot = self.timer.timers.slot(*clock);
                match slot.and_then(|s| s.run.map(|r| (s, r))) {
                    Some((_, r)) if matches!(r.timing, Timing::Waiting { .. }) => true,
                    Some((s, r)) => {
                        action == Action::Timer(SlotAction::Restart)
                            && r.timing
                                == (Timing::Paused {
                                    left: s.plan.len(r.phase),
                                })
                    }
                    None => false,
                }
            }
            (Screen::Guide, Action::Warnings) => {
                content.tabs.get(self.guide.tab).map(|t| t.kind) == Some(TabKind::Warnings)
            }
            (Screen::Walk(w), Action::Lifting) => {
                content.walkthroughs.get(w.index).map(|w| w.id.as_str()) == Some(LIFTING)
            }
            (Screen::Guide, Action::Activate) => !self.leads_somewhere(content, now),
            // A pane that fits, with one step or none: nothing to move to or scroll.
            (Screen::Guide, Action::Up | Action::Down) => {
                let (doc, height) = self.page(content, self.guide.tab, now);
                doc.lines.len() <= height && doc.steps.len() <= 1
            }
            // Nothing before the first step.
            (Screen::Walk(w), Action::WalkBack) => w.mode == WalkMode::Focus && w.cursor == 0,
            // Nothing ticked: nothing to start over (and the undo of the last start over stays).
            (Screen::Walk(w), Action::WalkReset) => content
                .walkthroughs
                .get(w.index)
                .and_then(|walk| self.state.walks.get(&walk.id))
                .is_none_or(|p| p.is_empty()),
            (Screen::Walk(w), Action::WalkUndo) => w.undo.is_none(),
            (Screen::Timer(clock), Action::TimerUndo) => self
                .timer
                .stopped
                .as_ref()
                .is_none_or(|s| s.clock != *clock),
            // Esc on the guide goes back only where `w` or a Today jump left something.
            (Screen::Guide, Action::Close) => self.back.is_empty(),
            (Screen::Diary, Action::DiaryEdit | Action::DiaryDelete) => self.state.diary.is_empty(),
            (Screen::Diary, Action::DiaryUndo) => self.pain.undo.is_empty(),
            // One entry whose note shows whole: nothing to move to or read on.
            (Screen::Diary, Action::Up | Action::Down) => {
                self.state.diary.len() <= 1 && self.diary_list(now).max_offset() == 0
            }
            (Screen::Summary, Action::Up | Action::Down) => self.summary_max_offset() == 0,
            _ => false,
        }
    }

    /// Whether Enter on the guide's selected item opens something (see `activate`).
    fn leads_somewhere(&self, content: &Content, now: Now) -> bool {
        let selected = self.view().selected;
        let items = self.today_items(content, self.guide.tab, now);
        match items.get(selected) {
            Some(Item::Doctor) => return true,
            Some(Item::Rule(rule)) => return rule.start.is_some() || !rule.steps.is_empty(),
            Some(Item::Later(rule)) => return !rule.steps.is_empty(),
            None => {}
        }
        content
            .tabs
            .get(self.guide.tab)
            .and_then(|t| t.steps.get(selected - items.len()))
            .is_some_and(|s| s.walkthrough.is_some() || s.cycle.is_some())
    }
}
