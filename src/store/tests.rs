//! The store's tests: the merge protocol and the filesystem under it, on a toy state.

use super::*;
use backspasm_core::state::format::{checked, decode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::time::Instant;

/// A toy state at format v2; v1 only had the log.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
struct Toy {
    counters: BTreeMap<String, u32>,
    log: Vec<String>,
}

#[derive(Debug, Clone)]
enum Edit {
    Inc(String),
    Push(String),
}
use Edit::{Inc, Push};

impl Persist for Toy {
    type Edit = Edit;
    const VERSION: u32 = 2;
    fn apply(&mut self, edit: &Edit) {
        match edit {
            Inc(k) => {
                let n = self.counters.entry(k.clone()).or_default();
                *n = n.saturating_add(1);
            }
            Push(s) => self.log.push(s.clone()),
        }
    }
    fn upgrade(from: u32, state: &str) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct V1 {
            log: Vec<String>,
        }
        match from {
            1 => {
                let v1: V1 = ron::from_str(state).map_err(|e| e.to_string())?;
                Ok(Toy {
                    counters: BTreeMap::new(),
                    log: v1.log,
                })
            }
            _ => Err(format!("no upgrade from v{from}")),
        }
    }
}

fn open(dir: &Path) -> (Store<Toy>, Toy, Vec<String>) {
    Store::open(Some(dir.to_path_buf()))
}

/// What the app does: apply in memory first, then save.
fn change(store: &mut Store<Toy>, state: &mut Toy, edits: &[Edit]) -> Result<(), StoreError> {
    for e in edits {
        state.apply(e);
    }
    store.save(state, edits)
}

fn toy(counters: &[(&str, u32)], log: &[&str]) -> Toy {
    Toy {
        counters: counters.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
        log: log.iter().map(|s| s.to_string()).collect(),
    }
}

fn mode(p: &Path) -> u32 {
    fs::metadata(p)
        .map(|m| m.permissions().mode() & 0o777)
        .unwrap_or(0)
}

fn temps(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(TEMP_PREFIX))
        .collect()
}

fn is_memory(store: &Store<Toy>) -> bool {
    matches!(store.status(), Status::Memory(_))
}

#[test]
fn round_trip() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, mut state, notices) = open(tmp.path());
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(state, Toy::default());
    change(
        &mut store,
        &mut state,
        &[
            Inc("a".into()),
            Inc("a".into()),
            Push("x \"q\"\nnl é".into()),
        ],
    )
    .unwrap();
    assert_eq!(store.status(), &Status::Saving);
    assert_eq!(store.unsaved(), 0);
    let (_, again, notices) = open(tmp.path());
    assert!(notices.is_empty());
    assert_eq!(again, toy(&[("a", 2)], &["x \"q\"\nnl é"]));
    assert_eq!(store.path(), Some(tmp.path().join("state.ron").as_path()));
}

#[test]
fn format_is_versioned_readable_ron() {
    let text = encode(&toy(&[("a", 1)], &["x"])).unwrap();
    assert_eq!(
        text,
        "// backspasm state. Written by backspasm; delete it to start over.\n\
         (\n    version: 2,\n    state: (\n        counters: {\n            \"a\": 1,\n        },\n        \
         log: [\n            \"x\",\n        ],\n    ),\n)\n// check: 857337d84cd40b64\n"
    );
    assert!(checked(&text).is_some());
    assert_eq!(checked(&text.replace("\"x\"", "\"y\"")), None, "an edit");
    assert_eq!(checked(&text[..text.len() - 2]), None, "cut");
    assert_eq!(decode::<Toy>(text.as_bytes()), Ok(toy(&[("a", 1)], &["x"])));
    // Hand-written and compact: still fine.
    assert_eq!(
        decode::<Toy>(b"(version:2,state:(counters:{},log:[]))"),
        Ok(Toy::default())
    );
}

