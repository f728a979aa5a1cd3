//! The state file. This is the only code that reads or writes it. Three parts: the format
//! (versions, encode/decode, salvage, the check line) is the core's `state::format`, pure;
//! this file is the merge protocol (open, save: lock, re-read, apply the edits, write, hand
//! back); `files.rs` is the filesystem under it (links, locks, backups, the atomic write) and
//! `special_file.rs` opens a path without blocking.
//!
//! # API
//! - [`resolve_dir`]`(explicit, env) -> Option<PathBuf>`: `--state-dir` > `$BACKSPASM_STATE_DIR` >
//!   the XDG state dir (`~/.local/state/backspasm`, or the local data dir where there is none).
//! - [`Store::open`]`(dir) -> (Store<S>, S, Vec<String>)`: never fails. Gives the state to start
//!   from and one-line notices for the user. [`Store::open_waiting`]: the same, with saves
//!   waiting longer for the lock (a command: [`LOCK_TIMEOUT_COMMAND`]).
//! - [`Store::save`]`(&mut current, &edits) -> Result<(), StoreError>`: the caller has already
//!   applied `edits` to `current`; the store applies them to what is on disk and, on success,
//!   replaces `current` with the merged result. `save(&mut current, &[])` only picks up other
//!   instances' changes.
//! - [`Store::status`], [`Store::path`], [`Store::unsaved`], [`Store::take_notices`] (notices that
//!   came up after `open`, e.g. a file damaged while we ran).
//! - [`read_only`]`(dir)`: the state for a command that only reads (no lock, nothing moved or
//!   written). [`rewrite`]`(dir, timeout, change)`: a command's change to the file's text under
//!   the lock, without parsing it (`log`'s new last entry).
//! - `decode` / `encode` (the core's): pure, no I/O. `decode_lenient`: what the store reads
//!   (the fuzz entry point): `decode`, or the parts that can be read and a line per part dropped.
//!
//! # Design
//! - Edits, not snapshots: every save takes an exclusive lock on `state.lock`, re-reads
//!   `state.ron`, applies the edits not yet on disk, writes the result atomically and hands it
//!   back, so two instances (the TUI and `backspasm log`) never lose each other's changes.
//! - Everything that must persist goes through edits: after a successful save `current` is
//!   replaced by the merged state. With no file on disk (first run, or deleted while we ran) a
//!   save writes `current` whole.
//! - Edits that could not be written stay queued and go with the next save, so a full disk or a
//!   held lock costs nothing once it clears, and no edit is ever applied twice.
//! - Atomic writes: a unique temp file (0600 from creation) in the same directory, fsync,
//!   rename, fsync the directory (tempfile's `NamedTempFile::persist` makes the temp file and
//!   renames it). Readers need no lock: they see the old file or the new one. A save
//!   waits at most 5 s for the lock, then fails (and retries with the next save). A state file
//!   that is a symbolic link is written through (lock, temp files and backups beside its
//!   target); one that is a pipe, a device or a directory is refused at once, never opened
//!   blocking.
//! - Good data is never replaced by less: an unreadable file is never written over; a file
//!   with parts that cannot be read ([`Persist::salvage`]) gives the rest, and a copy of it as
//!   it was is kept as `state.ron.bak` before anything is written over it; a damaged one (no
//!   parts can be told apart) is moved to `state.ron.bak`. Backups are never clobbered (the
//!   next is `state.ron.1.bak`, ...), and the same bytes are not backed up twice. A file from a
//!   newer version, or over [`MAX_FILE_BYTES`], is left alone for the whole session.
//! - The directory is created 0700 when missing. An existing directory's mode is left alone: it
//!   may be one the user chose (even `/tmp`), and the files in it are 0600 anyway.

mod files;
pub mod special_file;

use std::ffi::OsString;
use std::fmt;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use backspasm_core::state::format::{
    DecodeError, MAX_FILE_BYTES, Persist, decode_lenient, encode, one_line,
};

#[cfg(test)]
pub(crate) use files::disk_log;
use files::{
    LockGuard, back_up, ensure_dir, keep_copy, lock, lock_file, read_file, remove_leftover_temps,
    write_atomic_with,
};
pub use files::{link_target, write_atomic};

