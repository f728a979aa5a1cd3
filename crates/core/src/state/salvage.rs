//! Reading a state file that does not decode whole. Each section is read on its own, and so is
//! each entry of the diary, of the doctor ticks and of the sections that are maps
//! (walkthroughs, finish times, the timers' logs): what cannot be read is dropped and named,
//! the rest is kept. The parts are told apart by `ron_parts`, which reads no further than it
//! must: a file cut off anywhere (a full disk, a crash of the disk) gives back every entry
//! before the cut. One bad diary entry (a note from an older build, a hand edit, a number too
//! big) then costs that entry, not the whole file. The store keeps the file as it was in a
//! backup before anything is written over it.

use std::collections::{BTreeMap, BTreeSet};

use serde::de::DeserializeOwned;

use super::State;
use crate::state::ron_parts::{self, Item};
use crate::timer::kept::Timers;
use crate::today::diary::PainEntry;

/// The state and one line per part dropped; `None` when `text` is not even a struct of
/// sections (nothing can be told apart, so the file counts as damaged).
pub fn salvage(text: &str) -> Option<(State, Vec<String>)> {
    let sections = struct_parts(text)?;
    let mut state = State::default();
    let mut dropped = Vec::new();
    let mut read = BTreeSet::new();
    for item in &sections.items {
        let name = item.key;
        if !read.insert(name) {
            dropped.push(format!("a second `{name}` section"));
            continue;
        }
        let mut drop = |line: String| dropped.push(line);
        match name {
            "walks" => state.walks = map(item, "the walkthroughs' progress", &mut drop),
            "onset" => state.onset = one(item, "the start", &mut drop).flatten(),
            "onset_not_now" => {
                state.onset_not_now = one(item, "when the start was put off", &mut drop).flatten()
            }
            "doctor" => state.doctor = list(item, "the doctor ticks", &mut drop).collect(),
            "diary" => {
                state.diary = diary(item, &mut drop);
                crate::today::diary::settle_ids(&mut state.diary);
            }
            "timers" => state.timers = timers(item, &mut drop),
            "finished" => state.finished = map(item, "the finish times", &mut drop),
            "cues" => state.cues = one(item, "the sound setting", &mut drop).unwrap_or_default(),
            "marks" => state.marks = map(item, "the marks", &mut drop),
            "asked" => state.asked = list(item, "the questions asked", &mut drop).collect(),
            _ => drop(format!("an unknown section `{name}`")),
        }
    }
    if sections.cut && sections.items.last().is_none_or(|i| i.whole) {
        let after = sections
            .items
            .last()
            .map_or("the start".to_string(), |i| format!("`{}`", i.key));
        dropped.push(format!("any section after {after}: {CUT}"));
    }
    Some((state, dropped))
}

/// Said of a part the file ends in.
const CUT: &str = "the file ends there";

/// The fields of the struct `text` is, if it is one.
fn struct_parts(text: &str) -> Option<ron_parts::Parts<'_>> {
    text.trim_start()
        .starts_with('(')
        .then(|| ron_parts::split(text))
        .flatten()
}

/// The reason without the position (which would count from the part, not from the file).
fn why(e: ron::error::SpannedError) -> String {
    e.code.to_string()
}

/// `item` read as a `T`, or dropped: `what` and why.
fn one<T: DeserializeOwned>(item: &Item, what: &str, drop: &mut impl FnMut(String)) -> Option<T> {
    if !item.whole {
        drop(format!("{what} ({CUT})"));
        return None;
    }
    ron::from_str(item.text)
        .map_err(|e| drop(format!("{what} ({})", why(e))))
        .ok()
}

/// A list section item by item (what cannot be read is dropped, named by its place).
fn list<'a, T: DeserializeOwned + 'a>(
    item: &'a Item,
    what: &'a str,
    drop: &'a mut impl FnMut(String),
) -> impl Iterator<Item = T> + 'a {
    let parts = ron_parts::split(item.text).filter(|_| item.text.trim_start().starts_with('['));
    if parts.is_none() {
        drop(format!("{what} (not a list)"));
    }
    let parts = parts.unwrap_or(ron_parts::Parts {
        items: Vec::new(),
        cut: false,
    });
    if parts.cut && parts.items.last().is_none_or(|i| i.whole) {
        drop(format!("{what} after item {} ({CUT})", parts.items.len()));
    }
    parts
        .items
        .into_iter()
        .enumerate()
        .filter_map(move |(i, part)| one(&part, &format!("{what}: item {}", i + 1), drop))
}

