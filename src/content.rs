//! The content the app runs on: the embedded default or `--content FILE`, read here and parsed
//! and validated by the core.

use std::io::Read;
use std::path::Path;

pub use backspasm_core::content::*;

/// The content shipped in the binary, so the app runs from any directory.
pub const EMBEDDED: &str = include_str!("../data/back_spasm.ron");

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
    let file = crate::store::special_file::open(path).map_err(read_err)?;
    let meta = file.metadata().map_err(read_err)?;
    match crate::store::special_file::kind(&meta) {
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
