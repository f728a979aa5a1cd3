//! The shell side of the pain diary and the summary: `backspasm log`, `backspasm summary`, and
//! writing the summary file the diary screen asks for. They go through the same store as the
//! guide, so an entry logged here merges with a guide open in another terminal.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::{App, Effect};
use crate::clock::Now;
use crate::content::Content;
use crate::store::{self, Status, Store};
use backspasm_core::safe_text;
use backspasm_core::state::format::Persist;
use backspasm_core::state::{Edit, State};
use backspasm_core::today::diary::{self, PainEntry};
use backspasm_core::today::summary;
use backspasm_core::when;

/// The diary screen's summary file: in the directory the app was started in (where a person
/// looks for it), else beside the state file. Plain text, which any editor opens and prints.
pub const SUMMARY_FILE: &str = "backspasm-summary.txt";

/// A notice on stderr, plain. Never `eprintln!`, which panics when stderr cannot be written
/// (`2>/dev/full`), before the entry is saved.
fn notice(text: &str) {
    let line = format!("backspasm: {}\n", safe_text::printable(text));
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// `backspasm log SCORE [--note TEXT]`: check, add the entry, save. Returns what to print:
/// the entry, and for a score that reaches a call-a-doctor condition's `ask` (9 or 10), that
/// it may be a reason to call one (the app asks the question at its next start).
/// Nothing is saved unless everything is valid; an `Err` is the whole message.
pub fn log(
    content: &Content,
    dir: Option<PathBuf>,
    score: &str,
    note: Option<&str>,
    now: Now,
) -> Result<String, String> {
    let score = diary::parse_score(score).map_err(|e| e.to_string())?;
    let line = log_entry(dir, score, note, now)?;
    Ok(match doctor_line(content, score) {
        Some(doctor) => format!("{line}\n{doctor}"),
        None => line,
    })
}

/// "Are your back spasms severe and unbearable?" for a score from its `ask.from_score` up.
fn doctor_line(content: &Content, score: u8) -> Option<String> {
    let ask = content
        .doctor
        .iter()
        .find_map(|c| c.ask.as_ref().filter(|a| score >= a.from_score))?;
    Some(
        safe_text::printable(&format!(
            "A score this high may be a reason to call a doctor. {} If so, please call one.",
            ask.question
        ))
        .into_owned(),
    )
}

fn log_entry(
    dir: Option<PathBuf>,
    score: u8,
    note: Option<&str>,
    now: Now,
) -> Result<String, String> {
    let note = match note {
        Some(n) => diary::clean_note(n).map_err(|e| e.to_string())?,
        None => None,
    };
    let logged = |entry: &PainEntry, path: Option<&Path>| {
        let path = path.map_or(String::new(), |p| format!(" in {}", p.display()));
        // The path is the user's: printed plain, whatever it holds.
        safe_text::printable(&format!(
            "logged pain {}/10, {}{path}",
            entry.score,
            when::date_time(entry.at, now.wall)
        ))
        .into_owned()
    };
    // Most often the entry goes after the last one: added to the file's text as it is, without
    // reading every entry (years of them) and writing them all out again.
    if let Some(dir) = &dir {
        // Ids are random: one that is already in the diary is as likely as two equal keys.
        let entry = PainEntry {
            id: super::entry_id::fresh(&[]),
            at: now.wall,
            score,
            note: note.clone(),
        };
        let added = store::rewrite(dir, store::LOCK_TIMEOUT_COMMAND, |text| {
            backspasm_core::state::append_pain(text, &entry).map(|text| (text, ()))
        })
        .map_err(|e| format!("not saved: {e}"))?;
        if added.is_some() {
            return Ok(logged(&entry, Some(&dir.join(store::FILE_NAME))));
        }
    }
    // Run many at once, each waits its turn for the lock.
    let (mut store, mut state, notices) =
        Store::<State>::open_waiting(dir, store::LOCK_TIMEOUT_COMMAND);
    if let Status::Memory(reason) = store.status() {
        return Err(format!("not saved: {reason}"));
    }
    // E.g. a damaged file kept as a backup: worth saying, and the entry is still saved.
    for n in notices {
        notice(&n);
    }
    // The time as the clock gives it: another entry at the same time (a frozen or coarse
    // clock) is told apart by its id.
    let entry = PainEntry {
        id: super::entry_id::fresh(&state.diary),
        at: now.wall,
        score,
        note,
    };
    let edit = Edit::LogPain(entry.clone());
    state.apply(&edit);
    store
        .save(&mut state, &[edit])
        .map_err(|e| format!("not saved: {e}"))?;
    Ok(logged(&entry, store.path()))
}

/// What `backspasm summary` gives: the Markdown, and one line per part of the state file that
/// could not be read (the summary then leaves it out; the command says so and fails).
pub struct Summary {
    pub markdown: String,
    pub dropped: Vec<String>,
}

/// `backspasm summary`: the Markdown for what the state file holds, read as a reader only
/// ([`store::read_only`]: nothing is locked, moved or written). A state that cannot be read at
/// all (a state directory that is a file, an unreadable or damaged file, one from a newer
/// version) is an `Err`: an empty summary would tell the doctor nothing was logged.
pub fn summary(dir: Option<PathBuf>, content: &Content, now: Now) -> Result<Summary, String> {
    // Nowhere to keep a state, so nothing was ever logged.
    let Some(dir) = dir else {
        return Ok(Summary {
            markdown: summary::markdown(content, &State::default(), now.wall),
            dropped: Vec::new(),
        });
    };
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "cannot read the state: {} is not a directory",
            dir.display()
        ));
    }
    let (state, dropped) =
        store::read_only::<State>(&dir).map_err(|e| format!("cannot read the state: {e}"))?;
    Ok(Summary {
        markdown: summary::markdown(content, &state, now.wall),
        dropped,
    })
}

