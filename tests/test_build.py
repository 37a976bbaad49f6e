"""The site builds strictly from a clean checkout, and a failed build leaves no site behind."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import ROOT, run_build

sys.path.insert(0, str(ROOT / "scripts"))
import build as build_script  # noqa: E402  (scripts/build.py)

COPY_IGNORE = shutil.ignore_patterns(".venv", "site", ".git", ".pytest_cache", "__pycache__", "benchmark-work", ".bench")


def copy_project(tmp_path: Path) -> Path:
    dest = tmp_path / "project"
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    return dest


def test_site_builds_strictly_with_every_page(site_dir):
    assert (site_dir / "index.html").is_file()
    assert (site_dir / "404.html").is_file()
    assert (site_dir / "search" / "search_index.json").is_file()
    assert len(list(site_dir.rglob("*.html"))) >= 10


def test_failed_build_leaves_no_site_not_even_an_old_one(tmp_path):
    project = copy_project(tmp_path)
    site = project / "site"
    (site / "old").mkdir(parents=True)
    (site / "old" / "index.html").write_text("<h1>an old page</h1>")
    (site / "index.html").write_text("<h1>an old build</h1>")
    build_script.write_marker(site)  # a previous build, as scripts/build.py marks it
    glossary = project / "glossary.yml"
    glossary.write_text(glossary.read_text().replace("terms:", "terms:\n  - id: Broken Id\n    term: x\n", 1))
    result = run_build(site, cwd=project)
    assert result.returncode != 0
    assert not site.exists(), "a failed build must not leave a site/ folder"
    assert not list(project.glob(".site-build-*")), "the temporary build folder must be removed"
    assert not list(project.glob(".site-old-*")), "the old build must be deleted, not left aside"
    assert "glossary.yml" in result.stderr and "Traceback" not in result.stderr + result.stdout


def test_strict_mode_turns_a_broken_link_into_a_failed_build(tmp_path):
    project = copy_project(tmp_path)
    about = project / "docs" / "about.md"
    about.write_text(about.read_text() + "\nSee [a page that does not exist](nowhere.md).\n")
    result = run_build(project / "site", cwd=project)
    assert result.returncode != 0
    assert "nowhere.md" in result.stderr + result.stdout
    assert not (project / "site").exists()


def test_the_build_leaves_out_what_no_page_requests(site_dir):
    """Source maps and lunr's other languages (about 2.2 MB) are never requested: not in the site."""
    left = [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")
            if p.suffix == ".map" or "assets/javascripts/lunr" in p.as_posix()]
    assert left == []
    assert list((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js")), "the search worker stays"


def test_only_an_english_search_drops_the_other_languages():
    from macros.sitemap import never_requested
    paths = ["assets/javascripts/bundle.x.min.js", "assets/javascripts/bundle.x.min.js.map",
             "assets/javascripts/lunr/min/lunr.de.min.js"]
    assert never_requested(paths, ["en"]) == paths[1:]
    assert never_requested(paths, ["en", "de"]) == [paths[1]]


def test_the_sites_own_stylesheets_and_scripts_are_one_file_each_named_by_content(site_dir):
    """Two requests instead of six; the name changes with the content (macros/assets.py). The
    stylesheet is there twice: whole, as the handouts link it, and without the handouts' own
    rules, as every other page links it (macros/css_reduce.py); each page links one of them.
    So is the script: whole on the handouts, without the questions builder elsewhere."""
    import hashlib
    import re
    css = sorted((site_dir / "assets" / "stylesheets").glob("site.*.css"))
    js = sorted((site_dir / "assets" / "javascripts").glob("site.*.js"))
    assert len(css) == 2 and len(js) == 2
    for sheet in css + js:
        digest = hashlib.sha256(sheet.read_text(encoding="utf-8").encode("utf-8")).hexdigest()[:10]
        assert sheet.name == f"site.{digest}{sheet.suffix}"
    for name in ("site.css", "print.css", "handouts.css", "terms.js", "print.js", "questions.js"):
        assert not list(site_dir.rglob(name)), f"{name} is published on its own"
    for page in ("index.html", "handouts/wallet-card/index.html"):
        text = (site_dir / page).read_text(encoding="utf-8")
        assert sum(text.count(sheet.name) for sheet in css) == 1, page
        assert sum(text.count(script.name) for script in js) == 1, page
    for files in (css, js):
        assert not any(f.name in (site_dir / "index.html").read_text(encoding="utf-8")
                       and f.name in (site_dir / "handouts/wallet-card/index.html").read_text(encoding="utf-8")
                       for f in files)


def test_a_bundle_changes_name_with_its_content(tmp_path):
    from conftest import WORDS
    from macros.assets import bundles
    (tmp_path / "a.css").write_text("p { color: black; }")
    first = bundles(["a.css"], [], tmp_path, WORDS)[0]
    (tmp_path / "a.css").write_text("p { color: navy; }")
    second = bundles(["a.css"], [], tmp_path, WORDS)[0]
    assert first.path != second.path and first.path.startswith("assets/stylesheets/site.")
