"""What the build writes besides the pages: sitemap.xml.gz without a time stamp, so two builds of the same sources are byte-identical
whatever the day or SOURCE_DATE_EPOCH (README.md, "Reproducible builds").

MkDocs stamps the .gz with the latest page date, which is the build date; the plugin rewrites
it from sitemap.xml after the build, with the time stamp 0 that the gzip format defines as "no
time stamp". The dates in sitemap.xml itself come from each page's `last_reviewed`
(overrides/sitemap.xml)."""
from __future__ import annotations

import gzip
import io
from pathlib import Path


def gzip_bytes(data: bytes, name: str) -> bytes:
    """gzip data the way MkDocs does (level 9, original file name kept), but with no time stamp."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buf, mtime=0) as gz:
        gz.write(data)
    return buf.getvalue()


def rewrite_sitemap_gz(site_dir: Path) -> None:
    sitemap = Path(site_dir) / "sitemap.xml"
    if sitemap.is_file():
        Path(f"{sitemap}.gz").write_bytes(gzip_bytes(sitemap.read_bytes(), sitemap.name))


def never_requested(paths: list[str], search_languages: list[str]) -> list[str]:
    """Theme files no page of this site ever requests, so the build leaves them out: source maps
    (only a browser's developer tools ask for them) and, when the search is English only, lunr's
    other languages (Material's search worker loads none of them for English)."""
    out = [p for p in paths if p.endswith(".map")]
    if list(search_languages) == ["en"]:
        out += [p for p in paths if p.startswith("assets/javascripts/lunr/")]
    return out
