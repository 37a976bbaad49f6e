# After CAR T - one entry point.
#   make serve   build and serve the site with live reload on http://127.0.0.1:8000
#                (another port: make serve PORT=8001)
#   make test    install everything the tests need, then run every test
#   make reviews list the pages whose review is overdue or due in the next 60 days
#   make urls    build, then add the newly published addresses to urls.txt (the URL contract);
#                it never removes one and prints those that disappeared
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build pdfs test test-only install install-test browser benchmark reviews urls clean

$(BIN)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(BIN)/.installed-test: requirements-test.txt requirements.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

install: $(BIN)/.installed
install-test: $(BIN)/.installed-test browser

# Debian/Ubuntu system packages the tests need (Chromium, hunspell dictionary).
browser:
	@bash scripts/install-system-deps.sh

serve: install
	$(BIN)/python scripts/serve.py --port $(PORT)

build: install
	$(BIN)/python scripts/build.py --pdfs

# The handout PDFs need the system's Pango (installed by `make test`, or apt-get install libpango-1.0-0).
pdfs: build

test: install-test
	$(BIN)/python -m pytest

test-only:
	$(BIN)/python -m pytest

# Pages whose review is overdue or due in the next 60 days (a list, never a failure).
reviews: install
	$(BIN)/python scripts/list_reviews.py

# The URL contract: every published address and anchor (scripts/url_contract.py explains what counts).
urls: build
	$(BIN)/python scripts/url_contract.py --site-dir site

benchmark: install
	$(BIN)/python scripts/benchmark_glossary.py

clean:
	rm -rf site .pytest_cache build-tmp
