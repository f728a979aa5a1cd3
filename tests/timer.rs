//! The timers through the key table and `update`, with a made-up clock: opening them, their
//! keys, the cues (bells and flashes) over time, the event loop's wakeups, the counts for the
//! summary, and the ice pack's run kept in the store across a restart.

mod common;

use std::time::Duration;

use backspasm::app::{Action, App, Effect, Screen};
use backspasm::clock::Now;
use backspasm::content::{ClockKind, Content};
use backspasm::keymap::{self, Ctx};
use backspasm::tui;
use backspasm_core::state::State;
use backspasm_core::timer::SlotAction;
use backspasm_core::timer::Status;
use backspasm_core::timer::cycle::Timing;
use chrono::TimeDelta;
use common::*;
use ratatui::crossterm::event::KeyCode;

const MONO: ClockKind = ClockKind::Monotonic;
const WALL: ClockKind = ClockKind::Wall;

fn bells(app: &mut App) -> usize {
    app.effects.drain(..).filter(|e| *e == Effect::Bell).count()
}

/// Run the event loop with no input from `from` to `to` seconds: sleep as long as `wake_in`
/// says, then Tick. Returns each wakeup's time and the bells it rang.
fn idle(app: &mut App, c: &Content, base: Now, from: f64, to: f64) -> Vec<(f64, usize)> {
    let mut t = Duration::from_millis((from * 1000.0).round() as u64);
    let end = Duration::from_millis((to * 1000.0).round() as u64);
    let mut wakes = Vec::new();
    while let Some(d) = app.wake_in(after(base, t)) {
        t += d;
        if t > end {
            break;
        }
        app.update(c, Action::Tick, after(base, t));
        wakes.push((t.as_secs_f64(), bells(app)));
    }
    wakes
}

fn left(app: &App, c: &Content, clock: ClockKind, now: Now) -> i64 {
    app.timer.timers.slot(clock).unwrap().view(c, now).left
}

fn phase(app: &App, c: &Content, clock: ClockKind, now: Now) -> String {
    app.timer
        .timers
        .slot(clock)
        .unwrap()
        .view(c, now)
        .phase
        .name
        .clone()
}

#[test]
fn t_opens_the_timer_from_anywhere_and_esc_leaves_it_running() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    press_at(&mut app, &c, base, &[ch('3'), ch('t')]);
    assert_eq!(app.screen, Screen::Timer(MONO));
    assert_eq!(app.ctx(), Ctx::TimerReady);
    let slot = app.timer.timers.slot(MONO).unwrap();
    assert_eq!(
        slot.view(&c, base).status,
        Status::Ready,
        "opening does not start it"
    );

    press_at(&mut app, &c, base, &[ch(' ')]);
    assert_eq!(
        app.timer.timers.slot(MONO).unwrap().view(&c, base).status,
        Status::Running
    );
    press_at(&mut app, &c, at(base, 5.0), &[key(KeyCode::Esc)]);
    assert_eq!(app.screen, Screen::Guide);
    assert_eq!(app.guide.tab, 2, "back where it was opened");
    // Still counting, and the guide's footer says so.
    let later = at(base, 65.0);
    app.update(&c, Action::Tick, later);
    assert_eq!(left(&app, &c, MONO, later), 115_000);
    let t = render_at(&app, &c, later);
    let footer = lines(&t).pop().unwrap();
    assert!(footer.contains("♨ HOT 1:55"), "{footer}");

    press_at(&mut app, &c, later, &[ch('t')]);
    assert_eq!(app.screen, Screen::Timer(MONO));
    // From one timer to the other and back: Esc still leads to the guide.
    press_at(&mut app, &c, later, &[ch('i'), ch('t'), key(KeyCode::Esc)]);
    assert_eq!(app.screen, Screen::Guide);
}

#[test]
fn enter_on_a_cycle_step_opens_its_timer() {
    let c = content();
    for (cycle, clock) in [("hydrotherapy", MONO), ("ice", WALL)] {
        let (tab, step) = c
            .tabs
            .iter()
            .enumerate()
            .find_map(|(t, tab)| {
                let s = tab
                    .steps
                    .iter()
                    .position(|s| s.cycle.as_deref() == Some(cycle))?;
                Some((t, s))
            })
            .unwrap();
        let mut app = app(&c, 80, 24);
        app.guide.tab = tab;
        app.guide.views[tab].selected = step;
        press(&mut app, &c, &[key(KeyCode::Enter)]);
        assert_eq!(app.screen, Screen::Timer(clock), "{cycle}");
        assert_eq!(app.timer.timers.slot(clock).unwrap().cycle(&c).id, cycle);
    }
    // Enter on a step that links nothing does nothing.
    let (tab, step) = c
        .tabs
        .iter()
        .enumerate()
        .find_map(|(t, tab)| {
            let s = tab
                .steps
                .iter()
                .position(|s| s.cycle.is_none() && s.walkthrough.is_none())?;
            Some((t, s))
        })
        .unwrap();
    let mut app = app(&c, 80, 24);
    app.guide.tab = tab;
    app.guide.views[tab].selected = step;
    press(&mut app, &c, &[key(KeyCode::Enter)]);
    assert_eq!(app.screen, Screen::Guide);
}

