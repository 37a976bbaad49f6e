"""Material's search reads each page without the parts it leaves out anyway (macros/search_view.py):
its own parser finds the same sections, titles and texts in every built page read both ways, and
a view that leaves out more than that is seen to differ."""
from __future__ import annotations

import pytest
from material.plugins.search.plugin import Parser
from selectolax.lexbor import LexborHTMLParser

from macros.search_view import SEARCH_REMOVES, SearchChanged, after_search, search_view
from site_checks import html_pages


def sections(html: str) -> list[tuple]:
    """What Material's search parser makes of `html`: each section's heading, id, title, text."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.el.tag, s.id, "".join(s.title), "".join(s.text), s.is_excluded()) for s in parser.data]


def article(path) -> str:
    node = LexborHTMLParser(path.read_text(encoding="utf-8")).css_first("article")
    return node.inner_html if node is not None else ""


def test_search_finds_the_same_in_every_built_page_read_as_its_view(site_dir):
    read, emptied = 0, 0
    for path in html_pages(site_dir):
        html = article(path)
        view = search_view(html)
        if view is None:
            continue
        read += 1
        emptied += len(html) - len(view)
        assert sections(view) == sections(html), f"{path.relative_to(site_dir)}: search reads its view otherwise"
    print(f"\n{read} pages read as their views; {emptied:,} characters search no longer reads")
    assert read >= 40 and emptied > 500_000


def test_a_view_leaving_out_an_excluded_heading_is_seen_to_differ():
    page = ('<h2 id="a">About</h2><p>Text<sup class="cite" data-search-exclude>[1]</sup> more.</p>'
            '<h2 id="sources" data-search-exclude>Sources</h2><p>After the sources.</p>'
            '<div data-search-exclude><h3 id="inside">Inside</h3><p>x</p></div><p>End.</p>')
    view = search_view(page)
    assert view is not None and "[1]" not in view
    assert sections(view) == sections(page)
    # An excluded heading still starts a section (the text after it is left out with it), and so
    # does a heading inside an excluded block: both stay whole. Without them, the index changes.
    assert 'id="sources" data-search-exclude="">Sources</h2>' in view and '<h3 id="inside">Inside</h3>' in view
    naive = page.replace('<h2 id="sources" data-search-exclude>Sources</h2>', "")
    assert sections(naive) != sections(page)
    dropped = page.replace('<div data-search-exclude><h3 id="inside">Inside</h3><p>x</p></div>', '<div data-search-exclude></div>')
    assert sections(dropped) != sections(page)


def test_an_element_inside_an_emptied_one_goes_with_it_and_text_around_stays_apart():
    page = ('<p>One<span data-search-exclude>a<b data-search-exclude>b</b>c</span>\n\n<em>two</em></p>\n'
            '<aside data-search-exclude="data-search-exclude"><dl><dt>x</dt></dl></aside>\n<p>three</p>')
    view = search_view(page)
    assert view == ('<p>One<span data-search-exclude=""></span>\n\n<em>two</em></p>\n'
                    '<aside data-search-exclude="data-search-exclude"></aside>\n<p>three</p>')
    assert sections(view) == sections(page)
    # Taken out altogether, the text on either side would be read as one: otherwise spaced.
    gone = page.replace('<span data-search-exclude>a<b data-search-exclude>b</b>c</span>', "")
    assert sections(gone) != sections(page)
    assert search_view("<p>Nothing left out.</p>") is None


def test_after_search_does_to_the_whole_page_what_search_did_to_the_view():
    whole = '<p data-search-exclude="data-search-exclude">a b</p><p>c</p>'
    view = search_view(whole)
    searched = SEARCH_REMOVES.sub("", view)
    assert after_search(whole, view, searched) == "<p>a b</p><p>c</p>"
    with pytest.raises(SearchChanged):
        after_search(whole, view, searched.replace("<p>c</p>", "<p>C</p>"))
