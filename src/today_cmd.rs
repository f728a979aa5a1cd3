//! The shell side of the pain diary and the summary: `backspasm log`, `backspasm summary`, and
//! writing the summary file the diary screen asks for. They go through the same store as the
//! guide, so an entry logged here merges with a guide open in another terminal.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::App;
use crate::clock::Now;
use crate::content::Content;
use crate::diary::{self, PainEntry};
use crate::state::{Edit, State};
use crate::store::{self, Persist, Status, Store};
use crate::summary;
use crate::{safe_text, when};

/// The diary screen's summary file, beside the state file.
pub const SUMMARY_FILE: &str = "summary.md";

/// A notice on stderr, plain. Never `eprintln!`, which panics when stderr cannot be written
/// (`2>/dev/full`), before the entry is saved.
fn notice(text: &str) {
    let line = format!("backspasm: {}\n", safe_text::printable(text));
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// `backspasm log SCORE [--note TEXT]`: check, add the entry, save. Returns the line to print.
/// Nothing is saved unless everything is valid; an `Err` is the whole message.
pub fn log(
    dir: Option<PathBuf>,
    score: &str,
    note: Option<&str>,
    now: Now,
) -> Result<String, String> {
    let score = diary::parse_score(score).map_err(|e| e.to_string())?;
    let note = match note {
        Some(n) => diary::clean_note(n).map_err(|e| e.to_string())?,
        None => None,
    };
    let (mut store, mut state, notices) = Store::<State>::open(dir);
    if let Status::Memory(reason) = store.status() {
        return Err(format!("not saved: {reason}"));
    }
    // E.g. a damaged file kept as a backup: worth saying, and the entry is still saved.
    for n in notices {
        notice(&n);
    }
    let entry = PainEntry {
        at: diary::unique_time(&state.diary, now.wall),
        score,
        note,
    };
    let edit = Edit::LogPain(entry.clone());
    state.apply(&edit);
    store
        .save(&mut state, &[edit])
        .map_err(|e| format!("not saved: {e}"))?;
    let path = store
        .path()
        .map_or(String::new(), |p| format!(" in {}", p.display()));
    // The path is the user's: printed plain, whatever it holds.
    Ok(safe_text::printable(&format!(
        "logged pain {}/10, {}{path}",
        entry.score,
        when::date_time(entry.at, now.wall)
    ))
    .into_owned())
}

/// `backspasm summary`: the Markdown for what the store holds. A damaged file (kept as a
/// backup) is a notice on stderr and the summary is of what could be read; a state that cannot
/// be read at all (a state directory that is a file, an unreadable file, one from a newer
/// version) is an `Err`: an empty summary would tell the doctor nothing was logged.
pub fn summary(dir: Option<PathBuf>, content: &Content, now: Now) -> Result<String, String> {
    if let Some(d) = &dir
        && d.exists()
        && !d.is_dir()
    {
        return Err(format!(
            "cannot read the state: {} is not a directory",
            d.display()
        ));
    }
    // Nothing kept yet: an empty summary, without creating the directory just to read it.
    if dir
        .as_ref()
        .is_none_or(|d| !d.join(crate::store::FILE_NAME).exists())
    {
        return Ok(summary::markdown(content, &State::default(), now.wall));
    }
    let (store, state, notices) = Store::<State>::open(dir);
    if let Status::Memory(reason) = store.status() {
        return Err(format!("cannot read the state: {reason}"));
    }
    for n in notices {
        notice(&n);
    }
    Ok(summary::markdown(content, &state, now.wall))
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
    store::write_atomic(&link_target(path), text.as_bytes()).map_err(fail)
}

/// Where `path` leads through symbolic links (even to a file not there yet): `path` itself
/// when it is not a link.
fn link_target(path: &Path) -> PathBuf {
    let mut target = path.to_path_buf();
    // As many links as the kernel follows before it gives up (ELOOP).
    for _ in 0..40 {
        match std::fs::read_link(&target) {
            Ok(next) => target = target.parent().unwrap_or(Path::new("")).join(next),
            Err(_) => break,
        }
    }
    target
}

/// After an update: re-read the store if the diary asked (other instances' entries), then
/// write the summary if it was asked for, and say where (or why not).
pub fn serve(app: &mut App, content: &Content, store: &mut Store<State>, now: Now) {
    if std::mem::take(&mut app.today.reload) {
        // Nothing of ours is pending (the shell saved just before), so this only reads. When
        // it fails the footer already says "not saving"; the app goes on with what it has.
        let _ = store.save(&mut app.state, &[]);
    }
    if !std::mem::take(&mut app.today.summary_requested) {
        return;
    }
    let Some(path) = app.today.summary_path.clone() else {
        return;
    };
    let text = summary::markdown(content, &app.state, now.wall);
    app.notice = Some(match write_file(&path, &text) {
        Ok(()) => format!("Summary for your doctor written to {}", path.display()),
        Err(e) => e,
    });
}
