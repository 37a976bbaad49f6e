"""The site's own stylesheets and scripts, each served as one file named by its content.

mkdocs.yml lists them (extra_css, extra_javascript) in the order they apply; the build joins
each list into one file, `assets/stylesheets/site.<hash>.css` and
`assets/javascripts/site.<hash>.js`, with the words of strings.yml filled in (strings.py,
fill_asset), and the pages link only those two: two requests instead of six, and a name that
changes whenever the content does, so a host may let browsers keep them for a year. The source
files stay as they are in docs/assets/ for editing; the built site holds only the joined ones.
The stylesheet is written without comments and extra white space (css_reduce.minify_css,
tinycss2's parse; every rule kept in order), a stylesheet that does not parse stops the build.
Every script of the site's own (the joined one and those pages load alone, such as
search-on-demand.js) is written without comments and extra white space too (rjsmin, a
well-kept minifier with a C core; it keeps strings, template literals and regular expressions):
2.8 KB less on every first view.
A part of the joined script that only some pages need (`SCRIPT_ONLY_FOR`: the questions
builder, on handouts) is left out of a second joined file, `lighter_bundle`, which the pages
that hold none of the elements it acts on link instead (`with_lighter_script`): 2.3 KB less on
those pages' first view, and each page still loads one script of the site's own."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import rjsmin

from .css_reduce import CSSError, kept_minify_css
from .errors import DataError
from .strings import ASSETS_WITH_WORDS, Words, fill_asset


@dataclass(frozen=True)
class Bundle:
    path: str          # where it is written in the site
    content: str
    parts: tuple[str, ...]  # the source files it joins, in order


def _minified(name: str, css: str) -> str:
    """A stylesheet without its comments and extra white space (css_reduce.minify_css): 42% of
    the site's stylesheet was comments and indentation (10.1 KB compressed before, 5.7 after).
    Kept between builds by the stylesheet's text (css_reduce.kept_minify_css)."""
    try:
        return kept_minify_css(css)
    except CSSError as e:
        raise DataError(name, f"the stylesheet cannot be read here: {e.message}", line=e.line, column=e.column) from None


def minify_js(script: str) -> str:
    """A script without comments and extra white space; the same statements."""
    return rjsmin.jsmin(script).strip() + "\n"


def own_script(src_uri: str) -> bool:
    """A script of the site's own, from docs/ (Material's bundle and workers come from the theme
    and are minified already)."""
    return src_uri.startswith("assets/javascripts/") and src_uri.endswith(".js")


def _bundle(kind: str, folder: str, suffix: str, parts: list[str], docs: Path, words: Words,
            more: tuple[tuple[str, str], ...] = ()) -> Bundle:
    texts = []
    for part in parts:
        text = (docs / part).read_text(encoding="utf-8")
        if part in ASSETS_WITH_WORDS:
            try:
                text = fill_asset(text, words, ASSETS_WITH_WORDS[part])
            except DataError as e:
                raise DataError(e.file, f"{e.problem} (asked for by docs/{part})", field=e.field) from None
        texts.append(_minified(f"docs/{part}", text) if kind == "css" else text)
    for name, text in more:  # a center's colors and stylesheet (center.py), after the site's own
        texts.append(_minified(name, text) if kind == "css" else text)
    content = "".join(texts) if kind == "css" else minify_js("\n".join(texts))
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:10]
    return Bundle(f"{folder}/site.{digest}.{suffix}", content, tuple(parts))


def bundles(extra_css: list[str], extra_javascript: list[str], docs: Path, words: Words,
            more_css: tuple[tuple[str, str], ...] = ()) -> list[Bundle]:
    """One stylesheet and one script joining the site's own files (none when a list is empty);
    `more_css`: (name, CSS) of a center's copy, joined after the site's own stylesheets."""
    out = []
    if extra_css:
        out.append(_bundle("css", "assets/stylesheets", "css", extra_css, docs, words, more_css))
    if extra_javascript:
        out.append(_bundle("js", "assets/javascripts", "js", extra_javascript, docs, words))
    return out


# Parts of the joined script that only some pages need: the part and the attributes of the
# elements it acts on (questions.js: the builder and the print buttons, only on handouts).
SCRIPT_ONLY_FOR = {"assets/javascripts/questions.js": ("data-questions", "data-builder", "data-print")}


def lighter_bundle(extra_javascript: list[str], docs: Path, words: Words) -> Bundle | None:
    """The site's joined script without the parts of SCRIPT_ONLY_FOR (None when none is in it)."""
    parts = [p for p in extra_javascript if p not in SCRIPT_ONLY_FOR]
    if not parts or len(parts) == len(extra_javascript):
        return None
    return _bundle("js", "assets/javascripts", "js", parts, docs, words)


def _acted_on(attributes: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"<[a-zA-Z][^>]*\s(?:" + "|".join(map(re.escape, attributes)) + r")(?=[\s=/>])")


_NEEDS = [_acted_on(attrs) for attrs in SCRIPT_ONLY_FOR.values()]


def needs_full_script(html: str) -> bool:
    """Whether a page holds an element that a left-out part acts on (an attribute of _NEEDS). The
    pattern is searched only in pages that hold one of its attribute names at all (14 of 234
    built pages): run on every page it cost about 25 ms of CPU a build."""
    return any(any(name in html for name in attrs) and pattern.search(html) is not None
               for attrs, pattern in zip(SCRIPT_ONLY_FOR.values(), _NEEDS))


def with_lighter_script(html: str, full: Bundle, lighter: Bundle | None) -> str:
    """A built page linking the lighter script instead of the full one when it holds no element
    that a left-out part acts on; otherwise as it is."""
    if lighter is None or needs_full_script(html):
        return html
    old, new = full.path.rsplit("/", 1)[1], lighter.path.rsplit("/", 1)[1]
    return html.replace(f'javascripts/{old}"', f'javascripts/{new}"')
