"""Paper a patient-education committee would approve (issue 20), measured as printed:

- every handout prints who wrote it (mkdocs.yml site_author), its review status, its review and
  next-review dates, "not medical advice", and write-in fields for the patient's name, the date
  and who gave it; a printed guide result has the same fields;
- lines to write on are at least 0.27 in apart (Chromium's print layout), and the care-team
  sheet's name and phone cells are wide enough to write in;
- nothing is printed within 0.25 in of the paper's edge (Chromium's print and the PDFs);
- the wallet card's cut-out, folded in the middle, fits a wallet slot (3.37 x 2.13 in) in
  Chromium and in its PDF, nothing on it is cut off, and its labels do not break.
(One sheet per handout: tests/test_print.py.) Each check is shown failing on a fixture.
The PEMAT-relevant counts per page (scripts/pemat_counts.py) are printed, not asserted."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest

from conftest import ROOT, page_url
from macros.handouts import ALL_HANDOUTS_PDF, pdf_path
from macros.site_data import load_all
from test_print import handout_pages, printed

IN = 72.0           # PDF points per inch
CSS_IN = 96.0       # CSS pixels per inch
MIN_LINE_GAP = 0.27
EDGE = 0.25
WALLET = (3.37, 2.13)
MIN_CELL = 1.8      # inches for a name or a phone number


@pytest.fixture(scope="module")
def data():
    return load_all(ROOT, ROOT / "docs")


def site_author() -> str:
    line = next(x for x in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines() if x.startswith("site_author:"))
    return line.split(":", 1)[1].strip().strip("'\"")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("\u00a0", "")


def paper_problems(text: str, words, author: str, next_review: str | None) -> list[str]:
    """What a handout's printed text lacks of: authorship, review status, review and next-review
    dates, 'not medical advice', and the name / date / given-by fields."""
    t = flat(text)
    need = [(words("handouts.written_by", author=author), "who wrote it"),
            (words("handouts.review_status"), "its review status"),
            (words("site.last_reviewed"), "its review date"),
            (words("site.not_medical_advice"), "'not medical advice'")]
    if next_review is not None:
        need.append((f'{words("site.next_review")}: {next_review}', "its next-review date"))
    need += [(words(f"handouts.field_{k}"), f"the field {words('handouts.field_' + k)!r}")
             for k in ("patient_name", "given_date", "given_by")]
    return [f"lacks {what}" for s, what in need if flat(s) not in t]


def test_each_handout_prints_who_wrote_it_its_review_dates_and_the_fields(browser, server, site_dir, data):
    ctx = browser.new_context()
    page = ctx.new_page()
    by_path = {p.path: p for p in data.pages}
    problems = []
    handouts = handout_pages(site_dir)
    assert len(handouts) >= 14
    for f in handouts:
        rel = f.relative_to(site_dir).parent.as_posix()
        meta = by_path[f"docs/{rel}.md"].meta
        if meta.get("dates_from"):
            meta = by_path["docs/" + meta["dates_from"]].meta
        due = data.words.date(meta["next_review"])
        with pdfplumber.open(io.BytesIO(printed(page, page_url(server, site_dir, f)))) as doc:
            text = "".join(p.extract_text() or "" for p in doc.pages)
        problems += [f"{rel}: {x}" for x in paper_problems(text, data.words, site_author(), due)]
        target = site_dir / pdf_path(rel + ".md")
        with pdfplumber.open(target) as doc:
            problems += [f"{rel} (PDF): {x}" for x in paper_problems(doc.pages[0].extract_text() or "", data.words,
                                                                    site_author(), due)]
    ctx.close()
    assert not problems, "\n".join(problems)


def test_a_printed_guide_result_has_the_name_date_and_given_by_fields(browser, server, data):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    problems = []
    for n in data.tree.outcomes()[:3]:  # the full result, on its own page (the guide page holds it in short)
        page.goto(f"{server}/find-your-situation/results/{n.id}/")
        page.emulate_media(media="print")
        with pdfplumber.open(io.BytesIO(page.pdf(format="Letter"))) as doc:
            first = flat(doc.pages[0].extract_text() or "")
        page.emulate_media(media="screen")
        for k in ("patient_name", "given_date", "given_by"):
            if flat(data.words(f"handouts.field_{k}")) not in first:
                problems.append(f"{n.id}: the first sheet lacks {data.words('handouts.field_' + k)!r}")
    ctx.close()
    assert not problems, "\n".join(problems)


def test_the_paper_check_notices_what_is_missing(data):
    w = data.words
    full = (f'{w("handouts.written_by", author="The After CAR T contributors")} {w("handouts.review_status")} '
            f'{w("site.last_reviewed")}: December 1, 2026. {w("site.next_review")}: December 1, 2027. '
            f'{w("handouts.field_patient_name")} {w("handouts.field_given_date")} {w("handouts.field_given_by")} '
            f'{w("site.not_medical_advice")}')
    assert paper_problems(full, w, "The After CAR T contributors", "December 1, 2027") == []
    assert paper_problems(full, w, "Dr Invented Person", "December 1, 2027") == ["lacks who wrote it"]
    assert paper_problems(full, w, "The After CAR T contributors", "January 1, 2028") == ["lacks its next-review date"]
    no_fields = full.replace(w("handouts.field_given_by"), "")
    assert paper_problems(no_fields, w, "The After CAR T contributors", None) == [
        f"lacks the field {w('handouts.field_given_by')!r}"]


# ---------------------------------------------------------------- only the sources cited on it

def source_list_problems(html_text: str) -> list[str]:
    """A handout's one-line source list names only sources the sheet cites, and no two of its
    entries read the same (a reader could not tell which to look up)."""
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(html_text, "html.parser")
    line = soup.select_one(".handout-sources")
    if line is None:
        return ["has no source list"]
    cited = {a["href"].removeprefix("#source-") for a in soup.select('sup.cite a[href^="#source-"]')}
    problems, seen = [], {}
    for span in line.select('span[id^="source-"]'):
        sid = span["id"].removeprefix("source-")
        if sid not in cited:
            problems.append(f"lists {sid}, which the sheet does not cite")
        text = re.sub(r"^\[\d+\]\s*", "", span.get_text(" ", strip=True))
        if text in seen:
            problems.append(f"lists {seen[text]} and {sid} alike: {text!r}")
        seen.setdefault(text, sid)
    return problems


def test_each_handout_lists_only_the_sources_it_cites_each_told_apart(site_dir):
    problems = []
    for page in handout_pages(site_dir):
        problems += [f"{page.relative_to(site_dir)}: {p}" for p in source_list_problems(page.read_text(encoding="utf-8"))]
    assert not problems, "\n".join(problems)


def test_the_source_list_check_fails_on_the_old_footer():
    cited = '<p>Fever <sup class="cite">[<a href="#source-a">1</a>]</sup></p>'
    good = cited + '<p class="handout-sources"><span id="source-a">[1] CDC, 2026</span></p>'
    assert source_list_problems(good) == []
    uncited = cited + ('<p class="handout-sources"><span id="source-a">[1] CDC, 2026</span>; '
                       '<span id="source-b">[2] CDC, 2026</span></p>')
    assert source_list_problems(uncited) == ["lists b, which the sheet does not cite", "lists a and b alike: 'CDC, 2026'"]


def test_short_references_that_would_read_the_same_get_their_titles():
    from types import SimpleNamespace as S
    from macros.sources import distinct_references
    sources = {"a": S(title="Watch Out for Fever"), "b": S(title="Preventing Infections in Cancer Patients"),
               "c": S(title="Other")}
    short = {"a": "CDC, 2026", "b": "CDC, 2026", "c": "NCI, 2026"}
    refs = distinct_references(sources, ["a", "b", "c"], lambda s: short[next(k for k, v in sources.items() if v is s)])
    assert refs == {"a": "CDC, 2026, “Watch Out for Fever”",
                    "b": "CDC, 2026, “Preventing Infections in Cancer Patients”", "c": "NCI, 2026"}


# ---------------------------------------------------------------- lines to write on

LINES_JS = """() => {
    const seen = [...document.querySelectorAll('.write-line')].filter(e => e.getClientRects().length > 0);
    const lines = seen.map(e => e.getBoundingClientRect().height);
    const cells = [...document.querySelectorAll('td .write-lines')].filter(e => e.getClientRects().length > 0)
        .map(e => e.getBoundingClientRect().width);
    return {lines, cells};
}"""


def line_gap_problems(page, limit: float = MIN_LINE_GAP) -> tuple[list[str], float]:
    """Each line to write on is a box whose bottom border is the line: its height is the room
    above the line, so the distance from the line (or the text) above it. In print layout."""
    page.emulate_media(media="print")
    found = page.evaluate(LINES_JS)
    page.emulate_media(media="screen")
    gaps = [h / CSS_IN for h in found["lines"]]
    low = min(gaps, default=99.0)
    return ([f"a line to write on is {low:.3f} in below the one above it ({limit} in or more)"]
            if low < limit - 0.001 else [], low)


def test_lines_to_write_on_are_far_enough_apart_in_print(browser, server, site_dir):
    ctx = browser.new_context()
    page = ctx.new_page()
    problems, lows = [], []
    for f in handout_pages(site_dir):
        rel = f.relative_to(site_dir).parent.as_posix()
        page.goto(page_url(server, site_dir, f))
        found, low = line_gap_problems(page)
        lows.append(low)
        problems += [f"{rel}: {x}" for x in found]
        if rel == "handouts/care-team":
            page.emulate_media(media="print")
            cells = [w / CSS_IN for w in page.evaluate(LINES_JS)["cells"]]
            page.emulate_media(media="screen")
            if not cells or min(cells) < MIN_CELL:
                problems.append(f"{rel}: a name or phone cell is {min(cells, default=0):.2f} in wide ({MIN_CELL} in or more)")
            print(f"\ncare-team write-in cells: narrowest {min(cells):.2f} in")
    ctx.close()
    print(f"\nlines to write on: closest {min(lows):.3f} in apart")
    assert not problems, "\n".join(problems)


def test_the_line_check_fails_on_college_ruling_broken(browser):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.set_content("<span class='write-lines'><span class='write-line' style='display:block;height:15pt;"
                     "border-bottom:1px solid #000'></span><span class='write-line' style='display:block;height:15pt;"
                     "border-bottom:1px solid #000'></span></span>")
    found, low = line_gap_problems(page)
    ctx.close()
    assert found and abs(low - 15 / 72) < 0.015  # 15 pt (0.21 in, the old lines) and the rule


# ---------------------------------------------------------------- the paper's edge

def edge_problems(pdf_page, edge: float = EDGE) -> list[str]:
    """Text and drawings closer than `edge` inches to the paper's edge."""
    limit = edge * IN
    w, h = pdf_page.width, pdf_page.height
    out = []
    for o in pdf_page.chars + pdf_page.lines + pdf_page.rects + pdf_page.curves:
        if o.get("object_type") == "rect" and o["x0"] <= 0.5 and o["top"] <= 0.5 and o["x1"] >= w - 0.5:
            continue  # a white page background, not printed
        d = min(o["x0"], o["top"], w - o["x1"], h - o["bottom"])
        if d < limit - 0.01:
            what = repr(o["text"]) if o.get("object_type") == "char" else o.get("object_type")
            out.append(f"{what} {d / IN:.2f} in from the edge")
    return out[:5]


