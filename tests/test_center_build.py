"""A cancer center's own copy, built from its overlay file as `make center` does
(examples/center/mkdocs.yml: the fictional Example Cancer Center). One build, shared by every
test of the run (center_site), checked as a center's web manager and its patients would:

- it builds strictly from the overlay file alone (paths from the project's folder);
- its name and logo in the header, its attribution in the footer, its colors in the stylesheet
  and on screen; its numbers as tel: links on the warning-signs sheet and the wallet card;
- its reviewer on every page and in every page's JSON-LD reviewedBy, and a page changed upstream
  after the sign-off says so;
- no page says the guide was not reviewed by a doctor or nurse, nor names the public issue
  tracker: its "report a mistake" links lead to the center's own address;
- on paper: every handout keeps "Adapted by ... from After CAR T, CC BY 4.0" and the source
  address, on one sheet of Letter and of A4;
- axe finds nothing at 1280 and 375 px on a few pages with the center's colors;
- the main guide's build never mentions the example center."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import pdfplumber
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, built_once, page_url, run_build, serving
from macros import center as center_copy
from macros.site_data import load_all
from site_checks import axe_violations, html_pages

OVERLAY = ROOT / "examples" / "center" / "mkdocs.yml"
NAME = "Example Cancer Center"
REVIEWER = "Dr. Alex Example"
SOURCE = "https://after-car-t.example.org/"
ADAPTED = f"Adapted by {NAME} from After CAR T, CC BY 4.0. Source: {SOURCE}"
NOT_REVIEWED = re.compile(r"not (yet )?reviewed by a doctor or nurse|no doctor or nurse has reviewed|"
                          r"no clinician has reviewed", re.I)
TRACKER = re.compile(r"issue tracker|github\.com", re.I)
AXE_PAGES = ["", "about/", "privacy/", "living/health-and-safety/", "handouts/warning-signs/"]


def overlay_values() -> dict:
    return yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))["extra"]["center"]


@pytest.fixture(scope="session")
def center_site(tmp_path_factory) -> Path:
    """The example center's copy, built once per run (scripts/build.py --config-file, as `make center`)."""
    def build(out: Path) -> None:
        result = run_build(out, config=OVERLAY)
        assert result.returncode == 0, f"the example center's strict build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return built_once(tmp_path_factory, "center-site", build)


@pytest.fixture(scope="session")
def center_pages(center_site) -> list[Path]:
    return html_pages(center_site)


def built_folder(src: str) -> str:
    """A page's folder in the built site: 'about.md' -> 'about', 'options/index.md' -> 'options'."""
    stem = src[: -len(".md")]
    return stem[: -len("index")].rstrip("/") if stem == "index" or stem.endswith("/index") else stem


def text_of(path: Path) -> str:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    for el in soup(["script", "style"]):
        el.decompose()
    return re.sub(r"\s+", " ", soup.get_text(" "))


def test_the_example_builds_from_its_overlay_file_alone(center_site):
    assert (center_site / "index.html").is_file()
    folder = OVERLAY.parent
    assert sorted(p.name for p in folder.iterdir()) == ["center.css", "logo.svg", "mkdocs.yml"], \
        "the example is one overlay file with its logo and stylesheet beside it"
    assert "INHERIT: ../../mkdocs.yml" in OVERLAY.read_text(encoding="utf-8")


def test_its_name_logo_and_attribution_on_every_page(center_site, center_pages):
    problems = []
    assert (center_site / "assets/images/center-logo.svg").read_bytes() == (OVERLAY.parent / "logo.svg").read_bytes()
    for page in center_pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        rel = page.relative_to(center_site).as_posix()
        header = soup.select_one(".md-header__topic .center-name")
        if header is None or header.get_text(strip=True) != "Example CC":
            problems.append(f"{rel}: the header lacks the center's short name")
        logo = soup.select_one(".md-header .md-logo img")
        if logo is None or not logo["src"].endswith("assets/images/center-logo.svg"):
            problems.append(f"{rel}: the header lacks the center's logo")
        footer = soup.select_one(".md-footer .center-attribution")
        if footer is None or footer.get_text(" ", strip=True) != ADAPTED:
            problems.append(f"{rel}: the footer lacks the attribution")
    assert not problems, "\n".join(problems[:20])


