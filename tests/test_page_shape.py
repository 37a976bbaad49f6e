"""Every medical page has the shape patients need (PEMAT: a summary and a tangible tool):
a "Key points" summary right after the title, what you can do now, a way to urgent help,
and a checklist of 5 to 10 questions to ask."""
from __future__ import annotations

from bs4 import BeautifulSoup

MEDICAL = ("understand/", "options/", "living/", "plan/", "find-your-situation/", "cancers/")


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


def test_every_medical_page_has_summary_actions_urgent_help_and_questions(site_dir):
    problems = []
    for page in sorted(site_dir.rglob("index.html")):
        rel = page.relative_to(site_dir).parent.as_posix() + "/"
        if not rel.startswith(MEDICAL):
            continue
        for p in shape_problems(page.read_text(encoding="utf-8"), questions=rel != "find-your-situation/"):
            problems.append(f"{rel}: {p}")
    assert not problems, "\n".join(problems)


def test_the_shape_check_rejects_a_page_without_them():
    bare = '<article class="md-content__inner"><h1>T</h1><p>Text.</p></article>'
    assert len(shape_problems(bare)) == 4
