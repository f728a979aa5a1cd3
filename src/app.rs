//! The running program as data: `App` holds all mutable state, `Action` is everything that can
//! happen to it, and `update` is the only thing that changes it. No terminal, no clock.

mod inert;

use ratatui::layout::Rect;

use crate::clock::Now;
use crate::content::{ClockKind, Content, TabKind, WalkMode};
use crate::keymap::Ctx;
use crate::layout;
use backspasm_core::doc;
use backspasm_core::state::format::Persist;
use backspasm_core::state::{Edit, State};
use backspasm_core::timer::SlotAction;
use backspasm_core::walkthrough::Walk;

use crate::timer::update::TimerUi;
use crate::today::pain::PainUi;
use crate::today::update::TodayUi;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    PrevTab,
    NextTab,
    GoTab(usize),
    Warnings,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    /// Mouse wheel: lines, negative is up.
    Scroll(i32),
    /// Left click at a cell.
    Click {
        col: u16,
        row: u16,
    },
    Help,
    Close,
    Quit,
    /// Ctrl-Z: the shell gives the terminal back and stops until `fg` (never reaches `update`).
    Suspend,
    Resize {
        width: u16,
        height: u16,
    },
    /// A deadline from `wake_in` has come: the clock moved, nothing else happened.
    Tick,
    /// Enter on a guide step: open its walkthrough.
    Activate,
    /// Open the lifting walkthrough.
    Lifting,
    /// Walkthrough: this step is done, go on.
    WalkNext,
    /// Walkthrough: back one step.
    WalkBack,
    /// Tick / untick the selected item (a walkthrough step, a doctor condition).
    Toggle,
    /// Walkthrough list: tick / untick step N.
    ToggleStep(usize),
    /// Walkthrough: start over / undo that.
    WalkReset,
    WalkUndo,
    /// Walkthrough: one step at a time <-> checklist.
    WalkMode,
    /// Say when the spasm began (opens the picker).
    AskOnset,
    /// In the picker: choice N (from 0); the one after the times is "type a date".
    OnsetChoice(usize),
    /// Log pain now (opens the 0–10 prompt).
    Pain,
    /// In the pain prompt: this score.
    Score(usize),
    /// In a text field: a typed character, delete the last one, accept.
    Type(char),
    /// Text the terminal pasted (bracketed paste): a text field inserts it, as typed.
    Paste(String),
    Backspace,
    Submit,
    /// The pain diary.
    Diary,
    /// The "call a doctor if" checklist.
    Doctor,
    /// In the checklist: tick or untick condition N (from 0).
    ToggleDoctor(usize),
    /// In the diary: write the summary for the doctor to its file and show it.
    WriteSummary,
    /// In the diary: change the selected entry (score, then note), delete it, undo that.
    DiaryEdit,
    DiaryDelete,
    DiaryUndo,
    /// The question after a high pain score: yes, that reason to call a doctor is true.
    AnswerYes,
    /// Start what the Today plan suggests; becomes `OpenWalk` or `OpenCycle`.
    StartToday,
    /// Open walkthrough N / cycle N of the content (their screens handle these).
    OpenWalk(usize),
    OpenCycle(usize),
    /// Open the timer of this clock (`t` the shower, `i` the ice pack), from anywhere.
    OpenTimer(ClockKind),
    /// On a timer: what its slot does (start or pause, next phase, 10 s more or less, the
    /// phase again, stop). `Acknowledge` works from any screen: every ringing alarm is seen.
    Timer(SlotAction),
    /// On a timer just stopped with `x`: put it back as it was.
    TimerUndo,
    /// On a timer: the timers' sound and speech off / on (kept).
    Mute,
    /// The terminal gained (true) or lost the focus.
    Focus(bool),
}

