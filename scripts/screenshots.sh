#!/usr/bin/env bash
# Screenshots of terminal programs as PNG, offline, from the real binary.
#
#   scripts/screenshots.sh [-f SHOTLIST] [-o OUTDIR] [-n] [NAME...]
#
#   -f SHOTLIST  shot list to read (default scripts/shots.sh)
#   -o OUTDIR    where the PNGs go (default screenshots/ at the repo root)
#   -n           skip `cargo build --release`
#   NAME...      render only these shots (default: all)
#
# How: each shot runs the program in tmux (private socket, status line off, so the pane is
# exactly COLSxROWS), waits for a text, sends keys, waits for the screen to settle, and keeps
# `capture-pane -e -p -N` (text + colours). Then all captures are drawn by xterm.js in headless
# Chromium (scripts/screenshot/render.mjs). Raw captures stay in $SHOT_TMP
# (default /tmp/backspasm-screenshots) for debugging: `cat NAME.ans` replays one in a terminal.
#
# The shot list is a bash file that this script sources (so quoting, comments, variables and
# setup commands such as making a state dir all work as usual). Each shot is one call:
#
#   shot NAME COLSxROWS WAIT_FOR_TEXT [KEY...] -- [VAR=value...] COMMAND [ARG...]
#
#   WAIT_FOR_TEXT  plain text (not a regex) that must be on screen before keys are sent;
#                  "" waits only for the screen to settle.
#   KEY            a tmux send-keys argument (`w`, `3`, `Enter`, `C-c`, `Escape`, `Down`),
#                  sent one at a time, each followed by a wait for the screen to settle.
#                  Two pseudo-keys: `wait=TEXT` waits for TEXT, `sleep=SECS` sleeps.
#   VAR=value      environment for this shot only (e.g. NO_COLOR=1); the program always gets
#                  COLORTERM=truecolor and TERM=tmux-256color (TERM=xterm-256color here overrides).
#
# The shot list may call `fresh_dir`, which prints a new empty directory under $SHOT_TMP.
#
# Knobs (env): SHOT_TIMEOUT seconds to wait for a text (10), SHOT_FONT_SIZE px (16),
# SHOT_PADDING px around the terminal (8).
#
# Needs: apt-get install -y tmux chromium fonts-dejavu-core; node + npm (the npm packages are
# installed on first use with `npm ci` in scripts/screenshot/).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
shotlist=$here/shots.sh
outdir=$root/screenshots
build=1
while getopts f:o:nh opt; do
  case $opt in
    f) shotlist=$(realpath "$OPTARG") ;;
    o) outdir=$(realpath -m "$OPTARG") ;;
    n) build=0 ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
only=("$@")

for tool in tmux node /usr/bin/chromium; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y tmux chromium fonts-dejavu-core nodejs npm" >&2; exit 1; }
done
[[ -n $(fc-list 'DejaVu Sans Mono') ]] || { echo "missing font: apt-get install -y fonts-dejavu-core" >&2; exit 1; }
if [[ ! -d $here/screenshot/node_modules ]]; then
  (cd "$here/screenshot" && npm ci --no-audit --no-fund)
fi

# Relative paths in the shot list (target/release/...) are relative to the repo root.
cd "$root"
if ((build)) && [[ -f Cargo.toml ]]; then
  cargo build --release
fi

