//! The filesystem under the store: symbolic links followed to their target, the directory
//! made private, files read without blocking (a pipe, a device refused at once), the lock,
//! backups that never clobber, and the atomic write (tempfile's persist: a private temp file
//! beside the target, fsync, rename, fsync the directory). Every fsync and rename is recorded
//! in test builds (`disk_log`), so the tests see what is durable, and in which order.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{LOCK_NAME, MAX_FILE_BYTES, StoreError, TEMP_PREFIX, special_file};

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
pub(super) fn ensure_dir(dir: &Path) -> Result<(), StoreError> {
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
pub(super) fn read_file(path: &Path) -> io::Result<Option<Vec<u8>>> {
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
pub(super) fn open_regular(path: &Path) -> io::Result<File> {
    let file = special_file::open(path)?;
    match special_file::kind(&file.metadata()?) {
        None => Ok(file),
        Some(kind) => Err(io::Error::other(format!(
            "it is {kind}, not a regular file"
        ))),
    }
}

/// Held while alive; dropping the file releases the lock.
pub(super) struct LockGuard {
    _file: Option<File>,
}

/// The lock file of the state file `path`: beside it (beside a link's target).
pub(super) fn lock_path(path: &Path) -> PathBuf {
    path.with_file_name(LOCK_NAME)
}

/// The lock file of `path`, created if missing (it can be, to save at all).
pub(super) fn lock_file(path: &Path) -> Result<File, StoreError> {
    let lock = lock_path(path);
    private_file_options()
        .create(true)
        .truncate(false)
        .open(&lock)
        .map_err(|cause| StoreError::Lock { path: lock, cause })
}

/// Exclusive lock for the state file `path`. The lock file is never deleted: deleting lock
/// files lets two processes lock two different files.
pub(super) fn lock(path: &Path, timeout: Duration) -> Result<LockGuard, StoreError> {
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

pub(super) fn lock_unsupported(e: &io::Error) -> bool {
    const ENOLCK: i32 = 37; // Linux; other systems report Unsupported
    e.kind() == io::ErrorKind::Unsupported
        || (cfg!(target_os = "linux") && e.raw_os_error() == Some(ENOLCK))
}

/// Move a damaged file to the first free `NAME.bak`, `NAME.1.bak`, ... A hard link + unlink
/// cannot clobber an existing backup the way a rename could.
pub(super) fn back_up(path: &Path) -> io::Result<PathBuf> {
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
pub(super) fn keep_copy(path: &Path, bytes: &[u8]) -> io::Result<(PathBuf, bool)> {
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
pub(super) fn backup_names(path: &Path) -> impl Iterator<Item = PathBuf> {
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
pub(super) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = fsync(&d, dir);
    }
}

/// Every fsync of the store goes through here (`path` is what `file` is), so the tests can
/// see that they happen, and in which order with the renames.
pub(super) fn fsync(file: &File, path: &Path) -> io::Result<()> {
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
/// fails part way. The temp file (named `.NAME.tmp-` and random letters, 0600 from its
/// creation) is removed by tempfile on any failure.
pub(super) fn write_atomic_with(
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
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".tmp-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let mut temp = builder.tempfile_in(dir)?;
    writer(temp.as_file_mut(), bytes)?;
    fsync(temp.as_file(), temp.path())?;
    temp.persist(path).map_err(|e| e.error)?;
    disk_log::record("rename", path);
    // The rename is done; this only makes it survive a power cut.
    sync_dir(dir);
    Ok(())
}

pub(super) fn remove_leftover_temps(dir: &Path) {
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
pub(super) fn private_file_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

pub(super) fn private_dir_builder() -> fs::DirBuilder {
    #[allow(unused_mut)]
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
}
