//! Timer screens at 80x24 and 40x12 (insta snapshots of the text), with the phase colour
//! checked on cells, the phase word first in reading order (what the benchmark looks for) and
//! in big letters (what a reader two metres away looks for), big digits at both sizes and on
//! the first screen too (the disclaimer row costs them nothing), paused and ready shaded, the
//! flash, and NO_COLOR.

mod common;

use backspasm::app::{Action, App};
use backspasm::clock::Now;
use backspasm::content::{ClockKind, Content};
use backspasm::timer::phase_word;
use backspasm_core::timer::SlotAction;
use common::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};

const SIZES: [(u16, u16); 2] = [(80, 24), (40, 12)];

/// The shower timer started at 14:00:00 (as `backspasm timer` does) and ticked at `secs`; the
/// time to render it at, just after any flash of that tick.
fn shower(c: &Content, w: u16, h: u16, secs: f64) -> (App, Now) {
    let base = now();
    let mut app = app(c, w, h);
    // Past the session's first screen and its disclaimer row (tests/screens_more.rs).
    app.first_screen = false;
    app.start_timer(ClockKind::Monotonic, None, base);
    app.update(c, Action::Tick, at(base, secs));
    (app, at(base, secs + 0.3))
}

fn cell_bg(t: &Terminal<TestBackend>, x: u16, y: u16) -> Color {
    t.backend().buffer()[(x, y)].bg
}

/// The first whole word HOT or COLD, reading row by row.
fn first_phase_word(t: &Terminal<TestBackend>) -> Option<String> {
    let text = screen_text(t);
    text.split(|c: char| !c.is_alphanumeric())
        .find(|w| *w == "HOT" || *w == "COLD")
        .map(str::to_string)
}

/// Cells of the big digits (full blocks or the smaller fonts' block elements).
fn digit_cells(t: &Terminal<TestBackend>) -> usize {
    t.backend()
        .buffer()
        .content
        .iter()
        .filter(|c| {
            let ch = c.symbol().chars().next().unwrap_or(' ');
            ('\u{2580}'..='\u{259F}').contains(&ch) && ch != '░'
        })
        .count()
}

/// Whether `word` is on screen in big letters (any size), and how many rows they take.
fn big_word(t: &Terminal<TestBackend>, word: &str) -> Option<u16> {
    let screen = lines(t);
    (3..=8).rev().find_map(|rows| {
        let w = phase_word::fit(word, 200, rows).filter(|w| w.rows == rows)?;
        let area = Rect::new(0, 0, w.width, w.rows);
        let mut buf = Buffer::empty(area);
        w.render(area, &mut buf, Default::default());
        let drawn: Vec<String> = (0..w.rows)
            .map(|y| (0..w.width).map(|x| buf[(x, y)].symbol()).collect())
            .collect();
        let found = (0..screen.len()).any(|y| {
            let Some(col) = screen[y].find(drawn[0].as_str()) else {
                return false;
            };
            drawn.iter().enumerate().all(|(i, row)| {
                screen
                    .get(y + i)
                    .is_some_and(|l| l.get(col..col + row.len()) == Some(row.as_str()))
            })
        });
        found.then_some(rows)
    })
}

/// Rows of the full-size digits: solid (running) or shaded (not), no half blocks (the big word
/// has them) and no bar.
fn big_digit_rows(t: &Terminal<TestBackend>, block: char) -> usize {
    lines(t)
        .iter()
        .filter(|l| l.contains(block) && !l.contains(['▀', '▄', '░']))
        .count()
}

#[test]
fn hot() {
    let c = content();
    for (w, h) in SIZES {
        let (app, now) = shower(&c, w, h, 21.5);
        let t = render_at(&app, &c, now);
        insta::assert_snapshot!(format!("timer_hot_{w}x{h}"), t.backend());
        let text = screen_text(&t);
        assert!(lines(&t)[0].starts_with(" ♨ HOT"), "{text}");
        assert_eq!(first_phase_word(&t).as_deref(), Some("HOT"));
        assert!(big_word(&t, "HOT").is_some(), "{text}");
        // At 40x12 the big word takes the rows of what comes next.
        assert_eq!(
            text.contains("→ ❄ COLD 0:30 at 14:03:00"),
            w == 80,
            "{text}"
        );
        // The whole screen is red: header, digits area, the last body row.
        for (x, y) in [(0, 0), (w / 2, 5), (w - 1, h - 2)] {
            assert_eq!(cell_bg(&t, x, y), Color::Red, "{w}x{h} at {x},{y}");
        }
        assert!(digit_cells(&t) > 60, "big digits at {w}x{h}:\n{text}");
    }
}