def test_its_colors_are_in_the_stylesheet_not_inline(center_site):
    css = next((center_site / "assets/stylesheets").glob("site.*.css")).read_text(encoding="utf-8")
    colors = overlay_values()["colors"]
    assert f"--md-primary-fg-color: {colors['primary']};" in css
    assert f"--md-accent-fg-color: {colors['accent']};" in css
    assert ".center-attribution" in css, "the center's own stylesheet is joined to the site's"
    home = (center_site / "index.html").read_text(encoding="utf-8")
    assert colors["primary"] not in home, "a color written into the page (inline style) instead of the stylesheet"


def test_its_numbers_are_tel_links_on_the_warning_signs_sheet_and_wallet_card(center_site):
    values = overlay_values()
    for sheet in ("handouts/warning-signs/index.html", "handouts/wallet-card/index.html"):
        soup = BeautifulSoup((center_site / sheet).read_text(encoding="utf-8"), "lxml")
        links = {a["href"]: a.get_text(strip=True) for a in soup.select('a[href^="tel:"]')}
        assert links.get(f"tel:{values['night_phone_dial']}") == values["night_phone"], (sheet, links)


def test_its_reviewer_on_every_page_and_in_structured_data(center_site, center_pages):
    problems = []
    for page in center_pages:
        rel = page.relative_to(center_site).as_posix()
        html = page.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "lxml")
        if soup.select_one(".page-review") is None:
            continue  # the not-found page has no review
        is_handout = soup.select_one(".handout") is not None
        where = soup.select_one(".handout-identity__adapted" if is_handout else ".page-review__reviewer")
        if where is None or f"Reviewed for {NAME} by {REVIEWER}, MD" not in re.sub(r"\s+", " ", where.get_text(" ")):
            problems.append(f"{rel}: no reviewer line")
        blocks = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
        pages = [o for block in blocks for o in block if o["@type"] in ("MedicalWebPage", "WebPage")]
        if not pages or any(o.get("reviewedBy", {}).get("name") != REVIEWER or o.get("publisher", {}).get("name") != NAME
                            for o in pages):
            problems.append(f"{rel}: JSON-LD lacks reviewedBy {REVIEWER} or publisher {NAME}")
    assert not problems, "\n".join(problems[:20])


def test_a_page_changed_since_the_sign_off_says_so(center_site):
    """Every page with a review date: the note shows exactly when the page changed upstream
    (its last review, or a change-log entry naming it) after the reviewer's date."""
    data = load_all(ROOT, ROOT / "docs")
    signed = overlay_values()["reviewer"]["reviewed_on"]
    said, expected = set(), set()
    for info in data.pages:
        src = info.path[len("docs/"):]
        changed = center_copy.last_changed(src, info.meta.get("last_reviewed"), data.changes)
        built = center_site / built_folder(src) / "index.html"
        if not built.is_file() or not info.meta.get("last_reviewed"):
            continue
        if changed and changed > signed:
            expected.add(src)
        soup = BeautifulSoup(built.read_text(encoding="utf-8"), "lxml")
        note = soup.select_one(".page-review__changed")
        if note is not None:
            assert f"has changed since {REVIEWER} reviewed it on December 1, 2026" in note.get_text(), src
            said.add(src)
        sheet = soup.select_one(".handout-identity__adapted")
        if sheet is not None and "has changed since then" in sheet.get_text():
            said.add(src)
    assert expected, "the example's sign-off date should predate some upstream change (fixture for the check)"
    assert said == expected, (sorted(said - expected), sorted(expected - said))
    assert len(expected) < len([p for p in data.pages if p.meta.get("last_reviewed")]), "every page flagged"


