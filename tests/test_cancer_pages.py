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
