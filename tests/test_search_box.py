"""The search box cannot be hung: a 5,000-letter word pasted into it, or 600 words the site does
not use, gets an answer (results or "No matching documents") within a few seconds, and search
still answers "fever" afterwards. A hang guard, not a timing test: before the limits in
docs/assets/javascripts/search-worker.js, the 5,000-letter word got no answer at all (lunr's edit
distance on one long word) and search stayed dead for the page."""
from __future__ import annotations

import random
import time

import pytest

ANSWER_WITHIN = 10_000  # ms: the longest wait for an answer (the machine may be busy)
META = "document.querySelector('.md-search-result__meta').textContent"
_rng = random.Random(17)
LONG_WORD = "".join(_rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(5000))
MANY_WORDS = " ".join("".join(_rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10)) for _ in range(600))


def clear(page, box) -> None:
    box.press("Control+a")
    box.press("Backspace")
    page.wait_for_function(f"() => !/match/i.test({META})", timeout=ANSWER_WITHIN)


def paste_and_wait(page, box, text: str) -> float:
    """Paste all but the last letter, type the last one (Material reacts to key events); the
    seconds until the results box answers."""
    box.click()
    page.keyboard.insert_text(text[:-1])
    started = time.monotonic()
    page.keyboard.type(text[-1])
    page.wait_for_function(f"() => /match/i.test({META})", timeout=ANSWER_WITHIN)
    return time.monotonic() - started


@pytest.mark.parametrize("query", [LONG_WORD, MANY_WORDS], ids=["a 5,000-letter word", "600 unknown 10-letter words"])
def test_a_huge_query_gets_an_answer_and_search_still_works_after_it(browser, server, query):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")
    box = page.locator(".md-search__input")
    seconds = paste_and_wait(page, box, query)
    print(f"\n{len(query)} characters answered in {seconds:.2f} s: {page.locator('.md-search-result__meta').text_content()!r}")
    clear(page, box)
    started = time.monotonic()
    box.press_sequentially("fever", delay=5)
    page.wait_for_function(
        f"() => /match/i.test({META}) && document.querySelectorAll('.md-search-result__item').length > 0",
        timeout=ANSWER_WITHIN)
    print(f"then 'fever' answered in {time.monotonic() - started:.2f} s: "
          f"{page.locator('.md-search-result__meta').text_content()!r}")
    assert not errors, errors
    ctx.close()
