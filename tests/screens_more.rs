//! Rendering against the real frame: every screen drawn into a frame of another size than the
//! app was last told (a resize that lands between an event and the draw), and the screen
//! fixes of the audit (notices, the disclaimer on every first screen, small sizes, dates).

mod common;

use backspasm::app::App;
use backspasm::clock::Now;
use backspasm::content::{ClockKind, Content};
use backspasm::ui;
use chrono::TimeDelta;
use common::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Draw `app` into a frame of `w`x`h`, whatever `app.size` says.
fn draw_in(app: &App, c: &Content, w: u16, h: u16, at: Now) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::render(f, app, c, at)).unwrap();
    t
}

/// Every screen with something on it, each set up at `w`x`h` through the keys.
fn screens(c: &Content, w: u16, h: u16) -> Vec<(&'static str, App)> {
    let base = || {
        let mut a = app(c, w, h);
        a.state.onset = Some(now().wall - TimeDelta::hours(30));
        for (i, score) in [(50, 7), (26, 5), (3, 4)] {
            a.state
                .diary
                .push(backspasm_core::today::diary::PainEntry::new(
                    now().wall - TimeDelta::hours(i),
                    score,
                    Some("stiff".into()),
                ));
        }
        a
    };
    let with = |keys: &[ratatui::crossterm::event::Event]| {
        let mut a = base();
        press(&mut a, c, keys);
        a
    };
    let mut shower = base();
    shower.start_timer(ClockKind::Monotonic, None, now());
    let walk = |id: &str| {
        let mut a = base();
        let i = c.walkthroughs.iter().position(|x| x.id == id).unwrap();
        a.open_walk(c, i, now());
        a
    };
    let mut list = walk("lifting");
    press(&mut list, c, &[ch('v')]);
    let mut notice = walk("lifting");
    notice.notice = Some("a notice long enough to wrap onto a second line at most sizes".into());
    vec![
        ("today", base()),
        ("guide", with(&[ch('2')])),
        ("warnings", with(&[ch('w')])),
        ("help", with(&[ch('?')])),
        ("diary", with(&[ch('d')])),
        ("doctor", with(&[ch('c')])),
        ("onset", with(&[ch('o')])),
        ("pain", with(&[ch('p')])),
        ("note", with(&[ch('p'), ch('5'), ch('x')])),
        ("shower", shower),
        ("ice", with(&[ch('i'), ch(' ')])),
        ("walk focus", walk("pressure")),
        ("walk list", list),
        ("notice", notice),
    ]
}

#[test]
fn every_screen_draws_at_the_frames_size_not_the_apps() {
    let c = content();
    let pairs = [
        ((120, 40), (80, 24)),
        ((80, 24), (60, 20)),
        ((80, 24), (40, 12)),
        ((81, 25), (80, 24)),
        ((40, 12), (80, 24)),
        ((80, 24), (30, 8)),
        ((80, 24), (20, 5)),
        ((30, 8), (200, 60)),
    ];
    for ((aw, ah), (fw, fh)) in pairs {
        for ((name, told), (_, real)) in screens(&c, aw, ah).into_iter().zip(screens(&c, fw, fh)) {
            let drawn = draw_in(&told, &c, fw, fh, now());
            assert_eq!(lines(&drawn).len(), fh as usize);
            if name == "walk list" {
                // Opening the list scrolled it to the selected step at the size it was told.
                continue;
            }
            // The same as an app that had been told the real size (nothing else in these
            // depends on the size).
            let expected = draw_in(&real, &c, fw, fh, now());
            assert_eq!(
                screen_text(&drawn),
                screen_text(&expected),
                "{name}: told {aw}x{ah}, frame {fw}x{fh}"
            );
        }
    }
}

