"""The site's own stylesheets and scripts, each served as one file named by its content.

mkdocs.yml lists them (extra_css, extra_javascript) in the order they apply; the build joins
each list into one file, `assets/stylesheets/site.<hash>.css` and
`assets/javascripts/site.<hash>.js`, with the words of strings.yml filled in (strings.py,
fill_asset), and the pages link only those two: two requests instead of six, and a name that
changes whenever the content does, so a host may let browsers keep them for a year. The source
files stay as they are in docs/assets/ for editing; the built site holds only the joined ones.
The stylesheet is written without comments and extra white space (css_reduce.minify_css,
tinycss2's parse; every rule kept in order), a stylesheet that does not parse stops the build."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

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
        texts.append(_minified(f"docs/{part}", text) if kind == "css" else f"/* {part} */\n{text.rstrip()}\n")
    for name, text in more:  # a center's colors and stylesheet (center.py), after the site's own
        texts.append(_minified(name, text) if kind == "css" else f"/* {name} */\n{text.rstrip()}\n")
    content = ("" if kind == "css" else "\n").join(texts)
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
