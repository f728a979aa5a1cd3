#!/usr/bin/env bash
# The scale part of the benchmark: costs flat with uptime and quick at years of diary.
#
#   bench/scale.sh                                   # everything: ~4 min, then the 10-min run
#   PARTS="sizes paste" bench/scale.sh               # without the 10-minute timer run
#   PARTS=uptime UPTIME_SECS=120 bench/scale.sh      # a short uptime run only
#
# Needs tmux and python3. Builds with cargo build --release (SKIP_BUILD=1 to skip). Runs the
# app in a private tmux server (killed on exit and on Ctrl-C), its state in /tmp. Prints
# Markdown tables (for docs/benchmark.md) and PASS/FAIL floors; raw numbers go to
# bench/results/scale.json (git-ignored).
# Exit status: 0 all floors pass, 1 a floor failed, 2 the harness could not measure.
#
# Settings (environment variables): PARTS="sizes paste uptime",
# SIZES="10 1000 10000 20000 100000", RUNS=5 (medians of), KEYS=40 (diary keys timed),
# UPTIME_SECS=600, SAMPLE_SECS=30, SKIP_BUILD=1, RESULTS=bench/results/scale.json.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(dirname "$BENCH_DIR")
cd "$REPO"

die() { echo "bench/scale.sh: $*" >&2; exit 2; }
command -v tmux >/dev/null || die "tmux is not installed (apt-get install tmux)"
command -v python3 >/dev/null || die "python3 is not installed"

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "bench/scale.sh: cargo build --release" >&2
  cargo build --release --quiet || die "cargo build --release failed"
fi
[[ -x target/release/backspasm ]] || die "no target/release/backspasm"

load=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load" 'BEGIN { exit !(l > 0.5) }'; then
  echo "bench/scale.sh: warning: load average is $load; other work on this machine will" \
       "inflate the timings" >&2
fi

BENCH_TMP=$(mktemp -d /tmp/backspasm-scale.XXXXXX)
BENCH_SOCK="backspasm-scale-$$"
export TMUX_TMPDIR="$BENCH_TMP"
PY_PID=""
cleanup() {
  if [[ -n $PY_PID ]] && kill -0 "$PY_PID" 2>/dev/null; then
    kill -TERM "$PY_PID" 2>/dev/null || true
    wait "$PY_PID" 2>/dev/null || true
  fi
  tmux -L "$BENCH_SOCK" kill-server 2>/dev/null || true
  rm -rf "$BENCH_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# An idle session keeps the server up, so no launch pays for starting it.
tmux -L "$BENCH_SOCK" new-session -d -s hold -x 80 -y 24 "sleep 100000"

: "${RESULTS:=$REPO/bench/results/scale.json}"
export BENCH_REPO="$REPO" BENCH_SOCK BENCH_TMP RESULTS
python3 "$BENCH_DIR/scale.py" &
PY_PID=$!
rc=0
wait "$PY_PID" || rc=$?
PY_PID=""
exit "$rc"
