//! The Today feature's part of `App`: the onset picker, the pain prompt and its note, the
//! doctor checklist, the diary screen, and how the guide's panes get the plan and the banner.
//! Like the rest of `update`, no terminal and no clock: `now` comes in.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, SubsecRound, TimeDelta};

use crate::app::{Action, App, Overlay, Screen, View};
use crate::clock::Now;
use crate::content::{Content, Early, TabKind, TimeRule};
use backspasm_core::doc::Doc;
use backspasm_core::state::Edit;
use backspasm_core::today::diary::{self, EntryId};
use backspasm_core::today::onset::{self, CHOICES, TYPE_A_DATE};
use backspasm_core::today::pane;
use backspasm_core::today::pane::Item;
use backspasm_core::today::plan::{self, Tick};

/// The Today feature's screen state (what is kept between runs is in `State`).
#[derive(Debug, Clone, Default)]
pub struct TodayUi {
    /// What is being typed: an onset, or a note.
    pub field: String,
    /// Why the typed onset was refused, shown under the field.
    pub error: Option<String>,
    /// The checklist's selected condition.
    pub doctor_selected: usize,
    /// The onset picker's highlighted row (`onset::TYPE_A_DATE` is the last).
    pub onset_selected: usize,
    /// Where the diary's summary key writes (the directory the app was started in), and where
    /// if that cannot be written (beside the state file); None: nowhere.
    pub summary_path: Option<PathBuf>,
    pub summary_spare: Option<PathBuf>,
    /// When a call-a-doctor condition next ticks itself from the onset (kept by
    /// `sync_banner`, so waking for it needs no content).
    pub doctor_tick_at: Option<DateTime<FixedOffset>>,
}

/// A field holds one line; a note is the longest thing typed.
const FIELD_MAX: usize = diary::MAX_NOTE_CHARS;

impl App {
    /// On a start on the Today pane with no onset kept, ask when it began, unless the
    /// question was put off ("not now", Esc) earlier today.
    pub fn ask_onset_if_unknown(&mut self, content: &Content, now: Now) {
        let on_today = content
            .tabs
            .get(self.guide.tab)
            .is_some_and(|t| t.kind == TabKind::Today);
        let put_off_today = self.state.onset_not_now.is_some_and(|at| {
            at.with_timezone(now.wall.offset()).date_naive() == now.wall.date_naive()
        });
        if on_today && self.state.onset.is_none() && self.screen == Screen::Guide && !put_off_today
        {
            self.open_onset();
        }
    }

    /// The onset picker, its first choice highlighted.
    fn open_onset(&mut self) {
        self.today.error = None;
        self.today.onset_selected = 0;
        self.open(Screen::Onset);
    }

    /// Pane `tab` as shown now: the Today plan and the doctor ticks depend on state and time.
    pub fn pane_doc(&self, content: &Content, tab: usize, width: usize, now: Now) -> Doc {
        pane::pane(content, &self.state, tab, width, now.wall)
    }

    /// Bring the call-a-doctor banner up to `now` (a tick, the two weeks passing, a ticked
    /// reason, another instance's edits); the screens' bands move when it comes or goes.
    pub fn sync_banner(&mut self, content: &Content, now: Now) {
        self.today.doctor_tick_at =
            plan::next_tick(content, &self.state, now.wall).map(|d| now.wall + d);
        let banner = pane::banner(content, &self.state, now.wall);
        if banner != self.banner {
            let moved = banner.is_some() != self.banner.is_some();
            self.banner = banner;
            if moved {
                self.clamp(content, now);
            }
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
        // A condition ticking itself just after a whole hour ("longer than two weeks"). Set
        // by the last update, that moment may already be behind the loop's clock (an onset
        // typed as exactly "336h ago" ticks 1 ms later): then wake at once, not never.
        let next = match self.today.doctor_tick_at {
            Some(at) => next.min(at - now.wall),
            None => next,
        };
        Some(next.to_std().unwrap_or_default())
    }

    /// What `s` starts now: while a reason to call a doctor applies, the checklist (not a
    /// treatment: "know when to stop trying to treat yourself"); else the walkthrough or cycle
    /// of the first current rule naming one. An `Err` says why there is nothing to start.
    pub fn today_start(&self, content: &Content, now: Now) -> Result<Action, &'static str> {
        if !plan::doctor_reasons(content, &self.state, now.wall).is_empty() {
            return Ok(Action::Doctor);
        }
        let onset = self
            .state
            .onset
            .ok_or("Say when it began first: press o.")?;
        let plan = plan::plan(&content.rules, onset, now.wall, &self.state.marks)
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
        let idle = self
            .timer
            .timers
            .slot(cycle.clock)
            .is_some_and(|s| s.cycle == i && s.idle());
        if idle && !waits {
            self.start_timer(cycle.clock, None, now);
        }
    }

