"""Make a PDF copy of every handout and option sheet in a built site, and one PDF with them all.

HTML comes first: each PDF is WeasyPrint's print of the built handout page (no JavaScript, so
the "Printed on" line stays blank to write on), on US Letter, tagged as PDF/UA-1 with the page's
title and language. Each page is read as if from its published address (the site_url it was built with),
so its links lead to the site, not to the folder it was built in, and two builds of the same
sources give the same bytes; the site's own files are read from the built folder, never fetched. Files go to <site>/handouts/pdf/ (macros/handouts.py names them; the
handout pages link to them).

    python scripts/handout_pdfs.py SITE_DIR        # called by scripts/build.py --pdfs and `make pdfs`
"""
from __future__ import annotations

import logging
import re
import sys
from urllib.parse import urljoin
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.handouts import ALL_HANDOUTS_PDF, pdf_path  # noqa: E402

LETTER = "@page { size: letter; }"


def site_url(site: Path) -> str:
    """The address the site was built for, ending in '/': the home page's canonical link (so a
    center's copy or the deploy workflow's address, AFTER_CAR_T_SITE_URL, is the one used)."""
    import re
    home = (site / "index.html").read_text(encoding="utf-8")
    m = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    if not m:
        raise SystemExit(f"{site}/index.html has no canonical link: build the site with site_url set.")
    return m.group(1).rstrip("/") + "/"


def local_fetcher(site: Path, published: str):
    """A WeasyPrint URL fetcher that reads the published site's addresses from the built folder
    and refuses anything else (no network request)."""
    from weasyprint.urls import URLFetcher

    class LocalSite(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(published):
                raise ValueError(f"not a file of this site: {url}")
            path = url[len(published):].split("#")[0].split("?")[0]
            local = site / (path + "index.html" if path.endswith("/") or not path else path)
            return super().fetch(local.as_uri(), headers)

    return LocalSite(allowed_protocols={"file"})


def handout_pages(site: Path) -> list[tuple[str, Path]]:
    """(docs source path, built HTML file) of each handout, in the order of the handouts list."""
    found = []
    for html in sorted((site / "handouts").rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if rel in ("handouts", "handouts/pdf"):
            continue
        if 'class="handout"' not in html.read_text(encoding="utf-8"):
            continue
        found.append((rel + ".md", html))
    return sorted(found, key=lambda x: (x[0].count("/"), x[0]))


# The site's stylesheets every handout links (Material's and the site's bundle, 140 KB): parsed
# once and given to each handout, instead of parsed again for each of them (two thirds of the
# PDFs' time). A link with a media attribute (the page's own print header) stays in the page.
_SHARED_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def shared_stylesheets(html: str) -> tuple[str, list[str]]:
    """(the page without its shared stylesheet links, their addresses in order)."""
    return _SHARED_LINK.sub("", html), _SHARED_LINK.findall(html)


# Parts of Material's page that the site's print stylesheet hides on paper (print.css, "No site
# chrome on paper": display: none !important, in the shared sheets, which are given as "user"
# sheets, so nothing in a page can show them). WeasyPrint would still match every selector
# against every element inside them (the site's navigation is three quarters of a handout's
# elements); their contents are dropped before the cascade. The elements themselves stay, so no
# selector of the rest of the page matches differently and the PDFs keep the same bytes.
OFF_PAPER = ("md-header", "md-sidebar", "md-footer")


def drop_off_paper(root) -> list:
    """Empty every element of the tree `root` that has one of the OFF_PAPER classes (its children
    and text go, the element and its tail stay); returns the emptied elements."""
    emptied = [el for el in root.iter() if isinstance(el.tag, str)
               and not set(OFF_PAPER).isdisjoint((el.get("class") or "").split())]
    for el in emptied:
        for child in list(el):
            el.remove(child)
        el.text = None
    return emptied


def shown_on_paper(document, elements) -> list:
    """Those of `elements` that made a box in the rendered `document` (should be none)."""
    wanted = {id(el): el for el in elements}
    shown = []
    for page in document.pages:
        for box in page._page_box.descendants():
            el = getattr(box, "element", None)
            if el is not None and id(el) in wanted and wanted.pop(id(el)) is not None:
                shown.append(el)
    return shown


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    site = Path(argv[0]).resolve()
    try:
        from cssselect2 import ElementWrapper
        from weasyprint import CSS, HTML
    except OSError as e:  # the system's Pango is missing
        print(f"Cannot make PDFs: WeasyPrint needs the Pango library ({e}). "
              "Run 'make test' or install the Debian package libpango-1.0-0.", file=sys.stderr)
        return 1
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    letter = CSS(string=LETTER)
    published = site_url(site)
    fetcher = local_fetcher(site, published)
    pages = handout_pages(site)
    if not pages:
        print(f"No handouts found in {site}/handouts.", file=sys.stderr)
        return 1
    documents, parsed = [], {}
    for src, html in pages:
        address = published + html.parent.relative_to(site).as_posix() + "/"
        text, links = shared_stylesheets(html.read_text(encoding="utf-8"))
        sheets = []
        for href in links:
            url = urljoin(address, href)
            if url not in parsed:
                parsed[url] = CSS(url=url, url_fetcher=fetcher)
            sheets.append(parsed[url])
        # The shared sheets come after the page's own in the cascade as "user" sheets: no page
        # rule competes with them (the page keeps only its print header's @page boxes), and
        # tests/test_print.py compares these PDFs with Chromium's print.
        page = HTML(string=text, base_url=address, url_fetcher=fetcher)
        emptied = drop_off_paper(page.etree_element)
        page.wrapper_element = ElementWrapper.from_html_root(page.etree_element, content_language=None)
        doc = page.render(stylesheets=[letter, *sheets], pdf_variant="pdf/ua-1")
        shown = shown_on_paper(doc, emptied)
        if shown:
            print(f"{src}: the print stylesheet no longer hides {shown[0].tag}.{shown[0].get('class')} "
                  "on paper, so its contents cannot be left out (scripts/handout_pdfs.py, OFF_PAPER).",
                  file=sys.stderr)
            return 1
        target = site / pdf_path(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        doc.write_pdf(target, pdf_variant="pdf/ua-1")
        if len(doc.pages) != 1:
            print(f"{src}: the PDF has {len(doc.pages)} pages; a handout must fit one sheet.", file=sys.stderr)
            return 1
        documents.append(doc)
    every_page = [p for d in documents for p in d.pages]
    combined = documents[0].copy(every_page)
    combined.metadata.title = "After CAR T: all handouts"
    combined.write_pdf(site / ALL_HANDOUTS_PDF, pdf_variant="pdf/ua-1")
    print(f"Handout PDFs: {len(documents)} in {site / 'handouts' / 'pdf'} (and all-handouts.pdf)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
