//! What each fuzz target does with its input, shared by the targets (`fuzz/fuzz_targets/`
//! include this file) and by `tests/fuzz_corpus.rs`, which replays the committed corpus in CI
//! through exactly the same code. Depends only on backspasm and ratatui.
#![allow(dead_code)]

use std::time::Instant;

use backspasm::app::{Action, App};
use backspasm::clock::Now;
use backspasm::content::{self, ClockKind, Content, Origin};
use backspasm::ui;
use backspasm_core::doc;
use backspasm_core::state::State;
use backspasm_core::state::format;
use backspasm_core::today::summary;
use chrono::{DateTime, FixedOffset};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

/// Content loading + validation; content that validates is laid out (every pane, `print`) at
/// a few widths, as the app does next. True when it validated.
pub fn content(data: &[u8]) -> bool {
    let Ok(content) = content::parse_bytes(data, Origin::Embedded) else {
        return false;
    };
    let all: Vec<usize> = (0..content.tabs.len()).collect();
    for width in [1, 7, 40, 80] {
        for tab in &all {
            let _ = doc::pane(&content, *tab, width);
        }
        let _ = doc::plain_text(&content, &all, width);
    }
    true
}

/// The state file reader (as the store reads: a part that cannot be read is dropped, the rest
/// kept), then what the app does with a state it read: a state that decodes
/// survives a round trip (what we write, we read back the same), goes into the summary for
/// the doctor, and is shown on every screen that reads it (the kept ice run caught up and
/// resumed, the Today pane, the diary, the checklist, the walkthroughs), at a fixed time and
/// at one far in the future. True when it decoded.
pub fn state(data: &[u8], content: &Content) -> bool {
    let Ok((state, _dropped)) = format::decode_lenient::<State>(data) else {
        return false;
    };
    let text = format::encode(&state).expect("a decoded state encodes");
    assert_eq!(
        format::decode::<State>(text.as_bytes()).as_ref(),
        Ok(&state)
    );
    for wall in ["2026-11-25T14:00:00+01:00", "2199-02-28T23:59:59-09:30"] {
        let now = Now {
            mono: Instant::now(),
            wall: DateTime::<FixedOffset>::parse_from_rfc3339(wall).unwrap(),
        };
        let _ = summary::markdown(content, &state, now.wall);
        show(content, &state, now);
    }
    true
}

fn show(content: &Content, state: &State, now: Now) {
    let mut app = App::new(content, Rect::new(0, 0, 80, 24), true);
    app.state = state.clone();
    app.resume_timers(content, now);
    app.ask_onset_if_unknown(content, now);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut draw = |app: &App| {
        terminal
            .draw(|frame| ui::render(frame, app, content, now))
            .unwrap();
    };
    draw(&app);
    let mut screens = vec![
        vec![Action::Diary, Action::End],
        vec![Action::Doctor],
        vec![Action::OpenTimer(ClockKind::Wall), Action::Tick],
        vec![Action::StartToday],
    ];
    screens.extend((0..content.tabs.len()).map(|t| vec![Action::GoTab(t)]));
    screens.extend((0..content.walkthroughs.len()).map(|w| vec![Action::OpenWalk(w)]));
    for actions in screens {
        let mut app = app.clone();
        app.screen = backspasm::app::Screen::Guide;
        app.back.clear();
        for action in actions {
            app.update(content, action, now);
        }
        draw(&app);
    }
}
