//! Today's plan: which time rules apply, and which "call a doctor" conditions are ticked, as
//! pure functions of (onset, now, what the person marked). Hours since onset decide the time
//! rules; `until_hours` is exclusive, so at exactly 72 h the ice rule has ended and the heat
//! rule has begun. A rule with `early` also applies before its hours once the person has
//! marked its condition (for this spasm: the mark is no older than the onset).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, TimeDelta};

use crate::content::{Content, DoctorCondition, TimeRule};
use crate::state::State;

/// The onset lies after now: a typo, or the clock was changed. Nothing applies until it is
/// set again; the Today pane says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnsetInFuture {
    /// How far ahead of now it is.
    pub ahead: TimeDelta,
}

/// Time since onset; never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Elapsed(TimeDelta);

impl Elapsed {
    /// Whole hours since onset.
    pub fn hours(self) -> i64 {
        self.0.num_hours()
    }

    /// Day 1 is the first 24 hours.
    pub fn day(self) -> i64 {
        self.0.num_days() + 1
    }

    pub fn delta(self) -> TimeDelta {
        self.0
    }
}

pub fn elapsed(
    onset: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
) -> Result<Elapsed, OnsetInFuture> {
    let d = now.signed_duration_since(onset);
    if d < TimeDelta::zero() {
        Err(OnsetInFuture { ahead: -d })
    } else {
        Ok(Elapsed(d))
    }
}

fn hours(h: u32) -> TimeDelta {
    TimeDelta::hours(i64::from(h))
}

/// Whether `rule` applies `at` this long after onset: from `from_hours` (inclusive) until
/// `until_hours` (exclusive).
pub fn applies(rule: &TimeRule, at: Elapsed) -> bool {
    at.0 >= hours(rule.from_hours) && rule.until_hours.is_none_or(|u| at.0 < hours(u))
}

/// What the person marked, by mark id, with when (`State::marks`).
pub type Marks = BTreeMap<String, DateTime<FixedOffset>>;

/// When the person marked the condition of `rule`'s `early` for the spasm that began at
/// `onset` (a mark from before it was for another spasm).
pub fn marked(
    rule: &TimeRule,
    onset: DateTime<FixedOffset>,
    marks: &Marks,
) -> Option<DateTime<FixedOffset>> {
    let early = rule.early.as_ref()?;
    marks.get(&early.mark).copied().filter(|&at| at >= onset)
}

/// A rule that applies now, and how long it still does (None: no end).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Current<'c> {
    pub rule: &'c TimeRule,
    pub left: Option<TimeDelta>,
    /// It applies before its hours because the person marked its condition then.
    pub early: Option<DateTime<FixedOffset>>,
}

/// A rule still to come, and how long until it begins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Upcoming<'c> {
    pub rule: &'c TimeRule,
    pub starts_in: TimeDelta,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan<'c> {
    pub elapsed: Elapsed,
    /// The rules that apply now, the most recently begun first (file order among equals): what
    /// changed lately leads, so after 72 hours heat is read before what applied from the start.
    /// A rule brought in early by a mark comes after those the hours bring.
    pub now: Vec<Current<'c>>,
    /// The rules still to come, soonest first (file order among equals).
    pub later: Vec<Upcoming<'c>>,
}

impl<'c> Plan<'c> {
    /// The walkthrough or cycle to start: the first current rule that names one.
    pub fn start(&self) -> Option<&'c str> {
        self.now.iter().find_map(|c| c.rule.start.as_deref())
    }
}

/// Today's plan from `rules`, `onset`, `now` and what the person marked.
pub fn plan<'c>(
    rules: &'c [TimeRule],
    onset: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
    marks: &Marks,
) -> Result<Plan<'c>, OnsetInFuture> {
    let at = elapsed(onset, now)?;
    let early = |r: &TimeRule| {
        marked(r, onset, marks)
            .filter(|_| at.0 < hours(r.from_hours) && !applies(r, at))
            .filter(|_| r.until_hours.is_none_or(|u| at.0 < hours(u)))
    };
    let mut current: Vec<Current> = rules
        .iter()
        .filter(|r| applies(r, at) || early(r).is_some())
        .map(|rule| Current {
            rule,
            left: rule.until_hours.map(|u| hours(u) - at.0),
            early: early(rule),
        })
        .collect();
    // When each began for this person: its hour, or the hour it was marked.
    let began = |c: &Current| {
        c.early
            .map_or(hours(c.rule.from_hours), |m| m.signed_duration_since(onset))
    };
    // What the hours bring first; what the person's mark brought early after it, so a mark
    // never puts itself above what the hours still ask for (the ice of the first days).
    current.sort_by_key(|c| (c.early.is_some(), std::cmp::Reverse(began(c))));
    let mut later: Vec<Upcoming> = rules
        .iter()
        .filter(|r| at.0 < hours(r.from_hours) && early(r).is_none())
        .map(|rule| Upcoming {
            rule,
            starts_in: hours(rule.from_hours) - at.0,
        })
        .collect();
    later.sort_by_key(|u| u.starts_in);
    Ok(Plan {
        elapsed: at,
        now: current,
        later,
    })
}

