"""Patients' own questions, typed into the site's real search box in Chromium: at least 90%
must find the expected page in the top 3 results. Prints the hit rate and every miss."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import yaml

QUESTIONS = yaml.safe_load((Path(__file__).parent / "search_questions.yml").read_text())


def top_pages(page, query: str, n: int = 3) -> list[str]:
    """Type the question into the search box like a person, then read the top n pages."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=5)
    page.wait_for_function(
        "() => /match/i.test(document.querySelector('.md-search-result__meta').textContent)", timeout=5000)
    page.wait_for_timeout(300)
    found: list[str] = []
    for href in page.eval_on_selector_all(".md-search-result__list > .md-search-result__item > a.md-search-result__link",
                                          "els => els.map(e => e.href)"):
        path = urlparse(href).path.lstrip("/")
        if path not in found:
            found.append(path)
        if len(found) == n:
            break
    return found


def test_question_list_follows_its_rules():
    assert len(QUESTIONS) >= 30
    per_page = Counter(q["page"] for q in QUESTIONS)
    assert per_page["plan/faq/"] <= 5
    assert all(c <= 3 for p, c in per_page.items() if p != "plan/faq/"), per_page


def test_patients_questions_find_the_right_page_in_the_top_3(browser, server, site_dir):
    for q in QUESTIONS:
        assert (site_dir / q["page"] / "index.html").exists(), f"expected page {q['page']} does not exist"
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.goto(server + "/")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")
    hits, misses = 0, []
    for q in QUESTIONS:
        try:
            top = top_pages(page, q["q"])
        except Exception:
            top = []
        if q["page"] in top:
            hits += 1
        else:
            misses.append(f"  {q['q']!r}: expected {q['page']}, got {top}")
    ctx.close()
    rate = hits / len(QUESTIONS)
    print(f"\nsearch hit rate (expected page in top 3): {hits}/{len(QUESTIONS)} = {rate:.0%}")
    print("\n".join(misses))
    assert rate >= 0.9, "\n".join(misses)


def test_search_index_leaves_out_explanations_and_source_lists(site_dir):
    import json
    docs = json.loads((site_dir / "search" / "search_index.json").read_text())["docs"]
    assert len(docs) > 50
    assert not [d["location"] for d in docs if "More in the glossary" in d["text"]]
    assert not [d["location"] for d in docs if "doi:" in d["text"] or d["location"].endswith("#sources")]
