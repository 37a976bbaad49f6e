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
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    date: Date = Field(description="The day the change was published, YYYY-MM-DD.")
    pages: list[PAGE] = Field(min_length=1, description="The pages whose facts changed, as paths in docs/ "
                              "(e.g. options/other-drugs.md). Each page's last_reviewed may not be earlier "
                              "than this date: review the page, or do not list a page that did not change.")
    what: Text = Field(description="What changed, in plain words for readers (plain text, no Markdown).")


class ChangesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
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
    """The About page's change log, newest first: '- **December 2, 2026:** what changed'. Left out
    of the search index (data-search-exclude): its entries name facts that live on other pages, and
    a search for those facts should find the pages, not a list of what changed."""
    items = "\n".join(f"- **{md_text(words.date(c.date))}:** {md_text(c.what)}" for c in changes)
    return f'<div class="change-log" data-search-exclude markdown="1">\n\n{items}\n\n</div>\n'


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
                out |= _claim_ids(c for key, cl in o.claims().items() if key != "summary" for c in cl)
        elif name == "options_summary":
            for o in tree.options.values():
                out |= _claim_ids(o.summary)
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

def _late(pages, cited: dict[str, set[str]], sources: dict, changes: Iterable[Change]):
    """One walk for both checks below: for each dated page, the sources it cites that were read
    after its review ([(accessed, id)], sorted) and its latest logged change after its review;
    plus the change-log entries naming a page that does not exist."""
    by_path = {p.path: p for p in pages}
    reviewed = {p.path: r for p in pages if isinstance(r := p.meta.get("last_reviewed"), dt.date)}
    late_sources: dict[str, list] = {}
    for path, when in reviewed.items():
        late = sorted((s.accessed, sid) for sid in cited.get(path, ())
                      if (s := sources.get(sid)) is not None and s.accessed and s.accessed > when)
        if late:
            late_sources[path] = late
    late_change: dict[str, dt.date] = {}
    unknown: list[DataError] = []
    for i, c in enumerate(changes):
        for page in c.pages:
            path = "docs/" + page
            if path not in by_path:
                unknown.append(DataError(FILE, f"page '{path}' does not exist", entry=str(c.date), field=f"changes[{i}].pages"))
            elif path in reviewed and c.date > reviewed[path] and c.date > late_change.get(path, dt.date.min):
                late_change[path] = c.date
    return reviewed, late_sources, late_change, unknown


def review_dates(pages, cited: dict[str, set[str]], sources: dict, changes: Iterable[Change]):
    """Both results of the review-date check from one walk: the untrue dates (pages whose
    last_reviewed is earlier than the day a source they cite was read, or than a change-log entry
    about them; reported as REVIEW DUE) and, for each such page, the latest day its facts moved
    (the page tells the reader, site.changed_after_review; the date moves only with a real review).
    `cited` maps a page's path (docs/...) to its sources."""
    reviewed, late_sources, late_change, unknown = _late(pages, cited, sources, changes)
    errors = []
    for path, late in late_sources.items():
        when, sid = late[-1]
        others = f" (and {len(late) - 1} more)" if len(late) > 1 else ""
        errors.append(DataError(path, f"last reviewed {reviewed[path]}, but it cites '{sid}', read on {when}{others}: "
                                "a page cannot have been checked against a source before it was read; check the "
                                "page's facts and set the date, or cite what was read by then", field="last_reviewed"))
    errors += unknown
    for path, changed in late_change.items():
        errors.append(DataError(path, f"last reviewed {reviewed[path]}, but {FILE} records a change to it on {changed}: "
                                "review the page's facts and set the date, or correct the change log",
                                field="last_reviewed"))
    moved = {path: late[-1][0] for path, late in late_sources.items()}
    for path, changed in late_change.items():
        moved[path] = max(moved.get(path, changed), changed)
    return errors, moved
