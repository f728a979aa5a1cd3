//! What a timer's cue does besides the bells and the flash (those are `timer::Signal`'s): which
//! tone plays, what is said, whether a desktop notification goes up, and what the `--on-cue`
//! command is told. Pure: decided from the cue and the timer's view; the shell carries it out.

use crate::content::{ClockKind, Phase, Tone};
use crate::timer::cycle::Ms;
use crate::timer::{Status, View};

/// The placeholder in spoken text for the phase's length in words.
pub const LEN: &str = "{len}";

/// The kinds of cue (the table of pulses in docs/timers.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Into a phase (or a phase that waits to be started).
    Phase,
    /// The warning before a phase ends.
    Warning,
    /// The last round is done.
    Done,
    /// An alarm phase ended (the ice pack must come off).
    Alarm,
}

/// A cue a timer gave, in this update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fired {
    pub kind: Kind,
    pub clock: ClockKind,
    /// An alarm ringing again (every few seconds until silenced): the tone only.
    pub repeat: bool,
}

impl Fired {
    /// Of two cues in one update only one is heard: the one that matters most (an alarm and
    /// the phase after it end together; the alarm is what to act on).
    fn weight(self) -> u8 {
        match (self.kind, self.repeat) {
            (Kind::Alarm, false) => 4,
            (Kind::Done, _) => 3,
            (Kind::Phase, _) => 2,
            (Kind::Alarm, true) => 1,
            (Kind::Warning, _) => 0,
        }
    }

    /// The one to keep of `self` and `other` (the later one on a tie).
    pub fn over(self, other: Option<Fired>) -> Fired {
        match other {
            Some(o) if o.weight() > self.weight() => o,
            _ => self,
        }
    }
}

/// The tones, one per kind of cue (and per tone of phase).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pattern {
    Hot,
    Cold,
    Rest,
    Warning,
    Done,
    Alarm,
}

impl Pattern {
    /// For file names and the `--on-cue` command.
    pub fn name(self) -> &'static str {
        match self {
            Pattern::Hot => "hot",
            Pattern::Cold => "cold",
            Pattern::Rest => "rest",
            Pattern::Warning => "warning",
            Pattern::Done => "done",
            Pattern::Alarm => "alarm",
        }
    }
}

/// Everything a cue does besides the bells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub pattern: Pattern,
    /// Said aloud, if anything.
    pub speech: Option<String>,
    /// A desktop notification: title and body.
    pub notify: Option<(String, String)>,
    /// For the `--on-cue` command; None for an alarm ringing again.
    pub hook: Option<Hook>,
}

/// What the `--on-cue` command is told, in environment variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hook {
    /// phase, warning, done, alarm.
    pub cue: &'static str,
    /// The phase's name as shown ("COLD").
    pub phase: String,
    /// Whole seconds left in the phase (rounded up, as the digits show them).
    pub left_secs: u64,
}

/// Decide what `fired` does, from its timer's view after the update. `focused`: whether the
/// terminal has the focus (a phase change raises a notification only when it has not; an alarm
/// always does).
pub fn decide(fired: Fired, view: &View, focused: bool) -> Decision {
    let phase = view.phase;
    let left_secs = (view.left.max(0) as u64).div_ceil(1000);
    let hook = |cue| {
        Some(Hook {
            cue,
            phase: phase.name.clone(),
            left_secs,
        })
    };
    match fired.kind {
        Kind::Phase => {
            let said = spoken(phase.spoken.as_deref(), &phase.name, view.len);
            Decision {
                pattern: pattern(phase.tone),
                notify: (!focused).then(|| (titled(phase), said.clone())),
                speech: Some(said),
                hook: hook("phase"),
            }
        }
        Kind::Warning => Decision {
            pattern: Pattern::Warning,
            speech: None,
            notify: None,
            hook: hook("warning"),
        },
        Kind::Done => {
            let said = view.cycle.done_spoken.clone();
            Decision {
                pattern: Pattern::Done,
                notify: (!focused).then(|| {
                    let body = said.clone().unwrap_or_default();
                    (
                        format!("{} {}", crate::symbols::DONE, view.cycle.title),
                        body,
                    )
                }),
                speech: said,
                hook: hook("done"),
            }
        }
        // Ringing again: the tone only.
        Kind::Alarm if fired.repeat => Decision {
            pattern: Pattern::Alarm,
            speech: None,
            notify: None,
            hook: None,
        },
        Kind::Alarm => {
            // The phase whose end rang, not the one running now.
            let rang: &Phase = view.alarm.map_or(phase, |(p, _)| p);
            let ended = format!("{} {} ended", crate::symbols::ALARM, rang.name);
            let said = match &rang.alarm_spoken {
                Some(text) => fill(text, view.len),
                None => format!("{} ended.", rang.name),
            };
            Decision {
                pattern: Pattern::Alarm,
                speech: Some(said.clone()),
                notify: Some((ended, said)),
                hook: Some(Hook {
                    cue: "alarm",
                    phase: rang.name.clone(),
                    left_secs,
                }),
            }
        }
    }
}

