"""Link previews and structured data (issue 18): every page has an Open Graph and Twitter
picture that exists in the build at 1200 x 630, an og:url equal to its canonical address, and
JSON-LD that parses and holds what its type needs; a title cannot end the JSON-LD block."""
from __future__ import annotations

import json
import struct
from pathlib import Path
from urllib.parse import urlparse

import jinja2

from conftest import configured_site_url
from site_checks import soup

NOT_A_PAGE = {"404.html"}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def preview_problems(html: str, site: Path, site_url: str) -> list[str]:
    s = soup(html)
    meta = lambda **a: (s.find("meta", attrs=a) or {}).get("content")  # noqa: E731
    out = []
    canonical = (s.find("link", rel="canonical") or {}).get("href")
    if not canonical or meta(property="og:url") != canonical:
        out.append(f"og:url {meta(property='og:url')!r} is not the canonical address {canonical!r}")
    image = meta(property="og:image")
    if not image or not image.startswith(site_url):
        out.append(f"og:image {image!r} is not an address on the site")
    else:
        file = site / urlparse(image).path.lstrip("/")
        if not file.is_file():
            out.append(f"og:image {image} is not in the build")
        elif png_size(file.read_bytes()) != (1200, 630):
            out.append(f"og:image is {png_size(file.read_bytes())}, not 1200 x 630")
    if meta(name="twitter:card") != "summary_large_image" or meta(name="twitter:image") != image:
        out.append("no Twitter card with the same picture")
    blocks = s.find_all("script", type="application/ld+json")
    if len(blocks) != 1:
        out.append(f"{len(blocks)} JSON-LD blocks")
        return out
    data = json.loads(blocks[0].string)
    types = [d.get("@type") for d in data]
    page = next((d for d in data if d.get("@type") in ("MedicalWebPage", "WebPage")), None)
    if page is None or not page.get("name") or page.get("url") != canonical:
        out.append(f"JSON-LD has no page with its name and canonical url ({types})")
    elif page["@type"] == "MedicalWebPage":
        if page.get("audience", {}).get("audienceType") != "Patient" or not page.get("lastReviewed"):
            out.append("MedicalWebPage lacks audience Patient or lastReviewed")
        if "reviewedBy" in page:
            out.append("reviewedBy although this build names no reviewer")
    return out


def test_every_page_has_a_preview_and_structured_data(site_dir, pages):
    site_url = configured_site_url()
    problems = []
    for page in pages:
        rel = page.relative_to(site_dir).as_posix()
        if rel in NOT_A_PAGE:
            continue
        problems += [f"{rel}: {p}" for p in preview_problems(page.read_text(encoding="utf-8"), site_dir, site_url)]
    assert problems == [], "\n".join(problems[:30])
    home = json.loads(soup((site_dir / "index.html").read_text(encoding="utf-8"))
                      .find("script", type="application/ld+json").string)
    assert "WebSite" in [d["@type"] for d in home]
    myeloma = json.loads(soup((site_dir / "cancers" / "multiple-myeloma" / "index.html").read_text(encoding="utf-8"))
                         .find("script", type="application/ld+json").string)
    assert {"@type": "MedicalCondition", "name": "Multiple myeloma"} in myeloma[0]["about"]
    assert "BreadcrumbList" in [d["@type"] for d in myeloma]


def test_the_preview_check_fails_without_a_picture_or_with_a_wrong_size(site_dir, tmp_path):
    html = (site_dir / "about" / "index.html").read_text(encoding="utf-8")
    site_url = configured_site_url()
    assert preview_problems(html, site_dir, site_url) == []
    no_picture = html.replace('property="og:image"', 'property="og:nothing"')
    assert any("og:image" in p for p in preview_problems(no_picture, site_dir, site_url))
    (tmp_path / "assets" / "previews").mkdir(parents=True)
    from PIL import Image
    Image.new("RGB", (600, 315)).save(tmp_path / "assets" / "previews" / "about.png")
    assert any("not 1200 x 630" in p for p in preview_problems(html, tmp_path, site_url))


def test_a_title_cannot_end_the_json_ld_block():
    from macros.previews import structured_data
    data = structured_data(kind="medical", name="</script><script>alert(1)</script>", description="a & b",
                           url="https://x.example/p/", site_name="S", site_url="https://x.example/")
    written = jinja2.Environment().from_string("{{ d | tojson }}").render(d=data)
    assert "</script>" not in written and "<script>" not in written and json.loads(written) == data
