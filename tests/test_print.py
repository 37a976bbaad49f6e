"""Print, as a nurse would: Chromium's print to PDF at its default margins and 100% scale, on US
Letter and A4, measured from the PDF itself (pdfplumber for text and font sizes, pypdfium2 to
rasterise, zxing-cpp to read QR codes, pikepdf for the tagged structure of the downloadable PDFs).

- Every page: no site chrome, its address, review date and the urgent-help line on the first
  sheet, no blank first sheet, empty tick boxes, no heading as the last line of a sheet.
- Every handout and option sheet: exactly one sheet on Letter and on A4, body text at 12 pt or
  more (key points, tables and boxes 11 pt or more), every question with its box and its line,
  the address, review date and site name in the text, a QR code that reads back its address.
- Every guide result on its own page: its own page's address, the warning signs, only its own
  sources, at most MAX_RESULT_SHEETS (2) Letter sheets. On paper a result is a summary; each
  option's details print when the reader ticks a box. The guide page at #<id> holds the result
  in short and prints it on one sheet, pointing to its own page (address and QR code), with the
  warning signs and the sources of its sentences.
- The PDF downloads: one page each, real text, title, language, headings tagged in order.
The total number of Letter sheets for the whole site is printed (not asserted)."""
from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from conftest import ROOT, configured_site_url, page_url
from macros.decision_tree import outcome_detail_sources, outcome_sources
from macros.handouts import ALL_HANDOUTS_PDF, pdf_path
from macros.qr import page_address
from macros.site_data import load_all
from pdf_text import flat, sheet_lines
from site_checks import html_pages, soup

SITE_URL = configured_site_url()
FORMATS = ["Letter", "A4"]
PT = 1.0  # pdfplumber sizes are in points
MAX_RESULT_SHEETS = 2
MARGIN_TEXT = re.compile(r"^(After CAR T|Page \d+ of \d+)")


@pytest.fixture(scope="module")
def data():
    return load_all(ROOT, ROOT / "docs")


def printed(page, url: str, fmt: str = "Letter") -> bytes:
    """Open a page and print it to PDF as Chromium's print dialog would (default margins, 100%)."""
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")  # (after emulating "screen", page.pdf would print screen CSS)
    return page.pdf(format=fmt)


def pdf_pages(pdf: bytes):
    return pdfplumber.open(io.BytesIO(pdf))


def page_margin() -> float:
    """The @page margin of print.css (top and bottom), in points: the running header, the page
    number and a handout's authorship line sit in it, and the page's own text never does."""
    css = (ROOT / "docs" / "assets" / "stylesheets" / "print.css").read_text(encoding="utf-8")
    return float(re.search(r"@page\s*{\s*margin:\s*([\d.]+)in", css).group(1)) * 72


PAGE_MARGIN = page_margin()


def lines_of(p) -> list[dict]:
    """Text lines of a PDF page, top to bottom, with their size, without the running header and
    the page number (the @page margin boxes: wholly inside the top or bottom margin)."""
    out = []
    for line in p.extract_text_lines(return_chars=True):
        if line["bottom"] <= PAGE_MARGIN + 0.5 or line["top"] >= p.height - PAGE_MARGIN - 0.5:
            continue
        # The line's text size is that of most of its letters: citation numbers ([1, 2]) are
        # set smaller on purpose and do not count.
        sizes = Counter(round(c["size"], 1) for c in line["chars"] if c["text"].strip() and not re.match(r"[\[\]\d,]", c["text"]))
        size = sizes.most_common(1)[0][0] if sizes else max(c["size"] for c in line["chars"])
        out.append({"text": line["text"], "top": line["top"], "bottom": line["bottom"], "size": size})
    return out


def content_html_pages(site_dir: Path) -> list[Path]:
    return [p for p in html_pages(site_dir) if "page-review" in p.read_text(encoding="utf-8")]


def handout_pages(site_dir: Path) -> list[Path]:
    return [p for p in html_pages(site_dir) if 'class="handout"' in p.read_text(encoding="utf-8")]


# ---------------------------------------------------------------- every page

def body_lines(page) -> list[dict]:
    """A pdfium sheet's text lines (tests/pdf_text.py) without the running header and the page
    number (wholly inside the top or bottom margin), as lines_of leaves them."""
    height = page.get_height()
    return [x for x in sheet_lines(page)
            if not (x["bottom"] <= PAGE_MARGIN + 0.5 or x["top"] >= height - PAGE_MARGIN - 0.5)]


