"""Load every data file once, cross-check them against each other and the pages.

Every file is read and every page checked even when an earlier one has mistakes, so one run
reports all of them (DataErrors). Warnings (reviews already due) do not stop the build."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import pickle
import re
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import build_cache
from . import cancers as cancers_mod
from . import icd10, search_keywords
from .cancers import Cancers
from .changes import FILE as CHANGES_FILE, Change, review_dates, sources_of_page
from .data_files import DATA_FILES, REVIEWS_FOLDER
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


# What load_all gave for inputs it found no mistake in, kept between builds (macros/build_cache.py:
# .cache/site-data/): checking the data against the models and the pages against the data takes
# about 0.15 s of CPU a build, unpickling the result a fifth of that. The entry is named by
# everything load_all reads or depends on: every data file, every file under docs/ and reviews/
# (names and bytes), the code of macros/ (the models and checks), the day (reviews fall due) and
# the versions of Python, pydantic and PyYAML. Inputs with a mistake are never kept, so their
# messages always come from load_all itself.
SITE_DATA_CACHE_FOLDER = build_cache.FOLDER / "site-data"
_MACROS = Path(__file__).resolve().parent


def _tree_digest(h, folder: Path, root: Path) -> None:
    """Every file under `folder` (none if it is missing): its path from `root` and its bytes."""
    if not folder.is_dir():
        h.update(b"\0missing " + str(folder).encode("utf-8", "surrogatepass"))
        return
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        data = path.read_bytes()
        h.update(b"\0" + str(path.relative_to(root)).encode("utf-8", "surrogatepass")
                 + b"\0" + str(len(data)).encode() + b"\0" + data)


def inputs_digest(project_dir: Path, docs_dir: Path, today: dt.date) -> str:
    """A SHA-256 of everything load_all(project_dir, docs_dir, today) depends on."""
    import pydantic
    import yaml
    h = hashlib.sha256()
    for part in (sys.version, pydantic.VERSION, yaml.__version__, str(yaml.__with_libyaml__), today.isoformat(),
                 str(project_dir.resolve()), str(docs_dir.resolve())):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    _tree_digest(h, _MACROS, _MACROS)
    for f in DATA_FILES:
        path = project_dir / f.name
        h.update(b"\0data " + f.name.encode("utf-8"))
        h.update(path.read_bytes() if path.is_file() else b"\0missing")
    _tree_digest(h, docs_dir, docs_dir)
    _tree_digest(h, project_dir / REVIEWS_FOLDER, project_dir)
    return h.hexdigest()


def _mapping_proxy(table: dict) -> types.MappingProxyType:
    return types.MappingProxyType(table)


def _site_data_bytes(data: SiteData) -> bytes:
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {types.MappingProxyType: lambda m: (_mapping_proxy, (dict(m),))}
    pickler.dump(data)
    return out.getvalue()


class _KeptSiteData(pickle.Unpickler):
    """Unpickles only the guide's own classes (macros.*) and dates."""

    def find_class(self, module: str, name: str):
        if not (module.startswith("macros.") or (module, name) in {("datetime", "date"), ("datetime", "datetime")}):
            raise pickle.UnpicklingError(f"kept site data may not hold {module}.{name}")
        return super().find_class(module, name)


def kept_site_data(data: bytes) -> SiteData:
    """The SiteData pickled in `data` (pickle.UnpicklingError and others for bytes that are not)."""
    value = _KeptSiteData(io.BytesIO(data)).load()
    if not isinstance(value, SiteData):
        raise pickle.UnpicklingError("not kept site data")
    return value


def load_all_kept(project_dir: Path, docs_dir: Path, today: Optional[dt.date] = None,
                  folder: Optional[Path] = SITE_DATA_CACHE_FOLDER) -> SiteData:
    """load_all, its result kept in `folder` (the cache above) when it found no mistake."""
    return load_all_kept_digest(project_dir, docs_dir, today, folder)[0]


def load_all_kept_digest(project_dir: Path, docs_dir: Path, today: Optional[dt.date] = None,
                         folder: Optional[Path] = SITE_DATA_CACHE_FOLDER) -> tuple[SiteData, str]:
    """load_all_kept, and the inputs_digest that names its entry (a page's kept macro output,
    macros/page_cache.py, is named by it too)."""
    today = today or dt.date.today()
    made, read = [], []

    def make() -> bytes:
        made.append(load_all(project_dir, docs_dir, today))  # a mistake raises: nothing is kept
        try:
            return _site_data_bytes(made[0])
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return b""  # cannot be kept (never read back: not whole)

    def whole(data: bytes) -> bool:
        try:
            read.append(kept_site_data(data))
        except Exception:  # noqa: BLE001 - cut short or not ours: load it again
            return False
        return True

    digest = inputs_digest(project_dir, docs_dir, today)
    data = build_cache.cached(folder, f"{digest}.pickle", make, whole)
    if made:
        return made[0], digest
    if read:
        return read[0], digest
    try:  # kept in memory by an earlier build of this process: a copy of its own
        return kept_site_data(data), digest
    except Exception:  # noqa: BLE001
        return load_all(project_dir, docs_dir, today), digest


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
