//! The timers' cues on the real binary in a pseudo-terminal, with recording stand-ins for the
//! players and speech commands on PATH (tests/standins/record.sh logs its arguments and keeps
//! the WAV; hang.sh never ends): `timer --hot 3 --cold 2` speaks "cold" after playing a WAV of
//! at least 0.4 s, and `--mute`, BACKSPASM_MUTE and `m` stop both; a hanging player changes
//! nothing about the phase boundary and is killed; a session bus (`dbus-run-session`) with a
//! stand-in notification service (tests/standins/notifyd.py, python3-dbus) gets the ice alarm
//! and, while the terminal has lost the focus, the shower's phase change; no bus, no noise;
//! `--on-cue` is told the cue; and real espeak-ng and sox check the words and the tone.
#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{Local, TimeDelta};
use common::cli::{BIN, in_terminal, isolate};
use common::pty::Screen;

/// The names searched on PATH, all stand-ins here.
const NAMES: [&str; 6] = [
    "pw-play",
    "paplay",
    "aplay",
    "espeak-ng",
    "espeak",
    "spd-say",
];

struct Standins {
    dir: tempfile::TempDir,
}

impl Standins {
    /// A PATH whose players and speech commands are all `script`.
    fn new(script: &str) -> Standins {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/standins")
            .join(script);
        for name in NAMES {
            std::os::unix::fs::symlink(&script, bin.join(name)).unwrap();
        }
        Standins { dir }
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("log")
    }

    /// The binary with `args`, the stand-ins first on PATH, sound on (unless `env` says not).
    fn command(&self, args: &[&str], env: &[(&str, &str)]) -> Command {
        let mut cmd = in_terminal(&self.dir.path().join("state"), args);
        let path = format!("{}:/usr/bin:/bin", self.dir.path().join("bin").display());
        cmd.env_remove("BACKSPASM_MUTE")
            .env("PATH", path)
            .env("STANDIN_LOG", self.log())
            .env("XDG_CACHE_HOME", self.dir.path().join("cache"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd
    }

    fn timer(&self, extra: &[&str], env: &[(&str, &str)]) -> Screen {
        let mut args = vec!["timer", "--hot", "3", "--cold", "2"];
        args.extend(extra);
        Screen::spawn(self.command(&args, env))
    }

    /// The stand-ins' log: (time, name, arguments).
    fn calls(&self) -> Vec<(f64, String, String)> {
        let text = std::fs::read_to_string(self.log()).unwrap_or_default();
        text.lines()
            .map(|l| {
                let mut parts = l.splitn(3, ' ');
                let t = parts.next().unwrap().parse().unwrap();
                let name = parts.next().unwrap().to_string();
                (t, name, parts.next().unwrap_or("").to_string())
            })
            .collect()
    }

    /// The WAVs the stand-ins were given.
    fn wavs(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "wav"))
            .collect()
    }
}

/// The phase on the first row, when the screen shows it.
fn wait_phase(s: &mut Screen, phase: &str) -> Instant {
    let head = format!(" {phase}");
    s.wait_until(phase, |t| {
        t.lines().next().is_some_and(|l| l.starts_with(&head))
    })
}

/// A WAV's length in seconds, from its header (16-bit PCM expected).
fn wav_secs(path: &Path) -> f64 {
    let w = std::fs::read(path).unwrap();
    assert_eq!(&w[0..4], b"RIFF", "{path:?}");
    assert_eq!(u16::from_le_bytes([w[20], w[21]]), 1, "PCM");
    assert_eq!(u16::from_le_bytes([w[34], w[35]]), 16, "16-bit");
    let rate = u32::from_le_bytes(w[24..28].try_into().unwrap());
    let channels = u16::from_le_bytes([w[22], w[23]]);
    let data = u32::from_le_bytes(w[40..44].try_into().unwrap());
    f64::from(data) / 2.0 / f64::from(channels) / f64::from(rate)
}

