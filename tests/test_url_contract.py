"""The URL contract (issue 18): urls.txt lists every published address and anchor; an entry
never silently stops leading somewhere. scripts/url_contract.py says what counts."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SITE_INPUTS

sys.path.insert(0, str(ROOT / "scripts"))
import url_contract as uc  # noqa: E402

from macros.pages import h1_id  # noqa: E402

CONTRACT = uc.read_contract((ROOT / "urls.txt").read_text(encoding="utf-8"))


def test_the_contract_is_sorted_unique_and_large():
    assert CONTRACT == sorted(set(CONTRACT))
    assert len(CONTRACT) > 700 and "help/" in CONTRACT
    assert "plan/next-steps-with-your-team/#before" in CONTRACT and "handouts/wallet-card/" in CONTRACT
    assert not [e for e in CONTRACT if re.search(r"#_", e)], "machinery ids are not for linking"


def test_every_contract_entry_still_leads_somewhere(site_dir):
    site = uc.read_site(site_dir)
    broken = uc.problems(site, CONTRACT)
    assert not broken, ("entries of urls.txt that lead nowhere (add a redirect for a moved page, keep "
                        "the old id on the new place; delete a line only on purpose):\n" + "\n".join(broken))


def test_the_contract_lists_everything_the_site_publishes(site_dir):
    new = sorted(set(uc.read_site(site_dir).published) - set(CONTRACT))
    assert not new, "published but missing from urls.txt (run `make urls`):\n" + "\n".join(new[:40])


def test_the_site_publishes_each_kind(site_dir):
    site = uc.read_site(site_dir)
    kinds = {k: n for k, n in uc.counts(site.published, list(site.published)).items()}
    assert all(kinds[k] for k in uc.KINDS), kinds
    assert site.published["living/health-and-safety/#get-help-now"] == "heading"
    assert site.published["glossary/#term-relapse"] == "term"
    assert site.published["find-your-situation/#mm-bcma-unknown"] == "guide"
    assert site.published["handouts/pdf/wallet-card.pdf"] == "pdf"
    assert site.published["help/"] == "redirect" and site.stubs["help/"] == "living/health-and-safety/#get-help-now"


def test_the_h1_rule_is_the_same_in_the_build_and_the_contract():
    for page, address in [("index.md", "./"), ("options/index.md", "options/"), ("plan/faq.md", "plan/faq/")]:
        assert h1_id(page) == uc.h1_id(address)


# ------------------------------------------------------------------------------ on small sites

def small_site(tmp_path: Path, pages: dict[str, str]) -> uc.Site:
    for rel, html in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(html, encoding="utf-8")
    return uc.read_site(tmp_path)


def stub(target: str) -> str:
    return (f'<html><head><link rel="canonical" href="{target}"><meta http-equiv="refresh" content="0; '
            f'url={target}"></head></html>')


def page(*ids: str) -> str:
    return "<html><body><article>" + "".join(f'<h2 id="{i}">x</h2>' for i in ids) + "</article></body></html>"


def test_moved_pages_and_anchors_resolve_only_as_the_contract_says(tmp_path):
    site = small_site(tmp_path, {
        "index.html": page("home", "a"),
        "new/index.html": page("new", "kept"),
        "old/index.html": stub("../new/"),
        "older/index.html": stub("../old/"),
        "short/index.html": stub("../new/#kept"),
        "loop/index.html": stub("../loop/"),
        "nowhere/index.html": stub("../gone/"),
        "handouts/pdf/card.pdf": "%PDF",
    })
    ok = ["./", "./#a", "./#home", "new/#kept", "old/", "old/#kept", "old/#old", "older/#kept",
          "short/", "short/#kept", "handouts/pdf/card.pdf"]
    assert uc.problems(site, ok) == []
    bad = {"gone/": "the page is gone", "new/#before": "no element on new/ has the id 'before'",
           "old/#before": "keep the old id", "short/#other": "keeps its own #kept",
           "loop/": "too many redirects", "nowhere/": "gone/ does not exist",
           "handouts/pdf/gone.pdf": "a file has no redirect"}
    for entry, why in bad.items():
        assert why in (uc.problem(site, entry) or ""), (entry, uc.problem(site, entry))


def test_machinery_and_site_lists_are_left_out(tmp_path):
    html = ('<article><h1 id="x">T</h1><span id="_tip-1"></span><h2 id="_q">x</h2><li id="source-a">s</li>'
            '<section class="guide-node" id="n"><h2 class="guide-title" id="n-title">t</h2></section>'
            '<figure id="figure-f"></figure></article>')
    assert uc.page_entries("x/", html) == {"x/": "page", "x/#x": "heading", "x/#n": "guide", "x/#figure-f": "figure"}


def test_make_urls_adds_and_never_removes(tmp_path, capsys):
    site = tmp_path / "site"
    small_site(site, {"index.html": page("home"), "a/index.html": page("a", "new")})
    contract = tmp_path / "urls.txt"
    contract.write_text(uc.write_contract(["./", "a/", "a/#old", "gone/"]), encoding="utf-8")
    code = uc.main(["--site-dir", str(site), "--file", str(contract)])
    out = capsys.readouterr()
    assert code == 1
    assert uc.read_contract(contract.read_text()) == ["./", "./#home", "a/", "a/#a", "a/#new", "a/#old", "gone/"]
    assert "- a/#old: BROKEN" in out.out and "- gone/: BROKEN" in out.out and "2 entries lead nowhere" in out.err
    assert contract.read_text().startswith("# After CAR T: the published addresses")
    # --check changes nothing.
    contract.write_text(uc.write_contract(["./"]), encoding="utf-8")
    assert uc.main(["--site-dir", str(site), "--file", str(contract), "--check"]) == 0
    assert uc.read_contract(contract.read_text()) == ["./"]


# ------------------------------------------------------------------------------ the test of the test

def mkdocs_build(project: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                       cwd=project, capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-3000:]
    return site


def edit(path: Path, old: str, new: str, count: int | None = None):
    text = path.read_text(encoding="utf-8")
    assert old in text and (count is None or text.count(old) == count), (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pristine")
    for name in SITE_INPUTS:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, base / name)
    return base


def test_a_renamed_page_and_anchor_without_redirect_break_the_contract(pristine, tmp_path):
    project = tmp_path / "p"
    shutil.copytree(pristine, project)
    docs = project / "docs"
    # Rename the wallet card page (its H1 id follows its file) and every link to it ...
    (docs / "handouts/wallet-card.md").rename(docs / "handouts/emergency-card.md")
    edit(docs / "handouts/emergency-card.md", "{ #wallet-card }", "{ #emergency-card }", 1)
    for md in docs.rglob("*.md"):
        text = md.read_text(encoding="utf-8")
        if "wallet-card.md" in text:
            md.write_text(text.replace("wallet-card.md", "emergency-card.md"), encoding="utf-8")
    edit(project / "mkdocs.yml", "handouts/wallet-card.md", "handouts/emergency-card.md", 1)
    # ... and a documented anchor, with no redirect and no old id kept.
    edit(docs / "plan/next-steps-with-your-team.md", "{ #before }", "{ #before-your-visit }", 1)

    # The fixture builds without PDFs (as plain `mkdocs build`): leave the PDF entries out.
    contract = [e for e in CONTRACT if not e.endswith(".pdf")]
    broken = uc.problems(uc.read_site(mkdocs_build(project)), contract)
    assert "plan/next-steps-with-your-team/#before: no element on plan/next-steps-with-your-team/ has the id 'before' (keep the old id on the new place)" in broken
    gone = [b for b in broken if b.startswith("handouts/wallet-card/")]
    assert "handouts/wallet-card/: the page is gone (handouts/wallet-card/ does not exist)" in gone
    assert len(broken) == len(gone) + 1, broken

    # With a redirect for the page, the page and its anchors pass; the renamed anchor still fails.
    edit(project / "mkdocs.yml", "        help.md: living/health-and-safety.md#get-help-now\n",
         "        help.md: living/health-and-safety.md#get-help-now\n"
         "        handouts/wallet-card.md: handouts/emergency-card.md\n", 1)
    broken = uc.problems(uc.read_site(mkdocs_build(project)), contract)
    assert broken == ["plan/next-steps-with-your-team/#before: no element on plan/next-steps-with-your-team/ "
                      "has the id 'before' (keep the old id on the new place)"]
