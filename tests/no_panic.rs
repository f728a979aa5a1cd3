//! Nothing panics: random sequences of actions, key presses, mouse events, resizes (1x1 up to
//! 500x200) and clock jumps (forwards and backwards, the monotonic and the wall clock apart)
//! go through `update` and are rendered on a TestBackend after every step, from every screen,
//! with both the built-in and the minimal content. A few invariants are checked on the way.
//!
//! Adding a screen: a setup (the actions that open it) and a test calling `check` with it, and
//! its actions in `action()`. Cases per screen: `NO_PANIC_CASES` (default below), e.g.
//! `NO_PANIC_CASES=20000 cargo test --release --test no_panic`.

mod common;

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use backspasm::app::{Action, App};
use backspasm::clock::Now;
use backspasm::content::{self, Content};
use backspasm::{keymap, ui};
use chrono::TimeDelta;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers, MediaKeyCode,
    ModifierKeyCode, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

/// Thousands of cases in all (see the README's Reliability section for the time it takes).
const CASES_PER_SCREEN: u32 = 1000;
const MAX_STEPS: usize = 32;

static CONTENTS: LazyLock<[Content; 2]> = LazyLock::new(|| {
    [
        common::content(),
        content::load(Some(std::path::Path::new(
            "tests/fixtures/good/minimal.ron",
        )))
        .unwrap(),
    ]
});

#[derive(Debug, Clone)]
enum Step {
    Act(Action),
    /// Through the key table, as the event loop does.
    Event(Event),
    /// Move the clocks: the monotonic one and the wall one apart (a changed wall clock, a
    /// laptop that slept, a time zone change).
    Clock {
        mono_secs: i64,
        wall_secs: i64,
    },
}

#[derive(Debug, Clone)]
struct Case {
    content: usize,
    color: bool,
    /// Where the case starts: the actions that open a screen.
    setup: Vec<Action>,
    notice: Option<String>,
    not_saving: Option<String>,
    steps: Vec<Step>,
}

/// Terminal sizes from 1x1 to 500x200. Big ones are rarer: they cost the most to draw (in a
/// debug build) and rarely take a different path than a medium one.
fn size() -> impl Strategy<Value = (u16, u16)> {
    prop_oneof![
        1 => (1u16..=500, 1u16..=200),
        4 => (1u16..=120, 1u16..=50),
        // Around the "too small" limit and the two sizes the screens are designed for.
        4 => (25u16..=45, 5u16..=14),
        2 => prop::sample::select(vec![(1, 1), (80, 24), (40, 12), (30, 8), (29, 7), (500, 200)]),
    ]
}

/// Every action, with extreme payloads.
fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        prop::sample::select(vec![
            Action::PrevTab,
            Action::NextTab,
            Action::Warnings,
            Action::Up,
            Action::Down,
            Action::PageUp,
            Action::PageDown,
            Action::Home,
            Action::End,
            Action::Help,
            Action::Close,
            Action::Tick,
        ]),
        prop_oneof![0usize..12, Just(usize::MAX)].prop_map(Action::GoTab),
        prop_oneof![-5i32..=5, any::<i32>()].prop_map(Action::Scroll),
        (any::<u16>(), any::<u16>()).prop_map(|(col, row)| Action::Click { col, row }),
        (0u16..30, 0u16..4).prop_map(|(col, row)| Action::Click { col, row }),
        size().prop_map(|(width, height)| Action::Resize { width, height }),
    ]
}

