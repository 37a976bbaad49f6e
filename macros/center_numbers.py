"""A cancer center's own numbers (mkdocs.yml, extra.center) wherever the guide tells the reader
to call the care team: the words stay the same, and in a center's build the number follows them
as a tel: link ("your care team's 24-hour number, (212) 555-0100, right away").

Without numbers (the project's own site) every function here gives back exactly the words it
was given, so the default build does not change by a byte.

Two ways in, both driven by the words in strings.yml:

- The site's own texts (warning signs, the banner, handout footers) say
  `warning_signs.team_number` ("your care team's 24-hour number"); `Numbers.attach()` adds the
  number after each time the rendered text says it.
- Page content says it with the macro `{{ team_number() }}`, or in its own words
  `{{ team_number("the care team's 24-hour number") }}` (and "day" or "both" for the daytime
  number or both). The macro leaves a mark after the words; `Numbers.place()` (when the page's
  macros have run) puts the number there, or removes the mark in a build without numbers.
- A handout's description (front matter, which cannot call macros) gets the number after
  "24-hour number" in the handouts list (`Numbers.attach_any()`).
- A data text (cancers.yml, glossary.yml, decision-tree.yml, ...) cannot call the macro either:
  it says the words of `warning_signs.team_number` ("your care team's 24-hour number"), like
  the site's own texts, and `Numbers.attach_page()` adds the number after them in the page's
  HTML (its text only: not inside a tag, a link, a heading or a picture), wherever the text is
  shown (a cancer page, a glossary entry and its explanations on other pages, a caption).

Whether a comma also follows the number depends on what comes next: `warning_signs.number_mid`
(", {number},") inside a sentence, `warning_signs.number_end` (", {number}") before a full stop,
a comma, a colon, a closing bracket, a table cell's end or the end of the line."""
from __future__ import annotations

import html
import re
from typing import Callable, Optional

from .get_help import _e164, _parse

# Left by the team_number() macro after its words; never in a page's own text (a private-use
# character), and never in a built page: place() replaces or removes every one.
MARK = "\ue0a1"
KINDS = {"night": ("night_phone",), "day": ("day_phone",), "both": ("day_phone", "night_phone")}
ALREADY = r"(?!\W{0,3}<a class=\"tel\")"  # not where a number already follows (applied twice)
_CITATION = re.compile(r'^\s*<sup class="cite"[^>]*>.*?</sup>', re.S)
_END = re.compile(r"^(?:[.,;:!?)\]]|\s*\||\s*$|\s*\n)")


def dial(center: Optional[dict], key: str) -> Optional[str]:
    """The digits a tel: link dials for `key` ('day_phone' or 'night_phone'): `<key>_dial` when
    given, else the number as written, read as a US number (mkdocs.yml's check made sure it is
    one); None when the center gives no such number."""
    center = center or {}
    number = center.get(key)
    if number in (None, ""):
        return None
    given = center.get(f"{key}_dial")
    if given not in (None, ""):
        return str(given)
    n = _parse(str(number), "US")
    return _e164(n) if n is not None else None


def tel_link(center: Optional[dict], key: str) -> Optional[str]:
    """The center's number for `key` as a tel: link (HTML, the same form as the help lines'
    links), or None."""
    to = dial(center, key)
    if to is None:
        return None
    return f'<a class="tel" href="tel:{html.escape(to)}">{html.escape(str((center or {})[key]).strip())}</a>'


def numbers_link(center: Optional[dict], kind: str, joiner: str) -> Optional[str]:
    """The links for a kind of number: 'night' (the 24-hour number), 'day', or 'both' (the day
    number, `joiner`, the 24-hour number; one of them when only one is given)."""
    links = [link for key in KINDS[kind] if (link := tel_link(center, key))]
    return f" {joiner} ".join(links) or None


def at_end(following: str) -> bool:
    """Whether the words end a sentence, clause or table cell (no comma after the number); a
    citation right after the words is looked past."""
    return bool(_END.match(_CITATION.sub("", following, count=1)))


def with_number(text: str, phrase: str, link: Optional[str], mid: Callable[[str], str],
                end: Callable[[str], str]) -> str:
    """`text` with `link` after each time it says `phrase` (its first letter in either case),
    in the form `mid(link)` inside a sentence or `end(link)` at its end. Unchanged without a link."""
    if not link or not phrase:
        return text
    pattern = re.compile("[" + re.escape(phrase[0].lower()) + re.escape(phrase[0].upper()) + "]"
                         + re.escape(phrase[1:]) + "(?!" + re.escape(MARK) + ")" + ALREADY)
    return with_number_at(text, pattern, link, mid, end)


# "24-hour number" or "24-hour phone number" not already followed by a number: for texts that
# cannot call the macro (a handout's description in its front matter).
NUMBER_WORDS = re.compile(r"24-hour (?:phone )?number(?!s)" + ALREADY)


def with_number_at(text: str, pattern: re.Pattern, link: Optional[str], mid: Callable[[str], str],
                   end: Callable[[str], str]) -> str:
    """`text` with `link` after each match of `pattern` (see with_number)."""
    if not link:
        return text
    def add(m: re.Match) -> str:
        return m.group(0) + (end(link) if at_end(text[m.end():]) else mid(link))
    return pattern.sub(add, text)


