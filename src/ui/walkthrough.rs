//! The walkthrough screen: focus mode (one step, large and centred, its warnings beside it or
//! below), list mode (every step with a checkbox) and the finish screen. Rendering only; the
//! geometry functions at the end are shared with `App::update` for scrolling.

use std::ops::Range;

use chrono::{DateTime, Datelike, Days, FixedOffset};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, LineGauge, Padding, Paragraph};

use super::big::{self, Big};
use super::theme::{self, Theme};
use crate::app::App;
use crate::clock::Now;
use crate::content::{Content, WalkMode, Walkthrough};
use crate::doc::{Role, WARNING_MARK};
use crate::layout::{self, Areas};
use crate::state::WalkProgress;
use crate::walkthrough::Walk;
use crate::wrap::{Span as WSpan, wrap};

/// Wrapped lines; each span carries its style.
type Lines = Vec<Vec<WSpan<Style>>>;

/// From this body width, a step's warnings stand beside it instead of below.
const WIDE: u16 = 70;
/// From this body height there is room for blank lines and padding.
const TALL: u16 = 16;
/// A step card wider than this is hard to read; it is centred instead.
const CARD_MAX: u16 = 68;

pub fn render(frame: &mut Frame, areas: Areas, app: &App, w: &Walk, content: &Content, now: Now) {
    let theme = Theme { color: app.color };
    let Some(walk) = content.walkthroughs.get(w.index) else {
        return;
    };
    let progress = progress(app, walk);
    let done = progress.done_steps(walk);
    frame.render_widget(
        Line::from(Span::styled(
            format!(" {} ", walk.title),
            theme.selected_tab(),
        )),
        areas.tabs,
    );
    match w.mode {
        WalkMode::Focus => focus(frame, areas.body, w, walk, &progress, content, now, theme),
        WalkMode::List => list(
            frame, areas.body, w, walk, &done, &progress, content, now, theme,
        ),
    }
}

fn progress(app: &App, walk: &Walkthrough) -> WalkProgress {
    app.state.walks.get(&walk.id).cloned().unwrap_or_default()
}

/// The progress bar: a label, then heavy line for done, light line for to go.
fn bar(frame: &mut Frame, area: Rect, label: Line<'static>, ratio: f64, theme: Theme) {
    frame.render_widget(
        LineGauge::default()
            .label(label)
            .ratio(ratio.clamp(0.0, 1.0))
            .filled_symbol(theme::BAR_DONE)
            .unfilled_symbol(theme::BAR_TO_GO)
            .filled_style(theme.bar_done())
            .unfilled_style(theme.dim()),
        area,
    );
}

fn ratio(done: &[bool]) -> f64 {
    let n = done.iter().filter(|&&d| d).count();
    n as f64 / done.len().max(1) as f64
}

// ---- Focus mode ----

/// Where focus mode puts things inside the body.
struct Focus {
    bar: Rect,
    card: Rect,
    text: Rect,
    hold: Option<Rect>,
    /// Warnings beside the card, when wide.
    side: Option<Rect>,
}

fn focus_layout(body: Rect, side: bool, hold: bool) -> Focus {
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
    let inner = card_block(Theme { color: false })
        .padding(Padding::new(pad_x, pad_x, u16::from(tall), u16::from(tall)))
        .inner(card);
    let (text, hold) = if hold && inner.height >= 2 {
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
        hold,
        side,
    }
}

fn card_block(theme: Theme) -> Block<'static> {
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border())
}

/// Focus mode's text: the card's lines, the side panel's, and the step title in big letters
/// when it fits, in which case `big.height()` of the card's lines from `big_at` are blank,
/// kept for it.
struct FocusText {
    card: Vec<Line<'static>>,
    side: Vec<Line<'static>>,
    big: Option<Big>,
    big_at: u16,
}

fn focus_lines(
    w: &Walk,
    walk: &Walkthrough,
    progress: &WalkProgress,
    content: &Content,
    lay: &Focus,
    now: Now,
    theme: Theme,
) -> FocusText {
    let width = lay.text.width as usize;
    let Some(step) = walk.steps.get(w.cursor) else {
        return FocusText {
            card: finish_lines(walk, progress, width, now, theme),
            side: Vec::new(),
            big: None,
            big_at: 0,
        };
    };
    // Everything under the title first: the title is big only if all of it still fits.
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
        Some(side) => warning_lines(content, &step.warnings, side.width as usize, true, theme),
        None => {
            if !step.warnings.is_empty() {
                rest.push(Line::default());
            }
            warning_lines(content, &step.warnings, width, true, theme)
        }
    };
    let side = match lay.side {
        Some(_) => lines(warnings),
        None => {
            rest.extend(lines(warnings));
            Vec::new()
        }
    };
    let side_fits = lay.side.is_none_or(|r| side.len() <= r.height as usize);
    let title_style = Style::new().add_modifier(Modifier::BOLD);
    let title = centred(wrap(
        &[],
        &[WSpan::new(step.title.clone(), title_style)],
        title_style,
        width,
    ));
    // The walkthrough's intro leads its first step, when it fits with the step unscrolled.
    let mut head = Vec::new();
    if w.cursor == 0
        && let Some(intro) = &walk.intro
    {
        head = centred(wrap(
            &[],
            &[WSpan::new(intro.clone(), theme.role(Role::Intro))],
            Style::new(),
            width,
        ));
        head.push(Line::default());
        if head.len() + title.len() + rest.len() > lay.text.height as usize {
            head.clear();
        }
    }
    let room = Rect {
        height: lay
            .text
            .height
            .saturating_sub(u16::try_from(head.len() + rest.len()).unwrap_or(u16::MAX)),
        ..lay.text
    };
    let big = side_fits.then(|| big::fit(&step.title, room)).flatten();
    let big_at = head.len() as u16;
    let mut card = head;
    match &big {
        Some(b) => card.extend(vec![Line::default(); b.height() as usize]),
        None => card.extend(title),
    }
    card.extend(rest);
    FocusText {
        card,
        side,
        big,
        big_at,
    }
}

