//! The state store under faults, at the process level: real processes saving through
//! `store::Store` are SIGKILLed at random moments (saving a small test state whose every field
//! says which save wrote it, and the app's real `State`: diary entries, walkthrough ticks,
//! doctor ticks, the onset, the ice run and its phase log), run at the same time, and hit a
//! file-size limit (the kernel refusing the write, as on a full disk).
//!
//! The child processes are this test binary run again with `STORE_FAULTS_CHILD` set; the
//! `child` test below is then the writer, and does nothing otherwise.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use backspasm::store::{self, Status, Store};
use backspasm_core::state::format;
use backspasm_core::state::format::Persist;
use backspasm_core::state::{self as app_state, WalkEdit};
use backspasm_core::timer::kept::{PhaseEnd, WallRun, WallTiming};
use backspasm_core::today::diary::PainEntry;
use chrono::{DateTime, FixedOffset, TimeDelta};
use serde::{Deserialize, Serialize};

const CHILD: &str = "STORE_FAULTS_CHILD";
const KILLS: usize = 500;
/// Fewer for the real state: its file grows with every save (a diary entry each), as a diary
/// kept for years would, and a save takes tens of milliseconds in a debug build.
const KILLS_REAL: usize = 100;

/// A state whose every field says which save wrote it, so a torn or mixed file cannot pass:
/// `pad` is `n % 4096` bytes long (files of many sizes) and `check` repeats `n` at the end.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Counter {
    n: u64,
    pad: String,
    per_writer: BTreeMap<String, u64>,
    check: u64,
}

#[derive(Debug, Clone)]
enum Edit {
    /// One more save by this writer.
    Bump(String),
}

impl Persist for Counter {
    type Edit = Edit;
    const VERSION: u32 = 1;

    fn apply(&mut self, edit: &Edit) {
        let Edit::Bump(who) = edit;
        self.n += 1;
        self.pad = "x".repeat((self.n % 4096) as usize);
        *self.per_writer.entry(who.clone()).or_default() += 1;
        self.check = self.n;
    }
}

impl Counter {
    fn assert_whole(&self) {
        assert_eq!(self.check, self.n, "torn: {self:?}");
        assert_eq!(self.pad.len() as u64, self.n % 4096, "torn: n={}", self.n);
        assert_eq!(self.per_writer.values().sum::<u64>(), self.n);
    }
}

fn read(dir: &Path) -> Counter {
    match std::fs::read(dir.join(store::FILE_NAME)) {
        Ok(bytes) => {
            let state: Counter = format::decode(&bytes).unwrap_or_else(|e| {
                panic!(
                    "the file does not decode ({e}): {:?}",
                    String::from_utf8_lossy(&bytes)
                )
            });
            state.assert_whole();
            state
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Counter::default(),
        Err(e) => panic!("{e}"),
    }
}

fn temp_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with(".state.ron.tmp-")
        })
        .count()
}

/// The writer: `saves` saves (0: until killed) as `who`, of the test state (`counter`) or the
/// app's real one (`state`), printing "ACK n" after each one that reached the disk, "ERR
/// message" and exit 3 on a failed save.
#[test]
fn child() {
    let Ok(spec) = std::env::var(CHILD) else {
        return;
    };
    let mut parts = spec.splitn(4, ':');
    let kind = parts.next().unwrap().to_string();
    let who = parts.next().unwrap().to_string();
    let saves: u64 = parts.next().unwrap().parse().unwrap();
    let dir = PathBuf::from(parts.next().unwrap());
    // libtest has written "test child ... " without a newline: start the protocol on a line
    // of its own.
    println!();
    match kind.as_str() {
        "memory" => in_memory(dir),
        "in-place" => in_place(dir),
        "counter" => write::<Counter>(dir, saves, |_, _| vec![Edit::Bump(who.clone())], |s| s.n),
        "state" => write::<app_state::State>(
            dir,
            saves,
            |_, s| real_edits(s.diary.len() as u64),
            |s| s.diary.len() as u64,
        ),
        _ => write::<app_state::State>(
            dir,
            saves,
            |i, _| writer_edits(&who, i),
            |s| s.diary.len() as u64,
        ),
    }
}