def nearest_edge(pdf_page) -> float:
    w, h = pdf_page.width, pdf_page.height
    return min((min(o["x0"], o["top"], w - o["x1"], h - o["bottom"]) for o in pdf_page.chars), default=99 * IN) / IN


def test_nothing_prints_near_the_paper_edge(browser, server, site_dir):
    ctx = browser.new_context()
    page = ctx.new_page()
    problems, near = [], []
    for f in handout_pages(site_dir) + [site_dir / "living" / "health-and-safety" / "index.html"]:
        rel = f.relative_to(site_dir).parent.as_posix()
        for fmt in ("Letter", "A4"):
            with pdfplumber.open(io.BytesIO(printed(page, page_url(server, site_dir, f), fmt))) as doc:
                for n, p in enumerate(doc.pages, 1):
                    near.append(nearest_edge(p))
                    problems += [f"{rel} ({fmt}, sheet {n}): {x}" for x in edge_problems(p)]
    ctx.close()
    with pdfplumber.open(site_dir / ALL_HANDOUTS_PDF) as doc:
        for n, p in enumerate(doc.pages, 1):
            near.append(nearest_edge(p))
            problems += [f"all-handouts.pdf page {n}: {x}" for x in edge_problems(p)]
    print(f"\nnearest text to the paper's edge: {min(near):.2f} in")
    assert not problems, "\n".join(problems[:20])


