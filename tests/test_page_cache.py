"""Each page's macro output is kept between builds (macros/page_cache.py): a later build with the
same inputs replays it, byte for byte what the macros give; any input the macros read names
another entry, so a changed data file, text of strings.yml, page (its front matter read by
another page's macro) or center value in mkdocs.yml shows in the next build."""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import jinja2
import pytest

import build_runner
from conftest import ROOT, SITE_INPUTS

from macros import page_cache


@pytest.mark.parametrize("template, kept", [
    ('{{ cite("a") }} and {{ questions("x") }}', True),
    ("No macro at all.", True),
    ('{{ cite("a", *["b"]) }}', True),
    ("{% for i in [1, 2] %}{{ lines(i) }}{% endfor %}", False),  # a name of its own: not kept either
    ("{{ config.site_name }}", False),           # a variable of mkdocs-macros, not a page macro
    ("{{ now() }}", False),                      # mkdocs-macros' own macro: the time
    ("{{ lipsum() }}", False),                   # Jinja's own: random
    ('{{ cite("a") | upper }}', False),          # a filter
    ('{% include "x.md" %}', False),             # another file
    ('{% if cite is defined %}x{% endif %}', False),  # a test
    ("{{ cite(", False),                         # a syntax error
])
def test_only_a_page_that_uses_nothing_but_page_macros_is_kept(template, kept):
    names = frozenset({"cite", "questions", "lines"})
    env = jinja2.Environment()
    env.globals["now"] = lambda: "a time"  # as mkdocs-macros registers its own macros: globals
    for name in names:
        env.globals[name] = lambda *a: "x"
    assert page_cache.only_page_macros(env, template, names) is kept


def test_a_kept_entry_that_is_cut_short_or_not_ours_is_not_read():
    entry = page_cache.Kept("text", ["s1"], 1, 2, 3).to_bytes()
    assert page_cache._whole(entry) and page_cache.Kept.from_bytes(entry) == page_cache.Kept("text", ["s1"], 1, 2, 3)
    assert not page_cache._whole(entry[:-3])
    assert not page_cache._whole(json.dumps({"markdown": 1, "order": [], "term_count": 0, "figure_count": 0,
                                             "picture_count": 0}).encode())


# ---------------------------------------------------------------- real builds of a copy


def _build(project: Path, cache: Path) -> Path:
    site = project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
               AFTER_CAR_T_CACHE_DIR=str(cache))
    env.pop("AFTER_CAR_T_NO_CACHE", None)
    result = build_runner.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                              cwd=project, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: {old!r} is not there once"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("page-cache")
    project = base / "project"
    project.mkdir()
    for name in SITE_INPUTS:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name,
                                                            **({"ignore": shutil.ignore_patterns("__pycache__")}
                                                               if src.is_dir() else {}))
    return project, base / "cache"


def test_a_later_build_replays_each_page_and_sees_every_change(project):
    project, cache = project
    first = _build(project, cache)
    kept = sorted((cache / page_cache.FOLDER_NAME).iterdir())
    assert len(kept) >= 60, "most pages are kept"

    # A later build gives the same pages, from the kept entries: one planted marker shows.
    again = _build(project, cache)
    for page in first.rglob("*.html"):
        assert page.read_bytes() == (again / page.relative_to(first)).read_bytes(), page
    entries = {p: page_cache.Kept.from_bytes(p.read_bytes()) for p in kept}
    question = "What did my latest scans and tests show?"
    planted = {p: k for p, k in entries.items() if question in k.markdown}
    assert planted, "a kept page shows the question"
    for p, k in planted.items():
        p.write_bytes(page_cache.Kept(k.markdown.replace(question, "PLANTED kept question?"), k.order, k.term_count,
                                      k.figure_count, k.picture_count).to_bytes())
    replayed = _build(project, cache)
    assert "PLANTED kept question?" in _page(replayed, "cancers"), "the kept output is what the build uses"
    for p, k in planted.items():
        p.write_bytes(k.to_bytes())

    # A data file's value (questions.yml), shown by questions("about-tests").
    _edit(project / "questions.yml", "What did my latest scans and tests show?",
          "What did my newest scans and tests show?")
    site = _build(project, cache)
    assert "What did my newest scans and tests show?" in _page(site, "cancers")
    assert "PLANTED" not in _page(site, "cancers")

    # A text of strings.yml, shown by handout_list() for a handout without its own printed_by.
    _edit(project / "strings.yml", "printed_by_default: Patients, families and nurses",
          "printed_by_default: Patients, families and their nurses")
    site = _build(project, cache)
    assert "Patients, families and their nurses" in _page(site, "handouts")

    # Another page's front matter, read by handout_list() on the handouts page.
    _edit(project / "docs" / "handouts" / "warning-signs.md", "description: A one-page sheet of the warning signs",
          "description: A one-page sheet listing the warning signs")
    site = _build(project, cache)
    assert "A one-page sheet listing the warning signs" in _page(site, "handouts")

    # A center's value in mkdocs.yml (an overlay sets the same keys), shown by center_value().
    config = project / "mkdocs.yml"
    _edit(config, "    night_phone: null\n", "    night_phone: '(212) 555-0101'\n")
    _edit(config, "    night_phone_dial: null\n", "    night_phone_dial: '+12125550101'\n")
    site = _build(project, cache)
    row = re.search(r"<tr>(?:(?!</tr>).)*nights and weekends(?:(?!</tr>).)*</tr>", _page(site, "handouts/care-team"), re.S)
    assert row and 'href="tel:+12125550101"' in row.group(), "the table's 24-hour row shows the number"


def test_a_preview_reads_kept_pages_but_keeps_none(monkeypatch, tmp_path):
    """Each save in a preview names every entry anew (the inputs digest), so it keeps nothing;
    a build keeps what a page rendered."""
    from types import SimpleNamespace
    kept = []
    monkeypatch.setattr(page_cache.build_cache, "keep", lambda folder, name, data: kept.append(name))
    monkeypatch.setattr(page_cache, "only_page_macros", lambda env, markdown, names: True)
    page = SimpleNamespace(tracker=SimpleNamespace(order=["s1"]), term_count=0, figure_count=0, picture_count=0)
    ctx = SimpleNamespace(page=page, problems=[], macro_names=frozenset({"cite"}))
    for keep_new in (True, False):
        macros = page_cache.PageMacros(tmp_path, keep_new=keep_new)
        macros._pending, macros.renders = ("entry.json", None, "{{ cite('a') }}", 0), 1  # as look_up leaves a page not kept
        macros.finish(ctx, "text")
    assert kept == ["entry.json"]
