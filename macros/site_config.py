"""The values of mkdocs.yml the site's templates and macros write into pages, checked when the
build starts: one schema, every problem named with the file and the key. A cancer center's
overlay file sets exactly these, so each is plain text of one line, or an address with a safe
scheme (http, https, mailto, tel, or relative to the site), or a phone number. Templates also
escape every one of them where they write it (overrides/).

Keys under `extra` that the site does not know stop the build (a misspelt `organisaton:` would
otherwise be ignored)."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Annotated, Any, Optional

from pydantic import AfterValidator, AliasChoices, BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import DataError
from .loading import plain_line, plain_text
from .print_header import margin_boxes

FILE = "mkdocs.yml"
MAX_NAME = 80
MAX_TEXT = 300
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
_DIAL = re.compile(r"^\+?\d{3,15}$")


def safe_address(value: str) -> str:
    """An address a link may lead to: http(s), mailto, tel, or relative to the site."""
    if not isinstance(value, str):
        return value
    if any(c.isspace() or c in '<>"\'`\\' for c in value) or any(ord(c) < 32 for c in value):
        raise ValueError(f"{value[:60]!r} is not an address: it has spaces, quotes or brackets")
    m = _SCHEME.match(value)
    if m and m.group(1).lower() not in SAFE_SCHEMES:
        raise ValueError(f"{value[:60]!r} starts with '{m.group(1)}:', which is not allowed: use an https:// "
                         "address, mailto:, tel:, or an address on this site such as help/")
    if value.startswith("//"):
        raise ValueError(f"{value[:60]!r} leaves out the scheme: write https:// in front")
    return value


def site_address(value: str) -> str:
    if isinstance(value, str) and not re.fullmatch(r"https?://[^\s/?#<>\"']+(/[^\s?#<>\"']*)?", value):
        raise ValueError(f"{value[:60]!r} is not the site's address: write it as https://example.org/ "
                         "(no query or #fragment)")
    return value


def dial_digits(value: Optional[str]) -> Optional[str]:
    if value is not None and not _DIAL.match(str(value)):
        raise ValueError(f"{value!r} is not digits to dial: write 3 to 15 digits, with + first for a country "
                         "code, for example +12125550100")
    return value


# Addresses that can never be the published site (RFC 2606 and RFC 6761 reserve them for examples
# and tests): a build made with one is a preview, and its paper says so (preview_paper_css), since
# paper cannot be corrected later.
_RESERVED_HOSTS = re.compile(r"(^|\.)(example\.(org|com|net)|example|test|invalid|localhost)$")


def placeholder_address(site_url: str | None) -> bool:
    """True if `site_url` is empty or on a reserved example/test host (not a published address)."""
    host = re.sub(r"^[a-z]+://", "", (site_url or "").lower()).split("/")[0].split(":")[0]
    return not host or bool(_RESERVED_HOSTS.search(host))


def preview_paper_css(site_url: str | None, words) -> tuple[tuple[str, str], ...]:
    """For a build with a placeholder address: "Preview copy" before the page number at the foot
    of every printed sheet and PDF page (print.css's page-number box, in the page margin, so no
    sheet gets longer), added to the site's stylesheet. Nothing for a build with a real address."""
    if not placeholder_address(site_url):
        return ()
    boxes = margin_boxes(preview=words("site.preview_paper"), page=words("print.page"), of=words("print.of"))
    css = "@media print {\n  " + boxes + "\n}\n"
    return (("a preview build's paper (macros/site_config.py)", css),)


def frame_origin(value: str) -> str:
    """An origin allowed to show the site in a frame (the hosting headers' frame-ancestors)."""
    from .hosting_headers import frame_ancestors
    frame_ancestors([value])
    return value


Name = Annotated[str, AfterValidator(plain_line), Field(max_length=MAX_NAME)]
Text = Annotated[str, AfterValidator(plain_line), Field(max_length=MAX_TEXT)]
Address = Annotated[str, AfterValidator(safe_address), Field(max_length=500)]


HEX = r"^#[0-9A-Fa-f]{6}$"
# What each of a center's colors carries, so it must reach WCAG AA (4.5:1) against these:
# primary is the header behind white text and the color of links, on white and on the pale
# boxes (.page-review, .option-decision); accent is the color of a link under the pointer.
COLOR_USES = {
    "primary": (("#ffffff", "the white text of the header, and the white page its links sit on"),
                ("#f3f6fa", "the pale boxes its links sit on")),
    "accent": (("#ffffff", "the white page its links sit on when pointed at"),
               ("#f3f6fa", "the pale boxes its links sit on when pointed at")),
}
AA = 4.5
LOGO_TYPES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


def relative_luminance(color: str) -> float:
    """WCAG 2.2 relative luminance of a #rrggbb color."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colors (1 to 21)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def color_problem(key: str, color: str) -> Optional[str]:
    """Why a center's color fails WCAG AA against what it carries, or None."""
    for other, what in COLOR_USES[key]:
        ratio = contrast_ratio(color, other)
        if ratio < AA:
            return (f"{color} has a contrast of {ratio:.2f}:1 with {what} ({other}); WCAG AA needs at least "
                    f"{AA}:1: choose a darker color")
    return None