#[test]
fn the_cold_cue_plays_a_tone_then_says_cold() {
    let st = Standins::new("record.sh");
    let mut s = st.timer(&[], &[]);
    wait_phase(&mut s, "♨ HOT");
    wait_phase(&mut s, "❄ COLD");
    s.idle(Duration::from_millis(1200));
    s.quit();
    let calls = st.calls();
    let said = |word: &str| {
        calls
            .iter()
            .find(|(_, name, args)| name == "espeak-ng" && args.to_lowercase().contains(word))
            .unwrap_or_else(|| panic!("{word:?} not said: {calls:?}"))
            .0
    };
    let played = |tone: &str| {
        calls
            .iter()
            .find(|(_, name, args)| name == "pw-play" && args.contains(&format!("cue-{tone}-")))
            .unwrap_or_else(|| panic!("no {tone} tone: {calls:?}"))
            .0
    };
    said("hot water");
    let cold = said("cold");
    // The words come after `--`: never taken for an option.
    assert!(
        calls
            .iter()
            .any(|(_, _, a)| a == "-- Cold water now, 2 seconds.")
    );
    // The words wait for the tone (0.5 s) to end.
    assert!(cold - played("cold") >= 0.4, "{calls:?}");
    assert!(played("hot") < played("cold"));
    // Only the first player and speech command found on PATH.
    assert!(
        calls
            .iter()
            .all(|(_, n, _)| n == "pw-play" || n == "espeak-ng")
    );
    let wavs = st.wavs();
    assert!(wavs.len() >= 2, "{wavs:?}");
    for wav in wavs {
        assert!(wav_secs(&wav) >= 0.4, "{wav:?}: {} s", wav_secs(&wav));
    }
}

#[test]
fn mute_stops_both_the_tone_and_the_words() {
    // The three runs at once: each waits seconds for its phase change, not for the CPU.
    std::thread::scope(|scope| {
        for (args, env) in [
            (&["--mute"][..], &[][..]),
            (&[][..], &[("BACKSPASM_MUTE", "1")][..]),
        ] {
            scope.spawn(move || {
                let st = Standins::new("record.sh");
                let mut s = st.timer(args, env);
                wait_phase(&mut s, "❄ COLD");
                s.idle(Duration::from_millis(800));
                s.quit();
                assert_eq!(st.calls(), [], "{args:?} {env:?}");
            });
        }
        // `m` on the timer: what comes after it is silent.
        scope.spawn(|| {
            let st = Standins::new("record.sh");
            let mut s = st.timer(&[], &[]);
            wait_phase(&mut s, "♨ HOT");
            s.send("m");
            s.wait_for("muted");
            wait_phase(&mut s, "❄ COLD");
            s.idle(Duration::from_millis(800));
            s.quit();
            let calls = st.calls();
            assert!(
                !calls
                    .iter()
                    .any(|(_, _, a)| a.contains("cold") || a.contains("Cold")),
                "{calls:?}"
            );
        });
    });
}

#[test]
fn a_hanging_player_neither_delays_the_phase_change_nor_outlives_its_time() {
    let st = Standins::new("hang.sh");
    let mut s = st.timer(&[], &[]);
    let hot = wait_phase(&mut s, "♨ HOT");
    let cold = wait_phase(&mut s, "❄ COLD");
    let boundary = (cold - hot).as_secs_f64();
    assert!(
        (boundary - 3.0).abs() < 0.1,
        "HOT → COLD after {boundary:.3} s"
    );
    let back = wait_phase(&mut s, "♨ HOT");
    let boundary = (back - cold).as_secs_f64();
    assert!(
        (boundary - 2.0).abs() < 0.1,
        "COLD → HOT after {boundary:.3} s"
    );
    s.quit();
    // Each cue's player and speech cut off the last ones; the app's end stops the rest.
    let pids = std::fs::read_to_string(format!("{}.pids", st.log().display())).unwrap();
    assert!(pids.lines().count() >= 4, "{pids}");
    for line in pids.lines() {
        let pid = line.split(' ').nth(1).unwrap();
        assert!(
            !Path::new(&format!("/proc/{pid}")).exists(),
            "{line} still runs"
        );
    }
}

