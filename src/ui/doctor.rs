//! The "call a doctor if" checklist: each condition with its number key and tick, the one that
//! ticks itself from the onset marked so, and the banner while any is ticked. When the full
//! sentences do not fit the screen, the short forms are used.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::Line;

use super::theme::{self, Theme};
use super::today::{box_text_width, draw_box_showing, para};
use crate::app::App;
use crate::clock::Now;
use crate::content::Content;
use crate::doc::{FROM_ONSET, Role, TICKED, UNTICKED};
use crate::plan::{self, Tick};
use crate::today_pane;

pub fn render(frame: &mut Frame, app: &App, content: &Content, theme: Theme, now: Now) {
    let width = box_text_width(app);
    let room = super::today::box_rows(app) as usize;
    let step = content
        .tabs
        .iter()
        .flat_map(|t| &t.steps)
        .find(|s| s.doctor);
    let title = step.map_or("Call a doctor if", |s| s.title.as_str());
    let (mut lines, mut keep) = build(
        app,
        content,
        theme,
        now,
        width,
        false,
        step.map(|s| s.body.as_str()),
    );
    if lines.len() > room {
        (lines, keep) = build(app, content, theme, now, width, true, None);
    }
    // On a short screen the selected condition shows whole (the box scrolls with it).
    draw_box_showing(frame, app, title, lines, None, theme, keep);
}

fn build(
    app: &App,
    content: &Content,
    theme: Theme,
    now: Now,
    width: usize,
    short: bool,
    intro: Option<&str>,
) -> (Vec<Line<'static>>, usize) {
    let mut lines = Vec::new();
    // The selected condition's last line.
    let mut keep = 0;
    if let Some(intro) = intro {
        lines.extend(para(&[], &[(intro.to_string(), Style::new())], width));
    }
    for (i, (c, tick)) in plan::ticks(content, &app.state, now.wall)
        .into_iter()
        .enumerate()
    {
        let selected = i == app.today.doctor_selected;
        let gutter = if selected {
            format!("{} ", theme::SELECTED)
        } else {
            "  ".to_string()
        };
        let (mark, mark_style) = match tick {
            Tick::No => (UNTICKED, theme.key()),
            _ => (TICKED, theme.role(Role::WarningMark)),
        };
        let mut text = vec![(
            if short { c.short() } else { c.text.as_str() }.to_string(),
            if selected {
                theme.role(Role::StepTitle)
            } else {
                Style::new()
            },
        )];
        if tick == Tick::FromOnset {
            text.push((FROM_ONSET.to_string(), theme.dim()));
        }
        lines.extend(para(
            &[
                (gutter, theme.selected_mark()),
                (format!("{} ", i + 1), theme.key()),
                (mark.to_string(), mark_style),
            ],
            &text,
            width,
        ));
        if selected {
            keep = lines.len() - 1;
        }
    }
    let banner = today_pane::banner(content, &app.state, now.wall);
    if let Some(b) = banner {
        lines.push(Line::default());
        lines.extend(para(&[], &[(b, theme.banner())], width));
    }
    (lines, keep)
}
