"""get-help.yml: the warning signs and the help lines (phone numbers), kept once.

Every page's "When to get help right away", the guide results, the handouts, the option sheets
and the wallet card render the warning signs from here; every phone number on the site is a
`tel:` link made from here. Only numbers confirmed on the organisation's own page are listed."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Literal, Optional, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .claims import md_text
from .errors import DataError, MacroCallError, raise_all
from .loading import Id, Name, first_hidden, index_by_id, pattern, read_yaml, text_type, validate

FILE = "get-help.yml"
Country = Literal["US", "UK"]
COUNTRIES = get_args(Country)
REGION = {"US": "US", "UK": "GB"}  # the site's country codes -> the ISO codes phonenumbers uses
EMERGENCY = "emergency"            # the id of the emergency line (911), the only one that may show 911
DIAL = pattern(r"^\+?\d{3,15}$", "a dial string: digits only, with + and the country code for a full "
               "number, without spaces, dashes or brackets, e.g. '+18004226237' (or '911', '988')")
NUMBER_MAX = 60     # characters of a displayed number (the longest real one: 31)
MAX_SIGNS = 30      # signs in one list (12)
MAX_HELP_LINES = 50  # (8)
MAX_SIGN_SOURCES = 3
Number = text_type(NUMBER_MAX)
# Text that looks like a phone number; the site test requires each to sit inside a tel: link.
PHONE = re.compile(r"1-800-4-CANCER|\(\d{3}\) \d{3}-\d{4}|\b(?:1-)?\d{3}-\d{3}-\d{4}\b|\b0\d{3} ?\d{3,4} ?\d{2,4}(?: ?\d{2})?\b"
                   r"|\b1 \(\d{3}\) \d{3}-\d{4}|(?<![\d.,/-])\b(?:911|988)\b(?!\d|[.,/-]\d| Suicide)")


class Sign(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    text: Name = Field(description="The sign, as a phrase that follows 'if you have': 'a fever of 100.4°F (38°C) or higher'.")
    short: Optional[Name] = Field(default=None, description="A few words for the one-paragraph version shown on every page ('confusion'); leave out to keep the sign only in the full list.")
    sources: list[Id] = Field(min_length=1, max_length=MAX_SIGN_SOURCES, description="Ids from sources.yml.")


class HelpLine(BaseModel):
    """A phone line, confirmed on the organisation's own page (the source)."""
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    id: Id = Field(description="Stable id; pages call phone(\"id\").")
    name: Name = Field(description="Who answers: 'NCI Cancer Information Service'.")
    number: Number = Field(description="The number as the organisation writes it: "
                         "'1-800-4-CANCER (1-800-422-6237)', '0808 808 00 00'; a second form in brackets must be "
                         "the same number. It must be the number `dial` dials; only the emergency line may show 911.")
    dial: str = Field(pattern=DIAL, description="Digits to dial, for the tel: link: '+18004226237' (+ and the "
                      "country code), or a short number such as '911' or '988'.")
    what: Name = Field(description="What the line helps with, in a few words.")
    hours: Name = Field(default="", description="Hours as the organisation states them; empty if not stated.")
    country: Country = Field(default="US", description=f"The country the line serves: {' or '.join(COUNTRIES)}; "
                             "help_lines(\"UK\") lists that country's lines.")
    sources: list[Id] = Field(min_length=1, max_length=2, description="The organisation's own page that shows this number.")

    @field_validator("country", mode="before")
    @classmethod
    def _known_country(cls, v: Any) -> Any:
        if v not in COUNTRIES:
            raise ValueError(f"{v!r} is not a country this site lists help lines for: use one of {', '.join(COUNTRIES)}")
        return v

    @field_validator("number")
    @classmethod
    def _looks_like_a_number(cls, v: str) -> str:
        if not PHONE.search(v):
            raise ValueError(f"{v!r} does not look like a phone number this site can link")
        return v


class GetHelpFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    emergency_signs: list[Sign] = Field(min_length=1, max_length=MAX_SIGNS, description="Signs to call 911 for.")
    call_team_signs: list[Sign] = Field(min_length=1, max_length=MAX_SIGNS, description="Signs to call the care team's 24-hour number for, right away.")
    help_lines: list[HelpLine] = Field(min_length=1, max_length=MAX_HELP_LINES, description="Phone lines shown on the site.")


class GetHelp:
    def __init__(self, data: GetHelpFile):
        self.emergency_signs = data.emergency_signs
        self.call_team_signs = data.call_team_signs
        self.lines: dict[str, HelpLine] = index_by_id(data.help_lines, FILE, "help line")
        if EMERGENCY not in self.lines:
            raise DataError(FILE, "a help line with id 'emergency' (911) is required", field="help_lines")
        raise_all([DataError(FILE, problem, entry=line.id, field=field)
                   for line in self.lines.values() for field, problem in [help_line_problem(line)] if problem])
        # Countries with lines to list (in the order of the file), for help_lines("UK").
        self.countries = list(dict.fromkeys(l.country for l in self.lines.values() if l.id != EMERGENCY))
        # Each line's own displayed forms that are its number, found while phonenumbers is loaded
        # for the checks above, so phone_link() needs it only for other words (kept with the data).
        self.own_forms: dict[str, frozenset[str]] = {line.id: own_number_forms(line) for line in self.lines.values()}

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


# ---------------------------------------------------------------- phone numbers
# phonenumbers (about 16 ms to import) is imported by the checks below only: a build whose data
# comes from the kept result of an earlier check (site_data.load_all_kept) never needs it.

def _e164(n) -> str:
    import phonenumbers
    from phonenumbers import PhoneNumberFormat
    return phonenumbers.format_number(n, PhoneNumberFormat.E164)


def _parse(text: str, region: str):
    """The phone number `text` is (letters such as 1-800-4-CANCER read as on a keypad), or None."""
    import phonenumbers
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _shown_forms(number: str, region: str) -> list[str]:
    """The forms of a number as displayed: '1-800-4-CANCER (1-800-422-6237)' gives both, while
    '1 (888) 999-6743' is one number."""
    import phonenumbers
    n = _parse(number, region)
    if n is not None and phonenumbers.is_valid_number(n):
        return [number]
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", number)
    return [m.group(1).strip(), m.group(2).strip()] if m else [number]


def _short_number_problem(number: str, dial: str, region: str, emergency: bool, country: str) -> Optional[tuple[str, str]]:
    from phonenumbers import shortnumberinfo
    if emergency and not shortnumberinfo.is_emergency_number(number, region):
        return "number", f"{number!r} is not an emergency number in {country}: the emergency line shows 911 in the US"
    if not emergency and shortnumberinfo.is_emergency_number(number, region):
        return "number", (f"{number!r} is the emergency number: only the help line with id '{EMERGENCY}' may "
                          "show it, so no one calls an ambulance by mistake")
    n = _parse(number, region)
    if n is None or not (emergency or shortnumberinfo.is_valid_short_number_for_region(n, region)):
        return "number", f"{number!r} is not a phone number in {country}"
    if dial != number:
        return "dial", f"dials {dial}, but the number shown is {number}: make them the same number"
    return None