/// The screen's words on one line, for phrases that wrap.
fn words(t: &Terminal<TestBackend>) -> String {
    // Without scrollbars and box edges, so a phrase runs on across lines.
    let joined = lines(t).join(" ").replace(['█', '│'], " ");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first screen of every way in, as `main` sets each up (with a kept onset, and without).
fn ways_in(c: &Content, w: u16, h: u16, onset: bool) -> Vec<(&'static str, App)> {
    let fresh = || {
        let mut a = app(c, w, h);
        if onset {
            a.state.onset = Some(now().wall - TimeDelta::hours(30));
        }
        a
    };
    let on = |f: &dyn Fn(&mut App)| {
        let mut a = fresh();
        f(&mut a);
        a.ask_onset_if_unknown(c, now());
        a
    };
    let walk = |id: &'static str| {
        move |a: &mut App| {
            let i = c.walkthroughs.iter().position(|x| x.id == id).unwrap();
            a.open_walk(c, i, now());
        }
    };
    let warnings = c
        .tab_of_kind(backspasm::content::TabKind::Warnings)
        .unwrap();
    vec![
        ("backspasm", on(&|_| {})),
        ("warnings", on(&|a| a.guide.tab = warnings)),
        ("lift", on(&walk("lifting"))),
        ("walk pressure", on(&walk("pressure"))),
        ("walk needs", on(&walk("needs"))),
        (
            "timer",
            on(&|a| a.start_timer(ClockKind::Monotonic, None, now())),
        ),
        ("ice", on(&|a| a.open_timer(ClockKind::Wall))),
    ]
}

#[test]
fn the_disclaimer_is_on_the_first_screen_of_every_way_in() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        for onset in [false, true] {
            for (name, mut a) in ways_in(&c, w, h, onset) {
                let t = draw_in(&a, &c, w, h, now());
                assert!(
                    words(&t).contains("not medical advice")
                        || words(&t).contains("Not medical advice"),
                    "{name} at {w}x{h}, onset {onset}:\n{}",
                    screen_text(&t)
                );
                // In its own colour and style: the disclaimer's.
                if let Some(y) = lines(&t).iter().position(|l| l.starts_with("Not medical")) {
                    let cell = &t.backend().buffer()[(0, y as u16)];
                    assert_eq!(cell.fg, ratatui::style::Color::Cyan, "{name}");
                }
                // The row is the first screen's: the first key gives its room back.
                if a.shows_disclaimer_row() {
                    let body = a.areas().body.height;
                    a.update(
                        &c,
                        backspasm::app::Action::Resize {
                            width: w,
                            height: h,
                        },
                        now(),
                    );
                    assert!(a.shows_disclaimer_row(), "{name}: a resize is not a key");
                    press(&mut a, &c, &[ch('?')]);
                    assert!(!a.shows_disclaimer_row(), "{name}");
                    assert_eq!(a.areas().body.height, body + 1, "{name}");
                    press(&mut a, &c, &[ch('?')]);
                    let after = screen_text(&draw_in(&a, &c, w, h, now()));
                    assert!(!after.contains("Not medical advice:"), "{name}:\n{after}");
                }
            }
        }
    }
}

#[test]
fn the_onset_picker_leaves_the_disclaimer_row_at_40x12() {
    let c = content();
    let mut a = app(&c, 40, 12);
    a.ask_onset_if_unknown(&c, now());
    let t = draw_in(&a, &c, 40, 12, now());
    let rows = lines(&t);
    assert!(
        rows[10].starts_with("Not medical advice"),
        "{}",
        screen_text(&t)
    );
    // Every choice still shows, and the box is whole (its bottom border drawn).
    for i in 1..=8 {
        assert!(
            rows.iter()
                .any(|l| l.contains(&format!("│   {i} ")) || l.contains(&format!("│ ▶ {i} "))),
            "{i}"
        );
    }
    assert!(
        rows.iter().any(|l| l.starts_with('└')),
        "{}",
        screen_text(&t)
    );
}