#[test]
fn timer_keys_pause_skip_adjust_restart_and_stop() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    app.start_timer(MONO, None, base);
    assert_eq!(app.screen, Screen::Timer(MONO));
    let t = |s| at(base, s);

    press_at(&mut app, &c, t(20.0), &[ch(' ')]);
    assert_eq!(
        app.timer
            .timers
            .slot(MONO)
            .unwrap()
            .view(&c, t(20.0))
            .status,
        Status::Paused
    );
    assert_eq!(
        left(&app, &c, MONO, t(500.0)),
        160_000,
        "paused: time stands"
    );
    press_at(&mut app, &c, t(500.0), &[ch(' ')]);
    assert_eq!(left(&app, &c, MONO, t(510.0)), 150_000);

    press_at(&mut app, &c, t(510.0), &[ch('+'), ch('='), ch('-')]);
    assert_eq!(
        left(&app, &c, MONO, t(510.0)),
        160_000,
        "+ and = add, - takes"
    );

    press_at(&mut app, &c, t(520.0), &[ch('r')]);
    assert_eq!(left(&app, &c, MONO, t(520.0)), 180_000);

    press_at(&mut app, &c, t(530.0), &[ch('n')]);
    assert_eq!(phase(&app, &c, MONO, t(530.0)), "COLD");
    assert_eq!(left(&app, &c, MONO, t(530.0)), 30_000);

    press_at(&mut app, &c, t(531.0), &[ch('x')]);
    assert_eq!(app.timer.timers.slot(MONO).unwrap().run, None);
    assert_eq!(
        app.screen,
        Screen::Timer(MONO),
        "stopping stays on the screen"
    );
}

#[test]
fn phase_changes_ring_differently_and_warn_ten_seconds_before() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    app.start_timer(MONO, None, base);
    let wakes = idle(&mut app, &c, base, 0.0, 215.0);
    let rung: Vec<(f64, usize)> = wakes.iter().copied().filter(|w| w.1 > 0).collect();
    let when = |from: f64, to: f64| -> usize {
        rung.iter()
            .filter(|(t, _)| *t >= from - 1e-6 && *t < to)
            .map(|(_, n)| n)
            .sum()
    };
    assert_eq!(when(0.0, 169.9), 0, "quiet until the warning");
    assert_eq!(when(170.0, 171.0), 1, "one bell 10 s before hot ends");
    assert_eq!(when(180.0, 181.5), 3, "into cold: three bells");
    assert_eq!(when(181.5, 199.9), 0);
    assert_eq!(when(200.0, 201.0), 1, "warning before cold ends");
    assert_eq!(when(210.0, 211.5), 2, "into hot: two bells");
    // The bells of a cue are apart, so they are heard as separate bells.
    let cold: Vec<f64> = rung
        .iter()
        .filter(|(t, _)| (180.0..181.5).contains(t))
        .map(|w| w.0)
        .collect();
    assert!(cold.windows(2).all(|w| w[1] - w[0] >= 0.39), "{cold:?}");
    // The boundary rings exactly at the deadline.
    assert!((cold[0] - 180.0).abs() < 0.002, "{}", cold[0]);
}

#[test]
fn the_loop_wakes_once_a_second_and_for_cues_only() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    assert_eq!(app.wake_in(base), None, "nothing runs: sleep until a key");
    app.start_timer(MONO, None, base);
    let wakes = idle(&mut app, &c, base, 0.0, 60.0);
    assert_eq!(wakes.len(), 60, "one per shown second in a quiet minute");
    for (k, (t, _)) in wakes.iter().enumerate() {
        assert!((t - (k + 1) as f64).abs() < 0.002, "wake {k} at {t}");
    }
    // Paused: nothing changes on screen, no wakeups.
    press_at(&mut app, &c, at(base, 60.5), &[ch(' ')]);
    assert_eq!(app.wake_in(at(base, 61.0)), None);
    // A cue adds wakeups for its pulses and flashes; the shown second is due in 0.5 s.
    press_at(&mut app, &c, at(base, 61.0), &[ch(' '), ch('n')]);
    let d = app.wake_in(at(base, 61.0)).unwrap();
    assert_eq!(d, Duration::from_millis(250), "the flash ends first");
}

#[test]
fn the_screen_flashes_with_each_bell() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    app.start_timer(MONO, None, base);
    app.update(&c, Action::Tick, at(base, 180.0));
    assert_eq!(bells(&mut app), 1, "the first bell goes with the new frame");
    assert!(app.timer.timers.flashing(at(base, 180.1)));
    assert!(!app.timer.timers.flashing(at(base, 180.3)));
}

#[test]
fn rounds_are_counted_for_the_summary() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    app.start_timer(MONO, None, base);
    idle(&mut app, &c, base, 0.0, 2.0 * 210.0 + 5.0);
    let log = &app.state.timers.done["hydrotherapy"];
    assert_eq!(log.rounds(), 2);
    assert_eq!(log.count("hot"), 2);
    assert_eq!(log.count("cold"), 2);
    assert_eq!(log.last(), Some(at(base, 420.0).wall));
    // The running shower timer itself is not kept.
    assert_eq!(app.state.timers.wall, None);
}

