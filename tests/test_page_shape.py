"""Every medical page has the shape patients need (PEMAT: a summary and a tangible tool):
a "Key points" summary right after the title, what you can do now, a way to urgent help,
and a checklist of 5 to 10 questions to ask.

A guide result's own page (find-your-situation/results/<id>/, macros/result_pages.py) has a
shape of its own, like a handout: its situation as the H1, the way back to the guide, the
result's summary, outlook and options (each with its main risks and questions), the warning
signs, its own address with its QR code, and its sources."""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from macros.site_data import load_all

MEDICAL = ("understand/", "options/", "living/", "plan/", "find-your-situation/", "cancers/")
RESULTS = "find-your-situation/results/"


def shape_problems(html: str, questions: bool = True) -> list[str]:
    art = BeautifulSoup(html, "lxml").select_one("article.md-content__inner")
    out = []
    h1 = art.find("h1")
    first = h1.find_next_sibling() if h1 else None
    if not (first and "admonition" in first.get("class", []) and "Key points" in first.get_text()):
        out.append("no 'Key points' box right after the title")
    if not art.find(id="what-you-can-do-now"):
        out.append("no 'What you can do now' section")
    if not art.select("a[href*='#get-help-now']") and not art.find(id="get-help-now"):
        out.append("no way to the urgent-help warning signs")
    if questions:
        q = art.find(id="questions")
        lst = q.find_next_sibling("ul") if q else None
        n = len(lst.select("li.task-list-item")) if lst else 0
        if not 5 <= n <= 10:
            out.append(f"questions checklist has {n} items (5-10 needed)")
    return out


@pytest.fixture(scope="module")
def data():
    return load_all(ROOT, ROOT / "docs")


def result_shape_problems(html: str, node_id: str) -> list[str]:
    """What a guide result's own page lacks of its shape."""
    art = BeautifulSoup(html, "lxml").select_one("article.md-content__inner")
    out = []
    h1 = art.find("h1")
    if not (h1 and h1.get("id") == node_id):
        out.append(f"no H1 with the id '{node_id}'")
    section = art.select_one("section.guide-outcome.guide-own-page")
    if section is None:
        return out + ["no result section (section.guide-outcome.guide-own-page)"]
    if not section.select("a[href*='find-your-situation/'], a[href^='../../']"):
        out.append("no link back to the guide")
    options = section.select(".guide-option")
    if len(options) < 2:
        out.append(f"{len(options)} options (2 or more needed)")
    for o in options:
        if "Main risks:" not in o.get_text() or not o.select(".guide-option__ask + ul li"):
            out.append(f"option '{o.get('id')}' has no main risks or no questions")
    if not section.select(".guide-warning a[href*='#get-help-now']"):
        out.append("no warning signs with the way to urgent help")
    img = section.select_one(".result-address img.result-address__qr")
    if img is None or not re.search(rf"/qr/{re.escape(node_id)}\.svg$", img.get("src", "")):
        out.append("no QR code of its own")
    if not section.select(".result-sources [data-source]"):
        out.append("no sources of its own")
    return out


def test_every_medical_page_has_summary_actions_urgent_help_and_questions(site_dir):
    problems = []
    for page in sorted(site_dir.rglob("index.html")):
        rel = page.relative_to(site_dir).parent.as_posix() + "/"
        if rel.startswith(RESULTS):
            continue  # their own shape: below
        if not rel.startswith(MEDICAL):
            continue
        for p in shape_problems(page.read_text(encoding="utf-8"), questions=rel != "find-your-situation/"):
            problems.append(f"{rel}: {p}")
    assert not problems, "\n".join(problems)


def test_the_shape_check_rejects_a_page_without_them():
    bare = '<article class="md-content__inner"><h1>T</h1><p>Text.</p></article>'
    assert len(shape_problems(bare)) == 4


def test_every_guide_result_page_has_the_shape_of_a_result(site_dir, data):
    problems = []
    pages = sorted((site_dir / RESULTS).glob("*/index.html"))
    assert len(pages) == len(data.tree.outcomes())
    for page in pages:
        node_id = page.parent.name
        problems += [f"{RESULTS}{node_id}/: {p}" for p in result_shape_problems(page.read_text(encoding="utf-8"), node_id)]
    assert not problems, "\n".join(problems)


def test_the_result_shape_check_rejects_a_bare_page_and_a_result_without_its_parts(site_dir):
    bare = '<article class="md-content__inner"><h1 id="x">T</h1><p>Text.</p></article>'
    assert result_shape_problems(bare, "x") == ["no result section (section.guide-outcome.guide-own-page)"]
    page = next((site_dir / RESULTS).glob("*/index.html"))
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    for sel in (".guide-warning", ".result-address", ".result-sources"):
        soup.select_one(sel).decompose()
    assert len(result_shape_problems(str(soup), page.parent.name)) == 3
    assert result_shape_problems(page.read_text(encoding="utf-8"), "another-id")[0] == "no H1 with the id 'another-id'"
