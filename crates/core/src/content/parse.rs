//! Parsing the content: bytes or text, parsed with ron, then validated. Errors say where:
//! `FILE:LINE:COLUMN` for syntax, a field path for rules. (Reading the file is the app's.)

use std::fmt;
use std::path::PathBuf;

use ron::extensions::Extensions;

use super::model::Content;
use super::validate::{RuleError, validate};

/// Content files are small; anything bigger is a mistake (or an attack on the parser).
pub const MAX_BYTES: u64 = 1024 * 1024;

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
