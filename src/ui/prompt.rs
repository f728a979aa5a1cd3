//! The small boxes of the Today feature: when did it begin (typed; the choices are
//! `ui::onset`), the pain score and its optional note.

use chrono::TimeDelta;
use ratatui::Frame;
use ratatui::layout::Position;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use super::today::{box_text_width, draw_box_showing, para};
use crate::app::{App, Screen};
use crate::clock::Now;
use crate::doc::{Role, WARNING_MARK};
use crate::when;

const FIELD_MARK: &str = "> ";

pub fn render(frame: &mut Frame, app: &App, theme: Theme, now: Now) {
    let width = box_text_width(app);
    let key = |k: &str| (k.to_string(), theme.key());
    let text = |t: &str| (t.to_string(), Style::new());
    let dim = |t: &str| (t.to_string(), theme.dim());
    let mut lines: Vec<Line<'static>> = Vec::new();
    let title;
    // The row of the text field, when there is one.
    let mut field_row = None;
    match app.screen {
        Screen::OnsetTyped => {
            title = "When did the spasm begin?";
            let example = (now.wall - TimeDelta::days(1)).format("%Y-%m-%d 08:00");
            lines.extend(para(
                &[],
                &[dim(&format!(
                    "For example {example}, yesterday 18:00, 08:00 or 36h ago."
                ))],
                width,
            ));
            field_row = Some(lines.len());
            lines.push(field_line(&app.today.field, width, theme));
            if let Some(e) = &app.today.error {
                lines.extend(para(
                    &[(WARNING_MARK.to_string(), theme.role(Role::WarningMark))],
                    &[(e.clone(), theme.warning())],
                    width,
                ));
            }
            lines.extend(para(
                &[],
                &[
                    key("Enter"),
                    text("sets it,"),
                    key("Esc"),
                    text("goes back."),
                ],
                width,
            ));
        }
        Screen::Pain => {
            title = "Pain now";
            lines.extend(para(
                &[],
                &[text("How bad is it now, from 0 (none) to 10 (the worst)?")],
                width,
            ));
            lines.push(Line::default());
            let mut scale = Vec::new();
            for n in 0..=10u8 {
                let label = if n == 10 {
                    "t=10".to_string()
                } else {
                    n.to_string()
                };
                scale.push((label, theme.key().patch(theme.score(n))));
            }
            lines.extend(para(&[], &scale, width));
            lines.push(Line::default());
            lines.extend(para(
                &[],
                &[
                    text("Press a digit, or"),
                    key("t"),
                    text("for 10. It is saved at once; a note is optional."),
                ],
                width,
            ));
        }
        Screen::PainNote => {
            title = "Note";
            if let Some(entry) = app
                .today
                .note_for
                .and_then(|at| app.state.diary.iter().find(|e| e.at == at))
            {
                lines.extend(para(
                    &[("✓ ".to_string(), theme.key())],
                    &[text(&format!(
                        "Pain {}/10 logged, {}.",
                        entry.score,
                        when::relative(entry.at, now.wall)
                    ))],
                    width,
                ));
            }
            lines.extend(para(
                &[],
                &[
                    text("Add a short note if you like, or press"),
                    key("Esc"),
                    text("to skip."),
                ],
                width,
            ));
            field_row = Some(lines.len());
            lines.push(field_line(&app.today.field, width, theme));
            lines.extend(para(&[], &[key("Enter"), text("saves the note.")], width));
        }
        _ => return,
    }
    // On a short screen the field stays in the box: the lines above it give way.
    let (area, offset) = draw_box_showing(
        frame,
        app,
        title,
        lines,
        None,
        theme,
        field_row.unwrap_or(0),
    );
    if let Some(row) = field_row.map(|r| r - offset) {
        let shown = field_tail(&app.today.field, width);
        let x = area.x + (FIELD_MARK.width() + shown.width()) as u16;
        let y = area.y + row as u16;
        if y < area.bottom() && x < area.right() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

/// The end of `text` that fits in a field `width` wide (with the mark and the cursor).
fn field_tail(text: &str, width: usize) -> &str {
    let room = width.saturating_sub(FIELD_MARK.width() + 1);
    let mut start = text.len();
    let mut used = 0;
    for (i, c) in text.char_indices().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        start = i;
    }
    &text[start..]
}

fn field_line(text: &str, width: usize, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(FIELD_MARK, theme.key()),
        Span::styled(
            field_tail(text, width).to_string(),
            Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED),
        ),
    ])
}
