"""MkDocs hook: stop the build with ONE message listing every problem found while the pages
render. A documented exception to "logic in macros' define_env" (see DESIGN.md): mkdocs-macros
has no event after the last page renders, and MkDocs' own events are needed for the HTML.

- on_page_content: check the HTML of the page's own content (not the theme around it) for
  raw HTML that could run a script, and for ids used twice (macros/page_html.py).
- on_env: runs after every page has rendered and before MkDocs writes any file; if anything
  was recorded (here, or by macros/rendering.py for macro calls), stop with all of it.
- on_post_page: the finished page (theme included) may not use an id twice either; the theme's
  ids start with '__', which pages cannot use, so this is a last check that stops at once.

The logic is in small pure functions in macros/; this file only connects them to MkDocs.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import page_html, rendering  # noqa: E402
from macros.errors import DataError, DataErrors  # noqa: E402
from macros.loading import read_text  # noqa: E402


def _page_file(page, config) -> str:
    return f"{Path(config['docs_dir']).name}/{page.file.src_uri}"


def _source(page) -> str:
    try:
        return read_text(Path(page.file.abs_src_path), page.file.src_uri)
    except DataError:
        return ""


def on_page_content(html, page, config, files):
    file, source = _page_file(page, config), None
    for f in page_html.unsafe_markup(html):
        source = _source(page) if source is None else source
        line = page_html.source_line(source, *f.needles)
        rendering.record(DataError(file, f.problem + ("" if line else " (it is not in the page's own text: "
                                                      "look in the data the page shows)"), line=line))
    for eid, _ in page_html.duplicate_ids(html):
        source = _source(page) if source is None else source
        lines = page_html.id_lines(source, eid)
        owner = page_html.site_id_owner(eid)
        where = f" (the page gives it on lines {', '.join(map(str, lines))})" if len(lines) > 1 else ""
        rendering.record(DataError(file, f"the id '{eid}' is used by two elements on the page{where}"
                                   + (f"; the site gives it to {owner}" if owner else "")
                                   + ": give one of them another id, or if a guide step, glossary term or "
                                   "source has it, rename that", line=lines[-1] if lines else None))
    return html


def on_env(env, config, files):
    problems = rendering.problems()
    if problems:
        raise PluginError("The pages have problems, so nothing was built.\n" + DataErrors(problems).message)
    return env


def on_post_page(output, page, config):
    dups = page_html.duplicate_ids(output)
    if dups:
        ids = ", ".join(f"'{eid}'" for eid, _ in dups)
        raise PluginError(f"{_page_file(page, config)}: the finished page uses the id(s) {ids} twice "
                          "(once in the page, once in the theme): give the page's element another id")
    return output
