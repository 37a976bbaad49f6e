"""Checks on the Markdown pages in docs/, run before any page renders: front matter (title,
description, review dates, tags), the ids named in macro calls (cite, term) and the element
ids a page gives its headings. Every page's problems are collected and reported together."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from .errors import DataError, DataErrors, collect
from .loading import MAX_NESTING, Date, Line, parse_yaml, read_text, validate
from .page_html import site_id_owner

FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)
CALL = re.compile(r"\{\{-?\s*(cite|term|decision_guide)\s*\(((?:(?!\}\}).)*?)\)\s*-?\}\}", re.S)
STRING = re.compile(r"""["']([^"']*)["']""")
# An id given in the Markdown: `{ #id }` after a heading, or id="..." in raw HTML.
EXPLICIT_ID = re.compile(r"""\{[^}\n]*?#([A-Za-z_][\w-]*)[^}\n]*\}|\bid=["']([^"']+)["']""")
FENCE = re.compile(r"^\s*(```|~~~)")
H1 = re.compile(r"^#[ \t]+(.*?)[ \t]*$")
HEADING_ID = re.compile(r"\{[^}\n]*?#([A-Za-z_][\w-]*)[^}\n]*\}\s*$")
DESCRIPTION_MAX_CHARS = 200
# What a page may hold before Markdown sees it. Python-Markdown's time grows with the square of
# some inputs (an unclosed '<a' is scanned to the next '>' anywhere in the page; '![a](' to the
# end of its paragraph) and it recurses once per level of lists and quotes, so a few odd lines
# can make the build take minutes or crash. The largest page today has 17,400 characters, its
# longest line 951 and its longest paragraph 1,677.
MAX_PAGE_CHARS = 40_000
MAX_LINE_CHARS = 5_000
MAX_PARAGRAPH_CHARS = 6_000
MAX_PAGE_NESTING = MAX_NESTING  # lists and quotes inside each other (4 spaces of indent = 1 level)
PAGE_LIMITS = (f"A page (front matter and text) may hold at most {MAX_PAGE_CHARS:,} characters, "
               f"{MAX_LINE_CHARS:,} on one line and {MAX_PARAGRAPH_CHARS:,} in one paragraph, lists and quotes "
               f"at most {MAX_PAGE_NESTING} levels inside each other, and every HTML tag opened with '<' "
               "must close with '>' on the same line.")
_OPEN_TAG = re.compile(r"<[A-Za-z][^>\n]*$")
REVIEW_INTERVAL_MONTHS = 12
REVIEW_SOON_DAYS = 60


class SearchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    boost: float = Field(1, gt=0, le=10, description="Weight of this page in search results (Material's "
                         "search.boost); only where it helps, for example 2.")
    exclude: bool = Field(False, description="true leaves the page out of the search index.")