def test_the_edge_check_fails_on_a_running_header_at_the_edge(browser):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.set_content("<style>@page { margin: 0.42in; @top-left { content: 'After CAR T'; vertical-align: top; } }</style><p>Text.</p>")
    pdf = page.pdf(format="Letter", prefer_css_page_size=True)
    ctx.close()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert edge_problems(doc.pages[0]), "a header at the top of a 0.42 in margin went unnoticed"


# ---------------------------------------------------------------- the wallet card

CARD_JS = """() => {
    const card = document.querySelector('.wallet-card'); const r = card.getBoundingClientRect();
    const sides = [...card.querySelectorAll('.wallet-card__side')];
    return {width: r.width, height: r.height,
            cut: sides.filter(s => s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1).map(s => s.className)};
}"""


def card_problems(width_in: float, height_in: float, where: str) -> list[str]:
    """The cut-out folds in the middle: each half must fit a wallet slot."""
    folded = (width_in / 2, height_in)
    if folded[0] > WALLET[0] + 0.005 or folded[1] > WALLET[1] + 0.005:
        return [f"{where}: folds to {folded[0]:.2f} x {folded[1]:.2f} in, larger than {WALLET[0]} x {WALLET[1]} in"]
    return []


def pdf_card_box(pdf_page) -> tuple[float, float] | None:
    """Width and height (inches, outside of the line) of the largest dashed box on the page."""
    dashed = [o for o in pdf_page.lines + pdf_page.rects + pdf_page.curves
              if o.get("dash") and o["dash"][0] and max(o["x1"] - o["x0"], o["bottom"] - o["top"]) > IN]
    if not dashed:
        return None
    lw = max(o.get("linewidth") or 0 for o in dashed)
    x0, x1 = min(o["x0"] for o in dashed), max(o["x1"] for o in dashed)
    top, bottom = min(o["top"] for o in dashed), max(o["bottom"] for o in dashed)
    return ((x1 - x0) / IN, (bottom - top + lw) / IN)


