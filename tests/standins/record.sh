#!/bin/sh
# A stand-in for a player or a speech command (tests/cues_cli.rs links it as pw-play, aplay,
# espeak-ng...): appends "TIME NAME ARGS" to $STANDIN_LOG and keeps a copy of a WAV it is given.
printf '%s %s %s\n' "$(date +%s.%N)" "$(basename "$0")" "$*" >> "${STANDIN_LOG:?}"
for arg in "$@"; do
  case $arg in
    *.wav) cp "$arg" "$STANDIN_LOG.$(basename "$0").$$.wav" ;;
  esac
done