def place_marks(text: str, link_for: Callable[[str], Optional[str]], mid: Callable[[str], str],
                end: Callable[[str], str]) -> str:
    """`text` with each mark the macro left (MARK, the kind, MARK) replaced by that kind's number
    in the right form, or removed when the build has no such number."""
    pattern = re.compile(re.escape(MARK) + "([a-z]+)" + re.escape(MARK))
    def put(m: re.Match) -> str:
        link = link_for(m.group(1))
        if not link:
            return ""
        return end(link) if at_end(text[m.end():]) else mid(link)
    return pattern.sub(put, text)


# Elements whose text never gets a number after it (a link in a link, a heading or a picture is not wanted).
NO_NUMBER_IN = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "svg", "script", "style", "title",
                          "button", "textarea", "template", "code", "pre"})
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w:-]*)(?:\s[^>]*)?>", re.S)


def text_spans(html_text: str) -> list[tuple[int, int]]:
    """Where `html_text` has text a number may follow: (start, end) of each stretch of text
    outside tags and outside the elements of NO_NUMBER_IN."""
    spans, depth, pos = [], [], 0
    for m in _TAG.finditer(html_text):
        if not depth and m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
        closing, name = m.group(1), (m.group(2) or "").lower()
        if name in NO_NUMBER_IN and not m.group(0).endswith("/>"):
            if not closing:
                depth.append(name)
            elif name in depth:
                del depth[len(depth) - 1 - depth[::-1].index(name):]
    if not depth and pos < len(html_text):
        spans.append((pos, len(html_text)))
    return spans


class Numbers:
    """One build's numbers with the site's words (strings.yml)."""

    def __init__(self, center: Optional[dict], words):
        self.center = center or {}
        self.words = words

    def link(self, kind: str = "night") -> Optional[str]:
        return numbers_link(self.center, kind, self.words("warning_signs.and"))

    def _mid(self, link: str) -> str:
        return self.words.html("warning_signs.number_mid", number=link)

    def _end(self, link: str) -> str:
        return self.words.html("warning_signs.number_end", number=link)

    def phrase(self) -> str:
        return self.words("warning_signs.team_number")

    def attach(self, text: str) -> str:
        """A text the site rendered from strings.yml (HTML or Markdown), with the 24-hour number
        after each time it says `warning_signs.team_number`. The phrase is looked for as
        written and as escaped for HTML (an apostrophe as &#x27; or &#39;)."""
        link = self.link("night")
        if not link:
            return text
        phrase = self.phrase()
        for form in dict.fromkeys([phrase, html.escape(phrase, quote=False), html.escape(phrase),
                                   phrase.replace("'", "&#39;")]):
            text = with_number(text, form, link, self._mid, self._end)
        return text

    def attach_page(self, page_html: str) -> str:
        """A page's HTML with the 24-hour number after each time its text says
        `warning_signs.team_number` without a number after it (see text_spans: never inside a
        tag, a link, a heading or a picture). Unchanged without a number."""
        link = self.link("night")
        if not link:
            return page_html
        phrase = self.phrase()
        forms = dict.fromkeys([phrase, html.escape(phrase, quote=False), html.escape(phrase), phrase.replace("'", "&#39;")])
        pattern = re.compile("(?:" + "|".join("[" + re.escape(f[0].lower()) + re.escape(f[0].upper()) + "]"
                                              + re.escape(f[1:]) for f in forms) + ")(?!" + re.escape(MARK) + ")" + ALREADY)
        spans = text_spans(page_html)
        def add(m: re.Match) -> str:
            if not any(a <= m.start() and m.end() <= b for a, b in spans):
                return m.group(0)
            return m.group(0) + (self._end(link) if at_end(page_html[m.end():]) else self._mid(link))
        return pattern.sub(add, page_html)

    def attach_any(self, text: str) -> str:
        """A text that cannot call the macro (a front-matter description) with the 24-hour number
        after each "24-hour number" or "24-hour phone number" it says."""
        return with_number_at(text, NUMBER_WORDS, self.link("night"), self._mid, self._end)

    def say(self, text: Optional[str] = None, kind: str = "night") -> str:
        """The team_number() macro: the words (strings.yml's by default) and a mark for place()."""
        if kind not in KINDS:
            raise ValueError(f"{kind!r} is not a kind of number: write \"night\" (the 24-hour number, the "
                             "default), \"day\" or \"both\"")
        return (text if text is not None else self.phrase()) + f"{MARK}{kind}{MARK}"

    def place(self, markdown: str) -> str:
        """A page's Markdown after its macros ran: every team_number() mark replaced by the number."""
        if MARK not in markdown:
            return markdown
        return place_marks(markdown, self.link, self._mid, self._end)

    def value(self, key: str) -> Optional[str]:
        """A center's value as plain text ('name' arrives with the center's own settings), or None."""
        value = self.center.get(key)
        return str(value).strip() if value not in (None, "") else None
