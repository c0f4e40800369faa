# Two entry points (see README "Quickstart"): `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= chidao-store

.PHONY: demo test setup setup-dev system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installing is done again only when pyproject.toml changed since (a stamp file in the venv):
# `make demo` a second time goes straight to ingest and serve.
setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

HOST   ?= 127.0.0.1
PORT   ?= 8000

## Set up, ingest the bundled sample report, then serve it (the URL is printed; Ctrl-C stops).
demo: setup
	$(BIN)/chidao ingest --quiet --store $(STORE) examples/
	$(BIN)/chidao serve --store $(STORE) --host $(HOST) --port $(PORT)

## Debian's headless Chromium + driver, for the researcher-page tests (installed when root).
system-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	else echo "note: install Debian's chromium and chromium-driver to run the page tests (they skip without them)"; fi

## Set up with test tools and run the whole test suite (no tests collected = failure).
test: setup-dev system-deps
	$(BIN)/python -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests ran"; exit 1; fi; exit $$rc

clean:
	rm -rf $(VENV) $(STORE) *.egg-info
