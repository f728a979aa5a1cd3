//! The terminal shell: set the terminal up, move events in and frames out, give it back.
//! Nothing here decides anything; `App::update` does.

use std::io::{self, Write};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, TryLockError};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::{event, terminal};

use crate::app::{Action, App, Effect};
use crate::clock::{self, Now};
use crate::content::Content;
use crate::keymap;
use crate::store::{Status, Store};
use crate::test_fault::{self, Fault};
use crate::timer::outlets::Outlets;
use crate::{signals, ui};
use backspasm_core::state::State;

/// Mouse reporting: clicks and the wheel only (1000), in SGR encoding (1006). Not 1003, which
/// reports every movement and would wake the app for nothing.
const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
/// Off for every mode a terminal might have been left in, ours or not.
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l";
/// Focus reporting (1004): the terminal says when it gains or loses the focus, so a cue can
/// raise a desktop notification while the window is hidden.
const FOCUS_ON: &str = "\x1b[?1004h";
const FOCUS_OFF: &str = "\x1b[?1004l";
/// Keep the terminal's title on its stack (xterm's window manipulation 22/23), so the timers
/// can show theirs and the one it had comes back on the way out.
const PUSH_TITLE: &str = "\x1b[22;0t";
const POP_TITLE: &str = "\x1b[23;0t";
/// Bracketed paste: pasted text comes as one event, never as keys (a pasted `x⏎q` must not
/// quit).
const PASTE_ON: &str = "\x1b[?2004h";
const PASTE_OFF: &str = "\x1b[?2004l";
/// What crossterm's `Show` and `LeaveAlternateScreen` write.
const CURSOR_SHOWN: &str = "\x1b[?25h";
const MAIN_SCREEN: &str = "\x1b[?1049l";
const ALT_SCREEN: &str = "\x1b[?1049h";

/// What the loop works on, shared with the signal watcher: the loop holds it except while it
/// waits for input, so the watcher can only take it (to save and end) from a loop stuck there.
struct Shell {
    app: App,
    store: Store<State>,
    /// The cues' tones, speech, notifications and `--on-cue` command (child processes).
    outlets: Outlets,
}

fn lock(shell: &Mutex<Shell>) -> MutexGuard<'_, Shell> {
    // A panic while it was held ends the process anyway; what is in it is still good to save.
    shell.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Run the guide until the user quits. The terminal is restored on every way out: quit, an
/// error, a panic (the hook), and TERM, HUP, INT or QUIT (after which the process ends by that
/// signal).
pub fn run(content: &Content, app: App, store: Store<State>, outlets: Outlets) -> io::Result<()> {
    let shell = Arc::new(Mutex::new(Shell {
        app,
        store,
        outlets,
    }));
    // Start crossterm's reader before the signal watcher, which wakes it through its SIGWINCH
    // pipe.
    event::poll(Duration::ZERO)?;
    let watched = Arc::clone(&shell);
    signals::watch(restore, move |signal| {
        // The loop did not wake from its wait for input (the terminal is gone): save what it
        // would have saved, then end here.
        let mut shell = match watched.try_lock() {
            Ok(shell) => shell,
            Err(TryLockError::Poisoned(e)) => e.into_inner(),
            Err(TryLockError::WouldBlock) => return,
        };
        shell.finish();
        restore();
        signals::end_by(signal);
    })?;
    let result = ratatui::try_init().and_then(|mut terminal| {
        install_panic_hook();
        setup_modes()?;
        event_loop(&mut terminal, content, &shell)
    });
    lock(&shell).finish();
    give_back();
    if let Some(signal) = signals::received() {
        signals::end_by(signal);
    }
    result
}

