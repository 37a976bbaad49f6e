"""sources.yml: load and validate the reference list; render citations, page source lists
and the full bibliography."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StringConstraints, model_validator

from .errors import MacroCallError
from .loading import SLUG, URL_MAX, Date, Id, Name, Note, Text, index_by_id, no_script_url, read_yaml, validate

FILE = "sources.yml"
MAX_SOURCES = 1000  # the real list has 134
Short = Annotated[str, StringConstraints(max_length=URL_MAX)]


def _doi(v: str) -> str:
    if not re.fullmatch(r"10\.\d{4,9}/\S+", v):
        raise ValueError(f"{v!r} is not a DOI: it must look like 10.1182/blood.2022018893 (no https://doi.org/ prefix)")
    return v


def _pmid(v: str) -> str:
    if not re.fullmatch(r"\d{1,9}", v):
        raise ValueError(f"{v!r} is not a PubMed id: digits only, e.g. '36821768'")
    return v


def _url(v: str) -> str:
    no_script_url(v)
    if not re.fullmatch(r"https://[^\s<>\"']+", v):
        raise ValueError(f"{v!r} is not a web address starting with https://")
    return v


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    id: Id = Field(description="Stable id that pages cite with cite(\"id\"), usually first "
                    "author or body and year, such as descart-2022. Never rename a published id.")
    type: Literal["journal", "label", "government", "society", "registry", "secondary"] = Field(
        description="journal (article), label (FDA drug label), government (FDA, NCI, CDC page), society "
        "(professional society), registry (trial registry), or secondary (news or charity page, used "
        "only where no primary source exists; shown as 'Not a study or an official document').")
    studied: list[Annotated[str, Field(pattern=SLUG)]] = Field(
        min_length=1, description="Which cancers (and so which people) the source is about: ids of cancers in "
        "cancers.yml (e.g. [large-b-cell-lymphoma]; b-all-children-and-young-adults and b-all-adults tell "
        "children from adults), or [general] for a source not about one cancer (an FDA safety page, an NCI "
        "page, a guideline for all CAR T), or [other] for a study of a cancer this guide does not cover (e.g. "
        "lung cancer). A claim about one cancer that cites a study of another must say which cancer it was "
        "(checked: macros/studied.py).")
    authors: Optional[Name] = Field(None, description="Authors as cited (for example 'Zurko JC, Epperla N, et "
                                    "al.') or the organisation. Leave out only for an article whose byline could not "
                                    "be confirmed (never name the publisher instead); say so in the note. The "
                                    "reference then starts with its title.")
    title: Text = Field(description="Title of the article or page, plain text.")
    container: Name = Field(description="Journal or publisher, shown in italics (for example 'Blood').")
    year: Optional[StrictInt] = Field(default=None, ge=1900, le=2100, description="Year of publication. An "
                                "undated web page gives `accessed` instead.")
    volume: Optional[Name] = Field(None, description="Volume, issue and pages, such as '140(13):1461-1469'.")
    doi: Optional[Annotated[Short, AfterValidator(_doi)]] = Field(None, description="DOI without the "
                                                                "https://doi.org/ prefix, checked against the publisher.")
    pmid: Optional[Annotated[Short, AfterValidator(_pmid)]] = Field(None, description="PubMed id (digits), "
                                                                  "checked against PubMed.")
    url: Optional[Annotated[Short, AfterValidator(_url)]] = Field(None, description="Web address starting "
                                                                "with https:// (used when there is no DOI).")
    date: Optional[Date] = Field(None, description="Publication date of a label or web page, YYYY-MM-DD.")
    accessed: Optional[Date] = Field(None, description="Date a web page was read, YYYY-MM-DD (for pages "
                                     "without a year).")
    note: Optional[Note] = Field(None, description="A short note shown after the reference, such as "
                                 "'Details not fully verified'.")

    @model_validator(mode="after")
    def _findable(self):
        if self.year is None and self.accessed is None:
            raise ValueError("needs a year, or for an undated web page an accessed date (YYYY-MM-DD)")
        if not (self.doi or self.pmid or self.url):
            raise ValueError("needs at least one of doi, pmid or url so a reader can find it")
        return self


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    sources: list[Source] = Field(min_length=1, max_length=MAX_SOURCES, description="Every reference the site cites; each must "
                                  "be cited somewhere (a page, a glossary term or the guide).")


def load_sources(path: Path) -> dict[str, Source]:
    data = validate(SourcesFile, read_yaml(path), FILE, "sources")
    return index_by_id(data.sources, FILE, "source")


# ---------------------------------------------------------------- rendering

def source_link(s: Source) -> str:
    if s.doi:
        return f"https://doi.org/{s.doi}"
    if s.pmid:
        return f"https://pubmed.ncbi.nlm.nih.gov/{s.pmid}/"
    return s.url or ""


def render_reference(s: Source, words) -> str:
    """One reference as HTML (all text escaped): what a reader needs to find it. The `note`
    field is for editors and is never shown. The parts print shortens carry a class (ref-extra,
    ref-date: print.css); the others carry none, which saves every reference's bytes."""
    e = html.escape
    parts = ([f'{e(s.authors.rstrip("."))}.'] if s.authors else []) + [
             f'{e(s.title.rstrip("."))}.',
             f"<cite>{e(s.container.rstrip('.'))}</cite>."]
    if s.year:
        parts.append(f"{s.year}" + (f";{e(s.volume)}" if s.volume else "") + ".")
    elif s.volume:
        parts.append(f"{e(s.volume)}.")
    if s.date and s.type != "journal":
        parts.append(f'<span class="ref-date">{words.html("sources.published", date=words.date(s.date))}</span>')
    if s.doi:
        parts.append(f'<a href="https://doi.org/{e(s.doi)}">doi:{e(s.doi)}</a>.')
    if s.pmid:
        link = (f'<a href="https://pubmed.ncbi.nlm.nih.gov/{e(s.pmid)}/">'
                f'{words.html("sources.pubmed", pmid=e(s.pmid))}</a>.')
        parts.append(f'<span class="ref-extra">{link}</span>' if s.doi else link)
    if s.url and not s.doi:
        parts.append(f'<a href="{e(s.url)}">{e(_short_url(s.url))}</a>.')
    if s.accessed:
        parts.append(f'<span class="ref-extra">{words.html("sources.accessed", date=words.date(s.accessed))}</span>')
    if s.type == "secondary":
        parts.append(f'<span class="source-secondary">{words.html("sources.secondary")}</span>')
    return " ".join(parts)


