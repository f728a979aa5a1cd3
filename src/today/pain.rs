//! The pain score and the diary's entries: the 0–10 prompt (with `1` then `0` for 10), the
//! note, changing or deleting an entry from the diary with undo, the diary's selection, and the
//! summary screen. Pure like the rest of `update`: `now` comes in, deadlines go out by `wake_in`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::layout::DiaryList;
use crate::app::{Action, App, Effect, Screen};
use crate::clock::Now;
use crate::layout;
use backspasm_core::state::Edit;
use backspasm_core::today::diary::{self, EntryId, PainEntry};
use backspasm_core::when;

/// After `1`, how long a `0` may follow to make it 10 (Enter, Esc or this pause give 1).
pub const TEN_WAIT: Duration = Duration::from_millis(1500);
/// After 1 was given by the pause, how long a `0` still makes it 10 (a slow hand), before the
/// note takes it as typing.
pub const TEN_LATE: Duration = Duration::from_secs(3);

/// The pain prompt's and the diary's screen state (the entries are kept in `State`).
#[derive(Debug, Clone, Default)]
pub struct PainUi {
    /// The entry the open prompt or note is for: the one just logged, or the one being changed.
    pub entry: Option<EntryId>,
    /// The high score's question was asked at a start, for an entry logged from the command
    /// line: answering it goes back, not on to a note.
    pub asked_at_start: bool,
    /// Changing an entry from the diary: how it was before (undo puts it back), and whether
    /// that is on the undo list yet (it goes there at the first change).
    pub editing: Option<(PainEntry, bool)>,
    /// `1` was pressed: until this moment a `0` makes it 10.
    pub ten_until: Option<Instant>,
    /// 1 was logged by the pause: until this moment a `0` in the still empty note makes it 10.
    pub ten_late: Option<Instant>,
    /// The diary's selected entry, counted from the newest.
    pub selected: usize,
    /// The diary's list scrolled by this many rows.
    pub offset: usize,
    /// How entries were before each delete or change made from the diary, latest last.
    pub undo: Vec<PainEntry>,
    /// The summary screen: what was written (Markdown) and the line saying where, scrolled.
    pub summary: Option<SummaryShown>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryShown {
    pub markdown: String,
    /// Where it was written, or why it could not be.
    pub written: Result<PathBuf, String>,
    pub offset: usize,
}

impl App {
    /// How long until the pause after `1` gives 1.
    pub(crate) fn pain_wake_in(&self, now: Now) -> Option<Duration> {
        let until = self.pain.ten_until?;
        Some(until.saturating_duration_since(now.mono))
    }

    /// A text is being entered (a typed onset, a note, or the pain prompt waiting for the `0`
    /// of a 10): an alarm waits for it to close instead of taking the screen.
    pub fn entering(&self) -> bool {
        matches!(self.screen, Screen::OnsetTyped | Screen::PainNote)
            || (self.screen == Screen::Pain && self.pain.ten_until.is_some())
    }

    /// The pause after `1` is over: it is 1 (a key arriving after it is taken as coming after
    /// the 1 was logged, as it would have been had the clock woken the loop in time). Called
    /// before and after each update: if the prompt was left meanwhile (a key that works from
    /// any screen, an alarm), the 1 is logged there and then.
    pub(crate) fn settle_ten(&mut self, now: Now) {
        let Some(until) = self.pain.ten_until else {
            return;
        };
        if self.screen != Screen::Pain {
            self.pain.ten_until = None;
            self.record_score(1, now);
            self.pain.editing = None;
        } else if now.mono >= until {
            self.pain.ten_until = None;
            self.choose_score(1, now);
            self.pain.ten_late = Some(now.mono + TEN_LATE);
        }
    }

    /// `p` (from the guide or the diary): log a new entry.
    pub(crate) fn open_pain(&mut self) {
        self.pain.entry = None;
        self.pain.editing = None;
        self.pain.ten_until = None;
        self.open(Screen::Pain);
    }