/// A phase's tone as a pattern.
pub fn pattern(tone: Tone) -> Pattern {
    match tone {
        Tone::Hot => Pattern::Hot,
        Tone::Cold => Pattern::Cold,
        Tone::Rest => Pattern::Rest,
    }
}

/// "♨ HOT"
fn titled(phase: &Phase) -> String {
    format!("{} {}", phase.symbol, phase.name)
}

/// The phase's spoken text with its length filled in, or its name.
fn spoken(text: Option<&str>, name: &str, len: Ms) -> String {
    match text {
        Some(text) => fill(text, len),
        None => format!("{name}."),
    }
}

/// `text` with `{len}` as the length in words.
pub fn fill(text: &str, len: Ms) -> String {
    text.replace(LEN, &in_words(len))
}

/// A length as it is said: "3 minutes", "30 seconds", "2 minutes 30 seconds", "1 hour 30
/// minutes" (whole seconds, rounded up as the digits show them).
pub fn in_words(ms: Ms) -> String {
    let secs = (ms.max(0) as u64).div_ceil(1000);
    let parts = [
        (secs / 3600, "hour"),
        (secs / 60 % 60, "minute"),
        (secs % 60, "second"),
    ];
    let words: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n} {unit}{}", if *n == 1 { "" } else { "s" }))
        .collect();
    if words.is_empty() {
        "0 seconds".to_string()
    } else {
        words.join(" ")
    }
}

/// What the timers show in the terminal's title: the phase, its symbol and the time left, or
/// the alarm. None: no timer is going.
pub fn title(view: &View) -> Option<String> {
    let p = view.phase;
    let left = crate::timer::shown(view.left);
    let text = if let Some((rang, _)) = view.alarm {
        format!("{} {} ended", crate::symbols::ALARM, rang.name)
    } else {
        match view.status {
            Status::Running => format!("{} {} {left}", p.symbol, p.name),
            Status::Paused => format!("{} {} {} {left}", p.symbol, p.name, crate::symbols::PAUSED),
            Status::Waiting { .. } => format!("{} {} ready", p.symbol, p.name),
            Status::Ready | Status::Done { .. } => return None,
        }
    };
    Some(format!("{text} · backspasm"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_in_words() {
        assert_eq!(in_words(180_000), "3 minutes");
        assert_eq!(in_words(30_000), "30 seconds");
        assert_eq!(in_words(150_000), "2 minutes 30 seconds");
        assert_eq!(in_words(5_400_000), "1 hour 30 minutes");
        assert_eq!(in_words(61_000), "1 minute 1 second");
        assert_eq!(in_words(1), "1 second");
        assert_eq!(in_words(0), "0 seconds");
        assert_eq!(
            fill("Cold water now, {len}.", 30_000),
            "Cold water now, 30 seconds."
        );
    }

    #[test]
    fn the_stronger_cue_of_one_update_is_heard() {
        let f = |kind, repeat| Fired {
            kind,
            clock: ClockKind::Wall,
            repeat,
        };
        let alarm = f(Kind::Alarm, false);
        let phase = f(Kind::Phase, false);
        assert_eq!(phase.over(Some(alarm)), alarm);
        assert_eq!(alarm.over(Some(phase)), alarm);
        assert_eq!(f(Kind::Warning, false).over(Some(phase)), phase);
        assert_eq!(f(Kind::Alarm, true).over(Some(phase)), phase);
        assert_eq!(phase.over(None), phase);
    }
}
