//! The timer screen's layout, on counts and Rects: which size the digits take, how many rows
//! the big phase word gets, which of the wanted rows (header, what comes next, the bar) and
//! of the optional blocks (what to do, the phase's note, the warnings' text, the guide's
//! range) fit, and where each row of the coloured part goes. Rendering draws what this picks.

use ratatui::layout::Rect;

/// How the time left is drawn, from biggest to smallest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// The full-size 8x8 font, each cell drawn as n x n.
    Big(u16),
    /// A smaller font and its glyph's columns and rows. The sextant, octant and
    /// third/quarter-height fonts are left out: many terminal fonts draw them badly.
    Small(Font, u16, u16),
    /// Bold text on one row, when no big font fits.
    Plain,
}

/// The smaller fonts (tui-big-text's pixel sizes of the same names).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    HalfHeight,
    HalfWidth,
    Quadrant,
}

/// Beyond this the digits would only grow on huge screens nobody reads from further away.
pub const MAX_SCALE: u16 = 6;
/// Pixel rows of the 8x8 font's digits and colon that have ink.
const INK_ROWS: u16 = 7;
/// The smallest big phase word (`phase_word::Size::Tiny`).
pub const WORD_MIN: u16 = 3;

impl Digits {
    /// Biggest first.
    pub fn all() -> impl Iterator<Item = Digits> {
        (1..=MAX_SCALE).rev().map(Digits::Big).chain([
            Digits::Small(Font::HalfHeight, 8, 4),
            Digits::Small(Font::HalfWidth, 4, 8),
            Digits::Small(Font::Quadrant, 4, 4),
            Digits::Plain,
        ])
    }

    /// Columns and rows for `glyphs` characters. The 8x8 font's digits and colon leave their
    /// bottom pixel row blank: it is not counted where it would take a row of its own.
    pub fn size(self, glyphs: u16) -> (u16, u16) {
        match self {
            Digits::Big(n) => (glyphs * 8 * n, INK_ROWS * n),
            Digits::Small(Font::HalfWidth, w, _) => (glyphs * w, INK_ROWS),
            Digits::Small(_, w, h) => (glyphs * w, h),
            Digits::Plain => (glyphs, 1),
        }
    }
}

/// What the timer's column must and may hold, in rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wants {
    /// Characters of the time left ("12:34": 5).
    pub glyphs: u16,
    /// Rows shown whatever the size: the alarm line, the header when it says the phase is set
    /// beyond the guide, the warnings' titles, what ran out while the app was closed.
    pub required: u16,
    /// Whether the header row is the column's own (it gives way on a small screen) and not
    /// already required.
    pub header: bool,
    /// The optional blocks' heights, in the order they are shown if there is room.
    pub optional: Vec<u16>,
    /// Which optional block does not make the digits smaller (the phase's note: it takes the
    /// room of the warnings' text, not theirs).
    pub note: Option<usize>,
    /// The big word says what the timer is doing (READY, PAUSED), not the phase: the header
    /// (the phase in words) and what comes next keep their rows before it, so the phase is
    /// never told by colour alone; the bar gives way first.
    pub status_word: bool,
}

/// What fits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub digits: Digits,
    /// The phase word's room in rows, when it is shown big (it may take fewer).
    pub word: Option<u16>,
    pub header: bool,
    pub next: bool,
    pub bar: bool,
    /// Per optional block: shown whole, or not at all.
    pub optional: Vec<bool>,
}

/// The biggest full-size digits that leave room for everything; else full-size digits with
/// room for the phase's row; else the biggest digits that leave room for as many of the wanted
/// rows (header, next, bar) as can be: the digits count most, nobody in the shower presses a
/// key to see them bigger. The phase word goes with big digits: at most half their height, as
/// big as leaves room for the wanted rows, else at its smallest; `word` says how many rows it takes given its room (None: it does not fit).
/// Then the wanted rows, then the optional blocks in order, each whole or not at all.
///
/// The phase is said in words at every size (never by colour alone): where its name is not
/// shown big (no room, or the big word says READY, PAUSED or DONE), the header row is kept
/// like a required row and the digits fit around it.
pub fn plan(column: Rect, wants: &Wants, word: impl Fn(u16) -> Option<u16>) -> Plan {
    let first = solve(column, wants, &word);
    let named = first.header || (first.word.is_some() && !wants.status_word);
    if !wants.header || named {
        return first;
    }
    let header_kept = Wants {
        required: wants.required + 1,
        header: false,
        ..wants.clone()
    };
    Plan {
        header: true,
        ..solve(column, &header_kept, &word)
    }
}