    /// The pain prompt's keys (logging, or changing an entry's score).
    pub(crate) fn pain_key(&mut self, action: Action, now: Now) {
        match action {
            Action::Score(n) => {
                let Some(n) = u8::try_from(n).ok().filter(|&n| n <= diary::MAX_SCORE) else {
                    return;
                };
                if self.pain.ten_until.take().is_some() {
                    // The key after `1`: 0 makes 10; another digit is the score meant.
                    self.choose_score(if n == 0 { 10 } else { n }, now);
                } else if n == 1 {
                    self.pain.ten_until = Some(now.mono + TEN_WAIT);
                } else {
                    self.choose_score(n, now);
                }
            }
            // Enter after `1`: 1. Enter when changing an entry: keep its score, on to the note.
            Action::Submit if self.pain.ten_until.take().is_some() => self.choose_score(1, now),
            Action::Submit => {
                if let Some((before, _)) = &self.pain.editing {
                    let score = before.score;
                    self.choose_score(score, now);
                }
            }
            // Esc after `1` logs 1 and leaves, as Esc after any other digit skips the note.
            Action::Close if self.pain.ten_until.take().is_some() => {
                self.choose_score(1, now);
                self.close_screen();
            }
            Action::Close => {
                self.pain.editing = None;
                self.close_screen();
            }
            _ => {}
        }
    }

    /// The score is chosen: log it (or change the entry being changed), then the note.
    fn choose_score(&mut self, score: u8, now: Now) {
        let id = self.record_score(score, now);
        self.scored(id);
    }

    /// Log `score` as a new entry, or set it on the entry being changed. Returns the entry.
    fn record_score(&mut self, score: u8, now: Now) -> EntryId {
        match (&self.pain.editing, self.pain.entry) {
            (Some(_), Some(id)) => {
                if self.entry(id).is_some_and(|e| e.score != score) {
                    self.change(Edit::ScorePain { id, score });
                }
                id
            }
            _ => {
                let entry = PainEntry {
                    id: super::entry_id::fresh(&self.state.diary),
                    at: diary::unique_time(&self.state.diary, now.wall),
                    score,
                    note: None,
                };
                let id = entry.id;
                self.edit(Edit::LogPain(entry));
                // Logged from the diary, it comes back with the new entry selected.
                (self.pain.selected, self.pain.offset) = (0, 0);
                id
            }
        }
    }

    /// After a score is logged (or changed): the note, in place of the prompt so Esc goes back
    /// to where `p` or `e` was pressed. (A question about the score would come here first.)
    fn scored(&mut self, id: EntryId) {
        self.pain.entry = Some(id);
        self.today.field = self
            .entry(id)
            .and_then(|e| e.note.clone())
            .unwrap_or_default();
        self.pain.ten_late = None;
        self.replace_screen(Screen::PainNote);
    }

    /// A character for the note: typed, or a digit pressed in the prompt just as it closed
    /// (`Score`). A digit the note takes as a score key is not typed.
    pub(crate) fn note_key(&mut self, c: char, now: Now) {
        let digit = c.to_digit(10).and_then(|d| u8::try_from(d).ok());
        if !digit.is_some_and(|d| self.note_digit(d, now)) {
            self.type_char(c);
        }
    }

    /// While the note is empty, the score's own digit again is a second press, not text, and
    /// a `0` just after the pause gave 1 makes it 10. True if the digit was taken here.
    fn note_digit(&mut self, digit: u8, now: Now) -> bool {
        let Some(id) = self.pain.entry.filter(|_| self.today.field.is_empty()) else {
            return false;
        };
        let Some(score) = self.entry(id).map(|e| e.score) else {
            return false;
        };
        let late = self
            .pain
            .ten_late
            .take()
            .is_some_and(|until| now.mono < until);
        if digit == 0 && score == 1 && late {
            self.change(Edit::ScorePain { id, score: 10 });
            return true;
        }
        digit == score
    }

