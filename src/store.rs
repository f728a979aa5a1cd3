//! The state file. This is the only code that reads or writes it.
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
//! - [`decode`] / [`encode`]: pure, no I/O. [`decode_lenient`]: what the store reads (the
//!   fuzz entry point): `decode`, or the parts that can be read and a line per part dropped.
//!
//! # Format
//! `state.ron`: a comment line, then RON in a versioned envelope `(version: N, state: (...))`,
//! then a check line: the FNV-1a sum of everything before it ([`checked`]).
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
//! - Atomic writes: a unique temp file (0600 from creation) in the same directory, fsync, rename,
//!   fsync the directory. Readers need no lock: they see the old file or the new one. A save
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

use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use backspasm_core::state::format::one_line;
pub use backspasm_core::state::format::{
    Checksum, DecodeError, MAX_FILE_BYTES, Persist, check_line, checked, decode, decode_lenient,
    encode, with_check, with_sum,
};

use crate::special_file;

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

/// Where `path` leads through symbolic links (even to a file not there yet): `path` itself
/// when it is not a link. Writing there keeps the link a link.
pub fn link_target(path: &Path) -> PathBuf {
    let mut target = path.to_path_buf();
    // As many links as the kernel follows before it gives up (ELOOP).
    for _ in 0..40 {
        match fs::read_link(&target) {
            Ok(next) => target = target.parent().unwrap_or(Path::new("")).join(next),
            Err(_) => break,
        }
    }
    target
}

/// Create `dir` (0700) if missing; parents get the usual mode.
fn ensure_dir(dir: &Path) -> Result<(), StoreError> {
    let fail = |cause| StoreError::CreateDir {
        path: dir.to_path_buf(),
        cause,
    };
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => return Err(fail(io::Error::other("it exists and is not a directory"))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(fail(e)),
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent).map_err(fail)?;
    }
    match private_dir_builder().create(dir) {
        Err(e) if !(e.kind() == io::ErrorKind::AlreadyExists && dir.is_dir()) => Err(fail(e)),
        _ => Ok(()),
    }
}

/// The file's bytes, `None` if there is no file. Reads one byte past the limit so that
/// `decode` sees the file is too large. Anything but a regular file (a directory, a named
/// pipe, a device) is an error at once: opened without blocking, so a pipe with no writer
/// cannot hang the app, and never read.
fn read_file(path: &Path) -> io::Result<Option<Vec<u8>>> {
    let file = match open_regular(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let len = file.metadata()?.len();
    if len > MAX_FILE_BYTES as u64 {
        // Not read at all: see `too_large`.
        return Err(io::ErrorKind::FileTooLarge.into());
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// `path` opened for reading if it is a regular file; otherwise an error saying what it is.
/// Never blocks (a named pipe without a writer would, opened the usual way).
fn open_regular(path: &Path) -> io::Result<File> {
    let file = special_file::open(path)?;
    match special_file::kind(&file.metadata()?) {
        None => Ok(file),
        Some(kind) => Err(io::Error::other(format!(
            "it is {kind}, not a regular file"
        ))),
    }
}

/// Held while alive; dropping the file releases the lock.
struct LockGuard {
    _file: Option<File>,
}

/// The lock file of the state file `path`: beside it (beside a link's target).
fn lock_path(path: &Path) -> PathBuf {
    path.with_file_name(LOCK_NAME)
}

/// The lock file of `path`, created if missing (it can be, to save at all).
fn lock_file(path: &Path) -> Result<File, StoreError> {
    let lock = lock_path(path);
    private_file_options()
        .create(true)
        .truncate(false)
        .open(&lock)
        .map_err(|cause| StoreError::Lock { path: lock, cause })
}

/// Exclusive lock for the state file `path`. The lock file is never deleted: deleting lock
/// files lets two processes lock two different files.
fn lock(path: &Path, timeout: Duration) -> Result<LockGuard, StoreError> {
    let file = lock_file(path)?;
    let path = lock_path(path);
    let fail = |cause| StoreError::Lock {
        path: path.clone(),
        cause,
    };
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(LockGuard { _file: Some(file) }),
            Err(TryLockError::WouldBlock) if start.elapsed() < timeout => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(20));
            }
            Err(TryLockError::WouldBlock) => {
                return Err(StoreError::LockTimeout {
                    path,
                    waited: start.elapsed(),
                });
            }
            // A filesystem without locks (some network mounts): saving unlocked still writes
            // atomically; only two instances saving at the same instant could lose an edit.
            Err(TryLockError::Error(e)) if lock_unsupported(&e) => {
                return Ok(LockGuard { _file: None });
            }
            Err(TryLockError::Error(e)) => return Err(fail(e)),
        }
    }
}

fn lock_unsupported(e: &io::Error) -> bool {
    const ENOLCK: i32 = 37; // Linux; other systems report Unsupported
    e.kind() == io::ErrorKind::Unsupported
        || (cfg!(target_os = "linux") && e.raw_os_error() == Some(ENOLCK))
}