/// Something for the shell to do besides drawing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Ring the terminal bell (BEL), in the same write as the next frame.
    Bell,
    /// Play this tone (through the system's player; a newer one cuts an older one off).
    Sound(backspasm_core::timer::cues::Pattern),
    /// Say this (through the system's speech command; never two at once).
    Speak(String),
    /// A desktop notification: title, body.
    Notify(String, String),
    /// The terminal's title is now this; None: give back the one it had.
    Title(Option<String>),
    /// Tell the `--on-cue` command (if one was given).
    Hook(backspasm_core::timer::cues::Hook),
    /// Re-read the state file (the diary opened, the summary asked for), so entries from
    /// `backspasm log` in another terminal show. Served after the save, before the frame.
    Reload,
    /// Write the summary for the doctor to its file, and hand it to the summary screen with
    /// where it went (or why not). Served after `Reload`.
    WriteSummary,
}

impl Effect {
    /// Served with the state file (by `today::command::serve`), not with the frame.
    pub fn for_store(&self) -> bool {
        matches!(self, Effect::Reload | Effect::WriteSummary)
    }
}

/// The full-screen views. The guide is home; the others are opened from it and return to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Guide,
    Walk(Walk),
    /// When did it begin: one-key choices, or typing (`OnsetTyped`).
    Onset,
    OnsetTyped,
    /// Log pain: the 0–10 prompt, then the optional note.
    Pain,
    PainNote,
    /// After a high pain score: is doctor condition N true? (asked once per entry)
    Ask(usize),
    /// The "call a doctor if" checklist.
    Doctor,
    /// The pain diary with its chart.
    Diary,
    /// The summary for the doctor, as written to its file.
    Summary,
    /// The timer of this clock kind (see `timer::Timers`).
    Timer(ClockKind),
}

impl Screen {
    pub fn is_timer(&self) -> bool {
        matches!(self, Screen::Timer(_))
    }

    /// Whether `other` is this screen (a walkthrough: the same one, at whatever step), so the
    /// back stack holds each screen once. The guide is home, never "already open".
    pub fn is(&self, other: &Screen) -> bool {
        match (self, other) {
            (Screen::Guide, _) | (_, Screen::Guide) => false,
            (Screen::Walk(a), Screen::Walk(b)) => a.index == b.index,
            (Screen::Timer(a), Screen::Timer(b)) => a == b,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// A screen Esc goes back to, with the guide's pane and place as they were when it was left:
/// going back to the guide brings them back (after `w`, or Enter on a Today item that showed
/// another pane's step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Back {
    pub screen: Screen,
    pub tab: usize,
    pub view: View,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help { offset: usize },
}

/// The guide's state: the pane shown and each pane's place, so switching panes keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideUi {
    pub tab: usize,
    /// One per pane.
    pub views: Vec<View>,
}

/// Where a pane is scrolled to and which step is selected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    pub offset: usize,
    pub selected: usize,
}

#[derive(Debug, Clone)]
pub struct App {
    pub screen: Screen,
    /// Where Esc goes back to: the screens this one was opened from, each once.
    pub back: Vec<Back>,
    /// The guide: which pane, and where each is (it stays under the boxes opened over it).
    pub guide: GuideUi,
    pub overlay: Option<Overlay>,
    /// The terminal size, for paging and hit-testing.
    pub size: Rect,
    pub color: bool,
    pub quit: bool,
    /// What is kept between runs; change it only through `edit`.
    pub state: State,
    /// Edits not yet handed to the store; the shell drains them after each update.
    pub pending: Vec<Edit>,
    /// A short message (e.g. about the state file), cleared by the next key.
    pub notice: Option<String>,
    /// Until the first key: the session's first screen, which shows the disclaimer.
    pub first_screen: bool,
    /// Why progress is not being saved, while that is so.
    pub not_saving: Option<String>,
    /// The Today feature's screens: text being typed, summary file.
    pub today: TodayUi,
    /// The pain prompt and the diary: the entry at hand, the selection, undo, the summary.
    pub pain: PainUi,
    /// The shower and ice pack timers (running on while their screen is closed), their
    /// alarms' grace, what this run may play and say, the terminal's title.
    pub timer: TimerUi,
    /// For the shell to carry out after this update (bells, sounds, the title, a re-read of
    /// the state file, the summary written); it drains them.
    pub effects: Vec<Effect>,
    /// Whether the terminal has the focus (as far as it tells: until it says otherwise, yes).
    pub focused: bool,
    /// The call-a-doctor banner's words while a reason to call applies: every screen gives it
    /// its top row. Kept up to date by `update` (and by rendering, for the moment drawn).
    pub banner: Option<String>,
}

