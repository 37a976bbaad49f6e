"""Lookup by diagnosis code (issue 18): the ICD-10-CM codes of each cancer page, kept in
cancers.yml (`codes:`), each with its official title from the ICD-10-CM tabular list and the
source it was read in (sources.yml).

A listed code stands for itself and every code below it in the tabular list: C83.3 (diffuse large
B-cell lymphoma) also answers C83.30 and C83.3A. A portal's code is matched to the longest listed
code it starts with (dots, case and spaces do not matter), so a portal may send C83.30, C8330 or
C83.3. A code that the tabular list files under two of the site's pages (ALL carries no age; the
small cell B-cell lymphoma code includes SLL and marginal zone lymphoma) names both in `pages`,
and is written the same way under both cancers.

The build publishes the lookup as `feed/v1/codes.json` (see `codes_json`), each page's codes in
the partner feed, and a table on the "For cancer centers" page (`code_table`)."""
from __future__ import annotations

import json
import re
from typing import Annotated, Iterable, Optional

from pydantic import BaseModel, ConfigDict, Field

from .errors import DataError
from .loading import Id, Name, pattern

FILE = "cancers.yml"
MAX_CODES = 12        # codes of one cancer (3)
MAX_COVERED = 200     # codes below one listed code (108, under C82)
CONNECT = "connect/icd10"  # connect/icd10/<code>/ leads to the code's page
CHOOSES_ON = "cancers/index.md"  # a code of two pages leads to its short choice there (choice_id)
CODE = pattern(r"^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$",
               "an ICD-10-CM code: a capital letter, two characters, then a dot and 1 to 4 more for a "
               "subcategory, e.g. 'C83.3' or 'C90.00' (capitals, no spaces)")


class Icd10Code(BaseModel):
    """One ICD-10-CM code that leads to this cancer's page."""
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    code: str = Field(pattern=CODE, max_length=8, description="The ICD-10-CM code with its dot, e.g. C83.3. It "
                      "also stands for every code below it in the tabular list (C83.30 ... C83.3A).")
    title: Name = Field(description="Its official title, copied exactly from the ICD-10-CM tabular list.")
    source: Id = Field(description="Id in sources.yml of the ICD-10-CM release the code and title were read in.")
    covers: list[Annotated[str, Field(pattern=CODE, max_length=8)]] = Field(
        default=[], max_length=MAX_COVERED, description="Every code below it in the tabular list, copied from it "
        "(e.g. C90.00, C90.01, C90.02 under C90.0): each gets its own address, connect/icd10/<code>/.")
    pages: list[Id] = Field(default=[], max_length=2, description="Only for a code that belongs to two pages "
                            "(e.g. ALL, which carries no age): the ids of both cancers, this one included. "
                            "The code is then written the same way under both.")


def _key(code: str) -> str:
    return code.replace(".", "")


def normalize(code: str) -> str:
    """'c8330 ' -> 'C83.30': the form the tabular list writes (a dot after the third character)."""
    s = re.sub(r"[\s.]", "", code).upper()
    return s[:3] + ("." + s[3:] if len(s) > 3 else "")


def pages_of(cancer_id: str, c: Icd10Code) -> list[str]:
    return list(c.pages) or [cancer_id]