def headings_last_on_a_sheet(doc, headings: list[str]) -> list[str]:
    """Sheets of a pdfium document (all but the last) whose last line is one of `headings`."""
    found = []
    for n in range(1, len(doc)):
        body = body_lines(doc[n - 1])
        if body and any(flat(body[-1]["text"]).startswith(flat(h)) for h in headings if len(h) > 3):
            found.append(f"sheet {n} ends with the heading {body[-1]['text']!r}")
    return found


def test_every_page_prints_with_its_identity_and_nothing_split(browser, server, site_dir):
    ctx = browser.new_context()
    page = ctx.new_page()
    problems, total, rows = [], 0, []
    for f in content_html_pages(site_dir):
        url = page_url(server, site_dir, f)
        rel = f.relative_to(site_dir).parent.as_posix()
        pdf = printed(page, url, "Letter")
        page.emulate_media(media="print")
        chrome = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-search', '.md-footer', '.md-banner']
            .filter(s => { const e = document.querySelector(s); return e && e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none'; })""")
        ticked = page.locator("article input[type=checkbox]:checked").count()
        boxes = page.evaluate("""() => [...document.querySelectorAll('article .task-list-indicator')].slice(0, 3).map(e => {
            const s = getComputedStyle(e, '::before'); return [s.borderTopStyle, s.borderTopWidth, s.backgroundColor]; })""")
        headings = [h.strip() for h in page.eval_on_selector_all(
            "article h2, article h3", "els => els.filter(e => e.offsetParent !== null).map(e => e.innerText)")]
        page.emulate_media(media="screen")
        if chrome:
            problems.append(f"{rel}: prints the site chrome {chrome}")
        if ticked:
            problems.append(f"{rel}: {ticked} tick boxes are ticked before anyone ticked them")
        for style, width, bg in boxes:
            if style == "none" or width == "0px" or bg not in ("rgba(0, 0, 0, 0)", "transparent"):
                problems.append(f"{rel}: a printed tick box is not an empty outlined box ({style} {width} {bg})")
                break
        doc = pdfium.PdfDocument(pdf)  # pdfium: every sheet is read, pdfplumber would take minutes
        try:
            n = len(doc)
            total += n
            rows.append((n, rel))
            first = "\n".join(x["text"] for x in sheet_lines(doc[0]))
            if len(first.strip()) < 200:
                problems.append(f"{rel}: the first sheet is (nearly) blank")
            letters = flat(first)
            if not rel.startswith("handouts"):
                address = page_address(SITE_URL, "" if rel == "." else rel + "/")
                if address.replace(" ", "") not in letters:
                    problems.append(f"{rel}: the first sheet does not show the address {address}")
                if "Pagelastreviewed" not in letters:
                    problems.append(f"{rel}: the first sheet does not show the review date")
                # A guide result's own page prints as the guide prints a result: its own warning
                # signs (with the fever and 911 lines) take the place of the one-line urgent help.
                own_warnings = rel.startswith("find-your-situation/results/") and "100.4" in letters and "911" in letters
                if "Inanemergency,call911" not in letters and not own_warnings:
                    problems.append(f"{rel}: the first sheet does not show the urgent-help line")
            problems += [f"{rel}: {x}" for x in headings_last_on_a_sheet(doc, headings)]
        finally:
            doc.close()
    ctx.close()
    print(f"\nLetter sheets for the whole site: {total} ({len(rows)} pages)")
    for n, rel in sorted(rows, reverse=True)[:8]:
        print(f"  {n:3d}  {rel}")
    assert not problems, "\n".join(problems)


def test_the_heading_check_finds_a_heading_alone_at_the_foot(browser):
    ctx = browser.new_context()
    page = ctx.new_page()
    # A tall empty block, then a heading at the foot of sheet 1, then a block too tall to follow it.
    page.set_content("<style>p,h2{margin:0;font:12pt sans-serif}</style><p>First sheet.</p>"
                     "<div style='height:9.2in'></div><h2>Alone at the foot</h2>"
                     "<div style='height:3in'></div><p>Next sheet.</p>")
    pdf = page.pdf(format="Letter", margin={"top": "0.6in", "bottom": "0.6in"})
    problems = headings_last_on_a_sheet(pdfium.PdfDocument(pdf), ["Alone at the foot"])
    ctx.close()
    assert problems and len(problems) == 1


def test_pdfium_reads_the_lines_pdfplumber_reads(browser, server, site_dir):
    """tests/pdf_text.py against pdfplumber on a page of several sheets with hyphenated
    addresses, citations and a table: the same lines, the same letters in each (spaces aside)."""
    ctx = browser.new_context()
    page = ctx.new_page()
    pdf = printed(page, server + "/understand/why-car-t-may-not-work/", "Letter")
    ctx.close()
    doc = pdfium.PdfDocument(pdf)
    with pdf_pages(pdf) as plumbed:
        assert len(plumbed.pages) == len(doc) >= 3
        for n, p in enumerate(plumbed.pages):
            expected = [flat(x["text"]) for x in lines_of(p)]
            assert [flat(x["text"]) for x in body_lines(doc[n])] == expected, f"sheet {n + 1}"
            if n == 0:
                assert flat("".join(x["text"] for x in sheet_lines(doc[0]))) == flat(p.extract_text())
    doc.close()


# ---------------------------------------------------------------- handouts and option sheets

def qr_addresses(pdf: bytes) -> list[str]:
    import pypdfium2 as pdfium
    import zxingcpp
    doc = pdfium.PdfDocument(pdf)
    image = doc[0].render(scale=4).to_pil()
    return [r.text for r in zxingcpp.read_barcodes(image)]


def size_problems(doc, questions: list[str]) -> list[str]:
    """Body text 12 pt or more; everything but the one-line sources 11 pt or more; every question printed."""
    problems = []
    texts = []
    for p in doc.pages:
        # Whole lines, and each half of the sheet on its own (questions may sit in two columns).
        texts += [p.extract_text() or "", p.crop((0, 0, p.width / 2, p.height)).extract_text() or "",
                  p.crop((p.width / 2, 0, p.width, p.height)).extract_text() or ""]
    flat = [re.sub(r"\s+", " ", t) for t in texts]
    for q in questions:
        if not any(q in t for t in flat):
            problems.append(f"question not printed: {q!r}")
    in_sources = False
    for line in lines_of(doc.pages[0]):
        in_sources = in_sources or line["text"].startswith("Sources:")
        if in_sources or re.fullmatch(r"[\[\]\d,\s]+", line["text"]):
            continue  # the short-form sources list at the foot, and a line of citation numbers
        if any(line["text"].strip().startswith(q[:30]) for q in questions) and line["size"] < 12 - 0.05:
            problems.append(f"question at {line['size']:.1f} pt: {line['text'][:60]!r}")
        elif line["size"] < 11 - 0.05 and not re.match(r"^\[\d+\]$|^\d+$", line["text"].strip()):
            problems.append(f"text at {line['size']:.1f} pt: {line['text'][:60]!r}")
    return problems


def test_each_handout_is_one_clean_sheet_on_letter_and_a4(browser, server, site_dir, data):
    ctx = browser.new_context()
    page = ctx.new_page()
    problems = []
    handouts = handout_pages(site_dir)
    assert len(handouts) >= 13, [p.relative_to(site_dir) for p in handouts]
    for f in handouts:
        rel = f.relative_to(site_dir).parent.as_posix()
        address = page_address(SITE_URL, rel + "/")
        url = page_url(server, site_dir, f)
        page.goto(url)
        questions = page.eval_on_selector_all(".handout-questions:not(.handout-questions--more) .handout-q label",
                                              "els => els.map(e => e.innerText.trim())")
        page.emulate_media(media="print")
        each_has_box_and_line = page.evaluate("""() => [...document.querySelectorAll('.handout-questions:not(.handout-questions--more) .handout-q')]
            .every(li => { const box = li.querySelector('input[type=checkbox]'), line = li.querySelector('.write-line');
                const b = box && box.getBoundingClientRect(), l = line && line.getBoundingClientRect();
                return b && b.width >= 10 && b.height >= 10 && l && l.width > 100 && getComputedStyle(line).borderBottomStyle !== 'none'; })""")
        page.emulate_media(media="screen")
        if not each_has_box_and_line:
            problems.append(f"{rel}: a question lacks its tick box or its line on paper")
        for fmt in FORMATS:
            pdf = printed(page, url, fmt)
            with pdf_pages(pdf) as doc:
                if len(doc.pages) != 1:
                    problems.append(f"{rel} ({fmt}): {len(doc.pages)} sheets, not 1")
                    continue
                text = re.sub(r"\s+", "", doc.pages[0].extract_text() or "")
                for need, what in [(address, "its address"), ("Pagelastreviewed", "the review date"),
                                   ("AfterCART", "the site name"), ("Printedon", "a printed date")]:
                    if need.replace(" ", "") not in text:
                        problems.append(f"{rel} ({fmt}): the sheet lacks {what}")
                if "Gethelprightaway" not in text and rel != "handouts/warning-signs":
                    problems.append(f"{rel} ({fmt}): no warning-signs line")
                problems += [f"{rel} ({fmt}): {x}" for x in size_problems(doc, questions)]
            if fmt == "Letter":
                codes = qr_addresses(pdf)
                if codes != [address]:
                    problems.append(f"{rel}: the printed QR code reads {codes}, not [{address!r}]")
    ctx.close()
    assert not problems, "\n".join(problems)


def test_the_size_check_rejects_small_text_and_a_dropped_question(browser):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.set_content("<p style='font:12pt sans-serif'>Is this question printed at 12 points?</p>"
                     "<p style='font:9pt sans-serif'>This line of ordinary text is far too small to read.</p>")
    pdf = page.pdf(format="Letter", margin={"top": "1in", "bottom": "1in"})
    ctx.close()
    with pdf_pages(pdf) as doc:
        problems = size_problems(doc, ["Is this question printed at 12 points?", "A question that is missing?"])
    assert any("missing" in p for p in problems)
    assert any("9.0 pt" in p for p in problems)
    assert not any("12 points" in p for p in problems)


def test_handout_pdfs_are_tagged_one_page_copies(site_dir):
    import pikepdf
    problems = []
    handouts = handout_pages(site_dir)
    for f in handouts:
        rel = f.relative_to(site_dir).parent.as_posix()
        target = site_dir / pdf_path(rel + ".md")
        if not target.exists():
            problems.append(f"{rel}: no PDF at {target.relative_to(site_dir)}")
            continue
        html = soup(f.read_text(encoding="utf-8"))
        title = html.title.get_text().strip()
        with pikepdf.open(target) as pdf:
            if len(pdf.pages) != 1:
                problems.append(f"{rel}: the PDF has {len(pdf.pages)} pages")
            info_title = str(pdf.open_metadata().get("dc:title", "")) or str(pdf.docinfo.get("/Title", ""))
            if info_title.strip() != title:
                problems.append(f"{rel}: PDF title {info_title!r} is not the page title {title!r}")
            if str(pdf.Root.get("/Lang", "")) != "en":
                problems.append(f"{rel}: PDF language {pdf.Root.get('/Lang')!r}, not 'en'")
            tags = [str(el.get("/S")) for el in _struct_elements(pdf.Root.get("/StructTreeRoot"))]
            heads = [t for t in tags if re.fullmatch(r"/H[1-6]", t)]
            if not heads or heads[0] != "/H1":
                problems.append(f"{rel}: the tagged PDF does not start its headings with H1 ({heads[:5]})")
            elif any(int(b[2]) > int(a[2]) + 1 for a, b in zip(heads, heads[1:])):
                problems.append(f"{rel}: heading levels skip in the tagged PDF ({heads})")
        with pdfplumber.open(target) as doc:
            text = doc.pages[0].extract_text() or ""
            if re.sub(r"\s+|¶", "", html.h1.get_text()) not in re.sub(r"\s+", "", text):
                problems.append(f"{rel}: the PDF text lacks its title")
    with pikepdf.open(site_dir / ALL_HANDOUTS_PDF) as pdf:
        if len(pdf.pages) != len(handouts):
            problems.append(f"all-handouts.pdf has {len(pdf.pages)} pages for {len(handouts)} handouts")
    assert not problems, "\n".join(problems)


def _struct_elements(node, depth=0):
    """Walk a PDF structure tree (dictionaries with /K kids) in reading order."""
    import pikepdf
    if node is None or depth > 60:
        return
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if isinstance(node, pikepdf.Dictionary) and "/S" in node:
        yield node
    if kids is None:
        return
    if isinstance(kids, pikepdf.Array):
        for k in kids:
            if isinstance(k, pikepdf.Dictionary):
                yield from _struct_elements(k, depth + 1)
    elif isinstance(kids, pikepdf.Dictionary):
        yield from _struct_elements(kids, depth + 1)


# ---------------------------------------------------------------- guide results

def printed_result_problems(page, n, data, on_guide: bool) -> tuple[list[str], int]:
    """What the printed result `n` lacks, opened at `page`'s current address (the guide page at
    #<id>, or the result's own page), and how many Letter sheets it takes."""
    tree = data.tree
    problems = []
    page.emulate_media(media="print")
    shown = page.eval_on_selector_all(".guide-node", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")
    refs = page.eval_on_selector_all(".result-sources [data-source], .page-sources li",
                                     "els => els.filter(e => e.getClientRects().length > 0).map(e => e.dataset.source || e.id)")
    page.emulate_media(media="screen")
    if shown != ([n.id] if on_guide else [""]):
        problems.append(f"{n.id}: paper shows {shown}, not just this result")
    cancer = data.cancers.of_node(n.id)
    outlook = cancer.outlook if cancer else []
    details = outcome_detail_sources(tree, n, outlook)
    expected = [s for s in outcome_sources(tree, n, outlook) if s not in details]
    if sorted(refs) != sorted(expected):
        problems.append(f"{n.id}: prints the sources {sorted(refs)}, expected its own {sorted(expected)}")
    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter")
    with pdf_pages(pdf) as doc:
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in doc.pages))
        # 12 pt text; 11 pt for the facts, the outlook and the warning box; 9.5 pt for the
        # words, the sources and who wrote it.
        sheets = len(doc.pages)
        if len(doc.pages) > MAX_RESULT_SHEETS:
            problems.append(f"{n.id}: {len(doc.pages)} Letter sheets ({MAX_RESULT_SHEETS} or fewer)")
        if f"find-your-situation/results/{n.id}/" not in text:
            problems.append(f"{n.id}: the printed address is not the result's own page")
        if re.sub(r"\s+", "", n.title) not in text:
            problems.append(f"{n.id}: the printed result lacks its title")
        if "100.4" not in text or "911" not in text:
            problems.append(f"{n.id}: the printed result has no warning signs")
        if "Wordsusedonthispage" not in text:
            problems.append(f"{n.id}: the printed result does not explain its words")
        if "Whatitislike:" in text or "handouts/#list" not in text:
            problems.append(f"{n.id}: the printed summary has the options' details, or not where the option sheets are")
    return problems, sheets


def printed_summary_problems(page, n, data) -> tuple[list[str], int]:
    """What the guide page, opened at the result `n` (#<id>), lacks on paper: it prints the result
    in short as a pointer to the full result (its title, what it means and the sources of those
    sentences, a note that the full result is on its own page, that page's address and QR code,
    the warning signs), alone, on one Letter sheet."""
    from macros.claims import claim_sources
    from macros.decision_tree import SUMMARY_CLAIMS
    problems = []
    page.emulate_media(media="print")
    shown = page.eval_on_selector_all(".guide-node", "els => els.filter(e => e.offsetParent !== null).map(e => e.id)")
    refs = page.eval_on_selector_all(".result-sources [data-source], .page-sources li",
                                     "els => els.filter(e => e.getClientRects().length > 0).map(e => e.dataset.source || e.id)")
    qr = page.locator(f"#{n.id} .result-address__qr").is_visible()
    if shown != [n.id]:
        problems.append(f"{n.id}: paper shows {shown}, not just this result")
    expected = claim_sources(n.summary[:SUMMARY_CLAIMS])
    if sorted(refs) != sorted(expected):
        problems.append(f"{n.id}: prints the sources {sorted(refs)}, expected its summary's {sorted(expected)}")
    if not qr:
        problems.append(f"{n.id}: no QR code on paper")
    with pdf_pages(page.pdf(format="Letter")) as doc:
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in doc.pages))
        sheets = len(doc.pages)
    page.emulate_media(media="screen")
    if sheets != 1:
        problems.append(f"{n.id}: the printed summary takes {sheets} Letter sheets (1)")
    if f"find-your-situation/results/{n.id}/" not in text:
        problems.append(f"{n.id}: the printed address is not the result's own page")
    for what, words in (("title", n.title), ("meaning", n.summary[0].text),
                        ("note that the full result is on its own page", data.words("guide.summary_print_note"))):
        if re.sub(r"\s+", "", words) not in text:
            problems.append(f"{n.id}: the printed summary lacks its {what}")
    if "100.4" not in text or "911" not in text:
        problems.append(f"{n.id}: the printed result has no warning signs")
    return problems, sheets


