# policywiki: `make site` and `make test` work on a fresh machine; everything they need is installed here.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8000

.PHONY: site test serve check clean setup

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

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site .site-* .cache test-artifacts .pytest_cache