def test_no_page_says_unreviewed_or_names_the_public_tracker(center_site, center_pages):
    problems = []
    report = overlay_values()["report_problem_url"]
    for page in center_pages:
        rel = page.relative_to(center_site).as_posix()
        text = text_of(page)
        if NOT_REVIEWED.search(text):
            problems.append(f"{rel}: says {NOT_REVIEWED.search(text).group(0)!r}")
        if TRACKER.search(text):
            problems.append(f"{rel}: names {TRACKER.search(text).group(0)!r}")
        for a in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select("a[href]"):
            if "github.com" in a["href"]:
                problems.append(f"{rel}: links to {a['href']}")
    assert not problems, "\n".join(problems[:20])
    about = text_of(center_site / "about/index.html")
    assert f"What {NAME} changed in this copy" in about and "fictional" in about
    assert f"{REVIEWER}, MD, cellular therapy physician (fictional) reviewed this copy for {NAME}" in about
    privacy = text_of(center_site / "privacy/index.html")
    assert overlay_values()["privacy_contact"] in privacy
    for page in ("about", "privacy", "accessibility"):
        hrefs = [a["href"] for a in BeautifulSoup((center_site / page / "index.html").read_text(encoding="utf-8"), "lxml").select("a[href]")]
        assert report in hrefs, f"{page}: no link to the center's own report address"


def test_the_checks_find_unreviewed_words_and_the_tracker():
    """Fixtures: the main guide's own words are caught by the two checks above."""
    from conftest import WORDS
    assert NOT_REVIEWED.search(WORDS("site.who_made_it", review_status=WORDS("handouts.review_status"))) and NOT_REVIEWED.search(WORDS("copy.about_review"))
    assert TRACKER.search(WORDS("copy.about_report")) and TRACKER.search(WORDS("copy.privacy_report"))


def test_every_handout_keeps_the_attribution_on_one_printed_sheet(browser, center_site):
    handouts = sorted(p for p in center_site.joinpath("handouts").rglob("index.html") if p.parent.name != "handouts")
    assert len(handouts) >= 13
    problems = []
    with serving(center_site) as base:
        page = browser.new_page()
        for f in handouts:
            rel = f.relative_to(center_site).parent.as_posix()
            for fmt in ("Letter", "A4"):
                page.goto(page_url(base, center_site, f))
                page.emulate_media(media="print")
                with pdfplumber.open(io.BytesIO(page.pdf(format=fmt))) as doc:
                    if len(doc.pages) != 1:
                        problems.append(f"{rel} ({fmt}): {len(doc.pages)} sheets, not 1")
                    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in doc.pages))
                if ADAPTED.replace(" ", "") not in text:
                    problems.append(f"{rel} ({fmt}): no attribution with the source address on paper")
                page.emulate_media(media="screen")
        # A page that is not a handout: the attribution once, in the foot margin.
        page.goto(f"{base}/options/")
        page.emulate_media(media="print")
        with pdfplumber.open(io.BytesIO(page.pdf(format="Letter"))) as doc:
            first = re.sub(r"\s+", "", doc.pages[0].extract_text() or "")
        if ADAPTED.replace(" ", "") not in first or NAME.replace(" ", "") not in first:
            problems.append("options/: the first printed sheet lacks the center's name or the attribution")
        if first.count(ADAPTED.replace(" ", "")) > 1:
            problems.append(f"options/: the first printed sheet shows the attribution {first.count(ADAPTED.replace(' ', ''))} times, not once")
        page.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [1280, 375])
def test_axe_finds_nothing_with_the_centers_colors(browser, center_site, width):
    problems = []
    with serving(center_site) as base:
        ctx = browser.new_context(viewport={"width": width, "height": 800})
        page = ctx.new_page()
        for rel in AXE_PAGES:
            page.goto(f"{base}/{rel}")
            header = page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
            if header != "rgb(122, 31, 61)":
                problems.append(f"{rel or 'home'}: the header is {header}, not the center's primary color")
            problems += [f"{rel or 'home'}: {v}" for v in axe_violations(page)]
        ctx.close()
    assert not problems, "\n".join(problems)


def test_the_main_guide_never_mentions_the_example_center(site_dir):
    found = [p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")
             if p.is_file() and p.suffix in (".html", ".css", ".js", ".json", ".xml", ".txt") and
             (NAME in p.read_text(encoding="utf-8", errors="replace") or "Example CC" in p.read_text(encoding="utf-8", errors="replace"))]
    assert found == [], found