#[test]
fn a_rounds_limit_ends_with_done() {
    let c = content();
    let base = now();
    let cycle = c.cycle("hydrotherapy").unwrap();
    let plan = backspasm_core::timer::duration::plan(cycle, Some(5), Some(5), Some(2)).unwrap();
    let mut app = app(&c, 80, 24);
    app.start_timer(MONO, Some(plan), base);
    idle(&mut app, &c, base, 0.0, 25.0);
    let view = app
        .timer
        .timers
        .slot(MONO)
        .unwrap()
        .view(&c, at(base, 25.0));
    assert_eq!(
        view.status,
        Status::Done {
            at: at(base, 20.0).wall
        }
    );
    assert_eq!(app.wake_in(at(base, 25.0)), None);
    // Done says so and no longer says what to do in the last phase (cold): one round at the
    // guide's lengths leaves room for it.
    let plan = backspasm_core::timer::duration::plan(cycle, None, None, Some(1)).unwrap();
    app.start_timer(MONO, Some(plan), base);
    idle(&mut app, &c, base, 0.0, 215.0);
    for (w, h) in [(80, 24), (40, 12)] {
        resize(&mut app, &c, w, h);
        let screen = screen_text(&render_at(&app, &c, at(base, 215.0)));
        assert!(screen.contains("DONE"), "{w}x{h}: {screen}");
        assert!(!screen.contains("cold water"), "{w}x{h}: {screen}");
    }
}

#[test]
fn the_ice_alarm_rings_until_acknowledged_even_from_the_guide() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    press_at(&mut app, &c, base, &[ch('i'), ch(' ')]);
    assert_eq!(phase(&app, &c, WALL, base), "ICE ON");
    press_at(&mut app, &c, at(base, 60.0), &[key(KeyCode::Esc)]);
    assert_eq!(app.screen, Screen::Guide);

    let wakes = idle(&mut app, &c, base, 60.0, 1200.0 + 12.0);
    assert_eq!(
        app.screen,
        Screen::Timer(WALL),
        "the alarm brings its screen up"
    );
    assert_eq!(app.ctx(), Ctx::Alarm);
    let alarm_bells: usize = wakes.iter().filter(|w| w.0 >= 1200.0).map(|w| w.1).sum();
    assert_eq!(alarm_bells, 9, "three bells at 0, 5 and 10 s");
    // The off phase counts from the on phase's deadline.
    let now = at(base, 1212.0);
    assert_eq!(phase(&app, &c, WALL, now), "ICE OFF");
    assert_eq!(left(&app, &c, WALL, now), 5_400_000 - 12_000);

    // Space silences it (and does not pause); pressed twice, as a person in pain does, the
    // second Space does not pause the break either. A second later Space pauses again.
    press_at(&mut app, &c, now, &[ch(' ')]);
    press_at(&mut app, &c, at(base, 1212.5), &[ch(' ')]);
    assert_eq!(app.ctx(), Ctx::Timer);
    assert_eq!(
        app.timer.timers.slot(WALL).unwrap().view(&c, now).status,
        Status::Running
    );
    let mut paused = app.clone();
    press_at(&mut paused, &c, at(base, 1213.5), &[ch(' ')]);
    assert_eq!(paused.ctx(), Ctx::TimerPaused);
    let wakes = idle(&mut app, &c, base, 1212.0, 1300.0);
    assert_eq!(wakes.iter().map(|w| w.1).sum::<usize>(), 0);
}

#[test]
fn ice_waits_for_the_user_before_going_on_again() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    press_at(&mut app, &c, base, &[ch('i'), ch('n')]);
    assert_eq!(
        app.timer.timers.slot(WALL).unwrap().run,
        None,
        "n before the start does nothing"
    );
    press_at(&mut app, &c, base, &[ch(' ')]);
    // Took it off early with n: the break starts now, no alarm.
    press_at(&mut app, &c, at(base, 600.0), &[ch('n')]);
    assert_eq!(phase(&app, &c, WALL, at(base, 600.0)), "ICE OFF");
    assert_eq!(app.ctx(), Ctx::Timer);
    idle(&mut app, &c, base, 600.0, 6000.0 + 10.0);
    let view = app
        .timer
        .timers
        .slot(WALL)
        .unwrap()
        .view(&c, at(base, 6010.0));
    assert_eq!(view.phase.name, "ICE ON");
    assert_eq!(
        view.status,
        Status::Waiting {
            since: at(base, 6000.0).wall
        }
    );
    assert_eq!(
        app.wake_in(at(base, 6010.0)),
        None,
        "waiting: nothing to count"
    );
    press_at(&mut app, &c, at(base, 7000.0), &[ch(' ')]);
    assert_eq!(left(&app, &c, WALL, at(base, 7000.0)), 1_200_000);
    assert_eq!(view.round, 2);
}