pub const FILE_NAME: &str = "state.ron";
const LOCK_NAME: &str = "state.lock";
/// The state file's temp files (`create_temp` names them `.NAME.tmp-PID-N`).
const TEMP_PREFIX: &str = ".state.ron.tmp-";
/// How long the guide waits for the lock before a save fails (its edits stay queued for the
/// next): a save holds it for milliseconds, so a longer wait is another backspasm stuck.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a command (`backspasm log`) waits: there is no later save to retry with, and many
/// may be run at once.
pub const LOCK_TIMEOUT_COMMAND: Duration = Duration::from_secs(60);

/// Whether changes currently reach the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Saving,
    /// Not saving; the reason, one line, for the user.
    Memory(String),
}

/// Why a save (or the start of saving) failed. Every message names the path.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not saving: {reason}")]
    NotSaving { reason: String },
    #[error("could not create the state directory {}: {cause}", path.display())]
    CreateDir { path: PathBuf, cause: io::Error },
    #[error("could not lock {}: {cause}", path.display())]
    Lock { path: PathBuf, cause: io::Error },
    #[error("waited {} s for another backspasm to finish saving ({} is locked)", waited.as_secs(), path.display())]
    LockTimeout { path: PathBuf, waited: Duration },
    #[error("{} is {reason}: it is not read, and left as it is", path.display())]
    Unread { path: PathBuf, reason: String },
    #[error("could not read {}: {cause}", path.display())]
    Read { path: PathBuf, cause: io::Error },
    #[error("state file was written by a newer backspasm; not saving ({}, format v{found}, this one knows v{ours})", path.display())]
    Newer {
        path: PathBuf,
        found: u32,
        ours: u32,
    },
    #[error("{} is damaged ({reason}) and could not be backed up: {cause}", path.display())]
    Backup {
        path: PathBuf,
        reason: String,
        cause: io::Error,
    },
    #[error("could not encode the state for {}: {message}", path.display())]
    Encode { path: PathBuf, message: String },
    #[error("could not write {}: {cause}", path.display())]
    Write { path: PathBuf, cause: io::Error },
}

/// `--state-dir` > `$BACKSPASM_STATE_DIR` (if not empty) > XDG state dir > local data dir.
/// `None` when there is no home directory to put it in.
pub fn resolve_dir(explicit: Option<PathBuf>, env: Option<OsString>) -> Option<PathBuf> {
    explicit
        .or_else(|| env.filter(|v| !v.is_empty()).map(PathBuf::from))
        .or_else(|| {
            let dirs = directories::ProjectDirs::from("", "", "backspasm")?;
            Some(
                dirs.state_dir()
                    .unwrap_or(dirs.data_local_dir())
                    .to_path_buf(),
            )
        })
}

/// For a command that adds to the file and ends (`backspasm log`): under the lock, `change`
/// gets the file's text (through a symbolic link) and may give the new text, which is then
/// written as a save writes, and its value returned. Nothing is parsed here, so this costs the
/// same at years of diary as at a week's. `Ok(None)`: no file, not text, or `change` gave
/// nothing; save the usual way (which also reports whatever is wrong with the file).
pub fn rewrite<T>(
    dir: &Path,
    lock_timeout: Duration,
    change: impl FnOnce(&str) -> Option<(String, T)>,
) -> Result<Option<T>, StoreError> {
    let path = link_target(&dir.join(FILE_NAME));
    if !path.is_file() {
        return Ok(None);
    }
    let _lock = lock(&path, lock_timeout)?;
    let Ok(Some(bytes)) = read_file(&path) else {
        return Ok(None);
    };
    let Some((text, value)) = std::str::from_utf8(&bytes).ok().and_then(change) else {
        return Ok(None);
    };
    write_atomic(&path, text.as_bytes()).map_err(|cause| StoreError::Write { path, cause })?;
    Ok(Some(value))
}

/// Read the state in `dir` for a command that only reads (`summary`): no directory is made,
/// no lock taken, nothing moved, copied or written, so it works in a read-only directory and
/// never changes what a writer finds. The state (the default when there is no file yet) and
/// one line per part that could not be read; an `Err` when nothing could be.
pub fn read_only<S: Persist>(dir: &Path) -> Result<(S, Vec<String>), StoreError> {
    let path = link_target(&dir.join(FILE_NAME));
    let bytes = match read_file(&path) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return Ok((S::default(), Vec::new())),
        Err(cause) => return Err(read_error(&path, cause)),
    };
    decode_lenient::<S>(&bytes).map_err(|e| match e {
        DecodeError::Newer { found, ours } => StoreError::Newer { path, found, ours },
        DecodeError::TooLarge => too_large(path),
        damage => StoreError::Unread {
            path,
            reason: format!("damaged ({damage})"),
        },
    })
}

