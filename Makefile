# Quick start: `make run` opens the shell on the sample registry; `make test` runs the tests.
SWIFT ?= swift
SAMPLE := .build/luoyang.xj
TODAY := 2025-11-01

.PHONY: deps build release run test bench clean

# libedit is the one system library xueji needs (the REPL's line editor).
deps:
	@pkg-config --exists libedit 2>/dev/null || (apt-get update && apt-get install -y libedit-dev)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Builds, creates the sample registry from examples/luoyang/*.csv on first use, opens the shell on it.
run: build
	@test -d $(SAMPLE) || .build/debug/xueji $(SAMPLE) --today $(TODAY) -f examples/luoyang/load.rql >/dev/null
	.build/debug/xueji $(SAMPLE) --today $(TODAY)

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	.build/release/xueji-bench

clean:
	rm -rf .build
