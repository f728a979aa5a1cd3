//! The walkthrough screen's words, wrapped: a step's title, body and warnings, the finish
//! screen, and list mode's checklist. Each piece says what it is ([`Mark`]); the screen styles
//! it, and `update` only counts the lines to know how far the screen scrolls.

use std::ops::Range;

use chrono::{DateTime, Datelike, Days, FixedOffset};

use crate::clock::Now;
use crate::content::{Content, Walkthrough};
use crate::doc::{Role, WARNING_MARK};
use crate::state::WalkProgress;
use crate::symbols::DONE;
use crate::wrap::{Span, wrap};

/// What a piece of the text is: the screen gives each its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Plain,
    /// A step title.
    Bold,
    /// A done mark, a ticked box.
    Done,
    Role(Role),
}

/// One wrapped line: its pieces, and whether it is centred.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub spans: Vec<Span<Mark>>,
    pub centred: bool,
}

/// Wrapped lines as `wrap` gives them, left-aligned.
pub type Lines = Vec<Vec<Span<Mark>>>;

/// List mode's checkboxes.
pub const CHECKED: &str = "[✓]";
pub const UNCHECKED: &str = "[ ]";

/// Focus mode's text: the step title wrapped (rendering may draw it big instead), what comes
/// under it on the card, and the side panel's lines. On the finish screen `rest` is all of it.
pub struct FocusParts {
    pub title: Vec<Line>,
    pub rest: Vec<Line>,
    pub side: Vec<Line>,
}

/// Focus mode's text for the step at `cursor` (past the last: the finish screen), wrapped to
/// the card's `width`; a step's warnings go to the side panel when there is one (`side`, its
/// width), else under the step.
pub fn focus_parts(
    walk: &Walkthrough,
    cursor: usize,
    progress: &WalkProgress,
    content: &Content,
    width: usize,
    side: Option<usize>,
    now: Now,
) -> FocusParts {
    let Some(step) = walk.steps.get(cursor) else {
        return FocusParts {
            title: Vec::new(),
            rest: finish_lines(walk, progress, width, now),
            side: Vec::new(),
        };
    };
    let mut rest = Vec::new();
    if let Some(body) = &step.body {
        rest.push(Line::default());
        rest.extend(centred(wrap(
            &[],
            &[Span::new(body.clone(), Mark::Plain)],
            Mark::Plain,
            width,
        )));
    }
    let side = match side {
        Some(side) => left(warning_lines(content, &step.warnings, side, true)),
        None => {
            if !step.warnings.is_empty() {
                rest.push(Line::default());
            }
            rest.extend(left(warning_lines(content, &step.warnings, width, true)));
            Vec::new()
        }
    };
    let title = centred(wrap(
        &[],
        &[Span::new(step.title.clone(), Mark::Bold)],
        Mark::Bold,
        width,
    ));
    FocusParts { title, rest, side }
}

/// Wrapped lines, centred.
pub fn centred(text: Lines) -> Vec<Line> {
    text.into_iter()
        .map(|spans| Line {
            spans,
            centred: true,
        })
        .collect()
}

/// Wrapped lines, left-aligned.
pub fn left(text: Lines) -> Vec<Line> {
    text.into_iter()
        .map(|spans| Line {
            spans,
            centred: false,
        })
        .collect()
}

/// A step's warnings, marked ⚠; `full` adds each warning's text to its title.
pub fn warning_lines(content: &Content, ids: &[String], width: usize, full: bool) -> Lines {
    let mut out = Lines::new();
    for (i, w) in ids.iter().filter_map(|id| content.warning(id)).enumerate() {
        if full && i > 0 {
            out.push(Vec::new());
        }
        let mut text = vec![Span::new(
            if full {
                format!("{}:", w.title)
            } else {
                w.title.clone()
            },
            Mark::Role(Role::WarningTitle),
        )];
        if full {
            text.push(Span::new(w.body.clone(), Mark::Role(Role::Warning)));
        }
        out.extend(wrap(
            &[Span::new(WARNING_MARK, Mark::Role(Role::WarningMark))],
            &text,
            Mark::Plain,
            width,
        ));
    }
    out
}

