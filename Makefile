# After CAR T - one entry point.
#   make serve   build and serve the site with live reload on http://127.0.0.1:8000
#                (another port: make serve PORT=8001)
#   make test    install everything the tests need, then run every test
#   make test-fast  the fast subset (no Chromium, search lists, corpus or extra builds)
#   make reviews list the pages whose review is overdue or due in the next 60 days
#   make bench   measure our build and pages side by side with plain Material; writes BENCHMARKS.md
#   make offline the kiosk copy: dist/after-car-t-offline.zip, which works unzipped and opened
#                from disk (README, "Kiosk copy"); a center's: make offline CONFIG=its-overlay.yml
#   make center  build the example center's copy (examples/center/mkdocs.yml) into site-center/
#                (your own: make center CENTER=path/to/your/mkdocs.yml CENTER_SITE=site-yours)
#   make urls    build, then add the newly published addresses to urls.txt (the URL contract);
#                it never removes one and prints those that disappeared
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
KIOSK_SHIM := kiosk/node_modules/iframe-worker/shim/index.js
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: serve build center pdfs offline test test-only test-fast install install-test browser benchmark bench reviews urls clean

$(BIN)/.installed: requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# The project's own MkDocs plugin (plugin/, declared in pyproject.toml), editable.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(BIN)/.installed-test: requirements-test.txt requirements.txt $(BIN)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

install: $(BIN)/.installed
install-test: $(BIN)/.installed-test browser $(KIOSK_SHIM)

# The kiosk copy's only outside file: Material's iframe-worker shim, pinned exactly in
# kiosk/package.json and package-lock.json (npm ci checks its integrity hash). Needs Node and npm.
$(KIOSK_SHIM): kiosk/package.json kiosk/package-lock.json
	cd kiosk && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# Debian/Ubuntu system packages the tests need (Chromium, hunspell dictionary).
browser:
	@bash scripts/install-system-deps.sh

serve: install
	$(BIN)/python scripts/serve.py --port $(PORT)

build: install
	$(BIN)/python scripts/build.py --pdfs

# The kiosk copy (scripts/build.py --offline): a zip, PDFs included. CONFIG=overlay.yml makes a
# center's copy from its overlay; ZIP=path names the zip (default dist/after-car-t-offline.zip).
offline: install $(KIOSK_SHIM)
	$(BIN)/python scripts/build.py --offline --pdfs $(if $(CONFIG),--config-file $(CONFIG)) $(if $(ZIP),--zip $(ZIP))
# A cancer center's copy from its overlay file (docs/for-cancer-centers.md, "Your own copy"):
# the project's pages, data and theme with the center's values; its paths are read from here.
CENTER ?= examples/center/mkdocs.yml
CENTER_SITE ?= site-center
center: install
	$(BIN)/python scripts/build.py --config-file $(CENTER) --site-dir $(CENTER_SITE) --pdfs

# The handout PDFs need the system's Pango (installed by `make test`, or apt-get install libpango-1.0-0).
pdfs: build

# Every test, the search lists among them: TEST_PROCS processes at once (pytest-xdist; they share
# one build of the site). The search lists once ran alone afterwards, when a busy browser missed
# its results; they now wait for the search worker's answers and keep their hit counts on a busy
# machine (README, "For developers"). Three processes on two cores: about half of a test's time is
# waiting (for Chromium, a preview server, a deliberate time-out), so a third process uses cores
# the other two leave idle (a two-process run used 19.7 CPU-minutes in 21 minutes on 2 cores).
TEST_PROCS ?= 3
test: install-test
	@$(MAKE) --no-print-directory test-only

test-only:
	@run=$$$$-$$(date +%s); export AFTER_CAR_T_TEST_RUN=$$run; \
	$(BIN)/python -m pytest -n $(TEST_PROCS) --dist loadgroup $(PYTEST_ARGS); status=$$?; \
	rm -rf "$${TMPDIR:-/tmp}/after-car-t-test-$$run"; \
	exit $$status

# The fast subset (under 5 minutes): data, rendering and checks on one built site; no
# Chromium, no search lists, no corpus, no builds of their own.
test-fast: install-test
	$(BIN)/python -m pytest -n $(TEST_PROCS) --dist loadgroup -m "not slow" $(PYTEST_ARGS)

# Pages whose review is overdue or due in the next 60 days (a list, never a failure).
reviews: install
	$(BIN)/python scripts/list_reviews.py

# The URL contract: every published address and anchor (scripts/url_contract.py explains what counts).
urls: build
	$(BIN)/python scripts/url_contract.py --site-dir site

benchmark: install
	$(BIN)/python scripts/benchmark_glossary.py

# Our build and pages against a plain Material build of the same pages (scripts/bench.py); about
# 20 minutes. Needs the test packages (Playwright), Chromium, Node 20 and npm (Lighthouse is
# installed into .bench/). BENCH_ARGS passes options, e.g. BENCH_ARGS='--note "machine busy"'.
bench: $(BIN)/.installed-test
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf site .pytest_cache build-tmp