def code_problems(codes: dict[str, list[Icd10Code]]) -> list[DataError]:
    """`codes` maps each cancer id to its codes. Each code appears once per cancer and no listed
    code is below another of the same cancer; a code under two cancers names both in `pages`, and
    both entries agree; `pages` names known cancers, this one included."""
    errors: list[DataError] = []
    where: dict[str, list[tuple[str, int, Icd10Code]]] = {}
    for cid, listed in codes.items():
        for i, c in enumerate(listed):
            field = f"codes[{i}]"
            for j, other in enumerate(listed[:i]):
                if c.code == other.code:
                    errors.append(DataError(FILE, f"{c.code} is listed twice (also codes[{j}])", entry=cid, field=f"{field}.code"))
                elif _key(c.code).startswith(_key(other.code)) or _key(other.code).startswith(_key(c.code)):
                    errors.append(DataError(FILE, f"{c.code} and {other.code} (codes[{j}]) overlap: a listed code already "
                                            "stands for every code below it, so list only the wider one", entry=cid, field=f"{field}.code"))
            for k, below in enumerate(c.covers):
                if not (_key(below).startswith(_key(c.code)) and len(below) > len(c.code)):
                    errors.append(DataError(FILE, f"{below} is not below {c.code} in the tabular list (a code below it "
                                            f"starts with {c.code})", entry=cid, field=f"{field}.covers[{k}]"))
                elif below in c.covers[:k]:
                    errors.append(DataError(FILE, f"{below} is listed twice", entry=cid, field=f"{field}.covers[{k}]"))
            for p in c.pages:
                if p not in codes:
                    errors.append(DataError(FILE, f"'{p}' is not a cancer in {FILE} (those are: {', '.join(codes)})",
                                            entry=cid, field=f"{field}.pages"))
            if c.pages and cid not in c.pages:
                errors.append(DataError(FILE, f"pages must name this cancer too ('{cid}'), then the other one",
                                        entry=cid, field=f"{field}.pages"))
            if len(c.pages) == 1:
                errors.append(DataError(FILE, "give pages only for a code that belongs to two pages, naming both",
                                        entry=cid, field=f"{field}.pages"))
            where.setdefault(c.code, []).append((cid, i, c))
    made: dict[str, str] = {}
    for code, (c, _) in index(codes).items():
        for each in [code, *c.covers]:
            if each in made and made[each] != code:
                cid = next(cid for cid, listed in codes.items() if c in listed)
                errors.append(DataError(FILE, f"{each} is already listed, or covered by {made[each]}: each code "
                                        "leads to one place", entry=cid, field=f"codes[{codes[cid].index(c)}]"))
            made.setdefault(each, code)
    for code, uses in where.items():
        under = {cid for cid, _, _ in uses}
        for cid, i, c in uses:
            if set(pages_of(cid, c)) != under or (c.title, c.source, c.covers) != (uses[0][2].title, uses[0][2].source,
                                                                           uses[0][2].covers):
                others = ", ".join(sorted(under - {cid})) or "none"
                errors.append(DataError(FILE, f"{code} is listed under {len(under)} cancer(s) (others: {others}); a code "
                                        "that belongs to two pages is written the same way under both, with the same "
                                        "title, source and covers, and pages naming both", entry=cid, field=f"codes[{i}]"))
                break
    return errors


def source_refs(codes: dict[str, list[Icd10Code]]) -> Iterable[tuple[str, str, str, str]]:
    for cid, listed in codes.items():
        for i, c in enumerate(listed):
            yield FILE, cid, f"codes[{i}].source", c.source


def index(codes: dict[str, list[Icd10Code]]) -> dict[str, tuple[Icd10Code, list[str]]]:
    """Each listed code -> (its entry, the ids of the cancers whose pages it leads to), in code order."""
    out: dict[str, tuple[Icd10Code, list[str]]] = {}
    for cid, listed in codes.items():
        for c in listed:
            out.setdefault(c.code, (c, pages_of(cid, c)))
    return dict(sorted(out.items()))


def lookup(codes: dict[str, list[Icd10Code]], code: str) -> Optional[tuple[Icd10Code, list[str]]]:
    """The listed code a portal's code falls under (the longest listed code it starts with), or None."""
    key = _key(normalize(code))
    best = None
    for listed, value in index(codes).items():
        if key.startswith(_key(listed)) and (best is None or len(_key(listed)) > len(_key(best[0].code))):
            best = value
    return best