def help_line_problem(line: HelpLine) -> tuple[Optional[str], Optional[str]]:
    """(field, problem) when a help line's displayed number is not a real number of its country,
    is not the number its `dial` dials, or shows 911 though it is not the emergency line."""
    import phonenumbers
    region, emergency = REGION[line.country], line.id == EMERGENCY
    if "911" in line.number and not emergency:
        return "number", (f"{line.number!r} contains 911, the emergency number: only the help line with id "
                          f"'{EMERGENCY}' may show it; show this line's own number only")
    digits_only = re.fullmatch(r"\d{2,6}", line.number)
    if emergency or digits_only:
        return _short_number_problem(line.number, line.dial, region, emergency, line.country) or (None, None)
    numbers = []
    for form in _shown_forms(line.number, region):
        n = _parse(form, region)
        if n is None or not phonenumbers.is_valid_number(n):
            elsewhere = [c for c, r in REGION.items() if c != line.country and (m := _parse(form, r)) is not None
                         and phonenumbers.is_valid_number_for_region(m, r)]
            if elsewhere:
                return "number", (f"{form!r} is a number in {elsewhere[0]}, not in {line.country} (the line's "
                                  "country): fix the number or the country")
            return "number", f"{form!r} is not a phone number that can be dialled (check every digit)"
        if not phonenumbers.is_valid_number_for_region(n, region):
            where = phonenumbers.region_code_for_number(n) or "another country"
            return "number", (f"{form!r} is a number in {where}, not in {line.country} (the line's country): "
                              "fix the number or the country")
        numbers.append((form, _e164(n)))
    if len({e for _, e in numbers}) > 1:
        shown = " and ".join(f"{form!r} is {e}" for form, e in numbers)
        return "number", f"shows two different numbers: {shown}; both forms must be the same number"
    e164 = numbers[0][1]
    if line.dial != e164:
        return "dial", (f"dials {line.dial}, but the number shown, {line.number}, is {e164}: make the dial "
                        "string the same number (+ and the country code, then the digits)")
    return None, None


def check_center_phone(value: Any, dial: Any, where: str) -> Optional[str]:
    """The problem with a cancer center's phone number in mkdocs.yml, or None.

    `where` is its key, e.g. 'extra.center.day_phone'; `dial` is the value of '<where>_dial'.
    The number is shown on the handouts and the wallet card and dialled by their tel: links: it
    must be a real phone number (letters such as 1-800-4-CANCER read as on a keypad), and when
    a dial string is given, the same number. Nothing given (null) is fine: the sheets then leave
    a space to write the number in."""
    at = f"mkdocs.yml, field '{where}'"
    at_dial = f"mkdocs.yml, field '{where}_dial'"
    if value is None or value == "":
        return f"{at_dial}: is set, but '{where}' is empty: give the number to show too" if dial not in (None, "") else None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return f"{at}: must be a phone number written as text, in quotes"
    value = str(value).strip()
    if len(value) > NUMBER_MAX:
        return f"{at}: is {len(value)} characters long; a phone number needs {NUMBER_MAX} or fewer"
    hidden = first_hidden(value)
    if hidden or any(c in value for c in "<>\"'\n"):
        return f"{at}: {value!r} is not a phone number: write only the number, with its area code"
    if re.match(r"^\s*[A-Za-z][A-Za-z0-9+.-]*:", value):
        return f"{at}: {value!r} is a web address, not a phone number: write only the number, with its area code"
    if "911" in value:
        return f"{at}: {value!r} contains 911, the emergency number: give the care team's own number"
    import phonenumbers  # here: a copy without a center's numbers returns above without it
    region = "US"
    if dial not in (None, ""):
        if isinstance(dial, bool) or not isinstance(dial, (str, int)) or not re.fullmatch(r"\+\d{6,15}", str(dial)):
            return (f"{at_dial}: {dial!r} is not a dial string: write + and the country code, then the digits, "
                    "without spaces, e.g. +18004226237")
        dial = str(dial)
        region = phonenumbers.region_code_for_number(_parse(dial, "US") or phonenumbers.PhoneNumber()) or "US"
    n = _parse(value, region)
    if n is None or not phonenumbers.is_valid_number(n):
        return (f"{at}: {value!r} is not a phone number that can be dialled: write the number as people dial it, "
                "with its area code, or with + and the country code")
    if dial in (None, ""):
        if re.search(r"[A-Za-z]", value):
            return f"{at}: {value!r} has letters: give '{where}_dial' too, as + and digits, e.g. {_e164(n)}"
        return None
    if dial != _e164(n):
        return (f"{at_dial}: dials {dial}, but '{where}' shows {value}, which is {_e164(n)}: make them the "
                "same number")
    return None