#[test]
fn older_version_is_upgraded_or_kept_as_backup() {
    assert_eq!(
        decode::<Toy>(b"(version: 1, state: (log: [\"old\"]))"),
        Ok(toy(&[], &["old"]))
    );
    assert!(matches!(
        decode::<Toy>(b"(version: 0, state: ())"),
        Err(DecodeError::Upgrade { from: 0, .. })
    ));
    let tmp = tempfile::tempdir().unwrap();
    fs::write(
        tmp.path().join("state.ron"),
        "(version: 1, state: (log: [\"old\"]))",
    )
    .unwrap();
    let (mut store, mut state, notices) = open(tmp.path());
    assert!(notices.is_empty());
    assert_eq!(state, toy(&[], &["old"]));
    change(&mut store, &mut state, &[Push("new".into())]).unwrap();
    let on_disk = fs::read_to_string(tmp.path().join("state.ron")).unwrap();
    assert!(on_disk.contains("version: 2"), "{on_disk}");
    assert_eq!(
        decode::<Toy>(on_disk.as_bytes()),
        Ok(toy(&[], &["old", "new"]))
    );
}

#[test]
fn open_creates_missing_dir_0700() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("a/b/backspasm");
    let (store, _, notices) = open(&dir);
    assert!(notices.is_empty(), "{notices:?}");
    assert!(dir.is_dir());
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(store.status(), &Status::Saving);
}

#[test]
fn existing_dir_mode_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let (mut store, mut state, _) = open(tmp.path());
    change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
    assert_eq!(mode(tmp.path()), 0o755);
}

#[test]
fn files_are_0600() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.ron");
    // A pre-existing file with a loose mode is replaced by a private one.
    fs::write(&path, encode(&Toy::default()).unwrap()).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let (mut store, mut state, _) = open(tmp.path());
    change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&tmp.path().join("state.lock")), 0o600);
}

#[test]
fn corrupt_file_is_backed_up_and_backups_are_never_clobbered() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.ron");
    let bak0 = tmp.path().join("state.ron.bak");
    let bak1 = tmp.path().join("state.ron.1.bak");

    fs::write(&path, "(version: 2, state: (counters: {\"a\": ").unwrap();
    let (mut store, mut state, notices) = open(tmp.path());
    assert_eq!(state, Toy::default());
    assert_eq!(store.status(), &Status::Saving);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].contains(&bak0.display().to_string()),
        "{notices:?}"
    );
    assert!(!notices[0].contains('\n'));
    assert_eq!(
        fs::read_to_string(&bak0).unwrap(),
        "(version: 2, state: (counters: {\"a\": "
    );
    assert!(!path.exists());
    change(&mut store, &mut state, &[Inc("a".into())]).unwrap();

    // Wrong shape this time: the first backup stays, the second gets its own name.
    fs::write(&path, "(version: 2, state: (counters: \"nope\"))").unwrap();
    let (_, state, notices) = open(tmp.path());
    assert_eq!(state, Toy::default());
    assert!(
        notices[0].contains(&bak1.display().to_string()),
        "{notices:?}"
    );
    assert_eq!(
        fs::read_to_string(&bak0).unwrap(),
        "(version: 2, state: (counters: {\"a\": "
    );
    assert_eq!(
        fs::read_to_string(&bak1).unwrap(),
        "(version: 2, state: (counters: \"nope\"))"
    );
}

#[test]
fn invalid_utf8_empty_and_truncated_files_are_corrupt() {
    let good = encode(&toy(&[("a", 1)], &["x"])).unwrap();
    for (i, bytes) in [
        b"(version: 2, \xff\xfe)".to_vec(),
        Vec::new(),
        good.as_bytes()[..20].to_vec(),
    ]
    .into_iter()
    .enumerate()
    {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("state.ron"), &bytes).unwrap();
        let (mut store, mut state, notices) = open(tmp.path());
        assert_eq!(state, Toy::default(), "case {i}");
        assert_eq!(notices.len(), 1, "case {i}: {notices:?}");
        assert_eq!(
            fs::read(tmp.path().join("state.ron.bak")).unwrap(),
            bytes,
            "case {i}"
        );
        change(&mut store, &mut state, &[Inc("b".into())]).unwrap();
    }
    assert!(matches!(
        decode::<Toy>(b"\xff"),
        Err(DecodeError::NotUtf8 { offset: 0 })
    ));
    // Every prefix of a good file is either an error or (only the newline cut) the same state.
    for n in 0..good.len() {
        match decode::<Toy>(&good.as_bytes()[..n]) {
            Ok(s) => assert_eq!(s, toy(&[("a", 1)], &["x"]), "prefix {n}"),
            Err(DecodeError::Syntax(_)) => {}
            Err(e) => panic!("prefix {n}: {e}"),
        }
    }
}

