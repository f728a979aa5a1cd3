//! The Today feature through the key table, `update` and the screen: the onset picker, the
//! plan, the call-a-doctor checklist and banner, the pain prompt and the diary.

mod common;

use backspasm::app::{Action, App, Effect, Screen};
use backspasm::clock::Now;
use backspasm::content::ClockKind::{Monotonic, Wall};
use backspasm::content::{ClockKind, Content};
use backspasm::keymap::{self, Ctx};
use backspasm_core::state::{Edit, State};
use backspasm_core::timer::cycle::Run;
use backspasm_core::today::diary::PainEntry;
use backspasm_core::today::pane::Item;
use chrono::{DateTime, FixedOffset, TimeDelta};
use common::*;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

fn wall() -> DateTime<FixedOffset> {
    now().wall
}

fn later(d: TimeDelta) -> Now {
    Now {
        wall: wall() + d,
        ..now()
    }
}

/// An app whose spasm began `hours` before the fixed clock.
/// The run of the open timer on `clock`, if it has started.
fn run(a: &App, clock: ClockKind) -> Option<Run> {
    a.timer.timers.slot(clock).expect("the timer is open").run
}

fn since(c: &Content, w: u16, h: u16, hours: i64) -> App {
    let mut a = app(c, w, h);
    a.state.onset = Some(wall() - TimeDelta::hours(hours));
    a
}

/// Scores over four days, some with notes.
fn diary() -> Vec<PainEntry> {
    let e = |h: i64, score: u8, note: Option<&str>| {
        PainEntry::new(
            wall() - TimeDelta::hours(h),
            score,
            note.map(str::to_string),
        )
    };
    vec![
        e(77, 9, Some("could not get out of bed")),
        e(70, 8, None),
        e(54, 7, None),
        e(50, 8, Some("after lifting the kettle")),
        e(30, 6, None),
        e(26, 5, None),
        e(5, 4, Some("after the hot shower")),
        e(1, 3, None),
    ]
}

#[test]
fn today_with_an_onset_at_80x24_and_40x12() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut a = since(&c, w, h, 30);
        a.state.diary = diary();
        let t = render(&a, &c);
        insta::assert_snapshot!(format!("today_onset_{w}x{h}"), t.backend());
    }
    // The plan is the first thing after the disclaimer at 80x24, with the reasons to call a
    // doctor before what applies now.
    let mut a = since(&c, 80, 24, 30);
    a.state.diary = diary();
    let text = screen_text(&render(&a, &c));
    for s in [
        "Day 2 · 30 hours since it began",
        "Pain 3/10 (today 13:00) ↓ lower than before (4).",
        "s starts: Ice pack (timer)",
        "call a doctor if any of these is true:",
        "[ ] severe and unbearable",
        "• Ice the spasm · 42 hours left",
    ] {
        assert!(text.contains(s), "{s:?} not in\n{text}");
    }
    act(&mut a, &c, Action::PageDown);
    let text = screen_text(&render(&a, &c));
    let s = "• Rest, but only 1 to 2 days of complete rest · 18 hours left";
    assert!(text.contains(s), "{s:?} not in\n{text}");
}

#[test]
fn today_after_72_hours_is_the_heat_phase() {
    let c = content();
    let mut a = since(&c, 80, 24, 72);
    // On the first screen: the rule that began most recently leads the ones from the start.
    let text = screen_text(&render(&a, &c));
    assert!(text.contains("Switch to heat"), "{text}");
    assert!(
        text.contains("Some physical therapists advise heat before you stretch"),
        "{text}"
    );
    assert!(text.contains("afterwards."), "{text}");
    let heat = text.find("• Switch to heat").unwrap();
    let stretch = text.find("• Stretch gently").unwrap_or(usize::MAX);
    assert!(heat < stretch, "{text}");
    act(&mut a, &c, Action::End);
    let text = screen_text(&render(&a, &c));
    assert!(!text.contains("Ice the spasm ·"), "{text}");
    // Nothing is left for later: seeing a doctor is never a date ahead.
    assert!(!text.contains("Later"), "{text}");
    assert!(!text.contains("See a doctor"), "{text}");
}