class FrontMatter(BaseModel):
    # The fields between the '---' lines at the top of every page.
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True,
                              json_schema_extra={"description": PAGE_LIMITS})
    title: Line = Field(description="The page's name in the browser tab, search results and link previews: "
                        "short, plain text without < > or \". The H1 is written in the page body.")
    description: Line = Field(max_length=DESCRIPTION_MAX_CHARS, description=f"One or two plain sentences for search results and link "
                              f"previews, at most {DESCRIPTION_MAX_CHARS} characters, without < > or \".")
    dates_from: Optional[str] = Field(None, pattern=r"^[a-z0-9][a-z0-9/_-]*\.md$", description="For a page that "
                                      "summarises or continues another (an option sheet; the options comparison): "
                                      "that page's path in docs/, whose review dates and review record it takes, "
                                      "so they are never typed twice.")
    last_reviewed: Optional[Date] = Field(None, validate_default=True, description="Date (YYYY-MM-DD) a contributor last checked every fact on the "
                                "page against its sources; set by hand, never in the future. Required unless dates_from is given.")
    next_review: Optional[Date] = Field(None, validate_default=True, description=f"Date (YYYY-MM-DD) the page is due for its next review: after "
                              f"last_reviewed and at most {REVIEW_INTERVAL_MONTHS} months after it. A date "
                              "already past prints a warning; `make reviews` lists reviews due soon.")
    handout: bool = Field(False, description="true for a one-page handout (docs/handouts/): printed with its "
                          "identity, QR code and one-line sources; checked as one sheet by the print tests.")
    keywords: list[Line] = Field([], description="Search-only words readers use for this page that the page "
                                 "itself does not (hidden, never explained; see macros/search_keywords.py). "
                                 "Never a word of the committed test queries.")
    tags: list[Line] = Field([], description="Words patients type that are specific to this page "
                             "(\"fever\", \"hospice\"), as a list: [fever, hospice]. They feed the search "
                             "with strong weight.")
    search: Optional[SearchSettings] = Field(None, description="Search settings for this page.")
    site_page: bool = Field(False, description="true only for pages about the site itself (About, For "
                            "cancer centers): they need no Sources list. Every medical page must cite.")

    @model_validator(mode="after")
    def _dates_given_once(self):
        if self.dates_from is not None:
            if self.last_reviewed is not None or self.next_review is not None:
                raise ValueError("give either dates_from or last_reviewed and next_review, not both")
        return self

    @field_validator("last_reviewed", "next_review")
    @classmethod
    def _required_unless_dates_from(cls, v: Optional[dt.date], info: ValidationInfo) -> Optional[dt.date]:
        # Checked per field, so the message names the missing one (dates_from comes first).
        if v is None and info.data.get("dates_from") is None:
            raise ValueError("is required (YYYY-MM-DD), unless dates_from names the page this one summarises")
        return v

    @field_validator("next_review")
    @classmethod
    def _after_last(cls, v: dt.date, info: ValidationInfo) -> dt.date:
        last = info.data.get("last_reviewed")
        if last is None or v is None:
            return v
        if v <= last:
            raise ValueError(f"must be after last_reviewed ({last.isoformat()})")
        latest = add_months(last, REVIEW_INTERVAL_MONTHS)
        if v > latest:
            raise ValueError(f"must be at most {REVIEW_INTERVAL_MONTHS} months after last_reviewed, "
                             f"so {latest.isoformat()} or earlier")
        return v


@dataclass
class PageInfo:
    path: str
    meta: dict
    front: Optional[FrontMatter] = None
    text: str = ""
    cited: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    ids: dict[str, int] = field(default_factory=dict)  # explicit element id -> line
    has_guide: bool = False


@dataclass
class ScanResult:
    pages: list[PageInfo]
    errors: list[DataError]
    warnings: list[str]


def us_date(d: dt.date) -> str:
    return f"{d.strftime('%B')} {d.day}, {d.year}"


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day `months` later (the last day of the month where that day does not exist)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def scan_pages(docs_dir: Path, sources: set[str] | None, terms: set[str] | None,
               today: dt.date | None = None) -> ScanResult:
    """Check every page; `sources`/`terms` None means that file failed to load (ids unchecked)."""
    today = today or dt.date.today()
    result = ScanResult([], [], [])
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir.parent).as_posix()
        text = collect(result.errors, read_text, path, rel)
        if text is None:
            continue
        front = collect(result.errors, read_front_matter, rel, text)
        info = PageInfo(rel, front.model_dump() if front else {}, front, text)
        m = FRONT.match(text)
        if front and m:
            errors, warnings = review_date_problems(rel, front, today)
            errors += handout_place_problems(rel, front, docs_dir)
            result.errors += [_at_line(e, m.group(1)) for e in errors]
            result.warnings += [_at_line(w, m.group(1)).message for w in warnings]
        body_start = m.end() if m else 0
        limits = page_limit_problems(rel, text)
        result.errors += limits
        result.errors += nesting_problems(rel, text[body_start:], text.count("\n", 0, body_start))
        if limits:  # Markdown never sees this page; the id scans below are skipped for it
            result.pages.append(info)
            continue
        result.errors += scan_calls(rel, text, info, sources, terms)
        page = path.relative_to(docs_dir).as_posix()
        result.errors += scan_ids(rel, text, info, h1=h1_id(page))
        result.errors += h1_id_problems(rel, page, text[body_start:], text.count("\n", 0, body_start))
        result.pages.append(info)
    result.errors += resolve_dates_from(result.pages)
    return result


