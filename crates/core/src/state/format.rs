//! The state file's format: a comment line, then RON in a versioned envelope
//! `(version: N, state: (...))`, then a check line: the FNV-1a sum of everything before it
//! ([`checked`]). Pure: bytes in, a state out, and back; the app's store does the file I/O.

use ron::value::RawValue;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Ten diary entries a day for fifty years is under a tenth of this. A bigger file is not
/// read (and never written over): it is not damage, and nothing this size is ours.
pub const MAX_FILE_BYTES: usize = 256 << 20;

pub const HEADER: &str = "// backspasm state. Written by backspasm; delete it to start over.\n";

/// A state the store can persist. `apply` must be pure and deterministic: the same edits are
/// applied once in memory and once more to the copy read from disk.
pub trait Persist: Default + Serialize + DeserializeOwned + Clone {
    /// Queued while a save fails, hence `Clone`.
    type Edit: Clone;
    /// Format version written into the file.
    const VERSION: u32;
    fn apply(&mut self, edit: &Self::Edit);
    /// Build the state from a file written with an older format `from` (< `VERSION`); `state` is
    /// the RON text of its `state` field. The default reads it as the current shape, which is
    /// right when new fields carry `#[serde(default)]`. An `Err` makes the file count as damaged
    /// (kept as a backup, start fresh).
    fn upgrade(from: u32, state: &str) -> Result<Self, String> {
        let _ = from;
        ron::from_str(state).map_err(|e| e.to_string())
    }
    /// Read what can be read of the `state` text of a current-version file that did not decode
    /// whole: the state and one line per part dropped. `None` (the default) when nothing can
    /// be told apart: the file counts as damaged.
    fn salvage(state: &str) -> Option<(Self, Vec<String>)> {
        let _ = state;
        None
    }
}

/// Why a file's bytes are not a state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("larger than {} MiB, the most this version reads", MAX_FILE_BYTES >> 20)]
    TooLarge,
    #[error("not UTF-8 text (bad byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("not a valid state file: {0}")]
    Syntax(String),
    #[error("written by a newer backspasm (format v{found}, this one knows v{ours})")]
    Newer { found: u32, ours: u32 },
    #[error("format v{from} could not be upgraded: {reason}")]
    Upgrade { from: u32, reason: String },
}