class CodePage(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    cancer: str = Field(description="The cancer's id, e.g. 'multiple-myeloma'.")
    address: str = Field(description="The full published address of the cancer's page.")


class CodeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    code: str = Field(description="An ICD-10-CM code with its dot; it stands for every code below it.")
    title: str = Field(description="Its official title in the ICD-10-CM tabular list.")
    covers: list[str] = Field(description="The codes below it in the tabular list; each leads to the same page(s).")
    connect: str = Field(description="Its address under connect/icd10/, which opens the page (or, for a code of "
                         "two pages, a line on the list of cancers that names both); each code it covers has one too.")
    pages: list[CodePage] = Field(description="The page(s) it leads to; two when the code belongs to two pages "
                                  "and the reader chooses.")


class CodesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    version: str = Field(description="The feed's major version (the same rule as pages.json).")
    code_system: str = Field(description="Always 'ICD-10-CM'.")
    source: str = Field(description="The ICD-10-CM release the codes and titles were read in.")
    source_address: str = Field(description="Where that release is published.")
    match: str = Field(description="How to find a code: the rule in words.")
    codes: list[CodeEntry]


MATCH_RULE = ("Remove dots and spaces and use capitals, then take the listed code that the code starts with; "
              "if two do, the longer one. C83.30, C8330 and C83.3 all lead to the entry C83.3. A code that "
              "starts with no listed code is not about a cancer this guide covers.")


def codes_json(codes: dict[str, list[Icd10Code]], page_address: dict[str, str], version: str,
               source_title: str, source_address: str, site_address: str = "") -> str:
    """feed/v1/codes.json: every listed code, its official title and the address of each page it
    leads to (`page_address`: cancer id -> full address), as stable JSON text."""
    entries = [CodeEntry(code=code, title=c.title, covers=list(c.covers), connect=f"{site_address}{connect_url(code)}",
                         pages=[CodePage(cancer=p, address=page_address[p]) for p in pages])
               for code, (c, pages) in index(codes).items()]
    doc = CodesFile(version=version, code_system="ICD-10-CM", source=source_title, source_address=source_address,
                    match=MATCH_RULE, codes=entries)
    return json.dumps(doc.model_dump(), indent=1, ensure_ascii=False) + "\n"


def codes_schema_json(version: str) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": f"After CAR T diagnosis code lookup, version {version}", **CodesFile.model_json_schema()}
    return json.dumps(schema, indent=1) + "\n"


def code_table(codes: dict[str, list[Icd10Code]], names: dict[str, str], page_href: dict[str, str], head: str) -> str:
    """The "For cancer centers" table: each code, its official title and the page(s) it opens.
    Left out of the search index (it repeats every cancer's name)."""
    from .claims import md_text
    rows = [head, "| --- | --- | --- |"]
    for code, (c, pages) in index(codes).items():
        links = " or ".join(f"[{md_text(names[p])}]({page_href[p]})" for p in pages)
        rows.append(f"| `{code}` | {md_text(c.title)} | {links} |")
    return '<div class="icd10-codes" data-search-exclude markdown="1">\n\n' + "\n".join(rows) + "\n\n</div>\n"


def connect_url(code: str) -> str:
    """The stable address of a code, relative to the site's address: connect/icd10/C90.00/."""
    return f"{CONNECT}/{code}/"


def choice_id(code: str) -> str:
    """The id of a two-page code's choice on the cancers list: C91.0 -> code-c91-0."""
    return "code-" + code.lower().replace(".", "-")


def choice_target(code: str) -> str:
    """Where a code of two pages leads (a page of the docs with the choice's #id)."""
    return f"{CHOOSES_ON}#{choice_id(code)}"


def code_choices(codes: dict[str, list[Icd10Code]], names: dict[str, str], page_href: dict[str, str], words) -> str:
    """On the cancers list: for each code that belongs to two pages, one short line at its own id
    that names both pages, so a reader sent from a portal with that code chooses (in words of the
    site: strings.yml icd10.choice). The codes below it lead to the same line."""
    from .claims import md_text
    lines = []
    for code, (c, pages) in index(codes).items():
        if len(pages) < 2:
            continue
        links = [f"[{md_text(names[p])}]({page_href[p]})" for p in pages]
        lines.append(f'<p class="code-choice" id="{choice_id(code)}" markdown="1">'
                     + words("icd10.choice", code=f"`{code}`", first=links[0], second=links[1]) + "</p>")
    return "\n\n".join(lines) + "\n"


def connect_redirects(codes: dict[str, list[Icd10Code]], page_of: dict[str, str]) -> dict[str, str]:
    """The redirect map (as mkdocs-redirects' `redirect_maps`; the plugin writes these pages itself,
    macros/redirect_stubs.py mkdocs_redirects_page) of connect/icd10/<code>/ for every listed
    code and every code it covers: to its cancer's page (`page_of`: cancer id -> page), or for a
    code of two pages to its short choice on the cancers list (choice_target), where the reader chooses."""
    out: dict[str, str] = {}
    for code, (c, pages) in index(codes).items():
        target = page_of[pages[0]] if len(pages) == 1 else choice_target(code)
        for each in [code, *c.covers]:
            out[f"{CONNECT}/{each}.md"] = target
    return out
