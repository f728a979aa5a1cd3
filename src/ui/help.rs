//! The `?` overlay: every key of the screen underneath, straight from the key table, wrapped to
//! fit small terminals and scrollable when it is taller than the screen (its box is
//! `layout::help`, which `update` shares for scrolling).

use super::theme::Theme;
use crate::app::App;
use crate::keymap::Here;
use crate::layout;
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(frame: &mut Frame, app: &App, here: &Here, offset: usize, theme: Theme) {
    let help = layout::help(app.help_room(), app.screen_ctx(), here);
    // The arrows say where the rest is: below, both ways, or above (at the end).
    let max = help.max_offset();
    let more = match (offset > 0, offset < max) {
        (false, true) => " ↓ more ",
        (true, true) => " ↑↓ more ",
        (true, false) => " ↑ more ",
        (false, false) => "",
    };
    let area = help.area;
    let lines: Vec<Line> = help
        .lines
        .into_iter()
        .skip(offset)
        .map(|(k, h)| Line::from(vec![Span::styled(k, theme.key()), Span::raw(h)]))
        .collect();
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.border())
        .title(" Keys ")
        .title_bottom(Line::from(more).right_aligned());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
