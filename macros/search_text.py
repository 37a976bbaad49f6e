"""What Material's search plugin reads of a page: its content without the glossary explanation
pop-ups (term_markdown.py, `span.term__tip`), which the plugin leaves out of the index anyway
(they carry `data-search-exclude`) but still parses tag by tag: 1,097 pop-ups, 12% of the
pages' HTML. The index is the same with and without them (tests/test_search_text.py builds it
both ways), so the plugin is handed the page without them and the pages are written as they are.

Why the index cannot change: Material's parser skips all text inside an element marked
`data-search-exclude` and every tag inside it adds nothing to the index unless it is a heading
with an id. A pop-up holds only text, a <strong> and an <a> (no heading, no <span>), and it
always sits between the explained word's </a> and its wrapper's </span>, tags on both sides, so
the text around it reaches the parser in the same pieces. Only pop-ups of exactly that shape are
removed."""
from __future__ import annotations

import re

# The pop-up as term_markdown._make writes it (after the word's </a>, before the wrapper's
# </span>); inside: text, <strong ...>, </strong>, <a ...> and </a> only. The pattern begins
# with its literal text (the check for the </a> before it comes after), so re finds it quickly.
_TIP = re.compile(r'<span class="term__tip"(?<=</a><span class="term__tip")(?=[^<>]*\sdata-search-exclude(?:=""|\s|>))[^<>]*>'
                  r'[^<]*(?:</?(?:strong|a)(?:\s[^<>]*)?>[^<]*)*</span>(?=</span>)')


def without_tips(html: str) -> str:
    """`html` without the glossary pop-ups (term_markdown.py) that search leaves out anyway."""
    return _TIP.sub("", html) if 'class="term__tip"' in html else html


class _PageWithoutTips:
    """A page as the search index reads it: its content without the pop-ups, all else the page's."""

    def __init__(self, page):
        self._page = page
        self.content = without_tips(page.content or "")

    def __getattr__(self, name):
        return getattr(self._page, name)


def index_pages_without_tips(search_plugin) -> bool:
    """Hand Material's search index (its SearchIndex.add_entry_from_context) each page without
    the pop-ups. False, and nothing changed, when the plugin is off or not of the expected shape."""
    index = getattr(search_plugin, "search_index", None)
    add = getattr(index, "add_entry_from_context", None)
    if add is None or getattr(add, "without_tips", False):
        return False

    def add_entry_from_context(page):
        return add(_PageWithoutTips(page))
    add_entry_from_context.without_tips = True
    index.add_entry_from_context = add_entry_from_context
    return True
