"""Shared fixtures: the site built once from this checkout, a local HTTP server for it, and
Debian's Chromium driven by Playwright. Nothing here fetches from the network."""
from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Every build of one run (the shared site, the corpus's copies, the center and offline builds)
# keeps its drawn preview pictures and QR codes in one folder (macros/build_cache.py: an entry is
# named by everything that decides its bytes, so a kept one is what would be made). Within
# `make test` the folder goes with the run; tests of reproducibility build without it.
_RUN = os.environ.get("AFTER_CAR_T_TEST_RUN")
os.environ.setdefault("AFTER_CAR_T_CACHE_DIR", str(Path(tempfile.gettempdir()) / f"after-car-t-test-{_RUN}" / "cache")
                      if _RUN else str(ROOT / ".cache"))
from macros.data_files import CONFIG_FILE, NAMES, SOURCE_FOLDERS  # noqa: E402  (the one list of data files)
from macros.strings import FILE as STRINGS_FILE, load_strings  # noqa: E402

# The site's words (strings.yml), for unit tests that call render functions directly.
WORDS = load_strings(ROOT / STRINGS_FILE)

# What `mkdocs build` reads: mkdocs.yml, every data file and these folders.
SITE_INPUTS = [CONFIG_FILE, *NAMES, *SOURCE_FOLDERS]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


def configured_site_url(config: Path | None = None) -> str:
    """The site_url a build of `config` (mkdocs.yml) uses, ending in '/': its !ENV variable's value
    if set (the deploy workflow's AFTER_CAR_T_SITE_URL), else the default written there."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    def env(loader, node):
        names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
        *variables, default = names if len(names) > 1 else names + [None]
        return next((os.environ[v] for v in variables if os.environ.get(v)), default)

    _Loader.add_constructor("!ENV", env)
    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # Python tags in mkdocs.yml
    values = yaml.load((config or ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    return str(values["site_url"]).rstrip("/") + "/"


def run_build(site_dir: Path, config: Path | None = None, cwd: Path = ROOT, pdfs: bool = False,
              env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the project's real build (scripts/build.py: mkdocs build --strict into a temp dir)."""
    cmd = [sys.executable, str(cwd / "scripts" / "build.py"), "--site-dir", str(site_dir)] + (["--pdfs"] if pdfs else [])
    if config:
        cmd += ["--config-file", str(config)]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})


def shared_folder(tmp_path_factory) -> Path:
    """A folder every test process of this run shares: within one `make test` (which sets
    AFTER_CAR_T_TEST_RUN) across its pytest runs, else across the pytest-xdist workers of one run."""
    run = os.environ.get("AFTER_CAR_T_TEST_RUN")
    if run:
        return Path(tempfile.gettempdir()) / f"after-car-t-test-{run}"
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_once(tmp_path_factory, name: str, build) -> Path:
    """`build(out)` run once per test run into the shared folder's `name`, by the first test
    process to get here; the others wait for it and use the same folder. `build` raises (an
    assert) if the build fails, so nothing is marked built."""
    base = shared_folder(tmp_path_factory)
    base.mkdir(parents=True, exist_ok=True)
    out, done = base / name, base / f"{name}.built"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            build(out)
            done.write_text("built\n")
    return out


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The site built once from this checkout (PDFs included) and shared by every test process
    of the run: the first process to get here builds it, the others wait for it. Tests that
    change a built site work on a copy."""
    def build(out: Path) -> None:
        result = run_build(out, pdfs=True)
        assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return built_once(tmp_path_factory, "site", build)


# Slow groups, marked automatically so new tests join their group (pytest.ini names the markers;
# README "Tests" gives the fast subset): Chromium tests, the search lists, and tests that make
# builds, servers or other processes of their own.
SLOW_FILES = {"test_data_errors_stop_the_build.py": "corpus", "test_build_script.py": "builds",
              "test_reproducible_build.py": "builds", "test_reviews.py": "builds", "test_build.py": "builds",
              "test_serve.py": "builds", "test_second_engine.py": "builds", "test_html_validity.py": "builds",
              "test_links.py": "builds", "test_published_address.py": "builds", "test_center_build.py": "builds",
              "test_build_runner.py": "builds"}


# How `make test` shares the tests out (pytest-xdist, --dist loadgroup): a unit of work goes to
# whichever process is free, in the order below. A unit is a whole test file, so a file's module
# fixtures (a build, a changed copy of the site) are made once; but each every-page part
# (PAGE_PARTS) and each corpus case is a unit of its own, so the processes share them.
# (pytest-xdist 3.8's own loadgroup marks do nothing under pytest 9: it renames a node id through
# an attribute pytest 9 no longer reads, so the grouping is decided here, from the node id.)
SPREAD_FILES = {"test_data_errors_stop_the_build.py"}
_PART_ID = re.compile(r"\[part\d+of\d+\]$")
# The every-page tests that read the same page loads (tests/desktop_loads.py): one part of the
# pages of all three is one unit, so that its process loads each of those pages once.
DESKTOP_LOAD_TESTS = {"test_browser.py::test_axe_finds_no_violations_at_desktop_width",
                      "test_browser.py::test_no_third_party_requests_and_no_console_errors",
                      "test_content_security_policy.py::test_every_page_runs_under_the_shipped_policy_without_violations"}


def work_unit(nodeid: str) -> str:
    """The unit of work a test belongs to: its file, or itself if it is spread, or its part of
    the shared desktop loads."""
    path = nodeid.split("::", 1)[0]
    part = _PART_ID.search(nodeid)
    if part and f"{Path(path).name}::{nodeid.split('::', 1)[1].split('[', 1)[0]}" in DESKTOP_LOAD_TESTS:
        return "desktop loads" + part.group()
    if Path(path).name in SPREAD_FILES or part:
        return nodeid
    return path


def schedule_ranks(items) -> dict[str, int]:
    """Each test file's place in the order of a run: 0 the files that make builds or processes
    of their own, 1 those with browser tests (the every-page parts among them), 2 the rest, and
    last the input corpus, many short builds that fill the processes evenly at the end. By file,
    so that a file's tests stay together and its module fixtures are made once."""
    ranks: dict[str, int] = {}
    for item in items:
        rank = (3 if item.get_closest_marker("corpus") else 0 if item.get_closest_marker("builds")
                else 1 if item.get_closest_marker("browser") else 2)
        key = str(item.fspath)
        ranks[key] = min(ranks.get(key, rank), rank)
    return ranks


