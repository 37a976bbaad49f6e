"""Patients' own words, typed into the site's real search box in Chromium.

Two lists, each measured separately (the share of queries whose expected page or section is in
the top 3 results is printed):
- tests/search_questions.yml: 38 questions written before the first tuning;
- tests/search_questions_independent.yml: 59 queries written before this tuning by a writer who
  had seen neither list nor any page's tags or keywords (misspellings, product names, everyday
  words, caregivers); every misspelling must return at least one result.
Each list must reach 90% (36/38 and 54/59 on 2026-12-02; README, "Search", says what moved the
figures and what was measured and not adopted). A query whose results box times out is typed once
more: a timeout is not a ranking.
Tuning stays honest: no hand-written keyword or tag uses a word of either list, generated
keywords come only from the documented rule (macros/search_keywords.py), no keyword or tag is on
more than 3 pages, and keywords are hidden and never explained as glossary words."""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from conftest import ROOT
from macros.site_data import load_all
from site_checks import ids_in, soup

HERE = Path(__file__).parent
QUESTIONS = yaml.safe_load((HERE / "search_questions.yml").read_text())
INDEPENDENT = yaml.safe_load((HERE / "search_questions_independent.yml").read_text())
SEPARATOR = re.compile(r"[\s\-]+")
GOAL = 0.9   # issue 10: at least 9 in 10 on each list (measured 2026-12-02: 36/38 and 54/59)


def target_of(q: dict) -> str:
    return q.get("target") or q["page"]


@pytest.fixture(scope="module")
def data():
    return load_all(ROOT, ROOT / "docs")


# Counts the search worker's messages, so a test reads the results once the worker has answered
# every query Material sent it and the last one sent is the whole typed query (Material 9.8 posts
# {type: 2, data: the box's value} for each new value and the worker answers each with a
# {type: 3} message). Added to the page before its own scripts: search-on-demand.js then makes
# the real worker with this one.
TRACE_WORKER = """(() => {
  const Real = window.Worker;
  const trace = window.__searchTrace = {posted: 0, answered: 0, last: null};
  window.Worker = class extends Real {
    constructor(url, options) {
      super(url, options);
      this.addEventListener("message", (ev) => { if (ev.data && ev.data.type === 3) trace.answered++; });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) { trace.posted++; trace.last = message.data; }
      return super.postMessage(message, ...rest);
    }
  };
})();"""
ANSWERED = """(query) => { const t = window.__searchTrace;
  return t.last === query && t.answered >= t.posted
    && /match/i.test(document.querySelector('.md-search-result__meta').textContent); }"""
FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
GROUPS = ".md-search-result__list > .md-search-result__item"
RESULT_LINKS = "els => els.map(g => [...g.querySelectorAll('a.md-search-result__link')].map(a => a.href))"


def top_groups(page, query: str, n: int = 3) -> list[list[str]]:
    """Type the query into the search box like a person; the links (page first, then its
    sections) of the top n result groups, as site paths with #fragments."""
    box = page.locator(".md-search__input")
    box.click()
    # Empty the box with keys (Material reacts to key events) and wait until the old results are
    # gone, so the results read below are this query's, never the previous one's.
    box.press("Control+a")
    box.press("Backspace")
    page.wait_for_function(
        "() => !/match/i.test(document.querySelector('.md-search-result__meta').textContent)", timeout=5000)
    # All but the last letter go in at once and the last is typed as a key (Material reads the box
    # on each key): the worker gets the whole query, as after typing every letter, without also
    # answering every half-typed one (the rewriting in search-worker.js reads only the query).
    box.fill(query[:-1])
    box.press_sequentially(query[-1:])
    # The box answers each key as it is typed: read the results once the worker has answered the
    # whole query (TRACE_WORKER) and two frames have drawn them, then once more a moment later;
    # if the two readings differ, read until two in a row agree.
    page.wait_for_function(ANSWERED, arg=query, timeout=5000)
    page.evaluate(FRAMES)
    last = page.eval_on_selector_all(GROUPS, RESULT_LINKS)
    for _ in range(10):
        page.wait_for_timeout(100)
        groups = page.eval_on_selector_all(GROUPS, RESULT_LINKS)
        if groups == last:
            break
        last = groups
    out = []
    for g in groups[:n]:
        links = []
        for href in g:
            u = urlparse(href)
            links.append(u.path.lstrip("/") + (f"#{u.fragment}" if u.fragment else ""))
        out.append(links)
    return out


