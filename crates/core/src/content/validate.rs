//! Rules checked after parsing. Each error names the field path (`tabs[2].steps[0].title`) so
//! the author can find it. Text is written to a terminal, so control characters (and the other
//! characters `safe_text` lists) are refused.

use std::collections::HashSet;
use std::fmt;

use unicode_width::UnicodeWidthStr;

use super::model::*;
use crate::safe_text;

/// Longest phase we accept: a day. Anything longer is a typo.
const MAX_PHASE_SECS: u32 = 24 * 60 * 60;
/// A walkthrough's break before it starts over: at most a day.
const MAX_RESTART_MINS: u32 = 24 * 60;
/// Time rules reach at most a year past onset.
const MAX_RULE_HOURS: u32 = 365 * 24;
/// Also the limit of `backspasm timer --rounds`.
pub const MAX_ROUNDS: u32 = 1000;
/// Tab labels must fit a narrow tab bar (and be words a person reads: "Ice/heat", not "H/C").
const MAX_SHORT_WIDTH: usize = 8;
/// Spoken cues are short: a sentence said over running water.
const MAX_SPOKEN_CHARS: usize = 120;

/// Every rule that failed, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n  ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleError {}

pub fn validate(c: &Content) -> Result<(), RuleError> {
    let mut v = Validator::default();
    v.content(c);
    if v.problems.is_empty() {
        Ok(())
    } else {
        Err(RuleError {
            problems: v.problems,
        })
    }
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
}