/// The handle on the state file. One per running instance.
pub struct Store<S: Persist> {
    /// Both `None` when no directory could be found.
    dir: Option<PathBuf>,
    path: Option<PathBuf>,
    status: Status,
    /// Never write again this session: no directory, or a file from a newer version.
    frozen: bool,
    /// Edits applied in memory but not yet on disk, oldest first.
    pending: Vec<S::Edit>,
    notices: Vec<String>,
    lock_timeout: Duration,
    /// The file as last read or written whole, while `current` and the queued edits are
    /// exactly that file and those edits: a save that finds the same bytes on disk neither
    /// parses them again nor merges (the edits are in `current` already).
    known: Option<Fingerprint>,
    /// Test hook: the write fails with "storage full" after this many bytes.
    #[cfg(test)]
    fail_write_after: Option<usize>,
}

impl<S: Persist> fmt::Debug for Store<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("status", &self.status)
            .field("unsaved", &self.pending.len())
            .finish_non_exhaustive()
    }
}

impl<S: Persist> Store<S> {
    /// Open the store in `dir` (from [`resolve_dir`]). Never fails: whatever goes wrong, the app
    /// starts, in memory if need be, and each problem is one line in the returned notices.
    pub fn open(dir: Option<PathBuf>) -> (Self, S, Vec<String>) {
        Self::open_waiting(dir, LOCK_TIMEOUT)
    }

    /// [`Store::open`], with saves waiting up to `lock_timeout` for another instance's lock.
    pub fn open_waiting(dir: Option<PathBuf>, lock_timeout: Duration) -> (Self, S, Vec<String>) {
        let mut store = Store {
            path: dir.as_ref().map(|d| d.join(FILE_NAME)),
            dir,
            status: Status::Saving,
            frozen: false,
            pending: Vec::new(),
            notices: Vec::new(),
            lock_timeout,
            known: None,
            #[cfg(test)]
            fail_write_after: None,
        };
        let state = store.load();
        let notices = std::mem::take(&mut store.notices);
        (store, state, notices)
    }

