"""Cited text: a sentence or two of guide text with the one to three sources that support it.

Data files write it as a mapping, or a list of them when a field has several claims:

    benefits:
      - text: In myeloma, talquetamab helped about 7 in 10 people who had CAR T before.
        sources: [talquetamab-2025]

Each claim is rendered with its own citation, so a reader (and a test) can see which source
supports which sentence."""
from __future__ import annotations

import html
import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .loading import Id, Text

SourceId = Id
MAX_SOURCES_PER_CLAIM = 3
MAX_CLAIMS = 10  # claims in one field (the most in the real data: 5)

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!])")


class Claim(BaseModel):
    """One or two sentences and the sources that support exactly them."""
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    text: Text = Field(description="Plain text, grade 8 or lower; no HTML or Markdown.")
    sources: list[SourceId] = Field(
        min_length=1, max_length=MAX_SOURCES_PER_CLAIM,
        description=f"Ids from sources.yml that support this text (1 to {MAX_SOURCES_PER_CLAIM}); "
                    "cite the study behind each figure, not every source of the page.")


def _as_list(value):
    return [value] if isinstance(value, dict) else value


Claims = Annotated[list[Claim], BeforeValidator(_as_list), Field(min_length=1, max_length=MAX_CLAIMS)]
# Exactly one claim, written as a mapping or a one-item list (a guide result's own version of a
# catalogue fact, which the result shows in place of the catalogue's one-claim line).
OneClaim = Annotated[list[Claim], BeforeValidator(_as_list), Field(min_length=1, max_length=1)]


def md_text(text: str) -> str:
    """Escape plain text for HTML and Markdown, so it is shown exactly as written."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def render_claims(claims: list[Claim], cite) -> str:
    """Markdown for claims in a row, each followed by its own citation."""
    return " ".join(f"{md_text(c.text)} {cite(*c.sources)}" for c in claims)


def claim_sources(claims: list[Claim]) -> list[str]:
    out: list[str] = []
    for c in claims:
        out += [s for s in c.sources if s not in out]
    return out
