//! A pane of the guide as wrapped lines with meanings (roles). The TUI styles the roles; `print`
//! writes the plain text. Both call `pane`, so the screen and the printout cannot disagree.

use std::ops::Range;

use crate::content::{Content, Cycle, Step, Tab, TabKind, TimeRule};
use crate::timer::duration::{clock, guide_range};
use crate::today::plan::Tick;
use crate::wrap::{Span, wrap};

/// What a piece of text is; `ui::theme` decides how each looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Text,
    Disclaimer,
    Intro,
    Heading,
    Number,
    StepTitle,
    Bullet,
    WarningMark,
    WarningTitle,
    Warning,
    Dim,
    Indent,
    /// A key the reader can press, named in the text ("s", "o").
    Key,
}

pub type DocSpan = Span<Role>;

#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub lines: Vec<Vec<DocSpan>>,
    /// The lines of each step of the pane, in order (empty for panes without steps).
    pub steps: Vec<Range<usize>>,
}

/// Marks a warning everywhere: in the guide, on the Warnings pane, in print.
pub const WARNING_MARK: &str = "⚠ ";

impl Doc {
    /// The content's disclaimer and a blank line: what the first pane and every printout
    /// begin with.
    pub fn disclaimer(&mut self, content: &Content, width: usize) {
        self.para(
            &[],
            &[Span::new(content.disclaimer.clone(), Role::Disclaimer)],
            width,
        );
        self.blank();
    }

    pub fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(Vec::new());
        }
    }

    pub fn para(&mut self, prefix: &[DocSpan], segments: &[DocSpan], width: usize) {
        self.lines
            .extend(wrap(prefix, segments, Role::Indent, width));
    }

    /// `lines`, each behind `pad` (a step's body under its numbered title, say).
    pub fn push_under(&mut self, pad: &DocSpan, lines: Vec<Vec<DocSpan>>) {
        self.lines.extend(lines.into_iter().map(|mut l| {
            l.insert(0, pad.clone());
            l
        }));
    }
}

/// Build pane `tab` of `content` at `width` columns.
pub fn pane(content: &Content, tab: usize, width: usize) -> Doc {
    pane_with(content, tab, width, None)
}

/// Build pane `tab`, with the doctor checklist's ticks (one per condition) when known; without
/// them (in print) the conditions are a plain list.
pub fn pane_with(content: &Content, tab: usize, width: usize, ticks: Option<&[Tick]>) -> Doc {
    let mut doc = Doc::default();
    let Some(t) = content.tabs.get(tab) else {
        return doc;
    };
    if tab == 0 {
        doc.disclaimer(content, width);
    }
    if let Some(intro) = &t.intro {
        doc.para(&[], &[Span::new(intro.clone(), Role::Intro)], width);
        doc.blank();
    }
    if t.kind == TabKind::Today {
        doctor_block(&mut doc, content, None, width);
        doc.blank();
        general_order(&mut doc, content, width);
    }
    steps(&mut doc, content, t, width, ticks);
    match t.kind {
        TabKind::Warnings => all_warnings(&mut doc, content, width),
        TabKind::Sources => sources(&mut doc, content, width),
        TabKind::Steps | TabKind::Today => {}
    }
    while doc.lines.last().is_some_and(|l| l.is_empty()) {
        doc.lines.pop();
    }
    doc
}

pub fn steps(doc: &mut Doc, content: &Content, tab: &Tab, width: usize, ticks: Option<&[Tick]>) {
    for (i, step) in tab.steps.iter().enumerate() {
        let start = doc.lines.len();
        one_step(doc, content, i + 1, step, width, ticks);
        doc.steps.push(start..doc.lines.len());
        doc.blank();
    }
}

