"""mkdocs-macros entry point: wiring only. The logic lives in one module per concern:
glossary.py, sources.py, decision_tree.py, pages.py (front matter and macro ids),
term_markdown.py (explaining terms where they are used), site_data.py (load + cross-check),
loading.py (the one YAML loader), macro_calls.py (checking macro arguments), rendering.py and
page_html.py (problems found while pages render, reported by hooks/report_errors.py)."""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from . import decision_tree, glossary, rendering, sources
from .checklists import ChecklistExtension
from .errors import DataError, DataErrors, MacroCallError
from .loading import read_text
from .macro_calls import checked
from .pages import us_date
from .site_data import load_all
from .term_markdown import TermExtension, TermMatcher

REPORTING_HOOK = "hooks/report_errors.py"
_state: dict = {}


def define_env(env):
    project = Path(env.project_dir)
    docs = Path(env.conf["docs_dir"])
    rendering.reset()
    hooks = [str(getattr(m, "__file__", "")).replace("\\", "/") for m in (env.conf.get("hooks") or {}).values()]
    if not any(h.endswith(REPORTING_HOOK) for h in hooks):
        raise PluginError(f"mkdocs.yml, field 'hooks': must list {REPORTING_HOOK}; without it, mistakes "
                          "in macro calls would not stop the build")
    try:
        data = load_all(project, docs)
    except (DataError, DataErrors) as e:
        raise PluginError("The guide's data has a problem, so nothing was built.\n" + str(e)) from None
    for warning in data.warnings:
        # Printed, not logged: a review falling due must not fail `mkdocs build --strict`.
        print(f"REVIEW DUE - {warning} (a reminder: the build goes on)", file=sys.stderr)
    _state["data"] = data
    _state["docs"] = docs
    _state["matcher"] = TermMatcher(data.terms)
    env.conf["markdown_extensions"].append(TermExtension(_state["matcher"]))
    env.conf["markdown_extensions"].append(ChecklistExtension())

    def tracker() -> sources.CitationTracker:
        return _state["tracker"]

    def rel(target_url: str) -> str:
        return get_relative_url(target_url, env.page.url if env.page else "")

    @env.macro
    @checked('cite("descart-2022"), or several ids: cite("descart-2022", "zurko-2023-outcomes")')
    def cite(*ids):
        """In-text citation(s), numbered per page; the page's Sources list is added at the end."""
        return tracker().cite(*ids)

    @env.macro
    @checked('term("antigen-escape"), or with your own words: term("antigen-escape", "the target went missing")')
    def term(term_id, text=None):
        """Explain a glossary term here, even if it is not its first use."""
        t = data.terms.get(term_id)
        if t is None:
            raise MacroCallError(f"term('{term_id}'): there is no term with this id in glossary.yml")
        _state["term_count"] += 1
        return glossary.render_explained(t, text or t.term, rel("glossary/"), f"term-tip-m-{_state['term_count']}")

    @env.macro
    @checked("glossary_page() (no values)")
    def glossary_page():
        return glossary.render_glossary_page(data.terms, tracker().cite)

    @env.macro
    @checked("bibliography() (no values)")
    def bibliography():
        return sources.render_bibliography(data.sources)

    @env.macro
    @checked("decision_guide() (no values)")
    def decision_guide():
        return decision_tree.render_guide(data.tree, tracker().cite, lambda page: "/" + page)

    @env.macro
    @checked("options_comparison() (no values)")
    def options_comparison():
        return decision_tree.render_comparison(data.tree, tracker().cite, lambda page: "/" + page)

    @env.macro
    @checked("glossary_count() (no values)")
    def glossary_count():
        return len(data.terms)

    @env.macro
    @checked("source_count() (no values)")
    def source_count():
        return len(data.sources)


def on_pre_page_macros(env):
    """Fresh citation numbering per page; review dates written out for the template; errors in
    the page's macros recorded with the line in the file (see rendering.py)."""
    _state["tracker"] = sources.CitationTracker(_state["data"].sources)
    _state["term_count"] = 0
    env.env.template_class = rendering.ReportingTemplate
    file = env.page.file
    rendering.start_page(f"{_state['docs'].name}/{file.src_uri}",
                         read_text(Path(file.abs_src_path), file.src_uri), env.markdown)
    problem = rendering.syntax_problem(env.env, env.markdown)
    if problem:
        rendering.record(problem)
        env.markdown = ""
    meta = env.page.meta
    for key in ("last_reviewed", "next_review"):
        if key in meta and hasattr(meta[key], "strftime"):
            meta[f"{key}_text"] = us_date(meta[key])


def on_post_page_macros(env):
    """End each page with the list of sources it cited."""
    url = get_relative_url("sources/", env.page.url)
    env.markdown += _state["tracker"].page_sources(url)
