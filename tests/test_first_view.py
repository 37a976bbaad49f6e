"""What a first view downloads (issue 21's budget): only what the page can use.

Material's palette.css (2 KB compressed, one request) holds only rules for the dark scheme
(slate), for named primary and accent colours and for the palette toggle. This site's palette is
one scheme, "default", with "custom" colours set in our own stylesheet, so none of its rules can
apply, and the pages leave it out (overrides/main.html, block "styles"). These tests check that
the pages leave it out, and that no rule of Material's palette.css could apply to them (if a
Material update adds one, the file must come back)."""
from __future__ import annotations

import re

from conftest import ROOT

_RULE = re.compile(r"([^{}]+)\{")
_COLOR = re.compile(r'\[data-md-color-(scheme|primary|accent)=("?)([^\]"]+)\2\]')
_SWITCHING = "[data-md-color-switching]"


def _selectors(prelude: str) -> list[str]:
    """A rule's selector list split at its top-level commas (not those inside :is(...))."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(prelude):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            out.append(prelude[start:i])
            start = i + 1
    out.append(prelude[start:])
    return [s.strip() for s in out if s.strip()]


def palette_rules_that_apply(css: str, scheme: str, primary: str, accent: str) -> list[str]:
    """The selectors of `css` that could match a page whose <body> has these palette attributes:
    all but those that test another scheme or colour, or the palette toggle's switching state."""
    ours = {"scheme": scheme, "primary": primary, "accent": accent}
    found = []
    for m in _RULE.finditer(css):
        prelude = m.group(1).strip()
        if prelude.startswith("@"):
            continue
        for selector in _selectors(prelude):
            if _SWITCHING in selector:
                continue
            if any(ours[name] != value for name, _, value in _COLOR.findall(selector)):
                continue
            found.append(selector)
    return found


def _palette_css() -> str:
    material = next((ROOT / ".venv" / "lib").glob("python3*/site-packages/material/templates/assets/stylesheets"))
    return next(material.glob("palette.*.min.css")).read_text(encoding="utf-8")


def test_no_rule_of_materials_palette_css_applies_to_our_palette(site_dir):
    body = re.search(r"<body[^>]*>", (site_dir / "index.html").read_text(encoding="utf-8")).group(0)
    attrs = dict(re.findall(r'data-md-color-(scheme|primary|accent)="([^"]*)"', body))
    assert attrs == {"scheme": "default", "primary": "custom", "accent": "custom"}, body
    assert palette_rules_that_apply(_palette_css(), **attrs) == []


def test_the_palette_check_finds_rules_that_would_apply():
    css = ("@media screen{[data-md-color-scheme=slate]{color:red}}.md-header{color:red}"
           "[data-md-color-primary=custom] .x,[data-md-color-primary=red] .y{color:red}"
           "[data-md-color-switching] *{transition:none}"
           "[data-md-color-accent=red] :is(.a,.b){color:red}")
    assert palette_rules_that_apply(css, "default", "custom", "custom") == [
        ".md-header", "[data-md-color-primary=custom] .x"]
    assert palette_rules_that_apply(css, "slate", "red", "red") == [
        "[data-md-color-scheme=slate]", ".md-header", "[data-md-color-primary=red] .y",
        "[data-md-color-accent=red] :is(.a,.b)"]


def links_palette_css(page: str) -> bool:
    return re.search(r'<link[^>]*href="[^"]*palette\.[0-9a-f]+\.min\.css"', page) is not None


def test_no_page_links_palette_css(site_dir):
    linking = [str(p.relative_to(site_dir)) for p in site_dir.rglob("*.html")
               if links_palette_css(p.read_text(encoding="utf-8"))]
    assert linking == []


def test_the_link_check_sees_materials_link():
    assert links_palette_css('<link rel="stylesheet" href="../assets/stylesheets/palette.fb2fffe2.min.css">')
    assert not links_palette_css('<link rel="stylesheet" href="../assets/stylesheets/main.57a0d79d.min.css">')
