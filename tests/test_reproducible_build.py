"""Two builds of the same sources, as `make build` publishes them (handout PDFs included), are
byte-identical, every file included, whatever the build date (SOURCE_DATE_EPOCH): the sitemap's
<lastmod> is each page's review date, sitemap.xml.gz carries no time stamp, and the PDFs link to
the published site, not to the temporary folder they were built in; and a build that uses the
build cache (macros/build_cache.py) equals one that makes everything afresh."""
from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from bs4 import BeautifulSoup

from conftest import run_build
from site_checks import soup

# 2023-11-14 and 2027-01-15: different days, months and years.
EPOCHS = ("1700000000", "1800000000")


def differing_files(a: Path, b: Path) -> list[str]:
    """Every file that is in only one folder or whose bytes differ."""
    def digests(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}
    da, db = digests(a), digests(b)
    return sorted(f"{name}: {'differs' if name in da and name in db else 'only in ' + (a.name if name in da else b.name)}"
                  for name in da.keys() | db.keys() if da.get(name) != db.get(name))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    out = []
    for epoch in EPOCHS:
        site = tmp_path_factory.mktemp(f"epoch-{epoch}") / "site"
        # The second build makes everything afresh (macros/build_cache.py), the first may use
        # what earlier builds kept: a kept picture or QR code must be byte for byte what is made.
        env = {"SOURCE_DATE_EPOCH": epoch, **({"AFTER_CAR_T_NO_CACHE": "1"} if epoch == EPOCHS[1] else {})}
        result = run_build(site, pdfs=True, env=env)
        assert result.returncode == 0, result.stderr[-3000:]
        out.append(site)
    return out[0], out[1]


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