def found(groups: list[list[str]], target: str) -> bool:
    """A page target: a top group is that page. A section target: that section is listed in a
    top group (Material lists a page's matching sections under it)."""
    if "#" in target:
        return any(target in links for links in groups)
    return any(links and links[0].split("#")[0] == target for links in groups)


def run_queries(browser, server, items):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    ctx.add_init_script(TRACE_WORKER)
    page = ctx.new_page()
    page.goto(server + "/")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta') !== null")
    hits, misses, empty = 0, [], []
    for q in items:
        groups = []
        for _ in range(2):  # a timeout waiting for the results box is not a ranking: try once more
            try:
                groups = top_groups(page, q["q"])
                break
            except Exception:
                groups = []
        if not groups:
            empty.append(q["q"])
        if found(groups, target_of(q)):
            hits += 1
        else:
            misses.append(f"  {q['q']!r}: expected {target_of(q)}, got {[g[0] for g in groups]}")
    ctx.close()
    return hits, misses, empty


def check_targets_exist(site_dir: Path, items) -> list[str]:
    problems = []
    for q in items:
        path, _, frag = target_of(q).partition("#")
        f = site_dir / path / "index.html"
        if not f.exists():
            problems.append(f"{target_of(q)}: no such page")
        elif frag and frag not in ids_in(f.read_text(encoding="utf-8")):
            problems.append(f"{target_of(q)}: no such section")
    return problems


def test_question_lists_follow_their_rules(site_dir):
    assert len(QUESTIONS) >= 30
    per_page = Counter(q["page"] for q in QUESTIONS)
    assert per_page["plan/faq/"] <= 5
    assert all(c <= 3 for p, c in per_page.items() if p != "plan/faq/"), per_page
    kinds = Counter(q["kind"] for q in INDEPENDENT)
    assert len(INDEPENDENT) >= 40
    assert kinds["misspelling"] >= 10 and kinds["product"] >= 10 and kinds["everyday"] >= 10 and kinds["caregiver"] >= 5, kinds
    quoted_in_the_issue = {"how long can i live", "how long do i have", "am i dying", "myeloma relapse after carvykti",
                           "all relapse child", "new cancer from car t", "my t cells didnt grow", "talk to my kids",
                           "bispecfic", "hospise", "glofitimab", "teclistimab", "relapsed", "relapsing"}
    assert not [q["q"] for q in INDEPENDENT if q["q"].lower() in quoted_in_the_issue]
    problems = check_targets_exist(site_dir, QUESTIONS) + check_targets_exist(site_dir, INDEPENDENT)
    assert not problems, "\n".join(problems)


def test_patients_questions_find_the_right_page_in_the_top_3(browser, server):
    hits, misses, _ = run_queries(browser, server, QUESTIONS)
    rate = hits / len(QUESTIONS)
    print(f"\nsearch_questions.yml: {hits}/{len(QUESTIONS)} = {rate:.0%} in the top 3 (goal {GOAL:.0%})")
    print("\n".join(misses))
    assert rate >= GOAL, f"{hits}/{len(QUESTIONS)} in the top 3, below {GOAL:.0%}:\n" + "\n".join(misses)


def test_independent_queries_find_the_right_page_or_section_in_the_top_3(browser, server):
    hits, misses, empty = run_queries(browser, server, INDEPENDENT)
    rate = hits / len(INDEPENDENT)
    print(f"\nsearch_questions_independent.yml: {hits}/{len(INDEPENDENT)} = {rate:.0%} in the top 3 (goal {GOAL:.0%})")
    print("\n".join(misses))
    misspelt_empty = [q["q"] for q in INDEPENDENT if q["kind"] == "misspelling" and q["q"] in empty]
    assert not misspelt_empty, f"misspellings with no result at all: {misspelt_empty}"
    assert rate >= GOAL, f"{hits}/{len(INDEPENDENT)} in the top 3, below {GOAL:.0%}:\n" + "\n".join(misses)


# ---------------------------------------------------------------- honest tuning

def query_tokens() -> set[str]:
    out = set()
    for q in QUESTIONS + INDEPENDENT:
        out |= {t for t in SEPARATOR.split(q["q"].lower()) if t}
    return out


