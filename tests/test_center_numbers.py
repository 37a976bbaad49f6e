"""A cancer center's own numbers (mkdocs.yml, extra.center) wherever the guide says to call the
care team: the warning signs (full and short), guide results, the urgent-help banner, the
handouts, the wallet card and the care-team sheet, as tel: links (macros/center_numbers.py).

One extra build per test session: a copy of the project whose mkdocs.yml gives numbers in the
fictional range, (212) 555-0100 by day and (212) 555-0101 day and night. The project's own build
(no numbers) must not change at all: without numbers every function gives back its words as
they were (the unit tests below; scripts/compare_builds.py shows it for a whole build)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, WORDS, run_build
from macros import center_numbers as cn
from macros import handouts
from macros.data_files import CONFIG_FILE

DAY, DAY_DIAL = "(212) 555-0100", "+12125550100"
NIGHT, NIGHT_DIAL = "(212) 555-0101", "+12125550101"
CENTER = {"day_phone": DAY, "day_phone_dial": None, "night_phone": NIGHT, "night_phone_dial": NIGHT_DIAL}
NIGHT_LINK = f'<a class="tel" href="tel:{NIGHT_DIAL}">{NIGHT}</a>'
DAY_LINK = f'<a class="tel" href="tel:{DAY_DIAL}">{DAY}</a>'


# ---------------------------------------------------------------- the check over a built page

TEL = "\u260e"  # stands in for the center's tel: link while sentences are read
# A sentence says the number when it names it, or when it tells the reader to call the care team
# at once ("Call your care team right away if ...", "a fever needs a call to your care team right
# away"): data texts said so without the number (cancers.yml, glossary.yml, strings.yml).
SAYS_NUMBER = re.compile(r"24-hour (?:phone )?(?:number|line)|\bcalls? (?:to )?(?:your|the) care team\b.*"
                         r"\b(?:right away|straight away|at once|now|day or night|even at night)\b", re.I)
UNITS = ("p", "li", "tr", "dd", "dt", "summary", "figcaption", "caption")


def sentences_without_number(html: str, dial: str) -> list[str]:
    """Every sentence of the page's body (the banner, the content, the handouts, table rows as one
    sentence each) that mentions the 24-hour number without a tel: link dialling `dial`.
    Headings are left out (a link in a heading is not wanted), and so are questions (a sentence
    ending in '?': questions.yml's "Can you write down ... your 24-hour number for us?" asks the
    team to write it down; it does not tell the reader to call)."""
    body = BeautifulSoup(html, "lxml").body
    if body is None:
        return []
    for el in body.select("script, style, nav, h1, h2, h3, h4, h5, h6"):
        el.decompose()
    for a in body.select(f'a[href="tel:{dial}"]'):
        a.replace_with(TEL)
    for cell in body.select("td, th"):
        cell.insert(0, " ")  # a row is read as one sentence, its cells apart
    out = []
    for el in body.find_all(UNITS):
        text = "".join(str(t) for t in el.find_all(string=True) if t.find_parent(UNITS) is el)
        for sentence in re.split(r"(?<=[.!?])\s+", re.sub(r"\s+", " ", text).strip()):
            if SAYS_NUMBER.search(sentence) and TEL not in sentence and not sentence.endswith("?"):
                out.append(sentence)
    return out


def test_the_sentence_check_finds_a_sentence_without_the_link():
    page = ("<html><body><p class='urgent-help'>Call your care team's 24-hour number, "
            f"<a href='tel:{NIGHT_DIAL}'>{NIGHT}</a>, now.</p><p>Keep your care team's 24-hour number with you. "
            "Rest well.</p><table><tr><td>24-hour number</td><td>_____</td></tr></table>"
            "<h2>Your 24-hour number</h2><p>Can you write down your 24-hour number for us?</p></body></html>")
    assert sentences_without_number(page, NIGHT_DIAL) == ["Keep your care team's 24-hour number with you.",
                                                         "24-hour number _____"]
    # Telling the reader to call the care team at once is saying the number too.
    urgent = ("<p>Call your care team right away if your legs feel weak.</p><dl><dd>It raises the risk of "
              "infection, so a fever needs a call to your care team right away.</dd></dl>"
              "<p>Call your care team if you cannot keep your medicines down.</p>")
    assert sentences_without_number(urgent, NIGHT_DIAL) == [
        "Call your care team right away if your legs feel weak.",
        "It raises the risk of infection, so a fever needs a call to your care team right away."]
    # Another number's link does not count.
    assert sentences_without_number(f"<p>Call the 24-hour line, <a href='tel:{DAY_DIAL}'>{DAY}</a>.</p>",
                                    NIGHT_DIAL) == [f"Call the 24-hour line, {DAY}."]


# ---------------------------------------------------------------- unit tests of center_numbers.py

def test_dial_uses_the_dial_string_or_reads_the_number():
    assert cn.dial(CENTER, "night_phone") == NIGHT_DIAL
    assert cn.dial(CENTER, "day_phone") == DAY_DIAL          # no dial string: the number, read as US
    assert cn.dial({"day_phone": "1-800-422-6237"}, "day_phone") == "+18004226237"
    assert cn.dial(None, "night_phone") is None
    assert cn.dial({"night_phone": None, "night_phone_dial": None}, "night_phone") is None


def test_tel_link_is_escaped_and_absent_without_a_number():
    assert cn.tel_link(CENTER, "night_phone") == NIGHT_LINK
    assert cn.tel_link({"day_phone": "<b>1</b>", "day_phone_dial": "+1"}, "day_phone") == \
        '<a class="tel" href="tel:+1">&lt;b&gt;1&lt;/b&gt;</a>'
    assert cn.tel_link({}, "day_phone") is None


@pytest.mark.parametrize("following, end", [
    (".", True), (", so the two teams", True), (":", True), (")", True), (" | &nbsp; |", True), ("", True),
    ("\nnext line", True), (" right away", False), (" for a fever", False), ("</strong>, even", False),
    (' <sup class="cite" data-search-exclude>[<a href="#s1">1</a>]</sup>.', True),
    (' <sup class="cite" data-search-exclude>[<a href="#s1">1</a>]</sup> and more', False),
])
def test_a_comma_follows_the_number_only_inside_a_sentence(following, end):
    assert cn.at_end(following) is end


def test_attach_adds_the_number_after_the_words_only_with_a_number():
    text = "Call your care team's 24-hour number right away. Or call your care team's 24-hour number."
    assert cn.Numbers(None, WORDS).attach(text) == text
    assert cn.Numbers({"day_phone": DAY}, WORDS).attach(text) == text   # a day number only: not the 24-hour one
    assert cn.Numbers(CENTER, WORDS).attach(text) == (
        f"Call your care team's 24-hour number, {NIGHT_LINK}, right away. "
        f"Or call your care team's 24-hour number, {NIGHT_LINK}.")


def test_attach_finds_the_words_escaped_for_html_and_never_adds_the_number_twice():
    numbers = cn.Numbers(CENTER, WORDS)
    for apostrophe in ("&#39;", "&#x27;"):
        text = f"Your care team{apostrophe}s 24-hour number now."
        assert numbers.attach(text) == f"Your care team{apostrophe}s 24-hour number, {NIGHT_LINK}, now."
    once = numbers.attach("call your care team's 24-hour number for a fever.")
    assert numbers.attach(once) == once


def test_attach_page_adds_the_number_to_data_texts_but_not_in_tags_links_headings_or_pictures():
    numbers = cn.Numbers(CENTER, WORDS)
    page = ("<h2>Your care team's 24-hour number</h2>"
            "<p>Call your care team's 24-hour number right away if your legs feel weak.</p>"
            "<dd>a fever needs a call to your care team&#x27;s 24-hour number right away.</dd>"
            "<p title=\"your care team's 24-hour number\">Save <a href='#x'>your care team's 24-hour number</a>.</p>"
            "<svg><title>your care team's 24-hour number</title></svg>"
            f"<p>Call your care team's 24-hour number, {NIGHT_LINK}, now.</p>")
    assert numbers.attach_page(page) == (
        "<h2>Your care team's 24-hour number</h2>"
        f"<p>Call your care team's 24-hour number, {NIGHT_LINK}, right away if your legs feel weak.</p>"
        f"<dd>a fever needs a call to your care team&#x27;s 24-hour number, {NIGHT_LINK}, right away.</dd>"
        "<p title=\"your care team's 24-hour number\">Save <a href='#x'>your care team's 24-hour number</a>.</p>"
        "<svg><title>your care team's 24-hour number</title></svg>"
        f"<p>Call your care team's 24-hour number, {NIGHT_LINK}, now.</p>")
    assert cn.Numbers(None, WORDS).attach_page(page) == page
    assert cn.Numbers({"day_phone": DAY}, WORDS).attach_page(page) == page
    assert cn.text_spans("<p>a<a>b</a>c<br>d</p>") == [(3, 4), (12, 13), (17, 18)]


def test_attach_any_is_for_descriptions_and_leaves_plural_numbers():
    numbers = cn.Numbers(CENTER, WORDS)
    assert numbers.attach_any("with your center's 24-hour number and the signs.") == \
        f"with your center's 24-hour number, {NIGHT_LINK}, and the signs."
    assert numbers.attach_any("both 24-hour numbers") == "both 24-hour numbers"
    assert cn.Numbers(None, WORDS).attach_any("your 24-hour number.") == "your 24-hour number."


def test_the_macro_marks_are_placed_or_removed():
    with_numbers, without = cn.Numbers(CENTER, WORDS), cn.Numbers(None, WORDS)
    page = (f"Call {with_numbers.say()} right away. Keep {with_numbers.say('your team’s numbers', 'both')} "
            f"with you. | {with_numbers.say('Your line', 'day')} |")
    assert without.place(page) == ("Call your care team's 24-hour number right away. Keep your team’s numbers "
                                   "with you. | Your line |")
    assert with_numbers.place(page) == (
        f"Call your care team's 24-hour number, {NIGHT_LINK}, right away. Keep your team’s numbers, "
        f"{DAY_LINK} and {NIGHT_LINK}, with you. | Your line, {DAY_LINK} |")
    assert cn.MARK not in with_numbers.place(page) + without.place(page)
    only_night = cn.Numbers({"night_phone": NIGHT}, WORDS)
    assert only_night.place(f"Keep {only_night.say('both numbers', 'both')}.") == f"Keep both numbers, {NIGHT_LINK}."
    with pytest.raises(ValueError, match="night"):
        with_numbers.say("x", "evening")


def test_the_wallet_card_names_the_center_and_its_number(data):
    card = handouts.wallet_card(data.get_help, {**CENTER, "name": "Example <Cancer> Center"}, WORDS)
    assert f'{WORDS("handouts.wallet_center")} <span class="wallet-value">Example &lt;Cancer&gt; Center</span>' in card
    assert f'{WORDS("handouts.wallet_number")} {NIGHT_LINK}' in card
    blank = handouts.wallet_card(data.get_help, None, WORDS)
    assert "wallet-value" not in blank and "tel:+1212" not in blank
    assert blank.count('class="write-lines"') == card.count('class="write-lines"') + 2


@pytest.fixture(scope="module")
def data():
    from macros.site_data import load_all
    return load_all(ROOT, ROOT / "docs")


# ---------------------------------------------------------------- the center's build

def built(test):
    """A test of the center's build: it makes a build of its own (the slow group "builds")."""
    return pytest.mark.slow(pytest.mark.builds(test))


