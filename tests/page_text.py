"""What the content tests measure, in one place.

Body text of a page = the text of its paragraphs, list items, table cells and definition
descriptions inside the article, EXCLUDING only: navigation, headings (h1-h6 and admonition
titles such as "Key points"), the Sources list (and the bibliography), pronunciations, and
things the site adds around the prose (glossary pop-up explanations, citation numbers,
the review-date box and heading permalinks). Each block is treated as at least one sentence
(a full stop is added where a list item or cell has none). The measured text must be at
least 80% of the page's prose words, so nothing large can hide from the measurement.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

from bs4 import BeautifulSoup

BLOCKS = ("p", "li", "td", "dd")
# What the site adds around the prose (and the sources list and pronunciations).
ADDED_BY_SITE = [".md-tags", ".headerlink", ".page-sources", ".result-sources", ".handout-sources", ".search-keywords", ".print-words", ".print-identity", ".result-address", ".result-top-address", ".bibliography", ".pronunciation", ".term__tip",
                 ".page-review", ".paper-fields", "nav", "script", "style",
                 "svg",  # a picture's words are its text alternative, not prose (pictures.py)
                 ".result-links td:nth-child(2)"]  # the addresses of the guide results' own pages
CITATIONS = ["sup.cite"]
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6", ".admonition-title", "th"]
NOT_PROSE = ADDED_BY_SITE + CITATIONS + HEADINGS
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*")


def article(html: str):
    s = BeautifulSoup(html, "lxml")
    art = s.select_one("article.md-content__inner")
    return copy.copy(art) if art is not None else None


def remove(art, selectors=NOT_PROSE):
    """Delete every element matching the selectors from a copied article; returns it."""
    for sel in selectors:
        for el in art.select(sel):
            el.decompose()
    return art


def own_text(el) -> str:
    """Text of a block without the text of blocks nested inside it."""
    parts = []
    for s in el.find_all(string=True):
        if s.find_parent(BLOCKS) is el:
            parts.append(str(s))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def blocks(art) -> list[str]:
    out = []
    for el in art.find_all(BLOCKS):
        t = own_text(el)
        if t:
            out.append(t)
    return out


def body_text(html: str) -> tuple[str, int, int]:
    """(measured text, measured words, prose words) for one built page."""
    art = article(html)
    if art is None:
        return "", 0, 0
    remove(art)
    prose_words = len(WORD.findall(art.get_text(" ")))
    texts = [t if t[-1] in ".!?:" else t + "." for t in blocks(art)]
    text = " ".join(texts)
    return text, len(WORD.findall(text)), prose_words


def content_pages(site_dir: Path) -> list[Path]:
    """Built pages that carry a review date (every page but the 404)."""
    out = []
    for p in sorted(Path(site_dir).rglob("index.html")):
        if "page-review" in p.read_text(encoding="utf-8"):
            out.append(p)
    return out


def source_of(site_dir: Path, page: Path, docs_dir: Path) -> Path:
    rel = page.parent.relative_to(site_dir)
    if str(rel) == ".":
        return docs_dir / "index.md"
    cand = docs_dir / rel / "index.md"
    return cand if cand.exists() else docs_dir / (str(rel) + ".md")