SHORT_NAME = 45  # an issuing body's name longer than this prints as the site's domain


def _short_url(url: str) -> str:
    return re.sub(r"^https://(www\.)?", "", url).rstrip("/")


def short_reference(s) -> str:
    """The shortest form a reader can look up: 'Di Blasi 2022, doi:10.1182/...' for a study with
    a DOI or PMID, 'Blood Advances 2024' for one without, the issuing body ('National Cancer
    Institute, 2026') or, when that is long, the site's domain for anything else (the full
    reference is on the page's web address)."""
    year = s.year or (s.date.year if s.date else None) or (s.accessed.year if s.accessed else "")
    if s.type == "journal" and (s.doi or s.pmid) and s.authors:
        first = s.authors.split(",")[0].split(" et al")[0].strip()
        # "Di Blasi R" -> "Di Blasi": drop the initials at the end
        words = first.split()
        while len(words) > 1 and re.fullmatch(r"[A-Z]{1,3}", words[-1]):
            words.pop()
        where = f"doi:{s.doi}" if s.doi else f"PubMed {s.pmid}"
        return f"{html.escape(' '.join(words))} {year}, {html.escape(where)}"
    if s.doi:
        return f"{html.escape(s.container)} {year}, doi:{html.escape(s.doi)}"
    if s.type == "journal" and not s.pmid and s.container:
        # 'Van Oekelen, Blood 2023' when the first author is a person ('Surname AB'); otherwise
        # the start of the title, so the reader can still find the paper.
        person = re.match(r"^([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*?) [A-Z]{1,3}(?:,|$| et al)", s.authors or "")
        if person:
            return f"{html.escape(person.group(1))}, {html.escape(s.container)} {year}"
        title = s.title if len(s.title) <= 50 else s.title[:50].rsplit(" ", 1)[0] + "…"
        return f"{html.escape(s.container)} {year}, “{html.escape(title)}”"
    if s.authors and len(s.authors) <= SHORT_NAME and not s.pmid:
        return f"{html.escape(s.authors)}, {year}"
    domain = (s.url or "").replace("https://", "").split("/")[0].removeprefix("www.")
    return f"{html.escape(domain or s.container)}, {year}" if not s.pmid else f"{html.escape(s.container)} {year}, PubMed {html.escape(s.pmid)}"


