//! The walkthrough screen's geometry and text, shared by rendering (which styles it) and by
//! `update` (which scrolls it): where focus mode puts the step card and its warnings, and the
//! wrapped lines of a step, the finish screen and list mode.

use std::ops::Range;

use chrono::{DateTime, Datelike, Days, FixedOffset};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Padding};

use crate::clock::Now;
use crate::content::{Content, WalkMode, Walkthrough};
use crate::doc::{Role, WARNING_MARK};
use crate::state::WalkProgress;
use crate::walkthrough::Walk;
use crate::wrap::{Span as WSpan, wrap};

/// Wrapped lines; each span carries its style.
pub type Lines = Vec<Vec<WSpan<Style>>>;

/// The styles the text is built with: the theme's when drawn, none when only measured.
pub trait Look: Copy {
    fn role(self, role: Role) -> Style;
    fn done(self) -> Style;
}

/// No styles: for measuring.
#[derive(Debug, Clone, Copy)]
pub struct Plain;

impl Look for Plain {
    fn role(self, _: Role) -> Style {
        Style::new()
    }
    fn done(self) -> Style {
        Style::new()
    }
}

/// List mode's checkboxes and the finish screen's done mark (`ui::theme` shows them with the
/// other symbols).
pub use backspasm_core::symbols::DONE;
pub const CHECKED: &str = "[✓]";
pub const UNCHECKED: &str = "[ ]";

/// From this body width, a step's warnings stand beside it instead of below.
const WIDE: u16 = 70;
/// From this body height there is room for blank lines and padding.
pub const TALL: u16 = 16;
/// A step card wider than this is hard to read; it is centred instead.
const CARD_MAX: u16 = 68;

/// Where focus mode puts things inside the body.
pub struct Focus {
    pub bar: Rect,
    pub card: Rect,
    pub text: Rect,
    /// The row under the text of a wait step: the time waited.
    pub wait: Option<Rect>,
    /// Warnings beside the card, when wide.
    pub side: Option<Rect>,
}

fn focus_layout(body: Rect, side: bool, wait: bool) -> Focus {
    let tall = body.height >= TALL;
    let bar = Rect {
        height: body.height.min(1),
        ..body
    };
    let top = (1 + u16::from(tall)).min(body.height);
    let rest = Rect {
        y: body.y + top,
        height: body.height - top,
        ..body
    };
    let (card, side) = if side && body.width >= WIDE {
        // Warnings are the longer text: they get the larger share.
        let card_w = (rest.width * 2 / 5).max(30);
        let side = Rect {
            x: rest.x + card_w + 2,
            y: rest.y + 1,
            width: rest.width.saturating_sub(card_w + 3),
            height: rest.height.saturating_sub(1),
        };
        (
            Rect {
                width: card_w,
                ..rest
            },
            Some(side),
        )
    } else {
        let width = rest.width.min(CARD_MAX);
        let card = Rect {
            x: rest.x + (rest.width - width) / 2,
            width,
            ..rest
        };
        (card, None)
    };
    let pad_x = if card.width >= 60 { 4 } else { 1 };
    let inner = card_block()
        .padding(Padding::new(pad_x, pad_x, u16::from(tall), u16::from(tall)))
        .inner(card);
    let (text, wait) = if wait && inner.height >= 2 {
        let gap = u16::from(tall && inner.height >= 6);
        (
            Rect {
                height: inner.height - 1 - gap,
                ..inner
            },
            Some(Rect {
                y: inner.bottom() - 1,
                height: 1,
                ..inner
            }),
        )
    } else {
        (inner, None)
    };
    Focus {
        bar,
        card,
        text,
        wait,
        side,
    }
}

/// The step card's frame (its border style is rendering's business; its size is not).
pub fn card_block() -> Block<'static> {
    Block::bordered().border_type(BorderType::Rounded)
}

/// Focus mode's text: the step title wrapped (rendering may draw it big instead), what comes
/// under it on the card, and the side panel's lines. On the finish screen `rest` is all of it.
pub struct FocusParts {
    pub title: Vec<Line<'static>>,
    pub rest: Vec<Line<'static>>,
    pub side: Vec<Line<'static>>,
}

