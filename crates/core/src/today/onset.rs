//! When the spasm began: the picker's one-key choices and typed dates, as pure functions of
//! `now` (whose offset is the local one). An onset is never in the future.
//!
//! Typed forms (case and extra spaces don't matter):
//! - `2026-11-24 08:00` (or `T` between, seconds optional), `2026-11-24` (00:00 that day),
//!   RFC 3339 with an offset (`2026-11-24T08:00:00+01:00`);
//! - `today 08:00`, `yesterday 18:00`, `yesterday` (24 hours ago);
//! - `08:00`, `8:30`, `8am`, `6:30pm`: the most recent such time (today, or yesterday if that
//!   is still to come);
//! - `36h`, `36 hours ago`, `2d`, `3 days ago`, `1 week ago`, `90 min ago`;
//! - the picker's own words: `just now`, `this morning` (before 08:00: `earlier today`, and
//!   `this morning` is refused as still to come), `a week ago`, ...

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

/// The picker's choices, in order (keys 1–7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    JustNow,
    ThisMorning,
    Yesterday,
    TwoDaysAgo,
    ThreeDaysAgo,
    AWeekAgo,
    OverTwoWeeksAgo,
}

pub const CHOICES: [Choice; 7] = [
    Choice::JustNow,
    Choice::ThisMorning,
    Choice::Yesterday,
    Choice::TwoDaysAgo,
    Choice::ThreeDaysAgo,
    Choice::AWeekAgo,
    Choice::OverTwoWeeksAgo,
];

/// The picker's row after the times (key 8): type a date and time instead.
pub const TYPE_A_DATE: usize = CHOICES.len();

/// "This morning" means this hour of today. Before it, the choice is "earlier today" and
/// means today's midnight instead: a choice never records a time later than now.
pub const MORNING: NaiveTime = match NaiveTime::from_hms_opt(8, 0, 0) {
    Some(t) => t,
    None => unreachable!(),
};

/// Whether "this morning" is still to come at `now` (the choice is "earlier today" then).
fn before_morning(now: DateTime<FixedOffset>) -> bool {
    now.time() < MORNING
}