#[test]
fn first_run_asks_when_it_began_and_one_key_answers() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut a = app(&c, w, h);
        a.ask_onset_if_unknown(&c, now());
        assert_eq!(a.screen, Screen::Onset);
        insta::assert_snapshot!(format!("onset_picker_{w}x{h}"), render(&a, &c).backend());
    }
    let mut a = app(&c, 80, 24);
    a.ask_onset_if_unknown(&c, now());
    press(&mut a, &c, &[ch('3')]);
    assert_eq!(a.screen, Screen::Guide);
    assert_eq!(a.state.onset, Some(wall() - TimeDelta::hours(24)));
    assert_eq!(a.pending, [Edit::SetOnset(wall() - TimeDelta::hours(24))]);
    // Asked again only while no onset is kept, and not over another pane.
    a.ask_onset_if_unknown(&c, now());
    assert_eq!(a.screen, Screen::Guide);
    let mut b = app(&c, 80, 24);
    act(&mut b, &c, Action::Warnings);
    b.ask_onset_if_unknown(&c, now());
    assert_eq!(b.screen, Screen::Guide);
}

#[test]
fn the_picker_is_its_own_context_esc_leaves_it_and_o_brings_it_back() {
    let c = content();
    let mut a = app(&c, 80, 24);
    a.ask_onset_if_unknown(&c, now());
    assert_eq!(a.ctx(), Ctx::Onset);
    press(&mut a, &c, &[ch('9'), ch('q')]);
    assert!(a.quit, "q quits from the picker");
    let mut a = app(&c, 80, 24);
    a.ask_onset_if_unknown(&c, now());
    press(&mut a, &c, &[ch('9')]);
    assert_eq!(a.screen, Screen::Onset, "there is no choice 9");
    assert!(a.pending.is_empty());
    press(&mut a, &c, &[key(KeyCode::Esc)]);
    assert_eq!((a.screen.clone(), a.state.onset), (Screen::Guide, None));
    assert_eq!(a.guide.tab, 0, "digits in the picker did not switch panes");
    // From another pane, a choice brings you to the plan.
    press(&mut a, &c, &[ch('3'), ch('o'), ch('2')]);
    assert_eq!(a.guide.tab, 0);
    assert_eq!(
        a.state.onset.unwrap().to_rfc3339(),
        "2026-11-25T08:00:00+00:00"
    );
}

// ---- The first-run question through its keys

#[test]
fn the_picker_footer_says_digits_choose_and_enter_picks_the_highlight() {
    let c = content();
    let mut a = app(&c, 80, 24);
    a.ask_onset_if_unknown(&c, now());
    let footer = lines(&render(&a, &c)).pop().unwrap();
    for hint in ["1-8 choose", "↑↓ move", "Enter pick", "Esc back"] {
        assert!(footer.contains(hint), "{footer}");
    }
    assert!(!footer.contains("type a date"), "{footer}");
    // The box says the same of Esc.
    let text = screen_text(&render(&a, &c));
    assert!(text.contains("Esc back: not now"), "{text}");
    // ↓↓ highlights "yesterday"; Enter picks it.
    press(&mut a, &c, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert!(screen_text(&render(&a, &c)).contains("▶ 3 yesterday"));
    press(&mut a, &c, &[key(KeyCode::Enter)]);
    assert_eq!(a.screen, Screen::Guide);
    assert_eq!(a.state.onset, Some(wall() - TimeDelta::hours(24)));
    // Up at the top and Down at the bottom stay; the last row types a date.
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('o'), key(KeyCode::Up)]);
    assert_eq!(a.today.onset_selected, 0);
    press(&mut a, &c, &vec![key(KeyCode::Down); 12]);
    press(&mut a, &c, &[key(KeyCode::Enter)]);
    assert_eq!(a.screen, Screen::OnsetTyped);
}

/// The guide's keys work from the question as from any screen; the question waits under
/// `p` and `d`, and comes back with Esc.
#[test]
fn p_d_w_l_t_and_i_work_from_the_first_run_question() {
    let c = content();
    let asked = || {
        let mut a = app(&c, 80, 24);
        a.ask_onset_if_unknown(&c, now());
        a
    };
    let mut a = asked();
    press(&mut a, &c, &[ch('p'), ch('6')]);
    assert_eq!(a.state.diary.len(), 1);
    press(&mut a, &c, &[key(KeyCode::Esc)]);
    assert_eq!(a.screen, Screen::Onset, "the question waits underneath");
    let mut a = asked();
    press(&mut a, &c, &[ch('d')]);
    assert_eq!(a.screen, Screen::Diary);
    press(&mut a, &c, &[key(KeyCode::Esc)]);
    assert_eq!(a.screen, Screen::Onset);
    let mut a = asked();
    press(&mut a, &c, &[ch('t')]);
    assert_eq!(
        a.screen,
        Screen::Timer(Monotonic),
        "t is the timer, not typing"
    );
    let mut a = asked();
    press(&mut a, &c, &[ch('i')]);
    assert_eq!(a.screen, Screen::Timer(Wall));
    let mut a = asked();
    press(&mut a, &c, &[ch('l')]);
    assert!(matches!(a.screen, Screen::Walk(_)));
    let mut a = asked();
    press(&mut a, &c, &[ch('w')]);
    assert_eq!(
        (a.screen.clone(), c.tabs[a.guide.tab].id.as_str()),
        (Screen::Guide, "warnings")
    );
    // And none of them set a start.
    assert_eq!(a.state.onset, None);
}