@pytest.fixture(scope="session")
def center_site(tmp_path_factory) -> Path:
    """The project built once with a center's numbers in mkdocs.yml."""
    tmp = tmp_path_factory.mktemp("center-numbers")
    project = tmp / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
        ".venv", "site", ".git", ".pytest_cache", "__pycache__", "benchmark-work"))
    cfg = project / CONFIG_FILE
    text = cfg.read_text(encoding="utf-8")
    for key, value in (("day_phone", f"'{DAY}'"), ("night_phone", f"'{NIGHT}'"), ("night_phone_dial", f"'{NIGHT_DIAL}'")):
        text, n = re.subn(rf"(?m)^(    {key}): null$", rf"\1: {value}", text)
        assert n == 1, f"mkdocs.yml has no 'extra.center.{key}: null' line to fill in"
    cfg.write_text(text, encoding="utf-8")
    site = tmp / "site"
    result = run_build(site, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")


def night_links(el) -> list:
    return el.select(f'a.tel[href="tel:{NIGHT_DIAL}"]')


@built
def test_every_sentence_about_the_24_hour_number_carries_its_link(center_site):
    from site_checks import html_pages
    pages = html_pages(center_site)
    problems = [f"{p.relative_to(center_site)}: {s}" for p in pages
                for s in sentences_without_number(p.read_text(encoding="utf-8"), NIGHT_DIAL)]
    assert not problems, "\n".join(problems)
    assert len(pages) > 40


@built
def test_the_banner_and_its_printed_copy_show_the_number(center_site):
    for path in ("index.html", "living/health-and-safety/index.html", "404.html"):
        banner = page(center_site, path).select_one(".urgent-help")
        assert banner is not None and [a.get_text() for a in night_links(banner)] == [NIGHT], path
    printed = page(center_site, "index.html").select_one(".print-urgent")
    assert [a.get_text() for a in night_links(printed)] == [NIGHT]


@built
def test_the_warning_signs_section_full_and_short(center_site):
    s = page(center_site, "living/health-and-safety/index.html")
    full = s.select_one(".warning-signs")
    assert night_links(full), "the full warning signs have no tel: link to the 24-hour number"
    assert f"24-hour number, {NIGHT}, right away" in full.get_text()
    short = page(center_site, "cancers/multiple-myeloma/index.html").select_one("#get-help")
    assert short is not None and night_links(short.find_next("p"))


@built
def test_every_guide_result_shows_the_number(center_site):
    """Each result in full (its own page) shows the number; the guide page holds each result in
    short, with a link to its warning signs (#get-help), which show it."""
    guide = page(center_site, "find-your-situation/index.html")
    results = guide.select("section.guide-outcome")
    assert len(results) > 10
    assert [r["id"] for r in results if not r.select_one("a[href='#get-help']")] == []
    assert night_links(guide.select_one(".guide-help"))
    missing = [r["id"] for r in results
               if not night_links(page(center_site, f"find-your-situation/results/{r['id']}/index.html").select_one(".guide-own-page"))]
    assert missing == []


@built
def test_the_warning_signs_handout_fills_both_boxes(center_site):
    s = page(center_site, "handouts/warning-signs/index.html")
    boxes = [b.select_one("a.tel") for b in s.select(".number-box")]
    assert [(a["href"], a.get_text()) for a in boxes] == [(f"tel:{DAY_DIAL}", DAY), (f"tel:{NIGHT_DIAL}", NIGHT)]
    assert not s.select(".number-box .write-lines")
    assert night_links(s.select_one(".handout-warning"))


@built
def test_the_wallet_card_and_the_care_team_sheet_are_filled(center_site):
    card = page(center_site, "handouts/wallet-card/index.html").select_one(".wallet-card__front")
    assert [a.get_text() for a in night_links(card)] == [NIGHT]
    rows = {tr.select_one("td").get_text(strip=True): tr for tr in
            page(center_site, "handouts/care-team/index.html").select("table tr") if tr.select_one("td")}
    assert [a.get_text() for a in night_links(rows["24-hour number (nights and weekends)"])] == [NIGHT]
    assert [a["href"] for a in rows["My cancer doctor"].select("a.tel")] == [f"tel:{DAY_DIAL}"]
    assert not rows["My nurse or nurse navigator"].select("a.tel")


@built
def test_the_centers_handouts_stay_one_sheet_with_the_number_on_paper(center_site, browser):
    """Printed as Chromium's print dialog would, each handout of the center's build is still one
    sheet on Letter and A4, and the sheets that say to call the care team print its number."""
    import io

    import pdfplumber

    from conftest import serving
    from test_print import FORMATS, handout_pages, printed
    problems, with_number = [], 0
    with serving(center_site) as base:
        ctx = browser.new_context()
        tab = ctx.new_page()
        for f in handout_pages(center_site):
            rel = f.relative_to(center_site).parent.as_posix()
            for fmt in FORMATS:
                with pdfplumber.open(io.BytesIO(printed(tab, f"{base}/{rel}/", fmt))) as doc:
                    if len(doc.pages) != 1:
                        problems.append(f"{rel} ({fmt}): {len(doc.pages)} sheets, not 1")
                        continue
                    text = doc.pages[0].extract_text() or ""
                    says = "24-hour number" in re.sub(r"\s+", " ", text)
                    if says and NIGHT not in text:
                        problems.append(f"{rel} ({fmt}): says the 24-hour number but does not print {NIGHT}")
                    with_number += says and NIGHT in text
        ctx.close()
    assert not problems, "\n".join(problems)
    assert with_number >= 2 * 3  # at least the warning signs, the wallet card and the care-team sheet
