//! The first-run question, "when did the spasm begin?": one row per choice, a digit picks it,
//! `↑` `↓` move the highlight and `Enter` picks that; the last row types a date instead. On a
//! short screen the rows scroll with the highlight (the box's border says there is more); on
//! a narrow one each row drops what the choice counts as, rather than cutting it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use super::theme::{self, Theme};
use super::today::{box_rows, box_text_width, draw_box, para};
use crate::app::App;
use crate::doc::Role;
use crate::onset::{CHOICES, TYPE_A_DATE};

const TITLE: &str = "When did the spasm begin?";
const TYPE: &str = "type a date and time";

pub fn render(frame: &mut Frame, app: &App, theme: Theme) {
    let width = box_text_width(app);
    let room = usize::from(box_rows(app)).max(1);
    // The last row has no meaning: its label may run into that column.
    let label_w = CHOICES.iter().map(|c| c.label().width()).max().unwrap_or(0);
    let meaning_w = CHOICES
        .iter()
        .map(|c| c.meaning().width())
        .max()
        .unwrap_or(0);
    // Gutter, key, label, meaning: the meaning only where the whole row fits.
    let table_w = 2 + 2 + label_w + 2 + meaning_w;
    let wide = table_w <= width;
    let selected = app.today.onset_selected;
    let mut lines: Vec<Line<'static>> = (0..=TYPE_A_DATE)
        .map(|i| {
            let here = i == selected;
            let label = CHOICES.get(i).map_or(TYPE, |c| c.label());
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
                spans.push(Span::styled(format!("  {}", c.meaning()), theme.dim()));
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
    // Scrolled so the highlight shows.
    let total = lines.len();
    let offset = (selected + 1)
        .saturating_sub(room)
        .min(total.saturating_sub(room));
    let shown: Vec<Line<'static>> = lines.into_iter().skip(offset).take(room).collect();
    let fit = if wide {
        table_w
    } else {
        2 + 2 + label_w.max(TYPE.width())
    };
    let text = draw_box(frame, app, TITLE, shown, Some(fit), theme);
    more_marks(frame, text, offset > 0, offset + room < total, theme);
}

/// `↑` / `↓` on the box's border where rows are scrolled off above / below.
fn more_marks(frame: &mut Frame, text: Rect, above: bool, below: bool, theme: Theme) {
    let x = text.right().saturating_sub(1);
    let buf = frame.buffer_mut();
    for (show, y, mark) in [
        (above, text.y.checked_sub(1), "↑"),
        (below, Some(text.bottom()), "↓"),
    ] {
        if let (true, Some(y)) = (show, y)
            && buf.area.contains(ratatui::layout::Position::new(x, y))
        {
            buf.set_span(x, y, &Span::styled(mark, theme.key()), 1);
        }
    }
}
