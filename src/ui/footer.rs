//! The footer: the keys of the current screen, from the key table. When it is narrow, pinned
//! hints (help, quit) stay and the others are dropped from the end of the table. At the right
//! edge: a status (running timers; the first of `status`, most detailed first, that fits beside
//! the pinned hints) and whether progress is being saved.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::App;
use crate::keymap;

const SEP: usize = 2;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    theme: Theme,
    status: &[Vec<Span<'static>>],
) {
    let hints = keymap::footer(app.ctx(), app.ringing());
    let width = |(keys, word, _): &(String, &str, bool)| keys.width() + 1 + word.width() + SEP;
    // While nothing is being saved, say so at the right edge, always.
    let unsaved = app.not_saving.as_ref().map(|_| NOT_SAVING);
    let pinned: usize = hints.iter().filter(|h| h.2).map(width).sum();
    let free = (area.width as usize + SEP)
        .saturating_sub(unsaved.map_or(0, |u| u.width() + SEP))
        .saturating_sub(pinned);
    let spans_width = |s: &[Span]| s.iter().map(|s| s.content.width()).sum::<usize>();
    let status = status
        .iter()
        .find(|s| !s.is_empty() && spans_width(s) + SEP <= free)
        .cloned()
        .unwrap_or_default();
    let reserved = unsaved.map_or(0, |u| u.width() + SEP)
        + match spans_width(&status) {
            0 => 0,
            w => w + SEP,
        };
    let mut budget = (area.width as usize + SEP)
        .saturating_sub(reserved)
        .saturating_sub(pinned);
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
    let mut right = status;
    if let Some(text) = unsaved {
        if !right.is_empty() {
            right.push(Span::raw(" "));
        }
        right.push(Span::styled(text, theme.warning()));
    }
    if !right.is_empty() {
        frame.render_widget(Paragraph::new(Line::from(right).right_aligned()), area);
    }
}

const NOT_SAVING: &str = "⚠ not saving";
