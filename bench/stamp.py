#!/usr/bin/env python3
"""Timestamp the raw output of a tmux pane.

Used by bench/measure.py as the `tmux pipe-pane` command:

    tmux pipe-pane -o -t SESSION 'exec python3 bench/stamp.py /tmp/.../acc.rec'

It reads stdin unbuffered and, for every chunk it gets, appends one record to the
output file:

    int64 little-endian  CLOCK_MONOTONIC time in ns, taken right after read() returned
    uint32 little-endian length of the chunk
    the chunk's bytes, unchanged

Nothing is parsed here, so the only work per chunk is one read() and one write();
bench/measure.py replays the records afterwards. When the output file is open it
creates `<output>.ready`, so the harness can wait for that before starting the app.
"""

import os
import struct
import sys
import time

HEADER = struct.Struct("<qI")


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: stamp.py OUTPUT_FILE  (reads the pane's bytes on stdin)", file=sys.stderr)
        return 2
    out_path = sys.argv[1]
    fd = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with open(out_path + ".ready", "w"):
        pass
    read, write, now = os.read, os.write, time.monotonic_ns
    pack = HEADER.pack
    while True:
        try:
            data = read(0, 65536)
        except InterruptedError:
            continue
        t = now()
        if not data:
            break
        write(fd, pack(t, len(data)) + data)
    os.close(fd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
