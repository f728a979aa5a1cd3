//! Rendering: reads `App` and `Content`, draws a frame, changes nothing. Here the frame is put
//! together (each screen from its feature's view: today/view/, timer/view.rs, walk/view.rs)
//! with the guide's own screens (tabs, guide), the help overlay, the footer and the theme.

pub mod footer;
pub mod guide;
pub mod help;
pub mod tabs;
pub mod theme;

use crate::today::view::{diary, doctor, onset, prompt, summary};
use crate::{timer, walk, widgets};

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Overlay, Screen};
use crate::clock::Now;
use crate::content::Content;
use crate::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use backspasm_core::doc::Role;
use backspasm_core::safe_text;
use theme::Theme;

pub fn render(frame: &mut Frame, app: &App, content: &Content, now: Now) {
    render_counted(frame, app, content, now);
}

/// `render`, returning how many cells the scrub replaced: none unless text that validation
/// should have stopped got this far (tests hold it to 0 where every input was clean).
pub fn render_counted(frame: &mut Frame, app: &App, content: &Content, now: Now) -> usize {
    // The layout comes from the frame, the real terminal: `app.size` is the last resize the
    // app was told about, and a resize can land between an event and this draw. Every screen
    // derives its geometry from `app.size`, so draw an app that has the frame's size.
    // Likewise the call-a-doctor banner is the one for the moment drawn (two weeks may have
    // passed since the last update, or another instance ticked a reason).
    let banner = backspasm_core::today::pane::banner(content, &app.state, now.wall);
    let resized;
    let app = if app.size == frame.area() && app.banner == banner {
        app
    } else {
        resized = App {
            size: frame.area(),
            banner,
            ..app.clone()
        };
        &resized
    };
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
        Screen::Walk(w) => walk::view::render(frame, areas, app, w, content, now),
        Screen::Timer(clock) => {
            timer::view::TimerScreen {
                app,
                content,
                now,
                clock: *clock,
                theme,
            }
            .render(frame, &areas);
            shown = Some(*clock);
        }
        // Boxes over the screen they were opened from, which stays in sight.
        Screen::Onset
        | Screen::OnsetTyped
        | Screen::Pain
        | Screen::PainNote
        | Screen::Ask(_)
        | Screen::Doctor => {
            let under = app.back.last().map(|b| &b.screen);
            if under == Some(&Screen::Diary) {
                diary::render(frame, &areas, app, theme, now);
            } else {
                tabs::render(frame, areas.tabs, app, content, theme);
                guide::render(frame, areas.body, app, content, theme, now);
            }
            // The first-run question asked again from the checklist (`o`): over it.
            if under == Some(&Screen::Doctor) && app.screen != Screen::Doctor {
                doctor::render(frame, app, content, theme, now);
            }
            match app.screen {
                Screen::Doctor => doctor::render(frame, app, content, theme, now),
                Screen::Ask(i) => doctor::ask(frame, app, content, i, theme, now),
                Screen::Onset => onset::render(frame, app, theme, now),
                _ => prompt::render(frame, app, theme, now),
            }
        }
        Screen::Diary => diary::render(frame, &areas, app, theme, now),
        Screen::Summary => summary::render(frame, &areas, app, theme),
    }
    if let (Some(rect), Some(text)) = (areas.notice, &app.notice) {
        let lines: Vec<Line> = layout::notice_lines(text, area, app.screen.is_timer())
            .into_iter()
            .map(|l| Line::styled(l, theme.warning()))
            .collect();
        frame.render_widget(Paragraph::new(lines), rect);
    }
    if let Some(rect) = areas.disclaimer {
        frame.render_widget(Clear, rect);
        frame.render_widget(
            Paragraph::new(Line::styled(
                disclaimer_row(content, rect.width),
                theme.role(Role::Disclaimer),
            )),
            rect,
        );
    }
    // Running timers show in the footer of every other screen.
    let status = timer::view::status(app, content, now, shown, theme);
    let here = app.here(content, now);
    let footer = footer::Footer {
        app,
        content,
        here: &here,
        now,
        theme,
        status: &status,
    };
    footer.render(frame, areas.footer);
    if let Some(Overlay::Help { offset }) = app.overlay {
        help::render(frame, app, &here, offset, theme);
    }
    // Last, so nothing a screen draws can cover it.
    if let (Some(rect), Some(text)) = (areas.banner, &app.banner) {
        widgets::boxed::banner(frame, rect, text, theme);
    }
}

/// The disclaimer in one row: whole if it fits, else its short form, cut with "…" if need be.
fn disclaimer_row(content: &Content, width: u16) -> String {
    let width = width as usize;
    let text = [Some(&content.disclaimer), content.disclaimer_short.as_ref()]
        .into_iter()
        .flatten()
        .find(|t| t.width() <= width)
        .or(content.disclaimer_short.as_ref())
        .unwrap_or(&content.disclaimer);
    backspasm_core::wrap::cut(text, width)
}

/// A dim scrollbar in the right column of `area` for `len` lines shown `height` at a time from
/// `offset`; nothing when they all fit or the column is off the frame.
pub fn scrollbar(
    frame: &mut Frame,
    area: Rect,
    len: usize,
    height: usize,
    offset: usize,
    theme: Theme,
) {
    if len <= height || area.right() > frame.area().right() {
        return;
    }
    let mut state = ScrollbarState::new(len - height)
        .position(offset)
        .viewport_content_length(height);
    frame.render_stateful_widget(
        Scrollbar::new(ScrollbarOrientation::VerticalRight)
            .begin_symbol(None)
            .end_symbol(None)
            .track_symbol(Some("│"))
            .thumb_symbol("█")
            .style(theme.dim()),
        area,
        &mut state,
    );
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
