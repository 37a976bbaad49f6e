"""A cancer center's own copy: what its values (extra.center, checked by site_config.py) change
on the pages, in the templates, in structured data and on paper. Pure functions of the center's
values and the site's words (strings.yml, groups `center` and `copy`); without a center every
function gives exactly what the site shows today.

- copy_text(): the sentences of the About, privacy, accessibility, home and for-cancer-centers
  pages that depend on the copy (who reviewed it, where problems are reported, whom to ask about
  privacy, what the center changed). A page calls `{{ this_copy("about_review") }}`; the default
  words and the center's are both in strings.yml (`copy.<key>` and `copy.<key>_center`), so a
  page is never written twice.
- template_values(): the header name, the reviewer line on every page and sheet, the "adapted
  by" attribution CC BY 4.0 asks for, for the theme's templates.
- changed_since(): a page changed upstream after the reviewer signed off says so.
- colors_css(): the center's checked colors as CSS custom properties (in the site's stylesheet
  bundle, never inline, so the pages' Content-Security-Policy needs no exception).
- publisher() / reviewed_by(): schema.org objects for the pages' JSON-LD."""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional

from .print_header import margin_boxes
from .strings import Words

# Which value of the center each varying sentence needs: without it, the default words show.
COPY_NEEDS = {
    "home_review": "reviewer",
    "about_review": "reviewer",
    "about_who": "reviewer",
    "about_center": "name",
    "about_changes": "changes",
    "about_report": "report_problem_url",
    "privacy_logs": "privacy_contact",
    "privacy_report": "report_problem_url",
    "centers_review": "reviewer",
    "centers_contact": "report_problem_url",
}
# Sentences the main guide does not have at all (no `copy.<key>` text).
ONLY_IN_A_CENTER_COPY = {"about_changes"}
LOGO_PATH = "assets/images/center-logo"
# Only a center's copy has these parts (the main guide's stylesheets stay as they are).
COPY_CSS = """.handout-identity__adapted { font-size: 0.7rem; }
.md-header__topic .center-name { font-weight: 700; }
@media print { .handout-identity__adapted { font-size: 8pt; line-height: 1.2; } }
"""


def center_of(extra: dict) -> dict:
    """The center's values (empty without a center's name: the neutral build)."""
    center = (extra or {}).get("center") or {}
    return center if center.get("name") else {}


def reviewer_name(reviewer: dict) -> str:
    """'Dr. Jane Roe, MD, cellular therapy nurse' from name, credentials and role."""
    parts = [reviewer["name"]] + [reviewer[k] for k in ("credentials", "role") if reviewer.get(k)]
    return ", ".join(parts)


def values(center: dict, words: Words, report_url: str = "") -> dict:
    """The names a center's sentence may fill in."""
    reviewer = center.get("reviewer") or {}
    out = {"center": center.get("name", ""), "report_url": report_url or center.get("report_problem_url") or "",
           "privacy_contact": center.get("privacy_contact") or "", "changes": center.get("changes") or ""}
    if reviewer:
        out.update(reviewer=reviewer_name(reviewer), reviewer_name=reviewer["name"],
                   date=words.date(reviewer["reviewed_on"]), scope=reviewer["scope"])
    return out


def copy_text(key: str, center: dict, words: Words, report_url: str = "") -> str:
    """The sentence `key` for this copy: the center's when it set what the sentence needs,
    else the default words (the same text the page held before)."""
    if key not in COPY_NEEDS:
        raise KeyError(key)
    if center and center.get(COPY_NEEDS[key]):
        from .claims import md_text  # the center's values are shown as written, never as Markdown
        filled = {k: v if k == "report_url" else md_text(v) for k, v in values(center, words, report_url).items()}
        return words(f"copy.{key}_center", **filled)
    if key in ONLY_IN_A_CENTER_COPY:
        return ""
    return words(f"copy.{key}", report_url=report_url)


def last_changed(page_path: str, last_reviewed: Optional[dt.date], changes: Iterable) -> Optional[dt.date]:
    """The last day a page changed upstream: its last review or the newest change-log entry naming it."""
    dates = [c.date for c in changes if page_path in c.pages]
    if last_reviewed is not None:
        dates.append(last_reviewed)
    return max(dates) if dates else None


def changed_since(center: dict, changed: Optional[dt.date], words: Words) -> str:
    """'This page changed since <reviewer> reviewed it on <date>.' when it did, else ''."""
    reviewer = (center or {}).get("reviewer")
    if not reviewer or changed is None or changed <= reviewer["reviewed_on"]:
        return ""
    return words("center.changed_since", reviewer=reviewer["name"], date=words.date(reviewer["reviewed_on"]),
                 changed=words.date(changed))