/// Save `saves` times the edits `edits(i, state)` gives for this writer's save number `i`.
fn write<S: Persist>(
    dir: PathBuf,
    saves: u64,
    edits: impl Fn(u64, &S) -> Vec<S::Edit>,
    count: impl Fn(&S) -> u64,
) -> ! {
    let (mut store, mut state, notices) = Store::<S>::open(Some(dir));
    if let Some(n) = notices.first() {
        println!("ERR {n}");
        std::process::exit(3);
    }
    let mut done = 0;
    while saves == 0 || done < saves {
        let edits = edits(done, &state);
        for e in &edits {
            state.apply(e);
        }
        if let Err(e) = store.save(&mut state, &edits) {
            println!("ERR {e}");
            std::process::exit(3);
        }
        println!("ACK {}", count(&state));
        done += 1;
    }
    std::process::exit(0);
}

/// The writer where saving cannot work: prints each notice (`NOTICE …`) and the status, then
/// makes one edit and saves (`ERR …` or `ACK n`), then the status again (`AFTER …`) and what
/// it holds in memory (`HELD n unsaved`), and exits 0.
fn in_memory(dir: PathBuf) -> ! {
    let (mut store, mut state, notices) = Store::<Counter>::open(Some(dir));
    for n in notices {
        println!("NOTICE {n}");
    }
    match store.status() {
        Status::Saving => println!("STATUS saving"),
        Status::Memory(reason) => println!("STATUS memory: {reason}"),
    }
    let bump = Edit::Bump("me".into());
    state.apply(&bump);
    match store.save(&mut state, &[bump]) {
        Ok(()) => println!("ACK {}", state.n),
        Err(e) => println!("ERR {e}"),
    }
    match store.status() {
        Status::Saving => println!("AFTER saving"),
        Status::Memory(reason) => println!("AFTER memory: {reason}"),
    }
    println!("HELD {} {}", state.n, store.unsaved());
    std::process::exit(0);
}

/// What the store must not be: a writer that saves the test state in place (truncate, then
/// write), as many programs do. Saves until killed, printing "ACK n".
fn in_place(dir: PathBuf) -> ! {
    use std::io::Write;
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(store::FILE_NAME);
    let mut state = read(&dir);
    loop {
        state.apply(&Edit::Bump("in-place".into()));
        let text = format::encode(&state).unwrap();
        let mut file = std::fs::File::create(&path).unwrap();
        file.write_all(text.as_bytes()).unwrap();
        println!("ACK {}", state.n);
    }
}

/// The moment the real-state saves count from.
fn base() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-25T08:00:00+01:00").unwrap()
}

/// What save number `k` of the real state changes: one edit of every kind, each saying `k`.
fn real_edits(k: u64) -> Vec<app_state::Edit> {
    use app_state::Edit;
    let at = base() + TimeDelta::seconds(k as i64);
    vec![
        Edit::LogPain(PainEntry::new(
            at,
            (k % 11) as u8,
            Some(format!("save {k}: “stiff” ✓")),
        )),
        Edit::Walk(WalkEdit::Set {
            walk: "lifting".into(),
            step: format!("s{k}"),
            done: true,
        }),
        Edit::Walk(WalkEdit::Finished {
            walk: "lifting".into(),
            at: Some(at),
        }),
        Edit::Doctor {
            id: format!("c{k}"),
            ticked: true,
        },
        Edit::SetOnset(base() - TimeDelta::minutes(k as i64)),
        Edit::PhaseDone {
            cycle: "ice".into(),
            end: PhaseEnd {
                at,
                phase: if k.is_multiple_of(2) { "on" } else { "off" }.into(),
                treated: true,
                round_done: k % 2 == 1,
            },
        },
        Edit::WallTimer(Some(WallRun {
            cycle: "ice".into(),
            phase: "on".into(),
            round: k as u32 + 1,
            timing: WallTiming::Running {
                ends_at: at + TimeDelta::minutes(20),
            },
            alarm: None,
            seen: at,
            full_ms: None,
            short: false,
        })),
    ]
}

