//! Every rule the app works out for itself (time windows, the order of Today, what `s`
//! starts, when the call-a-doctor banner shows, the timers' limits, the warnings beside each
//! item), each with the sentence of the article it rests on, checked on the Today pane, the
//! screen and `s` at 0 h, 24 h, 48 h, 72 h, 7 days and 15 days, with and without a ticked
//! reason to call a doctor.
//!
//! A rule in the content (a time rule, a doctor condition that ticks itself or asks, a timed
//! phase) that no row here covers fails `every_derived_rule_in_the_content_has_a_row`: a new
//! rule needs its sentence first.

mod common;

use std::collections::BTreeSet;

use backspasm::app::{App, Screen};
use backspasm::content::{ClockKind, Content};
use backspasm_core::today::pane;
use backspasm_core::wrap::plain;
use chrono::TimeDelta;
use common::*;

/// The minutes since onset every rule is checked at: whole days, and both sides of the two
/// weeks ("longer than two weeks": exactly 14 days is not yet, a minute more is).
const MINUTES: [i64; 8] = [
    0,
    24 * 60,
    48 * 60,
    72 * 60,
    7 * 24 * 60,
    TWO_WEEKS,
    TWO_WEEKS + 1,
    15 * 24 * 60,
];
const TWO_WEEKS: i64 = 14 * 24 * 60;

/// What the person sees at one moment.
struct Seen {
    /// Whole hours since onset.
    hours: i64,
    minutes: i64,
    /// "severe and unbearable" is ticked by hand.
    ticked: bool,
    /// The Today pane as text, a line per paragraph.
    pane: String,
    /// The titles under "Now" and "Later", in order.
    now: Vec<String>,
    later: Vec<String>,
    /// The lines of each item under "Now", by title.
    now_items: Vec<(String, String)>,
    /// The reasons to call a doctor, as the Today block shows them.
    reasons: Vec<String>,
    /// The top row of the screen at 80x24.
    top: String,
    /// Where `s` leads.
    s: Screen,
}

impl Seen {
    fn at(c: &Content, minutes: i64, ticked: bool) -> Seen {
        let hours = minutes / 60;
        let mut a = app(c, 80, 24);
        a.state.onset = Some(now().wall - TimeDelta::minutes(minutes));
        if ticked {
            a.state.doctor.insert("severe".into());
        }
        // Wide, so every title and every paragraph is one line.
        let doc = pane::pane(c, &a.state, 0, 400, now().wall);
        let lines: Vec<String> = doc
            .lines
            .iter()
            .map(|l| plain(l).trim_end().to_string())
            .collect();
        let section = |name: &str| -> Vec<Vec<String>> {
            let Some(start) = lines.iter().position(|l| l == name) else {
                return Vec::new();
            };
            let mut items: Vec<Vec<String>> = Vec::new();
            for l in &lines[start + 1..] {
                if l.is_empty() && name == "Later" || l == "Later" {
                    break;
                }
                if let Some(first) = l.strip_prefix("• ") {
                    items.push(vec![first.to_string()]);
                } else if let Some(item) = items.last_mut()
                    && !l.is_empty()
                {
                    item.push(l.trim().to_string());
                }
            }
            items
        };
        let now_items: Vec<(String, String)> = section("Now")
            .into_iter()
            .map(|item| {
                let title = item[0].split(" · ").next().unwrap().to_string();
                (title, item.join(" "))
            })
            .collect();
        let later = section("Later")
            .into_iter()
            .map(|item| item[0].split_once(": ").unwrap().1.to_string())
            .collect();
        let reasons = lines
            .iter()
            .map(|l| l.trim_start())
            .filter(|l| l.starts_with("[ ] ") || l.starts_with("[✓] "))
            .map(str::to_string)
            .collect();
        let top = lines_of(&render(&a, c))[0].trim_end().to_string();
        let mut s = a.clone();
        press(&mut s, c, &[ch('s')]);
        Seen {
            hours,
            minutes,
            ticked,
            pane: lines.join("\n"),
            now: now_items.iter().map(|(t, _)| t.clone()).collect(),
            later,
            now_items,
            reasons,
            top,
            s: s.screen,
        }
    }

