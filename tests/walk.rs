//! The walkthrough screen driven through the key table and `update`, as the event loop drives
//! it: opening it, focus and list mode, waits, start over and undo, snapshots at 80x24 and
//! 40x12 with the colours that carry meaning, and the kept progress through the real store.

mod common;

use std::time::Duration;

use backspasm::app::{Action, App, Screen};
use backspasm::clock::Now;
use backspasm::content::Content;
use backspasm::keymap::{self, Ctx};
use backspasm::store::{self, Store};
use backspasm_core::state::format;
use backspasm_core::state::{Edit, State, WalkEdit};
use backspasm_core::walkthrough::Walk;
use common::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

fn walk(app: &App) -> &Walk {
    match &app.screen {
        Screen::Walk(w) => w,
        other => panic!("not on a walkthrough: {other:?}"),
    }
}

fn open(c: &Content, id: &str, w: u16, h: u16) -> App {
    let mut app = app(c, w, h);
    let i = c.walkthroughs.iter().position(|x| x.id == id).unwrap();
    app.open_walk(c, i, now());
    app
}

fn done(app: &App, id: &str) -> Vec<String> {
    app.state
        .walks
        .get(id)
        .map(|p| p.done.iter().cloned().collect())
        .unwrap_or_default()
}

fn later(t: Now, secs: f64) -> Now {
    Now {
        mono: t.mono + Duration::from_secs_f64(secs),
        ..t
    }
}

const SPACE: KeyCode = KeyCode::Char(' ');

// ---- Opening and leaving ----

#[test]
fn l_opens_lifting_from_the_guide_and_esc_comes_back() {
    let c = content();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('3'), ch('l')]);
    assert_eq!(c.walkthroughs[walk(&app).index].id, "lifting");
    assert_eq!(app.ctx(), Ctx::Walk);
    // `l` again changes nothing; Esc goes back to the pane it came from.
    press(&mut app, &c, &[ch('l'), key(KeyCode::Esc)]);
    assert_eq!((&app.screen, app.guide.tab), (&Screen::Guide, 2));
}

#[test]
fn l_from_another_walkthrough_opens_lifting_and_esc_goes_back_there() {
    let c = content();
    let mut app = open(&c, "pressure", 80, 24);
    press(&mut app, &c, &[ch('l')]);
    assert_eq!(c.walkthroughs[walk(&app).index].id, "lifting");
    press(&mut app, &c, &[key(KeyCode::Esc)]);
    assert_eq!(c.walkthroughs[walk(&app).index].id, "pressure");
    press(&mut app, &c, &[key(KeyCode::Esc)]);
    assert_eq!(app.screen, Screen::Guide);
}

#[test]
fn enter_on_a_guide_step_opens_its_walkthrough() {
    let c = content();
    let physical = c.tab_index("physical").unwrap();
    let lifting = c.tabs[physical]
        .steps
        .iter()
        .position(|s| s.id == "lifting")
        .unwrap();
    let mut app = app(&c, 80, 24);
    press(&mut app, &c, &[ch('2'), key(KeyCode::Enter)]);
    assert_eq!(c.walkthroughs[walk(&app).index].id, "pressure");
    press(&mut app, &c, &[key(KeyCode::Esc)]);
    app.guide.views[physical].selected = lifting;
    press(&mut app, &c, &[key(KeyCode::Enter)]);
    assert_eq!(c.walkthroughs[walk(&app).index].id, "lifting");

    // The Tips pane's "things you'll need" opens as a checklist.
    let mut app = common::app(&c, 80, 24);
    let tips = c.tab_index("tips").unwrap();
    app.guide.tab = tips;
    app.guide.views[tips].selected = c.tabs[tips]
        .steps
        .iter()
        .position(|s| s.id == "needs")
        .unwrap();
    press(&mut app, &c, &[key(KeyCode::Enter)]);
    assert_eq!(app.ctx(), Ctx::WalkList);
}

#[test]
fn enter_on_a_step_without_a_walkthrough_does_nothing() {
    let c = content();
    let mut app = app(&c, 80, 24);
    let physical = c.tab_index("physical").unwrap();
    app.guide.tab = physical;
    app.guide.views[physical].selected = c.tabs[physical]
        .steps
        .iter()
        .position(|s| s.id == "stretching")
        .unwrap();
    press(&mut app, &c, &[key(KeyCode::Enter)]);
    assert_eq!(app.screen, Screen::Guide);
    // And on a pane with no steps at all.
    press(&mut app, &c, &[ch('w'), key(KeyCode::Enter)]);
    assert_eq!(app.screen, Screen::Guide);
}

