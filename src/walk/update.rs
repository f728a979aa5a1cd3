//! The walkthrough screen's part of `App`: opening it (`l`, Enter on a guide step, the command
//! line) and its keys. `walkthrough::Walk` decides; this hands its edits to the kept state and
//! keeps the view scrolled to what matters.

use super::layout as geometry;
use crate::app::{Action, App, Overlay, Screen};
use crate::clock::Now;
use crate::content::{Content, WalkMode};
use backspasm_core::state::{Edit, WalkEdit};
use backspasm_core::today::pane::Item;
use backspasm_core::walkthrough::{LIFTING, Opened, Walk};
use chrono::SubsecRound;

/// Shown after start over, while `u` can undo it.
const STARTED_OVER: &str = "Started over (u undoes it).";

/// What opening a walkthrough done every time says: where it starts and why.
fn opened_notice(how: Opened, steps: usize, cursor: usize, now: Now) -> Option<String> {
    let ago = |at| backspasm_core::when::span(now.wall - at);
    match how {
        Opened::AsItWas => None,
        Opened::Resumed { since } => Some(format!(
            "Resumed at step {} of {steps}: your last tick was {} ago. r starts over.",
            cursor + 1,
            ago(since)
        )),
        Opened::AfterFinish(at) => Some(format!(
            "From step 1 again: you last finished it {}.",
            backspasm_core::when::relative(at, now.wall)
        )),
        Opened::AfterBreak(Some(at)) => Some(format!(
            "From step 1 again: your last tick was {} ago. u brings it back.",
            ago(at)
        )),
        Opened::AfterBreak(None) => {
            Some("From step 1 again. u brings your ticks back.".to_string())
        }
    }
}

impl App {
    /// Open walkthrough number `index` on the first step not done; Esc comes back here.
    pub fn open_walk(&mut self, content: &Content, index: usize, now: Now) {
        let Some(walk) = content.walkthroughs.get(index) else {
            return;
        };
        let progress = self.state.walks.get(&walk.id).cloned().unwrap_or_default();
        let (w, edits, how) = Walk::open(index, walk, &progress, now);
        self.walk_edits(edits);
        if let Some(text) = opened_notice(how, w.steps, w.cursor, now) {
            self.notice = Some(text);
        }
        self.open(Screen::Walk(w));
    }

    /// The lifting technique: nothing if it is showing; if it is open underneath, the screens
    /// over it close and it opens again there (`App::open`), so its break counts as from
    /// anywhere else.
    pub(crate) fn open_lifting(&mut self, content: &Content, now: Now) {
        let Some(i) = content.walkthroughs.iter().position(|w| w.id == LIFTING) else {
            return;
        };
        let lifting = |s: &Screen| matches!(s, Screen::Walk(w) if w.index == i);
        if lifting(&self.screen) {
            return;
        }
        self.open_walk(content, i, now);
    }

    /// Enter on the selected step of the guide (or rule of the Today pane, which come before
    /// its steps): open what it links to.
    pub fn activate(&mut self, content: &Content, now: Now) {
        let selected = self.view().selected;
        let items = self.today_items(content, self.guide.tab, now);
        match items.get(selected) {
            Some(Item::Doctor) => return self.today_key(content, Action::Doctor, now),
            Some(Item::Rule(rule)) => return self.open_rule(content, rule, now),
            Some(Item::Later(rule)) => return self.show_rule_step(content, rule, now),
            None => {}
        }
        let Some(step) = content
            .tabs
            .get(self.guide.tab)
            .and_then(|t| t.steps.get(selected - items.len()))
        else {
            return;
        };
        if let Some(id) = &step.walkthrough
            && let Some(i) = content.walkthroughs.iter().position(|w| &w.id == id)
        {
            self.open_walk(content, i, now);
        } else if let Some(id) = &step.cycle {
            self.open_cycle(content, id);
        }
    }

