//! Screen geometry as pure functions of the terminal size, shared by rendering and by `update`
//! (scrolling needs the page height; a mouse click needs to know which tab is where).

use ratatui::layout::Rect;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::content::Content;
use crate::{safe_text, wrap};

/// Below this the layout breaks; the app says "terminal too small" instead.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The bands of every screen: tab bar, body, the disclaimer row on a session's first screen,
/// a notice (one or two lines), footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub tabs: Rect,
    pub body: Rect,
    pub disclaimer: Option<Rect>,
    pub notice: Option<Rect>,
    pub footer: Rect,
}

/// `notice_rows` from `notice_lines`; `disclaimer`: whether the disclaimer row is shown.
pub fn areas(area: Rect, notice_rows: u16, disclaimer: bool) -> Areas {
    let rows = |y: u16, height: u16| Rect {
        y,
        height: height.min(area.height),
        ..area
    };
    let footer = rows(area.bottom().saturating_sub(1), 1);
    let notice = (notice_rows > 0).then(|| rows(footer.y.saturating_sub(notice_rows), notice_rows));
    let above = notice.map_or(footer.y, |n| n.y);
    let disclaimer = disclaimer.then(|| rows(above.saturating_sub(1), 1));
    let top = disclaimer.map_or(above, |d| d.y);
    Areas {
        tabs: rows(area.y, 1),
        body: Rect {
            y: area.y + 1,
            height: top.saturating_sub(area.y + 1),
            ..area
        },
        disclaimer,
        notice,
        footer,
    }
}

/// A notice as the lines it takes at `width`: wrapped, two lines at most (the second cut with
/// "…" when there is more), one on a short screen. A notice puts what matters first.
pub fn notice_lines(text: &str, area: Rect) -> Vec<String> {
    let width = area.width as usize;
    let most = if area.height >= 12 { 2 } else { 1 };
    let mut lines: Vec<String> = wrap::wrap(&[], &[wrap::Span::new(text, ())], (), width)
        .iter()
        .map(|l| wrap::plain(l))
        .collect();
    if lines.len() > most {
        lines.truncate(most);
        if let Some(last) = lines.last_mut() {
            let mut cut = String::new();
            for c in last.chars() {
                if cut.width() + c.width().unwrap_or(0) + 1 > width {
                    break;
                }
                cut.push(c);
            }
            *last = format!("{}…", cut.trim_end());
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
/// the visible slots. Prefers full titles, then the selected one full and others short, then
/// all short, then a window of short labels that keeps the selected tab in view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabBar {
    pub more_left: bool,
    pub more_right: bool,
    pub slots: Vec<TabSlot>,
}

const GAP: u16 = 2;

pub fn tab_bar(content: &Content, selected: usize, width: u16) -> TabBar {
    // The digit teaches the 1–9 keys; the selected label is padded so its highlight breathes.
    let label = |i: usize, full: bool| {
        let t = &content.tabs[i];
        let name = safe_text::printable(if full { &t.title } else { &t.short });
        let text = if i < 9 {
            format!("{} {}", i + 1, name)
        } else {
            name.into_owned()
        };
        if i == selected {
            format!(" {text} ")
        } else {
            text
        }
    };
    let n = content.tabs.len();
    let attempts: [&dyn Fn(usize) -> bool; 3] = [&|_| true, &|i| i == selected, &|_| false];
    for full in attempts {
        let labels: Vec<String> = (0..n).map(|i| label(i, full(i))).collect();
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
    let labels: Vec<String> = (0..n).map(|i| label(i, i == selected)).collect();
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
