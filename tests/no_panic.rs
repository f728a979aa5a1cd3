//! Nothing panics: random sequences of actions, key presses, mouse events, resizes (1x1 up to
//! 500x200) and clock jumps (forwards and backwards, the monotonic and the wall clock apart)
//! go through `update` and are rendered on a TestBackend after every step, from every screen:
//! the guide and the Warnings pane, Today with and without a start, the onset picker (one key
//! and typed), the pain prompt (waiting for the 0 of a 10 too) and its note, the doctor
//! checklist, the diary (an entry changed, deleted and put back), the summary screen, the walkthroughs
//! (focus, list, finished, during a countdown), the shower timer running and paused, the ice
//! pack running and with its alarm ringing, timers running behind other screens, an ice run
//! resumed from the kept state, and the help overlay over each of them; with the built-in and
//! the minimal content. The shell's part of the loop is played after every step: bells
//! drained, every edit applied to a copy of the state as the state file would get it (the
//! diary's reload and summary served).
//!
//! Checked on the way: the setup reached its screen, the pane index and views stay valid, the
//! back stack stays short, no cell holds a character that acts on the terminal (and when
//! every input was clean, `ui::render`'s scrub had nothing to replace), a running
//! timer always wakes the loop within a second (an alarm within its repeat), no busy loop
//! after a Tick; at the end, the edits handed to the store make exactly the state the app
//! holds, and it reads back the same from the state file.
//!
//! Adding a screen: a setup (the steps that open it, and the key context it ends in) and a
//! test calling `check` with it. Cases per screen: `NO_PANIC_CASES` (default below), e.g.
//! `NO_PANIC_CASES=5000 cargo test --release --test no_panic`.

mod common;

use std::cell::Cell;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use backspasm::app::{Action, App, Effect, Screen};
use backspasm::clock::Now;
use backspasm::content::{self, ClockKind, Content};
use backspasm::keymap::{self, Ctx};
use backspasm::today::pain::SummaryShown;
use backspasm::ui;
use backspasm_core::safe_text;
use backspasm_core::state::State;
use backspasm_core::state::format;
use backspasm_core::state::format::Persist;
use backspasm_core::timer::SlotAction;
use backspasm_core::timer::kept::{WallRun, WallTiming};
use backspasm_core::today::summary;
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

/// 9,545 cases in all over the 23 screens: about as many as the 19 screens of 2026-11-26 had
/// at 500 each, 9,500 (docs/testing.md gives the time it takes).
const CASES_PER_SCREEN: u32 = 415;
const MAX_STEPS: usize = 32;
/// The guide's places in the back stack: home (and the place a Today jump left there), and
/// the guide brought over other screens by `w` (and a jump's place there). Every other screen
/// is there once at most: Esc leads home in a few keys.
const MAX_GUIDES_BACK: usize = 4;

/// 0: the built-in content (every kind of screen); 1: the minimal one (one walkthrough with a
/// countdown on its first step, a shower cycle, no ice pack, no Today pane).
const BUILT_IN: usize = 0;
const MINIMAL: usize = 1;
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
    /// An ice run as the state file keeps it, resumed as at a start (setups only).
    Resume(Kept),
}

/// A kept ice run, relative to the time of the case.
#[derive(Debug, Clone)]
struct Kept {
    on: bool,
    round: u32,
    /// 0 running, 1 paused, 2 waiting, 3 done.
    timing: u8,
    secs: i64,
    /// Paused: what is left, as the file says (any number).
    left_ms: i64,
    alarm: Option<i64>,
    /// When the app last saw the run (later than now: the clock went back).
    seen: i64,
}

/// The steps that open a screen, and the key context that screen has (None: it varies).
type Setup = (Vec<Step>, Option<Ctx>);