#[test]
fn a_damaged_state_file_notice_says_what_happened_first_and_wraps() {
    use backspasm::store::{self, Store};
    use backspasm_core::state::State;
    let c = content();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(store::FILE_NAME), "garbage((").unwrap();
    let (_, _, notices) = Store::<State>::open(Some(dir.path().to_path_buf()));
    let notice = notices.into_iter().last().unwrap();
    assert!(
        notice.starts_with("state file was damaged: started fresh, old one kept as "),
        "{notice}"
    );
    let bak = dir.path().join("state.ron.bak").display().to_string();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut a = app(&c, w, h);
        a.open_walk(&c, 0, now());
        a.notice = Some(notice.clone());
        let t = draw_in(&a, &c, w, h, now());
        let text = words(&t);
        assert!(
            text.contains("damaged: started fresh, old one kept as"),
            "{w}x{h}:\n{}",
            screen_text(&t)
        );
        if w == 80 && bak.len() < 70 {
            assert!(text.contains(&bak), "{}", screen_text(&t));
        }
        // Two rows, just above the footer, in the warning colour.
        let rows = lines(&t);
        let y = rows
            .iter()
            .position(|l| l.starts_with("state file was damaged"))
            .unwrap();
        assert_eq!(y, h as usize - 3, "{}", screen_text(&t));
        assert_eq!(
            t.backend().buffer()[(0, y as u16)].fg,
            ratatui::style::Color::Yellow
        );
        if w == 40 {
            assert!(rows[y + 1].trim_end().ends_with('…'), "{}", screen_text(&t));
        }
    }
}

#[test]
fn a_long_notice_is_cut_at_two_lines_and_one_on_a_short_screen() {
    let c = content();
    let long = "word ".repeat(60);
    for (w, h, rows) in [(80, 24, 2), (40, 12, 2), (40, 11, 1), (30, 8, 1)] {
        let mut a = app(&c, w, h);
        press(&mut a, &c, &[ch('2')]);
        a.notice = Some(long.clone());
        assert_eq!(a.areas().notice.unwrap().height, rows, "{w}x{h}");
        let t = draw_in(&a, &c, w, h, now());
        let shown = lines(&t);
        let last = &shown[h as usize - 2];
        assert!(
            last.trim_end().ends_with('…'),
            "{w}x{h}:\n{}",
            screen_text(&t)
        );
    }
}

#[test]
fn focus_mode_shows_the_walkthroughs_intro_on_its_first_step_where_it_fits() {
    let c = content();
    let i = c
        .walkthroughs
        .iter()
        .position(|x| x.id == "pressure")
        .unwrap();
    let intro = c.walkthroughs[i].intro.clone().unwrap();
    let first_words: String = intro
        .split_whitespace()
        .take(4)
        .collect::<Vec<_>>()
        .join(" ");
    let mut a = app(&c, 80, 24);
    a.open_walk(&c, i, now());
    let t = draw_in(&a, &c, 80, 24, now());
    assert!(words(&t).contains(&first_words), "{}", screen_text(&t));
    // Above the step, and the step is not pushed out of sight (no "more" to scroll to).
    let rows = lines(&t);
    let intro_y = rows.iter().position(|l| l.contains(&first_words)).unwrap();
    let body_y = rows
        .iter()
        .position(|l| l.contains("Put all four fingers"))
        .unwrap();
    assert!(intro_y < body_y);
    assert!(!screen_text(&t).contains("↑↓ more"), "{}", screen_text(&t));
    // Not on the next step.
    press(&mut a, &c, &[ch(' ')]);
    let t = draw_in(&a, &c, 80, 24, now());
    assert!(!words(&t).contains(&first_words), "{}", screen_text(&t));
    // Where it would push the step off the card (40x12), the step alone.
    let mut a = app(&c, 40, 12);
    a.open_walk(&c, i, now());
    let t = draw_in(&a, &c, 40, 12, now());
    assert!(!words(&t).contains(&first_words), "{}", screen_text(&t));
    assert!(
        words(&t).contains("Fingers on the spasm"),
        "{}",
        screen_text(&t)
    );
}

