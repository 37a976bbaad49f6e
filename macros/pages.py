"""Checks on the Markdown pages in docs/, run before any page renders: front matter (title,
description, review dates) and the ids named in macro calls (cite, term)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import DataError

FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
CALL = re.compile(r"\{\{-?\s*(cite|term)\s*\((.*?)\)\s*-?\}\}", re.S)
STRING = re.compile(r"""["']([^"']*)["']""")
MAX_REVIEW_DAYS = 366


@dataclass
class PageInfo:
    path: str
    meta: dict
    text: str = ""
    cited: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)


def us_date(d: dt.date) -> str:
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def scan_pages(docs_dir: Path, sources: set[str], terms: set[str]) -> list[PageInfo]:
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir.parent).as_posix()
        text = path.read_text(encoding="utf-8")
        meta = check_front_matter(rel, text)
        info = PageInfo(rel, meta, text)
        for m in CALL.finditer(text):
            name, args = m.group(1), STRING.findall(m.group(2))
            line = text.count("\n", 0, m.start()) + 1
            if not args:
                raise DataError(rel, f"{name}() needs an id in quotes", line=line)
            if name == "cite":
                for sid in args:
                    if sid not in sources:
                        raise DataError(rel, f"cite('{sid}'): there is no source with this id in sources.yml", line=line)
                    info.cited.add(sid)
            elif name == "term":
                if args[0] not in terms:
                    raise DataError(rel, f"term('{args[0]}'): there is no term with this id in glossary.yml", line=line)
                info.terms.add(args[0])
        pages.append(info)
    resolve_dates_from(pages)
    return pages


def resolve_dates_from(pages: list[PageInfo]) -> None:
    """A page that summarises another (an option sheet) takes its review dates from it, so the
    dates are never typed twice: front matter `dates_from: options/radiation-therapy.md`."""
    by_path = {p.path: p for p in pages}
    for p in pages:
        target = p.meta.get("dates_from")
        if target is None:
            continue
        other = by_path.get("docs/" + str(target))
        if other is None:
            raise DataError(p.path, f"'docs/{target}' does not exist", field="dates_from")
        if "dates_from" in other.meta:
            raise DataError(p.path, f"'docs/{target}' takes its own dates from another page; name that page instead",
                            field="dates_from")
        for key in ("last_reviewed", "next_review"):
            p.meta[key] = other.meta[key]


def check_front_matter(rel: str, text: str) -> dict:
    m = FRONT.match(text)
    if not m:
        raise DataError(rel, "the page must start with front matter between '---' lines "
                        "(title, description, last_reviewed, next_review)")
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        raise DataError(rel, f"front matter YAML syntax error: {e.problem}",
                        line=mark.line + 2 if mark else None) from None
    if not isinstance(meta, dict):
        raise DataError(rel, "front matter must be a mapping of fields")
    for key in ("title", "description"):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise DataError(rel, "required field is missing or empty", field=key)
    if len(meta["description"]) > 200:
        raise DataError(rel, f"is {len(meta['description'])} characters; keep it to 200 or fewer", field="description")
    if "handout" in meta and not isinstance(meta["handout"], bool):
        raise DataError(rel, "write handout: true (or leave it out)", field="handout")
    if "dates_from" in meta:
        if any(k in meta for k in ("last_reviewed", "next_review")):
            raise DataError(rel, "give either dates_from or last_reviewed/next_review, not both", field="dates_from")
        if not isinstance(meta["dates_from"], str) or not meta["dates_from"].endswith(".md"):
            raise DataError(rel, "must be a page path in docs/, e.g. options/radiation-therapy.md", field="dates_from")
        return meta
    for key in ("last_reviewed", "next_review"):
        if not isinstance(meta.get(key), dt.date):
            raise DataError(rel, "required date is missing or not written as YYYY-MM-DD", field=key)
    gap = (meta["next_review"] - meta["last_reviewed"]).days
    if gap <= 0:
        raise DataError(rel, "must be after last_reviewed", field="next_review")
    if gap > MAX_REVIEW_DAYS:
        raise DataError(rel, "must be at most 12 months after last_reviewed", field="next_review")
    return meta