def test_each_guide_result_prints_alone_in_short_with_its_own_address_qr_code_and_warnings(browser, server, data):
    """The guide page at #<id> holds the result in short (the full result is on its own page,
    test_each_result_page_prints_as_the_guide_prints_that_result): its paper points there."""
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    problems = []
    for n in data.tree.outcomes():
        page.goto(f"{server}/find-your-situation/#{n.id}")
        if page.locator(f"section.guide-outcome:target#{n.id}").count() != 1:
            problems.append(f"{n.id}: the address does not open this result")
            continue
        problems += printed_summary_problems(page, n, data)[0]
    ctx.close()
    assert not problems, "\n".join(problems)


def test_the_printed_summary_check_notices_a_missing_warning_and_qr_code(browser, server, data):
    ctx = browser.new_context(bypass_csp=True)  # add_style_tag needs scripts
    page = ctx.new_page()
    n = data.tree.outcomes()[0]
    page.goto(f"{server}/find-your-situation/#{n.id}")
    assert printed_summary_problems(page, n, data)[0] == []
    page.add_style_tag(content="@media print { .guide-help, .result-address__qr { display: none !important; } }")
    found = printed_summary_problems(page, n, data)[0]
    ctx.close()
    assert found == [f"{n.id}: no QR code on paper", f"{n.id}: the printed result has no warning signs"], found


