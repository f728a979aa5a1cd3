//! The fuzzers' corpora (fuzz/corpus/, committed) replayed as ordinary tests, so CI runs every
//! input the fuzzers kept without cargo-fuzz, and anything they ever find stays fixed. Each
//! input goes through the same code as its fuzz target (fuzz/fuzz_targets/).

mod common;
mod fuzzed;

use std::path::Path;

use backspasm::content::{self, Origin};
use backspasm_core::state::State;
use backspasm_core::state::format;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new("fuzz/corpus").join(target);
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let path = e.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn content_corpus_loads_or_is_refused_without_panicking() {
    let inputs = inputs("content");
    assert!(inputs.len() > 100, "the corpus is missing");
    let mut valid = 0;
    for (name, bytes) in &inputs {
        let result = std::panic::catch_unwind(|| fuzzed::content(bytes));
        valid += usize::from(result.unwrap_or_else(|_| panic!("{name} panics")));
    }
    // The fuzzer keeps inputs that pass validation too, so the layout code is exercised.
    assert!(valid > 0);
    eprintln!(
        "fuzz_corpus: {valid} of {} content inputs validate",
        inputs.len()
    );
}

#[test]
fn state_corpus_decodes_or_is_refused_and_every_screen_shows_it() {
    let inputs = inputs("state");
    assert!(inputs.len() > 100, "the corpus is missing");
    let content = common::content();
    // Each input draws every screen: the inputs are shared out over the cores.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = inputs.len().div_ceil(threads);
    let decoded: usize = std::thread::scope(|scope| {
        let workers: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| {
                let content = &content;
                scope.spawn(move || {
                    let mut decoded = 0;
                    for (name, bytes) in part {
                        let result = std::panic::catch_unwind(|| fuzzed::state(bytes, content));
                        decoded += usize::from(result.unwrap_or_else(|_| panic!("{name} panics")));
                    }
                    decoded
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    // Realistic state files are among the seeds: the screens are exercised.
    assert!(decoded > 0);
    eprintln!(
        "fuzz_corpus: {decoded} of {} state inputs decode",
        inputs.len()
    );
}

/// Inputs a fuzzer finds only slowly: nesting deep enough to overflow a recursive parser's
/// stack, in the parts of the file each reader skips or reads.
#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    for depth in [200, 100_000] {
        for open in ["[", "(", "{", "Some("] {
            let deep = open.repeat(depth);
            for state in [
                format!("(version: 1, state: (x: {deep}"),
                format!("(version: 1, state: (diary: [{deep}"),
                format!("(version: 1, state: (timers: (done: {{\"a\": {deep}"),
                format!("(version: 1, state: (diary: 1, x: {deep}"),
            ] {
                assert!(format::decode::<State>(state.as_bytes()).is_err());
                // Cut off inside the nesting: nothing of it is read, and the cut is named.
                if let Ok((kept, dropped)) = format::decode_lenient::<State>(state.as_bytes()) {
                    assert_eq!(kept, State::default(), "{}", &state[..40]);
                    assert!(!dropped.is_empty());
                }
            }
            let envelope = format!("(version: 1, other: {deep}");
            assert!(format::decode::<State>(envelope.as_bytes()).is_err());
            let content = format!("Content(title: {deep}");
            assert!(content::parse_bytes(content.as_bytes(), Origin::Embedded).is_err());
        }
    }
}
