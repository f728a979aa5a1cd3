//! The tab bar: numbered pane labels, the selected one highlighted; scroll markers when narrow.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

use super::theme::Theme;
use crate::app::App;
use crate::content::{Content, TabKind};
use crate::layout;

pub fn render(frame: &mut Frame, area: Rect, app: &App, content: &Content, theme: Theme) {
    let bar = layout::tab_bar(content, app.guide.tab, area.width);
    let buf = frame.buffer_mut();
    if bar.more_left {
        buf.set_span(area.x, area.y, &Span::styled("‹", theme.dim()), 1);
    }
    if bar.more_right {
        let x = area.right().saturating_sub(1);
        buf.set_span(x, area.y, &Span::styled("›", theme.dim()), 1);
    }
    for slot in &bar.slots {
        let mut style = if slot.tab == app.guide.tab {
            theme.selected_tab()
        } else {
            ratatui::style::Style::new()
        };
        if content.tabs[slot.tab].kind == TabKind::Warnings {
            style = style.patch(theme.warning());
        }
        let x = area.x + slot.x;
        let width = area.right().saturating_sub(x);
        buf.set_span(x, area.y, &Span::styled(slot.label.as_str(), style), width);
    }
}