#[test]
fn version_is_found_whatever_the_state_holds() {
    let text = r##"(version: 3, state: (a: Some(Foo(1, B(x: 2.5))), b: None, c: Unit,
        d: 'c', e: r#"raw"#, f: [1, -2], g: {1: (x: "y")}, h: (), i: true))"##;
    assert_eq!(
        decode::<Toy>(text.as_bytes()),
        Err(DecodeError::Newer { found: 3, ours: 2 })
    );
    let old = r#"(version: 1, state: (log: ["a"], gone: Some(Foo(x: 1))))"#;
    assert_eq!(decode::<Toy>(old.as_bytes()), Ok(toy(&[], &["a"])));
}

#[test]
fn a_file_over_the_limit_is_too_large_not_damaged() {
    // Zeroed, so never touched: no 256 MiB written for a test.
    let big = vec![0u8; MAX_FILE_BYTES + 1];
    assert_eq!(decode::<Toy>(&big), Err(DecodeError::TooLarge));
}

#[test]
fn newer_version_is_never_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.ron");
    let newer = "(version: 3, state: (something: [\"else\"]))";
    fs::write(&path, newer).unwrap();
    let (mut store, mut state, notices) = open(tmp.path());
    assert_eq!(state, Toy::default());
    assert!(is_memory(&store));
    assert_eq!(notices.len(), 1);
    assert!(
        notices[0].contains("state file was written by a newer backspasm; not saving"),
        "{notices:?}"
    );
    let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
    assert!(matches!(err, StoreError::NotSaving { .. }), "{err}");
    assert_eq!(state, toy(&[("a", 1)], &[]));
    assert_eq!(fs::read_to_string(&path).unwrap(), newer);
    assert!(!tmp.path().join("state.ron.bak").exists());
}

#[test]
fn newer_version_appearing_while_running_freezes_saving() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.ron");
    let (mut store, mut state, _) = open(tmp.path());
    change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
    fs::write(&path, "(version: 9, state: ())").unwrap();
    let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
    assert!(matches!(err, StoreError::Newer { found: 9, .. }), "{err}");
    assert!(err.to_string().contains(&path.display().to_string()));
    assert!(is_memory(&store));
    assert_eq!(state, toy(&[("a", 2)], &[]));
    // Even once it is gone again, this session does not write.
    fs::remove_file(&path).unwrap();
    assert!(change(&mut store, &mut state, &[]).is_err());
    assert!(!path.exists());
}

/// The file exists but cannot be read: run in memory, never write over it.
fn assert_unreadable_is_respected(dir: &Path, before: &dyn Fn() -> Vec<u8>) -> (Store<Toy>, Toy) {
    let (mut store, mut state, notices) = open(dir);
    assert!(is_memory(&store));
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].starts_with("progress is not being saved: could not read "),
        "{notices:?}"
    );
    let old = before();
    let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
    assert!(matches!(err, StoreError::Read { .. }), "{err}");
    assert_eq!(state, toy(&[("a", 1)], &[]));
    assert_eq!(before(), old);
    assert!(temps(dir).is_empty());
    (store, state)
}

#[test]
fn unreadable_file_chmod_000() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.ron");
    fs::write(&path, encode(&toy(&[("keep", 7)], &[])).unwrap()).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if File::open(&path).is_ok() {
        eprintln!(
            "note: skipping unreadable_file_chmod_000: this user can read a mode-000 file (root?)"
        );
        return;
    }
    let (mut store, mut state) = assert_unreadable_is_respected(tmp.path(), &|| {
        assert_eq!(mode(&path), 0o000);
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let bytes = fs::read(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        bytes
    });
    // Readable again: the queued edit lands on top of the good data.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    store.save(&mut state, &[]).unwrap();
    assert_eq!(state, toy(&[("a", 1), ("keep", 7)], &[]));
    assert_eq!(open(tmp.path()).1, state);
}