fn key_code() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        prop::sample::select(vec!['q', 'j', 'k', 'w', '?', '1', '5', '9', ' ', 'c'])
            .prop_map(KeyCode::Char),
        any::<u8>().prop_map(KeyCode::F),
        prop::sample::select(vec![
            KeyCode::Backspace,
            KeyCode::Enter,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Delete,
            KeyCode::Insert,
            KeyCode::Null,
            KeyCode::Esc,
            KeyCode::CapsLock,
            KeyCode::Menu,
            KeyCode::Media(MediaKeyCode::Play),
            KeyCode::Modifier(ModifierKeyCode::LeftShift),
        ]),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    let modifiers = prop_oneof![
        3 => Just(KeyModifiers::NONE),
        1 => any::<u8>().prop_map(KeyModifiers::from_bits_truncate),
    ];
    let key = (
        key_code(),
        modifiers.clone(),
        prop::sample::select(vec![
            KeyEventKind::Press,
            KeyEventKind::Press,
            KeyEventKind::Repeat,
            KeyEventKind::Release,
        ]),
    )
        .prop_map(|(code, modifiers, kind)| {
            Event::Key(KeyEvent {
                code,
                modifiers,
                kind,
                state: KeyEventState::NONE,
            })
        });
    let button = prop::sample::select(vec![
        MouseButton::Left,
        MouseButton::Right,
        MouseButton::Middle,
    ]);
    let mouse_kind = prop_oneof![
        button.clone().prop_map(MouseEventKind::Down),
        button.clone().prop_map(MouseEventKind::Up),
        button.prop_map(MouseEventKind::Drag),
        prop::sample::select(vec![
            MouseEventKind::Moved,
            MouseEventKind::ScrollUp,
            MouseEventKind::ScrollDown,
            MouseEventKind::ScrollLeft,
            MouseEventKind::ScrollRight,
        ]),
    ];
    let mouse = (
        mouse_kind,
        any::<u16>(),
        any::<u16>(),
        0u16..100,
        0u16..30,
        modifiers,
        any::<bool>(),
    )
        .prop_map(|(kind, col, row, near_col, near_row, modifiers, near)| {
            let (column, row) = if near {
                (near_col, near_row)
            } else {
                (col, row)
            };
            Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers,
            })
        });
    prop_oneof![
        4 => key,
        2 => mouse,
        1 => size().prop_map(|(w, h)| Event::Resize(w, h)),
        1 => Just(Event::FocusGained),
        1 => ".{0,20}".prop_map(Event::Paste),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    const WEEK: i64 = 7 * 24 * 3600;
    prop_oneof![
        4 => action().prop_map(Step::Act),
        6 => event().prop_map(Step::Event),
        1 => (-WEEK..=WEEK, -400 * 24 * 3600i64..=400 * 24 * 3600)
            .prop_map(|(mono_secs, wall_secs)| Step::Clock { mono_secs, wall_secs }),
        1 => (0i64..=3600).prop_map(|s| Step::Clock { mono_secs: s, wall_secs: s }),
    ]
}

/// Where a case starts: the actions that open a screen. Each screen has a test of its own (at
/// the end of this file), so adding a screen is adding its setup and one test.
fn guide() -> BoxedStrategy<Vec<Action>> {
    prop_oneof![
        (0usize..12).prop_map(|t| vec![Action::GoTab(t)]),
        (0usize..12).prop_map(|t| vec![Action::GoTab(t), Action::End]),
    ]
    .boxed()
}

fn help_overlay() -> BoxedStrategy<Vec<Action>> {
    (0usize..12)
        .prop_map(|t| vec![Action::GoTab(t), Action::Help])
        .boxed()
}

fn warnings_pane() -> BoxedStrategy<Vec<Action>> {
    prop_oneof![
        Just(vec![Action::Warnings]),
        Just(vec![Action::Warnings, Action::End])
    ]
    .boxed()
}

fn case(setup: BoxedStrategy<Vec<Action>>) -> impl Strategy<Value = Case> {
    (
        0..2usize,
        any::<bool>(),
        setup,
        prop::option::of(".{0,200}"),
        prop::option::weighted(0.2, ".{0,80}"),
        prop::collection::vec(step(), 1..MAX_STEPS),
    )
        .prop_map(|(content, color, setup, notice, not_saving, steps)| Case {
            content,
            color,
            setup,
            notice,
            not_saving,
            steps,
        })
}

/// Time as the shell passes it in; it may go backwards.
struct Clock {
    mono: Instant,
    wall: chrono::DateTime<chrono::FixedOffset>,
}

