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
    /// When it was logged (the local offset of the moment); unique within the diary.
    pub at: DateTime<FixedOffset>,
    pub score: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    at: DateTime<FixedOffset>,
    score: u8,
    #[serde(default)]
    note: Option<String>,
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

/// `at`, moved on by a nanosecond while an entry already has that time, so every entry of the
/// diary has its own timestamp (notes and merges find entries by it).
pub fn unique_time(diary: &[PainEntry], mut at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    while diary.iter().any(|e| e.at == at) {
        at += TimeDelta::nanoseconds(1);
    }
    at
}

/// Add `entry` in time order. An entry with the same time is the same entry (an edit applied
/// twice, or already merged from disk) and is left as it is.
pub fn insert(diary: &mut Vec<PainEntry>, entry: PainEntry) {
    if diary.iter().any(|e| e.at == entry.at) {
        return;
    }
    let i = diary.partition_point(|e| e.at <= entry.at);
    diary.insert(i, entry);
}

/// Set (or clear) the note of the entry logged at `at`; nothing if there is none.
pub fn set_note(diary: &mut [PainEntry], at: DateTime<FixedOffset>, note: Option<String>) {
    if let Some(e) = diary.iter_mut().find(|e| e.at == at) {
        e.note = note;
    }
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
        PainEntry {
            at: t(d, h),
            score,
            note: None,
        }
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
        set_note(&mut d, t(20, 12), Some("after lunch".into()));
        assert_eq!(d[2].note.as_deref(), Some("after lunch"));
        set_note(&mut d, t(1, 1), Some("nobody".into()));
        assert_eq!(d.iter().filter(|x| x.note.is_some()).count(), 1);
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
