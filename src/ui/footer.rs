//! The footer: the keys of the current screen, from the key table. When it is narrow, pinned
//! hints (help, quit) stay and the others are dropped from the end of the table.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::App;
use crate::keymap;

const SEP: usize = 2;

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: Theme) {
    let hints = keymap::footer(app.ctx());
    let width = |(keys, word, _): &(String, &str, bool)| keys.width() + 1 + word.width() + SEP;
    // While nothing is being saved, say so at the right edge, always.
    let unsaved = app.not_saving.as_ref().map(|_| NOT_SAVING);
    let reserved = unsaved.map_or(0, |u| u.width() + SEP);
    let mut budget = (area.width as usize + SEP)
        .saturating_sub(reserved)
        .saturating_sub(hints.iter().filter(|h| h.2).map(width).sum());
    let mut spans = Vec::new();
    for hint in &hints {
        if !hint.2 {
            if width(hint) > budget {
                continue;
            }
            budget -= width(hint);
        }
        if !spans.is_empty() {
            spans.push(Span::raw(" ".repeat(SEP)));
        }
        spans.push(Span::styled(hint.0.clone(), theme.key()));
        spans.push(Span::raw(format!(" {}", hint.1)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    if let Some(text) = unsaved {
        frame.render_widget(
            Paragraph::new(Line::styled(text, theme.warning()).right_aligned()),
            area,
        );
    }
}

const NOT_SAVING: &str = "⚠ not saving";