#[test]
fn unreadable_file_that_is_a_directory() {
    // Blocks root too.
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.ron");
    fs::create_dir(&path).unwrap();
    fs::write(path.join("precious"), "data").unwrap();
    let _ =
        assert_unreadable_is_respected(tmp.path(), &|| fs::read(path.join("precious")).unwrap());
    assert!(path.is_dir());
}

#[test]
fn queued_edits_land_on_good_data_once_readable() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.ron");
    fs::create_dir(&path).unwrap();
    let (mut store, mut state, _) = open(tmp.path());
    assert!(change(&mut store, &mut state, &[Inc("a".into())]).is_err());
    assert!(change(&mut store, &mut state, &[Push("p".into())]).is_err());
    assert_eq!(store.unsaved(), 2);
    // The "unreadable" thing is replaced by good data from another instance.
    fs::remove_dir(&path).unwrap();
    fs::write(&path, encode(&toy(&[("a", 5), ("keep", 1)], &[])).unwrap()).unwrap();
    change(&mut store, &mut state, &[]).unwrap();
    assert_eq!(store.status(), &Status::Saving);
    assert_eq!(state, toy(&[("a", 6), ("keep", 1)], &["p"]));
    assert_eq!(open(tmp.path()).1, state);
}

#[test]
fn unwritable_dir_parent_is_a_file() {
    // Blocks root too.
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("file"), "").unwrap();
    let dir = tmp.path().join("file/backspasm");
    let (mut store, mut state, notices) = open(&dir);
    assert!(is_memory(&store));
    assert_eq!(notices.len(), 1);
    assert!(
        notices[0]
            .starts_with("progress is not being saved: could not create the state directory ")
    );
    assert!(notices[0].contains(&dir.display().to_string()));
    let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
    assert!(
        err.to_string().contains(&dir.display().to_string()),
        "{err}"
    );
    assert_eq!(state, toy(&[("a", 1)], &[]));
    assert!(is_memory(&store));
}

#[test]
fn unwritable_dir_chmod_500() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ro");
    fs::create_dir(&dir).unwrap();
    fs::write(
        dir.join("state.ron"),
        encode(&toy(&[("keep", 1)], &[])).unwrap(),
    )
    .unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o500)).unwrap();
    if File::create(dir.join("probe")).is_ok() {
        eprintln!(
            "note: skipping unwritable_dir_chmod_500: this user can write a mode-500 dir (root?)"
        );
        return;
    }
    let (mut store, mut state, notices) = open(&dir);
    // The data is still read; only saving is off.
    assert_eq!(state, toy(&[("keep", 1)], &[]));
    assert!(is_memory(&store));
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(change(&mut store, &mut state, &[Inc("a".into())]).is_err());
    assert_eq!(state, toy(&[("a", 1), ("keep", 1)], &[]));
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
    change(&mut store, &mut state, &[]).unwrap();
    assert_eq!(open(&dir).1, toy(&[("a", 1), ("keep", 1)], &[]));
}

#[test]
fn dir_gone_while_running_then_back() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("d");
    let (mut store, mut state, _) = open(&dir);
    change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
    fs::remove_dir_all(&dir).unwrap();
    fs::write(&dir, "a file where the dir was").unwrap();
    let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
    assert!(
        err.to_string().contains(&dir.display().to_string()),
        "{err}"
    );
    assert!(is_memory(&store));
    assert_eq!(state, toy(&[("a", 2)], &[]));
    fs::remove_file(&dir).unwrap();
    // Back: nothing on disk, so the whole in-memory state is written.
    change(&mut store, &mut state, &[Push("p".into())]).unwrap();
    assert_eq!(store.status(), &Status::Saving);
    assert_eq!(open(&dir).1, toy(&[("a", 2)], &["p"]));
}

#[test]
fn no_dir_at_all() {
    let (mut store, mut state, notices) = Store::<Toy>::open(None);
    assert!(is_memory(&store));
    assert!(store.path().is_none());
    assert_eq!(notices.len(), 1);
    assert!(notices[0].contains("BACKSPASM_STATE_DIR"));
    assert!(matches!(
        change(&mut store, &mut state, &[Inc("a".into())]),
        Err(StoreError::NotSaving { .. })
    ));
    assert_eq!(state, toy(&[("a", 1)], &[]));
}

