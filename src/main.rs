//! The shell: parse the command line, load content, run a subcommand, map errors to exit codes.
//! Usage errors and bad content exit 2; the terminal is only touched once everything is valid.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use backspasm::app::App;
use backspasm::cli::{self, Cli, Command, Format};
use backspasm::clock;
use backspasm::content::{self, ClockKind, Content, TabKind};
use backspasm::store::{self, Status, Store};
use backspasm::timer::outlets::{self, Outlets};
use backspasm::timer::update::Outputs;
use backspasm::today;
use backspasm::tui;
use backspasm_core::doc;
use backspasm_core::safe_text;
use backspasm_core::state::State;
use backspasm_core::timer::duration;
use backspasm_core::today::summary;
use backspasm_core::walkthrough::LIFTING;
use clap::Parser;
use ratatui::layout::Rect;

/// Printouts wrap here, the width of a terminal or a page.
const PRINT_WIDTH: usize = 80;

fn main() -> ExitCode {
    let cli = Cli::try_parse().unwrap_or_else(|e| {
        if e.use_stderr() {
            // clap quotes the bad value as given: print it plain, with nothing that could act
            // on the terminal (usage errors still exit 2).
            write_stderr(&safe_text::printable_lines(&e.render().to_string()));
            std::process::exit(e.exit_code());
        }
        // --help and --version, through the same quiet stdout as every printout.
        let code = match write_stdout(&e.render().to_string()) {
            Ok(()) => e.exit_code(),
            Err(message) => {
                write_stderr(&format!("backspasm: {message}\n"));
                2
            }
        };
        std::process::exit(code)
    });
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            // The message may quote a path or value the user gave: nothing in it may act on
            // the terminal.
            write_stderr(&format!(
                "backspasm: {}\n",
                safe_text::printable_lines(&message)
            ));
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match &cli.command {
        Some(Command::Check { file }) => {
            let path = file.clone().or(cli.content);
            let content = content::load(path.as_deref()).map_err(|e| e.to_string())?;
            let origin = path.map_or("built-in content".to_string(), |p| p.display().to_string());
            // The path is the user's: printed plain, whatever it holds.
            let origin = safe_text::printable(&origin);
            write_stdout(&format!("{origin}: ok: {}\n", content.summary()))
        }
        Some(Command::Print { pane }) => {
            let content = load(&cli.content)?;
            let tabs = match pane {
                None => (0..content.tabs.len()).collect(),
                Some(id) => vec![
                    content
                        .tab_named(id)
                        .ok_or_else(|| unknown_pane(&content, id))?,
                ],
            };
            write_stdout(&doc::plain_text(&content, &tabs, PRINT_WIDTH))
        }
        Some(Command::Warnings) => {
            let content = load(&cli.content)?;
            let tab = content.tab_of_kind(TabKind::Warnings).unwrap_or(0);
            guide(&cli, &content, tab)
        }
        Some(Command::Timer { hot, cold, rounds }) => {
            let content = load(&cli.content)?;
            let cycle = content
                .cycles
                .iter()
                .find(|c| c.clock == ClockKind::Monotonic)
                .ok_or("this guide has no shower timer (no cycle with clock: Monotonic)")?;
            let plan = duration::plan(cycle, *hot, *cold, *rounds)?;
            // Without lengths it opens a shower timer already going instead of restarting it.
            let given = hot.is_some() || cold.is_some() || rounds.is_some();
            tui_on(&cli, &content, |app| {
                app.timer_command(given.then_some(plan), clock::now())
            })
        }
        Some(Command::Ice) => {
            let content = load(&cli.content)?;
            if !content.cycles.iter().any(|c| c.clock == ClockKind::Wall) {
                return Err("this guide has no ice timer (no cycle with clock: Wall)".to_string());
            }
            tui_on(&cli, &content, |app| app.open_timer(ClockKind::Wall))
        }
        Some(Command::Lift) => {
            let content = load(&cli.content)?;
            walk(&cli, &content, LIFTING)
        }
        Some(Command::Walk { id }) => {
            let content = load(&cli.content)?;
            walk(&cli, &content, id)
        }
        None => {
            let content = load(&cli.content)?;
            guide(&cli, &content, 0)
        }
        Some(Command::Log { score, note }) => {
            // The content says which scores may be a reason to call a doctor; a --content that
            // cannot be used is refused before anything is saved.
            let content = load(&cli.content)?;
            let line = today::command::log(
                &content,
                state_dir(&cli),
                score,
                note.as_deref(),
                clock::now(),
            )?;
            write_stdout(&format!("{line}\n"))
        }
        // They describe the app, not the guide, but a bad --content is refused as everywhere.
        Some(Command::Completions { shell }) => {
            load(&cli.content)?;
            write_stdout(&cli::completions(*shell))
        }
        Some(Command::Man) => write_stdout(&cli::man::page(&load(&cli.content)?)),
        Some(Command::Summary { output, format }) => {
            let content = load(&cli.content)?;
            let made = today::command::summary(state_dir(&cli), &content, clock::now())?;
            let text = match format {
                Format::Markdown => made.markdown,
                Format::Text => summary::text(&made.markdown, summary::PAGE_WIDTH),
            };
            match output {
                None => write_stdout(&text)?,
                Some(path) => today::command::write_file(path, &text)?,
            }
            if made.dropped.is_empty() {
                return Ok(());
            }
            // What could be read is out; what could not is said, and the command fails
            // (exit 1): the summary lacks it. The state file is left as it is.
            write_stderr(&format!(
                "backspasm: part of the state file could not be read, and the summary leaves it out: {}\n",
                safe_text::printable(&made.dropped.join("; "))
            ));
            std::process::exit(1)
        }
    }
}