    pub(crate) fn update_walk(&mut self, content: &Content, action: Action, now: Now) {
        let page = self.areas().body.height.saturating_sub(2).max(1) as isize;
        let Screen::Walk(w) = &mut self.screen else {
            return;
        };
        let Some(walk) = content.walkthroughs.get(w.index) else {
            return;
        };
        let progress = self.state.walks.get(&walk.id).cloned().unwrap_or_default();
        let mut scroll = None;
        let edits = match action {
            Action::WalkNext => w.advance(walk, &progress, now),
            Action::WalkBack => w.back(walk, &progress, now),
            Action::Toggle => w.toggle(w.cursor, walk, &progress, now),
            Action::ToggleStep(i) => w.toggle(i, walk, &progress, now),
            Action::WalkReset => w.reset(walk, &progress, now),
            Action::WalkUndo => w.undo(walk, now),
            Action::WalkMode => {
                w.toggle_mode(walk, &progress, now);
                Vec::new()
            }
            Action::Up | Action::Down if w.mode == WalkMode::List => {
                w.select(walk, action == Action::Down);
                Vec::new()
            }
            Action::Up => {
                scroll = Some(-1);
                Vec::new()
            }
            Action::Down => {
                scroll = Some(1);
                Vec::new()
            }
            Action::Scroll(lines) => {
                scroll = Some(lines as isize);
                Vec::new()
            }
            Action::PageUp | Action::PageDown | Action::Home | Action::End => {
                scroll = Some(match action {
                    Action::PageUp => -page,
                    Action::PageDown => page,
                    Action::Home => isize::MIN / 2,
                    _ => isize::MAX / 2,
                });
                Vec::new()
            }
            Action::Close => {
                self.close_screen();
                return;
            }
            Action::Help => {
                self.overlay = Some(Overlay::Help { offset: 0 });
                return;
            }
            _ => Vec::new(),
        };
        let started_over = matches!(edits.as_slice(), [WalkEdit::Reset { .. }]) && w.undo.is_some();
        // A tick changed: when, for a walkthrough that starts over after a break.
        let touched = edits
            .iter()
            .any(|e| matches!(e, WalkEdit::Set { .. }))
            .then(|| WalkEdit::Touched {
                walk: walk.id.clone(),
                at: now.wall.trunc_subsecs(0),
            });
        self.walk_edits(edits.into_iter().chain(touched).collect());
        if started_over {
            self.notice = Some(STARTED_OVER.to_string());
        }
        self.keep_in_view(content, scroll, now);
    }

    /// Scroll by `by` lines (focus mode, or the list by hand), then keep the offset in range and,
    /// in list mode, the selected step on screen.
    fn keep_in_view(&mut self, content: &Content, by: Option<isize>, now: Now) {
        let Screen::Walk(w) = &self.screen else {
            return;
        };
        let Some(walk) = content.walkthroughs.get(w.index) else {
            return;
        };
        let progress = self.state.walks.get(&walk.id).cloned().unwrap_or_default();
        let body = self.areas().body;
        let max = geometry::max_offset(body, content, w, &progress, now);
        let mut offset = w.offset.min(max);
        if let Some(by) = by {
            offset = offset.saturating_add_signed(by).min(max);
        } else if w.mode == WalkMode::List {
            let (doc, height) = geometry::list_page(body, content, w, &progress);
            if let Some(item) = doc.items.get(w.cursor) {
                if item.start < offset {
                    offset = item.start;
                } else if item.end > offset + height {
                    // The end of the item if it fits, else its start (its title and ▶).
                    offset = item.start.min(item.end.saturating_sub(height)).min(max);
                }
            }
        }
        if let Screen::Walk(w) = &mut self.screen {
            w.offset = offset;
        }
    }

    fn walk_edits(&mut self, edits: Vec<WalkEdit>) {
        for e in edits {
            self.edit(Edit::Walk(e));
        }
    }
}
