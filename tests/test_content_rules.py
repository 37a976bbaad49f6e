"""Content rules from the second edition, checked on the built site (each rule also has a
fixture that proves the check can fail):

- no decimal in a natural frequency ("0.7 out of 100" -> "7 out of 1,000");
- every phone number is a tel: link, and every tel: link dials a number from get-help.yml;
- references show no editors' notes;
- every claim in the guide and the options comparison carries its own citation;
- no glossary explanation inside a longer name that means something else;
- key points are at least body size; urgent help can be reached at 320 px on a deep link."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, page_url, WORDS
from macros.get_help import PHONE
from macros.site_data import load_all, organisation_names
from macros.term_markdown import TermMatcher
from page_text import article, body_text, content_pages, remove
from site_checks import soup

DECIMAL_FREQUENCY = re.compile(r"\b\d+\.\d+\s+(?:out of|in|per)\s+\d[\d,]*\b", re.I)


@pytest.fixture(scope="module")
def data():
    return load_all(ROOT, ROOT / "docs")


# ---------------------------------------------------------------- natural frequencies

def decimal_frequencies(html: str) -> list[str]:
    return [m.group(0) for m in DECIMAL_FREQUENCY.finditer(body_text(html)[0])]


def test_no_decimal_in_any_out_of_or_in_frequency(site_dir):
    problems = []
    for page in content_pages(site_dir):
        rel = page.relative_to(site_dir).parent.as_posix()
        problems += [f"{rel}: '{x}'" for x in decimal_frequencies(page.read_text(encoding="utf-8"))]
    assert not problems, "write whole numbers, e.g. 7 out of 1,000:\n" + "\n".join(problems)


def test_the_frequency_check_rejects_fractional_people():
    bad = '<article class="md-content__inner"><p>About 0.7 out of 100 people had it. 4.3 in 100 reports.</p></article>'
    assert decimal_frequencies(bad) == ["0.7 out of 100", "4.3 in 100"]
    good = '<article class="md-content__inner"><p>About 7 out of 1,000 people. Median 5.2 months.</p></article>'
    assert decimal_frequencies(good) == []


# ---------------------------------------------------------------- phone numbers

def phone_problems(html: str, dials: set[str]) -> list[str]:
    """Phone numbers in the page's text that are not inside a tel: link, and tel: links that
    dial a number that is not in get-help.yml."""
    s = soup(html)
    # A picture (inline SVG) cannot hold a link: its words are its text alternative, and the page
    # around it gives the number as a link (pictures.py draws from get-help.yml's numbers).
    for el in s.select("script, style, svg, .md-search, [data-search-exclude].page-sources, .page-sources, .result-sources, .bibliography"):
        el.decompose()
    problems = []
    for text in s.find_all(string=True):
        for m in PHONE.finditer(str(text)):
            link = text.find_parent("a")
            if not (link and link.get("href", "").startswith("tel:")):
                problems.append(f"number not linked: {m.group(0)!r} in {str(text).strip()[:80]!r}")
    for a in s.select("a[href^='tel:']"):
        if a["href"][4:] not in dials:
            problems.append(f"tel: link to a number not in get-help.yml: {a['href']}")
    return problems


def test_every_phone_number_is_a_tel_link_from_get_help(site_dir, pages, data):
    dials = {line.dial for line in data.get_help.lines.values()}
    problems = []
    for page in pages:
        rel = page.relative_to(site_dir).as_posix()
        problems += [f"{rel}: {p}" for p in phone_problems(page.read_text(encoding="utf-8"), dials)]
    assert not problems, "\n".join(problems)


def test_the_phone_check_rejects_a_typed_number():
    html = ('<p>Call 1-800-422-6237 or <a href="tel:911">911</a>. Text 988. '
            '<a href="tel:+15550100">555-0100</a> Median 5.2 months; 911 reports.</p>')
    problems = phone_problems(html, {"911"})
    assert any("1-800-422-6237" in p for p in problems)
    assert any("988" in p for p in problems)
    assert any("+15550100" in p for p in problems)
    assert phone_problems('<p>Call <a href="tel:911">911</a> now.</p>', {"911"}) == []
    assert phone_problems('<figure><svg role="img"><text>Call 911</text></svg><p>Call 911.</p></figure>', {"911"}) == [
        "number not linked: '911' in 'Call 911.'"]


# ---------------------------------------------------------------- references

EDITOR_WORDS = re.compile(r"see link|fact base|not (?:fully )?verified|not confirmed|not checked|PMID from|"
                          r"the id says|details not", re.I)


def reference_problems(html: str, notes: list[str]) -> list[str]:
    s = soup(html)
    refs = s.select(".page-sources li, .result-sources li, .bibliography li")
    problems = []
    for li in refs:
        text = li.get_text(" ", strip=True)
        if EDITOR_WORDS.search(text):
            problems.append(f"editors' words in a reference: {text[:120]}")
        for note in notes:
            if note[:60] in text:
                problems.append(f"a source's note is shown: {note[:60]}")
    return problems


def test_references_show_only_what_readers_need(site_dir, pages, data):
    notes = [s.note for s in data.sources.values() if s.note]
    problems = []
    for page in pages:
        rel = page.relative_to(site_dir).as_posix()
        problems += [f"{rel}: {p}" for p in reference_problems(page.read_text(encoding="utf-8"), notes)]
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_reference_check_rejects_editors_notes():
    html = '<div class="page-sources"><ol><li>Study authors (see link). A title.</li><li>Smith J. T. Checked by hand.</li></ol></div>'
    problems = reference_problems(html, ["Checked by hand."])
    assert len(problems) == 2


# ---------------------------------------------------------------- cited claims in guide text

def uncited_blocks(html: str, selectors: list[str]) -> list[str]:
    s = soup(html)
    out = []
    for sel in selectors:
        for el in s.select(sel):
            if not el.select("sup.cite a[href^='#source-']"):
                out.append(el.get_text(" ", strip=True)[:100])
    return out


GUIDE_TEXT = [".guide-outcome > p:not(.guide-options-intro):not(.guide-restart):not(.guide-choice-note):not(.result-sources)"
              ":not(.print-choice):not(.print-summary-note):not(.result-top-address):not(.guide-own-page-link)"
              ":not(.guide-own-page__from):not(.paper-fields):not(.guide-summary__note)",
              ".guide-option p:not(.guide-option__ask):not(.guide-option__more):not(.guide-option__name)",
              ".guide-option__facts li"]


def test_every_clinical_sentence_in_the_guide_cites_its_own_sources(site_dir, data):
    missing = []
    # The guide page, and each result's own page (find-your-situation/results/<id>/).
    for page in [site_dir / "find-your-situation" / "index.html"] + sorted((site_dir / "find-your-situation" / "results").glob("*/index.html")):
        missing += [f"{page.parent.name}: {m}" for m in uncited_blocks(page.read_text(encoding="utf-8"), GUIDE_TEXT)]
    assert not missing, "\n".join(missing)
    # Each claim is followed by its own citation, so a block has as many citations as claims: the
    # guide page shows a result's first SUMMARY_CLAIMS claims, its own page all of them.
    from macros.decision_tree import SUMMARY_CLAIMS
    s = soup((site_dir / "find-your-situation" / "index.html").read_text(encoding="utf-8"))
    for n in data.tree.outcomes():
        sec = s.find(id=n.id)
        summary = sec.select_one(":scope > p:not(.print-only)")
        assert len(summary.select("sup.cite")) == min(len(n.summary), SUMMARY_CLAIMS), n.id
        own = soup((site_dir / "find-your-situation" / "results" / n.id / "index.html").read_text(encoding="utf-8"))
        summary = own.select_one(".guide-outcome").select_one(":scope > p:not(.print-only):not(.guide-own-page__from)")
        assert len(summary.select("sup.cite")) == len(n.summary), f"{n.id} (its own page)"


def test_every_cell_of_the_options_comparison_cites_its_sources(site_dir):
    for page in ("options/index.html", "options/compare/index.html"):  # the summary, the tables
        html = (site_dir / page).read_text(encoding="utf-8")
        assert html.count("<td>") >= 14, page
        missing = uncited_blocks(html, ["article table td:nth-child(2)"])
        assert not missing, f"{page}:\n" + "\n".join(missing)


def test_the_claim_check_rejects_an_uncited_sentence():
    html = ('<section class="guide-outcome"><p>Half lived longer than 5 months.</p>'
            '<div class="guide-option"><p>It helps. <sup class="cite"><a href="#source-x">1</a></sup></p></div></section>')
    assert uncited_blocks(html, GUIDE_TEXT) == ["Half lived longer than 5 months."]


# ---------------------------------------------------------------- explanations inside longer names

def explained_inside_longer_names(html: str, protected: list[str], names_of) -> list[str]:
    """Explained words that sit inside a longer protected phrase (an organisation or another
    glossary name) which is not one of the explained term's own names."""
    s = soup(html)
    for tip in s.select(".term__tip"):
        tip.decompose()
    # Each text inside an explained word -> (its nearest .term__word, that word's nearest block,
    # its term id): found once per word, not once per text of every block.
    in_word: dict[int, tuple] = {}
    for word in s.select(".term__word"):  # document order: an inner word comes after its outer one
        where = (word, word.find_parent(["p", "li", "td", "dd"]), word.find_parent(class_="term"))
        for node in word.find_all(string=True):
            in_word[id(node)] = where
    patterns = {phrase: re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.I) for phrase in protected}
    problems = []
    for block in s.select("p, li, td, dd"):
        pieces, spans, start = [], [], 0
        for node in block.find_all(string=True):
            pieces.append(str(node))
            where = in_word.get(id(node))
            if where is not None and where[1] is block:
                spans.append((start, start + len(node), where[2]["data-term"], str(node)))
            start += len(node)
        visible = "".join(pieces)
        found: dict[str, list] = {}  # each phrase's places in this block, looked for once
        for start, end, tid, word in spans:
            own = {n.lower() for n in names_of(tid)}
            for phrase in protected:
                if phrase.lower() in own or len(phrase) <= len(word):
                    continue
                if phrase not in found:
                    found[phrase] = [(m.start(), m.end()) for m in patterns[phrase].finditer(visible)]
                for m_start, m_end in found[phrase]:
                    if m_start <= start and end <= m_end:
                        problems.append(f"'{word}' explained inside '{phrase}'")
    return problems


