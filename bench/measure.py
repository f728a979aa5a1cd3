#!/usr/bin/env python3
"""Measurement engine behind bench/timer.sh (run that, not this: it sets the environment).

Three parts, run one after the other (PARTS selects them):

paint     launch to first paint. Each program is launched alone, directly as the tmux
          session command (no shell), PAINT_RUNS times, interleaved, after one untimed
          warm-up launch each. The clock starts just before `tmux new-session`; the pane is
          then polled with `capture-pane -p` every 10 ms (absolute deadlines) until it
          matches the program's READY regex. The median is reported.
window    both programs at once, each in its own detached 80x24 session on the same
          private tmux server. After WARMUP s: VmRSS. Then, over WINDOW s, with nothing
          polling in between: CPU from utime+stime in /proc/PID/stat (plus the exact
          on-CPU time from /proc/PID/task/*/schedstat), wakeups from voluntary +
          nonvoluntary context switches summed over /proc/PID/task/*/status, and the bytes
          that reached the terminal (tmux pipe-pane into a file).
accuracy  the app with short phases for ACCURACY_SECS. Its raw terminal output is
          timestamped chunk by chunk (bench/stamp.py via pipe-pane, CLOCK_MONOTONIC);
          afterwards the chunks are replayed through a terminal emulator (pyte) to find
          the chunk whose arrival changes the phase word on screen, and BEL bytes outside
          OSC/DCS strings are located. Boundary k is expected at t0 + sum of the phase
          lengths since the first boundary t0; error_k = t_k - expected_k.
"""

import datetime
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import time

ENV = os.environ
REPO = ENV["BENCH_REPO"]
BENCH = os.path.join(REPO, "bench")
TMP = ENV["BENCH_TMP"]
SOCK = ENV["BENCH_SOCK"]
COLS, ROWS = 80, 24
CLK_TCK = os.sysconf("SC_CLK_TCK")
WRAPPERS = {"sh", "bash", "dash", "zsh", "env", "nice", "pyenv", "stdbuf", "setsid"}

FLOOR_RSS_MB = 5.0
FLOOR_CPU_PCT = 0.05
FLOOR_WAKEUPS = 2.0
FLOOR_BOUNDARY_MS = 100.0

launched_pids = []  # every pane process we started, killed by pid at the end if still alive
state_dirs = 0


def log(msg: str) -> None:
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


class HarnessError(Exception):
    pass


# --------------------------------------------------------------------------- tmux

