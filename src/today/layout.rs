//! The diary's entry list and the summary screen as rows, for `update` (selection, scrolling)
//! and rendering alike. One row per entry, except the selected one, which shows its whole note.

use chrono::{DateTime, FixedOffset};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::pain::SummaryShown;
use backspasm_core::safe_text;
use backspasm_core::today::diary::PainEntry;
use backspasm_core::today::summary;
use backspasm_core::when;
use backspasm_core::wrap::{self, Span};

/// Before each row, the column the selected entry's mark is in.
pub const MARK_COLS: usize = 2;
/// "10/10" and the gaps around it.
const SCORE_COLS: usize = 2 + 5 + 2;

/// The diary list at its size: which entry is selected and how many rows it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiaryList {
    pub entries: usize,
    pub selected: usize,
    /// The selected entry's rows: its line, then the rest of its note.
    pub lines: Vec<String>,
    /// The width of the time column.
    pub stamp: usize,
    pub width: usize,
    pub height: usize,
}

impl DiaryList {
    /// Where entry `i` (from the newest) begins and ends, in rows.
    pub fn rows(&self, i: usize) -> (usize, usize) {
        let extra = self.lines.len().saturating_sub(1);
        match i.cmp(&self.selected) {
            std::cmp::Ordering::Less => (i, i + 1),
            std::cmp::Ordering::Equal => (i, i + 1 + extra),
            std::cmp::Ordering::Greater => (i + extra, i + extra + 1),
        }
    }

    pub fn total(&self) -> usize {
        self.entries + self.lines.len().saturating_sub(1)
    }

    pub fn max_offset(&self) -> usize {
        self.total().saturating_sub(self.height)
    }

    /// The entry on row `row`.
    pub fn entry_at(&self, row: usize) -> usize {
        let (start, end) = self.rows(self.selected);
        if row < start {
            row
        } else if row < end {
            self.selected
        } else {
            (row + self.selected + 1 - end).min(self.entries.saturating_sub(1))
        }
    }

    /// Where an entry's note begins on its row, after the mark's column.
    pub fn note_col(&self) -> usize {
        self.stamp + SCORE_COLS
    }

    /// The width of a row after the mark's column.
    pub fn text_width(&self) -> usize {
        self.width.saturating_sub(MARK_COLS)
    }
}

/// The list of `diary` (oldest first in the state, shown newest first) in `area`, entry
/// `selected` (from the newest) open.
pub fn diary_list(
    diary: &[PainEntry],
    selected: usize,
    area: Rect,
    now: DateTime<FixedOffset>,
) -> DiaryList {
    // The widest stamps are the oldest entry's (a date, maybe with its year), the newest's (one
    // logged ahead of the clock) or one near the selected entry: measured there only, so a key
    // costs the rows shown, not the whole diary.
    let n = diary.len();
    let rows = area.height as usize;
    let near = selected.saturating_sub(rows)..(selected + rows + 1).min(n);
    let stamp = [diary.first(), diary.last()]
        .into_iter()
        .flatten()
        .chain(near.map(|i| &diary[n - 1 - i]))
        .map(|e| when::relative(e.at, now).width())
        .max()
        .unwrap_or(0);
    let mut list = DiaryList {
        entries: diary.len(),
        selected: selected.min(diary.len().saturating_sub(1)),
        lines: Vec::new(),
        stamp,
        width: area.width as usize,
        height: area.height as usize,
    };
    let note = diary
        .len()
        .checked_sub(1 + list.selected)
        .and_then(|i| diary[i].note.as_deref());
    list.lines = match note {
        Some(note) => note_lines(note, list.note_col(), list.text_width()),
        None => vec![String::new()],
    };
    list
}

/// Below this many columns beside the score, a note is read under its entry instead.
const NOTE_ROOM: usize = 30;

/// A note wrapped to `width` with its first line starting at column `col`, the rest under it
/// (only the note's part of each line is returned: the first line's is what goes after the
/// score). Where that leaves a narrow column, the note starts on the next line, indented.
fn note_lines(note: &str, col: usize, width: usize) -> Vec<String> {
    if width.saturating_sub(col) < NOTE_ROOM {
        let under = wrap::wrap(&[Span::new("  ", ())], &[Span::new(note, ())], (), width);
        return std::iter::once(String::new())
            .chain(under.iter().map(|l| wrap::plain(l)))
            .collect();
    }
    let lines = wrap::wrap(
        &[Span::new(" ".repeat(col), ())],
        &[Span::new(note, ())],
        (),
        width,
    );
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let text = wrap::plain(l);
            if i == 0 {
                text.get(col..).unwrap_or("").to_string()
            } else {
                text
            }
        })
        .collect()
}

/// The summary screen's text in `body`: a space at the left, a gap and the scrollbar at the
/// right.
pub fn summary_text(body: Rect) -> Rect {
    Rect {
        x: body.x + 1,
        width: body.width.saturating_sub(3).max(1),
        ..body
    }
}

/// The summary screen's lines: where it was written (the path whole, wrapped), then the
/// summary in its plain-text layout.
pub fn summary_lines(s: &SummaryShown, width: usize) -> Vec<String> {
    let said = match &s.written {
        Ok(path) => format!(
            "✓ Written to {}",
            safe_text::printable(&path.display().to_string())
        ),
        Err(why) => format!("⚠ {}", safe_text::printable(why)),
    };
    // A path has no spaces to break at: cut it by width, so it is there whole.
    let mut lines: Vec<String> = wrap::wrap(&[], &[Span::new(said, ())], (), width)
        .iter()
        .map(|l| wrap::plain(l))
        .collect();
    lines.push(String::new());
    lines.extend(
        summary::text(&s.markdown, width)
            .lines()
            .map(str::to_string),
    );
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(sel: usize, lines: usize) -> DiaryList {
        DiaryList {
            entries: 5,
            selected: sel,
            lines: vec![String::new(); lines],
            stamp: 11,
            width: 40,
            height: 3,
        }
    }

    #[test]
    fn the_selected_entry_takes_its_rows() {
        let l = list(1, 3);
        assert_eq!(l.rows(0), (0, 1));
        assert_eq!(l.rows(1), (1, 4));
        assert_eq!(l.rows(2), (4, 5));
        assert_eq!(l.total(), 7);
        assert_eq!(l.max_offset(), 4);
        let at: Vec<usize> = (0..7).map(|r| l.entry_at(r)).collect();
        assert_eq!(at, [0, 1, 1, 1, 2, 3, 4]);
    }

    #[test]
    fn notes_wrap_under_themselves_and_cut_with_an_ellipsis() {
        let lines = note_lines("could not get out of bed this morning, or dress", 20, 56);
        let hang = " ".repeat(20);
        assert_eq!(
            lines,
            [
                "could not get out of bed this".to_string(),
                format!("{hang}morning, or dress"),
            ]
        );
        // Too narrow beside the score: the note goes under its entry.
        let lines = note_lines("could not get out of bed", 20, 26);
        assert_eq!(lines, ["", "  could not get out of bed"]);
        let lines = note_lines("could not get out of bed", 20, 16);
        assert_eq!(lines, ["", "  could not get", "  out of bed"]);
    }
}