tmpdir=${SHOT_TMP:-/tmp/backspasm-screenshots}
mkdir -p "$tmpdir"
rm -rf "$tmpdir"/*.ans "$tmpdir"/state.*
timeout=${SHOT_TIMEOUT:-10}

# A private server per run: no clash with the user's tmux or another run. -S rather than -L
# because tmux 3.3 leaves its socket file behind, and this one we can delete.
socket=$tmpdir/tmux-$$.sock
cat >"$tmpdir/tmux.conf" <<'EOF'
set -g status off
# Keep a pane whose program exited or crashed, so its last screen can be shown.
set -g remain-on-exit on
EOF
t() { tmux -u -S "$socket" -f "$tmpdir/tmux.conf" "$@"; }
trap 't kill-server 2>/dev/null || true; rm -f "$socket"' EXIT

screen_text() { t capture-pane -p -t shot; }
screen_ansi() { t capture-pane -e -p -t shot; }
pane_dead() { [[ $(t display -p -t shot '#{pane_dead}') == 1 ]]; }

# The "Pane is dead" line tmux adds scrolls the screen by one, so show the history too.
show_screen() {
  echo "$1 Screen:" >&2
  t capture-pane -p -S - -t shot | cat -s | sed 's/^/  | /' >&2
}

# Polls for a plain text on the screen; on timeout shows the screen and fails.
wait_for() {
  local text=$1 tries=$((timeout * 10))
  until [[ $(screen_text) == *"$text"* ]]; do
    if ((tries-- <= 0)) || pane_dead; then
      sleep 0.2 # let an exiting program finish printing its error
      show_screen "error: '$text' did not appear within ${timeout}s (or the program exited)."
      return 1
    fi
    sleep 0.1
  done
}

# The screen counts as settled when two captures 150 ms apart are equal (max 3 s):
# cheaper and safer than fixed sleeps after each key.
wait_settled() {
  local prev cur i
  prev=$(screen_ansi)
  for ((i = 0; i < 20; i++)); do
    sleep 0.15
    cur=$(screen_ansi)
    [[ $cur == "$prev" ]] && return 0
    prev=$cur
  done
  echo "warning: screen still changing after 3s, capturing anyway" >&2
}

# For the shot list: a new empty dir per call (e.g. --state-dir "$(fresh_dir)"), so shots
# don't depend on earlier runs. Kept until the next run, for debugging.
fresh_dir() { mktemp -d "$tmpdir/state.XXXXXX"; }

render_args=()
shot() {
  local name=$1 size=$2 text=$3
  shift 3
  [[ $size =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "shot $name: size must be COLSxROWS, got '$size'" >&2; exit 1; }
  local cols=${BASH_REMATCH[1]} rows=${BASH_REMATCH[2]} keys=()
  while (($#)) && [[ $1 != -- ]]; do keys+=("$1"); shift; done
  (($# >= 2)) || { echo "shot $name: missing '-- COMMAND'" >&2; exit 1; }
  shift
  if ((${#only[@]})) && [[ " ${only[*]} " != *" $name "* ]]; then return 0; fi

  local started=$SECONDS
  # `env` makes leading VAR=value words work without a shell in between.
  t new-session -d -s shot -x "$cols" -y "$rows" -e COLORTERM=truecolor env "$@"
  [[ -z $text ]] || wait_for "$text" || exit 1
  wait_settled
  local key flag cx cy
  for key in "${keys[@]}"; do
    case $key in
      wait=*) wait_for "${key#wait=}" || exit 1 ;;
      sleep=*) sleep "${key#sleep=}" ;;
      *) t send-keys -t shot "$key"; sleep 0.1 ;;
    esac
    wait_settled
  done

  if pane_dead; then show_screen "error: shot $name: the program exited before the capture."; exit 1; fi
  local ans=$tmpdir/$name.ans
  # No newline after the last row: in the renderer it would scroll the screen up by one.
  printf '%s' "$(t capture-pane -e -p -N -t shot)" >"$ans"
  # capture-pane leaves out the cursor: put it back (or hide it, as the program did).
  read -r flag cx cy < <(t display -p -t shot '#{cursor_flag} #{cursor_x} #{cursor_y}')
  if [[ $flag == 1 ]]; then printf '\e[%d;%dH' $((cy + 1)) $((cx + 1)) >>"$ans"; else printf '\e[?25l' >>"$ans"; fi
  t kill-session -t shot
  render_args+=("${cols}x${rows}" "$ans" "$outdir/$name.png")
  echo "captured $name (${cols}x${rows}) in $((SECONDS - started))s"
}

# shellcheck source=/dev/null # the shot list is chosen at run time
source "$shotlist"

((${#render_args[@]})) || { echo "no shots to take in $shotlist (all commented out, or no NAME matched)" >&2; exit 1; }
mkdir -p "$outdir"
node "$here/screenshot/render.mjs" "${render_args[@]}"
echo "raw captures: $tmpdir"