#[test]
fn the_ice_run_survives_a_restart_and_says_what_ran_out_meanwhile() {
    let c = content();
    let base = now(); // 14:00
    let dir = tempfile::tempdir().unwrap();
    let open = || open_store(dir.path());

    // First run: ice on at 14:00, then the app is closed.
    let (mut store, state) = open();
    let mut first = app(&c, 80, 24);
    first.state = state;
    press_at(&mut first, &c, base, &[ch('i'), ch(' ')]);
    tui::save(&mut first, &mut store);
    assert!(first.pending.is_empty());
    let kept = first.state.timers.wall.clone().unwrap();
    assert_eq!(kept.phase, "on");
    drop((first, store));

    // Reopened at 17:00: the pack should have come off at 14:20, the break ended at 15:50.
    let (mut store, state) = open();
    assert_eq!(state.timers.wall, Some(kept));
    let later = at(base, 3.0 * 3600.0);
    let mut second = app(&c, 80, 24);
    second.state = state;
    second.resume_timers(&c, later);
    assert_eq!(
        second.screen,
        Screen::Timer(WALL),
        "it shows where the cycle stands"
    );
    let view = second.timer.timers.slot(WALL).unwrap().view(&c, later);
    assert_eq!(view.phase.name, "ICE ON");
    assert_eq!(
        view.status,
        Status::Waiting {
            since: at(base, 6600.0).wall
        }
    );
    assert_eq!(view.alarm.map(|a| a.1), Some(at(base, 1200.0).wall));
    let text = screen_text(&render_at(&second, &c, later));
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("While closed: ICE ON should have ended at 14:20; ICE OFF ended at 15:50."),
        "{text}"
    );
    assert!(words.contains("⚠ ICE ON ended at 14:20"), "{text}");
    // The phases that ran out are counted, and the caught-up run is kept.
    tui::save(&mut second, &mut store);
    let log = &second.state.timers.done["ice"];
    assert_eq!((log.rounds(), log.count("on"), log.count("off")), (1, 1, 1));
    assert_eq!(
        log.recent.iter().copied().collect::<Vec<_>>(),
        [at(base, 1200.0).wall, at(base, 6600.0).wall],
        "each at its deadline, not when the app noticed"
    );
    assert_eq!(log.last(), Some(at(base, 6600.0).wall));
    let (_, state) = open();
    let kept = state.timers.wall.unwrap();
    assert_eq!(kept.phase, "on");
    assert!(matches!(
        kept.timing,
        backspasm_core::timer::kept::WallTiming::Waiting { .. }
    ));
    assert!(kept.alarm.is_some(), "still to be acknowledged");
}

#[test]
fn the_ice_run_survives_the_clock_going_back_while_closed() {
    let c = content();
    let base = now();
    let mut first = app(&c, 80, 24);
    press_at(&mut first, &c, base, &[ch('i'), ch(' ')]);
    press_at(&mut first, &c, at(base, 300.0), &[ch('+')]);
    let state = first.state.clone();
    // Restarted with the clock set back an hour: the 15:10 left are still there.
    let mut second = app(&c, 80, 24);
    second.state = state;
    let back = at(base, 300.0 - 3600.0);
    second.resume_timers(&c, back);
    assert_eq!(second.screen, Screen::Guide, "nothing ran out");
    second.update(&c, Action::Tick, back);
    assert_eq!(left(&second, &c, WALL, back), 910_000);
    let timing = second.timer.timers.slot(WALL).unwrap().run.unwrap().timing;
    assert_eq!(
        timing,
        Timing::Running {
            ends_at: (back.wall + TimeDelta::seconds(910)).timestamp_millis()
        }
    );
}

#[test]
fn stopping_the_ice_timer_is_kept_too() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    press_at(&mut app, &c, base, &[ch('i'), ch(' ')]);
    assert!(app.state.timers.wall.is_some());
    let n = app.pending.len();
    // Passing seconds are not worth a write.
    idle(&mut app, &c, base, 0.0, 30.0);
    assert_eq!(app.pending.len(), n);
    press_at(&mut app, &c, at(base, 30.0), &[ch('x')]);
    assert_eq!(app.state.timers.wall, None);
}

/// `q` with the shower timer running (or a closed terminal) keeps it: the next launch shows it
/// running in the footer, where it stands by the clock.
#[test]
fn q_on_a_running_shower_timer_keeps_it_for_the_next_launch() {
    let c = content();
    let base = now(); // 14:00
    let dir = tempfile::tempdir().unwrap();
    let open = || open_store(dir.path());
    let (mut store, state) = open();
    let mut first = app(&c, 80, 24);
    first.state = state;
    press_at(&mut first, &c, base, &[ch('t'), ch(' ')]);
    press_at(&mut first, &c, at(base, 20.0), &[ch('q')]);
    assert!(first.quit);
    tui::save(&mut first, &mut store);
    drop((first, store));

    // Relaunched 40 s after the start: HOT with 2:20 left, in the footer of the guide.
    let (mut store, state) = open();
    assert!(state.timers.mono.is_some(), "kept");
    let later = at(base, 40.0);
    let mut second = app(&c, 80, 24);
    second.state = state;
    second.resume_timers(&c, later);
    assert_eq!(
        second.screen,
        Screen::Guide,
        "nothing ran out: no screen comes up"
    );
    assert_eq!(left(&second, &c, MONO, later), 140_000);
    let footer = footer_at(&second, &c, later);
    assert!(footer.contains("HOT 2:20"), "{footer}");
    // It runs on, cues and all: the cold phase at 3:00.
    idle(&mut second, &c, later, 0.0, 141.0);
    assert_eq!(phase(&second, &c, MONO, at(later, 141.0)), "COLD");
    tui::save(&mut second, &mut store);
    // And x stops it for good.
    press_at(&mut second, &c, at(later, 142.0), &[ch('t'), ch('x')]);
    tui::save(&mut second, &mut store);
    let (_, state) = open();
    assert_eq!(state.timers.mono, None);
}

