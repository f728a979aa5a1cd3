#!/usr/bin/env python3
"""The scale part of the benchmark (run by bench/scale.sh): costs that must not grow with
uptime or with years of diary.

- uptime: `timer --hot 1s --cold 1s` for UPTIME_SECS in an 80x24 tmux pane; the state file's
  size and the app's VmRSS every SAMPLE_SECS.
- sizes: for each of SIZES diary entries (ten a day, a note on every third), the state file's
  size, `log` and `summary` (median wall time of RUNS runs), the guide's first paint (launch
  until its footer shows, median of RUNS), the app's VmRSS on the diary screen, and the CPU
  time one key costs there (KEYS presses of ↓ and ↑, on-CPU time from schedstat).
- paste: a 20 KB paste into the pain note (bracketed, and as a terminal without bracketed
  paste sends it), then Esc: how long until the note is gone from the screen.

Markdown tables go to stdout, PASS/FAIL floors after them, raw numbers to RESULTS.
"""

import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.environ["BENCH_REPO"]
SOCK = os.environ["BENCH_SOCK"]
TMP = os.environ["BENCH_TMP"]
BIN = os.path.join(REPO, "target/release/backspasm")
PARTS = os.environ.get("PARTS", "sizes paste uptime").split()
SIZES = [int(n) for n in os.environ.get("SIZES", "10 1000 10000 20000 100000").split()]
RUNS = int(os.environ.get("RUNS", "5"))
KEYS = int(os.environ.get("KEYS", "40"))
UPTIME_SECS = int(os.environ.get("UPTIME_SECS", "600"))
SAMPLE_SECS = int(os.environ.get("SAMPLE_SECS", "30"))
RESULTS = os.environ["RESULTS"]

# Floors (the issue's): log at 20,000 entries; Esc after a 20 KB paste; flat with uptime
# (after the first minute) and with the diary's size (a key at the largest size against the
# smallest).
LOG_FLOOR_MS = 40.0
LOG_FLOOR_AT = 20000
ESC_FLOOR_MS = 100.0
FILE_GROWTH_FLOOR = 1024
RSS_GROWTH_FLOOR_MB = 1.0
KEY_FLOOR_MS = 2.0

raw = {}


def log(msg):
    print(f"bench/scale: {msg}", file=sys.stderr, flush=True)


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCK, *args], capture_output=True, text=True,
                          check=check)


def capture(session):
    return tmux("capture-pane", "-p", "-t", session, check=False).stdout


def pane_pid(session):
    return int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").stdout.strip())


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    return float("nan")


def cpu_ns(pid):
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
            total += int(f.read().split()[0])
    return total


def launch(session, args, ready, timeout=30.0):
    """Start `backspasm ARGS` as the session's command; seconds until `ready` is on screen."""
    start = time.monotonic()
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24",
         "env", "TERM=tmux-256color", BIN, *args)
    while True:
        if ready in capture(session):
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            raise SystemExit(f"{session}: {ready!r} not on screen after {timeout} s")
        time.sleep(0.005)


def kill(session):
    tmux("kill-session", "-t", session, check=False)


def wait_until(session, done, timeout=10.0):
    start = time.monotonic()
    while not done(capture(session)):
        if time.monotonic() - start > timeout:
            raise SystemExit(f"{session}: not on screen after {timeout} s:\n{capture(session)}")
        time.sleep(0.002)
    return time.monotonic() - start


def quiet(pid, still=0.3):
    """Wait until the app has used no CPU for `still` seconds (done with its input)."""
    last, since = cpu_ns(pid), time.monotonic()
    while time.monotonic() - since < still:
        time.sleep(0.02)
        now = cpu_ns(pid)
        if now != last:
            last, since = now, time.monotonic()