/// Save `i` of writer `who` (a number) when several save at once: edits no other writer makes.
fn writer_edits(who: &str, i: u64) -> Vec<app_state::Edit> {
    use app_state::Edit;
    let w: i64 = who.parse().unwrap();
    let at = base() + TimeDelta::seconds(w * 10_000 + i as i64);
    let id = format!("w{w}-{i}");
    vec![
        Edit::LogPain(PainEntry::new(at, (i % 11) as u8, Some(id.clone()))),
        Edit::Walk(WalkEdit::Set {
            walk: "lifting".into(),
            step: id.clone(),
            done: true,
        }),
        Edit::Doctor {
            id: id.clone(),
            ticked: true,
        },
        Edit::PhaseDone {
            cycle: "hydrotherapy".into(),
            end: PhaseEnd {
                at,
                phase: id,
                treated: true,
                round_done: false,
            },
        },
    ]
}

/// The real state in `dir`, checked whole: every section says the same number of saves, and
/// each part is the one that save wrote. Returns that number.
fn read_real(dir: &Path) -> u64 {
    let bytes = match std::fs::read(dir.join(store::FILE_NAME)) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return 0,
        Err(e) => panic!("{e}"),
    };
    let s: app_state::State = format::decode(&bytes).unwrap_or_else(|e| {
        panic!(
            "the file does not decode ({e}): {:?}",
            String::from_utf8_lossy(&bytes)
        )
    });
    let n = s.diary.len() as u64;
    assert!(n > 0, "an empty state was written");
    for (k, e) in s.diary.iter().enumerate() {
        assert_eq!(e.at, base() + TimeDelta::seconds(k as i64), "torn diary");
        assert_eq!(e.score, (k % 11) as u8);
        assert_eq!(
            e.note.as_deref(),
            Some(format!("save {k}: “stiff” ✓").as_str())
        );
    }
    let last = base() + TimeDelta::seconds(n as i64 - 1);
    let lifting = &s.walks["lifting"];
    assert_eq!(lifting.done.len() as u64, n, "torn walk ticks");
    assert_eq!(lifting.finished, Some(last));
    assert_eq!(s.doctor.len() as u64, n, "torn doctor ticks");
    assert_eq!(s.onset, Some(base() - TimeDelta::minutes(n as i64 - 1)));
    let ice = &s.timers.done["ice"];
    assert_eq!(
        u64::from(ice.count("on") + ice.count("off")),
        n,
        "torn phase log"
    );
    assert_eq!(ice.rounds() as u64, n / 2);
    let run = s.timers.wall.as_ref().expect("the ice run");
    assert_eq!(u64::from(run.round), n, "the ice run is the last save's");
    assert_eq!(run.seen, last);
    n
}

fn spawn(who: &str, saves: u64, dir: &Path) -> Child {
    spawn_kind("counter", who, saves, dir)
}