#[test]
fn a_player_that_hangs_is_killed_after_a_few_seconds() {
    let st = Standins::new("hang.sh");
    let mut s = Screen::spawn(st.command(&["timer", "--hot", "20"], &[]));
    wait_phase(&mut s, "♨ HOT");
    let pids = format!("{}.pids", st.log().display());
    let pid_of = |name: &str| {
        std::fs::read_to_string(&pids)
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{name} ")).map(str::to_string))
    };
    s.idle(Duration::from_millis(1000));
    let (player, speech) = (pid_of("pw-play").unwrap(), pid_of("espeak-ng").unwrap());
    let alive = |pid: &str| Path::new(&format!("/proc/{pid}")).exists();
    assert!(alive(&player) && alive(&speech));
    s.idle(Duration::from_millis(5000));
    assert!(!alive(&player), "the player is killed after 5 s");
    assert!(alive(&speech), "speech has longer");
    s.quit();
    assert!(!alive(&speech), "stopped with the app");
}

#[test]
fn with_no_player_and_no_speech_on_path_a_notice_says_so_once() {
    let empty = tempfile::tempdir().unwrap();
    let mut cmd = in_terminal(
        &empty.path().join("state"),
        &["timer", "--hot", "2", "--cold", "2"],
    );
    cmd.env_remove("BACKSPASM_MUTE").env("PATH", empty.path());
    let mut s = Screen::spawn(cmd);
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    s.wait_until("the notice", |t| {
        words(t).contains("tones off: no sound player found (pw-play, paplay, aplay); bell and flash on; words off: no speech command found (espeak-ng, espeak, spd-say)")
    });
    // Once: a key clears it, the next cue does not bring it back.
    s.send("?");
    s.send("?");
    wait_phase(&mut s, "❄ COLD");
    let text = s.idle(Duration::from_millis(300));
    assert!(!text.contains("no sound player"), "{text}");
    s.quit();
}

#[test]
fn on_cue_runs_with_the_cue_phase_and_time_left() {
    let st = Standins::new("record.sh");
    let out = st.dir.path().join("cues.txt");
    let hook = format!(
        "echo \"$BACKSPASM_CUE $BACKSPASM_PHASE $BACKSPASM_LEFT\" >> {}",
        out.display()
    );
    let mut s = st.timer(&["--mute", "--on-cue", &hook], &[]);
    wait_phase(&mut s, "❄ COLD");
    s.idle(Duration::from_millis(500));
    s.quit();
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text, "phase HOT 3\nphase COLD 2\n");
}

/// The binary run by `dbus-run-session` beside the stand-in notification service, which
/// writes each notification as a JSON line to the returned file.
fn on_a_session_bus(dir: &Path, args: &[&str]) -> (Screen, PathBuf) {
    let log = dir.join("notifications");
    let notifyd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/standins/notifyd.py");
    let script = format!(
        "/usr/bin/python3 {} {log} & until [ -e {log}.ready ]; do sleep 0.05; done; exec \"$0\" \"$@\"",
        notifyd.display(),
        log = log.display()
    );
    let mut cmd = Command::new("dbus-run-session");
    cmd.args(["--", "sh", "-c", &script, BIN, "--state-dir"])
        .arg(dir.join("state"))
        .args(args)
        .env("TERM", "xterm-256color");
    isolate(&mut cmd);
    (Screen::spawn(cmd), log)
}

