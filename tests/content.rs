//! Loading and validation: the embedded guide, the minimal good file, and every bad fixture
//! with the exact message it must produce.

use std::path::Path;

use backspasm::content::{self, ContentError, Origin, TabKind};

#[test]
fn embedded_content_loads_with_the_panes_in_order() {
    let c = content::load(None).expect("embedded content is valid");
    let ids: Vec<&str> = c.tabs.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "today",
            "physical",
            "heat-cold",
            "medication",
            "rest",
            "fluids",
            "medical-help",
            "warnings",
            "tips"
        ]
    );
    assert_eq!(c.tabs[7].kind, TabKind::Warnings);
}

/// Every fact and figure of the source must survive the restating.
#[test]
fn embedded_content_keeps_the_sources_facts() {
    let all = content::EMBEDDED;
    for fact in [
        "2 to 3 minutes",
        "30 seconds",
        "20 minutes",
        "1.5 hours",
        "48 to 72 hours",
        "2 to 3 days",
        "72 hours",
        "1 or 2 days",
        "two weeks",
        "15 minutes",
        "90 degrees",
        "25 pounds or 1 pound",
        "1-pound dumbbell",
        "a few months",
        "acetaminophen",
        "naproxen",
        "ibuprofen",
        "NSAIDs",
        "muscle relaxants",
        "narcotics",
        "tricyclic antidepressants",
        "cortisone injection",
        "chiropractor",
        "ultrasound",
        "acupuncture",
        "massage",
        "calcium",
        "potassium",
        "bananas",
        "frostbite",
        "nerve damage",
        "burns",
        "liver damage",
        "alcohol",
        "dehydration",
        "electrolytes",
        "fever or vomiting",
        "anatomical defect",
    ] {
        assert!(
            all.to_lowercase().contains(&fact.to_lowercase()),
            "missing fact: {fact}"
        );
    }
}

/// Every warning sits beside every step, walkthrough step and timer it concerns, not only where
/// the article happens to put it: (warning, places, why). A place is a guide step id, `walk/step`
/// or `cycle:id`.
#[test]
fn warnings_are_linked_to_the_steps_they_concern() {
    let c = content::load(None).unwrap();
    let linked = |place: &str| -> Vec<String> {
        if let Some(cycle) = place.strip_prefix("cycle:") {
            return c.cycle(cycle).unwrap().warnings.clone();
        }
        if let Some((walk, step)) = place.split_once('/') {
            let w = c
                .walkthrough(walk)
                .unwrap_or_else(|| panic!("no walkthrough {walk}"));
            return w
                .steps
                .iter()
                .find(|s| s.id == step)
                .unwrap()
                .warnings
                .clone();
        }
        c.step(place)
            .unwrap_or_else(|| panic!("no step {place}"))
            .warnings
            .clone()
    };
    let table: &[(&str, &[&str], &str)] = &[
        (
            "ice-barrier",
            &["ice", "heat", "cycle:ice", "needs/ice", "needs/towel"],
            "a chemical pack never on bare skin: wherever ice is used, the ice/heat cycle after \
             72 hours included",
        ),
        (
            "no-sleep-ice-heat",
            &["ice", "heat", "cycle:ice", "needs/ice", "needs/heating-pad"],
            "never sleep with ice or heat on: wherever either is applied",
        ),
        (
            "relaxants-activity",
            &[
                "relaxants",
                "stretching",
                "strength",
                "lifting",
                "lifting/approach",
                "needs/prescribed",
            ],
            "no physical activity on muscle relaxants: the medicine, and every exercise, \
             stretching and lifting step",
        ),
        (
            "narcotics-liver",
            &["narcotics", "nsaids", "needs/prescribed"],
            "opiates and strong painkillers: the narcotics, and the stronger drugs a doctor may \
             give when NSAIDs are not enough",
        ),
    ];
    for (warning, places, why) in table {
        assert!(c.warning(warning).is_some(), "{warning}");
        for place in *places {
            assert!(
                linked(place).iter().any(|w| w == warning),
                "{place} lacks {warning}: {why}"
            );
        }
    }
    // Every warning of the content is in the table: a new one needs its places thought out.
    for w in &c.warnings {
        assert!(
            table.iter().any(|(id, _, _)| *id == w.id),
            "{} is not in the table",
            w.id
        );
    }
}

/// What the audit found overstated: the app's own note on its sources says what it works out
/// for itself, and acupuncture keeps the article's strength of claim.
#[test]
fn no_overstatement_of_the_article() {
    let c = content::load(None).unwrap();
    let all = content::EMBEDDED;
    assert!(!all.contains("adds no advice of its own"));
    assert!(
        c.sources[0].contains("It does work some things out"),
        "{}",
        c.sources[0]
    );
    for derived in ["Today plan", "call a doctor", "timers"] {
        assert!(
            c.sources[0].contains(derived),
            "{derived}: {}",
            c.sources[0]
        );
    }
    let tip = c.step("tip-acupuncture").unwrap();
    assert!(!tip.body.contains("a great deal"), "{}", tip.body);
    assert!(
        tip.body.contains("can have significant positive effects"),
        "{}",
        tip.body
    );
}

