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

## Debian's headless Chromium + driver, for the researcher-page tests; antiword, which reads
## Word 97–2003 .doc files; Tesseract with its Vietnamese model and poppler's pdftoppm, for
## `chidao ingest --ocr`; LibreOffice's Writer (no GUI), with which the tests make real .doc
## files, and the DejaVu font they draw a scanned page with; Virtuoso, the SPARQL server the
## store tests run chidao against, with unixODBC and Virtuoso's ODBC driver, through which chidao
## replaces a document in one transaction (all installed when root). Installed without questions: Virtuoso's
## debconf asks for a dba password, and given none its postinst shuts down the system service it
## started (still on the default password), so nothing stays on 1111/8890; the tests start their
## own server on free ports either way.
SYSTEM_PACKAGES := chromium chromium-driver antiword tesseract-ocr tesseract-ocr-vie poppler-utils \
                   libreoffice-writer-nogui fonts-dejavu-core virtuoso-opensource libodbc2 libvirtodbc0
system-deps:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v antiword >/dev/null \
	  && command -v pdftoppm >/dev/null && command -v soffice >/dev/null && command -v virtuoso-t >/dev/null \
	  && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] \
	  && [ -n "$$(ls /usr/lib/*/libodbc.so.2 2>/dev/null)" ] && [ -n "$$(ls /usr/lib/*/odbc/virtodbc_r.so 2>/dev/null)" ] \
	  && [ -n "$$(ls /usr/share/tesseract-ocr/*/tessdata/vie.traineddata 2>/dev/null)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES); \
	else echo "note: install Debian's $(SYSTEM_PACKAGES): the page, .doc, OCR and Virtuoso tests skip without them"; fi

## Set up with test tools and run the whole test suite (no tests collected = failure).
test: setup-dev system-deps
	$(BIN)/python -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests ran"; exit 1; fi; exit $$rc

clean:
	rm -rf $(VENV) $(STORE) *.egg-info
