//! Screen geometry as pure functions of the terminal size, shared by rendering and by `update`
//! (scrolling needs the page height; a mouse click needs to know which tab is where; the help
//! overlay and the diary list scroll within their boxes).

use std::path::Path;

use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::content::Content;
use crate::keymap::{self, Ctx};
use backspasm_core::safe_text;
use backspasm_core::wrap::{self, Span as WSpan};

/// Below this the layout breaks; the app says "terminal too small" instead.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The bands of every screen: the call-a-doctor banner while a reason applies, tab bar,
/// body, the disclaimer row on a session's first screen, a notice (one or two lines), footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    /// One row at the top of every screen, above everything else; overlays (help, boxes) keep
    /// below it.
    pub banner: Option<Rect>,
    pub tabs: Rect,
    pub body: Rect,
    pub disclaimer: Option<Rect>,
    pub notice: Option<Rect>,
    pub footer: Rect,
}

/// `notice_rows` from `notice_lines`; `disclaimer`: whether the disclaimer row is shown;
/// `banner`: whether the call-a-doctor banner is.
pub fn areas(area: Rect, notice_rows: u16, disclaimer: bool, banner: bool) -> Areas {
    let rows = |y: u16, height: u16| Rect {
        y,
        height: height.min(area.height),
        ..area
    };
    let footer = rows(area.bottom().saturating_sub(1), 1);
    let notice = (notice_rows > 0).then(|| rows(footer.y.saturating_sub(notice_rows), notice_rows));
    let above = notice.map_or(footer.y, |n| n.y);
    let disclaimer = disclaimer.then(|| rows(above.saturating_sub(1), 1));
    let bottom = disclaimer.map_or(above, |d| d.y);
    let banner = banner.then(|| rows(area.y, 1));
    let top = banner.map_or(area.y, |b| b.bottom());
    Areas {
        banner,
        tabs: rows(top, 1),
        body: Rect {
            y: top + 1,
            height: bottom.saturating_sub(top + 1),
            ..area
        },
        disclaimer,
        notice,
        footer,
    }
}

impl Areas {
    /// Where an overlay may go: between the banner and the footer (the footer says which keys
    /// work on it, the banner why to call a doctor: neither is covered).
    pub fn overlay_room(&self, area: Rect) -> Rect {
        let top = self.banner.map_or(area.y, |b| b.bottom());
        Rect {
            y: top,
            height: self.footer.y.saturating_sub(top),
            ..area
        }
    }
}

/// A notice as the lines it takes at `width`: wrapped, two lines at most (the second cut with
/// "…" when there is more), one on a short screen, and on a timer under 24 rows (its digits
/// are read from two metres, and nobody in the shower presses the key that clears a notice).
/// A notice puts what matters first.
pub fn notice_lines(text: &str, area: Rect, timer: bool) -> Vec<String> {
    let width = area.width as usize;
    let most = if area.height < 12 || timer && area.height < 24 {
        1
    } else {
        2
    };
    let mut lines: Vec<String> = wrap::wrap(&[], &[wrap::Span::new(text, ())], (), width)
        .iter()
        .map(|l| wrap::plain(l))
        .collect();
    if lines.len() > most {
        lines.truncate(most);
        if let Some(last) = lines.last_mut() {
            // Cut even when it fits: the "…" says there is more.
            *last = format!("{}…", wrap::head(last, width).trim_end());
        }
    }
    lines
}

/// The guide's text column inside the body: a two-column gutter for the selection marker on
/// the left, and on the right a blank column, then one for the scrollbar.
pub fn guide_text(body: Rect) -> Rect {
    Rect {
        x: body.x + 2,
        width: body.width.saturating_sub(4),
        ..body
    }
}

/// One label of the tab bar and the columns it occupies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabSlot {
    pub tab: usize,
    pub x: u16,
    pub label: String,
}

impl TabSlot {
    pub fn width(&self) -> u16 {
        self.label.width() as u16
    }
}

