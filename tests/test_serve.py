"""The editor's preview (`make serve`, scripts/serve.py): while the build is broken every page
answers at once with the error, the same message as the terminal; the next good save brings the
site back; a busy port gets a plain message; an address no page can have (a NUL byte, a
5,000-digit number) gets a plain 400 or 404 and no traceback. The preview pages carry the
preview's policy."""
from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from macros.data_files import NAMES
from macros.content_security_policy import preview_policy

COPY_IGNORE = shutil.ignore_patterns(".venv", "site", ".git", ".pytest_cache", "__pycache__", "benchmark-work", ".bench")
BROKEN_ENTRY = "terms:\n  - id: Broken Id\n    term: x\n"
ANSWER_WITHIN = 10  # seconds for one request: the preview must answer, not wait for a good build


def words(text: str) -> str:
    return " ".join(text.split())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=ANSWER_WITHIN) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


def wait_for(url: str, check, what: str, timeout: float = 90) -> tuple[int, str]:
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if check(*last):
                return last
        except OSError as e:  # not listening yet
            last = (0, str(e))
        time.sleep(0.5)
    raise AssertionError(f"{what} not seen within {timeout} s; last answer: {last and (last[0], last[1][:300])}")


@pytest.fixture()
def project(tmp_path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    return dest


class Preview:
    def __init__(self, cmd: list[str], cwd: Path, log: Path):
        self.log = log
        self.out = open(log, "w")
        self.proc = subprocess.Popen(cmd, cwd=cwd, stdout=self.out, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()

    def output(self) -> str:
        self.out.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")


def start_preview(project: Path, tmp_path: Path) -> tuple[str, Preview]:
    """`make serve`'s preview of the copied project on a free port: (its base address, the process)."""
    port = free_port()
    preview = Preview([sys.executable, str(project / "scripts" / "serve.py"), "--port", str(port)],
                      project, tmp_path / "serve.log")
    return f"http://127.0.0.1:{port}", preview


def test_a_broken_build_shows_its_error_in_the_browser_and_the_next_good_save_recovers(project, tmp_path):
    base, preview = start_preview(project, tmp_path)
    glossary = project / "glossary.yml"
    good = glossary.read_text(encoding="utf-8")
    try:
        status, page = wait_for(base + "/about/", lambda s, b: s == 200, "the first preview")
        s = BeautifulSoup(page, "lxml")
        assert s.h1.get_text(strip=True).startswith("About")
        assert s.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == preview_policy()
        assert "livereload(" in page

        glossary.write_text(good.replace("terms:\n", BROKEN_ENTRY, 1), encoding="utf-8")
        status, page = wait_for(base + "/about/", lambda s, b: "Broken Id" in b, "the error page")
        message = BeautifulSoup(page, "lxml").pre.get_text()
        assert status == 500
        assert "glossary.yml, entry 'Broken Id', field 'id'" in message
        assert "&#x27;Broken Id&#x27;" in page, "the message is written as escaped text"
        assert "livereload(" in page, "the error page reloads by itself"
        terminal = words(re.sub(r"\x1b\[[0-9;]*m", "", preview.output()))  # without colours and line wrapping
        for line in message.splitlines():
            assert words(line) in terminal, f"not in the terminal: {line}"
        started = time.monotonic()
        status, other = fetch(base + "/options/no-such-page/")
        assert status == 500 and "Broken Id" in other and time.monotonic() - started < ANSWER_WITHIN

        glossary.write_text(good, encoding="utf-8")
        status, page = wait_for(base + "/about/", lambda s, b: s == 200, "the page after the fix")
        s = BeautifulSoup(page, "lxml")
        assert s.h1.get_text(strip=True).startswith("About")
        assert s.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] == preview_policy(), \
            "a rebuild keeps the preview's policy"
        assert "Traceback" not in preview.output()
    finally:
        preview.stop()


def test_saving_any_data_file_rebuilds_the_preview(project, tmp_path):
    """Every data file of the one list (macros/data_files.py) is watched: a mistake saved in any
    of them reaches the browser, saving its good version again is seen too, and the good
    versions bring the site back.

    One full build instead of one per file: the loader reports every file's mistake together,
    so the files are broken one after another, last loaded first (a file whose data another
    file needs is broken after that file), each save seen as its own file's message appearing;
    then repaired in load order, each repair seen as its file's message going (it is on the
    page before the repair), and the last repair as the site back."""
    base, preview = start_preview(project, tmp_path)
    about = base + "/about/"
    good: dict[str, str] = {}
    try:
        wait_for(about, lambda s, b: s == 200, "the first preview")
        for name in reversed(NAMES):
            path = project / name
            good[name] = path.read_text(encoding="utf-8")
            path.write_text(good[name] + "\nbroken_by_the_test: [unclosed\n", encoding="utf-8")
            wait_for(about, lambda s, b: s == 500 and f"{name}, line" in b, f"the error page for {name}")
        for i, name in enumerate(NAMES):
            status, page = fetch(about)
            assert status == 500 and f"{name}, line" in page, f"before restoring {name}: {status} {page[:300]}"
            (project / name).write_text(good[name], encoding="utf-8")
            if i < len(NAMES) - 1:
                wait_for(about, lambda s, b: s == 500 and f"{name}, line" not in b,
                         f"the error page without {name} after restoring it")
            else:
                wait_for(about, lambda s, b: s == 200, f"the page after restoring {name}")
        assert "Traceback" not in preview.output()
    finally:
        preview.stop()


def test_the_watch_test_fails_for_a_file_the_preview_does_not_watch(project, tmp_path):
    """Proof that the test above can fail: a YAML file outside the list is not watched."""
    base, preview = start_preview(project, tmp_path)
    try:
        wait_for(base + "/about/", lambda s, b: s == 200, "the first preview")
        (project / "not-a-data-file.yml").write_text("broken: [unclosed\n", encoding="utf-8")
        with pytest.raises(AssertionError, match="not seen within"):
            wait_for(base + "/about/", lambda s, b: s == 500, "a rebuild", timeout=8)
    finally:
        preview.stop()


def test_plain_mkdocs_serve_leaves_the_browser_waiting(project, tmp_path):
    """Why scripts/serve.py exists, and proof that the test above can fail: the same steps
    against `mkdocs serve` get no answer within the time allowed."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    preview = Preview([sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
                      project, tmp_path / "mkdocs-serve.log")
    glossary = project / "glossary.yml"
    try:
        wait_for(base + "/about/", lambda s, b: s == 200, "the first preview")
        glossary.write_text(glossary.read_text(encoding="utf-8").replace("terms:\n", BROKEN_ENTRY, 1), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "Broken Id" not in preview.output():
            assert time.monotonic() < deadline, "mkdocs serve did not rebuild"
            time.sleep(0.5)
        with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
            fetch(base + "/about/")
    finally:
        preview.stop()


def test_a_port_in_use_gets_a_plain_message(project):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, str(project / "scripts" / "serve.py"), "--port", str(port)],
                                cwd=project, capture_output=True, text=True, timeout=60)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in out
    assert f"Port {port}" in out and "already in use" in out and "make serve PORT=" in out, out


def test_a_port_that_is_not_a_number_gets_a_plain_message(project):
    result = subprocess.run([sys.executable, str(project / "scripts" / "serve.py"), "--port", "eighty"],
                            cwd=project, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "is not a port number" in result.stderr, result.stderr


def test_make_serve_passes_the_port_on():
    result = subprocess.run(["make", "-n", "serve", "PORT=8123"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "scripts/serve.py --port 8123" in result.stdout, result.stdout


LONG_NUMBER = "9" * 5000
BAD_ADDRESSES = [
    "/%00", "/about/%00", "/about%00/", "/assets/javascripts/terms.js%00.html", "/%00/../about/",
    f"/livereload/{LONG_NUMBER}/1", f"/livereload/1/{LONG_NUMBER}", f"/livereload/{LONG_NUMBER}/{LONG_NUMBER}",
    f"/{LONG_NUMBER}/", f"/about/{LONG_NUMBER}", f"/assets/{LONG_NUMBER}.js",
]


def test_an_address_no_page_can_have_gets_a_plain_answer_and_no_traceback(project, tmp_path):
    base, preview = start_preview(project, tmp_path)
    try:
        wait_for(base + "/about/", lambda s, b: s == 200, "the first preview")
        answers = {url[:60]: fetch(base + url) for url in BAD_ADDRESSES}
        wrong = {url: (status, body[:200]) for url, (status, body) in answers.items() if status not in (400, 404)}
        assert not wrong, f"answered with something other than 400 or 404: {wrong}"
        for url, (status, body) in answers.items():
            assert "Traceback" not in body and "Internal Server Error" not in body, (url, body[:300])
        status, page = fetch(base + "/about/")
        assert status == 200 and "livereload(" in page, "the preview still serves pages"
        terminal = preview.output()
        assert "Traceback" not in terminal and "Internal Server Error" not in terminal, terminal[-3000:]
    finally:
        preview.stop()
