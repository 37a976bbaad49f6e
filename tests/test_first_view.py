"""A first view (issue 21): it downloads only what the page can use, and nothing moves.

Material's palette.css (2 KB compressed, one request) holds only rules for the dark scheme
(slate), for named primary and accent colours and for the palette toggle. This site's palette is
one scheme, "default", with "custom" colours set in our own stylesheet, so none of its rules can
apply, and the pages leave it out (overrides/main.html, block "styles"). These tests check that
the pages leave it out, and that no rule of Material's palette.css could apply to them (if a
Material update adds one, the file must come back)."""
from __future__ import annotations

import re

import pytest

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


# No layout shift on a first view (issue 21: CLS 0). Material hides search while <html> has
# class "no-js", which its script at the end of the page removes; the site's stylesheet shows it
# from the first paint when scripts run (@media (scripting: enabled)), so the header is the same
# before and after Material's script. The header logo has its size in the markup.
HEADER_BOXES = """() => [...document.querySelectorAll('.md-header__inner > *')].map(e => {
  const r = e.getBoundingClientRect(); return [e.className, Math.round(r.x), Math.round(r.width)]; })"""
_SCRIPTING_RULES = re.compile(r"@media screen and \(scripting: enabled\)[^{]*\{[^{}]*\{[^{}]*\}\s*\}")


def _header(browser, url: str, width: int, before_script: bool, strip_rules: bool = False):
    """(class of <html>, the header's boxes) of a loaded page; before_script: Material's script
    never runs (as in the moments before it does); strip_rules: the site's stylesheet without
    its @media (scripting) rules."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    if before_script:
        page.route(re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$"), lambda route: route.abort())
    if strip_rules:
        def strip(route):
            response = route.fetch()
            route.fulfill(response=response, body=_SCRIPTING_RULES.sub("", response.text()))
        page.route(re.compile(r"/assets/stylesheets/site\.[0-9a-f]+\.css$"), strip)
    try:
        page.goto(url, wait_until="load")
        return page.evaluate("document.documentElement.className"), page.evaluate(HEADER_BOXES)
    finally:
        context.close()


@pytest.mark.parametrize("width", [412, 1350], ids=["phone", "wide screen"])
def test_the_header_is_the_same_before_and_after_materials_script(browser, server, width):
    before_class, before = _header(browser, server + "/find-your-situation/", width, before_script=True)
    after_class, after = _header(browser, server + "/find-your-situation/", width, before_script=False)
    assert "no-js" in before_class.split() and "no-js" not in after_class.split()
    assert before == after


def test_the_header_check_sees_search_arrive_without_the_rules(browser, server):
    _, before = _header(browser, server + "/find-your-situation/", 412, before_script=True, strip_rules=True)
    _, after = _header(browser, server + "/find-your-situation/", 412, before_script=False, strip_rules=True)
    assert before != after, "without the @media (scripting) rules, search arrives with Material's script"


def images_without_size(page: str) -> list[str]:
    """The header's and navigation's logo <img> tags without width and height."""
    return [tag for tag in re.findall(r'<a [^>]*class="md-(?:header|nav)__button md-logo"[^>]*>\s*(<img[^>]*>)', page)
            if not (re.search(r'\swidth="\d+"', tag) and re.search(r'\sheight="\d+"', tag))]


def test_the_logo_has_its_size_in_the_markup(site_dir):
    page = (site_dir / "find-your-situation" / "index.html").read_text(encoding="utf-8")
    assert page.count('md-logo"') >= 2
    assert images_without_size(page) == []


def test_the_logo_check_sees_a_logo_without_size():
    assert images_without_size('<a href="." class="md-header__button md-logo" aria-label="x">\n'
                               '  <img src="assets/images/logo.svg" alt="logo">\n</a>') != []


# The stylesheets of a first view (issue 21): Material's main.css reduced to what the site uses
# and the site's own without comments, and without the handouts' rules on other pages
# (macros/css_reduce.py): 33.0 KB compressed before, 21.0 KB after. Byte counts are exact.
STYLESHEETS_MAX_GZIP = 22_000
MEASURED_PAGES = ["index.html", "options/index.html", "living/health-and-safety/index.html",
                  "find-your-situation/index.html", "cancers/multiple-myeloma/index.html"]


def stylesheets_gzip(site_dir, page) -> int:
    """Compressed bytes (gzip level 6, as `make bench` serves them) of every stylesheet the page links."""
    import gzip
    total = 0
    for href in re.findall(r'<link rel="stylesheet"[^>]*href="([^"]+\.css)"', page.read_text(encoding="utf-8")):
        total += len(gzip.compress((page.parent / href).resolve().read_bytes(), 6))
    return total


def test_a_first_views_stylesheets_are_within_their_budget(site_dir):
    sizes = {p: stylesheets_gzip(site_dir, site_dir / p) for p in MEASURED_PAGES}
    assert all(size <= STYLESHEETS_MAX_GZIP for size in sizes.values()), sizes


def test_the_stylesheet_budget_sees_materials_whole_stylesheet(tmp_path):
    material = next((ROOT / ".venv" / "lib").glob("python3*/site-packages/material/templates/assets/stylesheets"))
    (tmp_path / "main.css").write_bytes(next(material.glob("main.*.min.css")).read_bytes())
    page = tmp_path / "index.html"
    page.write_text('<link rel="stylesheet" href="main.css">', encoding="utf-8")
    assert stylesheets_gzip(tmp_path, page) > STYLESHEETS_MAX_GZIP