#[test]
fn the_guide_shows_that_enter_opens_the_selected_step() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = app(&c, w, h);
        press(&mut app, &c, &[ch('2')]);
        let t = render(&app, &c);
        let (x, y) = find(&t, "Enter ▸ step by step");
        assert!(lines(&t)[y as usize].contains("Use pressure"), "{w}x{h}");
        assert_eq!(t.backend().buffer()[(x, y)].fg, Color::Cyan, "the key");
        // A step with a timer says so (Ice and heat: ice); not a step that opens nothing.
        press(&mut app, &c, &[ch('3')]);
        if w == 80 {
            assert!(screen_text(&render(&app, &c)).contains("Enter ▸ timer"));
        }
        press(&mut app, &c, &[ch('4')]);
        assert!(!screen_text(&render(&app, &c)).contains("Enter ▸"));
    }
}

// ---- Focus mode ----

#[test]
fn space_enter_mark_done_and_move_on_backspace_and_left_go_back() {
    let c = content();
    let mut app = open(&c, "lifting", 80, 24);
    press(&mut app, &c, &[key(SPACE), key(KeyCode::Enter)]);
    assert_eq!(walk(&app).cursor, 2);
    assert_eq!(done(&app, "lifting"), ["approach", "bend"]);
    press(&mut app, &c, &[key(KeyCode::Backspace)]);
    assert_eq!(walk(&app).cursor, 1);
    assert_eq!(done(&app, "lifting"), ["approach"]);
    press(&mut app, &c, &[key(KeyCode::Left), key(KeyCode::Left)]);
    assert_eq!(walk(&app).cursor, 0);
    assert!(done(&app, "lifting").is_empty());
    // Every change is queued for the store, each with the time of the tick.
    assert_eq!(app.pending.len(), 8);
}

#[test]
fn the_last_step_leads_to_the_finish_screen_with_its_keys() {
    let c = content();
    let mut app = open(&c, "lifting", 80, 24);
    press(&mut app, &c, &vec![key(SPACE); 4]);
    assert_eq!(app.ctx(), Ctx::WalkDone);
    let p = &app.state.walks["lifting"];
    assert_eq!(p.finished, Some(now().wall));
    let footer: Vec<String> = keymap::footer(Ctx::WalkDone, &keymap::Here::default())
        .into_iter()
        .map(|(k, w, _)| format!("{k} {w}"))
        .collect();
    assert!(footer.contains(&"r restart".to_string()), "{footer:?}");
    assert!(footer.contains(&"Esc back".to_string()), "{footer:?}");
    // Backspace from the finish screen reopens the last step, not done.
    press(&mut app, &c, &[key(KeyCode::Backspace)]);
    assert_eq!((app.ctx(), walk(&app).cursor), (Ctx::Walk, 3));
    assert_eq!(app.state.walks["lifting"].finished, None);
}

#[test]
fn r_starts_over_with_a_notice_and_u_undoes_it() {
    let c = content();
    let mut app = open(&c, "lifting", 80, 24);
    press(&mut app, &c, &[key(SPACE), key(SPACE), ch('r')]);
    assert!(done(&app, "lifting").is_empty());
    assert_eq!(walk(&app).cursor, 0);
    let notice = app.notice.clone().expect("a notice says u undoes it");
    assert!(notice.contains('u'), "{notice}");
    assert!(screen_text(&render(&app, &c)).contains(&notice));
    press(&mut app, &c, &[ch('u')]);
    assert_eq!(done(&app, "lifting"), ["approach", "bend"]);
    assert_eq!(walk(&app).cursor, 2);
    // Start over with nothing done: no notice, nothing to undo.
    let mut app = open(&c, "lifting", 80, 24);
    press(&mut app, &c, &[ch('r')]);
    assert_eq!(app.notice, None);
}

#[test]
fn reopening_resumes_where_you_were() {
    let c = content();
    let mut app = open(&c, "lifting", 80, 24);
    press(&mut app, &c, &[key(SPACE), key(KeyCode::Esc), ch('l')]);
    assert_eq!(walk(&app).cursor, 1);
}

// ---- Done every time ----

/// The article asks for the lifting steps at every lift: "Whether you are lifting 25 pounds or
/// 1 pound, follow these steps". So a finished run is not where the next lift starts. (The 15
/// minutes after which an unfinished run counts as a new lift are the app's own measure; the
/// content says so.)
#[test]
fn lifting_opened_after_it_was_finished_starts_at_step_1_and_shows_the_last_finish() {
    let c = content();
    let t0 = now();
    let mut app = app(&c, 80, 24);
    press_at(&mut app, &c, t0, &[ch('l')]);
    press_at(&mut app, &c, t0, &vec![key(SPACE); 4]);
    assert_eq!(app.ctx(), Ctx::WalkDone);
    press_at(&mut app, &c, t0, &[key(KeyCode::Esc)]);
    // A minute later, the next lift.
    let t = at(t0, 60.0);
    press_at(&mut app, &c, t, &[ch('l')]);
    assert_eq!((app.ctx(), walk(&app).cursor), (Ctx::Walk, 0));
    assert!(done(&app, "lifting").is_empty());
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.contains("From step 1") && notice.contains("today 14:00"),
        "{notice}"
    );
    let text = screen_text(&render_at(&app, &c, t));
    assert!(text.contains("last done today 14:00"), "{text}");
    // The finish is kept for the doctor's summary, and u brings the finished run back.
    assert!(app.state.finished["lifting"].contains(&t0.wall));
    press_at(&mut app, &c, t, &[ch('u')]);
    assert_eq!(app.ctx(), Ctx::WalkDone);
}