fn spawn_kind(kind: &str, who: &str, saves: u64, dir: &Path) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child", "--nocapture", "--test-threads=1"])
        .env(CHILD, format!("{kind}:{who}:{saves}:{}", dir.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// The numbers the child acknowledged, in order; panics on an ERR line.
fn acks(lines: impl Iterator<Item = String>) -> Vec<u64> {
    lines
        .filter_map(|l| {
            assert!(!l.starts_with("ERR"), "child failed: {l}");
            l.strip_prefix("ACK ").map(|n| n.parse().unwrap())
        })
        .collect()
}

/// A cheap xorshift so kill moments differ every run without a dependency.
fn random(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

/// Kill a writer of `kind` at a random moment up to `within` after its first save (so kills
/// land all over its next saves), `kills` times over, checking the file after each kill with
/// `read` (which panics on a torn or mixed file and gives the number of saves in it).
/// Returns (saves on disk, kills that left a temp file, saves that landed unacked).
fn kill_loop(
    kind: &str,
    kills: usize,
    within: Duration,
    dir: &Path,
    read: fn(&Path) -> u64,
) -> (u64, usize, usize) {
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut last_acked = 0;
    let mut landed_unacked = 0;
    let mut mid_write = 0;
    for kill in 0..kills {
        let mut child = spawn_kind(kind, "k", 0, dir);
        let mut out = BufReader::new(child.stdout.take().unwrap())
            .lines()
            .map(Result::unwrap);
        // Wait for the first save of this writer (so the lock and the file are in use), then
        // let it run for a random part of `within` before killing it.
        let first = out
            .by_ref()
            .find(|l| l.starts_with("ACK") || l.starts_with("ERR"))
            .unwrap_or_else(|| panic!("kill {kill}: the writer never saved"));
        let first = acks(std::iter::once(first))[0];
        let micros = within.as_micros() as u64;
        std::thread::sleep(Duration::from_micros(random(&mut seed) % micros));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(!status.success(), "kill {kill}: the child ended by itself");
        let acked = acks(out).last().copied().unwrap_or(first);
        // Whole, and either the last acknowledged save or the one after it (written, not yet
        // acknowledged when the kill came).
        let on_disk = read(dir);
        assert!(
            on_disk == acked || on_disk == acked + 1,
            "kill {kill}: acknowledged {acked}, on disk {on_disk}"
        );
        assert!(
            on_disk > last_acked,
            "kill {kill}: the next writer was wedged"
        );
        landed_unacked += usize::from(on_disk == acked + 1);
        let temps = temp_files(dir);
        assert!(temps <= 1, "kill {kill}: {temps} temp files");
        mid_write += temps;
        last_acked = on_disk;
    }
    // After all that, the next writer still saves (the stale lock file does not wedge it) and
    // cleans up any temp file.
    let saves = read(dir);
    assert!(saves >= kills as u64);
    let child = spawn_kind(kind, "after", 1, dir);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(read(dir), saves + 1);
    assert_eq!(temp_files(dir), 0);
    (saves, mid_write, landed_unacked)
}

#[test]
fn sigkill_at_random_moments_leaves_the_old_or_the_new_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (saves, mid_write, landed) = kill_loop(
        "counter",
        KILLS,
        Duration::from_millis(4),
        tmp.path(),
        |d| read(d).n,
    );
    eprintln!(
        "store_faults: {KILLS} SIGKILLs, {saves} saves, {mid_write} kills left a temp file \
         (mid-write), {landed} saves landed just before the kill; no torn file"
    );
}

/// The kill loop can see a torn file: against a writer that saves in place, SIGKILLs at
/// random moments leave a file that does not decode whole (or is empty) within a few hundred
/// kills, where the store's writer never does.
#[test]
fn sigkill_finds_torn_files_of_a_writer_that_saves_in_place() {
    const MAX_KILLS: usize = 300;
    let tmp = tempfile::tempdir().unwrap();
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let torn_after = (1..=MAX_KILLS).find(|_| {
        let mut child = spawn_kind("in-place", "k", 0, tmp.path());
        let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
        assert!(out.next().is_some(), "the writer never started");
        out.find(|l| l.as_ref().is_ok_and(|l| l.starts_with("ACK")))
            .expect("the writer never saved")
            .unwrap();
        std::thread::sleep(Duration::from_micros(random(&mut seed) % 4000));
        child.kill().unwrap();
        child.wait().unwrap();
        let bytes = std::fs::read(tmp.path().join(store::FILE_NAME)).unwrap();
        let torn = format::decode::<Counter>(&bytes)
            .map_or(true, |s| s.check != s.n || s.pad.len() as u64 != s.n % 4096);
        if torn {
            eprintln!(
                "store_faults: torn file of {} bytes from a writer in place",
                bytes.len()
            );
            // The next writer starts over from nothing.
            std::fs::remove_file(tmp.path().join(store::FILE_NAME)).unwrap();
        }
        torn
    });
    let kills = torn_after.expect("no torn file: the kill loop could not tell");
    eprintln!("store_faults: a writer in place left a torn file after {kills} SIGKILLs");
}

#[test]
fn sigkill_while_saving_the_real_state_loses_nothing_acknowledged() {
    let tmp = tempfile::tempdir().unwrap();
    let (saves, mid_write, landed) = kill_loop(
        "state",
        KILLS_REAL,
        Duration::from_millis(60),
        tmp.path(),
        read_real,
    );
    let size = std::fs::metadata(tmp.path().join(store::FILE_NAME))
        .unwrap()
        .len();
    eprintln!(
        "store_faults (real state): {KILLS_REAL} SIGKILLs, {saves} saves ({} edits), \
         {mid_write} kills left a temp file (mid-write), {landed} saves landed just before \
         the kill; final file {size} bytes; no torn file",
        saves * 7
    );
}

#[test]
fn processes_saving_at_once_lose_nothing() {
    const WRITERS: usize = 4;
    const SAVES: u64 = 60;
    let tmp = tempfile::tempdir().unwrap();
    let children: Vec<Child> = (0..WRITERS)
        .map(|w| spawn(&format!("w{w}"), SAVES, tmp.path()))
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let acked = acks(
            String::from_utf8(out.stdout)
                .unwrap()
                .lines()
                .map(String::from),
        );
        assert_eq!(acked.len(), SAVES as usize);
        assert!(out.status.success());
    }
    let state = read(tmp.path());
    assert_eq!(state.n, WRITERS as u64 * SAVES);
    for w in 0..WRITERS {
        assert_eq!(state.per_writer[&format!("w{w}")], SAVES);
    }
    assert_eq!(temp_files(tmp.path()), 0);
}

/// Two instances (the guide and `backspasm log`, or two guides) saving the real state at the
/// same time: every edit of every writer is on disk.
#[test]
fn processes_saving_the_real_state_at_once_lose_nothing() {
    const WRITERS: usize = 3;
    const SAVES: u64 = 20;
    let tmp = tempfile::tempdir().unwrap();
    let children: Vec<Child> = (0..WRITERS)
        .map(|w| spawn_kind("writer", &w.to_string(), SAVES, tmp.path()))
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let bytes = std::fs::read(tmp.path().join(store::FILE_NAME)).unwrap();
    let s: app_state::State = format::decode(&bytes).unwrap();
    let mut ids: Vec<String> = (0..WRITERS)
        .flat_map(|w| (0..SAVES).map(move |i| format!("w{w}-{i}")))
        .collect();
    ids.sort();
    let notes: Vec<String> = s.diary.iter().filter_map(|e| e.note.clone()).collect();
    let mut sorted_notes = notes.clone();
    sorted_notes.sort();
    assert_eq!(sorted_notes, ids, "diary");
    assert!(
        s.diary.windows(2).all(|p| p[0].at < p[1].at),
        "in time order"
    );
    assert_eq!(
        s.walks["lifting"].done.iter().cloned().collect::<Vec<_>>(),
        ids,
        "walk ticks"
    );
    assert_eq!(
        s.doctor.iter().cloned().collect::<Vec<_>>(),
        ids,
        "doctor ticks"
    );
    let mut phases: Vec<String> = s.timers.done["hydrotherapy"]
        .days
        .values()
        .flat_map(|d| d.phases.iter())
        .inspect(|(_, n)| assert_eq!(**n, 1, "counted once"))
        .map(|(id, _)| id.clone())
        .collect();
    phases.sort();
    assert_eq!(phases, ids, "phase log");
    assert_eq!(temp_files(tmp.path()), 0);
}

/// The kernel refuses the write (a file-size limit, as a full disk would): the save is reported,
/// the state stays in memory with the status saying why, the file on disk is the old one, and
/// the queued edits land once writing works again.
#[test]
fn a_refused_write_is_reported_and_nothing_is_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // An old file to keep, from a writer without limits.
    assert!(spawn("old", 3, dir).wait().unwrap().success());
    let old = std::fs::read(dir.join(store::FILE_NAME)).unwrap();
    // No byte may be written to any file (the lock file is only created); SIGXFSZ ignored, so
    // the write fails with EFBIG instead of killing the process.
    let out = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0; exec \"$0\" --exact child --nocapture")
        .arg(std::env::current_exe().unwrap())
        .env(CHILD, format!("counter:limited:1:{}", dir.display()))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("ERR could not write"), "{stdout}");
    assert!(stdout.contains(&dir.display().to_string()), "{stdout}");
    assert_eq!(std::fs::read(dir.join(store::FILE_NAME)).unwrap(), old);
    assert_eq!(temp_files(dir), 0);
}

