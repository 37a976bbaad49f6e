"""Each explained word's definition is written once on its page, in the page's "Words used on this
page" box, and the word points to it (aria-describedby); terms.js makes the pop-up from it
(macros/term_markdown.py; the pop-up itself: tests/test_guide_and_terms_in_browser.py)."""
from __future__ import annotations

from markdown import Markdown
from selectolax.lexbor import LexborHTMLParser

from conftest import WORDS
from macros.glossary import Term
from macros.term_markdown import TermExtension, TermMatcher, word_id


def definition_problems(html: str) -> list[str]:
    """Words whose aria-describedby names no single definition of the page, or a definition of
    another word; definitions written more than once with an id."""
    tree = LexborHTMLParser(html)
    problems = []
    for word in tree.css(".term > .term__word[aria-describedby]"):
        target = word.attributes["aria-describedby"]
        found = [n for n in tree.css(f'[id="{target}"]')]
        term = word.parent.attributes.get("data-term")
        if len(found) != 1:
            problems.append(f"{term}: {len(found)} elements with id {target}")
        elif not (found[0].tag == "dd" and target == word_id(term)
                  or "term__tip" in (found[0].attributes.get("class") or "")):
            problems.append(f"{term}: {target} is not its definition")
    return problems


def _term(i, name):
    return Term(id=f"t{i}", term=name, definition=f"Meaning number {i}.", sources=["s"])


def test_a_definition_is_written_once_and_every_use_points_to_it():
    terms = {"t1": _term(1, "relapse"), "t2": _term(2, "biopsy")}
    md = Markdown(extensions=["attr_list", "md_in_html", TermExtension(TermMatcher(terms), WORDS)])
    html = md.convert('A relapse and a biopsy.\n\n<section class="guide-node guide-outcome" markdown="1">\n\n'
                      'After a relapse.\n\n</section>\n')
    assert html.count("Meaning number 1.") == 2, "the page's box and the result's own printed box"
    assert html.count('id="_word-t1"') == 1 and html.count('aria-describedby="_word-t1"') == 1
    assert definition_problems(html) == []


def test_the_definition_check_sees_a_word_that_points_nowhere_or_twice():
    page = ('<span class="term" data-term="a"><a class="term__word" aria-describedby="_word-a">A</a></span>'
            '<span class="term" data-term="b"><a class="term__word" aria-describedby="_word-b">B</a></span>'
            '<dl><dd id="_word-b">x</dd><dd id="_word-b">x</dd>'
            '<dd id="_word-d">y</dd></dl>'
            '<span class="term" data-term="c"><a class="term__word" aria-describedby="_word-d">C</a></span>')
    assert definition_problems(page) == ["a: 0 elements with id _word-a", "b: 2 elements with id _word-b",
                                         "c: _word-d is not its definition"]


def test_every_explained_word_of_the_site_points_to_its_one_definition(site_dir):
    checked = 0
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if 'class="term__word"' not in html:
            continue
        checked += 1
        problems = definition_problems(html)
        assert not problems, f"{page.relative_to(site_dir)}: {problems[:5]}"
        assert html.count('class="term__tip"') <= html.count('aria-describedby="_tip-m-'), \
            f"{page.relative_to(site_dir)}: a pop-up other than a term() macro's is written in the page"
    assert checked > 40