#[test]
fn lifting_resumes_within_15_minutes_saying_so_and_starts_over_after() {
    let c = content();
    let t0 = now();
    let mut app = app(&c, 80, 24);
    press_at(
        &mut app,
        &c,
        t0,
        &[ch('l'), key(SPACE), key(SPACE), key(KeyCode::Esc)],
    );
    // 14 minutes later: where you were, and it says so.
    let t = at(t0, 14.0 * 60.0);
    press_at(&mut app, &c, t, &[ch('l')]);
    assert_eq!(walk(&app).cursor, 2);
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.contains("Resumed at step 3 of 4") && notice.contains("14 min ago"),
        "{notice}"
    );
    assert!(screen_text(&render_at(&app, &c, t)).contains("Resumed at step 3"));
    press_at(&mut app, &c, t, &[key(KeyCode::Esc)]);
    // 15 minutes after the last tick: a new lift, from step 1; u brings the ticks back.
    let t = at(t0, 15.0 * 60.0);
    press_at(&mut app, &c, t, &[ch('l')]);
    assert_eq!(walk(&app).cursor, 0);
    assert!(done(&app, "lifting").is_empty());
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.contains("From step 1") && notice.contains("15 min ago"),
        "{notice}"
    );
    press_at(&mut app, &c, t, &[ch('u')]);
    assert_eq!(done(&app, "lifting"), ["approach", "bend"]);
    assert_eq!(walk(&app).cursor, 2);
}

/// Left underneath another screen (`t` from lifting), `l` counts the break the same way.
#[test]
fn l_back_to_lifting_left_underneath_counts_the_break_too() {
    let c = content();
    let t0 = now();
    let mut app = app(&c, 80, 24);
    press_at(&mut app, &c, t0, &[ch('l'), key(SPACE), ch('t')]);
    assert!(matches!(app.screen, Screen::Timer(_)));
    press_at(&mut app, &c, at(t0, 20.0 * 60.0), &[ch('l')]);
    assert_eq!(walk(&app).cursor, 0);
    assert_eq!(
        app.back.iter().map(|b| &b.screen).collect::<Vec<_>>(),
        [&Screen::Guide],
        "one lifting screen, over the guide"
    );
    press_at(&mut app, &c, at(t0, 20.0 * 60.0), &[key(KeyCode::Esc)]);
    assert_eq!(app.screen, Screen::Guide);
}

/// The state the lifting walkthrough leaves through the real store: the tick's time is kept,
/// so a relaunch (`backspasm lift`) within the break resumes.
#[test]
fn the_last_tick_is_kept_for_the_next_launch() {
    let c = content();
    let dir = tempfile::tempdir().unwrap();
    let (mut store, state, _) = Store::<State>::open(Some(dir.path().to_path_buf()));
    let mut app = app(&c, 80, 24);
    app.state = state;
    press(&mut app, &c, &[ch('l'), key(SPACE)]);
    let edits = std::mem::take(&mut app.pending);
    store.save(&mut app.state, &edits).unwrap();
    let (_, kept, _) = Store::<State>::open(Some(dir.path().to_path_buf()));
    assert_eq!(kept.walks["lifting"].touched, Some(now().wall));
    let mut again = self::app(&c, 80, 24);
    again.state = kept;
    let i = c
        .walkthroughs
        .iter()
        .position(|x| x.id == "lifting")
        .unwrap();
    again.open_walk(&c, i, at(now(), 60.0));
    assert_eq!(walk(&again).cursor, 1);
}

// ---- Waits ----

/// Every step of the content that says to wait, with the article's sentence it restates. None
/// of them gives a time ("wait for the spasms to stop", "wait a few seconds"), so none is a
/// countdown: the step waits for the person.
const WAITS: &[(&str, &str, &str)] = &[
    (
        "pressure",
        "press-harder",
        "Try to move––if the muscle spasms, press harder and wait for the spasms to stop before \
         trying to move again.",
    ),
    (
        "pressure",
        "wait",
        "When you have moved or stood up completely, wait a few seconds.",
    ),
];