/// A map section entry by entry: an entry that cannot be read is dropped, named by its key.
fn map<T: DeserializeOwned>(
    item: &Item,
    what: &str,
    drop: &mut impl FnMut(String),
) -> BTreeMap<String, T> {
    let Some(parts) =
        ron_parts::split(item.text).filter(|_| item.text.trim_start().starts_with('{'))
    else {
        drop(format!("{what} (not a map)"));
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    for entry in &parts.items {
        let Ok(key) = ron::from_str::<String>(entry.key) else {
            drop(format!("{what}: an entry named {}", entry.key));
            continue;
        };
        if let Some(v) = one(entry, &format!("{what}: {key:?}"), drop) {
            out.insert(key, v);
        }
    }
    if parts.cut && parts.items.last().is_none_or(|i| i.whole) {
        drop(format!("{what}: any entry after the last one read ({CUT})"));
    }
    out
}

/// The diary entry by entry; a dropped entry is named by its place and, if it has one that
/// reads, its time.
fn diary(item: &Item, drop: &mut impl FnMut(String)) -> Vec<PainEntry> {
    let Some(parts) =
        ron_parts::split(item.text).filter(|_| item.text.trim_start().starts_with('['))
    else {
        drop(format!(
            "the diary ({})",
            if item.whole { "not a list" } else { CUT }
        ));
        return Vec::new();
    };
    let n = parts.items.len();
    let of = if parts.cut {
        String::new()
    } else {
        format!(" of {n}")
    };
    let mut kept = Vec::new();
    for (i, entry) in parts.items.iter().enumerate() {
        let at = struct_parts(entry.text)
            .and_then(|fields| {
                let at = fields
                    .items
                    .into_iter()
                    .find(|f| f.key == "at" && f.whole)?;
                ron::from_str::<String>(at.text).ok()
            })
            .map(|at| format!(", logged {at}"))
            .unwrap_or_default();
        if !entry.whole {
            drop(format!("diary entry {}{at} ({CUT})", i + 1));
            continue;
        }
        match ron::from_str(entry.text) {
            Ok(e) => kept.push(e),
            Err(e) => drop(format!("diary entry {}{of}{at} ({})", i + 1, why(e))),
        }
    }
    if parts.cut && parts.items.last().is_none_or(|i| i.whole) {
        drop(format!("any diary entry after entry {n} ({CUT})"));
    }
    kept
}

/// The ice run and each cycle's log on their own.
fn timers(item: &Item, drop: &mut impl FnMut(String)) -> Timers {
    let mut timers = Timers::default();
    let Some(fields) = struct_parts(item.text) else {
        drop(format!(
            "the timers ({})",
            if item.whole { "not a struct" } else { CUT }
        ));
        return timers;
    };
    for field in &fields.items {
        match field.key {
            "wall" => timers.wall = one(field, "the ice run", drop).flatten(),
            "mono" => timers.mono = one(field, "the shower run", drop).flatten(),
            "done" => timers.done = map(field, "the timers' log", drop),
            name => drop(format!("an unknown part `{name}` of the timers")),
        }
    }
    if fields.cut && fields.items.last().is_none_or(|i| i.whole) {
        drop(format!(
            "any part of the timers after the last one read ({CUT})"
        ));
    }
    timers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::format::{DecodeError, Persist, decode, decode_lenient, encode};
    use chrono::DateTime;

    fn read(text: &str) -> (State, Vec<String>) {
        decode_lenient::<State>(text.as_bytes()).unwrap()
    }

    const GOOD: &str = r#"(at: "2026-11-24T09:00:00+01:00", score: 7, note: Some("ok"))"#;

    #[test]
    fn a_file_that_decodes_is_read_as_it_is() {
        let text = format!(r#"(version: 1, state: (diary: [{GOOD}], doctor: ["severe"]))"#);
        let (state, dropped) = read(&text);
        assert!(dropped.is_empty());
        assert_eq!(Ok(state), decode::<State>(text.as_bytes()));
    }

    #[test]
    fn a_bad_diary_entry_costs_that_entry_only() {
        let text = format!(
            r#"(version: 1, state: (
                onset: Some("2026-11-24T08:00:00+01:00"),
                doctor: ["severe"],
                diary: [{GOOD},
                    (at: "2026-11-24T10:00:00+01:00", score: 11),
                    (at: "2026-11-24T11:00:00+01:00", score: 5, note: Some("a \u{{202e}} b")),
                    (score: 3),
                    (at: "2026-11-24T12:00:00+01:00", score: 4)],
                walks: {{"lifting": (done: ["bend"])}},
            ))"#
        );
        assert!(decode::<State>(text.as_bytes()).is_err(), "not whole");
        let (state, dropped) = read(&text);
        let scores: Vec<u8> = state.diary.iter().map(|e| e.score).collect();
        assert_eq!(scores, [7, 4]);
        assert_eq!(state.diary[0].note.as_deref(), Some("ok"));
        assert_eq!(state.doctor.iter().collect::<Vec<_>>(), ["severe"]);
        assert!(state.onset.is_some());
        assert!(state.walks["lifting"].done.contains("bend"));
        assert_eq!(dropped.len(), 3, "{dropped:?}");
        assert!(
            dropped[0].starts_with("diary entry 2 of 5, logged 2026-11-24T10:00:00+01:00 (")
                && dropped[0].contains("not \"11\""),
            "{dropped:?}"
        );
        assert!(dropped[1].contains("U+202E"), "{dropped:?}");
        assert!(
            dropped[2].starts_with("diary entry 4 of 5 ("),
            "{dropped:?}"
        );
        // What is kept writes and reads back whole.
        let again = encode(&state).unwrap();
        assert_eq!(decode::<State>(again.as_bytes()), Ok(state));
    }

    #[test]
    fn bad_sections_and_map_entries_are_dropped_by_name() {
        let text = r#"(version: 1, state: (
            walks: {"lifting": (done: ["bend"]), "needs": (done: 3)},
            finished: {"lifting": ["2026-11-24T10:00:00+01:00"], "x": "soon"},
            onset: Some("yesterday"),
            doctor: ["severe"],
            doctor: ["again"],
            timers: (wall: Some((cycle: "ice")), mono: Some((phase: 2)), done: {"ice": (ended: []), "hot": 5}, odd: 1),
            extra: 42,
        ))"#;
        let (state, dropped) = read(text);
        assert_eq!(state.walks.keys().collect::<Vec<_>>(), ["lifting"]);
        assert_eq!(state.finished.keys().collect::<Vec<_>>(), ["lifting"]);
        assert_eq!(state.onset, None);
        assert_eq!(state.doctor.iter().collect::<Vec<_>>(), ["severe"]);
        assert_eq!((&state.timers.wall, &state.timers.mono), (&None, &None));
        assert_eq!(state.timers.done.keys().collect::<Vec<_>>(), ["ice"]);
        let starts = [
            "the walkthroughs' progress: \"needs\" (",
            "the finish times: \"x\" (",
            "the start (",
            "a second `doctor` section",
            "the ice run (",
            "the shower run (",
            "the timers' log: \"hot\" (",
            "an unknown part `odd` of the timers",
            "an unknown section `extra`",
        ];
        assert_eq!(dropped.len(), starts.len(), "{dropped:?}");
        for (line, start) in dropped.iter().zip(starts) {
            assert!(
                line.starts_with(start),
                "{line:?} should start with {start:?}"
            );
        }
    }

    /// A state like years of use leave it: every section, the diary in the middle.
    fn a_real_state() -> State {
        use crate::state::{Edit, WalkEdit};
        use crate::timer::kept::{PhaseEnd, WallRun, WallTiming};
        let at = |h: i64| {
            DateTime::parse_from_rfc3339("2026-11-24T09:00:00+01:00").unwrap()
                + chrono::TimeDelta::hours(h)
        };
        let mut s = State::default();
        let mut edits = vec![
            Edit::SetOnset(at(-5)),
            Edit::Walk(WalkEdit::Set {
                walk: "lifting".into(),
                step: "bend".into(),
                done: true,
            }),
            Edit::Walk(WalkEdit::Finished {
                walk: "pressure".into(),
                at: Some(at(-2)),
            }),
            Edit::Doctor {
                id: "severe".into(),
                ticked: true,
            },
        ];
        for i in 0..8 {
            edits.push(Edit::LogPain(PainEntry::new(
                at(i),
                (i % 11) as u8,
                Some(format!("entry {i}: \"stiff\", (after) [sitting]")),
            )));
            edits.push(Edit::PhaseDone {
                cycle: "ice".into(),
                end: PhaseEnd {
                    at: at(i),
                    phase: "on".into(),
                    treated: true,
                    round_done: false,
                },
            });
        }
        edits.push(Edit::WallTimer(Some(WallRun {
            cycle: "ice".into(),
            phase: "off".into(),
            round: 3,
            timing: WallTiming::Running { ends_at: at(9) },
            alarm: None,
            seen: at(8),
            full_ms: None,
            short: false,
        })));
        for e in &edits {
            s.apply(e);
        }
        s
    }

    /// Cut off at every 5 % of a real file: every diary entry that is whole before the cut
    /// comes back, and so does every section that ends before it; what was cut is named.
    #[test]
    fn a_file_cut_anywhere_gives_back_what_came_before() {
        let state = a_real_state();
        let text = encode(&state).unwrap();
        // Where each entry's text ends (the note is unique; the entry closes after it).
        let ends: Vec<usize> = state
            .diary
            .iter()
            .map(|e| {
                let note = ron::to_string(e.note.as_ref().unwrap()).unwrap();
                let after = text.find(&note).unwrap() + note.len();
                after + text[after..].find(')').unwrap() + 1
            })
            .collect();
        // A section is whole before the next one's name (one per line, at 8 spaces).
        let section_end = |name: &str| {
            let start = text.find(&format!("\n        {name}: ")).unwrap() + 1;
            text[start..]
                .match_indices("\n        ")
                .map(|(i, m)| start + i + m.len())
                .find(|&i| text[i..].starts_with(|c: char| c.is_ascii_alphabetic()))
                .unwrap_or(text.len())
        };
        for pct in (5..=95).step_by(5) {
            let cut = text.len() * pct / 100;
            let whole_entries = ends.iter().filter(|&&end| end <= cut).count();
            match decode_lenient::<State>(&text.as_bytes()[..cut]) {
                Ok((got, dropped)) => {
                    assert_eq!(
                        got.diary,
                        state.diary[..whole_entries],
                        "cut at {pct} %: {dropped:?}"
                    );
                    assert!(!dropped.is_empty(), "cut at {pct} %");
                    assert!(
                        dropped.iter().any(|d| d.contains(CUT)),
                        "{pct} %: {dropped:?}"
                    );
                    if cut > section_end("onset") {
                        assert_eq!(got.onset, state.onset, "{pct} %");
                    }
                    if cut > section_end("doctor") {
                        assert_eq!(got.doctor, state.doctor, "{pct} %");
                    }
                    if cut > section_end("walks") {
                        assert_eq!(got.walks, state.walks, "{pct} %");
                    }
                }
                Err(e) => assert_eq!(whole_entries, 0, "cut at {pct} %: {e}"),
            }
        }
        // The last 10 % cut (the timers and finish times): all eight entries are back.
        let (got, _) = decode_lenient::<State>(&text.as_bytes()[..text.len() * 90 / 100]).unwrap();
        assert_eq!(got.diary, state.diary);
    }

    /// A NUL between fields, and stray control characters anywhere: stepped over, said, and
    /// nothing else is lost.
    #[test]
    fn stray_control_characters_are_stepped_over() {
        let state = a_real_state();
        let text = encode(&state).unwrap();
        let i = text.find("diary:").unwrap();
        let j = text.find("timers:").unwrap();
        let damaged = format!("{}\0\0{}\u{7}{}", &text[..i], &text[i..j], &text[j..]);
        let (got, dropped) = decode_lenient::<State>(damaged.as_bytes()).unwrap();
        assert_eq!(got, state);
        assert_eq!(dropped.len(), 1, "{dropped:?}");
        assert!(
            dropped[0].starts_with("3 stray control characters (the first, U+0000, at byte"),
            "{dropped:?}"
        );
    }

    /// A number too big for its place (a hand edit, a flipped bit) costs its entry or part.
    #[test]
    fn a_number_too_big_costs_its_part() {
        let state = a_real_state();
        let text = encode(&state).unwrap();
        let damaged = text
            .replacen("score: 3,", "score: 99999999999999999999999999999999,", 1)
            .replacen("round: 3,", "round: 4294967296,", 1);
        let (got, dropped) = decode_lenient::<State>(damaged.as_bytes()).unwrap();
        assert_eq!(got.diary.len(), state.diary.len() - 1);
        assert!(got.diary.iter().all(|e| e.score != 3));
        assert_eq!(got.timers.wall, None);
        assert_eq!(
            (got.walks, got.doctor, got.onset),
            (state.walks, state.doctor, state.onset)
        );
        assert_eq!(dropped.len(), 2, "{dropped:?}");
        assert!(
            dropped[0].starts_with("diary entry 4 of 8, logged "),
            "{dropped:?}"
        );
        assert!(dropped[1].starts_with("the ice run ("), "{dropped:?}");
    }

    #[test]
    fn what_cannot_be_told_apart_is_damaged() {
        // Cut inside its first entry: an empty diary, said.
        let (state, dropped) =
            decode_lenient::<State>(b"(version: 1, state: (diary: [(at: ").unwrap();
        assert_eq!(state, State::default());
        assert_eq!(dropped, [format!("diary entry 1 ({CUT})")]);
        for text in [
            "(version: 1, state: [1, 2])",
            "(version: 1, state: 5)",
            "(version: 1)",
            "not ron at all",
        ] {
            assert!(
                matches!(
                    decode_lenient::<State>(text.as_bytes()),
                    Err(DecodeError::Syntax(_))
                ),
                "{text}"
            );
        }
        // A newer file is never read in parts.
        assert!(matches!(
            decode_lenient::<State>(b"(version: 2, state: (diary: 5))"),
            Err(DecodeError::Newer { .. })
        ));
    }
}
