"""mkdocs-macros entry point: wiring only. The logic lives in one module per concern:
glossary.py, sources.py, decision_tree.py, pages.py (front matter and macro ids),
term_markdown.py (explaining terms where they are used), site_data.py (load + cross-check)."""
from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from . import decision_tree, glossary, sources
from .checklists import ChecklistExtension
from .errors import DataError, DataErrors
from .pages import us_date
from .site_data import load_all
from .term_markdown import TermExtension, TermMatcher

_state: dict = {}


def define_env(env):
    project = Path(env.project_dir)
    docs = Path(env.conf["docs_dir"])
    try:
        data = load_all(project, docs)
    except (DataError, DataErrors) as e:
        raise PluginError("The guide's data has a problem, so nothing was built.\n" + str(e)) from None
    _state["data"] = data
    _state["matcher"] = TermMatcher(data.terms)
    env.conf["markdown_extensions"].append(TermExtension(_state["matcher"]))
    env.conf["markdown_extensions"].append(ChecklistExtension())

    def tracker() -> sources.CitationTracker:
        return _state["tracker"]

    def rel(target_url: str) -> str:
        return get_relative_url(target_url, env.page.url if env.page else "")

    @env.macro
    def cite(*ids):
        """In-text citation(s), numbered per page; the page's Sources list is added at the end."""
        return tracker().cite(*ids)

    @env.macro
    def term(term_id, text=None):
        """Explain a glossary term here, even if it is not its first use."""
        t = data.terms[term_id]
        _state["term_count"] += 1
        return glossary.render_explained(t, text or t.term, rel("glossary/"), f"term-tip-m-{_state['term_count']}")

    @env.macro
    def glossary_page():
        return glossary.render_glossary_page(data.terms, tracker().cite)

    @env.macro
    def bibliography():
        return sources.render_bibliography(data.sources)

    @env.macro
    def decision_guide():
        return decision_tree.render_guide(data.tree, tracker().cite, lambda page: "/" + page)

    @env.macro
    def options_comparison():
        return decision_tree.render_comparison(data.tree, tracker().cite, lambda page: "/" + page)

    @env.macro
    def glossary_count():
        return len(data.terms)

    @env.macro
    def source_count():
        return len(data.sources)


def on_pre_page_macros(env):
    """Fresh citation numbering per page; review dates written out for the template."""
    _state["tracker"] = sources.CitationTracker(_state["data"].sources)
    _state["term_count"] = 0
    meta = env.page.meta
    for key in ("last_reviewed", "next_review"):
        if key in meta and hasattr(meta[key], "strftime"):
            meta[f"{key}_text"] = us_date(meta[key])


def on_post_page_macros(env):
    """End each page with the list of sources it cited."""
    url = get_relative_url("sources/", env.page.url)
    env.markdown += _state["tracker"].page_sources(url)