#[test]
fn cold() {
    let c = content();
    for (w, h) in SIZES {
        let (app, now) = shower(&c, w, h, 185.0);
        let t = render_at(&app, &c, now);
        insta::assert_snapshot!(format!("timer_cold_{w}x{h}"), t.backend());
        assert!(lines(&t)[0].starts_with(" ❄ COLD"));
        assert_eq!(first_phase_word(&t).as_deref(), Some("COLD"));
        assert!(big_word(&t, "COLD").is_some());
        assert!(big_word(&t, "HOT").is_none());
        assert_eq!(
            screen_text(&t).contains("→ ♨ HOT 3:00 at 14:03:30"),
            w == 80
        );
        assert_eq!(cell_bg(&t, w / 2, 5), Color::Blue);
        assert_eq!(cell_bg(&t, 0, 0), Color::Blue);
    }
}

#[test]
fn paused() {
    let c = content();
    for (w, h) in SIZES {
        let (mut app, _) = shower(&c, w, h, 30.0);
        app.update(&c, Action::Timer(SlotAction::Toggle), at(now(), 30.0));
        let later = at(now(), 95.0);
        let t = render_at(&app, &c, later);
        insta::assert_snapshot!(format!("timer_paused_{w}x{h}"), t.backend());
        let text = screen_text(&t);
        assert!(lines(&t)[0].starts_with(" ♨ HOT ‖ PAUSED"), "{text}");
        assert_eq!(first_phase_word(&t).as_deref(), Some("HOT"));
        // PAUSED does not name the phase: what comes next keeps its row before it.
        assert!(text.contains("→ ❄ COLD 0:30 · paused"), "{text}");
        assert_eq!(cell_bg(&t, w / 2, 5), Color::Red);
        // From across the room: the digits shaded, none solid; PAUSED in big letters where
        // there is room for it too.
        assert_eq!(big_word(&t, "PAUSED").is_some(), w == 80, "{text}");
        assert!(big_word(&t, "HOT").is_none(), "{text}");
        assert_eq!(big_digit_rows(&t, '█'), 0, "{text}");
        assert_eq!(big_digit_rows(&t, '▒'), (7 * (w / 40)) as usize, "{text}");
    }
}

#[test]
fn ready_is_shaded_and_says_the_phase_in_words() {
    let c = content();
    for (w, h) in SIZES {
        let mut app = app(&c, w, h);
        app.first_screen = false;
        app.update(&c, Action::OpenTimer(ClockKind::Monotonic), now());
        let t = render(&app, &c);
        let text = screen_text(&t);
        assert_eq!(big_word(&t, "READY").is_some(), w == 80, "{text}");
        assert!(lines(&t)[0].starts_with(" ♨ HOT · ready"), "{text}");
        assert!(text.contains("Space to start"), "{text}");
        assert_eq!(big_digit_rows(&t, '█'), 0, "{text}");
        assert!(big_digit_rows(&t, '▒') >= 7, "{text}");
        // Started: solid digits under HOT.
        app.update(&c, Action::Timer(SlotAction::Toggle), now());
        let t = render(&app, &c);
        assert!(big_word(&t, "HOT").is_some());
        assert_eq!(big_digit_rows(&t, '▒'), 0);
    }
}