    fn item(&self, title: &str) -> &str {
        self.now_items
            .iter()
            .find(|(t, _)| t == title)
            .map_or("", |(_, text)| text.as_str())
    }

    fn before(&self, a: &str, b: &str) -> bool {
        let at = |t: &str| self.now.iter().position(|x| x == t);
        matches!((at(a), at(b)), (Some(x), Some(y)) if x < y)
    }

    /// A reason to call a doctor applies: ticked, or two weeks passed.
    fn reason(&self) -> bool {
        self.ticked || self.minutes > TWO_WEEKS
    }

    /// Today plans treatment: only while no reason to call a doctor applies.
    fn plan(&self) -> bool {
        !self.reason()
    }
}

fn lines_of(t: &ratatui::Terminal<ratatui::backend::TestBackend>) -> Vec<String> {
    lines(t)
}

/// One derived rule: what the app works out, the article's sentence it rests on, what in the
/// content it covers, and what must hold at each moment.
struct Rule {
    rule: &'static str,
    sentence: &'static str,
    covers: &'static [&'static str],
    holds: fn(&Content, &Seen),
}

const ICE: &str = "Ice the spasm";
const REST: &str = "Rest, but only 1 to 2 days of complete rest";
const MOVE: &str = "Don't stay in bed";
const HEAT: &str = "Switch to heat";
const STRETCH: &str = "Stretch gently, once it eases";