/// Write `text` to `path` whole ([`store::write_atomic`]: a temporary file beside it, fsync,
/// rename, fsync the directory), so a reader never sees half a summary. Through a symbolic link, the file it points to is replaced (the link
/// stays). A device, a pipe or a terminal (`-o /dev/stdout`) is written to as it is: a rename
/// would put a file in its place (and, run as root, replace `/dev/null` itself).
pub fn write_file(path: &Path, text: &str) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("could not write {}: {e}", path.display());
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(fail)?;
        return std::io::Write::write_all(&mut out, text.as_bytes()).map_err(fail);
    }
    store::write_atomic(&store::link_target(path), text.as_bytes()).map_err(fail)
}

/// After an update: re-read the store if the diary asked (other instances' entries), then
/// write the summary if it was asked for, and hand it to the summary screen with where it went
/// (or why not).
pub fn serve(app: &mut App, content: &Content, store: &mut Store<State>, now: Now) {
    let asked: Vec<Effect> = app.effects.extract_if(.., |e| e.for_store()).collect();
    if asked.contains(&Effect::Reload) {
        // Nothing of ours is pending (the shell saved just before), so this only reads. When
        // it fails the footer already says "not saving"; the app goes on with what it has.
        let _ = store.save(&mut app.state, &[]);
    }
    if !asked.contains(&Effect::WriteSummary) {
        return;
    }
    let Some(path) = app.today.summary_path.clone() else {
        return;
    };
    let markdown = summary::markdown(content, &app.state, now.wall);
    let text = summary::text(&markdown, summary::PAGE_WIDTH);
    // Not where it was started (a read-only directory)? Then beside the state file.
    let written = write_file(&path, &text).map(|()| path).or_else(|first| {
        match app.today.summary_spare.clone() {
            Some(spare) => write_file(&spare, &text)
                .map(|()| spare)
                .map_err(|second| format!("{first}; {second}")),
            None => Err(first),
        }
    });
    app.pain.summary = Some(super::pain::SummaryShown {
        markdown,
        written,
        offset: 0,
    });
}