#[derive(Debug, Clone)]
struct Case {
    content: usize,
    color: bool,
    setup: Setup,
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
    let index = || prop_oneof![4 => 0usize..12, 1 => Just(usize::MAX)];
    prop_oneof![
        4 => prop::sample::select(vec![
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
            Action::Tick,
        ]),
        // Walkthroughs.
        3 => prop::sample::select(vec![
            Action::Activate,
            Action::Lifting,
            Action::WalkNext,
            Action::WalkBack,
            Action::Toggle,
            Action::WalkReset,
            Action::WalkUndo,
            Action::WalkMode,
        ]),
        // Today, the diary, the checklist.
        3 => prop::sample::select(vec![
            Action::AskOnset,
            Action::OnsetChoice(7),
            Action::Pain,
            Action::Backspace,
            Action::Submit,
            Action::Diary,
            Action::Doctor,
            Action::WriteSummary,
            Action::StartToday,
            Action::DiaryEdit,
            Action::DiaryDelete,
            Action::DiaryUndo,
            Action::AnswerYes,
        ]),
        // Timers.
        3 => prop::sample::select(vec![
            Action::OpenTimer(ClockKind::Monotonic),
            Action::OpenTimer(ClockKind::Wall),
            Action::Timer(SlotAction::Toggle),
            Action::Timer(SlotAction::Next),
            Action::Timer(SlotAction::More),
            Action::Timer(SlotAction::Less),
            Action::Timer(SlotAction::Restart),
            Action::Timer(SlotAction::Stop),
            Action::TimerUndo,
            Action::Timer(SlotAction::Acknowledge),
            Action::Mute,
            Action::Focus(false),
            Action::Focus(true),
        ]),
        2 => prop_oneof![
            index().prop_map(Action::GoTab),
            index().prop_map(Action::ToggleStep),
            index().prop_map(Action::OnsetChoice),
            prop_oneof![0usize..=11, Just(usize::MAX)].prop_map(Action::Score),
            index().prop_map(Action::ToggleDoctor),
            index().prop_map(Action::OpenWalk),
            index().prop_map(Action::OpenCycle),
        ],
        2 => typed_char().prop_map(Action::Type),
        // A paste: anything, line breaks and escapes included, up to past a field's length.
        1 => prop::collection::vec(typed_char(), 0..300)
            .prop_map(|cs| Action::Paste(cs.into_iter().collect())),
        // Ctrl-Z: the shell's (update leaves everything as it was).
        1 => Just(Action::Suspend),
        1 => prop_oneof![-5i32..=5, any::<i32>()].prop_map(Action::Scroll),
        1 => (any::<u16>(), any::<u16>()).prop_map(|(col, row)| Action::Click { col, row }),
        1 => (0u16..30, 0u16..4).prop_map(|(col, row)| Action::Click { col, row }),
        1 => size().prop_map(|(width, height)| Action::Resize { width, height }),
        // Rare: it ends the case.
        1 => Just(Action::Quit),
    ]
}

/// What a user types, mostly; anything at all, sometimes (escapes, bidi controls, wide
/// characters, combining marks).
fn typed_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range(' ', '~'),
        1 => prop::sample::select(vec!['\x1b', '\u{9b}', '\u{202e}', '\u{2066}', '\u{2028}', '\u{7f}', '漢', '\u{301}', '👩']),
        1 => any::<char>(),
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
    prop_oneof![
        6 => action().prop_map(Step::Act),
        6 => event().prop_map(Step::Event),
        2 => clock_jump(),
    ]
}

fn clock_jump() -> impl Strategy<Value = Step> {
    const WEEK: i64 = 7 * 24 * 3600;
    prop_oneof![
        // Apart, far, either way.
        1 => (-WEEK..=WEEK, -400 * 24 * 3600i64..=400 * 24 * 3600)
            .prop_map(|(mono_secs, wall_secs)| Step::Clock { mono_secs, wall_secs }),
        // Time passing: a phase, an ice pack, a day.
        2 => (0i64..=3600).prop_map(|s| Step::Clock { mono_secs: s, wall_secs: s }),
        1 => (0i64..=2 * 24 * 3600).prop_map(|s| Step::Clock { mono_secs: s, wall_secs: s }),
        // A little back (NTP, a time zone change shows as a wall jump only).
        1 => (-7200i64..=0).prop_map(|s| Step::Clock { mono_secs: 0, wall_secs: s }),
    ]
}

fn acts(actions: &[Action]) -> Vec<Step> {
    actions.iter().cloned().map(Step::Act).collect()
}

fn same(secs: i64) -> Step {
    Step::Clock {
        mono_secs: secs,
        wall_secs: secs,
    }
}

/// Join step lists.
fn cat(parts: impl IntoIterator<Item = Vec<Step>>) -> Vec<Step> {
    parts.into_iter().flatten().collect()
}

fn text(max: usize) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        typed_char().prop_map(|c| Step::Act(Action::Type(c))),
        0..max,
    )
}

/// A start given (one of the picker's times; 9 is no choice and does nothing, then Esc puts
/// the question off), or none.
fn onset() -> impl Strategy<Value = Vec<Step>> {
    prop_oneof![
        Just(Vec::new()),
        prop::sample::select(vec![0usize, 1, 2, 3, 4, 5, 6, 8]).prop_map(|i| acts(&[
            Action::AskOnset,
            Action::OnsetChoice(i),
            Action::Close
        ])),
    ]
}

