"""Problems found while pages render, reported with the page and the real line in the file.

mkdocs-macros renders each page's Jinja (macro calls, variables, includes) inside its own
try/except: on an error it prints a Python traceback, and counts lines from the end of the
front matter. Here a page's template is compiled first (a syntax error is recorded with its
line) and rendered by ReportingTemplate, which records any error with the line of the call in
the Markdown file and renders the page as empty. The HTML checks (page_html.py) record their
findings here too. hooks/report_errors.py stops the build with all of them in one message once
every page has rendered, before MkDocs writes any file.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass, field

import jinja2

from .errors import DataError, MacroCallError


@dataclass
class _PageBeingRendered:
    file: str = ""
    offset: int = 0  # lines in the file before the Markdown that Jinja sees
    source: str = ""


@dataclass
class _Report:
    problems: list[DataError] = field(default_factory=list)
    page: _PageBeingRendered = field(default_factory=_PageBeingRendered)


_report = _Report()


def reset() -> None:
    """Forget the problems of an earlier build (`mkdocs serve` rebuilds in one process)."""
    _report.problems.clear()
    _report.page = _PageBeingRendered()


def record(problem: DataError) -> None:
    _report.problems.append(problem)


def problems() -> list[DataError]:
    return list(_report.problems)


def body_offset(source: str, markdown: str) -> int:
    """How many lines of the file come before `markdown` (the page after its front matter)."""
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0


def start_page(file: str, source: str, markdown: str) -> None:
    _report.page = _PageBeingRendered(file, body_offset(source, markdown), source)


def page_error(problem: str, template_line: int | None) -> DataError:
    """A DataError for the page being rendered, at the line in the file."""
    page = _report.page
    line = template_line + page.offset if template_line else None
    if line:
        text = page.source.splitlines()[line - 1].strip() if line <= page.source.count("\n") + 1 else ""
        if text and len(text) <= 100:
            problem += f" (the line reads: {text})"
    return DataError(page.file or "a page", problem, line=line)


def syntax_problem(env: jinja2.Environment, markdown: str) -> DataError | None:
    """Compile the page's template; a mistake in the macro syntax becomes a DataError."""
    try:
        env.compile(markdown)
    except jinja2.TemplateSyntaxError as e:
        return page_error(f"macro syntax error: {e.message.rstrip('.')}. A macro call looks like "
                          "{{ cite(\"descart-2022\") }}; to show {{ as text, write {{ '{{' }}", e.lineno)
    except RecursionError:
        return page_error("the macro code is nested too deeply to read (too many brackets inside each other)", None)
    return None


def describe(exc: BaseException) -> str:
    """An error raised while rendering, in plain words."""
    if isinstance(exc, MacroCallError):
        return exc.problem
    if isinstance(exc, DataError):
        return exc.problem
    if isinstance(exc, jinja2.UndefinedError):
        return (f"{exc.message}: the page uses a name that is not one of the site's macros or "
                "variables (misspelt? the macros are listed in EDITING.md)")
    if isinstance(exc, jinja2.TemplateNotFound):
        return (f"includes '{exc.name}', which does not exist: the path is relative to docs/")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"macro syntax error in '{exc.name or 'an included file'}', line {exc.lineno}: {exc.message}"
    if isinstance(exc, RecursionError):
        return "the macro code is nested too deeply to run"
    return f"a macro call failed: {type(exc).__name__}: {exc}"


def template_line(exc: BaseException) -> int | None:
    """The line, in the page's own template, of the call that failed (Jinja rewrites the
    traceback so template frames carry template line numbers)."""
    lines = [lineno for frame, lineno in traceback.walk_tb(exc.__traceback__)
             if frame.f_code.co_filename == "<template>"]
    return lines[-1] if lines else getattr(exc, "lineno", None)


class ReportingTemplate(jinja2.Template):
    """A Jinja template that records an error instead of raising it (so mkdocs-macros prints no
    traceback) and renders as empty; the build stops once all pages are rendered."""

    def render(self, *args, **kwargs) -> str:
        try:
            return super().render(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - every error becomes one plain message
            record(page_error(describe(exc), template_line(exc)))
            return ""
