#!/usr/bin/env bash
# Test card for the screenshot tool (see selftest-shots.sh): colours, attributes, box drawing,
# block elements and the symbols backspasm uses. In the PNG every symbol between bars must
# take one cell, box lines must join, and 0-15 must show the theme's 16 colours.
sgr() { printf '\e[%sm' "$1"; }
r=$(sgr 0)

printf 'COLORTEST 16:'
for i in {0..15}; do
  bg=$((i < 8 ? 40 + i : 92 + i)) fg=$((i == 7 || i >= 10 ? 30 : 97))
  printf '%s %d %s' "$(sgr "$fg;$bg")" "$i" "$r"
done
printf '\nfg16: '
for i in {0..15}; do printf '%sX%d%s ' "$(sgr $((i < 8 ? 30 + i : 82 + i)))" "$i" "$r"; done
printf '\n256:  '
for i in $(seq 16 6 231) $(seq 232 255); do printf '%s %s' "$(sgr "48;5;$i")" "$r"; done
printf '\ntrue: '
for i in $(seq 0 4 255); do printf '%s %s' "$(sgr "48;2;$i;$((255 - i));128")" "$r"; done
printf '\n'
for a in 1:bold 2:dim 3:italic 4:underline 7:reverse 9:strike '1;31:boldred' '38;2;255;128;0:true-orange'; do
  printf '%s%s%s ' "$(sgr "${a%%:*}")" "${a#*:}" "$r"
done
printf '\n'
cat <<'CARD'
┌──────────┬─────────┐ ╔══════╗ ╭──────╮
│ box      │ drawing │ ║double║ │round │
├──────────┼─────────┤ ╚══════╝ ╰──────╯
│ ▲▼█▏▌▐░▒▓│▁▂▃▄▅▆▇█ │ ━━━┃┏┓┗┛
└──────────┴─────────┘
sym: |♨|❄|○|⚠|✓|☐|☑|▶|█|▏| (each between bars)
ruler:|123456789|
wide: |漢字|😀| (CJK/emoji: 2 cells each if such a font is installed)
CARD
printf 'col: %s♨ hot%s %s❄ cold%s %s⚠ warn%s %s✓ ok%s ☐ ☑ ▶ ○\n' \
  "$(sgr 31)" "$r" "$(sgr 34)" "$r" "$(sgr 33)" "$r" "$(sgr 32)" "$r"
printf '%s%-60s%s\n' "$(sgr 44)" ' full-width bg line' "$r"
printf '%s%*s%s' "$(sgr 7)" "$(tput cols)" 'reverse to the right edge' "$r"
exec sleep infinity