#[test]
fn walkthroughs_and_cycles_are_modelled() {
    let c = content::load(None).unwrap();
    assert_eq!(c.walkthrough("lifting").unwrap().steps.len(), 4);
    assert!(c.walkthrough("pressure").is_some());
    let hydro = c.cycle("hydrotherapy").unwrap();
    let secs: Vec<u32> = hydro.phases.iter().map(|p| p.secs).collect();
    assert_eq!(secs, [180, 30]);
    assert_eq!(hydro.phases[0].min_secs, Some(120));
    let ice = c.cycle("ice").unwrap();
    let secs: Vec<u32> = ice.phases.iter().map(|p| p.secs).collect();
    assert_eq!(secs, [20 * 60, 90 * 60]);
}

#[test]
fn minimal_good_file_loads() {
    let c = content::load(Some(Path::new("tests/fixtures/good/minimal.ron"))).unwrap();
    assert_eq!(
        c.summary(),
        "2 panes, 1 step, 1 warning, 1 walkthrough, 1 cycle"
    );
}

#[test]
fn every_bad_fixture_fails_with_its_message() {
    let mut checked = 0;
    for entry in std::fs::read_dir("tests/fixtures/bad").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let expect = std::fs::read_to_string(path.with_extension("expect"))
            .unwrap_or_else(|_| panic!("{} has no .expect file", path.display()));
        let err = content::load(Some(&path)).expect_err(&path.display().to_string());
        let first = err.to_string().lines().next().unwrap().to_string();
        assert_eq!(
            first,
            format!("{}{}", path.display(), expect.trim_end()),
            "{}",
            path.display()
        );
        assert!(
            names_the_place(expect.trim_end()),
            "{}: {expect}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 70, "only {checked} fixtures");
}

/// A message after the file name starts with `:LINE:COLUMN: ` or `: field.path[N]: `.
fn names_the_place(message: &str) -> bool {
    let Some(rest) = message.strip_prefix(':') else {
        return false;
    };
    if let Some((place, _)) = rest.split_once(": ") {
        let numbers: Vec<&str> = place.split(':').collect();
        if numbers.len() == 2
            && numbers
                .iter()
                .all(|n| n.parse::<usize>().is_ok_and(|n| n > 0))
        {
            return true;
        }
    }
    let Some((path, _)) = rest.strip_prefix(' ').and_then(|r| r.split_once(": ")) else {
        return false;
    };
    !path.is_empty()
        && path.split('.').all(|part| {
            let name = part.split('[').next().unwrap();
            let indexes = &part[name.len()..];
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                && indexes.split_terminator(']').all(|i| {
                    i.strip_prefix('[')
                        .is_some_and(|n| n.parse::<usize>().is_ok())
                })
        })
}

#[test]
fn the_place_check_can_fail() {
    assert!(names_the_place(":3:5: Expected comma"));
    assert!(names_the_place(
        ": tabs[0].steps[12].title: must not be empty"
    ));
    assert!(!names_the_place(": not valid UTF-8"));
    assert!(!names_the_place(":0:5: Expected comma"));
    assert!(!names_the_place(": tabs[x].title: bad"));
}

/// The corpus keeps a fixture for every kind of mistake: removing the last one of a kind fails.
#[test]
fn the_bad_corpus_covers_every_kind_of_mistake() {
    let names: Vec<String> = std::fs::read_dir("tests/fixtures/bad")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for kind in [
        "syntax-",
        "wrong-type-",
        "unknown-field",
        "missing-field",
        "duplicate-",
        "dangling-",
        "empty-pane",
        "zero-",
        "absurd-",
        "escape-",
        "bidi-",
        "del-",
        "utf8",
    ] {
        let n = names.iter().filter(|n| n.contains(kind)).count() / 2;
        assert!(n >= 1, "no fixture for {kind}");
    }
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let err = content::parse("Content(\n  title: 5,\n)", Origin::Embedded).unwrap_err();
    match err {
        // ron points just after the colon of the bad field.
        ContentError::Syntax { line, column, .. } => assert_eq!((line, column), (2, 9)),
        other => panic!("expected a syntax error, got {other}"),
    }
}

#[test]
fn rule_errors_list_every_problem_with_its_path() {
    let text = std::fs::read_to_string("tests/fixtures/good/minimal.ron")
        .unwrap()
        .replace("title: \"First step\"", "title: \"\"")
        .replace("secs: 30)", "secs: 0)");
    let err = content::parse(&text, Origin::Embedded).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("tabs[0].steps[0].title: must not be empty"),
        "{msg}"
    );
    assert!(
        msg.contains("cycles[0].phases[1].secs: must be between"),
        "{msg}"
    );
}