def test_the_wallet_card_folds_to_wallet_size_in_chromium_and_in_its_pdf(browser, server, site_dir, data):
    ctx = browser.new_context()
    page = ctx.new_page()
    f = site_dir / "handouts" / "wallet-card" / "index.html"
    page.goto(page_url(server, site_dir, f))
    page.emulate_media(media="print")
    card = page.evaluate(CARD_JS)
    page.emulate_media(media="screen")
    pdf = printed(page, page_url(server, site_dir, f))
    ctx.close()
    w, h = card["width"] / CSS_IN, card["height"] / CSS_IN
    print(f"\nwallet card in Chromium print: cut-out {w:.2f} x {h:.2f} in, folded {w / 2:.2f} x {h:.2f} in")
    problems = card_problems(w, h, "Chromium print")
    problems += [f"Chromium print: {c} is cut off" for c in card["cut"]]
    with pdfplumber.open(site_dir / pdf_path("handouts/wallet-card.md")) as doc:
        box = pdf_card_box(doc.pages[0])
        lines = [re.sub(r"\s+", " ", x["text"]) for x in doc.pages[0].extract_text_lines()]
    assert box, "no dashed cut-out line in the wallet card PDF"
    print(f"wallet card in the PDF: cut-out {box[0]:.2f} x {box[1]:.2f} in, folded {box[0] / 2:.2f} x {box[1]:.2f} in")
    problems += card_problems(*box, "PDF")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chromium_lines = [re.sub(r"\s+", " ", x["text"]) for x in doc.pages[0].extract_text_lines()]
    for label in ("wallet_product", "wallet_date", "wallet_center", "wallet_number", "wallet_title"):
        text = data.words(f"handouts.{label}").replace("\u00a0", " ")
        for where, got in (("PDF", lines), ("Chromium print", chromium_lines)):
            if not any(text in x for x in got):
                problems.append(f"{where}: the label {text!r} is broken across lines or missing")
    assert not problems, "\n".join(problems)


