//! The selected pane: its wrapped lines, a gutter marking the selected step, a scrollbar.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::{self, Theme};
use crate::app::App;
use crate::clock::Now;
use crate::content::{Content, Step, TabKind};
use crate::layout;
use backspasm_core::doc::DocSpan;

pub fn render(frame: &mut Frame, area: Rect, app: &App, content: &Content, theme: Theme, now: Now) {
    let text_area = layout::guide_text(area);
    let doc = app.pane_doc(content, app.guide.tab, text_area.width as usize, now);
    let view = app.view();
    let height = area.height as usize;
    let warnings_pane = content.tabs[app.guide.tab].kind == TabKind::Warnings;

    let lines: Vec<Line> = doc
        .lines
        .iter()
        .skip(view.offset)
        .take(height)
        .map(|l| styled(l, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), text_area);

    // The gutter: the Warnings pane's edge, or the selected step's marker.
    let buf = frame.buffer_mut();
    for row in 0..height.min(doc.lines.len().saturating_sub(view.offset)) {
        let line = view.offset + row;
        let y = area.y + row as u16;
        if warnings_pane {
            buf.set_span(
                area.x,
                y,
                &Span::styled(theme::WARNING_EDGE, theme.warning_edge()),
                1,
            );
        } else if let Some(range) = doc.steps.get(view.selected)
            && range.contains(&line)
            && !doc.lines[line].is_empty()
        {
            let mark = if line == range.start {
                theme::SELECTED
            } else {
                theme::SELECTED_REST
            };
            buf.set_span(area.x, y, &Span::styled(mark, theme.selected_mark()), 1);
        }
    }

    if let Some(range) = doc.steps.get(view.selected)
        && let Some(hint) = content.tabs[app.guide.tab]
            .steps
            .get(view.selected)
            .and_then(open_hint)
    {
        // Right-aligned on the step's title line, else on the blank line after the step.
        let hint = Line::from(vec![
            Span::styled("Enter", theme.key()),
            Span::styled(format!(" {hint}"), theme.dim()),
        ]);
        let fits = |line: usize| {
            let used = doc
                .lines
                .get(line)
                .map_or(0, |l| backspasm_core::wrap::plain(l).width());
            line >= view.offset
                && line < view.offset + height
                && used + 1 + hint.width() <= text_area.width as usize
        };
        if let Some(line) = [range.start, range.end].into_iter().find(|&l| fits(l)) {
            let width = hint.width() as u16;
            let x = text_area.right() - width;
            let y = area.y + (line - view.offset) as u16;
            frame.render_widget(hint, Rect::new(x, y, width, 1));
        }
    }

    super::scrollbar(frame, area, doc.lines.len(), height, view.offset, theme);
}

pub fn styled(line: &[DocSpan], theme: Theme) -> Line<'static> {
    Line::from(
        line.iter()
            .map(|s| Span::styled(s.text.clone(), theme.role(s.role)))
            .collect::<Vec<_>>(),
    )
}

/// What Enter does on a step, if it links to something.
fn open_hint(step: &Step) -> Option<&'static str> {
    match (&step.walkthrough, &step.cycle) {
        (Some(_), _) => Some("▸ step by step"),
        (None, Some(_)) => Some("▸ timer"),
        (None, None) => None,
    }
}