#[test]
fn not_now_is_remembered_for_the_day() {
    let c = content();
    let mut a = app(&c, 80, 24);
    a.ask_onset_if_unknown(&c, now());
    press(&mut a, &c, &[key(KeyCode::Esc)]);
    assert_eq!(a.screen, Screen::Guide);
    assert!(matches!(a.pending[..], [Edit::OnsetNotNow(_)]));
    // The next launch the same day does not ask; the next day it does.
    let launch = |at: Now| {
        let mut b = app(&c, 80, 24);
        b.state = a.state.clone();
        b.ask_onset_if_unknown(&c, at);
        b.screen
    };
    assert_eq!(
        launch(at(now(), 9.0 * 3600.0)),
        Screen::Guide,
        "23:00 the same day"
    );
    assert_eq!(
        launch(at(now(), 10.0 * 3600.0)),
        Screen::Onset,
        "00:00 the next day"
    );
    // o still asks whenever you like.
    press(&mut a, &c, &[ch('o')]);
    assert_eq!(a.screen, Screen::Onset);
}

/// Where the first-run question's "Esc back: not now" row is scrolled off (40x12 and 30x8 on
/// a session's first screen, under the disclaimer row), the footer still says Esc (QA 11).
#[test]
fn the_first_run_question_always_says_esc() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12), (30, 8)] {
        let mut a = app(&c, w, h);
        a.ask_onset_if_unknown(&c, now());
        let t = render(&a, &c);
        let rows = lines(&t);
        let footer = rows.last().unwrap();
        assert!(
            footer.contains("Esc back"),
            "{w}x{h}: the footer names Esc: {footer}"
        );
        let text = screen_text(&t);
        if w == 80 {
            assert!(text.contains("Esc back: not now"), "{text}");
        } else {
            // Scrolled away here: the ↓ on the border and the footer say what is left.
            assert!(!text.contains("Esc back: not now"), "{text}");
            assert!(text.contains('↓'), "{text}");
        }
    }
}

/// At 30x8 the box shows four rows at a time: the highlight scrolls them, so every choice
/// can be seen and picked.
#[test]
fn at_30x8_every_choice_is_reachable() {
    let c = content();
    let mut a = app(&c, 30, 8);
    a.ask_onset_if_unknown(&c, now());
    insta::assert_snapshot!("onset_picker_30x8", render(&a, &c).backend());
    let labels = [
        "just now",
        "this morning",
        "yesterday",
        "2 days ago",
        "3 days ago",
        "a week ago",
        "over two weeks ago",
        "type a date and time",
    ];
    for (i, label) in labels.iter().enumerate() {
        let text = screen_text(&render(&a, &c));
        assert!(
            text.contains(&format!("▶ {} {label}", i + 1)),
            "{i}: {text}"
        );
        press(&mut a, &c, &[key(KeyCode::Down)]);
    }
    insta::assert_snapshot!("onset_picker_30x8_scrolled", render(&a, &c).backend());
    press(&mut a, &c, &[key(KeyCode::Up), key(KeyCode::Enter)]);
    assert_eq!(a.state.onset, Some(wall() - TimeDelta::days(15)));
}

/// At 00:16, 08:00 is still to come: the second choice says and records something true.
#[test]
fn before_eight_the_second_choice_is_earlier_today() {
    let c = content();
    let mut a = app(&c, 80, 24);
    let night = later(TimeDelta::hours(-14) + TimeDelta::minutes(16));
    assert_eq!(night.wall.to_rfc3339(), "2026-11-25T00:16:00+00:00");
    press_at(&mut a, &c, night, &[ch('o')]);
    let text = screen_text(&render_at(&a, &c, night));
    assert!(text.contains("2 earlier today"), "{text}");
    assert!(text.contains("today 00:00"), "{text}");
    assert!(!text.contains("08:00"), "{text}");
    press_at(&mut a, &c, night, &[ch('2')]);
    assert_eq!(
        a.state.onset.unwrap().to_rfc3339(),
        "2026-11-25T00:00:00+00:00"
    );
    // From 08:00 it is this morning again.
    press(&mut a, &c, &[ch('o')]);
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("2 this morning") && text.contains("today 08:00"),
        "{text}"
    );
}