def tmux(*args, check=True) -> str:
    r = subprocess.run(["tmux", "-L", SOCK, "-f", os.path.join(TMP, "tmux.conf"), *args],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        raise HarnessError(f"tmux {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def write_tmux_conf() -> None:
    with open(os.path.join(TMP, "tmux.conf"), "w") as f:
        f.write("set -g status off\n"          # the pane is exactly the session size
                "set -g remain-on-exit on\n"   # a program that dies leaves its message
                "set -g bell-action none\n"
                "set -g visual-bell off\n"
                "set -g history-limit 100\n")


def start_server() -> None:
    # A long-lived idle session keeps the server up, so `new-session` never pays for
    # starting the server.
    tmux("new-session", "-d", "-s", "hold", "-x", str(COLS), "-y", str(ROWS), "--", "cat")


def kill_server() -> None:
    subprocess.run(["tmux", "-L", SOCK, "kill-server"], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 1.5
    for pid in launched_pids:
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        if alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def new_session(name: str, argv: list) -> int:
    out = tmux("new-session", "-d", "-P", "-F", "#{pane_pid}", "-s", name,
               "-x", str(COLS), "-y", str(ROWS), "-c", REPO, "--", *argv)
    pid = int(out.strip())
    launched_pids.append(pid)
    return pid


def pane_info(name: str) -> dict:
    out = tmux("display-message", "-p", "-t", name,
               "#{pane_pid}|#{pane_dead}|#{pane_dead_status}|#{pane_width}|#{pane_height}")
    pid, dead, status, w, h = out.strip().split("|")
    return {"pid": int(pid), "dead": dead == "1", "status": status, "size": f"{w}x{h}"}


def capture(name: str) -> str:
    return tmux("capture-pane", "-p", "-t", name, check=False)


def screen_for_error(name: str) -> str:
    """The pane with its scrollback, blank lines dropped (a dead pane's last words scroll
    up into the history when tmux prints "Pane is dead")."""
    out = tmux("capture-pane", "-p", "-S", "-100", "-t", name, check=False)
    return "\n".join("    " + line for line in out.splitlines() if line.strip())


def kill_session(name: str, pid: int = 0) -> None:
    tmux("kill-session", "-t", name, check=False)
    if pid:
        deadline = time.monotonic() + 2.0
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


# --------------------------------------------------------------------------- /proc

def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


def comm(pid: int) -> str:
    with open(f"/proc/{pid}/comm") as f:
        return f.read().strip()


def cmdline(pid: int) -> str:
    with open(f"/proc/{pid}/cmdline", "rb") as f:
        return " ".join(a.decode(errors="replace") for a in f.read().split(b"\0") if a)


def children(pid: int) -> list:
    kids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        kids.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return kids


def resolve_pid(pid: int) -> int:
    """The pane's process, or, if that is a shell/env wrapper, its only child."""
    for _ in range(5):
        if comm(pid) not in WRAPPERS:
            return pid
        kids = children(pid)
        if len(kids) != 1:
            return pid
        log(f"pane process {pid} is a wrapper ({comm(pid)}); measuring its child {kids[0]}")
        pid = kids[0]
        launched_pids.append(pid)
    return pid


def status_fields(path: str) -> dict:
    out = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.partition(":")
            out[k] = v.strip()
    return out


def sample(pid: int) -> dict:
    with open(f"/proc/{pid}/stat") as f:
        rest = f.read().rsplit(")", 1)[1].split()
    utime, stime = int(rest[11]), int(rest[12])
    ctxt = vol = nonvol = 0
    run_ns = 0
    tasks = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            st = status_fields(f"/proc/{pid}/task/{tid}/status")
            v, n = int(st["voluntary_ctxt_switches"]), int(st["nonvoluntary_ctxt_switches"])
            vol, nonvol, ctxt = vol + v, nonvol + n, ctxt + v + n
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                run_ns += int(f.read().split()[0])
            tasks += 1
        except (FileNotFoundError, ProcessLookupError, KeyError):
            pass  # a thread exited between listdir and open
    st = status_fields(f"/proc/{pid}/status")
    return {"t": time.monotonic(), "ticks": utime + stime, "ctxt": ctxt, "vol": vol,
            "nonvol": nonvol, "run_ns": run_ns, "threads": tasks,
            "rss_kb": int(st["VmRSS"].split()[0]), "hwm_kb": int(st["VmHWM"].split()[0])}


# --------------------------------------------------------------------------- commands

def command(var: str) -> list:
    """Split the command in env var `var`; {state_dir} becomes a fresh temp dir; a bare
    program name is resolved on PATH (a pyenv shim to the real script)."""
    global state_dirs
    argv = shlex.split(ENV[var])
    if not argv:
        raise HarnessError(f"{var} is empty")
    if any("{state_dir}" in a for a in argv):
        state_dirs += 1
        d = os.path.join(TMP, f"state{state_dirs}")
        os.makedirs(d)
        argv = [a.replace("{state_dir}", d) for a in argv]
    prog = argv[0]
    if "/" in prog:
        prog = os.path.join(REPO, prog) if not os.path.isabs(prog) else prog
        if not os.access(prog, os.X_OK):
            raise HarnessError(f"{var}: {prog} is not an executable file")
    else:
        found = shutil.which(prog)
        if not found:
            hint = " (pip install termdown)" if prog == "termdown" else ""
            raise HarnessError(f"{var}: {prog} not found on PATH{hint}")
        if "/.pyenv/shims/" in found and shutil.which("pyenv"):
            r = subprocess.run(["pyenv", "which", prog], capture_output=True, text=True)
            if r.returncode == 0 and r.stdout.strip():
                found = r.stdout.strip()  # skip the bash shim: it would add to startup time
        prog = found
    return [prog] + argv[1:]


# --------------------------------------------------------------------------- part: paint

def first_paint(name: str, argv: list, ready: re.Pattern, timeout: float = 10.0) -> float:
    t0 = time.monotonic()
    pid = new_session(name, argv)
    k = 0
    try:
        while True:
            screen = capture(name)
            t = time.monotonic()
            if ready.search(screen):
                return (t - t0) * 1000
            if t - t0 > timeout or (k % 50 == 49 and pane_info(name)["dead"]):
                raise HarnessError(f"no first paint matching /{ready.pattern}/ for "
                                   f"{shlex.join(argv)} within {t - t0:.1f} s; pane shows:\n"
                                   + screen_for_error(name))
            k += 1
            time.sleep(max(0.0, t0 + 0.010 * k - time.monotonic()))
    finally:
        kill_session(name, pid)


def part_paint(progs: dict, res: dict) -> None:
    runs = int(ENV["PAINT_RUNS"])
    for key, p in progs.items():
        log(f"paint: warm-up launch of {key}")
        first_paint(f"warm-{key}", command(p["var"]), p["ready"])
        time.sleep(0.3)
    times = {k: [] for k in progs}
    for i in range(runs):
        for key, p in progs.items():
            ms = first_paint(f"paint-{key}-{i}", command(p["var"]), p["ready"])
            times[key].append(ms)
            log(f"paint: {key} run {i + 1}/{runs}: {ms:.1f} ms")
            time.sleep(0.5)
    for key in progs:
        res[key]["paint_runs_ms"] = [round(x, 1) for x in times[key]]
        res[key]["paint_ms"] = statistics.median(times[key])


# --------------------------------------------------------------------------- part: window

def part_window(progs: dict, res: dict) -> None:
    window, warmup = float(ENV["WINDOW"]), float(ENV["WARMUP"])
    sess = {}
    t_launch = time.monotonic()
    for key, p in progs.items():
        argv = command(p["var"])
        pane = new_session(f"win-{key}", argv)
        out = os.path.join(TMP, f"win-{key}.out")
        tmux("pipe-pane", "-o", "-t", f"win-{key}", f"exec cat > {shlex.quote(out)}")
        sess[key] = {"pane": pane, "out": out, "argv": argv}
        log(f"window: launched {key}: {shlex.join(argv)}")
    for key in sess:
        info = pane_info(f"win-{key}")
        if info["size"] != f"{COLS}x{ROWS}":
            raise HarnessError(f"pane of {key} is {info['size']}, not {COLS}x{ROWS}")
    time.sleep(max(0.0, t_launch + warmup - time.monotonic()))
    s0 = {}
    for key, s in sess.items():
        if pane_info(f"win-{key}")["dead"] or not alive(s["pane"]):
            raise HarnessError(f"{key} exited before the window; pane shows:\n"
                               + screen_for_error(f"win-{key}"))
        s["pid"] = resolve_pid(s["pane"])
        s["cmdline"] = cmdline(s["pid"])
        s0[key] = sample(s["pid"])
        s0[key]["bytes"] = os.path.getsize(s["out"])
    log(f"window: measuring for {window:g} s (nothing polls meanwhile)")
    time.sleep(max(0.0, min(x["t"] for x in s0.values()) + window - time.monotonic()))
    s1 = {}
    for key, s in sess.items():
        if not alive(s["pid"]):
            raise HarnessError(f"{key} exited during the window; pane shows:\n"
                               + screen_for_error(f"win-{key}"))
        s1[key] = sample(s["pid"])
        s1[key]["bytes"] = os.path.getsize(s["out"])
    for key, s in sess.items():
        a, b = s0[key], s1[key]
        wall = b["t"] - a["t"]
        r = res[key]
        r.update({
            "pid": s["pid"], "cmdline": s["cmdline"], "threads": b["threads"],
            # MB = 10^6 bytes (VmRSS is in KiB): termdown's 29,440 kB is the notes' "30 MB"
            "rss_kb": a["rss_kb"], "rss_mb": a["rss_kb"] * 1024 / 1e6,
            "rss_end_mb": b["rss_kb"] * 1024 / 1e6, "hwm_mb": b["hwm_kb"] * 1024 / 1e6,
            "window_s": wall,
            "cpu_ticks": b["ticks"] - a["ticks"],
            "cpu_pct": (b["ticks"] - a["ticks"]) / CLK_TCK / wall * 100,
            "cpu_exact_pct": (b["run_ns"] - a["run_ns"]) / 1e9 / wall * 100,
            "ctxt": b["ctxt"] - a["ctxt"], "ctxt_vol": b["vol"] - a["vol"],
            "ctxt_nonvol": b["nonvol"] - a["nonvol"],
            "wakeups": (b["ctxt"] - a["ctxt"]) / wall,
            "bytes": b["bytes"] - a["bytes"],
            "bytes_10s": (b["bytes"] - a["bytes"]) * 10 / wall,
        })
        kill_session(f"win-{key}", s["pid"])


# --------------------------------------------------------------------------- part: accuracy

def read_records(path: str) -> list:
    hdr = struct.Struct("<qI")
    recs = []
    with open(path, "rb") as f:
        buf = f.read()
    i = 0
    while i + hdr.size <= len(buf):
        t, n = hdr.unpack_from(buf, i)
        i += hdr.size
        recs.append((t / 1e9, buf[i:i + n]))
        i += n
    return recs


class BellScanner:
    """Counts BEL bytes that ring, i.e. not those ending an OSC/DCS/APC/PM/SOS string."""

    def __init__(self):
        self.state = "normal"

    def feed(self, data: bytes) -> int:
        bells = 0
        for b in data:
            s = self.state
            if s == "normal":
                if b == 0x07:
                    bells += 1
                elif b == 0x1B:
                    self.state = "esc"
            elif s == "esc":
                self.state = "string" if b in b"]PX^_" else ("esc" if b == 0x1B else "normal")
            elif s == "string":
                if b == 0x07:
                    self.state = "normal"  # OSC terminator, not a bell
                elif b == 0x1B:
                    self.state = "string_esc"
            elif s == "string_esc":
                self.state = "normal" if b == ord("\\") else "string"
        return bells


def schedule(t0: float, hot: float, cold: float, end: float) -> list:
    """Expected boundaries from the first one (HOT->COLD at t0): (time, new phase word)."""
    out, t, j = [], t0, 0
    while t <= end:
        out.append((t, "COLD" if j % 2 == 0 else "HOT"))
        j += 1
        t += cold if j % 2 == 1 else hot
    return out


def analyse_accuracy(recs: list, hot: float, cold: float, end: float, phase_re: str) -> dict:
    try:
        import pyte  # noqa: F401
    except ImportError:
        pyte = None
    word_re = re.compile(phase_re)
    bells, words = [], []  # (t), (t, word)
    scanner = BellScanner()
    screen = stream = None
    if pyte is not None:
        screen = pyte.Screen(COLS, ROWS)
        stream = pyte.ByteStream(screen)
    prev_word = None
    for t, data in recs:
        bells.extend([t] * scanner.feed(data))
        if stream is not None:
            stream.feed(data)
            m = word_re.search("\n".join(screen.display))
            w = m.group(1) if m else None
            if w is not None and w != prev_word:
                if prev_word is not None:
                    words.append((t, w))
                prev_word = w
    if pyte is not None and prev_word is None:
        log(f"accuracy: no /{phase_re}/ ever appeared on the screen; falling back to BEL only")
        pyte = None
    out = {"first_byte": recs[0][0] if recs else None, "bells_total": len(bells),
           "method": "phase word on the emulated screen, BEL cross-checked" if pyte
           else "BEL only (pyte not installed or no phase word on screen)"}
    tol = min(hot, cold) / 2
    # The schedule stops 0.2 s before the end of the run; a boundary the app shows in those
    # last moments (before the pane is killed) is neither expected nor extra.
    words = [e for e in words if e[0] <= end - 0.2]
    bells = [t for t in bells if t <= end - 0.2]
    if pyte is not None:
        events = words
        first = next((e for e in events if e[1] == "COLD"), None)
    else:
        events = [(t, None) for t in bells]
        # the bell nearest to where the first boundary should be (first paint + HOT), so a
        # warning bell before it is not taken for it
        first = min(events, key=lambda e: abs(e[0] - (recs[0][0] + hot)), default=None)
    if first is None:
        out.update(boundaries=0, expected=0, missing=0, extra=len(events), wrong=0,
                   errors_ms=[], bell_errors_ms=[], unbelled=0, other_bells=len(bells))
        return out
    exp = schedule(first[0], hot, cold, end - 0.2)
    used, errors, bell_errs, matched_times, wrong, missing = set(), [], [], [], 0, 0
    bell_used = set()
    for te, we in exp:
        best = None
        for i, (t, w) in enumerate(events):
            if i not in used and abs(t - te) <= tol and (best is None or abs(t - te) < abs(events[best][0] - te)):
                best = i
        if best is None:
            missing += 1
            continue
        used.add(best)
        t, w = events[best]
        if w is not None and w != we:
            wrong += 1
        errors.append((t - te) * 1000)
        matched_times.append(t - first[0])
        if pyte is not None:
            bi = min((i for i in range(len(bells)) if i not in bell_used and abs(bells[i] - te) <= tol),
                     key=lambda i: abs(bells[i] - te), default=None)
            if bi is not None:
                bell_used.add(bi)
                bell_errs.append((bells[bi] - te) * 1000)
    # events before the first boundary (e.g. a 'COLD' that flickered in early) are extra too
    if pyte is not None:
        extra = len(events) - len(used)  # phase word changes off the schedule (flicker)
        unbelled = len(errors) - len(bell_errs)
        other_bells = len(bells) - len(bell_used)
    else:  # bells off the schedule may be warnings: reported, not counted against
        extra, unbelled = 0, 0
        other_bells = len(bells) - len(used)
    drift = None
    if len(errors) >= 3:
        mt, me = statistics.mean(matched_times), statistics.mean(errors)
        den = sum((x - mt) ** 2 for x in matched_times)
        if den > 0:
            drift = sum((x - mt) * (e - me) for x, e in zip(matched_times, errors)) / den * 60
    out.update(boundaries=len(errors), expected=len(exp), missing=missing, extra=extra,
               wrong=wrong, errors_ms=[round(e, 2) for e in errors],
               bell_errors_ms=[round(e, 2) for e in bell_errs], unbelled=unbelled,
               other_bells=other_bells, drift_ms_per_min=drift,
               first_phase_vs_first_byte_ms=(first[0] - (recs[0][0] + hot)) * 1000)
    return out


def part_accuracy(res: dict) -> None:
    secs = float(ENV["ACCURACY_SECS"])
    hot, cold = float(ENV["ACC_HOT"]), float(ENV["ACC_COLD"])
    argv = command("ACCURACY_CMD")
    rec = os.path.join(TMP, "accuracy.rec")
    # Start a placeholder, attach the timestamping pipe, wait until it is ready, then
    # replace the placeholder with the app: so even the first byte is stamped on time.
    holder = new_session("acc", ["cat"])
    stamp = f"exec {shlex.quote(sys.executable)} {shlex.quote(os.path.join(BENCH, 'stamp.py'))} {shlex.quote(rec)}"
    tmux("pipe-pane", "-o", "-t", "acc", stamp)
    deadline = time.monotonic() + 10
    while not os.path.exists(rec + ".ready"):
        if time.monotonic() > deadline:
            raise HarnessError("bench/stamp.py did not start")
        time.sleep(0.01)
    log(f"accuracy: {shlex.join(argv)} for {secs:g} s")
    t_start = time.monotonic()
    tmux("respawn-pane", "-k", "-t", "acc", "-c", REPO, "--", *argv)
    wait_gone(holder)
    pid = pane_info("acc")["pid"]
    launched_pids.append(pid)
    # Stop early if the app dies; /proc is read, tmux is not polled, the app is not woken.
    while time.monotonic() < t_start + secs and alive(pid):
        time.sleep(max(0.0, min(1.0, t_start + secs - time.monotonic())))
    t_end = time.monotonic()
    info = pane_info("acc")
    if info["dead"]:
        raise HarnessError("the app exited during the accuracy run; pane shows:\n"
                           + screen_for_error("acc"))
    kill_session("acc", pid)
    time.sleep(0.3)  # let stamp.py see EOF and exit
    recs = read_records(rec)
    if not recs:
        raise HarnessError("the app wrote nothing during the accuracy run")
    a = analyse_accuracy(recs, hot, cold, t_end, ENV["PHASE_RE"])
    a.update(cmd=shlex.join(argv), secs=secs, hot=hot, cold=cold,
             chunks=len(recs), bytes=sum(len(d) for _, d in recs),
             launch_to_first_byte_ms=(recs[0][0] - t_start) * 1000)
    res["accuracy"] = a


def wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 2
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.01)


# --------------------------------------------------------------------------- report

def machine() -> dict:
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = status_fields("/proc/meminfo").get("MemTotal", "?")
    tm = subprocess.run(["tmux", "-V"], capture_output=True, text=True).stdout.strip()
    try:
        from importlib.metadata import version
        td = version("termdown")
    except Exception:
        td = None
    commit = None
    try:  # read-only peek at the checked-out commit (no git command is run)
        head = open(os.path.join(REPO, ".git", "HEAD")).read().strip()
        if head.startswith("ref: "):
            ref = head[5:]
            p = os.path.join(REPO, ".git", ref)
            if os.path.exists(p):
                commit = open(p).read().strip()
            else:
                for line in open(os.path.join(REPO, ".git", "packed-refs")):
                    if line.rstrip().endswith(" " + ref):
                        commit = line.split()[0]
        else:
            commit = head
    except OSError:
        pass
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    return {"loadavg_at_start": load,
            "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "kernel": f"{platform.system()} {platform.release()} {platform.machine()}",
            "cpu": f"{os.cpu_count()} × {cpu}", "mem": mem, "tmux": tm,
            "python": platform.python_version(), "termdown": td,
            "commit": commit[:12] if commit else None}


def fmt(v, kind: str) -> str:
    if v is None:
        return "n/a"
    if kind == "mb":
        return f"{v:.1f} MB"
    if kind == "pct":
        return f"{v:.2f} %"
    if kind == "rate":
        return f"{v:.1f}" if v < 10 else f"{v:.0f}"
    if kind == "bytes":
        return f"{v:,.0f}"
    if kind == "ms":
        return f"{v:.0f} ms"
    return str(v)


def report(res: dict, progs: dict) -> int:
    m = res["machine"]
    window = float(ENV["WINDOW"])
    lines = []
    cols = list(progs)
    head = "| | " + " | ".join(cols) + " |"
    lines += [head, "|---|" + "---:|" * len(cols)]
    rows = [
        ("resident memory (VmRSS after 5 s)", "rss_mb", "mb"),
        (f"CPU over {window:g} s (utime+stime)", "cpu_pct", "pct"),
        ("wakeups per second (context switches, all threads)", "wakeups", "rate"),
        ("bytes written to the terminal per 10 s", "bytes_10s", "bytes"),
        (f"launch to first paint (median of {ENV['PAINT_RUNS']}, tmux polled every 10 ms)",
         "paint_ms", "ms"),
    ]
    for label, key, kind in rows:
        lines.append(f"| {label} | " + " | ".join(fmt(res[c].get(key), kind) for c in cols) + " |")
    ran_table = bool({"paint", "window"} & set(re.split(r"[ ,]+", ENV["PARTS"].strip())))
    out = ["", "## Timer benchmark", ""] + (lines + [""] if ran_table else [])
    acc = res.get("accuracy")
    if acc:
        e = acc["errors_ms"]
        if e:
            worst = max(abs(x) for x in e)
            line = (f"Phase boundaries (`{short_cmd(acc['cmd'])}`, {acc['secs']:g} s): "
                    f"{acc['boundaries']} of {acc['expected']} on schedule, "
                    f"max |error| {worst:.1f} ms, mean error {statistics.mean(e):+.1f} ms")
            if acc["bell_errors_ms"]:
                line += f" (bell: max |error| {max(abs(x) for x in acc['bell_errors_ms']):.1f} ms)"
            line += (f"; first boundary {fmt_signed(acc.get('first_phase_vs_first_byte_ms'))}"
                     f" from first paint + {acc['hot']:g} s.")
        else:
            line = f"Phase boundaries (`{short_cmd(acc['cmd'])}`): no boundary detected."
        out += [line, ""]
    side = "; both timers ran side by side" if "window_s" in res.get("termdown", {}) else ""
    out.append(f"Measured {m['date']} on {m['kernel']}, {m['cpu']}, {m['tmux']}, "
               f"{COLS}x{ROWS} detached panes{side}"
               + (f"; termdown {m['termdown']}" if m["termdown"] else "")
               + (f"; backspasm at {m['commit']}" if m["commit"] else "") + ".")
    out.append("")
    if ran_table:
        out.append("Commands: " + "; ".join(f"{c} = `{ENV.get(progs[c]['var']) or 'not run'}`"
                                            for c in cols))
    print("\n".join(out))

    # floors
    fails = 0
    b = res.get("backspasm", {})
    checks = []
    if "rss_mb" in b:
        checks.append(("resident memory", fmt(b["rss_mb"], "mb"), f"≤ {FLOOR_RSS_MB:g} MB",
                       b["rss_mb"] <= FLOOR_RSS_MB))
        checks.append(("CPU", fmt(b["cpu_pct"], "pct") + f" (exact {b['cpu_exact_pct']:.3f} %)",
                       f"≤ {FLOOR_CPU_PCT:g} %", b["cpu_pct"] <= FLOOR_CPU_PCT))
        checks.append(("wakeups/s", f"{b['wakeups']:.2f}", f"≤ {FLOOR_WAKEUPS:g}",
                       b["wakeups"] <= FLOOR_WAKEUPS))
    if acc:
        e = acc["errors_ms"] + acc["bell_errors_ms"]
        worst = max((abs(x) for x in e), default=float("inf"))
        first = acc.get("first_phase_vs_first_byte_ms")
        ok = (acc["boundaries"] > 0 and acc["missing"] == 0 and acc["extra"] == 0
              and acc["wrong"] == 0 and acc["unbelled"] == 0 and worst <= FLOOR_BOUNDARY_MS
              and first is not None and abs(first) <= FLOOR_BOUNDARY_MS)
        detail = (f"max {worst:.1f} ms, first boundary {fmt_signed(first)} vs first paint + "
                  f"{acc['hot']:g} s; {acc['boundaries']}/{acc['expected']} found, "
                  f"{acc['missing']} missing, {acc['extra']} extra, {acc['wrong']} wrong word, "
                  f"{acc['unbelled']} without bell, {acc['other_bells']} other bells")
        checks.append(("phase boundaries", detail, f"≤ {FLOOR_BOUNDARY_MS:g} ms", ok))
    if checks:
        print("\nFloors for backspasm:")
        for name, val, floor, ok in checks:
            fails += not ok
            print(f"  {'PASS' if ok else 'FAIL'}  {name:<17} {val}  (floor {floor})")
    return 1 if fails else 0


def fmt_signed(ms) -> str:
    return "n/a" if ms is None else f"{ms:+.1f} ms"


def short_cmd(cmd: str) -> str:
    argv = shlex.split(cmd)
    argv[0] = os.path.basename(argv[0])
    return " ".join(a for i, a in enumerate(argv)
                    if not (a == "--state-dir" or (i and argv[i - 1] == "--state-dir")))


def write_raw(res: dict, path: str) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("# bench/timer.sh raw results (one key=value per line; lists as JSON)\n")

        def dump(prefix, d):
            for k, v in d.items():
                if isinstance(v, dict):
                    dump(f"{prefix}{k}.", v)
                else:
                    f.write(f"{prefix}{k}={json.dumps(v) if not isinstance(v, str) else v}\n")
        dump("", res)


# --------------------------------------------------------------------------- main

def main() -> int:
    def on_signal(signum, _frame):
        # once is enough: don't let a second signal break the cleanup below
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    parts = set(re.split(r"[ ,]+", ENV["PARTS"].strip()))
    progs = {"backspasm": {"var": "BACKSPASM_CMD", "ready": re.compile(ENV["BACKSPASM_READY"])}}
    if ENV.get("TERMDOWN_CMD"):
        progs["termdown"] = {"var": "TERMDOWN_CMD", "ready": re.compile(ENV["TERMDOWN_READY"])}
    res = {"machine": machine(), "config": {k: ENV[k] for k in (
        "WINDOW", "WARMUP", "PAINT_RUNS", "ACCURACY_SECS", "ACC_HOT", "ACC_COLD", "PARTS",
        "BACKSPASM_CMD", "BACKSPASM_READY", "TERMDOWN_CMD", "TERMDOWN_READY", "ACCURACY_CMD",
        "PHASE_RE")}}
    res["config"]["clk_tck"] = CLK_TCK
    for k in progs:
        res[k] = {}
    if "termdown" not in progs:
        res["termdown"] = {}
        progs_cols = dict(progs, termdown={"var": "TERMDOWN_CMD"})
    else:
        progs_cols = progs
    write_tmux_conf()
    rc = 2
    try:
        start_server()
        if "paint" in parts:
            part_paint(progs, res)
        if "window" in parts:
            part_window(progs, res)
        if "accuracy" in parts and float(ENV["ACCURACY_SECS"]) > 0:
            part_accuracy(res)
        write_raw(res, ENV["RESULTS"])
        rc = report(res, progs_cols)
        print(f"\nRaw numbers: {os.path.relpath(ENV['RESULTS'], REPO)}")
    except HarnessError as e:
        log(f"ERROR: {e}")
        write_raw(res, ENV["RESULTS"])
    except KeyboardInterrupt:
        log("interrupted")
        rc = 130
    finally:
        kill_server()
    return rc


if __name__ == "__main__":
    sys.exit(main())
