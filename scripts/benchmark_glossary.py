"""Benchmark: does explaining glossary terms keep the build fast as the glossary grows?

Builds a synthetic copy of the site (same mkdocs.yml, macros and theme) with synthetic
glossaries of 100, 1,000 and 8,000 terms and 20 or 200 pages of about 1,000 words in which
glossary terms appear 5-10 times per 1,000 words. Prints build seconds and the number of
terms explained. A script, not a test: figures depend on the machine.

    python scripts/benchmark_glossary.py [--sizes 100x20,1000x200,8000x200]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FILLER = ("you your care team may talk about the next steps with family and friends while the "
          "doctors look at each test result and plan what comes next for the weeks ahead").split()
SYLLABLES = ["ka", "lo", "mi", "ne", "ro", "ta", "vu", "zi", "po", "se", "du", "fa", "gi", "hu", "ja", "ke"]


def word(i: int) -> str:
    out, n = [], i + 4096
    while n:
        out.append(SYLLABLES[n % 16])
        n //= 16
    return "".join(out) + "ine"


def redirect_targets(cfg_text: str) -> list[str]:
    """The pages mkdocs.yml's redirects point at (each must exist, or the strict build stops)."""
    for plugin in yaml.safe_load(cfg_text)["plugins"]:
        if isinstance(plugin, dict) and "redirects" in plugin:
            return [t.split("#")[0] for t in plugin["redirects"]["redirect_maps"].values()]
    return []


def make_project(dest: Path, n_terms: int, n_pages: int, rng: random.Random) -> None:
    shutil.copytree(ROOT / "macros", dest / "macros")
    shutil.copytree(ROOT / "plugin", dest / "plugin")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "docs" / "assets", dest / "docs" / "assets")
    cfg = (ROOT / "mkdocs.yml").read_text()
    cfg = cfg[: cfg.index("\nnav:")] + "\n"
    cfg = cfg.replace("omitted_files: warn", "omitted_files: ignore")
    (dest / "mkdocs.yml").write_text(cfg)
    (dest / "sources.yml").write_text(
        "sources:\n  - id: s1\n    type: journal\n    authors: A B\n    title: T\n    container: J\n    year: 2024\n    pmid: '1'\n")
    terms = [word(i) for i in range(n_terms)]
    with open(dest / "glossary.yml", "w") as f:
        f.write("terms:\n")
        for i, t in sorted(enumerate(terms), key=lambda it: it[1]):  # the glossary is sorted A-Z
            f.write(f"  - id: t{i}\n    term: {t}\n    aliases: [{t}s]\n    definition: A made-up word number {i} for the benchmark.\n    sources: [s1]\n")
    opt = "    summary: S\n    how_it_works: H\n    benefits: B\n    risks: R\n    what_it_is_like: W\n    who_it_may_suit: W\n    sources: [s1]\n"
    (dest / "decision-tree.yml").write_text(
        "start: q\noptions:\n"
        f"  - id: clinical-trials\n    name: Trials\n    page: index.md\n{opt}"
        f"  - id: focusing-on-comfort\n    name: Comfort\n    page: index.md\n{opt}"
        "nodes:\n  - id: q\n    kind: question\n    question: Q\n    choices:\n"
        "      - {label: A, next: a}\n      - {label: B, next: b}\n" +
        "".join(f"  - id: {x}\n    kind: outcome\n    title: T\n    summary: S\n    options:\n"
                "      - {option: clinical-trials, why: W, questions: [Q]}\n"
                "      - {option: focusing-on-comfort, why: W, questions: [Q]}\n    sources: [s1]\n" for x in "ab"))
    front = "---\ntitle: P{n}\ndescription: D\nlast_reviewed: 2026-11-23\nnext_review: 2027-11-23\n---\n\n# Page {n}\n\n"
    (dest / "docs" / "index.md").write_text(front.format(n=0) + "{{ decision_guide() }}\n\n{{ glossary_page() }}\n")
    for target in redirect_targets(cfg):
        path = dest / "docs" / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front.format(n=path.stem))
    for p in range(1, n_pages + 1):
        paras = []
        for _ in range(10):  # 10 paragraphs x ~100 words
            words = [rng.choice(FILLER) for _ in range(100)]
            for _ in range(rng.randint(0, 1) + (1 if rng.random() < 0.5 else 0)):
                words[rng.randrange(100)] = rng.choice(terms)
            paras.append(" ".join(words).capitalize() + ".")
        body = "\n\n".join(paras[:5]) + "\n\n## More { #more }\n\n" + "\n\n".join(paras[5:])
        (dest / "docs" / f"page-{p}.md").write_text(front.format(n=p) + body + ' {{ cite("s1") }}\n')


def run(n_terms: int, n_pages: int) -> tuple[float, int]:
    rng = random.Random(n_terms * 7 + n_pages)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        proj = Path(tmp)
        make_project(proj, n_terms, n_pages, rng)
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
        t0 = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(proj / "site")],
                           cwd=proj, env=env, capture_output=True, text=True)
        secs = time.perf_counter() - t0
        if r.returncode:
            raise SystemExit(f"benchmark build failed:\n{r.stderr[-3000:]}")
        explained = sum(len(re.findall(r'class="term" data-term=', p.read_text()))
                        for p in (proj / "site").rglob("page-*/index.html"))
        return secs, explained


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100x20,100x200,1000x20,1000x200,8000x20,8000x200")
    args = ap.parse_args()
    print(f"{'terms':>6} {'pages':>6} {'build s':>8} {'terms explained':>16}")
    for size in args.sizes.split(","):
        n_terms, n_pages = map(int, size.split("x"))
        secs, explained = run(n_terms, n_pages)
        print(f"{n_terms:>6} {n_pages:>6} {secs:>8.1f} {explained:>16}", flush=True)


if __name__ == "__main__":
    main()
