"""QR codes that lead back to a page (or a guide result) on the site, made at build time with
segno: no outside service, no tracking parameters, exactly the page's own address. Each code is
made once (macros/build_cache.py: segno's mask search costs about 0.05 s of CPU a code).

segno is imported only when a code is drawn (a kept code needs only its version, read from its
installed metadata: importing segno costs about 20 ms of CPU, a build whose codes are all kept
never needs it); `qr.segno` still gives the module."""
from __future__ import annotations

import functools
import html
from importlib import metadata
from urllib.parse import urljoin

from . import build_cache

CACHE_FOLDER = build_cache.FOLDER / "qr"
_CODE = build_cache.code_digest(__file__)  # this file as loaded


def __getattr__(name: str):
    if name == "segno":  # qr.segno: the module, imported when first asked for
        import segno
        return segno
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def segno_version() -> str:
    """segno's version, as segno.__version__ gives it, without importing segno."""
    return metadata.version("segno")


def page_address(site_url: str, page_url: str, anchor: str = "") -> str:
    """The full address of a built page (page_url as MkDocs gives it, e.g. 'handouts/'), with an
    optional #anchor."""
    base = (site_url or "/").rstrip("/") + "/"
    return urljoin(base, page_url) + (f"#{anchor}" if anchor else "")


def qr_svg(address: str, title: str, *, inline: bool = True, scale: int = 1) -> str:
    """An SVG QR code for `address`. Inline SVG (for handouts) carries role="img" and a <title>;
    a file (for guide results, shown with <img alt>) is a complete SVG document. Made once for
    the same arguments, this file and segno's version (a kept file not ending in </svg> is made again)."""
    name = build_cache.key(address, title, inline, scale, _CODE, segno_version()) + ".svg"
    return build_cache.cached(CACHE_FOLDER, name, lambda: _make_svg(address, title, inline, scale).encode("utf-8"),
                              lambda data: data.rstrip().endswith(b"</svg>")).decode("utf-8")


def _make_svg(address: str, title: str, inline: bool, scale: int) -> str:
    import segno
    qr = segno.make(address, error="m")
    if inline:
        svg = qr.svg_inline(scale=scale, border=2, title=title, svgclass="qr-code", lineclass="qr-code__modules", omitsize=True)
        return svg.replace("<svg ", '<svg role="img" ', 1)
    import io
    buf = io.BytesIO()
    qr.save(buf, kind="svg", scale=4, border=2, title=title, xmldecl=False, nl=False)
    return buf.getvalue().decode("utf-8")


GUIDE_PAGE = "find-your-situation/"
QR_FOLDER = "find-your-situation/qr"


def result_qr_files(outcome_pages: dict[str, str], site_url: str, words) -> list[tuple[str, str]]:
    """(path in the site, SVG text) of one QR code per guide result (`outcome_pages`: result id
    -> the address of its own page, relative to the site), leading to exactly that result's own
    page. The guide shows each as a lazy <img> inside its result, so only the result you open
    loads its code (23 inline codes would add about 14 KB gzipped to every view); the result's
    own page shows the same file."""
    out = []
    for node_id, url in outcome_pages.items():
        address = page_address(site_url, url)
        out.append((f"{QR_FOLDER}/{node_id}.svg", qr_svg(address, words("handouts.qr_title", address=address), inline=False)))
    return out


def result_address_block(address: str, qr_src: str, words) -> str:
    """A guide result's own address and its QR code (an <img> of the file result_qr_files makes)."""
    e = html.escape
    # no-explain: inside a Markdown section the block's inner tags are kept as raw HTML, so the
    # address is plain text there, and a glossary word in it ("relapse" in .../lbcl-relapse-fit/)
    # would otherwise be explained inside the address.
    return (f'<div class="result-address no-explain"><img class="result-address__qr" src="{e(qr_src)}" width="96" height="96" '
            f'loading="lazy" alt="{e(words("guide.qr_alt", address=address))}">'
            f'<p>{words.html("guide.result_online")}<br><span class="page-address">{e(address)}</span></p></div>')
