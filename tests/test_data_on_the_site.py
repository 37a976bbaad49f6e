"""The data, rendered: anchors for every term, node and option; every glossary term used."""
from __future__ import annotations

from conftest import ROOT
from macros.decision_tree import load_tree
from macros.glossary import load_glossary
from site_checks import ids_in


def test_every_glossary_term_has_an_anchor_on_the_glossary_page(site_dir):
    ids = ids_in((site_dir / "glossary" / "index.html").read_text())
    missing = [t for t in load_glossary(ROOT / "glossary.yml") if f"term-{t}" not in ids]
    assert not missing


def test_every_glossary_term_is_explained_somewhere_on_the_site(site_dir, pages):
    html = " ".join(p.read_text() for p in pages if "glossary" not in p.parts)
    unused = [t for t in load_glossary(ROOT / "glossary.yml") if f'data-term="{t}"' not in html]
    assert not unused, f"terms never used on any page (remove them or use them): {unused}"


def test_every_step_and_outcome_of_the_guide_has_its_anchor(site_dir):
    ids = ids_in((site_dir / "find-your-situation" / "index.html").read_text())
    tree = load_tree(ROOT / "decision-tree.yml")
    assert not [n for n in tree.nodes if n not in ids]


def test_every_option_appears_in_the_comparison(site_dir):
    html = (site_dir / "options" / "compare" / "index.html").read_text()
    overview = (site_dir / "options" / "index.html").read_text()
    tree = load_tree(ROOT / "decision-tree.yml")
    for o in tree.options.values():
        assert html.count(o.name) >= 6, o.name
        assert o.name in overview, o.name
