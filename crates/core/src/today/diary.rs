//! The pain diary: entries (time, 0–10 score, optional note), the rules for what may be
//! logged, and what is read from it (per-day figures, the trend). Pure: no clock, no I/O.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

/// The top of the scale.
pub const MAX_SCORE: u8 = 10;
/// A note is a short line, not a letter.
pub const MAX_NOTE_CHARS: usize = 200;

/// One diary entry. Read from the state file through `try_from`, so a hand-edited file with a
/// score of 99 or an escape code in a note counts as damaged instead of reaching the screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawEntry")]
pub struct PainEntry {
    /// What edits (note, score, delete) and merges find the entry by: random when it is logged,
    /// so two instances logging at the same instant (a frozen or coarse clock) add two entries.
    pub id: EntryId,
    /// When it was logged (the local offset of the moment).
    pub at: DateTime<FixedOffset>,
    pub score: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An entry's identity.
pub type EntryId = u64;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    /// Files from before ids have none: see `time_id`.
    #[serde(default, deserialize_with = "present")]
    id: Option<EntryId>,
    at: DateTime<FixedOffset>,
    score: u8,
    #[serde(default)]
    note: Option<String>,
}

/// A field written as a plain value (`id: 7`), read as `Some` (absent is `None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<EntryId>, D::Error> {
    EntryId::deserialize(d).map(Some)
}

impl TryFrom<RawEntry> for PainEntry {
    type Error = DiaryError;

