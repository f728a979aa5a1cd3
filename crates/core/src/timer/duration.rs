//! Phase lengths on the command line (`--hot`, `--cold`): a pure parser and the allowed range.
//!
//! Accepted: `150` and `150s` (seconds), `2m30s` and `2:30` (minutes and seconds), `3m`.

use std::ops::RangeInclusive;

use crate::content::{Cycle, Phase, Tone};
use crate::timer::cycle::Plan;

/// Seconds from `150`, `150s`, `2m30s`, `2:30` or `3m`. The error is a sentence for clap to
/// show after "invalid value '...' for '--hot <DUR>'".
pub fn parse(text: &str) -> Result<u32, String> {
    let bad = || {
        "not a duration; write seconds (150 or 150s), minutes and seconds (2m30s or 2:30) \
         or minutes (3m)"
            .to_string()
    };
    let number = |s: &str| -> Result<u32, String> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse::<u32>().map_err(|_| "too long".to_string())
    };
    let seconds_part = |s: &str| -> Result<u32, String> {
        let n = number(s)?;
        if n >= 60 {
            return Err(format!("{n} seconds after the minutes must be under 60"));
        }
        Ok(n)
    };
    let minutes = |m: u32, s: u32| {
        m.checked_mul(60)
            .and_then(|m| m.checked_add(s))
            .ok_or_else(|| "too long".to_string())
    };
    let t = text.trim();
    if let Some((m, s)) = t.split_once(':') {
        if s.len() != 2 {
            return Err(bad());
        }
        return minutes(number(m)?, seconds_part(s)?);
    }
    if let Some((m, rest)) = t.split_once('m') {
        let s = match rest {
            "" => 0,
            _ => seconds_part(rest.strip_suffix('s').ok_or_else(bad)?)?,
        };
        return minutes(number(m)?, s);
    }
    number(t.strip_suffix('s').unwrap_or(t))
}

/// `secs` as `m:ss`, or `h:mm:ss` from an hour.
pub fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// What the guide gives a phase: "20:00", "2:00–3:00".
pub fn guide_range(p: &Phase) -> String {
    let (min, max) = p.guide_secs().into_inner();
    if min == max {
        clock(min.into())
    } else {
        format!("{}–{}", clock(min.into()), clock(max.into()))
    }
}

/// What `--hot`/`--cold` (and `+`) may set a phase to: from 1 s (short phases are for trying
/// the timer out) to twice the longest the content allows for it.
pub fn allowed(phase: &Phase) -> RangeInclusive<u32> {
    1..=phase.guide_secs().end().saturating_mul(2)
}

/// Said once `+` has reached the end of `allowed`: "At most 6:00, twice the guide's 3:00."
pub fn at_most(phase: &Phase) -> String {
    format!(
        "At most {}, twice the guide's {}.",
        clock((*allowed(phase).end()).into()),
        clock((*phase.guide_secs().end()).into())
    )
}

/// `secs` if `phase` allows it, else an error naming the flag and the range.
pub fn check(flag: &str, secs: u32, phase: &Phase) -> Result<u32, String> {
    let range = allowed(phase);
    if range.contains(&secs) {
        Ok(secs)
    } else {
        Err(format!(
            "{flag} {} is out of range: it may be {} to {}",
            clock(secs.into()),
            clock((*range.start()).into()),
            clock((*range.end()).into())
        ))
    }
}

/// The plan of `backspasm timer`: `hot`/`cold` set every phase of that tone, each checked
/// against its range; `rounds` limits the rounds.
pub fn plan(
    cycle: &Cycle,
    hot: Option<u32>,
    cold: Option<u32>,
    rounds: Option<u32>,
) -> Result<Plan, String> {
    let set = |tone: Tone| match tone {
        Tone::Hot => hot,
        Tone::Cold => cold,
        Tone::Rest => None,
    };
    for (flag, tone) in [("--hot", Tone::Hot), ("--cold", Tone::Cold)] {
        let Some(secs) = set(tone) else { continue };
        let mut phases = cycle.phases.iter().filter(|p| p.tone == tone).peekable();
        if phases.peek().is_none() {
            return Err(format!("{flag}: {:?} has no such phase", cycle.title));
        }
        for p in phases {
            check(flag, secs, p)?;
        }
    }
    let mut plan = Plan::of(cycle, |i| set(cycle.phases[i].tone));
    plan.rounds = rounds.or(plan.rounds);
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_form() {
        for (text, secs) in [
            ("150", 150),
            ("150s", 150),
            ("2m30s", 150),
            ("2:30", 150),
            ("3m", 180),
            ("0:05", 5),
            ("5s", 5),
            ("10m0s", 600),
            (" 90 ", 90),
            ("0", 0),
        ] {
            assert_eq!(parse(text), Ok(secs), "{text}");
        }
    }

    #[test]
    fn malformed_values_are_refused_with_the_forms_that_work() {
        for text in [
            "", "s", "m", "abc", "-5", "+5", "2.5", "1h", "2m30", "2:3", "2:030", ":30", "2:",
            "m30s", "2 m", "3mm", "150ss", "2m-1s", "½",
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.starts_with("not a duration"), "{text:?}: {err}");
            assert!(err.contains("2m30s"), "{text:?}");
        }
        assert_eq!(
            parse("2:75"),
            Err("75 seconds after the minutes must be under 60".into())
        );
        assert_eq!(
            parse("1m60s").unwrap_err(),
            "60 seconds after the minutes must be under 60"
        );
        assert_eq!(parse("99999999999"), Err("too long".into()));
        assert_eq!(parse("99999999m"), Err("too long".into()));
    }

    #[test]
    fn clock_format() {
        assert_eq!(clock(0), "0:00");
        assert_eq!(clock(150), "2:30");
        assert_eq!(clock(5400), "1:30:00");
    }

    #[test]
    fn the_range_comes_from_the_phase() {
        let c = crate::content::shipped();
        let hydro = c.cycle("hydrotherapy").unwrap();
        let (hot, cold) = (&hydro.phases[0], &hydro.phases[1]);
        assert_eq!(allowed(hot), 1..=2 * hot.max_secs.unwrap());
        assert_eq!(allowed(cold), 1..=2 * cold.secs);
        assert_eq!(check("--hot", 150, hot), Ok(150));
        let err = check("--hot", 0, hot).unwrap_err();
        assert!(err.starts_with("--hot 0:00 is out of range: it may be 0:01 to "));
    }
}
