//! Content loading + validation: any bytes give content or an error, never a panic, a hang or
//! unbounded memory. Content that passes validation is also laid out (every pane, print) at a
//! few widths, since that is what the app does with it next (`tests/fuzzed/mod.rs`).
#![no_main]

#[path = "../../tests/fuzzed/mod.rs"]
mod fuzzed;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    fuzzed::content(data);
});