/// READY or PAUSED in big letters does not name the phase: the header (`♨ HOT · ready`) and
/// what comes next keep their rows, under the call-a-doctor banner too, at every size; the
/// big word and the bar give way first (QA 2).
#[test]
fn ready_and_paused_say_the_phase_in_words_under_the_banner() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        let mut app = app(&c, w, h);
        app.first_screen = false;
        app.state.doctor.insert("severe".into());
        app.sync_banner(&c, now());
        app.update(&c, Action::OpenTimer(ClockKind::Monotonic), now());
        let t = render(&app, &c);
        insta::assert_snapshot!(format!("timer_ready_banner_{w}x{h}"), t.backend());
        let text = screen_text(&t);
        assert!(text.contains("CALL A DOCTOR"), "{text}");
        assert!(text.contains("♨ HOT · ready"), "{w}x{h}:\n{text}");
        assert!(text.contains("Space to start"), "{w}x{h}:\n{text}");

        app.update(&c, Action::Timer(SlotAction::Toggle), now());
        app.update(&c, Action::Timer(SlotAction::Toggle), at(now(), 30.0));
        let t = render_at(&app, &c, at(now(), 40.0));
        insta::assert_snapshot!(format!("timer_paused_banner_{w}x{h}"), t.backend());
        let text = screen_text(&t);
        assert!(text.contains("CALL A DOCTOR"), "{text}");
        assert!(text.contains("♨ HOT ‖ PAUSED"), "{w}x{h}:\n{text}");
        assert!(text.contains("→ ❄ COLD 0:30"), "{w}x{h}:\n{text}");
    }
}

/// `timer --hot 5s`: the guide's range for the phase set outside it is said whatever the
/// size, on the first screen under the disclaimer row too (QA 2).
#[test]
fn a_length_outside_the_guide_says_the_guides_range_on_the_first_screen() {
    use backspasm_core::timer::cycle::Plan;
    let c = content();
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        let mut app = app(&c, w, h);
        let plan = Plan::of(c.cycle("hydrotherapy").unwrap(), |i| (i == 0).then_some(5));
        app.start_timer(ClockKind::Monotonic, Some(plan), now());
        let t = render_at(&app, &c, at(now(), 1.0));
        let text = screen_text(&t);
        assert!(text.contains("Not medical advice"), "{text}");
        assert!(text.contains("(the guide says"), "{w}x{h}:\n{text}");
        if w == 80 {
            insta::assert_snapshot!("timer_hot_5s_first_screen_80x24", t.backend());
        }
    }
}

/// On the first screen of a session (`backspasm timer`, nobody presses a key in the shower)
/// the disclaimer row costs the digits nothing: 40x12 keeps its 7 rows and the big word, 30x8
/// its 4 rows; the disclaimer shows.
#[test]
fn the_first_screens_disclaimer_costs_the_digits_nothing() {
    let c = content();
    let digit_rows = |t: &Terminal<TestBackend>| {
        lines(t)
            .iter()
            .filter(|l| {
                !l.contains('░') && l.chars().any(|ch| ('\u{2580}'..='\u{259F}').contains(&ch))
            })
            .count()
    };
    for first in [true, false] {
        let (mut app, now) = shower(&c, 40, 12, 21.5);
        app.first_screen = first;
        let t = render_at(&app, &c, now);
        let text = screen_text(&t);
        assert_eq!(big_digit_rows(&t, '█'), 7, "{text}");
        assert_eq!(big_word(&t, "HOT"), Some(3), "{text}");
        assert_eq!(text.contains("Not medical advice"), first, "{text}");

        let (mut app, now) = shower(&c, 30, 8, 21.5);
        app.first_screen = first;
        let t = render_at(&app, &c, now);
        let text = screen_text(&t);
        assert_eq!(digit_rows(&t), 4, "{text}");
        assert_eq!(text.contains("Not medical advice"), first, "{text}");
        assert!(text.contains("HOT"), "{text}");
    }
}

/// The notice that no player was found, on the first screen of `backspasm timer` at 40x12:
/// one row cut with "…", and the digits as tall as without it (the phase in words above).
#[test]
fn a_notice_on_the_first_screen_costs_the_digits_nothing() {
    let c = content();
    let (mut app, now) = shower(&c, 40, 12, 21.5);
    app.first_screen = true;
    app.notice =
        Some("tones off: no sound player found (pw-play, paplay, aplay); bell and flash on".into());
    let t = render_at(&app, &c, now);
    let text = screen_text(&t);
    assert_eq!(big_digit_rows(&t, '█'), 7, "{text}");
    assert!(text.contains("♨ HOT"), "{text}");
    let rows = lines(&t);
    assert!(
        rows[rows.len() - 2].starts_with("tones off: no sound player found…"),
        "{text}"
    );
    assert!(
        rows[rows.len() - 3].starts_with("Not medical advice"),
        "{text}"
    );
}

