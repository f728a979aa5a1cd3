//! Shared helpers for the integration tests: the embedded content, an app at a size, a fixed
//! clock, rendering to a TestBackend, and key events; `cli` runs the built binary.
// Each test file is its own crate and uses some of these.
#![allow(dead_code)]

pub mod cli;

use std::time::Instant;

use backspasm::app::{Action, App};
use backspasm::clock::Now;
use backspasm::content::{self, Content};
use backspasm::keymap;
use backspasm::ui;
use chrono::{DateTime, TimeZone, Utc};
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

pub fn app(content: &Content, width: u16, height: u16) -> App {
    App::new(content, Rect::new(0, 0, width, height), true)
}

pub fn render(app: &App, content: &Content) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal
        .draw(|f| ui::render(f, app, content, now()))
        .unwrap();
    terminal
}

/// Render at a given moment (timers show time left and clock times).
pub fn render_at(app: &App, content: &Content, now: Now) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(app.size.width, app.size.height)).unwrap();
    terminal.draw(|f| ui::render(f, app, content, now)).unwrap();
    terminal
}

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Event {
    key(KeyCode::Char(c))
}

/// Feed events through the key table and `update`, as the event loop does.
pub fn press(app: &mut App, content: &Content, events: &[Event]) {
    for ev in events {
        if let Some(action) = keymap::event_action(app.ctx(), ev) {
            app.update(content, action, now());
        }
    }
}

pub fn act(app: &mut App, content: &Content, action: Action) {
    app.update(content, action, now());
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
