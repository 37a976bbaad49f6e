"""One page per cancer (cancers.yml): each exists, is in the navigation, names its approved CAR T
products by brand and generic name, and links to every option and every guide result that
applies to its cancer. (Key points, what to do now, urgent help and questions: test_page_shape.py.)"""
from __future__ import annotations

from conftest import ROOT
from macros.site_data import load_all
from site_checks import soup


def cancer_page_problems(html: str, cancer, data) -> list[str]:
    s = soup(html)
    art = s.select_one("article.md-content__inner")
    text = art.get_text(" ")
    hrefs = [a["href"] for a in art.select("a[href]")]
    problems = []
    for a in cancer.products:
        p = data.cancers.products[a.product]
        for name in (p.brand, p.generic):
            if name not in text:
                problems.append(f"does not name {name}")
    for oid in data.cancers.option_ids(cancer):
        page = data.tree.options[oid].page[: -len(".md")]
        if not any(page + "/" in h for h in hrefs):
            problems.append(f"no link to the option page {page}")
    for n in data.cancers.outcomes(cancer):
        if not any(h.endswith(f"find-your-situation/#{n.id}") for h in hrefs):
            problems.append(f"no link to the guide result #{n.id}")
    if not art.select(".page-sources li"):
        problems.append("no sources list")
    return problems


def test_every_cancer_has_its_page_in_the_navigation_with_products_options_and_results(site_dir):
    data = load_all(ROOT, ROOT / "docs")
    nav = soup((site_dir / "index.html").read_text(encoding="utf-8")).select_one("nav.md-nav--primary")
    nav_hrefs = {a["href"] for a in nav.select("a[href]")}
    problems = []
    assert len(data.cancers.cancers) == 7
    for c in data.cancers.cancers.values():
        slug = c.page[: -len(".md")]
        built = site_dir / slug / "index.html"
        if not built.exists():
            problems.append(f"{slug}: no page")
            continue
        if not any(h.rstrip("/").endswith(slug) for h in nav_hrefs):
            problems.append(f"{slug}: not in the navigation")
        problems += [f"{slug}: {p}" for p in cancer_page_problems(built.read_text(encoding="utf-8"), c, data)]
    assert not problems, "\n".join(problems)


def test_the_cancer_page_check_rejects_a_page_missing_a_product_and_a_result():
    data = load_all(ROOT, ROOT / "docs")
    cancer = data.cancers.cancers["multiple-myeloma"]
    bare = ('<article class="md-content__inner"><h1>Multiple myeloma</h1><p>Abecma (idecabtagene vicleucel)</p>'
            '<div class="page-sources"><ol><li>x</li></ol></div></article>')
    problems = cancer_page_problems(bare, cancer, data)
    assert any("Carvykti" in p for p in problems)
    assert any("guide result" in p for p in problems)


# ---------------------------------------------------------------- figures in their own sections

def _figure(fid, measures, count=35, total=100, note=None):
    from macros.figures import Figure
    return Figure(id=fid, measures=measures, count=count, total=total, group="g", outcome="o", study="s",
                  year=2024, source="x", total_note=note)


def test_every_figure_on_a_cancer_page_sits_under_the_section_of_what_it_measures(site_dir):
    """A response or pain-relief number under 'How long people live' reads as survival."""
    from macros.cancers import FIGURE_SECTIONS
    from macros.figures import placement_problems
    data = load_all(ROOT, ROOT / "docs")
    problems, drawn = [], 0
    for c in data.cancers.cancers.values():
        html = (site_dir / c.page[: -len(".md")] / "index.html").read_text(encoding="utf-8")
        drawn += html.count('data-measures="')
        problems += placement_problems(html, FIGURE_SECTIONS, c.page)
    assert drawn == sum(len(c.figures) for c in data.cancers.cancers.values())
    assert not problems, "\n".join(problems)


def test_the_placement_check_rejects_a_response_figure_under_the_outlook():
    from macros.cancers import FIGURE_SECTIONS
    from macros.figures import placement_problems
    page = ('<h2 id="after-car-t">When</h2><h2 id="outlook">How long people live</h2>'
            '<figure class="icon-figure" id="figure-a" data-measures="response"></figure>'
            '<h2 id="treatment-results">How well</h2>'
            '<figure class="icon-figure" id="figure-b" data-measures="side-effects"></figure>')
    problems = placement_problems(page, FIGURE_SECTIONS, "x.md")
    assert any("'a'" in p and "#outlook" in p and "#treatment-results" in p for p in problems)
    assert any("'b'" in p and "no section" in p for p in problems)
    good = page.replace('id="figure-a" data-measures="response"', 'id="figure-a" data-measures="survival"')
    assert len(placement_problems(good, FIGURE_SECTIONS, "x.md")) == 1
    markdown = "## How long people live { #outlook }\n\n" + '<figure id="figure-c" data-measures="survival"></figure>\n'
    assert placement_problems(markdown, FIGURE_SECTIONS, "x.md") == []


def test_every_page_draws_its_figures_with_one_denominator_rule_or_says_why(site_dir):
    """72 out of 100 beside 42 out of 55 on one printed page reads as if alike."""
    import re
    from macros.figures import denominator_problems
    data = load_all(ROOT, ROOT / "docs")
    problems, pages = [], 0
    for path in sorted(site_dir.rglob("index.html")):
        ids = re.findall(r'<figure\b[^>]*\bid="figure-([\w-]+)"', path.read_text(encoding="utf-8"))
        if ids:
            pages += 1
            problems += denominator_problems([data.figures[i] for i in dict.fromkeys(ids)],
                                             str(path.relative_to(site_dir)))
    assert pages >= 10
    assert not problems, "\n".join(problems)


def test_the_denominator_check_rejects_a_real_group_size_beside_out_of_100_without_a_reason():
    from macros.figures import denominator_problems
    mixed = [_figure("a", "response"), _figure("b", "pain-relief", 42, 55)]
    problems = denominator_problems(mixed, "page")
    assert len(problems) == 1 and "'b'" in problems[0] and "total_note" in problems[0]
    noted = [_figure("a", "response"), _figure("b", "pain-relief", 42, 55, note="The study was small.")]
    assert denominator_problems(noted, "page") == []
    assert denominator_problems([_figure("a", "response", 7, 12), _figure("b", "response", 11, 15)], "page") == []


def test_a_cancer_naming_a_figure_its_page_has_no_section_for_stops_the_build():
    from macros.cancers import figure_problems
    data = load_all(ROOT, ROOT / "docs")
    cancer = data.cancers.cancers["multiple-myeloma"]
    wrong_kind = {**data.figures, cancer.figures[0]: _figure(cancer.figures[0], "side-effects")}
    problems = [str(e) for e in figure_problems(data.cancers, wrong_kind)]
    assert any("multiple-myeloma" in p and "figures[0]" in p and "side-effects" in p for p in problems), problems
    mixed = {**data.figures, cancer.figures[1]: _figure(cancer.figures[1], "pain-relief", 42, 55)}
    problems = [str(e) for e in figure_problems(data.cancers, mixed)]
    assert any("multiple-myeloma" in p and "field 'figures'" in p and "42 out of 55" in p for p in problems), problems
    assert not [str(e) for e in figure_problems(data.cancers, data.figures)]
