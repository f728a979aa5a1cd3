//! How times and durations are written on screen and in the summary. Times are shown in the
//! offset of `now` (the local one), whatever offset they were stored with.

use chrono::{DateTime, FixedOffset, TimeDelta};

/// "Tue 24 Nov, 08:00" (the year too when it is not this year's).
pub fn date_time(at: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> String {
    let local = at.with_timezone(now.offset());
    if local.format("%Y").to_string() == now.format("%Y").to_string() {
        local.format("%a %-d %b, %H:%M").to_string()
    } else {
        local.format("%a %-d %b %Y, %H:%M").to_string()
    }
}

/// "today 12:30", "yesterday 18:00", else as `date_time`.
pub fn relative(at: DateTime<FixedOffset>, now: DateTime<FixedOffset>) -> String {
    let local = at.with_timezone(now.offset());
    let days = (now.date_naive() - local.date_naive()).num_days();
    match days {
        0 => local.format("today %H:%M").to_string(),
        1 => local.format("yesterday %H:%M").to_string(),
        _ => date_time(at, now),
    }
}

/// "25 min", "1 hour 30 min", "30 hours", "4 days 3 hours": minutes under two hours (where an
/// hour is a lot to round away), hours under three days, then days and hours. Rounded down;
/// under a minute is "under a minute".
pub fn span(d: TimeDelta) -> String {
    let m = d.num_minutes();
    let h = d.num_hours();
    let plural = |n: i64, one: &str, many: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {many}")
        }
    };
    if m < 1 {
        "under a minute".into()
    } else if h < 1 {
        format!("{m} min")
    } else if h < 2 && m % 60 != 0 {
        format!("1 hour {} min", m % 60)
    } else if h < 72 {
        plural(h, "hour", "hours")
    } else if h % 24 == 0 {
        plural(h / 24, "day", "days")
    } else {
        format!(
            "{} {}",
            plural(h / 24, "day", "days"),
            plural(h % 24, "hour", "hours")
        )
    }
}

/// Like `span`, but rounded up in the unit it is written in, for time still to come: with 24
/// hours and a bit gone of a 72-hour rule, "48 hours left", not 47.
pub fn span_up(d: TimeDelta) -> String {
    let minutes = (d + TimeDelta::seconds(59)).num_minutes();
    let up = if minutes < 60 {
        minutes
    } else {
        (minutes + 59) / 60 * 60
    };
    span(TimeDelta::minutes(up))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn spans() {
        let s = |m: i64| span(TimeDelta::minutes(m));
        assert_eq!(span(TimeDelta::seconds(59)), "under a minute");
        assert_eq!(s(1), "1 min");
        assert_eq!(s(59), "59 min");
        assert_eq!(s(60), "1 hour");
        assert_eq!(s(90), "1 hour 30 min");
        assert_eq!(s(119), "1 hour 59 min");
        assert_eq!(s(120), "2 hours");
        assert_eq!(s(30 * 60 + 59), "30 hours");
        assert_eq!(s(71 * 60 + 59), "71 hours");
        assert_eq!(s(72 * 60), "3 days");
        assert_eq!(s(97 * 60), "4 days 1 hour");
        assert_eq!(s(326 * 60), "13 days 14 hours");
    }

    #[test]
    fn spans_up() {
        let s = |secs: i64| span_up(TimeDelta::seconds(secs));
        assert_eq!(s(1), "1 min");
        assert_eq!(s(59 * 60 + 1), "1 hour");
        assert_eq!(s(47 * 3600 + 59 * 60 + 59), "48 hours");
        assert_eq!(s(47 * 3600 + 1), "48 hours");
        assert_eq!(s(47 * 3600), "47 hours");
        assert_eq!(s(325 * 3600 + 1), "13 days 14 hours");
    }

    #[test]
    fn dates_in_the_local_offset() {
        let plus1 = FixedOffset::east_opt(3600).unwrap();
        let now = plus1.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap();
        let utc = FixedOffset::east_opt(0).unwrap();
        let at = utc.with_ymd_and_hms(2026, 11, 24, 7, 0, 0).unwrap();
        assert_eq!(date_time(at, now), "Tue 24 Nov, 08:00");
        assert_eq!(relative(at, now), "yesterday 08:00");
        assert_eq!(relative(now, now), "today 14:00");
        let old = utc.with_ymd_and_hms(2025, 12, 30, 23, 30, 0).unwrap();
        assert_eq!(date_time(old, now), "Wed 31 Dec 2025, 00:30");
        assert_eq!(relative(old, now), "Wed 31 Dec 2025, 00:30");
    }
}
