#!/usr/bin/env python3
"""Splits the `.timer on` output of one in-process session of bench/run.sh into its tasks.

  timers.py SESSION_OUTPUT TASK=STATEMENTS ...

The session ran the tasks' statements in the order given, each printing one timer line
(`Run Time: real 0.012 user … sys …` in xueji and sqlite3, `Run Time (s): real …` in DuckDB,
also after a statement that failed). Prints one line per task, tab-separated:

  TASK  SECONDS  STATEMENTS  SUB_MS

SECONDS is the sum of the statements' real times; SUB_MS how many of them printed 0.000 (the
timers print milliseconds, so a block of sub-millisecond statements sums to too little).
Exits 1, printing nothing, when the number of timer lines is not the number of statements.
"""
import re
import sys

TIMER = re.compile(r"^Run Time(?: \(s\))?: real ([0-9]+\.[0-9]+)")

path, specs = sys.argv[1], sys.argv[2:]
with open(path, encoding="utf-8", errors="replace") as f:
    reals = [float(m.group(1)) for m in map(TIMER.match, f) if m]
tasks = [(name, int(n)) for name, n in (s.split("=") for s in specs)]
expected = sum(n for _, n in tasks)
if len(reals) != expected:
    print(f"{path}: {len(reals)} timer lines, expected {expected}", file=sys.stderr)
    sys.exit(1)
i = 0
for name, n in tasks:
    block = reals[i:i + n]
    i += n
    print(f"{name}\t{sum(block):.3f}\t{n}\t{sum(1 for r in block if r == 0)}")