impl App {
    pub fn new(content: &Content, size: Rect, color: bool) -> App {
        App {
            screen: Screen::Guide,
            back: Vec::new(),
            guide: GuideUi {
                tab: 0,
                views: vec![View::default(); content.tabs.len()],
            },
            overlay: None,
            size,
            color,
            quit: false,
            state: State::default(),
            pending: Vec::new(),
            notice: None,
            first_screen: true,
            not_saving: None,
            today: TodayUi::default(),
            pain: PainUi::default(),
            timer: TimerUi::new(content),
            effects: Vec::new(),
            focused: true,
            banner: None,
        }
    }

    /// Change the kept state: at once in memory, and queued for the store.
    pub fn edit(&mut self, edit: Edit) {
        self.state.apply(&edit);
        self.pending.push(edit);
    }

    /// The screen's bands at the current size.
    pub fn areas(&self) -> layout::Areas {
        let notice = self.notice.as_deref().map_or(0, |n| {
            layout::notice_lines(n, self.size, self.screen.is_timer()).len() as u16
        });
        layout::areas(
            self.size,
            notice,
            self.shows_disclaimer_row(),
            self.banner.is_some(),
        )
    }

    /// Where the help overlay goes: the screen under the banner.
    pub fn help_room(&self) -> Rect {
        self.areas().overlay_room(self.size)
    }

    /// How far the help overlay scrolls, with `here` as from `here()`.
    pub fn help_max_offset(&self, here: &crate::keymap::Here) -> usize {
        layout::help(self.help_room(), self.screen_ctx(), here).max_offset()
    }

    /// The first screen of a session shows the disclaimer; the first pane has it in its text.
    pub fn shows_disclaimer_row(&self) -> bool {
        self.first_screen && !(self.screen == Screen::Guide && self.guide.tab == 0)
    }

    /// The context that decides which keys work.
    pub fn ctx(&self) -> Ctx {
        match self.overlay {
            Some(Overlay::Help { .. }) => Ctx::Help,
            None => self.screen_ctx(),
        }
    }

    /// The screen under any overlay: the help lists its keys.
    pub fn screen_ctx(&self) -> Ctx {
        match &self.screen {
            Screen::Guide => Ctx::Guide,
            Screen::Walk(w) => match w.mode {
                WalkMode::List => Ctx::WalkList,
                WalkMode::Focus if w.finished() => Ctx::WalkDone,
                WalkMode::Focus => Ctx::Walk,
            },
            Screen::Onset => Ctx::Onset,
            Screen::OnsetTyped | Screen::PainNote => Ctx::Text,
            Screen::Pain if self.pain.ten_until.is_some() => Ctx::PainWait,
            Screen::Pain if self.pain.editing.is_some() => Ctx::PainEdit,
            Screen::Pain => Ctx::Pain,
            Screen::Ask(_) => Ctx::Ask,
            Screen::Doctor => Ctx::Doctor,
            Screen::Diary => Ctx::Diary,
            Screen::Summary => Ctx::Summary,
            Screen::Timer(clock) => self.timer_ctx(*clock),
        }
    }

    /// Show `screen`; Esc there comes back here. A screen already open underneath is not
    /// opened twice: what is over it closes and it opens again in its place, so the "from any
    /// screen" keys never pile up the back stack (and Esc leads home in a few keys).
    pub fn open(&mut self, screen: Screen) {
        if self.screen.is(&screen) || self.back.iter().any(|b| b.screen.is(&screen)) {
            self.replace_screen(screen);
        } else {
            let from = std::mem::replace(&mut self.screen, screen);
            self.leave(from);
        }
    }