/// The tab bar as laid out at `width`: whether there are more tabs off the left/right edge, and
/// the visible slots. Full titles if they all fit, else the short names, else a window of short
/// names that keeps the selected tab in view. A label is as wide selected or not (a space each
/// side, which the highlight fills), so moving between tabs never shifts the bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabBar {
    pub more_left: bool,
    pub more_right: bool,
    pub slots: Vec<TabSlot>,
}

/// Between labels: their own spaces are the gap.
const GAP: u16 = 0;

pub fn tab_bar(content: &Content, selected: usize, width: u16) -> TabBar {
    // The digit teaches the 1–9 keys; every label is padded, so the selected one's highlight
    // breathes and no label changes width with the selection.
    let label = |i: usize, full: bool| {
        let t = &content.tabs[i];
        let name = safe_text::printable(if full { &t.title } else { &t.short });
        if i < 9 {
            format!(" {} {} ", i + 1, name)
        } else {
            format!(" {name} ")
        }
    };
    let n = content.tabs.len();
    for full in [true, false] {
        let labels: Vec<String> = (0..n).map(|i| label(i, full)).collect();
        let total: usize =
            labels.iter().map(|l| l.width()).sum::<usize>() + n.saturating_sub(1) * GAP as usize;
        if total <= width as usize {
            return TabBar {
                more_left: false,
                more_right: false,
                slots: place(labels.into_iter().enumerate(), 0),
            };
        }
    }
    // A window of short labels around the selection, with a marker column at each end.
    let labels: Vec<String> = (0..n).map(|i| label(i, false)).collect();
    let inner = width.saturating_sub(2) as usize;
    let fits = |from: usize, to: usize| {
        labels[from..to].iter().map(|l| l.width()).sum::<usize>()
            + (to - from).saturating_sub(1) * GAP as usize
            <= inner
    };
    let (mut from, mut to) = (selected, selected + 1);
    loop {
        let grew_right = to < n && fits(from, to + 1);
        if grew_right {
            to += 1;
        }
        let grew_left = from > 0 && fits(from - 1, to);
        if grew_left {
            from -= 1;
        }
        if !grew_left && !grew_right {
            break;
        }
    }
    TabBar {
        more_left: from > 0,
        more_right: to < n,
        slots: place(labels.into_iter().enumerate().skip(from).take(to - from), 1),
    }
}

fn place(labels: impl Iterator<Item = (usize, String)>, mut x: u16) -> Vec<TabSlot> {
    labels
        .map(|(tab, label)| {
            let slot = TabSlot { tab, x, label };
            x += slot.width() + GAP;
            slot
        })
        .collect()
}

/// Which tab is at column `x` of the tab bar, if any.
pub fn tab_at(bar: &TabBar, x: u16) -> Option<usize> {
    bar.slots
        .iter()
        .find(|s| x >= s.x && x < s.x + s.width())
        .map(|s| s.tab)
}

// ---- The `?` overlay

/// The `?` overlay at a screen size: its box, and its lines as (key column padded, part of
/// the description), the descriptions wrapped to fit.
pub struct HelpBox {
    pub area: Rect,
    pub lines: Vec<(String, String)>,
}

/// The keys of the screen (`ctx`), then the overlay's own keys that the screen does not
/// already list.
fn help_rows(ctx: Ctx, here: &keymap::Here) -> Vec<(String, &'static str)> {
    let mut rows = keymap::help_rows_here(ctx, here);
    for row in keymap::help_rows(Ctx::Help) {
        if !rows.iter().any(|(keys, _)| *keys == row.0) {
            rows.push(row);
        }
    }
    rows
}

pub fn help(screen: Rect, ctx: Ctx, here: &keymap::Here) -> HelpBox {
    let rows = help_rows(ctx, here);
    let key_w = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let help_w = rows.iter().map(|(_, h)| h.width()).max().unwrap_or(0);
    let width = ((key_w + 2 + help_w + 2) as u16).min(screen.width);
    let text_w = (width as usize).saturating_sub(2 + key_w + 2).max(1);
    let mut lines = Vec::new();
    for (keys, help) in rows {
        let wrapped = wrap::wrap(&[], &[WSpan::new(help, ())], (), text_w);
        for (i, l) in wrapped.iter().enumerate() {
            let k = if i == 0 { keys.clone() } else { String::new() };
            lines.push((format!("{k:<key_w$}  "), wrap::plain(l)));
        }
    }
    let height = (lines.len() as u16 + 2).min(screen.height);
    let area = centred_in(screen, width, height);
    HelpBox { area, lines }
}