fn finish_lines(walk: &Walkthrough, progress: &WalkProgress, width: usize, now: Now) -> Vec<Line> {
    let plain = |text: String| {
        centred(wrap(
            &[],
            &[Span::new(text, Mark::Plain)],
            Mark::Plain,
            width,
        ))
    };
    let mut out = vec![Line {
        spans: vec![Span::new(format!("{DONE} Done"), Mark::Done)],
        centred: true,
    }];
    out.push(Line::default());
    let n = walk.steps.len();
    out.extend(plain(format!(
        "All {n} step{} done.",
        if n == 1 { "" } else { "s" }
    )));
    if let Some(at) = progress.finished {
        out.extend(plain(format!("Finished {}.", when(at, now))));
    }
    out.push(Line::default());
    out.extend(plain(
        "Press r to start over, or Esc to go back.".to_string(),
    ));
    out
}

/// "today at 14:02", "yesterday at 09:15", "on Tue 24 Nov at 14:02", in the local offset of now.
pub fn when(at: DateTime<FixedOffset>, now: Now) -> String {
    let at = at.with_timezone(&now.wall.timezone());
    let (day, today) = (at.date_naive(), now.wall.date_naive());
    let time = at.format("%H:%M");
    if day == today {
        format!("today at {time}")
    } else if today.checked_sub_days(Days::new(1)) == Some(day) {
        format!("yesterday at {time}")
    } else if day.year() == today.year() {
        format!("on {} at {time}", at.format("%a %-d %b"))
    } else {
        format!("on {} at {time}", at.format("%a %-d %b %Y"))
    }
}

/// List mode's lines and the lines of each step.
pub struct ListDoc {
    pub lines: Lines,
    pub items: Vec<Range<usize>>,
}

/// Every step with its checkbox and number; the selected one shows its warnings in full.
/// `roomy`: a blank line between steps.
pub fn list_doc(
    walk: &Walkthrough,
    done: &[bool],
    selected: usize,
    content: &Content,
    width: usize,
    roomy: bool,
) -> ListDoc {
    let mut doc = ListDoc {
        lines: Lines::new(),
        items: Vec::new(),
    };
    if let Some(intro) = &walk.intro {
        doc.lines.extend(wrap(
            &[],
            &[Span::new(intro.clone(), Mark::Role(Role::Intro))],
            Mark::Plain,
            width,
        ));
        doc.lines.push(Vec::new());
    }
    for (i, step) in walk.steps.iter().enumerate() {
        let start = doc.lines.len();
        let (mark, mark_look) = if done[i] {
            (CHECKED, Mark::Done)
        } else {
            (UNCHECKED, Mark::Plain)
        };
        let prefix = [
            Span::new(mark, mark_look),
            Span::new(format!(" {}. ", i + 1), Mark::Role(Role::Number)),
        ];
        let indent: usize = mark.chars().count() + format!(" {}. ", i + 1).len();
        doc.lines.extend(wrap(
            &prefix,
            &[Span::new(step.title.clone(), Mark::Role(Role::StepTitle))],
            Mark::Plain,
            width,
        ));
        let pad = Span::new(" ".repeat(indent), Mark::Plain);
        let inner = width.saturating_sub(indent).max(1);
        let mut more = Lines::new();
        if let Some(body) = &step.body {
            more.extend(wrap(
                &[],
                &[Span::new(body.clone(), Mark::Plain)],
                Mark::Plain,
                inner,
            ));
        }
        more.extend(warning_lines(content, &step.warnings, inner, i == selected));
        for mut line in more {
            line.insert(0, pad.clone());
            doc.lines.push(line);
        }
        doc.items.push(start..doc.lines.len());
        if roomy && i + 1 < walk.steps.len() {
            doc.lines.push(Vec::new());
        }
    }
    doc
}