fn solve(column: Rect, wants: &Wants, word: &impl Fn(u16) -> Option<u16>) -> Plan {
    let wanted = 2 + u16::from(wants.header);
    let note_rows = wants.note.map_or(0, |i| wants.optional[i]);
    let all = wants.optional.iter().sum::<u16>() - note_rows;
    let required = wants.required;
    let fits = |d: Digits, rows: u16| {
        let (w, h) = d.size(wants.glyphs);
        w <= column.width && h + rows <= column.height
    };
    let digits = Digits::all()
        .find(|&d| matches!(d, Digits::Big(_)) && fits(d, required + WORD_MIN + wanted + all))
        // Full-size digits with only the phase's row (or the big word) beside them, before
        // smaller digits with more rows: a notice on a small screen must not shrink them.
        .or_else(|| {
            Digits::all().find(|&d| {
                matches!(d, Digits::Big(_)) && fits(d, required + u16::from(wants.header))
            })
        })
        .or_else(|| {
            (0..=wanted)
                .rev()
                .find_map(|k| Digits::all().find(|&d| d != Digits::Plain && fits(d, required + k)))
        })
        .unwrap_or(Digits::Plain);
    let digit_rows = digits.size(wants.glyphs).1;
    let mut spare = column.height.saturating_sub(required + digit_rows);
    let take = |spare: &mut u16| {
        let yes = *spare > 0;
        *spare = spare.saturating_sub(1);
        yes
    };
    // A status word comes after the header and what comes next; the phase's name before them.
    let first = wants
        .status_word
        .then(|| (wants.header && take(&mut spare), take(&mut spare)));
    let mut word_room = None;
    if matches!(digits, Digits::Big(_)) {
        let after = if first.is_some() { 1 } else { wanted };
        let room = spare.saturating_sub(after).min(digit_rows / 2);
        let smallest = WORD_MIN.min(spare);
        if let Some(rows) = word(room) {
            word_room = Some(room);
            spare -= rows;
        } else if let Some(rows) = word(smallest) {
            word_room = Some(smallest);
            spare -= rows;
        }
    }
    let (header, next) =
        first.unwrap_or_else(|| (wants.header && take(&mut spare), take(&mut spare)));
    let bar = take(&mut spare);
    let optional = wants
        .optional
        .iter()
        .map(|&rows| {
            let yes = rows <= spare;
            if yes {
                spare -= rows;
            }
            yes
        })
        .collect();
    Plan {
        digits,
        word: word_room,
        header,
        next,
        bar,
        optional,
    }
}