/// Move a damaged file to the first free `NAME.bak`, `NAME.1.bak`, ... A hard link + unlink
/// cannot clobber an existing backup the way a rename could.
fn back_up(path: &Path) -> io::Result<PathBuf> {
    for bak in backup_names(path) {
        match fs::hard_link(path, &bak) {
            Ok(()) => {
                return match fs::remove_file(path) {
                    Ok(()) => Ok(bak),
                    Err(e) => {
                        let _ = fs::remove_file(&bak);
                        Err(e)
                    }
                };
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            // No hard links on this filesystem: check, then rename (we hold the lock).
            Err(_) if fs::symlink_metadata(&bak).is_ok() => {}
            Err(_) => {
                fs::rename(path, &bak)?;
                return Ok(bak);
            }
        }
    }
    Err(io::Error::other("too many backups already"))
}

/// Keep `bytes` (what was read from `path`) in the first `NAME.bak`, `NAME.1.bak`, ... that
/// is free, unless one already holds exactly these bytes (then `false`: nothing new). The
/// file itself stays. A new backup is created, never replaced.
fn keep_copy(path: &Path, bytes: &[u8]) -> io::Result<(PathBuf, bool)> {
    for bak in backup_names(path) {
        match private_file_options().create_new(true).open(&bak) {
            Ok(mut file) => {
                let written = file.write_all(bytes).and_then(|()| fsync(&file, &bak));
                if let Err(e) = written {
                    let _ = fs::remove_file(&bak);
                    return Err(e);
                }
                sync_dir(path.parent().unwrap_or(Path::new(".")));
                return Ok((bak, true));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                if fs::read(&bak).is_ok_and(|old| old == bytes) {
                    return Ok((bak, false));
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many backups already"))
}

/// `NAME.bak`, `NAME.1.bak`, ... `NAME.999.bak`.
fn backup_names(path: &Path) -> impl Iterator<Item = PathBuf> {
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let path = path.to_path_buf();
    (0..1000).map(move |n| {
        path.with_file_name(if n == 0 {
            format!("{name}.bak")
        } else {
            format!("{name}.{n}.bak")
        })
    })
}

/// Make a rename or a new file in `dir` survive a power cut. Some filesystems refuse to sync
/// a directory, so a failure is not worth reporting.
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = fsync(&d, dir);
    }
}

/// Every fsync of the store goes through here (`path` is what `file` is), so the tests can
/// see that they happen, and in which order with the renames.
fn fsync(file: &File, path: &Path) -> io::Result<()> {
    file.sync_all()?;
    disk_log::record("fsync", path);
    Ok(())
}

/// What the store made durable, in order: fsyncs and renames (test builds only).
pub(crate) mod disk_log {
    use std::path::Path;

    #[cfg(test)]
    thread_local! {
        static LOG: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    }

    #[cfg(test)]
    pub fn record(what: &str, path: &Path) {
        LOG.with(|log| log.borrow_mut().push(format!("{what} {}", path.display())));
    }

    #[cfg(not(test))]
    pub fn record(_: &str, _: &Path) {}

    /// This thread's log since the last call.
    #[cfg(test)]
    pub(crate) fn take() -> Vec<String> {
        LOG.with(|log| std::mem::take(&mut *log.borrow_mut()))
    }
}

/// Replace the file `path` whole, so that whatever fails when, it holds either the old or the
/// new bytes: a new private (0600) temp file beside it, fsync, rename over it, fsync the
/// directory. `path` itself is replaced (a symbolic link there is replaced, not followed).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`] with `writer` putting the bytes into the temp file; tests pass one that
/// fails part way.
fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    mut writer: impl FnMut(&mut File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    let (tmp, mut file) = create_temp(dir, name)?;
    let result = writer(&mut file, bytes)
        .and_then(|()| fsync(&file, &tmp))
        .and_then(|()| fs::rename(&tmp, path))
        .map(|()| disk_log::record("rename", path));
    drop(file);
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    // The rename is done; this only makes it survive a power cut.
    sync_dir(dir);
    Ok(())
}

/// A new, private temp file for `dir/name`, with a name no other writer uses.
fn create_temp(dir: &Path, name: &std::ffi::OsStr) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut temp = OsString::from(".");
        temp.push(name);
        temp.push(format!(".tmp-{}-{n}", std::process::id()));
        let tmp = dir.join(temp);
        match private_file_options().create_new(true).open(&tmp) {
            // A leftover from a crashed process that had our pid: take the next number.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            other => return other.map(|file| (tmp, file)),
        }
    }
}

fn remove_leftover_temps(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Write options for files only we may read: 0600 from the moment they exist.
fn private_file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

fn private_dir_builder() -> fs::DirBuilder {
    #[allow(unused_mut)]
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};
    use std::collections::BTreeMap;
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};

    /// A toy state at format v2; v1 only had the log.
    #[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
    struct Toy {
        counters: BTreeMap<String, u32>,
        log: Vec<String>,
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Inc(String),
        Push(String),
    }
    use Edit::{Inc, Push};

    impl Persist for Toy {
        type Edit = Edit;
        const VERSION: u32 = 2;
        fn apply(&mut self, edit: &Edit) {
            match edit {
                Inc(k) => {
                    let n = self.counters.entry(k.clone()).or_default();
                    *n = n.saturating_add(1);
                }
                Push(s) => self.log.push(s.clone()),
            }
        }
        fn upgrade(from: u32, state: &str) -> Result<Self, String> {
            #[derive(Deserialize)]
            struct V1 {
                log: Vec<String>,
            }
            match from {
                1 => {
                    let v1: V1 = ron::from_str(state).map_err(|e| e.to_string())?;
                    Ok(Toy {
                        counters: BTreeMap::new(),
                        log: v1.log,
                    })
                }
                _ => Err(format!("no upgrade from v{from}")),
            }
        }
    }

    fn open(dir: &Path) -> (Store<Toy>, Toy, Vec<String>) {
        Store::open(Some(dir.to_path_buf()))
    }

    /// What the app does: apply in memory first, then save.
    fn change(store: &mut Store<Toy>, state: &mut Toy, edits: &[Edit]) -> Result<(), StoreError> {
        for e in edits {
            state.apply(e);
        }
        store.save(state, edits)
    }

    fn toy(counters: &[(&str, u32)], log: &[&str]) -> Toy {
        Toy {
            counters: counters.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            log: log.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn mode(p: &Path) -> u32 {
        fs::metadata(p)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0)
    }

    fn temps(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(TEMP_PREFIX))
            .collect()
    }

    fn is_memory(store: &Store<Toy>) -> bool {
        matches!(store.status(), Status::Memory(_))
    }

    #[test]
    fn round_trip() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut store, mut state, notices) = open(tmp.path());
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(state, Toy::default());
        change(
            &mut store,
            &mut state,
            &[
                Inc("a".into()),
                Inc("a".into()),
                Push("x \"q\"\nnl é".into()),
            ],
        )
        .unwrap();
        assert_eq!(store.status(), &Status::Saving);
        assert_eq!(store.unsaved(), 0);
        let (_, again, notices) = open(tmp.path());
        assert!(notices.is_empty());
        assert_eq!(again, toy(&[("a", 2)], &["x \"q\"\nnl é"]));
        assert_eq!(store.path(), Some(tmp.path().join("state.ron").as_path()));
    }

    #[test]
    fn format_is_versioned_readable_ron() {
        let text = encode(&toy(&[("a", 1)], &["x"])).unwrap();
        assert_eq!(
            text,
            "// backspasm state. Written by backspasm; delete it to start over.\n\
             (\n    version: 2,\n    state: (\n        counters: {\n            \"a\": 1,\n        },\n        \
             log: [\n            \"x\",\n        ],\n    ),\n)\n// check: 857337d84cd40b64\n"
        );
        assert!(checked(&text).is_some());
        assert_eq!(checked(&text.replace("\"x\"", "\"y\"")), None, "an edit");
        assert_eq!(checked(&text[..text.len() - 2]), None, "cut");
        assert_eq!(decode::<Toy>(text.as_bytes()), Ok(toy(&[("a", 1)], &["x"])));
        // Hand-written and compact: still fine.
        assert_eq!(
            decode::<Toy>(b"(version:2,state:(counters:{},log:[]))"),
            Ok(Toy::default())
        );
    }

    #[test]
    fn older_version_is_upgraded_or_kept_as_backup() {
        assert_eq!(
            decode::<Toy>(b"(version: 1, state: (log: [\"old\"]))"),
            Ok(toy(&[], &["old"]))
        );
        assert!(matches!(
            decode::<Toy>(b"(version: 0, state: ())"),
            Err(DecodeError::Upgrade { from: 0, .. })
        ));
        let tmp = tempfile::tempdir().unwrap();
        fs::write(
            tmp.path().join("state.ron"),
            "(version: 1, state: (log: [\"old\"]))",
        )
        .unwrap();
        let (mut store, mut state, notices) = open(tmp.path());
        assert!(notices.is_empty());
        assert_eq!(state, toy(&[], &["old"]));
        change(&mut store, &mut state, &[Push("new".into())]).unwrap();
        let on_disk = fs::read_to_string(tmp.path().join("state.ron")).unwrap();
        assert!(on_disk.contains("version: 2"), "{on_disk}");
        assert_eq!(
            decode::<Toy>(on_disk.as_bytes()),
            Ok(toy(&[], &["old", "new"]))
        );
    }

    #[test]
    fn open_creates_missing_dir_0700() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b/backspasm");
        let (store, _, notices) = open(&dir);
        assert!(notices.is_empty(), "{notices:?}");
        assert!(dir.is_dir());
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(store.status(), &Status::Saving);
    }

    #[test]
    fn existing_dir_mode_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let (mut store, mut state, _) = open(tmp.path());
        change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
        assert_eq!(mode(tmp.path()), 0o755);
    }

    #[test]
    fn files_are_0600() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.ron");
        // A pre-existing file with a loose mode is replaced by a private one.
        fs::write(&path, encode(&Toy::default()).unwrap()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let (mut store, mut state, _) = open(tmp.path());
        change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&tmp.path().join("state.lock")), 0o600);
    }

    #[test]
    fn corrupt_file_is_backed_up_and_backups_are_never_clobbered() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.ron");
        let bak0 = tmp.path().join("state.ron.bak");
        let bak1 = tmp.path().join("state.ron.1.bak");

        fs::write(&path, "(version: 2, state: (counters: {\"a\": ").unwrap();
        let (mut store, mut state, notices) = open(tmp.path());
        assert_eq!(state, Toy::default());
        assert_eq!(store.status(), &Status::Saving);
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(
            notices[0].contains(&bak0.display().to_string()),
            "{notices:?}"
        );
        assert!(!notices[0].contains('\n'));
        assert_eq!(
            fs::read_to_string(&bak0).unwrap(),
            "(version: 2, state: (counters: {\"a\": "
        );
        assert!(!path.exists());
        change(&mut store, &mut state, &[Inc("a".into())]).unwrap();

        // Wrong shape this time: the first backup stays, the second gets its own name.
        fs::write(&path, "(version: 2, state: (counters: \"nope\"))").unwrap();
        let (_, state, notices) = open(tmp.path());
        assert_eq!(state, Toy::default());
        assert!(
            notices[0].contains(&bak1.display().to_string()),
            "{notices:?}"
        );
        assert_eq!(
            fs::read_to_string(&bak0).unwrap(),
            "(version: 2, state: (counters: {\"a\": "
        );
        assert_eq!(
            fs::read_to_string(&bak1).unwrap(),
            "(version: 2, state: (counters: \"nope\"))"
        );
    }

    #[test]
    fn invalid_utf8_empty_and_truncated_files_are_corrupt() {
        let good = encode(&toy(&[("a", 1)], &["x"])).unwrap();
        for (i, bytes) in [
            b"(version: 2, \xff\xfe)".to_vec(),
            Vec::new(),
            good.as_bytes()[..20].to_vec(),
        ]
        .into_iter()
        .enumerate()
        {
            let tmp = tempfile::tempdir().unwrap();
            fs::write(tmp.path().join("state.ron"), &bytes).unwrap();
            let (mut store, mut state, notices) = open(tmp.path());
            assert_eq!(state, Toy::default(), "case {i}");
            assert_eq!(notices.len(), 1, "case {i}: {notices:?}");
            assert_eq!(
                fs::read(tmp.path().join("state.ron.bak")).unwrap(),
                bytes,
                "case {i}"
            );
            change(&mut store, &mut state, &[Inc("b".into())]).unwrap();
        }
        assert!(matches!(
            decode::<Toy>(b"\xff"),
            Err(DecodeError::NotUtf8 { offset: 0 })
        ));
        // Every prefix of a good file is either an error or (only the newline cut) the same state.
        for n in 0..good.len() {
            match decode::<Toy>(&good.as_bytes()[..n]) {
                Ok(s) => assert_eq!(s, toy(&[("a", 1)], &["x"]), "prefix {n}"),
                Err(DecodeError::Syntax(_)) => {}
                Err(e) => panic!("prefix {n}: {e}"),
            }
        }
    }

    #[test]
    fn version_is_found_whatever_the_state_holds() {
        let text = r##"(version: 3, state: (a: Some(Foo(1, B(x: 2.5))), b: None, c: Unit,
            d: 'c', e: r#"raw"#, f: [1, -2], g: {1: (x: "y")}, h: (), i: true))"##;
        assert_eq!(
            decode::<Toy>(text.as_bytes()),
            Err(DecodeError::Newer { found: 3, ours: 2 })
        );
        let old = r#"(version: 1, state: (log: ["a"], gone: Some(Foo(x: 1))))"#;
        assert_eq!(decode::<Toy>(old.as_bytes()), Ok(toy(&[], &["a"])));
    }

    #[test]
    fn too_large_file_is_corrupt() {
        // Zeroed, so never touched: no 256 MiB written for a test.
        let big = vec![0u8; MAX_FILE_BYTES + 1];
        assert_eq!(decode::<Toy>(&big), Err(DecodeError::TooLarge));
    }

    #[test]
    fn newer_version_is_never_overwritten() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.ron");
        let newer = "(version: 3, state: (something: [\"else\"]))";
        fs::write(&path, newer).unwrap();
        let (mut store, mut state, notices) = open(tmp.path());
        assert_eq!(state, Toy::default());
        assert!(is_memory(&store));
        assert_eq!(notices.len(), 1);
        assert!(
            notices[0].contains("state file was written by a newer backspasm; not saving"),
            "{notices:?}"
        );
        let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
        assert!(matches!(err, StoreError::NotSaving { .. }), "{err}");
        assert_eq!(state, toy(&[("a", 1)], &[]));
        assert_eq!(fs::read_to_string(&path).unwrap(), newer);
        assert!(!tmp.path().join("state.ron.bak").exists());
    }

    #[test]
    fn newer_version_appearing_while_running_freezes_saving() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.ron");
        let (mut store, mut state, _) = open(tmp.path());
        change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
        fs::write(&path, "(version: 9, state: ())").unwrap();
        let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
        assert!(matches!(err, StoreError::Newer { found: 9, .. }), "{err}");
        assert!(err.to_string().contains(&path.display().to_string()));
        assert!(is_memory(&store));
        assert_eq!(state, toy(&[("a", 2)], &[]));
        // Even once it is gone again, this session does not write.
        fs::remove_file(&path).unwrap();
        assert!(change(&mut store, &mut state, &[]).is_err());
        assert!(!path.exists());
    }

    /// The file exists but cannot be read: run in memory, never write over it.
    fn assert_unreadable_is_respected(
        dir: &Path,
        before: &dyn Fn() -> Vec<u8>,
    ) -> (Store<Toy>, Toy) {
        let (mut store, mut state, notices) = open(dir);
        assert!(is_memory(&store));
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(
            notices[0].starts_with("progress is not being saved: could not read "),
            "{notices:?}"
        );
        let old = before();
        let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
        assert!(matches!(err, StoreError::Read { .. }), "{err}");
        assert_eq!(state, toy(&[("a", 1)], &[]));
        assert_eq!(before(), old);
        assert!(temps(dir).is_empty());
        (store, state)
    }

    #[test]
    fn unreadable_file_chmod_000() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.ron");
        fs::write(&path, encode(&toy(&[("keep", 7)], &[])).unwrap()).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        if File::open(&path).is_ok() {
            eprintln!(
                "note: skipping unreadable_file_chmod_000: this user can read a mode-000 file (root?)"
            );
            return;
        }
        let (mut store, mut state) = assert_unreadable_is_respected(tmp.path(), &|| {
            assert_eq!(mode(&path), 0o000);
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
            let bytes = fs::read(&path).unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
            bytes
        });
        // Readable again: the queued edit lands on top of the good data.
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        store.save(&mut state, &[]).unwrap();
        assert_eq!(state, toy(&[("a", 1), ("keep", 7)], &[]));
        assert_eq!(open(tmp.path()).1, state);
    }

    #[test]
    fn unreadable_file_that_is_a_directory() {
        // Blocks root too.
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.ron");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("precious"), "data").unwrap();
        let _ = assert_unreadable_is_respected(tmp.path(), &|| {
            fs::read(path.join("precious")).unwrap()
        });
        assert!(path.is_dir());
    }

    #[test]
    fn queued_edits_land_on_good_data_once_readable() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.ron");
        fs::create_dir(&path).unwrap();
        let (mut store, mut state, _) = open(tmp.path());
        assert!(change(&mut store, &mut state, &[Inc("a".into())]).is_err());
        assert!(change(&mut store, &mut state, &[Push("p".into())]).is_err());
        assert_eq!(store.unsaved(), 2);
        // The "unreadable" thing is replaced by good data from another instance.
        fs::remove_dir(&path).unwrap();
        fs::write(&path, encode(&toy(&[("a", 5), ("keep", 1)], &[])).unwrap()).unwrap();
        change(&mut store, &mut state, &[]).unwrap();
        assert_eq!(store.status(), &Status::Saving);
        assert_eq!(state, toy(&[("a", 6), ("keep", 1)], &["p"]));
        assert_eq!(open(tmp.path()).1, state);
    }

    #[test]
    fn unwritable_dir_parent_is_a_file() {
        // Blocks root too.
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("file"), "").unwrap();
        let dir = tmp.path().join("file/backspasm");
        let (mut store, mut state, notices) = open(&dir);
        assert!(is_memory(&store));
        assert_eq!(notices.len(), 1);
        assert!(
            notices[0]
                .starts_with("progress is not being saved: could not create the state directory ")
        );
        assert!(notices[0].contains(&dir.display().to_string()));
        let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
        assert!(
            err.to_string().contains(&dir.display().to_string()),
            "{err}"
        );
        assert_eq!(state, toy(&[("a", 1)], &[]));
        assert!(is_memory(&store));
    }

    #[test]
    fn unwritable_dir_chmod_500() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("ro");
        fs::create_dir(&dir).unwrap();
        fs::write(
            dir.join("state.ron"),
            encode(&toy(&[("keep", 1)], &[])).unwrap(),
        )
        .unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o500)).unwrap();
        if File::create(dir.join("probe")).is_ok() {
            eprintln!(
                "note: skipping unwritable_dir_chmod_500: this user can write a mode-500 dir (root?)"
            );
            return;
        }
        let (mut store, mut state, notices) = open(&dir);
        // The data is still read; only saving is off.
        assert_eq!(state, toy(&[("keep", 1)], &[]));
        assert!(is_memory(&store));
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(change(&mut store, &mut state, &[Inc("a".into())]).is_err());
        assert_eq!(state, toy(&[("a", 1), ("keep", 1)], &[]));
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
        change(&mut store, &mut state, &[]).unwrap();
        assert_eq!(open(&dir).1, toy(&[("a", 1), ("keep", 1)], &[]));
    }

    #[test]
    fn dir_gone_while_running_then_back() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("d");
        let (mut store, mut state, _) = open(&dir);
        change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        fs::write(&dir, "a file where the dir was").unwrap();
        let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
        assert!(
            err.to_string().contains(&dir.display().to_string()),
            "{err}"
        );
        assert!(is_memory(&store));
        assert_eq!(state, toy(&[("a", 2)], &[]));
        fs::remove_file(&dir).unwrap();
        // Back: nothing on disk, so the whole in-memory state is written.
        change(&mut store, &mut state, &[Push("p".into())]).unwrap();
        assert_eq!(store.status(), &Status::Saving);
        assert_eq!(open(&dir).1, toy(&[("a", 2)], &["p"]));
    }

    #[test]
    fn no_dir_at_all() {
        let (mut store, mut state, notices) = Store::<Toy>::open(None);
        assert!(is_memory(&store));
        assert!(store.path().is_none());
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("BACKSPASM_STATE_DIR"));
        assert!(matches!(
            change(&mut store, &mut state, &[Inc("a".into())]),
            Err(StoreError::NotSaving { .. })
        ));
        assert_eq!(state, toy(&[("a", 1)], &[]));
    }

    #[test]
    fn interrupted_write_at_every_byte_leaves_old_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.ron");
        let old_state = toy(&[("a", 1)], &["old"]);
        let old = encode(&old_state).unwrap();
        fs::write(&path, &old).unwrap();
        let new_len = encode(&toy(&[("a", 2)], &["old", "new"])).unwrap().len();

        let (mut store, mut state, _) = open(tmp.path());
        let edits = [Inc("a".into()), Push("new".into())];
        for e in &edits {
            state.apply(e);
        }
        for n in 0..=new_len {
            store.fail_write_after = Some(n);
            let pending: &[Edit] = if n == 0 { &edits } else { &[] };
            let err = store.save(&mut state, pending).unwrap_err();
            assert!(
                matches!(&err, StoreError::Write { cause, .. } if cause.kind() == io::ErrorKind::StorageFull)
            );
            assert!(
                err.to_string().contains(&path.display().to_string()),
                "{err}"
            );
            assert_eq!(
                fs::read_to_string(&path).unwrap(),
                old,
                "fault after {n} bytes"
            );
            assert!(temps(tmp.path()).is_empty(), "fault after {n} bytes");
            assert!(is_memory(&store));
            assert_eq!(state, toy(&[("a", 2)], &["old", "new"]));
            assert_eq!(store.unsaved(), 2);
        }
        // Once the disk has room, the queued edits land exactly once.
        store.fail_write_after = None;
        store.save(&mut state, &[]).unwrap();
        assert_eq!(store.status(), &Status::Saving);
        assert_eq!(store.unsaved(), 0);
        assert_eq!(open(tmp.path()).1, toy(&[("a", 2)], &["old", "new"]));
    }

    #[test]
    fn write_atomic_with_failing_writer_keeps_old_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        fs::write(&path, "old").unwrap();
        let new = b"the new content";
        for n in 0..=new.len() {
            let r = write_atomic_with(&path, new, |f, b| {
                f.write_all(&b[..n])?;
                Err(io::Error::other("cut"))
            });
            assert!(r.is_err());
            assert_eq!(fs::read(&path).unwrap(), b"old");
            assert_eq!(
                fs::read_dir(tmp.path()).unwrap().count(),
                1,
                "a temp file is left"
            );
        }
        write_atomic(&path, new).unwrap();
        assert_eq!(fs::read(&path).unwrap(), new);
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn leftover_temp_files_are_ignored_then_cleaned() {
        let tmp = tempfile::tempdir().unwrap();
        let good = encode(&toy(&[("a", 1)], &[])).unwrap();
        fs::write(tmp.path().join("state.ron"), &good).unwrap();
        // A crash after writing half a temp file.
        let leftover = tmp.path().join(format!("{TEMP_PREFIX}999999-0"));
        fs::write(&leftover, &good[..10]).unwrap();
        let (mut store, mut state, notices) = open(tmp.path());
        assert!(notices.is_empty());
        assert_eq!(state, toy(&[("a", 1)], &[]));
        assert!(leftover.exists());
        change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
        assert!(temps(tmp.path()).is_empty());
        assert_eq!(open(tmp.path()).1, toy(&[("a", 2)], &[]));
    }

    #[test]
    fn damaged_while_running_is_backed_up_and_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut store, mut state, _) = open(tmp.path());
        change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
        fs::write(tmp.path().join("state.ron"), "oops").unwrap();
        change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
        let notices = store.take_notices();
        assert_eq!(notices.len(), 1);
        assert!(notices[0].contains("state.ron.bak"));
        assert_eq!(
            fs::read_to_string(tmp.path().join("state.ron.bak")).unwrap(),
            "oops"
        );
        assert_eq!(open(tmp.path()).1, toy(&[("a", 2)], &[]));
        assert!(store.take_notices().is_empty());
    }

    #[test]
    fn held_lock_times_out_then_edits_go_with_the_next_save() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut store, mut state, _) = open(tmp.path());
        store.lock_timeout = Duration::from_millis(30);
        let holder = File::open(tmp.path().join("state.lock")).unwrap();
        holder.lock().unwrap();
        let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
        assert!(matches!(err, StoreError::LockTimeout { .. }), "{err}");
        // It says what is going on (another backspasm saving), not that something is stuck.
        assert!(
            err.to_string()
                .starts_with("waited 0 s for another backspasm to finish saving ("),
            "{err}"
        );
        assert!(err.to_string().contains("state.lock"));
        assert!(is_memory(&store));
        drop(holder);
        change(&mut store, &mut state, &[Inc("b".into())]).unwrap();
        assert_eq!(open(tmp.path()).1, toy(&[("a", 1), ("b", 1)], &[]));
    }

    #[test]
    fn two_stores_interleaved_merge() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut a, mut sa, _) = open(tmp.path());
        let (mut b, mut sb, _) = open(tmp.path());
        change(&mut a, &mut sa, &[Push("a1".into()), Inc("a".into())]).unwrap();
        change(&mut b, &mut sb, &[Push("b1".into()), Inc("b".into())]).unwrap();
        // b picked up a's changes.
        assert_eq!(sb, toy(&[("a", 1), ("b", 1)], &["a1", "b1"]));
        change(&mut a, &mut sa, &[Push("a2".into()), Inc("b".into())]).unwrap();
        assert_eq!(sa, toy(&[("a", 1), ("b", 2)], &["a1", "b1", "a2"]));
        // A save with no edits only refreshes, without writing.
        let before = fs::read(tmp.path().join("state.ron")).unwrap();
        b.save(&mut sb, &[]).unwrap();
        assert_eq!(sb, sa);
        assert_eq!(fs::read(tmp.path().join("state.ron")).unwrap(), before);
        assert_eq!(open(tmp.path()).1, sa);
    }

    #[test]
    fn concurrent_stress_threads() {
        const THREADS: usize = 4;
        const SAVES: u32 = 50;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let dir = dir.clone();
                std::thread::spawn(move || {
                    let key = format!("t{t}");
                    let (mut store, mut state, _) = Store::<Toy>::open(Some(dir));
                    for i in 1..=SAVES {
                        change(&mut store, &mut state, &[Inc(key.clone())])
                            .map_err(|e| e.to_string())?;
                        // Each of our edits is there exactly once, whatever the others did.
                        assert_eq!(state.counters.get(&key), Some(&i));
                        assert_eq!(store.status(), &Status::Saving);
                    }
                    Ok::<u32, String>(state.counters[&key])
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), Ok(SAVES));
        }
        let (_, state, notices) = open(&dir);
        assert!(notices.is_empty());
        let want: BTreeMap<String, u32> = (0..THREADS).map(|t| (format!("t{t}"), SAVES)).collect();
        assert_eq!(state.counters, want);
        assert!(temps(&dir).is_empty());
    }

    /// The fsyncs happen, in the order that makes a save survive a power cut: the temp file's
    /// bytes, then the rename, then the directory holding the rename; a backup's bytes and its
    /// directory before anything is written over the file it copies.
    #[test]
    fn every_save_is_made_durable_in_order() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let path = dir.join("state.ron");
        let (mut store, mut state, _) = open(dir);
        disk_log::take();
        change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
        let log = disk_log::take();
        let temp = |line: &str, what: &str| {
            line.strip_prefix(what)
                .and_then(|p| Path::new(p).file_name())
                .is_some_and(|n| n.to_string_lossy().starts_with(TEMP_PREFIX))
        };
        assert_eq!(log.len(), 3, "{log:?}");
        assert!(temp(&log[0], "fsync "), "{log:?}");
        assert_eq!(log[1], format!("rename {}", path.display()));
        assert_eq!(log[2], format!("fsync {}", dir.display()));

        // A backup (kept as a copy: see state::salvage's test) is a file like any other.
        let bak = dir.join("state.ron.bak");
        assert_eq!(keep_copy(&path, b"old").unwrap(), (bak.clone(), true));
        assert_eq!(
            disk_log::take(),
            [
                format!("fsync {}", bak.display()),
                format!("fsync {}", dir.display())
            ]
        );
    }

    /// A state file that is a symbolic link is written through: the link stays, its target
    /// gets the data, and the lock, temp files and backups sit beside the target.
    #[cfg(unix)]
    #[test]
    fn a_linked_state_file_is_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("state");
        let elsewhere = tmp.path().join("synced");
        fs::create_dir_all(&dir).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        let link = dir.join("state.ron");
        let target = elsewhere.join("backspasm.ron");
        fs::write(&target, encode(&toy(&[("a", 1)], &[])).unwrap()).unwrap();
        std::os::unix::fs::symlink("../synced/backspasm.ron", &link).unwrap();
        let (mut store, mut state, notices) = open(&dir);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(state, toy(&[("a", 1)], &[]));
        change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            decode::<Toy>(&fs::read(&target).unwrap()),
            Ok(toy(&[("a", 2)], &[]))
        );
        assert!(elsewhere.join("state.lock").exists());
        assert!(!dir.join("state.lock").exists());
        assert_eq!(mode(&target), 0o600);
        // A link to a file not there yet: created there.
        fs::remove_file(&target).unwrap();
        let (mut store, mut state, _) = open(&dir);
        change(&mut store, &mut state, &[Inc("b".into())]).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            decode::<Toy>(&fs::read(&target).unwrap()),
            Ok(toy(&[("b", 1)], &[]))
        );
        // Damaged through the link: the backup is beside the target, the link stays.
        fs::write(&target, "oops").unwrap();
        let (_, _, notices) = open(&dir);
        assert!(notices[0].contains("backspasm.ron.bak"), "{notices:?}");
        assert!(elsewhere.join("backspasm.ron.bak").exists());
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    /// A named pipe, a device or a directory where the state file should be: said at once
    /// (opening a pipe the usual way would wait for a writer forever), never read, never
    /// written over.
    #[cfg(unix)]
    #[test]
    fn a_pipe_a_device_or_a_directory_is_refused_at_once() {
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("fifo");
        fs::create_dir(&fifo).unwrap();
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            fifo.join("state.ron"),
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .unwrap();
        let device = tmp.path().join("device");
        fs::create_dir(&device).unwrap();
        std::os::unix::fs::symlink("/dev/zero", device.join("state.ron")).unwrap();
        let directory = tmp.path().join("directory");
        fs::create_dir_all(directory.join("state.ron")).unwrap();
        for (dir, what) in [
            (&fifo, "a named pipe (FIFO)"),
            (&device, "a device"),
            (&directory, "a directory"),
        ] {
            let start = Instant::now();
            let (mut store, mut state, notices) = open(dir);
            assert!(is_memory(&store));
            let said = format!("it is {what}, not a regular file");
            assert!(notices[0].contains(&said), "{notices:?}");
            assert!(change(&mut store, &mut state, &[Inc("a".into())]).is_err());
            let err = read_only::<Toy>(dir).unwrap_err().to_string();
            assert!(err.contains(&said), "{err}");
            assert!(start.elapsed() < Duration::from_secs(2), "{what}");
            assert!(fs::symlink_metadata(dir.join("state.ron.bak")).is_err());
        }
        assert!(
            fs::metadata(fifo.join("state.ron"))
                .unwrap()
                .file_type()
                .is_fifo()
        );
        assert!(
            fs::symlink_metadata(device.join("state.ron"))
                .unwrap()
                .is_symlink()
        );
    }

    /// A file over the size limit is not damage: never read, moved or written over; the app
    /// runs in memory and the message names the limit.
    #[test]
    fn a_file_over_the_limit_is_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("state.ron");
        // Sparse: nothing written.
        File::create(&path)
            .unwrap()
            .set_len(MAX_FILE_BYTES as u64 + 1)
            .unwrap();
        let (mut store, mut state, notices) = open(tmp.path());
        assert!(is_memory(&store));
        assert_eq!(notices.len(), 1, "{notices:?}");
        assert!(notices[0].contains("larger than 256 MiB"), "{notices:?}");
        assert!(notices[0].contains("left as it is"), "{notices:?}");
        assert!(change(&mut store, &mut state, &[Inc("a".into())]).is_err());
        assert_eq!(
            fs::metadata(&path).unwrap().len(),
            MAX_FILE_BYTES as u64 + 1
        );
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["state.ron"], "nothing beside it");
        let err = read_only::<Toy>(tmp.path()).unwrap_err().to_string();
        assert!(err.contains("larger than 256 MiB"), "{err}");
    }

    /// Reading for a command that only reads: no directory made, no lock file, nothing moved
    /// or copied, whatever the file holds.
    #[test]
    fn read_only_never_changes_anything() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("missing");
        assert_eq!(
            read_only::<Toy>(&missing).unwrap(),
            (Toy::default(), vec![])
        );
        assert!(!missing.exists());
        let path = tmp.path().join("state.ron");
        for text in [
            encode(&toy(&[("a", 1)], &[])).unwrap(),
            "(version: 2, state: (counters: {\"a\": 1}, log: 5))".to_string(),
            "oops".to_string(),
            "(version: 9, state: ())".to_string(),
        ] {
            fs::write(&path, &text).unwrap();
            let _ = read_only::<Toy>(tmp.path());
            let names: Vec<_> = fs::read_dir(tmp.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name())
                .collect();
            assert_eq!(names, ["state.ron"], "{text}");
            assert_eq!(fs::read_to_string(&path).unwrap(), text);
        }
        let err = read_only::<Toy>(tmp.path()).unwrap_err();
        assert!(matches!(err, StoreError::Newer { found: 9, .. }), "{err}");
        fs::write(&path, "oops").unwrap();
        let err = read_only::<Toy>(tmp.path()).unwrap_err().to_string();
        assert!(
            err.contains("damaged") && err.contains("left as it is"),
            "{err}"
        );
    }

    #[test]
    fn resolve_dir_precedence() {
        let explicit = PathBuf::from("/x/explicit");
        assert_eq!(
            resolve_dir(Some(explicit.clone()), Some(OsString::from("/x/env"))),
            Some(explicit)
        );
        assert_eq!(
            resolve_dir(None, Some(OsString::from("/x/env"))),
            Some(PathBuf::from("/x/env"))
        );
        // An empty variable counts as unset.
        let default = resolve_dir(None, None);
        assert_eq!(resolve_dir(None, Some(OsString::new())), default);
        if let Some(d) = default {
            assert!(d.ends_with("backspasm"), "{}", d.display());
        }
    }

    proptest::proptest! {
        #[test]
        fn decode_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = decode::<Toy>(&bytes);
        }

        #[test]
        fn decode_survives_mutated_files(pos in 0usize..200, byte in proptest::num::u8::ANY) {
            let mut bytes = encode(&toy(&[("a", 1), ("b", 2)], &["x", "y"])).unwrap().into_bytes();
            let i = pos % bytes.len();
            bytes[i] = byte;
            let _ = decode::<Toy>(&bytes);
        }

        #[test]
        fn encode_decode_round_trip(
            counters in proptest::collection::btree_map(".*", proptest::num::u32::ANY, 0..5),
            log in proptest::collection::vec(".*", 0..5),
        ) {
            let state = Toy { counters, log };
            let text = encode(&state).unwrap();
            proptest::prop_assert_eq!(decode::<Toy>(text.as_bytes()), Ok(state));
        }
    }

    /// Before a state file with parts that cannot be read is written over, the copy of it is on
    /// disk for certain (its bytes and its directory entry).
    #[test]
    fn the_copy_is_durable_before_the_file_is_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let path = dir.join("state.ron");
        let good = r#"(at: "2026-11-24T09:00:00+01:00", score: 7, note: Some("ok"))"#;
        let text = format!(r#"(version: 1, state: (diary: [{good}, (score: 3)]))"#);
        std::fs::write(&path, &text).unwrap();
        disk_log::take();
        let (mut store, mut state, notices) =
            Store::<crate::state::State>::open(Some(dir.to_path_buf()));
        assert_eq!(notices.len(), 1, "{notices:?}");
        let bak = dir.join("state.ron.bak");
        assert_eq!(
            disk_log::take(),
            [
                format!("fsync {}", bak.display()),
                format!("fsync {}", dir.display())
            ]
        );
        let edit = crate::state::Edit::SetOnset(state.diary[0].at);
        state.apply(&edit);
        store.save(&mut state, &[edit]).unwrap();
        let log = disk_log::take();
        assert_eq!(log.len(), 3, "{log:?}");
        assert!(log[0].starts_with(&format!("fsync {}/.state.ron.tmp-", dir.display())));
        assert_eq!(
            log[1..],
            [
                format!("rename {}", path.display()),
                format!("fsync {}", dir.display())
            ]
        );
        assert_eq!(std::fs::read_to_string(&bak).unwrap(), text);
    }
}