fn centred(text: Lines) -> Vec<Line<'static>> {
    lines(text).into_iter().map(Line::centered).collect()
}

fn lines(text: Lines) -> Vec<Line<'static>> {
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
fn warning_lines(
    content: &Content,
    ids: &[String],
    width: usize,
    full: bool,
    theme: Theme,
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
            theme.role(Role::WarningTitle),
        )];
        if full {
            text.push(WSpan::new(w.body.clone(), theme.role(Role::Warning)));
        }
        out.extend(wrap(
            &[WSpan::new(WARNING_MARK, theme.role(Role::WarningMark))],
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
    theme: Theme,
) -> Vec<Line<'static>> {
    let plain = |text: String| {
        centred(wrap(
            &[],
            &[WSpan::new(text, Style::new())],
            Style::new(),
            width,
        ))
    };
    let mut out = vec![Line::styled(format!("{} Done", theme::DONE), theme.done()).centered()];
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

#[allow(clippy::too_many_arguments)]
fn focus(
    frame: &mut Frame,
    body: Rect,
    w: &Walk,
    walk: &Walkthrough,
    progress: &WalkProgress,
    content: &Content,
    now: Now,
    theme: Theme,
) {
    let done = progress.done_steps(walk);
    let lay = focus_geometry(body, w, walk);
    let label = match walk.steps.len() {
        n if w.cursor >= n => {
            Line::styled(format!("{} {n} of {n} done", theme::DONE), theme.done())
        }
        n => Line::styled(
            format!("Step {} of {n}", w.cursor + 1),
            Style::new().add_modifier(Modifier::BOLD),
        ),
    };
    bar(frame, lay.bar, label, ratio(&done), theme);
    let FocusText {
        card,
        side,
        big,
        big_at,
    } = focus_lines(w, walk, progress, content, &lay, now, theme);
    let over = |n: usize, r: Option<Rect>| r.is_some_and(|r| n > r.height as usize);
    let mut block = card_block(theme);
    if over(card.len(), Some(lay.text)) || over(side.len(), lay.side) {
        block = block.title_bottom(Line::styled(" ↑↓ more ", theme.key()).right_aligned());
    }
    frame.render_widget(block, lay.card);
    let top = scrolled(frame, lay.text, card, w.offset, theme);
    if let Some(big) = big {
        // Everything fits, so nothing scrolled: the title's rows start at the top.
        let rect = Rect {
            y: top + big_at,
            height: big.height(),
            ..lay.text
        };
        big.render(
            rect,
            frame.buffer_mut(),
            Style::new().add_modifier(Modifier::BOLD),
        );
    }
    if let Some(rect) = lay.side {
        scrolled(frame, rect, side, w.offset, theme);
    }
    if let (Some(rect), Some(hold), Some(left)) = (lay.hold, w.hold, w.hold_left(now)) {
        let label = Line::styled(
            format!("Pause {left} s"),
            Style::new().add_modifier(Modifier::BOLD),
        );
        bar(
            frame,
            rect,
            label,
            f64::from(left) / f64::from(hold.secs.max(1)),
            theme,
        );
    }
}

/// Show `lines` in `area` from `offset`, centred vertically when they fit, with a scrollbar
/// when they don't. Returns the row the first line shown is on.
fn scrolled(
    frame: &mut Frame,
    area: Rect,
    lines: Vec<Line<'static>>,
    offset: usize,
    theme: Theme,
) -> u16 {
    let (n, h) = (lines.len(), area.height as usize);
    if n <= h {
        let top = ((h - n) / 2) as u16;
        let rect = Rect {
            y: area.y + top,
            height: area.height - top,
            ..area
        };
        frame.render_widget(Paragraph::new(lines), rect);
        return rect.y;
    }
    let offset = offset.min(n - h);
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(offset).take(h).collect::<Vec<_>>()),
        area,
    );
    super::scrollbar(
        frame,
        Rect {
            x: area.right(),
            width: 1,
            ..area
        },
        n,
        h,
        offset,
        theme,
    );
    area.y
}

