//! The shell's side of the timers' cues: the tone through the system's own player, the words
//! through its speech command, a desktop notification, and the `--on-cue` command. Each is a
//! child process found on PATH (or configured), spawned with no terminal (stdin, stdout and
//! stderr to null, so nothing reaches the screen) and never waited for: the loop reaps it on
//! its next turn and kills it when it overstays. A newer tone cuts an older one off, and so does
//! newer speech: never two at once. The words wait for the tone to end, so each is heard.
//! No audio library, nothing at build time.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use backspasm_core::timer::cues::{Hook, Pattern};
use backspasm_core::timer::wav;

/// A tone lasts under a second; a player still there after this is stuck.
const SOUND_LIMIT: Duration = Duration::from_secs(5);
/// A sentence is said in a few seconds.
const SPEECH_LIMIT: Duration = Duration::from_secs(20);
/// Notifications and the `--on-cue` command.
const OTHER_LIMIT: Duration = Duration::from_secs(10);

/// Players tried in this order, with the arguments before the file (a path of ours, never
/// taken for an option); speech commands with `--` before the words, which are the content's.
#[cfg(all(unix, not(target_os = "macos")))]
const PLAYERS: &[&[&str]] = &[&["pw-play"], &["paplay"], &["aplay", "-q"]];
#[cfg(target_os = "macos")]
const PLAYERS: &[&[&str]] = &[&["afplay"]];
#[cfg(all(unix, not(target_os = "macos")))]
const SPEAKERS: &[&[&str]] = &[
    &["espeak-ng", "--"],
    &["espeak", "--"],
    &["spd-say", "-w", "--"],
];
#[cfg(target_os = "macos")]
const SPEAKERS: &[&[&str]] = &[&["say", "--"]];
/// PowerShell reads what to play or say from the environment, never from its command line.
#[cfg(windows)]
const PLAYERS: &[&[&str]] = &[&[
    "powershell",
    "-NoProfile",
    "-NonInteractive",
    "-Command",
    "(New-Object Media.SoundPlayer $env:BACKSPASM_PAYLOAD).PlaySync()",
]];
#[cfg(windows)]
const SPEAKERS: &[&[&str]] = &[&[
    "powershell",
    "-NoProfile",
    "-NonInteractive",
    "-Command",
    "Add-Type -AssemblyName System.Speech; (New-Object System.Speech.Synthesis.SpeechSynthesizer).Speak($env:BACKSPASM_PAYLOAD)",
]];

/// What the command line and the environment configured.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Replaces the search for a player: words split at spaces, the WAV file's path added.
    pub player: Option<String>,
    /// Replaces the search for speech: words split at spaces, the text added.
    pub speech: Option<String>,
    /// Run through the shell at each cue.
    pub on_cue: Option<String>,
    /// Where the tones are written (once).
    pub cache: Option<PathBuf>,
}

/// A program with the arguments that come before what it is given.
#[derive(Debug, Clone)]
struct Tool {
    program: PathBuf,
    args: Vec<String>,
}

impl Tool {
    /// A configured command (None when it is blank).
    fn configured(command: &str) -> Option<Tool> {
        let mut words = command.split_whitespace().map(str::to_string);
        Some(Tool {
            program: words.next()?.into(),
            args: words.collect(),
        })
    }

    /// The first of `choices` found on PATH.
    fn search(choices: &[&[&str]]) -> Option<Tool> {
        choices.iter().find_map(|words| {
            Some(Tool {
                program: on_path(words[0])?,
                args: words[1..].iter().map(|w| w.to_string()).collect(),
            })
        })
    }

    fn name(&self) -> String {
        self.program
            .file_name()
            .unwrap_or(self.program.as_os_str())
            .to_string_lossy()
            .into_owned()
    }

    /// The command with `payload` as its last argument (PowerShell: in the environment).
    fn command(&self, payload: &OsStr) -> Command {
        let mut cmd = Command::new(&self.program);
        cmd.args(&self.args);
        if cfg!(windows) && self.args.iter().any(|a| a.contains("BACKSPASM_PAYLOAD")) {
            cmd.env("BACKSPASM_PAYLOAD", payload);
        } else {
            cmd.arg(payload);
        }
        cmd
    }
}

