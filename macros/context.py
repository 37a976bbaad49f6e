"""The build's state in two explicit objects, never in module globals.

- BuildContext: made once per build by the plugin (plugin/__init__.py, on_config) from the
  loaded data and the values of mkdocs.yml; handed to the macros (macros/__init__.py) and to
  every build step. It holds the problems found while pages render.
- PageContext: made when a page starts (its citation numbering, its counters, where its
  Markdown starts in the file, so errors name the real line); the build context holds the page
  being rendered as `page`.

Nothing here imports MkDocs: the plugin gives the context the one MkDocs helper it needs
(`relative_url`), so the same objects work under any engine that runs Python-Markdown."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from .errors import DataError
from .rendering import page_error
from .site_data import SiteData, load_all_kept_digest, organisation_names
from .sources import CitationTracker
from .term_markdown import TermMatcher


@dataclass
class PageContext:
    """The page being rendered."""
    file: str                 # the page as messages name it: 'docs/options/index.md'
    src_uri: str              # its path in docs/: 'options/index.md'
    url: str                  # its address in the site: 'options/'
    tracker: CitationTracker  # its citations, numbered in order of first use
    source: str = ""          # the file's text (to name the line of a problem)
    offset: int = 0           # lines of the file before the Markdown that Jinja renders
    term_count: int = 0       # explanations made by the term() macro so far
    figure_count: int = 0     # figures drawn so far
    picture_count: int = 0    # pictures (macros/pictures.py) drawn so far

    def error(self, problem: str, template_line: int | None = None) -> DataError:
        return page_error(self.file, self.source, self.offset, problem, template_line)


@dataclass
class BuildContext:
    """One build: the checked data, the values the build uses from mkdocs.yml, the kind of
    build, and the problems found while pages render."""
    project: Path
    docs: Path
    data: SiteData
    site_url: str
    site_name: str
    extra: dict
    relative_url: Callable[[str, str], str]   # (target URL, from page URL) -> relative link
    kind: str = "site"
    pdfs: bool = False   # this build makes the handout PDFs (scripts/build.py --pdfs): link to them
    matcher: Optional[TermMatcher] = None
    problems: list[DataError] = field(default_factory=list)
    page: Optional[PageContext] = None
    site_author: str = ""   # mkdocs.yml site_author: who wrote the guide (printed on every handout)
    # A SHA-256 of everything the data was loaded from (site_data.inputs_digest: data files,
    # docs/, reviews/, the code of macros/, the day, versions); names a page's kept macro output.
    inputs: str = ""
    macro_names: frozenset = frozenset()  # the page macros of macros/__init__.py (define_env)

    def rel(self, target_url: str) -> str:
        """`target_url` (a site address such as 'glossary/') relative to the page being rendered."""
        return self.relative_url(target_url, self.page.url if self.page else "")

    def report(self, problem: str, template_line: int | None = None) -> None:
        """A problem in the page being rendered, at the line of its template."""
        if self.page is None:
            self.problems.append(DataError("a page", problem))
        else:
            self.problems.append(self.page.error(problem, template_line))

    def start_page(self, file: str, src_uri: str, url: str, source: str, offset: int) -> PageContext:
        self.page = PageContext(file, src_uri, url, CitationTracker(self.data.sources, self.data.words), source, offset)
        return self.page


def new_build(project: Path, docs: Path, site_url: str, site_name: str, extra: dict,
              relative_url: Callable[[str, str], str], kind: str = "site") -> BuildContext:
    """Load and check every data file and page (DataError(s) if anything is wrong), and make the
    build's context. Reviews falling due are printed, not raised: they must not fail a strict build."""
    data, inputs = load_all_kept_digest(project, docs)
    for warning in data.warnings:
        print(f"REVIEW DUE - {warning} (a reminder: the build goes on)", file=sys.stderr)
    ctx = BuildContext(project, docs, data, site_url, site_name, extra, relative_url, kind, inputs=inputs)
    # Never explain a word inside an organisation's name or the site's own name ("After CAR T").
    ctx.matcher = TermMatcher(data.terms, organisation_names(data.sources, data.get_help) + [site_name])
    return ctx