/// Built-in content only has this; the minimal one shows the guide instead.
fn only_built_in(c: usize, ctx: Ctx) -> Option<Ctx> {
    Some(if c == BUILT_IN { ctx } else { Ctx::Guide })
}

// ---- Where a case starts: one setup per screen, each with a test at the end of this file.

fn guide(_c: usize) -> BoxedStrategy<Setup> {
    (onset(), 0usize..12, any::<bool>())
        .prop_map(|(onset, t, end)| {
            let mut steps = cat([onset, acts(&[Action::GoTab(t)])]);
            if end {
                steps.push(Step::Act(Action::End));
            }
            (steps, Some(Ctx::Guide))
        })
        .boxed()
}

fn warnings_pane(_c: usize) -> BoxedStrategy<Setup> {
    prop_oneof![
        Just(acts(&[Action::Warnings])),
        Just(acts(&[Action::Warnings, Action::End]))
    ]
    .prop_map(|steps| (steps, Some(Ctx::Guide)))
    .boxed()
}

/// The Today pane (the first one), with a start given and without; a day or weeks on.
fn today(_c: usize) -> BoxedStrategy<Setup> {
    (onset(), 0i64..20 * 24 * 3600)
        .prop_map(|(onset, later)| {
            (
                cat([onset, vec![same(later)], acts(&[Action::GoTab(0)])]),
                Some(Ctx::Guide),
            )
        })
        .boxed()
}

fn onset_picker(_c: usize) -> BoxedStrategy<Setup> {
    prop_oneof![
        Just((acts(&[Action::AskOnset]), Some(Ctx::Onset))),
        text(30).prop_map(|typed| (
            cat([acts(&[Action::AskOnset, Action::OnsetChoice(7)]), typed]),
            Some(Ctx::Text)
        )),
        // A typed start that was refused: the error shows under the field.
        Just((
            cat([
                acts(&[Action::AskOnset, Action::OnsetChoice(7)]),
                "tomorrow 25:99"
                    .chars()
                    .map(|c| Step::Act(Action::Type(c)))
                    .collect(),
                acts(&[Action::Submit]),
            ]),
            Some(Ctx::Text)
        )),
    ]
    .boxed()
}

fn pain_prompt(_c: usize) -> BoxedStrategy<Setup> {
    prop_oneof![
        Just(acts(&[Action::Pain])),
        Just(acts(&[Action::Diary, Action::Pain])),
    ]
    .prop_map(|steps| (steps, Some(Ctx::Pain)))
    .boxed()
}

/// A score pressed in the pain prompt, the note open after it (a 1 waits for a 0 until Enter).
fn score(n: usize) -> Vec<Step> {
    if n == 1 {
        acts(&[Action::Score(1), Action::Submit])
    } else {
        acts(&[Action::Score(n)])
    }
}

fn pain_wait(_c: usize) -> BoxedStrategy<Setup> {
    any::<bool>()
        .prop_map(|diary| {
            let open = if diary {
                acts(&[Action::Diary, Action::Pain, Action::Score(1)])
            } else {
                acts(&[Action::Pain, Action::Score(1)])
            };
            (open, Some(Ctx::PainWait))
        })
        .boxed()
}

fn pain_note(_c: usize) -> BoxedStrategy<Setup> {
    // 9 and 10 ask a question first (`ask_question`).
    (any::<bool>(), 0usize..=8, text(60))
        .prop_map(|(diary, n, typed)| {
            let open = if diary {
                acts(&[Action::Diary, Action::Pain])
            } else {
                acts(&[Action::Pain])
            };
            (cat([open, score(n), typed]), Some(Ctx::Text))
        })
        .boxed()
}

/// A 9 or 10 logged: the built-in content asks whether it is severe and unbearable (the
/// minimal one asks nothing and goes on to the note).
fn ask_question(c: usize) -> BoxedStrategy<Setup> {
    (any::<bool>(), 9usize..=10, onset())
        .prop_map(move |(diary, score, onset)| {
            let open = if diary {
                acts(&[Action::Diary, Action::Pain, Action::Score(score)])
            } else {
                acts(&[Action::Pain, Action::Score(score)])
            };
            let ctx = if c == BUILT_IN { Ctx::Ask } else { Ctx::Text };
            (cat([onset, open]), Some(ctx))
        })
        .boxed()
}