class Colors(BaseModel):
    model_config = ConfigDict(extra="forbid")
    primary: Optional[Annotated[str, Field(pattern=HEX)]] = Field(
        None, description="The header's color and the links' color, #rrggbb; must reach 4.5:1 against white.")
    accent: Optional[Annotated[str, Field(pattern=HEX)]] = Field(
        None, description="A link's color under the pointer, #rrggbb; must reach 4.5:1 against white.")


class Reviewer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name = Field(description="The clinician who reviewed this copy, as they want to be named.")
    credentials: Optional[Name] = Field(None, description="Their degrees or licence, e.g. 'MD' or 'RN, OCN'.")
    role: Optional[Text] = Field(None, description="Their role at the center, e.g. 'Cellular therapy nurse navigator'.")
    reviewed_on: dt.date = Field(description="The day they signed off, YYYY-MM-DD. A page changed upstream "
                                 "after this day says so in the center's copy.")
    scope: Text = Field(description="What they reviewed, in plain words, e.g. 'every page of this copy, for "
                        "use with our patients'.")


class Center(BaseModel):
    """A cancer center's own copy (an overlay file that INHERITs mkdocs.yml sets these)."""
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    name: Optional[Name] = Field(None, description="The center's name, in the header, footer, previews, "
                                 "structured data and on paper.")
    short_name: Optional[Name] = Field(None, description="A shorter name for the header on a phone.")
    logo: Optional[Text] = Field(None, description="The center's logo (SVG, PNG, JPEG or WebP), a path from "
                                 "the overlay file's folder.")
    stylesheet: Optional[Text] = Field(None, description="An extra stylesheet of the center's, a path from "
                                       "the overlay file's folder (added after the site's own).")
    colors: Optional[Colors] = Field(None, validation_alias=AliasChoices("colors", "colours"),
                                     description="The center's colors (also accepted as 'colours').")
    day_phone: Optional[Text] = Field(None, description="The care team's daytime number as it is written.")
    day_phone_dial: Optional[Annotated[str, AfterValidator(dial_digits)]] = Field(None, description="Its digits to dial.")
    night_phone: Optional[Text] = Field(None, description="The 24-hour number as it is written.")
    night_phone_dial: Optional[Annotated[str, AfterValidator(dial_digits)]] = Field(None, description="Its digits to dial.")
    frame_ancestors: Optional[list[Annotated[str, AfterValidator(frame_origin)]]] = Field(
        None, description="Origins (https://portal.example.org) allowed to show the site in a frame; "
                          "only hosting headers can say it (_headers). None: no site may.")
    address: Optional[Text] = Field(None, description="The center's postal address, one line.")
    website: Optional[Address] = Field(None, description="The center's own web site, if it differs from this copy's site_url.")
    reviewer: Optional[Reviewer] = Field(None, description="The clinician who reviewed this copy, or null.")
    report_problem_url: Optional[Address] = Field(None, description="Where this copy's 'Report a mistake' "
                                                  "links lead (replaces extra.report_mistake_url).")
    privacy_contact: Optional[Text] = Field(None, description="Whom readers ask about privacy, e.g. an e-mail "
                                            "address or phone number, shown on the privacy page.")
    changes: Optional[Annotated[str, AfterValidator(plain_text), Field(max_length=1000)]] = Field(
        None, description="What the center changed in its copy, in plain words; shown on the About page.")

    @model_validator(mode="after")
    def _named(self):
        branded = [k for k in ("short_name", "logo", "stylesheet", "colors", "address", "website", "reviewer",
                               "report_problem_url", "privacy_contact", "changes") if getattr(self, k) is not None]
        if branded and not self.name:
            raise ValueError(f"sets {', '.join(branded)} but no name: give the center's name as "
                             "extra.center.name")
        return self


class Extra(BaseModel):
    model_config = ConfigDict(extra="forbid")
    generator: bool = Field(False, description="Material's 'Made with' note (false).")
    report_mistake_url: Address = Field(description="Where 'Report a mistake' leads.")
    urgent_url: Address = Field(description="Where 'Urgent help' leads (an address on this site).")
    source_url: Optional[Annotated[str, AfterValidator(site_address)]] = Field(
        None, description="The published address of After CAR T itself: a center's copy prints it as its "
                          "source (null: site_url).")
    center: Optional[Center] = Field(None, description="A cancer center's own copy: its name, numbers, "
                                     "reviewer and colors (see docs/for-cancer-centers.md).")
    emergency: Optional[dict] = Field(None, description="Set by the build from get-help.yml; never written by hand.")


class SiteConfig(BaseModel):
    model_config = ConfigDict(extra="ignore")
    site_name: Name
    site_url: Annotated[str, AfterValidator(site_address)]
    site_description: Optional[Annotated[str, AfterValidator(plain_text), Field(max_length=MAX_TEXT)]] = None
    copyright: Optional[Text] = None
    extra: Extra