#[test]
fn interrupted_write_at_every_byte_leaves_old_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.ron");
    let old_state = toy(&[("a", 1)], &["old"]);
    let old = encode(&old_state).unwrap();
    fs::write(&path, &old).unwrap();
    let new_len = encode(&toy(&[("a", 2)], &["old", "new"])).unwrap().len();

    let (mut store, mut state, _) = open(tmp.path());
    let edits = [Inc("a".into()), Push("new".into())];
    for e in &edits {
        state.apply(e);
    }
    for n in 0..=new_len {
        store.fail_write_after = Some(n);
        let pending: &[Edit] = if n == 0 { &edits } else { &[] };
        let err = store.save(&mut state, pending).unwrap_err();
        assert!(
            matches!(&err, StoreError::Write { cause, .. } if cause.kind() == io::ErrorKind::StorageFull)
        );
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            old,
            "fault after {n} bytes"
        );
        assert!(temps(tmp.path()).is_empty(), "fault after {n} bytes");
        assert!(is_memory(&store));
        assert_eq!(state, toy(&[("a", 2)], &["old", "new"]));
        assert_eq!(store.unsaved(), 2);
    }
    // Once the disk has room, the queued edits land exactly once.
    store.fail_write_after = None;
    store.save(&mut state, &[]).unwrap();
    assert_eq!(store.status(), &Status::Saving);
    assert_eq!(store.unsaved(), 0);
    assert_eq!(open(tmp.path()).1, toy(&[("a", 2)], &["old", "new"]));
}

#[test]
fn write_atomic_with_failing_writer_keeps_old_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("f");
    fs::write(&path, "old").unwrap();
    let new = b"the new content";
    for n in 0..=new.len() {
        let r = write_atomic_with(&path, new, |f, b| {
            f.write_all(&b[..n])?;
            Err(io::Error::other("cut"))
        });
        assert!(r.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "a temp file is left"
        );
    }
    write_atomic(&path, new).unwrap();
    assert_eq!(fs::read(&path).unwrap(), new);
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn leftover_temp_files_are_ignored_then_cleaned() {
    let tmp = tempfile::tempdir().unwrap();
    let good = encode(&toy(&[("a", 1)], &[])).unwrap();
    fs::write(tmp.path().join("state.ron"), &good).unwrap();
    // A crash after writing half a temp file.
    let leftover = tmp.path().join(format!("{TEMP_PREFIX}999999-0"));
    fs::write(&leftover, &good[..10]).unwrap();
    let (mut store, mut state, notices) = open(tmp.path());
    assert!(notices.is_empty());
    assert_eq!(state, toy(&[("a", 1)], &[]));
    assert!(leftover.exists());
    change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
    assert!(temps(tmp.path()).is_empty());
    assert_eq!(open(tmp.path()).1, toy(&[("a", 2)], &[]));
}

#[test]
fn damaged_while_running_is_backed_up_and_rewritten() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, mut state, _) = open(tmp.path());
    change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
    fs::write(tmp.path().join("state.ron"), "oops").unwrap();
    change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
    let notices = store.take_notices();
    assert_eq!(notices.len(), 1);
    assert!(notices[0].contains("state.ron.bak"));
    assert_eq!(
        fs::read_to_string(tmp.path().join("state.ron.bak")).unwrap(),
        "oops"
    );
    assert_eq!(open(tmp.path()).1, toy(&[("a", 2)], &[]));
    assert!(store.take_notices().is_empty());
}

#[test]
fn held_lock_times_out_then_edits_go_with_the_next_save() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, mut state, _) = open(tmp.path());
    store.lock_timeout = Duration::from_millis(30);
    let holder = File::open(tmp.path().join("state.lock")).unwrap();
    holder.lock().unwrap();
    let err = change(&mut store, &mut state, &[Inc("a".into())]).unwrap_err();
    assert!(matches!(err, StoreError::LockTimeout { .. }), "{err}");
    // It says what is going on (another backspasm saving), not that something is stuck.
    assert!(
        err.to_string()
            .starts_with("waited 0 s for another backspasm to finish saving ("),
        "{err}"
    );
    assert!(err.to_string().contains("state.lock"));
    assert!(is_memory(&store));
    drop(holder);
    change(&mut store, &mut state, &[Inc("b".into())]).unwrap();
    assert_eq!(open(tmp.path()).1, toy(&[("a", 1), ("b", 1)], &[]));
}

