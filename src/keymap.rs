//! THE key table. Key handling, the footer hints and the `?` overlay all read `BINDINGS`, so
//! they cannot disagree. Each row is one thing the user can do, with its keys and its words.

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::app::Action;
use crate::content::ClockKind;
use backspasm_core::timer::SlotAction;

/// Where the user is; a binding lists the contexts it works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    Guide,
    Help,
    /// A walkthrough, one step at a time.
    Walk,
    /// A walkthrough as a checklist.
    WalkList,
    /// A walkthrough's finish screen.
    WalkDone,
    /// The onset picker's one-key choices.
    Onset,
    /// The pain prompt (0–10).
    Pain,
    /// The pain prompt after `1`: `0` makes it 10, Enter (or a pause) 1.
    PainWait,
    /// The pain prompt changing an entry's score (Enter keeps it).
    PainEdit,
    /// After a high pain score, the question about a reason to call a doctor: `y` or any key.
    Ask,
    /// Typing a line (an onset, a note): printable keys type.
    Text,
    /// The "call a doctor if" checklist.
    Doctor,
    /// The pain diary.
    Diary,
    /// The summary for the doctor, on screen.
    Summary,
    /// A timer screen, counting down: Space pauses.
    Timer,
    /// A timer screen, paused: Space resumes.
    TimerPaused,
    /// A timer screen waiting for its next phase to be started (the ice pack put on).
    TimerWaiting,
    /// A timer screen not started, or done: Space starts it.
    TimerReady,
    /// A timer screen whose alarm is ringing.
    Alarm,
    /// The alarm's screen has just come up over what you were doing: for a moment only Esc,
    /// help and quit work, so keys meant for that screen do not act on the timer.
    AlarmNew,
    // Flags, never the screen's context: a row that lists one shows in the footer only while
    // it holds (on the screens the row also lists), in the place of the screen's row for the
    // same key, in the help too (`Here`).
    /// An alarm rings.
    Ringing,
    /// A reason to call a doctor applies: Today's `s` opens the checklist.
    Reason,
    /// Today's selected item waits for something the person can mark now (Space).
    Markable,
    /// Today's selected item is there because it was marked: Space takes that back.
    Marked,
    /// The timers' sound and speech are off (`m`): `m` turns them on.
    Muted,
}

impl Ctx {
    /// A flag (`Ringing`, `Reason`, ...), not a screen.
    pub fn is_flag(self) -> bool {
        matches!(self, Ringing | Reason | Markable | Marked | Muted)
    }
}

/// What the footer and the help need to know of where the user is besides the screen's
/// context; the app fills it in (`App::here`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Here {
    /// The flags that hold now.
    pub flags: Vec<Ctx>,
    /// How many things 1-9 picks on this screen (choices, conditions, steps), so the keys
    /// read as the real range ("1-8"); None: all nine.
    pub digits: Option<usize>,
}