def nav_titles(nav: Any, where: str = "nav") -> list[tuple[str, Any]]:
    """(place, title) of every menu label in `nav`."""
    out = []
    for i, item in enumerate(nav or []):
        if isinstance(item, dict):
            for title, value in item.items():
                out.append((f"{where}[{i}]", title))
                if isinstance(value, list):
                    out += nav_titles(value, f"{where}[{i}].{title}")
    return out


MODELS = {"extra": Extra, "extra.center": Center, "extra.center.reviewer": Reviewer,
          "extra.center.colors": Colors, "extra.center.colours": Colors}
MOVED = {"extra.organisation": "extra.center.name", "extra.organization": "extra.center.name",
         "extra.center.organization": "extra.center.name", "extra.center.organisation": "extra.center.name",
         "extra.center.color": "extra.center.colors", "extra.center.colour": "extra.center.colors",
         "extra.centre": "extra.center"}


def unknown_key_message(field: str) -> str:
    """What to say of a key the schema does not know: where it moved, or the keys its place may hold."""
    if field in MOVED:
        return f"is now written as {MOVED[field]}: move it there (see docs/for-cancer-centers.md)"
    parent, _, key = field.rpartition(".")
    model = MODELS.get(parent)
    known = list(model.model_fields) if model else []
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" Did you mean '{close[0]}'?" if close else ""
    return f"unknown key (misspelt?).{hint} {parent} may hold: {', '.join(known)}"


def file_problems(center: dict, folder: Path | None) -> list[tuple[str, str]]:
    """(field, problem) for a center's logo and stylesheet: each a file beside the overlay file."""
    out = []
    for key, types in (("logo", LOGO_TYPES), ("stylesheet", (".css",))):
        value = center.get(key)
        if not isinstance(value, str) or not value or folder is None:
            continue
        path = (folder / value)
        if not path.suffix.lower() in types:
            out.append((key, f"{value!r} must be a {' or '.join(t[1:].upper() for t in types)} file"))
        elif not path.is_file():
            out.append((key, f"there is no file {value!r} in {folder.as_posix()}/ (paths are read from the "
                             "overlay file's folder)"))
    return out


def config_problems(values: dict, file: str = FILE, folder: Path | None = None) -> list[DataError]:
    """Every problem in the mkdocs.yml values the site writes into pages (`file`: the
    configuration file's name, an overlay's own when a center builds its copy; `folder`: the
    folder the center's logo and stylesheet paths are read from)."""
    from .loading import _plain_message
    problems = []
    try:
        SiteConfig.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"])
            message = _plain_message(err)
            if err["type"] == "model_type" and field == "extra.center":
                message = ("must be fields, not text: write it as\n      center:\n        name: Your Center's Name\n"
                           "      (see docs/for-cancer-centers.md for every key)")
            elif err["type"] == "model_type" and field in MODELS:
                message = f"must be fields, not text: {field} may hold {', '.join(MODELS[field].model_fields)}"
            elif err["type"] == "extra_forbidden" and field == "extra.text":
                message = "the words the site shows moved to strings.yml: set them there"
            elif err["type"] == "extra_forbidden":
                message = unknown_key_message(field)
            elif err["type"] == "string_pattern_mismatch" and ".colo" in field:
                message = f"{err.get('input')!r} is not a color: write it as #rrggbb, e.g. #1d4f91"
            problems.append(DataError(file, message, field=field))
    center = (values.get("extra") or {}).get("center")
    if isinstance(center, dict):
        from .get_help import check_center_phone
        for key in ("day_phone", "night_phone"):
            problem = check_center_phone(center.get(key), center.get(f"{key}_dial"), f"extra.center.{key}")
            if problem:
                # check_center_phone names mkdocs.yml: an overlay's own file name replaces it.
                where, _, message = problem.partition(": ")
                problems.append(DataError(file, message, field=where.split("field '")[-1].rstrip("'")))
        for spelling in ("colors", "colours"):
            colors = center.get(spelling)
            for key, value in (colors.items() if isinstance(colors, dict) else []):
                if key in COLOR_USES and isinstance(value, str) and re.fullmatch(HEX, value):
                    problem = color_problem(key, value)
                    if problem:
                        problems.append(DataError(file, problem, field=f"extra.center.{spelling}.{key}"))
        for key, problem in file_problems(center, folder):
            problems.append(DataError(file, problem, field=f"extra.center.{key}"))
    for place, title in nav_titles(values.get("nav")):
        try:
            plain_line(title) if isinstance(title, str) else None
            if not isinstance(title, str):
                raise ValueError("a menu label must be text")
            if len(title) > MAX_NAME:
                raise ValueError(f"is {len(title)} characters long; keep a menu label to {MAX_NAME}")
        except ValueError as e:
            problems.append(DataError(file, f"menu label {str(title)[:40]!r} {e}", field=place))
    return problems