def sheet_line(center: dict, words: Words, source_url: str, changed: Optional[dt.date]) -> str:
    """A handout's small print in a center's copy: the attribution, who reviewed it and when, and
    whether the sheet changed upstream since (short, so the sheet stays one sheet)."""
    if not center:
        return ""
    parts = []  # the attribution itself is printed at the foot of every sheet (print_css)
    reviewer = center.get("reviewer")
    if reviewer:
        short = ", ".join([reviewer["name"]] + ([reviewer["credentials"]] if reviewer.get("credentials") else []))
        parts.append(words("center.reviewed_by_short", center=center["name"], reviewer=short,
                           date=words.date(reviewer["reviewed_on"])))
        if changed is not None and changed > reviewer["reviewed_on"]:
            parts.append(words("center.changed_since_short", changed=words.date(changed)))
    return " ".join(parts)


def template_values(center: dict, words: Words, source_url: str) -> dict:
    """What the theme's templates show for a center's copy (an empty dict for the neutral build)."""
    if not center:
        return {}
    v = values(center, words)
    out = {"name": center["name"], "short_name": center.get("short_name") or center["name"],
           "adapted": words("center.adapted", center=center["name"], source=source_url),
           "who_made_it": words("center.who_made_it", center=center["name"])}
    if center.get("reviewer"):
        out["reviewed_by"] = words("center.reviewed_by", **v)
    return out


def colors_css(center: dict) -> str:
    """The center's colors as the theme's custom properties (checked for contrast before)."""
    colors = center.get("colors") or center.get("colours") or {}
    rules = []
    if colors.get("primary"):
        c = colors["primary"]
        rules += [f"--md-primary-fg-color: {c};", f"--md-primary-fg-color--light: {c};",
                  f"--md-primary-fg-color--dark: {c};", f"--md-typeset-a-color: {c};"]
    if colors.get("accent"):
        rules.append(f"--md-accent-fg-color: {colors['accent']};")
    if not rules:
        return ""
    return ':root, [data-md-color-scheme="default"] {\n  ' + "\n  ".join(rules) + "\n}\n"


def print_css(center: dict, words: Words, source_url: str) -> str:
    """The attribution CC BY 4.0 asks for at the foot of every printed sheet of a center's copy
    (pages and handouts alike), in the page margin, so no sheet gets longer."""
    adapted = words("center.adapted", center=center["name"], source=source_url)
    return "@media print {\n  " + margin_boxes(attribution=adapted) + "\n}\n"


def center_css(center: dict, folder, words: Words | None = None, source_url: str = "") -> tuple[tuple[str, str], ...]:
    """(name, CSS) parts added after the site's own stylesheets: the center's colors, then its
    own stylesheet (a file beside its overlay file). None for the main guide."""
    if not center:
        return ()
    out = [("a center's copy (macros/center.py)", COPY_CSS + (print_css(center, words, source_url) if words else ""))]
    css = colors_css(center)
    if css:
        out.append(("extra.center.colors", css))
    if center and center.get("stylesheet"):
        out.append((f"extra.center.stylesheet ({center['stylesheet']})",
                    (folder / center["stylesheet"]).read_text(encoding="utf-8")))
    return tuple(out)


def preview_label(center: dict, site_name: str) -> str:
    """The name drawn on a page's link-preview picture: 'Example Cancer Center - After CAR T'."""
    return f"{center['name']} - {site_name}" if center else site_name


def publisher(center: dict) -> Optional[dict]:
    """schema.org publisher of a center's copy."""
    if not center:
        return None
    org = {"@type": "MedicalOrganization", "name": center["name"]}
    if center.get("website"):
        org["url"] = center["website"]
    if center.get("address"):
        org["address"] = center["address"]
    return org


def reviewed_by(center: dict) -> Optional[dict]:
    """schema.org reviewedBy: only when the center names a reviewer."""
    reviewer = (center or {}).get("reviewer")
    if not reviewer:
        return None
    person = {"@type": "Person", "name": reviewer["name"]}
    if reviewer.get("credentials"):
        person["honorificSuffix"] = reviewer["credentials"]
    if reviewer.get("role"):
        person["jobTitle"] = reviewer["role"]
    person["affiliation"] = {"@type": "MedicalOrganization", "name": center["name"]}
    return person
