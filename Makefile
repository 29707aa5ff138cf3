# policywiki: `make site` and `make test` work on a fresh machine; everything they need is installed here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000

.PHONY: site test serve check clean setup browser-deps browser-system-deps

setup: $(STAMP)

# Reinstall whenever the declared dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/policywiki build

check: $(STAMP)
	$(BIN)/policywiki check

# Preview with live reload: rebuilds on every change in content/ or templates/.
serve: $(STAMP)
	$(BIN)/policywiki serve --port $(PORT)

# Two processes, one test file each at a time (a file's fixtures are built once): the suite waits on browsers
# and subprocesses for a third of its time, which the other process fills. TEST_JOBS=0 runs it in one process.
TEST_JOBS ?= 2
test: $(STAMP) browser-deps
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist loadfile

# The browser tests (tests/browser) drive Debian's chromium with Playwright (the Python package in the test
# extra; never `playwright install`, which downloads a browser) and check pages with axe-core and the Nu Html
# Checker from npm, run with the machine's Java. Each step is skipped when already done.
NPM_STAMP := node_modules/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

browser-deps: browser-system-deps $(NPM_STAMP)

browser-system-deps:
	@missing=""; \
	test -x /usr/bin/chromium || missing="chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	command -v biber >/dev/null 2>&1 || missing="$$missing biber"; kpsewhich plain.bst >/dev/null 2>&1 || missing="$$missing texlive-base"; command -v ris2xml >/dev/null 2>&1 || missing="$$missing bibutils"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# --ignore-scripts: vnu-jar's optional post-install step would try to download a Java runtime.
$(NPM_STAMP): package.json package-lock.json | browser-system-deps
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

# make bench N=10000 [BENCH_ARGS=--skip-jekyll]: our cold, warm, title-edit and word-edit builds beside a floor,
# MkDocs, Pelican (both from the bench extra) and Jekyll (Debian's package) (bench/run.py, bench/peers.py).
N ?= 1000
.PHONY: bench bench-system-deps
bench: $(STAMP) bench-system-deps
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/run.py --n $(N) $(BENCH_ARGS)

# Jekyll from Debian (it needs nothing from rubygems.org). If it cannot be installed, the bench skips it and says so.
bench-system-deps:
	@command -v jekyll >/dev/null 2>&1 || { \
	  echo "installing Debian packages: jekyll"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq jekyll; \
	} || echo "bench: could not install jekyll from Debian; bench/run.py will skip it"

# make bench-serve N=1000 [SAVES=100] [STARTUPS=3]: in `policywiki serve`, the time from saving a file to the changed
# page being served over HTTP (word and title edits, 5 each; SAVES saves 0.5–3 s apart; STARTUPS start-ups, each
# beside a cold build, interleaved), see bench/serve_bench.py.
.PHONY: bench-serve
bench-serve: $(STAMP)
	$(BIN)/python bench/serve_bench.py --n $(N) --saves $(or $(SAVES),0) --startups $(or $(STARTUPS),1)

# make bench-cite: a seeded 2,000-entry .bib in every citation style and export (see bench/cite_bench.py).
.PHONY: bench-cite
bench-cite: $(STAMP)
	$(BIN)/python bench/cite_bench.py

clean:
	rm -rf site .site-* .cache test-artifacts .pytest_cache