#[test]
fn typing_an_onset_sets_it_and_a_bad_one_stays_in_the_box() {
    let c = content();
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('o'), ch('8')]);
    assert_eq!((a.screen.clone(), a.ctx()), (Screen::OnsetTyped, Ctx::Text));
    let typed: Vec<_> = "2026-11-26 8:00".chars().map(ch).collect();
    press(&mut a, &c, &typed);
    press(&mut a, &c, &[key(KeyCode::Enter)]);
    assert_eq!(a.screen, Screen::OnsetTyped);
    assert!(a.today.error.as_deref().unwrap().contains("in the future"));
    insta::assert_snapshot!("onset_typed_error_80x24", render(&a, &c).backend());
    // q and digits type in a field; Backspace fixes the date.
    for _ in 0.."26 8:00".len() {
        press(&mut a, &c, &[key(KeyCode::Backspace)]);
    }
    let typed: Vec<_> = "24 08:00".chars().map(ch).collect();
    press(&mut a, &c, &typed);
    assert_eq!(a.today.field, "2026-11-24 08:00");
    assert_eq!(a.today.error, None, "typing clears the complaint");
    press(&mut a, &c, &[key(KeyCode::Enter)]);
    assert_eq!(a.screen, Screen::Guide, "both boxes close");
    assert_eq!(
        a.state.onset.unwrap().to_rfc3339(),
        "2026-11-24T08:00:00+00:00"
    );
    // Esc in the field goes back to the choices.
    press(&mut a, &c, &[ch('o'), ch('8'), ch('q'), key(KeyCode::Esc)]);
    assert!(!a.quit);
    assert_eq!(a.screen, Screen::Onset);
}

#[test]
fn p_then_a_digit_logs_at_once_and_the_note_is_optional() {
    let c = content();
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('p')]);
    assert_eq!(a.ctx(), Ctx::Pain);
    insta::assert_snapshot!("pain_prompt_80x24", render(&a, &c).backend());
    press(&mut a, &c, &[ch('7')]);
    assert_eq!(a.state.diary.len(), 1, "saved before any note");
    assert_eq!(a.state.diary[0].score, 7);
    assert_eq!(a.state.diary[0].at, wall());
    assert!(matches!(a.pending[..], [Edit::LogPain(_)]));
    assert_eq!(a.screen, Screen::PainNote);
    let typed: Vec<_> = " stiff in the morning? ".chars().map(ch).collect();
    press(&mut a, &c, &typed);
    let mut small = a.clone();
    resize(&mut small, &c, 40, 12);
    insta::assert_snapshot!("pain_note_40x12", render(&small, &c).backend());
    press(&mut a, &c, &[key(KeyCode::Enter)]);
    assert_eq!(a.screen, Screen::Guide);
    assert_eq!(
        a.state.diary[0].note.as_deref(),
        Some("stiff in the morning?")
    );
    // 1 then 0 is 10, which asks about a reason to call a doctor (not tested here: Esc goes
    // on); Esc skips the note; a second entry at the same moment comes after.
    press(
        &mut a,
        &c,
        &[
            ch('p'),
            ch('1'),
            ch('0'),
            key(KeyCode::Esc),
            key(KeyCode::Esc),
        ],
    );
    assert_eq!(a.screen, Screen::Guide);
    assert_eq!(a.state.diary.len(), 2);
    assert_eq!(a.state.diary[1].score, 10);
    assert_eq!(a.state.diary[1].note, None);
    assert!(a.state.diary[1].at > a.state.diary[0].at);
    // Esc before a score logs nothing.
    press(&mut a, &c, &[ch('p'), key(KeyCode::Esc)]);
    assert_eq!(a.state.diary.len(), 2);
}

#[test]
fn every_digit_is_a_score_and_t_is_the_timer_as_everywhere() {
    for (k, n) in ('0'..='9').zip(0..) {
        assert_eq!(
            keymap::event_action(Ctx::Pain, &ch(k)),
            Some(Action::Score(n)),
            "{k}"
        );
    }
    assert_eq!(
        keymap::event_action(Ctx::Pain, &ch('t')),
        Some(Action::OpenTimer(Monotonic))
    );
}