impl Here {
    /// Whether `b` is for now: a row with flags shows only while they hold.
    fn holds(&self, b: &Binding) -> bool {
        b.ctx
            .iter()
            .filter(|c| c.is_flag())
            .all(|c| self.flags.contains(c))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    /// Any of 1–9; the digit picks the target.
    Digit,
    /// Any of 0–9, passed on as its value (a pain score).
    Num,
    /// Any printable character (typing in a field).
    AnyChar,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Tab,
    BackTab,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    /// Any key not bound otherwise in the context.
    Any,
    /// The mouse wheel, up or down.
    WheelUp,
    WheelDown,
    /// A left click (the action gets the cell).
    Click,
}

/// What a key does: a fixed action, or one built from the digit pressed.
#[derive(Debug, Clone)]
pub enum Does {
    Act(Action),
    Digit(fn(usize) -> Action),
    /// Built from the character typed (`Key::AnyChar`).
    Text(fn(char) -> Action),
    /// Built from the cell clicked (`Key::Click`).
    At(fn(u16, u16) -> Action),
}

pub struct Binding {
    pub keys: &'static [(Key, Does)],
    /// How many of `keys` the footer shows (0: help overlay only).
    pub footer: usize,
    /// Shown in the footer even when it is narrow (help and quit: the way to everything else;
    /// the warnings).
    pub pin: bool,
    /// The footer's word for it.
    pub hint: &'static str,
    /// The help overlay's description.
    pub help: &'static str,
    pub ctx: &'static [Ctx],
}

use Action as A;
use Ctx::*;
use Does::Act;
use Key as K;

/// What the mouse wheel moves by.
const WHEEL_LINES: i32 = 3;

const UP_DOWN: &[(Key, Does)] = &[
    (K::Up, Act(A::Up)),
    (K::Down, Act(A::Down)),
    (K::Char('k'), Act(A::Up)),
    (K::Char('j'), Act(A::Down)),
];
const WHEEL: &[(Key, Does)] = &[
    (K::WheelUp, Act(A::Scroll(-WHEEL_LINES))),
    (K::WheelDown, Act(A::Scroll(WHEEL_LINES))),
];
const QUIT: &[(Key, Does)] = &[(K::Char('q'), Act(A::Quit)), (K::Ctrl('c'), Act(A::Quit))];

const WALKS: &[Ctx] = &[Walk, WalkList, WalkDone];
/// Screens that scroll by the page.
const PAGED: &[Ctx] = &[Guide, Help, Walk, WalkList, WalkDone, Diary, Summary];
/// Timer screens with a run to change (`n`, `+`/`-`, `r`, `x`).
const RUNS: &[Ctx] = &[Timer, TimerPaused, TimerWaiting, Alarm];
const TIMERS: &[Ctx] = &[Timer, TimerPaused, TimerWaiting, TimerReady, Alarm];
/// Where `l` works besides the guide (whose footer shows it): every screen but a new alarm
/// (Esc, help and quit only) and a text field. `w` the same, less a walkthrough's steps
/// (their footer shows it; its finish screen keeps this row).
const FROM_ANY_OTHER: &[Ctx] = &[
    Help,
    Walk,
    WalkList,
    WalkDone,
    Onset,
    Pain,
    PainEdit,
    Doctor,
    Diary,
    Summary,
    Timer,
    TimerPaused,
    TimerWaiting,
    TimerReady,
    Alarm,
];
/// Every screen but a text field (where letters type).
const ALL_BUT_TEXT: &[Ctx] = &[
    Guide,
    Help,
    Walk,
    WalkList,
    WalkDone,
    Onset,
    Pain,
    PainWait,
    PainEdit,
    Ask,
    Doctor,
    Diary,
    Summary,
    Timer,
    TimerPaused,
    TimerWaiting,
    TimerReady,
    Alarm,
    AlarmNew,
];

/// Every screen.
const EVERYWHERE: &[Ctx] = &[
    Guide,
    Help,
    Walk,
    WalkList,
    WalkDone,
    Onset,
    Pain,
    PainWait,
    PainEdit,
    Ask,
    Text,
    Doctor,
    Diary,
    Summary,
    Timer,
    TimerPaused,
    TimerWaiting,
    TimerReady,
    Alarm,
    AlarmNew,
];

pub static BINDINGS: &[Binding] = &[
    // ---- The guide
    Binding {
        keys: &[
            (K::Left, Act(A::PrevTab)),
            (K::Right, Act(A::NextTab)),
            (K::BackTab, Act(A::PrevTab)),
            (K::Tab, Act(A::NextTab)),
        ],
        footer: 2,
        pin: false,
        hint: "pane",
        help: "previous / next pane",
        ctx: &[Guide],
    },
    Binding {
        keys: &[(K::Digit, Does::Digit(A::GoTab))],
        footer: 0,
        pin: false,
        hint: "pane",
        help: "go to pane N",
        ctx: &[Guide],
    },
    Binding {
        keys: UP_DOWN,
        footer: 2,
        pin: false,
        hint: "step",
        help: "previous / next step (scrolls long steps)",
        ctx: &[Guide],
    },
    Binding {
        keys: &[(K::Enter, Act(A::Activate))],
        footer: 1,
        pin: false,
        hint: "open",
        help: "open what the selected step (or Today's rule) leads to",
        ctx: &[Guide],
    },
    // Space on Today, early in the table: a narrow footer keeps the hints that come first.
    Binding {
        keys: &[(K::Char(' '), Act(A::Toggle))],
        footer: 0,
        pin: false,
        hint: "mark",
        help: "Today: mark what an item waits for (again: take it back)",
        ctx: &[Guide],
    },
    Binding {
        keys: &[(K::Char(' '), Act(A::Toggle))],
        footer: 1,
        pin: false,
        hint: "it eases",
        help: "say what the selected item waits for has come (its text says what)",
        ctx: &[Guide, Markable],
    },
    Binding {
        keys: &[(K::Char(' '), Act(A::Toggle))],
        footer: 1,
        pin: false,
        hint: "unmark",
        help: "take back the mark that brought the selected item in early",
        ctx: &[Guide, Marked],
    },
    Binding {
        keys: UP_DOWN,
        footer: 2,
        pin: false,
        hint: "scroll",
        help: "scroll",
        ctx: &[Help],
    },
    Binding {
        keys: &[(K::PageUp, Act(A::PageUp)), (K::PageDown, Act(A::PageDown))],
        footer: 0,
        pin: false,
        hint: "page",
        help: "page up / down",
        ctx: PAGED,
    },
    Binding {
        keys: &[(K::Home, Act(A::Home)), (K::End, Act(A::End))],
        footer: 0,
        pin: false,
        hint: "ends",
        help: "top / bottom",
        ctx: PAGED,
    },
    Binding {
        keys: &[(K::Char('w'), Act(A::Warnings))],
        footer: 1,
        // Warnings are never more than one key away: kept when the footer is narrow.
        pin: true,
        hint: "warnings",
        help: "the Warnings pane, from any screen (Esc goes back)",
        ctx: &[Guide],
    },
    Binding {
        keys: &[(K::Esc, Act(A::Close))],
        footer: 1,
        pin: true,
        hint: "back",
        help: "back to the screen w was pressed on, or the place Enter on a Today item left",
        ctx: &[Guide],
    },
    // Today, pain diary, call a doctor: from the guide (and `p` from the diary).
    Binding {
        keys: &[(K::Char('p'), Act(A::Pain))],
        footer: 1,
        pin: false,
        hint: "pain",
        help: "log pain now: 0–10 (1 then 0 is 10), then an optional note",
        ctx: &[Guide, Diary],
    },
    Binding {
        keys: &[(K::Char('s'), Act(A::StartToday))],
        footer: 1,
        pin: false,
        hint: "start",
        help: "start what Today suggests (the checklist if a reason applies)",
        ctx: &[Guide],
    },
    Binding {
        keys: &[(K::Char('s'), Act(A::StartToday))],
        footer: 1,
        pin: false,
        hint: "doctor",
        help: "a reason to call a doctor applies: the checklist, not a treatment",
        ctx: &[Guide, Reason],
    },
    Binding {
        keys: &[(K::Char('d'), Act(A::Diary))],
        footer: 1,
        pin: false,
        hint: "diary",
        help: "pain diary: scores over the days, summary for the doctor",
        ctx: &[Guide],
    },
    Binding {
        keys: &[(K::Char('c'), Act(A::Doctor))],
        footer: 1,
        pin: false,
        hint: "doctor?",
        help: "the call-a-doctor checklist: tick what is true for you",
        ctx: &[Guide],
    },
    Binding {
        keys: &[(K::Char('o'), Act(A::AskOnset))],
        footer: 1,
        pin: false,
        hint: "began",
        help: "say or change when the spasm began",
        ctx: &[Guide],
    },
    // ---- The onset picker, the pain prompt, text fields
    Binding {
        keys: &[(K::Digit, Does::Digit(A::OnsetChoice))],
        footer: 1,
        pin: false,
        hint: "choose",
        help: "pick that choice (1–7 a time, 8 type a date and time)",
        ctx: &[Onset],
    },
    Binding {
        keys: UP_DOWN,
        footer: 2,
        pin: false,
        hint: "move",
        help: "move the highlight",
        ctx: &[Onset],
    },
    Binding {
        keys: &[(K::Enter, Act(A::Submit))],
        footer: 1,
        pin: false,
        hint: "pick",
        help: "pick the highlighted choice",
        ctx: &[Onset],
    },
    // The guide's keys that also work over the first-run question (it may be put off).
    Binding {
        keys: &[(K::Char('p'), Act(A::Pain))],
        footer: 0,
        pin: false,
        hint: "pain",
        help: "log your pain now (the question waits underneath)",
        ctx: &[Onset],
    },
    Binding {
        keys: &[(K::Char('d'), Act(A::Diary))],
        footer: 0,
        pin: false,
        hint: "diary",
        help: "the pain diary (the question waits underneath)",
        ctx: &[Onset],
    },
    Binding {
        keys: &[(K::Esc, Act(A::Close))],
        footer: 1,
        pin: true,
        hint: "back",
        help: "back: not now (without a start, asked again tomorrow)",
        ctx: &[Onset],
    },
    Binding {
        keys: &[(K::Num, Does::Digit(A::Score))],
        footer: 1,
        pin: false,
        hint: "score",
        help: "log that score: 0 no pain ... 9; 1 then 0 is 10, the worst",
        ctx: &[Pain],
    },
    Binding {
        keys: &[(K::Num, Does::Digit(A::Score))],
        footer: 1,
        pin: false,
        hint: "new score",
        help: "change the score to that; 1 then 0 is 10",
        ctx: &[PainEdit],
    },
    Binding {
        keys: &[(K::Enter, Act(A::Submit))],
        footer: 1,
        pin: true,
        hint: "keep",
        help: "keep the score, go on to the note",
        ctx: &[PainEdit],
    },
    Binding {
        keys: &[(K::Char('0'), Act(A::Score(0)))],
        footer: 1,
        pin: true,
        hint: "for 10",
        help: "10, the worst",
        ctx: &[PainWait],
    },
    Binding {
        keys: &[(K::Enter, Act(A::Submit))],
        footer: 1,
        pin: true,
        hint: "logs 1",
        help: "1 (so does a short pause)",
        ctx: &[PainWait],
    },
    Binding {
        keys: &[(K::Num, Does::Digit(A::Score))],
        footer: 0,
        pin: false,
        hint: "score",
        help: "that score instead of 1",
        ctx: &[PainWait],
    },
    Binding {
        keys: &[(K::AnyChar, Does::Text(A::Type))],
        footer: 0,
        pin: false,
        hint: "type",
        help: "type",
        ctx: &[Text],
    },
    Binding {
        keys: &[(K::Backspace, Act(A::Backspace))],
        footer: 0,
        pin: false,
        hint: "delete",
        help: "delete the last character",
        ctx: &[Text],
    },
    Binding {
        keys: &[(K::Enter, Act(A::Submit))],
        footer: 1,
        pin: true,
        hint: "done",
        help: "done",
        ctx: &[Text],
    },
    // ---- The question after a high pain score: it asks, the person decides
    Binding {
        keys: &[(K::Char('y'), Act(A::AnswerYes))],
        footer: 1,
        pin: true,
        hint: "yes",
        help: "yes: tick that reason to call a doctor",
        ctx: &[Ask],
    },
    Binding {
        keys: &[(K::Any, Act(A::Close))],
        footer: 1,
        pin: true,
        hint: "no",
        help: "no, or not now: nothing is ticked",
        ctx: &[Ask],
    },
    // ---- The doctor checklist and the diary
    Binding {
        keys: &[(K::Digit, Does::Digit(A::ToggleDoctor))],
        footer: 1,
        pin: false,
        hint: "tick",
        help: "tick or untick condition N",
        ctx: &[Doctor],
    },
    Binding {
        keys: UP_DOWN,
        footer: 0,
        pin: false,
        hint: "select",
        help: "select a condition",
        ctx: &[Doctor],
    },
    Binding {
        keys: &[(K::Char(' '), Act(A::Toggle)), (K::Enter, Act(A::Toggle))],
        footer: 0,
        pin: false,
        hint: "tick",
        help: "tick or untick the selected condition",
        ctx: &[Doctor],
    },
    Binding {
        keys: &[(K::Char('o'), Act(A::AskOnset))],
        footer: 1,
        pin: false,
        hint: "began",
        help: "say or change when the spasm began (Esc comes back here)",
        ctx: &[Doctor],
    },
    Binding {
        keys: UP_DOWN,
        footer: 2,
        pin: false,
        hint: "select",
        help: "select an entry (a long note shows whole; ↓ reads it to its end)",
        ctx: &[Diary],
    },
    Binding {
        keys: &[(K::Char('e'), Act(A::DiaryEdit))],
        footer: 1,
        pin: false,
        hint: "edit",
        help: "change the selected entry: its score, then its note",
        ctx: &[Diary],
    },
    Binding {
        keys: &[
            (K::Delete, Act(A::DiaryDelete)),
            (K::Backspace, Act(A::DiaryDelete)),
        ],
        footer: 1,
        pin: false,
        hint: "delete",
        help: "delete the selected entry (u puts it back)",
        ctx: &[Diary],
    },
    Binding {
        keys: &[(K::Char('u'), Act(A::DiaryUndo))],
        footer: 1,
        pin: false,
        hint: "undo",
        help: "undo the last delete or change",
        ctx: &[Diary],
    },
    Binding {
        keys: &[(K::Char('s'), Act(A::WriteSummary))],
        footer: 1,
        pin: false,
        hint: "summary",
        help: "show the summary for the doctor, written to the file named below",
        ctx: &[Diary],
    },
    Binding {
        keys: UP_DOWN,
        footer: 2,
        pin: false,
        hint: "scroll",
        help: "scroll",
        ctx: &[Summary],
    },
    Binding {
        keys: &[(K::Esc, Act(A::Close))],
        footer: 1,
        pin: true,
        hint: "back",
        help: "back (what was saved stays saved)",
        ctx: &[Pain, PainEdit, Text, Doctor, Diary, Summary],
    },
    Binding {
        keys: &[(K::Esc, Act(A::Close))],
        footer: 1,
        pin: true,
        hint: "back",
        help: "back, with 1 logged",
        ctx: &[PainWait],
    },
    // ---- Timers
    Binding {
        keys: &[
            (K::Char(' '), Act(A::Timer(SlotAction::Acknowledge))),
            (K::Enter, Act(A::Timer(SlotAction::Acknowledge))),
            // As from any other screen.
            (K::Char('a'), Act(A::Timer(SlotAction::Acknowledge))),
        ],
        footer: 1,
        pin: true,
        hint: "silence",
        help: "silence the alarm",
        ctx: &[Alarm],
    },
    // Space says what it does now.
    Binding {
        keys: &[(K::Char(' '), Act(A::Timer(SlotAction::Toggle)))],
        footer: 1,
        pin: true,
        hint: "pause",
        help: "pause",
        ctx: &[Timer],
    },
    Binding {
        keys: &[(K::Char(' '), Act(A::Timer(SlotAction::Toggle)))],
        footer: 1,
        pin: true,
        hint: "resume",
        help: "resume",
        ctx: &[TimerPaused],
    },
    Binding {
        keys: &[(K::Char(' '), Act(A::Timer(SlotAction::Toggle)))],
        footer: 1,
        pin: true,
        hint: "start",
        help: "start",
        ctx: &[TimerWaiting, TimerReady],
    },
    Binding {
        keys: &[(K::Char('n'), Act(A::Timer(SlotAction::Next)))],
        footer: 1,
        pin: false,
        hint: "next",
        help: "next phase now",
        ctx: RUNS,
    },
    Binding {
        // `=` is the `+` key without Shift: no chord needed.
        keys: &[
            (K::Char('+'), Act(A::Timer(SlotAction::More))),
            (K::Char('-'), Act(A::Timer(SlotAction::Less))),
            (K::Char('='), Act(A::Timer(SlotAction::More))),
        ],
        footer: 2,
        pin: false,
        hint: "10s",
        help: "10 seconds more / less in this phase",
        ctx: RUNS,
    },
    Binding {
        keys: &[(K::Char('r'), Act(A::Timer(SlotAction::Restart)))],
        footer: 1,
        pin: false,
        hint: "restart",
        help: "restart this phase",
        ctx: RUNS,
    },
    Binding {
        keys: &[(K::Char('x'), Act(A::Timer(SlotAction::Stop)))],
        footer: 1,
        pin: false,
        hint: "stop",
        help: "stop this timer (q only leaves: a running timer is kept)",
        ctx: RUNS,
    },
    Binding {
        keys: &[(K::Char('u'), Act(A::TimerUndo))],
        footer: 1,
        // Shown only while it works, and then it is the way back from a stray `x`.
        pin: true,
        hint: "undo",
        help: "undo stop: the timer back as it was",
        ctx: TIMERS,
    },
    Binding {
        keys: &[(K::Char('m'), Act(A::Mute))],
        footer: 1,
        pin: false,
        hint: "mute",
        help: "the timers' tones and speech off (kept; \"muted\" shows at the top)",
        ctx: TIMERS,
    },
    Binding {
        keys: &[(K::Char('m'), Act(A::Mute))],
        footer: 1,
        pin: false,
        hint: "sound on",
        help: "the timers' tones and speech on again (they are off: \"muted\" shows at the top)",
        ctx: &[Timer, TimerPaused, TimerWaiting, TimerReady, Alarm, Muted],
    },
    Binding {
        keys: &[(K::Esc, Act(A::Close))],
        footer: 1,
        pin: true,
        hint: "back",
        help: "back (the timer keeps running; t or i returns)",
        ctx: &[
            Timer,
            TimerPaused,
            TimerWaiting,
            TimerReady,
            Alarm,
            AlarmNew,
        ],
    },
    // ---- Walkthroughs
    Binding {
        keys: &[
            (K::Char(' '), Act(A::WalkNext)),
            (K::Enter, Act(A::WalkNext)),
        ],
        footer: 1,
        pin: false,
        hint: "done",
        help: "this step is done: go to the next",
        ctx: &[Walk],
    },
    Binding {
        keys: &[
            (K::Left, Act(A::WalkBack)),
            (K::Backspace, Act(A::WalkBack)),
        ],
        footer: 1,
        pin: false,
        hint: "previous",
        help: "the previous step (it is marked not done)",
        ctx: &[Walk, WalkDone],
    },
    Binding {
        keys: &[(K::Char(' '), Act(A::Toggle)), (K::Enter, Act(A::Toggle))],
        footer: 1,
        pin: false,
        hint: "tick",
        help: "tick / untick the selected step",
        ctx: &[WalkList],
    },
    // Beside a walkthrough's steps as beside the guide's (lifting is a physical activity), as
    // room allows: at 40 columns it gives way to quit, and `? more` says so.
    Binding {
        keys: &[(K::Char('w'), Act(A::Warnings))],
        footer: 1,
        pin: false,
        hint: "warnings",
        help: "the Warnings pane, from any screen (Esc goes back)",
        ctx: &[Walk, WalkList],
    },
    Binding {
        keys: UP_DOWN,
        footer: 2,
        pin: false,
        hint: "move",
        help: "previous / next step",
        ctx: &[WalkList],
    },
    Binding {
        keys: UP_DOWN,
        footer: 0,
        pin: false,
        hint: "scroll",
        help: "scroll, when the step is taller than the screen",
        ctx: &[Walk],
    },
    Binding {
        keys: &[(K::Digit, Does::Digit(A::ToggleStep))],
        footer: 1,
        pin: false,
        hint: "tick N",
        help: "tick / untick step N",
        ctx: &[WalkList],
    },
    Binding {
        keys: &[(K::Char('r'), Act(A::WalkReset))],
        footer: 1,
        pin: false,
        hint: "restart",
        help: "start over, every step not done (u undoes it)",
        ctx: WALKS,
    },
    Binding {
        keys: &[(K::Char('u'), Act(A::WalkUndo))],
        footer: 1,
        pin: false,
        hint: "undo",
        help: "undo start over",
        ctx: WALKS,
    },
    Binding {
        keys: &[(K::Char('v'), Act(A::WalkMode))],
        footer: 1,
        pin: false,
        hint: "list",
        help: "show every step as a checklist",
        ctx: &[Walk, WalkDone],
    },
    Binding {
        keys: &[(K::Char('v'), Act(A::WalkMode))],
        footer: 1,
        pin: false,
        hint: "focus",
        help: "show one step at a time (focus mode)",
        ctx: &[WalkList],
    },
    Binding {
        keys: &[(K::Esc, Act(A::Close))],
        footer: 1,
        pin: true,
        hint: "back",
        help: "back to where you came from (progress is kept)",
        ctx: &[Walk, WalkList, WalkDone],
    },
    // ---- From any screen. The guide's footer shows them (as room allows); elsewhere the
    // footer keeps its room for the screen's own keys, and `?` lists them.
    Binding {
        keys: &[(K::Char('a'), Act(A::Timer(SlotAction::Acknowledge)))],
        footer: 1,
        pin: true,
        hint: "silence",
        help: "silence a ringing timer alarm, from any screen",
        ctx: &[
            Ringing,
            Guide,
            Help,
            Walk,
            WalkList,
            WalkDone,
            Onset,
            Pain,
            PainWait,
            PainEdit,
            Doctor,
            Diary,
            Summary,
            Timer,
            TimerPaused,
            TimerWaiting,
            TimerReady,
        ],
    },
    Binding {
        keys: &[(K::Char('l'), Act(A::Lifting))],
        footer: 1,
        pin: false,
        hint: "lifting",
        help: "the lifting technique, step by step, from any screen",
        ctx: &[Guide],
    },
    Binding {
        keys: &[(K::Char('t'), Act(A::OpenTimer(ClockKind::Monotonic)))],
        footer: 1,
        pin: false,
        hint: "timer",
        help: "the shower hot/cold timer, from any screen",
        ctx: &[Guide, Timer, TimerPaused, TimerWaiting, TimerReady, Alarm],
    },
    Binding {
        keys: &[(K::Char('i'), Act(A::OpenTimer(ClockKind::Wall)))],
        footer: 1,
        pin: false,
        hint: "ice",
        help: "the ice pack timer, from any screen",
        ctx: TIMERS,
    },
    Binding {
        keys: &[(K::Char('w'), Act(A::Warnings))],
        footer: 0,
        pin: false,
        hint: "warnings",
        help: "the Warnings pane, from any screen (Esc goes back)",
        // FROM_ANY_OTHER less the walkthroughs' steps, whose own row is above.
        ctx: &[
            Help,
            WalkDone,
            Onset,
            Pain,
            PainEdit,
            Doctor,
            Diary,
            Summary,
            Timer,
            TimerPaused,
            TimerWaiting,
            TimerReady,
            Alarm,
        ],
    },
    Binding {
        keys: &[(K::Char('l'), Act(A::Lifting))],
        footer: 0,
        pin: false,
        hint: "lifting",
        help: "the lifting technique, step by step, from any screen",
        ctx: FROM_ANY_OTHER,
    },
    Binding {
        keys: &[(K::Char('t'), Act(A::OpenTimer(ClockKind::Monotonic)))],
        footer: 0,
        pin: false,
        hint: "timer",
        help: "the shower hot/cold timer, from any screen",
        ctx: &[
            Help, Walk, WalkList, WalkDone, Onset, Pain, PainEdit, Doctor, Diary, Summary,
        ],
    },
    Binding {
        keys: &[(K::Char('i'), Act(A::OpenTimer(ClockKind::Wall)))],
        footer: 0,
        pin: false,
        hint: "ice",
        help: "the ice pack timer, from any screen",
        ctx: &[
            Guide, Help, Walk, WalkList, WalkDone, Onset, Pain, PainEdit, Doctor, Diary, Summary,
        ],
    },
    // ---- The mouse
    Binding {
        keys: WHEEL,
        footer: 0,
        pin: false,
        hint: "scroll",
        help: "scroll",
        ctx: PAGED,
    },
    Binding {
        keys: &[(K::Click, Does::At(|col, row| A::Click { col, row }))],
        footer: 0,
        pin: false,
        hint: "open",
        help: "open the pane clicked in the tab bar",
        ctx: &[Guide],
    },
    // ---- Help and quit, pinned
    Binding {
        keys: &[(K::Char('?'), Act(A::Help))],
        footer: 1,
        pin: true,
        hint: "help",
        help: "this help (every key of this screen)",
        ctx: &[
            Guide,
            Walk,
            WalkList,
            WalkDone,
            Onset,
            Pain,
            PainWait,
            PainEdit,
            Doctor,
            Diary,
            Summary,
            Timer,
            TimerPaused,
            TimerWaiting,
            TimerReady,
            Alarm,
            AlarmNew,
        ],
    },
    Binding {
        keys: &[(K::Esc, Act(A::Close)), (K::Char('?'), Act(A::Close))],
        footer: 1,
        pin: true,
        hint: "back",
        help: "back: close this help",
        ctx: &[Help],
    },
    Binding {
        keys: QUIT,
        footer: 1,
        pin: true,
        hint: "quit",
        help: "quit (everything is saved)",
        ctx: ALL_BUT_TEXT,
    },
    Binding {
        keys: &[(K::Ctrl('c'), Act(A::Quit))],
        footer: 0,
        pin: false,
        hint: "quit",
        help: "quit (everything is saved)",
        ctx: &[Text],
    },
    Binding {
        keys: &[(K::Ctrl('z'), Act(A::Suspend))],
        footer: 0,
        pin: false,
        hint: "suspend",
        help: "suspend to the shell (fg comes back)",
        ctx: EVERYWHERE,
    },
];

impl Key {
    /// How the key is written in the footer and the help.
    pub fn glyph(self) -> String {
        match self {
            K::Char(' ') => "Space".into(),
            K::Char(c) => c.to_string(),
            K::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            K::Digit => "1-9".into(),
            K::Num => "0-9".into(),
            K::AnyChar => "letters".into(),
            K::Backspace => "Bksp".into(),
            K::Delete => "Del".into(),
            K::Left => "←".into(),
            K::Right => "→".into(),
            K::Up => "↑".into(),
            K::Down => "↓".into(),
            K::Tab => "Tab".into(),
            K::BackTab => "S-Tab".into(),
            K::PageUp => "PgUp".into(),
            K::PageDown => "PgDn".into(),
            K::Home => "Home".into(),
            K::End => "End".into(),
            K::Enter => "Enter".into(),
            K::Esc => "Esc".into(),
            K::Any => "any key".into(),
            K::WheelUp | K::WheelDown => "wheel".into(),
            K::Click => "click".into(),
        }
    }