#[test]
fn at_the_smallest_size_the_footer_keeps_every_pinned_key_and_the_main_one() {
    let c = content();
    let (w, h) = (backspasm::layout::MIN_WIDTH, backspasm::layout::MIN_HEIGHT);
    let mut wait = app(&c, w, h);
    let i = c
        .walkthroughs
        .iter()
        .position(|x| x.id == "pressure")
        .unwrap();
    wait.open_walk(&c, i, now());
    press(&mut wait, &c, &[ch(' '), ch(' '), ch(' ')]);
    let mut all = screens(&c, w, h);
    all.push(("wait", wait));
    // The help overlay covers the whole screen at this size, footer too.
    for (name, mut a) in all.into_iter().filter(|(n, _)| *n != "help") {
        for not_saving in [false, true] {
            a.not_saving = not_saving.then(|| "read-only".to_string());
            let t = draw_in(&a, &c, w, h, now());
            let footer = lines(&t)[h as usize - 1].clone();
            let here = a.here(&c, now());
            let hints = backspasm::keymap::footer_where(a.ctx(), &here, |x| {
                !a.does_nothing(&c, x, &here, now())
            });
            let tokens: Vec<&str> = footer.split("  ").map(str::trim).collect();
            // A key left out is said: `? more` in place of `? help` (and only then).
            let cut = hints
                .iter()
                .filter(|(keys, _, _)| keys != "?")
                .any(|(keys, word, _)| {
                    !tokens
                        .iter()
                        .any(|t| *t == keys.as_str() || *t == format!("{keys} {word}"))
                });
            for (n, (keys, word, pinned)) in hints.iter().enumerate() {
                if *pinned || n == 0 {
                    let word = if cut && keys == "?" { "more" } else { word };
                    let full = format!("{keys} {word}");
                    assert!(
                        tokens.iter().any(|t| *t == keys.as_str() || *t == full),
                        "{name}: {full:?} missing from {footer:?}"
                    );
                }
            }
            if not_saving {
                let end = footer.trim_end();
                assert!(
                    end.ends_with("⚠ not saving") || end.ends_with("⚠ unsaved"),
                    "{name}: {footer:?}"
                );
            }
        }
    }
}

#[test]
fn today_counts_minutes_in_the_first_two_hours() {
    let c = content();
    let mut a = app(&c, 80, 24);
    a.state.onset = Some(now().wall - TimeDelta::minutes(90));
    let text = screen_text(&draw_in(&a, &c, 80, 24, now()));
    assert!(
        text.contains("Day 1 · 1 hour 30 min since it began"),
        "{text}"
    );
}

#[test]
fn ice_times_from_another_day_say_which_day() {
    let c = content();
    let base = now();
    let mut first = app(&c, 80, 24);
    press(&mut first, &c, &[ch('i'), ch(' ')]);
    // Reopened two days later (and the next morning): the times are of 25 Nov.
    for (hours, day) in [(48, "Wed 25 Nov, 14:20"), (18, "yesterday 14:20")] {
        let later = Now {
            wall: base.wall + TimeDelta::hours(hours),
            mono: base.mono + std::time::Duration::from_secs(hours as u64 * 3600),
        };
        // Tall enough for the "while closed" line beside the biggest digits.
        let mut second = app(&c, 80, 30);
        second.state = first.state.clone();
        second.resume_timers(&c, later);
        let t = draw_in(&second, &c, 80, 30, later);
        let text = words(&t);
        assert!(
            text.contains(&format!("⚠ ICE ON ended at {day}")),
            "{}",
            screen_text(&t)
        );
        assert!(
            text.contains(&format!("While closed: ICE ON should have ended at {day};")),
            "{}",
            screen_text(&t)
        );
    }
    // The same day: the time alone.
    let later = Now {
        wall: base.wall + TimeDelta::hours(3),
        mono: base.mono + std::time::Duration::from_secs(3 * 3600),
    };
    let mut second = app(&c, 80, 24);
    second.state = first.state.clone();
    second.resume_timers(&c, later);
    let text = words(&draw_in(&second, &c, 80, 24, later));
    assert!(text.contains("⚠ ICE ON ended at 14:20"), "{text}");
}

