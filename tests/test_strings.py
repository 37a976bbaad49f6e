"""Every word the site shows outside page content comes from strings.yml (pseudo-localization).

A copy of the project is built with a strings file in which every text is wrapped in ⟦ ⟧. In
that build, any visible text (and any alt text or label a screen reader reads) that is neither
wrapped nor page content (Markdown in docs/, the data files, the site's name and menu from
mkdocs.yml, Material's own translated words) was written somewhere else: in a template, a macro,
a script or a stylesheet. The builder's script is run in Chromium so the words it inserts are
checked too, and the printed page numbers in the stylesheet. A fixture with one hard-coded label
proves the check can fail."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Comment

from conftest import ROOT, SITE_INPUTS, run_build, serving
from macros.strings import FILE as STRINGS_FILE

OPEN, CLOSE = "⟦", "⟧"
WRAPPED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", re.S)
MATERIAL_WORDS = Path(__import__("material").__file__).parent / "templates" / "partials" / "languages" / "en.html"
READ_ALOUD = ("alt", "aria-label", "title", "placeholder")


def pseudo(text: str) -> str:
    """strings.yml with every text wrapped in ⟦ ⟧ ({names} and leading Markdown kept working)."""
    data = yaml.safe_load(text)
    out = {group: {key: f"{OPEN}{value}{CLOSE}" for key, value in texts.items()} for group, texts in data.items()}
    return yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=1000)


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    # A macro call in a page: only the words written in it are page content.
    # (a keyword's value, such as kind="both", is a setting, not words).
    text = re.sub(r"\{\{(.*?)\}\}", lambda m: " | ".join(re.findall(r'"([^"]*)"', re.sub(r'\w+\s*=\s*"[^"]*"', "", m.group(1))))
                  or " ", text)
    text = re.sub(r"[*_#>`\[\]\\|,]", " ", text)
    text = re.sub(r"(?<![\w-])\d[\d.,]*(?![\w-])", " ", text)  # numbers are not words
    return re.sub(r"\s+", " ", text).strip()


def content_corpus() -> str:
    """What the site may show that is page content or configuration, normalized."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md"))]
    for name in SITE_INPUTS:
        if name.endswith(".yml") and name != STRINGS_FILE:
            parts.append((ROOT / name).read_text(encoding="utf-8"))
    parts += re.findall(r'"[a-z.]+": "([^"]*)"', MATERIAL_WORDS.read_text(encoding="utf-8"))
    return _norm("\n".join(parts))


# Where a text may be cut into pieces that are each content: brackets, list and sentence marks,
# the " - " of a page title, the break between two text nodes.
PIECES = re.compile(r"[\n():;,·•|?!\"]|\s-\s|\.\s")
ADDRESS = re.compile(r"://|^www\.|\.(org|gov|com)\b|^doi:|^[\w./-]*\d[\w./-]*$")


def unwrapped(text: str, corpus: str) -> list[str]:
    """The pieces of `text` that are neither wrapped in ⟦ ⟧ nor content (a wrapped text may
    span several elements, so the whole text is taken at once)."""
    rest = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'").replace("…", " ")
    while WRAPPED.search(rest):  # innermost first: a wrapped text may hold another (an explanation)
        rest = WRAPPED.sub("\n", rest)
    out = []
    for piece in PIECES.split(rest):
        piece = _norm(piece).strip(" .-/'")
        if not re.search(r"[a-z]{2}", piece) or ADDRESS.search(piece) or piece in corpus:
            continue
        out.append(piece)
    return out


def chrome_text(html: str, corpus: str) -> list[str]:
    """Visible and read-aloud texts of a page that do not come from strings.yml or content."""
    soup = BeautifulSoup(html, "lxml")
    for el in soup(["script", "style", "noscript", "template"]):
        el.decompose()
    nodes = [str(n) for n in soup.find_all(string=True) if not isinstance(n, Comment) and n.strip()]
    found = [f"text {p!r}" for p in unwrapped("\n".join(nodes), corpus)]
    for el in soup.find_all(True):
        for attr in READ_ALOUD:
            if el.get(attr):
                found += [f"{attr}={p!r} on <{el.name}>" for p in unwrapped(str(el[attr]), corpus)]
    return found


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("pseudo") / "p"
    project.mkdir()
    for name in SITE_INPUTS + ["scripts"]:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
    strings = project / STRINGS_FILE
    strings.write_text(pseudo(strings.read_text(encoding="utf-8")), encoding="utf-8")
    site = project / "site"
    result = run_build(site, cwd=project)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return site


@pytest.fixture(scope="module")
def corpus() -> str:
    return content_corpus()


def test_every_word_outside_page_content_comes_from_the_strings_file(pseudo_site, corpus):
    problems = []
    for page in sorted(pseudo_site.rglob("*.html")):
        problems += [f"{page.relative_to(pseudo_site)}: {p}" for p in chrome_text(page.read_text(encoding="utf-8"), corpus)]
    assert problems == [], "\n".join(problems[:40])
    stylesheet = next((pseudo_site / "assets" / "stylesheets").glob("site.*.css"))  # print.css is joined into it
    assert f"{OPEN}Page{CLOSE}" in stylesheet.read_text(encoding="utf-8")


def test_the_words_a_script_inserts_come_from_the_strings_file(pseudo_site, corpus, browser):
    with serving(pseudo_site) as base:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/handouts/questions/")
        builder = page.locator("[data-builder]")
        builder.locator("button.md-button").first.click()  # "Add" with nothing typed: a status message
        page.wait_for_timeout(200)
        html = builder.evaluate("el => el.outerHTML")
        page.close()
    assert errors == []
    texts = chrome_text(html, corpus)
    assert texts == [], texts
    assert html.count(OPEN) >= 8, "the builder's own words are wrapped"


def test_the_check_finds_a_hard_coded_label():
    corpus = _norm("Tests after CAR T. Fever is a warning sign.")
    page = (f"<header><a aria-label='{OPEN}Urgent help{CLOSE}'>{OPEN}Urgent help{CLOSE}</a></header>"
            "<main><h1>Tests after CAR T</h1><p>Fever is a warning sign.</p>"
            "<p class='print-only'>Hidden label written in a template</p>"
            f"<img alt='{OPEN}QR code{CLOSE}' src='x.svg'><button aria-label='Close this box'>x</button></main>")
    found = chrome_text(page, corpus)
    assert found == ["text 'hidden label written in a template'", "aria-label='close this box' on <button>"]


def test_the_review_status_is_written_once():
    """"Not yet reviewed by a doctor or nurse." is one text (handouts.review_status); every page's
    who-made-it line (site.who_made_it) fills it in rather than repeating it."""
    texts = yaml.safe_load((ROOT / STRINGS_FILE).read_text(encoding="utf-8"))
    saying = [f"{g}.{k}" for g, group in texts.items() for k, v in group.items()
              if "not yet reviewed by a doctor or nurse" in str(v).lower()]
    assert saying == ["handouts.review_status"], f"strings.yml says it in {saying}: keep one text and fill it in"
    assert "{review_status}" in texts["site"]["who_made_it"]