/// At 30x8 the digits are too small to shade: paused, they are drawn in reverse video.
#[test]
fn small_paused_digits_are_reversed() {
    let c = content();
    let reversed = |app: &App| {
        let t = render_at(app, &c, at(now(), 31.0));
        t.backend()
            .buffer()
            .content
            .iter()
            .filter(|cell| cell.modifier.contains(Modifier::REVERSED))
            .count()
    };
    let (mut app, _) = shower(&c, 30, 8, 30.0);
    assert_eq!(reversed(&app), 0);
    app.update(&c, Action::Timer(SlotAction::Toggle), at(now(), 30.0));
    assert!(reversed(&app) >= 16 * 4, "the digits' block");
}

#[test]
fn the_warning_highlights_what_comes_next_and_keeps_the_phase_word_first() {
    let c = content();
    let (app, now) = shower(&c, 80, 24, 172.0);
    let t = render_at(&app, &c, now);
    assert_eq!(first_phase_word(&t).as_deref(), Some("HOT"));
    let (y, line) = lines(&t)
        .into_iter()
        .enumerate()
        .find(|(_, l)| l.contains("→ ❄ COLD"))
        .unwrap();
    let x = line.chars().position(|c| c == '→').unwrap() as u16;
    let cell = &t.backend().buffer()[(x, y as u16)];
    assert!(cell.modifier.contains(Modifier::REVERSED), "{line}");
}

#[test]
fn ice_alarm() {
    let c = content();
    for (w, h) in SIZES {
        let base = now();
        let mut app = app(&c, w, h);
        app.update(&c, Action::OpenTimer(ClockKind::Wall), base);
        app.update(&c, Action::Timer(SlotAction::Toggle), base);
        app.update(&c, Action::Tick, at(base, 1200.5));
        // Between two flashes.
        let now = at(base, 1201.7);
        let t = render_at(&app, &c, now);
        insta::assert_snapshot!(format!("timer_ice_alarm_{w}x{h}"), t.backend());
        let text = screen_text(&t);
        assert!(lines(&t)[0].starts_with(" ○ ICE OFF"), "{text}");
        // The alarm row, black on yellow, under the header.
        let row = lines(&t)
            .iter()
            .position(|l| l.contains("⚠ ICE ON ended at 14:20"))
            .unwrap_or_else(|| panic!("{text}"));
        let x = lines(&t)[row].chars().position(|c| c == '⚠').unwrap() as u16;
        let cell = &t.backend().buffer()[(x, row as u16)];
        assert_eq!((cell.fg, cell.bg), (Color::Black, Color::Yellow));
        // The rest phase's colour.
        assert_eq!(cell_bg(&t, 0, 0), Color::DarkGray);
        assert!(
            lines(&t).last().unwrap().starts_with("Space silence"),
            "{text}"
        );
        // The ice warnings are on the ice screen at both sizes, in the warning colour.
        let (x, y) = find(&t, "⚠ Keep a barrier");
        assert_eq!(t.backend().buffer()[(x, y)].fg, Color::Yellow);
        assert!(text.contains("⚠ Never sleep with ice"), "{text}");
        if w == 80 {
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(words.contains("no longer than 15 minutes"), "{text}");
        }
    }
}

#[test]
fn a_flash_swaps_the_colours() {
    let c = content();
    let (app, _) = shower(&c, 80, 24, 180.0);
    let t = render_at(&app, &c, at(now(), 180.1));
    assert!(app.timer.timers.flashing(at(now(), 180.1)));
    assert!(lines(&t)[0].starts_with(" ❄ COLD"));
    let cell = &t.backend().buffer()[(0, 0)];
    assert_eq!((cell.fg, cell.bg), (Color::Blue, Color::White));
    let t = render_at(&app, &c, at(now(), 180.3));
    assert_eq!(cell_bg(&t, 0, 0), Color::Blue, "the flash is over");
}

#[test]
fn no_color_keeps_words_and_symbols_and_flashes_in_reverse_video() {
    let c = content();
    let (mut app, _) = shower(&c, 80, 24, 180.0);
    app.color = false;
    let now = at(now(), 180.0);
    let t = render_at(&app, &c, at(now, 0.1));
    let buf = t.backend().buffer();
    assert!(
        buf.content
            .iter()
            .all(|cell| cell.fg == Color::Reset && cell.bg == Color::Reset)
    );
    assert!(buf[(0, 0)].modifier.contains(Modifier::REVERSED));
    assert!(lines(&t)[0].starts_with(" ❄ COLD"));
    let t = render_at(&app, &c, at(now, 0.3));
    assert!(
        !t.backend().buffer()[(0, 0)]
            .modifier
            .contains(Modifier::REVERSED)
    );
    // COLD and HOT differ in big letters, not by colour.
    assert!(big_word(&t, "COLD").is_some());
    let (mut hot, hot_now) = shower(&c, 80, 24, 21.5);
    hot.color = false;
    assert!(big_word(&render_at(&hot, &c, hot_now), "HOT").is_some());
}

