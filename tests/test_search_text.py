"""Material's search index reads each page without the glossary pop-ups (macros/search_text.py):
the index must be exactly what it is with them."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import Parser, SearchIndex

from macros.search_text import index_pages_without_tips, without_tips


def tip(n: int, name: str = "CRS", definition: str = "A reaction &amp; a fever.") -> str:
    """A pop-up as macros/term_markdown.py writes it."""
    return (f'<span class="term" data-term="crs"><a aria-describedby="_tip-{n}" class="term__word" '
            f'href="../glossary/#crs">{name}</a><span class="term__tip" data-search-exclude="" id="_tip-{n}" '
            f'role="tooltip"><strong class="term__name">{name}:</strong> {definition} '
            f'<a class="term__more" href="../glossary/#crs">More in the glossary</a></span></span>')


PAGE = ("<h1 id=\"t\">Title</h1>\n<p>Before " + tip(1) + " after.</p>\n"
        "<h2 id=\"a\">About " + tip(2) + "</h2>\n<ul>\n<li>" + tip(3) + "</li>\n<li>x " + tip(4) + "\n</li>\n</ul>\n"
        '<div class="admonition abstract"><p class="admonition-title">Key points</p><p>' + tip(5) + ", "
        + tip(6, "ICANS", "Brain &lt;effects&gt; “quoted”.") + "</p></div>\n"
        "<table><tr><td>" + tip(7) + "</td></tr></table>\n<pre><code>" + tip(8) + "\n  code</code></pre>\n"
        '<h2 data-search-exclude id="sources">Sources</h2><div data-search-exclude><ul><li>' + tip(9) + "</li></ul></div>"
        "<p>End" + tip(10) + "</p>")


def entries(html: str) -> list[dict]:
    index = SearchIndex()
    page = SimpleNamespace(content=html, meta={}, toc=[], url="page/", title="Page")
    index.add_entry_from_context(page)
    return index.entries


def test_the_index_is_the_same_without_the_pop_ups():
    assert "term__tip" not in without_tips(PAGE)
    assert without_tips(PAGE).count('class="term__word"') == 10, "the explained words stay"
    assert entries(without_tips(PAGE)) == entries(PAGE)
    assert entries(PAGE), "the sample is indexed"


@pytest.mark.parametrize("html", [
    # a heading with an id inside would make a section: kept
    tip(1).replace("<strong", '<h2 id="x">H</h2><strong'),
    # a nested span: Material's parser compares tags by name, so it is kept
    tip(1).replace("<strong", "<span>s</span><strong"),
    # another tag inside
    tip(1).replace("<strong", "<em>e</em><strong"),
    # not after the word's link
    tip(1).replace('</a><span class="term__tip"', '</a> <span class="term__tip"'),
    # not closed by the wrapper
    tip(1)[: -len("</span>")] + "tail</p>",
    # not excluded from search
    tip(1).replace(' data-search-exclude=""', ""),
])
def test_only_pop_ups_of_the_known_shape_are_left_out(html):
    assert "term__tip" in without_tips(html)
    assert entries(without_tips("<p>" + html + "</p>")) == entries("<p>" + html + "</p>")


def test_the_search_plugin_is_wrapped_once_and_reads_the_page_unchanged_otherwise():
    seen = []
    index = SimpleNamespace(add_entry_from_context=lambda page: seen.append((page.content, page.url, page.meta)))
    plugin = SimpleNamespace(search_index=index)
    assert index_pages_without_tips(plugin) is True
    assert index_pages_without_tips(plugin) is False, "already wrapped"
    page = SimpleNamespace(content="<p>" + tip(1) + "</p>", url="u/", meta={"a": 1})
    index.add_entry_from_context(page)
    assert seen == [("<p>" + without_tips(tip(1)) + "</p>", "u/", {"a": 1})]
    assert "term__tip" in page.content, "the page itself keeps its pop-ups"
    assert index_pages_without_tips(None) is False
    assert index_pages_without_tips(SimpleNamespace(search_index=None)) is False


def test_every_built_page_parses_to_the_same_sections(site_dir):
    """On the built site's own pages (their article, the part the index reads): the same sections,
    titles and texts with and without the pop-ups."""
    checked = removed = 0
    for page in sorted(site_dir.rglob("*.html")):
        m = re.search(r"<article[^>]*>(.*)</article>", page.read_text(encoding="utf-8"), re.S)
        if not m:
            continue
        html = m.group(1)
        stripped = without_tips(html)
        removed += html.count('class="term__tip"') - stripped.count('class="term__tip"')

        def sections(text):
            p = Parser()
            p.feed(text)
            p.close()
            return [(s.id, s.title, s.text, s.is_excluded()) for s in p.data]
        assert sections(stripped) == sections(html), page
        checked += 1
    assert checked > 40 and removed > 500
