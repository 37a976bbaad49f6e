"""Checks on a page's rendered HTML, run on every page of every build (see macros/page_steps.py):
no element id used twice, and nothing in the page's own content that a browser would run, follow
or fetch from another site (raw HTML an editor wrote in Markdown). Also the ids the site gives its
own elements, so pages and guide steps can be kept from taking them. Pure functions over strings.

The HTML is read with lexbor (selectolax's LexborHTMLParser), which follows the WHATWG HTML
parsing algorithm as browsers do: `<!-->`, markup inside a `<noscript>` attribute or a `<style>`
inside `<svg>` are read here as a browser reads them. What a page may contain is an ALLOW-LIST:
the elements, attributes and address schemes below are the ones the site's own pages, macros and
Markdown extensions write (collected from a full build); anything else is refused, so a new
trick needs no new rule. The page is parsed once (`check_page`) for both checks.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import selectolax
from markdown.extensions.toc import slugify
from selectolax.lexbor import LexborHTMLParser

from . import build_cache

# Ids (and id prefixes) the site writes itself, with what writes them.
SITE_IDS = {"sources": "the heading of the page's Sources list"}
SITE_ID_PREFIXES = {
    "term-": "glossary entries and explanations",
    "source-": "the page's Sources list",
    "letter-": "the glossary's letter headings",
    "compare-": "the options comparison tables",
    "__": "the theme",
    # Ids only for the page's own machinery (glossary definitions _word-<term>, the term() macro's
    # pop-ups _tip-m-N, checklist boxes _check-N, question boxes _qN, figure titles _fig-<id>-t):
    # numbered by position or tied to one element, never linked from outside, left out of the URL
    # contract (urls.txt).
    "_": "the page's own machinery (explanations, checklist boxes, question boxes, figure titles)",
}

# ------------------------------------------------------------------ the allow-list
# Attributes any allowed element may have, besides aria-* and data-* (but not data-md-*, which
# the theme's scripts act on).
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "hidden", "role"})
# HTML elements a page's content may contain, each with the attributes of its own it may have.
HTML_ELEMENTS: dict[str, frozenset[str]] = {name: frozenset(attrs) for name, attrs in {
    "a": {"href"}, "abbr": (), "article": (), "aside": (), "b": (), "blockquote": {"cite"}, "br": (),
    "button": {"type"}, "caption": (), "cite": (), "code": (), "col": {"span"}, "colgroup": {"span"},
    "dd": (), "del": {"cite", "datetime"}, "details": {"open"}, "dfn": (), "div": (), "dl": (), "dt": (),
    "em": (), "fieldset": (), "figcaption": (), "figure": (), "footer": (), "h1": (), "h2": (), "h3": (),
    "h4": (), "h5": (), "h6": (), "header": (), "hr": (), "i": (),
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "input": {"type", "checked", "disabled", "name"}, "ins": {"cite", "datetime"}, "kbd": (),
    "label": {"for"}, "legend": (), "li": {"value"}, "mark": (), "nav": (), "ol": {"start", "reversed", "type"},
    "p": (), "pre": (), "q": {"cite"}, "s": (), "samp": (), "section": (), "small": (), "span": (),
    "strong": (), "sub": (), "summary": (), "sup": (), "table": (), "tbody": (),
    "td": {"colspan", "rowspan", "align", "style"}, "tfoot": (),
    "th": {"colspan", "rowspan", "scope", "align", "style"}, "thead": (), "time": {"datetime"}, "tr": (),
    "u": (), "ul": (), "var": (), "wbr": (),
}.items()}
# Inline SVG (figures' icon arrays, handouts' QR codes, pictures' labels): shapes and plain text only, nothing that links, animates,
# embeds HTML or loads anything.
_SVG_PAINT = {"fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "fill-rule",
              "opacity", "fill-opacity", "stroke-opacity", "transform", "shape-rendering", "stroke-dasharray"}
SVG_ELEMENTS: dict[str, frozenset[str]] = {name: frozenset(attrs) for name, attrs in {
    "svg": {"viewBox", "width", "height", "xmlns", "preserveAspectRatio", "focusable", *_SVG_PAINT},
    "title": (), "desc": (), "g": _SVG_PAINT, "path": {"d", *_SVG_PAINT},
    "rect": {"x", "y", "width", "height", "rx", "ry", *_SVG_PAINT}, "circle": {"cx", "cy", "r", *_SVG_PAINT},
    "ellipse": {"cx", "cy", "rx", "ry", *_SVG_PAINT}, "line": {"x1", "y1", "x2", "y2", *_SVG_PAINT},
    "polyline": {"points", *_SVG_PAINT}, "polygon": {"points", *_SVG_PAINT},
    # Labels inside a picture (macros/pictures.py): plain text, no links or fonts to load.
    "text": {"x", "y", "font-size", "font-weight", "font-family", "text-anchor", *_SVG_PAINT},
}.items()}
# The only values some attributes may have.
ATTRIBUTE_VALUES = {
    ("input", "type"): re.compile(r"checkbox\Z", re.I),
    ("button", "type"): re.compile(r"button\Z", re.I),
    ("th", "style"): re.compile(r"\s*text-align:\s*(left|right|center)\s*;?\s*\Z", re.I),
    ("td", "style"): re.compile(r"\s*text-align:\s*(left|right|center)\s*;?\s*\Z", re.I),
    ("svg", "xmlns"): re.compile(r"http://www\.w3\.org/2000/svg\Z"),
}
# Attributes holding an address, with the schemes allowed (None: relative addresses only, so a
# picture is always a file of the site: the README promises no request to another site).
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES: dict[str, frozenset[str]] = {"href": LINK_SCHEMES, "cite": LINK_SCHEMES, "src": frozenset()}
# Elements that load, run, style or submit something: named so the message can say so.
ACTIVE_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
                             "meta", "link", "form", "style", "noscript", "template", "math", "animate",
                             "set", "animateMotion", "animateTransform", "use", "image", "foreignObject",
                             "audio", "video", "source", "track", "portal", "textarea", "select", "xmp",
                             "noembed", "noframes", "plaintext", "dialog", "svg:script", "feImage"})
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_IGNORED = re.compile(r"[\t\n\r]")  # what a browser's URL parser removes anywhere in an address
_CSS_URL = re.compile(r"url\s*\(|@import|expression\s*\(", re.I)


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


@dataclass
class PageCheck:
    """One parse of a page: every element id in document order, the ids used twice (with the line
    of the HTML where the second use is, 0 if it cannot be found) and the unsafe markup."""
    ids: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, int]] = field(default_factory=list)
    unsafe: list[Finding] = field(default_factory=list)


def _address(value: str) -> str:
    """An address as a browser's URL parser reads it: leading and trailing spaces and control
    characters dropped, tabs and line breaks removed anywhere."""
    return _URL_IGNORED.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                             "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")


def _line_of(lowered: str, needle: str) -> int:
    i = lowered.find(needle.lower())
    return lowered.count("\n", 0, i) + 1 if i >= 0 else 0


def _snippet(tag: str, attrs: dict) -> str:
    parts = [tag] + [name if value is None else f'{name}="{value}"' for name, value in attrs.items()]
    text = "<" + " ".join(parts) + ">"
    return text if len(text) <= 80 else text[:77] + "...>"


def _attribute_problem(tag: str, name: str, value: str, in_svg: bool,
                       known: bool = True) -> tuple[str, tuple[str, ...]] | None:
    """What is wrong with one attribute, and what to look for in the source; None if it is fine.
    For an element that is itself refused (`known` False) only scripts and addresses are named."""
    problem = _attribute_message(tag, name, value, in_svg, known)
    if problem is None:
        return None
    return problem, tuple(n for n in (value[:40] if len(value) >= 4 else "", f"{name}=", f"<{tag}") if n)


# A page's 800 attributes repeat (the same classes, the same links on every page): each
# (element, attribute, value) is judged once per process. The answer depends on nothing else.
@lru_cache(maxsize=1 << 16)
def _attribute_message(tag: str, name: str, value: str, in_svg: bool, known: bool) -> str | None:
    """_attribute_problem's message (the search needles are made only for a problem: most of a
    page's 800 attributes have none)."""
    lname = name.lower()
    if lname.startswith("on"):
        return f"the attribute {name}= would run a script in the reader's browser; remove it"
    if not known:
        if lname in ("href", "xlink:href", "src", "action", "formaction", "data"):
            scheme = (_SCHEME.match(_address(value)) or [None, ""])[1].lower()
            if scheme in ("javascript", "vbscript", "data"):
                return f"a {scheme}: address could run a script in the reader's browser; remove it"
        return None
    allowed = (SVG_ELEMENTS if in_svg else HTML_ELEMENTS)[tag]
    data_ok = lname.startswith("data-") and not lname.startswith("data-md-")
    if not (name in allowed or lname in GLOBAL_ATTRIBUTES or lname.startswith("aria-") or data_ok):
        return (f"the attribute {name}= is not one a page may use on <{tag}> (only the attributes the site's own "
                "pages use are allowed, none that load, run or style anything); remove it")
    if _CSS_URL.search(value):
        return (f"the attribute {name}= loads something (url() or @import), which would make the reader's "
                "browser contact another site or the page look different from its text; remove it")
    rule = ATTRIBUTE_VALUES.get((tag, lname))
    if rule and not rule.match(value):
        if lname == "style":
            return ("the attribute style= may only align a table cell (text-align: left, right or center); "
                    "use the site's stylesheet for anything else")
        return f'the attribute {name}="{value}" is not allowed on <{tag}>; remove it'
    if lname in URL_ATTRIBUTES and not in_svg:
        url = _address(value)
        m = _SCHEME.match(url)
        scheme = m.group(1).lower() if m else None
        if lname == "src":
            if scheme or url.startswith(("//", "\\\\", "/\\", "\\/")):
                if scheme in ("javascript", "vbscript", "data", "blob", "file"):
                    return (f"a {scheme}: address could run a script or hide what the picture is; put the "
                            "picture in docs/assets/ and give its path")
                return ("an image from another site would make every reader's browser contact that site; put "
                        "the picture in docs/assets/ and give its path")
        elif scheme is not None and scheme not in URL_ATTRIBUTES[lname]:
            return (f"a {scheme}: address could run a script in the reader's browser or open something other "
                    "than a web page; link to a web page (https:), an email address (mailto:), a phone "
                    "number (tel:) or a page of this site instead")
    return None


