//! The Today feature's part of `App`: the onset picker, the pain prompt and its note, the
//! doctor checklist, the diary screen, and how the guide's panes get the plan and the banner.
//! Like the rest of `update`, no terminal and no clock: `now` comes in.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, TimeDelta};
use ratatui::layout::Rect;

use super::{Action, App, Overlay, Screen, View};
use crate::clock::Now;
use crate::content::{Content, TabKind};
use crate::cycle::Timing;
use crate::diary::{self, PainEntry};
use crate::doc::Doc;
use crate::onset::{self, CHOICES};
use crate::plan::{self, Tick};
use crate::state::Edit;
use crate::today_pane;

/// The Today feature's screen state (what is kept between runs is in `State`).
#[derive(Debug, Clone, Default)]
pub struct TodayUi {
    /// What is being typed: an onset, or a note.
    pub field: String,
    /// Why the typed onset was refused, shown under the field.
    pub error: Option<String>,
    /// The diary entry the note being typed belongs to.
    pub note_for: Option<DateTime<FixedOffset>>,
    /// The diary's list, scrolled this many entries.
    pub diary_offset: usize,
    /// The checklist's selected condition.
    pub doctor_selected: usize,
    /// Where the diary's summary key writes (beside the state file); None: nowhere.
    pub summary_path: Option<PathBuf>,
    /// Set by the summary key; the shell writes the file and clears it.
    pub summary_requested: bool,
    /// Set when the diary opens or the summary is asked for: the shell re-reads the store, so
    /// entries from `backspasm log` in another terminal show.
    pub reload: bool,
}

/// A field holds one line; a note is the longest thing typed.
const FIELD_MAX: usize = diary::MAX_NOTE_CHARS;

impl App {
    /// On a start on the Today pane with no onset kept, ask when it began.
    pub fn ask_onset_if_unknown(&mut self, content: &Content) {
        let on_today = content
            .tabs
            .get(self.tab)
            .is_some_and(|t| t.kind == TabKind::Today);
        if on_today && self.state.onset.is_none() && self.screen == Screen::Guide {
            self.open(Screen::Onset);
        }
    }

    /// Pane `tab` as shown now: the Today plan and the doctor ticks depend on state and time.
    pub fn pane_doc(&self, content: &Content, tab: usize, width: usize, now: Now) -> Doc {
        today_pane::pane(content, &self.state, tab, width, now.wall)
    }

    /// The call-a-doctor banner's lines for pane `tab` at `width` (empty: none).
    pub fn banner(&self, content: &Content, tab: usize, width: u16, now: Now) -> Vec<String> {
        if !today_pane::shows_banner(content, tab) {
            return Vec::new();
        }
        let text_width = width.saturating_sub(2) as usize;
        today_pane::banner_lines(content, &self.state, now.wall, text_width)
    }

    /// The guide's body for pane `tab`, below its banner.
    pub fn guide_body(&self, content: &Content, tab: usize, now: Now) -> Rect {
        let body = self.areas().body;
        let rows = self.banner(content, tab, body.width, now).len() as u16;
        // Keep at least a line of the pane itself.
        let rows = rows.min(body.height.saturating_sub(1));
        Rect {
            y: body.y + rows,
            height: body.height - rows,
            ..body
        }
    }

    /// When the Today feature's words next change by themselves: the next whole minute (first
    /// two hours) or hour since onset ("30 hours since", "42 hours left", the two-week tick), the
    /// onset itself if it is still ahead, and local midnight ("today 13:00" in the diary).
    pub fn today_wake_in(&self, now: Now) -> Option<std::time::Duration> {
        let onset = self.state.onset?;
        let plan_change = match plan::elapsed(onset, now.wall) {
            Err(future) => future.ahead,
            Ok(e) => {
                let unit = if e.hours() < 2 {
                    TimeDelta::minutes(1)
                } else {
                    TimeDelta::hours(1)
                };
                let into = TimeDelta::nanoseconds(
                    e.delta().num_nanoseconds().unwrap_or(0) % unit.num_nanoseconds().unwrap_or(1),
                );
                unit - into
            }
        };
        let midnight = now
            .wall
            .date_naive()
            .succ_opt()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .and_then(|d| d.and_local_timezone(*now.wall.offset()).single())
            .map(|m| m - now.wall);
        let next = match midnight {
            Some(m) if !self.state.diary.is_empty() => plan_change.min(m),
            _ => plan_change,
        };
        next.to_std().ok()
    }

