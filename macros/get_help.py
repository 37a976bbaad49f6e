"""get-help.yml: the warning signs and the help lines (phone numbers), kept once.

Every page's "When to get help right away", the guide results, the handouts, the option sheets
and the wallet card render the warning signs from here; every phone number on the site is a
`tel:` link made from here. Only numbers confirmed on the organisation's own page are listed."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Annotated, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from .claims import md_text
from .errors import DataError
from .loading import SLUG, index_by_id, plain_text, read_yaml, validate

FILE = "get-help.yml"
Text = Annotated[str, AfterValidator(plain_text)]
Id = Annotated[str, Field(pattern=SLUG)]
# Text that looks like a phone number; the site test requires each to sit inside a tel: link.
PHONE = re.compile(r"1-800-4-CANCER|\(\d{3}\) \d{3}-\d{4}|\b(?:1-)?\d{3}-\d{3}-\d{4}\b|\b0\d{3} ?\d{3,4} ?\d{2,4}(?: ?\d{2})?\b"
                   r"|\b1 \(\d{3}\) \d{3}-\d{4}|(?<![\d.,/-])\b(?:911|988)\b(?!\d|[.,/-]\d| Suicide)")


class Sign(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    text: Text = Field(description="The sign, as a phrase that follows 'if you have': 'a fever of 100.4°F (38°C) or higher'.")
    short: Optional[Text] = Field(default=None, description="A few words for the one-paragraph version shown on every page ('confusion'); leave out to keep the sign only in the full list.")
    sources: list[Annotated[str, Field(pattern=SLUG)]] = Field(min_length=1, max_length=3, description="Ids from sources.yml.")


class HelpLine(BaseModel):
    """A phone line, confirmed on the organisation's own page (the source)."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: Id = Field(description="Stable id; pages call phone(\"id\").")
    name: Text = Field(description="Who answers: 'NCI Cancer Information Service'.")
    number: Text = Field(description="The number as the organisation writes it: '1-800-4-CANCER (1-800-422-6237)'.")
    dial: str = Field(pattern=r"^\+?\d{3,15}$", description="Digits to dial, for the tel: link: '+18004226237', '911'.")
    what: Text = Field(description="What the line helps with, in a few words.")
    hours: Text = Field(default="", description="Hours as the organisation states them; empty if not stated.")
    country: str = Field(default="US", pattern=r"^(US|UK)$", description="US or UK.")
    sources: list[Annotated[str, Field(pattern=SLUG)]] = Field(min_length=1, max_length=2, description="The organisation's own page that shows this number.")

    @field_validator("number")
    @classmethod
    def _looks_like_a_number(cls, v: str) -> str:
        if not PHONE.search(v):
            raise ValueError(f"{v!r} does not look like a phone number this site can link")
        return v


class GetHelpFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    emergency_signs: list[Sign] = Field(min_length=1, description="Signs to call 911 for.")
    call_team_signs: list[Sign] = Field(min_length=1, description="Signs to call the care team's 24-hour number for, right away.")
    help_lines: list[HelpLine] = Field(min_length=1, description="Phone lines shown on the site.")


class GetHelp:
    def __init__(self, data: GetHelpFile):
        self.emergency_signs = data.emergency_signs
        self.call_team_signs = data.call_team_signs
        self.lines: dict[str, HelpLine] = index_by_id(data.help_lines, FILE, "help line")
        if "emergency" not in self.lines:
            raise DataError(FILE, "a help line with id 'emergency' (911) is required", field="help_lines")

    def source_refs(self):
        for key in ("emergency_signs", "call_team_signs"):
            for i, s in enumerate(getattr(self, key)):
                for sid in s.sources:
                    yield FILE, f"{key}[{i}]", "sources", sid
        for line in self.lines.values():
            for sid in line.sources:
                yield FILE, line.id, "sources", sid


def load_get_help(path: Path) -> GetHelp:
    return GetHelp(validate(GetHelpFile, read_yaml(path), FILE, "help_lines"))


# ---------------------------------------------------------------- rendering

def phone_link(line: HelpLine, text: str | None = None) -> str:
    return f'<a class="tel" href="tel:{html.escape(line.dial)}">{html.escape(text or line.number)}</a>'


def join_words(items: list[str], word: str = "or") -> str:
    """'a', 'a or b', 'a, b, or c' (or with 'and'): a comma before the last word of three or
    more, so an item that itself has an 'or' ('trouble speaking or writing') stays one item."""
    if len(items) < 3:
        return f" {word} ".join(items)
    return ", ".join(items[:-1]) + f", {word} " + items[-1]


def join_or(items: list[str]) -> str:
    return join_words(items, "or")


def _cited(signs: list[Sign], cite) -> list[str]:
    return [f"{md_text(s.text)} {cite(*s.sources)}" for s in signs]


def render_full(gh: GetHelp, cite, words) -> str:
    """The full list (health and safety page): 911 signs first, then the call-your-team signs."""
    w = words
    e911 = phone_link(gh.lines["emergency"])
    out = ['<div class="warning-signs" markdown="1">', "",
           f"**{w.md('warning_signs.call_911_now', number=e911)}** {w.md('warning_signs.if_someone')}", ""]
    out += [f"- {x}" for x in _cited(gh.emergency_signs, cite)]
    out += ["", w.md("warning_signs.outside_us"), "",
            f"**{w.md('warning_signs.call_team_now')}**{w.md('warning_signs.even_at_night')}", ""]
    out += [f"- {x}" for x in _cited(gh.call_team_signs, cite)]
    out += ["", "</div>", ""]
    return "\n".join(out)


def render_short(gh: GetHelp, cite, full_href: str, words) -> str:
    """One paragraph for every page: the main signs, 911, and a link to the full list."""
    w = words
    e911 = phone_link(gh.lines["emergency"])
    signs = [s for s in gh.call_team_signs if s.short]
    sources: list[str] = []
    for s in signs + gh.emergency_signs:
        sources += [x for x in s.sources if x not in sources]
    either = w("warning_signs.or")
    return (w.md("warning_signs.short_team", signs=join_words([md_text(s.short) for s in signs], either)) + " "
            + w.md("warning_signs.short_911", number=e911,
                   signs=join_words([md_text(s.short or s.text) for s in gh.emergency_signs], either)) + " "
            + f"{w.md('warning_signs.outside_us')} {cite(*sources[:3])} "
            f"[{w.md('warning_signs.see_all')}]({full_href}).")


def render_help_lines(gh: GetHelp, cite, country: str, words) -> str:
    """A table of help lines (support page)."""
    out = [words("warning_signs.help_lines_head"), "| --- | --- | --- |"]
    for line in gh.lines.values():
        if line.country != country or line.id == "emergency":
            continue
        hours = f" ({md_text(line.hours)})" if line.hours else ""
        out.append(f"| {md_text(line.name)} | {md_text(line.what)}{hours} {cite(*line.sources)} | {phone_link(line)} |")
    return "\n".join(out) + "\n"