/// `name` as found in PATH's directories (an executable file).
fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let exe = [name.to_string(), format!("{name}.exe")]
            .into_iter()
            .take(if cfg!(windows) { 2 } else { 1 });
        exe.map(|n| dir.join(n)).find(|p| executable(p))
    })
}

fn executable(path: &Path) -> bool {
    let Ok(meta) = path.metadata() else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// A child and when it has overstayed.
#[derive(Debug)]
struct Running {
    child: Child,
    what: Outlet,
    kill_at: Instant,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outlet {
    Sound,
    Speech,
    Other,
}

#[derive(Debug)]
pub struct Outlets {
    player: Option<Tool>,
    speaker: Option<Tool>,
    notifier: Option<Tool>,
    on_cue: Option<String>,
    cache: Option<PathBuf>,
    /// The tones written so far.
    written: HashMap<Pattern, PathBuf>,
    running: Vec<Running>,
    /// When the tone playing ends (the words wait for it).
    tone_ends: Option<Instant>,
    /// Words to say when the tone has ended.
    queued: Option<String>,
    /// Each problem is said once.
    told: Vec<&'static str>,
}

impl Outlets {
    /// Find the player, the speech command and the notifier (once, at start).
    pub fn new(config: Config) -> Outlets {
        let pick = |configured: &Option<String>, choices| match configured {
            Some(command) => Tool::configured(command),
            None => Tool::search(choices),
        };
        Outlets {
            player: pick(&config.player, PLAYERS),
            speaker: pick(&config.speech, SPEAKERS),
            notifier: notifier(),
            on_cue: config.on_cue.filter(|c| !c.trim().is_empty()),
            cache: config.cache,
            written: HashMap::new(),
            running: Vec::new(),
            tone_ends: None,
            queued: None,
            told: Vec::new(),
        }
    }

    /// Play `pattern`, cutting off a tone still playing. A notice if there is no way to.
    pub fn sound(&mut self, pattern: Pattern, now: Instant) -> Option<String> {
        let Some(player) = self.player.clone() else {
            let names = PLAYERS.iter().map(|p| p[0]).collect::<Vec<_>>();
            return self.once(
                "no player",
                &format!(
                    "tones off: no sound player found ({}); bell and flash on",
                    names.join(", ")
                ),
            );
        };
        let Some(path) = self.tone(pattern) else {
            return self.once(
                "no tone",
                "the timers' tones could not be written to the cache directory",
            );
        };
        self.stop(Outlet::Sound);
        let said = self.spawn(player.command(path.as_os_str()), Outlet::Sound, now);
        if said.is_none() {
            self.tone_ends = Some(now + wav::duration(pattern));
        }
        said
    }

    /// Say `text` once the tone has ended, cutting off speech still going.
    pub fn speak(&mut self, text: &str, now: Instant) -> Option<String> {
        if self.speaker.is_none() {
            let names = SPEAKERS.iter().map(|p| p[0]).collect::<Vec<_>>();
            return self.once(
                "no speech",
                &format!("words off: no speech command found ({})", names.join(", ")),
            );
        }
        self.stop(Outlet::Speech);
        self.queued = Some(text.to_string());
        self.say_queued(now)
    }

    /// The queued words, if the tone is over.
    fn say_queued(&mut self, now: Instant) -> Option<String> {
        if self.tone_ends.is_some_and(|end| end > now) {
            return None;
        }
        let (Some(text), Some(speaker)) = (self.queued.take(), self.speaker.clone()) else {
            return None;
        };
        self.spawn(speaker.command(OsStr::new(&text)), Outlet::Speech, now)
    }

    /// A desktop notification, where there is a desktop to show it; nothing otherwise.
    pub fn notify(&mut self, title: &str, body: &str, now: Instant) {
        let Some(tool) = &self.notifier else { return };
        let mut cmd = Command::new(&tool.program);
        cmd.args(&tool.args)
            .env("BACKSPASM_TITLE", title)
            .env("BACKSPASM_BODY", body);
        if cfg!(all(unix, not(target_os = "macos"))) {
            cmd.arg(title).arg(body);
        }
        // A failed notification has nothing to say on screen.
        let _ = self.spawn(cmd, Outlet::Other, now);
    }

    /// Run the `--on-cue` command, if one was given, told the cue in its environment.
    pub fn hook(&mut self, hook: &Hook, now: Instant) -> Option<String> {
        let command = self.on_cue.clone()?;
        let mut cmd = if cfg!(windows) {
            let mut c = Command::new("cmd");
            c.arg("/C").arg(&command);
            c
        } else {
            let mut c = Command::new("sh");
            c.arg("-c").arg(&command);
            c
        };
        cmd.env("BACKSPASM_CUE", hook.cue)
            .env("BACKSPASM_PHASE", &hook.phase)
            .env("BACKSPASM_LEFT", hook.left_secs.to_string());
        self.spawn(cmd, Outlet::Other, now)
    }

    /// Reap what has ended and kill what overstayed. A notice the first time a player or the
    /// speech command fails (no audio device, say).
    pub fn reap(&mut self, now: Instant) -> Option<String> {
        let spawn_failed = self.say_queued(now);
        let mut failed = None;
        self.running.retain_mut(|r| match r.child.try_wait() {
            Ok(Some(status)) => {
                if !status.success() && r.what != Outlet::Other {
                    failed = Some(r.what);
                }
                false
            }
            Ok(None) if now >= r.kill_at => {
                let _ = r.child.kill();
                let _ = r.child.wait();
                false
            }
            Ok(None) => true,
            Err(_) => false,
        });
        if spawn_failed.is_some() {
            return spawn_failed;
        }
        match failed? {
            Outlet::Sound => {
                let name = self.player.as_ref().map(Tool::name).unwrap_or_default();
                self.once(
                    "sound failed",
                    &format!("the sound player ({name}) could not play the tone; is there an audio device?"),
                )
            }
            _ => {
                let name = self.speaker.as_ref().map(Tool::name).unwrap_or_default();
                self.once(
                    "speech failed",
                    &format!("the speech command ({name}) failed; is there an audio device?"),
                )
            }
        }
    }

    /// When the loop has to wake for the outlets: queued words are due, or a child overstays.
    pub fn next_deadline(&self) -> Option<Instant> {
        let words = self.queued.as_ref().and(self.tone_ends);
        self.running.iter().map(|r| r.kill_at).chain(words).min()
    }

    /// On the way out: the tone and the speech stop with the app (a notification or the
    /// `--on-cue` command is left to finish).
    pub fn stop_sounds(&mut self) {
        self.queued = None;
        self.stop(Outlet::Sound);
        self.stop(Outlet::Speech);
    }

    fn stop(&mut self, what: Outlet) {
        self.running.retain_mut(|r| {
            if r.what != what {
                return true;
            }
            let _ = r.child.kill();
            let _ = r.child.wait();
            false
        });
    }

    fn spawn(&mut self, mut cmd: Command, what: Outlet, now: Instant) -> Option<String> {
        cmd.stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let limit = match what {
            Outlet::Sound => SOUND_LIMIT,
            Outlet::Speech => SPEECH_LIMIT,
            Outlet::Other => OTHER_LIMIT,
        };
        match cmd.spawn() {
            Ok(child) => {
                self.running.push(Running {
                    child,
                    what,
                    kill_at: now + limit,
                });
                None
            }
            Err(e) => {
                let program = cmd.get_program().to_string_lossy().into_owned();
                let key = match what {
                    Outlet::Sound => "sound spawn",
                    Outlet::Speech => "speech spawn",
                    Outlet::Other => "other spawn",
                };
                self.once(key, &format!("could not run {program}: {e}"))
            }
        }
    }

    /// The tone's file, written the first time it is asked for (and kept for later runs:
    /// its name changes with its bytes).
    fn tone(&mut self, pattern: Pattern) -> Option<PathBuf> {
        if let Some(path) = self.written.get(&pattern) {
            return Some(path.clone());
        }
        let bytes = wav::wav(pattern);
        let name = format!("cue-{}-{:016x}.wav", pattern.name(), fnv(&bytes));
        let dirs = [self.cache.clone(), Some(std::env::temp_dir())];
        let path = dirs
            .into_iter()
            .flatten()
            .find_map(|dir| write_once(&dir, &name, &bytes))?;
        self.written.insert(pattern, path.clone());
        Some(path)
    }

    fn once(&mut self, key: &'static str, message: &str) -> Option<String> {
        if self.told.contains(&key) {
            return None;
        }
        self.told.push(key);
        Some(message.to_string())
    }
}

/// `bytes` in `dir/name`, unless a file of that name and length is there already; written to a
/// temporary name first, so a player never reads half a file.
fn write_once(dir: &Path, name: &str, bytes: &[u8]) -> Option<PathBuf> {
    let path = dir.join(name);
    if path.metadata().is_ok_and(|m| m.len() == bytes.len() as u64) {
        return Some(path);
    }
    std::fs::create_dir_all(dir).ok()?;
    let tmp = dir.join(format!(".{name}.{}", std::process::id()));
    std::fs::write(&tmp, bytes).ok()?;
    std::fs::rename(&tmp, &path)
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
        .ok()?;
    Some(path)
}

/// FNV-1a: a name for the tone's bytes that stays the same from build to build.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The desktop's notification command, where there is a desktop: `notify-send` (D-Bus) on
/// Linux and the BSDs when a session bus is there, AppleScript on macOS, a tray balloon on
/// Windows. Title and body go in the environment where a script reads them.
fn notifier() -> Option<Tool> {
    if cfg!(target_os = "macos") {
        return Some(Tool {
            program: on_path("osascript")?,
            args: vec![
                "-e".into(),
                "display notification (system attribute \"BACKSPASM_BODY\") with title (system attribute \"BACKSPASM_TITLE\")".into(),
            ],
        });
    }
    if cfg!(windows) {
        return Some(Tool {
            program: on_path("powershell")?,
            args: vec![
                "-NoProfile".into(),
                "-NonInteractive".into(),
                "-Command".into(),
                "Add-Type -AssemblyName System.Windows.Forms; $n = New-Object System.Windows.Forms.NotifyIcon; $n.Icon = [System.Drawing.SystemIcons]::Information; $n.Visible = $true; $n.ShowBalloonTip(10000, $env:BACKSPASM_TITLE, $env:BACKSPASM_BODY, 'Warning'); Start-Sleep 10; $n.Dispose()".into(),
            ],
        });
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR").is_some_and(|d| Path::new(&d).join("bus").exists());
    if !bus {
        return None;
    }
    Some(Tool {
        program: on_path("notify-send")?,
        args: vec!["--app-name=backspasm".into()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_configured_command_is_words_then_the_payload() {
        let tool = Tool::configured("  my-player  --loud   -q ").unwrap();
        assert_eq!(tool.program, PathBuf::from("my-player"));
        assert_eq!(tool.args, ["--loud", "-q"]);
        let cmd = tool.command(OsStr::new("/tmp/a b.wav"));
        let args: Vec<_> = cmd.get_args().collect();
        assert_eq!(args, ["--loud", "-q", "/tmp/a b.wav"]);
        assert!(Tool::configured("   ").is_none());
    }

    #[test]
    fn tones_are_written_once_under_a_name_that_follows_their_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let mut o = Outlets::new(Config {
            cache: Some(dir.path().join("cache")),
            ..Config::default()
        });
        let hot = o.tone(Pattern::Hot).unwrap();
        assert!(hot.starts_with(dir.path().join("cache")));
        assert_eq!(std::fs::read(&hot).unwrap(), wav::wav(Pattern::Hot));
        let modified = hot.metadata().unwrap().modified().unwrap();
        let mut again = Outlets::new(Config {
            cache: Some(dir.path().join("cache")),
            ..Config::default()
        });
        assert_eq!(again.tone(Pattern::Hot).unwrap(), hot);
        assert_eq!(hot.metadata().unwrap().modified().unwrap(), modified);
        assert_ne!(o.tone(Pattern::Cold).unwrap(), hot);
    }
}