fn one_step(
    doc: &mut Doc,
    content: &Content,
    number: usize,
    step: &Step,
    width: usize,
    ticks: Option<&[Tick]>,
) {
    let number = Span::new(format!("{number}. "), Role::Number);
    doc.para(
        std::slice::from_ref(&number),
        &[Span::new(step.title.clone(), Role::StepTitle)],
        width,
    );
    let indent = number.text.len();
    let inner = width.saturating_sub(indent);
    let pad = Span::new(" ".repeat(indent), Role::Indent);
    let body = wrap(
        &[],
        &[Span::new(step.body.clone(), Role::Text)],
        Role::Indent,
        inner,
    );
    doc.push_under(&pad, body);
    for point in &step.points {
        let lines = wrap(
            &[Span::new("• ", Role::Bullet)],
            &[Span::new(point.clone(), Role::Text)],
            Role::Indent,
            inner,
        );
        doc.push_under(&pad, lines);
    }
    if step.doctor {
        doctor_list(doc, content, ticks, &pad, inner);
    }
    if let Some(walk) = step
        .walkthrough
        .as_deref()
        .and_then(|id| content.walkthrough(id))
    {
        for (i, ws) in walk.steps.iter().enumerate() {
            let mut text = vec![Span::new(format!("{}.", ws.title), Role::Text)];
            if let Some(body) = &ws.body {
                text.push(Span::new(body.clone(), Role::Text));
            }
            let lines = wrap(
                &[Span::new(format!("{}) ", i + 1), Role::Bullet)],
                &text,
                Role::Indent,
                inner,
            );
            doc.push_under(&pad, lines);
        }
    }
    if let Some(cycle) = step.cycle.as_deref().and_then(|id| content.cycle(id)) {
        let lines = wrap(
            &[],
            &[Span::new(cycle_summary(cycle), Role::Dim)],
            Role::Indent,
            inner,
        );
        doc.push_under(&pad, lines);
    }
    let lines = warning_lines(content, &step.warnings, inner, true);
    doc.push_under(&pad, lines);
}

/// The warnings `ids` at `width`, each marked: title and text (`full`), or the title alone.
pub fn warning_lines(
    content: &Content,
    ids: &[String],
    width: usize,
    full: bool,
) -> Vec<Vec<DocSpan>> {
    let mut out = Vec::new();
    for w in ids.iter().filter_map(|id| content.warning(id)) {
        let text = if full {
            vec![
                Span::new(format!("{}:", w.title), Role::WarningTitle),
                Span::new(w.body.clone(), Role::Warning),
            ]
        } else {
            vec![Span::new(w.title.clone(), Role::WarningTitle)]
        };
        out.extend(wrap(
            &[Span::new(WARNING_MARK, Role::WarningMark)],
            &text,
            Role::Indent,
            width,
        ));
    }
    out
}

/// The reasons to call a doctor in short, always on Today (and in its printout): the doctor
/// step's lead-in, then each condition, ticked or not (`ticks`, one per condition; None in
/// print, a plain list), a condition ticked by the time passed in its `passed` words. Returns
/// the lines it added, for the pane to make it an item.
pub fn doctor_block(
    doc: &mut Doc,
    content: &Content,
    ticks: Option<&[Tick]>,
    width: usize,
) -> Range<usize> {
    let start = doc.lines.len();
    if content.doctor.is_empty() {
        return start..start;
    }
    let lead = content
        .tabs
        .iter()
        .flat_map(|t| &t.steps)
        .find(|s| s.doctor)
        .map_or(DOCTOR_LEAD, |s| s.body.as_str());
    // On screen, the key to the checklist: after the lead-in if it fits there, else last.
    let hint = [
        Span::new("c", Role::Key),
        Span::new("the checklist", Role::Dim),
    ];
    let heading = [Span::new(lead, Role::StepTitle)];
    let one_line = [&heading[..], &hint[..]].concat();
    let hint_last = ticks.is_some() && wrap(&[], &one_line, Role::Indent, width).len() > 1;
    doc.para(
        &[],
        if ticks.is_some() && !hint_last {
            &one_line
        } else {
            &heading
        },
        width,
    );
    let pad = Span::new("  ", Role::Indent);
    let inner = width.saturating_sub(2);
    for (i, c) in content.doctor.iter().enumerate() {
        let tick = ticks.and_then(|t| t.get(i).copied());
        let (mark, role) = match tick {
            None => ("• ", Role::Bullet),
            Some(Tick::No) => (UNTICKED, Role::Bullet),
            Some(_) => (TICKED, Role::WarningMark),
        };
        let text = match (tick, &c.passed) {
            (Some(Tick::FromOnset), Some(passed)) => Span::new(passed.clone(), Role::WarningTitle),
            (Some(Tick::No) | None, _) => Span::new(c.short().to_string(), Role::Text),
            _ => Span::new(c.short().to_string(), Role::WarningTitle),
        };
        let lines = wrap(&[Span::new(mark, role)], &[text], Role::Indent, inner);
        doc.push_under(&pad, lines);
    }
    if hint_last {
        let lines = wrap(&[], &hint, Role::Indent, inner);
        doc.push_under(&pad, lines);
    }
    start..doc.lines.len()
}

