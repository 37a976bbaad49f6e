"""Checks on a page's rendered HTML, run on every page of every build (see macros/page_steps.py):
no element id used twice, and nothing in the page's own content that could run a script (raw
HTML an editor wrote in Markdown). Also the ids the site gives its own elements, so pages and
guide steps can be kept from taking them. Pure functions over strings; Python's own HTML parser."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown.extensions.toc import slugify

# Ids (and id prefixes) the site writes itself, with what writes them.
SITE_IDS = {"sources": "the heading of the page's Sources list"}
SITE_ID_PREFIXES = {
    "term-": "glossary entries and explanations",
    "source-": "the page's Sources list",
    "letter-": "the glossary's letter headings",
    "compare-": "the options comparison tables",
    "__": "the theme",
    # Ids only for the page's own machinery (explanation pop-ups _tip-N and _tip-m-N, checklist
    # boxes _check-N, question boxes _qN, figure titles _fig-<id>-t): numbered by position or
    # tied to one element, never linked from outside, left out of the URL contract (urls.txt).
    "_": "the page's own machinery (explanations, checklist boxes, question boxes, figure titles)",
}
# Elements that load or run something, never written by the site's content: only the theme's
# templates (outside the page content) may have them.
ACTIVE_ELEMENTS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                   "meta", "link", "form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                  "cite", "ping", "srcset", "srcdoc"}
_SCRIPT_URL = re.compile(r"^(javascript|vbscript):", re.I)
_NAVIGATION = {"href", "action", "formaction", "xlink:href"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def site_id_owner(eid: str) -> str | None:
    """What on the site writes this id itself, or None if the id is free for a page to use."""
    if eid in SITE_IDS:
        return SITE_IDS[eid]
    for prefix, owner in SITE_ID_PREFIXES.items():
        if eid.startswith(prefix):
            return f"{owner}, whose ids start with '{prefix}'"
    return None


@dataclass
class Finding:
    problem: str
    html_line: int
    needles: tuple[str, ...]  # what to look for in the Markdown source to find the line, best first


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[tuple[str, int]] = []
        self.unsafe: list[Finding] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        snippet = (self.get_starttag_text() or f"<{tag}>")[:80]
        if tag in ACTIVE_ELEMENTS:
            self.unsafe.append(Finding(f"contains {snippet}: pages may not have <{tag}> elements, which "
                                       "could load or run code in the reader's browser; remove it", line, (snippet, f"<{tag}")))
        for name, value in attrs:
            value = value or ""
            if name == "id":
                self.ids.append((value, line))
            if name.startswith("on"):
                self.unsafe.append(Finding(f"contains {snippet}: the attribute {name}= would run a script "
                                           "in the reader's browser; remove it", line, (snippet, name)))
            if name in URL_ATTRIBUTES:
                url = _INVISIBLE.sub("", value).lower()
                if _SCRIPT_URL.match(url) or (name in _NAVIGATION and url.startswith("data:")):
                    scheme = url.split(":", 1)[0]
                    self.unsafe.append(Finding(f"contains {snippet}: a {scheme}: address could run a script "
                                               "in the reader's browser; link to a web page instead", line,
                                               (snippet, f"{scheme}:")))

    handle_startendtag = handle_starttag


def scan(html: str) -> _Scanner:
    s = _Scanner()
    s.feed(html)
    s.close()
    return s


def unsafe_markup(html: str) -> list[Finding]:
    """Elements, event-handler attributes and addresses in the HTML that could run a script."""
    return scan(html).unsafe


def duplicate_ids(html: str) -> list[tuple[str, int]]:
    """(id, line of its second use) for each id that more than one element has."""
    seen, out = set(), []
    for eid, line in scan(html).ids:
        if eid in seen:
            out.append((eid, line))
        seen.add(eid)
    return out


def source_line(source: str, *needles: str) -> int | None:
    """The first line of the page's Markdown source that contains the first of `needles` found
    (ignoring capitals)."""
    for needle in needles:
        i = source.lower().find(needle.lower())
        if i >= 0:
            return source.count("\n", 0, i) + 1
    return None


def id_lines(source: str, eid: str) -> list[int]:
    """Lines of the page's Markdown source that give an element the id `eid`: `{ #id }`, `id=`,
    or a heading without an id whose text becomes `eid` (as the toc extension makes ids)."""
    pattern = re.compile(r"""(?:#|\bid=["']?)""" + re.escape(eid) + r"(?![\w-])")
    lines = {source.count("\n", 0, m.start()) + 1 for m in pattern.finditer(source)}
    for m in re.finditer(r"^#{1,6}[ \t]+([^{\n]*?)[ \t#]*$", source, re.M):
        if slugify(m.group(1), "-") == eid:
            lines.add(source.count("\n", 0, m.start()) + 1)
    return sorted(lines)