#[test]
fn two_stores_interleaved_merge() {
    let tmp = tempfile::tempdir().unwrap();
    let (mut a, mut sa, _) = open(tmp.path());
    let (mut b, mut sb, _) = open(tmp.path());
    change(&mut a, &mut sa, &[Push("a1".into()), Inc("a".into())]).unwrap();
    change(&mut b, &mut sb, &[Push("b1".into()), Inc("b".into())]).unwrap();
    // b picked up a's changes.
    assert_eq!(sb, toy(&[("a", 1), ("b", 1)], &["a1", "b1"]));
    change(&mut a, &mut sa, &[Push("a2".into()), Inc("b".into())]).unwrap();
    assert_eq!(sa, toy(&[("a", 1), ("b", 2)], &["a1", "b1", "a2"]));
    // A save with no edits only refreshes, without writing.
    let before = fs::read(tmp.path().join("state.ron")).unwrap();
    b.save(&mut sb, &[]).unwrap();
    assert_eq!(sb, sa);
    assert_eq!(fs::read(tmp.path().join("state.ron")).unwrap(), before);
    assert_eq!(open(tmp.path()).1, sa);
}

#[test]
fn concurrent_stress_threads() {
    const THREADS: usize = 4;
    const SAVES: u32 = 50;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let key = format!("t{t}");
                let (mut store, mut state, _) = Store::<Toy>::open(Some(dir));
                for i in 1..=SAVES {
                    change(&mut store, &mut state, &[Inc(key.clone())])
                        .map_err(|e| e.to_string())?;
                    // Each of our edits is there exactly once, whatever the others did.
                    assert_eq!(state.counters.get(&key), Some(&i));
                    assert_eq!(store.status(), &Status::Saving);
                }
                Ok::<u32, String>(state.counters[&key])
            })
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), Ok(SAVES));
    }
    let (_, state, notices) = open(&dir);
    assert!(notices.is_empty());
    let want: BTreeMap<String, u32> = (0..THREADS).map(|t| (format!("t{t}"), SAVES)).collect();
    assert_eq!(state.counters, want);
    assert!(temps(&dir).is_empty());
}

/// The fsyncs happen, in the order that makes a save survive a power cut: the temp file's
/// bytes, then the rename, then the directory holding the rename; a backup's bytes and its
/// directory before anything is written over the file it copies.
#[test]
fn every_save_is_made_durable_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join("state.ron");
    let (mut store, mut state, _) = open(dir);
    disk_log::take();
    change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
    let log = disk_log::take();
    let temp = |line: &str, what: &str| {
        line.strip_prefix(what)
            .and_then(|p| Path::new(p).file_name())
            .is_some_and(|n| n.to_string_lossy().starts_with(TEMP_PREFIX))
    };
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(temp(&log[0], "fsync "), "{log:?}");
    assert_eq!(log[1], format!("rename {}", path.display()));
    assert_eq!(log[2], format!("fsync {}", dir.display()));

    // A backup (kept as a copy: see state::salvage's test) is a file like any other.
    let bak = dir.join("state.ron.bak");
    assert_eq!(keep_copy(&path, b"old").unwrap(), (bak.clone(), true));
    assert_eq!(
        disk_log::take(),
        [
            format!("fsync {}", bak.display()),
            format!("fsync {}", dir.display())
        ]
    );
}

