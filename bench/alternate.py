#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Times two commands in alternation, A B B A A B ..., and prints the mean of each and the mean
and median of the difference B - A over the pairs, in ms.

Why: hyperfine times all runs of one command, then all of the next. On this VM the speed of the
machine drifts by a millisecond over a minute, which a block of runs takes whole: two blocks of
the same command differ by more than the 1 ms issue 10 asks about. In alternation the drift
falls on both sides of each pair. Each run is a posix_spawn and a wait (the same cost on both
sides); the commands must exit 0.

Usage: bench/alternate.py PAIRS WARMUP 'COMMAND A' 'COMMAND B'
Prints: MEAN_A MEAN_B DIFF_MEAN DIFF_MEDIAN
"""
import os
import shlex
import statistics
import sys
import time


def run_ms(argv):
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ)
    _, status = os.waitpid(pid, 0)
    took = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench/alternate.py: {shlex.join(argv)} failed")
    return took


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__.strip().splitlines()[-3])
    pairs, warmup = int(sys.argv[1]), int(sys.argv[2])
    a, b = shlex.split(sys.argv[3]), shlex.split(sys.argv[4])
    for _ in range(warmup):
        run_ms(a)
        run_ms(b)
    ta, tb = [], []
    for i in range(pairs):
        if i % 2:
            ta.append(run_ms(a))
            tb.append(run_ms(b))
        else:
            tb.append(run_ms(b))
            ta.append(run_ms(a))
    diff = [y - x for x, y in zip(ta, tb)]
    print(f"{statistics.mean(ta):.3f} {statistics.mean(tb):.3f} "
          f"{statistics.mean(diff):.3f} {statistics.median(diff):.3f}")


if __name__ == "__main__":
    main()
