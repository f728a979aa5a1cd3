//! Loading the content: the embedded default or `--content FILE`, parsed with ron, then
//! validated. Errors say where: `FILE:LINE:COLUMN` for syntax, a field path for rules.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;

use super::model::Content;
use super::validate::{RuleError, validate};

/// The content shipped in the binary, so the app runs from any directory.
pub const EMBEDDED: &str = include_str!("../../data/back_spasm.ron");

/// Content files are small; anything bigger is a mistake (or an attack on the parser).
const MAX_BYTES: u64 = 1024 * 1024;

/// Where content came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Embedded,
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Embedded => f.write_str("<embedded content>"),
            Origin::File(path) => write!(f, "{}", path.display()),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ContentError {
    #[error("{origin}: cannot read: {source}")]
    Read {
        origin: Origin,
        source: std::io::Error,
    },
    #[error("{origin}: is a directory, not a content file")]
    Directory { origin: Origin },
    #[error("{origin}: is {what}, not a content file")]
    NotAFile { origin: Origin, what: &'static str },
    #[error("{origin}: file is too large (the limit is {MAX_BYTES} bytes)")]
    TooLarge { origin: Origin },
    #[error("{origin}:{line}:{column}: not valid UTF-8 (byte 0x{byte:02X} at offset {offset})")]
    Utf8 {
        origin: Origin,
        line: usize,
        column: usize,
        byte: u8,
        offset: usize,
    },
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        origin: Origin,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{origin}: {0}", .rule)]
    Rule { origin: Origin, rule: RuleError },
}

/// Load the embedded content, or `path` when given.
pub fn load(path: Option<&Path>) -> Result<Content, ContentError> {
    let Some(path) = path else {
        return parse(EMBEDDED, Origin::Embedded);
    };
    let origin = Origin::File(path.to_path_buf());
    let read_err = |source| ContentError::Read {
        origin: origin.clone(),
        source,
    };
    // A pipe, a device or a terminal is refused at once: it may never end, or never start.
    let file = crate::special_file::open(path).map_err(read_err)?;
    let meta = file.metadata().map_err(read_err)?;
    match crate::special_file::kind(&meta) {
        None => {}
        Some(_) if meta.is_dir() => return Err(ContentError::Directory { origin }),
        Some(what) => return Err(ContentError::NotAFile { origin, what }),
    }
    if meta.len() > MAX_BYTES {
        return Err(ContentError::TooLarge { origin });
    }
    // One byte past the limit whatever the size said, in case the file grew meanwhile.
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_err)?;
    parse_bytes(&bytes, origin)
}

/// Parse and validate raw bytes (the fuzz target's entry point).
pub fn parse_bytes(bytes: &[u8], origin: Origin) -> Result<Content, ContentError> {
    if bytes.len() as u64 > MAX_BYTES {
        return Err(ContentError::TooLarge { origin });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        // The prefix is valid, so lines and columns count characters, as ron's do.
        let before = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        ContentError::Utf8 {
            origin: origin.clone(),
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
            byte: bytes[offset],
            offset,
        }
    })?;
    parse(text, origin)
}

/// Parse and validate RON text.
pub fn parse(text: &str, origin: Origin) -> Result<Content, ContentError> {
    let options = ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME);
    let content: Content = options.from_str(text).map_err(|e| ContentError::Syntax {
        origin: origin.clone(),
        line: e.span.start.line,
        column: e.span.start.col,
        message: e.code.to_string(),
    })?;
    validate(&content).map_err(|rule| ContentError::Rule { origin, rule })?;
    Ok(content)
}