impl Shell {
    /// On the way out (a quit, a signal, an error): the cues' sounds stopped, a note being
    /// typed kept as if Enter had been pressed (a `1` waiting for its `0` is 1), then one save
    /// of everything not on disk yet: edits the loop had no turn to save (after an I/O error)
    /// and those a failed save left queued in the store.
    fn finish(&mut self) {
        let Shell {
            app,
            store,
            outlets,
        } = self;
        outlets.stop_sounds();
        let now = clock::now();
        app.commit_input(now);
        // The ice run keeps the time we left, for the next start's check that the clock has
        // not gone back.
        if let Some(edit) = app.state.seen_edit(now.wall) {
            app.edit(edit);
        }
        let edits = std::mem::take(&mut app.pending);
        if !edits.is_empty() || store.unsaved() > 0 {
            let _ = store.save(&mut app.state, &edits);
        }
    }
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

/// After an update: its edits to the store, then what the diary asked for (a re-read, the
/// summary file). True if either ran: what the screen shows may have changed (a notice, "not
/// saving" set or cleared, another instance's entries).
fn persist(app: &mut App, content: &Content, store: &mut Store<State>, now: Now) -> bool {
    let saves = !app.pending.is_empty();
    let serves = app.effects.iter().any(Effect::for_store);
    save(app, store);
    crate::today::command::serve(app, content, store, now);
    saves || serves
}

/// The title kept on the terminal's stack, then the input modes: at the start, and again after
/// a suspend (which gives both back).
fn setup_modes() -> io::Result<()> {
    io::stdout().write_all(PUSH_TITLE.as_bytes())?;
    setup_input()
}

/// The input modes ratatui does not set: mouse and focus reporting, bracketed paste (also set
/// again after any stop, `kill -STOP` included).
fn setup_input() -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(MOUSE_ON.as_bytes())?;
    out.write_all(FOCUS_ON.as_bytes())?;
    out.write_all(PASTE_ON.as_bytes())?;
    out.flush()
}

/// Input modes off, the title given back and the cursor shown (ratatui's restore does none of
/// these), then raw mode off and the main screen through ratatui. If ratatui's restore fails
/// part way (a terminal that hung up), every step is tried once more on its own.
fn give_back() {
    input_off_cursor_shown();
    if ratatui::try_restore().is_err() {
        restore();
    }
}

fn input_off_cursor_shown() {
    let mut out = io::stdout();
    let _ = out.write_all(MOUSE_OFF.as_bytes());
    let _ = out.write_all(FOCUS_OFF.as_bytes());
    let _ = out.write_all(PASTE_OFF.as_bytes());
    let _ = out.write_all(POP_TITLE.as_bytes());
    let _ = out.write_all(CURSOR_SHOWN.as_bytes());
    let _ = out.flush();
}

