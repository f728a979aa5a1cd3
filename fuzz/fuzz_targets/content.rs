//! Content loading + validation: any bytes give content or an error, never a panic, a hang or
//! unbounded memory. Content that passes validation is also laid out (every pane, print) at a
//! few widths, since that is what the app does with it next.
#![no_main]

use backspasm::content::{self, Origin};
use backspasm::doc;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(content) = content::parse_bytes(data, Origin::Embedded) else {
        return;
    };
    let all: Vec<usize> = (0..content.tabs.len()).collect();
    for width in [1, 7, 40, 80] {
        for tab in &all {
            let _ = doc::pane(&content, *tab, width);
        }
        let _ = doc::plain_text(&content, &all, width);
    }
});