def test_no_explained_word_sits_inside_a_longer_name(site_dir, pages, data):
    protected = organisation_names(data.sources, data.get_help)
    protected += [n for t in data.terms.values() for n in t.names if " " in n]
    problems = []
    for page in pages:
        rel = page.relative_to(site_dir).as_posix()
        problems += [f"{rel}: {p}" for p in
                     explained_inside_longer_names(page.read_text(encoding="utf-8"), protected,
                                                   lambda tid: data.terms[tid].names)]
    assert not problems, "\n".join(sorted(set(problems)))


def test_the_longer_name_check_catches_an_alias_inside_a_phrase(data):
    """A fixture alias 'oncologist' on one term, a protected phrase 'radiation oncologist': the
    matcher without protection explains it wrongly and the check fails; with the phrase
    protected, the matcher leaves it alone."""
    from markdown import Markdown
    from macros.glossary import Term
    from macros.term_markdown import TermExtension
    terms = {"hem": Term(id="hem", term="hematologist-oncologist", aliases=["oncologist"],
                         definition="A blood cancer doctor.", sources=["s"])}
    text = "See a radiation oncologist. Blood Cancer United helps."
    names = lambda tid: terms[tid].names
    bad = Markdown(extensions=[TermExtension(TermMatcher(terms), WORDS)]).convert(text)
    assert explained_inside_longer_names(bad, ["radiation oncologist"], names)
    good = Markdown(extensions=[TermExtension(TermMatcher(terms, ["radiation oncologist"]), WORDS)]).convert(text)
    assert not explained_inside_longer_names(good, ["radiation oncologist"], names)