def test_each_result_page_prints_as_the_guide_prints_that_result(browser, server, data):
    """A result's own page (find-your-situation/results/<id>/) prints the result in full (as the
    guide page printed it before it held results in short)."""
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    problems, sheets = [], []
    for n in data.tree.outcomes():
        page.goto(f"{server}/find-your-situation/results/{n.id}/")
        found, count = printed_result_problems(page, n, data, on_guide=False)
        problems += found
        sheets.append(count)
    ctx.close()
    print(f"\nresult pages on Letter: {dict(sorted(Counter(sheets).items()))} (sheets: results)")
    assert not problems, "\n".join(problems)


def test_a_result_prints_its_options_details_when_the_reader_asks(browser, server, data):
    """Ticking "also print" adds each option's details and the sources only they cite (no script)."""
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    n = max(data.tree.outcomes(), key=lambda o: len(o.options))
    cancer = data.cancers.of_node(n.id)
    page.goto(f"{server}/find-your-situation/results/{n.id}/")
    page.locator(".guide-own-page .print-choice__box").check()
    page.emulate_media(media="print")
    refs = page.eval_on_selector_all(".guide-own-page .result-sources [data-source]",
                                     "els => els.filter(e => e.getClientRects().length > 0).map(e => e.dataset.source)")
    with pdf_pages(page.pdf(format="Letter")) as doc:
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in doc.pages))
    ctx.close()
    assert sorted(refs) == sorted(outcome_sources(data.tree, n, cancer.outlook if cancer else []))
    assert text.count("Whatitislike:") == len(n.options) and text.count("Withoutit:") == len(n.options)
    assert "handouts/#list" not in text


