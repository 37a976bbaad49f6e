"""reviews/: the record of each page's fact review, one YAML file per page
(reviews/<path under docs without .md>.yml), and the check that a page's `last_reviewed` date
is backed by one.

A page's "last reviewed" date says that on that day every fact on it was checked against the
sources it cites. From RECORDS_SINCE on, a page may carry a date only if its record says so:
the same date, `complete: true`, and every source the page cites named by at least one checked
claim. So a date cannot move without a record of the check, and a record cannot skip a source.
(Dates before RECORDS_SINCE were set before records were kept.)"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from .errors import DataError, collect, raise_all
from .loading import Date, parse_yaml, read_text, validate

FOLDER = "reviews"
RECORDS_SINCE = dt.date(2026, 12, 6)
Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
Result = Literal["supported", "corrected", "re-sourced", "removed"]


class Claim(BaseModel):
    """One cited fact of the page, checked against its sources."""
    model_config = ConfigDict(extra="forbid", defer_build=True)
    claim: Words = Field(description="The first words of the sentence, enough to find it on the page.")
    where_on_page: Optional[Words] = Field(None, description="The section, or the data file and field the text comes from.")
    sources: list[Annotated[str, StringConstraints(min_length=1, max_length=80)]] = Field(
        default_factory=list, description="The ids (sources.yml) the fact was checked against; empty for a "
        "statement about the site itself, checked against the built site (say how in found_in).")
    found_in: Words = Field(description="Where in the source: section, table, figure or page, with a short quote.")
    result: Result = Field(description="supported, corrected (words or number changed to match the source), "
                           "re-sourced (another source read and cited) or removed (no support found).")
    note: Optional[Words] = Field(None, description="What was changed, if anything.")


class Unchecked(BaseModel):
    """A cited fact not checked yet, and why."""
    model_config = ConfigDict(extra="forbid", defer_build=True)
    claim: Words = Field(description="The first words of the sentence.")
    where_on_page: Optional[Words] = Field(None, description="The section, or the data file and field.")
    sources: list[Annotated[str, StringConstraints(min_length=1, max_length=80)]] = Field(
        default_factory=list, description="The ids (sources.yml) it cites.")
    why: Words = Field(description="Why it is not checked yet (for example: the source could not be opened).")
    results: list[Annotated[str, StringConstraints(min_length=1, max_length=80)]] = Field(
        default_factory=list, description="For the guide: the results (decision-tree.yml ids) that show it.")


class ReviewRecord(BaseModel):
    """The fact review of one page."""
    model_config = ConfigDict(extra="forbid", defer_build=True)
    page: Annotated[str, Field(pattern=r"^docs/[a-z0-9][a-z0-9/_-]*\.md$")] = Field(
        description="The page reviewed, as a path from the project root (docs/...).")
    reviewed_on: Optional[Date] = Field(None, description="The day of the check; the page's last_reviewed when complete.")
    complete: bool = Field(description="true only if every cited fact on the page was checked.")
    how: Words = Field(description="Who checked and how (a fact check against the cited sources, or a clinical review).")
    claims: list[Claim] = Field(min_length=1, description="Every cited fact checked, with its sources.")
    not_yet: list[Words] = Field(default_factory=list, description="What is still unchecked (when complete is false).")
    unchecked: list[Unchecked] = Field(default_factory=list, description="Cited facts not checked yet (when complete is false).")
    sources_not_opened: dict[Annotated[str, StringConstraints(min_length=1, max_length=80)], Words] = Field(
        default_factory=dict, description="Sources the reviewer could not open, by id, and what was tried.")
    note: Optional[Words] = Field(None, description="Anything else the next reviewer should know (for example where "
                                  "the page's facts come from).")


def record_path(page: str) -> str:
    """'docs/cancers/b-all-adults.md' -> 'reviews/cancers/b-all-adults.yml'."""
    return f"{FOLDER}/{page.removeprefix('docs/').removesuffix('.md')}.yml"


def load_reviews(project: Path) -> dict[str, ReviewRecord]:
    """Every review record, by the page it reviews. Each file is checked against ReviewRecord and
    must sit at its page's own path."""
    out: dict[str, ReviewRecord] = {}
    errors: list[DataError] = []
    folder = project / FOLDER
    for path in sorted(folder.rglob("*.yml")) if folder.is_dir() else ():
        name = path.relative_to(project).as_posix()
        record = collect(errors, lambda: validate(ReviewRecord, parse_yaml(read_text(path, name), name), name))
        if record is None:
            continue
        if record_path(record.page) != name:
            errors.append(DataError(name, f"reviews page '{record.page}', whose record belongs at "
                                    f"{record_path(record.page)}", field="page"))
            continue
        out[record.page] = record
    raise_all(errors)
    return out


def review_record_problems(pages, cited: dict[str, set[str]], records: dict[str, ReviewRecord],
                           known_sources, since: dt.date = RECORDS_SINCE) -> list[DataError]:
    """Pages dated on or after `since` without a complete record of that day's check, records of
    pages that do not exist, and records naming sources that do not exist."""
    errors: list[DataError] = []
    by_path = {p.path: p for p in pages}
    for page, record in records.items():
        name = record_path(page)
        if page not in by_path:
            errors.append(DataError(name, f"page '{page}' does not exist", field="page"))
            continue
        for group, items in (("claims", record.claims), ("unchecked", record.unchecked)):
            for i, item in enumerate(items):
                for sid in item.sources:
                    if sid not in known_sources:
                        errors.append(DataError(name, f"source '{sid}' is not in sources.yml", entry=f"{group}[{i}]",
                                                field="sources"))
        if record.complete and (record.unchecked or record.not_yet):
            errors.append(DataError(name, f"says complete: true but lists {len(record.unchecked) + len(record.not_yet)} "
                                    "thing(s) not checked yet (unchecked, not_yet)", field="complete"))
    for p in pages:
        reviewed = p.meta.get("last_reviewed")
        if not isinstance(reviewed, dt.date) or reviewed < since:
            continue
        # A sheet that takes its dates from the page it summarises (dates_from) is covered by
        # that page's record; the sources it cites must be among those the record checked.
        reviewed_page = "docs/" + str(p.meta["dates_from"]) if p.meta.get("dates_from") else p.path
        name = record_path(reviewed_page)
        record = records.get(reviewed_page)
        if record is None:
            errors.append(DataError(p.path, f"last reviewed {reviewed}, but there is no review record ({name}): "
                                    "a date moves only with a record of the check (EDITING.md, Review dates)",
                                    field="last_reviewed"))
            continue
        if not record.complete:
            errors.append(DataError(p.path, f"last reviewed {reviewed}, but {name} says the check is not complete "
                                    f"(complete: false): finish it, or keep the earlier date", field="last_reviewed"))
        elif record.reviewed_on != reviewed:
            errors.append(DataError(p.path, f"last reviewed {reviewed}, but {name} records the check on "
                                    f"{record.reviewed_on}: the dates must be the same", field="last_reviewed"))
        checked = {sid for c in record.claims for sid in c.sources}
        missing = sorted(cited.get(p.path, set()) - checked)
        if missing and record.complete:
            errors.append(DataError(name, f"{p.path} cites {len(missing)} source(s) that no checked claim names: "
                                    + ", ".join(missing[:8]) + (" ..." if len(missing) > 8 else "")
                                    + "; check the facts that cite them", field="claims"))
    return errors
