"""Loading, validation and rendering as pure functions (no MkDocs)."""
from __future__ import annotations

from pathlib import Path

import pytest
from markdown import Markdown

from conftest import ROOT, WORDS
from macros.decision_tree import load_tree, md_text, render_comparison
from macros.errors import DataError, MacroCallError
from macros.glossary import Term, load_glossary, render_glossary_page
from macros.loading import plain_text
from macros.sources import CitationTracker, load_sources
from macros.term_markdown import TermExtension, TermMatcher


@pytest.fixture(scope="module")
def data():
    return (load_glossary(ROOT / "glossary.yml"), load_sources(ROOT / "sources.yml"),
            load_tree(ROOT / "decision-tree.yml"))


def test_real_data_files_load_and_cover_the_required_scope(data):
    terms, sources, tree = data
    assert len(terms) >= 60
    for tid in ["car-t-cell-therapy", "antigen-escape", "lineage-switch", "palliative-care", "hospice", "rems"]:
        assert tid in terms
    labels = " ".join(c.label.lower() for c in tree.nodes[tree.start].choices)
    for disease in ["large b-cell", "follicular", "marginal zone", "mantle cell", "chronic lymphocytic",
                    "25 or younger", "adult", "myeloma"]:
        assert disease in labels, disease
    assert all(any(o.option == "focusing-on-comfort" for o in n.options) for n in tree.outcomes())


def test_plain_text_rejects_tags_but_keeps_less_than_signs():
    assert plain_text("fewer than <2 lines") == "fewer than <2 lines"
    for bad in ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a </b> c"]:
        with pytest.raises(ValueError, match="HTML tag"):
            plain_text(bad)


def test_md_text_escapes_html_and_markdown():
    assert md_text("fewer than <2 lines & *stars*") == r"fewer than &lt;2 lines &amp; \*stars\*"


def test_citations_are_numbered_per_page_in_order_of_first_use(data):
    _, sources, _ = data
    t = CitationTracker(sources, WORDS)
    a = t.cite("descart-2022")
    b = t.cite("zuma1-5yr-2023", "descart-2022")
    assert '>1</a>' in a and '>2</a>' in b and '>1</a>' in b
    listing = t.page_sources("../sources/")
    assert listing.index("source-descart-2022") < listing.index("source-zuma1-5yr-2023")
    with pytest.raises(MacroCallError, match="no-such"):
        t.cite("no-such")


def _term(i, name, aliases=()):
    return Term(id=f"t{i}", term=name, aliases=list(aliases), definition="A plain meaning.", sources=["s"])


def test_matcher_is_whole_word_leftmost_longest_and_case_aware():
    terms = {t.id: t for t in [_term(1, "T cell", ["T cells"]), _term(2, "CAR T-cell therapy", ["CAR T"]),
                                _term(3, "PET-CT", ["PET"]), _term(4, "relapse")]}
    m = TermMatcher(terms)
    text = "After CAR T-cell therapy your T cells may relapse; a pet is not a PET scan. Relapsed? relapse"
    found = [(text[s:e], tid) for s, e, tid in m.find(text)]
    assert ("CAR T-cell therapy", "t2") in found
    assert ("T cells", "t1") in found
    assert ("PET", "t3") in found and ("pet", "t3") not in found
    assert ("Relapsed", "t4") not in found and ("relapse", "t4") in found


def test_first_use_only_and_never_in_headings_links_or_code():
    terms = {"t1": _term(1, "relapse")}
    md = Markdown(extensions=["attr_list", "md_in_html", TermExtension(TermMatcher(terms), WORDS)])
    html = md.convert("# A relapse\n\n[relapse](x.md) `relapse`\n\nFirst relapse, second relapse.\n\n"
                      '<div markdown="1">\n\nMacro relapse.\n\n</div>\n')
    assert html.count('class="term"') == 1
    assert "<h1>A relapse</h1>" in html
    assert 'First <span class="term" data-term="t1">' in html


