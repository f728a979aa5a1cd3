# shellcheck shell=bash
# Shot list for scripts/screenshots.sh (sourced by bash; the format is described at the top
# of that script). One line per screenshot:
#
#   shot NAME COLSxROWS WAIT_FOR_TEXT [KEY...] -- [VAR=value...] COMMAND [ARG...]
#
# Each shot gets a fresh, empty state dir (fresh_dir), so the pictures don't depend on whoever
# ran them last. "quit" is in the footer, so waiting for it means the first frame is drawn;
# `wait=TEXT` after a key waits for the pane it opens.

bin=target/release/backspasm

# A fresh state dir opens on the "when did it begin?" picker: Escape ("not now") first.
shot physical   80x24 "quit" Escape 2 wait="own body" -- "$bin" --state-dir "$(fresh_dir)"
shot heat-cold  80x24 "quit" Escape 3 wait="Cold comes first" -- "$bin" --state-dir "$(fresh_dir)"
shot warnings   80x24 "quit" Escape w wait="Please read" -- "$bin" --state-dir "$(fresh_dir)"
shot help       80x24 "quit" Escape '?' wait=Keys    -- "$bin" --state-dir "$(fresh_dir)"
shot small-40x12 40x12 "quit" Escape 2 wait="Things you can do" -- "$bin" --state-dir "$(fresh_dir)"

# Today, the diary and the doctor check need a history: a state dir whose spasm began 30
# hours ago, with pain scores over two days (times relative to now, so the plan is day 2).
today_dir() {
  local dir at
  dir=$(fresh_dir)
  at() { date --iso-8601=seconds -d "$1"; }
  cat >"$dir/state.ron" <<RON
(version: 1, state: (
    onset: Some("$(at '30 hours ago')"),
    diary: [
        (at: "$(at '29 hours ago')", score: 8, note: Some("could not get out of bed")),
        (at: "$(at '24 hours ago')", score: 7),
        (at: "$(at '20 hours ago')", score: 6, note: Some("after the ice pack")),
        (at: "$(at '3 hours ago')", score: 5),
        (at: "$(at '1 hour ago')", score: 4, note: Some("after the hot shower")),
    ],
))
RON
  echo "$dir"
}

shot today      80x24 "quit" -- "$bin" --state-dir "$(today_dir)"
shot onset      80x24 "quit" o wait=begin -- "$bin" --state-dir "$(today_dir)"
shot diary      80x24 "quit" d wait=entries -- "$bin" --state-dir "$(today_dir)"
# The pain prompt after `1`, waiting for a possible `0` (captured within its 1.5 s).
shot pain-wait  80x24 "quit" p wait=worst 1 -- "$bin" --state-dir "$(today_dir)"
# The summary from the diary: written where the app was started (a fresh dir, not the repo).
summary_dir=$(today_dir)
shot summary    80x24 "quit" d wait=entries s wait=Written -- sh -c 'cd "$1" && exec "$2" --state-dir "$1"' sh "$summary_dir" "$PWD/$bin"
shot doctor     80x24 "quit" c wait=bear 1 wait=CALL -- "$bin" --state-dir "$(today_dir)"
shot today-40x12 40x12 "quit" -- "$bin" --state-dir "$(today_dir)"
# Today as the first-run question leaves it: "just now" (hour 0: the reasons to call a
# doctor, ice and rest under Now; End shows stretching waiting for its condition) and "over
# two weeks ago" (day 16: the banner, the two weeks said plainly, s opening the checklist).
shot today-hour-0       80x24 "begin" 1 wait="Day 1" -- "$bin" --state-dir "$(fresh_dir)"
shot today-hour-0-later 80x24 "begin" 1 wait="Day 1" End wait=Later -- "$bin" --state-dir "$(fresh_dir)"
shot today-day-16       80x24 "begin" 7 wait="Day 16" -- "$bin" --state-dir "$(fresh_dir)"

shot walk-focus 80x24 "quit" Escape l Space wait="Step 2" -- "$bin" --state-dir "$(fresh_dir)"
shot walk-wait  80x24 "Step 1" Space Space Space wait="Waiting" -- "$bin" --state-dir "$(fresh_dir)" walk pressure
shot walk-list  80x24 "ticked" 1 2 -- "$bin" --state-dir "$(fresh_dir)" walk needs
shot walk-small 40x12 "Step 1" Space -- "$bin" --state-dir "$(fresh_dir)" lift
shot walk-wide  100x30 "Step 1" Space Space wait="Step 3" -- "$bin" --state-dir "$(fresh_dir)" lift
# The timers play tones and speak: `true` for both keeps the shots silent (without "muted").
quiet=(--player true --speech true)
shot timer-hot   80x24 "quit" -- "$bin" --state-dir "$(fresh_dir)" "${quiet[@]}" timer
shot timer-small 40x12 "quit" -- "$bin" --state-dir "$(fresh_dir)" "${quiet[@]}" timer
# COLD: `n` moves on at once (what comes next, at 80x24, is then HOT 3:00).
shot timer-cold       80x24 "quit" n wait="HOT 3:00" -- "$bin" --state-dir "$(fresh_dir)" "${quiet[@]}" timer
shot timer-cold-small 40x12 "quit" n wait="❄ COLD"   -- "$bin" --state-dir "$(fresh_dir)" "${quiet[@]}" timer
shot timer-paused       80x24 "quit" Space wait=PAUSED -- "$bin" --state-dir "$(fresh_dir)" "${quiet[@]}" timer
shot timer-paused-small 40x12 "quit" Space wait=PAUSED -- "$bin" --state-dir "$(fresh_dir)" "${quiet[@]}" timer
# The ice pack reopened 5 minutes after its 20 minutes ended: the alarm and what ran out.
# Captured between the alarm's flashes (they come in the first second of every 5).
ice_dir=$(fresh_dir)
cat >"$ice_dir/state.ron" <<RON
(version: 1, state: (timers: (wall: Some((cycle: "ice", phase: "on", round: 1,
    timing: Running(ends_at: "$(date -u -d '-5 min' +%FT%TZ)"), alarm: None,
    seen: "$(date -u -d '-25 min' +%FT%TZ)")))))
RON
shot ice-alarm   80x24 "While closed" sleep=1.6 -- "$bin" --state-dir "$ice_dir" "${quiet[@]}"

# Issue 11 (use in pain): the first-run question at 30x8, scrolled to its last choice; the
# lifting technique opened again after it was finished; a shower timer kept across a quit,
# running in the guide's footer; the pain note's line at 30x8.
shot onset-30x8 30x8 "choose" Down Down Down Down Down Down Down -- "$bin" --state-dir "$(fresh_dir)" "${quiet[@]}"
shot walk-again 80x24 "Step 1" Space Space Space Space wait="Done" Escape l wait="From step 1" -- "$bin" --state-dir "$(fresh_dir)" "${quiet[@]}" lift
shower_dir=$(fresh_dir)
cat >"$shower_dir/state.ron" <<RON
(version: 1, state: (onset: Some("$(date --iso-8601=seconds -d '80 hours ago')"),
    timers: (mono: Some((cycle: "hydrotherapy", phase: "hot", round: 1,
    timing: Running(ends_at: "$(date -u -d '+2 min' +%FT%TZ)"), alarm: None,
    seen: "$(date -u -d '-1 min' +%FT%TZ)")))))
RON
shot timer-kept  80x24 "HOT" -- "$bin" --state-dir "$shower_dir" "${quiet[@]}"
shot note-30x8   30x8 "q" Escape p 6 s o r e wait="> sore" -- "$bin" --state-dir "$(fresh_dir)" "${quiet[@]}"
