"""figures.yml: key "N out of 100" numbers, kept once, each drawn as an icon array.

A page calls {{ figure("id") }}. The macro writes the sentence with the number (in natural
frequencies, with who was studied, the year and the citation) and draws the same number as an
accessible inline SVG: `total` figures in rows of 10, `count` of them filled. The number is
never typed twice, and the picture prints in black and white."""
from __future__ import annotations

import html
import re
from fractions import Fraction
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from .errors import DataError
from .loading import Id, Name, Text, index_by_id, read_yaml, validate

FILE = "figures.yml"
MAX_FIGURES = 200  # the real file has 13
MAX_TOTAL = 1_000_000
MAX_ICONS = 100
PER_ROW = 10
# What a figure measures. A reader takes a number for what the heading above it is about, so a
# cancer page draws each kind under its own section (cancers.FIGURE_SECTIONS).
Measure = Literal["car-t-result", "relapse", "survival", "response", "pain-relief", "disease-control",
                  "side-effects", "mood"]


class Figure(BaseModel):
    """One number from one study: 'count' out of 'total' people in 'group' 'outcome'."""
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    id: Id = Field(description="Stable id; pages call figure(\"id\").")
    count: StrictInt = Field(ge=0, le=MAX_TOTAL, description="How many people had the outcome (a whole number).")
    total: StrictInt = Field(gt=0, le=MAX_TOTAL, description="Out of how many (100, or the real group size when it is small; 1,000 for rates under 1 in 100).")
    group: Name = Field(description="Who was studied, in words: 'people with large B-cell lymphoma who had CAR T before'.")
    outcome: Name = Field(description="What happened to them, as a verb phrase: 'had a complete response'.")
    study: Name = Field(description="The study in words: 'in the main glofitamab study'.")
    year: StrictInt = Field(ge=1990, le=2100, description="Year of the study's report.")
    source: Id = Field(description="Id from sources.yml.")
    counted: Name = Field(default="people", description="What each icon stands for (people, or e.g. treated spots).")
    measures: Measure = Field(description="What the number is about, which decides the section of a cancer page it is drawn "
                              "under: car-t-result (how CAR T itself did) and relapse (what a relapse after CAR T is like) "
                              "under 'When ... stops working'; survival under 'How long people live'; response, "
                              "pain-relief and disease-control under 'How well some treatments worked'; side-effects "
                              "and mood only on option pages.")
    total_note: Optional[Text] = Field(default=None, description="Why the total is the real group size when other figures on a "
                                       "page it is drawn on are out of 100 (one short sentence, shown after the figure's "
                                       "sentence), e.g. 'The trial was small, so the picture shows each of its 15 people.'")

    @model_validator(mode="after")
    def _fits(self):
        if self.count > self.total:
            raise ValueError("count is larger than total")
        return self

    @property
    def drawn(self) -> bool:
        return self.total <= MAX_ICONS

    @property
    def per_hundred(self) -> bool:
        """Out of 100 (or 1,000 for rare outcomes), scaled from the study; otherwise the total is
        the real group size."""
        return self.total in (100, 1000)


class FiguresFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    figures: list[Figure] = Field(min_length=1, max_length=MAX_FIGURES, description="Key numbers drawn as icon arrays.")


def load_figures(path: Path) -> dict[str, Figure]:
    data = validate(FiguresFile, read_yaml(path), FILE, "figures")
    return index_by_id(data.figures, FILE, "figure")


def gist(count: int, total: int, words) -> str:
    """'about 1 in 3' for 35 out of 100: the nearest simple fraction (halves, thirds, quarters,
    fifths or tenths) within 3 points, or '' when none is close enough."""
    if total == 0 or count in (0, total):
        return ""
    share = count / total
    best = None
    for d in (2, 3, 4, 5, 10):
        n = round(share * d)
        if 0 < n < d and abs(n / d - share) <= 0.03:
            f = Fraction(n, d)
            if best is None or abs(float(f) - share) < abs(float(best) - share) - 1e-9:
                best = f
    if best is None:
        return ""
    return (words("figures.about_half") if best == Fraction(1, 2)
            else words("figures.about", numerator=best.numerator, denominator=best.denominator))


