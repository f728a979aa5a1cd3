//! Shared drawing pieces: the call-a-doctor banner (on every screen), and the centred box the
//! Today prompts, the onset question and the checklist are drawn in (over the guide, above the
//! footer), with the wrapped text that goes in it.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::layout;
use crate::ui::theme::Theme;
use backspasm_core::today::pane;
use backspasm_core::wrap;

/// The call-a-doctor banner: one row filled edge to edge so it reads as a bar, shortened to
/// fit (`pane::banner_row`), never left out.
pub fn banner(frame: &mut Frame, area: Rect, text: &str, theme: Theme) {
    let row = pane::banner_row(text, (area.width as usize).saturating_sub(1));
    let pad = (area.width as usize).saturating_sub(1 + row.width());
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(" {row}{}", " ".repeat(pad)),
            theme.banner(),
        )),
        area,
    );
}

/// Widest a box gets; narrower screens get the whole width.
const BOX_WIDTH: u16 = 62;

/// The text width inside a box on this screen (border and a space each side).
pub fn box_text_width(app: &App) -> usize {
    app.size.width.min(BOX_WIDTH).saturating_sub(4) as usize
}

/// How many lines of text a box can show: it may cover the tab bar and the body, not the
/// banner over them or the rows under them (disclaimer, notice, footer).
pub fn box_rows(app: &App) -> u16 {
    let a = app.areas();
    a.body.bottom().saturating_sub(a.tabs.y + 2)
}

/// Wrap styled text to `width`: the first span is a prefix (a key, a mark) that later lines
/// hang under.
pub fn para(
    prefix: &[(String, Style)],
    text: &[(String, Style)],
    width: usize,
) -> Vec<Line<'static>> {
    let spans = |v: &[(String, Style)]| -> Vec<wrap::Span<Style>> {
        v.iter()
            .map(|(t, s)| wrap::Span::new(t.clone(), *s))
            .collect()
    };
    wrap::wrap(&spans(prefix), &spans(text), Style::new(), width)
        .into_iter()
        .map(|l| {
            Line::from(
                l.into_iter()
                    .map(|s| Span::styled(s.text, s.role))
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

/// Draw `lines` in a titled box centred over the screen, above the notice and the footer;
/// `fit` narrows it to text of that width. Returns the inner text area (for a cursor). Lines
/// that do not fit are cut, and a `↓` on the border says so.
pub fn draw_box(
    frame: &mut Frame,
    app: &App,
    title: &str,
    lines: Vec<Line<'static>>,
    fit: Option<usize>,
    theme: Theme,
) -> Rect {
    let boxed = Boxed {
        title,
        lines,
        fit,
        keep: 0,
    };
    boxed.render(frame, app, theme).0
}

/// A titled box of lines centred over the screen (`draw_box`), scrolled so that line `keep`
/// (a text field, the highlighted choice) shows on a short screen; `↑` / `↓` on the border
/// where lines are off above / below.
pub struct Boxed<'a> {
    pub title: &'a str,
    pub lines: Vec<Line<'static>>,
    /// Narrows the box to text of this width.
    pub fit: Option<usize>,
    pub keep: usize,
}

impl Boxed<'_> {
    /// Returns the inner text area (for a cursor) and how many lines are scrolled off the top.
    pub fn render(self, frame: &mut Frame, app: &App, theme: Theme) -> (Rect, usize) {
        let Boxed {
            title,
            lines,
            fit,
            keep,
        } = self;
        let room = Rect {
            y: app.areas().tabs.y,
            height: box_rows(app) + 2,
            ..app.size
        };
        let wanted = fit.map_or(BOX_WIDTH, |w| (w.max(title.width() + 2) + 4) as u16);
        let width = room.width.min(BOX_WIDTH).min(wanted);
        let height = (lines.len() as u16 + 2).min(room.height);
        let area = layout::centred_in(room, width, height);
        let rows = usize::from(height.saturating_sub(2));
        let total = lines.len();
        let offset = (keep + 1)
            .saturating_sub(rows)
            .min(total.saturating_sub(rows));
        let lines: Vec<Line<'static>> = lines.into_iter().skip(offset).collect();
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border())
            .title(Line::styled(
                format!(" {title} "),
                theme.role(backspasm_core::doc::Role::StepTitle),
            ));
        let inner = block.inner(area);
        let text = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
        frame.render_widget(Clear, area);
        frame.render_widget(block, area);
        frame.render_widget(Paragraph::new(lines), text);
        more_marks(frame, text, offset > 0, offset + rows < total, theme);
        (text, offset)
    }
}

/// `↑` / `↓` on a box's border where lines are scrolled off above / below.
fn more_marks(frame: &mut Frame, text: Rect, above: bool, below: bool, theme: Theme) {
    let x = text.right().saturating_sub(1);
    let buf = frame.buffer_mut();
    for (show, y, mark) in [
        (above, text.y.checked_sub(1), "↑"),
        (below, Some(text.bottom()), "↓"),
    ] {
        if let (true, Some(y)) = (show, y)
            && buf.area.contains(Position::new(x, y))
        {
            buf.set_span(x, y, &Span::styled(mark, theme.key()), 1);
        }
    }
}