static RULES: &[Rule] = &[
    Rule {
        rule: "Ice is under Now from the start until 72 hours (the end of '48 to 72').",
        sentence: "Apply ice to a back spasm for the first 48 to 72 hours.",
        covers: &["rule:ice-early"],
        holds: |_, s| assert_eq!(s.now.contains(&ICE.into()), s.plan() && s.hours < 72),
    },
    Rule {
        rule: "The ice pack timer: 20 minutes on (started by the person once the pack is on), \
               1.5 hours off, repeated until stopped.",
        sentence: "Apply ice for 20 minutes, remove for 1.5 hours, then re-apply for 20 minutes. \
                   Repeat this cycle as often as possible during the first 2 to 3 days after a \
                   back spasm begins.",
        covers: &["phase:ice/on", "phase:ice/off"],
        holds: |c, _| {
            let ice = c.cycle("ice").unwrap();
            let secs: Vec<u32> = ice.phases.iter().map(|p| p.secs).collect();
            assert_eq!(secs, [20 * 60, 90 * 60]);
            assert!(ice.phases[0].wait && ice.phases[0].alarm);
            assert_eq!(ice.rounds, None);
        },
    },
    Rule {
        rule: "The ice screen says the 20 minutes are for a wrapped pack and bare ice is 15 \
               minutes at most, not over a large area.",
        sentence: "Ice alone usually will not cause complications as long as it doesn't exceed \
                   15 minutes or cover a large area of the body.",
        covers: &[],
        holds: |c, _| {
            let note = c.cycle("ice").unwrap().phases[0].note.as_deref().unwrap();
            assert!(
                note.contains("20 minutes") && note.contains("15 minutes"),
                "{note}"
            );
            assert!(note.contains("large area"), "{note}");
        },
    },
    Rule {
        rule: "Complete rest is under Now for the first 48 hours only.",
        sentence: "Limit complete rest to only 1 to 2 days.",
        covers: &["rule:complete-rest"],
        holds: |_, s| assert_eq!(s.now.contains(&REST.into()), s.plan() && s.hours < 48),
    },
    Rule {
        rule: "From 48 hours, Now says not to stay in bed.",
        sentence: "Prolonged bed rest can be more harmful than helpful when treating back spasms.",
        covers: &["rule:keep-moving"],
        holds: |_, s| assert_eq!(s.now.contains(&MOVE.into()), s.plan() && s.hours >= 48),
    },
    Rule {
        rule: "Heat is under Now from 72 hours, and Later before.",
        sentence: "Start applying heat after 72 hours.",
        covers: &["rule:heat"],
        holds: |_, s| {
            assert_eq!(s.now.contains(&HEAT.into()), s.plan() && s.hours >= 72);
            assert_eq!(s.later.contains(&HEAT.into()), s.plan() && s.hours < 72);
        },
    },
    Rule {
        rule: "Stretching is never under Now at hour 0: it waits for the ice days (72 hours) or \
               for the person to mark the spasm easing (Space on the item), and says so.",
        sentence: "Begin gentle stretching exercises once inflammation has been reduced and the \
                   back spasm eases.",
        covers: &["rule:stretch"],
        holds: |_, s| {
            assert_eq!(s.now.contains(&STRETCH.into()), s.plan() && s.hours >= 72);
            if s.plan() && s.hours < 72 {
                assert!(s.later.contains(&STRETCH.into()));
                assert!(
                    s.pane.contains("or sooner if the spasm is easing:"),
                    "{}",
                    s.pane
                );
                assert!(
                    s.pane.contains("Space says the spasm is easing."),
                    "{}",
                    s.pane
                );
            }
        },
    },
    Rule {
        rule: "What began most recently leads Now: heat before stretching, both before what \
               applied from the start.",
        sentence: "Some physical therapists suggest using heat applications before stretching \
                   and ice after stretching.",
        covers: &[],
        holds: |_, s| {
            if !s.plan() {
                return;
            }
            if s.hours >= 72 {
                assert!(
                    s.before(HEAT, STRETCH) && s.before(STRETCH, MOVE),
                    "{:?}",
                    s.now
                );
            } else if s.hours >= 48 {
                assert!(s.before(MOVE, ICE), "{:?}", s.now);
            }
        },
    },
    Rule {
        rule: "s, with no reason to call a doctor: the ice pack before 72 hours, shower \
               hydrotherapy from 72 hours.",
        sentence: "Moist heat, such as damp heating pads, hot showers or hot tubs is usually \
                   recommended.",
        covers: &[],
        holds: |_, s| {
            if !s.reason() {
                let want = if s.hours < 72 {
                    ClockKind::Wall
                } else {
                    ClockKind::Monotonic
                };
                assert_eq!(s.s, Screen::Timer(want));
            }
        },
    },
    Rule {
        rule: "Shower hydrotherapy: hot 2 to 3 minutes (3 by default), cold 30 seconds, \
               repeated until stopped.",
        sentence: "In the shower, turn on the hot water and focus it on your back for 2-3 \
                   minutes. Alternate with a blast of cold water on the back for 30 seconds.",
        covers: &["phase:hydrotherapy/hot", "phase:hydrotherapy/cold"],
        holds: |c, _| {
            let h = c.cycle("hydrotherapy").unwrap();
            let p = &h.phases;
            assert_eq!(
                (p[0].min_secs, p[0].secs, p[0].max_secs),
                (Some(120), 180, Some(180))
            );
            assert_eq!(p[1].secs, 30);
            assert_eq!(h.rounds, None);
        },
    },
    Rule {
        rule: "While a reason to call a doctor applies, s leads to the checklist, not to a \
               treatment, and the status line says so.",
        sentence: "Know when to stop trying to treat yourself and solicit the help of a \
                   professional.",
        covers: &[],
        holds: |_, s| {
            if s.reason() {
                assert_eq!(s.s, Screen::Doctor);
                assert!(
                    s.pane.contains("s opens: When to call a doctor"),
                    "{}",
                    s.pane
                );
                assert!(!s.pane.contains("s starts"), "{}", s.pane);
            }
        },
    },
    Rule {
        rule: "While a reason to call a doctor applies, Today plans no treatment (nothing \
               under Now or Later) and says why; without one, Now always has an item.",
        sentence: "Know when it's time to visit the doctor rather than continuing to attempt to \
                   self heal.",
        covers: &[],
        holds: |_, s| {
            if s.reason() {
                assert!(s.now.is_empty() && s.later.is_empty(), "{}", s.pane);
                assert!(
                    s.pane
                        .contains("the guide says to see a doctor rather than go on treating"),
                    "{}",
                    s.pane
                );
            } else {
                assert!(!s.now.is_empty(), "{}", s.pane);
                assert!(!s.pane.contains("Today shows no plan"), "{}", s.pane);
            }
        },
    },
    Rule {
        rule: "All three reasons to call a doctor are on Today from hour 0, with their ticks.",
        sentence: "Call a doctor if: Your back spasms are severe and unbearable. Back pain and \
                   back spasms occur frequently, or have a history of occurring frequently. Your \
                   back spasm or pain has lasted for longer than two weeks.",
        covers: &["doctor:severe", "doctor:frequent"],
        holds: |_, s| {
            assert!(
                s.pane
                    .contains("Stop treating yourself and call a doctor if any of these")
            );
            assert_eq!(s.reasons.len(), 3, "{:?}", s.reasons);
            let severe = if s.ticked { "[✓]" } else { "[ ]" };
            assert_eq!(s.reasons[0], format!("{severe} severe and unbearable"));
            assert_eq!(s.reasons[1], "[ ] frequent, or a history of it");
        },
    },
    Rule {
        rule: "More than two weeks after the start the third reason ticks itself and says so plainly; \
               before, it is a condition, never a date ahead.",
        sentence: "Your back spasm or pain has lasted for longer than two weeks.",
        covers: &["doctor:two-weeks"],
        holds: |_, s| {
            let want = if s.minutes > TWO_WEEKS {
                "[✓] It has lasted over two weeks: call a doctor."
            } else {
                "[ ] lasting longer than two weeks"
            };
            assert_eq!(s.reasons[2], want);
            assert!(!s.pane.contains("if it goes on"), "{}", s.pane);
        },
    },
    Rule {
        rule: "Seeing a doctor is never a future item: not under Later, not in the plan's \
               rules (validation refuses a rule about the call-a-doctor step).",
        sentence: "Know when it's time to visit the doctor rather than continuing to attempt to \
                   self heal.",
        covers: &[],
        holds: |c, s| {
            assert!(
                s.later.iter().all(|t| !t.to_lowercase().contains("doctor")),
                "{:?}",
                s.later
            );
            assert!(
                c.rules
                    .iter()
                    .all(|r| !r.steps.contains(&"doctor-when".to_string()))
            );
        },
    },
    Rule {
        rule: "The CALL A DOCTOR banner is the top row of the screen exactly while a reason \
               applies (ticked, or two weeks passed), naming it.",
        sentence: "Call a doctor if:",
        covers: &[],
        holds: |_, s| {
            assert_eq!(
                s.top.starts_with(" ⚠ CALL A DOCTOR"),
                s.reason(),
                "{}",
                s.top
            );
            if s.ticked {
                assert!(s.top.contains("severe and unbearable"), "{}", s.top);
            }
            if s.minutes > TWO_WEEKS {
                assert!(s.top.contains("lasting longer than two weeks"), "{}", s.top);
            }
        },
    },
    Rule {
        rule: "A pain score of 9 or 10 asks whether the spasms are severe and unbearable (y \
               ticks it; any other key goes on): it asks, it does not decide.",
        sentence: "Your back spasms are severe and unbearable.",
        covers: &["ask:severe"],
        holds: |c, _| {
            let ask = c.doctor.iter().find(|d| d.id == "severe").unwrap();
            assert_eq!(ask.ask.as_ref().unwrap().from_score, 9);
        },
    },
    Rule {
        rule: "The ice item carries the barrier warning and the one about sleeping with ice or \
               heat on.",
        sentence: "Do not apply a chemical ice pack directly to bare skin.",
        covers: &[],
        holds: |_, s| {
            if s.plan() && s.hours < 72 {
                let ice = s.item(ICE);
                assert!(
                    ice.contains("⚠ Keep a barrier between ice pack and skin:"),
                    "{ice}"
                );
                assert!(ice.contains("⚠ Never sleep with ice or heat on:"), "{ice}");
            }
        },
    },
    Rule {
        rule: "The heat item carries the warning about sleeping with heat on (and the barrier \
               one: it mentions the ice/heat cycle).",
        sentence: "Do not sleep with ice or heat applied to your skin.",
        covers: &[],
        holds: |_, s| {
            if !s.plan() {
                return;
            }
            if s.hours >= 72 {
                let heat = s.item(HEAT);
                assert!(
                    heat.contains("⚠ Never sleep with ice or heat on:"),
                    "{heat}"
                );
                assert!(
                    heat.contains("⚠ Keep a barrier between ice pack and skin:"),
                    "{heat}"
                );
            } else {
                assert!(
                    s.pane.contains("⚠ Never sleep with ice or heat on\n"),
                    "{}",
                    s.pane
                );
            }
        },
    },
    Rule {
        rule: "The stretching item (and the exercise and lifting steps) carry the muscle \
               relaxant warning.",
        sentence: "Do not return to physical activities if you are using muscle relaxants.",
        covers: &[],
        holds: |c, s| {
            if s.plan() && s.hours >= 72 {
                let item = s.item(STRETCH);
                assert!(
                    item.contains("⚠ Don't return to activities on muscle relaxants:"),
                    "{item}"
                );
            }
            for step in ["stretching", "strength", "lifting"] {
                let w = &c.step(step).unwrap().warnings;
                assert!(w.contains(&"relaxants-activity".to_string()), "{step}");
            }
        },
    },
];

