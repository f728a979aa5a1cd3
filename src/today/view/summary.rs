//! The summary for the doctor on screen: where it was written (the whole path), then the
//! summary in its plain-text layout, scrolled by the summary screen's keys.

use ratatui::Frame;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::layout::Areas;
use crate::ui::theme::Theme;
use backspasm_core::doc::Role;

pub fn render(frame: &mut Frame, areas: &Areas, app: &App, theme: Theme) {
    frame.render_widget(
        Paragraph::new(Line::styled(
            " Summary for the doctor",
            theme.role(Role::Heading),
        )),
        areas.tabs,
    );
    let lines = app.summary_lines();
    let height = areas.body.height as usize;
    let offset = app
        .pain
        .summary
        .as_ref()
        .map_or(0, |s| s.offset)
        .min(lines.len().saturating_sub(height));
    let shown: Vec<Line> = lines
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, l)| {
            // The first lines say where it went: a warning when it could not be written.
            let failed = app
                .pain
                .summary
                .as_ref()
                .is_some_and(|s| s.written.is_err());
            if i == 0 && failed {
                Line::styled(l.clone(), theme.warning())
            } else {
                Line::raw(l.clone())
            }
        })
        .collect();
    frame.render_widget(
        Paragraph::new(shown),
        crate::today::layout::summary_text(areas.body),
    );
    crate::ui::scrollbar(frame, areas.body, lines.len(), height, offset, theme);
}
