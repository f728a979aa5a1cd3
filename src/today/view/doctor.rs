//! The "call a doctor if" checklist: each condition with its number key and tick, the one that
//! ticks itself from the onset marked so (the banner above says when any is). When the full
//! sentences do not fit the screen, the short forms are used. Also the question a high pain
//! score asks about a condition.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::Line;

use crate::app::App;
use crate::clock::Now;
use crate::content::Content;
use crate::ui::theme::{self, Theme};
use crate::widgets::boxed::{Boxed, box_text_width, draw_box, para};
use backspasm_core::doc::{FROM_ONSET, Role, TICKED, UNTICKED};
use backspasm_core::today::plan::{self, Tick};
use backspasm_core::when;

pub fn render(frame: &mut Frame, app: &App, content: &Content, theme: Theme, now: Now) {
    let width = box_text_width(app);
    let room = crate::widgets::boxed::box_rows(app) as usize;
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
    let boxed = Boxed {
        title,
        lines,
        fit: None,
        keep,
    };
    boxed.render(frame, app, theme);
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
    (lines, keep)
}

/// After a high pain score: the score is logged; is condition `i` true? `y` ticks it, any
/// other key goes on to the note. It asks; the person decides.
pub fn ask(frame: &mut Frame, app: &App, content: &Content, i: usize, theme: Theme, now: Now) {
    let Some(c) = content.doctor.get(i) else {
        return;
    };
    let Some(ask) = &c.ask else {
        return;
    };
    let width = box_text_width(app);
    let text = |t: &str| (t.to_string(), Style::new());
    let key = |k: &str| (k.to_string(), theme.key());
    let mut lines = Vec::new();
    if let Some(entry) = app
        .pain
        .entry
        .and_then(|id| app.state.diary.iter().find(|e| e.id == id))
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
        lines.push(Line::default());
    }
    lines.extend(para(
        &[],
        &[(ask.question.clone(), theme.role(Role::StepTitle))],
        width,
    ));
    lines.push(Line::default());
    lines.extend(para(
        &[key("y  ")],
        &[text(&format!(
            "yes: tick \u{201c}{}\u{201d}, a reason to call a doctor",
            c.short()
        ))],
        width,
    ));
    lines.extend(para(
        &[key("any other key  ")],
        &[text("no, or not now")],
        width,
    ));
    draw_box(frame, app, "A question", lines, None, theme);
}
