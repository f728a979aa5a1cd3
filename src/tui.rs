//! The terminal shell: set the terminal up, move events in and frames out, give it back.
//! Nothing here decides anything; `App::update` does.

use std::io::{self, Write};
use std::time::Duration;

use ratatui::DefaultTerminal;
use ratatui::crossterm::{event, terminal};

use crate::app::{Action, App, Effect};
use crate::clock::Now;
use crate::content::Content;
use crate::keymap;
use crate::state::State;
use crate::store::{Status, Store};
use crate::test_fault::{self, Fault};
use crate::{signals, ui};

/// Mouse reporting: clicks and the wheel only (1000), in SGR encoding (1006). Not 1003, which
/// reports every movement and would wake the app for nothing.
const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
/// Off for every mode a terminal might have been left in, ours or not.
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";
/// Cursor shown, alternate screen left (what crossterm's `Show` and `LeaveAlternateScreen` write).
const SHOW_CURSOR_MAIN_SCREEN: &str = "\x1b[?25h\x1b[?1049l";

/// Run the guide until the user quits. The terminal is restored on every way out: quit, an
/// error, a panic (the hook), and TERM, HUP or INT (after which the process ends by that signal).
pub fn run(content: &Content, app: &mut App, store: &mut Store<State>) -> io::Result<()> {
    // Start crossterm's reader before the signal watcher, which wakes it through its SIGWINCH
    // pipe.
    event::poll(Duration::ZERO)?;
    signals::watch(restore)?;
    let result = ratatui::try_init().and_then(|mut terminal| {
        install_panic_hook();
        setup_mouse()?;
        event_loop(&mut terminal, content, app, store)
    });
    // Nothing stays in memory only: the app's last edits, and one more try for any that a
    // failed save left queued. The ice run keeps the time we left, for the next start's check
    // that the clock has not gone back.
    if let Some(edit) = app.state.seen_edit(Now::read().wall) {
        app.edit(edit);
    }
    save(app, store);
    if store.unsaved() > 0 {
        let _ = store.save(&mut app.state, &[]);
    }
    restore();
    if let Some(signal) = signals::received() {
        signals::end_by(signal);
    }
    result
}

/// Hand the app's new edits to the store; a failure is shown, never fatal (the app keeps
/// working in memory and says so).
pub fn save(app: &mut App, store: &mut Store<State>) {
    if app.pending.is_empty() {
        return;
    }
    let edits = std::mem::take(&mut app.pending);
    if let Err(e) = store.save(&mut app.state, &edits) {
        app.notice = Some(e.to_string());
    }
    app.not_saving = match store.status() {
        Status::Saving => None,
        Status::Memory(reason) => Some(reason.clone()),
    };
    if let Some(n) = store.take_notices().pop() {
        app.notice = Some(n);
    }
}

fn setup_mouse() -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(MOUSE_ON.as_bytes())?;
    out.flush()
}

/// Give the terminal back: mouse off, cursor shown, main screen, raw mode off. Each step is
/// tried whatever the others did (a terminal that hung up fails them all, quietly).
pub fn restore() {
    let mut out = io::stdout();
    let _ = out.write_all(MOUSE_OFF.as_bytes());
    let _ = out.write_all(SHOW_CURSOR_MAIN_SCREEN.as_bytes());
    let _ = out.flush();
    let _ = terminal::disable_raw_mode();
}

/// ratatui's hook (installed by `try_init`) leaves raw mode and the alternate screen; ours runs
/// first and also turns the mouse off and shows the cursor, before the message is printed.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    content: &Content,
    app: &mut App,
    store: &mut Store<State>,
) -> io::Result<()> {
    let size = terminal.size()?;
    app.update(
        content,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        Now::read(),
    );
    let mut dirty = true;
    let fault = test_fault::requested();
    // Edits made before the loop (a caught-up ice run, a started timer) are saved after the
    // first frame.
    let mut updated = Some(Now::read());
    loop {
        if dirty && !app.quit {
            // Bells go out in the same write as the frame that shows why they ring.
            for effect in app.effects.drain(..) {
                match effect {
                    Effect::Bell => terminal.backend_mut().write_all(b"\x07")?,
                }
            }
            let now = Now::read();
            terminal.draw(|frame| ui::render(frame, app, content, now))?;
            dirty = false;
            match fault {
                Some(Fault::Panic) => panic!("{}=panic: the test-only panic", test_fault::VAR),
                Some(Fault::IoError) => {
                    return Err(io::Error::other("the test-only I/O error"));
                }
                None => {}
            }
        }
        // Saved after the frame is out: a save may wait for another instance's lock, and the
        // screen (a phase change, its bell) must not wait for the disk. What they change (a
        // notice, entries from another instance, the summary written) shows in the next frame.
        if let Some(now) = updated.take() {
            let saves = !app.pending.is_empty();
            let serves = app.today.reload || app.today.summary_requested;
            save(app, store);
            crate::today_cmd::serve(app, content, store, now);
            dirty = saves || serves;
        }
        if app.quit || signals::received().is_some() {
            break;
        }
        // Sleep until something happens or the screen would change by itself: no ticking.
        let action = match app.wake_in(Now::read()) {
            Some(timeout) if !event::poll(timeout)? => Some(Action::Tick),
            _ => keymap::event_action(app.ctx(), &event::read()?),
        };
        if let Some(action) = action {
            let now = Now::read();
            app.update(content, action, now);
            updated = Some(now);
            dirty = true;
        }
    }
    Ok(())
}