def test_the_card_check_fails_on_the_old_card(browser):
    assert card_problems(7.4, 2.56, "old") and not card_problems(6.7, 2.1, "new")
    ctx = browser.new_context()
    page = ctx.new_page()
    page.set_content("<div style='border:2px dashed #000;width:7.4in;height:2.56in'></div>")
    pdf = page.pdf(format="Letter")
    ctx.close()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        box = pdf_card_box(doc.pages[0])
    if box is not None:  # Chromium may draw the dashes one by one; the PDF check reads WeasyPrint's
        assert card_problems(*box, "fixture")


# ---------------------------------------------------------------- PEMAT counts (printed)

def test_pemat_counts_per_page_are_printed(site_dir):
    import sys
    sys.path.insert(0, str(ROOT / "scripts"))
    from pemat_counts import counts, report, site_counts
    rows = site_counts(site_dir)
    print("\nPEMAT-relevant counts (scripts/pemat_counts.py):\n" + report(rows))
    assert len(rows) > 20
    sample = ("<article><figure class='action-picture'><svg role='img'></svg></figure>"
              "<svg class='qr-code' role='img'></svg><svg role='img'></svg><table></table></article>")
    assert counts(sample) == {"pictures": 2, "action_pictures": 1, "tables": 1}


# ---------------------------------------------------------------- the pictures (macros/pictures.py)

def test_pictures_are_drawn_from_the_warning_signs_accessible_and_black_and_white(data):
    from macros import pictures
    from macros.errors import DataError
    gh = data.get_help
    fever = pictures.fever_threshold(gh)
    sign = next(s for s in gh.call_team_signs if fever.fahrenheit in s.text)
    assert f"{fever.fahrenheit}°F ({fever.celsius}°C)" in sign.text and fever.sources == tuple(sign.sources)
    for svg in (pictures.when_to_call_svg(gh, data.words, "_t1"), pictures.thermometer_svg(fever, data.words, "_t2")):
        assert svg.startswith("<svg ") and 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        assert re.search(r'aria-labelledby="(_t\d)-t \1-d"', svg)
        assert not re.search(r"(href|url\(|https?:)", svg.replace('xmlns="http://www.w3.org/2000/svg"', "")), \
            "a picture may request nothing"
        colours = set(re.findall(r'(?:fill|stroke)="([^"]+)"', svg))
        assert colours <= {"#000", "#fff", "none"}, colours
    when = pictures.when_to_call_svg(gh, data.words, "_t1")
    for s in gh.emergency_signs:
        assert html_words(s.short or s.text) <= html_words(when)
    # The number is read from the sign: a sign written differently changes the picture ...
    changed = type(gh.call_team_signs[0])(text="a fever of 101.2°F (38.4°C) or higher", sources=["cdc-watch-for-fever"])
    other = type("GH", (), {"call_team_signs": [changed]})()
    assert pictures.fever_threshold(other).fahrenheit == "101.2"
    assert "101.2°F" in pictures.thermometer_svg(pictures.fever_threshold(other), data.words, "_t3")
    # ... and a fever sign without both units stops the build, naming the file and the field.
    no_units = type("GH", (), {"call_team_signs": [type(changed)(text="a fever", sources=["cdc-watch-for-fever"])]})()
    with pytest.raises(DataError) as err:
        pictures.fever_threshold(no_units)
    assert "get-help.yml" in str(err.value) and "call_team_signs" in str(err.value)


def html_words(text: str) -> set[str]:
    import html as html_module
    return set(re.findall(r"[a-z]+", html_module.unescape(text).lower()))