    /// Enter (or quitting) in the note: keep it if it changed; an emptied note is no note.
    pub(crate) fn keep_note(&mut self) {
        let Some(id) = self.pain.entry else { return };
        // Typed text holds nothing `clean_note` refuses and is within the length.
        let Ok(note) = diary::clean_note(&self.today.field) else {
            return;
        };
        if self.entry(id).is_some_and(|e| e.note != note) {
            self.change(Edit::NotePain { id, note });
        }
    }

    /// The note box is closing (Enter, Esc): the change, if one was going on, is over.
    pub(crate) fn note_done(&mut self) {
        self.pain.editing = None;
        self.pain.ten_late = None;
        self.close_screen();
    }

    fn entry(&self, id: EntryId) -> Option<&PainEntry> {
        self.state.diary.iter().find(|e| e.id == id)
    }

    /// An edit to an existing entry; the first one of a change from the diary puts how the
    /// entry was on the undo list.
    fn change(&mut self, edit: Edit) {
        if let Some((before, listed @ false)) = &mut self.pain.editing {
            *listed = true;
            self.pain.undo.push(before.clone());
        }
        self.edit(edit);
    }

    // ---- The diary

    /// The diary opens on the newest entry.
    pub(crate) fn open_diary(&mut self) {
        self.pain.selected = 0;
        self.pain.offset = 0;
        self.effects.push(Effect::Reload);
        self.open(Screen::Diary);
    }

    /// The selected entry (newest first), if the diary has any.
    pub fn selected_entry(&self) -> Option<&PainEntry> {
        let n = self.state.diary.len();
        let i = self.pain.selected.min(n.checked_sub(1)?);
        self.state.diary.get(n - 1 - i)
    }

    /// The diary list's geometry now (the selected entry shows its whole note).
    pub fn diary_list(&self, now: Now) -> DiaryList {
        let parts = layout::diary(
            self.areas().body,
            self.today.summary_path.as_deref(),
            self.state.diary.len(),
        );
        super::layout::diary_list(&self.state.diary, self.pain.selected, parts.list, now.wall)
    }

    pub(crate) fn diary_key(&mut self, action: Action, now: Now) {
        match action {
            Action::Pain => self.open_pain(),
            Action::DiaryEdit => {
                let Some(entry) = self.selected_entry().cloned() else {
                    self.notice = Some("Nothing to change yet: p logs your pain.".into());
                    return;
                };
                self.pain.entry = Some(entry.id);
                self.pain.editing = Some((entry, false));
                self.pain.ten_until = None;
                self.open(Screen::Pain);
            }
            Action::DiaryDelete => {
                let Some(entry) = self.selected_entry().cloned() else {
                    self.notice = Some("Nothing to delete.".into());
                    return;
                };
                self.edit(Edit::DeletePain { id: entry.id });
                self.notice = Some(format!(
                    "Deleted pain {}/10 of {}. u puts it back.",
                    entry.score,
                    when::relative(entry.at, now.wall)
                ));
                self.pain.undo.push(entry);
                self.reveal_selected(now);
            }
            Action::DiaryUndo => {
                self.undo_diary(now);
                self.reveal_selected(now);
            }
            _ => self.move_in_diary(action, now),
        }
    }

    /// Put the latest deleted or changed entry back as it was, and select it.
    fn undo_diary(&mut self, now: Now) {
        let Some(before) = self.pain.undo.pop() else {
            self.notice = Some("Nothing to undo.".into());
            return;
        };
        let id = before.id;
        if self.entry(id).is_some() {
            self.edit(Edit::ScorePain {
                id,
                score: before.score,
            });
            self.edit(Edit::NotePain {
                id,
                note: before.note.clone(),
            });
        } else {
            self.edit(Edit::LogPain(before.clone()));
        }
        self.notice = Some(format!(
            "Put back: pain {}/10 of {}.",
            before.score,
            when::relative(before.at, now.wall)
        ));
        if let Some(i) = self.state.diary.iter().rposition(|e| e.id == id) {
            self.pain.selected = self.state.diary.len() - 1 - i;
        }
    }

