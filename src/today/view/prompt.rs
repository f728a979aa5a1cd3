//! The small boxes of the Today feature: when did it begin (typed; the choices are
//! `view::onset`), the pain score and its optional note.

use chrono::TimeDelta;
use ratatui::Frame;
use ratatui::layout::Position;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Screen};
use crate::clock::Now;
use crate::ui::theme::Theme;
use crate::widgets::boxed::{Boxed, box_rows, box_text_width, para};
use backspasm_core::doc::{Role, WARNING_MARK};
use backspasm_core::today::diary;
use backspasm_core::when;

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
    // No field: the last lines (the scale, what the keys do) are the ones kept in sight.
    let mut keep_last = false;
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
            let editing = app.pain.editing.as_ref().map(|(before, _)| before);
            title = if editing.is_some() {
                "Change the score"
            } else {
                "Pain now"
            };
            let mut head = Vec::new();
            if let Some(before) = editing {
                head = para(
                    &[],
                    &[text(&format!(
                        "Pain {}/10, {}.",
                        before.score,
                        when::relative(before.at, now.wall)
                    ))],
                    width,
                );
            }
            let (ask, short_ask) = if editing.is_some() {
                (
                    "What should it be, from 0 (none) to 10 (the worst)?",
                    "What should it be?",
                )
            } else {
                (
                    "How bad is it now, from 0 (none) to 10 (the worst)?",
                    "How bad is it now?",
                )
            };
            let ask = para(&[], &[text(ask)], width);
            let short_ask = para(&[], &[text(short_ask)], width);
            let mut scale = Vec::new();
            for n in 0..=10u8 {
                scale.push((n.to_string(), theme.key().patch(theme.score(n))));
            }
            let scale = para(&[], &scale, width);
            let hint = if app.pain.ten_until.is_some() {
                // Waiting to see whether a 0 follows: say so.
                para(
                    &[],
                    &[
                        ("1…".to_string(), theme.key().patch(theme.score(1))),
                        text("press"),
                        key("0"),
                        text("for 10;"),
                        key("Enter"),
                        text("or a moment's pause logs 1."),
                    ],
                    width,
                )
            } else if editing.is_some() {
                para(
                    &[],
                    &[
                        text("Press the new score (1 then 0 for 10), or"),
                        key("Enter"),
                        text("to keep it. Then the note."),
                    ],
                    width,
                )
            } else {
                para(
                    &[],
                    &[
                        text("For 10:"),
                        key("1"),
                        text("then"),
                        key("0."),
                        text("Saved at once; a note is optional."),
                    ],
                    width,
                )
            };
            // On a short screen the scale and what the keys do come first: the blank lines go,
            // then the question is said shorter, then it scrolls off the top (an ↑ says so).
            let blank = || vec![Line::default()];
            let rows = usize::from(box_rows(app));
            let fits = |parts: &[&Vec<Line<'static>>]| {
                parts.iter().map(|p| p.len()).sum::<usize>() <= rows
            };
            let (b, no) = (blank(), Vec::new());
            let parts: [&Vec<Line<'static>>; 6] = if fits(&[&head, &ask, &b, &scale, &b, &hint]) {
                [&head, &ask, &b, &scale, &b, &hint]
            } else if fits(&[&head, &ask, &scale, &hint]) {
                [&head, &ask, &no, &scale, &no, &hint]
            } else {
                [&head, &short_ask, &no, &scale, &no, &hint]
            };
            lines.extend(parts.into_iter().flatten().cloned());
            keep_last = true;
        }
        Screen::PainNote => {
            let editing = app.pain.editing.is_some();
            title = "Note";
            if let Some(entry) = app
                .pain
                .entry
                .and_then(|id| app.state.diary.iter().find(|e| e.id == id))
            {
                let when = when::relative(entry.at, now.wall);
                let said = if editing {
                    format!("Pain {}/10 for {when}.", entry.score)
                } else {
                    format!("Pain {}/10 logged, {when}.", entry.score)
                };
                lines.extend(para(
                    &[("✓ ".to_string(), theme.key())],
                    &[text(&said)],
                    width,
                ));
            }
            let (ask, esc) = if editing {
                (
                    "Change the note if you like, or press",
                    "to leave it as it was.",
                )
            } else {
                ("Add a short note if you like, or press", "to skip.")
            };
            lines.extend(para(&[], &[text(ask), key("Esc"), text(esc)], width));
            field_row = Some(lines.len());
            lines.push(field_line(&app.today.field, width, theme));
            if app.today.field.chars().count() >= diary::MAX_NOTE_CHARS {
                lines.extend(para(
                    &[(WARNING_MARK.to_string(), theme.role(Role::WarningMark))],
                    &[(
                        format!(
                            "That is the most a note holds ({} characters).",
                            diary::MAX_NOTE_CHARS
                        ),
                        theme.warning(),
                    )],
                    width,
                ));
            }
            lines.extend(para(&[], &[key("Enter"), text("saves the note.")], width));
        }
        _ => return,
    }
    // On a short screen the field stays in the box: the lines above it give way.
    let last = if keep_last {
        lines.len().saturating_sub(1)
    } else {
        0
    };
    let boxed = Boxed {
        title,
        lines,
        fit: None,
        keep: field_row.unwrap_or(last),
    };
    let (area, offset) = boxed.render(frame, app, theme);
    if let Some(row) = field_row.map(|r| r - offset) {
        let shown = field_tail(&app.today.field, width);
        let x = area.x + (FIELD_MARK.width() + shown.width()) as u16;
        let y = area.y + row as u16;
        if y < area.bottom() && x < area.right() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}

/// The end of `text` that fits in a field `width` wide (with the mark and the cursor), after
/// a "…" when the start is cut off.
fn field_tail(text: &str, width: usize) -> String {
    backspasm_core::wrap::cut_start(text, width.saturating_sub(FIELD_MARK.width() + 1))
}

fn field_line(text: &str, width: usize, theme: Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(FIELD_MARK, theme.key()),
        Span::styled(
            field_tail(text, width),
            Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED),
        ),
    ])
}
