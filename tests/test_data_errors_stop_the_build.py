"""A corpus of broken and hostile inputs, grouped by the class of problem they once caused.

Each case is a real `mkdocs build --strict` of a copy of the project with one or more files
changed. A "stop" case must end with a non-zero exit within the hang guard, a message naming the
file and the entry, field or line (plus the words the case expects), no Python traceback and no
page written. An "escape" case (hostile text the site shows as text) must build, and parsing the
built HTML must find no element or attribute made from the payload.

Classes (from issue 8): 0 schema and cross-references (the first corpus), 1 tracebacks from data
and front matter, 2 tracebacks from macro calls, 3 hangs, 4 silently wrong input, 5 unsafe
output, 8 mistakes in several files at once. From issue 17: 9 raw HTML a browser reads differently
from Python's HTML parser, 10 page limits (what a page may hold before Markdown sees it), 11
invisible text in pages (bidirectional controls and invisible characters).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Callable, NamedTuple, Union

import pytest
from lxml import html as lxml_html

import build_runner
from conftest import ROOT, SITE_INPUTS

KEEP = SITE_INPUTS + ["examples", "scripts"]  # a center's overlay file and how it is built
OVERLAY = "examples/center/mkdocs.yml"
HANG_GUARD_SECONDS = 60
MIN_CASES, MIN_PER_CLASS = 80, 5
SCHEMA, DATA_TRACEBACK, MACRO_TRACEBACK, HANG, SILENT, UNSAFE, SEVERAL = (
    "0 schema", "1 data traceback", "2 macro traceback", "3 hang", "4 silently wrong", "5 unsafe", "8 several files")
RAW_HTML, PAGE_LIMITS, INVISIBLE = "9 raw HTML a browser reads differently", "10 page limits", "11 invisible text in pages"
# Issue 17, second round: values a center's overlay sets (mkdocs.yml) and the words file.
CONFIGURED = "12 configured values and words"
CLASSES = [SCHEMA, DATA_TRACEBACK, MACRO_TRACEBACK, HANG, SILENT, UNSAFE, SEVERAL, RAW_HTML, PAGE_LIMITS, INVISIBLE,
           CONFIGURED]
Change = Union[Callable[[str], Union[str, bytes]], None]


def sub(old: str, new: str, count: int = 1):
    def apply(text: str) -> str:
        assert old in text, f"corpus case is stale: {old!r} not found"
        return text.replace(old, new, count)
    return apply


def files_citing(source_id: str) -> list[str]:
    """Every data file, page and review record (other than sources.yml) that uses a source id, so a case that
    renames a source renames every use and stays current as pages change."""
    files = [p for p in sorted(ROOT.glob("*.yml")) + sorted((ROOT / "docs").rglob("*.md"))
             + sorted((ROOT / "reviews").rglob("*.yml")) if p.name != "sources.yml"]
    return [p.relative_to(ROOT).as_posix() for p in files if source_id in p.read_text(encoding="utf-8")]


def regex(pattern: str, new: str):
    def apply(text: str) -> str:
        out, n = re.subn(pattern, new, text, count=1, flags=re.M)
        assert n, f"corpus case is stale: {pattern!r} not found"
        return out
    return apply


def append(extra: str):
    return lambda text: text.rstrip("\n") + "\n\n" + extra + "\n"


def after_h1(extra: str):
    """Put `extra` right after the page's H1, in the middle of the file (to check line numbers)."""
    return regex(r"^(# .*)$", lambda m: m.group(1) + "\n\n" + extra)


def front(extra: str):
    """Add lines at the end of the front matter."""
    return regex(r"\A(---\n(?:.*\n)*?)---\n", lambda m: m.group(1) + extra + "\n---\n")


def chain(*changes):
    def apply(text):
        for c in changes:
            text = c(text)
        return text
    return apply


def days_from_today(n: int) -> str:
    return (dt.date.today() + dt.timedelta(days=n)).isoformat()


def line_of(file: str, marker: str):
    """Expect '<file>, line N' where N is the line of `marker` in the changed file."""
    def expected(project: Path) -> str:
        text = (project / file).read_text(encoding="utf-8")
        return f"{file}, line {text[: text.index(marker)].count(chr(10)) + 1}"
    expected.__name__ = f"line of {marker!r}"
    return expected


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("bcdefgh", "cdefghi"))
NESTED = "[" * 10000 + "]" * 10000
PAYLOADS = ["</title><script>alert(1)</script>", '" onfocus="alert(1)', "javascript:alert(1)", "<svg onload=alert(1)>"]


class Case(NamedTuple):
    id: str
    cls: str
    changes: list  # [(file, change)]; change None deletes the file
    expect: list   # strings (or functions of the project folder) the output must contain
    escape: bool = False  # True: the build must pass and show the payload only as text
    where: str = ""  # the file the message must locate, if not the first file changed
    absent: tuple = ()  # words the output must NOT contain (a misleading message)
    config: str = ""  # a center's overlay file to build (scripts/mkdocs_overlay.py), not mkdocs.yml


# Well-formed decision-tree entries (every required field, claims with sources) that are wrong only
# in the way the case names: nodes no step leads to, an option no result offers.
def _lonely_outcome(node_id: str) -> str:
    return (f"  - id: {node_id}\n    kind: outcome\n    title: T\n"
            "    summary:\n      - text: S.\n        sources: [descart-2022]\n    options:\n"
            + "".join(f"      - option: {o}\n        why:\n          - text: W.\n            sources: [descart-2022]\n"
                      "        questions: [\"Q?\"]\n" for o in ("clinical-trials", "focusing-on-comfort")))


LONELY_NODES = ("nodes:\n  - id: lonely-step\n    kind: question\n    question: Is anyone here?\n    choices:\n"
                "      - label: Sure\n        next: lonely-end\n      - label: Not sure\n        next: lonely-end-2\n"
                + _lonely_outcome("lonely-end") + _lonely_outcome("lonely-end-2"))
SPARE_OPTION = ("options:\n  - id: spare-option\n    name: Spare\n    page: options/index.md\n"
                + "".join(f"    {field}:\n      - text: A sentence.\n        sources: [descart-2022]\n"
                          for field in ("summary", "how_it_works", "benefits", "risks", "what_it_is_like",
                                        "without_it", "who_it_may_suit"))
                + "    questions: [\"Q1?\", \"Q2?\", \"Q3?\", \"Q4?\", \"Q5?\"]\n")

# A result's own 'Main risks' for its first option (added after that option's questions).
RESULT_RISKS = r"\1        risks:\n          - text: A risk.\n            sources: {}\n"


