//! The summary for the doctor, as Markdown: the disclaimer, a call to action naming the
//! reasons when any applies, onset and duration, every "call a doctor" condition with its
//! state, the pain diary by day with its notes, and the treatments the state records.
//! Pure: (content, state, now) in, text out; times are written in the offset of `now`.
//! `text` lays the same Markdown out as plain text for the screen and for paper.

mod text;

use std::fmt::Write;

use chrono::{DateTime, FixedOffset};

use crate::content::Content;
use crate::state::State;
use crate::today::diary;
use crate::today::plan::{self, Tick};
use crate::when;

pub use text::{PAGE_WIDTH, text};

pub fn markdown(content: &Content, state: &State, now: DateTime<FixedOffset>) -> String {
    let mut out = String::new();
    let stamp = |at: DateTime<FixedOffset>| {
        at.with_timezone(now.offset())
            .format("%a %Y-%m-%d %H:%M")
            .to_string()
    };
    // `write!` to a String cannot fail.
    // The disclaimer is the first line, whatever the summary is read in.
    let disclaimer = content
        .disclaimer_short
        .as_deref()
        .unwrap_or(&content.disclaimer);
    let _ = writeln!(out, "_{}_\n", escape(disclaimer));
    let _ = writeln!(out, "# Back spasm: summary for the doctor\n");
    let reasons = plan::doctor_reasons(content, state, now);
    if !reasons.is_empty() {
        let shorts: Vec<String> = reasons.iter().map(|c| escape(c.short())).collect();
        let _ = writeln!(
            out,
            "**Reason to call a doctor now: {}.**\n",
            shorts.join("; ")
        );
    }
    let _ = writeln!(
        out,
        "Written {} by backspasm from what was entered in it. Times are local (UTC{}).\n",
        stamp(now),
        now.offset()
    );

    let _ = writeln!(out, "## Onset\n");
    match state.onset {
        None => {
            let _ = writeln!(out, "- Began: not given");
        }
        Some(onset) => {
            let _ = writeln!(out, "- Began: {}", stamp(onset));
            match plan::elapsed(onset, now) {
                Ok(e) => {
                    let _ = writeln!(
                        out,
                        "- Lasted so far: {} (day {})",
                        when::span(e.delta()),
                        e.day()
                    );
                }
                Err(_) => {
                    let _ = writeln!(out, "- The start given is later than this summary.");
                }
            }
        }
    }

    let _ = writeln!(out, "\n## Call a doctor if\n");
    for (c, tick) in plan::ticks(content, state, now) {
        let (mark, state) = match tick {
            // What was ticked, not an answer given for the person.
            Tick::No => (" ", "not ticked"),
            Tick::ByYou => ("x", "yes, ticked"),
            Tick::FromOnset => ("x", "yes, by the time since the onset"),
        };
        let _ = writeln!(out, "- [{mark}] {} ({state})", escape(&c.text));
    }

    let _ = writeln!(out, "\n## Pain (0 to 10)\n");
    let days = diary::days(&state.diary, *now.offset());
    if days.is_empty() {
        let _ = writeln!(out, "No pain scores logged.");
    } else {
        let _ = writeln!(out, "| Day | Entries | Min | Max | Last |");
        let _ = writeln!(out, "|---|--:|--:|--:|--:|");
        for d in &days {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                d.date.format("%a %Y-%m-%d"),
                d.count,
                d.min,
                d.max,
                d.last
            );
        }
        let mut notes: Vec<&diary::PainEntry> =
            state.diary.iter().filter(|e| e.note.is_some()).collect();
        notes.sort_by_key(|e| e.at);
        if !notes.is_empty() {
            let _ = writeln!(out, "\n### Notes\n");
            for e in notes {
                let _ = writeln!(
                    out,
                    "- {}, pain {}/10: {}",
                    stamp(e.at),
                    e.score,
                    escape(e.note.as_deref().unwrap_or_default())
                );
            }
        }
    }

    let _ = writeln!(out, "\n## Treatments used\n");
    let used = treatments(content, state, stamp);
    if used.is_empty() {
        let _ = writeln!(out, "None recorded.");
    } else {
        for line in used {
            let _ = writeln!(out, "- {line}");
        }
    }
    out
}

/// One line per treatment the state records and how often: each timer's completed rounds and
/// phases ("Ice pack: 2 rounds; ICE ON 3 times"), counting only treatment that happened
/// (`CycleLog`: not phases moved on from with `n`, nor ones shorter than the article gives),
/// and each walkthrough's finishes.
fn treatments(
    content: &Content,
    state: &State,
    stamp: impl Fn(DateTime<FixedOffset>) -> String,
) -> Vec<String> {
    let times = |n: u32| {
        if n == 1 {
            "once".to_string()
        } else {
            format!("{n} times")
        }
    };
    let mut lines = Vec::new();
    for cycle in &content.cycles {
        let Some(log) = state.timers.done.get(&cycle.id).filter(|l| l.treated()) else {
            continue;
        };
        let rounds = log.rounds();
        let phases: Vec<String> = cycle
            .phases
            .iter()
            .filter(|p| log.count(&p.id) > 0)
            .map(|p| format!("{} {}", escape(&p.name), times(log.count(&p.id))))
            .collect();
        let last = log.last().map(&stamp).unwrap_or_default();
        lines.push(format!(
            "{}: {} round{} completed ({}); last {last}",
            escape(&cycle.title),
            rounds,
            if rounds == 1 { "" } else { "s" },
            phases.join(", "),
        ));
    }
    for walk in &content.walkthroughs {
        if let Some(done) = state.finished.get(&walk.id).filter(|d| !d.is_empty()) {
            let last = done.iter().max().map(|&at| stamp(at)).unwrap_or_default();
            lines.push(format!(
                "{}: finished {}; last {last}",
                escape(&walk.title),
                times(done.len() as u32)
            ));
        }
    }
    lines
}

/// Text as Markdown that shows it literally; a character that would act on a terminal (there
/// is none in validated text) is replaced, since the summary may be printed to one.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::safe_text::printable(text).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_text_literal() {
        assert_eq!(
            escape("a *b* [c](d) <e> | f_g"),
            r"a \*b\* \[c\](d) \<e\> \| f\_g"
        );
        assert_eq!(escape("plain, words."), "plain, words.");
        assert_eq!(escape("a\x1b[2J\u{202e}b"), "a�\\[2J�b");
    }
}
