//! Panes that depend on what the user entered: the Today plan (from the onset, the clock and
//! what the person marked), the reasons to call a doctor with their ticks, and the
//! call-a-doctor banner. Pure: state and time come in, a `Doc` comes out. Without an onset the
//! Today pane is the reasons to call a doctor and the general order of things, as in `print`.

use chrono::{DateTime, FixedOffset};
use unicode_width::UnicodeWidthStr;

use crate::content::{Content, TabKind, TimeRule};
use crate::doc::{self, Doc, Role};
use crate::state::State;
use crate::today::diary;
use crate::today::plan::{self, Plan};
use crate::when;
use crate::wrap::{Span, wrap};

/// What the Today pane's ↑↓ select, in order (then the pane's own steps).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item<'c> {
    /// The reasons to call a doctor: Enter opens the checklist.
    Doctor,
    /// A rule that applies now: Enter opens its timer, walkthrough or step; Space marks its
    /// `early` condition.
    Rule(&'c TimeRule),
    /// A rule still to come: Enter shows the guide step it is about (its timer is not for
    /// now); Space marks its `early` condition.
    Later(&'c TimeRule),
}

impl<'c> Item<'c> {
    pub fn rule(self) -> Option<&'c TimeRule> {
        match self {
            Item::Doctor => None,
            Item::Rule(r) | Item::Later(r) => Some(r),
        }
    }
}

/// The Today pane's items for this state at `now`: the doctor block, the rules that apply,
/// then those still to come (no rules while a reason to call a doctor applies).
pub fn items<'c>(content: &'c Content, state: &State, now: DateTime<FixedOffset>) -> Vec<Item<'c>> {
    let mut items = Vec::new();
    if !content.doctor.is_empty() {
        items.push(Item::Doctor);
    }
    if plan::doctor_reasons(content, state, now).is_empty()
        && let Some(Ok(p)) = state
            .onset
            .map(|o| plan::plan(&content.rules, o, now, &state.marks))
    {
        items.extend(p.now.iter().map(|c| Item::Rule(c.rule)));
        items.extend(p.later.iter().map(|u| Item::Later(u.rule)));
    }
    items
}

/// Pane `tab` as the screen shows it for this state at `now`.
pub fn pane(
    content: &Content,
    state: &State,
    tab: usize,
    width: usize,
    now: DateTime<FixedOffset>,
) -> Doc {
    let ticks: Vec<plan::Tick> = plan::ticks(content, state, now)
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    // A reason to call a doctor applies: `s` leads to the checklist, and no plan is shown.
    let reason = ticks.iter().any(|t| t.is_ticked());
    let Some(t) = content.tabs.get(tab) else {
        return Doc::default();
    };
    if t.kind != TabKind::Today {
        return doc::pane_with(content, tab, width, Some(&ticks));
    }
    let mut d = Doc::default();
    if tab == 0 {
        d.disclaimer(content, width);
    }
    let doctor = |d: &mut Doc| {
        let range = doc::doctor_block(d, content, Some(&ticks), width);
        if !range.is_empty() {
            d.steps.push(range);
            d.blank();
        }
    };
    match state
        .onset
        .map(|o| (o, plan::plan(&content.rules, o, now, &state.marks)))
    {
        Some((onset, Ok(p))) => {
            status(&mut d, state, onset, &p, now, width);
            if let Some(line) = start_line(content, Some(&p), reason) {
                d.para(&[], &line, width);
            }
            d.blank();
            doctor(&mut d);
            if reason {
                no_plan(&mut d, width);
            } else {
                current(&mut d, content, &p, now, width);
                later(&mut d, content, &p, width);
            }
            if let Some(intro) = &t.intro {
                d.para(&[], &[Span::new(intro.clone(), Role::Intro)], width);
                d.blank();
            }
        }
        other => {
            if let Some(intro) = &t.intro {
                d.para(&[], &[Span::new(intro.clone(), Role::Intro)], width);
                d.blank();
            }
            // Without a start there is no plan, but a score logged is still worth seeing.
            if let Some(pain) = pain_line(state, now) {
                d.para(&[], &pain, width);
                d.blank();
            }
            if let Some(line) = start_line(content, None, reason) {
                d.para(&[], &line, width);
                d.blank();
            }
            doctor(&mut d);
            if let Some((onset, Err(_))) = other {
                d.para(
                    &[Span::new(doc::WARNING_MARK, Role::WarningMark)],
                    &[
                        Span::new(
                            format!(
                                "The start you gave, {}, is later than now.",
                                when::date_time(onset, now)
                            ),
                            Role::WarningTitle,
                        ),
                        Span::new("Press", Role::Text),
                        Span::new("o", Role::Key),
                        Span::new("to set it again.", Role::Text),
                    ],
                    width,
                );
            } else {
                d.para(
                    &[],
                    &[
                        Span::new("When did it begin? Press", Role::Text),
                        Span::new("o", Role::Key),
                        Span::new(
                            "and this pane shows what applies today. Until then, the general order of things:",
                            Role::Text,
                        ),
                    ],
                    width,
                );
            }
            d.blank();
            doc::general_order(&mut d, content, width);
        }
    }
    doc::steps(&mut d, content, t, width, Some(&ticks));
    while d.lines.last().is_some_and(|l| l.is_empty()) {
        d.lines.pop();
    }
    d
}

