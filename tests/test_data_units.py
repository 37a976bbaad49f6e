"""Loading, validation and rendering as pure functions (no MkDocs)."""
from __future__ import annotations

from pathlib import Path

import pytest
from markdown import Markdown

from conftest import ROOT, WORDS
from macros.decision_tree import load_tree, md_text, render_comparison, render_summary
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
    assert "<dt>relapse:</dt>" in box, "a word of the summary prints with it"
    assert '<dt class="print-detail">biopsy:</dt>' in box, \
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
        assert md.count(f"| [{md_text(o.name)}](/{o.page}) |") == len(ASPECTS)
    for _, _, anchor in ASPECTS:
        assert f"{{ #{anchor} }}" in md


def test_the_overview_summarises_every_option_and_links_each_aspects_table_by_its_old_address(data):
    """options/ keeps an element with each `compare-<aspect>` id its table had (urls.txt), now a
    link to the table on the comparison page."""
    _, sources, tree = data
    md = render_summary(tree, CitationTracker(sources, WORDS).cite, lambda p: "/" + p, WORDS)
    from macros.decision_tree import ASPECTS, COMPARE_PAGE
    for o in tree.options.values():
        assert md.count(f"| [{md_text(o.name)}](/{o.page}) |") == 1
    for key, _, anchor in ASPECTS:
        assert f"](/{COMPARE_PAGE}#{anchor}){{ #compare-{key.replace('_', '-')} }}" in md


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
    # The check can fail: without the results' own facts, a catalogue line from a lymphoma study
    # (as the other-drugs option had before its 2026-12-06 review) is what a result shows.
    import copy
    bare = copy.deepcopy(tree)
    first = bare.options["other-drugs"].risks[0]
    bare.options["other-drugs"].risks[0] = first.model_copy(
        update={"text": "In lymphoma studies of two of them, low blood counts, infections and tiredness were common."})
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


# ---------------------------------------------------------------- issue 17: data hardening

from macros import get_help as gh_mod  # noqa: E402
from macros.cancers import SECTION_IDS, load_cancers, point_id_problems, render_cancer_page  # noqa: E402
from macros.loading import (ID_MAX, SLUG, check_control_characters, mixed_script_problem,  # noqa: E402
                            parse_yaml, pattern_problem, validate)


