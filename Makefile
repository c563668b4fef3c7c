# Quick start: `make run` opens the shell on the sample registry; `make test` runs the tests.
SWIFT ?= swift

.PHONY: build release run test bench clean

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

run: build
	$(SWIFT) run xueji examples/luoyang

test:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: release
	.build/release/xueji-bench

clean:
	rm -rf .build