def distinct_references(sources: dict, ids: list[str], short=None) -> dict[str, str]:
    """Each source's short reference, told apart where two on one list would read the same
    ('Centers for Disease Control and Prevention, 2026' twice): those get the start of their title."""
    short = short or short_reference
    refs = {sid: short(sources[sid]) for sid in ids}
    seen: dict[str, int] = {}
    for ref in refs.values():
        seen[ref] = seen.get(ref, 0) + 1
    for sid, ref in refs.items():
        if seen[ref] > 1:
            title = sources[sid].title
            title = title if len(title) <= 40 else title[:40].rsplit(" ", 1)[0] + "…"
            refs[sid] = f"{ref}, “{html.escape(title)}”"
    return refs


class CitationTracker:
    """Numbers citations on one page in order of first use."""

    def __init__(self, sources: dict[str, Source], words):
        self.sources = sources
        self.words = words
        self.order: list[str] = []

    def cite(self, *ids: str) -> str:
        if not ids:
            raise MacroCallError("cite() needs at least one source id in quotes, such as cite(\"descart-2022\")")
        links = []
        for sid in ids:
            if sid not in self.sources:
                raise MacroCallError(f"cite('{sid}'): there is no source with this id in {FILE}")
            if sid not in self.order:
                self.order.append(sid)
            n = self.order.index(sid) + 1
            links.append(f'<a href="#source-{sid}" aria-label="{html.escape(self.words("sources.source_n", n=n))}">{n}</a>')
        return f'<sup class="cite" data-search-exclude>[{", ".join(links)}]</sup>'

    def number(self, sid: str) -> int:
        if sid not in self.order:
            self.order.append(sid)
        return self.order.index(sid) + 1

    def short_list(self, ids: list[str], detail_ids: list[str] = (), title: str | None = None) -> str:
        """A print-only list of some of the page's sources, numbered as on the page (a printed
        guide result lists only the sources it cites; `detail_ids`, cited only in parts that
        print on request, are marked so they print only with those parts)."""
        ordered = sorted(ids, key=self.number)
        shown = distinct_references(self.sources, ordered)

        def item(sid):
            cls = ' class="print-detail"' if sid in detail_ids else ""
            return f'<span{cls} data-source="{sid}">[{self.number(sid)}] {shown[sid]}</span>'
        refs = "".join(item(sid) for sid in ordered)
        title = title or self.words("sources.for_this_result")
        return (f'<p class="result-sources no-explain" data-search-exclude>'
                f'<strong class="result-sources__title">{html.escape(title)}:</strong> {refs}.</p>')

    def short_line(self, short_reference, extra: list[str] = ()) -> str:
        """A handout's one-line source list, numbered like its citations."""
        ids = list(self.order) + [x for x in extra if x not in self.order]
        shown = distinct_references(self.sources, ids, short_reference)
        refs = "; ".join(f'<span id="source-{sid}">[{i}] {shown[sid]}</span>'
                         for i, sid in enumerate(ids, 1))
        return (f'<p class="handout-sources no-explain" data-search-exclude><strong>{self.words.html("handouts.sources")}'
                f'</strong> {refs}.</p>\n')

    def page_sources(self, bibliography_url: str) -> str:
        """The Markdown/HTML block that ends a page: its own numbered Sources list."""
        if not self.order:
            return ""
        items = "\n".join(
            f'<li id="source-{sid}">{render_reference(self.sources[sid], self.words)}</li>' for sid in self.order)
        w = self.words
        return (
            f"\n\n## {w.md('sources.heading')} {{ #sources data-search-exclude }}\n\n"
            '<div class="page-sources no-explain" data-search-exclude>\n'
            f"<ol>\n{items}\n</ol>\n"
            f'<p>{w.html("sources.all_sources")} <a href="{bibliography_url}">{w.html("sources.all_sources_link")}</a>.</p>\n'
            "</div>\n"
        )


def render_bibliography(sources: dict[str, Source], words) -> str:
    ordered = sorted(sources.values(), key=lambda s: ((s.authors or s.title).lower(), s.year or 0))
    items = "\n".join(f'<li id="{s.id}">{render_reference(s, words)}</li>' for s in ordered)
    return f'<div class="bibliography no-explain" data-search-exclude>\n<ul>\n{items}\n</ul>\n</div>\n'