impl Validator {
    fn fail(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
        });
    }

    /// Non-empty, no control characters.
    fn text(&mut self, path: &str, s: &str) {
        if s.trim().is_empty() {
            self.fail(path, "must not be empty");
        }
        self.no_controls(path, s);
    }

    /// A spoken cue: text, short, and `{len}` its only placeholder.
    fn spoken(&mut self, path: &str, s: &str) {
        self.text(path, s);
        if s.chars().count() > MAX_SPOKEN_CHARS {
            self.fail(
                path,
                format!("must be at most {MAX_SPOKEN_CHARS} characters (it is said aloud)"),
            );
        }
        if s.replace(crate::timer::cues::LEN, "").contains(['{', '}']) {
            self.fail(
                path,
                format!("the only placeholder is {}", crate::timer::cues::LEN),
            );
        }
    }

    fn no_controls(&mut self, path: &str, s: &str) {
        if let Some((ch, what)) = s
            .chars()
            .find_map(|c| safe_text::problem(c).map(|p| (c, p)))
        {
            self.fail(path, format!("contains {what} (U+{:04X})", ch as u32));
        }
    }

    fn id(&mut self, path: &str, id: &str, seen: &mut HashSet<String>) {
        let ok = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            self.fail(
                path,
                format!("id {id:?} must be lowercase letters, digits and '-'"),
            );
        }
        if !seen.insert(id.to_string()) {
            self.fail(path, format!("duplicate id {id:?}"));
        }
    }

    fn refers(&mut self, path: &str, id: &str, known: &HashSet<String>, what: &str) {
        if !known.contains(id) {
            self.fail(path, format!("refers to unknown {what} {id:?}"));
        }
    }

    fn content(&mut self, c: &Content) {
        self.text("title", &c.title);
        self.text("disclaimer", &c.disclaimer);
        if let Some(short) = &c.disclaimer_short {
            self.text("disclaimer_short", short);
        }

        // Collect every id first so references may point forwards.
        let mut warning_ids = HashSet::new();
        for (i, w) in c.warnings.iter().enumerate() {
            let p = format!("warnings[{i}]");
            self.id(&format!("{p}.id"), &w.id, &mut warning_ids);
            self.text(&format!("{p}.title"), &w.title);
            self.text(&format!("{p}.body"), &w.body);
        }
        let mut walk_ids = HashSet::new();
        for (i, w) in c.walkthroughs.iter().enumerate() {
            self.id(&format!("walkthroughs[{i}].id"), &w.id, &mut walk_ids);
        }
        let mut cycle_ids = HashSet::new();
        for (i, cy) in c.cycles.iter().enumerate() {
            self.id(&format!("cycles[{i}].id"), &cy.id, &mut cycle_ids);
        }
        let mut step_ids = HashSet::new();
        let mut doctor_steps = HashSet::new();
        for (t, tab) in c.tabs.iter().enumerate() {
            for (s, step) in tab.steps.iter().enumerate() {
                self.id(&format!("tabs[{t}].steps[{s}].id"), &step.id, &mut step_ids);
                if step.doctor {
                    doctor_steps.insert(step.id.clone());
                }
            }
        }

        if c.tabs.is_empty() {
            self.fail("tabs", "there must be at least one pane");
        }
        let mut tab_ids = HashSet::new();
        for (t, tab) in c.tabs.iter().enumerate() {
            let p = format!("tabs[{t}]");
            self.id(&format!("{p}.id"), &tab.id, &mut tab_ids);
            self.text(&format!("{p}.title"), &tab.title);
            self.text(&format!("{p}.short"), &tab.short);
            if tab.short.width() > MAX_SHORT_WIDTH {
                self.fail(
                    format!("{p}.short"),
                    format!("must be at most {MAX_SHORT_WIDTH} columns wide"),
                );
            }
            if let Some(intro) = &tab.intro {
                self.text(&format!("{p}.intro"), intro);
            }
            let has_extra = match tab.kind {
                TabKind::Steps => false,
                TabKind::Warnings => !c.warnings.is_empty(),
                TabKind::Today => !c.rules.is_empty(),
                TabKind::Sources => !c.sources.is_empty(),
            };
            if tab.steps.is_empty() && !has_extra {
                self.fail(format!("{p}.steps"), "the pane has nothing to show");
            }
            for (s, step) in tab.steps.iter().enumerate() {
                let p = format!("{p}.steps[{s}]");
                self.text(&format!("{p}.title"), &step.title);
                self.text(&format!("{p}.body"), &step.body);
                for (i, point) in step.points.iter().enumerate() {
                    self.text(&format!("{p}.points[{i}]"), point);
                }
                for (i, w) in step.warnings.iter().enumerate() {
                    self.refers(&format!("{p}.warnings[{i}]"), w, &warning_ids, "warning");
                }
                if let Some(w) = &step.walkthrough {
                    self.refers(&format!("{p}.walkthrough"), w, &walk_ids, "walkthrough");
                }
                if let Some(cy) = &step.cycle {
                    self.refers(&format!("{p}.cycle"), cy, &cycle_ids, "cycle");
                }
                if step.doctor && c.doctor.is_empty() {
                    self.fail(
                        format!("{p}.doctor"),
                        "shows the doctor checklist, but `doctor` lists no conditions",
                    );
                }
            }
        }

        for (i, w) in c.walkthroughs.iter().enumerate() {
            let p = format!("walkthroughs[{i}]");
            self.text(&format!("{p}.title"), &w.title);
            if let Some(intro) = &w.intro {
                self.text(&format!("{p}.intro"), intro);
            }
            if let Some(mins) = w.restart_after_mins
                && !(1..=MAX_RESTART_MINS).contains(&mins)
            {
                self.fail(
                    format!("{p}.restart_after_mins"),
                    format!("must be between 1 and {MAX_RESTART_MINS} minutes"),
                );
            }
            if w.steps.is_empty() {
                self.fail(
                    format!("{p}.steps"),
                    "a walkthrough needs at least one step",
                );
            }
            let mut ids = HashSet::new();
            for (s, step) in w.steps.iter().enumerate() {
                let p = format!("{p}.steps[{s}]");
                self.id(&format!("{p}.id"), &step.id, &mut ids);
                self.text(&format!("{p}.title"), &step.title);
                if let Some(body) = &step.body {
                    self.text(&format!("{p}.body"), body);
                }
                for (j, wid) in step.warnings.iter().enumerate() {
                    self.refers(&format!("{p}.warnings[{j}]"), wid, &warning_ids, "warning");
                }
            }
        }

        for (i, cy) in c.cycles.iter().enumerate() {
            self.cycle(&format!("cycles[{i}]"), cy, &warning_ids);
        }

        let mut rule_ids = HashSet::new();
        for (i, r) in c.rules.iter().enumerate() {
            let p = format!("rules[{i}]");
            self.id(&format!("{p}.id"), &r.id, &mut rule_ids);
            self.text(&format!("{p}.title"), &r.title);
            self.text(&format!("{p}.body"), &r.body);
            if r.from_hours > MAX_RULE_HOURS {
                self.fail(
                    format!("{p}.from_hours"),
                    format!("must be at most {MAX_RULE_HOURS} hours"),
                );
            }
            if let Some(until) = r.until_hours
                && (until <= r.from_hours || until > MAX_RULE_HOURS)
            {
                self.fail(
                    format!("{p}.until_hours"),
                    format!("must be after from_hours and at most {MAX_RULE_HOURS} hours"),
                );
            }
            for (j, s) in r.steps.iter().enumerate() {
                self.refers(&format!("{p}.steps[{j}]"), s, &step_ids, "step");
                // The article's reasons to call a doctor are conditions (`doctor`, ticked by the
                // person or by the time passed), never an appointment a clock brings round.
                if doctor_steps.contains(s) {
                    self.fail(
                        format!("{p}.steps[{j}]"),
                        format!(
                            "{s:?} is the call-a-doctor step: seeing a doctor is a `doctor` condition, never a time rule"
                        ),
                    );
                }
            }
            if let Some(early) = &r.early {
                let mut marks = HashSet::new();
                self.id(&format!("{p}.early.mark"), &early.mark, &mut marks);
                self.text(&format!("{p}.early.says"), &early.says);
                self.text(&format!("{p}.early.waits"), &early.waits);
                if r.from_hours == 0 {
                    self.fail(
                        format!("{p}.early"),
                        "a rule from hour 0 has nothing to bring in early",
                    );
                }
            }
            if let Some(start) = &r.start {
                match (walk_ids.contains(start), cycle_ids.contains(start)) {
                    (false, false) => self.fail(
                        format!("{p}.start"),
                        format!("refers to unknown walkthrough or cycle {start:?}"),
                    ),
                    (true, true) => self.fail(
                        format!("{p}.start"),
                        format!("{start:?} is both a walkthrough and a cycle; rename one"),
                    ),
                    _ => {}
                }
            }
        }

        let mut doctor_ids = HashSet::new();
        for (i, d) in c.doctor.iter().enumerate() {
            let p = format!("doctor[{i}]");
            self.id(&format!("{p}.id"), &d.id, &mut doctor_ids);
            self.text(&format!("{p}.text"), &d.text);
            if let Some(short) = &d.short {
                self.text(&format!("{p}.short"), short);
            }
            if let Some(h) = d.after_hours
                && (h == 0 || h > MAX_RULE_HOURS)
            {
                self.fail(
                    format!("{p}.after_hours"),
                    format!("must be between 1 and {MAX_RULE_HOURS} hours"),
                );
            }
            if let Some(passed) = &d.passed {
                self.text(&format!("{p}.passed"), passed);
                if d.after_hours.is_none() {
                    self.fail(
                        format!("{p}.passed"),
                        "says what shows once `after_hours` have passed, but there is no after_hours",
                    );
                }
            }
            if let Some(ask) = &d.ask {
                self.text(&format!("{p}.ask.question"), &ask.question);
                if ask.from_score > crate::today::diary::MAX_SCORE {
                    self.fail(
                        format!("{p}.ask.from_score"),
                        format!(
                            "must be a pain score, 0 to {}",
                            crate::today::diary::MAX_SCORE
                        ),
                    );
                }
                if c.doctor[..i].iter().any(|e| e.ask.is_some()) {
                    self.fail(format!("{p}.ask"), "only one condition may ask");
                }
            }
        }

        for (i, s) in c.sources.iter().enumerate() {
            self.text(&format!("sources[{i}]"), s);
        }
    }

    fn cycle(&mut self, p: &str, cy: &Cycle, warning_ids: &HashSet<String>) {
        self.text(&format!("{p}.title"), &cy.title);
        if let Some(intro) = &cy.intro {
            self.text(&format!("{p}.intro"), intro);
        }
        if cy.phases.is_empty() {
            self.fail(format!("{p}.phases"), "a cycle needs at least one phase");
        }
        if let Some(rounds) = cy.rounds
            && !(1..=MAX_ROUNDS).contains(&rounds)
        {
            self.fail(
                format!("{p}.rounds"),
                format!("must be between 1 and {MAX_ROUNDS}"),
            );
        }
        for (j, w) in cy.warnings.iter().enumerate() {
            self.refers(&format!("{p}.warnings[{j}]"), w, warning_ids, "warning");
        }
        if let Some(s) = &cy.done_spoken {
            self.spoken(&format!("{p}.done_spoken"), s);
        }
        let mut ids = HashSet::new();
        for (i, ph) in cy.phases.iter().enumerate() {
            let p = format!("{p}.phases[{i}]");
            self.id(&format!("{p}.id"), &ph.id, &mut ids);
            self.text(&format!("{p}.name"), &ph.name);
            self.text(&format!("{p}.say"), &ph.say);
            if let Some(s) = &ph.spoken {
                self.spoken(&format!("{p}.spoken"), s);
            }
            if let Some(s) = &ph.alarm_spoken {
                self.spoken(&format!("{p}.alarm_spoken"), s);
                if !ph.alarm {
                    self.fail(
                        format!("{p}.alarm_spoken"),
                        "only an alarm phase (alarm: true) rings an alarm",
                    );
                }
            }
            if let Some(note) = &ph.note {
                self.text(&format!("{p}.note"), note);
            }
            self.text(&format!("{p}.symbol"), &ph.symbol);
            if ph.symbol.width() != 1 {
                self.fail(format!("{p}.symbol"), "must be one column wide");
            }
            let sane = 1..=MAX_PHASE_SECS;
            let (min, max) = ph.guide_secs().into_inner();
            if !sane.contains(&ph.secs) {
                self.fail(
                    format!("{p}.secs"),
                    format!("must be between 1 and {MAX_PHASE_SECS} seconds"),
                );
            } else if !sane.contains(&min) || !sane.contains(&max) || min > ph.secs || ph.secs > max
            {
                self.fail(
                    format!("{p}.min_secs"),
                    "must satisfy 1 <= min_secs <= secs <= max_secs <= one day",
                );
            }
        }
    }
}
