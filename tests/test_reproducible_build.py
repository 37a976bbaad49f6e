"""Two builds of the same sources, as `make build` publishes them (handout PDFs included), are
byte-identical, every file included, whatever the build date (SOURCE_DATE_EPOCH): the sitemap's
<lastmod> is each page's review date, sitemap.xml.gz carries no time stamp, and the PDFs link to
the published site, not to the temporary folder they were built in; and a build that uses the
build cache (macros/build_cache.py) equals one that makes everything afresh."""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
from pathlib import Path

import pytest

from bs4 import BeautifulSoup

from conftest import run_build
from site_checks import soup

# 2023-11-14 and 2027-01-15: different days, months and years.
EPOCHS = ("1700000000", "1800000000")


def build_date(epoch: str | None = None) -> dt.date:
    """The day a build is dated (MkDocs: SOURCE_DATE_EPOCH if set, else the time of the build)."""
    epoch = epoch or os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.datetime.now(dt.timezone.utc).date()


def wholly_different(a: dt.date, b: dt.date) -> bool:
    return a.day != b.day and a.month != b.month and a.year != b.year


def differing_files(a: Path, b: Path) -> list[str]:
    """Every file that is in only one folder or whose bytes differ."""
    def digests(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}
    da, db = digests(a), digests(b)
    return sorted(f"{name}: {'differs' if name in da and name in db else 'only in ' + (a.name if name in da else b.name)}"
                  for name in da.keys() | db.keys() if da.get(name) != db.get(name))


@pytest.fixture(scope="module")
def two_builds(site_dir, tmp_path_factory) -> tuple[Path, Path]:
    """The run's shared build (conftest.site_dir: scripts/build.py --pdfs, as `make build`
    publishes, with the run's build cache, dated today) and one made afresh without the build
    cache on a day, month and year other than today's (macros/build_cache.py: a kept picture or
    QR code must be byte for byte what is made). Should neither epoch differ from today in all
    three, both builds are made here: on EPOCHS[0] with the cache, on EPOCHS[1] without."""
    today = build_date()
    second = next((e for e in reversed(EPOCHS) if wholly_different(build_date(e), today)), None)
    # (epoch, without the build cache) of each build made here
    builds = [(EPOCHS[0], False), (EPOCHS[1], True)] if second is None else [(second, True)]
    out = [] if second is None else [site_dir]
    for epoch, afresh in builds:
        site = tmp_path_factory.mktemp(f"epoch-{epoch}") / "site"
        env = {"SOURCE_DATE_EPOCH": epoch, **({"AFTER_CAR_T_NO_CACHE": "1"} if afresh else {})}
        result = run_build(site, pdfs=True, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        out.append(site)
    return out[0], out[1]


def test_build_dates_differ_in_day_month_and_year():
    assert wholly_different(dt.date(2023, 11, 14), dt.date(2027, 1, 15))
    assert not wholly_different(dt.date(2027, 11, 14), dt.date(2027, 1, 15))
    assert not wholly_different(dt.date(2026, 1, 14), dt.date(2027, 1, 15))
    assert not wholly_different(dt.date(2026, 12, 15), dt.date(2027, 1, 15))
    assert build_date(EPOCHS[0]) == dt.date(2023, 11, 14) and build_date(EPOCHS[1]) == dt.date(2027, 1, 15)


def test_two_builds_on_different_dates_are_byte_identical(two_builds):
    a, b = two_builds
    count = sum(1 for p in a.rglob("*") if p.is_file())
    different = differing_files(a, b)
    print(f"\n{count} files compared: {len(different)} differ")
    assert count > 50 and list(a.rglob("*.pdf")), "the published build has handout PDFs"
    assert not different, "files that differ between the two builds:\n" + "\n".join(different)


def test_sitemap_lastmod_is_each_pages_review_date(two_builds):
    site = two_builds[0]
    urls = BeautifulSoup((site / "sitemap.xml").read_bytes(), "xml").find_all("url")
    problems = []
    for url in urls:
        loc, lastmod = url.find("loc").get_text(), url.find("lastmod")
        page = site / loc.split("/", 3)[3] / "index.html"
        review = soup(page.read_text(encoding="utf-8")).select_one(".page-review time[datetime]")
        if not lastmod or not review or lastmod.get_text() != review["datetime"]:
            problems.append(f"{loc}: lastmod {lastmod and lastmod.get_text()}, reviewed {review and review['datetime']}")
    assert len(urls) >= 20
    assert not problems, "\n".join(problems)


def test_sitemap_gz_holds_the_sitemap_and_no_time_stamp(two_builds):
    site = two_builds[0]
    raw = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(raw) == (site / "sitemap.xml").read_bytes()
    assert raw[4:8] == b"\0\0\0\0", "gzip MTIME field (bytes 4-7) must be 0"


def test_the_comparison_lists_changed_and_missing_files(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for root in (a, b):
        (root / "x").mkdir(parents=True)
        (root / "x" / "same.html").write_text("same")
    (a / "changed.xml").write_text("1")
    (b / "changed.xml").write_text("2")
    (a / "x" / "extra.gz").write_bytes(b"\0")
    assert differing_files(a, b) == ["changed.xml: differs", "x/extra.gz: only in a"]