#[test]
fn the_doctor_checklist_ticks_and_the_banner_shows() {
    let c = content();
    let mut a = since(&c, 80, 24, 30);
    press(&mut a, &c, &[ch('c')]);
    assert_eq!(a.ctx(), Ctx::Doctor);
    press(&mut a, &c, &[ch('1')]);
    assert!(a.state.doctor.contains("severe"));
    press(&mut a, &c, &[key(KeyCode::Down), ch(' ')]);
    assert!(a.state.doctor.contains("frequent"));
    press(&mut a, &c, &[ch('2')]);
    assert!(
        !a.state.doctor.contains("frequent"),
        "a second press unticks"
    );
    for (w, h) in [(80, 24), (40, 12)] {
        let mut s = a.clone();
        resize(&mut s, &c, w, h);
        insta::assert_snapshot!(
            format!("doctor_checklist_{w}x{h}"),
            render(&s, &c).backend()
        );
    }
    press(&mut a, &c, &[key(KeyCode::Esc)]);
    for (w, h) in [(80, 24), (40, 12)] {
        let mut s = a.clone();
        resize(&mut s, &c, w, h);
        let t = render(&s, &c);
        insta::assert_snapshot!(format!("banner_today_{w}x{h}"), t.backend());
        // Words, symbol and a loud style, on the top row, above the tabs.
        let (x, y) = find(&t, "⚠ CALL A DOCTOR: severe and unbearable");
        assert_eq!(y, 0);
        let cell = &t.backend().buffer()[(x, y)];
        assert_eq!((cell.fg, cell.bg), (Color::White, Color::Red));
        assert!(cell.modifier.contains(Modifier::BOLD));
        let edge = &t.backend().buffer()[(w - 1, 0)];
        assert_eq!(edge.bg, Color::Red, "the banner is a full-width bar");
        assert_eq!(find(&t, "1 Today").1, 1, "the tabs under it");
    }
    // On the Doctor pane too, with the ticks; and on every other pane (see
    // the_banner_is_on_every_screen).
    let medical = c.tab_index("medical-help").unwrap();
    act(&mut a, &c, Action::GoTab(medical));
    let t = render(&a, &c);
    insta::assert_snapshot!("banner_medical_help_80x24", t.backend());
    assert!(screen_text(&t).contains("[✓] My back spasms are severe"));
    act(&mut a, &c, Action::GoTab(1));
    assert!(screen_text(&render(&a, &c)).contains("CALL A DOCTOR"));
    // Without colour the banner is reversed, and still says it in words.
    a.color = false;
    act(&mut a, &c, Action::GoTab(0));
    let t = render(&a, &c);
    let (x, y) = find(&t, "⚠ CALL A DOCTOR");
    let cell = &t.backend().buffer()[(x, y)];
    assert_eq!(cell.bg, Color::Reset);
    assert!(cell.modifier.contains(Modifier::REVERSED));
}

#[test]
fn two_weeks_ticks_itself_and_cannot_be_unticked_by_hand() {
    let c = content();
    // "Longer than two weeks": a minute past the 14 days.
    let mut a = since(&c, 80, 24, 14 * 24);
    a.state.onset = Some(a.state.onset.unwrap() - TimeDelta::minutes(1));
    let t = render(&a, &c);
    assert!(screen_text(&t).contains("⚠ CALL A DOCTOR: lasting longer than two weeks"));
    press(&mut a, &c, &[ch('c'), ch('3')]);
    assert!(
        a.state.doctor.is_empty(),
        "nothing stored: it comes from the onset"
    );
    assert!(
        a.notice
            .as_deref()
            .unwrap()
            .contains("ticked from when it began")
    );
    // At exactly 14 days it has not yet lasted longer than two weeks.
    let b = since(&c, 80, 24, 14 * 24);
    let text = screen_text(&render(&b, &c));
    assert!(!text.contains("CALL A DOCTOR"), "{text}");
    assert!(!text.contains("lasted over two weeks"), "{text}");
}

#[test]
fn s_starts_what_the_plan_suggests() {
    let c = content();
    assert_eq!(
        keymap::event_action(Ctx::Guide, &ch('s')),
        Some(Action::StartToday)
    );
    let ice = c.cycles.iter().position(|x| x.id == "ice").unwrap();
    let hydro = c
        .cycles
        .iter()
        .position(|x| x.id == "hydrotherapy")
        .unwrap();
    assert_eq!(
        since(&c, 80, 24, 10).today_start(&c, now()),
        Ok(Action::OpenCycle(ice))
    );
    assert_eq!(
        since(&c, 80, 24, 71).today_start(&c, later(TimeDelta::minutes(59))),
        Ok(Action::OpenCycle(ice))
    );
    assert_eq!(
        since(&c, 80, 24, 72).today_start(&c, now()),
        Ok(Action::OpenCycle(hydro))
    );
    assert!(app(&c, 80, 24).today_start(&c, now()).is_err());
    assert!(since(&c, 80, 24, -2).today_start(&c, now()).is_err());
    // Without an onset, s says what to do instead.
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('s')]);
    assert!(a.notice.as_deref().unwrap().contains("press o"));
}