    fn try_from(raw: RawEntry) -> Result<Self, DiaryError> {
        if raw.score > MAX_SCORE {
            return Err(DiaryError::Score(raw.score.to_string()));
        }
        let note = match raw.note {
            Some(n) => clean_note(&n)?,
            None => None,
        };
        Ok(PainEntry {
            id: raw.id.unwrap_or_else(|| time_id(raw.at)),
            at: raw.at,
            score: raw.score,
            note,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DiaryError {
    #[error("the pain score must be a whole number from 0 to {MAX_SCORE}, not {0:?}")]
    Score(String),
    #[error("the note contains {what} (U+{code:04X}); a note is one line of plain text")]
    NoteControl { what: &'static str, code: u32 },
    #[error("the note is {0} characters long; keep it to {MAX_NOTE_CHARS}")]
    NoteTooLong(usize),
}

/// A score as typed: a whole number 0–10 (surrounding spaces allowed).
pub fn parse_score(text: &str) -> Result<u8, DiaryError> {
    let t = text.trim();
    match t.parse::<u8>() {
        Ok(n) if n <= MAX_SCORE && t.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
        _ => Err(DiaryError::Score(text.to_string())),
    }
}

/// A note as typed: trimmed; empty means none. What content may not hold either
/// (`safe_text::problem`: control characters such as escape codes, newlines and tabs, bidi
/// overrides, line separators) and overlong notes are refused, since the note is shown in a
/// terminal.
pub fn clean_note(text: &str) -> Result<Option<String>, DiaryError> {
    if let Some((c, what)) = text
        .chars()
        .find_map(|c| crate::safe_text::problem(c).map(|what| (c, what)))
    {
        return Err(DiaryError::NoteControl {
            what,
            code: c as u32,
        });
    }
    let t = text.trim();
    let n = t.chars().count();
    if n > MAX_NOTE_CHARS {
        return Err(DiaryError::NoteTooLong(n));
    }
    Ok((!t.is_empty()).then(|| t.to_string()))
}

impl PainEntry {
    /// An entry identified by its time, as the entries of a file from before ids are.
    pub fn new(at: DateTime<FixedOffset>, score: u8, note: Option<String>) -> PainEntry {
        PainEntry {
            id: time_id(at),
            at,
            score,
            note,
        }
    }
}

/// The id of an entry read from a file written before entries had ids: made from its time,
/// which was unique within the diary then, so every instance reading that file gives the
/// entry the same id (an edit made in one finds it in the other's copy).
pub fn time_id(at: DateTime<FixedOffset>) -> EntryId {
    let nanos = (at.timestamp() as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(u64::from(at.timestamp_subsec_nanos()));
    mix(nanos)
}

/// splitmix64's finaliser: spreads a number over all 64 bits.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A hand-edited file from before ids can hold two entries with the same time, and so the
/// same id: give the later ones the next free ids, the same way in every instance.
pub fn settle_ids(diary: &mut [PainEntry]) {
    let mut seen = std::collections::HashSet::new();
    for e in diary.iter_mut() {
        while !seen.insert(e.id) {
            e.id = e.id.wrapping_add(1);
        }
    }
}

/// `at`, moved on by a nanosecond while an entry already has that time, so entries logged by
/// one instance keep the order they were logged in even when its clock stands still.
pub fn unique_time(diary: &[PainEntry], mut at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    while diary.iter().any(|e| e.at == at) {
        at += TimeDelta::nanoseconds(1);
    }
    at
}

/// Add `entry` in order of time (then id, so every copy orders equal times alike). An entry
/// with the same id is the same entry (an edit applied twice, or already merged from disk) and
/// is left as it is.
pub fn insert(diary: &mut Vec<PainEntry>, entry: PainEntry) {
    if diary.iter().any(|e| e.id == entry.id) {
        return;
    }
    let i = diary.partition_point(|e| (e.at, e.id) <= (entry.at, entry.id));
    diary.insert(i, entry);
}

/// Set (or clear) the note of entry `id`; nothing if there is none (deleted meanwhile).
pub fn set_note(diary: &mut [PainEntry], id: EntryId, note: Option<String>) {
    if let Some(e) = diary.iter_mut().find(|e| e.id == id) {
        e.note = note;
    }
}

/// Set the score of entry `id`; nothing if there is none.
pub fn set_score(diary: &mut [PainEntry], id: EntryId, score: u8) {
    if let Some(e) = diary.iter_mut().find(|e| e.id == id) {
        e.score = score.min(MAX_SCORE);
    }
}

/// Remove entry `id`, if it is there.
pub fn remove(diary: &mut Vec<PainEntry>, id: EntryId) {
    diary.retain(|e| e.id != id);
}

/// For the state's `diary` field: the entries, their ids settled (`settle_ids`).
pub fn read<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<PainEntry>, D::Error> {
    let mut diary = Vec::<PainEntry>::deserialize(d)?;
    settle_ids(&mut diary);
    Ok(diary)
}

/// One calendar day of the diary, in the offset it is read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: NaiveDate,
    pub count: usize,
    pub min: u8,
    pub max: u8,
    /// The day's latest score.
    pub last: u8,
}

/// The diary by local day (in `offset`), oldest first; days without entries are left out.
pub fn days(diary: &[PainEntry], offset: FixedOffset) -> Vec<Day> {
    let mut out: Vec<Day> = Vec::new();
    let mut sorted: Vec<&PainEntry> = diary.iter().collect();
    sorted.sort_by_key(|e| e.at);
    for e in sorted {
        let date = e.at.with_timezone(&offset).date_naive();
        match out.last_mut() {
            Some(d) if d.date == date => {
                d.count += 1;
                d.min = d.min.min(e.score);
                d.max = d.max.max(e.score);
                d.last = e.score;
            }
            _ => out.push(Day {
                date,
                count: 1,
                min: e.score,
                max: e.score,
                last: e.score,
            }),
        }
    }
    out
}

/// How the latest score compares with the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Lower,
    Same,
    Higher,
}

impl Trend {
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Lower => "↓",
            Trend::Same => "→",
            Trend::Higher => "↑",
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Trend::Lower => "lower than",
            Trend::Same => "same as",
            Trend::Higher => "higher than",
        }
    }
}

/// The latest entry, and the trend against the previous one with its score.
pub fn latest(diary: &[PainEntry]) -> Option<(&PainEntry, Option<(Trend, u8)>)> {
    let mut sorted: Vec<&PainEntry> = diary.iter().collect();
    sorted.sort_by_key(|e| e.at);
    let last = *sorted.last()?;
    let trend = sorted.len().checked_sub(2).map(|i| {
        let prev = sorted[i].score;
        let t = match last.score.cmp(&prev) {
            std::cmp::Ordering::Less => Trend::Lower,
            std::cmp::Ordering::Equal => Trend::Same,
            std::cmp::Ordering::Greater => Trend::Higher,
        };
        (t, prev)
    });
    Some((last, trend))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(d: u32, h: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, d, h, 0, 0)
            .unwrap()
    }

    fn e(d: u32, h: u32, score: u8) -> PainEntry {
        PainEntry::new(t(d, h), score, None)
    }

    #[test]
    fn scores() {
        for (s, n) in [("0", 0), ("7", 7), (" 10 ", 10), ("07", 7)] {
            assert_eq!(parse_score(s), Ok(n), "{s:?}");
        }
        for s in ["11", "-1", "+5", "5.5", "", "ten", "256", "1e1"] {
            assert_eq!(parse_score(s), Err(DiaryError::Score(s.into())), "{s:?}");
        }
    }

    #[test]
    fn notes() {
        assert_eq!(clean_note("  stiff  "), Ok(Some("stiff".into())));
        assert_eq!(clean_note("   "), Ok(None));
        let refused = |code, what| Err(DiaryError::NoteControl { what, code });
        assert_eq!(
            clean_note("a\x1b[31mb"),
            refused(0x1b, "a control character")
        );
        assert_eq!(
            clean_note("two\nlines"),
            refused(0x0a, "a control character")
        );
        assert_eq!(clean_note("c1\u{85}"), refused(0x85, "a control character"));
        // The same rule as content: nothing that reorders or breaks the line either.
        assert_eq!(
            clean_note("abc\u{202e}fed"),
            refused(0x202e, "a bidirectional control character")
        );
        assert_eq!(
            clean_note("a\u{2066}b"),
            refused(0x2066, "a bidirectional control character")
        );
        assert_eq!(
            clean_note("a\u{2028}b"),
            refused(0x2028, "a line or paragraph separator")
        );
        assert_eq!(
            clean_note("zero\u{200d}width joiner"),
            Ok(Some("zero\u{200d}width joiner".into()))
        );
        assert_eq!(clean_note(&"é".repeat(200)), Ok(Some("é".repeat(200))));
        assert_eq!(
            clean_note(&"x".repeat(201)),
            Err(DiaryError::NoteTooLong(201))
        );
    }

    #[test]
    fn insert_keeps_time_order_and_ignores_the_same_entry_twice() {
        let mut d = vec![e(20, 8, 5), e(20, 20, 7)];
        insert(&mut d, e(20, 12, 6));
        insert(&mut d, e(20, 12, 6));
        insert(&mut d, e(19, 9, 9));
        let scores: Vec<u8> = d.iter().map(|x| x.score).collect();
        assert_eq!(scores, [9, 5, 6, 7]);
        assert_eq!(
            unique_time(&d, t(20, 12)),
            t(20, 12) + TimeDelta::nanoseconds(1)
        );
        assert_eq!(unique_time(&d, t(21, 12)), t(21, 12));
        set_note(&mut d, time_id(t(20, 12)), Some("after lunch".into()));
        assert_eq!(d[2].note.as_deref(), Some("after lunch"));
        set_note(&mut d, time_id(t(1, 1)), Some("nobody".into()));
        assert_eq!(d.iter().filter(|x| x.note.is_some()).count(), 1);
        set_score(&mut d, time_id(t(20, 12)), 2);
        assert_eq!(d[2].score, 2);
        remove(&mut d, time_id(t(20, 12)));
        remove(&mut d, time_id(t(20, 12)));
        let scores: Vec<u8> = d.iter().map(|x| x.score).collect();
        assert_eq!(scores, [9, 5, 7]);
    }

    #[test]
    fn entries_at_the_same_time_are_two_entries() {
        // Two instances with a frozen clock log at the same instant.
        let a = PainEntry {
            id: 1,
            ..e(20, 8, 5)
        };
        let b = PainEntry {
            id: 2,
            ..e(20, 8, 6)
        };
        assert_ne!(a.id, b.id);
        let (mut one, mut two) = (Vec::new(), Vec::new());
        for x in [&a, &b] {
            insert(&mut one, x.clone());
        }
        for x in [&b, &a, &b] {
            insert(&mut two, x.clone());
        }
        assert_eq!(one, two, "the same order, whichever came first");
        assert_eq!(one.len(), 2);
    }

    #[test]
    fn entries_without_ids_get_the_same_id_in_every_reader() {
        let old = r#"(at: "2026-11-20T08:00:00+01:00", score: 4)"#;
        let a: PainEntry = ron::from_str(old).unwrap();
        let b: PainEntry = ron::from_str(old).unwrap();
        assert_eq!(a.id, b.id);
        assert_eq!(a.id, time_id(a.at));
        let other: PainEntry =
            ron::from_str(r#"(at: "2026-11-20T08:00:00.000000001+01:00", score: 4)"#).unwrap();
        assert_ne!(a.id, other.id);
        // A written id is read back as it is.
        let kept: PainEntry = ron::from_str(&ron::to_string(&b).unwrap()).unwrap();
        assert_eq!(kept, b);
        // Two entries with the same time (a hand edit): the second gets the next id.
        let mut d = vec![a.clone(), b.clone()];
        settle_ids(&mut d);
        assert_eq!((d[0].id, d[1].id), (a.id, a.id.wrapping_add(1)));
    }

    #[test]
    fn days_group_by_local_date() {
        let d = vec![e(20, 8, 5), e(20, 23, 7), e(20, 12, 3), e(22, 9, 2)];
        let days = days(&d, FixedOffset::east_opt(3600).unwrap());
        assert_eq!(days.len(), 2);
        assert_eq!(
            (days[0].count, days[0].min, days[0].max, days[0].last),
            (3, 3, 7, 7)
        );
        assert_eq!(days[1].date, NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        // Read two hours east, 23:00 is already the next day.
        let east = days_in(&d, 3 * 3600);
        assert_eq!(east.len(), 3);
        assert_eq!((east[0].count, east[0].last), (2, 3));
    }

    fn days_in(d: &[PainEntry], secs: i32) -> Vec<Day> {
        days(d, FixedOffset::east_opt(secs).unwrap())
    }

    #[test]
    fn trend_compares_the_last_two() {
        assert_eq!(latest(&[]), None);
        let one = [e(20, 8, 5)];
        assert_eq!(latest(&one).map(|(l, t)| (l.score, t)), Some((5, None)));
        let d = [e(20, 8, 5), e(21, 8, 3), e(20, 20, 7)];
        let (last, trend) = latest(&d).unwrap();
        assert_eq!((last.score, trend), (3, Some((Trend::Lower, 7))));
        let d = [e(20, 8, 5), e(21, 8, 5)];
        assert_eq!(latest(&d).unwrap().1, Some((Trend::Same, 5)));
        let d = [e(20, 8, 2), e(21, 8, 5)];
        assert_eq!(latest(&d).unwrap().1, Some((Trend::Higher, 2)));
    }

    #[test]
    fn bad_entries_in_a_file_are_refused() {
        let ok: PainEntry =
            ron::from_str(r#"(at: "2026-11-20T08:00:00+01:00", score: 10, note: Some("ok"))"#)
                .unwrap();
        assert_eq!(ok.score, 10);
        for bad in [
            r#"(at: "2026-11-20T08:00:00+01:00", score: 11)"#,
            r#"(at: "2026-11-20T08:00:00+01:00", score: 3, note: Some("\u{1b}[2J"))"#,
            r#"(at: "2026-11-20T08:00:00+01:00", score: 3, note: Some("a\u{202e}b"))"#,
            r#"(at: "2026-11-20T08:00:00+01:00", score: 3, mood: "x")"#,
            r#"(at: "yesterday", score: 3)"#,
        ] {
            assert!(ron::from_str::<PainEntry>(bad).is_err(), "{bad}");
        }
    }
}