def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup: units as work_unit() says, handed out in collection order."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    config.option.loadscopereorder = False  # keep the order of schedule_ranks, not biggest first
    return ByUnit(config, log)


def pytest_collection_modifyitems(config, items):
    for item in items:
        name = Path(str(item.fspath)).name
        if name == "test_search.py":
            item.add_marker(pytest.mark.search)
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
        group = SLOW_FILES.get(name)
        if group:
            item.add_marker(getattr(pytest.mark, group))
        if item.get_closest_marker("browser") or group or name == "test_search.py":
            item.add_marker(pytest.mark.slow)
    ranks = schedule_ranks(items)
    items.sort(key=lambda item: ranks[str(item.fspath)])  # stable: collection order within a rank


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        # Serve the site's own 404 page, as a real host would.
        if code == 404:
            page = Path(self.directory) / "404.html"
            if page.exists():
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().send_error(code, message, explain)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that closed its page while a file was still being sent (a test moving on
        # once the network is idle) is not an error of the site: no traceback in the output.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(directory: Path, handler_class: type = _QuietHandler):
    """Serve a built site over HTTP on a free local port (with `handler_class`, a
    SimpleHTTPRequestHandler); yields its base address."""
    handler = functools.partial(handler_class, directory=str(directory))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(site_dir):
    with serving(site_dir) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run 'make test' (it installs Chromium with apt-get), "
                    "or install the Debian package 'chromium' yourself.", pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def pages(site_dir):
    from site_checks import html_pages
    return html_pages(site_dir)


# The every-page browser checks run in parts, so that both test processes share them instead of
# one process walking every page while the other waits (tests/test_browser.py and the policy test).
PAGE_PARTS = 3
by_part = pytest.mark.parametrize("part", range(PAGE_PARTS), ids=lambda i: f"part{i + 1}of{PAGE_PARTS}")


def pages_of_part(pages: list, part: int) -> list:
    """Every PAGE_PARTS-th page from `part` on: the parts together hold every page once."""
    return pages[part::PAGE_PARTS]


def page_url(base: str, site_dir: Path, page: Path) -> str:
    rel = page.relative_to(site_dir).as_posix()
    if rel.endswith("index.html"):
        rel = rel[: -len("index.html")]
    return f"{base}/{rel}"


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    """An empty build-cache folder (macros/build_cache.py), nothing kept in memory, the cache on."""
    from macros import build_cache
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    monkeypatch.delenv(build_cache.NO_CACHE_ENV, raising=False)
    return tmp_path
