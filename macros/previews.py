"""Link previews: what a patient portal, a message or a search engine shows for a page.

- preview_png(): a 1200 x 630 picture drawn at build time with Pillow from the page's title and
  the site's name, in the site's colors, with Pillow's own font (no font is fetched; Material's
  social plugin fetches fonts from outside, so it is not used). The same title always gives the
  same bytes, so builds stay reproducible. Drawing one costs about 0.08 s of CPU (most of it
  Pillow's quantize and PNG compression), half of a build: cached_preview_png() keeps each
  picture in memory (a preview's rebuilds) and in .cache/previews/ (later builds), keyed by
  everything that decides its bytes, so a cached picture is the picture that would be drawn
  (macros/build_cache.py).
- structured_data(): schema.org JSON-LD for a page, as a dict; the template writes it with
  Jinja's `tojson`, which escapes <, > and &, so no title can end the <script> block.
  MedicalWebPage for the guide's pages (lastReviewed, audience Patient, reviewedBy only when a
  build names a reviewer), WebSite on the home page, a BreadcrumbList from the menu, and
  FAQPage on a page of questions and answers (faq_entries(): each H2 followed by a folded
  answer, <details class="faq">, read from the page's HTML as plain text)."""
from __future__ import annotations

import functools
import io
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import PIL

from . import build_cache

# PIL.Image, ImageDraw and ImageFont are imported where a picture is drawn: a build whose pictures
# are all kept (.cache/previews/) draws none and does not import them (about 20 ms of CPU).

WIDTH, HEIGHT = 1200, 630
BLUE, WHITE, PALE = (29, 79, 145), (255, 255, 255), (214, 228, 245)
FOLDER = "assets/previews"


def preview_path(page_url: str) -> str:
    """Where a page's picture is written: assets/previews/<page address with - for />.png."""
    slug = page_url.strip("/").replace("/", "-")
    if slug in ("", "."):
        slug = "home"
    return f"{FOLDER}/{slug}.png"


def preview_png(title: str, site_name: str, tagline: str) -> bytes:
    from PIL import Image, ImageDraw
    img = Image.new("RGB", (WIDTH, HEIGHT), BLUE)
    draw = ImageDraw.Draw(img)
    name, big, small = _font(44), _font(76), _font(30)
    draw.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=PALE)
    draw.text((72, 64), site_name, font=name, fill=PALE)
    # "CAR T" never breaks between its two words.
    lines = [line.replace("\u00a0", " ") for line in textwrap.wrap(title.replace("CAR T", "CAR\u00a0T"), width=26)[:4]]
    y = 170
    for line in lines:
        draw.text((72, y), line, font=big, fill=WHITE)
        y += 92
    draw.text((72, HEIGHT - 96), tagline, font=small, fill=PALE)
    buf = io.BytesIO()
    # 16 colors are enough for flat colors and smooth letters, and keep each picture small.
    img.quantize(colors=16, dither=Image.Dither.NONE).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


_FONTS: dict[int, ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}  # noqa: F821 (imported in _font)


def _font(size: int):
    """Pillow's own font at this size, loaded once per process."""
    from PIL import ImageFont
    if size not in _FONTS:
        _FONTS[size] = ImageFont.load_default(size=size)
    return _FONTS[size]


# Where drawn pictures are kept between builds (macros/build_cache.py).
CACHE_FOLDER = build_cache.FOLDER / "previews"
_PNG_START, _PNG_END = b"\x89PNG\r\n\x1a\n", b"IEND\xaeB`\x82"
# This file as it was loaded (the code that draws), not as it may be edited during a preview.
_CODE = build_cache.code_digest(__file__)


def preview_key(title: str, site_name: str, tagline: str) -> str:
    """A name for the picture made of everything that decides its bytes: the three texts, this
    file (the drawing code, sizes, colors), and the versions of Pillow, FreeType and zlib."""
    return build_cache.key(title, site_name, tagline, _CODE, *pil_versions())


@functools.cache
def pil_versions() -> tuple[str, str | None, str | None]:
    """The versions of Pillow, FreeType and zlib, as PIL.features.version("freetype2") and
    version("zlib") give them (None where Pillow was built without one), read from Pillow's C
    modules: PIL.features imports PIL.Image, which a build whose pictures are all kept never needs."""
    try:
        from PIL import _imagingft
        freetype = _imagingft.freetype2_version
    except ModuleNotFoundError:
        freetype = None
    from PIL import _imaging
    zlib = _imaging.zlib_version if "zip_encoder" in dir(_imaging) else None
    return PIL.__version__, freetype, zlib


