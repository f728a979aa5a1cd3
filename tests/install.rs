//! What installing needs, on the built binary and the crate: each completion script loads in
//! its shell (bash, zsh, fish, elvish; PowerShell is not packaged for Debian), the man page
//! renders without a warning and holds every command, option and key, the README's exit-status
//! table is the man page's, and the package leaves the heavy folders out.
//!
//! The shells, man and groff come from `.ci/run`. Elsewhere a missing one skips its check with
//! a note; with CI=true it fails.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use backspasm::cli::{Cli, man};
use backspasm::keymap::{self, BINDINGS, Ctx};
use clap::CommandFactory;
use common::cli::{backspasm, stderr, stdout};

/// Whether `tool` can run here; a missing one fails under CI and is skipped elsewhere.
fn have(tool: &str) -> bool {
    let found = Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{tool} is needed (.ci/run installs it)"
        );
        eprintln!("note: {tool} is not installed: its check is skipped");
    }
    found
}

/// `backspasm completions SHELL`, written to a file.
fn script(dir: &Path, shell: &str) -> String {
    let o = backspasm(&["completions", shell]);
    assert_eq!(o.status.code(), Some(0), "{shell}: {}", stderr(&o));
    assert_eq!(stderr(&o), "", "{shell}");
    let path = dir.join(format!("backspasm.{shell}"));
    std::fs::write(&path, stdout(&o)).unwrap();
    path.to_str().unwrap().to_string()
}

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program).args(args).output().unwrap()
}

fn succeeded(o: &Output) -> String {
    assert!(o.status.success(), "{}\n{}", stdout(o), stderr(o));
    stdout(o)
}

#[test]
fn bash_loads_the_completions_and_completes_commands_and_flags() {
    if !have("bash") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = script(dir.path(), "bash");
    // The completion function as bash calls it on TAB: (command, word, previous word).
    let complete = |words: &str, cword: usize, cur: &str, prev: &str| {
        let code = format!(
            "source {file} && complete -p backspasm && COMP_WORDS=({words}) && \
             COMP_CWORD={cword} && _backspasm backspasm {cur} {prev} && \
             printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        succeeded(&run("bash", &["--norc", "--noprofile", "-c", &code]))
    };
    let out = complete("backspasm wa", 1, "wa", "backspasm");
    assert!(out.starts_with("complete "), "{out}");
    assert!(out.contains("-F _backspasm backspasm\n"), "{out}");
    let mut words: Vec<&str> = out.lines().skip(1).collect();
    words.sort();
    assert_eq!(words, ["walk", "warnings"]);
    let out = complete("backspasm timer --", 2, "--", "timer");
    for flag in ["--hot", "--cold", "--rounds", "--content", "--state-dir"] {
        assert!(out.lines().any(|l| l == flag), "{flag} in {out}");
    }
}

#[test]
fn zsh_parses_the_completions() {
    if !have("zsh") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = script(dir.path(), "zsh");
    succeeded(&run("zsh", &["-n", &file]));
    // The check can fail: a script zsh cannot parse is refused.
    std::fs::write(&file, "_backspasm() {\n").unwrap();
    assert!(!run("zsh", &["-n", &file]).status.success());
}

#[test]
fn fish_loads_the_completions_and_completes_commands() {
    if !have("fish") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = script(dir.path(), "fish");
    succeeded(&run("fish", &["--no-config", "-n", &file]));
    let code = format!("source {file}; complete -C 'backspasm wa'");
    let out = succeeded(&run("fish", &["--no-config", "-c", &code]));
    let words: Vec<&str> = out.lines().map(|l| l.split('\t').next().unwrap()).collect();
    assert_eq!(words, ["walk", "warnings"], "{out}");
}

/// Elvish compiles the script whole; `edit:`, the interactive editor's module, does not exist
/// outside an interactive shell, so its one variable is stood in for by a local one.
#[test]
fn elvish_compiles_the_completions() {
    if !have("elvish") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = script(dir.path(), "elvish");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("edit:completion:arg-completer[backspasm]"));
    let shimmed = format!(
        "var arg-completer = [&]\n{}",
        text.replace("edit:completion:arg-completer", "arg-completer")
    );
    std::fs::write(&file, shimmed).unwrap();
    let o = run("elvish", &["-compileonly", "-json", &file]);
    assert!(o.status.success(), "{}", stdout(&o));
}

#[test]
fn every_shell_clap_knows_gets_a_script_and_a_bad_one_is_refused() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = backspasm(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        assert!(stdout(&o).contains("backspasm"), "{shell}");
    }
    let o = backspasm(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("tcsh"), "{}", stderr(&o));
}