    /// The items the Today pane shows before its own steps, in the order ↑↓ select them
    /// (none on other panes).
    pub(crate) fn today_items<'c>(
        &self,
        content: &'c Content,
        tab: usize,
        now: Now,
    ) -> Vec<Item<'c>> {
        let on_today = content
            .tabs
            .get(tab)
            .is_some_and(|t| t.kind == TabKind::Today);
        if on_today {
            pane::items(content, &self.state, now.wall)
        } else {
            Vec::new()
        }
    }

    /// The selected Today item's rule, its early condition, and whether Space would take that
    /// mark back (`true`) or set it (`false`): only while the rule is still to come by the
    /// clock. None: Space does nothing there.
    pub(crate) fn marked_now<'c>(
        &self,
        content: &'c Content,
        now: Now,
    ) -> Option<(&'c TimeRule, &'c Early, bool)> {
        let items = self.today_items(content, self.guide.tab, now);
        let rule = items.get(self.view().selected).and_then(|i| i.rule())?;
        let early = rule.early.as_ref()?;
        let onset = self.state.onset?;
        let due = plan::elapsed(onset, now.wall)
            .is_ok_and(|e| e.delta() >= TimeDelta::hours(i64::from(rule.from_hours)));
        (!due).then(|| {
            let marked = plan::marked(rule, onset, &self.state.marks).is_some();
            (rule, early, marked)
        })
    }

    /// Space on a Today item: mark (or take back) the condition that brings its rule in early,
    /// while the rule is still to come by the clock.
    fn toggle_mark(&mut self, content: &Content, now: Now) {
        let Some((rule, early, marked)) = self.marked_now(content, now) else {
            return;
        };
        let at = (!marked).then_some(now.wall);
        self.edit(Edit::Mark {
            id: early.mark.clone(),
            at,
        });
        // The item moved between Later and Now: keep it selected where it went.
        let items = self.today_items(content, self.guide.tab, now);
        if let Some(i) = items
            .iter()
            .position(|i| i.rule().is_some_and(|r| r.id == rule.id))
        {
            let (doc, height) = self.page(content, self.guide.tab, now);
            let max = doc.lines.len().saturating_sub(height);
            let v = &mut self.guide.views[self.guide.tab];
            v.selected = i;
            if let Some(range) = doc.steps.get(i) {
                crate::app::reveal(v, range, height, max);
            }
        }
    }

    /// Enter on a Today rule that applies now: open its timer or walkthrough (as Enter on a
    /// guide step does), or else show the first guide step it is about.
    pub(crate) fn open_rule(
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
        self.show_rule_step(content, rule, now);
    }

    /// Show the first guide step `rule` is about (Enter on a rule still to come: its timer is
    /// not for now); Esc comes back to the item.
    pub(crate) fn show_rule_step(
        &mut self,
        content: &Content,
        rule: &crate::content::TimeRule,
        now: Now,
    ) {
        let found = rule.steps.iter().find_map(|id| {
            content.tabs.iter().enumerate().find_map(|(t, tab)| {
                let i = tab.steps.iter().position(|s| &s.id == id)?;
                Some((t, i))
            })
        });
        if let Some((t, i)) = found {
            let (tab, view) = (self.guide.tab, self.view());
            self.show_step(content, t, i, now);
            self.left_guide_place(tab, view);
        }
    }

    /// The guide's keys for this feature.
    pub(crate) fn today_key(&mut self, content: &Content, action: Action, now: Now) {
        match action {
            Action::AskOnset => self.open_onset(),
            Action::Pain => self.open_pain(),
            Action::Diary => self.open_diary(),
            Action::Doctor => {
                self.today.doctor_selected = 0;
                self.open(Screen::Doctor);
            }
            Action::StartToday => match self.today_start(content, now) {
                Ok(Action::OpenCycle(i)) => self.start_cycle(content, i, now),
                Ok(Action::Doctor) => self.today_key(content, Action::Doctor, now),
                Ok(open) => self.update_guide(content, open, now),
                Err(why) => self.notice = Some(why.to_string()),
            },
            Action::Toggle => self.toggle_mark(content, now),
            _ => {}
        }
    }

    /// Row `i` of the onset picker: a time (kept at once), or typing one.
    fn pick_onset(&mut self, content: &Content, i: usize, now: Now) {
        if let Some(choice) = CHOICES.get(i) {
            self.set_onset(content, choice.at(now.wall), now);
        } else if i == TYPE_A_DATE {
            self.today.field.clear();
            self.today.error = None;
            self.open(Screen::OnsetTyped);
        }
    }

    pub(crate) fn update_today(&mut self, content: &Content, action: Action, now: Now) {
        if action == Action::Help {
            self.overlay = Some(Overlay::Help { offset: 0 });
            return;
        }
        match (self.screen.clone(), action) {
            (Screen::Pain, action) => self.pain_key(action, now),
            (Screen::PainNote, Action::Close) => self.note_done(),
            // The question after a high score: yes ticks the reason, any other key goes on.
            (Screen::Ask(i), Action::AnswerYes) => {
                if let Some(c) = content.doctor.get(i) {
                    self.edit(Edit::Doctor {
                        id: c.id.clone(),
                        ticked: true,
                    });
                }
                self.after_ask();
            }
            (Screen::Ask(_), _) => self.after_ask(),
            // "Not now": remembered for the day, so the next launch does not ask again.
            (Screen::Onset, Action::Close) => {
                if self.state.onset.is_none() {
                    self.edit(Edit::OnsetNotNow(now.wall.trunc_subsecs(0)));
                }
                self.close_screen();
            }
            (_, Action::Close) => self.close_screen(),
            (Screen::Onset, Action::OnsetChoice(i)) => self.pick_onset(content, i, now),
            (Screen::Onset, Action::Submit) => {
                self.pick_onset(content, self.today.onset_selected, now)
            }
            // A digit pressed in the prompt just as its pause ended comes as a score.
            (Screen::PainNote, Action::Score(n)) => {
                let digit = char::from_digit(n as u32, 10).unwrap_or('0');
                self.note_key(digit, now);
            }
            (Screen::Onset, Action::Up) => {
                self.today.onset_selected = self.today.onset_selected.saturating_sub(1);
            }
            (Screen::Onset, Action::Down) => {
                self.today.onset_selected = (self.today.onset_selected + 1).min(TYPE_A_DATE);
            }
            (Screen::Onset, Action::Pain) => self.open_pain(),
            (Screen::Onset, Action::Diary) => self.open_diary(),
            (Screen::PainNote, Action::Type(c)) => self.note_key(c, now),
            (Screen::OnsetTyped, Action::Type(c)) => self.type_char(c),
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
            (Screen::PainNote, Action::Submit) => {
                self.keep_note();
                self.note_done();
            }
            (Screen::Doctor, Action::ToggleDoctor(i)) => {
                self.today.doctor_selected = i.min(content.doctor.len().saturating_sub(1));
                self.toggle_doctor(content, i, now);
            }
            (Screen::Doctor, Action::Toggle) => {
                self.toggle_doctor(content, self.today.doctor_selected, now);
            }
            // The start is what ticks "lasting longer than two weeks": say it here, Esc back.
            (Screen::Doctor, Action::AskOnset) => self.open_onset(),
            (Screen::Doctor, Action::Up) => {
                self.today.doctor_selected = self.today.doctor_selected.saturating_sub(1);
            }
            (Screen::Doctor, Action::Down) => {
                let last = content.doctor.len().saturating_sub(1);
                self.today.doctor_selected = (self.today.doctor_selected + 1).min(last);
            }
            (Screen::Diary, Action::WriteSummary) => self.show_summary(),
            (Screen::Diary, a) => self.diary_key(a, now),
            (Screen::Summary, a) => self.summary_key(a),
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
            .filter(|&c| backspasm_core::safe_text::problem(c).is_none());
        self.today.field.extend(allowed.by_ref().take(room));
        if allowed.next().is_some() {
            self.notice = Some(format!(
                "The pasted text was cut: the field holds {FIELD_MAX} characters."
            ));
        }
        self.today.error = None;
    }

    /// A character typed into the open field. What a note may not hold is not typed at all
    /// (the same rule as content); past the longest a field holds, nothing is (the note box
    /// says so).
    pub(crate) fn type_char(&mut self, c: char) {
        let allowed = backspasm_core::safe_text::problem(c).is_none();
        if allowed && self.today.field.chars().count() < FIELD_MAX {
            self.today.field.push(c);
        }
        self.today.error = None;
    }

    /// On the way out (a quit, a signal): a note being typed is kept, as Enter would keep it,
    /// and a `1` waiting for a `0` is logged as 1.
    pub fn commit_input(&mut self, now: Now) {
        match self.screen {
            Screen::PainNote => self.keep_note(),
            Screen::Pain => {
                if let Some(until) = self.pain.ten_until {
                    self.settle_ten(Now {
                        mono: now.mono.max(until),
                        ..now
                    });
                }
            }
            _ => {}
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
            self.guide.tab = i;
            self.guide.views[i] = View::default();
        }
        self.clamp(content, now);
    }

    /// A score was just logged or changed and its note is open: if it reaches a doctor
    /// condition's `ask`, the question comes first (once per entry, kept), in place of the
    /// note so Esc goes back to where `p` or `e` was pressed.
    pub(crate) fn ask_after_score(&mut self, content: &Content, now: Now) {
        if self.screen != Screen::PainNote {
            return;
        }
        let Some(entry) = self
            .pain
            .entry
            .and_then(|id| self.state.diary.iter().find(|e| e.id == id))
        else {
            return;
        };
        let (id, score) = (entry.id, entry.score);
        if let Some(i) = self.question_for(content, id, score, now) {
            self.replace_screen(Screen::Ask(i));
        }
    }

    /// At a start on the guide (or its onset question): the latest entry's score reached a
    /// condition's `ask` and was never asked about (logged with `backspasm log 9`): ask now,
    /// once for that entry. Not over a timer or a walkthrough a command opened: the question
    /// then waits for a start on the guide.
    pub fn ask_about_last_score(&mut self, content: &Content, now: Now) {
        if !matches!(self.screen, Screen::Guide | Screen::Onset) {
            return;
        }
        let Some(entry) = self.state.diary.last() else {
            return;
        };
        let (id, score) = (entry.id, entry.score);
        if let Some(i) = self.question_for(content, id, score, now) {
            self.pain.entry = Some(id);
            self.pain.asked_at_start = true;
            self.open(Screen::Ask(i));
        }
    }

    /// After the question: on to the note of the score just logged, or, asked at a start,
    /// back to where the app opened. It counts as asked once answered: a quit (a stray `q`),
    /// a crash or a closed terminal leaves it to ask again at the next start.
    fn after_ask(&mut self) {
        if let Some(id) = self.pain.entry {
            self.edit(Edit::Asked(id));
        }
        if std::mem::take(&mut self.pain.asked_at_start) {
            self.pain.entry = None;
            self.close_screen();
        } else {
            self.replace_screen(Screen::PainNote);
        }
    }

    /// The doctor condition a score of `score` for entry `id` asks about: one whose `ask` it
    /// reaches, not ticked yet, and not asked for this entry before.
    pub fn question_for(
        &self,
        content: &Content,
        id: EntryId,
        score: u8,
        now: Now,
    ) -> Option<usize> {
        if self.state.asked.contains(&id) {
            return None;
        }
        content.doctor.iter().position(|c| {
            c.ask.as_ref().is_some_and(|a| score >= a.from_score)
                && plan::tick(c, &self.state, now.wall) == Tick::No
        })
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
}