/// Where rows of these `heights` go in `area`, one under the other and centred, with
/// breathing room around the digits (row `digits`): a blank row after them when two are
/// free, one before too when four are. A row that runs past the bottom is cut there.
pub fn stack(area: Rect, heights: &[u16], digits: usize) -> Vec<Rect> {
    let used: u16 = heights.iter().sum();
    let free = area.height.saturating_sub(used);
    let after_digits = u16::from(free >= 2);
    let before_digits = u16::from(free >= 4);
    let mut y = area.y + (free - after_digits - before_digits) / 2;
    let mut out = Vec::with_capacity(heights.len());
    for (i, &h) in heights.iter().enumerate() {
        if i == digits {
            y += before_digits;
        }
        out.push(Rect {
            y,
            height: h.min(area.bottom().saturating_sub(y)),
            ..area
        });
        y += h;
        if i == digits {
            y += after_digits;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wants(required: u16, optional: &[u16]) -> Wants {
        Wants {
            glyphs: 4,
            required,
            header: true,
            optional: optional.to_vec(),
            note: None,
            status_word: false,
        }
    }

    /// The word takes what it is given, up to 8 rows.
    fn word(rows: u16) -> Option<u16> {
        (rows >= WORD_MIN).then_some(rows.min(8))
    }

    #[test]
    fn a_big_screen_gets_big_digits_and_everything() {
        let p = plan(Rect::new(0, 0, 200, 60), &wants(1, &[2, 3]), word);
        assert_eq!(p.digits, Digits::Big(6), "4 glyphs x 8 x 6 = 192 columns");
        assert!(p.header && p.next && p.bar);
        assert_eq!(p.optional, [true, true]);
        // 60 - 1 - 42 = 17 rows spare, less the 3 wanted: 14 (under half the digits' 42).
        assert_eq!(p.word, Some(14));
    }

    #[test]
    fn the_digits_shrink_to_leave_room_for_every_row() {
        // 80x24: Big(2) is 14 rows; with 1 required, 3 for the word, 3 wanted and 5 optional
        // it needs 26, so Big(1): 7 rows.
        let p = plan(Rect::new(0, 0, 80, 24), &wants(1, &[2, 3]), word);
        assert_eq!(p.digits, Digits::Big(1));
        assert!(p.header && p.next && p.bar);
        assert_eq!(p.optional, [true, true]);
    }

    #[test]
    fn on_a_narrow_screen_a_smaller_font_keeps_the_wanted_rows() {
        // 30 columns: no big font (32 wide). The half-width font (7 rows) leaves the 3 wanted
        // rows beside the 2 required; the optional block gets none.
        let p = plan(Rect::new(0, 0, 30, 12), &wants(2, &[4]), word);
        assert_eq!(p.digits, Digits::Small(Font::HalfWidth, 4, 8));
        assert_eq!(p.word, None, "only big digits have the word");
        assert_eq!((p.header, p.next, p.bar), (true, true, true));
        assert_eq!(p.optional, [false]);
        // 30x8: no font leaves all three; the quadrant font (4 rows) leaves two.
        let p = plan(Rect::new(0, 0, 30, 8), &wants(2, &[4]), word);
        assert_eq!(p.digits, Digits::Small(Font::Quadrant, 4, 4));
        assert_eq!((p.header, p.next, p.bar), (true, true, false));
    }

    #[test]
    fn a_status_word_gives_way_to_the_header_and_what_comes_next() {
        // 40x12 under the banner: 10 rows. The phase's name in big letters may take the
        // header's, next's and bar's rows; READY or PAUSED may not take the first two.
        let column = Rect::new(0, 0, 40, 10);
        let mut w = wants(0, &[1]);
        let p = plan(column, &w, word);
        assert_eq!((p.word, p.header, p.next), (Some(3), false, false));
        w.status_word = true;
        let p = plan(column, &w, word);
        assert_eq!(p.digits, Digits::Big(1), "the digits keep their size");
        assert_eq!((p.word, p.header, p.next, p.bar), (None, true, true, true));
        // 12 rows: the word fits where the bar was.
        let p = plan(Rect::new(0, 0, 40, 12), &w, word);
        assert_eq!(
            (p.word, p.header, p.next, p.bar),
            (Some(3), true, true, false)
        );
    }

    #[test]
    fn a_notice_on_a_small_screen_does_not_shrink_the_digits() {
        // 40x12 with the disclaimer row and a notice: 9 rows. Full-size digits (7) and the
        // phase's row come before smaller digits with every wanted row.
        let p = plan(Rect::new(0, 0, 40, 9), &wants(0, &[1]), word);
        assert_eq!(p.digits, Digits::Big(1));
        assert_eq!((p.header, p.next, p.bar), (true, true, false));
        assert_eq!(p.optional, [false]);
    }

    #[test]
    fn the_phase_row_stays_where_its_big_word_is_not_shown() {
        // 30 columns, 6 rows, 2 required: the quadrant digits (4 rows) would take the rest,
        // with no big word (no big digits) and no row for the phase's name. The name's row is
        // kept and the digits shrink instead.
        let p = plan(Rect::new(0, 0, 30, 6), &wants(2, &[]), word);
        assert_eq!(p.word, None);
        assert!(p.header, "{p:?}");
        assert_eq!(p.digits, Digits::Plain);
        // A big READY or PAUSED word is not the phase: its row is kept too.
        let mut w = wants(4, &[]);
        w.status_word = true;
        let p = plan(Rect::new(0, 0, 40, 12), &w, word);
        assert!(p.header, "{p:?}");
    }

    #[test]
    fn nothing_fits_but_plain_digits() {
        let p = plan(Rect::new(0, 0, 3, 3), &wants(1, &[]), word);
        assert_eq!(p.digits, Digits::Plain);
    }

    #[test]
    fn an_optional_block_is_shown_whole_or_not_at_all_in_order() {
        // Big(1) at 60 columns (32 wide): 30 rows leave 30 - 7 - 3 word - 3 wanted = 17.
        let p = plan(Rect::new(0, 0, 60, 30), &wants(0, &[5, 20, 4]), |_| Some(3));
        assert_eq!(p.digits, Digits::Big(1));
        assert_eq!(
            p.optional,
            [true, false, true],
            "5 fit, 20 not, then 4 still fit"
        );
    }

    #[test]
    fn the_note_does_not_make_the_digits_smaller() {
        let mut w = wants(0, &[1, 10]);
        let rect = Rect::new(0, 0, 80, 30);
        assert_eq!(plan(rect, &w, word).digits, Digits::Big(1));
        w.note = Some(1);
        assert_eq!(plan(rect, &w, word).digits, Digits::Big(2));
    }

    #[test]
    fn a_word_that_does_not_fit_its_room_gets_its_smallest() {
        let p = plan(Rect::new(0, 0, 80, 24), &wants(0, &[]), |rows| {
            (rows == WORD_MIN).then_some(3)
        });
        assert_eq!(p.word, Some(WORD_MIN));
    }

    #[test]
    fn rows_are_centred_with_room_around_the_digits() {
        let area = Rect::new(0, 2, 40, 20);
        // 1 + 7 + 1 = 9 used, 11 free: one blank row before the digits and one after, the
        // rest split evenly above and below.
        let rects = stack(area, &[1, 7, 1], 1);
        assert_eq!(
            rects.iter().map(|r| (r.y, r.height)).collect::<Vec<_>>(),
            [(6, 1), (8, 7), (16, 1)]
        );
        // Tight: no room, and the last row cut at the bottom.
        let rects = stack(Rect::new(0, 0, 40, 8), &[1, 7, 1], 1);
        assert_eq!(
            rects.iter().map(|r| (r.y, r.height)).collect::<Vec<_>>(),
            [(0, 1), (1, 7), (8, 0)]
        );
    }
}