fn doctor(_c: usize) -> BoxedStrategy<Setup> {
    (
        onset(),
        prop::collection::vec(0usize..4, 0..4),
        0i64..20 * 24 * 3600,
    )
        .prop_map(|(onset, ticks, later)| {
            let ticks: Vec<Action> = ticks.into_iter().map(Action::ToggleDoctor).collect();
            (
                cat([
                    onset,
                    vec![same(later)],
                    acts(&[Action::Doctor]),
                    acts(&ticks),
                ]),
                Some(Ctx::Doctor),
            )
        })
        .boxed()
}

/// Entries logged over days (with notes, some typed with characters a note may not have),
/// then the diary, at its top or scrolled to its end.
fn diary(c: usize) -> BoxedStrategy<Setup> {
    let entry = (0usize..=10, text(12), any::<bool>(), 0i64..2 * 24 * 3600).prop_map(
        move |(score, note, submit, later)| {
            // A 9 or 10 asks its question first (built-in content): any key goes on.
            let asks = c == BUILT_IN && score >= 9;
            let mut steps = cat([
                vec![same(later)],
                acts(&[Action::Pain]),
                self::score(score),
                if asks {
                    acts(&[Action::Close])
                } else {
                    Vec::new()
                },
                note,
            ]);
            steps.push(Step::Act(if submit {
                Action::Submit
            } else {
                Action::Close
            }));
            steps
        },
    );
    (onset(), prop::collection::vec(entry, 0..25), any::<bool>())
        .prop_map(|(onset, entries, end)| {
            let mut steps = cat([onset, cat(entries), acts(&[Action::Diary])]);
            if end {
                steps.push(Step::Act(Action::End));
            }
            (steps, Some(Ctx::Diary))
        })
        .boxed()
}

/// Some entries, then one changed from the diary (its score prompt), or deleted and put back.
fn diary_edit(c: usize) -> BoxedStrategy<Setup> {
    (diary(c), 0usize..3)
        .prop_map(|((steps, _), what)| {
            let (more, ctx) = match what {
                0 => (acts(&[Action::Down, Action::DiaryEdit]), None),
                1 => (
                    acts(&[Action::DiaryDelete, Action::DiaryUndo]),
                    Some(Ctx::Diary),
                ),
                _ => (acts(&[Action::DiaryEdit, Action::Score(1)]), None),
            };
            (cat([steps, more]), ctx)
        })
        .boxed()
}

/// The summary for the doctor on screen, from the diary.
fn summary_screen(c: usize) -> BoxedStrategy<Setup> {
    diary(c)
        .prop_map(|(steps, _)| {
            (
                cat([steps, acts(&[Action::WriteSummary])]),
                Some(Ctx::Summary),
            )
        })
        .boxed()
}

/// One step at a time, a few steps in (lifting, or pressure before its waits).
fn walk_focus(c: usize) -> BoxedStrategy<Setup> {
    (0usize..2, 0usize..3)
        .prop_map(move |(walk, next)| {
            let walk = if c == MINIMAL { 0 } else { walk };
            let mut steps = acts(&[Action::OpenWalk(walk)]);
            steps.extend(acts(&vec![
                Action::WalkNext;
                next.min(if c == MINIMAL { 1 } else { 3 })
            ]));
            (steps, Some(Ctx::Walk))
        })
        .boxed()
}

fn walk_list(c: usize) -> BoxedStrategy<Setup> {
    (any::<bool>(), prop::collection::vec(0usize..10, 0..4))
        .prop_map(move |(needs, ticks)| {
            // "needs" opens as a list; the others switch with v.
            let mut steps = if needs && c == BUILT_IN {
                acts(&[Action::OpenWalk(2)])
            } else {
                acts(&[Action::OpenWalk(0), Action::WalkMode])
            };
            steps.extend(ticks.into_iter().map(|i| Step::Act(Action::ToggleStep(i))));
            (steps, Some(Ctx::WalkList))
        })
        .boxed()
}

fn walk_finish(c: usize) -> BoxedStrategy<Setup> {
    (0usize..2)
        .prop_map(move |walk| {
            let walk = if c == MINIMAL { 0 } else { walk };
            (
                cat([
                    acts(&[Action::OpenWalk(walk)]),
                    acts(&[const { Action::WalkNext }; 12]),
                ]),
                Some(Ctx::WalkDone),
            )
        })
        .boxed()
}