/// Why a "call a doctor" condition is ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tick {
    No,
    /// The user ticked it.
    ByYou,
    /// More than its `after_hours` have passed since onset (whether or not the user ticked it
    /// too): "lasted for longer than two weeks" is not yet true at exactly two weeks.
    FromOnset,
}

impl Tick {
    pub fn is_ticked(self) -> bool {
        self != Tick::No
    }
}

/// Whether `condition` is ticked, by the user or by the time since onset.
pub fn tick(condition: &DoctorCondition, state: &State, now: DateTime<FixedOffset>) -> Tick {
    let due = match (condition.after_hours, state.onset) {
        (Some(h), Some(onset)) => elapsed(onset, now).is_ok_and(|at| at.0 > hours(h)),
        _ => false,
    };
    if due {
        Tick::FromOnset
    } else if state.doctor.contains(&condition.id) {
        Tick::ByYou
    } else {
        Tick::No
    }
}

/// Every condition with its tick, in file order.
pub fn ticks<'c>(
    content: &'c Content,
    state: &State,
    now: DateTime<FixedOffset>,
) -> Vec<(&'c DoctorCondition, Tick)> {
    content
        .doctor
        .iter()
        .map(|c| (c, tick(c, state, now)))
        .collect()
}

/// How long until a condition ticks itself from the onset (the first instant strictly after its
/// `after_hours`), so the screen can change then without a key. None: none is still to come.
pub fn next_tick(
    content: &Content,
    state: &State,
    now: DateTime<FixedOffset>,
) -> Option<TimeDelta> {
    let at = elapsed(state.onset?, now).ok()?;
    content
        .doctor
        .iter()
        .filter_map(|c| c.after_hours)
        .filter(|&h| at.0 <= hours(h))
        .map(|h| hours(h) - at.0 + TimeDelta::milliseconds(1))
        .min()
}

