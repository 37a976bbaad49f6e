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