#[test]
fn every_wait_the_article_gives_no_time_for_waits_for_the_person() {
    let c = content();
    for walk in &c.walkthroughs {
        for step in &walk.steps {
            let text = format!("{} {}", step.title, step.body.as_deref().unwrap_or(""));
            let says_wait = ["wait", "pause"]
                .iter()
                .any(|w| text.to_lowercase().contains(w));
            let listed = WAITS.iter().any(|(w, s, _)| *w == walk.id && *s == step.id);
            assert_eq!(says_wait, listed, "{}/{}: {text}", walk.id, step.id);
            assert_eq!(step.wait, listed, "{}/{}", walk.id, step.id);
        }
    }
}

#[test]
fn a_wait_shows_the_time_since_and_never_ends_by_itself() {
    let c = content();
    let t0 = now();
    let mut app = open(&c, "pressure", 80, 24);
    press_at(&mut app, &c, t0, &vec![key(SPACE); 3]);
    // Step 4, "press harder": the keys of any step, and the time since it came up.
    assert_eq!((app.ctx(), walk(&app).cursor), (Ctx::Walk, 3));
    assert_eq!(app.wake_in(t0), Some(Duration::from_secs(1)));
    let t = later(t0, 75.4);
    assert_eq!(app.wake_in(t), Some(Duration::from_millis(600)));
    assert!(screen_text(&render_at(&app, &c, t)).contains("Waiting 1:15"));
    // An hour on, the clock moving changes nothing but the time shown.
    let hour = later(t0, 3600.0);
    app.update(&c, Action::Tick, hour);
    assert_eq!(walk(&app).cursor, 3);
    assert!(screen_text(&render_at(&app, &c, hour)).contains("Waiting 1:00:00"));
    // Space says it is over: the step is done, the next one (also a wait) counts from then.
    press_at(&mut app, &c, hour, &[key(SPACE)]);
    assert_eq!(walk(&app).cursor, 4);
    assert_eq!(done(&app, "pressure").len(), 4);
    assert!(screen_text(&render_at(&app, &c, hour)).contains("Waiting 0:00"));
}

#[test]
fn on_a_wait_the_reading_keys_do_what_they_say() {
    let c = content();
    let mut app = open(&c, "pressure", 30, 8);
    press(&mut app, &c, &vec![key(SPACE); 3]);
    let since = walk(&app).waiting;
    assert!(since.is_some());
    // Down scrolls the step (it is taller than a 30x8 card); the wait goes on.
    press(&mut app, &c, &[key(KeyCode::Down)]);
    assert_eq!((walk(&app).cursor, walk(&app).offset), (3, 1));
    assert_eq!(walk(&app).waiting, since);
    // v shows the list and comes back to the same step; ← goes back a step.
    press(&mut app, &c, &[ch('v')]);
    assert_eq!(app.ctx(), Ctx::WalkList);
    press(&mut app, &c, &[ch('v')]);
    assert_eq!((app.ctx(), walk(&app).cursor), (Ctx::Walk, 3));
    press(&mut app, &c, &[key(KeyCode::Left)]);
    assert_eq!(walk(&app).cursor, 2);
    assert_eq!(done(&app, "pressure").len(), 2);
}

/// Reopened on a wait step (the progress was kept), the first key is the person's: `t` opens
/// the shower timer, `w` the warnings.
#[test]
fn reopened_on_a_wait_the_first_key_does_what_it_says() {
    let c = content();
    let mut app = open(&c, "pressure", 80, 24);
    press(&mut app, &c, &vec![key(SPACE); 3]);
    let state = app.state.clone();
    for (k, to) in [('t', "timer"), ('w', "warnings")] {
        let mut again = self::app(&c, 80, 24);
        again.state = state.clone();
        let i = c
            .walkthroughs
            .iter()
            .position(|x| x.id == "pressure")
            .unwrap();
        again.open_walk(&c, i, now());
        assert!(walk(&again).waiting.is_some(), "on the wait step");
        press(&mut again, &c, &[ch(k)]);
        match to {
            "timer" => assert!(matches!(again.screen, Screen::Timer(_))),
            _ => assert_eq!(c.tabs[again.guide.tab].id, "warnings"),
        }
    }
}

// ---- List mode ----

#[test]
fn list_mode_moves_ticks_and_ticks_step_n_directly() {
    let c = content();
    let mut app = open(&c, "needs", 80, 24);
    assert_eq!(app.ctx(), Ctx::WalkList);
    press(
        &mut app,
        &c,
        &[key(KeyCode::Down), key(KeyCode::Down), key(SPACE)],
    );
    assert_eq!(done(&app, "needs"), ["heating-pad"]);
    press(&mut app, &c, &[ch('1'), ch('7'), ch('7')]);
    assert_eq!(done(&app, "needs"), ["heating-pad", "ice"]);
    assert_eq!(walk(&app).cursor, 6);
    press(&mut app, &c, &[ch('9')]);
    assert_eq!(done(&app, "needs").len(), 2, "there is no step 9");
    // Digits switch panes in the guide but tick steps here.
    assert_eq!(
        keymap::event_action(Ctx::Guide, &ch('3')),
        Some(Action::GoTab(2))
    );
    assert_eq!(
        keymap::event_action(Ctx::WalkList, &ch('3')),
        Some(Action::ToggleStep(2))
    );
}