/// Relaunched after phases ran out, the shower timer comes up saying so; those phases are not
/// counted as treatment (no one was there to follow them).
#[test]
fn a_kept_shower_timer_relaunched_late_shows_what_ran_out_and_counts_none_of_it() {
    let c = content();
    let base = now();
    let mut first = app(&c, 80, 24);
    press_at(&mut first, &c, base, &[ch('t'), ch(' '), ch('q')]);
    let mut second = app(&c, 80, 24);
    second.state = first.state.clone();
    let later = at(base, 300.0); // hot 3:00, cold 0:30, hot again from 3:30
    second.resume_timers(&c, later);
    assert_eq!(second.screen, Screen::Timer(MONO));
    assert_eq!(phase(&second, &c, MONO, later), "HOT");
    assert_eq!(left(&second, &c, MONO, later), 90_000);
    let text = screen_text(&render_at(&second, &c, later));
    assert!(text.contains("While closed"), "{text}");
    assert!(!second.state.timers.done.contains_key("hydrotherapy"));
    assert!(
        !second
            .pending
            .iter()
            .any(|e| matches!(e, backspasm_core::state::Edit::PhaseDone { .. }))
    );
}

#[test]
fn x_stops_a_timer_and_s_is_not_a_timer_key() {
    let c = content();
    let base = now();
    for ctx in [Ctx::Timer, Ctx::TimerPaused, Ctx::TimerWaiting, Ctx::Alarm] {
        assert_eq!(
            keymap::event_action(ctx, &ch('x')),
            Some(Action::Timer(SlotAction::Stop))
        );
        assert_eq!(keymap::event_action(ctx, &ch('s')), None, "{ctx:?}");
    }
    let mut app = app(&c, 80, 24);
    press_at(&mut app, &c, base, &[ch('t'), ch(' '), ch('s')]);
    assert!(
        app.timer.timers.slot(MONO).unwrap().running(),
        "s does not stop it"
    );
    assert!(footer_at(&app, &c, base).contains("x stop"));
    press_at(&mut app, &c, base, &[ch('x')]);
    assert_eq!(app.timer.timers.slot(MONO).unwrap().run, None);
    assert_eq!(app.state.timers.mono, None);
}

#[test]
fn the_help_lists_the_timer_keys() {
    let rows = keymap::help_rows(Ctx::Timer);
    for keys in [
        "Space", "n", "+ - =", "r", "x", "Esc", "t", "i", "?", "q Ctrl-C",
    ] {
        assert!(rows.iter().any(|(k, _)| k == keys), "{keys}: {rows:?}");
    }
    let rows = keymap::help_rows(Ctx::Alarm);
    assert!(
        rows.iter()
            .any(|(k, h)| k == "Space Enter a" && h.contains("alarm"))
    );
    for ctx in [Ctx::Guide, Ctx::Timer, Ctx::Alarm] {
        for key in ['t', 'i'] {
            assert!(
                matches!(
                    keymap::event_action(ctx, &ch(key)),
                    Some(Action::OpenTimer(_))
                ),
                "{key} in {ctx:?}"
            );
        }
    }
}

#[test]
fn the_timers_open_from_a_walkthrough_and_esc_returns_to_it() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    press_at(&mut app, &c, base, &[ch('l')]);
    assert!(matches!(app.screen, Screen::Walk(_)));
    let walk = app.screen.clone();
    press_at(&mut app, &c, base, &[ch('t'), ch(' ')]);
    assert_eq!(app.screen, Screen::Timer(MONO));
    press_at(&mut app, &c, base, &[key(KeyCode::Esc)]);
    assert_eq!(app.screen, walk);
    // The shower timer keeps the loop waking while the walkthrough shows.
    idle(&mut app, &c, base, 0.0, 2.0);
    assert_eq!(
        app.wake_in(at(base, 2.25)),
        Some(Duration::from_millis(750))
    );
}

// ---- The alarm over other screens

#[test]
fn the_alarm_does_not_take_over_a_note_being_typed() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    press_at(&mut app, &c, base, &[ch('i'), ch(' '), key(KeyCode::Esc)]);
    press_at(&mut app, &c, at(base, 1190.0), &[ch('p'), ch('5')]);
    assert_eq!(app.ctx(), Ctx::Text);
    // ICE ON ends while the note is typed: "sore back" goes into the note, not to the timer.
    for (i, k) in "sore back".chars().enumerate() {
        press_at(&mut app, &c, at(base, 1198.0 + i as f64), &[ch(k)]);
    }
    let t = at(base, 1207.0);
    assert_eq!(app.screen, Screen::PainNote);
    assert_eq!(app.today.field, "sore back");
    let slot = app.timer.timers.slot(WALL).unwrap();
    assert!(slot.alarm().is_some(), "still ringing");
    assert_eq!(phase(&app, &c, WALL, t), "ICE OFF");
    // The footer says it rings.
    assert!(footer_at(&app, &c, t).contains("ICE ON ended"));

    // The note is kept; then the alarm comes up, and for a moment takes only Esc, ? and q.
    press_at(&mut app, &c, t, &[key(KeyCode::Enter)]);
    assert_eq!(app.state.diary[0].note.as_deref(), Some("sore back"));
    assert_eq!(app.screen, Screen::Timer(WALL));
    assert_eq!(app.ctx(), Ctx::AlarmNew);
    press_at(
        &mut app,
        &c,
        t,
        &[ch(' '), ch('x'), ch('n'), key(KeyCode::Enter)],
    );
    assert!(app.timer.timers.slot(WALL).unwrap().alarm().is_some());
    assert_eq!(phase(&app, &c, WALL, t), "ICE OFF");
    let footer = footer_at(&app, &c, t);
    assert!(!footer.contains("silence"), "{footer}");
    // The loop wakes when the moment is over; then Space silences it.
    assert!(app.wake_in(t).unwrap() <= Duration::from_secs(1));
    let t = at(base, 1208.0);
    app.update(&c, Action::Tick, t);
    assert_eq!(app.ctx(), Ctx::Alarm);
    assert!(footer_at(&app, &c, t).contains("Space silence"));
    press_at(&mut app, &c, t, &[ch(' ')]);
    assert_eq!(app.timer.timers.slot(WALL).unwrap().alarm(), None);
    assert_eq!(
        phase(&app, &c, WALL, t),
        "ICE OFF",
        "silenced, not restarted"
    );
}