#[test]
fn at_40x12_the_ice_screen_says_the_warnings_are_one_key_away() {
    let c = content();
    for (w, h) in [(40, 12), (80, 24)] {
        let mut a = app(&c, w, h);
        press(&mut a, &c, &[ch('i')]);
        let t = draw_in(&a, &c, w, h, now());
        let text = words(&t);
        assert!(
            text.contains("⚠ Keep a barrier between ice pack and skin"),
            "{text}"
        );
        if w == 40 {
            // The text of the barrier warning does not fit: where to read it does.
            assert!(!text.contains("15 minutes"), "{text}");
            assert!(text.contains("w shows them in full"), "{}", screen_text(&t));
        } else {
            // The barrier warning's text, and the note on how the 20 minutes relate to its 15;
            // the second warning's text gives way to them, and where to read it is said.
            assert!(
                text.contains("at most 15 minutes") || text.contains("longer than 15 minutes"),
                "{text}"
            );
            assert!(text.contains("The 20 minutes are for a pack"), "{text}");
            assert!(text.contains("w shows them in full"), "{text}");
        }
        // One key: the Warnings pane, with the timer still in the footer.
        press(&mut a, &c, &[ch('w')]);
        assert_eq!(a.screen, backspasm::app::Screen::Guide);
        let t = draw_in(&a, &c, w, h, now());
        let rows = lines(&t);
        assert!(rows[0].contains("Warn"), "{}", screen_text(&t));
        press(&mut a, &c, &[key(ratatui::crossterm::event::KeyCode::End)]);
        let all = (0..40)
            .map(|_| {
                press(&mut a, &c, &[key(ratatui::crossterm::event::KeyCode::Up)]);
                screen_text(&draw_in(&a, &c, w, h, now()))
            })
            .collect::<String>();
        assert!(
            all.replace(['▌', '\n', '│', '█'], " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains("no longer than 15 minutes"),
            "{w}x{h}"
        );
    }
}

#[test]
fn the_diary_chart_keeps_days_without_entries_as_empty_slots() {
    let c = content();
    let mut a = app(&c, 80, 24);
    // Entries on 19, 20 and 22 Nov, and today (25 Nov, 14:00).
    for (days, score) in [(6, 8), (5, 7), (3, 6), (0, 4)] {
        a.state
            .diary
            .push(backspasm_core::today::diary::PainEntry::new(
                now().wall - TimeDelta::days(days) - TimeDelta::hours(1),
                score,
                None,
            ));
    }
    press(&mut a, &c, &[ch('d')]);
    let t = draw_in(&a, &c, 80, 24, now());
    let rows = lines(&t);
    let labels = rows
        .iter()
        .find(|l| l.contains("19") && l.contains("25"))
        .unwrap_or_else(|| panic!("{}", screen_text(&t)));
    let days: Vec<&str> = labels.split_whitespace().collect();
    assert_eq!(
        days,
        ["19", "20", "21", "22", "23", "24", "25"],
        "{labels:?}"
    );
    // The empty days have no bar and no value: only the four scores are drawn.
    let y = rows.iter().position(|l| l == labels).unwrap();
    let values: Vec<&str> = rows[y - 1].split_whitespace().collect();
    assert_eq!(values, ["█8█", "█7█", "█6█", "█4█"], "{}", screen_text(&t));
    let (x21, y) = {
        let y = rows.iter().position(|l| l == labels).unwrap();
        let x = labels.find("21").unwrap();
        (x as u16, y as u16)
    };
    for dy in 1..4 {
        let cell = &t.backend().buffer()[(x21, y - dy)];
        assert_eq!(
            cell.symbol(),
            " ",
            "no bar over the 21st:\n{}",
            screen_text(&t)
        );
    }
}