def state_file(entries, onset_days):
    """A state of `entries` diary entries, ten a day up to now, with the onset before them."""
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    days = max(1, (entries + 9) // 10)
    first = now - datetime.timedelta(days=days)
    onset = first - datetime.timedelta(days=onset_days)
    lines = ["(version: 1, state: (", f'onset: Some("{onset.isoformat()}"), diary: [']
    for i in range(entries):
        at = first + datetime.timedelta(seconds=i * 8640)
        note = f', note: Some("entry {i}: stiff after sitting")' if i % 3 == 0 else ""
        lines.append(f'(at: "{at.isoformat()}", score: {i % 11}{note}),')
    lines.append("]))")
    return "\n".join(lines) + "\n"


def median_ms(fn, runs=RUNS):
    times = []
    for _ in range(runs):
        start = time.monotonic()
        fn()
        times.append((time.monotonic() - start) * 1000)
    return statistics.median(times), times


def run(args, stdout=subprocess.DEVNULL):
    subprocess.run([BIN, *args], check=True, stdout=stdout, stderr=subprocess.DEVNULL,
                   env={**os.environ, "TERM": "dumb"})


def sizes():
    rows = []
    for n in SIZES:
        log(f"{n} entries")
        d = tempfile.mkdtemp(dir=TMP)
        with open(os.path.join(d, "state.ron"), "w") as f:
            f.write(state_file(n, 1))
        # As the app writes it (and the first log's backup work out of the way).
        run(["--state-dir", d, "log", "5"])
        size = os.path.getsize(os.path.join(d, "state.ron"))
        log_ms, log_all = median_ms(lambda: run(["--state-dir", d, "log", "5"]))
        sum_ms, sum_all = median_ms(lambda: run(["--state-dir", d, "summary"]))
        paints = []
        for k in range(RUNS):
            s = f"paint-{n}-{k}"
            paints.append(launch(s, ["--state-dir", d], "quit") * 1000)
            kill(s)
        s = f"diary-{n}"
        launch(s, ["--state-dir", d], "quit")
        pid = pane_pid(s)
        tmux("send-keys", "-t", s, "d")
        wait_until(s, lambda t: "Pain diary" in t)
        quiet(pid)
        rss = rss_mb(pid)
        before = cpu_ns(pid)
        for i in range(KEYS):
            tmux("send-keys", "-t", s, "Down" if i % 2 == 0 else "Up")
        quiet(pid)
        key_ms = (cpu_ns(pid) - before) / KEYS / 1e6
        kill(s)
        row = dict(entries=n, file_mb=size / 1e6, log_ms=log_ms, summary_ms=sum_ms,
                   paint_ms=statistics.median(paints), rss_mb=rss, key_cpu_ms=key_ms)
        raw[f"size {n}"] = dict(row, log_all=log_all, summary_all=sum_all, paint_all=paints)
        rows.append(row)
        shutil.rmtree(d)
    return rows


def paste():
    out = {}
    d = tempfile.mkdtemp(dir=TMP)
    with open(os.path.join(d, "state.ron"), "w") as f:
        f.write(state_file(10, 1))
    text = ("stiff after sitting " * 1000)[:20000]
    buf = os.path.join(TMP, "paste.txt")
    with open(buf, "w") as f:
        f.write(text)
    tmux("load-buffer", "-b", "big", buf)
    for mode, flags in [("bracketed", ["-p"]), ("unbracketed", [])]:
        times = []
        for k in range(RUNS):
            s = f"paste-{mode}-{k}"
            launch(s, ["--state-dir", d], "quit")
            pid = pane_pid(s)
            tmux("send-keys", "-t", s, "p", "7")
            wait_until(s, lambda t: "Add a short note" in t)
            tmux("paste-buffer", "-t", s, "-b", "big", *flags)
            quiet(pid)
            start = time.monotonic()
            tmux("send-keys", "-t", s, "Escape")
            wait_until(s, lambda t: "Add a short note" not in t, timeout=5.0)
            times.append((time.monotonic() - start) * 1000)
            kill(s)
        out[mode] = statistics.median(times)
        raw[f"paste {mode}"] = times
    shutil.rmtree(d)
    return out


def uptime():
    d = tempfile.mkdtemp(dir=TMP)
    path = os.path.join(d, "state.ron")
    s = "uptime"
    launch(s, ["--state-dir", d, "timer", "--hot", "1s", "--cold", "1s"], "HOT")
    pid = pane_pid(s)
    samples = []
    start = time.monotonic()
    while True:
        t = time.monotonic() - start
        size = os.path.getsize(path) if os.path.exists(path) else 0
        samples.append((round(t), size, rss_mb(pid)))
        if t >= UPTIME_SECS:
            break
        time.sleep(min(SAMPLE_SECS, max(0.0, UPTIME_SECS - t)))
    kill(s)
    raw["uptime samples (s, bytes, MB)"] = samples
    shutil.rmtree(d)
    return samples


def main():
    floors = []
    report = []
    if "sizes" in PARTS:
        rows = sizes()
        report += ["| diary entries | state file | `log` | `summary` | first paint | RSS (diary) | CPU per diary key |",
                   "|--:|--:|--:|--:|--:|--:|--:|"]
        for r in rows:
            report.append(f"| {r['entries']:,} | {r['file_mb']:.2f} MB | {r['log_ms']:.1f} ms | "
                          f"{r['summary_ms']:.1f} ms | {r['paint_ms']:.0f} ms | {r['rss_mb']:.1f} MB | "
                          f"{r['key_cpu_ms']:.2f} ms |")
        at = [r for r in rows if r["entries"] == LOG_FLOOR_AT]
        if at:
            floors.append((f"log at {LOG_FLOOR_AT:,} entries ≤ {LOG_FLOOR_MS:.0f} ms",
                           at[0]["log_ms"] <= LOG_FLOOR_MS, f"{at[0]['log_ms']:.1f} ms"))
        big = max(rows, key=lambda r: r["entries"])
        floors.append((f"a diary key at {big['entries']:,} entries ≤ {KEY_FLOOR_MS:.0f} ms CPU",
                       big["key_cpu_ms"] <= KEY_FLOOR_MS, f"{big['key_cpu_ms']:.2f} ms"))
        report.append("")
    if "paste" in PARTS:
        p = paste()
        report.append("| 20 KB paste into the note, then Esc | Esc answered after |")
        report.append("|---|--:|")
        for mode, ms in p.items():
            report.append(f"| {mode} | {ms:.0f} ms |")
            floors.append((f"Esc after a 20 KB {mode} paste ≤ {ESC_FLOOR_MS:.0f} ms",
                           ms <= ESC_FLOOR_MS, f"{ms:.0f} ms"))
        report.append("")
    if "uptime" in PARTS:
        samples = uptime()
        after = [x for x in samples if x[0] >= 60] or samples
        growth = after[-1][1] - after[0][1]
        rss_growth = after[-1][2] - after[0][2]
        report.append(f"| timer --hot 1s --cold 1s, {UPTIME_SECS // 60} min | at 1 min | at the end | max |")
        report.append("|---|--:|--:|--:|")
        report.append(f"| state file | {after[0][1]:,} B | {samples[-1][1]:,} B | "
                      f"{max(x[1] for x in samples):,} B |")
        report.append(f"| VmRSS | {after[0][2]:.1f} MB | {samples[-1][2]:.1f} MB | "
                      f"{max(x[2] for x in samples):.1f} MB |")
        floors.append((f"state file growth after the first minute ≤ {FILE_GROWTH_FLOOR} B",
                       growth <= FILE_GROWTH_FLOOR, f"{growth:+,} B"))
        floors.append((f"RSS growth after the first minute ≤ {RSS_GROWTH_FLOOR_MB:.0f} MB",
                       rss_growth <= RSS_GROWTH_FLOOR_MB, f"{rss_growth:+.2f} MB"))
        report.append("")
    stamp = (f"{datetime.date.today().isoformat()}, {platform.machine()}, "
             f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f} at the end")
    report.append(f"Measured {stamp} by `bench/scale.sh` (PARTS=\"{' '.join(PARTS)}\").")
    print("\n".join(report))
    print()
    ok = True
    for name, passed, value in floors:
        ok &= passed
        print(f"{'PASS' if passed else 'FAIL'}  {name}: {value}")
    os.makedirs(os.path.dirname(RESULTS), exist_ok=True)
    with open(RESULTS, "w") as f:
        json.dump(raw, f, indent=1)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