/// Give the terminal back from anywhere: the panic hook and the signal watcher (when the loop
/// is stuck on a dead terminal) call it. Unlike `ratatui::try_restore`, which stops at the first
/// failure and leaves the mouse on, each step is tried whatever the others did and nothing is
/// printed (a terminal that hung up fails them all).
fn restore() {
    input_off_cursor_shown();
    let mut out = io::stdout();
    let _ = out.write_all(MAIN_SCREEN.as_bytes());
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

/// Ctrl-Z or SIGTSTP: give the terminal back, stop until `fg` (SIGCONT), then take it again
/// (the caller draws at once). Without a shell to come back to, only say so.
fn suspend(terminal: &mut DefaultTerminal, app: &mut App) -> io::Result<()> {
    restore();
    if !signals::stop() {
        app.notice = Some("Ctrl-Z: there is no shell here to suspend to.".to_string());
    }
    // The title went back with the terminal: kept again, and the timer's shown again.
    io::stdout().write_all(PUSH_TITLE.as_bytes())?;
    if let Some(title) = app.timer.title.clone() {
        app.effects.push(Effect::Title(Some(title)));
    }
    take_terminal(terminal)
}

/// Every mode the app runs in, set again (after a stop, whoever changed the terminal meanwhile),
/// and the whole screen drawn again by the next frame.
fn take_terminal(terminal: &mut DefaultTerminal) -> io::Result<()> {
    terminal::enable_raw_mode()?;
    io::stdout().write_all(ALT_SCREEN.as_bytes())?;
    setup_input()?;
    terminal.hide_cursor()?;
    // Clears the screen and the last frame, so the next one is drawn whole (unlike `clear`,
    // it does not ask the terminal where the cursor is).
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

/// Which turn of the loop: drawing and saving come in a different order.
enum Turn {
    /// A key (or the mouse, a resize): saved before it is drawn, so the screen never shows as
    /// done what a crash could still lose (a save may wait seconds for another instance's lock).
    Key,
    /// The clock (a timer's phase ending, its bell): drawn first, so the cue is never late;
    /// then saved, and drawn again if the save changed what shows.
    Clock,
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    content: &Content,
    shell: &Mutex<Shell>,
) -> io::Result<()> {
    let size = terminal.size()?;
    let mut guard = lock(shell);
    let Shell {
        app,
        store,
        outlets,
    } = &mut *guard;
    // The clocks are read once per event: its update and its frame see the same time.
    let mut now = clock::now();
    app.update(
        content,
        Action::Resize {
            width: size.width,
            height: size.height,
        },
        now,
    );
    // The first frame (and an alarm's bell) first, as after a tick: edits made before the
    // loop (a caught-up ice run, a started timer) are saved after it.
    draw(terminal, app, content, now, outlets)?;
    match test_fault::requested() {
        Some(Fault::Panic) => panic!("{}=panic: the test-only panic", test_fault::VAR),
        Some(Fault::IoError) => return Err(io::Error::other("the test-only I/O error")),
        None => {}
    }
    if persist(app, content, store, now) {
        draw(terminal, app, content, now, outlets)?;
    }
    loop {
        if guard.app.quit || signals::received().is_some() {
            return Ok(());
        }
        if signals::take_suspend() {
            let Shell { app, outlets, .. } = &mut *guard;
            suspend(terminal, app)?;
            draw(terminal, app, content, clock::now(), outlets)?;
        }
        if signals::take_continued() {
            // Continued after any stop (`kill -STOP` too): whoever had the terminal meanwhile
            // may have changed it. After our own suspend this repeats what it just did.
            let Shell { app, outlets, .. } = &mut *guard;
            take_terminal(terminal)?;
            draw(terminal, app, content, clock::now(), outlets)?;
        }
        // Sleep until something happens or the screen would change by itself (or a cue's
        // player overstays): no ticking.
        let before = clock::now();
        let overstay = guard
            .outlets
            .next_deadline()
            .map(|at| at.saturating_duration_since(before.mono));
        let wake_in = [guard.app.wake_in(before), overstay]
            .into_iter()
            .flatten()
            .min();
        drop(guard);
        let event = match wake_in {
            Some(timeout) if !event::poll(timeout)? => None,
            _ => Some(event::read()?),
        };
        guard = lock(shell);
        let Shell {
            app,
            store,
            outlets,
        } = &mut *guard;
        if let Some(notice) = outlets.reap(Instant::now()) {
            add_notice(app, notice);
        }
        let (action, turn) = match event {
            None => (Some(Action::Tick), Turn::Clock),
            Some(event) => (keymap::event_action(app.ctx(), &event), Turn::Key),
        };
        let Some(action) = action else {
            continue;
        };
        if action == Action::Suspend {
            signals::request_suspend();
            continue;
        }
        now = clock::now();
        app.update(content, action, now);
        match turn {
            Turn::Key => {
                persist(app, content, store, now);
                draw(terminal, app, content, now, outlets)?;
            }
            Turn::Clock => {
                draw(terminal, app, content, now, outlets)?;
                if persist(app, content, store, now) {
                    draw(terminal, app, content, now, outlets)?;
                }
            }
        }
    }
}

/// One frame, with the bells and the title in the same write as the frame that shows why
/// they changed; then the cues' child processes are started (a spawn never delays a frame).
/// Nothing is drawn once the app has quit.
fn draw(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    content: &Content,
    now: Now,
    outlets: &mut Outlets,
) -> io::Result<()> {
    if app.quit {
        return Ok(());
    }
    let mut children = Vec::new();
    // The state file's effects wait for the save that comes after this frame (`persist`).
    let effects: Vec<Effect> = app.effects.extract_if(.., |e| !e.for_store()).collect();
    for effect in effects {
        let out = terminal.backend_mut();
        match effect {
            Effect::Bell => out.write_all(b"\x07")?,
            // OSC 2 ended by ST, not BEL: a title is never heard as a bell.
            Effect::Title(Some(title)) => {
                let title = backspasm_core::safe_text::printable(&title);
                write!(out, "\x1b]2;{title}\x1b\\")?;
            }
            // The terminal's own title back, and kept again for the next time.
            Effect::Title(None) => write!(out, "{POP_TITLE}{PUSH_TITLE}")?,
            other => children.push(other),
        }
    }
    terminal.draw(|frame| ui::render(frame, app, content, now))?;
    let mut notices = Vec::new();
    for effect in children {
        let said = match &effect {
            Effect::Sound(pattern) => outlets.sound(*pattern, now.mono),
            Effect::Speak(text) => outlets.speak(text, now.mono),
            Effect::Notify(title, body) => {
                outlets.notify(title, body, now.mono);
                None
            }
            Effect::Hook(hook) => outlets.hook(hook, now.mono),
            Effect::Bell | Effect::Title(_) | Effect::Reload | Effect::WriteSummary => None,
        };
        notices.extend(said);
    }
    // Said at once (once): there is no player, or no speech.
    if !notices.is_empty() {
        add_notice(app, notices.join("; "));
        terminal.draw(|frame| ui::render(frame, app, content, now))?;
    }
    Ok(())
}

/// A notice from the outlets goes beside one still showing (the start's: a timer replaced),
/// not over it.
fn add_notice(app: &mut App, notice: String) {
    app.notice = Some(match app.notice.take() {
        Some(shown) if shown != notice => format!("{shown} {notice}"),
        _ => notice,
    });
}
