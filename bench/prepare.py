#!/usr/bin/env python3
"""Writes the per-data scripts of the benchmark from the generated CSVs (deterministic: seed 42).

  prepare.py DATA_DIR OUT_DIR

OUT_DIR gets:
  lookups.rql / lookups.sql      10,000 point lookups by ID number, one statement each
  transfers.rql / transfers.sql  10,000 transfers in one transaction (same stage, another school;
                                 the same district when it has one, so no zoning warnings)
  district                       the district used by the count-by-grade task (the one with most students)

First it checks DATA_DIR/students.csv for ID numbers repeated by different children and repairs
them in place (the original is kept as students.generated.csv). Early versions of `xueji generate`
drew ID serials at random and repeated some (about 1 in 3,000 at N=1M), which `import students`
refuses (R1); the generator now issues unique serials, so this is a safety net that normally
repairs nothing. A repeat gets the next free serial of the same sex parity, with the check
character recomputed (GB 11643), so every system loads the same rows.
"""
import csv
import os
import random
import sys
from collections import Counter, defaultdict

LOOKUPS = 10_000
TRANSFERS = 10_000


WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def check_char(head):
    return "10X98765432"[sum(int(c) * w for c, w in zip(head, WEIGHTS)) % 11]


def repair_ids(data):
    """Makes the ID numbers of students.csv unique; returns how many rows were changed."""
    src = f"{data}/students.generated.csv"
    if not os.path.exists(src):
        os.rename(f"{data}/students.csv", src)
    seen, changed = set(), 0
    with open(src, encoding="utf-8") as f, open(f"{data}/students.csv", "w", encoding="utf-8") as out:
        out.write(f.readline())
        for line in f:
            id_card, rest = line.split(",", 1)
            if id_card and id_card in seen:
                serial = int(id_card[14:17])
                while True:
                    serial = (serial + 2) % 1000
                    head = id_card[:14] + f"{serial:03d}"
                    candidate = head + check_char(head)
                    if candidate not in seen:
                        break
                id_card = candidate
                line = id_card + "," + rest
                changed += 1
            if id_card:
                seen.add(id_card)
            out.write(line)
    return changed


def main():
    data, out = sys.argv[1], sys.argv[2]
    repaired = repair_ids(data)
    with open(f"{out}/repaired", "w") as f:
        f.write(f"{repaired}\n")
    rng = random.Random(42)

    schools = {}
    by_stage_district = defaultdict(list)
    by_stage = defaultdict(list)
    with open(f"{data}/schools.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            schools[row["code"]] = row
            by_stage_district[(row["stage"], row["district"])].append(row["code"])
            by_stage[row["stage"]].append(row["code"])

    ids = []  # (id_card, school) of students who have an ID number
    districts = Counter()
    # csv.reader, not DictReader: a third of the time at N=10M.
    with open(f"{data}/students.csv", newline="", encoding="utf-8") as f:
        rows = csv.reader(f)
        header = next(rows)
        id_at, school_at = header.index("id_card"), header.index("school")
        for row in rows:
            school = row[school_at]
            districts[school[:6]] += 1
            if row[id_at]:
                ids.append((row[id_at], school))

    lookups = [ids[rng.randrange(len(ids))][0] for _ in range(LOOKUPS)]
    with open(f"{out}/lookups.rql", "w", encoding="utf-8") as f:
        f.writelines(f'find where id_card = "{i}"\n' for i in lookups)
    with open(f"{out}/lookups.sql", "w", encoding="utf-8") as f:
        f.write(".mode csv\n")
        f.writelines(f"SELECT * FROM students WHERE id_card = '{i}';\n" for i in lookups)

    order = list(range(len(ids)))
    rng.shuffle(order)
    moves = []
    for k in order:
        if len(moves) == TRANSFERS:
            break
        id_card, school = ids[k]
        stage = schools[school]["stage"]
        same = [c for c in by_stage_district[(stage, schools[school]["district"])] if c != school]
        pool = same or [c for c in by_stage[stage] if c != school]
        if pool:
            moves.append((id_card, rng.choice(pool)))
    with open(f"{out}/transfers.rql", "w", encoding="utf-8") as f:
        f.write("begin\n")
        f.writelines(f"transfer G{i} to {to}\n" for i, to in moves)
        f.write("commit\n")
    with open(f"{out}/transfers.sql", "w", encoding="utf-8") as f:
        f.write("BEGIN;\n")
        f.writelines(f"UPDATE students SET school = '{to}' WHERE id_card = '{i}';\n" for i, to in moves)
        f.write("COMMIT;\n")

    with open(f"{out}/district", "w") as f:
        f.write(districts.most_common(1)[0][0] + "\n")


if __name__ == "__main__":
    main()
