"""glossary.yml: load and validate the terms; render the A-Z glossary page and the
explanation that appears where a term is used (see term_markdown.py for where)."""
from __future__ import annotations

import html
from pathlib import Path
from typing import Annotated, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from .errors import DataError
from .loading import SLUG, index_by_id, plain_text, read_yaml, validate

FILE = "glossary.yml"
Text = Annotated[str, AfterValidator(plain_text)]


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    id: str = Field(pattern=SLUG)
    term: Text
    abbreviation: Optional[Text] = None
    expansion: Optional[Text] = None
    aliases: list[Text] = []
    definition: Text = Field(max_length=400)
    pronunciation: Optional[Text] = None
    related: list[Annotated[str, Field(pattern=SLUG)]] = []
    sources: list[Annotated[str, Field(pattern=SLUG)]] = Field(min_length=1)

    @field_validator("definition")
    @classmethod
    def _short(cls, v: str) -> str:
        words = len(v.split())
        if words > 45:
            raise ValueError(f"is {words} words long; keep a definition to 45 words or fewer")
        return v

    @property
    def names(self) -> list[str]:
        """Every form of the term that pages may use."""
        out = [self.term] + ([self.abbreviation] if self.abbreviation else []) + list(self.aliases)
        seen, uniq = set(), []
        for n in out:
            if n.lower() not in seen:
                seen.add(n.lower())
                uniq.append(n)
        return uniq


class GlossaryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    terms: list[Term] = Field(min_length=1)


def load_glossary(path: Path) -> dict[str, Term]:
    data = validate(GlossaryFile, read_yaml(path), FILE, "terms")
    terms: dict[str, Term] = index_by_id(data.terms, FILE, "term")
    owner: dict[str, str] = {}
    for t in terms.values():
        for name in t.names:
            key = name.lower()
            if key in owner and owner[key] != t.id:
                raise DataError(FILE, f"the name {name!r} is already used by term '{owner[key]}'; "
                                "a word can explain only one term", entry=t.id, field="aliases")
            owner[key] = t.id
    for t in terms.values():
        for r in t.related:
            if r not in terms:
                raise DataError(FILE, f"related term '{r}' does not exist", entry=t.id, field="related")
            if r == t.id:
                raise DataError(FILE, "a term cannot be related to itself", entry=t.id, field="related")
    return terms


# ---------------------------------------------------------------- rendering

def anchor(term_id: str) -> str:
    return f"term-{term_id}"


def tip_text(t: Term) -> tuple[str, str]:
    """(heading, definition) shown in the explanation, unescaped."""
    name = t.term + (f" ({t.abbreviation})" if t.abbreviation and t.abbreviation != t.term else "")
    return name, t.definition


def render_explained(t: Term, visible: str, glossary_href: str, tip_id: str) -> str:
    """HTML for a word with its explanation (used by the term() macro; the Markdown extension
    builds the same structure as elements)."""
    e = html.escape
    name, definition = tip_text(t)
    href = f"{glossary_href}#{anchor(t.id)}"
    return (
        f'<span class="term" data-term="{t.id}">'
        f'<a class="term__word" href="{e(href)}" aria-describedby="{tip_id}">{e(visible)}</a>'
        f'<span class="term__tip" id="{tip_id}" role="tooltip" data-search-exclude>'
        f'<strong class="term__name">{e(name)}:</strong> {e(definition)} '
        f'<a class="term__more" href="{e(href)}">More in the glossary</a></span></span>'
    )


def render_glossary_page(terms: dict[str, Term], cite) -> str:
    """The A-Z glossary: letter navigation and one entry per term with a stable anchor."""
    e = html.escape
    by_letter: dict[str, list[Term]] = {}
    for t in sorted(terms.values(), key=lambda t: t.term.lower()):
        first = t.term[0].upper()
        by_letter.setdefault(first if first.isalpha() else "#", []).append(t)
    letters = sorted(by_letter)
    nav = " ".join(f'<li><a href="#letter-{_letter_id(l)}">{e(l)}</a></li>' for l in letters)
    out = [f'<nav class="glossary-letters" aria-label="Glossary letters"><ul>{nav}</ul></nav>',
           '<div class="glossary no-explain">']
    for l in letters:
        out.append(f'<h2 id="letter-{_letter_id(l)}">{e(l)}</h2>\n<dl>')
        for t in by_letter[l]:
            extra = []
            if t.expansion:
                extra.append(f"Short for {e(t.expansion)}.")
            if t.pronunciation:
                extra.append(f'<span class="pronunciation">Say it: <i lang="en">{e(t.pronunciation)}</i>.</span>')
            others: list[str] = []
            for a in t.aliases:
                if a.lower() in (t.term.lower(), (t.abbreviation or "").lower()) or _inflection(a, t.term):
                    continue
                if not any(_inflection(a, k) for k in others):
                    others.append(a)
            if others:
                extra.append("Also called: " + ", ".join(e(a) for a in others) + ".")
            if t.related:
                rel = ", ".join(f'<a href="#{anchor(r)}">{e(terms[r].term)}</a>' for r in t.related)
                extra.append(f"See also: {rel}.")
            head = e(t.term) + (f" ({e(t.abbreviation)})" if t.abbreviation and t.abbreviation != t.term else "")
            out.append(
                f'<dt id="{anchor(t.id)}">{head}</dt>\n'
                f'<dd><p>{e(t.definition)} {cite(*t.sources)}</p>'
                + (f'<p class="glossary-extra">{" ".join(extra)}</p>' if extra else "")
                + "</dd>")
        out.append("</dl>")
    out.append("</div>")
    return "\n".join(out)


def _inflection(alias: str, term: str) -> bool:
    """'relapses' or 'relapsed' for 'relapse': the matcher needs them, readers do not."""
    a, t = alias.lower(), term.lower()
    return a.startswith(t) and len(a) - len(t) <= 3 or t.startswith(a) and len(t) - len(a) <= 3


def _letter_id(letter: str) -> str:
    return letter.lower() if letter.isalpha() else "other"