def hand_written_keywords(data) -> dict[str, list[str]]:
    """Keywords and tags someone typed: front-matter tags and keywords, glossary keywords."""
    out: dict[str, list[str]] = {}
    for p in data.pages:
        for key in ("tags", "keywords"):
            for k in p.meta.get(key) or []:
                out.setdefault(f"{p.path} ({key})", []).append(str(k))
    for t in data.terms.values():
        if getattr(t, "keywords", None):
            out[f"glossary.yml, term '{t.id}'"] = list(t.keywords)
    return out


def tuning_problems(written: dict[str, list[str]], tokens: set[str]) -> list[str]:
    problems = []
    for where, words in written.items():
        for k in words:
            clash = sorted(set(SEPARATOR.split(k.lower())) & tokens)
            if clash:
                problems.append(f"{where}: keyword {k!r} uses the query word(s) {clash}")
    return problems


def test_no_hand_written_keyword_or_tag_uses_a_query_word(data):
    problems = tuning_problems(hand_written_keywords(data), query_tokens())
    assert not problems, "\n".join(problems)


def test_the_tuning_check_catches_a_query_word():
    assert tuning_problems({"docs/x.md (tags)": ["hospice care", "grief"]}, {"hospice"})
    assert not tuning_problems({"docs/x.md (tags)": ["bereavement"]}, {"hospice"})


def test_every_keyword_on_a_page_comes_from_data(data):
    """A page's hidden keywords are exactly the data's keywords (nothing typed into templates)."""
    written = {k.lower() for words in hand_written_keywords(data).values() for k in words}
    stray = sorted({k for words in data.keywords.values() for k in words} - written)
    assert not stray, f"keywords not from glossary.yml or front matter: {stray[:20]}"


def test_no_keyword_or_tag_is_on_more_than_3_pages(site_dir, pages):
    seen: dict[str, set[str]] = defaultdict(set)
    for f in pages:
        s = soup(f.read_text(encoding="utf-8"))
        rel = f.relative_to(site_dir).as_posix()
        for block in s.select(".search-keywords"):
            for k in block.get_text(" ").split():
                seen[k].add(rel)
        for tag in s.select(".md-tags .md-tag"):
            seen["tag:" + tag.get_text(strip=True).lower()].add(rel)
    crowded = {k: sorted(v) for k, v in seen.items() if len(v) > 3}
    assert not crowded, crowded


def test_keywords_are_hidden_and_never_become_explained_words(site_dir, pages, data, browser, server):
    problems = []
    for f in pages:
        s = soup(f.read_text(encoding="utf-8"))
        rel = f.relative_to(site_dir).as_posix()
        blocks = s.select(".search-keywords")
        words = {k for b in blocks for k in b.get_text(" ").split()}
        for b in blocks:
            if not b.has_attr("hidden"):
                problems.append(f"{rel}: a keyword block is not hidden")
            if b.select(".term"):
                problems.append(f"{rel}: a keyword became an explained word")
        explained = {t.get_text().lower() for t in s.select(".term__word")}
        if explained & words:
            problems.append(f"{rel}: keywords explained as glossary words: {sorted(explained & words)[:5]}")
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(server + "/options/focusing-on-comfort/")
    if page.locator(".search-keywords").count() and not page.locator(".search-keywords").first.is_hidden():
        problems.append("the keyword block is visible in the browser")
    ctx.close()
    assert not problems, "\n".join(problems)


def test_search_index_leaves_out_explanations_and_source_lists(site_dir):
    """Explanations, source lists and the block every option page repeats ("The choice in front of
    you", naming all the other options) are not the page's own words: indexed, they made every
    option page match every other option's name."""
    docs = json.loads((site_dir / "search" / "search_index.json").read_text())["docs"]
    assert len(docs) > 50
    assert not [d["location"] for d in docs if "More in the glossary" in d["text"]]
    assert not [d["location"] for d in docs if "doi:" in d["text"] or d["location"].endswith("#sources")]
    assert not [d["location"] for d in docs if "The choice in front of you" in d["text"]]
    page = (site_dir / "options" / "other-drugs" / "index.html").read_text()
    assert "The choice in front of you" in page, "the block is still on the page, only not searched"
