"""Link previews: what a patient portal, a message or a search engine shows for a page.

- preview_png(): a 1200 x 630 picture drawn at build time with Pillow from the page's title and
  the site's name, in the site's colors, with Pillow's own font (no font is fetched; Material's
  social plugin fetches fonts from outside, so it is not used). The same title always gives the
  same bytes, so builds stay reproducible.
- structured_data(): schema.org JSON-LD for a page, as a dict; the template writes it with
  Jinja's `tojson`, which escapes <, > and &, so no title can end the <script> block.
  MedicalWebPage for the guide's pages (lastReviewed, audience Patient, reviewedBy only when a
  build names a reviewer), WebSite on the home page, and a BreadcrumbList from the menu."""
from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

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
    img = Image.new("RGB", (WIDTH, HEIGHT), BLUE)
    draw = ImageDraw.Draw(img)
    name = ImageFont.load_default(size=44)
    big = ImageFont.load_default(size=76)
    small = ImageFont.load_default(size=30)
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


def structured_data(*, kind: str, name: str, description: str, url: str, site_name: str, site_url: str,
                    language: str = "en", last_reviewed: str | None = None, breadcrumbs=(),
                    reviewer: dict | None = None, about: list[str] = (), publisher: dict | None = None) -> list[dict]:
    """The JSON-LD objects of one page. `kind`: "home", "medical" (a page of the guide) or
    "site" (a page about the site itself). `breadcrumbs`: (name, absolute url) from the home page."""
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
    if len(breadcrumbs) > 1:
        out.append({"@context": "https://schema.org", "@type": "BreadcrumbList",
                    "itemListElement": [{"@type": "ListItem", "position": i, "name": n, "item": u}
                                        for i, (n, u) in enumerate(breadcrumbs, 1)]})
    return out
