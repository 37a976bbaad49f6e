"""Each guide result has its own page (find-your-situation/results/<id>/, macros/result_pages.py),
so a link to a result previews as that result, and its QR code and printed address lead there:

- the page's head names the result: og:title is its situation, og:description starts with its
  summary, og:url is its canonical address;
- its QR code reads back the page's own address;
- the guide page links each result to its page (and still holds the result at #<id>);
- result pages are not in the search index (the guide page, which holds them all, is found),
  and they are in the sitemap.
Each check has a fixture that shows it failing. (Their shape: test_page_shape.py; their print:
test_print.py.)"""
from __future__ import annotations

import io
import json
import re
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, configured_site_url
from macros import result_pages
from macros.decision_tree import GuideParts, render_result_page
from macros.errors import DataError
from macros.qr import page_address
from macros.site_data import load_all

SITE_URL = configured_site_url()


@pytest.fixture(scope="module")
def data():
    return load_all(ROOT, ROOT / "docs")


def result_html(site_dir, node_id: str) -> str:
    return (site_dir / result_pages.FOLDER / node_id / "index.html").read_text(encoding="utf-8")


def meta(soup: BeautifulSoup, prop: str) -> str | None:
    tag = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop})
    return tag.get("content") if tag else None


# ---------------------------------------------------------------- previews

def preview_problems(html: str, n, site_url: str) -> list[str]:
    """What the page's head (read as a link preview reads it) says that is not result `n`."""
    soup = BeautifulSoup(html, "lxml")
    out = []
    address = page_address(site_url, result_pages.page_url(n.id))
    if meta(soup, "og:title") != n.title:
        out.append(f"og:title is {meta(soup, 'og:title')!r}, not the result's situation {n.title!r}")
    if meta(soup, "twitter:title") != n.title:
        out.append("twitter:title is not the result's situation")
    description = meta(soup, "og:description") or ""
    if not description.startswith(n.summary[0].text):
        out.append(f"og:description {description!r} does not start with the result's summary")
    canonical = soup.find("link", rel="canonical")
    if meta(soup, "og:url") != address or canonical is None or canonical.get("href") != address:
        out.append(f"og:url / canonical are not {address}")
    return out


def test_each_result_page_previews_as_that_result(site_dir, data):
    problems = []
    for n in data.tree.outcomes():
        problems += [f"{n.id}: {p}" for p in preview_problems(result_html(site_dir, n.id), n, SITE_URL)]
    assert not problems, "\n".join(problems)


def test_the_preview_check_rejects_another_results_head(site_dir, data):
    a, b = data.tree.outcomes()[:2]
    assert len(preview_problems(result_html(site_dir, b.id), a, SITE_URL)) == 4
    assert preview_problems(result_html(site_dir, a.id), a, SITE_URL) == []


# ---------------------------------------------------------------- the guide links to them

def guide_link_problems(guide_html: str, node_ids: list[str]) -> list[str]:
    """Each result on the guide page (section#<id>) links to its own page."""
    soup = BeautifulSoup(guide_html, "lxml")
    base = "https://x.invalid/find-your-situation/"
    out = []
    for nid in node_ids:
        section = soup.find("section", id=nid)
        if section is None:
            out.append(f"{nid}: not on the guide page")
            continue
        targets = {urljoin(base, a["href"]) for a in section.select(".guide-own-page-link a[href]")}
        if f"https://x.invalid/{result_pages.page_url(nid)}" not in targets:
            out.append(f"{nid}: no link to its own page ({sorted(targets)})")
    return out


def test_the_guide_links_each_result_to_its_own_page(site_dir, data):
    html = (site_dir / "find-your-situation" / "index.html").read_text(encoding="utf-8")
    assert guide_link_problems(html, [n.id for n in data.tree.outcomes()]) == []


def test_the_guide_link_check_rejects_a_missing_link_and_a_wrong_one(site_dir, data):
    html = (site_dir / "find-your-situation" / "index.html").read_text(encoding="utf-8")
    a, b = data.tree.outcomes()[:2]
    soup = BeautifulSoup(html, "lxml")
    soup.find("section", id=a.id).select_one(".guide-own-page-link").decompose()
    link = soup.find("section", id=b.id).select_one(".guide-own-page-link a")
    link["href"] = link["href"].replace(b.id, a.id)
    assert [p.split(":")[0] for p in guide_link_problems(str(soup), [a.id, b.id])] == [a.id, b.id]


# ---------------------------------------------------------------- search index and sitemap

def indexed_result_pages(index: dict) -> list[str]:
    return sorted({d["location"].split("#")[0] for d in index["docs"]
                   if d["location"].startswith(result_pages.FOLDER + "/")})


def result_boost_problems(index: dict, node_ids: list[str], guide_boost: float) -> list[str]:
    """Each result page is in the search index (the guide page holds each result only in short),
    ranked below the guide page: its boost is lower than the guide page's."""
    boosts = {d["location"]: d.get("boost", 1) for d in index["docs"]}
    out = []
    for nid in node_ids:
        loc = result_pages.page_url(nid)
        if loc not in boosts:
            out.append(f"{nid}: its page is not in the search index")
        elif not boosts[loc] < guide_boost:
            out.append(f"{nid}: boost {boosts[loc]}, not below the guide page's {guide_boost}")
    return out


