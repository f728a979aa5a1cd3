//! Shared helpers for the integration tests: the embedded content, an app at a size, a fixed
//! clock, rendering to a TestBackend, and key events; `cli` runs the built binary, `pty` in a
//! pseudo-terminal.
// Each test file is its own crate and uses some of these.
#![allow(dead_code)]

pub mod cli;
#[cfg(unix)]
pub mod pty;

use std::path::Path;
use std::time::{Duration, Instant};

use backspasm::app::{Action, App};
use backspasm::clock::Now;
use backspasm::content::{self, Content};
use backspasm::keymap;
use backspasm::store;
use backspasm::ui;
use backspasm_core::state::format;
use backspasm_core::state::format::Persist;
use backspasm_core::state::{Edit, State};
use backspasm_core::timer::kept::{WallRun, WallTiming};
use chrono::{DateTime, FixedOffset, TimeDelta, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

pub fn content() -> Content {
    content::load(None).expect("embedded content")
}

/// A fixed moment: 2026-11-25 14:00 UTC.
pub fn now() -> Now {
    let wall: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 11, 25, 14, 0, 0).unwrap();
    Now {
        mono: Instant::now(),
        wall: wall.fixed_offset(),
    }
}

/// `secs` (to the millisecond) after `base`, on both clocks.
pub fn at(base: Now, secs: f64) -> Now {
    after(base, Duration::from_millis((secs * 1000.0).round() as u64))
}

pub fn after(base: Now, d: Duration) -> Now {
    Now {
        mono: base.mono + d,
        wall: base.wall + TimeDelta::from_std(d).unwrap(),
    }
}

pub fn app(content: &Content, width: u16, height: u16) -> App {
    App::new(content, Rect::new(0, 0, width, height), true)
}

pub fn render(app: &App, content: &Content) -> Terminal<TestBackend> {
    render_at(app, content, now())
}

/// Render at a given moment (timers show time left and clock times).
pub fn render_at(app: &App, content: &Content, now: Now) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| ui::render(f, app, content, now)).unwrap();
    terminal
}

/// An app at 80x24 whose spasm began `hours` before the fixed clock, the disclaimer row gone.
pub fn settled(content: &Content, hours: i64) -> App {
    let mut a = app(content, 80, 24);
    a.state.onset = Some(now().wall - TimeDelta::hours(hours));
    a.first_screen = false;
    a
}

/// The footer (the last row) as drawn at `now`.
pub fn footer_at(app: &App, content: &Content, now: Now) -> String {
    lines(&render_at(app, content, now)).pop().unwrap()
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Event {
    key(KeyCode::Char(c))
}

/// Feed events through the key table and `update`, as the event loop does.
pub fn press(app: &mut App, content: &Content, events: &[Event]) {
    press_at(app, content, now(), events);
}

/// Feed events at a given moment (timers, holds).
pub fn press_at(app: &mut App, content: &Content, now: Now, events: &[Event]) {
    for ev in events {
        if let Some(action) = keymap::event_action(app.ctx(), ev) {
            app.update(content, action, now);
        }
    }
}

pub fn act(app: &mut App, content: &Content, action: Action) {
    app.update(content, action, now());
}

/// The terminal is now `width` x `height`.
pub fn resize(app: &mut App, content: &Content, width: u16, height: u16) {
    act(app, content, Action::Resize { width, height });
}

/// The screen as plain lines.
pub fn lines(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buf = terminal.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}

pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    lines(terminal).join("\n")
}

/// Where `needle` first starts on screen (column, row).
pub fn find(terminal: &Terminal<TestBackend>, needle: &str) -> (u16, u16) {
    for (y, line) in lines(terminal).iter().enumerate() {
        if let Some(byte) = line.find(needle) {
            return (line[..byte].chars().count() as u16, y as u16);
        }
    }
    panic!("{needle:?} not on screen:\n{}", screen_text(terminal));
}

/// Keep in `dir` a state whose ice pack is in ICE ON until `ends_at`, last seen at `seen`, as
/// the app leaves it when it is closed with the run going. Returns that state.
pub fn keep_ice_on(
    dir: &Path,
    ends_at: DateTime<FixedOffset>,
    seen: DateTime<FixedOffset>,
) -> State {
    let mut state = State::default();
    state.apply(&Edit::WallTimer(Some(WallRun {
        cycle: "ice".into(),
        phase: "on".into(),
        round: 1,
        timing: WallTiming::Running { ends_at },
        alarm: None,
        seen,
        full_ms: None,
        short: false,
    })));
    std::fs::write(dir.join(store::FILE_NAME), format::encode(&state).unwrap()).unwrap();
    state
}

/// The store in `dir` and the state it holds, which must have opened without a notice (a
/// launch of the app, as tests that quit and launch again need it).
pub fn open_store(dir: &Path) -> (store::Store<State>, State) {
    let (store, state, notices) = store::Store::<State>::open(Some(dir.to_path_buf()));
    assert!(notices.is_empty(), "{notices:?}");
    (store, state)
}
