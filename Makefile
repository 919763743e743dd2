# Almanac — build the tool and a site, run the tests.
#   make docs                 site of the sample repo in content/ → site/
#   make docs REPO=path OUT=dir
#   make check [REPO=path]    diagnostics only, strict exit code
#   make bench                release build, then time content/ and generated ~1,000- and
#                             ~10,000-page repos (BENCH_ARGS="--runs 3 --pages 1000,50000")
#   make test                 unit, fixture, golden, CLI and sample-site tests, then the browser suite
#   make browser-test         only the browser suite (Tests/browser, headless Chromium)
#   make fuzz                 libFuzzer on every parser target, FUZZ_SECONDS each (default 180)
#   make fuzz-smoke           the same, 10 s per target on a debug build
#   make clean
# Missing Debian packages are installed first (apt-get; sudo when not root).

REPO ?= content
OUT ?= site
SWIFT ?= swift
CONFIG ?= release
DEB_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libgraphviz-dev pkg-config
BIN := .build/$(CONFIG)/almanac
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The browser suite: Debian's Chromium and its driver, selenium and pytest from PyPI in a venv.
BROWSER_DEB_PACKAGES := chromium chromium-driver python3-venv
PYTHON ?= python3
VENV := Tests/browser/.venv
PY_PACKAGES := "selenium>=4.20,<5" "pytest>=8,<10"

.PHONY: docs check test deps browser-deps browser-test build clean bench fuzz fuzz-smoke fuzz-build fuzz-seeds

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

test: deps browser-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest
	$(MAKE) --no-print-directory browser-test

browser-deps:
	@missing=""; for p in $(BROWSER_DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@if ! $(VENV)/bin/python -c "import selenium, pytest" 2>/dev/null; then \
	  echo "Creating $(VENV) with selenium and pytest"; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV) && $(VENV)/bin/pip install -q $(PY_PACKAGES); \
	fi

# Builds the sample site with the debug binaries (all products: almanac and any helper it runs)
# and drives it in headless Chromium, over HTTP
# under /docs/ and from file://. Screenshots land in Tests/browser/screenshots/.
browser-test: browser-deps
	$(SWIFT) build
	SE_OFFLINE=true ALMANAC=.build/debug/almanac $(VENV)/bin/pytest -p no:cacheprovider -q Tests/browser

# A benchmark, not a test: always a release build; results in .bench/results.md.
bench: deps
	$(SWIFT) build -c release --product almanac
	python3 Tools/bench.py --almanac .build/release/almanac $(BENCH_ARGS)

# Fuzzing (README: "Fuzzing"): one executable, almanac-fuzz, declared only when ALMANAC_FUZZ=1 and
# built apart in .build-fuzz with libFuzzer and AddressSanitizer; the normal build never sees it.
# Seeds come from content/ and Fuzz/seeds/; corpora, crashes and logs go to .fuzz/ (git-ignored).
FUZZ_SECONDS ?= 180
FUZZ_CONFIG ?= release
FUZZ_TARGETS ?= yaml markdown adr runbook ports tokenizer svg redaction
FUZZ_SWIFT_FLAGS := -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing

fuzz-build: deps
	ALMANAC_FUZZ=1 $(SWIFT) build -c $(FUZZ_CONFIG) --scratch-path .build-fuzz --product almanac-fuzz $(FUZZ_SWIFT_FLAGS)

fuzz-seeds:
	@Fuzz/seeds.sh .fuzz/seeds

fuzz: fuzz-build fuzz-seeds
	FUZZ_RUNS="$(FUZZ_RUNS)" FUZZ_ARGS="$(FUZZ_ARGS)" Fuzz/run.sh .build-fuzz/$(FUZZ_CONFIG)/almanac-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke:
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10 FUZZ_CONFIG=debug

clean:
	rm -rf .build .build-fuzz .fuzz $(OUT)