/// While a reason to call a doctor applies, the article says to see one rather than go on
/// treating it yourself: Today plans no treatment, and says where the steps still are.
fn no_plan(d: &mut Doc, width: usize) {
    d.para(
        &[],
        &[Span::new(
            "While a reason above applies, the guide says to see a doctor rather than go on \
             treating it yourself, so Today shows no plan. Every step is still in the other panes.",
            Role::Text,
        )],
        width,
    );
    d.blank();
}

/// The last pain score logged, with its trend and the keys: "Pain 4/10 (today 13:00) ↓ lower
/// than before (7). p logs, d shows the diary." None: nothing logged.
fn pain_line(state: &State, now: DateTime<FixedOffset>) -> Option<Vec<Span<Role>>> {
    let (last, trend) = diary::latest(&state.diary)?;
    let mut v = vec![Span::new(
        format!("Pain {}/10 ({})", last.score, when::relative(last.at, now)),
        Role::Text,
    )];
    if let Some((t, prev)) = trend {
        v.push(Span::new(
            format!("{} {} before ({prev}).", t.arrow(), t.words()),
            Role::Text,
        ));
    }
    v.extend([
        Span::new("p", Role::Key),
        Span::new("logs,", Role::Dim),
        Span::new("d", Role::Key),
        Span::new("shows the diary.", Role::Dim),
    ]);
    Some(v)
}

/// "Day 2 · 30 hours since it began", when, and the last pain score with its trend.
fn status(
    d: &mut Doc,
    state: &State,
    onset: DateTime<FixedOffset>,
    p: &Plan,
    now: DateTime<FixedOffset>,
    width: usize,
) {
    d.para(
        &[],
        &[Span::new(
            format!(
                "Day {} · {} since it began",
                p.elapsed.day(),
                when::span(p.elapsed.delta())
            ),
            Role::Heading,
        )],
        width,
    );
    d.para(
        &[],
        &[
            Span::new(
                format!("Began {}.", when::date_time(onset, now)),
                Role::Text,
            ),
            Span::new("o", Role::Key),
            Span::new("changes it.", Role::Dim),
        ],
        width,
    );
    let pain = pain_line(state, now).unwrap_or_else(|| {
        vec![
            Span::new("Pain: nothing logged yet.", Role::Text),
            Span::new("p", Role::Key),
            Span::new("logs it (0–10).", Role::Dim),
        ]
    });
    d.para(&[], &pain, width);
}

/// What `s` does: "s starts: Ice pack (timer)" from the plan; while a reason to call a doctor
/// applies it leads to the checklist, not to treating it yourself: "s opens: When to call a
/// doctor (the checklist)".
fn start_line(content: &Content, p: Option<&Plan>, reason: bool) -> Option<Vec<Span<Role>>> {
    if !reason {
        let id = p?.start()?;
        return Some(vec![
            Span::new("s", Role::Key),
            Span::new(format!("starts: {}", start_title(content, id)), Role::Text),
        ]);
    }
    let title = content
        .tabs
        .iter()
        .flat_map(|t| &t.steps)
        .find(|s| s.doctor)
        .map_or("the call-a-doctor checklist", |s| s.title.as_str());
    Some(vec![
        Span::new("s", Role::Key),
        Span::new(format!("opens: {title} (the checklist);"), Role::Text),
        Span::new("t", Role::Key),
        Span::new("and", Role::Dim),
        Span::new("i", Role::Key),
        Span::new("still open the timers.", Role::Dim),
    ])
}

