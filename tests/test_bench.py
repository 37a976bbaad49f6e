"""`make bench`'s own parts (scripts/bench.py, scripts/bench_markdown.py), without building or
timing anything: the test server's gzip, caching and byte counts, the budgets' verdicts both
ways, and the plain reference's configuration. The benchmark itself is never a test."""
from __future__ import annotations

import gzip
import sys
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402
import bench_markdown  # noqa: E402


@pytest.fixture
def site(tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>" + "<p>words</p>" * 500)
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<p>page</p>")
    (tmp_path / "site.css").write_text("body { color: red; }\n" * 200)
    (tmp_path / "main.0123abcd.min.js").write_text("var a = 1;\n" * 200)
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + bytes(range(256)) * 4)
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"docs": []}' * 100)
    s = bench.Site(tmp_path)
    yield s
    s.close()


def get(url, **headers):
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_server_gzips_text_only_when_asked_and_counts_the_bytes_sent(site, tmp_path):
    status, headers, body = get(site.url + "site.css", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (tmp_path / "site.css").read_bytes()
    status, headers, body = get(site.url + "site.css")
    assert "Content-Encoding" not in headers and body == (tmp_path / "site.css").read_bytes()
    status, headers, body = get(site.url + "logo.png", **{"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in headers
    reqs = site.take()
    assert [r["bytes"] for r in reqs[:2]] == [len(gzip.compress((tmp_path / "site.css").read_bytes(), 6, mtime=0)),
                                              (tmp_path / "site.css").stat().st_size]
    assert [r["type"] for r in reqs] == ["css", "css", "image"]
    assert site.take() == []


def test_server_caching_fingerprinted_for_a_year_html_refetched_others_revalidated(site):
    _, headers, _ = get(site.url + "main.0123abcd.min.js")
    assert "immutable" in headers["Cache-Control"]
    _, headers, _ = get(site.url)
    assert headers["Cache-Control"] == "no-cache" and "ETag" not in headers
    _, headers, _ = get(site.url + "site.css")
    status, _, body = get(site.url + "site.css", **{"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""
    status, _, _ = get(site.url + "site.css", **{"If-None-Match": '"other"'})
    assert status == 200
    reqs = site.take()
    assert [r["status"] for r in reqs] == [200, 200, 200, 304, 200]
    assert reqs[3]["bytes"] == 0


def test_server_kinds_redirects_and_missing_files(site):
    get(site.url + "search/search_index.json")
    status, _, _ = get(site.url + "page")  # urllib follows the redirect to page/
    get(site.url + "nothing-here.js")
    get(site.url + "../../etc/passwd")
    reqs = site.take()
    assert [(r["status"], r["type"]) for r in reqs] == [
        (200, "search index"), (301, "redirect"), (200, "html"), (404, "html"), (404, "html")]
    assert bench.summarise(reqs)["by_type"]["html"][0] == 3


def figures(first: int, repeat: int, html: int, dom: int, ratio: float, pdf_cpu: float, perf: int, lcp: float) -> dict:
    page = {"first": {"bytes": first}, "repeat": {"bytes": repeat}, "html_bytes": html, "dom": dom}
    lh = {"performance": perf, "accessibility": 100, "best-practices": 100, "seo": 100, "lcp": lcp, "cls": 0}
    return {"browser": {"ours": {p: page for p in bench.PAGES}},
            "lighthouse": {"median": {"ours": {p: lh for p in bench.LIGHTHOUSE_PAGES}}},
            "builds": {"cpu_ratio": ratio}, "pdfs": {"cpu": pdf_cpu}}


def test_budgets_are_met_and_missed():
    met = bench.budgets(figures(79_000, 14_000, 10_000, 1_999, 1.3, 12.0, 98, 1800))
    assert [v for _, _, v in met] == ["yes"] * 8
    missed = bench.budgets(figures(80_001, 15_001, 10_000, 2_000, 1.31, 12.1, 97, 1801))
    assert [v for name, _, v in missed if not name.startswith("CLS")] == ["**no**"] * 7


def test_reference_is_plain_material_with_search_only():
    project = {"site_name": "S", "theme": {"name": "material", "custom_dir": "overrides", "features": ["x"]},
               "plugins": ["search", "macros"], "extra_css": ["a.css"], "extra_javascript": ["a.js"],
               "hooks": ["hooks/x.py"], "markdown_extensions": ["admonition"], "nav": [{"Home": "index.md"}]}
    ref = bench_markdown.reference_config(project)
    assert ref["theme"] == {"name": "material"} and ref["plugins"] == ["search"]
    assert not {"extra_css", "extra_javascript", "hooks", "extra"} & set(ref)
    assert ref["nav"] == project["nav"] and ref["markdown_extensions"] == ["admonition"]


def test_chromium_args_are_the_tests_own():
    from conftest import CHROMIUM_ARGS
    assert bench.chromium_args() == CHROMIUM_ARGS


def test_the_profile_times_functions_the_html_checks_still_have():
    """The bench's CPU timers wrap macros/page_html.py's functions by name: a renamed one must
    fail here, not twenty minutes into make bench."""
    import macros.page_html as page_html
    missing = [name for name in bench.PAGE_HTML_TIMED if not callable(getattr(page_html, name, None))]
    assert not missing, missing
    assert "scan" not in bench.PAGE_HTML_TIMED and not callable(getattr(page_html, "scan", None))
