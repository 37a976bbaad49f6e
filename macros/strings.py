"""strings.yml: every word the site shows outside page content, kept once (templates, macro
labels, print, handouts, the builder's script, the not-found page).

The file is groups of keys (`guide:` then `step: "Step {n}: {question}"`); the site asks for a
text by its dotted key, `words("guide.step", n=2, question=...)`, and fills in the `{names}`.
A text is one line of plain text. A key the site asks for that the file lacks, or a `{name}`
the site does not fill in, stops the build naming the file and the key."""
from __future__ import annotations

import json
import re
from string import Formatter
from pathlib import Path
from types import MappingProxyType
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, RootModel

from .errors import DataError
from .escaping import html_text
from .loading import plain_text, read_yaml, validate

FILE = "strings.yml"
KEY = r"^[a-z][a-z0-9_]*$"
MAX_CHARS = 500


def _one_line(value: str) -> str:
    if isinstance(value, str) and "\n" in value.strip():
        raise ValueError("must be one line of text")
    return value


Text = Annotated[str, AfterValidator(plain_text), AfterValidator(_one_line), Field(max_length=MAX_CHARS)]
Group = dict[Annotated[str, Field(pattern=KEY)], Text]


class StringsFile(RootModel[dict[Annotated[str, Field(pattern=KEY)], Group]]):
    """Groups of texts: `group: {key: text}`. Every text is one line of plain text (at most
    500 characters); `{name}` marks a value the site fills in."""
    model_config = ConfigDict(defer_build=True)  # built when a strings.yml is checked (site_data.py)


class Words:
    """The texts of strings.yml, read by dotted key. Read-only."""

    def __init__(self, table: dict[str, str], file: str = FILE):
        self._table = MappingProxyType(dict(table))
        self.file = file

    def __call__(self, key: str, **values) -> str:
        try:
            text = self._table[key]
        except KeyError:
            group, _, name = key.partition(".")
            raise DataError(self.file, f"has no text for '{name}' in the group '{group}' (a word the site shows): "
                            "add it", field=key) from None
        if not values:
            return text
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError) as e:
            raise DataError(self.file, f"the text uses a {{name}} the site does not fill in ({e}); the site "
                            f"fills in: {', '.join('{' + v + '}' for v in values)}", field=key) from None

    def html(self, key: str, **values) -> str:
        """The text escaped for HTML text, with `values` (already HTML) filled in as they are."""
        return self._escaped(key, html_text, values)

    def md(self, key: str, **values) -> str:
        """The text escaped for Markdown (shown as written), with `values` (already Markdown or
        HTML) filled in as they are."""
        from .claims import md_text
        return self._escaped(key, md_text, values)

    def _escaped(self, key: str, escape, values: dict) -> str:
        text = self(key)
        out = []
        try:
            for literal, name, spec, conversion in Formatter().parse(text):
                out.append(escape(literal))
                if name is not None:
                    out.append(str(values[name]))
        except (KeyError, ValueError) as e:
            raise DataError(self.file, f"the text uses a {{name}} the site does not fill in ({e}); the site "
                            f"fills in: {', '.join('{' + v + '}' for v in values) or 'nothing'}", field=key) from None
        return "".join(out)

    def date(self, d) -> str:
        """A date in the reader's words: 'December 1, 2026'."""
        return self("dates.format", month=self(f"dates.month_{d.month}"), day=d.day, year=d.year)

    def keys(self):
        return self._table.keys()

    def group_json(self, group: str) -> str:
        """One group as a JSON object (for a script), keys without the group name."""
        prefix = group + "."
        return json.dumps({k[len(prefix):]: v for k, v in self._table.items() if k.startswith(prefix)},
                          ensure_ascii=False, sort_keys=True)


def load_strings(path: Path) -> Words:
    data = validate(StringsFile, read_yaml(path), FILE)
    return Words({f"{g}.{k}": v for g, texts in data.root.items() for k, v in texts.items()})


_TOKEN = re.compile(r"\[\[([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)\]\]")


def fill_asset(text: str, words: Words, kind: str) -> str:
    """A stylesheet or script of the site with each `[[group.key]]` (written inside a string in
    the file) replaced by the text, escaped for that kind of string ("css" or "js")."""
    def escaped(m: re.Match) -> str:
        value = words(m.group(1))
        if kind == "js":
            return json.dumps(value)[1:-1].replace("</", "<\\/")
        return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return _TOKEN.sub(escaped, text)


# The site's stylesheets and scripts that show words: each "[[group.key]]" in them is filled in
# from strings.yml when the site is built (the plugin's on_files).
ASSETS_WITH_WORDS = {"assets/stylesheets/print.css": "css", "assets/javascripts/questions.js": "js",
                     "assets/javascripts/terms.js": "js"}