/// The rules that apply now, each an item of the pane, with the warnings of the steps it is
/// about.
fn current(d: &mut Doc, content: &Content, p: &Plan, now: DateTime<FixedOffset>, width: usize) {
    d.para(&[], &[Span::new("Now", Role::Heading)], width);
    let pad = Span::new("  ", Role::Indent);
    let inner = width.saturating_sub(2);
    for c in &p.now {
        let first = d.lines.len();
        let mut title = vec![Span::new(c.rule.title.clone(), Role::StepTitle)];
        if let Some(left) = c.left {
            title.push(Span::new(
                format!("· {} left", when::span_up(left)),
                Role::Dim,
            ));
        }
        d.para(&[Span::new("• ", Role::Bullet)], &title, width);
        let mut body = wrap(
            &[],
            &[Span::new(c.rule.body.clone(), Role::Text)],
            Role::Indent,
            inner,
        );
        if let (Some(at), Some(early)) = (c.early, &c.rule.early) {
            body.extend(wrap(
                &[],
                &[
                    Span::new(
                        format!("You marked: {}, {}.", early.says, when::relative(at, now)),
                        Role::Text,
                    ),
                    Span::new("Space", Role::Key),
                    Span::new("takes it back.", Role::Dim),
                ],
                Role::Indent,
                inner,
            ));
        }
        if let Some(see) = see_also(content, c.rule) {
            body.extend(wrap(&[], &[Span::new(see, Role::Dim)], Role::Indent, inner));
        }
        body.extend(doc::warning_lines(
            content,
            &doc::rule_warnings(content, c.rule),
            inner,
            true,
        ));
        d.push_under(&pad, body);
        d.steps.push(first..d.lines.len());
        d.blank();
    }
}

/// The rules still to come, with when they begin (and what a rule that may come sooner waits
/// for), each an item of the pane with its warnings' titles.
fn later(d: &mut Doc, content: &Content, p: &Plan, width: usize) {
    if p.later.is_empty() {
        return;
    }
    d.para(&[], &[Span::new("Later", Role::Heading)], width);
    let pad = Span::new("  ", Role::Indent);
    let inner = width.saturating_sub(2);
    for u in &p.later {
        let first = d.lines.len();
        let mut when = format!("in {}", when::span_up(u.starts_in));
        if let Some(early) = &u.rule.early {
            when.push_str(&format!(", or sooner if {}", early.says));
        }
        d.para(
            &[Span::new("• ", Role::Bullet)],
            &[
                Span::new(format!("{when}:"), Role::Dim),
                Span::new(u.rule.title.clone(), Role::Text),
            ],
            width,
        );
        let mut body = Vec::new();
        if let Some(early) = &u.rule.early {
            body.extend(wrap(
                &[],
                &[
                    Span::new(early.waits.clone(), Role::Text),
                    Span::new("Space", Role::Key),
                    Span::new(format!("says {}.", early.says), Role::Dim),
                ],
                Role::Indent,
                inner,
            ));
        }
        body.extend(doc::warning_lines(
            content,
            &doc::rule_warnings(content, u.rule),
            inner,
            false,
        ));
        d.push_under(&pad, body);
        d.steps.push(first..d.lines.len());
    }
    d.blank();
}

/// "See: Ice and heat › Ice it for the first 48 to 72 hours"
fn see_also(content: &Content, rule: &TimeRule) -> Option<String> {
    let places: Vec<String> = rule
        .steps
        .iter()
        .filter_map(|id| {
            content.tabs.iter().find_map(|t| {
                t.steps
                    .iter()
                    .find(|s| &s.id == id)
                    .map(|s| format!("{} › {}", t.title, s.title))
            })
        })
        .collect();
    (!places.is_empty()).then(|| format!("See: {}", places.join("; ")))
}

/// The title of the walkthrough or cycle `id`, with what kind it is.
pub fn start_title(content: &Content, id: &str) -> String {
    if let Some(c) = content.cycle(id) {
        format!("{} (timer)", c.title)
    } else if let Some(w) = content.walkthrough(id) {
        format!("{} (step by step)", w.title)
    } else {
        id.to_string()
    }
}

/// The banner's words, while any condition is ticked: "⚠ CALL A DOCTOR: severe and
/// unbearable; lasting longer than two weeks".
pub fn banner(content: &Content, state: &State, now: DateTime<FixedOffset>) -> Option<String> {
    let reasons = plan::doctor_reasons(content, state, now);
    if reasons.is_empty() {
        return None;
    }
    let shorts: Vec<&str> = reasons.iter().map(|c| c.short()).collect();
    Some(format!("{BANNER}: {}", shorts.join("; ")))
}