def test_result_pages_are_in_the_search_index_below_the_guide_and_in_the_sitemap(site_dir, data):
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    guide = next(d for d in index["docs"] if d["location"] == "find-your-situation/")
    assert result_boost_problems(index, [n.id for n in data.tree.outcomes()], guide.get("boost", 1)) == []
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    missing = [n.id for n in data.tree.outcomes()
               if f"<loc>{page_address(SITE_URL, result_pages.page_url(n.id))}</loc>" not in sitemap]
    assert not missing


def test_the_search_index_check_finds_an_indexed_result_page():
    index = {"docs": [{"location": "find-your-situation/#mm-less-fit"},
                      {"location": "find-your-situation/results/mm-less-fit/#sources"}]}
    assert indexed_result_pages(index) == ["find-your-situation/results/mm-less-fit/"]


def test_the_search_boost_check_finds_a_missing_and_a_high_ranked_result_page():
    index = {"docs": [{"location": "find-your-situation/", "boost": 1.5},
                      {"location": "find-your-situation/results/a/", "boost": 2}]}
    assert result_boost_problems(index, ["a", "b"], 1.5) == [
        "a: boost 2, not below the guide page's 1.5", "b: its page is not in the search index"]


# ---------------------------------------------------------------- QR codes

def qr_problems(decoded: dict[str, list[str]], site_url: str) -> list[str]:
    """Each result's QR code (decoded texts by result id) reads exactly its own page's address."""
    return [f"{nid}: the QR code reads {texts}, not {page_address(site_url, result_pages.page_url(nid))}"
            for nid, texts in decoded.items() if texts != [page_address(site_url, result_pages.page_url(nid))]]


def test_each_result_qr_code_reads_its_own_page(browser, server, site_dir, data):
    import zxingcpp
    from PIL import Image
    ctx = browser.new_context(viewport={"width": 400, "height": 400})
    page = ctx.new_page()
    decoded = {}
    for n in data.tree.outcomes():
        soup = BeautifulSoup(result_html(site_dir, n.id), "lxml")
        src = soup.select_one(".guide-own-page .result-address__qr")["src"]
        page.goto(urljoin(f"{server}/{result_pages.page_url(n.id)}", src))  # the SVG file itself
        image = Image.open(io.BytesIO(page.screenshot()))
        decoded[n.id] = [r.text for r in zxingcpp.read_barcodes(image)]
    ctx.close()
    assert qr_problems(decoded, SITE_URL) == []
    # The check fails for a code that leads to the guide page's #anchor (as before), or to another result.
    a, b = list(decoded)[:2]
    assert len(qr_problems({a: [page_address(SITE_URL, "find-your-situation/", a)], b: decoded[a]}, SITE_URL)) == 2


# ---------------------------------------------------------------- the generated pages

def test_the_generated_page_is_front_matter_and_one_macro_call(data):
    for n in data.tree.outcomes():
        text = result_pages.page_markdown(n, {"last_reviewed": "2026-12-02"}, data.words)
        _, front, body = text.split("---\n", 2)
        fm = yaml.safe_load(front)
        assert fm["title"] == n.title and fm["search"] == {"boost": result_pages.SEARCH_BOOST}
        assert len(fm["description"]) <= result_pages.DESCRIPTION_MAX and fm["description"].startswith(n.summary[0].text)
        assert fm[result_pages.META] == n.id and fm["last_reviewed"] == "2026-12-02"
        assert body.strip() == f"{{{{ {result_pages.MACRO}({n.id!r}) }}}}"
        assert result_pages.node_of(result_pages.src_uri(n.id)) == n.id
    assert result_pages.node_of("find-your-situation.md") is None


def test_a_step_has_no_result_page(data):
    with pytest.raises(DataError) as e:
        render_result_page(data.tree, data.tree.start, GuideParts(cite=lambda *a: "", page_href=str,
                                                                   outlook=lambda nid: [], words=data.words))
    assert "decision-tree.yml" in str(e.value) and data.tree.start in str(e.value)


def unlisted_results(centers_html: str, node_ids: list[str]) -> list[str]:
    """Results whose own page the "For cancer centers" link table does not link to."""
    soup = BeautifulSoup(centers_html, "lxml")
    table = soup.select_one(".result-links")
    hrefs = {a.get("href", "") for a in table.select("a")} if table else set()
    return [nid for nid in node_ids if not any(h.rstrip("/").endswith(f"results/{nid}") for h in hrefs)]


def test_the_centers_page_lists_every_result_page_for_portals(site_dir, data):
    ids = [n.id for n in data.tree.outcomes()]
    html = (site_dir / "for-cancer-centers" / "index.html").read_text(encoding="utf-8")
    assert unlisted_results(html, ids) == []
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("for-cancer-centers/")
                and f"results/{ids[0]}" in d["text"]], "the link table repeats every title: keep it out of search"
    # The check can fail: the same page with one row taken out.
    row = re.search(rf'<tr>(?:(?!</tr>).)*results/{ids[0]}/(?:(?!</tr>).)*</tr>', html, re.S)
    assert unlisted_results(html.replace(row.group(0), ""), ids) == [ids[0]]


def test_a_problem_on_a_result_page_names_its_entry_not_a_file_in_docs():
    label = result_pages.page_label(result_pages.src_uri("mm-less-fit"))
    assert label.startswith("decision-tree.yml, entry 'mm-less-fit' (its own page, find-your-situation/results/mm-less-fit/")
    assert "macros/result_pages.py" in label and "docs/find-your-situation" not in label
    assert result_pages.page_label("find-your-situation.md") is None
    assert result_pages.page_label("options/index.md") is None