impl Choice {
    pub fn label(self, now: DateTime<FixedOffset>) -> &'static str {
        match self {
            Choice::JustNow => "just now",
            Choice::ThisMorning if before_morning(now) => "earlier today",
            Choice::ThisMorning => "this morning",
            Choice::Yesterday => "yesterday",
            Choice::TwoDaysAgo => "2 days ago",
            Choice::ThreeDaysAgo => "3 days ago",
            Choice::AWeekAgo => "a week ago",
            Choice::OverTwoWeeksAgo => "over two weeks ago",
        }
    }

    /// What the choice counts as, shown beside it in the picker.
    pub fn meaning(self, now: DateTime<FixedOffset>) -> &'static str {
        match self {
            Choice::JustNow => "now",
            Choice::ThisMorning if before_morning(now) => "today 00:00",
            Choice::ThisMorning => "today 08:00",
            Choice::Yesterday => "24 hours ago",
            Choice::TwoDaysAgo => "48 hours ago",
            Choice::ThreeDaysAgo => "72 hours ago",
            Choice::AWeekAgo => "7 days ago",
            Choice::OverTwoWeeksAgo => "15 days ago",
        }
    }

    /// The onset this choice stands for; never after `now`.
    pub fn at(self, now: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        let ago = |h: i64| now - TimeDelta::hours(h);
        match self {
            Choice::JustNow => now,
            Choice::ThisMorning if before_morning(now) => {
                local(now, now.date_naive(), NaiveTime::MIN)
            }
            Choice::ThisMorning => local(now, now.date_naive(), MORNING),
            Choice::Yesterday => ago(24),
            Choice::TwoDaysAgo => ago(48),
            Choice::ThreeDaysAgo => ago(72),
            Choice::AWeekAgo => ago(7 * 24),
            Choice::OverTwoWeeksAgo => ago(15 * 24),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OnsetError {
    #[error("type a date or time, e.g. 2026-11-24 08:00, yesterday 18:00 or 36h ago")]
    Empty,
    #[error("not a date or time I know: {0:?}")]
    Unknown(String),
    #[error("that is in the future; the spasm began before now")]
    Future,
    #[error("that is too far back")]
    TooFar,
}

/// Parse a typed onset. `now` gives today's date and the offset of times without one.
pub fn parse(text: &str, now: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>, OnsetError> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = text.to_lowercase();
    if lower.is_empty() {
        return Err(OnsetError::Empty);
    }
    let at = parse_any(&lower, &text, now).ok_or_else(|| OnsetError::Unknown(text.clone()))??;
    if at > now {
        Err(OnsetError::Future)
    } else {
        Ok(at)
    }
}

type Parsed = Result<DateTime<FixedOffset>, OnsetError>;

fn parse_any(lower: &str, original: &str, now: DateTime<FixedOffset>) -> Option<Parsed> {
    if let Some(c) = CHOICES.iter().find(|c| c.label(now) == lower) {
        return Some(Ok(c.at(now)));
    }
    // Typed before 08:00, "this morning" is still to come: refused as in the future.
    if lower == "this morning" {
        return Some(Ok(local(now, now.date_naive(), MORNING)));
    }
    if lower == "now" {
        return Some(Ok(now));
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(original) {
        return Some(Ok(at));
    }
    if let Some(at) = date_time(lower, now) {
        return Some(Ok(at));
    }
    if let Some(rest) = lower.strip_prefix("today") {
        return day_and_time(rest, now.date_naive(), now);
    }
    if let Some(rest) = lower.strip_prefix("yesterday") {
        if rest.is_empty() {
            return Some(Ok(Choice::Yesterday.at(now)));
        }
        let day = now.date_naive().checked_sub_days(Days::new(1))?;
        return day_and_time(rest, day, now);
    }
    if let Some(t) = time_of_day(lower) {
        // The most recent such time.
        let today = local(now, now.date_naive(), t);
        return Some(Ok(if today <= now {
            today
        } else {
            today - TimeDelta::days(1)
        }));
    }
    ago(lower, now)
}

/// `today 08:00` / `yesterday 18:00`: the part after the day word.
fn day_and_time(rest: &str, day: NaiveDate, now: DateTime<FixedOffset>) -> Option<Parsed> {
    let t = time_of_day(rest.trim())?;
    Some(Ok(local(now, day, t)))
}

fn local(now: DateTime<FixedOffset>, day: NaiveDate, t: NaiveTime) -> DateTime<FixedOffset> {
    // A fixed offset has exactly one instant for every local time.
    NaiveDateTime::new(day, t)
        .and_local_timezone(*now.offset())
        .single()
        .unwrap_or(now)
}

/// `2026-11-24 08:00[:00]`, `2026-11-24T08:00`, `2026-11-24`.
fn date_time(s: &str, now: DateTime<FixedOffset>) -> Option<DateTime<FixedOffset>> {
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dt%H:%M",
        "%Y-%m-%dt%H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(local(now, dt.date(), dt.time()));
        }
    }
    let day = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(local(now, day, NaiveTime::MIN))
}

/// `08:00`, `8:30`, `8am`, `6:30 pm`, `12pm` (noon), `12am` (midnight).
fn time_of_day(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    let (clock, pm) = if let Some(c) = s.strip_suffix("am") {
        (c.trim(), Some(false))
    } else if let Some(c) = s.strip_suffix("pm") {
        (c.trim(), Some(true))
    } else {
        (s, None)
    };
    let digits = |d: &str, lens: std::ops::RangeInclusive<usize>| {
        (lens.contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()))
            .then(|| d.parse::<u32>().ok())
            .flatten()
    };
    let (h, m) = match clock.split_once(':') {
        Some((h, m)) => (digits(h, 1..=2)?, digits(m, 2..=2)?),
        None if pm.is_some() => (digits(clock, 1..=2)?, 0),
        None => return None,
    };
    if h > 23 {
        return None;
    }
    let h = match pm {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(false) => h % 12,
        Some(true) => h % 12 + 12,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// `36h`, `36 h ago`, `2 days ago`, `1 week ago`, `90 min ago`.
fn ago(s: &str, now: DateTime<FixedOffset>) -> Option<Parsed> {
    let s = s.strip_suffix("ago").unwrap_or(s).trim();
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (num, unit) = s.split_at(split);
    let n: i64 = num.parse().ok()?;
    let minutes_per = match unit.trim() {
        "m" | "min" | "mins" | "minute" | "minutes" => 1,
        "h" | "hr" | "hrs" | "hour" | "hours" => 60,
        "d" | "day" | "days" => 24 * 60,
        "w" | "week" | "weeks" => 7 * 24 * 60,
        _ => return None,
    };
    let back = n
        .checked_mul(minutes_per)
        .and_then(TimeDelta::try_minutes)
        .and_then(|d| now.checked_sub_signed(d));
    Some(back.ok_or(OnsetError::TooFar))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// Wednesday 2026-11-25 14:30 at UTC+01:00.
    fn now() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 25, 14, 30, 0)
            .unwrap()
    }

    fn t(s: &str) -> String {
        parse(s, now()).unwrap().to_rfc3339()
    }

    #[test]
    fn full_dates_and_times() {
        assert_eq!(t("2026-11-24 08:00"), "2026-11-24T08:00:00+01:00");
        assert_eq!(t("  2026-11-24   08:00 "), "2026-11-24T08:00:00+01:00");
        assert_eq!(t("2026-11-24T08:00"), "2026-11-24T08:00:00+01:00");
        assert_eq!(t("2026-11-24 08:00:30"), "2026-11-24T08:00:30+01:00");
        assert_eq!(t("2026-11-24"), "2026-11-24T00:00:00+01:00");
        assert_eq!(t("2026-11-24T08:00:00+05:00"), "2026-11-24T08:00:00+05:00");
    }

    #[test]
    fn day_words_and_times_of_day() {
        assert_eq!(t("yesterday 18:00"), "2026-11-24T18:00:00+01:00");
        assert_eq!(t("Yesterday 6pm"), "2026-11-24T18:00:00+01:00");
        assert_eq!(t("today 08:00"), "2026-11-25T08:00:00+01:00");
        assert_eq!(t("yesterday"), "2026-11-24T14:30:00+01:00");
        assert_eq!(t("08:00"), "2026-11-25T08:00:00+01:00");
        assert_eq!(t("8:05"), "2026-11-25T08:05:00+01:00");
        assert_eq!(t("8am"), "2026-11-25T08:00:00+01:00");
        assert_eq!(t("12am"), "2026-11-25T00:00:00+01:00");
        assert_eq!(t("12pm"), "2026-11-25T12:00:00+01:00");
        // A time still to come today means yesterday's.
        assert_eq!(t("20:00"), "2026-11-24T20:00:00+01:00");
        assert_eq!(t("14:30"), "2026-11-25T14:30:00+01:00");
    }

    #[test]
    fn durations_ago() {
        assert_eq!(t("36h"), "2026-11-24T02:30:00+01:00");
        assert_eq!(t("36 hours ago"), "2026-11-24T02:30:00+01:00");
        assert_eq!(t("2d"), "2026-11-23T14:30:00+01:00");
        assert_eq!(t("3 days ago"), "2026-11-22T14:30:00+01:00");
        assert_eq!(t("1 week ago"), "2026-11-18T14:30:00+01:00");
        assert_eq!(t("90 min ago"), "2026-11-25T13:00:00+01:00");
        assert_eq!(t("now"), "2026-11-25T14:30:00+01:00");
    }

    #[test]
    fn the_pickers_words_parse_too() {
        for at in [now(), now().with_hour_min(0, 16)] {
            for c in CHOICES {
                assert_eq!(parse(c.label(at), at), Ok(c.at(at)), "{c:?}");
            }
        }
    }

    #[test]
    fn choices_are_never_in_the_future() {
        let c = |c: Choice| c.at(now()).to_rfc3339();
        assert_eq!(c(Choice::JustNow), "2026-11-25T14:30:00+01:00");
        assert_eq!(c(Choice::ThisMorning), "2026-11-25T08:00:00+01:00");
        assert_eq!(c(Choice::Yesterday), "2026-11-24T14:30:00+01:00");
        assert_eq!(c(Choice::TwoDaysAgo), "2026-11-23T14:30:00+01:00");
        assert_eq!(c(Choice::ThreeDaysAgo), "2026-11-22T14:30:00+01:00");
        assert_eq!(c(Choice::AWeekAgo), "2026-11-18T14:30:00+01:00");
        assert_eq!(c(Choice::OverTwoWeeksAgo), "2026-11-10T14:30:00+01:00");
        // Before 08:00 "this morning" is still to come: the row is "earlier today", midnight,
        // and says so.
        let early = now().with_hour_min(0, 16);
        assert_eq!(Choice::ThisMorning.label(early), "earlier today");
        assert_eq!(Choice::ThisMorning.meaning(early), "today 00:00");
        assert_eq!(
            Choice::ThisMorning.at(early).to_rfc3339(),
            "2026-11-25T00:00:00+01:00"
        );
        assert_eq!(parse("this morning", early), Err(OnsetError::Future));
        for at in [
            now(),
            early,
            now().with_hour_min(7, 59),
            now().with_hour_min(8, 0),
        ] {
            for c in CHOICES {
                assert!(c.at(at) <= at, "{c:?} at {at}");
            }
        }
        assert_eq!(Choice::ThisMorning.label(now()), "this morning");
        assert_eq!(Choice::ThisMorning.meaning(now()), "today 08:00");
    }

    trait HourMin {
        fn with_hour_min(self, h: u32, m: u32) -> Self;
    }
    impl HourMin for DateTime<FixedOffset> {
        fn with_hour_min(self, h: u32, m: u32) -> Self {
            local(
                self,
                self.date_naive(),
                NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            )
        }
    }

    #[test]
    fn refusals() {
        assert_eq!(parse("", now()), Err(OnsetError::Empty));
        assert_eq!(parse("   ", now()), Err(OnsetError::Empty));
        assert_eq!(parse("2026-11-26 08:00", now()), Err(OnsetError::Future));
        assert_eq!(parse("today 20:00", now()), Err(OnsetError::Future));
        assert_eq!(
            parse("2026-11-25T14:31:00+01:00", now()),
            Err(OnsetError::Future)
        );
        for bad in [
            "tomorrow",
            "2026-13-01",
            "2026-02-30 08:00",
            "25:00",
            "8:5",
            "13pm",
            "0am",
            "today",
            "yesterday at",
            "h ago",
            "5 fortnights ago",
            "-3h",
            "+8:00",
            "0008:00",
        ] {
            assert!(
                matches!(parse(bad, now()), Err(OnsetError::Unknown(_))),
                "{bad:?}: {:?}",
                parse(bad, now())
            );
        }
        assert_eq!(
            parse("99999999999999 days ago", now()),
            Err(OnsetError::TooFar)
        );
    }

    #[test]
    fn unknown_text_is_echoed_in_the_message() {
        let e = parse("next tuesday", now()).unwrap_err();
        assert!(e.to_string().contains("\"next tuesday\""), "{e}");
    }
}