/// The banner's lead, which every shortening keeps.
const BANNER: &str = "⚠ CALL A DOCTOR";

/// The banner in one row of `width` columns: whole if it fits, else its reasons cut with "…";
/// the lead "⚠ CALL A DOCTOR" always shows (the narrowest screen, 30 columns, has room).
pub fn banner_row(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let cut = crate::wrap::head(text, width);
    if cut.width() < BANNER.width() {
        return BANNER.to_string();
    }
    format!("{}…", cut.trim_end_matches([' ', ':', ';']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::today::diary::PainEntry;
    use chrono::{TimeDelta, TimeZone};

    fn now() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(0)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 25, 14, 0, 0)
            .unwrap()
    }

    fn plain(d: &Doc) -> Vec<String> {
        d.lines
            .iter()
            .map(|l| crate::wrap::plain(l).trim_end().to_string())
            .collect()
    }

    fn text(state: &State) -> String {
        let c = crate::content::shipped();
        plain(&pane(&c, state, 0, 76, now())).join("\n")
    }

    #[test]
    fn without_onset_it_is_the_general_order() {
        let t = text(&State::default());
        assert!(t.contains("When did it begin? Press o"), "{t}");
        assert!(t.contains("First 72 hours: Ice"), "{t}");
        assert!(!t.contains("Day "), "{t}");
        assert!(!t.contains("Pain"), "{t}");
    }

    #[test]
    fn without_onset_the_last_pain_score_still_shows() {
        let s = State {
            diary: vec![PainEntry::new(now() - TimeDelta::hours(1), 6, None)],
            ..State::default()
        };
        let t = text(&s);
        assert!(
            t.contains("Pain 6/10 (today 13:00) p logs, d shows the diary."),
            "{t}"
        );
        assert!(t.contains("When did it begin? Press o"), "{t}");
    }

    #[test]
    fn with_onset_it_is_the_plan_for_now() {
        let mut s = State {
            onset: Some(now() - TimeDelta::hours(30)),
            ..State::default()
        };
        let t = text(&s);
        assert!(t.contains("Day 2 · 30 hours since it began"), "{t}");
        assert!(t.contains("Began Tue 24 Nov, 08:00. o changes it."), "{t}");
        assert!(t.contains("• Ice the spasm · 42 hours left"), "{t}");
        assert!(t.contains("s starts: Ice pack (timer)"), "{t}");
        assert!(t.contains("in 18 hours: Don't stay in bed"), "{t}");
        assert!(t.contains("Pain: nothing logged yet."), "{t}");
        assert!(!t.contains("Switch to heat ·"), "heat is later, not now");
        s.diary = vec![
            PainEntry::new(now() - TimeDelta::hours(5), 7, None),
            PainEntry::new(now() - TimeDelta::hours(1), 4, None),
        ];
        let t = text(&s);
        assert!(
            t.contains("Pain 4/10 (today 13:00) ↓ lower than before (7)."),
            "{t}"
        );
    }

    #[test]
    fn a_future_onset_says_so_and_shows_the_general_order() {
        let s = State {
            onset: Some(now() + TimeDelta::hours(20)),
            ..State::default()
        };
        let t = text(&s);
        assert!(
            t.contains("⚠ The start you gave, Thu 26 Nov, 10:00, is later than now."),
            "{t}"
        );
        assert!(t.contains("First 72 hours: Ice"), "{t}");
    }

    #[test]
    fn banner_lists_what_is_ticked() {
        let c = crate::content::shipped();
        let mut s = State::default();
        assert_eq!(banner(&c, &s, now()), None);
        s.doctor.insert("frequent".into());
        s.onset = Some(now() - TimeDelta::days(15));
        assert_eq!(
            banner(&c, &s, now()).as_deref(),
            Some("⚠ CALL A DOCTOR: frequent, or a history of it; lasting longer than two weeks")
        );
    }

    #[test]
    fn the_banner_row_shortens_but_keeps_its_lead() {
        let text = "⚠ CALL A DOCTOR: severe and unbearable; lasting longer than two weeks";
        assert_eq!(banner_row(text, 80), text);
        assert_eq!(
            banner_row(text, 38),
            "⚠ CALL A DOCTOR: severe and unbearabl…"
        );
        assert_eq!(banner_row(text, 18), "⚠ CALL A DOCTOR…");
        assert_eq!(banner_row(text, 10), "⚠ CALL A DOCTOR");
    }
}