impl Clock {
    fn new() -> Clock {
        // Far enough from the process start that a week back is still a valid Instant.
        Clock {
            mono: Instant::now() + Duration::from_secs(30 * 24 * 3600),
            wall: common::now().wall,
        }
    }

    fn now(&self) -> Now {
        Now {
            mono: self.mono,
            wall: self.wall,
        }
    }

    fn jump(&mut self, mono_secs: i64, wall_secs: i64) {
        let d = Duration::from_secs(mono_secs.unsigned_abs());
        self.mono = if mono_secs >= 0 {
            self.mono + d
        } else {
            self.mono.checked_sub(d).unwrap_or(self.mono)
        };
        self.wall += TimeDelta::seconds(wall_secs);
    }
}

/// Draw a frame at the app's size, as the event loop does (one terminal per case, resized).
fn render(terminal: &mut Terminal<TestBackend>, app: &App, content: &Content, now: Now) {
    let size = Rect::new(0, 0, app.size.width.max(1), app.size.height.max(1));
    if terminal.size().unwrap() != size.as_size() {
        terminal.backend_mut().resize(size.width, size.height);
        terminal.resize(size).unwrap();
    }
    terminal
        .draw(|frame| ui::render(frame, app, content, now))
        .unwrap();
}

fn check_invariants(app: &App, content: &Content, now: Now, ticked: bool) {
    assert!(app.tab < content.tabs.len(), "tab {}", app.tab);
    assert_eq!(app.views.len(), content.tabs.len());
    // Right after a Tick the deadline that woke the loop is dealt with: a zero wait here would
    // make the real loop spin.
    if ticked {
        assert_ne!(
            app.wake_in(now),
            Some(Duration::ZERO),
            "busy loop after a Tick"
        );
    }
}

fn run(case: &Case) {
    let content = &CONTENTS[case.content];
    let mut clock = Clock::new();
    let mut app = App::new(content, Rect::new(0, 0, 80, 24), case.color);
    for &action in &case.setup {
        app.update(content, action, clock.now());
    }
    app.notice = case.notice.clone();
    app.not_saving = case.not_saving.clone();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    render(&mut terminal, &app, content, clock.now());
    for step in &case.steps {
        let ticked = matches!(step, Step::Act(Action::Tick));
        match step {
            Step::Act(action) => app.update(content, *action, clock.now()),
            Step::Event(ev) => {
                if let Some(action) = keymap::event_action(app.ctx(), ev) {
                    app.update(content, action, clock.now());
                }
            }
            Step::Clock {
                mono_secs,
                wall_secs,
            } => {
                clock.jump(*mono_secs, *wall_secs);
                let _ = app.wake_in(clock.now());
            }
        }
        render(&mut terminal, &app, content, clock.now());
        check_invariants(&app, content, clock.now(), ticked);
        if app.quit {
            break;
        }
    }
}

/// Run `cases` random cases from `setup` (`NO_PANIC_CASES` overrides the count).
fn check(screen: &str, setup: BoxedStrategy<Vec<Action>>) {
    let cases = std::env::var("NO_PANIC_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(CASES_PER_SCREEN);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    let started = Instant::now();
    let result = TestRunner::new(config).run(&case(setup), |case| {
        run(&case);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{screen}: {e}");
    }
    eprintln!(
        "no_panic {screen}: {cases} cases in {:.1?}",
        started.elapsed()
    );
}

#[test]
fn nothing_panics_from_the_guide() {
    check("guide", guide());
}

#[test]
fn nothing_panics_from_the_help_overlay() {
    check("help overlay", help_overlay());
}

#[test]
fn nothing_panics_from_the_warnings_pane() {
    check("warnings pane", warnings_pane());
}

/// The harness can fail: a render of a state the app never reaches on its own (a pane index
/// out of range) is caught as a panic.
#[test]
fn the_harness_catches_a_panic() {
    let content = &CONTENTS[0];
    let mut app = App::new(content, Rect::new(0, 0, 80, 24), true);
    app.tab = content.tabs.len();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let caught =
        std::panic::catch_unwind(move || render(&mut terminal, &app, content, Clock::new().now()));
    assert!(caught.is_err());
}
