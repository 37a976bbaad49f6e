"""The search index is fetched only when the reader starts a search (issue 21): a page loads
without it, and a search still answers (assets/javascripts/search-on-demand.js). Without that
script Material fetches it at once, which proves the check can fail."""
from __future__ import annotations

INDEX = "search/search_index.json"


def _visit(browser, url: str, block_script: bool = False):
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if INDEX in r.url else None)
    if block_script:
        page.route("**/search-on-demand.js", lambda route: route.abort())
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    return page, asked


def test_a_page_loads_without_the_search_index_and_search_still_answers(browser, server):
    page, asked = _visit(browser, server + "/")
    try:
        assert asked == [], "the index was fetched before any search"
        box = page.locator(".md-search__input")
        box.click()
        box.press_sequentially("fever", delay=20)
        page.wait_for_function(
            "() => /match/i.test(document.querySelector('.md-search-result__meta').textContent)", timeout=15000)
        assert len(asked) == 1, asked
        assert page.locator(".md-search-result__item").count() > 0
    finally:
        page.close()


def test_the_check_fails_when_the_index_is_fetched_at_once(browser, server):
    page, asked = _visit(browser, server + "/", block_script=True)
    page.close()
    assert len(asked) == 1, "without the script, Material fetches the index as the page loads"
