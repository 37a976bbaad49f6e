"""changes.yml: the change log shown on the About page (date, pages, what changed), and the check
that every page's "last reviewed" date is true: not earlier than the date any source it cites was
read (`accessed` in sources.yml), nor than any change-log entry about that page. A date moves
only with a real review of the page's facts; when a page changed without one, the change log
says so and the date stays."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Iterable

from pydantic import BaseModel, ConfigDict, Field

from .claims import md_text
from .errors import DataError
from .loading import Date, Text, read_yaml, validate

FILE = "changes.yml"
PAGE = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9/_-]*\.md$")]


class Change(BaseModel):
    """One change that matters to readers."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    date: Date = Field(description="The day the change was published, YYYY-MM-DD.")
    pages: list[PAGE] = Field(min_length=1, description="The pages whose facts changed, as paths in docs/ "
                              "(e.g. options/other-drugs.md). Each page's last_reviewed may not be earlier "
                              "than this date: review the page, or do not list a page that did not change.")
    what: Text = Field(description="What changed, in plain words for readers (plain text, no Markdown).")


class ChangesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    changes: list[Change] = Field(min_length=1, description="The change log, newest first.")


def load_changes(path: Path) -> list[Change]:
    changes = validate(ChangesFile, read_yaml(path), FILE, "changes").changes
    for i in range(1, len(changes)):
        if changes[i].date > changes[i - 1].date:
            raise DataError(FILE, f"entries go newest first: {changes[i].date} comes after {changes[i - 1].date}",
                            entry=str(changes[i].date), field=f"changes[{i}].date")
    return changes


def us_date(d: dt.date) -> str:
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def render_changes(changes: list[Change], words) -> str:
    """The About page's change log, newest first: '- **December 2, 2026:** what changed'."""
    return "\n".join(f"- **{md_text(words.date(c.date))}:** {md_text(c.what)}" for c in changes) + "\n"


# ---------------------------------------------------------------- what a page cites

MACRO = re.compile(r"\{\{-?\s*([a-z_]+)\s*\(([^)]*)\)")
ARG = re.compile(r"""["']([^"']+)["']""")
# The full warning signs and help lines are reviewed with the pages that show them in full (health
# and safety, the warning-signs handout, support); the one-paragraph version that every page and
# guide result repeats (warning_signs_short) is not counted there, or a new warning sign would make
# every page's date untrue at once.
WARNING_MACROS = {"warning_signs", "handout_warning_signs", "help_lines"}


def _claim_ids(claims) -> set[str]:
    return {sid for c in claims for sid in c.sources}


def sources_of_page(page, tree, cancers, figures: dict, get_help) -> set[str]:
    """Every source a page cites: its own cite() calls and the sources of the data its macros
    show (a cancer page, an option sheet, the guide, figures, the full warning signs)."""
    from .decision_tree import option_for_page
    out = set(page.cited)
    sign_ids = {sid for s in get_help.emergency_signs + get_help.call_team_signs for sid in s.sources}
    line_ids = {sid for line in get_help.lines.values() for sid in line.sources}
    for name, args in MACRO.findall(page.text):
        ids = ARG.findall(args)
        if name == "decision_guide":
            for o in tree.options.values():
                out |= _claim_ids(c for cl in o.claims().values() for c in cl)
            for n in tree.outcomes():
                out |= _claim_ids(c for cl in n.claims().values() for c in cl)
            out |= {sid for c in cancers.cancers.values() for sid in _claim_ids(c.outlook)}
        elif name == "options_comparison":
            for o in tree.options.values():
                out |= _claim_ids(c for cl in o.claims().values() for c in cl)
        elif name == "option_without":
            opt = tree.options.get(ids[0]) if ids else option_for_page(tree, page.path.removeprefix("docs/"))
            if opt is not None:
                out |= _claim_ids(opt.without_it)
        elif name == "option_sheet" and ids and ids[0] in tree.options:
            out |= _claim_ids(c for cl in tree.options[ids[0]].claims().values() for c in cl)
        elif name == "cancer_page" and ids and ids[0] in cancers.cancers:
            c = cancers.cancers[ids[0]]
            out |= _claim_ids(x for cl in c.claims().values() for x in cl)
            for oid in cancers.option_ids(c):
                if oid not in c.option_summaries:
                    out |= _claim_ids(tree.options[oid].summary)
            out |= {figures[f].source for f in c.figures if f in figures}
        elif name == "outlook_by_cancer":
            out |= {sid for c in cancers.cancers.values() for sid in _claim_ids(c.outlook)}
        elif name == "figure" and ids and ids[0] in figures:
            out.add(figures[ids[0]].source)
        elif name in WARNING_MACROS:
            out |= line_ids if name == "help_lines" else sign_ids
    return out


# ---------------------------------------------------------------- the check

def untrue_review_dates(pages, cited: dict[str, set[str]], sources: dict, changes: Iterable[Change]) -> list[DataError]:
    """Pages whose last_reviewed is earlier than the day a source they cite was read, or than a
    change-log entry about them. `cited` maps a page's path (docs/...) to its sources."""
    errors = []
    by_path = {p.path: p for p in pages}
    for p in pages:
        reviewed = p.meta.get("last_reviewed")
        if not isinstance(reviewed, dt.date):
            continue
        late = sorted((s.accessed, sid) for sid in cited.get(p.path, ())
                      if (s := sources.get(sid)) is not None and s.accessed and s.accessed > reviewed)
        if late:
            when, sid = late[-1]
            others = f" (and {len(late) - 1} more)" if len(late) > 1 else ""
            errors.append(DataError(p.path, f"last reviewed {reviewed}, but it cites '{sid}', read on {when}{others}: "
                                    "a page cannot have been checked against a source before it was read; check the "
                                    "page's facts and set the date, or cite what was read by then", field="last_reviewed"))
    latest: dict[str, dt.date] = {}  # page -> its latest change
    for i, c in enumerate(changes):
        for page in c.pages:
            if "docs/" + page not in by_path:
                errors.append(DataError(FILE, f"page 'docs/{page}' does not exist", entry=str(c.date), field=f"changes[{i}].pages"))
            elif c.date > latest.get(page, dt.date.min):
                latest[page] = c.date
    for page, changed in latest.items():
        p = by_path["docs/" + page]
        reviewed = p.meta.get("last_reviewed")
        if isinstance(reviewed, dt.date) and reviewed < changed:
            errors.append(DataError(p.path, f"last reviewed {reviewed}, but {FILE} records a change to it on {changed}: "
                                    "review the page's facts and set the date, or correct the change log",
                                    field="last_reviewed"))
    return errors


def changed_after_review(pages, cited: dict[str, set[str]], sources: dict, changes: Iterable[Change]) -> dict[str, dt.date]:
    """For each page (docs/...) whose facts moved after its last review, the latest day they
    did: a source it cites was read, or the change log records a change to it. The page tells
    the reader (site.changed_after_review); the date itself moves only with a real review."""
    out: dict[str, dt.date] = {}
    by_path = {p.path: p for p in pages}

    def later(path: str, when) -> None:
        reviewed = by_path[path].meta.get("last_reviewed")
        if isinstance(reviewed, dt.date) and when and when > reviewed and when > out.get(path, dt.date.min):
            out[path] = when
    for p in pages:
        for sid in cited.get(p.path, ()):
            if (s := sources.get(sid)) is not None:
                later(p.path, s.accessed)
    for c in changes:
        for page in c.pages:
            if "docs/" + page in by_path:
                later("docs/" + page, c.date)
    return out
