"""A small Markdown extension that explains glossary terms where pages use them.

The first use of each term (or one of its aliases) on a page becomes a link to the glossary
with an explanation that shows on hover, keyboard focus and tap (see docs/assets/javascripts/
terms.js and the CSS). Headings, links, code, citations and anything inside an element with
class "no-explain" are left alone. Matching uses one Aho-Corasick automaton (pyahocorasick),
built once per build, so the cost per page hardly grows with the size of the glossary.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import ahocorasick
from markdown import Extension
from markdown.treeprocessors import Treeprocessor

from .glossary import Term, anchor, matched_exactly, tip_text

SKIP_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "abbr", "script", "style",
             "button", "summary", "sup", "kbd", "label", "dt", "time"}
SKIP_CLASSES = {"no-explain", "term", "cite"}
_FORCED = re.compile(r'data-term="([a-z0-9-]+)"')
# Python-Markdown's placeholders (stashed HTML, inline markup, escaped characters) sit between
# STX and ETX, for example "\x02wzxhzdk:3\x03": never match a name inside one.
_PLACEHOLDER = re.compile("\x02[^\x02\x03]*\x03")


class TermMatcher:
    """Finds glossary names in text: whole words, leftmost-longest, case-insensitive except
    for names with two or more capital letters (abbreviations such as 'PET' or 'CRS'), never
    inside Python-Markdown's placeholders."""

    def __init__(self, terms: dict[str, Term], protected: tuple[str, ...] | list[str] = ()):
        """`protected`: names that contain a glossary word but mean something else (organisation
        names such as "Blood Cancer United"); a word inside them is never explained."""
        self.terms = terms
        self.automaton = ahocorasick.Automaton()
        for name in protected:
            if name.lower() not in self.automaton:
                self.automaton.add_word(name.lower(), (None, name, sum(c.isupper() for c in name) >= 2))
        for t in terms.values():
            for name in t.names:
                exact = matched_exactly(name)
                self.automaton.add_word(name.lower(), (t.id, name, exact))
        if len(self.automaton):
            self.automaton.make_automaton()
        # What find() gave for each text: a page's words box and each guide result's box read the
        # texts the pages were explained from again (about 40% of the calls).
        self._found: dict[str, tuple[tuple[int, int, str], ...]] = {}

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """[(start, end, term_id)] non-overlapping, in order."""
        return list(self.found(text))

    def found(self, text: str) -> tuple[tuple[int, int, str], ...]:
        """find(text), as the tuple kept for the text (not to be changed)."""
        if not text or text.isspace():  # half the texts are the line breaks between elements
            return ()
        kept = self._found.get(text)
        if kept is None:
            kept = self._found[text] = tuple(self._find(text))
        return kept

    def _find(self, text: str) -> list[tuple[int, int, str]]:
        if not len(self.automaton):
            return []
        lowered = text.lower()
        if len(lowered) != len(text):  # a character such as "İ" lowers to two: keep positions
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        if "\x02" in lowered:  # most texts hold no placeholder: no substitution to run
            lowered = _PLACEHOLDER.sub(lambda m: "\x00" * len(m.group()), lowered)
        found = []
        for end_idx, (tid, name, exact) in self.automaton.iter(lowered):
            start = end_idx - len(name) + 1
            end = end_idx + 1
            if start > 0 and text[start - 1].isalnum():
                continue
            if end < len(text) and text[end].isalnum():
                continue
            if exact and text[start:end] != name:
                continue
            found.append((start, end, tid))
        if not found:  # most texts name no glossary word
            return found
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        out, last_end = [], -1
        for m in found:
            if m[0] >= last_end:
                out.append(m)
                last_end = m[1]
        return [m for m in out if m[2] is not None]