    /// ↑↓ select (a long note is read to its end first), pages and ends select, the wheel
    /// scrolls (selecting the entry at the top once the selected one is out of sight).
    fn move_in_diary(&mut self, action: Action, now: Now) {
        let list = self.diary_list(now);
        let last = self.state.diary.len().saturating_sub(1);
        let page = list.height.saturating_sub(1).max(1);
        let (start, end) = list.rows(self.pain.selected);
        let p = &mut self.pain;
        match action {
            Action::Down if end > p.offset + list.height => p.offset += 1,
            Action::Up if start < p.offset => p.offset -= 1,
            Action::Down => p.selected = (p.selected + 1).min(last),
            Action::Up => p.selected = p.selected.saturating_sub(1),
            Action::PageDown => p.selected = (p.selected + page).min(last),
            Action::PageUp => p.selected = p.selected.saturating_sub(page),
            Action::Home => p.selected = 0,
            Action::End => p.selected = last,
            Action::Scroll(lines) => {
                // An entry (a row) a notch: they are short, and read one by one.
                p.offset = p
                    .offset
                    .saturating_add_signed(lines.signum() as isize)
                    .min(list.max_offset());
                if end <= p.offset || start >= p.offset + list.height {
                    // Entries above the selected one take a row each, so it starts at its
                    // own number once selected.
                    p.selected = list.entry_at(p.offset);
                    p.offset = p.selected.min(list.max_offset());
                }
                return;
            }
            _ => return,
        }
        if self.pain.selected != list.selected {
            self.reveal_selected(now);
        }
    }

    /// Keep the selection within the diary and scroll so it shows: from its start, and as
    /// much of its note as fits.
    pub(crate) fn reveal_selected(&mut self, now: Now) {
        let n = self.state.diary.len();
        self.pain.selected = self.pain.selected.min(n.saturating_sub(1));
        let list = self.diary_list(now);
        let (start, end) = list.rows(self.pain.selected);
        let p = &mut self.pain;
        if start < p.offset {
            p.offset = start;
        } else if end > p.offset + list.height {
            p.offset = start.min(end - list.height);
        }
        p.offset = p.offset.min(list.max_offset());
    }

    // ---- The summary screen

    /// `s` in the diary: write the summary and show it (the shell writes, then fills it in).
    pub(crate) fn show_summary(&mut self) {
        if self.today.summary_path.is_none() {
            self.notice = Some(
                "No place to write the summary; use `backspasm summary --format text`.".into(),
            );
            return;
        }
        self.effects.extend([Effect::Reload, Effect::WriteSummary]);
        self.pain.summary = None;
        self.open(Screen::Summary);
    }

    /// The summary screen's lines at the current width: where it was written, then the text.
    pub fn summary_lines(&self) -> Vec<String> {
        let width = super::layout::summary_text(self.areas().body).width as usize;
        match &self.pain.summary {
            Some(s) => super::layout::summary_lines(s, width),
            None => vec!["Writing the summary…".into()],
        }
    }

    /// How far the summary screen scrolls (0: it fits).
    pub(crate) fn summary_max_offset(&self) -> usize {
        let height = self.areas().body.height as usize;
        self.summary_lines().len().saturating_sub(height)
    }

    pub(crate) fn summary_key(&mut self, action: Action) {
        let height = self.areas().body.height as usize;
        let max = self.summary_max_offset();
        let page = height.saturating_sub(1).max(1);
        let Some(s) = &mut self.pain.summary else {
            return;
        };
        s.offset = match action {
            Action::Up => s.offset.saturating_sub(1),
            Action::Down => s.offset + 1,
            Action::Scroll(lines) => s.offset.saturating_add_signed(lines as isize),
            Action::PageUp => s.offset.saturating_sub(page),
            Action::PageDown => s.offset + page,
            Action::Home => 0,
            Action::End => max,
            _ => s.offset,
        }
        .min(max);
    }
}
