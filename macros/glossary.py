"""glossary.yml: load and validate the terms; render the A-Z glossary page and the
explanation that appears where a term is used (see term_markdown.py for where)."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Optional

from markdown import util as markdown_util
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .errors import DataError, collect, raise_all
from .loading import NAME_MAX, Id, Name, index_by_id, one_script, read_yaml, text_type, validate

FILE = "glossary.yml"
DEFINITION_MAX_WORDS = 40
DEFINITION_MAX_CHARS = 400
# Common English words (one a line): a name that is one of them, matched ignoring capitals,
# would explain an everyday word as a medical term ("all" would turn every "all" into leukemia).
ORDINARY_WORDS_FILE = Path(__file__).with_name("ordinary-words.txt")
ORDINARY_WORDS = frozenset(
    w.strip().lower() for w in ORDINARY_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    if w.strip() and not w.startswith("#"))
# The words inside Python-Markdown's placeholders for stashed HTML ("wzxhzdk"), inline markup
# ("klzzwxh") and tags ("hzzhzkh"): a name containing one would rewrite the placeholders.
PLACEHOLDER_WORDS = tuple(sorted({w for p in (markdown_util.HTML_PLACEHOLDER, markdown_util.INLINE_PLACEHOLDER,
                                              markdown_util.TAG_PLACEHOLDER)
                                  for w in re.findall(r"[a-z]{4,}", p)}))
# A name pages use (term, abbreviation, alias) or a search keyword: letters of one alphabet per word.
TermName = text_type(NAME_MAX, one_script)
MAX_ALIASES = 20    # the most in the real data: 7
MAX_RELATED = 12    # 6
MAX_KEYWORDS = 30   # none yet
MAX_TERM_SOURCES = 5  # 3
MAX_TERMS = 1000    # 111
Definition = text_type(DEFINITION_MAX_CHARS)


def matched_exactly(name: str) -> bool:
    """Names with two or more capital letters (abbreviations such as 'ALL', 'PET', 'CRS') are
    matched with their capitals; all others ignoring capitals."""
    return sum(c.isupper() for c in name) >= 2


def sort_key(term: str) -> str:
    """The glossary's A-Z order: by `term`, ignoring capitals."""
    return term.casefold()


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    id: Id = Field(description="Stable id: lowercase words joined by hyphens. Pages use it in term(\"id\") "
                   "and links use glossary/#term-<id>, so never change a published id.")
    term: TermName = Field(description="The word or phrase as readers see it, written as in running text "
                       "(lowercase unless it is a name or an abbreviation). Entries are sorted A-Z by "
                       "this field, ignoring capitals.")
    abbreviation: Optional[TermName] = Field(None, description="Short form, such as CRS: shown after the term and "
                                         "explained too where a page uses it.")
    expansion: Optional[Name] = Field(None, description="What the abbreviation stands for, when that is not the "
                                      "term itself; shown as 'Short for ...'.")
    aliases: list[TermName] = Field([], max_length=MAX_ALIASES, description="Other forms pages use (plurals, other names), matched as whole "
                                "words ignoring capitals; a name with two or more capitals (ALL, PET) is matched "
                                "exactly. Never an ordinary English word (macros/ordinary-words.txt) or a name "
                                "another term already uses.")
    definition: Definition = Field(description=f"Plain-language meaning: plain text, 1-2 sentences, at most "
                             f"{DEFINITION_MAX_WORDS} words and {DEFINITION_MAX_CHARS} characters, grade 8 or "
                             "lower, without the term itself. No HTML or Markdown.")
    pronunciation: Optional[Name] = Field(None, description="How to say it, only when the NCI Dictionary of "
                                          "Cancer Terms gives one, for example AN-tih-jen.")
    related: list[Id] = Field([], max_length=MAX_RELATED, description="Ids of other glossary terms, shown as 'See also'.")
    keywords: list[TermName] = Field([], max_length=MAX_KEYWORDS, description="Search only: readers' own words for this term that no page "
                                 "uses (a lay phrase, an old name). Hidden on the page that names the term most "
                                 "often; never a word of the committed test queries (tests/test_search.py).")
    sources: list[Id] = Field(min_length=1, max_length=MAX_TERM_SOURCES, description="Ids from sources.yml that support the definition "
                              "(at least one).")

    @field_validator("definition")
    @classmethod
    def _short(cls, v: str) -> str:
        words = len(v.split())
        if words > DEFINITION_MAX_WORDS:
            raise ValueError(f"is {words} words long; keep a definition to {DEFINITION_MAX_WORDS} words or fewer")
        return v

    def named(self) -> list[tuple[str, str]]:
        """(field, name) for every form of the term that pages may use."""
        out = [("term", self.term)] + ([("abbreviation", self.abbreviation)] if self.abbreviation else [])
        return out + [("aliases", a) for a in self.aliases]

    @property
    def names(self) -> list[str]:
        """Every form of the term that pages may use."""
        seen, uniq = set(), []
        for _, n in self.named():
            if n.lower() not in seen:
                seen.add(n.lower())
                uniq.append(n)
        return uniq


class GlossaryFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    terms: list[Term] = Field(min_length=1, max_length=MAX_TERMS, description="Every term explained on the site, sorted A-Z by "
                              "`term` (ignoring capitals).")


