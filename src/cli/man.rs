//! `backspasm man`: the manual page, made from what it describes so it cannot drift: the
//! commands and options from the clap definition, the keys from the key table, the disclaimer
//! from the content. Exit codes and streams are one table here, which the README repeats (a
//! test holds the two together).

use clap::CommandFactory;
use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use super::Cli;
use crate::content::Content;
use crate::keymap::{self, Ctx};
use crate::store;
use crate::today::command::SUMMARY_FILE;

/// Every exit status, and what it means.
pub const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Done: what was asked was printed, saved or shown and then quit. Also --help, \
         --version, and output whose reader stopped early (piped into head).",
    ),
    (
        "1",
        "summary only: part of the state file could not be read; the summary of the rest is \
         printed, and stderr says what it leaves out.",
    ),
    (
        "2",
        "Refused: bad arguments, an unknown pane or walkthrough, content that does not load, \
         a screen command whose output is not a terminal, a pain score that could not be \
         saved, a state of which nothing could be read for the summary, output that could not be \
         written (a full disk), a terminal error.",
    ),
    (
        "101",
        "A bug (a panic): the terminal is put back first and the message is on stderr.",
    ),
    (
        "129, 130, 131, 143",
        "Ended by HUP, INT, QUIT or TERM: the terminal is put back, everything is saved, and \
         the process ends by that signal (a shell shows 128 + its number).",
    ),
];

/// What goes where.
pub const STREAMS: &[(&str, &str)] = &[
    (
        "stdout",
        "What a command was asked for: the screens, and what check, print, log, summary, \
         completions, man, --help and --version print. Nothing else.",
    ),
    (
        "stderr",
        "Errors and notices, and nothing else: a usage error as clap words it (\"error: \
         ...\"), anything else starting \"backspasm: \". A path or value the user gave is \
         printed on either stream with anything that could act on the terminal replaced by \
         U+FFFD.",
    ),
];

/// The screens the KEYS section lists, in the order a user meets them, with their titles.
const SCREENS: &[(Ctx, &str)] = &[
    (Ctx::Guide, "The guide"),
    (Ctx::Help, "The help (?)"),
    (Ctx::Walk, "A walkthrough, one step at a time"),
    (Ctx::WalkList, "A walkthrough as a checklist"),
    (Ctx::WalkDone, "A finished walkthrough"),
    (Ctx::Onset, "When the spasm began"),
    (Ctx::Pain, "The pain prompt"),
    (Ctx::PainWait, "The pain prompt after 1 (0 makes it 10)"),
    (Ctx::PainEdit, "The pain prompt changing an entry"),
    (Ctx::Ask, "The question after a pain score of 9 or 10"),
    (Ctx::Text, "Typing a date or a note"),
    (Ctx::Doctor, "The call-a-doctor checklist"),
    (Ctx::Diary, "The pain diary"),
    (Ctx::Summary, "The summary for the doctor"),
    (Ctx::TimerReady, "A timer not started, or done"),
    (Ctx::Timer, "A timer counting down"),
    (Ctx::TimerPaused, "A timer paused"),
    (Ctx::TimerWaiting, "A timer waiting for its next phase"),
    (Ctx::Alarm, "A timer's alarm ringing"),
    (Ctx::AlarmNew, "An alarm that has just come up"),
];

/// The contexts of the key table that are screens (`Ringing` only marks footer hints).
pub fn screens() -> impl Iterator<Item = Ctx> {
    SCREENS.iter().map(|(ctx, _)| *ctx)
}

/// The whole page, roff, ASCII only (`\[uXXXX]` for the rest), so groff needs no preconv.
pub fn page(content: &Content) -> String {
    let mut cmd = Cli::command();
    cmd.build();
    let man = Man::new(cmd.clone()).title("BACKSPASM");
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let sections = [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ];
    for render in sections {
        render(&man, &mut out).expect("roff into memory");
    }

    let mut roff = Roff::new();
    section(&mut roff, "DISCLAIMER", &[&content.disclaimer]);

    roff.control("SH", ["COMMANDS"]);
    roff.text([roman(
        "Without a command the guide opens. The options above work with every command.",
    )]);
    roff.to_writer(&mut out).expect("roff into memory");
    for sub in cmd.get_subcommands() {
        command(sub, &mut out);
    }

    let mut roff = Roff::new();
    keys(&mut roff);
    files(&mut roff);
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, text) in [
        (
            "BACKSPASM_STATE_DIR",
            "Where progress is kept when --state-dir is not given.",
        ),
        (
            "XDG_STATE_HOME",
            "The state directory's parent otherwise (default ~/.local/state).",
        ),
        (
            "NO_COLOR",
            "When set and not empty, no colours: every meaning also has a symbol or a text \
             attribute.",
        ),
    ] {
        item(&mut roff, name, text);
    }
    roff.control("SH", ["EXIT STATUS"]);
    for (code, text) in EXIT_STATUS {
        item(&mut roff, code, text);
    }
    roff.control("SH", ["STREAMS"]);
    for (stream, text) in STREAMS {
        item(&mut roff, stream, text);
    }
    roff.to_writer(&mut out).expect("roff into memory");
    ascii(&once_preamble(
        &String::from_utf8(out).expect("roff is UTF-8"),
    ))
}