/// In one process: the refused save keeps the state in memory and the edit queued; once the
/// write works the edit lands exactly once.
#[test]
fn a_refused_write_keeps_the_state_in_memory() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (mut store, mut state, _) = Store::<Counter>::open(Some(dir.clone()));
    let bump = Edit::Bump("me".into());
    state.apply(&bump);
    store.save(&mut state, std::slice::from_ref(&bump)).unwrap();
    // The directory replaced by a file: every write is refused.
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::write(&dir, "in the way").unwrap();
    state.apply(&bump);
    let err = store.save(&mut state, &[bump]).unwrap_err();
    assert!(
        err.to_string().contains(&dir.display().to_string()),
        "{err}"
    );
    assert!(matches!(store.status(), Status::Memory(_)));
    assert_eq!(state.n, 2, "kept in memory");
    assert_eq!(store.unsaved(), 1);
    std::fs::remove_file(&dir).unwrap();
    store.save(&mut state, &[]).unwrap();
    assert_eq!(store.status(), &Status::Saving);
    // Nothing on disk any more, so the whole in-memory state is written.
    assert_eq!(read(&dir).n, 2);
}

/// As root (CI runs as root) modes do not stop anything, so the cases below run the child or
/// the binary as `nobody` through util-linux's `setpriv`, with the files given to nobody;
/// as any other user they run as that user. Either way the modes are what stop them.
struct Unprivileged {
    root: bool,
}

