//! Adding a diary entry to the file's text without reading the file whole, for `backspasm log`:
//! at years of diary, parsing and writing out every entry is what a save costs, and an entry
//! logged now goes after the last one. The text is cut where the diary's list ends and the new
//! entry is put there exactly as [`encode`] writes it, so the file is byte for byte what a full
//! save would have written. Only a file whose check line holds (exactly as a backspasm wrote
//! it: nothing a full read would drop or repair) is changed this way. Anything else (no entry
//! yet, the last entry not earlier than the new one, a file edited since) is `None`: the
//! caller saves the usual way.

use super::{Edit, State};
use crate::state::format::{Checksum, Persist, check_line, checked, encode, with_sum};
use crate::state::ron_parts::{self, Item};
use crate::today::diary::PainEntry;

/// `text` (a state file) with `entry` added at the end of its diary, if `entry` is later than
/// every entry there.
pub fn append_pain(file: &str, entry: &PainEntry) -> Option<String> {
    let (text, stated) = check_line(file)?;
    let (diary, last) = diary_list(text)?;
    if last.at >= entry.at {
        return None;
    }
    let mut one = State::default();
    one.apply(&Edit::LogPain(entry.clone()));
    let one = encode(&one).ok()?;
    let one = checked(&one)?;
    let (one_diary, _) = diary_list(one)?;
    // The new entry's lines, as `encode` indents them, with the comma after it.
    let lines = between_lines(one, one_diary.first)?;
    // Where the list's last line ends, before the line with its closing bracket.
    let at = line_end(text, diary.last_end)?;
    // Only a file exactly as written (whole, no part that a full read would drop or repair).
    // The sum up to `at` serves both the check and the new file's line.
    let head = Checksum::default().then(&text[..at]);
    if head.then(&text[at..]) != stated {
        return None;
    }
    let mut out = String::with_capacity(file.len() + lines.len());
    out.push_str(&text[..at]);
    out.push_str(lines);
    out.push_str(&text[at..]);
    let sum = head.then(lines).then(&text[at..]);
    Some(with_sum(out, sum))
}

/// The diary of a state file: where its first item starts and its last item ends (byte
/// offsets in `text`), and the last entry. `None` unless the file is whole and of this version
/// and the diary has an entry.
fn diary_list(text: &str) -> Option<(Span, PainEntry)> {
    let envelope = whole_parts(text)?;
    let version = envelope.iter().find(|i| i.key == "version")?;
    if ron::from_str::<u32>(version.text).ok()? != State::VERSION {
        return None;
    }
    let state = envelope.iter().find(|i| i.key == "state")?;
    let sections = whole_parts(state.text)?;
    let diary = sections.iter().find(|i| i.key == "diary")?;
    let entries = whole_parts(diary.text)?;
    let (first, last) = (entries.first()?, entries.last()?);
    let span = Span {
        first: offset(text, first.text),
        last_end: offset(text, last.text) + last.text.len(),
    };
    Some((span, ron::from_str(last.text).ok()?))
}

struct Span {
    first: usize,
    last_end: usize,
}

/// The items of the struct, map or list `text` is, all whole and nothing cut.
fn whole_parts(text: &str) -> Option<Vec<Item<'_>>> {
    let parts = ron_parts::split(text)?;
    (!parts.cut && parts.items.iter().all(|i| i.whole)).then_some(parts.items)
}

/// Where `part` (a slice of `text`) starts in `text`.
fn offset(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// The end of the line `i` is on (after its newline).
fn line_end(text: &str, i: usize) -> Option<usize> {
    text[i..].find('\n').map(|n| i + n + 1)
}

/// The whole lines of `text` from the one `start` is on up to the end of the line after
/// `start`'s item (its comma and newline): the lines of a one-entry list's entry.
fn between_lines(text: &str, start: usize) -> Option<&str> {
    let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
    let (list, _) = diary_list(text)?;
    let end = line_end(text, list.last_end)?;
    Some(&text[line_start..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, FixedOffset, TimeDelta};

    /// When the diary's last entry was logged, read without reading the rest of the file.
    fn last_logged(text: &str) -> Option<DateTime<FixedOffset>> {
        diary_list(text).map(|(_, last)| last.at)
    }

    fn at(h: i64) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-24T09:00:00+01:00").unwrap() + TimeDelta::hours(h)
    }

    fn entry(h: i64, note: Option<&str>) -> PainEntry {
        PainEntry::new(at(h), (h % 11) as u8, note.map(str::to_string))
    }

    /// Byte for byte what a full save writes, whatever else the state holds.
    #[test]
    fn the_text_is_what_a_full_save_writes() {
        let mut state = State::default();
        for e in [
            Edit::SetOnset(at(-3)),
            Edit::Doctor {
                id: "severe".into(),
                ticked: true,
            },
            Edit::LogPain(entry(0, Some("stiff, \"very\" (after) [sitting] ]"))),
        ] {
            state.apply(&e);
        }
        for h in 1..6 {
            let new = entry(h, (h % 2 == 0).then_some("a note ], (x) [y]"));
            let text = encode(&state).unwrap();
            assert_eq!(last_logged(&text), Some(at(h - 1)));
            let spliced = append_pain(&text, &new).expect("after the last entry");
            state.apply(&Edit::LogPain(new));
            assert_eq!(spliced, encode(&state).unwrap(), "entry {h}");
        }
    }

    #[test]
    fn anything_else_is_left_to_a_full_save() {
        let mut state = State::default();
        let empty = encode(&state).unwrap();
        assert_eq!(append_pain(&empty, &entry(1, None)), None, "no entry yet");
        state.apply(&Edit::LogPain(entry(5, None)));
        let text = encode(&state).unwrap();
        assert_eq!(append_pain(&text, &entry(5, None)), None, "the same time");
        assert_eq!(append_pain(&text, &entry(4, None)), None, "earlier");
        let cut = &text[..text.len() - 3];
        assert_eq!(append_pain(cut, &entry(6, None)), None, "not whole");
        let edited = text.replace("score: 5", "score: 11");
        assert_eq!(
            append_pain(&edited, &entry(6, None)),
            None,
            "edited by hand"
        );
        let newer = crate::state::format::with_check(
            checked(&text).unwrap().replace("version: 1", "version: 2"),
        );
        assert_eq!(
            append_pain(&newer, &entry(6, None)),
            None,
            "another version"
        );
        assert!(append_pain(&text, &entry(6, None)).is_some());
    }
}
