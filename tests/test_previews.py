"""Link previews and structured data (issue 18): every page has an Open Graph and Twitter
picture that exists in the build at 1200 x 630, an og:url equal to its canonical address, and
JSON-LD that parses and holds what its type needs; a title cannot end the JSON-LD block."""
from __future__ import annotations

import json
import struct
from pathlib import Path
from urllib.parse import urlparse

import jinja2
import pytest

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


# ---------------------------------------------------------------- FAQPage on the questions page

def faq_problems(html: str) -> list[str]:
    """The page's FAQPage JSON-LD holds each question (an H2 followed by a folded answer,
    details.faq) and its answer's words, read here from the page itself."""
    s = soup(html)
    art = s.select_one("article.md-content__inner")
    expected = []
    for details in art.select("details.faq"):
        h2 = details.find_previous_sibling()
        for part in details.select("summary, [data-search-exclude]"):
            part.decompose()
        if h2 is not None and h2.name == "h2":
            for a in h2.select("a.headerlink"):
                a.decompose()
            expected.append((" ".join(h2.get_text(" ").split()), " ".join(details.get_text(" ").split())))
    blocks = [json.loads(b.string) for b in s.find_all("script", type="application/ld+json")]
    faq = [d for block in blocks for d in block if d.get("@type") == "FAQPage"]
    if len(faq) != 1:
        return [f"{len(faq)} FAQPage objects"]
    entities = faq[0].get("mainEntity", [])
    out = []
    if len(entities) != len(expected) or not expected:
        out.append(f"FAQPage holds {len(entities)} questions, the page has {len(expected)}")
    squash = lambda t: "".join(t.split())  # noqa: E731  (spacing around inline elements differs)
    for (q, a), e in zip(expected, entities):
        if e.get("@type") != "Question" or e.get("name") != q:
            out.append(f"question {q!r} is {e.get('name')!r}")
        answer = e.get("acceptedAnswer", {})
        if answer.get("@type") != "Answer" or squash(answer.get("text", "")) != squash(a):
            out.append(f"the answer to {q!r} is not the page's answer")
    return out


def test_the_faq_page_has_faqpage_json_ld_with_each_question_and_answer(site_dir):
    html = (site_dir / "plan" / "faq" / "index.html").read_text(encoding="utf-8")
    assert faq_problems(html) == []
    assert 'class="faq"' not in (site_dir / "about" / "index.html").read_text(encoding="utf-8")
    assert faq_problems((site_dir / "about" / "index.html").read_text(encoding="utf-8")) == ["0 FAQPage objects"]


def test_the_faq_check_rejects_a_missing_question_and_a_changed_answer(site_dir):
    html = (site_dir / "plan" / "faq" / "index.html").read_text(encoding="utf-8")
    s = soup(html)
    block = s.find("script", type="application/ld+json")
    data = json.loads(block.string)
    faq = next(d for d in data if d["@type"] == "FAQPage")
    faq["mainEntity"][1]["acceptedAnswer"]["text"] = "Something else."
    block.string = json.dumps(data)
    assert len(faq_problems(str(s))) == 1
    faq["mainEntity"].pop()
    block.string = json.dumps(data)
    assert any("FAQPage holds" in p for p in faq_problems(str(s)))


def test_faq_entries_read_the_answers_words_only():
    from macros.previews import faq_entries
    html = ('<h2 id="q">Is it <em>my</em> fault?<a class="headerlink" href="#q">&para;</a></h2>'
            '<details class="faq"><summary>Read the answer</summary><p>No.<br>It is not. '
            '<sup class="cite" data-search-exclude>[<a href="#s">1</a>]</sup></p>'
            '<ul><li>A <span class="term"><a>B&amp;C</a><span class="term__tip" data-search-exclude="">tip <img alt=""> text</span></span></li></ul></details>'
            '<h2 id="no-answer">Heading without an answer</h2><p>Text.</p>')
    assert faq_entries(html) == [("Is it my fault?", "No. It is not. A B&C")]


def test_kept_faq_entries_are_what_the_page_gives(empty_cache, monkeypatch):
    from macros import build_cache, previews
    pages = ['<h2 id="q">Why “me”?</h2><details class="faq"><summary>Read</summary><p>Because.</p></details>',
             "<p>No questions</p>"]
    made = [previews.faq_entries(html) for html in pages]
    assert made == [[("Why “me”?", "Because.")], []]
    assert [previews.kept_faq_entries(html, folder=empty_cache) for html in pages] == made
    assert len(list(empty_cache.iterdir())) == 2, "one kept file a page"

    def not_again(html):
        raise AssertionError("read again")
    monkeypatch.setattr(previews, "faq_entries", not_again)
    monkeypatch.setattr(build_cache, "_MEMORY", {})  # a later build: from the folder
    assert [previews.kept_faq_entries(html, folder=empty_cache) for html in pages] == made
    # Another page is read; a kept file cut short is read again.
    with pytest.raises(AssertionError, match="read again"):
        previews.kept_faq_entries("<h2>Other</h2>", folder=empty_cache)
    for kept in empty_cache.iterdir():
        kept.write_bytes(kept.read_bytes()[:-2])
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    with pytest.raises(AssertionError, match="read again"):
        previews.kept_faq_entries(pages[0], folder=empty_cache)


