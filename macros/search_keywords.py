"""Search-only keywords: the reader's own words for a page, kept in data.

How a reader's own spelling finds a page is handled in two places:

1. Slips and word forms are matched when the reader searches, by one documented rule in
   docs/assets/javascripts/search-worker.js: every word is stemmed the same way as the index
   ("relapsed" finds "relapse"), and a word the site does not use, 5 letters or longer, matches
   site words one letter off (5-7 letters) or two (8 or more): "glofitimab", "hospise",
   "bispecfic", "immunoglobin". The rule covers every drug and term name, and every other word,
   without a word list. (Lists of generated misspellings were tried first: thousands of rare
   words in the index pulled unrelated pages to the top, because Material's search then matched
   every word as a prefix. The measured figures are in README.md, "Search".)
2. Lay words that a page does not use but readers do (a brand name, a plain word for a term)
   are data: a glossary term's `keywords` (they go to the page that names the term most often)
   and a page's `keywords` in its front matter. They are written into the page inside
   <div class="search-keywords" hidden> before its first section: indexed by the search,
   hidden from sight and from screen readers, raw HTML (so never an explained word) and left out
   of the reading and spelling tests (tests/page_text.py). A keyword may not be a word of the
   committed test queries, and no keyword is on more than 3 pages (tests/test_search.py)."""
from __future__ import annotations

import html
import re
from collections import Counter


def home_pages(names: dict[str, list[str]], page_texts: dict[str, str]) -> dict[str, str]:
    """owner id -> the page (docs path) that names it most often; ties go to the first path."""
    lowered = {path: text.lower() for path, text in page_texts.items()}
    homes = {}
    for owner, owner_names in names.items():
        counts: Counter = Counter()
        for path, text in lowered.items():
            for n in owner_names:
                counts[path] += len(re.findall(r"(?<![\w-])" + re.escape(n.lower()) + r"(?![\w-])", text))
        best = sorted((-c, p) for p, c in counts.items() if c > 0)
        if best:
            homes[owner] = best[0][1]
    return homes


def page_keywords(extra: dict[str, list[str]], homes: dict[str, str]) -> dict[str, list[str]]:
    """docs path -> sorted keywords of the terms that live on that page."""
    out: dict[str, set[str]] = {}
    for owner, words in extra.items():
        if words and owner in homes:
            out.setdefault(homes[owner], set()).update(w.lower() for w in words)
    return {page: sorted(words) for page, words in out.items()}


def hidden_block(words: list[str]) -> str:
    """The keywords as a hidden block that the site search indexes."""
    return ('<div class="search-keywords" hidden>' + html.escape(" ".join(words)) + "</div>\n\n") if words else ""
