//! What each timer cue asks the shell to do besides the bells (tests/timer.rs has those): the
//! tone, the words, the desktop notification, the `--on-cue` hook and the terminal's title,
//! through `update` with a made-up clock; `m` and the run's flags turning sound and speech
//! off; the setting kept in the state file.

mod common;

use backspasm::app::{Action, App, Effect};
use backspasm::clock::Now;
use backspasm::content::{ClockKind, Content};
use backspasm::keymap::{self, Ctx};
use backspasm::store::Store;
use backspasm::timer::update::Outputs;
use backspasm::tui;
use backspasm_core::state::format;
use backspasm_core::state::format::Persist;
use backspasm_core::state::{Edit, State};
use backspasm_core::timer::SlotAction;
use backspasm_core::timer::cues::{Hook, Pattern};
use common::*;
use ratatui::crossterm::event::Event;

const MONO: ClockKind = ClockKind::Monotonic;
const WALL: ClockKind = ClockKind::Wall;

/// The effects of the updates so far, bells and titles left out.
fn cues(app: &mut App) -> Vec<Effect> {
    app.effects
        .drain(..)
        .filter(|e| !matches!(e, Effect::Bell | Effect::Title(_)))
        .collect()
}

fn titles(app: &mut App) -> Vec<Option<String>> {
    app.effects
        .drain(..)
        .filter_map(|e| match e {
            Effect::Title(t) => Some(t),
            _ => None,
        })
        .collect()
}

fn tick(app: &mut App, c: &Content, now: Now) {
    app.update(c, Action::Tick, now);
}

fn hook(cue: &'static str, phase: &str, left_secs: u64) -> Effect {
    Effect::Hook(Hook {
        cue,
        phase: phase.into(),
        left_secs,
    })
}

/// `backspasm timer` started at `base` and its first update.
fn shower(c: &Content, base: Now) -> App {
    let mut app = app(c, 80, 24);
    app.start_timer(MONO, None, base);
    tick(&mut app, c, base);
    app
}

#[test]
fn each_shower_phase_plays_its_tone_then_says_itself() {
    let c = content();
    let base = now();
    let mut app = shower(&c, base);
    assert_eq!(
        cues(&mut app),
        [
            Effect::Sound(Pattern::Hot),
            Effect::Speak("Hot water on your back, 3 minutes.".into()),
            hook("phase", "HOT", 180),
        ],
        "the start is announced"
    );
    // Ten seconds before the end: the warning's tone, no words.
    tick(&mut app, &c, at(&base, 170.0));
    assert_eq!(
        cues(&mut app),
        [Effect::Sound(Pattern::Warning), hook("warning", "HOT", 10)]
    );
    tick(&mut app, &c, at(&base, 180.0));
    assert_eq!(
        cues(&mut app),
        [
            Effect::Sound(Pattern::Cold),
            Effect::Speak("Cold water now, 30 seconds.".into()),
            hook("phase", "COLD", 30),
        ]
    );
    // A phase set with --hot says its own length.
    let cycle = c.cycle("hydrotherapy").unwrap();
    let plan = backspasm_core::timer::duration::plan(cycle, Some(150), None, None).unwrap();
    let mut app = app_at(&c);
    app.start_timer(MONO, Some(plan), base);
    tick(&mut app, &c, base);
    assert!(cues(&mut app).contains(&Effect::Speak(
        "Hot water on your back, 2 minutes 30 seconds.".into()
    )));
}

fn app_at(c: &Content) -> App {
    app(c, 80, 24)
}

fn at(base: &Now, secs: f64) -> Now {
    common::at(*base, secs)
}

#[test]
fn the_last_round_done_has_its_own_tone_and_words() {
    let c = content();
    let base = now();
    let cycle = c.cycle("hydrotherapy").unwrap();
    let plan = backspasm_core::timer::duration::plan(cycle, Some(5), Some(5), Some(1)).unwrap();
    let mut app = app_at(&c);
    app.start_timer(MONO, Some(plan), base);
    tick(&mut app, &c, base);
    tick(&mut app, &c, at(&base, 5.0));
    cues(&mut app);
    tick(&mut app, &c, at(&base, 10.0));
    assert_eq!(
        cues(&mut app),
        [
            Effect::Sound(Pattern::Done),
            Effect::Speak("That was the last round.".into()),
            hook("done", "COLD", 0),
        ]
    );
}

