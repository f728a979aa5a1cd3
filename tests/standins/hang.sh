#!/bin/sh
# A stand-in player or speech command that never ends: appends "NAME PID" to
# $STANDIN_LOG.pids, then sleeps (exec: the pid is the sleeping process).
echo "$(basename "$0") $$" >> "${STANDIN_LOG:?}.pids"
exec sleep 600