/// Each piece rendered on its own starts with the same two lines defining `\*(Aq`: keep the
/// first pair.
fn once_preamble(roff: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut page = String::new();
    for line in roff.lines() {
        let preamble = line.starts_with(".ie \\n(.g .ds Aq") || line.starts_with(".el .ds Aq");
        if preamble && seen.contains(&line) {
            continue;
        }
        if preamble {
            seen.push(line);
        }
        page.push_str(line);
        page.push('\n');
    }
    page
}

/// One subcommand: its synopsis, what it does, its own arguments (the global ones are listed
/// once, above).
fn command(sub: &clap::Command, out: &mut Vec<u8>) {
    let name = sub.get_bin_name().unwrap_or(sub.get_name());
    let mut roff = Roff::new();
    roff.control("SS", [name]);
    roff.to_writer(out).expect("roff into memory");
    let own = sub.clone().mut_args(|a| {
        let listed_above = a.is_global_set() || a.get_id() == "help";
        a.hide(listed_above)
    });
    let man = Man::new(own);
    let mut body = Vec::new();
    man.render_synopsis_section(&mut body)
        .expect("roff into memory");
    man.render_description_section(&mut body)
        .expect("roff into memory");
    man.render_options_section(&mut body)
        .expect("roff into memory");
    // Each section starts with its own `.SH`: under a subsection, paragraphs instead.
    for line in String::from_utf8(body).expect("roff is UTF-8").lines() {
        let line = if line.starts_with(".SH ") {
            ".PP"
        } else {
            line
        };
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
}

/// The keys, from the key table: those that work on most screens once, then each screen's own.
fn keys(roff: &mut Roff) {
    roff.control("SH", ["KEYS"]);
    roff.text([roman(
        "Every screen lists its keys in its footer, and ? shows all of them; this list is \
         made from the same table. One key per action, no chords. Keys with Alt do nothing.",
    )]);
    let rows: Vec<(Ctx, Vec<(String, &str)>)> =
        screens().map(|ctx| (ctx, keymap::help_rows(ctx))).collect();
    let mut common: Vec<(String, &str)> = Vec::new();
    for (_, screen) in &rows {
        for row in screen {
            let on = rows.iter().filter(|(_, r)| r.contains(row)).count();
            if on * 2 > rows.len() && !common.contains(row) {
                common.push(row.clone());
            }
        }
    }
    roff.control("SS", ["On most screens"]);
    for row in &common {
        let not_on: Vec<String> = rows
            .iter()
            .filter(|(_, r)| !r.contains(row))
            .map(|(ctx, _)| lower_first(title(*ctx)))
            .collect();
        roff.control("TP", []);
        roff.text([bold(&row.0)]);
        roff.text([roman(format!("{}.", row.1))]);
        roff.control("br", []);
        roff.text([roman(format!("Not on: {}.", not_on.join("; ")))]);
    }
    for (ctx, screen) in &rows {
        roff.control("SS", [title(*ctx)]);
        for (keys, help) in screen.iter().filter(|row| !common.contains(row)) {
            item(roff, keys, help);
        }
    }
}

fn files(roff: &mut Roff) {
    let file = store::FILE_NAME;
    section(
        roff,
        "FILES",
        &[
            "Progress is kept in a state directory: --state-dir DIR, else $BACKSPASM_STATE_DIR, \
             else $XDG_STATE_HOME/backspasm (~/.local/state/backspasm).",
        ],
    );
    item(
        roff,
        &format!("DIR/{file}"),
        "Everything kept: walkthrough progress, when the spasm began, the doctor checklist, \
         the pain diary, the timers. Written whole on every save, so it is never half written; \
         two instances merge their changes. Delete it to start over.",
    );
    item(
        roff,
        &format!("DIR/{file}.bak"),
        "A state file that could not be read, or read only in part, kept as it was before \
         anything was written over it (then .1.bak, ...).",
    );
    item(
        roff,
        &format!("DIR/{SUMMARY_FILE}"),
        "The summary for the doctor, written from the pain diary's screen.",
    );
}

fn title(ctx: Ctx) -> &'static str {
    SCREENS
        .iter()
        .find(|(c, _)| *c == ctx)
        .map_or("", |(_, t)| *t)
}

/// A title inside a sentence.
fn lower_first(title: &str) -> String {
    let mut chars = title.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_lowercase().chain(chars).collect())
}

fn section(roff: &mut Roff, name: &str, paragraphs: &[&str]) {
    roff.control("SH", [name]);
    for (i, p) in paragraphs.iter().enumerate() {
        if i > 0 {
            roff.control("PP", []);
        }
        roff.text([roman(*p)]);
    }
}

/// A tagged paragraph: the tag in bold, the text under it.
fn item(roff: &mut Roff, tag: &str, text: &str) {
    roff.control("TP", []);
    roff.text([bold(tag)]);
    roff.text([roman(text)]);
}

/// Characters beyond ASCII as groff's `\[uXXXX]`, which every groff and mandoc reads without
/// being told the input's encoding.
fn ascii(roff: &str) -> String {
    roff.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                format!("\\[u{:04X}]", u32::from(c))
            }
        })
        .collect()
}