#[test]
fn v_switches_between_focus_and_list() {
    let c = content();
    let mut app = open(&c, "lifting", 80, 24);
    press(&mut app, &c, &[key(SPACE), ch('v')]);
    assert_eq!(app.ctx(), Ctx::WalkList);
    press(&mut app, &c, &[ch('1'), ch('2'), ch('v')]);
    // Focus mode resumes at the first step not done: step 1 was unticked.
    assert_eq!((app.ctx(), walk(&app).cursor), (Ctx::Walk, 0));
}

#[test]
fn ticking_every_item_of_the_list_finishes_it() {
    let c = content();
    let mut app = open(&c, "needs", 40, 12);
    let n = c.walkthrough("needs").unwrap().steps.len();
    for i in 1..=n {
        press(&mut app, &c, &[ch(char::from(b'0' + i as u8))]);
    }
    assert!(app.state.walks["needs"].finished.is_some());
    let text = screen_text(&render(&app, &c));
    assert!(text.contains(&format!("All {n} done")), "{text}");
}

#[test]
fn the_list_scrolls_to_keep_the_selected_step_in_view() {
    let c = content();
    let mut app = open(&c, "needs", 40, 12);
    press(&mut app, &c, &vec![key(KeyCode::Down); 6]);
    assert!(walk(&app).offset > 0);
    let t = render(&app, &c);
    let (x, y) = find(&t, "▶");
    assert_eq!(x, 0);
    assert!(lines(&t)[y as usize].contains("7."), "{}", screen_text(&t));
    press(&mut app, &c, &vec![key(KeyCode::Up); 6]);
    let t = render(&app, &c);
    assert!(lines(&t)[find(&t, "▶").1 as usize].contains("1."));
}

#[test]
fn a_step_taller_than_the_screen_scrolls_in_focus_mode() {
    let c = content();
    // "needs" step 6 has two long warnings; at 40x12 they are below the step and overflow.
    let mut app = open(&c, "needs", 40, 12);
    press(&mut app, &c, &[ch('v')]);
    walk_to(&mut app, &c, 5);
    let before = screen_text(&render(&app, &c));
    press(&mut app, &c, &[key(KeyCode::Down), key(KeyCode::Down)]);
    assert_eq!(walk(&app).offset, 2);
    assert_ne!(screen_text(&render(&app, &c)), before);
    press(&mut app, &c, &[key(KeyCode::End)]);
    let max = walk(&app).offset;
    press(&mut app, &c, &[key(KeyCode::Down)]);
    assert_eq!(walk(&app).offset, max, "stops at the end");
    assert!(screen_text(&render(&app, &c)).contains("alcohol"));
}

/// Focus mode: Space until step `i` shows.
fn walk_to(app: &mut App, c: &Content, i: usize) {
    while walk(app).cursor < i {
        press(app, c, &[key(SPACE)]);
    }
}

// ---- Screens ----

/// Cells drawn with block elements (big letters) in rows `rows`.
fn blocks(t: &Terminal<TestBackend>, rows: std::ops::Range<u16>) -> Vec<(u16, u16)> {
    let buf = t.backend().buffer();
    rows.flat_map(|y| (0..buf.area.width).map(move |x| (x, y)))
        .filter(|&p| {
            buf[p]
                .symbol()
                .chars()
                .any(|c| ('\u{2580}'..='\u{259F}').contains(&c))
        })
        .collect()
}

#[test]
fn focus_mode_snapshots() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = open(&c, "lifting", w, h);
        press(&mut app, &c, &[key(SPACE)]);
        let t = render(&app, &c);
        insta::assert_snapshot!(format!("walk_focus_{w}x{h}"), t.backend());
        let text = screen_text(&t);
        assert!(text.contains("Step 2 of 4"));
        assert!(text.contains("Keep your spine from curving over."));
        // The title is big at 80x24 (bold block letters above the body); at 40x12 it does not
        // fit, so it is bold text.
        let (_, body) = find(&t, "Keep your spine");
        if w == 80 {
            assert!(!text.contains("Bend at"), "{text}");
            let big = blocks(&t, 3..body);
            assert!(big.len() > 50, "{text}");
            let buf = t.backend().buffer();
            assert!(
                big.iter()
                    .all(|&p| buf[p].modifier.contains(Modifier::BOLD))
            );
        } else {
            let (x, y) = find(&t, "Bend at your waist and knees");
            assert!(y < body);
            assert!(
                t.backend().buffer()[(x, y)]
                    .modifier
                    .contains(Modifier::BOLD)
            );
            assert!(blocks(&t, 2..h - 1).is_empty(), "{text}");
        }
        // The bar is heavy and green where done, light and grey to go.
        let bar = &lines(&t)[1];
        let first = bar.find('━').unwrap();
        let x = bar[..first].chars().count() as u16;
        assert_eq!(t.backend().buffer()[(x, 1)].fg, Color::Green);
        let x = bar[..bar.find('─').unwrap()].chars().count() as u16;
        assert_eq!(t.backend().buffer()[(x, 1)].fg, Color::DarkGray);
        assert!(lines(&t).last().unwrap().contains("Space done"));
    }
}

