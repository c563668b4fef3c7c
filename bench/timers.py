#!/usr/bin/env python3
"""Splits the `.timer on` output of one in-process session of bench/run.sh into its tasks.

  timers.py SESSION_OUTPUT TASK=STATEMENTS ...

The session ran the tasks' statements in the order given, each printing one timer line
(`Run Time: real 0.012 user … sys …` in xueji and sqlite3, `Run Time (s): real …` in DuckDB,
also after a statement that failed). Prints one line per task, tab-separated:

  TASK  SECONDS  STATEMENTS  SUB_MS  CPU

SECONDS is the sum of the statements' real times; SUB_MS how many of them printed 0.000 (the
real times are printed in milliseconds, so in a block of sub-millisecond statements they may sum
to too little); CPU the sum of their user and sys times (printed in microseconds).
Exits 1, printing nothing, when the number of timer lines is not the number of statements.
"""
import re
import sys

TIMER = re.compile(r"^Run Time(?: \(s\))?: real ([0-9]+\.[0-9]+) user ([0-9]+\.[0-9]+) sys ([0-9]+\.[0-9]+)")

path, specs = sys.argv[1], sys.argv[2:]
with open(path, encoding="utf-8", errors="replace") as f:
    times = [tuple(map(float, m.groups())) for m in map(TIMER.match, f) if m]
tasks = [(name, int(n)) for name, n in (s.split("=") for s in specs)]
expected = sum(n for _, n in tasks)
if len(times) != expected:
    print(f"{path}: {len(times)} timer lines, expected {expected}", file=sys.stderr)
    sys.exit(1)
i = 0
for name, n in tasks:
    block = times[i:i + n]
    i += n
    print(f"{name}\t{sum(t[0] for t in block):.3f}\t{n}\t{sum(1 for t in block if t[0] == 0)}\t"
          f"{sum(t[1] + t[2] for t in block):.3f}")