def test_a_missing_result_id_fails_instead_of_falling_back(browser, server):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{server}/find-your-situation/#no-such-result")
    assert page.locator("section.guide-outcome:target").count() == 0
    ctx.close()


def test_a_guide_result_qr_code_reads_its_own_address(browser, server, data):
    ctx = browser.new_context()
    page = ctx.new_page()
    node = data.tree.outcomes()[-1]
    page.goto(f"{server}/find-your-situation/#{node.id}")
    page.wait_for_load_state("load")
    page.emulate_media(media="print")  # the lazy QR image loads for print, as in a real print
    pdf = page.pdf(format="Letter")
    ctx.close()
    import pypdfium2 as pdfium
    import zxingcpp
    found = []
    for p in pdfium.PdfDocument(pdf):
        found += [r.text for r in zxingcpp.read_barcodes(p.render(scale=4).to_pil())]
    assert page_address(SITE_URL, f"find-your-situation/results/{node.id}/") in found, found


# ---------------------------------------------------------------- FAQ answers fold on screen

def faq_answers_missing_on_paper(page, url: str, extra_css: str = "") -> list[str]:
    """The first words of each folded FAQ answer that the printed PDF leaves out. `extra_css`
    lets the check be shown failing (answers kept folded on paper)."""
    page.goto(url)
    page.wait_for_load_state("load")
    if extra_css:
        page.add_style_tag(content=extra_css)
    starts = page.evaluate("""() => [...document.querySelectorAll('details.faq')].map(d => {
        const first = d.querySelector(':scope > p, :scope > ol, :scope > ul');
        if (!first) return '';
        const words = first.cloneNode(true);
        words.querySelectorAll('.term__tip, sup.cite').forEach(e => e.remove());
        return words.textContent.trim().split(/\\s+/).slice(0, 8).join(' ');
    })""")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter")
    page.emulate_media(media="screen")
    with pdf_pages(pdf) as doc:
        text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in doc.pages))
    return [s for s in starts if not s or re.sub(r"\s+", "", s) not in text]