#[test]
fn a_title_too_long_or_not_in_the_big_font_stays_bold_text() {
    let mut c = content();
    let lifting = c
        .walkthroughs
        .iter()
        .position(|x| x.id == "lifting")
        .unwrap();
    let short = c.walkthroughs[lifting].steps[1].title.clone();
    for title in [
        // Four lines even at the smallest big size.
        "Bend at your waist and knees, then keep the load close to your body",
        // A word longer than a line of big letters.
        "Counterbalancing",
        // Characters the big font has no glyph for.
        "Don’t round your spine",
    ] {
        c.walkthroughs[lifting].steps[1].title = title.to_string();
        let mut app = open(&c, "lifting", 80, 24);
        press(&mut app, &c, &[key(SPACE)]);
        let t = render(&app, &c);
        let text = screen_text(&t);
        let (x, y) = find(&t, title.split_whitespace().next().unwrap());
        assert!(
            t.backend().buffer()[(x, y)]
                .modifier
                .contains(Modifier::BOLD)
        );
        assert!(text.contains("Keep your spine from curving over."));
        assert!(blocks(&t, 2..23).is_empty(), "{title}:\n{text}");
    }
    // The same screen with the real, short title is big.
    c.walkthroughs[lifting].steps[1].title = short;
    let mut app = open(&c, "lifting", 80, 24);
    press(&mut app, &c, &[key(SPACE)]);
    assert!(!blocks(&render(&app, &c), 2..23).is_empty());
}

#[test]
fn big_titles_keep_no_color() {
    let c = content();
    let mut app = open(&c, "pressure", 80, 24);
    app.color = false;
    press(&mut app, &c, &[key(SPACE)]);
    let t = render(&app, &c);
    assert!(!blocks(&t, 2..23).is_empty(), "{}", screen_text(&t));
    let buf = t.backend().buffer();
    assert!(buf.content.iter().all(|cell| cell.fg == Color::Reset));
}

#[test]
fn focus_mode_with_warnings_beside_or_below() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = open(&c, "needs", w, h);
        press(&mut app, &c, &[ch('v')]);
        let t = render(&app, &c);
        insta::assert_snapshot!(format!("walk_focus_warnings_{w}x{h}"), t.backend());
        let (x, y) = find(&t, "⚠");
        let cell = &t.backend().buffer()[(x, y)];
        assert_eq!(cell.fg, Color::Yellow);
        assert!(cell.modifier.contains(Modifier::BOLD));
        // The step's body: its title ("Ice") is big at 80x24.
        let (tx, ty) = find(&t, "For the first");
        if w == 80 {
            assert!(x > tx && y <= ty + 1, "beside the step when wide");
        } else {
            assert!(y > ty, "below the step when narrow");
        }
    }
}

#[test]
fn wait_snapshots() {
    let c = content();
    let t0 = now();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = open(&c, "pressure", w, h);
        press_at(&mut app, &c, t0, &vec![key(SPACE); 3]);
        let t = render_at(&app, &c, later(t0, 7.0));
        insta::assert_snapshot!(format!("walk_wait_{w}x{h}"), t.backend());
        assert!(screen_text(&t).contains("Waiting 0:07"));
        assert!(lines(&t).last().unwrap().contains("Space done"));
    }
}

#[test]
fn list_mode_snapshots() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = open(&c, "needs", w, h);
        press(
            &mut app,
            &c,
            &[ch('2'), ch('1'), ch('3'), ch('3'), key(KeyCode::Up)],
        );
        let t = render(&app, &c);
        insta::assert_snapshot!(format!("walk_list_{w}x{h}"), t.backend());
        let text = screen_text(&t);
        assert!(text.contains("2 of 7 ticked"), "{text}");
        // Ticked boxes are marked ✓ (green), the others empty.
        let (x, y) = find(&t, "[✓]");
        assert_eq!(t.backend().buffer()[(x + 1, y)].fg, Color::Green);
        if w == 80 {
            assert!(text.contains("[ ] 3."), "{text}");
        }
        assert!(lines(&t).last().unwrap().contains("Space tick"));
    }
}