#[test]
fn a_future_onset_is_a_message_not_a_plan() {
    let c = content();
    let a = since(&c, 80, 24, -3);
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("⚠ The start you gave, Wed 25 Nov, 17:00, is later than now."),
        "{text}"
    );
    assert!(text.contains("First 72 hours: Ice"), "{text}");
}

#[test]
fn the_diary_chart_at_80x24_and_40x12() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut a = since(&c, w, h, 80);
        a.state.diary = diary();
        a.today.summary_path = Some("/home/me/.local/state/backspasm/summary.md".into());
        press(&mut a, &c, &[ch('d')]);
        assert_eq!(a.ctx(), Ctx::Diary);
        let t = render(&a, &c);
        insta::assert_snapshot!(format!("diary_{w}x{h}"), t.backend());
        // The worst day is a red bar with its number; a milder one is not red.
        let buf = t.backend().buffer();
        let (x, y) = find(&t, "9");
        assert_eq!(buf[(x, y)].fg, Color::Red, "{}", screen_text(&t));
    }
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('d')]);
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("No pain logged yet. Press p to log it"),
        "{text}"
    );
}

#[test]
fn the_diary_scrolls_logs_and_asks_for_the_summary() {
    let c = content();
    let mut a = app(&c, 40, 12);
    a.state.diary = diary();
    a.today.summary_path = Some("/tmp/x/summary.md".into());
    press(&mut a, &c, &[ch('d'), key(KeyCode::End)]);
    let max = a.pain.offset;
    assert!(max > 0, "8 entries do not fit in 40x12");
    assert_eq!(a.pain.selected, 7, "the oldest");
    press(&mut a, &c, &[key(KeyCode::Down)]);
    assert_eq!(a.pain.offset, max, "stops at the end");
    press(&mut a, &c, &[key(KeyCode::Home)]);
    assert_eq!((a.pain.selected, a.pain.offset), (0, 0));
    press(&mut a, &c, &[ch('s')]);
    assert!(a.effects.contains(&Effect::WriteSummary));
    assert_eq!(a.screen, Screen::Summary);
    press(&mut a, &c, &[key(KeyCode::Esc), ch('p')]);
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("Pain diary"),
        "the prompt is over the diary:\n{text}"
    );
    press(&mut a, &c, &[ch('2'), key(KeyCode::Esc)]);
    assert_eq!(a.screen, Screen::Diary, "p from the diary comes back to it");
    assert_eq!(a.state.diary.len(), 9);
    press(&mut a, &c, &[ch('?')]);
    let mut tall = a.clone();
    resize(&mut tall, &c, 80, 40);
    let text = screen_text(&render(&tall, &c));
    assert!(text.contains("show the summary"), "{text}");
    press(&mut a, &c, &[key(KeyCode::Esc), key(KeyCode::Esc)]);
    assert_eq!(a.screen, Screen::Guide);
}

#[test]
fn the_summary_key_writes_the_file_it_names() {
    let c = content();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("backspasm-summary.txt");
    let mut a = since(&c, 80, 24, 30);
    a.state.diary = diary();
    a.today.summary_path = Some(path.clone());
    let (mut store, _, _) = backspasm::store::Store::<State>::open(Some(dir.path().into()));
    press(&mut a, &c, &[ch('d'), ch('s')]);
    backspasm::today::command::serve(&mut a, &c, &mut store, now());
    assert!(!a.effects.contains(&Effect::WriteSummary));
    let text = std::fs::read_to_string(&path).unwrap();
    let markdown = backspasm_core::today::summary::markdown(&c, &a.state, wall());
    assert_eq!(text, backspasm_core::today::summary::text(&markdown, 80));
    // On screen: where it went, whole, then the summary.
    let shown = screen_text(&render(&a, &c));
    assert!(
        shown.contains(&format!("✓ Written to {}", path.display())),
        "{shown}"
    );
    assert!(shown.contains("Summary for the doctor"), "{shown}");
    // A directory that is not there, and no spare place: the screen says so.
    a.today.summary_path = Some(dir.path().join("gone/summary.txt"));
    press(&mut a, &c, &[key(KeyCode::Esc), ch('s')]);
    backspasm::today::command::serve(&mut a, &c, &mut store, now());
    let written = &a.pain.summary.as_ref().unwrap().written;
    assert!(written.as_ref().unwrap_err().starts_with("could not write"));
    assert!(screen_text(&render(&a, &c)).contains("⚠ could not write"));
    // With a spare place (beside the state file), it goes there.
    let spare = dir.path().join("spare.txt");
    a.today.summary_spare = Some(spare.clone());
    press(&mut a, &c, &[key(KeyCode::Esc), ch('s')]);
    backspasm::today::command::serve(&mut a, &c, &mut store, now());
    assert_eq!(a.pain.summary.as_ref().unwrap().written, Ok(spare.clone()));
    assert!(
        std::fs::read_to_string(&spare)
            .unwrap()
            .contains("Pain (0 to 10)")
    );
}

