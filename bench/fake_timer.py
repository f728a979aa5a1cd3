#!/usr/bin/env python3
"""Stand-in for `backspasm timer`, used only to self-test bench/timer.sh.

It behaves the way bench/timer.sh expects the real app to behave at a phase
boundary (see "Interface" in bench/README.md):

  * the screen always shows the current phase as a whole word, HOT or COLD, and it is
    the first such word in reading order (row by row, left to right);
  * at every boundary the frame that shows the new phase word and one BEL (0x07) are
    written together;
  * deadlines are absolute (start + sum of phase lengths), not "sleep 1 s and subtract".

Like ratatui it only writes the cells that changed, with cursor moves in between (so
"HOT " -> "COLD" never appears as the literal text "COLD" in the byte stream, which is
why the harness replays the bytes through a terminal emulator).

Options to check that the harness catches mistakes:
  --late-every N --late-ms M   paint every N-th boundary M ms late (the schedule stays absolute)
  --warn S                     ring an extra BEL S seconds before the end of phases longer than S
  --title                      set the window title every second with OSC ... BEL
                               (a BEL that terminates an OSC string is not a bell)
"""

import argparse
import os
import signal
import sys
import time

ROWS, COLS = 24, 80

BIG = {  # 5-row block letters, so the screen also has "big text" made of block characters
    "H": ["█   █", "█   █", "█████", "█   █", "█   █"],
    "O": [" ███ ", "█   █", "█   █", "█   █", " ███ "],
    "T": ["█████", "  █  ", "  █  ", "  █  ", "  █  "],
    "C": [" ████", "█    ", "█    ", "█    ", " ████"],
    "L": ["█    ", "█    ", "█    ", "█    ", "█████"],
    "D": ["████ ", "█   █", "█   █", "█   █", "████ "],
}


def parse_secs(s: str) -> float:
    s = s.strip()
    if s.endswith("ms"):
        return float(s[:-2]) / 1000
    if s.endswith("s"):
        return float(s[:-1])
    if s.endswith("m"):
        return float(s[:-1]) * 60
    return float(s)


def render(phase: str, left: int) -> list:
    grid = [[" "] * COLS for _ in range(ROWS)]

    def put(r, c, text):
        for i, ch in enumerate(text):
            if 0 <= c + i < COLS:
                grid[r][c + i] = ch

    put(1, 2, f"Phase: {phase:<4}  remaining {left // 60}:{left % 60:02d}")
    for i, letter in enumerate(phase):
        for r, line in enumerate(BIG[letter]):
            put(6 + r, 20 + i * 7, line)
    put(22, 2, "q quit   (bench/fake_timer.py stand-in)")
    return grid


def diff(prev, cur) -> bytes:
    out = []
    for r in range(ROWS):
        pos = None
        for c in range(COLS):
            if prev is not None and prev[r][c] == cur[r][c]:
                continue
            if pos != (r, c):
                out.append(f"\x1b[{r + 1};{c + 1}H")
            out.append(cur[r][c])
            pos = (r, c + 1)
    return "".join(out).encode()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hot", default="5s")
    ap.add_argument("--cold", default="5s")
    ap.add_argument("--late-every", type=int, default=0)
    ap.add_argument("--late-ms", type=float, default=0.0)
    ap.add_argument("--warn", default="0")
    ap.add_argument("--title", action="store_true")
    a = ap.parse_args()
    hot, cold, warn = parse_secs(a.hot), parse_secs(a.cold), parse_secs(a.warn)
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(0))

    start = time.monotonic()
    phase, phase_start, phase_len, boundary_no = "HOT", start, hot, 0
    prev = None
    os.write(1, b"\x1b[?1049h\x1b[?25l\x1b[2J")
    tick = 1
    warned = False
    while True:
        now = time.monotonic()
        bell = b""
        # phase change: absolute deadline
        if now >= phase_start + phase_len - 1e-6:
            boundary_no += 1
            phase_start += phase_len
            phase = "COLD" if phase == "HOT" else "HOT"
            phase_len = cold if phase == "COLD" else hot
            warned = False
            bell = b"\x07"
            if a.late_every and boundary_no % a.late_every == 0:
                time.sleep(a.late_ms / 1000)
        elif warn and phase_len > warn and not warned and now >= phase_start + phase_len - warn - 1e-6:
            warned = True
            bell = b"\x07"
        left = max(0, round(phase_start + phase_len - now))
        cur = render(phase, left)
        out = diff(prev, cur) + bell
        if a.title:
            out += f"\x1b]0;{phase} {left}\x07".encode()
        os.write(1, out)
        prev = cur
        # next wake-up: the next whole second since start, the warning, or the boundary
        now = time.monotonic()
        while start + tick <= now + 1e-6:
            tick += 1
        candidates = [start + tick, phase_start + phase_len]
        if warn and phase_len > warn and not warned:
            candidates.append(phase_start + phase_len - warn)
        time.sleep(max(0.0, min(candidates) - time.monotonic()))

if __name__ == "__main__":
    sys.exit(main())