def test_an_faq_answer_cannot_end_the_json_ld_block():
    from macros.previews import structured_data
    data = structured_data(kind="medical", name="FAQ", description="d", url="https://x.example/p/",
                           site_name="S", site_url="https://x.example/",
                           faq=[("</script><script>alert(1)</script>", "a < b & c > d")])
    written = jinja2.Environment().from_string("{{ d | tojson }}").render(d=data)
    assert "</script>" not in written and "<" not in written and json.loads(written) == data
    assert data[-1]["@type"] == "FAQPage" and data[-1]["mainEntity"][0]["acceptedAnswer"]["text"] == "a < b & c > d"


def test_a_cached_preview_is_the_picture_that_would_be_drawn(tmp_path, monkeypatch):
    from macros import build_cache, previews
    drawn = previews.preview_png("Fever after CAR T", "After CAR T", "A guide")
    assert drawn == previews.preview_png("Fever after CAR T", "After CAR T", "A guide"), "same title, same bytes"
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    monkeypatch.delenv(build_cache.NO_CACHE_ENV, raising=False)
    assert previews.cached_preview_png("Fever after CAR T", "After CAR T", "A guide", tmp_path) == drawn
    kept = tmp_path / f"{previews.preview_key('Fever after CAR T', 'After CAR T', 'A guide')}.png"
    assert kept.read_bytes() == drawn and [p.name for p in tmp_path.iterdir()] == [kept.name]
    # Each text that decides the picture is in its key.
    keys = {previews.preview_key(*t) for t in [("Fever after CAR T", "After CAR T", "A guide"),
                                                ("Fever after CAR T.", "After CAR T", "A guide"),
                                                ("Fever after CAR T", "After CAR T at X", "A guide"),
                                                ("Fever after CAR T", "After CAR T", "A guide.")]}
    assert len(keys) == 4

    def no_drawing(*a):
        raise AssertionError("drawn again")
    # A later build reads the kept file; a build in the same process reads memory.
    monkeypatch.setattr(previews, "preview_png", no_drawing)
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    assert previews.cached_preview_png("Fever after CAR T", "After CAR T", "A guide", tmp_path) == drawn
    kept.unlink()
    assert previews.cached_preview_png("Fever after CAR T", "After CAR T", "A guide", tmp_path) == drawn


def test_a_broken_or_unwritable_preview_cache_only_means_drawing_again(tmp_path, monkeypatch):
    from macros import build_cache, previews
    drawn = previews.preview_png("Fever after CAR T", "After CAR T", "A guide")
    kept = tmp_path / f"{previews.preview_key('Fever after CAR T', 'After CAR T', 'A guide')}.png"
    kept.write_bytes(drawn[:-20])  # cut short
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    monkeypatch.delenv(build_cache.NO_CACHE_ENV, raising=False)
    assert previews.cached_preview_png("Fever after CAR T", "After CAR T", "A guide", tmp_path) == drawn
    assert kept.read_bytes() == drawn, "the broken file is replaced"
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    assert previews.cached_preview_png("Fever after CAR T", "After CAR T", "A guide", not_a_folder) == drawn
    # AFTER_CAR_T_NO_CACHE=1: every picture drawn, nothing read or kept.
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    monkeypatch.setenv(build_cache.NO_CACHE_ENV, "1")
    kept.write_bytes(b"\x89PNG\r\n\x1a\n" + b"IEND\xaeB`\x82")  # looks whole, is not the picture
    assert previews.cached_preview_png("Fever after CAR T", "After CAR T", "A guide", tmp_path) == drawn


def test_the_preview_key_holds_the_versions_pillow_reports_without_importing_pil_image():
    """pil_versions() reads Pillow's C modules instead of PIL.features (which imports PIL.Image):
    the same three versions, and a build whose pictures are all kept never imports PIL.Image."""
    import subprocess
    import sys
    from PIL import features

    import PIL
    from macros import previews
    assert previews.pil_versions() == (PIL.__version__, features.version("freetype2"), features.version("zlib"))
    assert None not in previews.pil_versions(), "this Pillow has FreeType and zlib"
    code = ("import sys; from macros import previews; previews.preview_key('T', 'S', 'L');"
            "print('PIL.Image' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False", out.stdout + out.stderr
    # The check can fail: drawing a picture imports PIL.Image.
    code = code.replace("previews.preview_key('T', 'S', 'L')", "previews.preview_png('T', 'S', 'L')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "True", out.stdout + out.stderr
