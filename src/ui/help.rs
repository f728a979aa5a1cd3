//! The `?` overlay: every key of the screen underneath, straight from the key table, wrapped to
//! fit small terminals and scrollable when it is taller than the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::App;
use crate::keymap::{self, Ctx};
use crate::wrap::{self, Span as WSpan};

/// The screen's keys, then the overlay's own keys that the screen does not already list.
fn rows(app: &App) -> Vec<(String, &'static str)> {
    let mut rows = keymap::help_rows(app.screen_ctx());
    for row in keymap::help_rows(Ctx::Help) {
        if !rows.iter().any(|(keys, _)| *keys == row.0) {
            rows.push(row);
        }
    }
    rows
}

/// The box and its lines: (key column or blank, description part) per line.
fn layout(app: &App) -> (Rect, Vec<(String, String)>) {
    let rows = rows(app);
    let key_w = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
    let help_w = rows.iter().map(|(_, h)| h.width()).max().unwrap_or(0);
    let screen = app.size;
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
    let area = Rect {
        x: screen.x + (screen.width - width) / 2,
        y: screen.y + (screen.height - height) / 2,
        width,
        height,
    };
    (area, lines)
}

/// How far the lines can scroll when the screen is too short for all of them.
pub fn max_offset(app: &App) -> usize {
    let (area, lines) = layout(app);
    lines
        .len()
        .saturating_sub(area.height.saturating_sub(2) as usize)
}

pub fn render(frame: &mut Frame, app: &App, offset: usize, theme: Theme) {
    let (area, lines) = layout(app);
    let lines: Vec<Line> = lines
        .into_iter()
        .skip(offset)
        .map(|(k, h)| Line::from(vec![Span::styled(k, theme.key()), Span::raw(h)]))
        .collect();
    let more = if max_offset(app) > 0 {
        " ↑↓ more "
    } else {
        ""
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" Keys ")
        .title_bottom(Line::from(more).right_aligned());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