    /// `screen` in place of the current one, so Esc from it goes where the current one would;
    /// if it is already underneath (a note left open for the Warnings pane, say), what is above
    /// it closes, so no screen is on the way back twice.
    pub fn replace_screen(&mut self, screen: Screen) {
        if let Some(i) = self.back.iter().position(|b| b.screen.is(&screen)) {
            self.back.truncate(i);
        }
        self.screen = screen;
    }

    /// Put `screen` on the back stack with the guide's place now.
    fn leave(&mut self, screen: Screen) {
        self.back.push(Back {
            screen,
            tab: self.guide.tab,
            view: self.view(),
        });
    }

    /// Go back to where the current screen was opened from (the guide: its pane and place).
    pub fn close_screen(&mut self) {
        let Some(back) = self.back.pop() else {
            self.screen = Screen::Guide;
            return;
        };
        if back.screen == Screen::Guide {
            self.guide.tab = back.tab;
            self.guide.views[back.tab] = back.view;
        }
        self.screen = back.screen;
    }

    /// The guide has just moved to another pane's step by itself (Enter on a Today item): Esc
    /// brings back the pane and place it left. Such places do not pile up: the latest replaces
    /// one left the same way.
    pub(crate) fn left_guide_place(&mut self, tab: usize, view: View) {
        if (tab, view) == (self.guide.tab, self.view()) {
            return;
        }
        if self.back.last().is_some_and(|b| b.screen == Screen::Guide) {
            self.back.pop();
        }
        self.back.push(Back {
            screen: Screen::Guide,
            tab,
            view,
        });
    }