#[test]
fn the_digits_scale_with_the_terminal() {
    let c = content();
    let mut cells = Vec::new();
    for (w, h) in [(30, 8), (40, 12), (80, 24), (160, 48)] {
        let (app, now) = shower(&c, w, h, 21.5);
        let t = render_at(&app, &c, now);
        assert!(screen_text(&t).contains("HOT"));
        cells.push(digit_cells(&t));
    }
    assert!(cells.windows(2).all(|p| p[0] < p[1]), "{cells:?}");
}

#[test]
fn the_footer_of_the_guide_shows_a_running_timer_compactly_when_narrow() {
    let c = content();
    let (mut app, now) = shower(&c, 40, 12, 21.5);
    app.update(&c, Action::Close, now);
    let t = render_at(&app, &c, now);
    let footer = lines(&t).pop().unwrap();
    // The short status beside every pinned key: the warnings and the help keep their words,
    // the help's saying that keys were left out.
    assert!(footer.ends_with(" ♨2:39 "), "{footer}");
    assert!(
        footer.starts_with("←→ pane  w warnings  ? more  q "),
        "{footer}"
    );
    let x = footer.chars().position(|c| c == '♨').unwrap() as u16;
    assert_eq!(cell_bg(&t, x, 11), Color::Red);
}

/// At 30x8 the phase is said in words (its row or its big word) whatever else the screen must
/// hold, and a required line cut by the bottom ends with "…".
#[test]
fn at_30x8_the_phase_is_always_in_words() {
    use backspasm_core::timer::duration;
    let c = content();
    let cycle = c.cycle("hydrotherapy").unwrap();
    // `backspasm timer --cold 50s`, before any key: "(the guide says COLD 0:30)" is required.
    let mut app = common::app(&c, 30, 8);
    let plan = duration::plan(cycle, None, Some(50), None).unwrap();
    app.start_timer(ClockKind::Monotonic, Some(plan), now());
    // As on a machine with no sound player: a notice row too.
    app.notice = Some("tones off: no sound player found".into());
    let t = render_at(&app, &c, at(now(), 1.0));
    let text = screen_text(&t);
    assert!(text.contains("HOT"), "{text}");
    assert!(text.contains("(the guide says"), "{text}");
    insta::assert_snapshot!("timer_cold_50s_first_screen_30x8", t.backend());

    // The ice pack ended while the app was closed, its alarm silenced.
    let base = now();
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::app(&c, 30, 8);
    app.state = keep_ice_on(
        dir.path(),
        base.wall - chrono::TimeDelta::minutes(30),
        base.wall - chrono::TimeDelta::minutes(40),
    );
    app.resume_timers(&c, base);
    // Ringing, with a notice: where one row is left the alarm's line has it.
    app.notice = Some("tones off: no sound player found".into());
    let text = screen_text(&render_at(&app, &c, at(base, 0.5)));
    assert!(text.contains("ICE ON ended at"), "{text}");
    app.update(&c, Action::Timer(SlotAction::Acknowledge), at(base, 2.0));
    let t = render_at(&app, &c, at(base, 2.5));
    let text = screen_text(&t);
    assert!(text.contains("ICE OFF"), "{text}");
    assert!(
        text.contains("While closed: ICE ON …"),
        "cut, and says so: {text}"
    );
    insta::assert_snapshot!("timer_ice_missed_silenced_30x8", t.backend());

    // Done after the rounds.
    let mut app = common::app(&c, 30, 8);
    let plan = duration::plan(cycle, None, None, Some(1)).unwrap();
    app.start_timer(ClockKind::Monotonic, Some(plan), base);
    app.update(&c, Action::Tick, at(base, 215.0));
    let text = screen_text(&render_at(&app, &c, at(base, 215.0)));
    assert!(text.contains("DONE"), "{text}");
}
