"""The partner feed (issue 18): a static, versioned JSON list of the site's pages for cancer
centers' portals and other partners, written by the build to `feed/v1/pages.json`, with its
JSON Schema beside it (`feed/v1/schema.json`), both from the models below.

Version rule (the "For cancer centers" page says the same to partners): the address carries
the major version. Within v1, fields are only ever added, never removed, renamed or given a new
meaning, so a reader written for v1 keeps working. A change that would break a reader makes
`feed/v2/` beside v1, and v1 keeps being published for at least a year after.

Each page's entry comes from what the page already holds: its title, description and review
dates from its front matter, its key points from its "Key points" box, its cancer from
cancers.yml. No build date is written, so two builds of the same sources give the same file."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Literal, Optional

import selectolax
from pydantic import BaseModel, ConfigDict, Field
from selectolax.lexbor import LexborHTMLParser

from . import build_cache

VERSION = "1"
FOLDER = f"feed/v{VERSION}"
PAGES = f"{FOLDER}/pages.json"
SCHEMA = f"{FOLDER}/schema.json"
# Lookup by diagnosis code (macros/icd10.py): every listed ICD-10-CM code and the page(s) it opens.
CODES = f"{FOLDER}/codes.json"
CODES_SCHEMA = f"{FOLDER}/codes.schema.json"
# What is not a page's words: explanation pop-ups, citation numbers, text for print only.
_NOT_WORDS = ".term__tip, sup, .print-only, .headerlink"


class FeedPage(BaseModel):
    model_config = ConfigDict(extra="forbid")
    address: str = Field(description="The page's full published address (a stable address of the URL contract).")
    title: str = Field(description="The page's title.")
    description: str = Field(description="One or two sentences on what the page is for.")
    key_points: list[str] = Field(description="The page's key points as plain text, in order; empty if it has none.")
    kind: Literal["page", "handout", "result"] = Field(description="A web page, a one-sheet handout to print, or a result of the guide.")
    cancer: Optional[str] = Field(description="The cancer the page is about (an id such as 'multiple-myeloma'), or null.")
    cancer_name: Optional[str] = Field(description="That cancer's name as the site writes it, or null.")
    last_reviewed: Optional[str] = Field(description="When the page's facts were last checked (YYYY-MM-DD), or null.")
    next_review: Optional[str] = Field(description="When they are due to be checked again (YYYY-MM-DD), or null.")
    language: str = Field(description="The page's language (BCP 47).")
    codes: list[str] = Field(default=[], description="The ICD-10-CM codes that lead to this page (a cancer page), "
                             "each standing for every code below it; empty for other pages. Added within v1.")


class Feed(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str = Field(description="The feed's major version; see the version rule on the 'For cancer centers' page.")
    site_name: str
    site_address: str = Field(description="The site's published address.")
    license: str = Field(description="The licence of the pages' words.")
    pages: list[FeedPage]


def key_points(content_html: str) -> list[str]:
    """The text of each item in the page's first "Key points" box (an `abstract` admonition)."""
    root = LexborHTMLParser(content_html)
    box = root.css_first(".admonition.abstract")
    if box is None:
        return []
    for node in box.css(_NOT_WORDS):
        node.decompose()
    return [re.sub(r"\s+", " ", li.text(deep=True)).strip() for li in box.css("li")]


# Each page's key points, kept between builds (macros/build_cache.py: .cache/feed/) by the page's
# HTML, this file's code and selectolax's version: parsing every page again costs about 1 ms each.
KEY_POINTS_CACHE_FOLDER = build_cache.FOLDER / "feed"
_CODE = build_cache.code_digest(__file__)


def _texts(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("not a list of texts")
    return value


def kept_key_points(content_html: str, folder: Path | None = KEY_POINTS_CACHE_FOLDER) -> list[str]:
    """key_points(content_html), kept by the page's HTML."""
    digest = hashlib.sha256(content_html.encode("utf-8", "surrogatepass")).hexdigest()
    name = f"key-points-{build_cache.key(_CODE, selectolax.__version__, digest)}.json"
    return build_cache.cached_json(folder, name, lambda: key_points(content_html), _texts)


def entry(address: str, title: str, description: str, content_html: str, kind: str, cancer: tuple[str, str] | None,
          meta: dict, language: str, codes: list[str] | None = None) -> FeedPage:
    def date(key):
        value = meta.get(key)
        return value.isoformat() if hasattr(value, "isoformat") else (str(value) if value else None)
    return FeedPage(address=address, title=title, description=description or "", key_points=kept_key_points(content_html),
                    kind=kind, cancer=cancer[0] if cancer else None, cancer_name=cancer[1] if cancer else None,
                    last_reviewed=date("last_reviewed"), next_review=date("next_review"), language=language,
                    codes=list(codes or []))


def feed_json(pages: list[FeedPage], site_name: str, site_address: str, license_text: str) -> str:
    """The feed, pages in address order, as stable JSON text."""
    feed = Feed(version=VERSION, site_name=site_name, site_address=site_address, license=license_text,
                pages=sorted(pages, key=lambda p: p.address))
    return json.dumps(feed.model_dump(), indent=1, ensure_ascii=False) + "\n"


def schema_json() -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": f"After CAR T partner feed, version {VERSION}", **Feed.model_json_schema()}
    return json.dumps(schema, indent=1) + "\n"


def code_files(pages: list[FeedPage], codes: dict[str, list], sources: dict, site_address: str) -> dict[str, str]:
    """The lookup by diagnosis code (macros/icd10.py) and its JSON Schema, by path in the site:
    each listed code leads to the address the feed gives its cancer's page. `codes` maps cancer
    ids to their codes in cancers.yml, `sources` is sources.yml by id."""
    from . import icd10
    address = {p.cancer: p.address for p in pages if p.kind == "page" and p.cancer}
    used = sorted({c.source for listed in codes.values() for c in listed})
    title = "; ".join(sources[s].title for s in used)
    where = "; ".join(sources[s].url or "" for s in used)
    return {CODES: icd10.codes_json(codes, address, VERSION, title, where, site_address),
            CODES_SCHEMA: icd10.codes_schema_json(VERSION)}