    /// Whether the event is this key; `Some(n)` carries the digit, the character typed, or 0.
    fn matches(self, ev: &Event) -> Option<usize> {
        match ev {
            Event::Key(key) => self.matches_key(key),
            Event::Mouse(m) => {
                let hit = matches!(
                    (self, m.kind),
                    (K::WheelUp, MouseEventKind::ScrollUp)
                        | (K::WheelDown, MouseEventKind::ScrollDown)
                        | (K::Click, MouseEventKind::Down(MouseButton::Left))
                );
                hit.then_some(0)
            }
            _ => None,
        }
    }

    fn matches_key(self, ev: &KeyEvent) -> Option<usize> {
        // Alt-x is never a key of ours: it is also what a fast Esc-then-x looks like, and
        // acting on the x alone (picking an onset, quitting) would do what no one asked for.
        if ev.modifiers.contains(KeyModifiers::ALT) {
            return None;
        }
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let hit = match (self, ev.code) {
            (K::Ctrl(c), KeyCode::Char(x)) => ctrl && x.eq_ignore_ascii_case(&c),
            (_, _) if ctrl => false,
            (K::Char(c), KeyCode::Char(x)) => c == x,
            (K::Digit, KeyCode::Char(x @ '1'..='9')) => {
                return Some(x as usize - '1' as usize);
            }
            (K::Num, KeyCode::Char(x @ '0'..='9')) => {
                return Some(x as usize - '0' as usize);
            }
            (K::AnyChar, KeyCode::Char(x)) => return Some(x as usize),
            (K::Backspace, KeyCode::Backspace) | (K::Delete, KeyCode::Delete) => true,
            (K::Left, KeyCode::Left)
            | (K::Right, KeyCode::Right)
            | (K::Up, KeyCode::Up)
            | (K::Down, KeyCode::Down)
            | (K::Tab, KeyCode::Tab)
            | (K::BackTab, KeyCode::BackTab)
            | (K::PageUp, KeyCode::PageUp)
            | (K::PageDown, KeyCode::PageDown)
            | (K::Home, KeyCode::Home)
            | (K::End, KeyCode::End)
            | (K::Enter, KeyCode::Enter)
            | (K::Esc, KeyCode::Esc) => true,
            (K::Any, KeyCode::Modifier(_)) => false,
            (K::Any, _) => true,
            _ => false,
        };
        hit.then_some(0)
    }
}

/// The bindings that work in `ctx`, in table order.
pub fn bindings(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.ctx.contains(&ctx))
}