def resolve_dates_from(pages: list[PageInfo]) -> list[DataError]:
    """A page that summarises another (an option sheet) takes its review dates from it, so the
    dates are never typed twice: front matter `dates_from: options/radiation-therapy.md`."""
    errors = []
    by_path = {p.path: p for p in pages}
    for p in pages:
        target = p.meta.get("dates_from")
        if target is None:
            continue
        other = by_path.get("docs/" + str(target))
        if other is None:
            errors.append(DataError(p.path, f"'docs/{target}' does not exist", field="dates_from"))
        elif other.meta.get("dates_from") is not None or other.meta.get("last_reviewed") is None:
            errors.append(DataError(p.path, f"'docs/{target}' has no review dates of its own; name the page it "
                                    "summarises instead", field="dates_from"))
        else:
            for key in ("last_reviewed", "next_review"):
                p.meta[key] = other.meta[key]
    return errors


def read_front_matter(rel: str, text: str) -> FrontMatter:
    m = FRONT.match(text)
    if not m:
        raise DataError(rel, "the page must start with front matter between '---' lines "
                        "(title, description, last_reviewed, next_review)")
    raw = parse_yaml(m.group(1) or "", rel, first_line=2)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise DataError(rel, "front matter must be fields written as 'name: value', one a line", line=2)
    try:
        return validate(FrontMatter, raw, rel)
    except DataError as e:
        raise _at_line(e, m.group(1)) from None
    except DataErrors as e:
        raise DataErrors([_at_line(err, m.group(1)) for err in e.errors]) from None


def check_front_matter(rel: str, text: str) -> dict:
    """The page's front matter as a dict of checked values (DataError(s) if it has mistakes)."""
    return read_front_matter(rel, text).model_dump()


def _at_line(err: DataError, front: str) -> DataError:
    """The front-matter error with the line of its field in the page."""
    key = (err.field or "").split(".")[0].split("[")[0]
    found = re.search(rf"^{re.escape(key)}[ \t]*:", front, re.M) if key else None
    line = front.count("\n", 0, found.start()) + 2 if found else None
    return DataError(err.file, err.problem, field=err.field, line=line)


def review_date_problems(rel: str, fm: FrontMatter, today: dt.date) -> tuple[list[DataError], list[DataError]]:
    """A review in the future stops the build; a review already due only warns (or every build
    would start failing on the day it falls due)."""
    errors, warnings = [], []
    if fm.last_reviewed is None:  # dates_from: the summarised page's dates are checked there
        return errors, warnings
    if fm.last_reviewed > today:
        errors.append(DataError(rel, f"{fm.last_reviewed.isoformat()} is in the future (today is "
                                f"{today.isoformat()}): set the day the page was actually checked",
                                field="last_reviewed"))
    elif fm.next_review < today:
        warnings.append(DataError(rel, f"the review was due on {fm.next_review.isoformat()}: check every fact "
                                  "on the page against its sources, then set new review dates",
                                  field="next_review"))
    return errors, warnings


HANDOUTS_FOLDER = "handouts"


def handout_place_problems(rel: str, fm: FrontMatter, docs_dir: Path) -> list[DataError]:
    """`handout: true` is for pages in docs/handouts/ (their PDFs are made and linked from there);
    on another page it would promise a PDF that is never made."""
    if fm.handout and not rel.startswith(f"{docs_dir.name}/{HANDOUTS_FOLDER}/"):
        return [DataError(rel, f"handout: true is only for pages in {docs_dir.name}/{HANDOUTS_FOLDER}/ (a handout's PDF "
                          f"is made from there); move the page there, or remove the line", field="handout")]
    return []