#[test]
fn an_alarm_popping_up_over_a_walkthrough_ignores_the_next_space() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    press_at(
        &mut app,
        &c,
        base,
        &[ch('i'), ch(' '), key(KeyCode::Esc), ch('l')],
    );
    let t = at(base, 1200.5);
    press_at(&mut app, &c, t, &[ch(' ')]);
    assert_eq!(app.screen, Screen::Timer(WALL), "it came up");
    assert!(
        app.state
            .walks
            .get("lifting")
            .is_none_or(|p| p.done.is_empty()),
        "the Space did not tick a step"
    );
    assert!(app.timer.timers.slot(WALL).unwrap().alarm().is_some());
    press_at(&mut app, &c, t, &[ch(' ')]);
    assert!(
        app.timer.timers.slot(WALL).unwrap().alarm().is_some(),
        "too soon to silence"
    );
    // Esc goes back to the walkthrough; the alarm rings on.
    press_at(&mut app, &c, t, &[key(KeyCode::Esc)]);
    assert!(matches!(app.screen, Screen::Walk(_)));
}

#[test]
fn a_ringing_alarm_can_be_silenced_from_any_screen_and_the_footer_says_how() {
    let c = content();
    let base = now();
    for (name, keys) in [
        ("guide", vec![]),
        ("diary", vec![ch('d')]),
        ("walkthrough", vec![ch('l')]),
        ("doctor", vec![ch('c')]),
        ("shower timer", vec![ch('t')]),
    ] {
        let mut app = app(&c, 80, 24);
        press_at(&mut app, &c, base, &[ch('i'), ch(' '), key(KeyCode::Esc)]);
        idle(&mut app, &c, base, 0.0, 1205.0);
        let t = at(base, 1205.0);
        assert_eq!(app.screen, Screen::Timer(WALL));
        press_at(&mut app, &c, t, &[key(KeyCode::Esc)]);
        press_at(&mut app, &c, t, &keys);
        assert_ne!(app.screen, Screen::Timer(WALL), "{name}");
        for w in [80, 40] {
            app.update(
                &c,
                Action::Resize {
                    width: w,
                    height: 24,
                },
                t,
            );
            let footer = footer_at(&app, &c, t);
            assert!(footer.contains("a silence"), "{name} at {w}: {footer}");
            if w == 80 {
                assert!(footer.contains("ICE ON ended"), "{name}: {footer}");
            }
        }
        press_at(&mut app, &c, t, &[ch('a')]);
        assert_eq!(app.timer.timers.slot(WALL).unwrap().alarm(), None, "{name}");
        assert!(!footer_at(&app, &c, t).contains("silence"), "{name}");
        // Silenced: no more bells.
        let wakes = idle(&mut app, &c, base, 1205.0, 1230.0);
        assert_eq!(wakes.iter().map(|w| w.1).sum::<usize>(), 0, "{name}");
    }
    // With nothing ringing, `a` does nothing and the footer does not offer it.
    let mut app = app(&c, 80, 24);
    press_at(&mut app, &c, base, &[ch('a')]);
    assert!(app.pending.is_empty());
    assert!(!footer_at(&app, &c, base).contains("silence"));
}

/// `a` silences on the alarm's own screen too, as the help says ("from any screen"), once the
/// moment after it came up is over (then it may still be a letter typed for the screen before).
#[test]
fn a_silences_on_the_alarms_own_screen() {
    let c = content();
    let base = now();
    for after in [2.0, 30.0] {
        let mut app = app(&c, 80, 24);
        press_at(&mut app, &c, base, &[ch('i'), ch(' '), key(KeyCode::Esc)]);
        idle(&mut app, &c, base, 0.0, 1200.5);
        assert_eq!(app.screen, Screen::Timer(WALL));
        // In its first moment `a` does nothing: it may be a letter meant for the screen before.
        assert_eq!(app.ctx(), Ctx::AlarmNew);
        press_at(&mut app, &c, at(base, 1200.5), &[ch('a')]);
        assert!(app.timer.timers.slot(WALL).unwrap().alarm().is_some());
        let t = at(base, 1205.0 + after);
        app.update(&c, Action::Tick, t);
        press_at(&mut app, &c, t, &[ch('a')]);
        assert_eq!(
            app.timer.timers.slot(WALL).unwrap().alarm(),
            None,
            "{after} s after"
        );
    }
}

