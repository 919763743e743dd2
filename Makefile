# Almanac — build the tool and a site, run the tests.
#   make docs                 site of the sample repo in content/ → site/
#   make docs REPO=path OUT=dir
#   make check [REPO=path]    diagnostics only, strict exit code
#   make test                 unit, fixture, golden, CLI and sample-site tests
#   make bench                release build, then time content/ and generated ~1,000- and
#                             ~10,000-page repos (BENCH_ARGS="--runs 3 --pages 1000,50000")
#   make clean
# Missing Debian packages are installed first (apt-get; sudo when not root).

REPO ?= content
OUT ?= site
SWIFT ?= swift
CONFIG ?= release
DEB_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libgraphviz-dev pkg-config
BIN := .build/$(CONFIG)/almanac
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: docs check test deps build clean bench

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# almanac-dot-worker sits beside almanac: clustered Graphviz diagrams are laid out one per process.
build: deps
	$(SWIFT) build -c $(CONFIG) --product almanac
	$(SWIFT) build -c $(CONFIG) --product almanac-dot-worker

# Findings (exit 1) are printed and the site is still written; `make check` is the gate.
# A stage failure (exit 2) or a usage error (64) fails.
docs: build
	@$(BIN) build $(REPO) --out $(OUT) || [ $$? -eq 1 ]

check: build
	$(BIN) check $(REPO) --strict

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

# A benchmark, not a test: always a release build; results in .bench/results.md.
bench: deps
	$(SWIFT) build -c release --product almanac
	python3 Tools/bench.py --almanac .build/release/almanac $(BENCH_ARGS)

clean:
	rm -rf .build $(OUT)
