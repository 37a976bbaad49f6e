"""Load every data file once, cross-check them against each other and the pages."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import cancers as cancers_mod
from . import search_keywords
from .cancers import Cancers, load_cancers
from .decision_tree import FILE as TREE_FILE, Tree, load_tree
from .errors import DataError
from .figures import FILE as FIGURES_FILE, Figure, load_figures
from .get_help import FILE as HELP_FILE, GetHelp, load_get_help
from .glossary import FILE as GLOSSARY_FILE, Term, load_glossary
from .pages import PageInfo, scan_pages
from .questions import FILE as QUESTIONS_FILE, Topic, load_questions
from .sources import Source, load_sources


@dataclass
class SiteData:
    terms: dict[str, Term]
    sources: dict[str, Source]
    tree: Tree
    cancers: Cancers
    figures: dict[str, Figure]
    get_help: GetHelp
    questions: dict[str, Topic]
    pages: list[PageInfo]
    keywords: dict[str, list[str]]  # docs path -> search-only keywords (search_keywords.py)


def tree_source_refs(tree: Tree):
    """(file, entry, field, source id) for every source the tree names."""
    for owner in list(tree.options.values()) + tree.outcomes():
        for field, claims in owner.claims().items():
            for i, c in enumerate(claims):
                for sid in c.sources:
                    yield TREE_FILE, owner.id, f"{field}[{i}].sources", sid


def organisation_names(sources: dict[str, Source], get_help: GetHelp) -> list[str]:
    """Names of organisations the site mentions (from sources.yml and get-help.yml), and the
    names inside them ("Blood Cancer United (formerly The Leukemia & Lymphoma Society)" gives
    both): a glossary word inside such a name is never explained."""
    found: list[str] = []
    raw = [s.authors for s in sources.values() if s.type != "journal"]
    raw += [s.container for s in sources.values() if s.type != "journal"]
    raw += [line.name for line in get_help.lines.values()]
    for text in raw:
        for part in re.split(r"\s*[(),]\s*|\bformerly\s+", text):
            part = part.strip()
            if len(part.split()) >= 2 and part[:1].isupper() and part not in found:
                found.append(part)
                if part.startswith("The "):
                    found.append(part[4:])
    return found


def load_all(project_dir: Path, docs_dir: Path) -> SiteData:
    sources = load_sources(project_dir / "sources.yml")
    terms = load_glossary(project_dir / GLOSSARY_FILE)
    tree = load_tree(project_dir / TREE_FILE)
    cancers = load_cancers(project_dir / cancers_mod.FILE, tree)
    figures = load_figures(project_dir / FIGURES_FILE)
    get_help = load_get_help(project_dir / HELP_FILE)
    questions = load_questions(project_dir / QUESTIONS_FILE)
    refs = [(GLOSSARY_FILE, t.id, "sources", sid) for t in terms.values() for sid in t.sources]
    refs += list(tree_source_refs(tree))
    refs += list(cancers_mod.source_refs(cancers))
    refs += [(FIGURES_FILE, f.id, "source", f.source) for f in figures.values()]
    refs += list(get_help.source_refs())
    for file, entry, field, sid in refs:
        if sid not in sources:
            raise DataError(file, f"source '{sid}' is not in sources.yml", entry=entry, field=field)
    for o in tree.options.values():
        if not (docs_dir / o.page).is_file():
            raise DataError(TREE_FILE, f"page 'docs/{o.page}' does not exist", entry=o.id, field="page")
    for c in cancers.cancers.values():
        if not (docs_dir / c.page).is_file():
            raise DataError(cancers_mod.FILE, f"page 'docs/{c.page}' does not exist", entry=c.id, field="page")
        for i, fid in enumerate(c.figures):
            if fid not in figures:
                raise DataError(cancers_mod.FILE, f"figure '{fid}' is not in figures.yml", entry=c.id, field=f"figures[{i}]")
    pages = scan_pages(docs_dir, set(sources), set(terms))
    used = {sid for p in pages for sid in p.cited} | {r[3] for r in refs}
    for sid in sources:
        if sid not in used:
            raise DataError("sources.yml", "this source is not cited anywhere; cite it or remove it", entry=sid)
    keywords = search_keywords_by_page(terms, cancers, pages)
    return SiteData(terms, sources, tree, cancers, figures, get_help, questions, pages, keywords)


NOT_A_HOME = ("docs/glossary.md", "docs/sources.md", "docs/find-your-situation.md", "docs/handouts/")


def search_keywords_by_page(terms, cancers: Cancers, pages: list[PageInfo]) -> dict[str, list[str]]:
    """The hidden search keywords of each page (the rule is in search_keywords.py)."""
    texts = {}
    for p in pages:
        if p.path.startswith(NOT_A_HOME) or p.meta.get("site_page"):
            continue
        text = p.text
        for c in cancers.cancers.values():
            if p.path == "docs/" + c.page:
                claims = [cl for group in c.claims().values() for cl in group]
                names = [n for a in c.products for n in (cancers.products[a.product].brand,
                         cancers.products[a.product].generic, cancers.products[a.product].short)]
                text += " ".join([cl.text for cl in claims] + names + [c.name])
        texts[p.path] = text
    names = {f"term:{t.id}": t.names for t in terms.values()}
    names |= {f"product:{p.id}": [p.brand, p.generic, p.short] for p in cancers.products.values()}
    extra = {f"term:{t.id}": list(getattr(t, "keywords", []) or []) for t in terms.values()}
    homes = search_keywords.home_pages(names, texts)
    taken = {n.lower() for t in terms.values() for n in t.names}
    by_page = search_keywords.page_keywords(names, extra, homes, taken)
    for p in pages:
        own = p.meta.get("keywords") or []
        if own:
            by_page.setdefault(p.path, [])
            by_page[p.path] = sorted(set(by_page[p.path]) | {str(k).lower() for k in own})
    return by_page