/// On a wait step, some time after it came up: pressure's "press harder" or "wait"; the
/// minimal content's first step.
fn walk_wait(c: usize) -> BoxedStrategy<Setup> {
    (3usize..5, 0i64..5)
        .prop_map(move |(next, later)| {
            let steps = if c == BUILT_IN {
                cat([
                    acts(&[Action::OpenWalk(1)]),
                    acts(&vec![Action::WalkNext; next]),
                ])
            } else {
                acts(&[Action::OpenWalk(0)])
            };
            (cat([steps, vec![same(later)]]), Some(Ctx::Walk))
        })
        .boxed()
}

/// The shower timer counting, some way in (a phase or two may have ended).
fn timer_running(_c: usize) -> BoxedStrategy<Setup> {
    (0i64..400)
        .prop_map(|later| {
            (
                cat([
                    acts(&[
                        Action::OpenTimer(ClockKind::Monotonic),
                        Action::Timer(SlotAction::Toggle),
                    ]),
                    vec![same(later)],
                    acts(&[Action::Tick]),
                ]),
                Some(Ctx::Timer),
            )
        })
        .boxed()
}

fn timer_paused(_c: usize) -> BoxedStrategy<Setup> {
    (0i64..400, 0i64..3600)
        .prop_map(|(ran, paused)| {
            (
                cat([
                    acts(&[
                        Action::OpenTimer(ClockKind::Monotonic),
                        Action::Timer(SlotAction::Toggle),
                    ]),
                    vec![same(ran)],
                    acts(&[Action::Timer(SlotAction::Toggle)]),
                    vec![same(paused)],
                ]),
                Some(Ctx::TimerPaused),
            )
        })
        .boxed()
}

/// The ice pack on, some way into its 20 minutes.
fn ice(c: usize) -> BoxedStrategy<Setup> {
    (0i64..1190)
        .prop_map(move |later| {
            (
                cat([
                    acts(&[
                        Action::OpenTimer(ClockKind::Wall),
                        Action::Timer(SlotAction::Toggle),
                    ]),
                    vec![same(later)],
                    acts(&[Action::Tick]),
                ]),
                only_built_in(c, Ctx::Timer),
            )
        })
        .boxed()
}

/// The ice pack's 20 minutes are over: the alarm rings until silenced.
fn ice_alarm(c: usize) -> BoxedStrategy<Setup> {
    (1200i64..5000, any::<bool>())
        .prop_map(move |(later, wall_only)| {
            let jump = if wall_only {
                Step::Clock {
                    mono_secs: 0,
                    wall_secs: later,
                }
            } else {
                same(later)
            };
            (
                cat([
                    acts(&[
                        Action::OpenTimer(ClockKind::Wall),
                        Action::Timer(SlotAction::Toggle),
                    ]),
                    vec![jump],
                    acts(&[Action::Tick]),
                ]),
                only_built_in(c, Ctx::Alarm),
            )
        })
        .boxed()
}

/// Timers running while another screen shows (the footer shows them; an alarm may come up).
fn background(_c: usize) -> BoxedStrategy<Setup> {
    let screen = prop_oneof![
        Just(vec![Action::Diary]),
        Just(vec![Action::Doctor]),
        Just(vec![Action::Pain]),
        Just(vec![Action::AskOnset]),
        (0usize..12).prop_map(|t| vec![Action::GoTab(t)]),
        (0usize..3).prop_map(|w| vec![Action::OpenWalk(w)]),
    ];
    (any::<bool>(), screen, 0i64..1300)
        .prop_map(|(ice, screen, later)| {
            let mut steps = acts(&[
                Action::OpenTimer(ClockKind::Monotonic),
                Action::Timer(SlotAction::Toggle),
                Action::Close,
            ]);
            if ice {
                steps.extend(acts(&[
                    Action::OpenTimer(ClockKind::Wall),
                    Action::Timer(SlotAction::Toggle),
                    Action::Close,
                ]));
            }
            (cat([steps, acts(&screen), vec![same(later)]]), None)
        })
        .boxed()
}

/// An ice run kept in the state file, resumed as at a start: running, paused, waiting or done,
/// in either phase, an alarm pending or not, phases missed while closed, a clock gone back.
fn resumed(_c: usize) -> BoxedStrategy<Setup> {
    const YEAR: i64 = 366 * 24 * 3600;
    (
        any::<bool>(),
        prop_oneof![Just(1u32), 1u32..5, Just(u32::MAX)],
        0u8..4,
        prop_oneof![-20_000i64..20_000, -YEAR..YEAR],
        prop_oneof![0i64..6_000_000, any::<i64>()],
        prop::option::of(-20_000i64..=0),
        prop_oneof![3 => Just(0i64), 1 => -YEAR..YEAR],
        any::<bool>(),
    )
        .prop_map(|(on, round, timing, secs, left_ms, alarm, seen, close)| {
            let mut steps = vec![Step::Resume(Kept {
                on,
                round,
                timing,
                secs,
                left_ms,
                alarm,
                seen,
            })];
            if close {
                steps.push(Step::Act(Action::Close));
            }
            (steps, None)
        })
        .boxed()
}

