//! The architecture holds: the core's manifest names no terminal, CLI or platform crate, its
//! code reads no clock and no file, and ARCHITECTURE.md's map of the code matches the tree
//! (every path it names exists; every file under src/ and crates/ is on it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where the map's descriptions start: what comes before is a name.
const NAME_COLUMN_END: usize = 28;

/// The paths in ARCHITECTURE.md's ```tree block: each line's name joined to the folders above
/// it (two spaces of indent per level).
fn mapped() -> Vec<PathBuf> {
    let text = std::fs::read_to_string("ARCHITECTURE.md").unwrap();
    let block = text
        .split("```tree\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("ARCHITECTURE.md has a ```tree block");
    let mut folders: Vec<String> = Vec::new();
    let mut paths = Vec::new();
    for line in block.lines() {
        let indent = line.len() - line.trim_start().len();
        if line.trim().is_empty() || indent >= NAME_COLUMN_END {
            continue; // a description going on
        }
        let name = line.split_whitespace().next().unwrap();
        folders.truncate(indent / 2);
        let path: PathBuf = folders.iter().map(String::as_str).chain([name]).collect();
        paths.push(path);
        if name.ends_with('/') {
            folders.push(name.trim_end_matches('/').to_string());
        }
    }
    paths
}

fn files_under(dir: &Path, out: &mut BTreeSet<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.insert(path);
        }
    }
}

#[test]
fn every_path_the_map_names_exists() {
    let paths = mapped();
    assert!(paths.len() > 80, "the map is there: {paths:?}");
    let missing: Vec<_> = paths.iter().filter(|p| !p.exists()).collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md names {missing:?}");
}

#[test]
fn every_source_file_is_on_the_map() {
    let paths: BTreeSet<PathBuf> = mapped().into_iter().collect();
    let mut files = BTreeSet::new();
    files_under(Path::new("src"), &mut files);
    files_under(Path::new("crates"), &mut files);
    let unmapped: Vec<_> = files.iter().filter(|f| !paths.contains(*f)).collect();
    assert!(
        unmapped.is_empty(),
        "not on ARCHITECTURE.md's map: {unmapped:?}"
    );
}

/// The core's `[dependencies]`: none of the crates that would let it draw, read the terminal,
/// parse a command line or find the user's directories.
#[test]
fn the_core_depends_on_no_terminal_or_platform_crate() {
    let manifest = std::fs::read_to_string("crates/core/Cargo.toml").unwrap();
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .expect("the core has dependencies")
        .split("\n[")
        .next()
        .unwrap();
    for banned in [
        "ratatui",
        "crossterm",
        "clap",
        "directories",
        "signal-hook",
        "tui-big-text",
        "rustix",
        "tempfile",
    ] {
        assert!(
            !deps
                .lines()
                .any(|l| l.split('=').next().unwrap().trim() == banned),
            "backspasm-core depends on {banned}"
        );
    }
}

/// The core's code (its tests aside, which come last in a file) reads no clock, no file, no
/// environment and starts no process: time and bytes come in as arguments.
#[test]
fn the_core_reads_no_clock_and_no_file() {
    let mut files = BTreeSet::new();
    files_under(Path::new("crates/core/src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for banned in [
            "std::fs",
            "std::env",
            "std::process",
            "std::net",
            "File::",
            "Instant::now",
            "SystemTime",
            "Local::now",
            "Utc::now",
            "include_str!",
        ] {
            assert!(
                !code.contains(banned),
                "{} uses {banned} outside its tests",
                file.display()
            );
        }
    }
}
