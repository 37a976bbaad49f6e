"""The values of mkdocs.yml the site's templates and macros write into pages, checked when the
build starts: one schema, every problem named with the file and the key. A cancer center's
overlay file sets exactly these, so each is plain text of one line, or an address with a safe
scheme (http, https, mailto, tel, or relative to the site), or a phone number. Templates also
escape every one of them where they write it (overrides/).

Keys under `extra` that the site does not know stop the build (a misspelt `organisaton:` would
otherwise be ignored)."""
from __future__ import annotations

import re
from typing import Annotated, Any, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .errors import DataError
from .loading import plain_line, plain_text

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
# and tests): a build made with one is a preview, and its paper says so (overrides/partials/
# print-preview-mark.html), since paper cannot be corrected later.
_RESERVED_HOSTS = re.compile(r"(^|\.)(example\.(org|com|net)|example|test|invalid|localhost)$")


def placeholder_address(site_url: str | None) -> bool:
    """True if `site_url` is empty or on a reserved example/test host (not a published address)."""
    host = re.sub(r"^[a-z]+://", "", (site_url or "").lower()).split("/")[0].split(":")[0]
    return not host or bool(_RESERVED_HOSTS.search(host))


def frame_origin(value: str) -> str:
    """An origin allowed to show the site in a frame (the hosting headers' frame-ancestors)."""
    from .hosting_headers import frame_ancestors
    frame_ancestors([value])
    return value


Name = Annotated[str, AfterValidator(plain_line), Field(max_length=MAX_NAME)]
Text = Annotated[str, AfterValidator(plain_line), Field(max_length=MAX_TEXT)]
Address = Annotated[str, AfterValidator(safe_address), Field(max_length=500)]


class Organisation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Name = Field(description="The organisation's name, printed at the top of handouts and pages.")


class Center(BaseModel):
    model_config = ConfigDict(extra="forbid")
    day_phone: Optional[Text] = Field(None, description="The care team's daytime number as it is written.")
    day_phone_dial: Optional[Annotated[str, AfterValidator(dial_digits)]] = Field(None, description="Its digits to dial.")
    night_phone: Optional[Text] = Field(None, description="The 24-hour number as it is written.")
    night_phone_dial: Optional[Annotated[str, AfterValidator(dial_digits)]] = Field(None, description="Its digits to dial.")
    frame_ancestors: Optional[list[Annotated[str, AfterValidator(frame_origin)]]] = Field(
        None, description="Origins (https://portal.example.org) allowed to show the site in a frame; "
                          "only hosting headers can say it (_headers). None: no site may.")


class Extra(BaseModel):
    model_config = ConfigDict(extra="forbid")
    generator: bool = Field(False, description="Material's 'Made with' note (false).")
    organisation: Optional[Organisation] = Field(None, description="A co-branding organisation, or null.")
    report_mistake_url: Address = Field(description="Where 'Report a mistake' leads.")
    urgent_url: Address = Field(description="Where 'Urgent help' leads (an address on this site).")
    center: Optional[Center] = Field(None, description="A co-branded build's day and night numbers.")
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


def config_problems(values: dict, file: str = FILE) -> list[DataError]:
    """Every problem in the mkdocs.yml values the site writes into pages (`file`: the
    configuration file's name, an overlay's own when a center builds its copy)."""
    from .loading import _plain_message
    problems = []
    try:
        SiteConfig.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors():
            field = ".".join(str(p) for p in err["loc"])
            message = _plain_message(err)
            if err["type"] == "model_type" and field == "extra.organisation":
                message = "must be fields, not text: write it as\n      organisation:\n        name: Your Center's Name"
            elif err["type"] == "model_type" and field == "extra.center":
                message = ("must be fields, not text: day_phone, day_phone_dial, night_phone, night_phone_dial "
                           "(each optional)")
            elif err["type"] == "extra_forbidden" and field == "extra.text":
                message = "the words the site shows moved to strings.yml: set them there"
            elif err["type"] == "extra_forbidden":
                known = ", ".join(Extra.model_fields)
                message = f"unknown key (misspelt?); extra may hold: {known}"
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
