#!/usr/bin/env bash
# Benchmark `backspasm timer` against termdown, the way /work/shared/notes/timers.md
# measured the reference timers, and check backspasm's floors.
#
#   bench/timer.sh                       # full run: ~15 s paint + 65 s window + 10 min accuracy
#   PARTS="paint window" bench/timer.sh  # skip the 10-minute accuracy run
#   ACCURACY_SECS=30 PARTS=accuracy bench/timer.sh
#
# Needs: tmux, python3 (3.11), termdown (`pip install termdown`), pyte (`pip install pyte`,
# for reading the phase word off the screen; without it the accuracy part uses BEL only).
# Everything temporary goes to /tmp; the private tmux server is killed on exit and on Ctrl-C.
# Prints a Markdown table for docs/benchmark.md and PASS/FAIL floors; raw numbers go to
# bench/results/latest.txt (git-ignored by bench/.gitignore).
# Exit status: 0 all floors pass, 1 a floor failed, 2 the harness could not measure.
#
# Settings (environment variables):
#   WINDOW=60          seconds of the side-by-side CPU / wakeups / bytes window
#   WARMUP=5           seconds from launch to the VmRSS reading and the start of the window
#   PAINT_RUNS=5       launches per program for launch-to-first-paint (median reported)
#   ACCURACY_SECS=600  length of the phase-boundary run (0 skips it)
#   ACC_HOT=5 ACC_COLD=5   phase lengths (s) of that run; must match ACCURACY_CMD
#   PARTS="paint window accuracy"
#   BACKSPASM_CMD      default: target/release/backspasm --state-dir {state_dir} timer
#   ACCURACY_CMD       default: target/release/backspasm --state-dir {state_dir} timer --hot 5s --cold 5s
#                      ({state_dir} becomes a fresh empty directory under /tmp per launch)
#   TERMDOWN_CMD       default: termdown 2m (lengthened if the run would outlast it); empty: skip
#   BACKSPASM_READY=HOT   regex (Python) on `tmux capture-pane -p` that means "first paint done"
#   TERMDOWN_READY=88     termdown draws its digits with the figlet font made of 8s
#   PHASE_RE='\b(HOT|COLD)\b'  the first match on screen (reading order) is the current phase
#   SKIP_BUILD=1       don't run `cargo build --release`
#   RESULTS=bench/results/latest.txt
#   KEEP_TMP=1         keep /tmp/backspasm-bench.* (raw pane output, timestamps)
#
# Self-test without the real app (termdown in both columns, a stand-in for accuracy):
#   BACKSPASM_CMD='termdown 2m' BACKSPASM_READY=88 \
#   ACCURACY_CMD='python3 bench/fake_timer.py --hot 5s --cold 5s' ACCURACY_SECS=30 \
#   SKIP_BUILD=1 bench/timer.sh
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
cd "$REPO"

: "${WINDOW:=60}" "${WARMUP:=5}" "${PAINT_RUNS:=5}"
: "${ACCURACY_SECS:=600}" "${ACC_HOT:=5}" "${ACC_COLD:=5}"
: "${PARTS:=paint window accuracy}"
# (no ${VAR:=...} here: the braces of {state_dir} would end the expansion)
if [[ -z ${BACKSPASM_CMD:-} ]]; then
  BACKSPASM_CMD='target/release/backspasm --state-dir {state_dir} timer'
fi
if [[ -z ${ACCURACY_CMD:-} ]]; then
  ACCURACY_CMD="target/release/backspasm --state-dir {state_dir} timer --hot ${ACC_HOT}s --cold ${ACC_COLD}s"
fi
: "${BACKSPASM_READY:=HOT}" "${TERMDOWN_READY:=88}"
: "${PHASE_RE:=\\b(HOT|COLD)\\b}"
: "${RESULTS:=$REPO/bench/results/latest.txt}"
: "${SKIP_BUILD:=0}" "${KEEP_TMP:=0}"

die() { echo "bench/timer.sh: $*" >&2; exit 2; }

command -v tmux >/dev/null || die "tmux is not installed (apt-get install tmux)"
command -v python3 >/dev/null || die "python3 is not installed"

# termdown: the reference was termdown 2.0 counting down 2 minutes.
if [[ -z ${TERMDOWN_CMD+set} ]]; then
  if command -v termdown >/dev/null; then
    td_secs=120
    need=$(( ${WINDOW%.*} + ${WARMUP%.*} + 20 ))
    if (( need > td_secs )); then
      td_secs=$need
      echo "bench/timer.sh: WINDOW is long; termdown counts down ${td_secs}s instead of 2m" >&2
      TERMDOWN_CMD="termdown ${td_secs}s"
    else
      TERMDOWN_CMD="termdown 2m"
    fi
  else
    cat >&2 <<'EOF'
############################################################################
 termdown is not installed, so the termdown column will say n/a.
 Install it (outside the repo) with:   pip install termdown
 (the reference numbers were taken with termdown 2.0)
############################################################################
EOF
    TERMDOWN_CMD=""
  fi
fi

if ! python3 -c 'import pyte' 2>/dev/null && [[ $PARTS == *accuracy* ]]; then
  echo "bench/timer.sh: pyte is not installed (pip install pyte): the accuracy part will use" \
       "BEL bytes only and cannot tell a boundary bell from a warning bell" >&2
fi

# Build only if a command we will run uses the release binary.
if [[ $SKIP_BUILD != 1 ]] && [[ "$BACKSPASM_CMD $ACCURACY_CMD" == *target/release/backspasm* ]]; then
  echo "bench/timer.sh: cargo build --release" >&2
  cargo build --release --quiet || die "cargo build --release failed"
fi

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  echo "bench/timer.sh: warning: load average is $load; other work on this machine will" \
       "inflate CPU and first-paint numbers" >&2
fi

BENCH_TMP=$(mktemp -d /tmp/backspasm-bench.XXXXXX)
BENCH_SOCK="backspasm-bench-$$"
# `tmux -L NAME` puts its socket in $TMUX_TMPDIR/tmux-UID/: keep it inside our temp dir so
# no stale socket is left in /tmp/tmux-UID after kill-server.
export TMUX_TMPDIR="$BENCH_TMP"
PY_PID=""
cleanup() {
  if [[ -n $PY_PID ]] && kill -0 "$PY_PID" 2>/dev/null; then
    kill -TERM "$PY_PID" 2>/dev/null || true
    wait "$PY_PID" 2>/dev/null || true
  fi
  tmux -L "$BENCH_SOCK" kill-server 2>/dev/null || true
  if [[ $KEEP_TMP == 1 ]]; then
    echo "bench/timer.sh: kept $BENCH_TMP" >&2
  else
    rm -rf "$BENCH_TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

export WINDOW WARMUP PAINT_RUNS ACCURACY_SECS ACC_HOT ACC_COLD PARTS BACKSPASM_CMD \
       ACCURACY_CMD TERMDOWN_CMD BACKSPASM_READY TERMDOWN_READY PHASE_RE RESULTS \
       BENCH_TMP BENCH_SOCK
export BENCH_REPO="$REPO"

# In the background so that a signal to this script is handled at once (bash defers traps
# while a foreground child runs); the trap then stops the helper, which cleans up.
python3 "$BENCH_DIR/measure.py" &
PY_PID=$!
rc=0
wait "$PY_PID" || rc=$?
PY_PID=""
exit "$rc"
