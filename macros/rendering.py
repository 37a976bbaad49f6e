"""Problems found while pages render, reported with the page and the real line in the file.

mkdocs-macros renders each page's Jinja (macro calls, variables, includes) inside its own
try/except: on an error it prints a Python traceback, and counts lines from the end of the
front matter. Here a page's template is compiled first (a syntax error becomes a problem with
its line) and rendered by the build's reporting template class, which turns any error into a
problem with the line of the call in the Markdown file and renders the page as empty. The HTML
checks (page_html.py) add their findings to the same list. The plugin stops the build with all
of them in one message once every page has rendered, before any file is written.

Nothing here keeps state: the problems and the page being rendered belong to the build's
context (context.py), which is handed in.
"""
from __future__ import annotations

import traceback
from typing import Callable

import jinja2

from . import template_cache
from .errors import DataError, MacroCallError


def body_offset(source: str, markdown: str) -> int:
    """How many lines of the file come before `markdown` (the page after its front matter)."""
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n")
    return 0


def page_error(file: str, source: str, offset: int, problem: str, template_line: int | None) -> DataError:
    """A DataError for a page (`file`, its `source` text, `offset` lines before the Markdown that
    Jinja sees), at the line in the file."""
    line = template_line + offset if template_line and source else None  # no text: no line to name
    if line:
        text = source.splitlines()[line - 1].strip() if line <= source.count("\n") + 1 else ""
        if text and len(text) <= 100:
            problem += f" (the line reads: {text})"
    return DataError(file or "a page", problem, line=line)


def compile_once(env: jinja2.Environment, replaying: Callable[[str], bool] | None = None) -> None:
    """Let `env` reuse the code it compiled last for the same text: syntax_problem() compiles a
    page's template to check it, and mkdocs-macros then compiles the same text again to render it
    (about 0.02 s of CPU a page). The code is the same; only the second compile is left out. A
    page compiled in an earlier build is loaded from .cache/jinja/ (template_cache.py). A text
    for which `replaying(text)` is true (a page whose kept output macros/page_cache.py replays
    instead of rendering it) gets the code of an empty template: it is never run."""
    if getattr(env, "_compile_once", False):
        return
    original = env.compile
    last: list = [None, None]
    empty: list = []

    def compile(source, name=None, filename=None, raw=False, defer_init=False):
        if replaying is not None and not raw and replaying(source):
            if not empty:
                empty.append(original("", None, None, False, False))
            return empty[0]
        key = (source, name, filename, raw, defer_init)
        if last[0] != key:
            if raw:
                last[1] = original(source, name, filename, raw, defer_init)  # an error: nothing kept
            else:  # the code an earlier build compiled from the same text (template_cache.py)
                last[1] = template_cache.compiled_code(
                    env, lambda: original(source, name, filename, raw, defer_init), source, name, filename, defer_init)
            last[0] = key
        return last[1]

    env.compile = compile
    env._compile_once = True


def syntax_problem(env: jinja2.Environment, markdown: str) -> tuple[str, int | None] | None:
    """Compile the page's template: (problem, line in the template) for a mistake in the macro
    syntax, or None."""
    try:
        env.compile(markdown)
    except jinja2.TemplateSyntaxError as e:
        return (f"macro syntax error: {e.message.rstrip('.')}. A macro call looks like "
                "{{ cite(\"descart-2022\") }}; to show {{ as text, write {{ '{{' }}", e.lineno)
    except RecursionError:
        return "the macro code is nested too deeply to read (too many brackets inside each other)", None
    return None


def describe(exc: BaseException) -> str:
    """An error raised while rendering, in plain words."""
    if isinstance(exc, MacroCallError):
        return exc.problem
    if isinstance(exc, DataError):  # a data file the macro read (strings.yml...): name it too
        return exc.message
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


def reporting_template(report: Callable[[str, int | None], None],
                       replay: Callable[[], str | None] | None = None) -> type[jinja2.Template]:
    """A Jinja template class that hands an error to `report(problem, template line)` instead of
    raising it (so mkdocs-macros prints no traceback) and renders as empty; the build stops
    once all pages are rendered. `replay()`, asked first, may give the page's kept output
    (macros/page_cache.py): then the template is not rendered."""

    class ReportingTemplate(jinja2.Template):
        def render(self, *args, **kwargs) -> str:
            if replay is not None:
                kept = replay()
                if kept is not None:
                    return kept
            try:
                return super().render(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every error becomes one plain message
                report(describe(exc), template_line(exc))
                return ""

    return ReportingTemplate
