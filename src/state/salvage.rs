//! Reading a state file that does not decode whole. Each section is read on its own, and so is
//! each entry of the diary and of the sections that are maps (walkthroughs, finish times, the
//! timers' logs): what cannot be read is dropped and named, the rest is kept. One bad diary
//! entry (a note from an older build, a hand edit) then costs that entry, not the whole file.
//! The store keeps the file as it was in a backup before anything is written over it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use ron::value::RawValue;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};

use super::State;
use crate::diary::PainEntry;
use crate::timer::kept::Timers;

/// The state and one line per part dropped; `None` when `text` is not even a struct of
/// sections (nothing can be told apart, so the file counts as damaged).
pub fn salvage(text: &str) -> Option<(State, Vec<String>)> {
    let Fields(fields) = ron::from_str(text).ok()?;
    let mut state = State::default();
    let mut dropped = Vec::new();
    let mut read = BTreeSet::new();
    for (name, raw) in fields {
        let raw = raw.get_ron();
        if !read.insert(name.clone()) {
            dropped.push(format!("a second `{name}` section"));
            continue;
        }
        let mut drop = |line: String| dropped.push(line);
        match name.as_str() {
            "walks" => state.walks = map(raw, "the walkthroughs' progress", &mut drop),
            "onset" => state.onset = one(raw, "the start", &mut drop).flatten(),
            "doctor" => state.doctor = one(raw, "the doctor ticks", &mut drop).unwrap_or_default(),
            "diary" => state.diary = diary(raw, &mut drop),
            "timers" => state.timers = timers(raw, &mut drop),
            "finished" => state.finished = map(raw, "the finish times", &mut drop),
            _ => drop(format!("an unknown section `{name}`")),
        }
    }
    Some((state, dropped))
}

/// The reason without the position (which would count from the part, not from the file).
fn why(e: ron::error::SpannedError) -> String {
    e.code.to_string()
}

/// `raw` read as a `T`, or dropped: `what` and why.
fn one<T: DeserializeOwned>(raw: &str, what: &str, drop: &mut impl FnMut(String)) -> Option<T> {
    ron::from_str(raw)
        .map_err(|e| drop(format!("{what} ({})", why(e))))
        .ok()
}

/// A map section entry by entry: an entry that cannot be read is dropped, named by its key.
fn map<T: DeserializeOwned>(
    raw: &str,
    what: &str,
    drop: &mut impl FnMut(String),
) -> BTreeMap<String, T> {
    let Some(entries) = one::<BTreeMap<String, Box<RawValue>>>(raw, what, drop) else {
        return BTreeMap::new();
    };
    entries
        .into_iter()
        .filter_map(|(key, raw)| {
            let what = format!("{what}: {key:?}");
            one(raw.get_ron(), &what, drop).map(|v| (key, v))
        })
        .collect()
}

/// The diary entry by entry; a dropped entry is named by its place and, if it has one that
/// reads, its time.
fn diary(raw: &str, drop: &mut impl FnMut(String)) -> Vec<PainEntry> {
    #[derive(Deserialize)]
    struct At {
        at: String,
    }
    let Some(entries) = one::<Vec<Box<RawValue>>>(raw, "the diary", drop) else {
        return Vec::new();
    };
    let n = entries.len();
    entries
        .iter()
        .enumerate()
        .filter_map(|(i, raw)| {
            ron::from_str(raw.get_ron())
                .map_err(|e| {
                    let at = ron::from_str::<At>(raw.get_ron())
                        .map(|a| format!(", logged {}", a.at))
                        .unwrap_or_default();
                    drop(format!("diary entry {} of {n}{at} ({})", i + 1, why(e)));
                })
                .ok()
        })
        .collect()
}

/// The ice run and each cycle's log on their own.
fn timers(raw: &str, drop: &mut impl FnMut(String)) -> Timers {
    let mut timers = Timers::default();
    let Some(Fields(fields)) = one(raw, "the timers", drop) else {
        return timers;
    };
    for (name, raw) in fields {
        let raw = raw.get_ron();
        match name.as_str() {
            "wall" => timers.wall = one(raw, "the ice run", drop).flatten(),
            "done" => timers.done = map(raw, "the timers' log", drop),
            _ => drop(format!("an unknown part `{name}` of the timers")),
        }
    }
    timers
}

/// A RON struct's fields in file order, each as its own text (unknown names included).
struct Fields(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Each;
        impl<'de> Visitor<'de> for Each {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a struct")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut fields = Vec::new();
                while let Some(field) = map.next_entry()? {
                    fields.push(field);
                }
                Ok(Fields(fields))
            }
        }
        d.deserialize_struct("State", &[], Each)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{DecodeError, Persist, decode, decode_lenient, encode};

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
            timers: (wall: Some((cycle: "ice")), done: {"ice": (ended: []), "hot": 5}, odd: 1),
            extra: 42,
        ))"#;
        let (state, dropped) = read(text);
        assert_eq!(state.walks.keys().collect::<Vec<_>>(), ["lifting"]);
        assert_eq!(state.finished.keys().collect::<Vec<_>>(), ["lifting"]);
        assert_eq!(state.onset, None);
        assert_eq!(state.doctor.iter().collect::<Vec<_>>(), ["severe"]);
        assert_eq!(state.timers.wall, None);
        assert_eq!(state.timers.done.keys().collect::<Vec<_>>(), ["ice"]);
        let starts = [
            "the walkthroughs' progress: \"needs\" (",
            "the finish times: \"x\" (",
            "the start (",
            "a second `doctor` section",
            "the ice run (",
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

    /// Before a file with parts that cannot be read is written over, the copy of it is on
    /// disk for certain (its bytes and its directory entry).
    #[test]
    fn the_copy_is_durable_before_the_file_is_replaced() {
        use crate::store::{Store, disk_log};
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let path = dir.join("state.ron");
        let text = format!(r#"(version: 1, state: (diary: [{GOOD}, (score: 3)]))"#);
        std::fs::write(&path, &text).unwrap();
        disk_log::take();
        let (mut store, mut state, notices) = Store::<State>::open(Some(dir.to_path_buf()));
        assert_eq!(notices.len(), 1, "{notices:?}");
        let bak = dir.join("state.ron.bak");
        assert_eq!(
            disk_log::take(),
            [
                format!("fsync {}", bak.display()),
                format!("fsync {}", dir.display())
            ]
        );
        let edit = crate::state::Edit::SetOnset(state.diary[0].at);
        state.apply(&edit);
        store.save(&mut state, &[edit]).unwrap();
        let log = disk_log::take();
        assert_eq!(log.len(), 3, "{log:?}");
        assert!(log[0].starts_with(&format!("fsync {}/.state.ron.tmp-", dir.display())));
        assert_eq!(
            log[1..],
            [
                format!("rename {}", path.display()),
                format!("fsync {}", dir.display())
            ]
        );
        assert_eq!(std::fs::read_to_string(&bak).unwrap(), text);
    }

    #[test]
    fn what_cannot_be_told_apart_is_damaged() {
        for text in [
            "(version: 1, state: (diary: [(at: ",
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