def test_faq_answers_open_one_at_a_time_on_a_phone_and_all_print_open(browser, server, site_dir):
    """A phone reader sees the questions and opens one answer at a time; on paper every answer
    prints open. (That search finds each answer's section: tests/test_search.py.)"""
    url = page_url(server, site_dir, site_dir / "plan" / "faq" / "index.html")
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.goto(url)
    answers = page.locator("article details.faq")
    n = answers.count()
    questions = page.locator("article h2 + details.faq").count()
    assert n >= 15 and questions == n, f"{n} folded answers, {questions} right under their question"
    assert page.evaluate("() => [...document.querySelectorAll('details.faq')].every(d => !d.open)")
    for i in (0, n - 1):
        answers.nth(i).locator("summary").tap()
        opened = page.evaluate("() => [...document.querySelectorAll('details.faq')].map(d => d.open)")
        assert opened.count(True) == 1 and opened[i], f"tapping answer {i + 1} opened {opened}"
        assert answers.nth(i).locator("p").first.is_visible()
        answers.nth(i).locator("summary").tap()
    assert page.evaluate("() => [...document.querySelectorAll('details.faq')].every(d => !d.open)")
    page = browser.new_context().new_page()
    assert faq_answers_missing_on_paper(page, url) == []
    # The fixture's style is added inline, which the site's policy blocks (style-src 'self'):
    # its page is told to ignore the policy.
    page = browser.new_context(bypass_csp=True).new_page()
    folded = faq_answers_missing_on_paper(
        page, url, "@media print { .md-typeset details.faq::details-content { display: none !important; } }")
    assert len(folded) == n, "the check did not notice answers left folded on paper"


