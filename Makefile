# Quick start: `make run` opens the shell on the sample registry; `make test` runs the tests.
SWIFT ?= swift
SHELL := /bin/bash
SAMPLE := .build/luoyang.xj
TODAY := 2025-11-01

.PHONY: deps pg build release run test fuzz bench bench-pg bench-pg-shards bench-pg-shards-writes bench-pg-scoped bench-governed bench-parser crash clean

# libedit is the REPL's line editor and zlib is what reading .xlsx files (ZIPFoundation) needs; the tests also read
# the json output with jq, as a script would, and look at the screen through tmux.
deps:
	@pkg-config --exists libedit 2>/dev/null || (apt-get update && apt-get install -y libedit-dev)
	@pkg-config --exists zlib 2>/dev/null || (apt-get update && apt-get install -y zlib1g-dev)
	@command -v jq >/dev/null && command -v tmux >/dev/null || (apt-get update && apt-get install -y jq tmux)

# The PostgreSQL servers the tests use (issue 18): a coordinator and two shards on loopback,
# PostgreSQL installed from Debian's packages when missing (scripts/pg-clusters.sh).
pg:
	@bash scripts/pg-clusters.sh start >/dev/null

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Builds, creates the sample registry from examples/luoyang/*.csv on first use, opens the shell on it.
run: build
	@test -d $(SAMPLE) || .build/debug/xueji $(SAMPLE) --today $(TODAY) -f examples/luoyang/load.rql >/dev/null
	.build/debug/xueji $(SAMPLE) --today $(TODAY)

# The tests are XCTest; the last line is a plain "N passed, N failed" summary. They include the
# PostgreSQL backend's, against the clusters `make pg` starts.
test: deps pg
	$(SWIFT) build --build-tests
	@set -o pipefail; $(SWIFT) test --skip-build --disable-swift-testing 2>&1 | tee .build/test.log
	@awk '/Executed [0-9]+ tests?, with [0-9]+ failures?/ { n = $$2; f = $$5 } END { print n - f " passed, " f " failed" }' .build/test.log

# The seeded fuzzer alone for SECONDS seconds (make test runs it for XUEJI_FUZZ_SECONDS, default 3;
# CI 30). XUEJI_FUZZ_SEED=HEX picks another input sequence.
SECONDS ?= 60
fuzz: deps
	$(SWIFT) build --build-tests
	@set -o pipefail; XUEJI_FUZZ_SECONDS=$(SECONDS) $(SWIFT) test --skip-build --disable-swift-testing --filter 'FuzzTests/testFuzz$$' 2>&1 | grep -E 'fuzz:|error|Executed [0-9]+ tests?,' | tail -n 20

# Side-by-side benchmark against sqlite3 and DuckDB (installs them when missing); see bench/run.sh.
# RUNS (default 3) and RUNS_OPEN (default 20) come from the environment or the command line:
# `make bench N=10000000 RUNS=1` is the 10M run (about 20 minutes on 2 cores).
# The engine micro-benchmark is `swift build -c release --product xueji-bench && .build/release/xueji-bench`.
N ?= 1000000
bench: deps
	bash bench/run.sh $(N)

# The PostgreSQL backend: 16 concurrent sessions (enrolments, transfers, point queries) against
# pgbench running the same statements on the same server (bench/pg.sh; SESSIONS, OPS).
bench-pg: deps pg
	bash bench/pg.sh

# N students (default 4,000,000) over the two shard clusters: import, point lookup, national
# counts and duplicates, memory and disk per server (mind the disk: ~2.5 GB a million).
bench-pg-shards: deps pg
	N=$(or $(N),4000000) bash bench/pg-shards.sh

# bench-pg's mix of writes and lookups on a registry sharded over the two shard clusters (a
# transfer between its provinces committed two-phase on both shards).
bench-pg-shards-writes: deps pg
	bash bench/pg-shards-writes.sh

# A read-only session by whom it acts as: the whole registry (national) or one scope's students.
bench-pg-scoped: deps pg
	N=$(or $(N),1000000) bash bench/pg-scoped.sh

# Governed vs open registries: callgrind instructions of one script, and signing's cost per entry.
bench-governed: deps
	bash bench/governed.sh

bench-parser: deps
	bash bench/parser.sh

clean:
	rm -rf .build

# The kill -9 crash test at full size (R14): TRIALS writers killed at random moments across
# statement streams, imports, bulk changes and checkpoints (with automatic snapshots), each
# followed by a reopen that must find every acknowledged change and pass verify. Runs the debug
# build `make test` already has; SEED repeats a run (see Tests/ShellTests/CrashKillTests.swift).
TRIALS ?= 200
SEED ?= 20251101
crash: deps
	$(SWIFT) build --build-tests
	@set -o pipefail; XUEJI_CRASH_TRIALS=$(TRIALS) XUEJI_CRASH_SEED=$(SEED) \
		$(SWIFT) test --skip-build --disable-swift-testing --filter CrashKillTests 2>&1 \
		| grep -v '^\[' | tee .build/crash.log | grep -E '^(crash|  |LOST|UNOPENABLE)|error:'
