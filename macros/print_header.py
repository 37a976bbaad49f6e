"""The printed running header: the site (or co-branding organisation) name and the page's title
at the top of every sheet, as @page margin boxes (@top-left, @top-right).

CSS cannot read either from the page inside an @page margin box (measured in Chromium 156:
`string-set` / `string()` and `attr()` through a custom property print nothing), so each page
gets a tiny print stylesheet of its own, a file named by its content, linked from the page with
media="print" (overrides/partials/print-page-style.html). A file, not an inline <style>, so the
site works under a host's `style-src 'self'` (macros/hosting_headers.py). Page numbers and the
rest of the print style: docs/assets/stylesheets/print.css."""
from __future__ import annotations

import hashlib

FOLDER = "assets/stylesheets/print-header"
NAME_FONT = '700 9pt "Liberation Sans", "DejaVu Sans", Arial, sans-serif'
FOOTER_FONT = '8pt "Liberation Sans", "DejaVu Sans", Arial, sans-serif'
TITLE_FONT = '9pt "Liberation Sans", "DejaVu Sans", Arial, sans-serif'


def css_string(text: str) -> str:
    """`text` as a CSS string: quotes and backslashes escaped, no new line, no "<"."""
    text = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return '"' + text.replace("\r", " ").replace("\n", " ") + '"'


def print_header_css(name: str, title: str, footer: str = "") -> str:
    """The @page rule that prints `name` top left and `title` top right on every sheet, and
    `footer` (a handout's authorship and review status) bottom left."""
    foot = (f"@bottom-left {{ content: {css_string(footer)}; font: {FOOTER_FONT}; color: #000; vertical-align: top; }} "
            if footer else "")
    return (f"@page {{ @top-left {{ content: {css_string(name)}; font: {NAME_FONT}; }} "
            f"@top-right {{ content: {css_string(title)}; font: {TITLE_FONT}; }} {foot}}}\n")


def print_header_path(page_url: str | None, css: str) -> str:
    """Where a page's print header is published: its address's path, named by its content
    (a host may keep /assets/ in caches for long). None: a page MkDocs renders without a
    Markdown file (the theme's 404 page)."""
    slug = ("404" if page_url is None else page_url).strip("/").removesuffix(".html").removesuffix("/index") or "index"
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:10]
    return f"{FOLDER}/{slug}.{digest}.css"
