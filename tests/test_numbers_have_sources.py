"""Every number sits in a paragraph, list item or table that cites a specific source (a link
to the bibliography page does not count), and every medical page has its own Sources list."""
from __future__ import annotations

import re

from conftest import ROOT
from macros import result_pages
from macros.pages import check_front_matter
from page_text import ADDED_BY_SITE, article, content_pages, own_text, remove, source_of

NUMBER = re.compile(
    r"\b\d+(?:\.\d+)?\s?(?:%|percent)"                                   # 42% / 42 percent
    r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|half)\s(?:out of|in)\s\d+\b"  # 4 out of 10, 1 in 3
    r"|\b\d+(?:\.\d+)?(?:\s|-)(?:to\s\d+\s)?(?:days?|weeks?|months?|years?)\b"  # 2 weeks, 5.2 months
    r"|\b\d[\d,]*\s(?:people|patients|adults|children|persons|men|women|cases|reports)\b",
    re.I)


def uncited_numbers(html: str) -> list[str]:
    art = article(html)
    if art is None:
        return []
    remove(art, ADDED_BY_SITE)  # keeps the citations, which this test looks for
    problems = []
    for table in art.find_all("table"):
        if NUMBER.search(table.get_text(" ")) and not table.select("sup.cite a[href^='#source-']"):
            problems.append("table: " + table.get_text(" ", strip=True)[:100])
        table.decompose()
    for el in art.find_all(["p", "li", "dd"]):
        text = own_text(el)
        m = NUMBER.search(text)
        if not m:
            continue
        cites = [c for c in el.select("sup.cite a[href^='#source-']")
                 if c.find_parent(["p", "li", "dd"]) is el or el.name == "li"]
        if not cites:
            problems.append(f"'{m.group(0)}' in: {text[:120]}")
    return problems


def test_every_number_is_cited_in_its_paragraph_item_or_table(site_dir):
    problems = []
    for page in content_pages(site_dir):
        rel = page.relative_to(site_dir).parent.as_posix()
        problems += [f"{rel}: {p}" for p in uncited_numbers(page.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)


def test_the_number_check_rejects_an_uncited_number():
    bad = ('<article class="md-content__inner"><p>About 4 out of 10 people relapse.</p>'
           '<p>Half relapse within 8.8 months. <sup class="cite"><a href="#source-x">1</a></sup></p>'
           '<ul><li>It took 2 weeks. <a href="../sources/">Sources</a></li></ul>'
           '<table><tr><td>ZUMA-1</td><td>42%</td></tr></table></article>')
    problems = uncited_numbers(bad)
    assert len(problems) == 3, problems


def test_every_medical_page_lists_its_own_sources(site_dir):
    missing = []
    for page in content_pages(site_dir):
        if page.parent.relative_to(site_dir).as_posix().startswith(result_pages.FOLDER + "/"):
            meta = {}  # a guide result's own page, generated from decision-tree.yml: a medical page
        else:
            src = source_of(site_dir, page, ROOT / "docs")
            meta = check_front_matter(src.name, src.read_text(encoding="utf-8"))
        if meta.get("site_page"):
            continue
        html = page.read_text(encoding="utf-8")
        if not any(f'class="{c}' in html for c in ("page-sources", "bibliography", "handout-sources")):
            missing.append(page.relative_to(site_dir).parent.as_posix())
    assert not missing, f"pages without sources: {missing}"
