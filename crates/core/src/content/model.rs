//! The content model: everything the app says, as data. Rust knows the *kinds* of things
//! (a pane, a step, a warning, a walkthrough, a timed cycle, a time rule), never the words.
//!
//! Every struct denies unknown fields so a typo in the content file is an error, not a silent
//! omission. Optional fields default so the file stays short.

use serde::{Deserialize, Serialize};

/// The whole content file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    /// Shown in the title bar.
    pub title: String,
    /// General information, not medical advice: shown on the first screen.
    pub disclaimer: String,
    /// The disclaimer in one short line (about 40 columns), for the row a session's first
    /// screen shows when it does not show the whole disclaimer.
    #[serde(default)]
    pub disclaimer_short: Option<String>,
    /// The panes, in the order of the tab bar.
    pub tabs: Vec<Tab>,
    /// Every warning, once. Steps link to them by id; the Warnings pane lists them all.
    pub warnings: Vec<Warning>,
    /// Step-by-step checklists (the lifting technique, getting up with pressure, things you'll need).
    #[serde(default)]
    pub walkthroughs: Vec<Walkthrough>,
    /// Timed cycles (hydrotherapy, ice pack).
    #[serde(default)]
    pub cycles: Vec<Cycle>,
    /// Advice that depends on the time since the spasm began, in the order it applies.
    #[serde(default)]
    pub rules: Vec<TimeRule>,
    /// "Call a doctor if" conditions, checkable by the user.
    #[serde(default)]
    pub doctor: Vec<DoctorCondition>,
    /// Where the guidance comes from.
    pub sources: Vec<String>,
}

/// One pane of the guide.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Tab {
    pub id: String,
    /// Full label for the tab bar.
    pub title: String,
    /// Short label used when the terminal is narrow.
    pub short: String,
    /// What the pane shows besides its own steps.
    #[serde(default)]
    pub kind: TabKind,
    /// A sentence or two shown above the steps.
    #[serde(default)]
    pub intro: Option<String>,
    #[serde(default)]
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum TabKind {
    /// Numbered steps.
    #[default]
    Steps,
    /// Every warning in the file (after the pane's own steps, if any).
    Warnings,
    /// Plan for today from the onset (time rules), then the pane's own steps.
    Today,
    /// The sources list after the pane's own steps.
    Sources,
}

/// One numbered step of a pane.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Unique across all panes; time rules and the app refer to steps by it.
    pub id: String,
    pub title: String,
    pub body: String,
    /// Sub-points shown under the body.
    #[serde(default)]
    pub points: Vec<String>,
    /// Ids of warnings shown beside this step.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Id of a walkthrough this step opens (Enter).
    #[serde(default)]
    pub walkthrough: Option<String>,
    /// Id of a timed cycle this step opens (Enter).
    #[serde(default)]
    pub cycle: Option<String>,
    /// Shows the "call a doctor if" checklist (`doctor` of the file) under the body; the pane
    /// also shows the call-a-doctor banner while any condition is ticked.
    #[serde(default)]
    pub doctor: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    pub id: String,
    pub title: String,
    pub body: String,
}

/// A checklist walked one step at a time.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Walkthrough {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
    /// How the walkthrough opens: one step at a time, or as a checklist.
    #[serde(default)]
    pub mode: WalkMode,
    /// A checklist done every time (lifting): opened after it was finished, or this many
    /// minutes after its last tick, it starts at step 1 again; within that it resumes.
    #[serde(default)]
    pub restart_after_mins: Option<u32>,
    pub steps: Vec<WalkStep>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
