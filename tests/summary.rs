//! The summary for the doctor, from a fixed state and a fixed clock, against a golden file.
//! To accept a deliberate change: `BACKSPASM_BLESS=1 cargo test --test summary`, then review
//! the diff of tests/golden/summary.md.

use backspasm::content;
use backspasm_core::state::format::Persist;
use backspasm_core::state::{Edit, State, WalkEdit};
use backspasm_core::timer::kept::PhaseEnd;
use backspasm_core::today::diary::PainEntry;
use backspasm_core::today::summary;
use chrono::{DateTime, FixedOffset};

const GOLDEN: &str = "tests/golden/summary.md";

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).unwrap()
}

fn entry(at: &str, score: u8, note: Option<&str>) -> PainEntry {
    PainEntry::new(t(at), score, note.map(str::to_string))
}

/// Began 15 days before the clock (so "two weeks" ticks itself), "severe" ticked by hand, an
/// id no longer in the content, entries over three days (one logged in another offset), two
/// shower rounds and a half, one ice pack taken off, lifting finished twice (started over in
/// between, which keeps the finishes) and a finish of a walkthrough no longer in the content.
/// Besides, what is not treatment: a cold phase moved on from with `n` and an ice break cut
/// short, which the summary leaves out (in the counts and in "last").
fn state() -> State {
    let mut s = diary_and_doctor();
    let phase_end =
        |cycle: &str, at: &str, phase: &str, treated: bool, round_done: bool| Edit::PhaseDone {
            cycle: cycle.into(),
            end: PhaseEnd {
                at: t(at),
                phase: phase.into(),
                treated,
                round_done,
            },
        };
    let ended = |cycle: &str, at: &str, phase: &str, round_done: bool| {
        phase_end(cycle, at, phase, true, round_done)
    };
    let finished = |walk: &str, at: &str| {
        Edit::Walk(WalkEdit::Finished {
            walk: walk.into(),
            at: Some(t(at)),
        })
    };
    for edit in [
        ended("hydrotherapy", "2026-11-24T09:03:00+01:00", "hot", false),
        ended("hydrotherapy", "2026-11-24T09:03:30+01:00", "cold", true),
        ended("hydrotherapy", "2026-11-24T09:06:30+01:00", "hot", false),
        ended("hydrotherapy", "2026-11-24T09:07:00+01:00", "cold", true),
        ended("hydrotherapy", "2026-11-25T08:03:00+01:00", "hot", false),
        ended("ice", "2026-11-23T10:20:00+01:00", "on", false),
        phase_end(
            "hydrotherapy",
            "2026-11-25T08:03:10+01:00",
            "cold",
            false,
            false,
        ),
        phase_end("ice", "2026-11-23T11:00:00+01:00", "off", false, false),
        finished("lifting", "2026-11-23T12:00:00+01:00"),
        Edit::Walk(WalkEdit::Reset {
            walk: "lifting".into(),
        }),
        finished("lifting", "2026-11-24T17:45:00+01:00"),
        finished("gone-from-content", "2026-11-24T18:00:00+01:00"),
    ] {
        s.apply(&edit);
    }
    s
}

fn diary_and_doctor() -> State {
    State {
        onset: Some(t("2026-11-10T08:00:00+01:00")),
        doctor: ["severe".to_string(), "gone-from-content".to_string()].into(),
        diary: vec![
            entry(
                "2026-11-23T08:30:00+01:00",
                9,
                Some("could not get up; *very* stiff"),
            ),
            entry("2026-11-23T21:00:00+01:00", 7, None),
            // 23:30 UTC is already the 24th at +01:00.
            entry("2026-11-23T23:30:00+00:00", 8, Some("woke up | [sharp]")),
            entry("2026-11-24T12:00:00+01:00", 6, None),
            entry("2026-11-25T09:15:00+01:00", 4, Some("after the hot shower")),
        ],
        ..State::default()
    }
}

fn now() -> DateTime<FixedOffset> {
    t("2026-11-25T15:00:00+01:00")
}

#[test]
fn summary_matches_the_golden_file() {
    let c = content::load(None).unwrap();
    let got = summary::markdown(&c, &state(), now());
    if std::env::var_os("BACKSPASM_BLESS").is_some() {
        std::fs::write(GOLDEN, &got).unwrap();
    }
    let want = std::fs::read_to_string(GOLDEN).unwrap();
    assert_eq!(got, want, "summary differs from {GOLDEN}:\n{got}");
}

#[test]
fn an_empty_state_says_so_in_each_part() {
    let c = content::load(None).unwrap();
    let got = summary::markdown(&c, &State::default(), now());
    assert!(got.contains("- Began: not given\n"), "{got}");
    assert!(got.contains("No pain scores logged."), "{got}");
    assert_eq!(got.matches("- [ ] ").count(), c.doctor.len(), "{got}");
    assert!(
        got.contains("## Treatments used\n\nNone recorded.\n"),
        "{got}"
    );
}

#[test]
fn a_future_onset_is_said_not_computed() {
    let c = content::load(None).unwrap();
    let s = State {
        onset: Some(t("2026-11-26T08:00:00+01:00")),
        ..State::default()
    };
    let got = summary::markdown(&c, &s, now());
    assert!(
        got.contains("- The start given is later than this summary."),
        "{got}"
    );
    assert!(!got.contains("[x]"), "{got}");
}

/// The disclaimer comes first; a reason to call a doctor that applies is named in one line
/// before anything else; every reason is listed with its state, applying or not.
#[test]
fn the_header_leads_with_the_disclaimer_and_names_the_reason_to_call() {
    let c = content::load(None).unwrap();
    let lines = |s: &State| -> Vec<String> {
        summary::markdown(&c, s, now())
            .lines()
            .map(str::to_string)
            .collect()
    };
    let quiet = State {
        onset: Some(t("2026-11-24T08:00:00+01:00")),
        ..State::default()
    };
    let got = lines(&quiet);
    assert_eq!(got[0], "_Not medical advice: general information._");
    assert!(!got.iter().any(|l| l.contains("Reason to call")), "{got:?}");
    for reason in [
        "- [ ] My back spasms are severe and I can't bear them. (not ticked)",
        "- [ ] My spasm or pain has lasted longer than two weeks. (not ticked)",
    ] {
        assert!(got.iter().any(|l| l == reason), "{reason} in {got:?}");
    }
    // Ticked by hand: named at the top, before the onset.
    let severe = State {
        doctor: ["severe".to_string()].into(),
        ..quiet.clone()
    };
    let got = lines(&severe);
    assert_eq!(got[0], "_Not medical advice: general information._");
    assert_eq!(
        got[4],
        "**Reason to call a doctor now: severe and unbearable.**"
    );
    assert!(got.contains(
        &"- [x] My back spasms are severe and I can't bear them. (yes, ticked)".to_string()
    ));
    assert_eq!(got.iter().filter(|l| l.starts_with("- [")).count(), 3);
}
