"""Load every data file once, cross-check them against each other and the pages.

Every file is read and every page checked even when an earlier one has mistakes, so one run
reports all of them (DataErrors). Warnings (reviews already due) do not stop the build."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .decision_tree import FILE as TREE_FILE, Tree, load_tree, reserved_id_problems
from .errors import DataError, collect, raise_all
from .glossary import FILE as GLOSSARY_FILE, Term, load_glossary
from .pages import PageInfo, scan_pages
from .sources import FILE as SOURCES_FILE, Source, load_sources


@dataclass
class SiteData:
    terms: dict[str, Term]
    sources: dict[str, Source]
    tree: Tree
    pages: list[PageInfo]
    warnings: list[str] = field(default_factory=list)


def load_all(project_dir: Path, docs_dir: Path, today: dt.date | None = None) -> SiteData:
    errors: list[DataError] = []
    sources = collect(errors, load_sources, project_dir / SOURCES_FILE)
    terms = collect(errors, load_glossary, project_dir / GLOSSARY_FILE)
    tree = collect(errors, load_tree, project_dir / TREE_FILE)
    if sources is not None and terms is not None:
        for t in terms.values():
            for sid in t.sources:
                if sid not in sources:
                    errors.append(DataError(GLOSSARY_FILE, f"source '{sid}' is not in sources.yml", entry=t.id, field="sources"))
    if tree is not None:
        for o in tree.options.values():
            for sid in o.sources:
                if sources is not None and sid not in sources:
                    errors.append(DataError(TREE_FILE, f"source '{sid}' is not in sources.yml", entry=o.id, field="sources"))
            if not (docs_dir / o.page).is_file():
                errors.append(DataError(TREE_FILE, f"page 'docs/{o.page}' does not exist", entry=o.id, field="page"))
        for n in tree.outcomes():
            for sid in n.sources:
                if sources is not None and sid not in sources:
                    errors.append(DataError(TREE_FILE, f"source '{sid}' is not in sources.yml", entry=n.id, field="sources"))
    scan = scan_pages(docs_dir, set(sources) if sources is not None else None,
                      set(terms) if terms is not None else None, today)
    errors += scan.errors
    if tree is not None:
        for page in scan.pages:
            if page.has_guide:
                errors += reserved_id_problems(tree.nodes, page.ids, page.path)
    if not errors:
        used = {sid for p in scan.pages for sid in p.cited}
        used |= {sid for t in terms.values() for sid in t.sources}
        used |= {sid for o in tree.options.values() for sid in o.sources}
        used |= {sid for n in tree.outcomes() for sid in n.sources}
        for sid in sources:
            if sid not in used:
                errors.append(DataError(SOURCES_FILE, "this source is not cited anywhere; cite it or remove it", entry=sid))
    raise_all(errors)
    return SiteData(terms, sources, tree, scan.pages, scan.warnings)