SCHEMA_CASES = [
    ("yaml-syntax-error", "glossary.yml", regex(r"^terms:\n", "terms:\n  - id: [unclosed\n"), ["glossary.yml", "line", "column", "YAML syntax"]),
    ("yaml-tab-indent", "sources.yml", regex(r"^sources:\n", "sources:\n\t- id: x\n"), ["sources.yml", "line"]),
    ("missing-definition", "glossary.yml", regex(r"^    definition: .*\n", ""), ["glossary.yml", "entry '", "field 'definition'", "required"]),
    ("misspelt-key", "glossary.yml", regex(r"^    definition:", "    defintion:"), ["glossary.yml", "field 'defintion'", "unknown field"]),
    ("wrong-type-aliases", "glossary.yml", regex(r"^    aliases: \[.*\]$", "    aliases: 12"), ["glossary.yml", "field 'aliases'"]),
    ("duplicate-term-id", "glossary.yml", regex(r"^  - id: (\S+)\n", "  - id: antigen\n"), ["glossary.yml", "entry 'antigen'", "duplicate"]),
    ("bad-term-id", "glossary.yml", regex(r"^  - id: \S+\n", "  - id: Not A Slug\n"), ["glossary.yml", "field 'id'", "not a valid id"]),
    ("script-tag-in-definition", "glossary.yml", regex(r"^    definition: (.*)$", r"    definition: <script>alert(1)</script> \1"), ["glossary.yml", "field 'definition'", "HTML tag"]),
    ("img-onerror-in-title", "decision-tree.yml", regex(r"^    question: (.*)$", r"    question: <img src=x onerror=alert(1)> \1"), ["decision-tree.yml", "field 'question'", "HTML tag"]),
    ("cancer-summary-for-an-option-it-lacks", "cancers.yml",
     sub("    option_summaries:\n      other-drugs:\n        - text: Other myeloma drugs",
         "    option_summaries:\n      stem-cell-transplant:\n        - text: Other myeloma drugs"),
     ["cancers.yml", "entry 'multiple-myeloma'", "field 'option_summaries.stem-cell-transplant'", "not an option"]),
    ("related-term-missing", "glossary.yml", regex(r"^    related: \[", "    related: [no-such-term, "), ["glossary.yml", "related term 'no-such-term'", "field 'related'"]),
    ("term-source-missing", "glossary.yml", regex(r"^    sources: \[", "    sources: [no-such-source, "), ["glossary.yml", "source 'no-such-source'", "field 'sources'"]),
    ("shared-alias", "glossary.yml", regex(r"^    aliases: \[", "    aliases: [relapse, "), ["glossary.yml", "'relapse'", "field 'aliases'"]),
    ("bad-doi", "sources.yml", regex(r"^    doi: \S+$", "    doi: https://doi.org/10.1/x"), ["sources.yml", "field 'doi'", "not a DOI"]),
    ("bad-pmid", "sources.yml", regex(r"^    pmid: \S+$", "    pmid: PMID123"), ["sources.yml", "field 'pmid'", "PubMed"]),
    ("bad-accessed-date", "sources.yml", regex(r"^    accessed: \S+$", "    accessed: 23/11/2026"), ["sources.yml", "field 'accessed'"]),
    ("bad-source-type", "sources.yml", regex(r"^    type: journal$", "    type: blog"), ["sources.yml", "field 'type'"]),
    ("duplicate-source-id", "sources.yml", regex(r"^  - id: (?!descart-2022)\S+\n", "  - id: descart-2022\n"), ["sources.yml", "entry 'descart-2022'", "duplicate"]),
    ("uncited-source", "sources.yml", regex(r"^sources:\n", "sources:\n  - id: never-cited\n    type: journal\n    studied: [general]\n    authors: A B\n    title: T\n    container: J\n    year: 2020\n    pmid: '1'\n"), ["sources.yml", "entry 'never-cited'", "not cited"]),
    ("dangling-next", "decision-tree.yml", regex(r"^        next: \S+$", "        next: nowhere-node"), ["decision-tree.yml", "'nowhere-node'", "does not exist"]),
    ("dangling-option", "decision-tree.yml", regex(r"^      - option: (?!focusing-on-comfort|clinical-trials)\S+$", "      - option: no-such-option"), ["decision-tree.yml", "'no-such-option'", "options["]),
    ("cycle", "decision-tree.yml", regex(r"^        next: (?!which-cancer)\S+$", "        next: which-cancer"), ["decision-tree.yml", "circle"]),
    ("unreachable-node", "decision-tree.yml", regex(r"^nodes:\n", LONELY_NODES), ["decision-tree.yml", "entry 'lonely-step'", "reach"]),
    ("empty-choices", "decision-tree.yml", regex(r"^    choices:\n(      - label: .*\n        next: .*\n)+", "    choices: []\n"), ["decision-tree.yml", "field 'choices'"]),
    ("yaml-boolean-label", "decision-tree.yml", regex(r"^      - label: .*$", "      - label: Yes"), ["decision-tree.yml", "entry 'which-cancer'", "label", "quotes"]),
    ("missing-start", "decision-tree.yml", regex(r"^start: \S+$", "start: no-start"), ["decision-tree.yml", "field 'start'", "'no-start'"]),
    ("unknown-node-kind", "decision-tree.yml", regex(r"^    kind: outcome$", "    kind: result"), ["decision-tree.yml", "kind"]),
    ("outcome-without-comfort", "decision-tree.yml", regex(r"^      - option: focusing-on-comfort\n        why:\n(?:          .*\n)+        questions: .*\n(?:          - .*\n)*", ""), ["decision-tree.yml", "focusing-on-comfort"]),
    ("option-page-missing", "decision-tree.yml", regex(r"^    page: options/radiation-therapy\.md$", "    page: options/radiation.md"), ["decision-tree.yml", "entry 'radiation-therapy'", "field 'page'", "does not exist"]),
    ("unused-option", "decision-tree.yml", regex(r"^options:\n", SPARE_OPTION), ["decision-tree.yml", "entry 'spare-option'", "not offered"]),
    ("result-risks-source-missing", "decision-tree.yml", regex(r"^(  - id: lbcl-never-fit\n(?:.*\n)*?        questions: .*\n)", RESULT_RISKS.format("[no-such-source]")),
     ["decision-tree.yml", "entry 'lbcl-never-fit'", "field 'options[0].risks[0].sources'", "source 'no-such-source' is not in sources.yml"]),
    ("result-risks-two-claims", "decision-tree.yml", regex(r"^(  - id: lbcl-never-fit\n(?:.*\n)*?        questions: .*\n)", RESULT_RISKS.format("[descart-2022]") + "          - text: Another risk.\n            sources: [descart-2022]\n"),
     ["decision-tree.yml", "entry 'lbcl-never-fit'", "risks", "at most 1 item"]),
    ("cite-unknown-source-in-page", "docs/about.md", regex(r"\Z", '\nA claim. {{ cite("no-such-study-2020") }}\n'), ["docs/about.md", "line", "no-such-study-2020"]),
    ("term-unknown-in-page", "docs/about.md", regex(r"\Z", '\n{{ term("no-such-word") }}\n'), ["docs/about.md", "no-such-word"]),
    ("page-without-review-date", "docs/about.md", regex(r"^last_reviewed: .*\n", ""), ["docs/about.md", "field 'last_reviewed'"]),
    ("review-gap-too-long", "docs/about.md", regex(r"^next_review: .*$", "next_review: 2029-01-01"), ["docs/about.md", "field 'next_review'", "12 months"]),
    ("glossary-file-missing", "glossary.yml", None, ["glossary.yml", "exist"]),
]


def _schema_case(c) -> Case:
    cls = {"script-tag-in-definition": UNSAFE, "img-onerror-in-title": UNSAFE, "duplicate-term-id": SILENT,
           "duplicate-source-id": SILENT, "shared-alias": SILENT}.get(c[0], SCHEMA)
    return Case(c[0], cls, [(c[1], c[2])], c[3])


