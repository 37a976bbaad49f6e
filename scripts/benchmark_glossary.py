"""Benchmark: does explaining glossary terms keep the build fast as the glossary grows?

Builds a copy of the real site (same mkdocs.yml, pages, data, macros and theme) whose glossary
also has 100, 1,000 or 8,000 made-up terms, plus 20 or 200 made-up pages (not in the nav) of
about 1,000 words in which those terms appear 5-10 times per 1,000 words. Prints build seconds
(wall, the real site's own pages included) and the number of made-up terms explained on the
made-up pages. A script, not a test: figures depend on the machine.

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
sys.path.insert(0, str(ROOT))

from macros.data_files import SOURCE_FOLDERS  # noqa: E402  (what a build reads)
from macros.glossary import sort_key  # noqa: E402

FILLER = ("you your care team may talk about the next steps with family and friends while the "
          "doctors look at each test result and plan what comes next for the weeks ahead").split()
SYLLABLES = ["ka", "lo", "mi", "ne", "ro", "ta", "vu", "zi", "po", "se", "du", "fa", "gi", "hu", "ja", "ke"]


def word(i: int) -> str:
    out, n = [], i + 4096
    while n:
        out.append(SYLLABLES[n % 16])
        n //= 16
    return "".join(out) + "ine"


def make_project(dest: Path, n_terms: int, n_pages: int, rng: random.Random) -> None:
    """A copy of the real project (pages, data, macros, plugin, theme) whose glossary also has
    n_terms made-up terms, and n_pages made-up pages (not in the nav) that use them."""
    for folder in (*SOURCE_FOLDERS, "schemas"):  # what a build reads (macros/data_files.py), and the schemas
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, dest / folder)
    for data in ROOT.glob("*.yml"):
        if data.name != "mkdocs.yml":
            shutil.copy2(data, dest / data.name)
    cfg = (ROOT / "mkdocs.yml").read_text()
    (dest / "mkdocs.yml").write_text(cfg.replace("omitted_files: warn", "omitted_files: ignore"))
    glossary = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))
    source = glossary["terms"][0]["sources"][0]
    terms = [word(i) for i in range(n_terms)]
    glossary["terms"] += [{"id": f"bench-t{i}", "term": t, "aliases": [f"{t}s"],
                           "definition": f"A made-up word number {i} for the benchmark.", "sources": [source]}
                          for i, t in enumerate(terms)]
    glossary["terms"].sort(key=lambda t: sort_key(t["term"]))  # the glossary is sorted A-Z
    (dest / "glossary.yml").write_text(yaml.safe_dump(glossary, sort_keys=False, allow_unicode=True, width=10_000),
                                       encoding="utf-8")
    front = "---\ntitle: P{n}\ndescription: D\nlast_reviewed: 2026-11-23\nnext_review: 2027-11-23\n---\n\n# Page {n} {{ #page-{n} }}\n\n"
    for p in range(1, n_pages + 1):
        paras = []
        for _ in range(10):  # 10 paragraphs x ~100 words
            words = [rng.choice(FILLER) for _ in range(100)]
            for _ in range(rng.randint(0, 1) + (1 if rng.random() < 0.5 else 0)):
                words[rng.randrange(100)] = rng.choice(terms)
            paras.append(" ".join(words).capitalize() + ".")
        body = "\n\n".join(paras[:5]) + "\n\n## More { #more }\n\n" + "\n\n".join(paras[5:])
        (dest / "docs" / f"page-{p}.md").write_text(front.format(n=p) + body + f' {{{{ cite("{source}") }}}}\n')


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