/// What in the content is derived: each time rule, each doctor condition (those that tick
/// themselves and those a score asks about included), each timed phase.
fn derived(c: &Content) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for r in &c.rules {
        all.insert(format!("rule:{}", r.id));
    }
    for d in &c.doctor {
        all.insert(format!("doctor:{}", d.id));
        if d.ask.is_some() {
            all.insert(format!("ask:{}", d.id));
        }
    }
    for cy in &c.cycles {
        for p in &cy.phases {
            all.insert(format!("phase:{}/{}", cy.id, p.id));
        }
    }
    all
}

#[test]
fn every_rule_holds_at_every_hour_with_and_without_a_reason() {
    let c = content();
    for minutes in MINUTES {
        for ticked in [false, true] {
            let seen = Seen::at(&c, minutes, ticked);
            for rule in RULES {
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    (rule.holds)(&c, &seen)
                }));
                assert!(
                    result.is_ok(),
                    "at {minutes} min, {}: {}\nRests on: {:?}\n{}",
                    if ticked {
                        "a reason ticked"
                    } else {
                        "no reason ticked"
                    },
                    rule.rule,
                    rule.sentence,
                    seen.pane
                );
            }
        }
    }
}

#[test]
fn every_derived_rule_in_the_content_has_a_row() {
    let c = content();
    let covered: BTreeSet<String> = RULES
        .iter()
        .flat_map(|r| r.covers.iter().map(|s| s.to_string()))
        .collect();
    let derived = derived(&c);
    let missing: Vec<&String> = derived.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "no row names the sentence for {missing:?}"
    );
    let stale: Vec<&String> = covered.difference(&derived).collect();
    assert!(
        stale.is_empty(),
        "rows cover what the content no longer has: {stale:?}"
    );
    for r in RULES {
        assert!(!r.sentence.trim().is_empty(), "{}", r.rule);
    }
}

