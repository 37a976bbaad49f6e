"""Make a PDF copy of every handout and option sheet in a built site, and one PDF with them all.

HTML comes first: each PDF is WeasyPrint's print of the built handout page (no JavaScript, so
the "Printed on" line stays blank to write on), on US Letter, tagged as PDF/UA-1 with the page's
title and language. Each page is read as if from its published address (site_url in mkdocs.yml),
so its links lead to the site, not to the folder it was built in, and two builds of the same
sources give the same bytes; the site's own files are read from the built folder, never fetched. Files go to <site>/handouts/pdf/ (macros/handouts.py names them; the
handout pages link to them).

    python scripts/handout_pdfs.py SITE_DIR        # called by scripts/build.py --pdfs and `make pdfs`
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.handouts import ALL_HANDOUTS_PDF, pdf_path  # noqa: E402

LETTER = "@page { size: letter; }"


def site_url(site: Path | None = None) -> str:
    """The published address of the site, ending in '/': the built home page's canonical address
    (a center's overlay may set its own site_url), else site_url in mkdocs.yml."""
    import re
    home = site / "index.html" if site is not None else None
    if home is not None and home.is_file():
        m = re.search(r'<link rel="canonical" href="([^"]+)">', home.read_text(encoding="utf-8"))
        if m:
            return m.group(1).rstrip("/") + "/"
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        url = next((line.split(":", 1)[1].strip().strip("'\"") for line in f if line.startswith("site_url:")), "")
    return url.rstrip("/") + "/"


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


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    site = Path(argv[0]).resolve()
    try:
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
    documents = []
    for src, html in pages:
        address = published + html.parent.relative_to(site).as_posix() + "/"
        doc = HTML(string=html.read_text(encoding="utf-8"), base_url=address, url_fetcher=fetcher).render(
            stylesheets=[letter], pdf_variant="pdf/ua-1")
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