pub enum WalkMode {
    /// One step at a time, large: for doing the steps in order.
    #[default]
    Focus,
    /// Every step with a checkbox: for a list to tick off in any order.
    List,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct WalkStep {
    /// Unique within its walkthrough; saved progress is keyed by it.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
    /// The step says to wait and the article gives no time for it ("wait for the spasms to
    /// stop", "wait a few seconds"): it waits for the person (Space when it is over) and shows
    /// how long it has been. Never a countdown: its number would be the app's, not the article's.
    #[serde(default)]
    pub wait: bool,
    /// Ids of warnings shown beside this step.
    #[serde(default)]
    pub warnings: Vec<String>,
}

/// A repeating sequence of timed phases.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub intro: Option<String>,
    /// Monotonic for short cycles; wall-clock for long ones that must survive sleep and restart.
    pub clock: ClockKind,
    pub phases: Vec<Phase>,
    /// How many rounds (each round is every phase once); None repeats until stopped.
    #[serde(default)]
    pub rounds: Option<u32>,
    /// Ids of warnings shown on the timer screen.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Said aloud when the last round is done (see `Phase::spoken`); none: only the tone.
    #[serde(default)]
    pub done_spoken: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ClockKind {
    Monotonic,
    Wall,
}

#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Phase {
    pub id: String,
    /// The phase in one or two words, shown big: "HOT", "COLD", "ICE ON".
    pub name: String,
    /// A one-character symbol shown with the name (never colour alone).
    pub symbol: String,
    /// Chooses the colour.
    pub tone: Tone,
    /// What to do during this phase.
    pub say: String,
    /// Said aloud when the phase starts, short and plain ("Cold water now, {len}."); `{len}`
    /// is the phase's length in words ("30 seconds"). None: the name is said.
    #[serde(default)]
    pub spoken: Option<String>,
    /// For an alarm phase: said aloud when its alarm rings ("Take the ice pack off.").
    /// None: the name and "ended".
    #[serde(default)]
    pub alarm_spoken: Option<String>,
    /// Default length in seconds.
    pub secs: u32,
    /// Shortest and longest length the source allows (e.g. 2–3 minutes); default: `secs`.
    #[serde(default)]
    pub min_secs: Option<u32>,
    #[serde(default)]
    pub max_secs: Option<u32>,
    /// What the guide's length for this phase assumes, shown on the timer screen (the ice
    /// pack's 20 minutes are for a wrapped pack; bare ice has its own, shorter limit).
    #[serde(default)]
    pub note: Option<String>,
    /// The end of this phase is an alarm that repeats until acknowledged.
    #[serde(default)]
    pub alarm: bool,
    /// The cycle waits for the user to start this phase (e.g. the ice pack has to go on first);
    /// otherwise it starts by itself when the previous one ends.
    #[serde(default)]
    pub wait: bool,
}

impl Phase {
    /// The lengths the guide gives this phase, in seconds (`secs` alone if it gives no range).
    pub fn guide_secs(&self) -> std::ops::RangeInclusive<u32> {
        self.min_secs.unwrap_or(self.secs)..=self.max_secs.unwrap_or(self.secs)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum Tone {
    Hot,
    Cold,
    Rest,
}

/// Advice that applies from `from_hours` after onset until `until_hours` (exclusive; None: no end).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TimeRule {
    pub id: String,
    pub from_hours: u32,
    #[serde(default)]
    pub until_hours: Option<u32>,
    pub title: String,
    pub body: String,
    /// Steps of the guide this rule is about.
    #[serde(default)]
    pub steps: Vec<String>,
    /// A walkthrough or cycle id the Today pane can start with one key.
    #[serde(default)]
    pub start: Option<String>,
    /// A condition the person can say holds (one key on the Today item), which brings the rule
    /// in before `from_hours`: the article ties stretching to the spasm easing, not to a clock.
    #[serde(default)]
    pub early: Option<Early>,
}

/// A rule's condition that the person marks, rather than the clock.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Early {
    /// Kept in the state by this id, with when it was marked (a mark made before the spasm
    /// began, i.e. for an earlier spasm, does not count).
    pub mark: String,
    /// What the mark says, after "Space:" and "or sooner if": "the spasm is easing".
    pub says: String,
    /// What the rule waits for, shown while it is still to come.
    pub waits: String,
}

/// One "call a doctor if" condition.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DoctorCondition {
    pub id: String,
    pub text: String,
    /// A few words for the banner and the summary; default: `text`.
    #[serde(default)]
    pub short: Option<String>,
    /// Ticked automatically once this many hours have passed since onset.
    #[serde(default)]
    pub after_hours: Option<u32>,
    /// With `after_hours`: what Today says once they have passed ("It has lasted two weeks:
    /// call a doctor."), plainly, never as something still to come; default: `short`, ticked.
    #[serde(default)]
    pub passed: Option<String>,
    /// A pain score this high asks whether this condition is true (it asks; the person
    /// decides).
    #[serde(default)]
    pub ask: Option<Ask>,
}

/// The question a high pain score asks about a doctor condition.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Ask {
    /// Scores from this one up ask (0–10).
    pub from_score: u8,
    pub question: String,
}
