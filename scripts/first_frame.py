#!/usr/bin/env python3
"""Time from starting the dashboard to its first frame, in a real pseudo-terminal.

    scripts/first_frame.py BOOK [RUNS]        (KONTO_BIN, KONTO_TODAY to choose)

Runs a `konto` built with `cargo build --release --features test-support` (its hidden
`--exit-after-first-frame` flag draws one frame and quits) in a fresh 120x40 pty each
time, reads everything it writes, and reports the median and spread of the whole
process's wall time. The same is measured for `true` in the same pty set-up, so the
cost of the harness itself is known (script(1) adds a 22 ms wait of its own, which hid
the first frame at 1,000 clients in earlier figures). Not part of `cargo test`.
"""

import fcntl
import os
import pty
import statistics
import struct
import sys
import termios
import time

# The day the dashboard opens on: a book made by `konto demo --today D` is best opened on
# D or later (its daily copy, which the first frame of a large book is drawn from, is
# exact from its latest interaction on).
TODAY = os.environ.get("KONTO_TODAY", "2026-11-27")
KONTO = os.environ.get("KONTO_BIN") or os.path.join(os.path.dirname(__file__), "..", "target", "release", "konto")


def run_in_pty(argv):
    """Wall seconds from fork to the child's exit, its output drained as it comes."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    while True:
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    elapsed = time.perf_counter() - start
    os.close(fd)
    return elapsed


def summary(name, times):
    ms = sorted(t * 1000 for t in times)
    print(
        f"{name}: median {statistics.median(ms):.1f} ms, "
        f"min {ms[0]:.1f} ms, max {ms[-1]:.1f} ms ({len(ms)} runs)"
    )
    return statistics.median(ms)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    book = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    konto = [
        os.path.abspath(KONTO),
        "--data", book,
        "--today", TODAY,
        "--no-reminders",
        "--exit-after-first-frame",
    ]
    true = ["/bin/true"]
    for _ in range(3):  # warm the cache and the page cache
        run_in_pty(konto)
    frame = summary("konto to first frame", [run_in_pty(konto) for _ in range(runs)])
    base = summary("true (the pty harness alone)", [run_in_pty(true) for _ in range(runs)])
    print(f"first frame less the harness: {frame - base:.1f} ms")


if __name__ == "__main__":
    main()