#[test]
fn oversized_and_directory_paths_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.ron");
    std::fs::write(&big, vec![b' '; 2 * 1024 * 1024]).unwrap();
    let err = content::load(Some(&big)).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}: file is too large (the limit is 1048576 bytes)",
            big.display()
        )
    );
    // Just under the limit is read (and is then bad for what it says, not for its size): a
    // valid file padded with a comment to 1 MiB loads.
    let good = std::fs::read_to_string("tests/fixtures/good/minimal.ron").unwrap();
    let padded = format!("{good}//{}\n", "x".repeat(1024 * 1024 - good.len() - 3));
    assert_eq!(padded.len(), 1024 * 1024);
    std::fs::write(&big, &padded).unwrap();
    content::load(Some(&big)).expect("exactly 1 MiB is allowed");
    std::fs::write(&big, format!("{padded} ")).unwrap();
    assert!(content::load(Some(&big)).is_err());
    // A device that never ends, and a named pipe with no writer (which an ordinary open
    // waits on forever): refused at once, never read.
    let err = content::load(Some(Path::new("/dev/zero")))
        .unwrap_err()
        .to_string();
    assert_eq!(err, "/dev/zero: is a device, not a content file");
    let fifo = dir.path().join("fifo.ron");
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .unwrap();
    let err = content::load(Some(&fifo)).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}: is a named pipe (FIFO), not a content file",
            fifo.display()
        )
    );
    let err = content::load(Some(dir.path())).unwrap_err().to_string();
    assert!(err.contains("is a directory"), "{err}");
    let err = content::load(Some(&dir.path().join("missing.ron")))
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing.ron: cannot read"), "{err}");
}

/// The names a person reads agree: a tab's label is its pane's title or a clip of the same
/// words in the same order ("Ice/heat" for "Ice and heat", "Meds" for "Medication"), and every
/// place the text names a pane ("See: Ice and heat › …", "the Doctor pane") uses its title.
#[test]
fn pane_names_agree_everywhere_they_are_read() {
    use backspasm_core::state::State;
    use backspasm_core::today::pane;
    use backspasm_core::wrap::plain;
    use chrono::{TimeDelta, TimeZone, Utc};

    let c = content::load(None).unwrap();
    let titles: Vec<&str> = c.tabs.iter().map(|t| t.title.as_str()).collect();
    for t in &c.tabs {
        let words: Vec<String> = t.title.split_whitespace().map(str::to_lowercase).collect();
        let mut at = 0;
        for part in t.short.split('/') {
            let clip: String = part.to_lowercase().chars().take(3).collect();
            let found = words[at..].iter().position(|w| w.starts_with(&clip));
            assert!(
                found.is_some(),
                "tab {:?} reads {:?}: not its title's words",
                t.title,
                t.short
            );
            at += found.unwrap() + 1;
        }
    }
    // Every pane's text, with a start given (so Today's plan names its places) and without.
    let now = Utc
        .with_ymd_and_hms(2026, 11, 25, 14, 0, 0)
        .unwrap()
        .fixed_offset();
    let mut text = vec![c.disclaimer.clone()];
    // The help and footer words of the key table name panes too ("the Warnings pane").
    text.extend(
        backspasm::keymap::BINDINGS
            .iter()
            .flat_map(|b| [b.help.to_string(), b.hint.to_string()]),
    );
    for hours in [None, Some(10), Some(100)] {
        let state = State {
            onset: hours.map(|h| now - TimeDelta::hours(h)),
            ..State::default()
        };
        for tab in 0..c.tabs.len() {
            let doc = pane::pane(&c, &state, tab, 10_000, now);
            text.extend(doc.lines.iter().map(|l| plain(l)));
        }
    }
    let mut named = 0;
    for line in &text {
        for (i, _) in line.match_indices("See: ") {
            for place in line[i + 5..].split("; ") {
                let (pane, _) = place.split_once(" › ").unwrap();
                assert!(
                    titles.contains(&pane),
                    "{pane:?} is no pane's title: {line}"
                );
                named += 1;
            }
        }
        // A name before " pane" is a title; only a word like "this" or "other" may stand
        // there instead.
        for (i, _) in line.match_indices(" pane") {
            let before = &line[..i];
            let word = before.rsplit(' ').next().unwrap_or("");
            if [
                "this", "This", "the", "The", "other", "next", "to", "each", "a",
            ]
            .contains(&word)
            {
                continue;
            }
            assert!(
                titles.iter().any(|t| before.ends_with(t)),
                "{word:?} pane is no pane's title: {line}"
            );
            named += 1;
        }
    }
    assert!(named >= 3, "the check saw {named} names");
}