/// The block's lead-in when the content has no doctor step to take it from.
const DOCTOR_LEAD: &str = "Call a doctor if any of these is true:";

/// The "call a doctor if" conditions: ticked boxes on screen, bullets in print.
fn doctor_list(
    doc: &mut Doc,
    content: &Content,
    ticks: Option<&[Tick]>,
    pad: &DocSpan,
    width: usize,
) {
    for (i, c) in content.doctor.iter().enumerate() {
        let tick = ticks.and_then(|t| t.get(i).copied());
        let (mark, role) = match tick {
            None => ("• ", Role::Bullet),
            Some(Tick::No) => (UNTICKED, Role::Bullet),
            Some(_) => (TICKED, Role::WarningMark),
        };
        let mut text = vec![Span::new(c.text.clone(), Role::Text)];
        if tick == Some(Tick::FromOnset) {
            text.push(Span::new(FROM_ONSET, Role::Dim));
        }
        let lines = wrap(&[Span::new(mark, role)], &text, Role::Indent, width);
        doc.push_under(pad, lines);
    }
    if ticks.is_some() {
        let lines = wrap(&[], &[Span::new(TICK_HINT, Role::Dim)], Role::Indent, width);
        doc.push_under(pad, lines);
    }
}

/// A checklist box, ticked or not (the tick is a symbol, not only a colour).
pub const TICKED: &str = "[✓] ";
pub const UNTICKED: &str = "[ ] ";
/// Beside a condition that ticked itself from the onset.
pub const FROM_ONSET: &str = "(from when it began)";
const TICK_HINT: &str = "Press c to tick what is true for you.";

/// "♨ HOT 3:00 (2:00–3:00) → ❄ COLD 0:30, repeated until stopped"
pub fn cycle_summary(cycle: &Cycle) -> String {
    let phases: Vec<String> = cycle
        .phases
        .iter()
        .map(|p| {
            let mut s = format!("{} {} {}", p.symbol, p.name, clock(p.secs.into()));
            if p.guide_secs().start() != p.guide_secs().end() {
                s.push_str(&format!(" ({})", guide_range(p)));
            }
            s
        })
        .collect();
    let repeat = match cycle.rounds {
        Some(1) => "once".to_string(),
        Some(n) => format!("{n} rounds"),
        None => "repeated until stopped".to_string(),
    };
    format!("{} → {}", phases.join(" → "), repeat)
}

fn all_warnings(doc: &mut Doc, content: &Content, width: usize) {
    for w in &content.warnings {
        doc.para(
            &[Span::new(WARNING_MARK, Role::WarningMark)],
            &[Span::new(w.title.clone(), Role::WarningTitle)],
            width,
        );
        let pad = Span::new("  ", Role::Indent);
        let inner = width.saturating_sub(2);
        let body = wrap(
            &[],
            &[Span::new(w.body.clone(), Role::Warning)],
            Role::Indent,
            inner,
        );
        doc.push_under(&pad, body);
        let places: Vec<String> = content
            .steps_linking(&w.id)
            .into_iter()
            .map(|(t, s)| {
                format!(
                    "{} › {}",
                    content.tabs[t].title, content.tabs[t].steps[s].title
                )
            })
            .collect();
        if !places.is_empty() {
            let see = wrap(
                &[],
                &[Span::new(format!("See: {}", places.join("; ")), Role::Dim)],
                Role::Indent,
                inner,
            );
            doc.push_under(&pad, see);
        }
        doc.blank();
    }
}