/// The TUI opened on walkthrough `id`, with the guide behind it.
fn walk(cli: &Cli, content: &Content, id: &str) -> Result<(), String> {
    let index = content
        .walkthroughs
        .iter()
        .position(|w| w.id == id)
        .ok_or_else(|| {
            let ids: Vec<&str> = content.walkthroughs.iter().map(|w| w.id.as_str()).collect();
            format!(
                "unknown walkthrough {id:?}; the walkthroughs are: {}",
                ids.join(", ")
            )
        })?;
    tui_on(cli, content, |app| {
        app.open_walk(content, index, clock::now())
    })
}

fn load(path: &Option<std::path::PathBuf>) -> Result<Content, String> {
    content::load(path.as_deref()).map_err(|e| e.to_string())
}

fn unknown_pane(content: &Content, name: &str) -> String {
    let panes: Vec<String> = (0..content.tabs.len())
        .map(|i| content.tab_names(i).join(" or "))
        .collect();
    format!(
        "unknown pane {name:?}; name one by its id, tab label or title (any case): {}",
        panes.join("; ")
    )
}

/// Everything the commands print goes through here, never `println!` (which panics when the
/// reader has gone). A reader that stops early (`| head`, `| true`) is not an error: the output
/// was wanted only that far, and the command did its work (exit 0, nothing said). Any other
/// failure (`> /dev/full`) is an error (exit 2).
fn write_stdout(text: &str) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("writing output: {e}")),
        _ => Ok(()),
    }
}

/// Messages to stderr; if even that fails there is no one left to tell (never a panic, which
/// `eprintln!` would be).
fn write_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Open the store for the TUI: never fails; problems become a notice.
fn open_store(cli: &Cli) -> (Store<State>, State, Vec<String>) {
    Store::open(state_dir(cli))
}

fn state_dir(cli: &Cli) -> Option<std::path::PathBuf> {
    store::resolve_dir(
        cli.state_dir.clone(),
        std::env::var_os("BACKSPASM_STATE_DIR"),
    )
}

fn guide(cli: &Cli, content: &Content, tab: usize) -> Result<(), String> {
    tui_on(cli, content, |app| app.guide.tab = tab)
}

/// Run the TUI; `start` puts the app where the command asked, once the kept state is in.
fn tui_on(cli: &Cli, content: &Content, start: impl FnOnce(&mut App)) -> Result<(), String> {
    if !std::io::stdout().is_terminal() {
        return Err(
            "standard output is not a terminal; to read the guide in a pipe or a file, use `backspasm print`"
                .to_string(),
        );
    }
    let (store, state, notices) = open_store(cli);
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut app = App::new(content, Rect::default(), color);
    let (outputs, config) = cues(cli);
    app.timer.outputs = outputs;
    app.state = state;
    app.notice = notices.into_iter().last();
    if let Status::Memory(reason) = store.status() {
        app.not_saving = Some(reason.clone());
    }
    // The kept ice run first: it may say what ran out while the app was closed.
    app.resume_timers(content, clock::now());
    start(&mut app);
    // Where the summary goes: where the app was started, else beside the state file.
    let beside_state = store
        .path()
        .map(|p| p.with_file_name(today::command::SUMMARY_FILE));
    app.today.summary_path = std::env::current_dir()
        .ok()
        .map(|d| d.join(today::command::SUMMARY_FILE))
        .or(beside_state.clone());
    app.today.summary_spare = beside_state;
    app.ask_onset_if_unknown(content, clock::now());
    app.ask_about_last_score(content, clock::now());
    tui::run(content, app, store, Outlets::new(config)).map_err(|e| format!("terminal error: {e}"))
}

/// What the timers' cues may use this run, from the flags and the environment (a variable that
/// is set and not empty counts, as NO_COLOR does).
fn cues(cli: &Cli) -> (Outputs, outlets::Config) {
    let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let text = |name| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mute = cli.mute || set("BACKSPASM_MUTE");
    let outputs = Outputs {
        sound: !mute && !cli.no_sound,
        voice: !mute && !cli.no_voice,
    };
    let config = outlets::Config {
        player: cli.player.clone().or_else(|| text("BACKSPASM_PLAYER")),
        speech: cli.speech.clone().or_else(|| text("BACKSPASM_SPEECH")),
        on_cue: cli.on_cue.clone(),
        cache: directories::ProjectDirs::from("", "", "backspasm")
            .map(|d| d.cache_dir().to_path_buf()),
    };
    (outputs, config)
}