def test_a_results_words_box_marks_words_used_only_in_its_printed_on_request_details():
    terms = {"t1": _term(1, "relapse"), "t2": _term(2, "biopsy")}
    md = Markdown(extensions=["attr_list", "md_in_html", TermExtension(TermMatcher(terms), WORDS)])
    html = md.convert('<section class="guide-node guide-outcome" markdown="1">\n\nA relapse.\n\n'
                      '<ul markdown="1"><li class="print-detail" markdown="1">A biopsy, and a relapse.</li></ul>\n\n</section>\n')
    box = html[html.index('class="print-words'):]
    assert '<dt data-word="t1">' in box, "a word of the summary prints with it"
    assert '<dt class="print-detail" data-word="t2">' in box or '<dt data-word="t2" class="print-detail">' in box, \
        "a word only the details use prints only with them"


def test_glossary_page_has_an_anchor_for_every_term(data):
    terms, sources, _ = data
    html = render_glossary_page(terms, CitationTracker(sources, WORDS).cite, WORDS)
    for tid in terms:
        assert f'id="term-{tid}"' in html


def test_comparison_gives_every_option_every_aspect(data):
    _, sources, tree = data
    md = render_comparison(tree, CitationTracker(sources, WORDS).cite, lambda p: "/" + p, WORDS)
    from macros.decision_tree import ASPECTS
    for o in tree.options.values():
        assert md.count(f"| {md_text(o.name)} |") == len(ASPECTS)


def test_schemas_are_current_and_data_files_point_at_them():
    import subprocess, sys
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "write_schemas.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout
    from macros.data_files import DATA_FILES
    for name in [f.stem for f in DATA_FILES]:
        first = (ROOT / f"{name}.yml").read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schemas/{name}.schema.json"


def test_marker_names_are_not_figures_but_numbers_are():
    from macros.decision_tree import has_figure
    assert not has_figure("GPRC5D, CD19, KMT2A and CD22")
    assert has_figure("about 7 in 10") and has_figure("5.2 months") and has_figure("84%")


def test_term_macro_markup_is_a_link_with_a_tooltip(data):
    from macros.glossary import render_explained
    terms, _, _ = data
    html = render_explained(terms["refractory"], "never responded <b>", "../glossary/", "_tip-m-1", WORDS)
    assert 'data-term="refractory"' in html and 'aria-describedby="_tip-m-1"' in html
    assert 'href="../glossary/#term-refractory"' in html and 'role="tooltip"' in html
    assert "never responded &lt;b&gt;" in html


def icon_shapes(d: str) -> list[tuple[tuple[float, float], tuple[float, float, float, float]]]:
    """Each person icon of an icon array's path: where it starts and the box it covers
    (min x, min y, max x, max y), in absolute coordinates. The path uses only M/m moves,
    relative circular arcs and lines, and z; a subpath starts at each move after z. An arc's
    box is that of its whole circle, so a head or shoulder that pokes out is never missed."""
    import math
    import re as _re
    x = y = sx = sy = 0.0
    shapes, new_subpath = [], True

    def grow(*points):
        box = shapes[-1][1]
        for px, py in points:
            box[0], box[1] = min(box[0], px), min(box[1], py)
            box[2], box[3] = max(box[2], px), max(box[3], py)

    for cmd, args in _re.findall(r"([MmAaVvHhZz])([^MmAaVvHhZz]*)", d):
        nums = [float(n) for n in _re.findall(r"-?\d*\.?\d+", args)]
        if cmd in "Mm":
            x, y = (nums[0], nums[1]) if cmd == "M" else (x + nums[0], y + nums[1])
            if new_subpath:
                shapes.append(((x, y), [x, y, x, y]))
                new_subpath = False
            sx, sy = x, y
        elif cmd == "a":
            r, ex, ey = nums[0], x + nums[5], y + nums[6]
            mx, my = (x + ex) / 2, (y + ey) / 2
            reach = r + math.sqrt(max(r * r - ((ex - x) ** 2 + (ey - y) ** 2) / 4, 0))
            grow((mx - reach, my - reach), (mx + reach, my + reach))
            x, y = ex, ey
        elif cmd == "v":
            y += nums[0]
        elif cmd == "h":
            x += nums[0]
        elif cmd in "Zz":
            x, y, new_subpath = sx, sy, True
        if shapes:
            grow((x, y))
    return [(start, tuple(box)) for start, box in shapes]