    /// Apply `edits` (already applied to `current` by the caller) to the file, under the lock.
    /// On success `current` becomes the merged state, other instances' changes included. On
    /// failure `current` is untouched, the status becomes `Memory(reason)`, and the edits stay
    /// queued for the next save.
    pub fn save(&mut self, current: &mut S, edits: &[S::Edit]) -> Result<(), StoreError> {
        let (Some(dir), Some(path)) = (self.dir.clone(), self.path.clone()) else {
            return Err(self.refusal());
        };
        if self.frozen {
            return Err(self.refusal());
        }
        self.pending.extend_from_slice(edits);
        match self.sync(current, &dir, &path) {
            Ok(()) => {
                self.status = Status::Saving;
                Ok(())
            }
            Err(e) => {
                if matches!(e, StoreError::Newer { .. } | StoreError::Unread { .. }) {
                    // Nothing this version writes may replace that file.
                    self.frozen = true;
                    self.pending.clear();
                }
                self.status = Status::Memory(one_line(&e.to_string()));
                Err(e)
            }
        }
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    /// The state file, or `None` when there is no state directory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// How many edits are in memory only.
    pub fn unsaved(&self) -> usize {
        self.pending.len()
    }

    /// Notices raised by saves since the last call (one line each).
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    fn refusal(&self) -> StoreError {
        let reason = match &self.status {
            Status::Memory(reason) => reason.clone(),
            Status::Saving => "no state directory".to_string(),
        };
        StoreError::NotSaving { reason }
    }

    fn not_saving(&mut self, reason: String) {
        let reason = one_line(&reason);
        self.notices
            .push(format!("progress is not being saved: {reason}"));
        self.status = Status::Memory(reason);
    }

    fn load(&mut self) -> S {
        let (Some(dir), Some(link)) = (self.dir.clone(), self.path.clone()) else {
            self.frozen = true;
            self.not_saving(
                "no state directory was found (set BACKSPASM_STATE_DIR or pass --state-dir)"
                    .to_string(),
            );
            return S::default();
        };
        if let Err(e) = ensure_dir(&dir) {
            self.not_saving(e.to_string());
            return S::default();
        }
        // Read without the lock (renames are atomic: the old file or the new one); the lock is
        // taken only to keep a copy, and then the file is read again under it.
        let path = link_target(&link);
        let bytes = match read_file(&path) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                if let Err(e) = lock_file(&path) {
                    self.not_saving(e.to_string());
                }
                return S::default();
            }
            Err(cause) if cause.kind() == io::ErrorKind::FileTooLarge => {
                self.freeze(too_large(path));
                return S::default();
            }
            Err(cause) => {
                // It cannot be copied either: say that it stays as it is.
                let e = StoreError::Read { path, cause };
                self.not_saving(format!("{e}; it is left as it is"));
                return S::default();
            }
        };
        match decode_lenient::<S>(&bytes) {
            Ok((state, dropped)) if dropped.is_empty() => {
                if let Err(e) = lock_file(&path) {
                    self.not_saving(e.to_string());
                }
                self.known = Some(Fingerprint::of(&bytes));
                state
            }
            Ok((state, dropped)) => {
                let kept = self.locked_as_read(&path, &bytes).and_then(|_held| {
                    keep_copy(&path, &bytes).map_err(|cause| StoreError::Backup {
                        path: path.clone(),
                        reason: "parts could not be read".to_string(),
                        cause,
                    })
                });
                match kept {
                    Ok((bak, _)) => self.notices.push(dropped_notice(&dropped, &bak)),
                    // Saves stay off until a copy is kept: the next save tries again.
                    Err(e) => self.not_saving(format!(
                        "part of {} could not be read (dropped: {}) and no copy of it is kept yet ({e})",
                        path.display(),
                        describe(&dropped)
                    )),
                }
                state
            }
            Err(DecodeError::Newer { found, ours }) => {
                self.freeze(StoreError::Newer { path, found, ours });
                S::default()
            }
            Err(DecodeError::TooLarge) => {
                self.freeze(too_large(path));
                S::default()
            }
            Err(damage) => {
                let reason = damage.to_string();
                match self.locked_as_read(&path, &bytes) {
                    Ok(_held) => match back_up(&path) {
                        Ok(bak) => self.notices.push(damaged_notice(&reason, &bak)),
                        Err(cause) => self.not_saving(
                            StoreError::Backup {
                                path,
                                reason,
                                cause,
                            }
                            .to_string(),
                        ),
                    },
                    // Left in place; a later save backs it up before writing.
                    Err(e) => self.not_saving(format!(
                        "{} is damaged ({reason}) and cannot be backed up yet ({e})",
                        path.display()
                    )),
                }
                S::default()
            }
        }
    }

    /// The lock, if the file still holds `bytes` under it (another instance may have saved
    /// since they were read: then nothing read before is worth keeping or moving).
    fn locked_as_read(&self, path: &Path, bytes: &[u8]) -> Result<LockGuard, StoreError> {
        let held = lock(path, self.lock_timeout)?;
        match read_file(path) {
            Ok(Some(now)) if now == bytes => Ok(held),
            _ => Err(StoreError::NotSaving {
                reason: format!("{} changed while it was read", path.display()),
            }),
        }
    }

    /// Never write this session: the file is not ours to replace.
    fn freeze(&mut self, e: StoreError) {
        self.frozen = true;
        self.status = Status::Memory(one_line(&e.to_string()));
        self.notices.push(e.to_string());
    }

    /// Lock, re-read, merge, write. On error nothing on disk has changed except, possibly, a
    /// damaged file moved to a backup.
    fn sync(&mut self, current: &mut S, dir: &Path, link: &Path) -> Result<(), StoreError> {
        ensure_dir(dir)?;
        // Through a symbolic link: its target is read and written (the link stays a link).
        let path = &link_target(link);
        let _lock = lock(path, self.lock_timeout)?;
        let read = read_file(path).map_err(|cause| read_error(path, cause))?;
        // `None`: the disk has nothing to merge with, so `current` is the whole story.
        let merged = match read {
            None => None,
            // As last read or written: `current` is that file with the queued edits applied.
            Some(bytes) if self.known == Some(Fingerprint::of(&bytes)) => {
                if self.pending.is_empty() {
                    return Ok(());
                }
                None
            }
            Some(bytes) => match decode_lenient::<S>(&bytes) {
                Ok((mut disk, dropped)) => {
                    if self.pending.is_empty() && dropped.is_empty() {
                        *current = disk;
                        self.known = Some(Fingerprint::of(&bytes));
                        return Ok(());
                    }
                    if !dropped.is_empty() {
                        // Written over below: the file as it was is kept first.
                        let (bak, new) =
                            keep_copy(path, &bytes).map_err(|cause| StoreError::Backup {
                                path: path.to_path_buf(),
                                reason: "parts could not be read".to_string(),
                                cause,
                            })?;
                        if new {
                            self.notices.push(dropped_notice(&dropped, &bak));
                        }
                    }
                    for edit in &self.pending {
                        disk.apply(edit);
                    }
                    Some(disk)
                }
                Err(DecodeError::Newer { found, ours }) => {
                    return Err(StoreError::Newer {
                        path: path.to_path_buf(),
                        found,
                        ours,
                    });
                }
                Err(DecodeError::TooLarge) => return Err(too_large(path.to_path_buf())),
                Err(damage) => {
                    // Damaged while we ran (a hand edit?): keep it, then write what we know.
                    let reason = damage.to_string();
                    let bak = back_up(path).map_err(|cause| StoreError::Backup {
                        path: path.to_path_buf(),
                        reason: reason.clone(),
                        cause,
                    })?;
                    self.notices.push(damaged_notice(&reason, &bak));
                    None
                }
            },
        };
        let text = encode(merged.as_ref().unwrap_or(current)).map_err(|e| StoreError::Encode {
            path: path.to_path_buf(),
            message: one_line(&e.to_string()),
        })?;
        write_atomic_with(path, text.as_bytes(), self.writer()).map_err(|cause| {
            StoreError::Write {
                path: path.to_path_buf(),
                cause,
            }
        })?;
        // We hold the lock, so no one else is mid-write: any temp file is a crash's leftover.
        remove_leftover_temps(path.parent().unwrap_or(dir));
        self.pending.clear();
        if let Some(merged) = merged {
            *current = merged;
        }
        self.known = Some(Fingerprint::of(text.as_bytes()));
        Ok(())
    }

    #[cfg(not(test))]
    fn writer(&self) -> impl FnMut(&mut File, &[u8]) -> io::Result<()> + use<S> {
        |file: &mut File, bytes: &[u8]| file.write_all(bytes)
    }

    #[cfg(test)]
    fn writer(&self) -> impl FnMut(&mut File, &[u8]) -> io::Result<()> + use<S> {
        let limit = self.fail_write_after;
        move |file: &mut File, bytes: &[u8]| match limit {
            None => file.write_all(bytes),
            Some(n) => {
                file.write_all(&bytes[..n.min(bytes.len())])?;
                Err(io::Error::new(
                    io::ErrorKind::StorageFull,
                    "no space left on device (injected)",
                ))
            }
        }
    }
}

