"""The site's own stylesheets and scripts, each served as one file named by its content.

mkdocs.yml lists them (extra_css, extra_javascript) in the order they apply; the build joins
each list into one file, `assets/stylesheets/site.<hash>.css` and
`assets/javascripts/site.<hash>.js`, with the words of strings.yml filled in (strings.py,
fill_asset), and the pages link only those two: two requests instead of six, and a name that
changes whenever the content does, so a host may let browsers keep them for a year. The source
files stay as they are in docs/assets/ for editing; the built site holds only the joined ones."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError
from .strings import ASSETS_WITH_WORDS, Words, fill_asset


@dataclass(frozen=True)
class Bundle:
    path: str          # where it is written in the site
    content: str
    parts: tuple[str, ...]  # the source files it joins, in order


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
        texts.append(f"/* {part} */\n{text.rstrip()}\n")
    for name, text in more:  # a center's colors and stylesheet (center.py), after the site's own
        texts.append(f"/* {name} */\n{text.rstrip()}\n")
    content = "\n".join(texts)
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
