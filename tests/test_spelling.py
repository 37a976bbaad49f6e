"""Spelling: codespell over the sources, and hunspell (en_US) over every built page's text,
allowing only glossary terms and aliases, names that appear in sources.yml, and the short
project word list (drug and trial names) in tests/wordlist.txt. Also catches "a" before a
vowel sound and "Car T" casing."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from macros.glossary import load_glossary
from macros.sources import load_sources
from page_text import ADDED_BY_SITE, CITATIONS, article, body_text, content_pages, remove

WORDS = re.compile(r"[A-Za-z][A-Za-z’']*[A-Za-z]|[A-Za-z]")
DICT = "/usr/share/hunspell/en_US"


def allowed_words() -> set[str]:
    """Glossary names, words of source authors, titles and journals, and tests/wordlist.txt."""
    words = set()
    for t in load_glossary(ROOT / "glossary.yml").values():
        for name in t.names + [t.expansion or ""]:
            words.update(w.lower() for w in WORDS.findall(name))
    for s in load_sources(ROOT / "sources.yml").values():
        for text in (s.authors or "", s.title, s.container):
            words.update(w.lower() for w in WORDS.findall(text))
    for line in (ROOT / "tests" / "wordlist.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            words.add(line.lower())
    return words


def page_words(html: str) -> str:
    """The article's words, headings included; no site additions, citations, code or web addresses."""
    art = article(html)
    if art is None:
        return ""
    remove(art, ADDED_BY_SITE + CITATIONS + ["code"])
    for el in art.select("a[href^='http']"):
        if el.get_text(strip=True).startswith(("http", "www")) or "." in el.get_text(strip=True):
            el.decompose()
    text = art.get_text(" ")
    return re.sub(r"\S+\.(org|gov|com|net|uk)\S*", " ", text)


def test_codespell_finds_no_misspellings():
    targets = ["docs", "glossary.yml", "sources.yml", "decision-tree.yml", "README.md", "EDITING.md", "FIELDS.md"]
    exe = Path(sys.executable).parent / "codespell"
    r = subprocess.run([str(exe), *targets], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_hunspell_knows_every_word_on_every_page(site_dir):
    assert Path(DICT + ".dic").exists(), "hunspell-en-us is missing: run 'make test'"
    allowed = allowed_words()
    unknown: dict[str, set[str]] = {}
    for page in content_pages(site_dir):
        text = page_words(page.read_text(encoding="utf-8"))
        words = set(WORDS.findall(text.replace("’", "'")))
        words = {re.sub(r"'s$", "", w) for w in words}
        words = {w for w in words if w.lower() not in allowed}
        if not words:
            continue
        r = subprocess.run(["hunspell", "-d", DICT, "-l"], input="\n".join(sorted(words)),
                           capture_output=True, text=True)
        for w in r.stdout.split():
            unknown.setdefault(w, set()).add(page.relative_to(site_dir).parent.as_posix())
    report = "\n".join(f"  {w}: {', '.join(sorted(p))}" for w, p in sorted(unknown.items()))
    print(f"\nunknown words: {len(unknown)}\n{report}")
    assert not unknown, report


A_BEFORE_VOWEL = re.compile(r"\b[Aa] (?:(?:[aei]\w*)|(?:o(?!ne|nce)\w*)|(?:u(?:n(?!i)|p|g|lt|mb)\w*)|(?:[AEFHILMNORSX][A-Z0-9]+\b))")
CAR_T_CASE = re.compile(r"\b(?:Car|car|CAR-t|Car-T|car-t|CAR-T)\b(?= ?T\b|-T\b)|\bCART\b|\bCar T\b")


def test_articles_and_car_t_casing(site_dir):
    problems = []
    for page in content_pages(site_dir):
        text = body_text(page.read_text(encoding="utf-8"))[0]
        rel = page.relative_to(site_dir).parent.as_posix()
        for m in A_BEFORE_VOWEL.finditer(text):
            problems.append(f"{rel}: '{m.group(0)}' needs 'an'")
        for m in CAR_T_CASE.finditer(text):
            problems.append(f"{rel}: '{text[m.start():m.start() + 6]}' should be 'CAR T'")
    assert not problems, "\n".join(problems)


def test_the_language_checks_catch_mistakes():
    assert A_BEFORE_VOWEL.search("you had a intensive course")
    assert A_BEFORE_VOWEL.search("ask for a MRD test")
    assert not A_BEFORE_VOWEL.search("a useful test, a unit, a one-time dose, a US study, a CAR T")
    assert CAR_T_CASE.search("after Car T-cell therapy")
    assert not CAR_T_CASE.search("after CAR T-cell therapy in a car today")