#[test]
fn the_ice_alarm_speaks_and_notifies_once_then_rings_its_tone_again() {
    let c = content();
    let base = now();
    let mut app = app_at(&c);
    app.update(&c, Action::OpenTimer(WALL), base);
    app.update(&c, Action::Timer(SlotAction::Toggle), base);
    assert_eq!(
        cues(&mut app),
        [
            Effect::Sound(Pattern::Cold),
            Effect::Speak("Ice pack on, with a thin towel under it, for 20 minutes.".into()),
            hook("phase", "ICE ON", 1200),
        ]
    );
    tick(&mut app, &c, at(&base, 1200.0));
    // The phase after it starts at the same moment: the alarm is what is heard, and it raises
    // a notification even while the terminal has the focus.
    assert_eq!(
        cues(&mut app),
        [
            Effect::Sound(Pattern::Alarm),
            Effect::Speak("Take the ice pack off.".into()),
            Effect::Notify("⚠ ICE ON ended".into(), "Take the ice pack off.".into()),
            hook("alarm", "ICE ON", 5400),
        ]
    );
    tick(&mut app, &c, at(&base, 1205.0));
    assert_eq!(cues(&mut app), [Effect::Sound(Pattern::Alarm)], "a repeat");
    app.update(
        &c,
        Action::Timer(SlotAction::Acknowledge),
        at(&base, 1206.0),
    );
    tick(&mut app, &c, at(&base, 1211.0));
    assert_eq!(cues(&mut app), [], "silenced");
}

#[test]
fn a_phase_change_notifies_only_while_the_terminal_has_lost_the_focus() {
    let c = content();
    let base = now();
    let mut app = shower(&c, base);
    cues(&mut app);
    // Through the key table, as the terminal reports it.
    let ctx = app.ctx();
    let lost = keymap::event_action(ctx, &Event::FocusLost).unwrap();
    app.update(&c, lost.clone(), at(&base, 100.0));
    assert!(!app.focused);
    tick(&mut app, &c, at(&base, 180.0));
    assert!(cues(&mut app).contains(&Effect::Notify(
        "❄ COLD".into(),
        "Cold water now, 30 seconds.".into()
    )));
    let gained = keymap::event_action(app.ctx(), &Event::FocusGained).unwrap();
    app.update(&c, gained, at(&base, 200.0));
    tick(&mut app, &c, at(&base, 210.0));
    let back = cues(&mut app);
    assert!(back.contains(&Effect::Sound(Pattern::Hot)));
    assert!(!back.iter().any(|e| matches!(e, Effect::Notify(..))));
    // A focus change is not a key: the first screen's disclaimer stays.
    let mut app = shower(&c, base);
    app.update(&c, lost, base);
    assert!(app.first_screen);
}

#[test]
fn m_mutes_tone_and_words_is_kept_and_unmutes() {
    let c = content();
    let base = now();
    let mut app = shower(&c, base);
    cues(&mut app);
    assert!(
        keymap::footer(Ctx::Timer, &keymap::Here::default()).contains(&("m".into(), "mute", false))
    );
    assert!(
        keymap::help_rows(Ctx::TimerReady)
            .iter()
            .any(|(k, _)| k == "m")
    );
    press_at(&mut app, &c, at(&base, 1.0), &[ch('m')]);
    assert!(app.state.cues.muted);
    assert_eq!(app.pending.last(), Some(&Edit::Muted(true)));
    tick(&mut app, &c, at(&base, 180.0));
    let muted = cues(&mut app);
    // The bells and the hook still go; no tone, no words.
    assert_eq!(muted, [hook("phase", "COLD", 30)]);
    assert!(screen_text(&render_at(&app, &c, at(&base, 181.0))).contains("muted · round 1"));
    // The footer offers what `m` does now.
    let m_word = |app: &App, t: Now| {
        let here = app.here(&c, t);
        keymap::footer(app.ctx(), &here)
            .into_iter()
            .find(|(k, _, _)| k == "m")
            .map(|(_, word, _)| word)
    };
    assert_eq!(m_word(&app, at(&base, 181.0)), Some("sound on"));
    press_at(&mut app, &c, at(&base, 182.0), &[ch('m')]);
    assert!(!app.state.cues.muted);
    assert_eq!(m_word(&app, at(&base, 182.0)), Some("mute"));
    tick(&mut app, &c, at(&base, 210.0));
    assert!(cues(&mut app).contains(&Effect::Sound(Pattern::Hot)));
}