def check_page(html: str, *, ids_only: bool = False) -> PageCheck:
    """Parse the page's content HTML once, as a browser would, and check it against the allow-list
    (`ids_only`: only collect the ids, for a finished page with the theme around it)."""
    result = PageCheck()
    root = LexborHTMLParser(html).root
    if root is None:
        return result
    if ids_only:
        result.ids = [node.attributes["id"] for node in root.traverse(include_text=False)
                      if "id" in node.attributes]
        result.duplicates = _duplicates(html, result.ids)
        return result
    lowered = html.lower()
    stack = [(root, False)]
    while stack:
        node, in_svg = stack.pop()
        tag = node.tag
        if tag.startswith("-") or tag == "!doctype":  # text, comments
            continue
        attrs = node.attributes
        eid = attrs.get("id")
        if eid is not None:
            result.ids.append(eid)
        now_svg = in_svg or tag == "svg"
        if tag in ("html", "head", "body"):
            # `<body onload=...>` in content adds its attributes to the page's own <body>.
            for name in attrs:
                result.unsafe.append(Finding(
                    f"contains <{tag} {name}=...>: a page may not give the page's <{tag}> attributes; remove it",
                    _line_of(lowered, f"<{tag}"), (f"<{tag}",)))
        elif tag not in (SVG_ELEMENTS if now_svg else HTML_ELEMENTS):
            active = tag in ACTIVE_ELEMENTS
            where = " inside <svg>" if in_svg else ""
            why = ("which could load, run or style something in the reader's browser" if active else
                   "which the site does not use (raw HTML is limited to the elements the site's own pages use)")
            result.unsafe.append(Finding(f"contains {_snippet(tag, attrs)}: pages may not have <{tag}> elements{where}, "
                                         f"{why}; remove it, or put it in `backticks` to show it as text",
                                         _line_of(lowered, f"<{tag}"), (f"<{tag}",)))
            if active:
                continue  # what is inside goes with it
            for name, value in attrs.items():
                found = (_attribute_message(tag, name, value or "", now_svg, False)
                         and _attribute_problem(tag, name, value or "", now_svg, known=False))
                if found:
                    result.unsafe.append(Finding(f"contains {_snippet(tag, attrs)}: {found[0]}",
                                                 _line_of(lowered, found[1][0]), found[1]))
        else:
            for name, value in attrs.items():
                found = (_attribute_message(tag, name, value or "", now_svg, True)
                         and _attribute_problem(tag, name, value or "", now_svg))
                if found:
                    problem, needles = found
                    result.unsafe.append(Finding(f"contains {_snippet(tag, attrs)}: {problem}",
                                                 _line_of(lowered, needles[0]), needles))
        stack.extend((child, now_svg) for child in reversed(list(node.iter(include_text=False))))
    if html.rfind("<!--") > html.rfind("-->"):
        result.unsafe.append(Finding("contains a comment '<!--' that is never closed with '-->': it would hide the "
                                     "rest of the page; close it or remove it", _line_of(lowered, "<!--"), ("<!--",)))
    result.duplicates = _duplicates(html, result.ids)
    return result