#[test]
fn diary_entries_survive_a_restart_and_merge_with_the_command_line() {
    use backspasm::store::Store;
    let c = content();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, state, _) = Store::<State>::open(Some(dir.path().to_path_buf()));
    let mut a = app(&c, 80, 24);
    a.state = state;
    press(&mut a, &c, &[ch('p'), ch('6'), key(KeyCode::Esc)]);
    backspasm::tui::save(&mut a, &mut store);
    // Meanwhile, another shell logs one.
    let line = backspasm::today::command::log(
        &c,
        Some(dir.path().to_path_buf()),
        "8",
        Some("on the stairs"),
        later(TimeDelta::minutes(5)),
    )
    .unwrap();
    assert!(
        line.starts_with("logged pain 8/10, Wed 25 Nov, 14:05"),
        "{line}"
    );
    // Opening the diary shows it.
    press(&mut a, &c, &[ch('d')]);
    backspasm::tui::save(&mut a, &mut store);
    backspasm::today::command::serve(&mut a, &c, &mut store, now());
    let scores: Vec<u8> = a.state.diary.iter().map(|e| e.score).collect();
    assert_eq!(scores, [6, 8]);
    assert!(screen_text(&render(&a, &c)).contains("8/10  on the stairs"));
    // The guide's next save keeps both.
    press(&mut a, &c, &[key(KeyCode::Esc), ch('c'), ch('1')]);
    backspasm::tui::save(&mut a, &mut store);
    let (_, reopened, notices) = Store::<State>::open(Some(dir.path().to_path_buf()));
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(reopened, a.state);
    assert_eq!(reopened.diary[1].note.as_deref(), Some("on the stairs"));
    assert!(reopened.doctor.contains("severe"));
}

#[test]
fn the_loop_wakes_when_the_plans_words_change() {
    use std::time::Duration;
    let c = content();
    assert_eq!(app(&c, 80, 24).wake_in(now()), None, "nothing to count");
    let a = since(&c, 80, 24, 30);
    assert_eq!(a.wake_in(now()), Some(Duration::from_secs(3600)));
    assert_eq!(
        a.wake_in(later(TimeDelta::minutes(20))),
        Some(Duration::from_secs(40 * 60))
    );
    // In the first hour, every minute.
    let mut b = app(&c, 80, 24);
    b.state.onset = Some(wall() - TimeDelta::seconds(90));
    assert_eq!(b.wake_in(now()), Some(Duration::from_secs(30)));
    // Up to two hours, too: "1 hour 30 min" changes every minute.
    b.state.onset = Some(wall() - TimeDelta::seconds(90 * 60 + 20));
    assert_eq!(b.wake_in(now()), Some(Duration::from_secs(40)));
    // An onset still ahead: when it arrives.
    let f = since(&c, 80, 24, -2);
    assert_eq!(f.wake_in(now()), Some(Duration::from_secs(2 * 3600)));
    // With a diary, also at midnight (14:00 now; 23:30 is half an hour before it).
    let mut d = since(&c, 80, 24, 30);
    d.state.diary = diary();
    let late = later(TimeDelta::minutes(9 * 60 + 30));
    assert_eq!(d.wake_in(late), Some(Duration::from_secs(30 * 60)));
}

#[test]
fn a_tick_does_not_clear_a_notice() {
    let c = content();
    let mut a = app(&c, 80, 24);
    press(&mut a, &c, &[ch('s')]);
    assert!(a.notice.is_some());
    act(&mut a, &c, Action::Tick);
    assert!(a.notice.is_some(), "the clock moving is not a key");
    press(&mut a, &c, &[key(KeyCode::Down)]);
    assert!(a.notice.is_none());
}