/// The page as a reader sees it: rendered by man in a UTF-8 locale, one paragraph per line
/// (no wrapping, no hyphens), spaces collapsed.
fn rendered(page: &Path) -> String {
    let o = Command::new("man")
        .args(["--warnings", "-l"])
        .arg(page)
        .env("LC_ALL", "C.UTF-8")
        .env("MANWIDTH", "4000")
        .env_remove("MANPAGER")
        .env_remove("PAGER")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "man warns");
    stdout(&o).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn man_page(dir: &Path) -> std::path::PathBuf {
    let o = backspasm(&["man"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert!(
        o.stdout.is_ascii(),
        "the page is ASCII (\\[uXXXX] for the rest)"
    );
    let path = dir.join("backspasm.1");
    std::fs::write(&path, &o.stdout).unwrap();
    path
}

#[test]
fn the_man_page_renders_without_a_warning() {
    if !have("groff") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = man_page(dir.path());
    let o = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert_eq!(stderr(&o), "", "groff warns");
    // The check can fail: groff does warn about a page with a mistake in it.
    let mut broken = std::fs::read(&page).unwrap();
    broken.extend_from_slice(b".TP\n.xx\n");
    std::fs::write(&page, broken).unwrap();
    let o = Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .arg(&page)
        .output()
        .unwrap();
    assert!(stderr(&o).contains("warning"), "{}", stderr(&o));
}

#[test]
fn the_man_page_has_every_command_option_key_and_exit_status() {
    if !have("man") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let text = rendered(&man_page(dir.path()));
    let has = |what: &str| {
        let what = what.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&what), "the man page lacks {what:?}");
    };
    let mut cli = Cli::command();
    cli.build();
    for arg in cli.get_arguments() {
        has(&format!("--{}", arg.get_long().unwrap()));
    }
    for sub in cli.get_subcommands() {
        has(&format!("backspasm {}", sub.get_name()));
        // Each command's own -h is the one listed once, at the top.
        for arg in sub.get_arguments().filter(|a| a.get_id() != "help") {
            match arg.get_long() {
                Some(long) => has(&format!("--{long}")),
                None => has(arg.get_value_names().unwrap()[0].as_str()),
            }
            if let Some(help) = arg.get_help() {
                has(&help.to_string());
            }
        }
    }
    // Every screen's keys, in the words of the `?` help.
    for ctx in man::screens() {
        for (keys, help) in keymap::help_rows(ctx) {
            has(&keys);
            has(help);
        }
    }
    has(&common::content().disclaimer);
    has(backspasm::store::FILE_NAME);
    has("BACKSPASM_STATE_DIR");
    for (code, meaning) in man::EXIT_STATUS.iter().chain(man::STREAMS) {
        has(code);
        has(meaning);
    }
}

/// A screen added to the key table is a screen the man page lists.
#[test]
fn the_man_page_lists_every_screen_of_the_key_table() {
    let listed: Vec<Ctx> = man::screens().collect();
    for binding in BINDINGS {
        for ctx in binding.ctx {
            assert!(
                ctx.is_flag() || listed.contains(ctx),
                "{ctx:?} ({}) is not in the man page's screens",
                binding.help
            );
        }
    }
}

/// One table of exit statuses and streams: the README repeats the man page's rows.
#[test]
fn the_readme_has_the_man_pages_exit_status_table() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let rows = man::EXIT_STATUS
        .iter()
        .map(|(code, text)| format!("| exit {code} | {text} |"))
        .chain(
            man::STREAMS
                .iter()
                .map(|(stream, text)| format!("| {stream} | {text} |")),
        );
    for row in rows {
        assert!(readme.contains(&row), "README.md lacks the row\n{row}");
    }
}

/// `cargo package --list`, for the app and for its core: what a user needs to build and run
/// it, and no more.
#[test]
fn the_package_leaves_out_the_heavy_folders() {
    let cargo = std::env::var("CARGO").unwrap_or("cargo".to_string());
    let needs: [(&str, &[&str]); 2] = [
        (
            "backspasm",
            &[
                "Cargo.toml",
                "Cargo.lock",
                "README.md",
                "LICENSE-MIT",
                "LICENSE-APACHE",
                "src/main.rs",
                "data/back_spasm.ron",
            ],
        ),
        ("backspasm-core", &["Cargo.toml", "src/lib.rs"]),
    ];
    for (package, needed) in needs {
        let o = Command::new(&cargo)
            .args(["package", "--list", "--allow-dirty", "--offline", "--quiet"])
            .args(["--package", package])
            .output()
            .unwrap();
        let list = succeeded(&o);
        let files: Vec<&str> = list.lines().collect();
        for needed in needed {
            assert!(
                files.contains(needed),
                "{package}: {needed} missing from {files:?}"
            );
        }
        for file in &files {
            for heavy in [
                "fuzz/",
                "screenshots/",
                "bench/",
                "tests/",
                "scripts/",
                ".ci/",
                "crates/",
            ] {
                assert!(!file.starts_with(heavy), "{package}: {file} is packaged");
            }
        }
    }
}