def reviews_due(docs_dir: Path, today: dt.date, days: int = REVIEW_SOON_DAYS) -> list[tuple[dt.date, str]]:
    """(next_review, page) for every page whose review is overdue or due within `days`."""
    due = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir.parent).as_posix()
        fm = read_front_matter(rel, read_text(path, rel))
        if fm.next_review is not None and fm.next_review <= today + dt.timedelta(days=days):
            due.append((fm.next_review, rel))
    return sorted(due)


def nesting_problems(rel: str, text: str, lines_before: int = 0) -> list[DataError]:
    """Brackets nested deeper than MAX_NESTING within one paragraph: never meant, and Markdown
    takes minutes over thousands of them (the build would seem to hang)."""
    pairs = {"]": "[", ")": "(", "}": "{"}
    depth = {"[": 0, "(": 0, "{": 0}
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            depth = dict.fromkeys(depth, 0)
        for ch in line:
            if ch in depth:
                depth[ch] += 1
                if depth[ch] > MAX_NESTING:
                    return [DataError(rel, f"has more than {MAX_NESTING} '{ch}' brackets inside each other; "
                                      "check for brackets pasted by mistake", line=n + lines_before)]
            elif ch in pairs and depth[pairs[ch]]:
                depth[pairs[ch]] -= 1
    return []


def page_limit_problems(rel: str, text: str) -> list[DataError]:
    """What a page holds beyond the limits in PAGE_LIMITS: at most one problem of each kind, at
    its line. Fenced code blocks count for the page and line limits only (Markdown sets them
    aside before it reads the rest)."""
    problems: dict[str, DataError] = {}
    if len(text) > MAX_PAGE_CHARS:
        line = text.count("\n", 0, MAX_PAGE_CHARS) + 1
        problems["page"] = DataError(rel, f"the page has {len(text):,} characters, more than the {MAX_PAGE_CHARS:,} "
                                     "a page may hold (it passes the limit on this line): split it into "
                                     "several pages", line=line)
    in_fence, para_start, para_chars = False, 0, 0
    for n, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS and "line" not in problems:
            problems["line"] = DataError(rel, f"the line has {len(line):,} characters, more than the "
                                         f"{MAX_LINE_CHARS:,} a line may hold: break it into shorter lines or "
                                         "paragraphs", line=n)
        if FENCE.match(line):
            in_fence, para_chars = not in_fence, 0
            continue
        if in_fence:
            continue
        if not line.strip():
            para_chars = 0
            continue
        if para_chars == 0:
            para_start = n
        para_chars += len(line) + 1
        if para_chars > MAX_PARAGRAPH_CHARS and "paragraph" not in problems:
            problems["paragraph"] = DataError(rel, f"the paragraph starting on this line has more than the "
                                              f"{MAX_PARAGRAPH_CHARS:,} characters a paragraph (or table) may hold: "
                                              "break it up with blank lines", line=para_start)
        depth = _nesting_depth(line)
        if depth > MAX_PAGE_NESTING and "depth" not in problems:
            problems["depth"] = DataError(rel, f"the line is nested {depth} levels deep (lists or quotes inside "
                                          f"each other, 4 spaces of indent or one '>' a level); a page may nest "
                                          f"at most {MAX_PAGE_NESTING} levels", line=n)
        tag = _OPEN_TAG.search(line)
        if tag and "tag" not in problems:
            problems["tag"] = DataError(rel, f"'{tag.group()[:20]}' opens an HTML tag that does not close with '>' "
                                        "on the same line: write each tag on one line, and a '<' meant as text "
                                        "with a space after it ('a < b') or as &lt;", line=n)
    return list(problems.values())


