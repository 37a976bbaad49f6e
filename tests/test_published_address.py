"""The address on paper (issue 18): the deploy workflow builds with the address it publishes to,
and nothing built then holds the placeholder; the weekly live check reads the URL contract from
a served site with the contract test's own rules."""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from conftest import ROOT, run_build, serving

sys.path.insert(0, str(ROOT / "scripts"))
import check_address  # noqa: E402
import check_live  # noqa: E402
import url_contract as uc  # noqa: E402

CONTRACT = uc.read_contract((ROOT / "urls.txt").read_text(encoding="utf-8"))
PUBLISHED = "https://after-car-t.github.io/after-car-t/"
PREVIEW_WORDS = "Preview copy"


def test_which_addresses_are_placeholders():
    from macros.site_config import placeholder_address
    for url in ("https://after-car-t.example.org/", "http://localhost:8000/", "https://guide.test/", "", None):
        assert placeholder_address(url), url
    for url in ("https://after-car-t.github.io/after-car-t/", "https://myexample.org/", "https://care.example-center.org/"):
        assert not placeholder_address(url), url


def stylesheet_text(site: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in (site / "assets" / "stylesheets").glob("site.*.css"))


def test_paper_from_a_placeholder_build_says_it_is_a_preview(site_dir, browser, server):
    """The default build (placeholder address): every printed sheet says it is a preview, at its
    foot in the page margin, in Chromium's print and in the handout PDFs."""
    assert PREVIEW_WORDS in stylesheet_text(site_dir)
    assert PREVIEW_WORDS in check_address.pdf_text(site_dir / "handouts" / "pdf" / "warning-signs.pdf")
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(f"{server}/handouts/wallet-card/")
    pdf = page.pdf(format="Letter")
    page.set_content("<p>no mark</p>")
    unmarked_pdf = page.pdf(format="Letter")
    ctx.close()
    assert PREVIEW_WORDS in check_address.pdf_text(pdf)
    assert PREVIEW_WORDS not in check_address.pdf_text(unmarked_pdf)  # the check can fail


def test_the_live_check_finds_every_contract_entry_on_the_served_site(site_dir):
    from macros import feed
    from macros import icd10
    assert check_live.FEED == feed.PAGES and icd10.CONNECT + "/" in check_live.REDIRECTS
    with serving(site_dir) as base:
        assert check_live.check(base + "/", CONTRACT) == []


def test_the_live_check_reports_a_missing_page_and_a_missing_anchor(site_dir, tmp_path):
    served = tmp_path / "site"
    shutil.copytree(site_dir, served)
    shutil.rmtree(served / "handouts" / "wallet-card")
    page = served / "plan" / "next-steps-with-your-team" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('id="before"', 'id="renamed"'), encoding="utf-8")
    (served / check_live.FEED).unlink()
    with serving(served) as base:
        broken = check_live.check(base, CONTRACT)
    assert any(b.startswith("handouts/wallet-card/:") and "404" in b for b in broken), broken
    assert any(b.startswith("plan/next-steps-with-your-team/#before") for b in broken), broken
    assert not any(b.startswith("about/") for b in broken)
    assert any(b.startswith(f"{check_live.FEED}: answered 404") for b in broken), broken


def test_the_deploy_build_holds_no_placeholder_address(tmp_path):
    """Built as .github/workflows/deploy.yml builds (AFTER_CAR_T_SITE_URL, PDFs): no page, sitemap,
    QR code picture or PDF holds the placeholder; the home page's canonical is the published one."""
    site = tmp_path / "site"
    built = run_build(site, pdfs=True, env={"AFTER_CAR_T_SITE_URL": PUBLISHED})
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert f'<link rel="canonical" href="{PUBLISHED}">' in (site / "index.html").read_text(encoding="utf-8")
    assert check_address.placeholder_files(site) == []
    assert check_address.main([str(site), PUBLISHED]) == 0
    # The QR codes, read from the printed PDFs as a phone reads them, lead to the published site.
    import pypdfium2 as pdfium
    import zxingcpp
    decoded = []
    for pdf in sorted((site / "handouts" / "pdf").glob("*.pdf"))[:4]:
        for sheet in pdfium.PdfDocument(str(pdf)):
            decoded += [r.text for r in zxingcpp.read_barcodes(sheet.render(scale=3).to_pil())]
    assert decoded and all(text.startswith(PUBLISHED) for text in decoded), decoded
    # Paper built for the published address carries no preview mark.
    assert PREVIEW_WORDS not in stylesheet_text(site)
    assert PREVIEW_WORDS not in check_address.pdf_text(site / "handouts" / "pdf" / "warning-signs.pdf")
    # The check can fail: the same site with one PDF link and one page put back on the placeholder.
    page = site / "handouts" / "warning-signs" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(PUBLISHED, "https://after-car-t.example.org/", 1),
                    encoding="utf-8")
    assert check_address.placeholder_files(site) == ["handouts/warning-signs/index.html"]
    assert check_address.main([str(site), "https://after-car-t.example.org/"]) == 1


def test_the_qr_codes_and_pdf_links_of_a_placeholder_build_are_found(site_dir):
    """The default build (placeholder address) is what the check is for: it finds the PDFs' links."""
    found = check_address.placeholder_files(site_dir)
    assert any(f.endswith(".pdf") for f in found)
    assert "index.html" in found


def pdf_links(site: Path) -> list[str]:
    """Pages that link to a PDF of this site (not a source's PDF elsewhere)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if re.search(r'href="(?!https?:)[^"]*\.pdf"', p.read_text(encoding="utf-8")))


def test_a_build_without_pdfs_links_to_none_and_says_how_to_make_them(site_dir, tmp_path):
    """`mkdocs build` and `make serve` make no PDFs: no page may link to one (scripts/build.py --pdfs,
    which `make build` runs, makes them and only then do the pages link to them)."""
    site = tmp_path / "site"
    built = run_build(site, pdfs=False)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert pdf_links(site) == []
    sheet = (site / "handouts" / "warning-signs" / "index.html").read_text(encoding="utf-8")
    assert "To make them, run make build" in sheet
    # The check can fail: the build with PDFs links to them from every handout and the list.
    linked = pdf_links(site_dir)
    assert "handouts/index.html" in linked and "handouts/warning-signs/index.html" in linked
    assert all((site_dir / "handouts" / "pdf").glob("*.pdf"))
