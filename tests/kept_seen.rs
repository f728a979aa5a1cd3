//! The kept ice run's `seen`: the last time the app saw. A clock found earlier than it on the
//! next start has gone back, and the deadline moves back with it, so the pack is never left on
//! longer. `seen` is saved once a minute while the run goes on and when the app ends, also
//! when nothing about the run changed since it was started (audit 4-5, B2).

mod common;

use std::path::Path;
use std::time::Duration;

use backspasm::app::{Action, App};
use backspasm::clock::Now;
use backspasm::content::{ClockKind, Content};
use backspasm::store::Store;
use backspasm::tui;
use backspasm_core::state::format;
use backspasm_core::state::format::Persist;
use backspasm_core::state::{Edit, State};
use backspasm_core::timer::SlotAction;
use chrono::TimeDelta;
use common::*;

const WALL: ClockKind = ClockKind::Wall;
/// The content's ICE ON.
const ICE_ON: i64 = 20 * 60;

fn at(base: Now, secs: i64) -> Now {
    Now {
        mono: base.mono + Duration::from_secs(secs.max(0) as u64),
        wall: base.wall + TimeDelta::seconds(secs),
    }
}

fn open(dir: &Path) -> (Store<State>, State) {
    let (store, state, notices) = Store::<State>::open(Some(dir.to_path_buf()));
    assert!(notices.is_empty(), "{notices:?}");
    (store, state)
}

/// The app as the event loop runs it: a Tick every second from `from` to `to`, each followed
/// by the loop's save.
fn run_for(app: &mut App, c: &Content, store: &mut Store<State>, base: Now, from: i64, to: i64) {
    for t in from..=to {
        app.update(c, Action::Tick, at(base, t));
        tui::save(app, store);
    }
}

/// Start the ice pack at `base` in a fresh app on `dir`'s store.
fn start_ice(c: &Content, dir: &Path, base: Now) -> (App, Store<State>) {
    let (mut store, state) = open(dir);
    let mut app = app(c, 80, 24);
    app.state = state;
    app.update(c, Action::OpenTimer(WALL), base);
    app.update(c, Action::Timer(SlotAction::Toggle), base);
    tui::save(&mut app, &mut store);
    assert!(app.state.timers.wall.is_some(), "the ice run is kept");
    (app, store)
}

/// What the shell does when the app ends: the last `seen`, then the final save.
fn leave(app: &mut App, store: &mut Store<State>, now: Now) {
    if let Some(edit) = app.state.seen_edit(now.wall) {
        app.edit(edit);
    }
    tui::save(app, store);
    assert!(app.pending.is_empty());
}

/// The time left of the ice run after a start at `now` from what `dir` keeps.
fn left_after_start(c: &Content, dir: &Path, now: Now) -> i64 {
    let (_, state) = open(dir);
    let mut app = app(c, 80, 24);
    app.state = state;
    app.resume_timers(c, now);
    app.timer.timers.slot(WALL).unwrap().view(c, now).left
}

#[test]
fn a_clock_set_back_while_closed_is_found_though_the_run_never_changed() {
    let c = content();
    let base = now();
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut store) = start_ice(&c, dir.path(), base);
    // Ten minutes of ICE ON with nothing pressed, then the app is closed.
    run_for(&mut app, &c, &mut store, base, 1, 600);
    app.update(&c, Action::Quit, at(base, 600));
    leave(&mut app, &mut store, at(base, 600));
    let (_, kept) = open(dir.path());
    assert_eq!(kept.timers.wall.unwrap().seen, at(base, 600).wall);
    // Started again with the clock five minutes behind the moment it was left: ten real
    // minutes are left, not the fifteen the clock would say.
    assert_eq!(left_after_start(&c, dir.path(), at(base, 300)), 600_000);
    // A clock that did not go back: the run goes on as it was.
    assert_eq!(
        left_after_start(&c, dir.path(), at(base, 700)),
        (ICE_ON - 700) * 1000
    );
}