/// A state file that is a symbolic link is written through: the link stays, its target
/// gets the data, and the lock, temp files and backups sit beside the target.
#[cfg(unix)]
#[test]
fn a_linked_state_file_is_written_through() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("state");
    let elsewhere = tmp.path().join("synced");
    fs::create_dir_all(&dir).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    let link = dir.join("state.ron");
    let target = elsewhere.join("backspasm.ron");
    fs::write(&target, encode(&toy(&[("a", 1)], &[])).unwrap()).unwrap();
    std::os::unix::fs::symlink("../synced/backspasm.ron", &link).unwrap();
    let (mut store, mut state, notices) = open(&dir);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(state, toy(&[("a", 1)], &[]));
    change(&mut store, &mut state, &[Inc("a".into())]).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        decode::<Toy>(&fs::read(&target).unwrap()),
        Ok(toy(&[("a", 2)], &[]))
    );
    assert!(elsewhere.join("state.lock").exists());
    assert!(!dir.join("state.lock").exists());
    assert_eq!(mode(&target), 0o600);
    // A link to a file not there yet: created there.
    fs::remove_file(&target).unwrap();
    let (mut store, mut state, _) = open(&dir);
    change(&mut store, &mut state, &[Inc("b".into())]).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        decode::<Toy>(&fs::read(&target).unwrap()),
        Ok(toy(&[("b", 1)], &[]))
    );
    // Damaged through the link: the backup is beside the target, the link stays.
    fs::write(&target, "oops").unwrap();
    let (_, _, notices) = open(&dir);
    assert!(notices[0].contains("backspasm.ron.bak"), "{notices:?}");
    assert!(elsewhere.join("backspasm.ron.bak").exists());
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// A named pipe, a device or a directory where the state file should be: said at once
/// (opening a pipe the usual way would wait for a writer forever), never read, never
/// written over.
#[cfg(unix)]
#[test]
fn a_pipe_a_device_or_a_directory_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("fifo");
    fs::create_dir(&fifo).unwrap();
    rustix::fs::mkfifoat(
        rustix::fs::CWD,
        fifo.join("state.ron"),
        rustix::fs::Mode::from_raw_mode(0o600),
    )
    .unwrap();
    let device = tmp.path().join("device");
    fs::create_dir(&device).unwrap();
    std::os::unix::fs::symlink("/dev/zero", device.join("state.ron")).unwrap();
    let directory = tmp.path().join("directory");
    fs::create_dir_all(directory.join("state.ron")).unwrap();
    for (dir, what) in [
        (&fifo, "a named pipe (FIFO)"),
        (&device, "a device"),
        (&directory, "a directory"),
    ] {
        let start = Instant::now();
        let (mut store, mut state, notices) = open(dir);
        assert!(is_memory(&store));
        let said = format!("it is {what}, not a regular file");
        assert!(notices[0].contains(&said), "{notices:?}");
        assert!(change(&mut store, &mut state, &[Inc("a".into())]).is_err());
        let err = read_only::<Toy>(dir).unwrap_err().to_string();
        assert!(err.contains(&said), "{err}");
        assert!(start.elapsed() < Duration::from_secs(2), "{what}");
        assert!(fs::symlink_metadata(dir.join("state.ron.bak")).is_err());
    }
    assert!(
        fs::metadata(fifo.join("state.ron"))
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert!(
        fs::symlink_metadata(device.join("state.ron"))
            .unwrap()
            .is_symlink()
    );
}

/// A file over the size limit is not damage: never read, moved or written over; the app
/// runs in memory and the message names the limit.
#[test]
fn a_file_over_the_limit_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("state.ron");
    // Sparse: nothing written.
    File::create(&path)
        .unwrap()
        .set_len(MAX_FILE_BYTES as u64 + 1)
        .unwrap();
    let (mut store, mut state, notices) = open(tmp.path());
    assert!(is_memory(&store));
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("larger than 256 MiB"), "{notices:?}");
    assert!(notices[0].contains("left as it is"), "{notices:?}");
    assert!(change(&mut store, &mut state, &[Inc("a".into())]).is_err());
    assert_eq!(
        fs::metadata(&path).unwrap().len(),
        MAX_FILE_BYTES as u64 + 1
    );
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["state.ron"], "nothing beside it");
    let err = read_only::<Toy>(tmp.path()).unwrap_err().to_string();
    assert!(err.contains("larger than 256 MiB"), "{err}");
}