# ------------------------------------------------------------------ the answers kept between builds
# A page's HTML is the same from one build to the next until its text or data change, and
# check_page's answer depends on nothing but the HTML, this file's allow-list and the parser: so
# each answer is kept (macros/build_cache.py: .cache/page-html/), named by all three, and a later
# build with the same HTML reads it instead of walking the page's elements again (about 0.2 s of
# CPU a build). Any other HTML is checked afresh.
CHECK_CACHE_FOLDER = build_cache.FOLDER / "page-html"
_CHECK_CODE = build_cache.code_digest(__file__)  # this file as loaded: the allow-list


def check_to_bytes(check: PageCheck) -> bytes:
    return json.dumps(asdict(check)).encode("ascii")


def check_from_bytes(data: bytes) -> PageCheck:
    """The PageCheck check_to_bytes wrote (ValueError, KeyError or TypeError for other bytes)."""
    raw = json.loads(data.decode("utf-8"))
    return PageCheck(ids=[str(i) for i in raw["ids"]],
                     duplicates=[(str(eid), int(line)) for eid, line in raw["duplicates"]],
                     unsafe=[Finding(str(f["problem"]), int(f["html_line"]), tuple(map(str, f["needles"])))
                             for f in raw["unsafe"]])


def kept_check(html: str, *, ids_only: bool = False, folder: Path | None = CHECK_CACHE_FOLDER) -> PageCheck:
    """check_page(html, ids_only=...), from `folder` when this HTML was checked before."""
    text = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
    name = f"{build_cache.key(_CHECK_CODE, selectolax.__version__, ids_only, text)}.json"

    def whole(data: bytes) -> bool:
        try:
            check_from_bytes(data)
        except (ValueError, KeyError, TypeError):
            return False
        return True
    return check_from_bytes(build_cache.cached(folder, name, lambda: check_to_bytes(check_page(html, ids_only=ids_only)),
                                               whole))


def _duplicates(html: str, ids: list[str]) -> list[tuple[str, int]]:
    seen, out = set(), []
    for eid in ids:
        if eid in seen:
            uses = [m.start() for m in re.finditer(r"""\bid\s*=\s*["']?""" + re.escape(eid) + r"""(?=["'\s/>])""", html)]
            out.append((eid, html.count("\n", 0, uses[1]) + 1 if len(uses) > 1 else 0))
        seen.add(eid)
    return out


def unsafe_markup(html: str) -> list[Finding]:
    """Elements, attributes and addresses in the HTML that are not on the allow-list."""
    return check_page(html).unsafe


def duplicate_ids(html: str) -> list[tuple[str, int]]:
    """(id, line of its second use) for each id that more than one element has."""
    return check_page(html, ids_only=True).duplicates


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