/// The coverage check can fail: a rule added to the content without a row is found.
#[test]
fn a_rule_without_a_row_is_found() {
    let mut c = content();
    let mut extra = c.rules[0].clone();
    extra.id = "invented".into();
    c.rules.push(extra);
    assert!(derived(&c).contains("rule:invented"));
    let covered: BTreeSet<&str> = RULES
        .iter()
        .flat_map(|r| r.covers.iter().copied())
        .collect();
    assert!(!covered.contains("rule:invented"));
}

/// With the article at hand (`BACKSPASM_ARTICLE=/path/to/treat-a-back-spasm.txt`), every
/// sentence quoted above is in it word for word (spaces and line breaks aside).
#[test]
#[ignore = "needs BACKSPASM_ARTICLE, the article's text"]
fn every_sentence_is_the_articles() {
    let path = std::env::var("BACKSPASM_ARTICLE").expect("BACKSPASM_ARTICLE");
    let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let article = squash(&std::fs::read_to_string(path).unwrap().replace("•", " "));
    for r in RULES {
        // A sentence may quote several lines of a list: each part is checked.
        for part in r.sentence.split(": ").flat_map(|p| p.split(". ")) {
            let part = squash(part.trim_end_matches('.'));
            assert!(article.contains(&part), "{:?} is not in the article", part);
        }
    }
}

/// The same rules decide the screen the person sees: an app driven by keys agrees.
#[test]
fn an_app_at_day_16_shows_the_reason_and_no_plan_for_a_doctor_later() {
    let c = content();
    let mut a: App = app(&c, 80, 24);
    a.state.onset = Some(now().wall - TimeDelta::days(15));
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("It has lasted over two weeks: call a doctor."),
        "{text}"
    );
    press(&mut a, &c, &[ch('s')]);
    assert_eq!(a.screen, Screen::Doctor);
}