    /// How long the shell may sleep before the screen would change by itself (a countdown's
    /// next second, an alarm). None: nothing changes until an event comes.
    pub fn wake_in(&self, now: Now) -> Option<std::time::Duration> {
        let screen = match &self.screen {
            Screen::Walk(w) => w.wake_in(now),
            _ => None,
        };
        let grace = self
            .timer
            .grace
            .map(|until| until.saturating_duration_since(now.mono));
        // Timers run on behind every screen.
        [
            screen,
            self.pain_wake_in(now),
            self.today_wake_in(now),
            self.timer.timers.wake_in(now),
            grace,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    pub fn view(&self) -> View {
        self.guide.views[self.guide.tab]
    }

    pub fn update(&mut self, content: &Content, action: Action, now: Now) {
        // While "Terminal too small" is all there is to see, only quit and resize act; any
        // other key just lets the clock move.
        let action = match action {
            Action::Quit | Action::Resize { .. } | Action::Focus(_) => action,
            _ if layout::too_small(self.size) => Action::Tick,
            _ => action,
        };
        if self.timer.grace.is_some_and(|until| now.mono >= until) {
            self.timer.grace = None;
        }
        // A notice and the first screen's disclaimer stay until a key: a resize or the clock
        // moving does not clear them.
        if !matches!(
            action,
            Action::Resize { .. } | Action::Tick | Action::Focus(_)
        ) {
            let rows_gone = self.notice.take().is_some() | std::mem::take(&mut self.first_screen);
            if rows_gone {
                self.clamp(content, now);
            }
        }
        self.tick_timers(content, now);
        self.settle_ten(now);
        match action {
            Action::Quit => self.quit = true,
            Action::Resize { width, height } => {
                self.size = Rect::new(0, 0, width, height);
                self.clamp(content, now);
            }
            // The clock moved: timers caught up above; the rest (a wait's time) is drawn from
            // `now`.
            Action::Tick => {}
            Action::Focus(focused) => self.focused = focused,
            // The key table decides where these work ("from any screen"); over the help they
            // close it first.
            Action::OpenTimer(clock) => self.open_timer(clock),
            Action::Lifting => {
                self.overlay = None;
                self.open_lifting(content, now);
            }
            Action::Warnings => self.warnings(content),
            Action::Timer(SlotAction::Acknowledge) => self.acknowledge_alarms(content, now),
            _ if self.overlay.is_some() => self.update_help(content, action, now),
            _ => match self.screen {
                Screen::Guide => self.update_guide(content, action, now),
                Screen::Walk(_) => self.update_walk(content, action, now),
                Screen::Onset
                | Screen::OnsetTyped
                | Screen::Pain
                | Screen::PainNote
                | Screen::Ask(_)
                | Screen::Doctor
                | Screen::Diary
                | Screen::Summary => self.update_today(content, action, now),
                Screen::Timer(clock) => self.update_timer(content, clock, action, now),
            },
        }
        self.settle_ten(now);
        self.ask_after_score(content, now);
        self.after_timers(content, now);
        self.sync_banner(content, now);
    }

    fn update_help(&mut self, content: &Content, action: Action, now: Now) {
        let max = self.help_max_offset(&self.here(content, now));
        let Some(Overlay::Help { offset }) = &mut self.overlay else {
            return;
        };
        *offset = match action {
            Action::Up | Action::Scroll(..=-1) => offset.saturating_sub(1),
            Action::Down | Action::Scroll(1..) => (*offset + 1).min(max),
            Action::PageUp | Action::Home => 0,
            Action::PageDown | Action::End => max,
            _ => *offset,
        };
        if matches!(action, Action::Close | Action::Help) {
            self.overlay = None;
        }
    }

    /// The Warnings pane, from wherever you are: the guide comes over the screen you are on, so
    /// Esc goes back to it (timers run on, a walkthrough and the first-run question wait). If
    /// the guide was already brought over other screens, it comes back there instead of piling
    /// up (the guide at the bottom, and the place a Today jump left there, are home).
    fn warnings(&mut self, content: &Content) {
        let Some(i) = content.tab_of_kind(TabKind::Warnings) else {
            return;
        };
        self.overlay = None;
        if self.screen != Screen::Guide {
            let home = self
                .back
                .iter()
                .take_while(|b| b.screen == Screen::Guide)
                .count();
            let visit = self.back[home..]
                .iter()
                .rposition(|b| b.screen == Screen::Guide)
                .map(|j| home + j);
            match visit {
                Some(j) => {
                    self.back.truncate(j + 1);
                    self.close_screen();
                }
                None => self.open(Screen::Guide),
            }
        }
        self.guide.tab = i;
    }

    pub(crate) fn update_guide(&mut self, content: &Content, action: Action, now: Now) {
        let n = content.tabs.len();
        match action {
            Action::PrevTab => self.guide.tab = (self.guide.tab + n - 1) % n,
            Action::NextTab => self.guide.tab = (self.guide.tab + 1) % n,
            Action::GoTab(i) if i < n => self.guide.tab = i,
            Action::Help => self.overlay = Some(Overlay::Help { offset: 0 }),
            // Back to the screen `w` was pressed on, or the place a Today jump left.
            Action::Close => self.close_screen(),
            Action::Activate => self.activate(content, now),
            Action::OpenWalk(i) => self.open_walk(content, i, now),
            Action::OpenCycle(i) => {
                if let Some(cycle) = content.cycles.get(i) {
                    self.open_cycle(content, &cycle.id);
                }
            }
            Action::Click { col, row } if row == self.areas().tabs.y => {
                let bar = layout::tab_bar(content, self.guide.tab, self.size.width);
                if let Some(t) = layout::tab_at(&bar, col) {
                    self.guide.tab = t;
                }
            }
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::Home
            | Action::End
            | Action::Scroll(_) => self.scroll(content, action, now),
            Action::AskOnset
            | Action::Pain
            | Action::Diary
            | Action::Doctor
            | Action::StartToday
            | Action::Toggle => self.today_key(content, action, now),
            _ => {}
        }
    }

    /// Pane `tab`'s geometry at the current size: (document, page height).
    pub(crate) fn page(&self, content: &Content, tab: usize, now: Now) -> (doc::Doc, usize) {
        let body = layout::guide_text(self.areas().body);
        let doc = self.pane_doc(content, tab, body.width as usize, now);
        (doc, body.height as usize)
    }

    fn scroll(&mut self, content: &Content, action: Action, now: Now) {
        let (doc, height) = self.page(content, self.guide.tab, now);
        let max = doc.lines.len().saturating_sub(height);
        let last_step = doc.steps.len().saturating_sub(1);
        let v = &mut self.guide.views[self.guide.tab];
        let step = |i: usize| doc.steps.get(i).cloned().unwrap_or(0..0);
        match action {
            Action::Down => {
                let cur = step(v.selected);
                if doc.steps.is_empty() || cur.end > v.offset + height || v.selected == last_step {
                    // Read the rest of a long step (or the page) before moving on.
                    v.offset = (v.offset + 1).min(max);
                } else {
                    v.selected += 1;
                    reveal(v, &step(v.selected), height, max);
                }
            }
            Action::Up => {
                let cur = step(v.selected);
                if doc.steps.is_empty() || cur.start < v.offset || v.selected == 0 {
                    v.offset = v.offset.saturating_sub(1);
                } else {
                    v.selected -= 1;
                    reveal(v, &step(v.selected), height, max);
                }
            }
            Action::PageDown => v.offset = (v.offset + height.saturating_sub(1).max(1)).min(max),
            Action::PageUp => v.offset = v.offset.saturating_sub(height.saturating_sub(1).max(1)),
            Action::Home => *v = View::default(),
            Action::End => {
                v.offset = max;
                v.selected = last_step;
            }
            Action::Scroll(lines) => {
                v.offset = v.offset.saturating_add_signed(lines as isize).min(max);
            }
            _ => {}
        }
        if matches!(
            action,
            Action::PageDown | Action::PageUp | Action::Scroll(_)
        ) {
            follow(v, &doc.steps, height);
        }
    }

    /// Go to step `step` of pane `tab`, selected and scrolled into view.
    pub(crate) fn show_step(&mut self, content: &Content, tab: usize, step: usize, now: Now) {
        self.guide.tab = tab;
        let (doc, height) = self.page(content, tab, now);
        // The Today pane's items come before its steps.
        let index = step + self.today_items(content, tab, now).len();
        let Some(range) = doc.steps.get(index) else {
            return;
        };
        let max = doc.lines.len().saturating_sub(height);
        let v = &mut self.guide.views[tab];
        v.selected = index;
        reveal(v, range, height, max);
    }

    /// Keep every view within its document after a resize.
    pub(crate) fn clamp(&mut self, content: &Content, now: Now) {
        fn within(v: &mut View, doc: &doc::Doc, height: usize) {
            v.offset = v.offset.min(doc.lines.len().saturating_sub(height));
            v.selected = v.selected.min(doc.steps.len().saturating_sub(1));
        }
        for t in 0..self.guide.views.len() {
            let (doc, height) = self.page(content, t, now);
            within(&mut self.guide.views[t], &doc, height);
        }
        // And the guide's places Esc brings back (only a guide entry's place is read).
        for i in 0..self.back.len() {
            if self.back[i].screen != Screen::Guide {
                continue;
            }
            let (doc, height) = self.page(content, self.back[i].tab, now);
            within(&mut self.back[i].view, &doc, height);
        }
        if matches!(self.overlay, Some(Overlay::Help { .. })) {
            let max = self.help_max_offset(&self.here(content, now));
            if let Some(Overlay::Help { offset }) = &mut self.overlay {
                *offset = (*offset).min(max);
            }
        }
    }
}

/// Scroll so the selected step shows: its start if it is above, as much as fits if below.
pub(crate) fn reveal(v: &mut View, step: &std::ops::Range<usize>, height: usize, max: usize) {
    if step.start < v.offset {
        v.offset = step.start;
    } else if step.end > v.offset + height {
        v.offset = step.start.min(step.end.saturating_sub(height)).min(max);
    }
}

/// After the page moved under it, select the first step that is visible.
fn follow(v: &mut View, steps: &[std::ops::Range<usize>], height: usize) {
    let visible = |r: &std::ops::Range<usize>| r.start < v.offset + height && r.end > v.offset;
    if steps.get(v.selected).is_some_and(visible) {
        return;
    }
    if let Some(i) = steps.iter().position(visible) {
        v.selected = i;
    }
}
