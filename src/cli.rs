//! The command-line contract (clap derive), and what is made from it for installing: shell
//! completions and the manual page (`man.rs`).

pub mod man;

use std::path::PathBuf;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

use crate::content::MAX_ROUNDS;
use backspasm_core::timer::duration;

/// A calm, step-by-step guide for treating a back spasm, in the terminal.
///
/// General information, not medical advice.
#[derive(Debug, Parser)]
#[command(name = "backspasm", version)]
pub struct Cli {
    /// Use this content file instead of the built-in guide.
    #[arg(long, global = true, value_name = "FILE")]
    pub content: Option<PathBuf>,

    /// Keep progress, timers and the diary here (default: $BACKSPASM_STATE_DIR, else the
    /// XDG state directory, ~/.local/state/backspasm).
    #[arg(long, global = true, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// The timers make no sound and say nothing (this run; also BACKSPASM_MUTE=1). The bell
    /// and the flash still cue.
    #[arg(long, global = true, help_heading = "Timer cues")]
    pub mute: bool,

    /// The timers play no tones (they still speak).
    #[arg(long, global = true, help_heading = "Timer cues")]
    pub no_sound: bool,

    /// The timers say nothing (they still play their tones).
    #[arg(long, global = true, help_heading = "Timer cues")]
    pub no_voice: bool,

    /// Play the tones with CMD instead of the player found on PATH (pw-play, paplay, aplay;
    /// afplay; PowerShell); the WAV file's path is added. Also BACKSPASM_PLAYER.
    #[arg(long, global = true, value_name = "CMD", help_heading = "Timer cues")]
    pub player: Option<String>,

    /// Speak with CMD instead of the one found on PATH (espeak-ng, espeak, spd-say; say;
    /// PowerShell); the words are added. Also BACKSPASM_SPEECH.
    #[arg(long, global = true, value_name = "CMD", help_heading = "Timer cues")]
    pub speech: Option<String>,

    /// Run CMD (through the shell) at each cue, told BACKSPASM_CUE (phase, warning, done,
    /// alarm), BACKSPASM_PHASE (e.g. COLD) and BACKSPASM_LEFT (seconds left).
    #[arg(long, global = true, value_name = "CMD", help_heading = "Timer cues")]
    pub on_cue: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the guide on the Warnings pane.
    Warnings,
    /// Validate a content file (the built-in one without FILE) and print a summary.
    Check {
        /// The file to check; overrides --content.
        file: Option<PathBuf>,
    },
    /// Open the lifting technique, one step at a time (Esc goes to the guide).
    Lift,
    /// Open a walkthrough by id, e.g. "pressure" or "needs" (Esc goes to the guide).
    Walk {
        /// A walkthrough id; an unknown one lists them all.
        id: String,
    },
    /// Write the guide as plain text: every pane, or the one with this id.
    Print {
        /// A pane by its id, tab label or title, any case, e.g. "body" or "warnings".
        pane: Option<String>,
    },
    /// Add a pain score (0 to 10) to the diary, now.
    ///
    /// A 9 or 10 also says it may be a reason to call a doctor; the app asks at its next start.
    Log {
        /// How bad the pain is: 0 (none) to 10 (the worst).
        #[arg(allow_negative_numbers = true)]
        score: String,
        /// A short note (one line, up to 200 characters).
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Write a summary for the doctor: onset, doctor checklist, pain diary, treatments.
    Summary {
        /// Write it to FILE instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Markdown, or plain text laid out to print on a page.
        #[arg(long, value_enum, default_value_t = Format::Markdown)]
        format: Format,
    },
    /// Start the shower hot/cold timer now (one command, then step into the shower).
    ///
    /// One already going is opened as it is; with --hot, --cold or --rounds, it is replaced.
    ///
    /// DUR is 150, 150s, 2m30s, 2:30 or 3m. Each may be from 1 s to twice the longest the
    /// guide gives that phase.
    Timer {
        /// How long each hot phase lasts (default: the guide's).
        #[arg(long, value_name = "DUR", value_parser = duration::parse, allow_hyphen_values = true)]
        hot: Option<u32>,
        /// How long each cold phase lasts (default: the guide's).
        #[arg(long, value_name = "DUR", value_parser = duration::parse, allow_hyphen_values = true)]
        cold: Option<u32>,
        /// Stop after N rounds (default: repeat until stopped).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_ROUNDS)), allow_negative_numbers = true)]
        rounds: Option<u32>,
    },
    /// Open the ice pack timer (on, then a break, as the guide says; kept while the app is closed).
    Ice,
    /// Print a completion script for SHELL (see the README for where to put it).
    #[command(hide = true)]
    Completions {
        /// The shell to complete in.
        shell: Shell,
    },
    /// Print the manual page (roff; read it with: backspasm man | man -l -).
    #[command(hide = true)]
    Man,
}

/// The completion script for `shell`, from the same definition the parser uses.
pub fn completions(shell: Shell) -> String {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "backspasm", &mut script);
    String::from_utf8(script).expect("completion scripts are UTF-8")
}

/// How `summary` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Text,
}