pub fn focus_parts(
    w: &Walk,
    walk: &Walkthrough,
    progress: &WalkProgress,
    content: &Content,
    lay: &Focus,
    now: Now,
    look: impl Look,
) -> FocusParts {
    let width = lay.text.width as usize;
    let Some(step) = walk.steps.get(w.cursor) else {
        return FocusParts {
            title: Vec::new(),
            rest: finish_lines(walk, progress, width, now, look),
            side: Vec::new(),
        };
    };
    let mut rest = Vec::new();
    if let Some(body) = &step.body {
        rest.push(Line::default());
        rest.extend(centred(wrap(
            &[],
            &[WSpan::new(body.clone(), Style::new())],
            Style::new(),
            width,
        )));
    }
    let warnings = match lay.side {
        Some(side) => warning_lines(content, &step.warnings, side.width as usize, true, look),
        None => {
            if !step.warnings.is_empty() {
                rest.push(Line::default());
            }
            warning_lines(content, &step.warnings, width, true, look)
        }
    };
    let side = match lay.side {
        Some(_) => lines(warnings),
        None => {
            rest.extend(lines(warnings));
            Vec::new()
        }
    };
    let bold = Style::new().add_modifier(Modifier::BOLD);
    let title = centred(wrap(
        &[],
        &[WSpan::new(step.title.clone(), bold)],
        bold,
        width,
    ));
    FocusParts { title, rest, side }
}

pub fn centred(text: Lines) -> Vec<Line<'static>> {
    lines(text).into_iter().map(Line::centered).collect()
}

