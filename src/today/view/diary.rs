//! The pain diary: a bar chart of the worst score of each day, the entries newest first, and
//! where the summary for the doctor is written. A frame reads only the entries it shows (the
//! diary is in time order): years of entries cost a key no more than a week's.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph};

use crate::app::App;
use crate::clock::Now;
use crate::layout::{self, Areas, DiaryParts, HintLook};
use crate::ui::theme::{SELECTED, SELECTED_REST, Theme};
use crate::widgets::boxed::para;
use backspasm_core::today::diary::{self, MAX_SCORE};
use backspasm_core::when;

const BAR_WIDTH: u16 = 3;
const BAR_GAP: u16 = 1;

/// The summary line(s) at the bottom, as laid out by `layout::diary_hint`.
fn hint_lines(app: &App, area: Rect, theme: Theme) -> Vec<Line<'static>> {
    let (width, rows) = (usize::from(area.width), usize::from(area.height));
    layout::diary_hint(app.today.summary_path.as_deref(), width, rows)
        .into_iter()
        .map(|l| {
            Line::from(
                l.into_iter()
                    .map(|s| {
                        let style = match s.role {
                            HintLook::Key => theme.key(),
                            HintLook::Dim => theme.dim(),
                            HintLook::Plain => Style::new(),
                        };
                        Span::styled(s.text, style)
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

fn parts(app: &App) -> DiaryParts {
    layout::diary(
        app.areas().body,
        app.today.summary_path.as_deref(),
        app.state.diary.len(),
    )
}

pub fn render(frame: &mut Frame, areas: &Areas, app: &App, theme: Theme, now: Now) {
    let n = app.state.diary.len();
    let title = format!(" Pain diary · {n} entr{}", if n == 1 { "y" } else { "ies" });
    frame.render_widget(
        Paragraph::new(Line::styled(
            title,
            theme.role(backspasm_core::doc::Role::Heading),
        )),
        areas.tabs,
    );
    let p = parts(app);
    chart(frame, p.chart, app, theme, now);
    list(frame, p.list, app, theme, now);
    frame.render_widget(Paragraph::new(hint_lines(app, p.hint, theme)), p.hint);
}

/// One bar per calendar day (the most recent days that fit, up to today while the diary is
/// that recent): the day's highest score, its number on the bar, the day of the month below.
/// A day without entries is an empty slot, so the bars keep time.
fn chart(frame: &mut Frame, area: Rect, app: &App, theme: Theme, now: Now) {
    if area.height == 0 {
        return;
    }
    let entries = &app.state.diary;
    let offset = *now.wall.offset();
    let date = |e: &diary::PainEntry| e.at.with_timezone(&offset).date_naive();
    let (Some(first), Some(last)) = (entries.first().map(date), entries.last().map(date)) else {
        return;
    };
    let fit = ((area.width + BAR_GAP) / (BAR_WIDTH + BAR_GAP)).max(1) as i64;
    let today = now.wall.date_naive();
    let end = if (today - last).num_days() < fit && today > last {
        today
    } else {
        last
    };
    let span = (end - first).num_days() + 1;
    let shown = span.min(fit);
    let start = end - chrono::TimeDelta::days(shown - 1);
    // The entries of the days shown: from the first one on or after `start`.
    let from = entries.partition_point(|e| date(e) < start);
    let days = diary::days(&entries[from..], offset);
    let bars: Vec<Bar> = start
        .iter_days()
        .take_while(|d| *d <= end)
        .map(|date| {
            let label = Line::from(date.format("%d").to_string());
            match days.iter().find(|d| d.date == date) {
                Some(d) => Bar::default()
                    .value(u64::from(d.max))
                    .text_value(d.max.to_string())
                    .label(label)
                    .style(theme.score(d.max))
                    .value_style(
                        theme
                            .score(d.max)
                            .add_modifier(Modifier::REVERSED | Modifier::BOLD),
                    ),
                None => Bar::default()
                    .value(0)
                    .text_value(String::new())
                    .label(label.style(theme.dim())),
            }
        })
        .collect();
    let title = if end < today {
        format!(
            "Worst pain each day, 0–10 ({shown} days to {})",
            end.format("%a %-d %b")
        )
    } else if span > fit {
        format!("Worst pain each day, 0–10 (last {fit} days)")
    } else {
        "Worst pain each day, 0–10".to_string()
    };
    frame.render_widget(
        BarChart::default()
            .block(Block::new().title(Line::styled(title, theme.dim())))
            .data(BarGroup::default().bars(&bars))
            .bar_width(BAR_WIDTH)
            .bar_gap(BAR_GAP)
            .max(u64::from(MAX_SCORE)),
        area,
    );
}

/// The entries, newest first, one row each (when, score, the note cut with "…"); the selected
/// one marked, with its whole note.
fn list(frame: &mut Frame, area: Rect, app: &App, theme: Theme, now: Now) {
    if app.state.diary.is_empty() {
        let lines = para(
            &[],
            &[
                ("No pain logged yet. Press".to_string(), Style::new()),
                ("p".to_string(), theme.key()),
                ("to log it, from 0 to 10.".to_string(), Style::new()),
            ],
            area.width as usize,
        );
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let list = app.diary_list(now);
    let offset = app.pain.offset.min(list.max_offset());
    let room = list.text_width().saturating_sub(list.note_col());
    let mut rows: Vec<Line> = Vec::new();
    // Only the entries that can show: those from the one at the top row.
    let first = list.entry_at(offset);
    for (i, e) in app.state.diary.iter().rev().enumerate().skip(first) {
        if rows.len() >= offset.saturating_sub(list.rows(first).0) + area.height as usize {
            break;
        }
        let stamp = when::relative(e.at, now.wall);
        let selected = i == list.selected;
        let mark = if selected {
            Span::styled(format!("{SELECTED} "), theme.selected_mark())
        } else {
            Span::raw("  ")
        };
        let mut spans = vec![
            mark,
            Span::raw(format!("{stamp:<w$}  ", w = list.stamp)),
            Span::styled(
                format!("{:>2}/10", e.score),
                theme.score(e.score).add_modifier(Modifier::BOLD),
            ),
        ];
        let note = match &e.note {
            Some(_) if selected => list.lines[0].clone(),
            Some(note) => backspasm_core::wrap::cut(note, room),
            None => String::new(),
        };
        if !note.is_empty() {
            spans.push(Span::raw(format!("  {note}")));
        }
        rows.push(Line::from(spans));
        if selected {
            for more in &list.lines[1..] {
                rows.push(Line::from(vec![
                    Span::styled(format!("{SELECTED_REST} "), theme.selected_mark()),
                    Span::raw(more.clone()),
                ]));
            }
        }
    }
    // The top row can be inside the selected entry (reading a long note).
    let skip = offset - list.rows(first).0;
    let shown: Vec<Line> = rows.into_iter().skip(skip).collect();
    frame.render_widget(Paragraph::new(shown), area);
}