class _ExplainTerms(Treeprocessor):
    def __init__(self, md, matcher: TermMatcher, glossary_href: str, words):
        super().__init__(md)
        self.matcher = matcher
        self.glossary_href = glossary_href
        self.words = words

    def run(self, root):
        done: set[str] = set()
        self._order: list[str] = []
        # Terms already explained by the term() macro (raw HTML kept in the stash).
        for block in self.md.htmlStash.rawHtmlBlocks:
            block = str(block)
            if 'data-term="' in block:  # most blocks explain no word
                done.update(_FORCED.findall(block))
        self.count = 0
        before = set(done)
        self._walk(root, done)
        explained = [tid for tid in self._order if tid not in before]
        self._add_words_boxes(root, explained)
        return None

    # ------------------------------------------------------------ "Words used on this page" (print)

    def _add_words_boxes(self, root, explained):
        """Paper has no pop-ups: each page gets a print-only box with the words it explains, and
        each guide result its own box with every glossary word in it (its first use may be in
        a step that is not printed)."""
        for section in root.iter("section"):
            classes = (section.get("class") or "").split()
            # A result in short (its summary on the guide page) prints no words box: its paper
            # points to the full result, which has one.
            if "guide-outcome" in classes and "guide-summary" not in classes:
                ids = self._terms_in(section)
                summary = set(self._terms_in(section, skip={"print-detail"}))
                if ids:
                    section.append(self._words_box(ids, detail={t for t in ids if t not in summary}))
        if not explained:
            return
        box = self._words_box(explained, page_box=True)
        children = list(root)
        at = next((i for i, el in enumerate(children) if el.tag == "h2" and el.get("id") == "sources"), len(children))
        root.insert(at, box)

    def _terms_in(self, el, skip: set[str] = frozenset()) -> list[str]:
        """Glossary words in the text of `el`, in order: not those inside explanations, words
        boxes or parts that are never explained (citations, source lists, links out), since a
        word that only a definition uses is not a word of the page; nor inside elements with
        a class in `skip`."""
        ids: list[str] = []
        skipped = SKIP_CLASSES - {"term"} | {"term__tip", "print-words"} | skip  # once, not for each element

        def visit(node):
            classes = node.get("class")
            if classes and not skipped.isdisjoint(classes.split()):
                return
            tid = node.get("data-term")
            if tid and tid not in ids:
                ids.append(tid)
            for _, _, found in self.matcher.found(node.text):
                if found not in ids:
                    ids.append(found)
            for child in node:
                visit(child)
                for _, _, found in self.matcher.found(child.tail):
                    if found not in ids:
                        ids.append(found)

        visit(el)
        return ids

    def _words_box(self, ids, detail=frozenset(), page_box=False):
        """The box; words in `detail` are used only in parts that print on request, so they
        carry the same class and print with them. The page's own box (`page_box`, one per page)
        gives each definition the id the explained words point to (aria-describedby)."""
        label = self.words["words_title"]
        box = etree.Element("aside", {"class": "print-words print-only", "data-search-exclude": "",
                                      "aria-label": label})
        title = etree.SubElement(box, "p", {"class": "print-words__title"})
        title.text = label
        dl = etree.SubElement(box, "dl")
        for tid in ids:
            name, definition = tip_text(self.matcher.terms[tid])
            extra = {"class": "print-detail"} if tid in detail else {}
            dt = etree.SubElement(dl, "dt", extra)
            dt.text = name + ":"
            dd = etree.SubElement(dl, "dd", dict(extra) | ({"id": word_id(tid)} if page_box else {}))
            dd.text = " " + definition
        return box

    def _walk(self, el, done):
        for child in list(el):
            if _skipped(child):
                self._do_tail(el, child, done)
                continue
            self._do_text(child, done)
            self._walk(child, done)
            self._do_tail(el, child, done)

    def _pieces(self, text, done):
        chosen, seen = [], set()
        for m in self.matcher.found(text):
            if m[2] not in done and m[2] not in seen:
                seen.add(m[2])
                chosen.append(m)
        return chosen

    def _explain(self, text, done):
        """(text before the first explained word, [explained words with their tails]) or None."""
        if not text:
            return None
        chosen = self._pieces(text, done)
        if not chosen:
            return None
        new, rest = self._split(text, chosen, done)
        return rest[0], new

    def _do_text(self, el, done):
        found = self._explain(el.text, done)
        if found:
            el.text = found[0]
            for i, node in enumerate(found[1]):
                el.insert(i, node)

    def _do_tail(self, parent, child, done):
        found = self._explain(child.tail, done)
        if found:
            child.tail = found[0]
            idx = list(parent).index(child)
            for i, node in enumerate(found[1]):
                parent.insert(idx + 1 + i, node)

    def _split(self, text, chosen, done):
        nodes, pos = [], 0
        head = text[: chosen[0][0]]
        for i, (s, e, tid) in enumerate(chosen):
            done.add(tid)
            self._order.append(tid)
            node = self._make(self.matcher.terms[tid], text[s:e])
            nxt = chosen[i + 1][0] if i + 1 < len(chosen) else len(text)
            node.tail = text[e:nxt]
            nodes.append(node)
        return nodes, [head]

    def _make(self, t: Term, visible: str):
        """The word, linked to its glossary entry and described by its definition in the page's
        words box (`word_id`): the definition is written once per page, in the box, and
        terms.js shows it as a pop-up from there (until 2026-12-07 each word also carried its own
        copy: 45 definitions twice on the options page, 2.5 KB compressed)."""
        self.count += 1
        href = f"{self.glossary_href}#{anchor(t.id)}"
        wrap = etree.Element("span", {"class": "term", "data-term": t.id})
        word = etree.SubElement(wrap, "a", {"class": "term__word", "href": href, "aria-describedby": word_id(t.id)})
        word.text = visible
        return wrap


def word_id(term_id: str) -> str:
    """The id of a word's definition in the page's words box."""
    return f"_word-{term_id}"


def _skipped(el) -> bool:
    if not isinstance(el.tag, str) or el.tag.lower() in SKIP_TAGS:
        return True
    classes = el.get("class")
    return bool(classes) and not SKIP_CLASSES.isdisjoint(classes.split())


class TermExtension(Extension):
    """Register with a matcher; `glossary_href` is a docs-root-absolute link that MkDocs turns
    into a relative one (validation.links.absolute_links: relative_to_docs)."""

    def __init__(self, matcher: TermMatcher, words, glossary_href: str = "/glossary.md", **kwargs):
        self.matcher = matcher
        # Read once, here, so a missing text stops the build before any page renders.
        self.words = {"words_title": words("print.words_title")}
        self.glossary_href = glossary_href
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # After inline parsing (20) and the table of contents (5); before MkDocs rewrites
        # links to relative ones (0).
        md.treeprocessors.register(_ExplainTerms(md, self.matcher, self.glossary_href, self.words), "explain_terms", 1)
