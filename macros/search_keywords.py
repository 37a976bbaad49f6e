"""Search-only keywords: how a reader's own spelling finds the right page.

Material's search (lunr) matches the start of each word typed, so "glofitimab" or "hospise" finds
nothing. The site therefore gives each page a hidden list of keywords, made by one documented
rule from data, never typed to match a test:

1. Every glossary term and every CAR T product belongs to one page: the page that names it most
   often (not the glossary, the sources list or a handout). Glossary names and product names
   are the "names" below.
2. For each name, the keywords are:
   - its word forms, for a name that is one lowercase word: relapse -> relapses, relapsed, relapsing;
   - a name written without its apostrophe: Richter's -> richters;
   - common typing slips, for each word of 6 letters or more: one letter left out
     (bispecfic), two neighbouring letters swapped (nuerotoxicity), one vowel typed as another
     (glofitimab), and sound-alike letters (hospise, columvy: c/s/k, ph/f, i/y, s/z).
   A slip that is itself a glossary name, or shorter than 5 letters, is left out.
3. A term in glossary.yml may also list `keywords` (the reader's own words for it, such as a lay
   phrase); a page may list `keywords` in its front matter. Those are added as written.

The keywords are written into the page inside <div class="search-keywords" hidden>, before the
page's first section, so the page itself is found: hidden from sight and from screen readers,
raw HTML (so never an explained word), and left out of the reading and spelling tests
(tests/page_text.py). No keyword is on more than 3 pages (tests/test_search.py)."""
from __future__ import annotations

import html
import re
from collections import Counter

VOWELS = "aeiou"
SOUND_ALIKE = [("c", "k"), ("c", "s"), ("k", "c"), ("s", "c"), ("ph", "f"), ("f", "ph"),
               ("i", "y"), ("y", "i"), ("s", "z"), ("z", "s")]
MIN_SLIP_WORD = 6
MIN_KEYWORD = 5
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def word_forms(word: str) -> set[str]:
    """relapse -> relapses, relapsed, relapsing (lowercase single words only)."""
    if not word.islower() or not word.isalpha() or len(word) < 4:
        return set()
    if word.endswith("e"):
        return {word + "s", word + "d", word[:-1] + "ing"}
    if word.endswith("s"):
        return {word + "es"}
    if word.endswith("y"):
        return {word[:-1] + "ies"}
    return {word + "s", word + "ed", word + "ing"}


def slips(word: str) -> set[str]:
    """Common typing slips of one word (lowercase), never its first letter."""
    w = word.lower()
    if len(w) < MIN_SLIP_WORD or not w.isalpha():
        return set()
    out = set()
    for i in range(1, len(w)):
        out.add(w[:i] + w[i + 1:])                                   # a letter left out
        if i + 1 < len(w) and w[i] != w[i + 1]:
            out.add(w[:i] + w[i + 1] + w[i] + w[i + 2:])             # neighbours swapped
        if w[i] in VOWELS:
            out.update(w[:i] + v + w[i + 1:] for v in VOWELS if v != w[i])  # vowel for vowel
    for a, b in SOUND_ALIKE:
        start = w.find(a, 1)
        while start != -1:
            out.add(w[:start] + b + w[start + len(a):])
            start = w.find(a, start + 1)
    out.discard(w)
    return out


def keywords_for(name: str) -> set[str]:
    """Every keyword the rule makes from one name (a term, alias or product name)."""
    out: set[str] = set()
    plain = re.sub(r"['’]", "", name)
    if plain != name:
        out.add(plain.lower())
    words = re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)?", name)
    if len(words) == 1:
        out |= word_forms(words[0])
    for word in words:
        out |= slips(re.sub(r"['’]", "", word))
    return {k for k in out if len(k) >= MIN_KEYWORD}


def home_pages(names: dict[str, list[str]], page_texts: dict[str, str]) -> dict[str, str]:
    """owner id -> the page (docs path) that names it most often; ties go to the first path."""
    lowered = {path: text.lower() for path, text in page_texts.items()}
    homes = {}
    for owner, owner_names in names.items():
        counts = Counter()
        for path, text in lowered.items():
            for n in owner_names:
                counts[path] += len(re.findall(r"(?<![\w-])" + re.escape(n.lower()) + r"(?![\w-])", text))
        best = sorted((-c, p) for p, c in counts.items() if c > 0)
        if best:
            homes[owner] = best[0][1]
    return homes


def page_keywords(names: dict[str, list[str]], extra: dict[str, list[str]], homes: dict[str, str],
                  taken: set[str]) -> dict[str, list[str]]:
    """docs path -> sorted keywords for that page. `taken`: every glossary name, lowercased (a
    slip that is a real name elsewhere is not used)."""
    out: dict[str, set[str]] = {}
    for owner, page in homes.items():
        words = set()
        for n in names[owner]:
            words |= keywords_for(n)
        words |= {k.lower() for k in extra.get(owner, [])}
        out.setdefault(page, set()).update(w for w in words if w not in taken)
    return {page: sorted(words) for page, words in out.items()}


def hidden_block(words: list[str]) -> str:
    """The keywords as a hidden block that the site search indexes."""
    return ('<div class="search-keywords" hidden>' + html.escape(" ".join(words)) + "</div>\n\n") if words else ""
