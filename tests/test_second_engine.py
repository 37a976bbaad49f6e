"""The same site from a second engine: ProperDocs (the maintained drop-in fork of MkDocs 1.6,
pinned in requirements-test.txt) builds files identical to MkDocs' build, byte for byte, except
the generator tag each engine writes. The handout PDFs are left out: neither engine makes them
(scripts/handout_pdfs.py does, from the built HTML)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from scripts.compare_builds import differences

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
# Made by scripts/build.py, not by an engine: the handout PDFs and the list of what a build wrote.
NOT_FROM_AN_ENGINE = ("handouts/pdf/", ".after-car-t-build")


def without_generator(site: Path) -> None:
    """Blank the generator tag in every page, the one place the engines may differ."""
    for page in site.rglob("*.html"):
        data = page.read_bytes()
        page.write_bytes(GENERATOR.sub(b'<meta name="generator" content="">', data))


def engine_differences(a: Path, b: Path) -> list[str]:
    return [d for d in differences(a, b) if not any(part in d for part in NOT_FROM_AN_ENGINE)]


def test_properdocs_builds_the_same_site_as_mkdocs(site_dir, tmp_path):
    ours = tmp_path / "mkdocs-site"
    import shutil
    shutil.copytree(site_dir, ours)
    theirs = tmp_path / "properdocs-site"
    # As scripts/build.py --pdfs tells the engine (site_dir is built with the PDFs, so its pages link to them).
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", AFTER_CAR_T_PDFS="1")
    result = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "--config-file",
                             str(ROOT / "mkdocs.yml"), "--site-dir", str(theirs)],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert b"ProperDocs" in (theirs / "index.html").read_bytes(), "this is ProperDocs' build"
    for site in (ours, theirs):
        without_generator(site)
    assert engine_differences(ours, theirs) == []


def test_the_comparison_finds_a_changed_missing_or_extra_file(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for site in (a, b):
        (site / "x").mkdir(parents=True)
        (site / "index.html").write_text('<meta name="generator" content="one">same')
        (site / "x" / "page.html").write_text("same")
    (b / "index.html").write_text('<meta name="generator" content="two">same')
    without_generator(a), without_generator(b)
    assert engine_differences(a, b) == []
    (b / "x" / "page.html").write_text("changed")
    (a / "only-here.css").write_text("")
    (b / "handouts" / "pdf").mkdir(parents=True)
    (b / "handouts" / "pdf" / "a.pdf").write_text("")
    assert engine_differences(a, b) == ["only in the first build: only-here.css", "differs: x/page.html"]