@pytest.mark.parametrize("ch, name", [("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
                                      ("\u200b", "ZERO WIDTH SPACE"), ("\u200d", "ZERO WIDTH JOINER"),
                                      ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"), ("\u00ad", "SOFT HYPHEN"),
                                      ("\u2028", "LINE SEPARATOR"), ("\U000e0041", "TAG LATIN CAPITAL LETTER A")])
def test_hidden_characters_are_named_with_their_place(ch, name):
    with pytest.raises(DataError) as e:
        check_control_characters(f"a: 1\nb: x{ch}y\n", "x.yml")
    assert e.value.line == 2 and e.value.column == 5
    assert f"U+{ord(ch):04X} {name}" in e.value.message


def test_characters_english_text_needs_pass():
    check_control_characters("a fever of 100.4°F (38°C) · “quoted” – café\tend\n", "x.yml")


def test_mixed_alphabets_point_at_the_odd_letter():
    assert "'е' (U+0435 CYRILLIC SMALL LETTER IE, position 2)" in mixed_script_problem("r\u0435lapse")
    assert mixed_script_problem("β2-microglobulin") is None  # Greek on its own, Latin on its own
    assert mixed_script_problem("relapse") is None
    problem = pattern_problem(SLUG, "rel\u0430pse")
    assert "not a valid id" in problem and "U+0430 CYRILLIC SMALL LETTER A" in problem


def test_loader_refuses_tags_and_over_long_numbers_with_their_line():
    for text, words in [("a: 1\nb: " + "9" * 5000, ["line 2", "5000 digits"]), ("a: !!bool maybe", ["!!bool"]),
                        ("a: !!timestamp soon", ["!!timestamp"]), ("a: !custom x", ["!custom"])]:
        with pytest.raises(DataError) as e:
            parse_yaml(text, "x.yml")
        assert all(w in e.value.message for w in words), e.value.message


def _help_line(**kw):
    base = dict(id="nci-cis", name="NCI", number="1-800-4-CANCER (1-800-422-6237)", dial="+18004226237",
                what="Answers", sources=["nci-cis"])
    return gh_mod.HelpLine.model_validate({**base, **kw})


@pytest.mark.parametrize("kw", [{}, {"number": "1-800-4-CANCER"}, {"number": "1-800-422-6237"},
                                {"number": "1 (800) 422-6237"},
                                {"number": "0808 808 00 00", "dial": "+448088080000", "country": "UK"},
                                {"id": "emergency", "number": "911", "dial": "911"},
                                {"id": "lifeline-988", "number": "988", "dial": "988"}])
def test_help_lines_whose_number_is_their_dial_pass(kw):
    assert gh_mod.help_line_problem(_help_line(**kw)) == (None, None)


@pytest.mark.parametrize("kw, field, words", [
    ({"dial": "+19005550100"}, "dial", "+18004226237"),
    ({"number": "1-800-4-CANCEL (1-800-422-6237)"}, "number", "two different numbers"),
    ({"number": "0808 808 00 00", "dial": "+448088080001", "country": "UK"}, "dial", "+448088080000"),
    ({"number": "1-800-227-2345", "dial": "+18002272345", "country": "UK"}, "number", "not in UK"),
    ({"number": "1-800-227-2345 or 911"}, "number", "911"),
    ({"number": "911", "dial": "911"}, "number", "emergency"),
    ({"id": "emergency", "number": "988", "dial": "988"}, "number", "not an emergency number"),
])
def test_help_lines_that_dial_something_else_are_refused(kw, field, words):
    line = _help_line(**kw)
    got_field, problem = gh_mod.help_line_problem(line)
    assert got_field == field and words in problem, problem


def test_help_line_fields_say_what_they_expect():
    from pydantic import ValidationError
    from macros.loading import _plain_message
    for kw, words in [({"dial": "+1 800 422 6237"}, "a dial string"), ({"country": "FR"}, "use one of US, UK")]:
        with pytest.raises(ValidationError) as e:
            _help_line(**kw)
        message = _plain_message(e.value.errors()[0])
        assert words in message and "not a valid id" not in message, message


def test_help_lines_macro_refuses_an_unknown_country():
    gh = gh_mod.load_get_help(ROOT / "get-help.yml")
    assert "0808 808 00 00" in gh_mod.render_help_lines(gh, lambda *s: "", "UK", WORDS)
    for country in ("FR", "uk", ""):
        with pytest.raises(MacroCallError) as e:
            gh_mod.render_help_lines(gh, lambda *s: "", country, WORDS)
        assert "US, UK" in e.value.problem


def test_phone_text_must_show_the_lines_number():
    gh = gh_mod.load_get_help(ROOT / "get-help.yml")
    assert "1-800-4-CANCER" in gh_mod.phone_link(gh.lines["nci-cis"], "1-800-4-CANCER")
    assert "call the NCI" in gh_mod.phone_link(gh.lines["nci-cis"], "call the NCI")
    for text in ("911", "1-900-555-0100", "call 911"):
        with pytest.raises(MacroCallError):
            gh_mod.phone_link(gh.lines["nci-cis"], text)


def test_a_lines_own_forms_are_the_forms_the_number_check_accepts_and_need_no_phonenumbers(monkeypatch):
    gh = gh_mod.load_get_help(ROOT / "get-help.yml")
    assert gh.own_forms["nci-cis"] == {"1-800-4-CANCER", "1-800-422-6237"}
    for line in gh.lines.values():
        forms = {line.number, *gh_mod._shown_forms(line.number, gh_mod.REGION[line.country])}
        assert gh.own_forms[line.id] == {f for f in forms if gh_mod._dials_this_line(f, line)}, line.id
    line, own = gh.lines["nci-cis"], gh.own_forms["nci-cis"]
    for text in ("1-800-4-CANCER", "1-800-422-6237", "1 800 422 6237", "call the NCI", "1-900-555-0100", "call 911"):
        def answer(forms):
            try:
                return gh_mod.phone_link(line, text, forms)
            except MacroCallError as e:
                return e.problem
        assert answer(own) == answer(frozenset()), text  # the same answer as the check gives
    monkeypatch.setattr(gh_mod, "_parse", lambda *a: pytest.fail("phonenumbers asked about the line's own form"))
    assert ">1-800-4-CANCER</a>" in gh_mod.phone_link(line, "1-800-4-CANCER", own)


@pytest.mark.parametrize("value, dial", [(None, None), ("1-800-422-6237", None), ("1-800-4-CANCER", "+18004226237"),
                                         ("(800) 422-6237", "+18004226237"), ("020 7946 0000", "+442079460000"),
                                         (8004226237, None)])
def test_center_phone_numbers_that_are_numbers_pass(value, dial):
    assert gh_mod.check_center_phone(value, dial, "extra.center.day_phone") is None


@pytest.mark.parametrize("value, dial, field, words", [
    ("ask at the front desk", None, "day_phone", "not a phone number"),
    ("javascript:alert(1)", None, "day_phone", "web address"),
    ("1-800-422-6237", "javascript:alert(1)", "day_phone_dial", "not a dial string"),
    ("1-800-422-6237", "+19005550100", "day_phone_dial", "+18004226237"),
    ("911", None, "day_phone", "911"),
    ("1-800-4-CANCER", None, "day_phone", "has letters"),
    (None, "+18004226237", "day_phone_dial", "empty"),
    (True, None, "day_phone", "as text"),
    ("1-800-422-6237\u202e", None, "day_phone", "not a phone number"),
    ("1" * 100, None, "day_phone", "characters"),
])
def test_center_phone_numbers_that_are_not_are_refused(value, dial, field, words):
    problem = gh_mod.check_center_phone(value, dial, "extra.center.day_phone")
    assert problem and f"mkdocs.yml, field 'extra.center.{field}'" in problem and words in problem, problem


def test_cancer_page_section_ids_are_the_ones_points_may_not_take():
    tree = load_tree(ROOT / "decision-tree.yml")
    cancers = load_cancers(ROOT / "cancers.yml", tree)
    c = cancers.cancers["multiple-myeloma"]
    page = render_cancer_page(cancers, c, lambda *s: "", lambda p: p, lambda f: "", lambda: "", "guide/", WORDS)
    import re
    ids = set(re.findall(r"\{ #([a-z0-9-]+) \}", page)) - {p.id for p in c.points} - {c.id}  # c.id: the H1's
    # Without figures loaded, the page has no "How well some treatments worked" section.
    assert ids == set(SECTION_IDS) - {"treatment-results"}
    assert point_id_problems(c) == []
    clash = c.model_copy(update={"points": [c.points[0].model_copy(update={"id": "outlook"}), c.points[0]]})
    problems = point_id_problems(clash)
    assert problems and problems[0].field == "points[0].id" and problems[0].file == "cancers.yml"


def test_limits_are_shown_in_the_message():
    from macros.glossary import MAX_KEYWORDS, GlossaryFile
    from macros.get_help import NUMBER_MAX
    raw = {"terms": [{"id": "x", "term": "x-ray thing", "definition": "A thing.", "sources": ["s"],
                      "keywords": [f"k{i}" for i in range(MAX_KEYWORDS + 1)]}]}
    with pytest.raises(DataError) as e:
        validate(GlossaryFile, raw, "glossary.yml", "terms")
    assert f"at most {MAX_KEYWORDS} items allowed" in e.value.message and "field 'keywords'" in e.value.message
    with pytest.raises(Exception) as e:
        _help_line(number="1" * (NUMBER_MAX + 1))
    assert "at most" in str(e.value) or "characters" in str(e.value)
    assert ID_MAX >= 42  # the longest real id


def test_yaml_booleans_are_not_numbers():
    from macros.figures import FiguresFile
    from macros.questions import QuestionsFile
    fig = {"id": "f", "measures": "response", "count": True, "total": 100, "group": "g", "outcome": "o", "study": "s",
           "year": 2022, "source": "x"}
    with pytest.raises(DataError) as e:
        validate(FiguresFile, {"figures": [fig]}, "figures.yml", "figures")
    assert "true/false" in e.value.message and "field 'count'" in e.value.message
    q = {"topics": [{"id": "t", "title": "T", "questions": [{"text": "Q?", "handout": 1}] + [{"text": "Q?"}] * 4}]}
    with pytest.raises(DataError) as e:
        validate(QuestionsFile, q, "questions.yml", "topics")
    assert "true or false" in e.value.message


def test_compile_once_reuses_the_compile_of_the_same_text(monkeypatch):
    import jinja2
    from macros.rendering import compile_once, syntax_problem
    monkeypatch.setenv("AFTER_CAR_T_NO_CACHE", "1")  # no folder: what one process keeps in memory
    env = jinja2.Environment()
    calls = []
    original = env.compile
    env.compile = lambda *a, **k: calls.append(a[0]) or original(*a, **k)
    compile_once(env)
    compile_once(env)  # a second call wraps nothing twice
    page = "Hello {{ name }}, from test_compile_once"  # text no other test compiles
    assert syntax_problem(env, page) is None
    assert env.from_string(page).render(name="you") == "Hello you, from test_compile_once"
    assert calls == [page], "the render reused the syntax check's compile"
    bye = "Bye {{ name }}, from test_compile_once"
    assert env.from_string(bye).render(name="you") == "Bye you, from test_compile_once"
    assert env.from_string(page).render(name="me") == "Hello me, from test_compile_once"
    # the same text later in the build: its code from the template cache (template_cache.py), not compiled again
    assert calls == [page, bye]
    # A mistake is reported every time, never kept.
    broken = "Hello {{ name "
    assert syntax_problem(env, broken) is not None and syntax_problem(env, broken) is not None
    assert calls[-2:] == [broken, broken]