def icon_positions(d: str) -> list[tuple[float, float]]:
    return [start for start, _ in icon_shapes(d)]


@pytest.mark.parametrize("count,total", [(35, 100), (7, 10), (3, 1000)])
def test_icon_array_draws_every_person_inside_the_picture_once(count, total):
    import re as _re
    from macros import figures
    f = figures.Figure(id="x", measures="response", count=count, total=total, group="g", outcome="o", study="s",
                       year=2024, source="x")
    svg = figures.icon_array_svg(f, "t", WORDS)
    width, height = (float(n) for n in _re.search(r'viewBox="0 0 (\S+) (\S+)"', svg).groups()[:2])
    on, off = _re.findall(r'<path class="icon-array__o(?:n|ff)" d="([^"]*)"', svg)
    people = icon_positions(on) + icon_positions(off)
    assert len(icon_positions(on)) == count and len(people) == total
    assert len(set(people)) == total, "two people drawn in one place"
    boxes = [box for _, box in icon_shapes(on) + icon_shapes(off)]
    assert all(0 <= x0 and 0 <= y0 and x1 <= width and y1 <= height for x0, y0, x1, y1 in boxes), \
        "a person drawn partly outside the picture (cut off on screen)"


def test_icon_box_check_catches_a_head_cut_off_at_the_top():
    """The bug it guards: heads drawn from y=1 with radius 2 poked 1 unit above the picture."""
    cut = "M5,1a2 2 0 1 0 4 0a2 2 0 1 0-4 0m-2 6.5a4 4 0 0 1 8 0v4.5h-8z"
    (_, (x0, y0, x1, y1)), = icon_shapes(cut)
    assert (x0, y0, x1, y1) == (3, -1, 11, 12)


def test_icon_position_check_catches_relative_moves():
    """The bug it guards: a relative move (m) after each person drifted the icons off the grid."""
    drifting = "".join(f"m{x},{y}a2 2 0 1 0 4 0a2 2 0 1 0-4 0m-2 6.5a4 4 0 0 1 8 0v4.5h-8z"
                       for x, y in [(5, 1), (19, 1), (33, 1)])
    assert icon_positions(drifting) != [(5, 1), (19, 1), (33, 1)]


def test_warning_signs_keep_a_sign_with_its_own_or_in_one_piece():
    from macros.get_help import join_or
    assert join_or(["a fever"]) == "a fever"
    assert join_or(["a fever", "confusion"]) == "a fever or confusion"
    assert join_or(["confusion", "trouble speaking or writing", "bleeding"]) == \
        "confusion, trouble speaking or writing, or bleeding"


# ---------------------------------------------------------------- a result's own facts for its cancer

def _result_with_own_risks(tree):
    """A copy of the tree whose first myeloma result gives other drugs its own 'Main risks'."""
    import copy
    from macros.decision_tree import Claim
    tree = copy.deepcopy(tree)
    n = next(n for n in tree.outcomes() if n.id.startswith("mm-") and any(o.option == "other-drugs" for o in n.options))
    i, o = next((i, o) for i, o in enumerate(n.options) if o.option == "other-drugs")
    o.risks = [Claim(text="A myeloma fact about these drugs.", sources=["belantamab-approval-2025"])]
    return tree, n, i