/// Any terminal event as an action in `ctx`: keys and the mouse through the table, a resize
/// relayouts, a paste is text for a text field. Key releases, mouse moves, unbound keys and a
/// paste anywhere else do nothing (no redraw): pasted text never acts as keys.
pub fn event_action(ctx: Ctx, ev: &Event) -> Option<Action> {
    let (col, row) = match ev {
        Event::Key(key) if key.kind != KeyEventKind::Press => return None,
        Event::FocusGained => return Some(Action::Focus(true)),
        Event::FocusLost => return Some(Action::Focus(false)),
        Event::Paste(text) => return (ctx == Text).then(|| Action::Paste(text.clone())),
        Event::Resize(width, height) => {
            return Some(Action::Resize {
                width: *width,
                height: *height,
            });
        }
        Event::Mouse(m) => (m.column, m.row),
        _ => (0, 0),
    };
    // `Any` only catches the keys no other row of the context takes, wherever its row is.
    let keys = || bindings(ctx).flat_map(|b| b.keys.iter());
    let exact = keys().filter(|(key, _)| *key != K::Any);
    exact
        .chain(keys().filter(|(key, _)| *key == K::Any))
        .find_map(|(key, does)| {
            key.matches(ev).map(|n| match does {
                Act(a) => a.clone(),
                Does::Digit(f) => f(n),
                // `matches` passed the character as its code point.
                Does::Text(f) => f(char::from_u32(n as u32).unwrap_or(' ')),
                Does::At(f) => f(col, row),
            })
        })
}