#[test]
fn finish_screen_snapshots() {
    let c = content();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = open(&c, "lifting", w, h);
        press(&mut app, &c, &vec![key(SPACE); 4]);
        let t = render(&app, &c);
        insta::assert_snapshot!(format!("walk_finish_{w}x{h}"), t.backend());
        let text = screen_text(&t);
        assert!(text.contains("✓ Done"), "{text}");
        assert!(text.contains("today at 14:00"), "{text}");
        let (x, y) = find(&t, "✓ Done");
        assert_eq!(t.backend().buffer()[(x, y)].fg, Color::Green);
    }
}

#[test]
fn help_lists_the_walkthrough_keys() {
    let c = content();
    let mut app = open(&c, "lifting", 80, 24);
    press(&mut app, &c, &[ch('?')]);
    let text = screen_text(&render(&app, &c));
    for words in [
        "Space Enter",
        "← Bksp",
        "start over",
        "undo start over",
        "checklist",
    ] {
        assert!(text.contains(words), "{words}:\n{text}");
    }
    press(&mut app, &c, &[key(KeyCode::Esc)]);
    assert_eq!((app.overlay, app.ctx()), (None, Ctx::Walk));
}

#[test]
fn no_color_keeps_the_marks() {
    let c = content();
    let mut app = open(&c, "needs", 80, 24);
    app.color = false;
    press(&mut app, &c, &[ch('1')]);
    let t = render(&app, &c);
    let buf = t.backend().buffer();
    assert!(buf.content.iter().all(|cell| cell.fg == Color::Reset));
    let text = screen_text(&t);
    assert!(text.contains("[✓] 1.") && text.contains("[ ] 2.") && text.contains('⚠'));
}

#[test]
fn every_walk_screen_fits_40x12_without_losing_the_footer() {
    let c = content();
    for id in ["lifting", "pressure", "needs"] {
        for keys in [vec![], vec![ch('v')], vec![key(SPACE); 8]] {
            let mut app = open(&c, id, 40, 12);
            press(&mut app, &c, &keys);
            let t = render(&app, &c);
            let footer = lines(&t).last().unwrap().clone();
            assert!(footer.contains("q quit"), "{id} {keys:?}: {footer}");
            assert!(lines(&t).iter().all(|l| l.chars().count() == 40));
        }
    }
}

// ---- Kept progress ----

#[test]
fn walk_progress_round_trips_through_the_file_format() {
    let c = content();
    let mut app = open(&c, "lifting", 80, 24);
    press(&mut app, &c, &vec![key(SPACE); 4]);
    press(&mut app, &c, &[key(KeyCode::Esc), ch('9')]);
    let text = format::encode(&app.state).unwrap();
    assert!(
        text.contains("\"lifting\"") && text.contains("\"approach\""),
        "{text}"
    );
    let back: State = format::decode(text.as_bytes()).unwrap();
    assert_eq!(back, app.state);
    assert_eq!(back.walks["lifting"].finished, Some(now().wall));
}

#[test]
fn progress_survives_a_restart_through_the_store() {
    let c = content();
    let dir = tempfile::tempdir().unwrap();
    let (mut st, state, notices) = Store::<State>::open(Some(dir.path().to_path_buf()));
    assert!(notices.is_empty());
    let mut app = app(&c, 80, 24);
    app.state = state;
    press(&mut app, &c, &[ch('l'), key(SPACE), key(SPACE)]);
    backspasm::tui::save(&mut app, &mut st);
    assert!(app.pending.is_empty());
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(dir.path().join(store::FILE_NAME))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);

    let (_, state, _) = Store::<State>::open(Some(dir.path().to_path_buf()));
    let mut again = common::app(&c, 80, 24);
    again.state = state;
    press(&mut again, &c, &[ch('l')]);
    assert_eq!(walk(&again).cursor, 2, "resumes at step 3");
}

#[test]
fn two_instances_merge_their_ticks() {
    let c = content();
    let dir = tempfile::tempdir().unwrap();
    let path = Some(dir.path().to_path_buf());
    let (mut s1, st1, _) = Store::<State>::open(path.clone());
    let (mut s2, st2, _) = Store::<State>::open(path.clone());
    let mut a = app(&c, 80, 24);
    a.state = st1;
    let mut b = app(&c, 80, 24);
    b.state = st2;
    press(&mut a, &c, &[ch('l'), key(SPACE)]);
    backspasm::tui::save(&mut a, &mut s1);
    // b has not seen a's tick; it ticks the needs list and resets pressure.
    let needs = c.walkthroughs.iter().position(|w| w.id == "needs").unwrap();
    b.open_walk(&c, needs, now());
    press(&mut b, &c, &[ch('2')]);
    backspasm::tui::save(&mut b, &mut s2);
    assert_eq!(done(&b, "lifting"), ["approach"], "b now has a's tick");
    assert_eq!(done(&b, "needs"), ["towel"]);
    let (_, disk, _) = Store::<State>::open(path);
    assert_eq!(disk, b.state);
}