#[test]
fn seen_is_saved_once_a_minute_while_the_run_goes_on() {
    let c = content();
    let base = now();
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut store) = start_ice(&c, dir.path(), base);
    // A crash (nothing saved at the end): the file is at most a minute behind.
    run_for(&mut app, &c, &mut store, base, 1, 150);
    let (_, kept) = open(dir.path());
    assert_eq!(kept.timers.wall.unwrap().seen, at(base, 120).wall);
    // Not every second: no write at 121..150.
    let bytes = std::fs::read(dir.path().join("state.ron")).unwrap();
    run_for(&mut app, &c, &mut store, base, 151, 179);
    assert_eq!(std::fs::read(dir.path().join("state.ron")).unwrap(), bytes);
}

#[test]
fn the_exit_keeps_the_moment_left_even_within_the_minute() {
    let c = content();
    let base = now();
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut store) = start_ice(&c, dir.path(), base);
    run_for(&mut app, &c, &mut store, base, 1, 30);
    // Left 30 s after the last write: the exit writes the moment it was left.
    leave(&mut app, &mut store, at(base, 45));
    let (_, kept) = open(dir.path());
    assert_eq!(kept.timers.wall.unwrap().seen, at(base, 45).wall);
    assert_eq!(
        left_after_start(&c, dir.path(), at(base, 15)),
        (ICE_ON - 45) * 1000
    );
}

#[test]
fn seen_only_moves_forward_and_only_for_a_running_run() {
    let c = content();
    let base = now();
    let dir = tempfile::tempdir().unwrap();
    let (mut app, mut store) = start_ice(&c, dir.path(), base);
    let seen = app.state.timers.wall.as_ref().unwrap().seen;
    assert_eq!(app.state.seen_edit(at(base, -5).wall), None, "never back");
    let edit = app.state.seen_edit(at(base, 5).wall).unwrap();
    // The same edit twice (in memory and on disk) means the same; an older one changes nothing.
    let mut twice = app.state.clone();
    twice.apply(&edit);
    twice.apply(&edit);
    twice.apply(&Edit::Seen(at(base, 1).wall));
    assert_eq!(twice.timers.wall.as_ref().unwrap().seen, at(base, 5).wall);
    assert!(seen < at(base, 5).wall);
    // Paused: no deadline to move, nothing to write when leaving.
    app.update(&c, Action::Timer(SlotAction::Toggle), at(base, 10));
    tui::save(&mut app, &mut store);
    assert_eq!(app.state.seen_edit(at(base, 20).wall), None);
}

/// The real binary in a pty: left with `q` 30 s after the run was last written (too soon for
/// the once-a-minute write), the file holds the moment it was left.
#[test]
fn the_real_app_keeps_the_moment_it_was_left() {
    use backspasm::store;
    let dir = tempfile::tempdir().unwrap();
    // Whole milliseconds, as the app keeps them (finer would differ from the live run and be
    // written at once).
    let now = chrono::Local::now().fixed_offset();
    let wall = backspasm_core::timer::kept::date(now.timestamp_millis(), *now.offset());
    let old_seen = wall - TimeDelta::seconds(30);
    keep_ice_on(dir.path(), wall + TimeDelta::minutes(10), old_seen);
    let path = dir.path().join(store::FILE_NAME);

    let mut s = common::pty::Screen::start(dir.path(), &[]);
    s.wait_for("ICE ON");
    std::thread::sleep(Duration::from_millis(300));
    // Nothing about the run changed, so nothing was written on the way in.
    let read_seen = || {
        let s: State = format::decode(&std::fs::read(&path).unwrap()).unwrap();
        s.timers.wall.unwrap().seen
    };
    assert_eq!(read_seen(), old_seen);
    let before_quit = chrono::Local::now().fixed_offset();
    let before_quit =
        backspasm_core::timer::kept::date(before_quit.timestamp_millis(), *before_quit.offset());
    s.quit();
    assert!(
        read_seen() >= before_quit,
        "kept {} but left after {before_quit}",
        read_seen()
    );
}