#[test]
fn the_footer_says_what_space_does_now() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    let space = |app: &App| {
        let f = footer_at(app, &c, base);
        let word = f
            .split("Space ")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap();
        word.to_string()
    };
    press_at(&mut app, &c, base, &[ch('t')]);
    assert_eq!((app.ctx(), space(&app)), (Ctx::TimerReady, "start".into()));
    press_at(&mut app, &c, base, &[ch(' ')]);
    assert_eq!((app.ctx(), space(&app)), (Ctx::Timer, "pause".into()));
    press_at(&mut app, &c, base, &[ch(' ')]);
    assert_eq!(
        (app.ctx(), space(&app)),
        (Ctx::TimerPaused, "resume".into())
    );
    // A timer that is not counting offers only what works: no n, +/-, r or x.
    press_at(&mut app, &c, base, &[ch('x')]);
    let footer = footer_at(&app, &c, base);
    assert!(
        !footer.contains("next") && !footer.contains("stop"),
        "{footer}"
    );

    // The ice pack waiting to go on again: Space starts it.
    let mut app = app_at_ice_waiting(&c, base);
    assert_eq!(
        (app.ctx(), space(&app)),
        (Ctx::TimerWaiting, "start".into())
    );
    press_at(&mut app, &c, base, &[ch('x')]);
    assert_eq!(app.ctx(), Ctx::TimerReady);
}

/// The ice timer on screen, its next ICE ON waiting for the pack.
fn app_at_ice_waiting(c: &Content, base: Now) -> App {
    let mut app = app(c, 80, 24);
    press_at(&mut app, c, base, &[ch('i'), ch(' '), ch('n'), ch('n')]);
    assert!(matches!(
        app.timer.timers.slot(WALL).unwrap().run.unwrap().timing,
        Timing::Waiting { .. }
    ));
    app
}

/// At 30x8 a running timer still shows in the guide's footer: help and quit give up their
/// words for it.
#[test]
fn at_30x8_a_running_timer_shows_in_the_guides_footer() {
    let c = content();
    let base = now();
    for clock in ['t', 'i'] {
        let mut app = app(&c, 30, 8);
        press_at(&mut app, &c, base, &[ch(clock), ch(' '), key(KeyCode::Esc)]);
        let footer = footer_at(&app, &c, base);
        assert!(footer.starts_with("←→ pane"), "{footer}");
        let time = if clock == 't' { "3:00" } else { "20:00" };
        assert!(footer.contains(time), "{footer}");
    }
}

/// Only treatment that happened counts for the summary, through the keys: a round run whole
/// counts; a cold phase moved on from with `n` counts neither itself nor its round; a hot phase
/// cut below the article's 2 minutes with `-` neither; the phases still ended are kept apart.
#[test]
fn only_treatment_that_happened_is_counted() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    let log = |app: &App| {
        app.state
            .timers
            .done
            .get("hydrotherapy")
            .cloned()
            .unwrap_or_default()
    };
    let counts = |app: &App| {
        let l = log(app);
        let not_counted: u32 = l.days.values().map(|d| d.not_counted).sum();
        (l.count("hot"), l.count("cold"), l.rounds(), not_counted)
    };
    // Hot 3:00, cold 0:30, run whole.
    press_at(&mut app, &c, base, &[ch('t'), ch(' ')]);
    idle(&mut app, &c, base, 0.0, 210.5);
    assert_eq!(counts(&app), (1, 1, 1, 0));
    // Hot whole; cold moved on from after 10 s.
    idle(&mut app, &c, base, 210.5, 390.5);
    press_at(&mut app, &c, at(base, 400.0), &[ch('n')]);
    assert_eq!(counts(&app), (2, 1, 1, 1));
    // Hot cut to 1:50 with `-` (under the 2:00 the article gives): not counted, nor its round,
    // though its cold runs whole.
    press_at(&mut app, &c, at(base, 401.0), &vec![ch('-'); 7]);
    idle(&mut app, &c, base, 401.0, 400.0 + 110.0 + 30.0 + 0.5);
    assert_eq!(counts(&app), (2, 2, 1, 2));
    // Cut to 2:00 exactly: counted, and so is its round.
    press_at(&mut app, &c, at(base, 541.0), &vec![ch('-'); 6]);
    idle(&mut app, &c, base, 541.0, 540.0 + 120.0 + 30.0 + 0.5);
    assert_eq!(counts(&app), (3, 3, 2, 2));
    let last = log(&app).last().unwrap();
    assert_eq!(last, at(base, 690.0).wall, "the last treatment");
}

/// `+` stops where `--hot`/`--cold` stop (twice the guide's longest), says so, and the
/// "beyond the guide" row stays; `-` still works.
#[test]
fn plus_stops_at_the_command_lines_limit_and_says_so() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    app.start_timer(MONO, None, base);
    let plus: Vec<_> = (0..60).map(|_| ch('+')).collect();
    press_at(&mut app, &c, base, &plus);
    let slot = app.timer.timers.slot(MONO).unwrap();
    assert_eq!(slot.run.unwrap().full, 360_000, "HOT 3:00 stops at 6:00");
    assert_eq!(left(&app, &c, MONO, base), 360_000);
    let screen = screen_text(&render_at(&app, &c, base));
    assert!(
        screen.contains("At most 6:00, twice the guide's 3:00."),
        "{screen}"
    );
    assert!(screen.contains("beyond the guide's"), "{screen}");
    press_at(&mut app, &c, base, &[ch('-')]);
    assert_eq!(left(&app, &c, MONO, base), 350_000);
    assert!(app.notice.is_none(), "no notice below the limit");

    // The ice pack: ICE ON 20:00 stops at 40:00.
    press_at(&mut app, &c, base, &[ch('i'), ch(' ')]);
    let plus: Vec<_> = (0..430).map(|_| ch('+')).collect();
    press_at(&mut app, &c, base, &plus);
    assert_eq!(left(&app, &c, WALL, base), 2_400_000);
    assert_eq!(
        app.notice.as_deref(),
        Some("At most 40:00, twice the guide's 20:00.")
    );
}