/// How a key is written where the user is: the digits as the range they pick here ("1-8").
fn glyph_here(k: Key, here: &Here) -> String {
    match (k, here.digits) {
        (K::Digit, Some(1)) => "1".into(),
        (K::Digit, Some(n)) => format!("1-{}", n.min(9)),
        _ => k.glyph(),
    }
}

/// The keys of a binding as written in the footer ("←→", "1-8").
pub fn keys_label(b: &Binding, count: usize, here: &Here) -> String {
    let glyphs: Vec<String> = b
        .keys
        .iter()
        .take(count)
        .map(|(k, _)| glyph_here(*k, here))
        .collect();
    // Arrows read best run together ("↑↓"); words need a separator.
    if glyphs.iter().all(|g| g.chars().count() == 1) {
        glyphs.concat()
    } else {
        glyphs.join("/")
    }
}

/// The rows of `ctx` for now: a flagged row only while its flags hold, and then in the place
/// of the screen's row for the same key ("s doctor" for "s start"). In the help, a flagged row
/// with no row of its key to stand in for (`a silence`) is listed always.
fn rows_here<'h>(
    ctx: Ctx,
    here: &'h Here,
    help: bool,
) -> impl Iterator<Item = &'static Binding> + 'h {
    let flagged = |b: &Binding| b.ctx.iter().any(|c| c.is_flag());
    let key = |b: &Binding| b.keys.first().map(|(k, _)| *k);
    bindings(ctx).filter(move |b| {
        let same_key = || bindings(ctx).filter(move |v| key(v) == key(b));
        if flagged(b) {
            here.holds(b) || (help && same_key().all(flagged))
        } else {
            !same_key().any(|v| flagged(v) && here.holds(v))
        }
    })
}

