#!/usr/bin/env python3
"""Cross-checks the answers the three systems gave in bench/run.sh (their CSV outputs).

  check.py OUT_DIR N

Prints a Markdown list: one line per task with the answer (or the difference); exits 1 when
any system's answer differs from the others'.
"""
import csv
import os
import sys

out, n = sys.argv[1], int(sys.argv[2])
SYSTEMS = ["xueji", "sqlite", "duckdb"]
differs = False


def rows(task, sysname, header=None):
    """CSV rows of OUT/task.sys; drops xueji's header rows (every row equal to `header`)."""
    try:
        with open(f"{out}/{task}.{sysname}", newline="", encoding="utf-8") as f:
            return [r for r in csv.reader(f) if r and (header is None or r[0] != header)]
    except FileNotFoundError:
        return []


def pairs(task, sysname, header):
    d = {}
    for r in rows(task, sysname, header):
        try:
            d[r[0]] = int(r[1])
        except (IndexError, ValueError):
            d[("unparsed", len(d))] = r
    return d


def report(label, answers, show):
    """answers: system -> comparable value; show: value -> text."""
    global differs
    vals = list(answers.values())
    if all(v == vals[0] for v in vals):
        print(f"- {label}: all three agree — {show(vals[0])}")
    else:
        differs = True
        print(f"- {label}: **DIFFER** — " + "; ".join(f"{s}: {show(v)}" for s, v in answers.items()))


def groups(d):
    return f"{len(d)} groups, {sum(v for v in d.values() if isinstance(v, int))} students"


report("count", {s: tuple(tuple(r) for r in rows("open", s, "count")) for s in SYSTEMS},
       lambda v: ", ".join(",".join(r) for r in v) or "(nothing)")
report("10,000 lookups: rows found", {s: len(rows("lookups", s, "no")) for s in SYSTEMS}, str)
report("count by school", {s: pairs("by_school", s, "school") for s in SYSTEMS}, groups)
report("count by grade in the district", {s: pairs("district", s, "grade") for s in SYSTEMS},
       lambda d: ", ".join(f"{k}: {v}" for k, v in sorted(d.items(), key=lambda kv: int(kv[0]) if str(kv[0]).isdigit() else 0)))


def dup_key(sysname):
    # xueji: group,no,name,gender,birth,...; SQL: id_card,name,gender,birth_date,...
    rs = rows("duplicates", sysname, "group")
    if sysname == "xueji":
        return sorted((r[2], r[3], r[4], r[1][1:] if r[1].startswith("G") else "") for r in rs if len(r) > 4)
    # An empty id_card is '' in sqlite3 and NULL in DuckDB (its CLI prints NULL).
    return sorted((r[1], r[2], r[3], "" if r[0] == "NULL" else r[0]) for r in rs if len(r) > 3)


dups = {s: dup_key(s) for s in SYSTEMS}
report("likely duplicates: rows listed (students in a same name+birth+gender group)", dups,
       lambda v: f"{len(v)} rows, {len({x[:3] for x in v})} groups")
report("status after graduate", {s: pairs("after_graduate", s, "status") for s in SYSTEMS},
       lambda d: ", ".join(f"{k} {v}" for k, v in sorted(d.items(), key=str)))
with open(f"{out}/graduate.xueji", encoding="utf-8") as f:
    print(f"- xueji said: `{f.read().strip()}`")
report("count by school after the transfers", {s: pairs("after_transfers", s, "school") for s in SYSTEMS}, groups)
# In csv mode each transfer's acknowledgement is a result row; warnings go to stderr.
with open(f"{out}/transfers.xueji", encoding="utf-8") as f:
    lines = f.read().splitlines()
warnings = 0
if os.path.exists(f"{out}/transfers.xueji.err"):
    with open(f"{out}/transfers.xueji.err", encoding="utf-8") as f:
        warnings = sum(l.startswith("warning") for l in f.read().splitlines())
print(f"- xueji transfers: {sum(l.startswith('transfer,') for l in lines)} `transfer` rows, {warnings} warnings")
if os.path.exists(f"{out}/session_status.xueji"):
    # bench/run.sh's in-process sessions ran the transfers, then graduate, on fresh copies.
    report("status after the in-process sessions", {s: pairs("session_status", s, "status") for s in SYSTEMS},
           lambda d: ", ".join(f"{k} {v}" for k, v in sorted(d.items(), key=str)))
    report("count by school after the in-process sessions", {s: pairs("session_schools", s, "school") for s in SYSTEMS},
           groups)
sys.exit(1 if differs else 0)