# ---------------------------------------------------------------- in the browser

def test_key_points_are_at_least_body_size(browser, server, site_dir):
    ctx = browser.new_context(viewport={"width": 375, "height": 800})
    page = ctx.new_page()
    problems = []
    for p in content_pages(site_dir):
        page.goto(page_url(server, site_dir, p))
        sizes = page.evaluate("""() => {
            const kp = document.querySelector('article .admonition li, article .admonition p:not(.admonition-title)');
            const body = [...document.querySelectorAll('article > p')].find(e => !e.closest('.admonition'));
            if (!kp || !body) return null;
            return [parseFloat(getComputedStyle(kp).fontSize), parseFloat(getComputedStyle(body).fontSize)];
        }""")
        if sizes and sizes[0] + 0.1 < sizes[1]:
            problems.append(f"{p.relative_to(site_dir).parent}: key points {sizes[0]}px < body {sizes[1]}px")
    ctx.close()
    assert not problems, "\n".join(problems)


def urgent_help_is_reachable(page) -> str | None:
    """None if the urgent-help control is on screen, on top (elementFromPoint at its centre) and
    leads to the warning signs; else what is wrong."""
    box = page.locator(".urgent-button").bounding_box()
    if not box:
        return "no urgent-help control"
    vw = page.viewport_size["width"]
    if box["x"] < 0 or box["x"] + box["width"] > vw or box["y"] < 0:
        return f"urgent-help control is off screen: {box}"
    hit = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y); return e && !!e.closest('.urgent-button'); }",
                        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    if not hit:
        return "something covers the urgent-help control"
    if box["width"] < 24 or box["height"] < 24:
        return f"urgent-help control is smaller than 24 x 24 px: {box}"
    if "#get-help-now" not in (page.locator(".urgent-button").get_attribute("href") or ""):
        return "urgent-help control does not lead to the warning signs"
    return None


def test_urgent_help_is_one_tap_away_at_320px_on_a_deep_link(browser, server, data):
    ctx = browser.new_context(viewport={"width": 320, "height": 640})
    page = ctx.new_page()
    targets = [f"/find-your-situation/#{n.id}" for n in data.tree.outcomes()[:: max(1, len(data.tree.outcomes()) // 6)]]
    targets += ["/plan/faq/#how-long", "/living/health-and-safety/#second-cancers", "/cancers/multiple-myeloma/#questions"]
    problems = []
    for t in targets:
        page.goto(server + t)
        page.wait_for_timeout(100)
        for scroll in (None, 1500):
            if scroll:
                page.mouse.wheel(0, scroll)
                page.wait_for_timeout(150)
            r = urgent_help_is_reachable(page)
            if r:
                problems.append(f"{t} (scrolled {scroll or 0}px): {r}")
    ctx.close()
    assert not problems, "\n".join(problems)


def test_the_urgent_help_check_fails_when_the_control_is_covered(browser):
    ctx = browser.new_context(viewport={"width": 320, "height": 640})
    page = ctx.new_page()
    page.set_content('<a class="urgent-button" href="/x#get-help-now" style="position:fixed;top:5px;left:5px;'
                     'padding:10px">Urgent help</a><div style="position:fixed;inset:0;background:#fff"></div>')
    assert urgent_help_is_reachable(page) == "something covers the urgent-help control"
    ctx.close()