def test_one_function_writes_every_sheet_s_margin_boxes():
    """macros/print_header.margin_boxes writes the page's own print header and a handout's footer,
    a center's attribution and a preview build's "Preview copy": each box only when it applies."""
    from macros.print_header import margin_boxes, print_header_css
    from macros import center as center_copy, site_config
    from conftest import WORDS

    assert margin_boxes() == "@page {  }"
    header = margin_boxes(name="After CAR T", title="Fever")
    assert "@top-left" in header and "@top-right" in header and "@bottom" not in header
    handout = margin_boxes(name="After CAR T", title="Fever", footer="Written by X.", attribution="Adapted by Y.")
    assert handout.count("@bottom-left") == 1 and "Written by X." in handout and "Adapted by Y." not in handout
    assert print_header_css("After CAR T", "Fever", "Written by X.") == handout.replace("Adapted by Y.", "") + "\n"
    center = center_copy.print_css({"name": "Example Cancer Center"}, WORDS, "https://x.org/")
    assert center == "@media print {\n  " + margin_boxes(attribution=WORDS("center.adapted", center="Example Cancer Center",
                                                                          source="https://x.org/")) + "\n}\n"
    assert "@top" not in center and "@bottom-right" not in center
    preview = site_config.preview_paper_css("https://after-car-t.example.org/", WORDS)[0][1]
    assert f'"{WORDS("site.preview_paper")} · {WORDS("print.page")} " counter(page) " {WORDS("print.of")} " counter(pages)' in preview
    assert "@bottom-left" not in preview and "@top" not in preview
    assert site_config.preview_paper_css("https://after-car-t.org/", WORDS) == ()
