"""Review dates: an overdue review warns in the build output without failing the strict build,
and `make reviews` (scripts/list_reviews.py) lists reviews overdue or due in the next 60 days."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, SITE_INPUTS

KEEP = SITE_INPUTS


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "p"
    dest.mkdir()
    for name in KEEP:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(ROOT / name, dest / name)
    return dest


def _set_dates(page: Path, last: dt.date, nxt: dt.date) -> None:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^last_reviewed: .*$", f"last_reviewed: {last}", text, count=1, flags=re.M)
    page.write_text(re.sub(r"^next_review: .*$", f"next_review: {nxt}", text, count=1, flags=re.M), encoding="utf-8")


def _list(docs: Path, *args: str) -> str:
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "list_reviews.py"), "--docs", str(docs), *args],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_reviews_lists_overdue_and_soon_due_pages_soonest_first(tmp_path):
    project = _copy(tmp_path)
    today = dt.date.today()
    _set_dates(project / "docs" / "privacy.md", today - dt.timedelta(days=300), today - dt.timedelta(days=3))
    _set_dates(project / "docs" / "about.md", today - dt.timedelta(days=300), today + dt.timedelta(days=20))
    _set_dates(project / "docs" / "accessibility.md", today - dt.timedelta(days=300), today + dt.timedelta(days=61))
    out = _list(project / "docs")
    lines = [line for line in out.splitlines() if "docs/" in line]
    assert [line.split()[-1] for line in lines] == ["docs/privacy.md", "docs/about.md"], out
    assert "OVERDUE by 3 day(s)" in lines[0] and "due in 20 day(s)" in lines[1]
    assert "docs/accessibility.md" in _list(project / "docs", "--days", "61")


def test_reviews_says_so_when_nothing_is_due(tmp_path):
    project = _copy(tmp_path)
    today = dt.date.today()
    for page in (project / "docs").rglob("*.md"):
        _set_dates(page, today, today + dt.timedelta(days=200))
    assert "No page is due for review" in _list(project / "docs")


def test_an_overdue_review_warns_but_the_strict_build_passes(tmp_path):
    project = _copy(tmp_path)
    today = dt.date.today()
    # A date before review records were kept (reviews.RECORDS_SINCE), so that the page needs no record
    # of its check whatever day the test runs.
    from macros.reviews import RECORDS_SINCE
    _set_dates(project / "docs" / "privacy.md", RECORDS_SINCE - dt.timedelta(days=300), today - dt.timedelta(days=1))
    # and a change logged today about it: the page must say it changed after its review
    log = project / "changes.yml"
    log.write_text(log.read_text(encoding="utf-8").replace(
        "changes:\n", f"changes:\n  - date: {today}\n    pages: [privacy.md]\n    what: A test change.\n", 1),
        encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
                       cwd=project, capture_output=True, text=True, env=env, timeout=120)
    output = r.stdout + r.stderr
    assert r.returncode == 0, output[-2000:]
    assert re.search(r"REVIEW DUE - docs/privacy\.md, line 5, field 'next_review': the review was due on "
                     + str(today - dt.timedelta(days=1)), output), output[-2000:]
    assert (project / "site" / "privacy" / "index.html").is_file()
    from bs4 import BeautifulSoup
    from macros.strings import load_strings
    words = load_strings(project / "strings.yml")
    box = BeautifulSoup((project / "site" / "privacy" / "index.html").read_text(encoding="utf-8"), "html.parser") \
        .select_one(".page-review .page-review__changed-after")
    assert box is not None and words.date(today) in box.get_text(" ", strip=True)
    other = BeautifulSoup((project / "site" / "accessibility" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert other.select_one(".page-review__changed-after") is None