def load_glossary(path: Path) -> dict[str, Term]:
    data = validate(GlossaryFile, read_yaml(path), FILE, "terms")
    errors: list[DataError] = []
    terms: dict[str, Term] = collect(errors, index_by_id, data.terms, FILE, "term") or {}
    errors += order_problems(data.terms)
    owner: dict[str, str] = {}
    # Terms first, then abbreviations, then aliases: a clash is reported at the later kind of name.
    for kind in ("term", "abbreviation", "aliases"):
        for t in data.terms:
            for field, name in t.named():
                if field != kind:
                    continue
                problem = name_problem(name)
                if problem:
                    errors.append(DataError(FILE, problem, entry=t.id, field=field))
                key = name.lower()
                if key in owner and owner[key] != t.id:
                    errors.append(DataError(FILE, f"the name {name!r} is already used by term '{owner[key]}'; "
                                            "a word can explain only one term", entry=t.id, field=field))
                owner.setdefault(key, t.id)
    for t in data.terms:
        for r in t.related:
            if r not in terms:
                errors.append(DataError(FILE, f"related term '{r}' does not exist", entry=t.id, field="related"))
            elif r == t.id:
                errors.append(DataError(FILE, "a term cannot be related to itself", entry=t.id, field="related"))
    raise_all(errors)
    return terms


def name_problem(name: str) -> str | None:
    """Why a term, abbreviation or alias cannot be matched safely in pages, or None."""
    low = name.lower()
    for word in PLACEHOLDER_WORDS:
        if word in low:
            return (f"{name!r} contains {word!r}, a word Python-Markdown uses internally for its "
                    "placeholders; matching it would break the HTML of pages: remove it")
    if not matched_exactly(name) and low in ORDINARY_WORDS:
        return (f"{name!r} is an ordinary English word (listed in macros/ordinary-words.txt), so every "
                "everyday use of it would be explained as this term: remove it. An abbreviation written "
                "with two or more capitals, such as 'ALL', is matched exactly and is fine")
    return None


def order_problems(terms: list[Term]) -> list[DataError]:
    """The fewest entries to move to put the glossary in A-Z order by `term` (those outside the
    longest run already in order), each with the place it belongs."""
    keys = [sort_key(t.term) for t in terms]
    in_order = _longest_sorted_run(keys)
    ordered = sorted(terms, key=lambda t: sort_key(t.term))
    out = []
    for i, t in enumerate(terms):
        if i in in_order:
            continue
        j = ordered.index(t)
        place = f"just before '{ordered[j + 1].term}'" if j + 1 < len(ordered) else "at the end"
        out.append(DataError(FILE, f"'{t.term}' is out of A-Z order (the glossary is sorted by term, "
                             f"ignoring capitals): move this entry to {place}", entry=t.id, field="term"))
    return out


def _longest_sorted_run(keys: list[str]) -> set[int]:
    """Indexes of a longest non-decreasing subsequence of `keys` (patience sorting)."""
    tails: list[int] = []  # tails[k]: index of the smallest last key of a run of length k + 1
    previous = [-1] * len(keys)
    for i, key in enumerate(keys):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if keys[tails[mid]] <= key:
                lo = mid + 1
            else:
                hi = mid
        previous[i] = tails[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(i)
        else:
            tails[lo] = i
    run, i = set(), tails[-1] if tails else -1
    while i != -1:
        run.add(i)
        i = previous[i]
    return run


# ---------------------------------------------------------------- rendering

def anchor(term_id: str) -> str:
    return f"term-{term_id}"


def tip_text(t: Term) -> tuple[str, str]:
    """(heading, definition) shown in the explanation, unescaped."""
    name = t.term + (f" ({t.abbreviation})" if t.abbreviation and t.abbreviation != t.term else "")
    return name, t.definition


def render_explained(t: Term, visible: str, glossary_href: str, tip_id: str, words) -> str:
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
        f'<a class="term__more" href="{e(href)}">{e(words("glossary.more"))}</a></span></span>'
    )


def render_glossary_page(terms: dict[str, Term], cite, words) -> str:
    """The A-Z glossary: letter navigation and one entry per term with a stable anchor."""
    e = html.escape
    by_letter: dict[str, list[Term]] = {}
    for t in sorted(terms.values(), key=lambda t: t.term.lower()):
        first = t.term[0].upper()
        by_letter.setdefault(first if first.isalpha() else "#", []).append(t)
    letters = sorted(by_letter)
    nav = " ".join(f'<li><a href="#letter-{_letter_id(l)}">{e(l)}</a></li>' for l in letters)
    out = [f'<nav class="glossary-letters" aria-label="{e(words("glossary.letters"))}"><ul>{nav}</ul></nav>',
           '<div class="glossary no-explain">']
    for l in letters:
        out.append(f'<h2 id="letter-{_letter_id(l)}">{e(l)}</h2>\n<dl>')
        for t in by_letter[l]:
            extra = []
            if t.expansion:
                extra.append(words.html("glossary.short_for", expansion=e(t.expansion)))
            if t.pronunciation:
                extra.append(f'<span class="pronunciation">{words.html("glossary.say_it")} <i lang="en">{e(t.pronunciation)}</i>.</span>')
            others: list[str] = []
            for a in t.aliases:
                if a.lower() in (t.term.lower(), (t.abbreviation or "").lower()) or _inflection(a, t.term):
                    continue
                if not any(_inflection(a, k) for k in others):
                    others.append(a)
            if others:
                extra.append(words.html("glossary.also_called") + " " + ", ".join(e(a) for a in others) + ".")
            if t.related:
                rel = ", ".join(f'<a href="#{anchor(r)}">{e(terms[r].term)}</a>' for r in t.related)
                extra.append(f"{words.html('glossary.see_also')} {rel}.")
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
