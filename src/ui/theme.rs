//! Every colour and symbol in one place. Meaning is never carried by colour alone: each coloured
//! thing also has a symbol or a text attribute, and with NO_COLOR only the attributes remain.

use ratatui::style::{Color, Modifier, Style};

use crate::content::Tone;
use backspasm_core::doc::Role;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

/// The gutter mark of the selected step, and of the rest of its lines.
pub const SELECTED: &str = "▶";
pub const SELECTED_REST: &str = "▏";
/// The Warnings pane's edge, so it looks different even without colour.
pub const WARNING_EDGE: &str = "▌";
/// Walkthrough checkboxes, the done mark, and the progress bar (heavy done, light to go, so
/// the two differ without colour).
/// (The checkboxes and the done mark are defined with the walkthrough's text, which measures
/// them for scrolling.)
pub use backspasm_core::symbols::DONE;
pub use backspasm_core::walkthrough::text::{CHECKED, UNCHECKED};
pub const BAR_DONE: &str = "━";
pub const BAR_TO_GO: &str = "─";
/// Timer marks, beside words (never colour alone), and the timer's thick progress bar.
pub use backspasm_core::symbols::{ALARM, PAUSED};
pub const NEXT: &str = "→";
pub const PHASE_DONE: &str = "█";
pub const PHASE_LEFT: &str = "░";
/// The big digits while the time is not running (paused, ready, done).
pub const SHADED: &str = "▒";

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn role(self, role: Role) -> Style {
        let bold = Modifier::BOLD;
        match role {
            Role::Text | Role::Indent => Style::new(),
            Role::Disclaimer => self.fg(Color::Cyan).add_modifier(Modifier::ITALIC),
            Role::Intro => Style::new().add_modifier(Modifier::ITALIC),
            Role::Heading => Style::new().add_modifier(bold | Modifier::UNDERLINED),
            Role::Number => self.fg(Color::Cyan).add_modifier(bold),
            Role::StepTitle => Style::new().add_modifier(bold),
            Role::Bullet => self.fg(Color::Cyan),
            Role::WarningMark | Role::WarningTitle => self.warning().add_modifier(bold),
            Role::Warning => self.warning(),
            Role::Dim => self.dim(),
            Role::Key => self.key(),
        }
    }

    pub fn warning(self) -> Style {
        self.fg(Color::Yellow)
    }

    pub fn warning_edge(self) -> Style {
        self.fg(Color::Red)
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn selected_tab(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn selected_mark(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn border(self) -> Style {
        self.fg(Color::Cyan)
    }

    /// A timer phase fills its screen with its colour: hot red, cold blue, rest grey. A flash
    /// swaps foreground and background (reverse video without colour).
    pub fn phase(self, tone: Tone, flash: bool) -> Style {
        if !self.color {
            return if flash {
                Style::new().add_modifier(Modifier::REVERSED)
            } else {
                Style::new()
            };
        }
        let (fg, bg) = match tone {
            Tone::Hot => (Color::White, Color::Red),
            Tone::Cold => (Color::White, Color::Blue),
            Tone::Rest => (Color::White, Color::DarkGray),
        };
        let (fg, bg) = if flash { (bg, fg) } else { (fg, bg) };
        Style::new().fg(fg).bg(bg)
    }

    /// A ringing alarm: black on yellow, or reverse video.
    pub fn alarm(self) -> Style {
        let style = Style::new().add_modifier(Modifier::BOLD);
        if self.color {
            style.fg(Color::Black).bg(Color::Yellow)
        } else {
            style.add_modifier(Modifier::REVERSED)
        }
    }

    /// A done step: its check mark, the finish screen's heading.
    pub fn done(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    pub fn bar_done(self) -> Style {
        self.fg(Color::Green)
    }

    /// The call-a-doctor banner: white on red, or reversed without colour (and always ⚠).
    pub fn banner(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// A pain score's colour, low to high; the number is always written beside it.
    pub fn score(self, score: u8) -> Style {
        self.fg(match score {
            0..=3 => Color::Green,
            4..=6 => Color::Yellow,
            _ => Color::Red,
        })
    }
}