# ---------------------------------------------------------------- rendering

def _dials_this_line(text: str, line: HelpLine) -> bool:
    """Whether `text`, read as a phone number of the line's country, is the number the line dials."""
    n = _parse(text, REGION[line.country])
    return n is not None and _e164(n) == _e164(_parse(line.dial, REGION[line.country]))


def own_number_forms(line: HelpLine) -> frozenset[str]:
    """The line's displayed number and each of its forms ('1-800-4-CANCER' and '1-800-422-6237' of
    '1-800-4-CANCER (1-800-422-6237)') that _dials_this_line: phone_link() accepts these as words
    without loading phonenumbers (about 16 ms), with the same answer."""
    if _parse(line.dial, REGION[line.country]) is None:
        return frozenset()
    forms = {line.number, *_shown_forms(line.number, REGION[line.country])}
    return frozenset(f for f in forms if _dials_this_line(f, line))


def phone_link(line: HelpLine, text: str | None = None, own_forms: frozenset[str] = frozenset()) -> str:
    """A tel: link to a help line, showing its number or the page's own words (`text`); words
    that show a number must show this line's number, and only the emergency line may show 911.
    `own_forms` (own_number_forms(line), kept with the data) are words known to be its number."""
    if text is not None:
        if "911" in text and line.id != EMERGENCY:
            raise MacroCallError(f"phone({line.id!r}, {text!r}): the text shows 911, but the link dials "
                                 f"{line.name} ({line.number}); only phone('{EMERGENCY}') may show 911")
        if sum(c.isdigit() for c in text) >= 3 and text not in own_forms:
            if not _dials_this_line(text, line):
                raise MacroCallError(f"phone({line.id!r}, {text!r}): the text shows a number that is not this "
                                     f"line's number ({line.number}): write the line's number, or words without a number")
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


SHORT_SOURCES = 3  # the short paragraph cites the first sources of its signs; the full list cites all


def short_sources(gh: GetHelp) -> list[str]:
    """What the one-paragraph warning signs cite (every page's, and a handout's footer line)."""
    sources: list[str] = []
    for s in [s for s in gh.call_team_signs if s.short] + gh.emergency_signs:
        sources += [x for x in s.sources if x not in sources]
    return sources[:SHORT_SOURCES]


def render_short(gh: GetHelp, cite, full_href: str, words) -> str:
    """One paragraph for every page: the main signs, 911, and a link to the full list."""
    w = words
    e911 = phone_link(gh.lines["emergency"])
    signs = [s for s in gh.call_team_signs if s.short]
    either = w("warning_signs.or")
    return (w.md("warning_signs.short_team", signs=join_words([md_text(s.short) for s in signs], either)) + " "
            + w.md("warning_signs.short_911", number=e911,
                   signs=join_words([md_text(s.short or s.text) for s in gh.emergency_signs], either)) + " "
            + f"{w.md('warning_signs.outside_us')} {cite(*short_sources(gh))} "
            f"[{w.md('warning_signs.see_all')}]({full_href}).")


def render_help_lines(gh: GetHelp, cite, country: str, words) -> str:
    """A table of help lines (support page), for a country that has help lines in get-help.yml."""
    if country not in gh.countries:
        raise MacroCallError(f"help_lines({country!r}): {FILE} has no help lines for this country; the "
                             f"countries are: {', '.join(gh.countries)}")
    out = [words("warning_signs.help_lines_head"), "| --- | --- | --- |"]
    for line in gh.lines.values():
        if line.country != country or line.id == "emergency":
            continue
        hours = f" ({md_text(line.hours)})" if line.hours else ""
        out.append(f"| {md_text(line.name)} | {md_text(line.what)}{hours} {cite(*line.sources)} | {phone_link(line)} |")
    return "\n".join(out) + "\n"