def _nesting_depth(line: str) -> int:
    """Levels of lists and quotes a line sits in: every '>' at its start, and every 4 columns of
    indent (a tab is 4) before, between and after them."""
    columns = markers = 0
    for ch in line:
        if ch == " ":
            columns += 1
        elif ch == "\t":
            columns += 4
        elif ch == ">":
            markers += 1
        else:
            break
    return columns // 4 + markers


def scan_calls(rel: str, text: str, info: PageInfo, sources: set[str] | None,
               terms: set[str] | None) -> list[DataError]:
    """The ids written in quotes in cite() and term() calls must exist. Every call is checked
    again when the page renders, including ids computed by the page's own Jinja."""
    errors = []
    for m in CALL.finditer(text):
        name, args = m.group(1), STRING.findall(m.group(2))
        line = text.count("\n", 0, m.start()) + 1
        if name == "decision_guide":
            info.has_guide = True
            continue
        if name == "cite":
            for sid in args:
                if sources is not None and sid not in sources:
                    errors.append(DataError(rel, f"cite('{sid}'): there is no source with this id in sources.yml", line=line))
                info.cited.add(sid)
        elif name == "term" and args:
            if terms is not None and args[0] not in terms:
                errors.append(DataError(rel, f"term('{args[0]}'): there is no term with this id in glossary.yml", line=line))
            info.terms.add(args[0])
    return errors


def h1_id(page: str) -> str:
    """The id of a page's H1 (EDITING.md, "Page shape"): the last part of the page's address, that
    is its file name without `.md`, the folder's name for an `index.md`, and `home` for the home
    page. It follows the file, never the title, so rewording a title changes no address.
    `page` is the file's path inside docs/ ("handouts/wallet-card.md")."""
    parts = Path(page).with_suffix("").parts
    if parts and parts[-1] == "index":
        parts = parts[:-1]
    return parts[-1] if parts else "home"


def h1_id_problems(rel: str, page: str, body: str, lines_before: int = 0) -> list[DataError]:
    """Each H1 written in the page (`# Title { #id }`) carries the id h1_id() gives the page.
    (A page whose H1 a macro writes, such as a cancer page, is checked on the built site.)"""
    errors, want, in_fence = [], h1_id(page), False
    for n, line in enumerate(body.splitlines(), lines_before + 1):
        if FENCE.match(line):
            in_fence = not in_fence
        m = None if in_fence else H1.match(line)
        if not m:
            continue
        given = HEADING_ID.search(m.group(1))
        if given is None:
            title = m.group(1).strip()
            errors.append(DataError(rel, f"the H1 has no id: write '# {title} {{ #{want} }}' (every page's H1 "
                                    "has the id of its file name, so a new title changes no address; "
                                    "EDITING.md, 'Page shape')", line=n))
        elif given.group(1) != want:
            errors.append(DataError(rel, f"the H1's id is '{given.group(1)}' but this page's H1 id is "
                                    f"'{want}', the page's file name (EDITING.md, 'Page shape'): write "
                                    f"{{ #{want} }}", line=n))
    return errors


def scan_ids(rel: str, text: str, info: PageInfo, h1: str | None = None) -> list[DataError]:
    """Ids the page gives its headings and elements: each used once, none the site writes itself
    (except `h1`, the id h1_id() gives the page's H1, which may be one: the Sources page's `sources`)."""
    errors = []
    in_fence = False
    for n, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            continue
        for m in EXPLICIT_ID.finditer(line):
            eid = m.group(1) or m.group(2)
            if eid in info.ids:
                errors.append(DataError(rel, f"the id '{eid}' is already used on line {info.ids[eid]}; two "
                                        "elements with one id break links to it: give this one another id",
                                        line=n))
                continue
            info.ids[eid] = n
            owner = None if (eid == h1 and H1.match(line)) else site_id_owner(eid)
            if owner:
                errors.append(DataError(rel, f"the id '{eid}' is one the site gives its own elements "
                                        f"({owner}): choose another id", line=n))
    return errors
