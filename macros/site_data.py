"""Load every data file once, cross-check them against each other and the pages."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .decision_tree import FILE as TREE_FILE, Tree, load_tree
from .errors import DataError
from .glossary import FILE as GLOSSARY_FILE, Term, load_glossary
from .pages import PageInfo, scan_pages
from .sources import Source, load_sources


@dataclass
class SiteData:
    terms: dict[str, Term]
    sources: dict[str, Source]
    tree: Tree
    pages: list[PageInfo]


def load_all(project_dir: Path, docs_dir: Path) -> SiteData:
    sources = load_sources(project_dir / "sources.yml")
    terms = load_glossary(project_dir / GLOSSARY_FILE)
    tree = load_tree(project_dir / TREE_FILE)
    for t in terms.values():
        for sid in t.sources:
            if sid not in sources:
                raise DataError(GLOSSARY_FILE, f"source '{sid}' is not in sources.yml", entry=t.id, field="sources")
    for o in tree.options.values():
        for sid in o.sources:
            if sid not in sources:
                raise DataError(TREE_FILE, f"source '{sid}' is not in sources.yml", entry=o.id, field="sources")
        if not (docs_dir / o.page).is_file():
            raise DataError(TREE_FILE, f"page 'docs/{o.page}' does not exist", entry=o.id, field="page")
    for n in tree.outcomes():
        for sid in n.sources:
            if sid not in sources:
                raise DataError(TREE_FILE, f"source '{sid}' is not in sources.yml", entry=n.id, field="sources")
    pages = scan_pages(docs_dir, set(sources), set(terms))
    used = {sid for p in pages for sid in p.cited}
    used |= {sid for t in terms.values() for sid in t.sources}
    used |= {sid for o in tree.options.values() for sid in o.sources}
    used |= {sid for n in tree.outcomes() for sid in n.sources}
    for sid in sources:
        if sid not in used:
            raise DataError("sources.yml", "this source is not cited anywhere; cite it or remove it", entry=sid)
    return SiteData(terms, sources, tree, pages)
