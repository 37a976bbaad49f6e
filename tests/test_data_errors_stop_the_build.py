"""A corpus of broken inputs. Each one must stop a real `mkdocs build --strict` with a non-zero
exit, one clear message naming the file, the entry and the field, no Python traceback, and no
site folder."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

KEEP = ["mkdocs.yml", "glossary.yml", "sources.yml", "decision-tree.yml", "docs", "macros", "overrides", "hooks"]


def sub(old: str, new: str, count: int = 1):
    def apply(text: str) -> str:
        assert old in text, f"corpus case is stale: {old!r} not found"
        return text.replace(old, new, count)
    return apply


def regex(pattern: str, new: str):
    def apply(text: str) -> str:
        out, n = re.subn(pattern, new, text, count=1, flags=re.M)
        assert n, f"corpus case is stale: {pattern!r} not found"
        return out
    return apply


# (case id, file, change, parts the message must contain)
CASES = [
    ("yaml-syntax-error", "glossary.yml", regex(r"^terms:\n", "terms:\n  - id: [unclosed\n"), ["glossary.yml", "line", "column", "YAML syntax"]),
    ("yaml-tab-indent", "sources.yml", regex(r"^sources:\n", "sources:\n\t- id: x\n"), ["sources.yml", "line"]),
    ("missing-definition", "glossary.yml", regex(r"^    definition: .*\n", ""), ["glossary.yml", "entry '", "field 'definition'", "required"]),
    ("misspelt-key", "glossary.yml", regex(r"^    definition:", "    defintion:"), ["glossary.yml", "field 'defintion'", "unknown field"]),
    ("wrong-type-aliases", "glossary.yml", regex(r"^    aliases: \[.*\]$", "    aliases: 12"), ["glossary.yml", "field 'aliases'"]),
    ("duplicate-term-id", "glossary.yml", regex(r"^  - id: (\S+)\n", "  - id: antigen\n"), ["glossary.yml", "entry 'antigen'", "duplicate"]),
    ("bad-term-id", "glossary.yml", regex(r"^  - id: \S+\n", "  - id: Not A Slug\n"), ["glossary.yml", "field 'id'", "not a valid id"]),
    ("script-tag-in-definition", "glossary.yml", regex(r"^    definition: (.*)$", r"    definition: <script>alert(1)</script> \1"), ["glossary.yml", "field 'definition'", "HTML tag"]),
    ("img-onerror-in-title", "decision-tree.yml", regex(r"^    question: (.*)$", r"    question: <img src=x onerror=alert(1)> \1"), ["decision-tree.yml", "field 'question'", "HTML tag"]),
    ("related-term-missing", "glossary.yml", regex(r"^    related: \[", "    related: [no-such-term, "), ["glossary.yml", "related term 'no-such-term'", "field 'related'"]),
    ("term-source-missing", "glossary.yml", regex(r"^    sources: \[", "    sources: [no-such-source, "), ["glossary.yml", "source 'no-such-source'", "field 'sources'"]),
    ("shared-alias", "glossary.yml", regex(r"^    aliases: \[", "    aliases: [relapse, "), ["glossary.yml", "'relapse'", "field 'aliases'"]),
    ("bad-doi", "sources.yml", regex(r"^    doi: \S+$", "    doi: https://doi.org/10.1/x"), ["sources.yml", "field 'doi'", "not a DOI"]),
    ("bad-pmid", "sources.yml", regex(r"^    pmid: \S+$", "    pmid: PMID123"), ["sources.yml", "field 'pmid'", "PubMed"]),
    ("bad-accessed-date", "sources.yml", regex(r"^    accessed: \S+$", "    accessed: 23/11/2026"), ["sources.yml", "field 'accessed'"]),
    ("bad-source-type", "sources.yml", regex(r"^    type: journal$", "    type: blog"), ["sources.yml", "field 'type'"]),
    ("duplicate-source-id", "sources.yml", regex(r"^  - id: (?!descart-2022)\S+\n", "  - id: descart-2022\n"), ["sources.yml", "entry 'descart-2022'", "duplicate"]),
    ("uncited-source", "sources.yml", regex(r"^sources:\n", "sources:\n  - id: never-cited\n    type: journal\n    authors: A B\n    title: T\n    container: J\n    year: 2020\n    pmid: '1'\n"), ["sources.yml", "entry 'never-cited'", "not cited"]),
    ("dangling-next", "decision-tree.yml", regex(r"^        next: \S+$", "        next: nowhere-node"), ["decision-tree.yml", "'nowhere-node'", "does not exist"]),
    ("dangling-option", "decision-tree.yml", regex(r"^      - option: (?!focusing-on-comfort|clinical-trials)\S+$", "      - option: no-such-option"), ["decision-tree.yml", "'no-such-option'", "options["]),
    ("cycle", "decision-tree.yml", regex(r"^        next: (?!which-cancer)\S+$", "        next: which-cancer"), ["decision-tree.yml", "circle"]),
    ("unreachable-node", "decision-tree.yml", regex(r"^nodes:\n", "nodes:\n  - id: lonely-step\n    kind: question\n    question: Is anyone here?\n    choices:\n      - label: Sure\n        next: lonely-end\n      - label: Not sure\n        next: lonely-end-2\n  - id: lonely-end\n    kind: outcome\n    title: T\n    summary: S\n    options:\n      - option: clinical-trials\n        why: W\n        questions: [\"Q\"]\n      - option: focusing-on-comfort\n        why: W\n        questions: [\"Q\"]\n    sources: [descart-2022]\n  - id: lonely-end-2\n    kind: outcome\n    title: T\n    summary: S\n    options:\n      - option: clinical-trials\n        why: W\n        questions: [\"Q\"]\n      - option: focusing-on-comfort\n        why: W\n        questions: [\"Q\"]\n    sources: [descart-2022]\n"), ["decision-tree.yml", "entry 'lonely-step'", "reach"]),
    ("empty-choices", "decision-tree.yml", regex(r"^    choices:\n(      - label: .*\n        next: .*\n)+", "    choices: []\n"), ["decision-tree.yml", "field 'choices'"]),
    ("yaml-boolean-label", "decision-tree.yml", regex(r"^      - label: .*$", "      - label: Yes"), ["decision-tree.yml", "entry 'which-cancer'", "label", "quotes"]),
    ("missing-start", "decision-tree.yml", regex(r"^start: \S+$", "start: no-start"), ["decision-tree.yml", "field 'start'", "'no-start'"]),
    ("unknown-node-kind", "decision-tree.yml", regex(r"^    kind: outcome$", "    kind: result"), ["decision-tree.yml", "kind"]),
    ("outcome-without-comfort", "decision-tree.yml", regex(r"^      - option: focusing-on-comfort\n        why: .*\n        questions: .*\n(?:          - .*\n)*", ""), ["decision-tree.yml", "focusing-on-comfort"]),
    ("option-page-missing", "decision-tree.yml", regex(r"^    page: options/radiation-therapy\.md$", "    page: options/radiation.md"), ["decision-tree.yml", "entry 'radiation-therapy'", "field 'page'", "does not exist"]),
    ("unused-option", "decision-tree.yml", regex(r"^options:\n", "options:\n  - id: spare-option\n    name: Spare\n    page: options/index.md\n    summary: S\n    how_it_works: H\n    benefits: B\n    risks: R\n    what_it_is_like: W\n    who_it_may_suit: W\n    sources: [descart-2022]\n"), ["decision-tree.yml", "entry 'spare-option'", "not offered"]),
    ("cite-unknown-source-in-page", "docs/about.md", regex(r"\Z", '\nA claim. {{ cite("no-such-study-2020") }}\n'), ["docs/about.md", "line", "no-such-study-2020"]),
    ("term-unknown-in-page", "docs/about.md", regex(r"\Z", '\n{{ term("no-such-word") }}\n'), ["docs/about.md", "no-such-word"]),
    ("page-without-review-date", "docs/about.md", regex(r"^last_reviewed: .*\n", ""), ["docs/about.md", "field 'last_reviewed'"]),
    ("review-gap-too-long", "docs/about.md", regex(r"^next_review: .*$", "next_review: 2029-01-01"), ["docs/about.md", "field 'next_review'", "12 months"]),
    ("glossary-file-missing", "glossary.yml", None, ["glossary.yml", "exist"]),
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("pristine")
    for name in KEEP:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, base / name)
    return base


def test_corpus_is_large_enough():
    assert len(CASES) >= 25


@pytest.mark.parametrize("case,file,change,expect", CASES, ids=[c[0] for c in CASES])
def test_broken_input_stops_the_build_with_a_clear_message(pristine, tmp_path, case, file, change, expect):
    project = tmp_path / "p"
    shutil.copytree(pristine, project)
    target = project / file
    if change is None:
        target.unlink()
    else:
        target.write_text(change(target.read_text(encoding="utf-8")), encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
                            cwd=project, capture_output=True, text=True, env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build passed\n{output[-2000:]}"
    assert "Traceback" not in output, f"{case}: printed a traceback\n{output[-3000:]}"
    for part in expect:
        assert part in output, f"{case}: message lacks {part!r}\n{output[-2000:]}"
    assert not (project / "site" / "index.html").exists(), f"{case}: left a site that looks complete"