CASES: list[Case] = [_schema_case(c) for c in SCHEMA_CASES] + [
    Case("project-plugin-missing", SCHEMA, [("mkdocs.yml", regex(r"^  after-car-t: \{\}\n", ""))],
         ["mkdocs.yml, field 'plugins'", "after-car-t"]),
    # 1: data and front matter that used to end in a Python traceback
    Case("fm-impossible-date", DATA_TRACEBACK, [("docs/about.md", regex(r"^last_reviewed: .*$", "last_reviewed: 2026-13-45"))],
         ["docs/about.md, line 4, field 'last_reviewed'", "no month 13"]),
    Case("source-impossible-date", DATA_TRACEBACK, [("sources.yml", regex(r"^    accessed: \S+$", "    accessed: 2026-02-30"))],
         ["sources.yml, entry '", "field 'accessed'", "February 2026 has 28 days"]),
    Case("fm-date-with-time", DATA_TRACEBACK, [("docs/privacy.md", regex(r"^last_reviewed: (\S+)$", r"last_reviewed: \1 10:30:00"))],
         ["docs/privacy.md, line", "field 'last_reviewed'", "time of day"]),
    Case("source-date-with-time", DATA_TRACEBACK, [("sources.yml", regex(r"^    date: (\S+)$", r"    date: \1T09:00:00Z"))],
         ["sources.yml, entry '", "field 'date'", "time of day"]),
    Case("fm-quoted-date", DATA_TRACEBACK, [("docs/about.md", regex(r"^next_review: (\S+)$", r'next_review: "\1"'))],
         ["docs/about.md, line 5, field 'next_review'", "in quotes", "remove the quotes"]),
    Case("fm-date-as-words", DATA_TRACEBACK, [("docs/about.md", regex(r"^last_reviewed: .*$", "last_reviewed: November 23, 2026"))],
         ["docs/about.md, line 4, field 'last_reviewed'", "YYYY-MM-DD"]),
    Case("page-not-utf8", DATA_TRACEBACK, [("docs/accessibility.md", lambda t: t.replace("\n# ", "\nCaf\udce9\n\n# ", 1).encode("utf-8", "surrogateescape"))],
         ["docs/accessibility.md, line", "not UTF-8"]),
    Case("glossary-not-utf8", DATA_TRACEBACK, [("glossary.yml", lambda t: t.replace("terms:", "# caf\udce9\nterms:", 1).encode("utf-8", "surrogateescape"))],
         ["glossary.yml, line 4", "not UTF-8"]),
    Case("page-control-character", DATA_TRACEBACK, [("docs/privacy.md", after_h1("A bell \x07 rang."))],
         [line_of("docs/privacy.md", "A bell"), "control character (U+0007)"]),
    Case("fm-escaped-control-character", DATA_TRACEBACK, [("docs/about.md", regex(r"^title: .*$", lambda m: 'title: "About\\u0007 this guide"'))],
         ["docs/about.md, line 2, field 'title'", "control character"]),
    Case("fm-nested-brackets", DATA_TRACEBACK, [("docs/about.md", regex(r"^tags: .*$", "tags: " + NESTED))],
         ["docs/about.md, line 7", "nested more than"]),
    Case("glossary-nested-brackets", DATA_TRACEBACK, [("glossary.yml", regex(r"^    aliases: \[", "    aliases: " + NESTED[:5000] + ", ["))],
         ["glossary.yml, line", "nested more than"]),
    Case("fm-not-a-mapping", DATA_TRACEBACK, [("docs/about.md", regex(r"\A---\n(?:.*\n)*?---\n", "---\n- just\n- a list\n---\n"))],
         ["docs/about.md, line 2", "front matter must be fields"]),
    Case("yaml-two-documents", DATA_TRACEBACK, [("sources.yml", regex(r"^sources:\n", "---\nsources: []\n---\nsources:\n"))],
         ["sources.yml, line", "single document"]),
    # 2: macro calls that used to end in a traceback; the line is the real line in the file
    Case("term-unknown-id-hidden-by-set", MACRO_TRACEBACK, [("docs/about.md", after_h1('{% set word = "no-such-word" %}Hidden: {{ term(word) }}'))],
         [line_of("docs/about.md", "Hidden:"), "term('no-such-word')", "no term with this id"]),
    Case("cite-unknown-id-hidden-by-set", MACRO_TRACEBACK, [("docs/privacy.md", after_h1('{% set s = "no-such-study" %}Claim. {{ cite(s) }}'))],
         [line_of("docs/privacy.md", "Claim."), "cite('no-such-study')"]),
    Case("term-second-value-not-text", MACRO_TRACEBACK, [("docs/about.md", after_h1('A {{ term("relapse", 5) }} here.'))],
         [line_of("docs/about.md", "A {{ term"), "5 is not text in quotes"]),
    # A result's own page has no file in docs/ (the plugin makes it from decision-tree.yml): the
    # message names the result's entry and the template that makes it, never docs/.../<id>.md.
    Case("result-page-word-missing", MACRO_TRACEBACK, [("strings.yml", regex(r"^  own_page_guide: .*\n", ""))],
         ["decision-tree.yml, entry 'lbcl-never-fit' (its own page, find-your-situation/results/lbcl-never-fit/",
          "macros/result_pages.py", "field 'guide.own_page_guide'"],
         absent=("docs/find-your-situation/results/", "guide_result('lbcl-never-fit') }})")),
    Case("cite-value-not-text", MACRO_TRACEBACK, [("docs/about.md", append('Claim. {{ cite("descart-2022", 5) }}'))],
         [line_of("docs/about.md", "Claim. {{ cite"), "5 is not text in quotes"]),
    Case("decision-guide-given-a-value", MACRO_TRACEBACK, [("docs/find-your-situation.md", sub("{{ decision_guide() }}", '{{ decision_guide("x") }}'))],
         [line_of("docs/find-your-situation.md", "{{ decision_guide("), "decision_guide('x') is not a call"]),
    Case("term-without-id", MACRO_TRACEBACK, [("docs/about.md", after_h1("Empty {{ term() }} call."))],
         [line_of("docs/about.md", "Empty {{"), "term() is not a call"]),
    Case("cite-without-id", MACRO_TRACEBACK, [("docs/about.md", after_h1("Empty {{ cite() }} call."))],
         [line_of("docs/about.md", "Empty {{"), "cite() needs at least one source id"]),
    Case("undefined-variable", MACRO_TRACEBACK, [("docs/about.md", after_h1("Hello {{ patient_name }}."))],
         [line_of("docs/about.md", "Hello {{"), "'patient_name' is undefined"]),
    Case("misspelt-macro", MACRO_TRACEBACK, [("docs/privacy.md", append('See {{ cite_source("descart-2022") }}.'))],
         [line_of("docs/privacy.md", "See {{ cite_source"), "'cite_source' is undefined"]),
    Case("missing-include", MACRO_TRACEBACK, [("docs/about.md", after_h1('{% include "snippets/missing.md" %}'))],
         [line_of("docs/about.md", "{% include"), "includes 'snippets/missing.md', which does not exist"]),
    Case("jinja-syntax-error", MACRO_TRACEBACK, [("docs/accessibility.md", after_h1('Broken {{ term("relapse" }} call.'))],
         [line_of("docs/accessibility.md", "Broken {{"), "macro syntax error"]),
    Case("unknown-filter", MACRO_TRACEBACK, [("docs/about.md", after_h1('Loud {{ "x" | shout }} call.'))],
         [line_of("docs/about.md", "Loud {{"), "No filter named 'shout'"]),
    Case("glossary-count-given-a-value", MACRO_TRACEBACK, [("docs/glossary.md", append("{{ glossary_count(3) }}"))],
         [line_of("docs/glossary.md", "{{ glossary_count(3)"), "glossary_count(3) is not a call"]),
    Case("car-t-products-unknown-marker", MACRO_TRACEBACK, [("docs/about.md", after_h1('Products: {{ car_t_products("CD99") }}.'))],
         [line_of("docs/about.md", "Products: {{"), "no CAR T product in cancers.yml aims at that marker", "BCMA, CD19"]),
    # 3: inputs that used to hang the build; refused before anything else reads them
    Case("fm-alias-bomb", HANG, [("docs/about.md", front(BOMB))], ["docs/about.md, line 8", "anchor (&a)"]),
    Case("glossary-alias-bomb", HANG, [("glossary.yml", regex(r"^terms:", BOMB + "terms:"))], ["glossary.yml, line 4", "anchor (&a)"]),
    Case("sources-alias-bomb", HANG, [("sources.yml", regex(r"^sources:", BOMB + "sources:"))], ["sources.yml, line 6", "anchor (&a)"]),
    Case("tree-alias-bomb", HANG, [("decision-tree.yml", regex(r"^start:", BOMB + "start:"))], ["decision-tree.yml, line", "anchor (&a)"]),
    Case("fm-merge-key", HANG, [("docs/privacy.md", front("<<: {title: Merged}"))], ["docs/privacy.md, line", "merge key (<<)"]),
    Case("glossary-alias-reuse", HANG, [("glossary.yml", regex(r"^    sources: \[nci-dictionary\]$", "    sources: &s [nci-dictionary]"))],
         ["glossary.yml, line", "entry '", "field 'sources'", "anchor (&s)"]),
    Case("page-body-nested-brackets", HANG, [("docs/about.md", after_h1("Look " + NESTED))],
         [line_of("docs/about.md", "Look ["), "brackets inside each other"]),
    # 4: input that used to build without a word although it was wrong
    Case("glossary-key-twice", SILENT, [("glossary.yml", regex(r"^(    definition: .*)$", r"\1\n    definition: A second meaning."))],
         ["glossary.yml, line", "entry '", "field 'definition'", "written twice"]),
    Case("source-key-twice", SILENT, [("sources.yml", regex(r"^(    year: 2022)$", r"\1\n    year: 2023"))],
         ["sources.yml, line", "field 'year'", "written twice"]),
    Case("tree-key-twice", SILENT, [("decision-tree.yml", regex(r"^(    title: .*)$", r"\1\n    title: Another title"))],
         ["decision-tree.yml, line", "field 'title'", "written twice"]),
    Case("fm-key-twice", SILENT, [("docs/about.md", front("title: A second title"))], ["docs/about.md, line", "field 'title'", "written twice"]),
    Case("fm-misspelt-field", SILENT, [("docs/about.md", regex(r"^next_review:", "next_reviw:"))],
         ["docs/about.md, line 5, field 'next_reviw'", "unknown field"]),
    Case("alias-all", SILENT, [("glossary.yml", regex(r"^    aliases: \[B-ALL", "    aliases: [all, B-ALL"))],
         ["glossary.yml, entry 'b-cell-acute-lymphoblastic-leukemia', field 'aliases'", "'all' is an ordinary English word"]),
    Case("alias-the", SILENT, [("glossary.yml", regex(r"^    aliases: \[relapses", "    aliases: [the, relapses"))],
         ["glossary.yml, entry 'relapse', field 'aliases'", "'the' is an ordinary English word"]),
    Case("term-is-ordinary-word", SILENT, [("glossary.yml", regex(r"^    term: relapse$", "    term: response"))],
         ["glossary.yml, entry 'relapse', field 'term'", "ordinary English word"]),
    Case("alias-markdown-placeholder", SILENT, [("glossary.yml", regex(r"^    aliases: \[relapses", "    aliases: [wzxhzdk, relapses"))],
         ["glossary.yml, entry 'relapse', field 'aliases'", "placeholders"]),
    Case("alias-inline-placeholder", SILENT, [("glossary.yml", regex(r"^    aliases: \[relapses", "    aliases: [klzzwxh, relapses"))],
         ["glossary.yml, entry 'relapse', field 'aliases'", "'klzzwxh'"]),
    Case("glossary-not-sorted", SILENT, [("glossary.yml", regex(r"^    term: advance care planning$", "    term: zest for planning"))],
         ["glossary.yml, entry 'advance-care-planning', field 'term'", "A-Z", "move this entry"]),
    Case("definition-too-long", SILENT, [("glossary.yml", regex(r"^(    definition: .*)$", r"\1" + " more" * 40))],
         ["glossary.yml, entry '", "field 'definition'", "to 40 words or fewer"]),
    Case("description-too-long", SILENT, [("docs/about.md", regex(r"^description: .*$", "description: " + "long " * 45))],
         ["docs/about.md, line 3, field 'description'", "200 characters or fewer"]),
    Case("tags-as-mapping", SILENT, [("docs/about.md", regex(r"^tags: .*$", "tags: {about: yes}"))],
         ["docs/about.md, line 7, field 'tags'", "must be a list"]),
    Case("tags-not-text", SILENT, [("docs/about.md", regex(r"^tags: .*$", "tags: [about, 2026, yes]"))],
         ["docs/about.md, line 7, field 'tags[1]'", "field 'tags[2]'", "put it in quotes"]),
    Case("review-in-the-future", SILENT, [("docs/about.md", chain(regex(r"^last_reviewed: .*$", f"last_reviewed: {days_from_today(30)}"),
                                                                regex(r"^next_review: .*$", f"next_review: {days_from_today(200)}")))],
         ["docs/about.md, line 4, field 'last_reviewed'", "in the future"]),
    Case("review-date-without-its-record", SILENT,
         [("docs/privacy.md", chain(regex(r"^last_reviewed: .*$", f"last_reviewed: {days_from_today(0)}"),
                                    regex(r"^next_review: .*$", f"next_review: {days_from_today(200)}")))],
         ["docs/privacy.md, field 'last_reviewed'", "no review record (reviews/privacy.yml)"]),
    Case("next-review-before-last", SILENT, [("docs/about.md", regex(r"^next_review: .*$", "next_review: 2026-01-01"))],
         ["docs/about.md, line 5, field 'next_review'", "must be after last_reviewed"]),
    Case("heading-id-questions-twice", SILENT, [("docs/options/radiation-therapy.md", after_h1("## More questions { #questions }\n\nText."))],
         [line_of("docs/options/radiation-therapy.md", "## Questions to ask"), "the id 'questions' is already used"]),
    Case("heading-id-sources", SILENT, [("docs/about.md", after_h1("## Our sources { #sources }\n\nText."))],
         [line_of("docs/about.md", "## Our sources"), "the id 'sources' is one the site gives"]),
    Case("heading-id-term-relapse", SILENT, [("docs/glossary.md", append("## Relapse { #term-relapse }"))],
         [line_of("docs/glossary.md", "## Relapse"), "the id 'term-relapse'"]),
    Case("raw-html-id-twice", SILENT, [("docs/options/radiation-therapy.md", append("<p id=questions>More.</p>"))],
         [line_of("docs/options/radiation-therapy.md", "<p id=questions"), "the id 'questions' is used by two elements"]),
    Case("tree-node-id-questions", SILENT, [("decision-tree.yml", chain(sub("start: which-cancer", "start: questions"), sub("  - id: which-cancer", "  - id: questions")))],
         ["decision-tree.yml, entry 'questions', field 'id'", "docs/find-your-situation.md"]),
    Case("tree-node-id-sources", SILENT, [("decision-tree.yml", chain(sub("start: which-cancer", "start: sources"), sub("  - id: which-cancer", "  - id: sources")))],
         ["decision-tree.yml, entry 'sources', field 'id'", "Sources list"]),
    Case("tree-node-id-term-relapse", SILENT, [("decision-tree.yml", chain(sub("start: which-cancer", "start: term-relapse"), sub("  - id: which-cancer", "  - id: term-relapse")))],
         ["decision-tree.yml, entry 'term-relapse', field 'id'", "'term-'"]),
    Case("source-id-equals-a-heading-id", SILENT,
         # The Sources page's H1 has the id 'sources' (its file name, EDITING.md).
         [("sources.yml", sub("  - id: nci-dictionary", "  - id: sources"))]
         + [(f, sub("nci-dictionary", "sources", 999)) for f in files_citing("nci-dictionary")],
         ["docs/sources.md, line 9", "the id 'sources' is used by two elements"], where="docs/sources.md"),
    # 5: unsafe output. Front matter, YAML text and Markdown with several payloads.
    Case("fm-title-closes-title", UNSAFE, [("docs/about.md", regex(r"^title: .*$", "title: About</title><script>alert(1)</script>"))],
         ["docs/about.md, line 2, field 'title'", "contains <"]),
    Case("fm-description-attribute", UNSAFE, [("docs/privacy.md", regex(r"^description: (.*)$", r'description: \1" onfocus="alert(1)'))],
         ["docs/privacy.md, line 3, field 'description'", "double quote"]),
    Case("fm-tag-svg", UNSAFE, [("docs/about.md", regex(r"^tags: \[", "tags: [<svg onload=alert(1)>, "))],
         ["docs/about.md, line 7, field 'tags[0]'", "contains <"]),
    Case("fm-title-quote", UNSAFE, [("docs/accessibility.md", regex(r"^title: .*$", "title: 'Access\" autofocus onfocus=\"alert(1)'"))],
         ["docs/accessibility.md, line 2, field 'title'", "double quote"]),
    Case("source-url-javascript", UNSAFE, [("sources.yml", regex(r"^    url: \S+$", "    url: javascript:alert(1)"))],
         ["sources.yml, entry '", "field 'url'", "javascript: address"]),
    Case("source-url-data", UNSAFE, [("sources.yml", regex(r"^    url: \S+$", "    url: data:text/html,<script>alert(1)</script>"))],
         ["sources.yml, entry '", "field 'url'", "data: address"]),
    Case("glossary-term-svg", UNSAFE, [("glossary.yml", regex(r"^    term: relapse$", "    term: <svg onload=alert(1)>relapse"))],
         ["glossary.yml, entry 'relapse', field 'term'", "HTML tag"]),
    Case("tree-label-closes-title", UNSAFE, [("decision-tree.yml", regex(r"^      - label: (.*)$", r"      - label: \1</title><script>alert(1)</script>"))],
         ["decision-tree.yml, entry 'which-cancer'", "field 'choices[0].label'", "HTML tag"]),
    Case("glossary-escaped-placeholder", UNSAFE, [("glossary.yml", regex(r"^    definition: (.*)$", lambda m: rf'    definition: "\x02wzxhzdk:0\x03 {m.group(1)}"'))],
         ["glossary.yml, entry '", "field 'definition'", "control character"]),
    Case("md-script", UNSAFE, [("docs/about.md", after_h1("<script>alert(1)</script>"))],
         [line_of("docs/about.md", "<script>"), "<script> elements"]),
    Case("md-svg-onload", UNSAFE, [("docs/privacy.md", after_h1("An image <svg onload=alert(1)></svg> here."))],
         [line_of("docs/privacy.md", "<svg onload"), "onload="]),
    Case("md-javascript-link", UNSAFE, [("docs/about.md", after_h1("[Click me](javascript:alert(1))"))],
         [line_of("docs/about.md", "[Click me]"), "javascript: address"]),
    Case("md-javascript-link-hidden-by-entity", UNSAFE, [("docs/about.md", after_h1('<a href="jav&#x09;ascript:alert(1)">Click</a>'))],
         ["docs/about.md", "javascript: address"]),
    Case("md-onfocus-attribute", UNSAFE, [("docs/accessibility.md", after_h1('<a href="#top" onfocus="alert(1)" autofocus>Top</a>'))],
         [line_of("docs/accessibility.md", 'onfocus="alert'), "onfocus="]),
    Case("md-img-onerror", UNSAFE, [("docs/about.md", append("<img src=x onerror=alert(1) alt=x>"))],
         [line_of("docs/about.md", "<img src=x"), "onerror="]),
    Case("md-iframe", UNSAFE, [("docs/about.md", after_h1('<iframe src="https://example.org/"></iframe>'))],
         [line_of("docs/about.md", "<iframe"), "<iframe> elements"]),
    Case("md-object", UNSAFE, [("docs/about.md", after_h1('<object data="movie.swf"></object>'))],
         [line_of("docs/about.md", "<object"), "<object> elements"]),
    Case("md-embed", UNSAFE, [("docs/about.md", after_h1('<embed src="movie.swf">'))],
         [line_of("docs/about.md", "<embed"), "<embed> elements"]),
    Case("md-data-link", UNSAFE, [("docs/privacy.md", append('<a href="data:text/html,hello">Open</a>'))],
         [line_of("docs/privacy.md", '<a href="data:'), "data: address"]),
    # 5, escaped: hostile text the site shows exactly as written
    Case("escaped-definition-quote", UNSAFE, [("glossary.yml", regex(r"^(    definition: When cancer comes back)", r"""\1 '" onfocus="alert(1)'"""))],
         [], escape=True),
    Case("escaped-tree-question-quote", UNSAFE, [("decision-tree.yml", regex(r"^(    question: .*)$", r"""\1 " onmouseover="alert(1)"""))],
         [], escape=True),
    Case("escaped-source-title-quote", UNSAFE, [("sources.yml", sub('    title: "Outcomes of patients', '    title: "\\" onfocus=\\"alert(1) Outcomes of patients'))],
         [], escape=True),
    Case("escaped-code-span", UNSAFE, [("docs/about.md", after_h1("Code: `</title><script>alert(1)</script>` is shown, not run."))],
         [], escape=True),
    Case("escaped-code-block", UNSAFE, [("docs/privacy.md", append("```html\n<svg onload=alert(1)>\n<a href=\"javascript:alert(1)\">x</a>\n```"))],
         [], escape=True),
    Case("escaped-entities", UNSAFE, [("docs/about.md", append("Text: &lt;script&gt;alert(1)&lt;/script&gt; stays text."))],
         [], escape=True),
    # 12: configured values (mkdocs.yml, a center's overlay) and strings.yml: each stops, naming the key
    Case("config-urgent-url-javascript", CONFIGURED, [("mkdocs.yml", regex(r"^  urgent_url: .*$", "  urgent_url: javascript:alert(1)"))],
         ["mkdocs.yml, field 'extra.urgent_url'", "'javascript:'"]),
    Case("config-report-url-data", CONFIGURED, [("mkdocs.yml", regex(r"^  report_mistake_url: .*$", "  report_mistake_url: 'data:text/html,<b>x</b>'"))],
         ["mkdocs.yml, field 'extra.report_mistake_url'"]),
    Case("config-typo-in-extra", CONFIGURED, [("mkdocs.yml", regex(r"^  generator: false$", "  generator: false\n  organisaton:\n    name: Example Cancer Center"))],
         ["mkdocs.yml, field 'extra.organisaton'", "unknown key"]),
    Case("config-old-extra-text", CONFIGURED, [("mkdocs.yml", regex(r"^  generator: false$", "  generator: false\n  text:\n    urgent: Call us"))],
         ["mkdocs.yml, field 'extra.text'", "strings.yml"]),
    Case("config-refresh-in-copyright", CONFIGURED, [("mkdocs.yml", regex(r"(?s)^copyright: >-\n.*?(?=^\S)", "copyright: '<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">'\n"))],
         ["mkdocs.yml, field 'copyright'"]),
    Case("config-tag-in-site-name", CONFIGURED, [("mkdocs.yml", regex(r"^site_name: .*$", "site_name: After CAR T<script>alert(1)</script>"))],
         ["mkdocs.yml, field 'site_name'"]),
    Case("config-tag-in-menu-label", CONFIGURED, [("mkdocs.yml", sub("  - Glossary: glossary.md", "  - 'Glossary<img src=x onerror=alert(1)>': glossary.md"))],
         ["mkdocs.yml, field 'nav[", "menu label"]),
    Case("config-center-dial-not-digits", CONFIGURED, [("mkdocs.yml", regex(r"^    night_phone_dial: null$", "    night_phone_dial: 'tel:javascript:alert(1)'"))],
         ["mkdocs.yml, field 'extra.center.night_phone_dial'", "digits"]),
    Case("config-organisation-as-text", CONFIGURED, [("mkdocs.yml", regex(r"^  generator: false$", "  generator: false\n  organisation: Example Cancer Center"))],
         ["mkdocs.yml, field 'extra.organisation'", "extra.center.name"]),
    Case("config-center-as-text", CONFIGURED, [("mkdocs.yml", regex(r"^  center:\n(    .*\n)+", "  center: Example Cancer Center\n"))],
         ["mkdocs.yml, field 'extra.center'", "must be fields", "name: Your Center's Name"]),
    # A center's overlay file (examples/center/mkdocs.yml, built as `make center` does): each
    # mistake stops the build naming the overlay's own file and the key.
    Case("overlay-typo-in-center-key", CONFIGURED, [(OVERLAY, regex(r"^    night_phone: ", "    nigth_phone: "))],
         [f"{OVERLAY}, field 'extra.center.nigth_phone'", "unknown key", "Did you mean 'night_phone'"], config=OVERLAY),
    Case("overlay-unknown-reviewer-key", CONFIGURED, [(OVERLAY, regex(r"^      credentials: .*$", "      degree: MD"))],
         [f"{OVERLAY}, field 'extra.center.reviewer.degree'", "unknown key", "credentials"], config=OVERLAY),
    Case("overlay-us-organization", CONFIGURED, [(OVERLAY, regex(r"^extra:$", "extra:\n  organization:\n    name: Example Cancer Center"))],
         [f"{OVERLAY}, field 'extra.organization'", "extra.center.name"], config=OVERLAY),
    Case("overlay-low-contrast-color", CONFIGURED, [(OVERLAY, regex(r'^      primary: .*$', '      primary: "#ffcc00"'))],
         [f"{OVERLAY}, field 'extra.center.colors.primary'", "4.5:1", "1.51:1"], config=OVERLAY),
    Case("overlay-low-contrast-colour", CONFIGURED, [(OVERLAY, chain(regex(r'^    colors:$', '    colours:'),
                                                                     regex(r'^      accent: .*$', '      accent: "#9db0c8"')))],
         [f"{OVERLAY}, field 'extra.center.colours.accent'", "4.5:1"], config=OVERLAY),
    Case("overlay-bad-phone-number", CONFIGURED, [(OVERLAY, chain(regex(r"^    night_phone: .*$", "    night_phone: (212) 555-01"),
                                                                  regex(r"^    night_phone_dial: .*\n", "")))],
         [f"{OVERLAY}, field 'extra.center.night_phone'", "not a phone number"], config=OVERLAY),
    Case("overlay-missing-logo", CONFIGURED, [(OVERLAY, regex(r"^    logo: .*$", "    logo: our-logo.svg"))],
         [f"{OVERLAY}, field 'extra.center.logo'", "our-logo.svg", "examples/center/"], config=OVERLAY),
    Case("overlay-reviewer-without-date", CONFIGURED, [(OVERLAY, regex(r"^      reviewed_on: .*\n", ""))],
         [f"{OVERLAY}, field 'extra.center.reviewer.reviewed_on'", "required"], config=OVERLAY),
    Case("handout-outside-handouts", CONFIGURED, [("docs/about.md", front("handout: true"))],
         ["docs/about.md, line", "field 'handout'", "docs/handouts/"]),
    Case("handout-outside-handouts-in-options", CONFIGURED, [("docs/options/radiation-therapy.md", front("handout: true"))],
         ["docs/options/radiation-therapy.md, line", "field 'handout'"]),
    Case("config-center-number-not-a-number", CONFIGURED, [("mkdocs.yml", regex(r"^    night_phone: null$", "    night_phone: ask at the front desk"))],
         ["mkdocs.yml, field 'extra.center.night_phone'", "not a phone number"]),
    Case("config-center-dial-another-number", CONFIGURED, [("mkdocs.yml", chain(regex(r"^    day_phone: null$", "    day_phone: (212) 555-0100"),
                                                                                 regex(r"^    day_phone_dial: null$", "    day_phone_dial: '+12125550199'")))],
         ["mkdocs.yml, field 'extra.center.day_phone_dial'", "same number"]),
    Case("config-site-url-quote", CONFIGURED, [("mkdocs.yml", regex(r"^site_url: .*$", "site_url: 'https://after-car-t.example.org/x\" onmouseover=\"alert(1)/'"))],
         ["mkdocs.yml, field 'site_url'"]),
    Case("strings-refresh-tag", CONFIGURED, [("strings.yml", regex(r"^  urgent: .*$", "  urgent: '<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">'"))],
         ["strings.yml, field 'site.urgent'", "HTML tag"]),
    Case("strings-missing-text-of-a-template", CONFIGURED, [("strings.yml", regex(r"^  urgent_button: .*\n", ""))],
         ["strings.yml, field 'site.urgent_button'", "has no text"]),
    Case("strings-missing-text-of-a-macro", CONFIGURED, [("strings.yml", regex(r"^  start_again: .*\n", ""))],
         ["strings.yml, field 'guide.start_again'", "has no text"], where="decision-tree.yml"),
    Case("strings-unknown-name", CONFIGURED, [("strings.yml", regex(r"^  step: .*$", "  step: \"Step {number}: {question}\""))],
         ["strings.yml, field 'guide.step'", "does not fill in"], where="docs/find-your-situation.md"),
    Case("strings-missing-text-of-a-script", CONFIGURED, [("strings.yml", regex(r"^  add: Add my question\n", ""))],
         ["strings.yml, field 'builder.add'", "questions.js"]),
    # 8: mistakes in several files, all reported in one run
    Case("three-data-files", SEVERAL, [("glossary.yml", regex(r"^    definition:", "    defintion:")),
                                       ("sources.yml", regex(r"^    type: journal$", "    type: blog")),
                                       ("decision-tree.yml", regex(r"^start: \S+$", "start: no-start"))],
         ["glossary.yml, entry '", "field 'defintion'", "sources.yml, entry '", "field 'type'",
          "decision-tree.yml, field 'start'"]),
    Case("two-pages-front-matter", SEVERAL, [("docs/about.md", regex(r"^title: .*$", "title: <b>About</b>")),
                                             ("docs/privacy.md", regex(r"^last_reviewed: .*$", "last_reviewed: 2026-02-30"))],
         ["docs/about.md, line 2, field 'title'", "docs/privacy.md, line 4, field 'last_reviewed'", "2 problem(s)"]),
    Case("data-file-and-page", SEVERAL, [("sources.yml", regex(r"^    pmid: \S+$", "    pmid: PMID1")),
                                         ("docs/accessibility.md", append('{{ term("no-such-word") }}'))],
         ["sources.yml, entry '", "field 'pmid'", line_of("docs/accessibility.md", '{{ term("no-such')]),
    Case("unknown-ids-in-three-pages", SEVERAL, [("docs/about.md", append('A. {{ cite("gone-1") }}')),
                                                 ("docs/privacy.md", append('B. {{ cite("gone-2") }}')),
                                                 ("docs/accessibility.md", append('C. {{ term("gone-3") }}'))],
         [line_of("docs/about.md", "A. {{"), line_of("docs/privacy.md", "B. {{"), line_of("docs/accessibility.md", "C. {{"),
          "3 problem(s)"]),
    Case("render-errors-in-two-pages", SEVERAL, [("docs/about.md", after_h1("{{ nosuchvar }}")),
                                                 ("docs/privacy.md", after_h1("[x](javascript:alert(1))"))],
         [line_of("docs/about.md", "{{ nosuchvar"), line_of("docs/privacy.md", "[x](javascript"), "2 problem(s)"]),
    Case("glossary-twice-and-a-page", SEVERAL, [("glossary.yml", chain(regex(r"^    aliases: \[relapses", "    aliases: [the, relapses"),
                                                                       regex(r"^    related: \[", "    related: [no-such-term, "))),
                                                ("docs/about.md", regex(r"^next_review: .*$", "next_review: 2031-01-01"))],
         ["glossary.yml, entry 'relapse', field 'aliases'", "related term 'no-such-term'",
          "docs/about.md, line 5, field 'next_review'", "3 problem(s)"]),
    # 9: raw HTML that Python's HTMLParser reads differently from a browser (the HTML5 algorithm),
    # and raw HTML that makes the reader's browser contact another site
    Case("rawhtml-empty-comment-meta-refresh", RAW_HTML,
         [("docs/about.md", after_h1('<!--> <meta http-equiv="refresh" content="0;url=https://evil.example">'))],
         [line_of("docs/about.md", "<!-->"), "<meta> elements"]),
    Case("rawhtml-noscript-attribute", RAW_HTML,
         [("docs/privacy.md", after_h1('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>'))],
         [line_of("docs/privacy.md", "<noscript>"), "<noscript> elements"]),
    Case("rawhtml-style-in-svg", RAW_HTML,
         [("docs/about.md", after_h1("<svg><style>@import url(https://evil.example/x.css);</style></svg>"))],
         [line_of("docs/about.md", "<svg><style>"), "<style> elements"]),
    Case("rawhtml-svg-animate-href", RAW_HTML,
         [("docs/about.md", after_h1('<svg><a><animate attributeName="href" to="javascript:alert(1)"/><text y="20">Click</text></a></svg>'))],
         [line_of("docs/about.md", "<svg><a><animate"), "<animate> elements"]),
    Case("rawhtml-svg-set-href", RAW_HTML,
         [("docs/accessibility.md", after_h1('<svg><a><set attributeName="href" to="javascript:alert(1)"/><text y="20">Click</text></a></svg>'))],
         [line_of("docs/accessibility.md", "<svg><a><set"), "<set> elements"]),
    Case("rawhtml-math-mglyph-style", RAW_HTML,
         [("docs/about.md", after_h1("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>"))],
         [line_of("docs/about.md", "<math>"), "<math> elements"]),
    Case("rawhtml-remote-image", RAW_HTML,
         [("docs/about.md", after_h1('<img src="https://remote.example/x.png" alt="A picture">'))],
         [line_of("docs/about.md", "<img src=\"https://remote"), "another site"]),
    Case("rawhtml-style-attribute-url", RAW_HTML,
         [("docs/privacy.md", after_h1('<p style="background:url(https://remote.example/x.png)">Text</p>'))],
         [line_of("docs/privacy.md", '<p style="background'), "style="]),
    Case("rawhtml-style-element-import", RAW_HTML,
         [("docs/about.md", append("<style>@import url(https://remote.example/x.css); p { background: url(https://remote.example/y.png) }</style>"))],
         [line_of("docs/about.md", "<style>@import"), "<style> elements"]),
    Case("rawhtml-tab-entity-javascript", RAW_HTML,
         [("docs/privacy.md", after_h1('Read <a href="jav&#x09;ascript:alert(1)">this</a> first.'))],
         [line_of("docs/privacy.md", "jav&#x09;ascript"), "javascript: address"]),
    Case("rawhtml-srcset-remote", RAW_HTML,
         [("docs/about.md", after_h1('<img src="../assets/none.png" srcset="https://remote.example/x.png 2x" alt="A picture">'))],
         [line_of("docs/about.md", "srcset="), "srcset="]),
    Case("rawhtml-base", RAW_HTML, [("docs/about.md", after_h1('<base href="https://evil.example/">'))],
         [line_of("docs/about.md", "<base href"), "<base> elements"]),
    Case("rawhtml-form", RAW_HTML,
         [("docs/about.md", after_h1('<form action="https://evil.example/"><button>Send</button></form>'))],
         [line_of("docs/about.md", "<form action"), "<form> elements"]),
    Case("rawhtml-data-image", RAW_HTML,
         [("docs/about.md", after_h1('<img src="data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E" alt="A picture">'))],
         [line_of("docs/about.md", '<img src="data:'), "data: address"]),
    Case("rawhtml-svg-foreignobject", RAW_HTML,
         [("docs/about.md", after_h1('<svg><foreignObject><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe></foreignObject></svg>'))],
         [line_of("docs/about.md", "<svg><foreignObject>"), "<foreignObject> elements"]),
    Case("rawhtml-svg-use-remote", RAW_HTML,
         [("docs/privacy.md", after_h1('<svg><use href="https://remote.example/s.svg#x"/></svg>'))],
         [line_of("docs/privacy.md", "<svg><use"), "<use> elements"]),
    Case("rawhtml-button-formaction", RAW_HTML,
         [("docs/about.md", after_h1('<button formaction="javascript:alert(1)">Go</button>'))],
         [line_of("docs/about.md", "<button formaction"), "formaction="]),
    Case("rawhtml-escaped-code-span", RAW_HTML,
         [("docs/about.md", after_h1('Shown as code: `<!--> <meta http-equiv="refresh" content="0;url=https://evil.example"><svg><set attributeName=href to=javascript:alert(1)>`.'))],
         [], escape=True),
    Case("rawhtml-escaped-fence", RAW_HTML,
         [("docs/privacy.md", append('```html\n<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>\n<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>\n```'))],
         [], escape=True),
    # 10: what a page may hold before Markdown sees it (Python-Markdown is quadratic or recursive on these)
    Case("limit-autolink-line-180k", PAGE_LIMITS, [("docs/about.md", after_h1("<http://a" * 20000))],
         [line_of("docs/about.md", "<http://a"), "characters"]),
    Case("limit-unclosed-tags", PAGE_LIMITS, [("docs/about.md", after_h1("\n".join(["<a " * 150] * 100)))],
         [line_of("docs/about.md", "<a <a"), "'>'"]),
    Case("limit-list-500-deep", PAGE_LIMITS, [("docs/privacy.md", after_h1("\n".join("    " * i + "- x" for i in range(500))))],
         [line_of("docs/privacy.md", "    " * 21 + "- x"), "levels"]),
    Case("limit-blockquote-500-deep", PAGE_LIMITS, [("docs/about.md", after_h1(">" * 500 + " x"))],
         [line_of("docs/about.md", ">>>>"), "levels"]),
    Case("limit-page-size", PAGE_LIMITS, [("docs/about.md", append("\n\n".join(["A plain sentence about nothing much."] * 30000)))],
         ["docs/about.md", "characters"]),
    Case("limit-image-parens-paragraph", PAGE_LIMITS, [("docs/accessibility.md", after_h1("\n".join(["![a](" * 100] * 20)))],
         [line_of("docs/accessibility.md", "![a]("), "characters"]),
    Case("limit-long-line-of-words", PAGE_LIMITS, [("docs/about.md", after_h1("word " * 4000))],
         [line_of("docs/about.md", "word word"), "characters"]),
    # 11: characters that make text display differently from what it is, or not at all
    Case("invisible-rlo-in-title", INVISIBLE, [("docs/about.md", regex(r"^title: (.*)$", "title: \\1 \u202e4.001\u202c"))],
         ["docs/about.md, line 2", "U+202E"]),
    Case("invisible-zero-width-space-in-description", INVISIBLE, [("docs/privacy.md", regex(r"^description: (\S+)", "description: \\1\u200b"))],
         ["docs/privacy.md, line 3", "U+200B"]),
    Case("invisible-rlo-in-warning", INVISIBLE, [("docs/about.md", after_h1("Call if your temperature is \u202e4.001\u202c°F or higher."))],
         [line_of("docs/about.md", "Call if your temperature"), "U+202E", "column 29"]),
    Case("invisible-isolate-in-tags", INVISIBLE, [("docs/about.md", regex(r"^tags: \[", "tags: [\u2066fever\u2069, "))],
         ["docs/about.md, line 7", "U+2066"]),
    Case("invisible-bom-mid-page", INVISIBLE, [("docs/accessibility.md", after_h1("A sentence\ufeff with a byte order mark."))],
         [line_of("docs/accessibility.md", "A sentence"), "U+FEFF"]),
    Case("invisible-word-joiner", INVISIBLE, [("docs/about.md", after_h1("Fe\u2060ver is a warning sign."))],
         [line_of("docs/about.md", "ver is a warning"), "U+2060"]),
    Case("invisible-arabic-letter-mark", INVISIBLE, [("docs/privacy.md", after_h1("Dial 911\u061c now."))],
         [line_of("docs/privacy.md", "Dial 911"), "U+061C"]),
    Case("invisible-lrm-in-heading", INVISIBLE, [("docs/about.md", after_h1("## Sec\u200ention"))],
         [line_of("docs/about.md", "## Sec"), "U+200E"]),
    Case("invisible-soft-hyphen", INVISIBLE, [("docs/about.md", after_h1("A lympho\u00adma word."))],
         [line_of("docs/about.md", "A lympho"), "U+00AD"]),
    Case("invisible-mongolian-vowel-separator", INVISIBLE, [("docs/about.md", after_h1("Fever\u180e."))],
         [line_of("docs/about.md", "Fever\u180e"), "U+180E"]),
    Case("invisible-zwj-between-letters", INVISIBLE, [("docs/about.md", after_h1("CAR\u200dT cells."))],
         [line_of("docs/about.md", "CAR\u200d"), "U+200D"]),
]


# ---------------------------------------------------------------- issue 17, the data files
# Classes 3 (text that displays otherwise), 4 (phone numbers), 5 (silently wrong structure),
# 6 (tracebacks from data) and 8 (misleading messages), for the YAML data files.
DATA_DISPLAY, DATA_PHONE, DATA_STRUCTURE, DATA_TRACEBACK_2, DATA_MESSAGE = (
    "17.3 data text that displays otherwise", "17.4 phone numbers", "17.5 silently wrong data structure",
    "17.6 data traceback", "17.8 misleading data message")
CLASSES += [DATA_DISPLAY, DATA_PHONE, DATA_STRUCTURE, DATA_TRACEBACK_2, DATA_MESSAGE]


def char_at(file: str, ch: str):
    """Expect '<file>, line N, column C' at the first `ch` in the changed file."""
    def expected(project: Path) -> str:
        text = (project / file).read_text(encoding="utf-8")
        i = text.index(ch)
        return f"{file}, line {text.count(chr(10), 0, i) + 1}, column {i - text.rfind(chr(10), 0, i)}"
    expected.__name__ = f"place of U+{ord(ch):04X}"
    return expected


BIG = "9" * 5000  # more digits than Python turns into an int from text (4,300)
NOT_AN_ID = "not a valid id"

CASES += [
    # 17.3: invisible characters and letters from another alphabet
    Case("rlo-in-warning-sign", DATA_DISPLAY, [("get-help.yml", sub("a fever of 100.4°F (38°C) or higher\n    short:",
                                                                      "a fever of \u202e\u00b0F4.001\u202c (38°C) or higher\n    short:"))],
         [char_at("get-help.yml", "\u202e"), "U+202E", "RIGHT-TO-LEFT OVERRIDE"]),
    Case("zero-width-space-in-term", DATA_DISPLAY, [("glossary.yml", sub("    term: relapse\n", "    term: re\u200blapse\n"))],
         [char_at("glossary.yml", "\u200b"), "U+200B", "ZERO WIDTH SPACE"]),
    Case("zero-width-joiner-in-alias", DATA_DISPLAY, [("glossary.yml", sub("aliases: [relapses,", "aliases: [relap\u200dses,"))],
         [char_at("glossary.yml", "\u200d"), "U+200D", "ZERO WIDTH JOINER"]),
    Case("bom-inside-tree-title", DATA_DISPLAY, [("decision-tree.yml", regex(r"^(    title: Large B-cell)", "\\1\ufeff"))],
         [char_at("decision-tree.yml", "\ufeff"), "U+FEFF"]),
    Case("isolate-in-source-title", DATA_DISPLAY, [("sources.yml", sub('title: "NCI Dictionary', 'title: "\u2066NCI Dictionary'))],
         [char_at("sources.yml", "\u2066"), "U+2066", "LEFT-TO-RIGHT ISOLATE"]),
    Case("soft-hyphen-in-cancer-name", DATA_DISPLAY, [("cancers.yml", sub("brand: Yescarta", "brand: Yes\u00adcarta"))],
         [char_at("cancers.yml", "\u00ad"), "U+00AD", "SOFT HYPHEN"]),
    Case("left-to-right-mark-in-figure", DATA_DISPLAY, [("figures.yml", sub("count: 35", "count: 3\u200e5"))],
         [char_at("figures.yml", "\u200e"), "U+200E", "LEFT-TO-RIGHT MARK"]),
    Case("word-joiner-in-question", DATA_DISPLAY, [("questions.yml", sub("Which tests will I have next", "Which tests will I have\u2060 next"))],
         [char_at("questions.yml", "\u2060"), "U+2060", "WORD JOINER"]),
    Case("cyrillic-letter-in-term", DATA_DISPLAY, [("glossary.yml", sub("    term: relapse\n", "    term: r\u0435lapse\n"))],
         ["glossary.yml, entry 'relapse', field 'term'", "U+0435", "CYRILLIC SMALL LETTER IE"]),
    Case("cyrillic-letter-in-alias", DATA_DISPLAY, [("glossary.yml", sub("aliases: [relapses,", "aliases: [rel\u0430pses,"))],
         ["glossary.yml, entry 'relapse', field 'aliases[0]'", "U+0430", "CYRILLIC SMALL LETTER A"]),
    Case("cyrillic-letter-in-id", DATA_DISPLAY, [("glossary.yml", sub("  - id: relapse\n", "  - id: rel\u0430pse\n"))],
         ["glossary.yml, entry 'rel\u0430pse', field 'id'", "U+0430", "CYRILLIC SMALL LETTER A"]),
    Case("greek-letter-in-help-line-id", DATA_DISPLAY, [("get-help.yml", sub("  - id: nci-cis", "  - id: nci-c\u03bfis"))],
         ["get-help.yml, entry 'nci-c\u03bfis', field 'id'", "U+03BF", "GREEK SMALL LETTER OMICRON"]),
    # 17.4: a displayed number and the number its link dials
    Case("nci-dials-another-number", DATA_PHONE, [("get-help.yml", sub('dial: "+18004226237"', 'dial: "+19005550100"'))],
         ["get-help.yml, entry 'nci-cis', field 'dial'", "+19005550100", "+18004226237"]),
    Case("vanity-letters-another-number", DATA_PHONE, [("get-help.yml", sub("number: 1-800-4-CANCER (1-800-422-6237)",
                                                                            "number: 1-800-4-CANCEL (1-800-422-6237)"))],
         ["get-help.yml, entry 'nci-cis', field 'number'", "1-800-4-CANCEL"]),
    Case("uk-number-dials-another", DATA_PHONE, [("get-help.yml", sub('dial: "+448088080000"', 'dial: "+448088080001"'))],
         ["get-help.yml, entry 'macmillan', field 'dial'", "+448088080001"]),
    Case("uk-line-with-a-us-number", DATA_PHONE, [("get-help.yml", chain(sub("number: 0808 808 00 00", "number: 1-800-227-2345"),
                                                                         sub('dial: "+448088080000"', 'dial: "+18002272345"')))],
         ["get-help.yml, entry 'macmillan', field 'number'", "UK"]),
    Case("911-beside-a-number", DATA_PHONE, [("get-help.yml", sub("number: 1-800-227-2345", "number: 1-800-227-2345 or 911"))],
         ["get-help.yml, entry 'acs-helpline', field 'number'", "911"]),
    Case("911-as-a-help-line", DATA_PHONE, [("get-help.yml", chain(sub("number: 888-793-9355", 'number: "911"'),
                                                                   sub('dial: "+18887939355"', 'dial: "911"')))],
         ["get-help.yml, entry 'cancer-support-community', field 'number'", "911", "emergency"]),
    Case("emergency-line-not-an-emergency-number", DATA_PHONE, [("get-help.yml", chain(sub('number: "911"', 'number: "9111"'),
                                                                                       sub('dial: "911"', 'dial: "9111"')))],
         ["get-help.yml, entry 'emergency', field 'number'", "emergency"]),
    Case("dial-one-digit-short", DATA_PHONE, [("get-help.yml", sub('dial: "+18002272345"', 'dial: "+1800227234"'))],
         ["get-help.yml, entry 'acs-helpline', field 'dial'", "+1800227234"]),
    Case("page-phone-text-911", DATA_PHONE, [("docs/living/wellbeing-and-support.md", append('Call {{ phone("nci-cis", "911") }} now.'))],
         [line_of("docs/living/wellbeing-and-support.md", 'Call {{ phone("nci-cis", "911")'), "911"]),
    Case("page-phone-text-another-number", DATA_PHONE, [("docs/living/wellbeing-and-support.md",
                                                          append('Call {{ phone("nci-cis", "1-900-555-0100") }} now.'))],
         [line_of("docs/living/wellbeing-and-support.md", 'Call {{ phone("nci-cis", "1-900'), "1-900-555-0100"]),
    # 17.5: structure YAML reads differently from what the editor meant
    Case("literal-block-in-key-point", DATA_STRUCTURE, [("cancers.yml", regex(
        r"^      - text: When CAR T stops working for large B-cell lymphoma, (.*)$",
        "      - text: |\n          When CAR T stops working for large B-cell lymphoma,\n          - \\1"))],
         ["cancers.yml, entry 'large-b-cell-lymphoma', field 'key_points[0].text'", "line break"]),
    Case("folded-text-with-blank-line", DATA_STRUCTURE, [("glossary.yml", sub(
        "    definition: When cancer comes back after a time when it had gone away or shrunk.\n",
        "    definition: >\n      When cancer comes back.\n\n          It had gone away or shrunk.\n"))],
         ["glossary.yml, entry 'relapse', field 'definition'", "line break"]),
    Case("plain-text-with-blank-line", DATA_STRUCTURE, [("questions.yml", sub(
        "      - text: Which tests will I have next, and when?\n",
        "      - text: Which tests will I have next,\n\n          and when?\n"))],
         ["questions.yml, entry 'tests', field 'questions[0].text'", "line break"]),
    Case("count-yes", DATA_STRUCTURE, [("figures.yml", sub("count: 35", "count: yes"))],
         ["figures.yml, entry 'glofitamab-complete-response-after-car-t', field 'count'", "true/false"]),
    Case("count-no", DATA_STRUCTURE, [("figures.yml", sub("count: 72", "count: no"))],
         ["figures.yml, entry 'talquetamab-response-after-car-t', field 'count'", "true/false"]),
    Case("source-year-float", DATA_STRUCTURE, [("sources.yml", regex(r"^    year: \d+$", "    year: 2022.0"))],
         ["sources.yml, entry '", "field 'year'", "whole number"]),
    Case("handout-one", DATA_STRUCTURE, [("questions.yml", sub("      - text: Which tests will I have next, and when?\n",
                                                                "      - text: Which tests will I have next, and when?\n        handout: 1\n"))],
         ["questions.yml, entry 'tests', field 'questions[0].handout'", "true or false"]),
    Case("help-lines-fr", DATA_STRUCTURE, [("docs/living/wellbeing-and-support.md", append('{{ help_lines("FR") }}'))],
         [line_of("docs/living/wellbeing-and-support.md", '{{ help_lines("FR")'), "US, UK"]),
    Case("country-fr", DATA_STRUCTURE, [("get-help.yml", sub("    country: UK\n", "    country: FR\n"))],
         ["get-help.yml, entry 'macmillan', field 'country'", "US, UK"], absent=(NOT_AN_ID,)),
    Case("five-thousand-keywords", DATA_STRUCTURE, [("glossary.yml", sub("    aliases: [relapses, relapsed]\n",
                                                                         "    aliases: [relapses, relapsed]\n    keywords: ["
                                                                         + ", ".join(f"kw{i}" for i in range(5000)) + "]\n"))],
         ["glossary.yml, entry 'relapse', field 'keywords'", "5000"]),
    Case("megabyte-help-line-text", DATA_STRUCTURE, [("get-help.yml", sub("    what: Support line for people in the UK",
                                                                          "    what: Support line " + "word " * 200000))],
         ["get-help.yml, entry 'macmillan', field 'what'", "characters"]),
    Case("thousand-aliases", DATA_STRUCTURE, [("glossary.yml", sub("    aliases: [relapses, relapsed]",
                                                                   "    aliases: [relapses, relapsed, " + ", ".join(f"relapse{i}" for i in range(1000)) + "]"))],
         ["glossary.yml, entry 'relapse', field 'aliases'", "1002"]),
    # 17.6: tracebacks from the YAML loader
    Case("huge-number-figures", DATA_TRACEBACK_2, [("figures.yml", sub("count: 35", f"count: {BIG}"))],
         [line_of("figures.yml", BIG), "5000 digits"]),
    Case("huge-number-sources", DATA_TRACEBACK_2, [("sources.yml", regex(r"^    year: \d+$", f"    year: {BIG}"))],
         [line_of("sources.yml", BIG), "5000 digits"]),
    Case("huge-number-glossary", DATA_TRACEBACK_2, [("glossary.yml", sub("    term: relapse\n", f"    term: {BIG}\n"))],
         [line_of("glossary.yml", BIG), "5000 digits"]),
    Case("huge-number-tree", DATA_TRACEBACK_2, [("decision-tree.yml", regex(r"^      - label: .*$", f"      - label: {BIG}"))],
         [line_of("decision-tree.yml", BIG), "5000 digits"]),
    Case("huge-number-help", DATA_TRACEBACK_2, [("get-help.yml", sub('dial: "+18004226237"', f"dial: {BIG}"))],
         [line_of("get-help.yml", BIG), "5000 digits"]),
    Case("huge-number-cancers", DATA_TRACEBACK_2, [("cancers.yml", sub("target: CD19", f"target: {BIG}"))],
         [line_of("cancers.yml", BIG), "5000 digits"]),
    Case("huge-number-questions", DATA_TRACEBACK_2, [("questions.yml", sub("    title: Tests and results", f"    title: {BIG}"))],
         [line_of("questions.yml", BIG), "5000 digits"]),
    Case("tag-int-on-text", DATA_TRACEBACK_2, [("figures.yml", sub("count: 35", 'count: !!int "thirty"'))],
         [line_of("figures.yml", "!!int"), "!!int"]),
    Case("tag-bool-on-text", DATA_TRACEBACK_2, [("questions.yml", sub("      - text: Which tests will I have next, and when?\n",
                                                                       "      - text: Which tests will I have next, and when?\n        handout: !!bool maybe\n"))],
         [line_of("questions.yml", "!!bool"), "!!bool"]),
    Case("tag-timestamp-on-text", DATA_TRACEBACK_2, [("sources.yml", regex(r"^    accessed: \S+$", "    accessed: !!timestamp soon"))],
         [line_of("sources.yml", "!!timestamp"), "!!timestamp"]),
    Case("tag-float-on-text", DATA_TRACEBACK_2, [("figures.yml", regex(r"^    total: 100$", "    total: !!float lots"))],
         [line_of("figures.yml", "!!float"), "!!float"]),
    Case("escaped-lone-surrogate", DATA_MESSAGE, [("glossary.yml", regex(r"^    definition: (When cancer comes back.*)$",
                                                                              r'    definition: "\\ud800 \1"'))],
         ["glossary.yml, entry 'relapse', field 'definition'", "U+D800"]),
    Case("escaped-private-use-character", DATA_DISPLAY, [("questions.yml", sub("      - text: Which tests will I have next, and when?\n",
                                                                              '      - text: "Which tests\\ue000 will I have next, and when?"\n'))],
         ["questions.yml, entry 'tests', field 'questions[0].text'", "U+E000"]),
    Case("escaped-rlo-in-double-quotes", DATA_DISPLAY, [("get-help.yml", sub("text: a fever of 100.4°F (38°C) or higher\n",
                                                                             'text: "a fever of \\u202e4.001°F (38°C) or higher"\n'))],
         ["get-help.yml, entry 'call_team_signs[0]', field 'text'", "U+202E RIGHT-TO-LEFT OVERRIDE"]),
    # 17.8: each field's own words for what it expects
    Case("dial-with-spaces", DATA_MESSAGE, [("get-help.yml", sub('dial: "+18004226237"', 'dial: "+1 800 422 6237"'))],
         ["get-help.yml, entry 'nci-cis', field 'dial'", "digits"], absent=(NOT_AN_ID,)),
    Case("country-lowercase", DATA_MESSAGE, [("get-help.yml", sub("    country: UK\n", "    country: uk\n"))],
         ["get-help.yml, entry 'macmillan', field 'country'", "US, UK"], absent=(NOT_AN_ID,)),
    Case("only-for-sixty-characters", DATA_MESSAGE, [("cancers.yml", sub("only_for: follicular lymphoma",
                                                                          "only_for: " + "follicular lymphoma " * 3))],
         ["cancers.yml, entry 'follicular-and-marginal-zone-lymphoma'", "only_for'", "characters"], absent=("items",)),
    Case("cancer-point-id-clashes-with-a-section", DATA_MESSAGE, [("cancers.yml", sub("      - id: early-or-late", "      - id: outlook"))],
         ["cancers.yml, entry 'large-b-cell-lymphoma', field 'points[0].id'", "outlook"], absent=("docs/cancers/",)),
    Case("cancer-point-id-twice", DATA_MESSAGE, [("cancers.yml", sub("      - id: new-biopsy", "      - id: early-or-late"))],
         ["cancers.yml, entry 'large-b-cell-lymphoma', field 'points[1].id'", "early-or-late"], absent=("docs/cancers/",)),
    Case("cancer-point-id-questions", DATA_MESSAGE, [("cancers.yml", sub("      - id: kidneys", "      - id: questions"))],
         ["cancers.yml, entry 'multiple-myeloma'", "field 'points[", "].id'", "questions"], absent=("docs/cancers/",)),
    Case("cancer-page-capitals", DATA_MESSAGE, [("cancers.yml", sub("page: cancers/large-b-cell-lymphoma.md", "page: cancers/LBCL.md"))],
         ["cancers.yml, entry 'large-b-cell-lymphoma', field 'page'", "cancers/"], absent=(NOT_AN_ID,)),
    Case("option-page-capitals", DATA_MESSAGE, [("decision-tree.yml", sub("page: options/bispecific-antibodies.md", "page: options/Bispecific.md"))],
         ["decision-tree.yml, entry 'bispecific-antibodies', field 'page'", ".md"], absent=(NOT_AN_ID,)),
    Case("source-id-with-capitals", DATA_MESSAGE, [("sources.yml", sub("  - id: nci-dictionary", "  - id: NCI-dictionary"))],
         ["sources.yml, entry 'NCI-dictionary', field 'id'", "'N'"]),
    # Issue 18, lookup by diagnosis code (macros/icd10.py): a code of the wrong shape, an unknown
    # page, a code twice, a shared code written under one cancer only, and an unknown source.
    Case("icd10-code-lowercase", DATA_MESSAGE, [("cancers.yml", sub("      - code: C90.0\n", "      - code: c90.0\n"))],
         ["cancers.yml, entry 'multiple-myeloma', field 'codes[0].code'", "an ICD-10-CM code"]),
    Case("icd10-code-unknown-page", DATA_MESSAGE, [("cancers.yml", sub(
        "pages: [b-all-children-and-young-adults, b-all-adults]", "pages: [b-all-children-and-young-adults, b-all-adult]"))],
         ["cancers.yml, entry 'b-all-children-and-young-adults', field 'codes[0].pages'", "'b-all-adult' is not a cancer"]),
    Case("icd10-code-twice", DATA_MESSAGE, [("cancers.yml", sub("      - code: C88.4\n", "      - code: C82\n"))],
         ["cancers.yml, entry 'follicular-and-marginal-zone-lymphoma', field 'codes[2].code'", "C82 is listed twice"]),
    Case("icd10-shared-code-under-one-cancer", DATA_MESSAGE, [("cancers.yml", sub(
        "        pages: [follicular-and-marginal-zone-lymphoma, chronic-lymphocytic-leukemia]\n", "", count=2))],
         ["cancers.yml, entry 'follicular-and-marginal-zone-lymphoma', field 'codes[1]'", "written the same way under both"]),
    Case("icd10-code-source-missing", DATA_MESSAGE, [("cancers.yml", sub("source: cdc-icd10cm-2026", "source: cdc-icd10cm-2099"))],
         ["cancers.yml, entry 'large-b-cell-lymphoma', field 'codes[0].source'", "source 'cdc-icd10cm-2099' is not in sources.yml"]),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pristine")
    for name in KEEP:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, base / name)
    return base


def test_corpus_is_large_and_every_class_has_enough_cases():
    assert len(CASES) >= MIN_CASES, len(CASES)
    assert len({c.id for c in CASES}) == len(CASES), "two cases share an id"
    counts = Counter(c.cls for c in CASES)
    assert set(counts) <= set(CLASSES), set(counts) - set(CLASSES)
    assert not [cls for cls in CLASSES if counts[cls] < MIN_PER_CLASS], counts


def test_the_class_count_check_fails_for_a_thin_class():
    thin = Counter(c.cls for c in CASES if c.cls != HANG) + Counter({HANG: MIN_PER_CLASS - 1})
    assert [cls for cls in CLASSES if thin[cls] < MIN_PER_CLASS] == [HANG]


def located(output: str, file: str) -> bool:
    """The output names `file` with an entry, a field or a line, or says the whole file is missing
    (ours: "glossary.yml: file does not exist"; MkDocs' check of `watch:` paths comes first:
    "The path '.../glossary.yml' isn't an existing file")."""
    return bool(re.search(re.escape(file) + r"(, line \d+|, entry '|, field '|: file does not exist|' isn't an existing file)",
                          output))


def _parsed(page: Path):
    """The page as lxml's HTML parser reads it (the parser BeautifulSoup's "lxml" builder uses,
    without a Python object for every node: about 6 times faster on a whole site)."""
    return lxml_html.document_fromstring(page.read_text(encoding="utf-8"))


def made_from_payload(site: Path) -> list[str]:
    """Elements or attributes in the built site that came from a payload (all carry 'alert(')."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for el in _parsed(page).iter():
            if not isinstance(el.tag, str):
                continue  # comments and processing instructions are not elements
            for name, value in el.attrib.items():
                if name.startswith("on") or "alert(" in value or "javascript:" in value.lower():
                    found.append(f"{page.relative_to(site)}: <{el.tag} {name}={value[:60]!r}>")
            if el.tag in ("script", "svg", "iframe", "object", "embed"):
                markup = lxml_html.tostring(el, encoding="unicode", with_tail=False)
                if "alert(" in markup:
                    found.append(f"{page.relative_to(site)}: <{el.tag}> {markup[:80]}")
    return found


def shown_as_text(site: Path) -> bool:
    return any("alert(1)" in _parsed(p).text_content() for p in site.rglob("*.html"))


def build(project: Path, config: str = "") -> tuple[int, str]:
    """A real `python -m mkdocs build --strict` (or scripts/mkdocs_overlay.py) of `project`, as a
    new process: tests/build_runner.py forks it from a process that has the libraries imported
    (same status, output and hang guard as subprocess.run; tests/test_build_runner.py)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    mkdocs = [sys.executable, str(project / "scripts" / "mkdocs_overlay.py")] if config else [sys.executable, "-m", "mkdocs"]
    try:
        result = build_runner.run(mkdocs + ["build", "--strict", "--site-dir", str(project / "site")]
                                  + (["--config-file", config] if config else []),
                                  cwd=project, env=env, timeout=HANG_GUARD_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"no answer within {HANG_GUARD_SECONDS} s: the build hangs", pytrace=False)
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("case", CASES, ids=[f"{c.cls.split()[0].replace('.', '_')}-{c.id}" for c in CASES])
def test_broken_or_hostile_input_stops_the_build_or_is_escaped(pristine, tmp_path, case):
    project = tmp_path / "p"
    shutil.copytree(pristine, project)
    for file, change in case.changes:
        target = project / file
        if change is None:
            target.unlink()
            continue
        new = change(target.read_text(encoding="utf-8"))
        if isinstance(new, bytes):
            target.write_bytes(new)
        else:
            target.write_text(new, encoding="utf-8")
    code, output = build(project, case.config)
    assert "Traceback" not in output, f"{case.id}: printed a traceback\n{output[-3000:]}"
    site = project / "site"
    if case.escape:
        assert code == 0, f"{case.id}: the build failed\n{output[-2000:]}"
        assert shown_as_text(site), f"{case.id}: the payload is not shown as text anywhere"
        assert made_from_payload(site) == [], f"{case.id}: markup made from the payload"
        return
    assert code != 0, f"{case.id}: the build passed\n{output[-2000:]}"
    file = case.where or case.changes[0][0]
    assert located(output, file), f"{case.id}: no message names {file} with an entry, field or line\n{output[-2000:]}"
    for part in case.expect:
        part = part(project) if callable(part) else part
        assert part in output, f"{case.id}: message lacks {part!r}\n{output[-2000:]}"
    for part in case.absent:
        assert part not in output, f"{case.id}: misleading message {part!r}\n{output[-2000:]}"
    assert not (site.exists() and list(site.rglob("*.html"))), f"{case.id}: left pages in the site folder"


def test_the_checks_of_this_corpus_can_fail(tmp_path):
    """Fixtures for the helpers: a vague message, a site with an injected handler."""
    assert not located("ERROR - Build failed", "docs/about.md")
    assert not located("docs/about.md: something is wrong", "docs/about.md")
    assert located("docs/about.md, line 4, field 'title': bad", "docs/about.md")
    assert not located("The path '/p/glossary.yml' is wrong", "glossary.yml")
    (tmp_path / "index.html").write_text('<p>alert(1) as text</p><a href="#" onfocus="alert(1)">x</a>')
    assert made_from_payload(tmp_path) and shown_as_text(tmp_path)
    (tmp_path / "index.html").write_text("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert made_from_payload(tmp_path) == [] and shown_as_text(tmp_path)
    (tmp_path / "index.html").write_text('<p>alert(1)</p><!-- alert(1) --><script>alert(1)</script>'
                                         '<a href="JavaScript:void(0)">x</a>')
    assert [f.split(": ", 1)[1][:8] for f in made_from_payload(tmp_path)] == ["<script>", "<a href="]
