//! Opening a file that should be a regular one (the state file, `--content`) without being
//! caught by one that is not: a named pipe with no writer blocks an ordinary open forever, and
//! a device or a terminal never ends. Opened without blocking, then asked what it is.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

/// `path` opened for reading, without blocking whatever it is.
pub fn open(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        rustix::fs::OFlags::NONBLOCK.bits() as i32,
    );
    options.open(path)
}

/// What `meta` is when it is not a regular file, in words ("a named pipe (FIFO)"); `None` for a
/// regular file.
pub fn kind(meta: &fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some(if kind.is_dir() {
        "a directory"
    } else {
        "not a file"
    })
}