#[test]
fn s_starts_the_shower_timer_and_opens_the_ice_pack_ready() {
    let c = content();
    let mut a = since(&c, 80, 24, 10 * 24);
    press(&mut a, &c, &[ch('s')]);
    assert_eq!(a.screen, Screen::Timer(Monotonic));
    assert!(
        a.timer.timers.slot(Monotonic).unwrap().running(),
        "s starts it counting"
    );
    // s again from the guide: it keeps counting, not started over.
    // (`seen` only follows the clock; the schedule is what must not change.)
    let schedule = |a: &App| run(a, Monotonic).map(|r| (r.phase, r.round, r.timing));
    let before = schedule(&a);
    press(&mut a, &c, &[key(KeyCode::Esc), ch('s')]);
    assert_eq!(schedule(&a), before);

    // The ice pack's first phase waits for the pack to go on: opened, not started.
    let mut a = since(&c, 80, 24, 10);
    press(&mut a, &c, &[ch('s')]);
    assert_eq!(a.screen, Screen::Timer(Wall));
    assert_eq!(run(&a, Wall), None);
    assert_eq!(a.ctx(), Ctx::TimerReady);
}

#[test]
fn enter_on_a_today_rule_opens_its_timer_or_the_step_it_is_about() {
    let c = content();
    // Day 2: the first item is the reasons to call a doctor: Enter opens the checklist.
    let mut a = since(&c, 80, 24, 30);
    let today = a.guide.tab;
    assert_eq!(c.tabs[today].id, "today");
    press(&mut a, &c, &[key(KeyCode::Enter)]);
    assert_eq!(a.screen, Screen::Doctor);
    press(&mut a, &c, &[key(KeyCode::Esc)]);
    // The first rule is ice, with a timer.
    press(&mut a, &c, &[key(KeyCode::Down), key(KeyCode::Enter)]);
    assert_eq!(a.screen, Screen::Timer(Wall));
    assert_eq!(run(&a, Wall), None, "opened, as Enter on a guide step does");
    press(&mut a, &c, &[key(KeyCode::Esc)]);
    assert_eq!((a.screen.clone(), a.guide.tab), (Screen::Guide, today));

    // The next rule has no timer: Enter shows the guide step it is about.
    press(&mut a, &c, &[key(KeyCode::Down)]);
    let items = backspasm_core::today::pane::items(&c, &a.state, now().wall);
    let Item::Rule(rule) = items[a.view().selected] else {
        panic!("a rule is selected");
    };
    assert!(rule.start.is_none(), "{}", rule.id);
    let step = &rule.steps[0];
    press(&mut a, &c, &[key(KeyCode::Enter)]);
    assert_eq!(a.screen, Screen::Guide);
    let tab = &c.tabs[a.guide.tab];
    assert_eq!(&tab.steps[a.view().selected].id, step);
    // And the step is on screen, selected.
    let t = render(&a, &c);
    let title = &tab.steps[a.view().selected].title;
    assert!(screen_text(&t).contains(title.as_str()), "{title}");
}

/// At 30x8 the note's line is what shows (and where the cursor is); the text above it gives
/// way. At 40x12 nothing has to.
#[test]
fn the_pain_note_line_is_never_hidden() {
    let c = content();
    for (w, h) in [(30, 8), (40, 12), (80, 24)] {
        let mut a = app(&c, w, h);
        press(
            &mut a,
            &c,
            &[ch('p'), ch('6'), ch('s'), ch('o'), ch('r'), ch('e')],
        );
        let mut t = render(&a, &c);
        let (x, y) = find(&t, "> sore");
        let cursor = t.get_cursor_position().unwrap();
        assert_eq!((cursor.x, cursor.y), (x + 6, y), "{w}x{h}");
    }
}

/// At 30x8 the checklist does not fit: it scrolls with the selection, and the border's arrow
/// says there is more (nothing is cut silently).
#[test]
fn at_30x8_the_doctor_checklist_scrolls_to_the_selected_condition() {
    let c = content();
    let mut a = app(&c, 30, 8);
    a.state.onset = Some(wall() - TimeDelta::hours(30));
    press(&mut a, &c, &[ch('c')]);
    let t = render(&a, &c);
    assert!(
        lines(&t)
            .iter()
            .any(|l| l.starts_with('└') && l.contains('↓')),
        "{}",
        screen_text(&t)
    );
    press(&mut a, &c, &[key(KeyCode::Down), key(KeyCode::Down)]);
    let text = screen_text(&render(&a, &c));
    assert!(
        text.contains("▶ 3") && text.contains("than two weeks"),
        "{text}"
    );
    assert!(lines(&render(&a, &c))[0].contains('↑'), "{text}");
}