fn sources(doc: &mut Doc, content: &Content, width: usize) {
    doc.para(&[], &[Span::new("Sources", Role::Heading)], width);
    for s in &content.sources {
        doc.para(
            &[Span::new("• ", Role::Bullet)],
            &[Span::new(s.clone(), Role::Text)],
            width,
        );
    }
}

/// The time rules in order, for when no onset is known.
pub fn general_order(doc: &mut Doc, content: &Content, width: usize) {
    for rule in &content.rules {
        let mut when = hours_window(rule.from_hours, rule.until_hours);
        if let Some(early) = &rule.early {
            when.push_str(&format!(", or sooner if {}", early.says));
        }
        doc.para(
            &[Span::new("• ", Role::Bullet)],
            &[
                Span::new(format!("{when}:"), Role::Dim),
                Span::new(rule.title.clone(), Role::StepTitle),
            ],
            width,
        );
        let pad = Span::new("  ", Role::Indent);
        let inner = width.saturating_sub(2);
        let mut body = wrap(
            &[],
            &[Span::new(rule.body.clone(), Role::Text)],
            Role::Indent,
            inner,
        );
        body.extend(warning_lines(
            content,
            &rule_warnings(content, rule),
            inner,
            false,
        ));
        doc.push_under(&pad, body);
        doc.blank();
    }
}

/// The warnings of the guide steps a rule is about, each once, in order.
pub fn rule_warnings(content: &Content, rule: &TimeRule) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for step in rule.steps.iter().filter_map(|id| content.step(id)) {
        for w in &step.warnings {
            if !ids.contains(w) {
                ids.push(w.clone());
            }
        }
    }
    ids
}

/// "From the start", "48 h – 72 h", "After 72 h" (days from 48 h and up when whole).
pub fn hours_window(from: u32, until: Option<u32>) -> String {
    match (from, until) {
        (0, Some(u)) => format!("First {}", span_of_hours(u)),
        (0, None) => "From the start".to_string(),
        (f, None) => format!("After {}", span_of_hours(f)),
        (f, Some(u)) => format!("{} to {}", span_of_hours(f), span_of_hours(u)),
    }
}

fn span_of_hours(h: u32) -> String {
    if h >= 24 * 7 && h.is_multiple_of(24) {
        let d = h / 24;
        if d.is_multiple_of(7) {
            let w = d / 7;
            format!("{w} week{}", if w == 1 { "" } else { "s" })
        } else {
            format!("{d} days")
        }
    } else {
        format!("{h} hours")
    }
}

/// Every pane as plain text at `width` columns, for `print`.
pub fn plain_text(content: &Content, tabs: &[usize], width: usize) -> String {
    let mut out = String::new();
    let title = wrap(
        &[],
        &[Span::new(content.title.clone(), Role::Heading)],
        Role::Indent,
        width,
    );
    for line in title {
        out.push_str(&crate::wrap::plain(&line));
        out.push('\n');
    }
    out.push('\n');
    for (n, &t) in tabs.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let title = crate::safe_text::printable(&content.tabs[t].title);
        out.push_str(&format!(
            "{}\n{}\n\n",
            title.to_uppercase(),
            "=".repeat(title.chars().count())
        ));
        let mut doc = pane(content, t, width);
        if t != 0 && n == 0 {
            // The disclaimer leads every printout, whichever pane comes first.
            let mut d = Doc::default();
            d.disclaimer(content, width);
            d.lines.append(&mut doc.lines);
            doc = d;
        }
        for line in &doc.lines {
            let text = crate::wrap::plain(line);
            out.push_str(text.trim_end());
            out.push('\n');
        }
    }
    out
}
