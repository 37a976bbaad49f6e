"""Ids a portal can rely on (issue 18): every H1 has the id of its page's file name, never one
made from its title; ids only for the page's own machinery start with '_' (never linked, left
out of the URL contract); the H1 carries no "Link to this section" mark."""
from __future__ import annotations

import re

import markdown
from bs4 import BeautifulSoup

from macros.headings import HeadingExtension
from macros.page_html import site_id_owner
from macros.pages import PageInfo, h1_id, h1_id_problems, scan_ids
from site_checks import html_pages

# What the site wrote before these ids became plainly internal: numbered by position.
OLD_MACHINERY_IDS = re.compile(r"^(term-tip-\d+|check-\d+|q\d+|fig-[a-z0-9-]+-t)$")


def test_the_h1_id_is_the_last_part_of_the_page_address():
    assert h1_id("handouts/wallet-card.md") == "wallet-card"
    assert h1_id("options/index.md") == "options"
    assert h1_id("index.md") == "home"
    assert h1_id("plan/faq.md") == "faq"


def test_an_h1_without_its_id_or_with_another_stops_the_build():
    body = "# Wallet card\n\n```\n# not a heading\n```\n"
    [err] = h1_id_problems("docs/handouts/wallet-card.md", "handouts/wallet-card.md", body, 10)
    assert "docs/handouts/wallet-card.md, line 11" in err.message and "{ #wallet-card }" in err.message
    [err] = h1_id_problems("docs/handouts/card.md", "handouts/card.md", "# Card { #wallet-card }\n")
    assert "'wallet-card'" in err.message and "'card'" in err.message
    assert h1_id_problems("docs/plan/faq.md", "plan/faq.md", "# Questions { #faq }\n\n## A { #a }\n") == []


def test_the_sources_page_may_give_its_h1_the_site_id_sources_and_no_other_heading_may():
    info = PageInfo("docs/sources.md", {})
    assert scan_ids("docs/sources.md", "# Sources { #sources }\n", info, h1="sources") == []
    [err] = scan_ids("docs/sources.md", "## More { #sources }\n", PageInfo("docs/sources.md", {}), h1="sources")
    assert "'sources'" in err.message


def test_machinery_ids_are_reserved_for_the_site():
    for eid in ("_tip-3", "_tip-m-1", "_check-2", "_q7", "_fig-x-t", "__nav_1"):
        assert site_id_owner(eid), eid
    assert "theme" in site_id_owner("__toc") and "machinery" in site_id_owner("_q1")


def test_the_h1_loses_its_permalink_and_other_headings_keep_theirs():
    toc = markdown.extensions.toc.TocExtension(permalink=True, permalink_title="Link to this section")
    html = markdown.markdown("# Title { #page }\n\n## Section { #part }\n",
                             extensions=["attr_list", toc, HeadingExtension()])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1["id"] == "page" and soup.h1.find("a") is None and soup.h1.get_text() == "Title"
    assert soup.h2.find("a", class_="headerlink")["href"] == "#part"
    # Without the extension the toc extension marks the H1 too: the test above can fail.
    plain = markdown.markdown("# Title { #page }\n", extensions=["attr_list", toc])
    assert BeautifulSoup(plain, "html.parser").h1.find("a", class_="headerlink")


def test_every_built_h1_has_its_page_id_and_no_id_is_numbered_by_position(site_dir):
    problems = []
    for page in html_pages(site_dir):
        rel = page.relative_to(site_dir).as_posix()
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article")
        if article is None:
            continue
        address = rel[: -len("index.html")]
        want = address.rstrip("/").rsplit("/", 1)[-1] or "home"
        h1s = article.find_all("h1")
        if rel != "404.html" and [h.get("id") for h in h1s] != [want]:
            problems.append(f"{rel}: H1 ids {[h.get('id') for h in h1s]}, expected ['{want}']")
        old = sorted({el["id"] for el in article.find_all(id=OLD_MACHINERY_IDS)})
        if old:
            problems.append(f"{rel}: ids numbered by position without the '_' prefix: {old[:5]}")
    assert not problems, "\n".join(problems)