def cached_preview_png(title: str, site_name: str, tagline: str, folder: Path | None = CACHE_FOLDER) -> bytes:
    """preview_png(), drawn once (macros/build_cache.py): a kept file that is not a whole PNG is
    drawn again."""
    return build_cache.cached(folder, f"{preview_key(title, site_name, tagline)}.png",
                              lambda: preview_png(title, site_name, tagline),
                              lambda data: data.startswith(_PNG_START) and data.endswith(_PNG_END))


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _FaqReader(HTMLParser):
    """Questions (H2 text) and their answers (<details class="faq"> text), leaving out what is
    not the answer's words: the <summary> ("Read the answer"), the heading's permalink, citation
    numbers and explanation pop-ups (both marked data-search-exclude)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries: list[tuple[str, str]] = []
        self.question: str | None = None
        self.where: str | None = None  # "h2", "answer" or None
        self.depth = 0                 # open elements inside the h2 or the answer
        self.skip = 0                  # open elements inside a part left out
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        void = tag in _VOID
        if self.skip:
            self.skip += 0 if void else 1
            return
        if self.where is None:
            if tag == "h2":
                self.where, self.depth, self.text = "h2", 1, []
            elif tag == "details" and "faq" in (a.get("class") or "").split() and self.question:
                self.where, self.depth, self.text = "answer", 1, []
            return
        if tag == "summary" or "data-search-exclude" in a or "headerlink" in (a.get("class") or "").split():
            self.skip = 0 if void else 1
            return
        if not void:
            self.depth += 1
        if tag in ("p", "li", "br"):
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if self.skip:
            self.skip -= 1
            return
        if self.where is None:
            return
        self.depth -= 1
        if self.depth:
            return
        words = re.sub(r"\s+", " ", "".join(self.text)).strip()
        if self.where == "h2":
            self.question = words
        elif words:
            self.entries.append((self.question, words))
            self.question = None
        self.where = None

    def handle_data(self, data):
        if self.where and not self.skip:
            self.text.append(data)


def faq_entries(html: str) -> list[tuple[str, str]]:
    """(question, answer as plain text) for each H2 directly followed by a folded FAQ answer."""
    reader = _FaqReader()
    reader.feed(html)
    reader.close()
    return reader.entries


# Each FAQ page's (question, answer) pairs, kept between builds (macros/build_cache.py:
# .cache/faq/) by the page's HTML, this file and Python's version (its HTML parser): reading them
# costs about 10 ms of CPU a build.
FAQ_CACHE_FOLDER = build_cache.FOLDER / "faq"


def kept_faq_entries(html: str, folder: Path | None = FAQ_CACHE_FOLDER) -> list[tuple[str, str]]:
    """faq_entries(html), kept by the page's HTML."""
    import hashlib
    import sys
    digest = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
    name = f"faq-{build_cache.key(_CODE, sys.version, digest)}.json"

    def pairs(raw) -> list[tuple[str, str]]:
        if not (isinstance(raw, list) and all(isinstance(p, list) and len(p) == 2
                                              and all(isinstance(x, str) for x in p) for p in raw)):
            raise ValueError("not kept FAQ entries")
        return [(q, a) for q, a in raw]
    return build_cache.cached_json(folder, name, lambda: faq_entries(html), pairs)


def structured_data(*, kind: str, name: str, description: str, url: str, site_name: str, site_url: str,
                    language: str = "en", last_reviewed: str | None = None, breadcrumbs=(),
                    reviewer: dict | None = None, about: list[str] = (), publisher: dict | None = None,
                    faq=()) -> list[dict]:
    """The JSON-LD objects of one page. `kind`: "home", "medical" (a page of the guide) or
    "site" (a page about the site itself). `breadcrumbs`: (name, absolute url) from the home page.
    `faq`: (question, answer) pairs of a questions page (faq_entries())."""
    out: list[dict] = []
    if kind == "home":
        out.append({"@context": "https://schema.org", "@type": "WebSite", "name": site_name, "url": site_url,
                    "description": description, "inLanguage": language})
    page: dict = {"@context": "https://schema.org", "@type": "MedicalWebPage" if kind == "medical" else "WebPage",
                  "name": name, "description": description, "url": url, "inLanguage": language,
                  "isPartOf": {"@type": "WebSite", "name": site_name, "url": site_url}}
    if kind == "medical":
        page["audience"] = {"@type": "MedicalAudience", "audienceType": "Patient"}
        if about:
            page["about"] = [{"@type": "MedicalCondition", "name": a} for a in about]
    if last_reviewed:
        page["lastReviewed"] = last_reviewed
    if reviewer:
        page["reviewedBy"] = reviewer
    if publisher:
        page["publisher"] = publisher
    out.append(page)
    if faq:
        out.append({"@context": "https://schema.org", "@type": "FAQPage", "name": name, "url": url,
                    "inLanguage": language,
                    "mainEntity": [{"@type": "Question", "name": q,
                                    "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in faq]})
    if len(breadcrumbs) > 1:
        out.append({"@context": "https://schema.org", "@type": "BreadcrumbList",
                    "itemListElement": [{"@type": "ListItem", "position": i, "name": n, "item": u}
                                        for i, (n, u) in enumerate(breadcrumbs, 1)]})
    return out