def sentence(f: Figure, words) -> str:
    """'In the main glofitamab study (2022), about 1 in 3 people ... (35 out of 100) had ...'"""
    number = words("figures.out_of", count=f"{f.count:,}", total=f"{f.total:,}")
    g = gist(f.count, f.total, words)
    if g == words("figures.about_half"):
        amount = words("figures.about_half_of", counted=f.counted, number=number)
    else:
        amount = f"{g} {f.counted} ({number})" if g else f"{number} {f.counted}"
    return words("figures.sentence", study=f.study[0].upper() + f.study[1:], year=f.year, amount=amount,
                 group=f.group, outcome=f.outcome)


_PERSON = "M{x},{y}a2 2 0 1 0 4 0a2 2 0 1 0-4 0m-2 6.5a4 4 0 0 1 8 0v4.5h-8z"


def icon_array_svg(f: Figure, svg_id: str, words) -> str:
    """An inline SVG of `total` person icons, `count` filled; the text alternative states both."""
    cell, rows = 14, -(-f.total // PER_ROW)
    filled, empty = [], []
    for i in range(f.total):
        # A person is 8 wide and 13 high (head radius 2 above y, body down to y + 11): centred in
        # its 14 by 14 cell, so no head is cut off at the top of the picture.
        x, y = (i % PER_ROW) * cell + 5, (i // PER_ROW) * cell + 2.5
        (filled if i < f.count else empty).append(_PERSON.format(x=x, y=y))
    label = words("figures.shaded", count=f.count, total=f.total, counted=f.counted, outcome=f.outcome)
    e = html.escape
    return (f'<svg class="icon-array" role="img" aria-labelledby="{svg_id}-t" viewBox="0 0 {PER_ROW * cell} {rows * cell}" '
            f'width="{PER_ROW * cell * 2}" height="{rows * cell * 2}" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="{svg_id}-t">{e(label)}</title>'
            f'<path class="icon-array__on" d="{"".join(filled)}"/>'
            f'<path class="icon-array__off" d="{"".join(empty)}"/></svg>')


def render_figure(f: Figure, cite, number: int, words) -> str:
    """A <figure> with the icon array and the sentence as its caption (the caption cites). It
    carries what it measures (data-measures), so a check can see which heading it sits under."""
    caption = html.escape(sentence(f, words)) + " " + cite(f.source)
    if f.total_note:
        caption += " " + html.escape(f.total_note)
    svg = icon_array_svg(f, f"_fig-{f.id}", words) if f.drawn else ""
    return (f'<figure class="icon-figure" id="figure-{f.id}" data-measures="{f.measures}">{svg}'
            f'<figcaption>{caption}</figcaption></figure>\n')


# ---------------------------------------------------------------- checks

def denominator_problems(figs: list[Figure], where: str) -> list[str]:
    """Figures drawn together share one denominator rule: all out of 100 (scaled from the study),
    or all the real group size. When a page mixes them, each figure showing a real group size must
    say why (total_note), or a reader compares 72 out of 100 with 42 out of 55 as if alike."""
    if len({f.per_hundred for f in figs}) < 2:
        return []
    return [f"{where}: figure '{f.id}' shows {f.count} out of {f.total} beside figures out of 100; "
            "give it a total_note saying why it shows the real group size, or scale it to 100 "
            "and name the group size in 'group'"
            for f in figs if not f.per_hundred and not f.total_note]


_HEADING = re.compile(r'^##\s+.*?\{\s*#([\w-]+)\s*\}\s*$|<h2\b[^>]*\bid="([^"]+)"', re.M)
_FIGURE = re.compile(r'<figure\b[^>]*\bid="figure-([\w-]+)"[^>]*\bdata-measures="([\w-]+)"')


def placement_problems(page: str, sections: dict[str, str], where: str) -> list[str]:
    """Each figure of a page (Markdown with `## Title { #id }` headings, or HTML with <h2 id>)
    must sit under the section its kind belongs to (`sections`: measure -> heading id). A figure
    whose kind has no section there, or that comes before any H2, is a problem."""
    problems, current = [], None
    events = sorted([(m.start(), "h", m.group(1) or m.group(2)) for m in _HEADING.finditer(page)]
                    + [(m.start(), "f", m.group(1), m.group(2)) for m in _FIGURE.finditer(page)])
    for e in events:
        if e[1] == "h":
            current = e[2]
            continue
        fid, measure = e[2], e[3]
        wanted = sections.get(measure)
        if wanted is None:
            problems.append(f"{where}: figure '{fid}' measures {measure}, which has no section on this page")
        elif current != wanted:
            problems.append(f"{where}: figure '{fid}' measures {measure} but sits under "
                            f"#{current or '(no heading)'}, not #{wanted}")
    return problems
