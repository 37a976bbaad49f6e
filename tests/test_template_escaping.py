"""Text from front matter and mkdocs.yml is written as text by the templates the project owns
(overrides/): an entity typed into a title, a description or the site name is shown exactly as
typed, in <title>, the meta description, the og: tags, the header, the navigation and the footer.
(Were a value written without escaping, "&amp;" would turn into "&", and "<" into markup.)"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_build
from site_checks import soup

TITLE = "About &amp; us"
DESCRIPTION = "Who we are &amp; what we do, &#39;typed&#39; as text."
SITE = "After CAR T &amp; co"
NAV = "About &lt;us&gt;"
COPYRIGHT = "Text &amp; code"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("escaping")
    project = tmp / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", "site", ".git", ".pytest_cache", "__pycache__", "benchmark-work"))
    about = project / "docs" / "about.md"
    text = about.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", f"title: '{TITLE}'", text, count=1)
    text = re.sub(r"(?m)^description: .*$", f"description: '{DESCRIPTION.replace(chr(39), chr(39) * 2)}'", text, count=1)
    about.write_text(text, encoding="utf-8")
    cfg = project / "mkdocs.yml"
    text = cfg.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_name: .*$", f"site_name: '{SITE}'", text, count=1)
    text = re.sub(r"(?ms)^copyright: >-\n.*?(?=^\S)", f"copyright: '{COPYRIGHT}'\n", text, count=1)
    text = text.replace("      - About this guide: about.md", f"      - '{NAV}': about.md")
    cfg.write_text(text, encoding="utf-8")
    site = tmp / "site"
    result = run_build(site, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def text_problems(html: str) -> list[str]:
    """Where the About page does not show the typed values as typed."""
    s = soup(html)
    meta = lambda **attrs: (s.find("meta", attrs=attrs) or {}).get("content")  # noqa: E731
    topics = [t.get_text(strip=True) for t in s.select(".md-header__topic .md-ellipsis")]
    found = {
        "<title>": s.title.get_text() if s.title else None,
        "meta description": meta(name="description"),
        "og:title": meta(property="og:title"),
        "og:description": meta(property="og:description"),
        "og:site_name": meta(property="og:site_name"),
        "header site name": topics[0] if topics else None,
        "header page title": topics[1] if len(topics) > 1 else None,
        "header logo label": (s.select_one(".md-header .md-logo") or {}).get("aria-label"),
        "navigation": next((a.get_text(strip=True) for a in s.select("nav.md-nav--primary a.md-nav__link")
                            if a.get("href") in ("./", "../about/")), None),
        "footer": (s.select_one(".md-copyright__highlight") or s).get_text(strip=True),
    }
    expected = {"<title>": f"{TITLE} - {SITE}", "meta description": DESCRIPTION, "og:title": TITLE,
                "og:description": DESCRIPTION, "og:site_name": SITE, "header site name": SITE,
                "header page title": TITLE, "header logo label": SITE, "navigation": NAV, "footer": COPYRIGHT}
    return [f"{k}: {found[k]!r}, typed {v!r}" for k, v in expected.items() if found[k] != v]


def test_typed_text_is_shown_as_typed_everywhere(built):
    html = (built / "about" / "index.html").read_text(encoding="utf-8")
    problems = text_problems(html)
    assert not problems, "\n".join(problems)


def test_the_404_page_writes_the_site_name_and_description_as_text(built):
    s = soup((built / "404.html").read_text(encoding="utf-8"))
    assert s.title.get_text() == SITE
    assert s.find("meta", property="og:site_name")["content"] == SITE


def test_the_check_rejects_text_written_without_escaping(built):
    """The same page as if the templates did not escape: "&amp;amp;" would have been "&amp;"."""
    html = (built / "about" / "index.html").read_text(encoding="utf-8")
    unescaped = html.replace("&amp;amp;", "&amp;").replace("&amp;lt;", "&lt;").replace("&amp;gt;", "&gt;")
    problems = text_problems(unescaped)
    assert len(problems) == 10, problems


def drawer_and_footer(built: Path) -> dict:
    """Material's own navigation drawer (site name) and footer (the previous page's menu label),
    which the project overrides to escape (overrides/partials/nav.html, footer.html)."""
    about = soup((built / "about" / "index.html").read_text(encoding="utf-8"))
    label = about.select_one("label.md-nav__title")
    drawer = "".join(t for t in label.find_all(string=True, recursive=False)).strip() if label else None
    after = soup((built / "for-cancer-centers" / "index.html").read_text(encoding="utf-8"))
    prev = after.select_one(".md-footer__link--prev .md-ellipsis")
    return {"drawer site name": drawer,
            "drawer logo label": (about.select_one("label.md-nav__title .md-logo") or {}).get("aria-label"),
            "footer previous page": prev.get_text(strip=True) if prev else None,
            "footer previous label": (after.select_one(".md-footer__link--prev") or {}).get("aria-label")}


def test_materials_drawer_and_footer_show_typed_text_as_typed(built):
    found = drawer_and_footer(built)
    assert found["drawer site name"] == SITE and found["drawer logo label"] == SITE, found
    assert found["footer previous page"] == NAV and found["footer previous label"].endswith(": " + NAV), found


def test_the_drawer_and_footer_check_can_fail(built, tmp_path):
    """Material's own partials, unescaped, fail the check above."""
    site = tmp_path / "site"
    for page in ("about", "for-cancer-centers"):
        (site / page).mkdir(parents=True)
        html = (built / page / "index.html").read_text(encoding="utf-8")
        (site / page / "index.html").write_text(html.replace("&amp;amp;", "&amp;").replace("&amp;lt;", "&lt;")
                                                .replace("&amp;gt;", "&gt;"), encoding="utf-8")
    found = drawer_and_footer(site)
    assert found["drawer site name"] != SITE and found["footer previous page"] != NAV