fn focus_geometry(body: Rect, w: &Walk, walk: &Walkthrough) -> Focus {
    let step = walk.steps.get(w.cursor);
    let side = step.is_some_and(|s| !s.warnings.is_empty());
    focus_layout(body, side, w.hold.is_some())
}

// ---- List mode ----

/// List mode's lines and the lines of each step.
pub struct ListDoc {
    pub lines: Lines,
    pub items: Vec<Range<usize>>,
}

/// Every step with its checkbox and number; the selected one shows its warnings in full.
fn list_doc(
    walk: &Walkthrough,
    done: &[bool],
    selected: usize,
    content: &Content,
    width: usize,
    roomy: bool,
    theme: Theme,
) -> ListDoc {
    let mut doc = ListDoc {
        lines: Lines::new(),
        items: Vec::new(),
    };
    if let Some(intro) = &walk.intro {
        let style = theme.role(Role::Intro);
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
            (theme::CHECKED, theme.done())
        } else {
            (theme::UNCHECKED, Style::new())
        };
        let prefix = [
            WSpan::new(mark, mark_style),
            WSpan::new(format!(" {}. ", i + 1), theme.role(Role::Number)),
        ];
        let indent: usize = mark.chars().count() + format!(" {}. ", i + 1).len();
        let title = theme.role(Role::StepTitle);
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
            theme,
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
fn list_areas(body: Rect) -> (Rect, Rect, bool) {
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

#[allow(clippy::too_many_arguments)]
fn list(
    frame: &mut Frame,
    body: Rect,
    w: &Walk,
    walk: &Walkthrough,
    done: &[bool],
    progress: &WalkProgress,
    content: &Content,
    now: Now,
    theme: Theme,
) {
    let (bar_area, rest, roomy) = list_areas(body);
    let n = done.iter().filter(|&&d| d).count();
    let label = match progress.finished {
        Some(at) if n == done.len() => Line::styled(
            format!("{} All {n} done, {}", theme::DONE, when(at, now)),
            theme.done(),
        ),
        _ => Line::styled(
            format!("{n} of {} ticked", done.len()),
            Style::new().add_modifier(Modifier::BOLD),
        ),
    };
    bar(frame, bar_area, label, ratio(done), theme);
    let text = layout::guide_text(rest);
    let doc = list_doc(
        walk,
        done,
        w.cursor,
        content,
        text.width as usize,
        roomy,
        theme,
    );
    let h = rest.height as usize;
    let offset = w.offset.min(doc.lines.len().saturating_sub(h));
    let buf = frame.buffer_mut();
    if let Some(range) = doc.items.get(w.cursor) {
        for line in range.clone().filter(|l| (offset..offset + h).contains(l)) {
            let mark = if line == range.start {
                theme::SELECTED
            } else {
                theme::SELECTED_REST
            };
            let y = rest.y + (line - offset) as u16;
            buf.set_span(rest.x, y, &Span::styled(mark, theme.selected_mark()), 1);
        }
    }
    let n = doc.lines.len();
    let shown: Vec<Line> = lines(doc.lines).into_iter().skip(offset).take(h).collect();
    frame.render_widget(Paragraph::new(shown), text);
    super::scrollbar(frame, rest, n, h, offset, theme);
}

// ---- Geometry for `update` ----

/// How far the screen can scroll at the app's current size.
pub fn max_offset(app: &App, content: &Content, w: &Walk, now: Now) -> usize {
    let Some(walk) = content.walkthroughs.get(w.index) else {
        return 0;
    };
    let body = app.areas().body;
    let progress = progress(app, walk);
    let theme = Theme { color: false };
    match w.mode {
        WalkMode::Focus => {
            let lay = focus_geometry(body, w, walk);
            let FocusText { card, side, .. } =
                focus_lines(w, walk, &progress, content, &lay, now, theme);
            let over =
                |n: usize, r: Option<Rect>| n.saturating_sub(r.map_or(0, |r| r.height as usize));
            over(card.len(), Some(lay.text)).max(over(side.len(), lay.side))
        }
        WalkMode::List => {
            let (doc, height) = list_page(app, content, w);
            doc.lines.len().saturating_sub(height)
        }
    }
}

/// List mode at the app's size: the document and the page height.
pub fn list_page(app: &App, content: &Content, w: &Walk) -> (ListDoc, usize) {
    let Some(walk) = content.walkthroughs.get(w.index) else {
        return (
            ListDoc {
                lines: Lines::new(),
                items: Vec::new(),
            },
            0,
        );
    };
    let (_, rest, roomy) = list_areas(app.areas().body);
    let text = layout::guide_text(rest);
    let done = progress(app, walk).done_steps(walk);
    let theme = Theme { color: false };
    let doc = list_doc(
        walk,
        &done,
        w.cursor,
        content,
        text.width as usize,
        roomy,
        theme,
    );
    (doc, rest.height as usize)
}