/// The ticked conditions: any of them means "call a doctor".
pub fn doctor_reasons<'c>(
    content: &'c Content,
    state: &State,
    now: DateTime<FixedOffset>,
) -> Vec<&'c DoctorCondition> {
    ticks(content, state, now)
        .into_iter()
        .filter(|(_, t)| t.is_ticked())
        .map(|(c, _)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn content() -> Content {
        crate::content::shipped()
    }

    fn at(onset: DateTime<FixedOffset>, h: i64, m: i64) -> DateTime<FixedOffset> {
        onset + TimeDelta::hours(h) + TimeDelta::minutes(m)
    }

    fn onset() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 20, 8, 0, 0)
            .unwrap()
    }

    fn ids(c: &Content, h: i64, m: i64) -> Vec<&str> {
        plan(&c.rules, onset(), at(onset(), h, m), &Marks::new())
            .unwrap()
            .now
            .iter()
            .map(|x| x.rule.id.as_str())
            .collect()
    }

    #[test]
    fn boundaries_follow_the_content() {
        let c = content();
        assert_eq!(ids(&c, 0, 0), ["ice-early", "complete-rest"]);
        assert_eq!(ids(&c, 47, 59), ["ice-early", "complete-rest"]);
        // The most recently begun first, file order among equals.
        assert_eq!(ids(&c, 48, 0), ["keep-moving", "ice-early"]);
        assert_eq!(ids(&c, 71, 59), ["keep-moving", "ice-early"]);
        assert_eq!(ids(&c, 72, 0), ["heat", "stretch", "keep-moving"]);
        assert_eq!(ids(&c, 335, 59), ["heat", "stretch", "keep-moving"]);
        // Two weeks bring no rule: seeing a doctor is a condition, not a time rule.
        assert_eq!(ids(&c, 14 * 24, 0), ["heat", "stretch", "keep-moving"]);
    }

    #[test]
    fn a_mark_brings_its_rule_in_early_for_this_spasm_only() {
        let c = content();
        let mut marks = Marks::new();
        let now = at(onset(), 10, 0);
        let p = |marks: &Marks| plan(&c.rules, onset(), now, marks).unwrap();
        assert!(p(&marks).later.iter().any(|u| u.rule.id == "stretch"));
        // Marked at 6 h: it applies, said so, and leaves Later; after the ice and the rest,
        // which the hours still ask for.
        marks.insert("easing".into(), at(onset(), 6, 0));
        let plan = p(&marks);
        let ids: Vec<&str> = plan.now.iter().map(|x| x.rule.id.as_str()).collect();
        assert_eq!(ids, ["ice-early", "complete-rest", "stretch"]);
        assert_eq!(plan.now[2].early, Some(at(onset(), 6, 0)));
        assert!(plan.later.iter().all(|u| u.rule.id != "stretch"));
        // A mark from before this spasm began counts for nothing.
        marks.insert("easing".into(), onset() - TimeDelta::hours(1));
        assert!(p(&marks).now.iter().all(|x| x.rule.id != "stretch"));
        // From its hours on it applies by time, not by the mark.
        marks.insert("easing".into(), at(onset(), 6, 0));
        let late = plan_at(&c, 80, &marks);
        let stretch = late.now.iter().find(|x| x.rule.id == "stretch").unwrap();
        assert_eq!(stretch.early, None);
    }

    fn plan_at<'c>(c: &'c Content, h: i64, marks: &Marks) -> Plan<'c> {
        plan(&c.rules, onset(), at(onset(), h, 0), marks).unwrap()
    }

    #[test]
    fn one_second_before_a_boundary_is_still_before_it() {
        let c = content();
        let now = at(onset(), 48, 0) - TimeDelta::seconds(1);
        let p = plan(&c.rules, onset(), now, &Marks::new()).unwrap();
        assert!(p.now.iter().any(|x| x.rule.id == "complete-rest"));
        let rest = p.now.iter().find(|x| x.rule.id == "complete-rest").unwrap();
        assert_eq!(rest.left, Some(TimeDelta::seconds(1)));
    }

    #[test]
    fn onset_in_the_future_is_a_state_not_a_panic() {
        let c = content();
        let now = onset() - TimeDelta::minutes(90);
        assert_eq!(
            plan(&c.rules, onset(), now, &Marks::new()),
            Err(OnsetInFuture {
                ahead: TimeDelta::minutes(90)
            })
        );
        // The doctor's two-week tick does not come from a future onset.
        let state = State {
            onset: Some(onset()),
            ..State::default()
        };
        let two = c.doctor.iter().find(|d| d.id == "two-weeks").unwrap();
        assert_eq!(tick(two, &state, now), Tick::No);
    }

    #[test]
    fn day_and_hours() {
        let e = |h, m| elapsed(onset(), at(onset(), h, m)).unwrap();
        assert_eq!((e(0, 0).day(), e(0, 0).hours()), (1, 0));
        assert_eq!((e(23, 59).day(), e(23, 59).hours()), (1, 23));
        assert_eq!((e(24, 0).day(), e(24, 0).hours()), (2, 24));
        assert_eq!((e(49, 30).day(), e(49, 30).hours()), (3, 49));
    }

    #[test]
    fn the_offset_does_not_change_the_elapsed_time() {
        let c = content();
        let utc_now = at(onset(), 72, 0).with_timezone(&FixedOffset::west_opt(5 * 3600).unwrap());
        let p = plan(&c.rules, onset(), utc_now, &Marks::new()).unwrap();
        assert_eq!(p.elapsed.hours(), 72);
    }

    #[test]
    fn later_rules_are_soonest_first_and_start_names_the_matching_timer() {
        let c = content();
        let p = plan_at(&c, 10, &Marks::new());
        let later: Vec<(&str, i64)> = p
            .later
            .iter()
            .map(|u| (u.rule.id.as_str(), u.starts_in.num_hours()))
            .collect();
        assert_eq!(later, [("keep-moving", 38), ("heat", 62), ("stretch", 62)]);
        assert_eq!(p.start(), Some("ice"));
        let p = plan_at(&c, 80, &Marks::new());
        assert_eq!(p.start(), Some("hydrotherapy"));
        assert!(p.later.is_empty());
    }

    #[test]
    fn the_two_week_condition_ticks_itself_after_14_days() {
        let c = content();
        let two = c.doctor.iter().find(|d| d.id == "two-weeks").unwrap();
        let severe = c.doctor.iter().find(|d| d.id == "severe").unwrap();
        let mut state = State {
            onset: Some(onset()),
            ..State::default()
        };
        assert_eq!(tick(two, &state, at(onset(), 335, 59)), Tick::No);
        // "Longer than two weeks": exactly 14 days is not yet; a minute more is.
        assert_eq!(tick(two, &state, at(onset(), 336, 0)), Tick::No);
        assert_eq!(tick(two, &state, at(onset(), 336, 1)), Tick::FromOnset);
        assert_eq!(
            next_tick(&c, &state, at(onset(), 336, 0)),
            Some(TimeDelta::milliseconds(1))
        );
        assert_eq!(next_tick(&c, &state, at(onset(), 336, 1)), None);
        assert_eq!(tick(severe, &state, at(onset(), 400, 0)), Tick::No);
        state.doctor.insert("severe".into());
        assert_eq!(tick(severe, &state, at(onset(), 1, 0)), Tick::ByYou);
        let reasons: Vec<&str> = doctor_reasons(&c, &state, at(onset(), 336, 1))
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        assert_eq!(reasons, ["severe", "two-weeks"]);
        // Without an onset only the user's own ticks count.
        state.onset = None;
        assert_eq!(tick(two, &state, at(onset(), 999, 0)), Tick::No);
    }
}
