"""Lookup by diagnosis code in Chromium (issue 18): every connect/icd10/<code>/ address of
feed/v1/codes.json opens its cancer's page (or, for a code of two pages, its line on the list of
cancers that names both pages), with JavaScript and without it; an unknown code gets the not-found page, which
explains the lookup and links the list of codes."""
from __future__ import annotations

import json

from macros import feed, icd10


def expected_landings(site_dir, base: str) -> dict[str, str]:
    """Each code address (relative) -> the address it must land on (with the local server's base)."""
    doc = json.loads((site_dir / feed.CODES).read_text(encoding="utf-8"))
    site = doc["codes"][0]["connect"][: -len(icd10.connect_url(doc["codes"][0]["code"]))]
    out = {}
    for entry in doc["codes"]:
        pages = [p["address"] for p in entry["pages"]]
        target = pages[0] if len(pages) == 1 else site + "cancers/#" + icd10.choice_id(entry["code"])
        for code in [entry["code"], *entry["covers"]]:
            out[icd10.connect_url(code)] = base + "/" + target[len(site):]
    return out


def landing_problems(browser, base: str, expected: dict[str, str], javascript: bool,
                     timeout: int = 15000) -> list[str]:
    """Each address opened in turn: where it must land, and for a code of two pages its line there.
    What is checked is the address the browser lands on and, for a code of two pages, the line
    in the landing's HTML, so the landing is read once the browser has committed to its address
    (and has parsed its HTML, where a line is looked for): not after its pictures, fonts and
    scripts, which the next address would interrupt."""
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    problems = []
    for address, want in expected.items():
        page.goto(f"{base}/{address}", wait_until="commit")
        try:
            page.wait_for_url(want, wait_until="commit", timeout=timeout)
        except Exception:  # playwright's TimeoutError: report where it stayed
            problems.append(f"{address} ({'with' if javascript else 'without'} JavaScript): at {page.url}, not {want}")
            continue
        # a code of two pages lands on its line naming both (a missing id would open the page at the top)
        fragment = want.partition("#")[2]
        if fragment:
            page.wait_for_load_state("domcontentloaded")
        if fragment and page.locator(f'[id="{fragment}"] a').count() != 2:
            problems.append(f"{address}: the landing has no line #{fragment} with a link to each page")
    context.close()
    return problems


def test_every_code_address_opens_its_page_with_and_without_javascript(browser, server, site_dir):
    expected = expected_landings(site_dir, server)
    assert len(expected) >= 150
    assert expected["connect/icd10/C90.00/"] == server + "/cancers/multiple-myeloma/"
    for javascript in (True, False):
        assert landing_problems(browser, server, expected, javascript) == []


def test_the_landing_check_can_fail(browser, server, site_dir):
    wrong = {"connect/icd10/C90.00/": server + "/cancers/large-b-cell-lymphoma/"}
    for javascript in (True, False):  # waits 3 s for the wrong page, where 15 s are allowed for a right one
        assert len(landing_problems(browser, server, wrong, javascript, timeout=3000)) == 1


def test_an_unknown_code_gets_the_not_found_page_that_explains_the_lookup(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    response = page.goto(f"{server}/connect/icd10/Z99.99/", wait_until="load")
    text = page.inner_text("body")
    link = page.get_attribute("#codes a", "href")
    context.close()
    assert response.status == 404
    assert "diagnosis code" in text and "connect/icd10/" in text
    assert link and link.endswith("for-cancer-centers/#codes")