#[test]
fn edits_are_absolute_so_reapplying_them_elsewhere_is_safe() {
    // The store re-applies an instance's edits to what is on disk; a set, not a toggle.
    let mut disk = State::default();
    let set = Edit::Walk(WalkEdit::Set {
        walk: "lifting".into(),
        step: "bend".into(),
        done: true,
    });
    use backspasm_core::state::format::Persist;
    disk.apply(&set);
    disk.apply(&set);
    assert_eq!(disk.walks["lifting"].done.len(), 1);
    disk.apply(&Edit::Walk(WalkEdit::Reset {
        walk: "lifting".into(),
    }));
    assert!(disk.walks.is_empty());
}

#[test]
fn a_damaged_state_file_starts_fresh_with_the_notice_on_screen() {
    let c = content();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(store::FILE_NAME),
        "(version: 1, state: [\"not\", \"a state\"])",
    )
    .unwrap();
    let (_, state, notices) = Store::<State>::open(Some(dir.path().to_path_buf()));
    assert_eq!(state, State::default());
    let mut app = app(&c, 80, 24);
    app.notice = notices.into_iter().last();
    app.open_walk(&c, 0, now());
    let t = render(&app, &c);
    assert!(
        screen_text(&t).contains("was damaged"),
        "{}",
        screen_text(&t)
    );
    assert!(screen_text(&t).contains("Step 1 of 4"));
    assert!(dir.path().join("state.ron.bak").exists());
}

#[test]
fn an_unwritable_state_dir_keeps_working_and_says_so() {
    let c = content();
    let file = tempfile::NamedTempFile::new().unwrap();
    // A directory under a plain file can never be created, even by root.
    let dir = file.path().join("state");
    let (mut st, state, _) = Store::<State>::open(Some(dir));
    let mut app = app(&c, 80, 24);
    app.state = state;
    press(&mut app, &c, &[ch('l'), key(SPACE)]);
    backspasm::tui::save(&mut app, &mut st);
    assert_eq!(done(&app, "lifting"), ["approach"], "kept in memory");
    assert!(app.not_saving.is_some());
    assert!(screen_text(&render(&app, &c)).contains("⚠ not saving"));
}

#[test]
fn going_back_from_the_finish_and_finishing_again_counts_one_finish() {
    let c = content();
    let mut app = open(&c, "lifting", 80, 24);
    let t0 = now();
    press_at(&mut app, &c, t0, &vec![key(SPACE); 4]);
    assert_eq!(app.ctx(), Ctx::WalkDone);
    // Back and done again, twice, seconds later; then in list mode, untick and tick.
    for s in [2.0, 4.0] {
        let t = at(t0, s);
        press_at(&mut app, &c, t, &[key(KeyCode::Backspace), key(SPACE)]);
        assert_eq!(app.ctx(), Ctx::WalkDone);
    }
    press_at(&mut app, &c, at(t0, 6.0), &[ch('v'), ch('2'), ch('2')]);
    let finishes = &app.state.finished["lifting"];
    assert_eq!(finishes.len(), 1, "{finishes:?}");
    assert_eq!(app.state.walks["lifting"].finished, Some(t0.wall));
    // The summary says so.
    let summary = backspasm_core::today::summary::markdown(&c, &app.state, at(t0, 10.0).wall);
    assert!(summary.contains("finished once"), "{summary}");

    // Starting over makes a new run-through: its finish counts.
    let t = at(t0, 60.0);
    press_at(&mut app, &c, t, &[ch('r')]);
    press_at(&mut app, &c, t, &[ch('1'), ch('2'), ch('3'), ch('4')]);
    assert_eq!(
        app.state.finished["lifting"].len(),
        2,
        "{:?} {:?}",
        app.state.finished,
        app.state.walks
    );
}

/// A selected step taller than the list's page shows from its title (the ▶ row), not its end.
#[test]
fn at_30x8_the_list_shows_the_selected_steps_title() {
    let c = content();
    let mut app = open(&c, "lifting", 30, 8);
    press(
        &mut app,
        &c,
        &[key(SPACE), key(SPACE), key(SPACE), key(SPACE), ch('v')],
    );
    assert_eq!((app.ctx(), walk(&app).cursor), (Ctx::WalkList, 3));
    let text = screen_text(&render(&app, &c));
    assert!(text.contains("▶ [✓] 4."), "{text}");
    press(&mut app, &c, &[key(KeyCode::Up), key(KeyCode::Down)]);
    let text = screen_text(&render(&app, &c));
    assert!(text.contains("▶ [✓] 4."), "{text}");
}
