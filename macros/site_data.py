"""Load every data file once, cross-check them against each other and the pages.

Every file is read and every page checked even when an earlier one has mistakes, so one run
reports all of them (DataErrors). Warnings (reviews already due) do not stop the build."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import cancers as cancers_mod
from . import icd10, search_keywords
from .cancers import Cancers
from .changes import FILE as CHANGES_FILE, Change, review_dates, sources_of_page
from .data_files import DATA_FILES
from .decision_tree import FILE as TREE_FILE, Tree, reserved_id_problems
from .errors import DataError, collect, raise_all
from .figures import FILE as FIGURES_FILE, Figure
from .get_help import FILE as HELP_FILE, GetHelp
from .glossary import FILE as GLOSSARY_FILE, Term
from .pages import PageInfo, scan_pages
from .reviews import load_reviews, review_record_problems
from .questions import FILE as QUESTIONS_FILE, Topic
from .sources import FILE as SOURCES_FILE, Source
from .strings import FILE as STRINGS_FILE, Words
from .studied import borrowed_claim_problems, studied_value_problems


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
    words: Words  # the texts of strings.yml
    warnings: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)  # the change log (changes.yml), newest first
    # docs path -> the latest day its facts moved after its last review (changes.review_dates)
    after_review: dict = field(default_factory=dict)


def tree_source_refs(tree: Tree):
    """(file, entry, field, source id) for every source the tree names."""
    for owner in list(tree.options.values()) + tree.outcomes():
        for name, claims in owner.claims().items():
            for i, c in enumerate(claims):
                for sid in c.sources:
                    yield TREE_FILE, owner.id, f"{name}[{i}].sources", sid


def organisation_names(sources: dict[str, Source], get_help: GetHelp) -> list[str]:
    """Names of organisations the site mentions (from sources.yml and get-help.yml), and the
    names inside them ("Blood Cancer United (formerly The Leukemia & Lymphoma Society)" gives
    both): a glossary word inside such a name is never explained."""
    found: list[str] = []
    raw = [s.authors for s in sources.values() if s.type != "journal" and s.authors]
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


def load_all(project_dir: Path, docs_dir: Path, today: Optional[dt.date] = None) -> SiteData:
    errors: list[DataError] = []
    loaded: dict = {}
    for f in DATA_FILES:
        needed = [loaded.get(n) for n in f.needs]
        loaded[f.name] = (collect(errors, f.load, project_dir / f.name, *needed)
                          if all(x is not None for x in needed) else None)
    sources, terms, tree = loaded[SOURCES_FILE], loaded[GLOSSARY_FILE], loaded[TREE_FILE]
    cancers, figures = loaded[cancers_mod.FILE], loaded[FIGURES_FILE]
    get_help, questions = loaded[HELP_FILE], loaded[QUESTIONS_FILE]
    words = loaded[STRINGS_FILE]
    changes = loaded[CHANGES_FILE]

    refs = []
    if terms is not None:
        refs += [(GLOSSARY_FILE, t.id, "sources", sid) for t in terms.values() for sid in t.sources]
    if tree is not None:
        refs += list(tree_source_refs(tree))
        for o in tree.options.values():
            if not (docs_dir / o.page).is_file():
                errors.append(DataError(TREE_FILE, f"page 'docs/{o.page}' does not exist", entry=o.id, field="page"))
    if cancers is not None:
        refs += list(cancers_mod.source_refs(cancers))
        refs += list(icd10.source_refs({c.id: c.codes for c in cancers.cancers.values()}))
        for c in cancers.cancers.values():
            if not (docs_dir / c.page).is_file():
                errors.append(DataError(cancers_mod.FILE, f"page 'docs/{c.page}' does not exist", entry=c.id, field="page"))
    if cancers is not None and figures is not None:
        errors += cancers_mod.figure_problems(cancers, figures)
        cancers.figures = figures
    if figures is not None:
        refs += [(FIGURES_FILE, f.id, "source", f.source) for f in figures.values()]
    if get_help is not None:
        refs += list(get_help.source_refs())
    if sources is not None and cancers is not None:
        value_errors = studied_value_problems(SOURCES_FILE, sources, cancers.cancers)
        errors += value_errors
        if not value_errors:
            errors += borrowed_claim_problems(cancers, sources)
    if sources is not None:
        for file, entry, name, sid in refs:
            if sid not in sources:
                errors.append(DataError(file, f"source '{sid}' is not in sources.yml", entry=entry, field=name))

    scan = scan_pages(docs_dir, set(sources) if sources is not None else None,
                      set(terms) if terms is not None else None, today)
    errors += scan.errors
    if tree is not None:
        for page in scan.pages:
            if page.has_guide:
                errors += reserved_id_problems(tree.nodes, page.ids, page.path)
    review_needed: list[str] = []
    after_review: dict = {}
    if not errors and changes is not None:
        # A page whose facts changed, or that cites a source read, after its last full review
        # needs a review now: reported like an overdue review (the build goes on) until each
        # page listed is re-checked (EDITING.md, "Review dates").
        cited = {p.path: sources_of_page(p, tree, cancers, figures, get_help) for p in scan.pages}
        untrue, after_review = review_dates(scan.pages, cited, sources, changes)
        review_needed = [e.message for e in untrue]
        # A date set on or after reviews.RECORDS_SINCE needs the record of that day's check.
        records = collect(errors, load_reviews, project_dir)
        if records is not None:
            errors += review_record_problems(scan.pages, cited, records, sources)
    if not errors:
        used = {sid for p in scan.pages for sid in p.cited} | {r[3] for r in refs}
        for sid in sources:
            if sid not in used:
                errors.append(DataError(SOURCES_FILE, "this source is not cited anywhere; cite it or remove it", entry=sid))
    raise_all(errors)
    keywords = search_keywords_by_page(terms, cancers, scan.pages)
    return SiteData(terms, sources, tree, cancers, figures, get_help, questions, scan.pages, keywords, words,
                    scan.warnings + review_needed, changes, after_review)


NOT_A_HOME = ("docs/glossary.md", "docs/sources.md", "docs/find-your-situation.md", "docs/handouts/")


def search_keywords_by_page(terms, cancers: Cancers, pages: list[PageInfo]) -> dict[str, list[str]]:
    """The hidden search keywords of each page (see search_keywords.py): a glossary term's
    keywords go to the page that names the term most often; a page's own front-matter keywords
    stay on it."""
    texts = {}
    for p in pages:
        if p.path.startswith(NOT_A_HOME) or p.meta.get("site_page"):
            continue
        text = p.text
        for c in cancers.cancers.values():
            if p.path == "docs/" + c.page:
                claims = [cl for group in c.claims().values() for cl in group]
                text += " ".join([cl.text for cl in claims] + [c.name])
        texts[p.path] = text
    extra = {t.id: list(getattr(t, "keywords", None) or []) for t in terms.values()}
    wanted = {tid: terms[tid].names for tid, words in extra.items() if words}
    by_page = search_keywords.page_keywords(extra, search_keywords.home_pages(wanted, texts))
    for p in pages:
        own = p.meta.get("keywords") or []
        if own:
            by_page[p.path] = sorted(set(by_page.get(p.path, [])) | {str(k).lower() for k in own})
    return by_page