/// A box of `width` x `height` (each at most `room`'s) in the middle of `room`.
pub fn centred_in(room: Rect, width: u16, height: u16) -> Rect {
    Rect {
        x: room.x + (room.width - width) / 2,
        y: room.y + (room.height - height) / 2,
        width,
        height,
    }
}

impl HelpBox {
    /// How far the lines can scroll when the screen is too short for all of them.
    pub fn max_offset(&self) -> usize {
        self.lines
            .len()
            .saturating_sub(self.area.height.saturating_sub(2) as usize)
    }
}

// ---- The pain diary

/// How a run of the diary's bottom text looks (rendering picks the style).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HintLook {
    Key,
    Dim,
    Plain,
}

/// The diary's bottom lines at `width`, in at most `rows`: "s summary for the doctor, written
/// to:" and the file (cut from the left to fit), or where a summary comes from when there is no
/// state directory; where that does not fit, "s summary for the doctor" alone (never a sentence
/// cut off: the summary screen says where the file went).
pub fn diary_hint(path: Option<&Path>, width: usize, rows: usize) -> Vec<Vec<WSpan<HintLook>>> {
    let full = diary_hint_full(path, width);
    if full.len() <= rows {
        return full;
    }
    let short = wrap::wrap(
        &[],
        &[
            WSpan::new("s", HintLook::Key),
            WSpan::new("summary for the doctor", HintLook::Dim),
        ],
        HintLook::Plain,
        width,
    );
    if short.len() <= rows {
        short
    } else {
        Vec::new()
    }
}

fn diary_hint_full(path: Option<&Path>, width: usize) -> Vec<Vec<WSpan<HintLook>>> {
    let Some(path) = path else {
        return wrap::wrap(
            &[],
            &[WSpan::new(
                "Nowhere to write a file: `backspasm summary` prints the summary for the doctor.",
                HintLook::Dim,
            )],
            HintLook::Plain,
            width,
        );
    };
    let path = path.display().to_string();
    let shown = wrap::cut_start(&path, width);
    let mut lines = wrap::wrap(
        &[],
        &[
            WSpan::new("s", HintLook::Key),
            WSpan::new("summary for the doctor, written to:", HintLook::Dim),
        ],
        HintLook::Plain,
        width,
    );
    lines.push(vec![WSpan::new(shown, HintLook::Plain)]);
    lines
}

/// The diary's parts of the body: chart, entry list, the summary line(s) at the bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiaryParts {
    pub chart: Rect,
    pub list: Rect,
    pub hint: Rect,
}

pub fn diary(body: Rect, summary: Option<&Path>, entries: usize) -> DiaryParts {
    let inner_w = body.width.saturating_sub(2) as usize;
    let hint_rows = diary_hint(summary, inner_w, usize::from(body.height / 3)).len() as u16;
    // The chart only where it leaves the entries a few rows: they are what is read and edited.
    let chart_rows = (body.height * 45 / 100)
        .clamp(4, 12)
        .min(body.height.saturating_sub(hint_rows + 3));
    let chart_rows = if entries == 0 || chart_rows < 3 {
        0
    } else {
        chart_rows
    };
    let list_rows = body.height.saturating_sub(chart_rows + hint_rows);
    let row = |y: u16, height: u16| Rect {
        x: body.x + 1,
        y,
        width: body.width.saturating_sub(2),
        height,
    };
    DiaryParts {
        chart: row(body.y, chart_rows),
        list: row(body.y + chart_rows, list_rows),
        hint: row(body.y + chart_rows + list_rows, hint_rows),
    }
}
