"""The search index and the search worker are fetched only when the reader starts a search
(issue 21): a page loads without them, and a search still answers
(assets/javascripts/search-on-demand.js). Without that script Material fetches both at once,
which proves the checks can fail."""
from __future__ import annotations

import re

INDEX = "search/search_index.json"
# The search worker: our wrapper and Material's worker, which the wrapper imports.
WORKER = re.compile(r"/assets/javascripts/(search-worker\.js|workers/search\.[0-9a-f]+\.min\.js)")


def _visit(browser, url: str, block_script: bool = False, want=lambda u: INDEX in u):
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if want(r.url) else None)
    if block_script:
        page.route("**/search-on-demand.js", lambda route: route.abort())
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    return page, asked


def _search(page, word: str) -> None:
    """Type into the search box and wait until Material shows its count of matches."""
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    page.wait_for_function(
        "() => /match/i.test(document.querySelector('.md-search-result__meta').textContent)", timeout=15000)


def test_a_page_loads_without_the_search_index_and_search_still_answers(browser, server):
    page, asked = _visit(browser, server + "/")
    try:
        assert asked == [], "the index was fetched before any search"
        _search(page, "fever")
        assert len(asked) == 1, asked
        assert page.locator(".md-search-result__item").count() > 0
    finally:
        page.close()


def test_the_check_fails_when_the_index_is_fetched_at_once(browser, server):
    page, asked = _visit(browser, server + "/", block_script=True)
    page.close()
    assert len(asked) == 1, "without the script, Material fetches the index as the page loads"


def _worker_files(urls: list[str]) -> set[str]:
    return {WORKER.search(u).group(1).split(".")[0] for u in urls}


def test_a_page_loads_without_the_search_worker_and_a_search_starts_it(browser, server):
    # A page below the root: the worker's address in the page's configuration is relative.
    page, asked = _visit(browser, server + "/options/", want=WORKER.search)
    try:
        assert asked == [], "the search worker was fetched before any search"
        _search(page, "fever")
        assert _worker_files(asked) == {"search-worker", "workers/search"}, asked
        assert page.locator(".md-search-result__item").count() > 0
    finally:
        page.close()


def test_the_check_fails_when_the_worker_starts_at_once(browser, server):
    page, asked = _visit(browser, server + "/options/", block_script=True, want=WORKER.search)
    page.close()
    assert _worker_files(asked) == {"search-worker", "workers/search"}, \
        "without the script, Material starts its search worker as the page loads"