impl Unprivileged {
    const NOBODY: u32 = 65534;

    fn new() -> Unprivileged {
        let root = rustix::process::geteuid().is_root();
        if root {
            let found = Command::new("setpriv").arg("--version").output();
            assert!(
                found.is_ok_and(|o| o.status.success()),
                "run as root, these cases need setpriv (util-linux) to drop to nobody"
            );
        }
        Unprivileged { root }
    }

    fn command(&self, program: &Path) -> Command {
        if !self.root {
            return Command::new(program);
        }
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(program);
        c
    }

    /// Make `path` the unprivileged user's (as root: nobody's), with `mode`.
    fn give(&self, path: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        if self.root {
            std::os::unix::fs::chown(path, Some(Self::NOBODY), Some(Self::NOBODY)).unwrap();
        }
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    /// A temp dir the unprivileged user can reach (tempdir makes them 0700, root's as root).
    fn tempdir(&self) -> tempfile::TempDir {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        tmp
    }

    /// The child writer of `kind` on `dir`, as the unprivileged user: its stdout.
    fn child(&self, kind: &str, dir: &Path) -> String {
        let out = self
            .command(&std::env::current_exe().unwrap())
            .args(["--exact", "child", "--nocapture", "--test-threads=1"])
            .env(CHILD, format!("{kind}:u:1:{}", dir.display()))
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success(), "{stdout}");
        stdout
    }

    /// The built binary with `args` on the state dir `dir`, as the unprivileged user.
    fn backspasm(&self, dir: &Path, args: &[&str]) -> std::process::Output {
        common::cli::isolate(&mut self.command(Path::new(common::cli::BIN)))
            .arg("--state-dir")
            .arg(dir)
            .args(args)
            .output()
            .unwrap()
    }
}