/// Every other setup with the help overlay opened over its screen.
fn help_overlay(c: usize) -> BoxedStrategy<Setup> {
    let setups: [fn(usize) -> BoxedStrategy<Setup>; 21] = [
        guide,
        warnings_pane,
        today,
        onset_picker,
        pain_prompt,
        pain_wait,
        pain_note,
        doctor,
        diary,
        diary_edit,
        summary_screen,
        walk_focus,
        walk_list,
        walk_finish,
        walk_wait,
        timer_running,
        timer_paused,
        ice,
        ice_alarm,
        background,
        resumed,
    ];
    prop::sample::select(setups.to_vec())
        .prop_flat_map(move |setup| setup(c))
        .prop_map(|(mut steps, _)| {
            steps.push(Step::Act(Action::Help));
            (steps, Some(Ctx::Help))
        })
        .boxed()
}

fn case(setup: fn(usize) -> BoxedStrategy<Setup>) -> impl Strategy<Value = Case> {
    (0..2usize).prop_flat_map(move |content| {
        (
            Just(content),
            any::<bool>(),
            setup(content),
            prop::option::weighted(0.3, ".{0,200}"),
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
    })
}

/// Time as the shell passes it in; it may go backwards.
struct Clock {
    mono: Instant,
    wall: chrono::DateTime<chrono::FixedOffset>,
    /// The monotonic clock was moved back (a real one never is): deadlines kept as instants
    /// are then further away than they can be, so the wake-up limits are not checked.
    mono_went_back: bool,
}

impl Clock {
    fn new() -> Clock {
        // Far enough from the process start that a week back is still a valid Instant.
        Clock {
            mono: Instant::now() + Duration::from_secs(30 * 24 * 3600),
            wall: common::now().wall,
            mono_went_back: false,
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
            self.mono_went_back = true;
            self.mono.checked_sub(d).unwrap_or(self.mono)
        };
        self.wall += TimeDelta::seconds(wall_secs);
    }
}

thread_local! {
    /// Frames drawn by this thread's test, for the figures docs/reliability.md gives.
    static FRAMES: Cell<usize> = const { Cell::new(0) };
}

/// Draw a frame at the app's size, as the event loop does (one terminal per case, resized).
/// Returns how many cells `ui::render`'s scrub had to replace.
fn render(terminal: &mut Terminal<TestBackend>, app: &App, content: &Content, now: Now) -> usize {
    FRAMES.set(FRAMES.get() + 1);
    let size = Rect::new(0, 0, app.size.width.max(1), app.size.height.max(1));
    if terminal.size().unwrap() != size.as_size() {
        terminal.backend_mut().resize(size.width, size.height);
        terminal.resize(size).unwrap();
    }
    let mut scrubbed = 0;
    terminal
        .draw(|frame| scrubbed = ui::render_counted(frame, app, content, now))
        .unwrap();
    scrubbed
}

/// The kept ice run of `kept`, at `now`, as `resume_timers` finds it at a start.
fn resume(app: &mut App, disk: &mut State, content: &Content, kept: &Kept, now: Now) {
    let at = |secs: i64| now.wall + TimeDelta::seconds(secs);
    let timing = match kept.timing {
        0 => WallTiming::Running {
            ends_at: at(kept.secs),
        },
        1 => WallTiming::Paused {
            left_ms: kept.left_ms,
        },
        2 => WallTiming::Waiting {
            since: at(-kept.secs.abs()),
        },
        _ => WallTiming::Done { at: at(kept.secs) },
    };
    app.state.timers.wall = Some(WallRun {
        cycle: "ice".into(),
        phase: if kept.on { "on" } else { "off" }.into(),
        round: kept.round,
        timing,
        alarm: kept.alarm.map(at),
        seen: at(kept.seen),
        full_ms: None,
        short: false,
    });
    // A start reads it from the state file: the disk holds it too.
    disk.timers.wall = app.state.timers.wall.clone();
    app.resume_timers(content, now);
}

/// The shell's part of a turn of the loop, without a terminal or a disk: bells written, edits
/// handed to the store (here `disk`, a copy that sees only the edits, as the state file
/// does), the diary's reload and the summary served.
fn shell(app: &mut App, disk: &mut State, content: &Content, now: Now) {
    let summary = app.effects.contains(&Effect::WriteSummary);
    app.effects.clear();
    for edit in app.pending.drain(..) {
        disk.apply(&edit);
    }
    if summary {
        app.pain.summary = Some(SummaryShown {
            markdown: summary::markdown(content, &app.state, now.wall),
            written: Ok("/home/me/backspasm-summary.txt".into()),
            offset: 0,
        });
    }
}

fn apply(app: &mut App, disk: &mut State, content: &Content, clock: &mut Clock, step: &Step) {
    match step {
        Step::Act(action) => app.update(content, action.clone(), clock.now()),
        Step::Event(ev) => {
            if let Some(action) = keymap::event_action(app.ctx(), ev) {
                app.update(content, action, clock.now());
            }
        }
        Step::Clock {
            mono_secs,
            wall_secs,
        } => clock.jump(*mono_secs, *wall_secs),
        Step::Resume(kept) => resume(app, disk, content, kept, clock.now()),
    }
    shell(app, disk, content, clock.now());
}

fn check_invariants(
    terminal: &Terminal<TestBackend>,
    app: &App,
    content: &Content,
    clock: &Clock,
    ticked: bool,
) {
    let now = clock.now();
    assert!(app.guide.tab < content.tabs.len(), "tab {}", app.guide.tab);
    assert_eq!(app.guide.views.len(), content.tabs.len());
    let screens: Vec<_> = app.back.iter().map(|b| &b.screen).collect();
    let guides = screens.iter().filter(|s| ***s == Screen::Guide).count();
    assert!(guides <= MAX_GUIDES_BACK, "back stack {screens:?}");
    for (i, s) in screens.iter().enumerate() {
        let twice = screens[i + 1..]
            .iter()
            .chain([&&app.screen])
            .any(|o| s.is(o));
        assert!(!twice, "twice: {screens:?} under {:?}", app.screen);
    }
    let buffer = terminal.backend().buffer();
    if let Some(cell) = buffer.content.iter().find(|cell| {
        cell.symbol()
            .chars()
            .any(|c| safe_text::problem(c).is_some())
    }) {
        panic!("a cell holds {:?}", cell.symbol());
    }
    let wake = app.wake_in(now);
    // Right after a Tick the deadline that woke the loop is dealt with: a zero wait here would
    // make the real loop spin.
    if ticked {
        assert_ne!(wake, Some(Duration::ZERO), "busy loop after a Tick");
    }
    // A running timer's digits change every second; an alarm rings again every 5 s.
    if clock.mono_went_back {
        return;
    }
    for slot in [&app.timer.timers.mono, &app.timer.timers.wall]
        .into_iter()
        .flatten()
    {
        if slot.running() {
            assert!(
                wake.is_some_and(|w| w <= Duration::from_secs(1)),
                "a running timer, and the loop sleeps {wake:?}"
            );
        }
        if slot.alarm().is_some() {
            assert!(
                wake.is_some_and(|w| w <= backspasm_core::timer::ALARM_EVERY),
                "an alarm, and the loop sleeps {wake:?}"
            );
        }
    }
}

fn run(case: &Case) {
    let content = &CONTENTS[case.content];
    let mut clock = Clock::new();
    let mut app = App::new(content, Rect::new(0, 0, 80, 24), case.color);
    app.today.summary_path = Some("/home/me/backspasm-summary.txt".into());
    // What the state file would hold: the start's state, then every edit the shell drained.
    let mut disk = app.state.clone();
    let (setup, expect) = &case.setup;
    for step in setup {
        apply(&mut app, &mut disk, content, &mut clock, step);
    }
    if let Some(ctx) = expect {
        assert_eq!(app.ctx(), *ctx, "the setup did not reach its screen");
    }
    // The event loop's first update, before its first frame.
    let size = Action::Resize {
        width: 80,
        height: 24,
    };
    apply(&mut app, &mut disk, content, &mut clock, &Step::Act(size));
    app.notice = case.notice.clone();
    app.not_saving = case.not_saving.clone();
    // Every text the case put in is clean (typed characters are refused at the field): the
    // scrub that `ui::render` ends with finds nothing, or some layer let text through.
    let clean = |t: &Option<String>| {
        t.as_deref()
            .is_none_or(|t| t.chars().all(|c| safe_text::problem(c).is_none()))
    };
    let scrub_finds_nothing = clean(&case.notice) && clean(&case.not_saving);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    render(&mut terminal, &app, content, clock.now());
    for step in &case.steps {
        let ticked = matches!(step, Step::Act(Action::Tick));
        apply(&mut app, &mut disk, content, &mut clock, step);
        let scrubbed = render(&mut terminal, &app, content, clock.now());
        if scrub_finds_nothing {
            assert_eq!(scrubbed, 0, "cells scrubbed though every input was clean");
        }
        check_invariants(&terminal, &app, content, &clock, ticked);
        if app.quit {
            break;
        }
    }
    // The edits handed to the store say everything: applied to the disk's copy, they give
    // the state the app shows.
    assert_eq!(
        disk, app.state,
        "the edits saved do not make the state shown"
    );
    // Whatever was kept reads back the same from the file (a note typed with a character the
    // reader refuses would make the whole file count as damaged).
    let text = format::encode(&app.state).unwrap();
    assert_eq!(
        format::decode::<State>(text.as_bytes()).as_ref(),
        Ok(&app.state),
        "the kept state does not read back"
    );
}

/// Run the cases from `setup` (`NO_PANIC_CASES` overrides the count).
fn check(screen: &str, setup: fn(usize) -> BoxedStrategy<Setup>) {
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
    FRAMES.set(0);
    let result = TestRunner::new(config).run(&case(setup), |case| {
        run(&case);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{screen}: {e}");
    }
    eprintln!(
        "no_panic {screen}: {cases} cases, {} frames in {:.1?}",
        FRAMES.get(),
        started.elapsed()
    );
}

#[test]
fn nothing_panics_from_the_guide() {
    check("guide", guide);
}

#[test]
fn nothing_panics_from_the_warnings_pane() {
    check("warnings pane", warnings_pane);
}

#[test]
fn nothing_panics_from_today() {
    check("today", today);
}

#[test]
fn nothing_panics_from_the_onset_picker() {
    check("onset picker", onset_picker);
}

#[test]
fn nothing_panics_from_the_pain_prompt() {
    check("pain prompt", pain_prompt);
}

#[test]
fn nothing_panics_from_the_pain_note() {
    check("pain note", pain_note);
}

#[test]
fn nothing_panics_from_the_high_score_question() {
    check("high score question", ask_question);
}

#[test]
fn nothing_panics_from_the_doctor_checklist() {
    check("doctor checklist", doctor);
}

#[test]
fn nothing_panics_from_the_diary() {
    check("diary", diary);
}

#[test]
fn nothing_panics_while_a_one_waits_for_its_zero() {
    check("pain wait", pain_wait);
}

#[test]
fn nothing_panics_changing_or_deleting_a_diary_entry() {
    check("diary edit", diary_edit);
}

#[test]
fn nothing_panics_from_the_summary_screen() {
    check("summary", summary_screen);
}

#[test]
fn nothing_panics_from_a_walkthrough_in_focus() {
    check("walk focus", walk_focus);
}

#[test]
fn nothing_panics_from_a_walkthrough_list() {
    check("walk list", walk_list);
}

#[test]
fn nothing_panics_from_a_finished_walkthrough() {
    check("walk finish", walk_finish);
}

#[test]
fn nothing_panics_on_a_wait_step() {
    check("walk wait", walk_wait);
}

#[test]
fn nothing_panics_from_the_shower_timer_running() {
    check("timer running", timer_running);
}

#[test]
fn nothing_panics_from_the_shower_timer_paused() {
    check("timer paused", timer_paused);
}

#[test]
fn nothing_panics_from_the_ice_pack() {
    check("ice", ice);
}

#[test]
fn nothing_panics_while_the_ice_alarm_rings() {
    check("ice alarm", ice_alarm);
}

#[test]
fn nothing_panics_with_timers_in_the_background() {
    check("timers in the background", background);
}

#[test]
fn nothing_panics_from_a_resumed_ice_run() {
    check("resumed ice run", resumed);
}

#[test]
fn nothing_panics_from_the_help_overlay() {
    check("help overlay", help_overlay);
}

/// The harness can fail: a render of a state the app never reaches on its own (a pane index
/// out of range) is caught as a panic.
#[test]
fn the_harness_catches_a_panic() {
    let content = &CONTENTS[BUILT_IN];
    let mut app = App::new(content, Rect::new(0, 0, 80, 24), true);
    app.guide.tab = content.tabs.len();
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let caught =
        std::panic::catch_unwind(move || render(&mut terminal, &app, content, Clock::new().now()));
    assert!(caught.is_err());
}
