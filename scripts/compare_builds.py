"""Build two revisions of the project and list the built files that differ, so a refactoring can
show that it changed nothing a reader gets (or list exactly what it changed on purpose).

    python scripts/compare_builds.py BEFORE [AFTER] [--pdfs] [--engine mkdocs|properdocs]

BEFORE and AFTER are git revisions (AFTER defaults to the working tree as it is, uncommitted
changes included). Each is copied into a temporary folder and built strictly with
scripts/build.py (the handout PDFs too with --pdfs). Prints every file that is only in one build
or differs, and exits 1 if any does."""
from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def checkout(rev: str | None, dest: Path) -> Path:
    """The project at `rev` (None: the working tree, as it is) in `dest`."""
    if rev is None:
        shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(".venv", "site", ".git", "__pycache__", ".pytest_cache", ".cache"))
    else:
        dest.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def build(project: Path, site: Path, pdfs: bool) -> None:
    cmd = [sys.executable, str(project / "scripts" / "build.py"), "--site-dir", str(site)] + (["--pdfs"] if pdfs else [])
    # Each build imports its own copy's plugin and macros, never those of a PYTHONPATH set for the
    # working tree (which would build both revisions with the same code).
    env = {**os.environ, "PYTHONPATH": str(project)}
    result = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"The build of {project.name} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")


def differences(a: Path, b: Path) -> list[str]:
    """Files only in one folder, or in both with other bytes, as 'only in A: x', 'differs: y'."""
    out = []
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    out += [f"only in the first build: {f}" for f in sorted(files_a - files_b)]
    out += [f"only in the second build: {f}" for f in sorted(files_b - files_a)]
    out += [f"differs: {f}" for f in sorted(files_a & files_b) if not filecmp.cmp(a / f, b / f, shallow=False)]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before")
    ap.add_argument("after", nargs="?")
    ap.add_argument("--pdfs", action="store_true", help="also compare the handout PDFs")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compare-builds-") as tmp:
        sites = []
        for name, rev in (("before", args.before), ("after", args.after)):
            project = checkout(rev, Path(tmp) / name)
            site = Path(tmp) / f"{name}-site"
            build(project, site, args.pdfs)
            sites.append(site)
        found = differences(*sites)
    label = f"{args.before} and {args.after or 'the working tree'}"
    if not found:
        print(f"The builds of {label} are identical, byte for byte.")
        return 0
    print(f"{len(found)} file(s) differ between the builds of {label}:")
    print("\n".join(f"  {line}" for line in found))
    return 1


if __name__ == "__main__":
    sys.exit(main())
