"""What Material's search plugin reads of a page, without the parts it leaves out anyway.

Material's search (material/plugins/search/plugin.py, `Parser`) reads every page's HTML with
Python's html.parser and skips every element marked `data-search-exclude`, with all it holds: on
our pages the Sources list, the print-only words box and each citation mark, about half of the
HTML (1.3 of 2.6 MB over the 71 pages), which the parser still reads letter by letter before it
skips it (about 0.35 s of CPU a build; 0.1 s less when it gets the page without them).

`search_view(html)` is the page's HTML with each such element left empty (its tag and attributes
kept, so the parser opens and closes it as before, and the text around it stays apart as it
was). An excluded heading, or an excluded element holding a heading, is kept whole: a heading
starts a section of the index even when excluded. The plugin hands this view to Material's search
for its on_page_context and puts the page back right after (plugin/__init__.py); the index is the
same byte for byte (tests/test_search_view.py reads every built page both ways)."""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

EXCLUDED = "[data-search-exclude]"
HEADINGS = "h1, h2, h3, h4, h5, h6"
# What Material's search does to the page after reading it (its on_page_context, Material
# 9.8): it removes every `data-search-*` attribute written with a value, such as the
# `data-search-exclude="data-search-exclude"` Python-Markdown writes. `after_search` checks that
# this is what it did to the view, and does the same to the whole page.
SEARCH_REMOVES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


class SearchChanged(Exception):
    """Material's search changed the view otherwise than SEARCH_REMOVES says."""


def search_view(html: str) -> str | None:
    """The page's HTML with every excluded element emptied, or None when there is nothing to
    leave out: then search reads the page itself."""
    if "data-search-exclude" not in html:
        return None
    tree = LexborHTMLParser(f"<!doctype html><html><head></head><body>{html}</body></html>")
    # Chosen before anything is emptied: an element inside one that is emptied goes with it.
    chosen = [node for node in tree.css(EXCLUDED)
              if node.child is not None and _emptied(node) and not _inside_an_emptied_one(node)]
    for node in chosen:
        for child in list(node.iter(include_text=True)):
            child.decompose()
    return tree.body.inner_html if chosen else None


def _emptied(node) -> bool:
    """Whether an excluded element is emptied: not a heading and holding none."""
    return node.tag not in ("h1", "h2", "h3", "h4", "h5", "h6") and node.css_first(HEADINGS) is None


def _inside_an_emptied_one(node) -> bool:
    parent = node.parent
    while parent is not None and parent.tag != "body":
        if "data-search-exclude" in parent.attributes and _emptied(parent):
            return True
        parent = parent.parent
    return False


def after_search(whole: str, view: str, searched: str) -> str:
    """The whole page as Material's search would have left it, given that it left the view as
    `searched`; SearchChanged if that is not what SEARCH_REMOVES makes of the view."""
    if searched != SEARCH_REMOVES.sub("", view):
        raise SearchChanged("Material's search changed a page's HTML otherwise than by removing its "
                            "data-search attributes with a value")
    return SEARCH_REMOVES.sub("", whole)