    /// What `s` starts now: the walkthrough or cycle of the first current rule naming one. An
    /// `Err` says why there is nothing to start.
    pub fn today_start(&self, content: &Content, now: Now) -> Result<Action, &'static str> {
        let onset = self
            .state
            .onset
            .ok_or("Say when it began first: press o.")?;
        let plan = plan::plan(&content.rules, onset, now.wall)
            .map_err(|_| "The start given is later than now: press o to set it again.")?;
        let id = plan
            .start()
            .ok_or("Today's plan has nothing to start at the moment.")?;
        if let Some(i) = content.cycles.iter().position(|c| c.id == id) {
            Ok(Action::OpenCycle(i))
        } else if let Some(i) = content.walkthroughs.iter().position(|w| w.id == id) {
            Ok(Action::OpenWalk(i))
        } else {
            Err("Today's plan has nothing to start at the moment.")
        }
    }

    /// `s` on a timer: open it and start it counting, unless it already runs or its first
    /// phase waits for the user (the ice pack goes on first, then Space).
    fn start_cycle(&mut self, content: &Content, i: usize, now: Now) {
        let Some(cycle) = content.cycles.get(i) else {
            return;
        };
        self.open_cycle(content, &cycle.id);
        let waits = cycle.phases.first().is_some_and(|p| p.wait);
        let idle = self.timers.slot(cycle.clock).is_some_and(|s| {
            s.cycle == i
                && s.run
                    .is_none_or(|r| matches!(r.timing, Timing::Done { .. }))
        });
        if idle && !waits {
            self.start_timer(cycle.clock, None, now);
        }
    }

    /// The rules the Today pane shows now, in the order of its selectable items (none on
    /// other panes, or before the onset is known).
    pub(super) fn today_rules<'c>(
        &self,
        content: &'c Content,
        tab: usize,
        now: Now,
    ) -> Vec<&'c crate::content::TimeRule> {
        let on_today = content
            .tabs
            .get(tab)
            .is_some_and(|t| t.kind == TabKind::Today);
        match self.state.onset {
            Some(onset) if on_today => plan::plan(&content.rules, onset, now.wall)
                .map(|p| p.now.into_iter().map(|c| c.rule).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Enter on a Today rule: open its timer or walkthrough (as Enter on a guide step does),
    /// or else show the first guide step it is about.
    pub(super) fn open_rule(
        &mut self,
        content: &Content,
        rule: &crate::content::TimeRule,
        now: Now,
    ) {
        if let Some(id) = &rule.start {
            if let Some(i) = content.walkthroughs.iter().position(|w| &w.id == id) {
                self.open_walk(content, i, now);
            } else {
                self.open_cycle(content, id);
            }
            return;
        }
        let found = rule.steps.iter().find_map(|id| {
            content.tabs.iter().enumerate().find_map(|(t, tab)| {
                let i = tab.steps.iter().position(|s| &s.id == id)?;
                Some((t, i))
            })
        });
        if let Some((t, i)) = found {
            self.show_step(content, t, i, now);
        }
    }

    /// The guide's keys for this feature.
    pub(super) fn today_key(&mut self, content: &Content, action: Action, now: Now) {
        match action {
            Action::AskOnset => {
                self.today.error = None;
                self.open(Screen::Onset);
            }
            Action::Pain => self.open(Screen::Pain),
            Action::Diary => {
                self.today.diary_offset = 0;
                self.today.reload = true;
                self.open(Screen::Diary);
            }
            Action::Doctor => {
                self.today.doctor_selected = 0;
                self.open(Screen::Doctor);
            }
            Action::StartToday => match self.today_start(content, now) {
                Ok(Action::OpenCycle(i)) => self.start_cycle(content, i, now),
                Ok(open) => self.update_guide(content, open, now),
                Err(why) => self.notice = Some(why.to_string()),
            },
            _ => {}
        }
    }

    pub(super) fn update_today(&mut self, content: &Content, action: Action, now: Now) {
        if action == Action::Help {
            self.overlay = Some(Overlay::Help { offset: 0 });
            return;
        }
        match (self.screen.clone(), action) {
            (_, Action::Close) => self.close_screen(),
            (Screen::Onset, Action::OnsetChoice(i)) => {
                if let Some(choice) = CHOICES.get(i) {
                    self.set_onset(content, choice.at(now.wall), now);
                }
            }
            (Screen::Onset, Action::TypeOnset) => {
                self.today.field.clear();
                self.today.error = None;
                self.open(Screen::OnsetTyped);
            }
            (Screen::OnsetTyped | Screen::PainNote, Action::Type(c)) => {
                // What a note may not hold is not typed at all (the same rule as content).
                let allowed = crate::safe_text::problem(c).is_none();
                if allowed && self.today.field.chars().count() < FIELD_MAX {
                    self.today.field.push(c);
                }
                self.today.error = None;
            }
            (Screen::OnsetTyped | Screen::PainNote, Action::Paste(text)) => self.paste(&text),
            (Screen::OnsetTyped | Screen::PainNote, Action::Backspace) => {
                self.today.field.pop();
                self.today.error = None;
            }
            (Screen::OnsetTyped, Action::Submit) => {
                match onset::parse(&self.today.field, now.wall) {
                    Ok(at) => self.set_onset(content, at, now),
                    Err(e) => self.today.error = Some(e.to_string()),
                }
            }
            (Screen::Pain, Action::Score(n)) => {
                if let Ok(score) = u8::try_from(n)
                    && score <= diary::MAX_SCORE
                {
                    self.log_pain(score, now);
                }
            }
            (Screen::PainNote, Action::Submit) => {
                self.keep_note();
                self.close_screen();
            }
            (Screen::Doctor, Action::ToggleDoctor(i)) => {
                self.today.doctor_selected = i.min(content.doctor.len().saturating_sub(1));
                self.toggle_doctor(content, i, now);
            }
            (Screen::Doctor, Action::Toggle) => {
                self.toggle_doctor(content, self.today.doctor_selected, now);
            }
            (Screen::Doctor, Action::Up) => {
                self.today.doctor_selected = self.today.doctor_selected.saturating_sub(1);
            }
            (Screen::Doctor, Action::Down) => {
                let last = content.doctor.len().saturating_sub(1);
                self.today.doctor_selected = (self.today.doctor_selected + 1).min(last);
            }
            (Screen::Diary, Action::Pain) => self.open(Screen::Pain),
            (Screen::Diary, Action::WriteSummary) => {
                if self.today.summary_path.is_some() {
                    self.today.summary_requested = true;
                    self.today.reload = true;
                } else {
                    self.notice = Some(
                        "No state directory, so nowhere to write the summary; use `backspasm summary`."
                            .into(),
                    );
                }
            }
            (Screen::Diary, a) => self.scroll_diary(a),
            _ => {}
        }
    }

    /// Pasted text into the field, as if typed: line breaks become spaces (the field is one
    /// line), what typing drops is dropped, and what does not fit is cut, saying so.
    fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", " ").replace(['\r', '\n'], " ");
        let room = FIELD_MAX.saturating_sub(self.today.field.chars().count());
        let mut allowed = text
            .chars()
            .filter(|&c| crate::safe_text::problem(c).is_none());
        self.today.field.extend(allowed.by_ref().take(room));
        if allowed.next().is_some() {
            self.notice = Some(format!(
                "The pasted text was cut: the field holds {FIELD_MAX} characters."
            ));
        }
        self.today.error = None;
    }

    /// On the way out (a quit, a signal): a note being typed is kept, as Enter would keep it.
    pub fn commit_input(&mut self) {
        if self.screen == Screen::PainNote {
            self.keep_note();
        }
    }

    fn keep_note(&mut self) {
        // Typed text holds nothing `clean_note` refuses and is within the length, so this only
        // trims; an empty note is no note.
        if let (Some(at), Ok(Some(note))) =
            (self.today.note_for, diary::clean_note(&self.today.field))
        {
            self.edit(Edit::NotePain {
                at,
                note: Some(note),
            });
        }
    }

    /// Keep the onset, leave the picker and show the plan.
    fn set_onset(&mut self, content: &Content, at: DateTime<FixedOffset>, now: Now) {
        self.edit(Edit::SetOnset(at));
        while matches!(self.screen, Screen::Onset | Screen::OnsetTyped) {
            self.close_screen();
        }
        if let Some(i) = content.tab_of_kind(TabKind::Today)
            && self.screen == Screen::Guide
        {
            self.tab = i;
            self.views[i] = View::default();
        }
        self.clamp(content, now);
    }

    /// Log `score` now (saved at once); the note prompt that follows is optional.
    fn log_pain(&mut self, score: u8, now: Now) {
        let at = diary::unique_time(&self.state.diary, now.wall);
        self.edit(Edit::LogPain(PainEntry {
            at,
            score,
            note: None,
        }));
        self.today.note_for = Some(at);
        self.today.field.clear();
        // In place of the score prompt, so Esc goes back to where `p` was pressed.
        self.screen = Screen::PainNote;
    }

    fn toggle_doctor(&mut self, content: &Content, i: usize, now: Now) {
        let Some(c) = content.doctor.get(i) else {
            return;
        };
        match plan::tick(c, &self.state, now.wall) {
            Tick::FromOnset => {
                self.notice =
                    Some("That one is ticked from when it began; o changes the start.".to_string());
            }
            t => self.edit(Edit::Doctor {
                id: c.id.clone(),
                ticked: t == Tick::No,
            }),
        }
    }

    fn scroll_diary(&mut self, action: Action) {
        let parts = crate::layout::diary(
            self.areas().body,
            self.today.summary_path.as_deref(),
            self.state.diary.len(),
        );
        let max = parts.max_offset(self.state.diary.len());
        let page = (parts.list.height as usize).max(2) - 1;
        let o = &mut self.today.diary_offset;
        *o = match action {
            Action::Up | Action::Scroll(..=-1) => o.saturating_sub(1),
            Action::Down | Action::Scroll(1..) => *o + 1,
            Action::PageUp => o.saturating_sub(page),
            Action::PageDown => *o + page,
            Action::Home => 0,
            Action::End => max,
            _ => *o,
        }
        .min(max);
    }
}