/// The footer's hints for `ctx`: (keys, word, pinned) in table order.
pub fn footer(ctx: Ctx, here: &Here) -> Vec<(String, &'static str, bool)> {
    footer_where(ctx, here, |_| true)
}

/// `footer`, without the rows whose action `acts` says does nothing where the user is now
/// (`t` on the shower timer, `Enter` on a step that opens nothing), nor digits with nothing
/// to pick.
pub fn footer_where(
    ctx: Ctx,
    here: &Here,
    acts: impl Fn(Action) -> bool,
) -> Vec<(String, &'static str, bool)> {
    rows_here(ctx, here, false)
        .filter(|b| b.footer > 0)
        .filter(|b| match b.keys.first() {
            Some((_, Act(a))) => acts(a.clone()),
            Some((K::Digit, _)) => here.digits != Some(0),
            _ => true,
        })
        .map(|b| (keys_label(b, b.footer, here), b.hint, b.pin))
        .collect()
}

/// The help overlay's rows for `ctx` as things are (`here`, as for the footer): (all keys,
/// description).
pub fn help_rows_here(ctx: Ctx, here: &Here) -> Vec<(String, &'static str)> {
    rows_here(ctx, here, true)
        .map(|b| help_row(b, here))
        .collect()
}

/// Every row of `ctx`, whatever holds (the man page lists them all).
pub fn help_rows(ctx: Ctx) -> Vec<(String, &'static str)> {
    bindings(ctx)
        .map(|b| help_row(b, &Here::default()))
        .collect()
}

fn help_row(b: &Binding, here: &Here) -> (String, &'static str) {
    let mut seen = Vec::new();
    for (k, _) in b.keys {
        let g = glyph_here(*k, here);
        if !seen.contains(&g) {
            seen.push(g);
        }
    }
    (seen.join(" "), b.help)
}