/// A state directory that cannot be written (mode 500, its owner the user that runs): the
/// data is still read, every save is reported with the path, the edit stays in memory and
/// queued, the status says why nothing is saved, and the old file is left as it was. With no
/// lock file yet, opening already says so. `log` exits 2 saying so; `summary` reads it.
#[test]
fn a_read_only_directory_is_reported_and_nothing_is_lost() {
    let u = Unprivileged::new();
    let tmp = u.tempdir();
    for lock_file in [true, false] {
        let dir = tmp.path().join(format!("ro-{lock_file}"));
        assert!(spawn("old", 3, &dir).wait().unwrap().success());
        let path = dir.join(store::FILE_NAME);
        let lock = dir.join("state.lock");
        let old = std::fs::read(&path).unwrap();
        u.give(&path, 0o600);
        if lock_file {
            u.give(&lock, 0o600);
        } else {
            std::fs::remove_file(&lock).unwrap();
        }
        u.give(&dir, 0o500);

        let out = u.child("memory", &dir);
        let line = |prefix: &str| {
            out.lines()
                .find(|l| l.starts_with(prefix))
                .unwrap_or_else(|| panic!("no {prefix:?} line in {out}"))
                .to_string()
        };
        let shown = dir.display().to_string();
        let denied = |l: &str| l.contains(&shown) && l.contains("Permission denied");
        if lock_file {
            assert_eq!(line("STATUS "), "STATUS saving", "{out}");
            assert!(denied(&line("ERR could not write ")), "{out}");
        } else {
            assert!(
                denied(&line("NOTICE progress is not being saved: ")),
                "{out}"
            );
            assert!(line("STATUS ").starts_with("STATUS memory: "), "{out}");
            assert!(denied(&line("ERR ")), "{out}");
        }
        assert!(denied(&line("AFTER memory: ")), "{out}");
        // What was on disk (3 saves) was read; the edit is held in memory and still queued.
        assert_eq!(line("HELD "), "HELD 4 1", "{out}");
        assert_eq!(std::fs::read(&path).unwrap(), old);
        assert_eq!(temp_files(&dir), 0);

        // The app's own state, through the built binary.
        let dir = tmp.path().join(format!("ro-log-{lock_file}"));
        let first = common::cli::backspasm_in(&dir, &["log", "6"]);
        assert!(first.status.success());
        let path = dir.join(store::FILE_NAME);
        let old = std::fs::read(&path).unwrap();
        u.give(&path, 0o600);
        if lock_file {
            u.give(&dir.join("state.lock"), 0o600);
        } else {
            std::fs::remove_file(dir.join("state.lock")).unwrap();
        }
        u.give(&dir, 0o500);
        let out = u.backspasm(&dir, &["log", "4"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let shown = dir.display().to_string();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.starts_with("backspasm: not saved: "), "{stderr}");
        assert!(
            stderr.contains(&shown) && stderr.contains("Permission denied"),
            "{stderr}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), old);
        // Reading needs no lock (and no lock file): the summary reads it.
        let out = u.backspasm(&dir, &["summary"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{stdout}");
        assert!(stdout.contains("| 1 | 6 | 6 | 6 |"), "{stdout}");
        assert_eq!(dir.join("state.lock").exists(), lock_file);
    }
}

/// A state file the user cannot read (another user's, mode 600), in a directory the user can
/// write: it cannot be copied, so it is neither backed up nor written over. The app runs in
/// memory and says why; `log` and `summary` exit 2 instead of starting an empty state or an
/// empty summary.
#[test]
fn an_unreadable_state_file_is_never_written_over() {
    use std::os::unix::fs::PermissionsExt;
    let u = Unprivileged::new();
    let tmp = u.tempdir();
    let dir = tmp.path().join("d");
    assert!(spawn("old", 3, &dir).wait().unwrap().success());
    let path = dir.join(store::FILE_NAME);
    let old = std::fs::read(&path).unwrap();
    u.give(&dir, 0o700);
    u.give(&dir.join("state.lock"), 0o600);
    if u.root {
        // Root's file, which nobody cannot read.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    } else {
        u.give(&path, 0o000);
    }

    let out = u.child("memory", &dir);
    let shown = path.display().to_string();
    let notice = format!("NOTICE progress is not being saved: could not read {shown}: ");
    assert!(out.contains(&notice), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with(&notice) && l.ends_with("; it is left as it is")),
        "{out}"
    );
    assert!(out.contains("STATUS memory: "), "{out}");
    assert!(
        out.contains(&format!("ERR could not read {shown}")),
        "{out}"
    );
    assert!(out.contains("HELD 1 1"), "{out}");

    for (args, says) in [
        (&["log", "4"][..], "not saved: could not read "),
        (&["summary"][..], "cannot read the state: could not read "),
    ] {
        let out = u.backspasm(&dir, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says) && stderr.contains(&shown), "{stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // Left exactly as it was: no backup, no temp file, not replaced.
    if !u.root {
        u.give(&path, 0o600);
    }
    assert_eq!(std::fs::read(&path).unwrap(), old);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n == "state.ron" || n == "state.lock"),
        "{names:?}"
    );
}
