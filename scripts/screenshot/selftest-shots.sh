# shellcheck shell=bash disable=SC2016 # single quotes on purpose
# Shot list that checks the screenshot tool itself, no backspasm needed:
#   scripts/screenshots.sh -n -f scripts/screenshot/selftest-shots.sh -o /tmp/shots-selftest
# then look at the PNGs (see colortest.sh for what to look for).
shot selftest-colors 80x24 "COLORTEST" -- scripts/screenshot/colortest.sh
shot selftest-no-color 60x8 "NO_COLOR=1" -- NO_COLOR=1 bash -c 'echo "NO_COLOR=$NO_COLOR TERM=$TERM COLORTERM=$COLORTERM"; exec sleep infinity'
# Keys and a visible cursor: vim with line numbers and syntax colours.
shot selftest-vim 80x24 "" ":set number" Enter ":syntax on" Enter -- vim -u NONE -N scripts/screenshots.sh