#[test]
fn the_runs_flags_turn_the_tone_or_the_words_off() {
    let c = content();
    let base = now();
    for (sound, voice) in [(false, true), (true, false), (false, false)] {
        let mut app = app_at(&c);
        app.timer.outputs = Outputs { sound, voice };
        app.start_timer(MONO, None, base);
        tick(&mut app, &c, base);
        let got = cues(&mut app);
        assert_eq!(
            got.iter().any(|e| matches!(e, Effect::Sound(_))),
            sound,
            "{got:?}"
        );
        assert_eq!(
            got.iter().any(|e| matches!(e, Effect::Speak(_))),
            voice,
            "{got:?}"
        );
        if !sound && !voice {
            // The footer offers sound on, as the first row says "muted"; `m` cannot turn on
            // what the run turned off: it says so and keeps the setting as it was.
            let here = app.here(&c, base);
            assert!(keymap::footer(app.ctx(), &here).contains(&("m".into(), "sound on", false)));
            press_at(&mut app, &c, base, &[ch('m')]);
            assert!(app.notice.as_deref().unwrap().contains("--mute"));
            assert!(!app.state.cues.muted);
            assert!(app.pending.iter().all(|e| !matches!(e, Edit::Muted(_))));
        }
    }
}

#[test]
fn the_mute_setting_round_trips_through_the_state_file() {
    let mut state = State::default();
    state.apply(&Edit::Muted(true));
    let text = format::encode(&state).unwrap();
    assert!(text.contains("muted: true"), "{text}");
    assert_eq!(format::decode::<State>(text.as_bytes()).unwrap(), state);
    // A file from before the setting: on.
    let old = "(version: 1, state: (doctor: []))";
    assert!(!format::decode::<State>(old.as_bytes()).unwrap().cues.muted);

    // Through the store, as the app saves it and a later run reads it.
    let dir = tempfile::tempdir().unwrap();
    let c = content();
    let (mut store, state, _) = Store::<State>::open(Some(dir.path().to_path_buf()));
    let mut app = app_at(&c);
    app.state = state;
    app.update(&c, Action::OpenTimer(MONO), now());
    press(&mut app, &c, &[ch('m')]);
    tui::save(&mut app, &mut store);
    let (_, again, _) = Store::<State>::open(Some(dir.path().to_path_buf()));
    assert!(again.cues.muted);
}

#[test]
fn the_title_shows_the_running_timer_each_second_and_is_given_back() {
    let c = content();
    let base = now();
    let mut app = app_at(&c);
    tick(&mut app, &c, base);
    assert_eq!(titles(&mut app), [], "nothing running: the terminal's own");
    app.start_timer(MONO, None, base);
    tick(&mut app, &c, base);
    assert_eq!(titles(&mut app), [Some("♨ HOT 3:00 · backspasm".into())]);
    tick(&mut app, &c, at(&base, 0.5));
    assert_eq!(titles(&mut app), [], "the same second");
    tick(&mut app, &c, at(&base, 26.0));
    assert_eq!(titles(&mut app), [Some("♨ HOT 2:34 · backspasm".into())]);
    press_at(&mut app, &c, at(&base, 27.0), &[ch(' ')]);
    assert_eq!(titles(&mut app), [Some("♨ HOT ‖ 2:33 · backspasm".into())]);
    // From another screen too.
    press_at(&mut app, &c, at(&base, 28.0), &[ch(' '), key_esc()]);
    tick(&mut app, &c, at(&base, 30.0));
    assert_eq!(
        titles(&mut app).last(),
        Some(&Some("♨ HOT 2:31 · backspasm".into()))
    );
    press_at(&mut app, &c, at(&base, 31.0), &[ch('t'), ch('x')]);
    assert_eq!(
        titles(&mut app).last(),
        Some(&None),
        "stopped: the terminal's own again"
    );
}

fn key_esc() -> Event {
    key(ratatui::crossterm::event::KeyCode::Esc)
}
