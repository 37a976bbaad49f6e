"""The guide page is light (issue 21): on first view it holds every step and each result in short
(its title, a sentence or two of what it means, a link to its own page and to the warning signs),
not every result in full, and stays under GUIDE_MAX_ELEMENTS elements. Elements are counted in the
built HTML (deterministic); test_guide_and_terms_in_browser.py counts them in Chromium too."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from conftest import ROOT
from macros import result_pages
from macros.site_data import load_all
from site_checks import soup

GUIDE_PAGE = "find-your-situation/index.html"
GUIDE_MAX_ELEMENTS = 2000  # issue 21's budget for the guide page on first view


@pytest.fixture(scope="module")
def data():
    return load_all(ROOT, ROOT / "docs")


class _Counter(HTMLParser):
    def __init__(self):
        super().__init__()
        self.count = 0

    def handle_starttag(self, tag, attrs):
        self.count += 1


def element_count(html: str) -> int:
    """Elements in a page's HTML, as the browser makes them from its tags."""
    counter = _Counter()
    counter.feed(html)
    counter.close()
    return counter.count


def guide_summary_problems(html: str, outcomes, help_href: str = "#get-help") -> list[str]:
    """What the guide page lacks for each result (`outcomes`, decision-tree.yml's results): a
    section at the result's id, its title, the first words of its own summary, a link to its own
    page, one to the warning signs and, for paper, its own page's address; and no result in full."""
    s = soup(html)
    out = []
    if s.select(".guide-option, .guide-outlook"):
        out.append("the guide page holds results in full (.guide-option, .guide-outlook)")
    for n in outcomes:
        sec = s.select_one(f"section.guide-outcome#{n.id}")
        if sec is None:
            out.append(f"{n.id}: no result section at #{n.id}")
            continue
        hrefs = [a.get("href", "") for a in sec.select("a")]
        for tip in sec.select(".term__tip, sup.cite"):  # an explanation is not the page's own text
            tip.decompose()
        flat = "".join(sec.get_text().split())  # words compared without spaces (tags split them)
        text = " ".join(sec.get_text(" ").split())
        if "".join(n.title.split()) not in flat:
            out.append(f"{n.id}: the summary lacks its title")
        if "".join(n.summary[0].text.split()) not in flat:
            out.append(f"{n.id}: the summary lacks what the result means (its first summary sentence)")
        if f"results/{n.id}/" not in hrefs:
            out.append(f"{n.id}: no link to its own page results/{n.id}/")
        if help_href not in hrefs:
            out.append(f"{n.id}: no link to the warning signs ({help_href})")
        if result_pages.page_url(n.id) not in text:
            out.append(f"{n.id}: its own page's address is not printed with it")
    return out


def test_the_guide_page_is_under_its_element_budget(site_dir):
    html = (site_dir / GUIDE_PAGE).read_text(encoding="utf-8")
    count = element_count(html)
    print(f"\nguide page: {len(html.encode())} bytes, {count} elements")
    assert count < GUIDE_MAX_ELEMENTS, f"{GUIDE_PAGE}: {count} elements (under {GUIDE_MAX_ELEMENTS})"


def test_the_element_count_sees_every_element():
    assert element_count("<html><body><p>a<br>b</p><ul><li>x<li>y</ul><img src=x></body></html>") == 8
    heavy = "<html><body>" + "<p>x</p>" * GUIDE_MAX_ELEMENTS + "</body></html>"
    assert element_count(heavy) >= GUIDE_MAX_ELEMENTS


def test_each_result_is_on_the_guide_page_in_short_with_links_to_its_page_and_the_warning_signs(site_dir, data):
    html = (site_dir / GUIDE_PAGE).read_text(encoding="utf-8")
    assert guide_summary_problems(html, data.tree.outcomes()) == []


def test_the_summary_check_notices_a_missing_link_and_a_full_result(data):
    n = data.tree.outcomes()[0]
    good = (f'<section class="guide-outcome" id="{n.id}"><h2>{n.title}</h2><p>{n.summary[0].text}</p>'
            f'<a href="results/{n.id}/">full</a><a href="#get-help">help</a>'
            f'<span>https://x.example/{result_pages.page_url(n.id)}</span></section>')
    assert guide_summary_problems(good, [n]) == []
    no_link = good.replace(f'href="results/{n.id}/"', 'href="results/"')
    assert guide_summary_problems(no_link, [n]) == [f"{n.id}: no link to its own page results/{n.id}/"]
    no_help = good.replace('href="#get-help"', 'href="#elsewhere"')
    assert guide_summary_problems(no_help, [n]) == [f"{n.id}: no link to the warning signs (#get-help)"]
    full = good.replace("</section>", '<div class="guide-option">option</div></section>')
    assert guide_summary_problems(full, [n])[0].startswith("the guide page holds results in full")
    assert guide_summary_problems("<p></p>", [n]) == [f"{n.id}: no result section at #{n.id}"]


def explained_addresses(html: str) -> list[str]:
    """Printed addresses (.page-address) with a glossary explanation inside them."""
    return [" ".join(a.get_text(" ").split())[:80] for a in soup(html).select(".page-address") if a.select(".term")]


def test_no_printed_address_of_a_result_holds_a_glossary_explanation(site_dir):
    """"relapse" in .../results/lbcl-relapse-fit/ is part of an address, not a word to explain."""
    pages = [site_dir / GUIDE_PAGE] + sorted((site_dir / result_pages.FOLDER).glob("*/index.html"))
    found = {str(p.relative_to(site_dir)): explained_addresses(p.read_text(encoding="utf-8")) for p in pages}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_address_check_finds_an_explanation_in_an_address():
    bad = '<span class="page-address">https://x/lbcl-<span class="term"><a>relapse</a></span>-fit/</span>'
    assert explained_addresses(bad) == ["https://x/lbcl- relapse -fit/"]
    assert explained_addresses('<span class="page-address">https://x/lbcl-relapse-fit/</span>') == []
