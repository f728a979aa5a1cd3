//! Rendering: reads `App` and `Content`, draws a frame, changes nothing. One file per screen.

pub mod big;
pub mod diary;
pub mod doctor;
pub mod footer;
pub mod guide;
pub mod help;
pub mod prompt;
pub mod tabs;
pub mod theme;
pub mod timer;
pub mod today;
pub mod walkthrough;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::{App, Overlay, Screen};
use crate::clock::Now;
use crate::content::Content;
use crate::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use crate::safe_text;
use theme::Theme;

pub fn render(frame: &mut Frame, app: &App, content: &Content, now: Now) {
    render_counted(frame, app, content, now);
}

/// `render`, returning how many cells the scrub replaced: none unless text that validation
/// should have stopped got this far (tests hold it to 0 where every input was clean).
pub fn render_counted(frame: &mut Frame, app: &App, content: &Content, now: Now) -> usize {
    draw(frame, app, content, now);
    scrub(frame.buffer_mut())
}

/// Defence in depth: whatever text got this far (a path quoted in a message, a note that
/// skipped validation), no cell may hold a character that acts on the terminal. Validation,
/// wrapping and ratatui (which drops control characters) catch nearly all of it before.
fn scrub(buffer: &mut Buffer) -> usize {
    let mut replaced = 0;
    for cell in &mut buffer.content {
        if cell
            .symbol()
            .chars()
            .any(|c| safe_text::problem(c).is_some())
        {
            cell.set_char(safe_text::REPLACEMENT);
            replaced += 1;
        }
    }
    replaced
}

fn draw(frame: &mut Frame, app: &App, content: &Content, now: Now) {
    let area = frame.area();
    let theme = Theme { color: app.color };
    if layout::too_small(area) {
        too_small(frame, area);
        return;
    }
    let areas = app.areas();
    let mut shown = None;
    match &app.screen {
        Screen::Guide => {
            tabs::render(frame, areas.tabs, app, content, theme);
            guide::render(frame, areas.body, app, content, theme, now);
        }
        Screen::Walk(w) => walkthrough::render(frame, areas, app, w, content, now),
        Screen::Timer(clock) => {
            timer::render(frame, &areas, app, content, now, *clock, theme);
            shown = Some(*clock);
        }
        // Boxes over the screen they were opened from, which stays in sight.
        Screen::Onset | Screen::OnsetTyped | Screen::Pain | Screen::PainNote | Screen::Doctor => {
            if app.back.last() == Some(&Screen::Diary) {
                diary::render(frame, &areas, app, theme, now);
            } else {
                tabs::render(frame, areas.tabs, app, content, theme);
                guide::render(frame, areas.body, app, content, theme, now);
            }
            match app.screen {
                Screen::Doctor => doctor::render(frame, app, content, theme, now),
                _ => prompt::render(frame, app, theme, now),
            }
        }
        Screen::Diary => diary::render(frame, &areas, app, theme, now),
    }
    if let (Some(rect), Some(text)) = (areas.notice, &app.notice) {
        frame.render_widget(
            Paragraph::new(Line::styled(text.as_str(), theme.warning())),
            rect,
        );
    }
    // Running timers show in the footer of every other screen.
    let status = timer::status(app, content, now, shown, theme);
    footer::render(frame, areas.footer, app, theme, &status);
    if let Some(Overlay::Help { offset }) = app.overlay {
        help::render(frame, app, offset, theme);
    }
}

fn too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from("Terminal too small"),
        Line::from(format!(
            "need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}",
            area.width, area.height
        )),
        Line::from("q quits"),
    ];
    let top = area.height.saturating_sub(text.len() as u16) / 2;
    let rect = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}