def test_a_result_shows_its_own_main_risks_instead_of_the_catalogue_fact(data):
    from macros.decision_tree import GuideParts, _render_outcome, outcome_detail_sources, outcome_sources
    _, sources, tree = data
    tree, n, i = _result_with_own_risks(tree)
    catalogue = tree.options["other-drugs"].risks[0]
    cited = []
    parts = GuideParts(cite=lambda *ids: cited.extend(ids) or "", page_href=lambda p: "/" + p, outlook=lambda nid: [], words=WORDS)
    html = "\n".join(_render_outcome(tree, n, parts))
    block = html.split(f'id="{n.id}--other-drugs"')[1].split('class="guide-option"')[0]
    assert "**Main risks:** A myeloma fact about these drugs." in block
    assert md_text(catalogue.text) not in block
    # The other options of the result still show the catalogue's first claim.
    other = next(o for o in n.options if o.option != "other-drugs")
    assert md_text(tree.options[other.option].risks[0].text) in html
    # Risks are part of the printed summary: the result lists the new source, and not as a detail.
    assert "belantamab-approval-2025" in outcome_sources(tree, n, [])
    assert "belantamab-approval-2025" not in outcome_detail_sources(tree, n, [])
    assert "belantamab-approval-2025" in cited
    # The build checks the override's sources like every other claim of the result.
    assert n.claims()[f"options[{i}].risks"][0].sources == ["belantamab-approval-2025"]


def test_a_result_gives_at_most_one_claim_in_place_of_a_catalogue_fact():
    from pydantic import ValidationError
    from macros.decision_tree import OutcomeOption
    base = {"option": "other-drugs", "why": [{"text": "W.", "sources": ["descart-2022"]}], "questions": ["Q?"]}
    one = OutcomeOption.model_validate(base | {"without_it": {"text": "One.", "sources": ["descart-2022"]}})
    assert [c.text for c in one.without_it] == ["One."] and one.risks is None
    with pytest.raises(ValidationError, match="at most 1 item"):
        OutcomeOption.model_validate(base | {"risks": [{"text": "One.", "sources": ["descart-2022"]},
                                                       {"text": "Two.", "sources": ["descart-2022"]}]})
    with pytest.raises(ValidationError, match="at least 1 item"):
        OutcomeOption.model_validate(base | {"risks": []})


def test_leukemia_and_myeloma_results_show_no_lymphoma_study_as_their_main_risks(data):
    """The blind review's finding: ALL and myeloma results showed lymphoma figures as main risks
    where facts about their own cancer exist. CLL results too for other drugs (pirtobrutinib)."""
    from macros.decision_tree import result_fact
    _, _, tree = data
    shown = []
    for n in tree.outcomes():
        for o in n.options:
            if n.id.startswith(("all-young-", "all-adult-", "mm-")) or (n.id.startswith("cll-") and o.option == "other-drugs"):
                shown += [(n.id, o.option, c.text) for c in result_fact(tree, o, "risks")]
    assert shown and not [s for s in shown if "lymphoma" in s[2].lower()]
    # The check can fail: without the results' own facts, the catalogue's lymphoma line is shown.
    import copy
    bare = copy.deepcopy(tree)
    for n in bare.outcomes():
        for o in n.options:
            o.risks = None
    assert any("lymphoma" in result_fact(bare, o, "risks")[0].text.lower()
               for n in bare.outcomes() if n.id.startswith("mm-") for o in n.options)


def test_car_t_products_by_marker_come_from_the_product_list():
    from macros.cancers import Product, products_aimed_at
    from macros.site_data import load_all
    products = load_all(ROOT, ROOT / "docs").cancers.products
    bcma = products_aimed_at(products, "BCMA")
    for p in products.values():
        assert (f"{p.brand} ({p.short})" in bcma) == (p.target == "BCMA")
    two = {k: Product(id=k, brand=k.title(), generic=k, short=k, target="X") for k in ("a", "b")}
    assert products_aimed_at(two, "X") == "A (a) and B (b)"
    assert products_aimed_at(two | {"c": Product(id="c", brand="C", generic="c", short="c", target="X")}, "X") \
        == "A (a), B (b), and C (c)"
    assert products_aimed_at(two, "X", "or") == "A (a) or B (b)"
    assert products_aimed_at(two, "CD22") == "", "no product: nothing, so the macro can say so"
