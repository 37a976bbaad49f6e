"""The printed running header: the site (or co-branding organisation) name and the page's title
at the top of every sheet, as @page margin boxes (@top-left, @top-right); and margin_boxes(),
the one function that writes every printed sheet's margin boxes (this header and a handout's
footer, a center's attribution in its copy's stylesheet (center.py), "Preview copy" before the
page number in a preview build's (site_config.py)).

CSS cannot read either from the page inside an @page margin box (measured in Chromium 156:
`string-set` / `string()` and `attr()` through a custom property print nothing), so each page
gets a tiny print stylesheet of its own, a file named by its content, linked from the page with
media="print" (overrides/partials/print-page-style.html). A file, not an inline <style>, so the
site works under a host's `style-src 'self'` (macros/hosting_headers.py). Page numbers and the
rest of the print style: docs/assets/stylesheets/print.css."""
from __future__ import annotations

import hashlib

from .escaping import css_string

FOLDER = "assets/stylesheets/print-header"
NAME_FONT = '700 9pt "Liberation Sans", "DejaVu Sans", Arial, sans-serif'
FOOTER_FONT = '8pt "Liberation Sans", "DejaVu Sans", Arial, sans-serif'
TITLE_FONT = '9pt "Liberation Sans", "DejaVu Sans", Arial, sans-serif'
ATTRIBUTION_FONT = '7.5pt "Liberation Sans", "DejaVu Sans", Arial, sans-serif'


def margin_boxes(*, name: str = "", title: str = "", footer: str = "", attribution: str = "",
                 preview: str = "", page: str = "", of: str = "") -> str:
    """One @page rule with the margin boxes of a printed sheet, from what applies (an empty
    value: that box is left to the rules before it, print.css's page number among them):
    top left `name` (the site or center), top right `title` (the page's); bottom left a
    handout's `footer` (its authorship and review status; in a center's copy the attribution)
    or else a center's `attribution` (CC BY 4.0, on every sheet); bottom right, with `preview`
    ("Preview copy"), the preview marking before the page number ("Page" n "of" m)."""
    boxes = []
    if name:
        boxes.append(("top-left", [f"content: {css_string(name)}", f"font: {NAME_FONT}"]))
    if title:
        boxes.append(("top-right", [f"content: {css_string(title)}", f"font: {TITLE_FONT}"]))
    if footer:
        boxes.append(("bottom-left", [f"content: {css_string(footer)}", f"font: {FOOTER_FONT}", "color: #000",
                                      "vertical-align: top"]))
    elif attribution:
        boxes.append(("bottom-left", [f"content: {css_string(attribution)}", f"font: {ATTRIBUTION_FONT}",
                                      "color: #333"]))
    if preview:
        boxes.append(("bottom-right", [f"content: {css_string(f'{preview} · {page} ')} counter(page) "
                                       f"{css_string(f' {of} ')} counter(pages)"]))
    return "@page { " + " ".join(f"@{box} {{ {'; '.join(rules)}; }}" for box, rules in boxes) + " }"


def print_header_css(name: str, title: str, footer: str = "") -> str:
    """The page's own print stylesheet: `name` top left and `title` top right on every sheet,
    and `footer` (a handout's authorship and review status) bottom left."""
    return margin_boxes(name=name, title=title, footer=footer) + "\n"


def print_header_path(page_url: str | None, css: str) -> str:
    """Where a page's print header is published: its address's path, named by its content
    (a host may keep /assets/ in caches for long). None: a page MkDocs renders without a
    Markdown file (the theme's 404 page)."""
    slug = ("404" if page_url is None else page_url).strip("/").removesuffix(".html").removesuffix("/index") or "index"
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:10]
    return f"{FOLDER}/{slug}.{digest}.css"
