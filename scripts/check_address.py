"""Fails when a built site would print, encode or link an address other than the one it is
published at: every built file (HTML, XML, JSON, text and the text of each PDF) is searched for the
placeholder address of mkdocs.yml. The deploy workflow runs it after `make build`.

    python scripts/check_address.py SITE_DIR https://published.address/   # exit 1 if one is found
"""
from __future__ import annotations

import sys
from pathlib import Path

PLACEHOLDER_HOST = "after-car-t.example.org"
TEXT_SUFFIXES = (".html", ".xml", ".json", ".txt", ".js", ".css", ".svg", ".webmanifest")


def pdf_text(path) -> str:
    """A PDF's printed text (pypdfium2, in drawing order, so text laid over other text stays
    whole) and the addresses of its links (pdfplumber); both are test requirements. `path`: a
    file or the PDF's bytes."""
    import io
    import pdfplumber
    import pypdfium2 as pdfium
    data = path if isinstance(path, bytes) else Path(path).read_bytes()
    text = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(data)]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        links = [str(h.get("uri")) for page in pdf.pages for h in page.hyperlinks]
    return "\n".join(text + links)


def placeholder_files(site: Path, host: str = PLACEHOLDER_HOST) -> list[str]:
    """Built files that hold `host` (PDFs by their text; a gzip sitemap after unpacking)."""
    import gzip
    found = []
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix in TEXT_SUFFIXES:
            text = path.read_text(encoding="utf-8", errors="replace")
        elif path.suffix == ".pdf":
            text = pdf_text(path)
        elif path.name.endswith(".xml.gz"):
            text = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        else:
            continue
        if host in text:
            found.append(path.relative_to(site).as_posix())
    return found


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    site, published = Path(argv[0]), argv[1]
    if PLACEHOLDER_HOST in published:
        print(f"{published} is the placeholder address: set AFTER_CAR_T_SITE_URL to the published one.", file=sys.stderr)
        return 1
    found = placeholder_files(site)
    if found:
        print(f"{len(found)} built files still hold {PLACEHOLDER_HOST}:\n  " + "\n  ".join(found[:30]), file=sys.stderr)
        return 1
    print(f"{site}: no built file holds {PLACEHOLDER_HOST}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
