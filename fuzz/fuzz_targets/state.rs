//! The state file reader: any bytes give a state or an error, never a panic. A state that
//! decodes survives a round trip, and the summary and every screen that reads the state show
//! it without a panic (`tests/fuzzed/mod.rs`).
#![no_main]

#[path = "../../tests/fuzzed/mod.rs"]
mod fuzzed;

use std::sync::LazyLock;

use backspasm::content::{self, Content};
use libfuzzer_sys::fuzz_target;

static CONTENT: LazyLock<Content> = LazyLock::new(|| content::load(None).unwrap());

fuzz_target!(|data: &[u8]| {
    fuzzed::state(data, &CONTENT);
});