/// What happened first, then where the old file went, then the details (a notice may be cut).
fn damaged_notice(reason: &str, bak: &Path) -> String {
    one_line(&format!(
        "state file was damaged: started fresh, old one kept as {} ({reason})",
        bak.display()
    ))
}

/// What matters first (a notice may be cut at the screen's edge): part of it is gone, the
/// rest is there, a copy is kept. Then what was dropped.
fn dropped_notice(dropped: &[String], bak: &Path) -> String {
    one_line(&format!(
        "part of the state file could not be read: kept the rest, and a copy of the file as it \
         was in {}. Dropped: {}",
        bak.display(),
        describe(dropped)
    ))
}

/// What was dropped: the first few named, the rest counted.
fn describe(dropped: &[String]) -> String {
    const NAMED: usize = 3;
    let mut text = dropped[..dropped.len().min(NAMED)].join("; ");
    if dropped.len() > NAMED {
        text.push_str(&format!("; and {} more", dropped.len() - NAMED));
    }
    text
}

/// A file over [`MAX_FILE_BYTES`]: not damage, and never replaced or moved.
fn too_large(path: PathBuf) -> StoreError {
    StoreError::Unread {
        path,
        reason: format!(
            "larger than {} MiB, the most this version of backspasm reads",
            MAX_FILE_BYTES >> 20
        ),
    }
}

/// Why `path` could not be read: too large (left alone for good), or the system's reason.
fn read_error(path: &Path, cause: io::Error) -> StoreError {
    let path = path.to_path_buf();
    match cause.kind() {
        io::ErrorKind::FileTooLarge => too_large(path),
        _ => StoreError::Read { path, cause },
    }
}

/// Bytes told apart without keeping them: their length and a 64-bit hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: usize,
    hash: u64,
}

impl Fingerprint {
    fn of(bytes: &[u8]) -> Fingerprint {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        bytes.hash(&mut h);
        Fingerprint {
            len: bytes.len(),
            hash: h.finish(),
        }
    }
}

#[cfg(all(test, unix))]
mod tests;