/// `backspasm timer` again while the shower timer is kept going opens it as it is; with
/// lengths it starts the new one and says the old one was replaced.
#[test]
fn the_timer_command_opens_a_shower_timer_already_going() {
    let c = content();
    let base = now();
    let relaunch = |state: State, t: Now| {
        let mut again = app(&c, 80, 24);
        again.state = state;
        again.resume_timers(&c, t);
        again
    };
    let mut first = app(&c, 80, 24);
    first.timer_command(None, base);
    assert_eq!(
        phase(&first, &c, MONO, base),
        "HOT",
        "nothing going: it starts"
    );
    press_at(&mut first, &c, at(base, 20.0), &[ch('n'), ch('q')]);

    // `backspasm timer` 10 s later: COLD with 20 s left, round 1, as it was.
    let later = at(base, 30.0);
    let mut second = relaunch(first.state.clone(), later);
    second.timer_command(None, later);
    assert_eq!(second.screen, Screen::Timer(MONO));
    assert_eq!(phase(&second, &c, MONO, later), "COLD");
    assert_eq!(left(&second, &c, MONO, later), 20_000);
    assert_eq!(second.notice, None);

    // With --hot: the new one, and a notice.
    let cycle = c.cycle("hydrotherapy").unwrap();
    let plan = backspasm_core::timer::duration::plan(cycle, Some(150), None, None).unwrap();
    let mut third = relaunch(first.state.clone(), later);
    third.timer_command(Some(plan), later);
    assert_eq!(phase(&third, &c, MONO, later), "HOT");
    assert_eq!(left(&third, &c, MONO, later), 150_000);
    assert_eq!(
        third.notice.as_deref(),
        Some("The shower timer that was going was replaced by this one.")
    );
}

/// A stray `x` is one key from being undone: `u` puts the timer back exactly as it was
/// (running to the same deadline, the same round, kept again), while nothing else changed it.
#[test]
fn u_undoes_a_stray_x() {
    let c = content();
    let base = now();
    let mut app = app(&c, 80, 24);
    // The ice pack on for a minute: x stops it, says so, and the footer offers u.
    press_at(&mut app, &c, base, &[ch('i'), ch(' ')]);
    // What the time seen moves aside, as it was.
    let as_was = |app: &App| {
        let mut slot = app.timer.timers.slot(WALL).unwrap().clone();
        slot.run = slot
            .run
            .map(|r| backspasm_core::timer::cycle::Run { seen: 0, ..r });
        slot
    };
    let before = as_was(&app);
    let kept = app.state.timers.wall.clone();
    assert!(kept.is_some());
    assert!(!footer_at(&app, &c, base).contains("u undo"));
    press_at(&mut app, &c, at(base, 60.0), &[ch('x')]);
    assert_eq!(app.timer.timers.slot(WALL).unwrap().run, None);
    assert_eq!(app.state.timers.wall, None);
    assert_eq!(app.notice.as_deref(), Some("Stopped. u undoes it."));
    let screen = screen_text(&render_at(&app, &c, at(base, 60.0)));
    assert!(screen.contains("Stopped. u undoes it."), "{screen}");
    assert!(footer_at(&app, &c, at(base, 60.0)).contains("u undo"));
    // Narrow too: it is the way back.
    resize(&mut app, &c, 40, 12);
    assert!(footer_at(&app, &c, at(base, 60.0)).contains("u undo"));
    resize(&mut app, &c, 80, 24);
    // u: back as it was, kept again, and the alarm still comes at 20:00.
    press_at(&mut app, &c, at(base, 70.0), &[ch('u')]);
    assert_eq!(as_was(&app), before);
    let deadline = |w: &Option<backspasm_core::timer::kept::WallRun>| {
        w.as_ref()
            .map(|w| (w.phase.clone(), w.round, w.timing.clone()))
    };
    assert_eq!(
        deadline(&app.state.timers.wall),
        deadline(&kept),
        "kept again"
    );
    assert_eq!(left(&app, &c, WALL, at(base, 70.0)), 1_130_000);
    assert!(!footer_at(&app, &c, at(base, 70.0)).contains("u undo"));
    idle(&mut app, &c, base, 70.0, 1201.0);
    assert_eq!(app.ctx(), Ctx::Alarm);

    // The shower: x, then Space starts a new run; u no longer brings the old one back.
    press_at(&mut app, &c, at(base, 1202.0), &[ch(' ')]);
    press_at(&mut app, &c, at(base, 1204.0), &[ch('t'), ch(' '), ch('n')]);
    let round = |app: &App| {
        app.timer
            .timers
            .slot(MONO)
            .unwrap()
            .run
            .map(|r| (r.phase, r.round))
    };
    assert_eq!(round(&app), Some((1, 1)));
    press_at(&mut app, &c, at(base, 1210.0), &[ch('x'), ch('u')]);
    assert_eq!(round(&app), Some((1, 1)), "u right after x");
    assert!(app.state.timers.mono.is_some());
    press_at(&mut app, &c, at(base, 1211.0), &[ch('x'), ch(' '), ch('u')]);
    assert_eq!(round(&app), Some((0, 1)), "a new run: nothing to undo");
    // u on the other timer's screen does not bring this one back.
    press_at(
        &mut app,
        &c,
        at(base, 1212.0),
        &[ch('x'), ch('i'), ch('u'), ch('t')],
    );
    assert_eq!(round(&app), None);
}
