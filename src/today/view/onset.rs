//! The first-run question, "when did the spasm begin?": one row per choice, a digit picks it,
//! `↑` `↓` move the highlight and `Enter` picks that; the last row types a date instead. On a
//! short screen the rows scroll with the highlight (the box's border says there is more); on
//! a narrow one each row drops what the choice counts as, rather than cutting it.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::clock::Now;
use crate::ui::theme::{self, Theme};
use crate::widgets::boxed::{Boxed, box_text_width, para};
use backspasm_core::doc::Role;
use backspasm_core::today::onset::{CHOICES, TYPE_A_DATE};

const TITLE: &str = "When did the spasm begin?";
const TYPE: &str = "type a date and time";

pub fn render(frame: &mut Frame, app: &App, theme: Theme, now: Now) {
    let now = now.wall;
    let width = box_text_width(app);
    // The last row has no meaning: its label may run into that column.
    let label_w = CHOICES
        .iter()
        .map(|c| c.label(now).width())
        .max()
        .unwrap_or(0);
    let meaning_w = CHOICES
        .iter()
        .map(|c| c.meaning(now).width())
        .max()
        .unwrap_or(0);
    // Gutter, key, label, meaning: the meaning only where the whole row fits.
    let table_w = 2 + 2 + label_w + 2 + meaning_w;
    let wide = table_w <= width;
    let selected = app.today.onset_selected;
    let mut lines: Vec<Line<'static>> = (0..=TYPE_A_DATE)
        .map(|i| {
            let here = i == selected;
            let label = CHOICES.get(i).map_or(TYPE, |c| c.label(now));
            let mut spans = vec![
                Span::styled(
                    if here {
                        format!("{} ", theme::SELECTED)
                    } else {
                        "  ".into()
                    },
                    theme.selected_mark(),
                ),
                Span::styled(format!("{} ", i + 1), theme.key()),
                Span::styled(
                    format!("{label:<label_w$}"),
                    if here {
                        theme.role(Role::StepTitle)
                    } else {
                        Style::new()
                    },
                ),
            ];
            if let (true, Some(c)) = (wide, CHOICES.get(i)) {
                spans.push(Span::styled(format!("  {}", c.meaning(now)), theme.dim()));
            }
            Line::from(spans)
        })
        .collect();
    let esc = if app.state.onset.is_none() {
        "back: not now (ask tomorrow)"
    } else {
        "back: keep the start as it is"
    };
    lines.extend(para(
        &[("  Esc ".to_string(), theme.key())],
        &[(esc.to_string(), Style::new())],
        width,
    ));
    let fit = if wide {
        table_w
    } else {
        2 + 2 + label_w.max(TYPE.width())
    };
    // Scrolled so the highlight shows.
    let boxed = Boxed {
        title: TITLE,
        lines,
        fit: Some(fit),
        keep: selected,
    };
    boxed.render(frame, app, theme);
}
