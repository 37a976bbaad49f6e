"""scripts/handout_pdfs.py parses the site's shared stylesheets once for all handouts; the
page's own print header (a link with media="print") stays in the page."""
from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import handout_pdfs  # noqa: E402


def test_shared_stylesheets_leave_the_page_s_own_print_header():
    page = ('<head><link rel="stylesheet" href="../assets/main.css"><link rel="stylesheet" href="../site.1.css">'
            '<link rel="stylesheet" href="../print-header/x.2.css" media="print"></head>')
    text, links = handout_pdfs.shared_stylesheets(page)
    assert links == ["../assets/main.css", "../site.1.css"]
    assert text == '<head><link rel="stylesheet" href="../print-header/x.2.css" media="print"></head>'


# A page shaped like Material's: the site chrome around the content, which print.css hides.
_CHROME_PAGE = """<!doctype html><html lang="en"><head><title>T</title></head><body>
<header class="md-header"><nav><a href="#x">Home</a> <span id="x">Skip</span></nav></header>
<div class="md-container"><div class="md-sidebar md-sidebar--primary"><nav><ul><li>One</li><li>Two</li></ul></nav></div>
<article class="md-content"><h1>Title</h1><p>Text.</p></article></div>
<footer class="md-footer"><p>Foot</p></footer> tail</body></html>"""
_HIDDEN = "@media print { .md-header, .md-sidebar, .md-footer { display: none !important; } }"


def _render(drop: bool, css: str):
    from cssselect2 import ElementWrapper
    from weasyprint import CSS, HTML

    page = HTML(string=_CHROME_PAGE, base_url="https://example.org/p/")
    emptied = handout_pdfs.drop_off_paper(page.etree_element) if drop else []
    page.wrapper_element = ElementWrapper.from_html_root(page.etree_element, content_language=None)
    return page.render(stylesheets=[CSS(string=css)], pdf_variant="pdf/ua-1"), emptied


def test_drop_off_paper_empties_the_chrome_and_keeps_the_elements_and_tails():
    from weasyprint import HTML

    page = HTML(string=_CHROME_PAGE)
    emptied = handout_pdfs.drop_off_paper(page.etree_element)
    assert [el.get("class") for el in emptied] == ["md-header", "md-sidebar md-sidebar--primary", "md-footer"]
    assert all(len(el) == 0 and not el.text for el in emptied)
    assert emptied[-1].tail == " tail"
    assert [el.tag for el in page.etree_element.iter() if el.tag in ("article", "h1")] == ["article", "h1"]


def test_the_pdf_without_the_hidden_chrome_has_the_same_bytes():
    whole, _ = _render(False, _HIDDEN)
    dropped, emptied = _render(True, _HIDDEN)
    assert handout_pdfs.shown_on_paper(dropped, emptied) == []
    assert dropped.write_pdf(pdf_variant="pdf/ua-1") == whole.write_pdf(pdf_variant="pdf/ua-1")


def test_chrome_that_prints_is_noticed():
    # A stylesheet that stops hiding the footer: the emptied footer makes a box, which the script reports.
    doc, emptied = _render(True, "@media print { .md-header, .md-sidebar { display: none !important; } }")
    assert [el.get("class") for el in handout_pdfs.shown_on_paper(doc, emptied)] == ["md-footer"]


def test_print_css_hides_every_dropped_part_with_important():
    import re

    css = (ROOT / "docs" / "assets" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    rule = re.search(r"/\* No site chrome on paper\. \*/\s*([^{]+)\{\s*display:\s*none\s*!important;\s*\}", css)
    assert rule, "print.css no longer has its 'No site chrome on paper' rule"
    hidden = {s.strip() for s in rule.group(1).split(",")}
    assert {"." + c for c in handout_pdfs.OFF_PAPER} <= hidden