/// Parse a state file's bytes. No I/O, no panics, whatever the bytes.
pub fn decode<S: Persist>(bytes: &[u8]) -> Result<S, DecodeError> {
    #[derive(Deserialize)]
    struct Header {
        version: u32,
    }
    #[derive(Deserialize)]
    struct Body<T> {
        state: T,
    }
    let syntax = |e: ron::error::SpannedError| DecodeError::Syntax(one_line(&e.to_string()));

    #[derive(Deserialize)]
    struct Whole<T> {
        version: u32,
        state: T,
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(DecodeError::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeError::NotUtf8 {
        offset: e.valid_up_to(),
    })?;
    // A file of this version reads in one pass (at years of diary, parsing is what a save
    // costs); anything else is looked at again below, the version first.
    if let Ok(Whole { version, state }) = ron::from_str::<Whole<S>>(text)
        && version == S::VERSION
    {
        return Ok(state);
    }
    // The version first, so a newer file is recognised whatever its state looks like.
    let Header { version } = ron::from_str(text).map_err(syntax)?;
    match version.cmp(&S::VERSION) {
        std::cmp::Ordering::Equal => ron::from_str::<Body<S>>(text)
            .map(|b| b.state)
            .map_err(syntax),
        std::cmp::Ordering::Greater => Err(DecodeError::Newer {
            found: version,
            ours: S::VERSION,
        }),
        std::cmp::Ordering::Less => {
            let body: Body<Box<RawValue>> = ron::from_str(text).map_err(syntax)?;
            S::upgrade(version, body.state.get_ron()).map_err(|reason| DecodeError::Upgrade {
                from: version,
                reason: one_line(&reason),
            })
        }
    }
}

/// What the store reads: [`decode`], or when the file does not decode whole, what
/// [`Persist::salvage`] can keep of it, with one line per part dropped (empty when nothing
/// was). The envelope is read part by part too ([`crate::state::ron_parts`]), so a file cut off after its
/// version gives the salvage whatever of the state came before the cut, and stray control
/// characters (a NUL where a crash left one) are stepped over. No I/O, no panics, whatever
/// the bytes.
pub fn decode_lenient<S: Persist>(bytes: &[u8]) -> Result<(S, Vec<String>), DecodeError> {
    let strict = match decode::<S>(bytes) {
        Ok(state) => return Ok((state, Vec::new())),
        Err(e @ DecodeError::Syntax(_)) => e,
        Err(other) => return Err(other),
    };
    // Valid UTF-8, or decode would have said otherwise.
    let text = std::str::from_utf8(bytes).map_err(|_| strict.clone())?;
    let mut dropped = Vec::new();
    let stray = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    let clean = match text.char_indices().find(|&(_, c)| stray(c)) {
        None => std::borrow::Cow::Borrowed(text),
        Some((at, c)) => {
            let n = text.chars().filter(|&c| stray(c)).count();
            dropped.push(format!(
                "{n} stray control character{} (the first, U+{:04X}, at byte {at}), stepped over",
                if n == 1 { "" } else { "s" },
                c as u32
            ));
            std::borrow::Cow::Owned(text.chars().filter(|&c| !stray(c)).collect())
        }
    };
    let envelope = crate::state::ron_parts::split(&clean).ok_or(strict.clone())?;
    let part = |name: &str| envelope.items.iter().find(|i| i.key == name);
    let version = part("version")
        .filter(|v| v.whole)
        .and_then(|v| ron::from_str::<u32>(v.text).ok())
        .ok_or(strict.clone())?;
    if version > S::VERSION {
        // Never read in parts: its parts may mean something else.
        return Err(DecodeError::Newer {
            found: version,
            ours: S::VERSION,
        });
    }
    let state = part("state")
        .filter(|_| version == S::VERSION)
        .ok_or(strict.clone())?;
    let (state, more) = S::salvage(state.text).ok_or(strict.clone())?;
    dropped.extend(more);
    if dropped.is_empty() {
        // Read apart, every part reads: say what the whole did not like.
        dropped.push(strict.to_string());
    }
    Ok((state, dropped.iter().map(|d| one_line(d)).collect()))
}

/// The file's text for `state`.
pub fn encode<S: Persist>(state: &S) -> Result<String, ron::Error> {
    #[derive(Serialize)]
    struct Envelope<'a, T> {
        version: u32,
        state: &'a T,
    }
    let envelope = Envelope {
        version: S::VERSION,
        state,
    };
    let body = ron::ser::to_string_pretty(&envelope, ron::ser::PrettyConfig::new())?;
    Ok(with_check(format!("{HEADER}{body}\n")))
}

/// The last line of a file [`encode`] writes: a checksum of everything before it, so a later
/// writer can tell the file is exactly as a backspasm wrote it (no hand edit, no damage since)
/// without parsing it. A comment to every RON reader.
const CHECK: &str = "// check: ";

/// `text` with its check line.
pub fn with_check(text: String) -> String {
    let sum = Checksum::default().then(&text);
    with_sum(text, sum)
}

/// `text`, whose checksum is `sum`, with its check line.
pub fn with_sum(mut text: String, sum: Checksum) -> String {
    text.push_str(&format!("{CHECK}{:016x}\n", sum.0));
    text
}

/// `text` without its check line, if it has one and it holds.
pub fn checked(text: &str) -> Option<&str> {
    let (body, sum) = check_line(text)?;
    (Checksum::default().then(body) == sum).then_some(body)
}

/// `text` without its check line, and the sum that line states (not yet compared).
pub fn check_line(text: &str) -> Option<(&str, Checksum)> {
    let body = text.strip_suffix('\n')?;
    let at = body.rfind('\n')? + 1;
    let sum = u64::from_str_radix(body[at..].strip_prefix(CHECK)?, 16).ok()?;
    Some((&text[..at], Checksum(sum)))
}

/// FNV-1a, 64 bits: the same on every machine and version. Taken over text in pieces, so a
/// text spliced together is summed without going over its start twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checksum(u64);

impl Default for Checksum {
    fn default() -> Checksum {
        Checksum(0xcbf2_9ce4_8422_2325)
    }
}

impl Checksum {
    /// The sum with `text` after what it was taken over.
    pub fn then(self, text: &str) -> Checksum {
        Checksum(text.bytes().fold(self.0, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        }))
    }
}

/// Notices and status lines are one line whatever an error message contains.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}