/// Wrapped styled lines as ratatui lines (the walkthrough's panes and `ui::today`'s boxes).
pub fn lines(text: Lines) -> Vec<Line<'static>> {
    text.into_iter()
        .map(|l| {
            Line::from(
                l.into_iter()
                    .map(|s| Span::styled(s.text, s.role))
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

/// A step's warnings, marked ⚠; `full` adds each warning's text to its title.
pub fn warning_lines(
    content: &Content,
    ids: &[String],
    width: usize,
    full: bool,
    look: impl Look,
) -> Lines {
    let mut out = Lines::new();
    for (i, w) in ids.iter().filter_map(|id| content.warning(id)).enumerate() {
        if full && i > 0 {
            out.push(Vec::new());
        }
        let mut text = vec![WSpan::new(
            if full {
                format!("{}:", w.title)
            } else {
                w.title.clone()
            },
            look.role(Role::WarningTitle),
        )];
        if full {
            text.push(WSpan::new(w.body.clone(), look.role(Role::Warning)));
        }
        out.extend(wrap(
            &[WSpan::new(WARNING_MARK, look.role(Role::WarningMark))],
            &text,
            Style::new(),
            width,
        ));
    }
    out
}

fn finish_lines(
    walk: &Walkthrough,
    progress: &WalkProgress,
    width: usize,
    now: Now,
    look: impl Look,
) -> Vec<Line<'static>> {
    let plain = |text: String| {
        centred(wrap(
            &[],
            &[WSpan::new(text, Style::new())],
            Style::new(),
            width,
        ))
    };
    let mut out = vec![Line::styled(format!("{} Done", DONE), look.done()).centered()];
    out.push(Line::default());
    let n = walk.steps.len();
    out.extend(plain(format!(
        "All {n} step{} done.",
        if n == 1 { "" } else { "s" }
    )));
    if let Some(at) = progress.finished {
        out.extend(plain(format!("Finished {}.", when(at, now))));
    }
    out.push(Line::default());
    out.extend(plain(
        "Press r to start over, or Esc to go back.".to_string(),
    ));
    out
}

/// "today at 14:02", "yesterday at 09:15", "on Tue 24 Nov at 14:02", in the local offset of now.
pub fn when(at: DateTime<FixedOffset>, now: Now) -> String {
    let at = at.with_timezone(&now.wall.timezone());
    let (day, today) = (at.date_naive(), now.wall.date_naive());
    let time = at.format("%H:%M");
    if day == today {
        format!("today at {time}")
    } else if today.checked_sub_days(Days::new(1)) == Some(day) {
        format!("yesterday at {time}")
    } else if day.year() == today.year() {
        format!("on {} at {time}", at.format("%a %-d %b"))
    } else {
        format!("on {} at {time}", at.format("%a %-d %b %Y"))
    }
}

pub fn focus_geometry(body: Rect, w: &Walk, walk: &Walkthrough) -> Focus {
    let step = walk.steps.get(w.cursor);
    let side = step.is_some_and(|s| !s.warnings.is_empty());
    focus_layout(body, side, w.waiting.is_some())
}

/// List mode's lines and the lines of each step.
pub struct ListDoc {
    pub lines: Lines,
    pub items: Vec<Range<usize>>,
}

/// Every step with its checkbox and number; the selected one shows its warnings in full.
pub fn list_doc(
    walk: &Walkthrough,
    done: &[bool],
    selected: usize,
    content: &Content,
    width: usize,
    roomy: bool,
    look: impl Look,
) -> ListDoc {
    let mut doc = ListDoc {
        lines: Lines::new(),
        items: Vec::new(),
    };
    if let Some(intro) = &walk.intro {
        let style = look.role(Role::Intro);
        doc.lines.extend(wrap(
            &[],
            &[WSpan::new(intro.clone(), style)],
            Style::new(),
            width,
        ));
        doc.lines.push(Vec::new());
    }
    for (i, step) in walk.steps.iter().enumerate() {
        let start = doc.lines.len();
        let (mark, mark_style) = if done[i] {
            (CHECKED, look.done())
        } else {
            (UNCHECKED, Style::new())
        };
        let prefix = [
            WSpan::new(mark, mark_style),
            WSpan::new(format!(" {}. ", i + 1), look.role(Role::Number)),
        ];
        let indent: usize = mark.chars().count() + format!(" {}. ", i + 1).len();
        let title = look.role(Role::StepTitle);
        doc.lines.extend(wrap(
            &prefix,
            &[WSpan::new(step.title.clone(), title)],
            Style::new(),
            width,
        ));
        let pad = WSpan::new(" ".repeat(indent), Style::new());
        let inner = width.saturating_sub(indent).max(1);
        let mut more = Lines::new();
        if let Some(body) = &step.body {
            more.extend(wrap(
                &[],
                &[WSpan::new(body.clone(), Style::new())],
                Style::new(),
                inner,
            ));
        }
        more.extend(warning_lines(
            content,
            &step.warnings,
            inner,
            i == selected,
            look,
        ));
        for mut line in more {
            line.insert(0, pad.clone());
            doc.lines.push(line);
        }
        doc.items.push(start..doc.lines.len());
        if roomy && i + 1 < walk.steps.len() {
            doc.lines.push(Vec::new());
        }
    }
    doc
}

/// List mode's bar row and text area (a gutter for the marker, a column for the scrollbar).
pub fn list_areas(body: Rect) -> (Rect, Rect, bool) {
    let roomy = body.height >= TALL;
    let top = (1 + u16::from(roomy)).min(body.height);
    let bar = Rect {
        height: body.height.min(1),
        ..body
    };
    let rest = Rect {
        y: body.y + top,
        height: body.height - top,
        ..body
    };
    (bar, rest, roomy)
}

// ---- For `update`: how far the screen scrolls

/// How far walkthrough `w` scrolls in a body of this size.
pub fn max_offset(
    body: Rect,
    content: &Content,
    w: &Walk,
    progress: &WalkProgress,
    now: Now,
) -> usize {
    let Some(walk) = content.walkthroughs.get(w.index) else {
        return 0;
    };
    match w.mode {
        WalkMode::Focus => {
            let lay = focus_geometry(body, w, walk);
            let FocusParts { title, rest, side } =
                focus_parts(w, walk, progress, content, &lay, now, Plain);
            // A title drawn big is drawn only when everything fits; wrapped it is never
            // taller than big, so the wrapped title decides how far to scroll.
            let over =
                |n: usize, r: Option<Rect>| n.saturating_sub(r.map_or(0, |r| r.height as usize));
            over(title.len() + rest.len(), Some(lay.text)).max(over(side.len(), lay.side))
        }
        WalkMode::List => {
            let (doc, height) = list_page(body, content, w, progress);
            doc.lines.len().saturating_sub(height)
        }
    }
}

/// List mode in a body of this size: the document and the page height.
pub fn list_page(
    body: Rect,
    content: &Content,
    w: &Walk,
    progress: &WalkProgress,
) -> (ListDoc, usize) {
    let Some(walk) = content.walkthroughs.get(w.index) else {
        return (
            ListDoc {
                lines: Lines::new(),
                items: Vec::new(),
            },
            0,
        );
    };
    let (_, rest, roomy) = list_areas(body);
    let text = super::guide_text(rest);
    let done = progress.done_steps(walk);
    let doc = list_doc(
        walk,
        &done,
        w.cursor,
        content,
        text.width as usize,
        roomy,
        Plain,
    );
    (doc, rest.height as usize)
}