/// Reading for a command that only reads: no directory made, no lock file, nothing moved
/// or copied, whatever the file holds.
#[test]
fn read_only_never_changes_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing");
    assert_eq!(
        read_only::<Toy>(&missing).unwrap(),
        (Toy::default(), vec![])
    );
    assert!(!missing.exists());
    let path = tmp.path().join("state.ron");
    for text in [
        encode(&toy(&[("a", 1)], &[])).unwrap(),
        "(version: 2, state: (counters: {\"a\": 1}, log: 5))".to_string(),
        "oops".to_string(),
        "(version: 9, state: ())".to_string(),
    ] {
        fs::write(&path, &text).unwrap();
        let _ = read_only::<Toy>(tmp.path());
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["state.ron"], "{text}");
        assert_eq!(fs::read_to_string(&path).unwrap(), text);
    }
    let err = read_only::<Toy>(tmp.path()).unwrap_err();
    assert!(matches!(err, StoreError::Newer { found: 9, .. }), "{err}");
    fs::write(&path, "oops").unwrap();
    let err = read_only::<Toy>(tmp.path()).unwrap_err().to_string();
    assert!(
        err.contains("damaged") && err.contains("left as it is"),
        "{err}"
    );
}

#[test]
fn resolve_dir_precedence() {
    let explicit = PathBuf::from("/x/explicit");
    assert_eq!(
        resolve_dir(Some(explicit.clone()), Some(OsString::from("/x/env"))),
        Some(explicit)
    );
    assert_eq!(
        resolve_dir(None, Some(OsString::from("/x/env"))),
        Some(PathBuf::from("/x/env"))
    );
    // An empty variable counts as unset.
    let default = resolve_dir(None, None);
    assert_eq!(resolve_dir(None, Some(OsString::new())), default);
    if let Some(d) = default {
        assert!(d.ends_with("backspasm"), "{}", d.display());
    }
}

proptest::proptest! {
    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
        let _ = decode::<Toy>(&bytes);
    }

    #[test]
    fn decode_survives_mutated_files(pos in 0usize..200, byte in proptest::num::u8::ANY) {
        let mut bytes = encode(&toy(&[("a", 1), ("b", 2)], &["x", "y"])).unwrap().into_bytes();
        let i = pos % bytes.len();
        bytes[i] = byte;
        let _ = decode::<Toy>(&bytes);
    }

    #[test]
    fn encode_decode_round_trip(
        counters in proptest::collection::btree_map(".*", proptest::num::u32::ANY, 0..5),
        log in proptest::collection::vec(".*", 0..5),
    ) {
        let state = Toy { counters, log };
        let text = encode(&state).unwrap();
        proptest::prop_assert_eq!(decode::<Toy>(text.as_bytes()), Ok(state));
    }
}

/// Before a state file with parts that cannot be read is written over, the copy of it is on
/// disk for certain (its bytes and its directory entry).
#[test]
fn the_copy_is_durable_before_the_file_is_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let path = dir.join("state.ron");
    let good = r#"(at: "2026-11-24T09:00:00+01:00", score: 7, note: Some("ok"))"#;
    let text = format!(r#"(version: 1, state: (diary: [{good}, (score: 3)]))"#);
    std::fs::write(&path, &text).unwrap();
    disk_log::take();
    let (mut store, mut state, notices) =
        Store::<backspasm_core::state::State>::open(Some(dir.to_path_buf()));
    assert_eq!(notices.len(), 1, "{notices:?}");
    let bak = dir.join("state.ron.bak");
    assert_eq!(
        disk_log::take(),
        [
            format!("fsync {}", bak.display()),
            format!("fsync {}", dir.display())
        ]
    );
    let edit = backspasm_core::state::Edit::SetOnset(state.diary[0].at);
    state.apply(&edit);
    store.save(&mut state, &[edit]).unwrap();
    let log = disk_log::take();
    assert_eq!(log.len(), 3, "{log:?}");
    assert!(log[0].starts_with(&format!("fsync {}/.state.ron.tmp-", dir.display())));
    assert_eq!(
        log[1..],
        [
            format!("rename {}", path.display()),
            format!("fsync {}", dir.display())
        ]
    );
    assert_eq!(std::fs::read_to_string(&bak).unwrap(), text);
}