fn notifications(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

fn wait_notifications(log: &Path, n: usize) -> Vec<String> {
    let start = Instant::now();
    while notifications(log).len() < n {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{n} notifications"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    notifications(log)
}

#[test]
fn the_ice_alarm_raises_a_desktop_notification() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let now = Local::now().fixed_offset();
    common::keep_ice_on(&state, now + TimeDelta::seconds(1), now);
    let (mut s, log) = on_a_session_bus(dir.path(), &["ice"]);
    s.wait_for("ICE ON ended");
    let got = wait_notifications(&log, 1);
    assert_eq!(
        got,
        [r#"{"app": "backspasm", "summary": "⚠ ICE ON ended", "body": "Take the ice pack off."}"#]
    );
    // Its repeats ring, they do not notify again.
    s.idle(Duration::from_millis(5500));
    assert_eq!(notifications(&log).len(), 1);
    s.quit();
}

#[test]
fn a_shower_phase_change_notifies_only_while_the_terminal_is_not_in_focus() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, log) = on_a_session_bus(dir.path(), &["timer", "--hot", "2", "--cold", "2"]);
    wait_phase(&mut s, "♨ HOT");
    // What a terminal sends when its window loses the focus.
    s.send("\x1b[O");
    wait_phase(&mut s, "❄ COLD");
    let got = wait_notifications(&log, 1);
    assert_eq!(
        got,
        [r#"{"app": "backspasm", "summary": "❄ COLD", "body": "Cold water now, 2 seconds."}"#]
    );
    s.send("\x1b[I");
    wait_phase(&mut s, "♨ HOT");
    s.idle(Duration::from_millis(500));
    assert_eq!(notifications(&log).len(), 1, "in focus again: none");
    s.quit();
}

#[test]
fn without_a_desktop_the_alarm_rings_quietly_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::create_dir(&state).unwrap();
    let now = Local::now().fixed_offset();
    common::keep_ice_on(&state, now + TimeDelta::seconds(1), now);
    let mut cmd = in_terminal(&state, &["ice"]);
    cmd.env("XDG_RUNTIME_DIR", dir.path());
    let mut s = Screen::spawn(cmd);
    let text = {
        s.wait_for("ICE ON ended");
        s.idle(Duration::from_millis(500))
    };
    for noise in ["dbus", "DBus", "notif", "error", "rror"] {
        assert!(!text.contains(noise), "{noise:?} on screen:\n{text}");
    }
    s.quit();
}

/// `sox FILE -n stat`'s figure for `what`.
fn sox_stat(path: &Path, what: &str) -> f64 {
    let out = Command::new("sox")
        .arg(path)
        .args(["-n", "stat"])
        .output()
        .expect("sox (apt-get install sox)");
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix(what))
        .and_then(|v| v.trim_start_matches(':').trim().parse().ok())
        .unwrap_or_else(|| panic!("no {what} in {text}"))
}

#[test]
fn real_espeak_ng_says_the_words_and_sox_measures_them_and_the_tone() {
    let dir = tempfile::tempdir().unwrap();
    let said = dir.path().join("said.wav");
    let speech = format!("espeak-ng -w {}", said.display());
    let mut cmd = in_terminal(
        &dir.path().join("state"),
        &["timer", "--player", "true", "--speech", &speech],
    );
    cmd.env_remove("BACKSPASM_MUTE")
        .env("XDG_CACHE_HOME", dir.path().join("cache"));
    let mut s = Screen::spawn(cmd);
    wait_phase(&mut s, "♨ HOT");
    s.idle(Duration::from_millis(2500));
    s.quit();
    // "Hot water on your back, 3 minutes." as espeak-ng says it.
    let length = sox_stat(&said, "Length (seconds)");
    assert!((1.0..5.0).contains(&length), "{length} s");
    assert!(sox_stat(&said, "Maximum amplitude") > 0.1);
    let tone = std::fs::read_dir(dir.path().join("cache/backspasm"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("cue-hot-"))
        .expect("the hot tone in the cache");
    assert!(sox_stat(&tone, "Length (seconds)") >= 0.4);
    let peak = sox_stat(&tone, "Maximum amplitude");
    assert!((0.85..1.0).contains(&peak), "peak {peak}");
}
