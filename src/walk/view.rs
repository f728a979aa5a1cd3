//! The walkthrough screen: focus mode (one step, large and centred, its warnings beside it or
//! below), list mode (every step with a checkbox) and the finish screen. Rendering only: where
//! things go is `walk::layout`'s (shared with `App::update`), the words the core's
//! `walkthrough::text`; this gives each piece its style.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, LineGauge, Paragraph};

use super::layout::{self as walk_layout, Focus, focus_geometry, list_areas};
use crate::app::App;
use crate::clock::Now;
use crate::content::{Content, WalkMode, Walkthrough};
use crate::layout::{self, Areas};
use crate::ui::theme::{self, Theme};
use crate::widgets::big::{self, Big};
use backspasm_core::doc::Role;
use backspasm_core::state::WalkProgress;
use backspasm_core::timer::duration;
use backspasm_core::walkthrough::Walk;
use backspasm_core::walkthrough::text::{self, FocusParts, Mark, centred, list_doc, when};
use backspasm_core::wrap::{Span as WSpan, wrap};
use unicode_width::UnicodeWidthStr;

pub fn render(frame: &mut Frame, areas: Areas, app: &App, w: &Walk, content: &Content, now: Now) {
    let theme = Theme { color: app.color };
    let Some(walk) = content.walkthroughs.get(w.index) else {
        return;
    };
    let progress = progress(app, walk);
    let done = progress.done_steps(walk);
    let title = format!(" {} ", walk.title);
    frame.render_widget(
        Line::from(Span::styled(title.clone(), theme.selected_tab())),
        areas.tabs,
    );
    if let Some(last) = last_done(app, walk, &progress, now, areas.tabs.width, &title) {
        frame.render_widget(Line::styled(last, theme.dim()).right_aligned(), areas.tabs);
    }
    let screen = WalkScreen {
        w,
        walk,
        progress: &progress,
        done: &done,
        content,
        now,
        theme,
    };
    match w.mode {
        WalkMode::Focus => screen.focus(frame, areas.body),
        WalkMode::List => screen.list(frame, areas.body),
    }
}

/// What the walkthrough's two modes draw from.
struct WalkScreen<'a> {
    w: &'a Walk,
    walk: &'a Walkthrough,
    progress: &'a WalkProgress,
    /// Which steps are ticked, from `progress`.
    done: &'a [bool],
    content: &'a Content,
    now: Now,
    theme: Theme,
}

/// For a walkthrough done every time, started again: when it was last finished, beside its
/// title (as fits), so starting over never hides that it was done.
fn last_done(
    app: &App,
    walk: &Walkthrough,
    progress: &WalkProgress,
    now: Now,
    width: u16,
    title: &str,
) -> Option<String> {
    if walk.restart_after_mins.is_none() || progress.finished.is_some() {
        return None;
    }
    let at = *app.state.finished.get(&walk.id)?.last()?;
    let when = backspasm_core::when::relative(at, now.wall);
    let room = (width as usize).saturating_sub(title.width() + 1);
    [
        format!("last done {when} "),
        format!("{} {when} ", theme::DONE),
    ]
    .into_iter()
    .find(|t| t.width() <= room)
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

impl WalkScreen<'_> {
    fn focus_lines(&self, lay: &Focus) -> FocusText {
        let WalkScreen {
            w,
            walk,
            progress,
            content,
            now,
            theme,
            ..
        } = *self;
        let FocusParts { title, rest, side } =
            walk_layout::parts(lay, w, walk, progress, content, now);
        let [title, rest, side] = [title, rest, side].map(|l| styled(l, theme));
        let Some(step) = walk.steps.get(w.cursor) else {
            return FocusText {
                card: rest,
                side,
                big: None,
                big_at: 0,
            };
        };
        // The title is big only if everything under it still fits.
        let side_fits = lay.side.is_none_or(|r| side.len() <= r.height as usize);
        let width = lay.text.width as usize;
        // The walkthrough's intro leads its first step, when it fits with the step unscrolled.
        let mut head = Vec::new();
        if w.cursor == 0
            && let Some(intro) = &walk.intro
        {
            head = styled(
                centred(wrap(
                    &[],
                    &[WSpan::new(intro.clone(), Mark::Role(Role::Intro))],
                    Mark::Plain,
                    width,
                )),
                theme,
            );
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
}

/// The style of each piece of the walkthrough's text.
fn style(mark: Mark, theme: Theme) -> Style {
    match mark {
        Mark::Plain => Style::new(),
        Mark::Bold => Style::new().add_modifier(Modifier::BOLD),
        Mark::Done => theme.done(),
        Mark::Role(role) => theme.role(role),
    }
}

fn spans(spans: Vec<WSpan<Mark>>, theme: Theme) -> Line<'static> {
    Line::from(
        spans
            .into_iter()
            .map(|s| Span::styled(s.text, style(s.role, theme)))
            .collect::<Vec<_>>(),
    )
}

fn styled(lines: Vec<text::Line>, theme: Theme) -> Vec<Line<'static>> {
    lines
        .into_iter()
        .map(|l| {
            let line = spans(l.spans, theme);
            if l.centred { line.centered() } else { line }
        })
        .collect()
}

impl WalkScreen<'_> {
    fn focus(&self, frame: &mut Frame, body: Rect) {
        let WalkScreen {
            w,
            walk,
            done,
            now,
            theme,
            ..
        } = *self;
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
        bar(frame, lay.bar, label, ratio(done), theme);
        let FocusText {
            card,
            side,
            big,
            big_at,
        } = self.focus_lines(&lay);
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
        // No bar: the wait has no length, only the time since it began.
        if let (Some(rect), Some(secs)) = (lay.wait, w.waited(now)) {
            let label = Line::styled(
                format!("Waiting {}", duration::clock(secs)),
                Style::new().add_modifier(Modifier::BOLD),
            );
            frame.render_widget(label.centered(), rect);
        }
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
    crate::ui::scrollbar(
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

// ---- List mode ----

impl WalkScreen<'_> {
    fn list(&self, frame: &mut Frame, body: Rect) {
        let WalkScreen {
            w,
            walk,
            progress,
            done,
            content,
            now,
            theme,
        } = *self;
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
        let doc = list_doc(walk, done, w.cursor, content, text.width as usize, roomy);
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
        let shown: Vec<Line> = (doc.lines.into_iter().skip(offset).take(h))
            .map(|l| spans(l, theme))
            .collect();
        frame.render_widget(Paragraph::new(shown), text);
        crate::ui::scrollbar(frame, rest, n, h, offset, theme);
    }
}
