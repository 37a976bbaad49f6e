"""scripts/build.py never deletes anyone's work: it refuses a --site-dir that holds sources and
leaves that folder untouched; it still builds into a new or empty folder or over a previous
build; an interrupted build (SIGTERM, Ctrl-C) leaves no site, no temporary folder and no
build process behind."""
from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

COPY_IGNORE = shutil.ignore_patterns(".venv", "site", ".git", ".pytest_cache", "__pycache__", "benchmark-work", ".bench")
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main"]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(GIT + list(args), cwd=cwd, check=True, capture_output=True)


@pytest.fixture()
def project(tmp_path) -> Path:
    """A copy of the project under version control, as an editor's checkout is."""
    dest = tmp_path / "work" / "project"
    shutil.copytree(ROOT, dest, ignore=COPY_IGNORE)
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "checkout")
    return dest


def build(project: Path, site_dir, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(project / "scripts" / "build.py"), "--site-dir", str(site_dir)],
                          cwd=project, capture_output=True, text=True, **kw)


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under folder (and folder itself) with its kind and, for files, a hash."""
    if folder.is_file():
        return {".": hashlib.sha256(folder.read_bytes()).hexdigest()}
    out = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        out[rel] = "link" if p.is_symlink() else "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.glob(".site-build-*")]


def _other_repo(tmp: Path) -> Path:
    d = tmp / "other-repo"
    d.mkdir()
    (d / "data.csv").write_text("a,b\n")
    git(d, "init", "-q")
    git(d, "add", "-A")
    git(d, "commit", "-q", "-m", "x")
    return d


def _folder_with(tmp: Path, name: str, text: str = "x") -> Path:
    d = tmp / f"folder-with-{name}"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / name).write_text(text)
    return d


def _link_to_docs(tmp: Path, project: Path) -> Path:
    link = tmp / "link-to-docs"
    link.symlink_to(project / "docs", target_is_directory=True)
    return link


REFUSED = {
    "the project folder": (lambda tmp, p: p, "it is the project folder"),
    "docs/": (lambda tmp, p: p / "docs", "pages folder docs/"),
    "a folder inside docs/": (lambda tmp, p: p / "docs" / "options", "pages folder docs/"),
    "a link to docs/": (_link_to_docs, "pages folder docs/"),
    "the folder holding the project": (lambda tmp, p: p.parent, "holds the project folder"),
    "a folder of tracked files (macros/)": (lambda tmp, p: p / "macros", "tracked by git"),
    "another repository's folder": (lambda tmp, p: _other_repo(tmp), "tracked by git"),
    "the .git folder": (lambda tmp, p: p / ".git", ".git folder"),
    "a folder with Markdown notes": (lambda tmp, p: _folder_with(tmp, "notes.md"), "holds sources (sub/notes.md)"),
    "a folder with a mkdocs.yml": (lambda tmp, p: _folder_with(tmp, "mkdocs.yml"), "holds sources (sub/mkdocs.yml)"),
    "a folder of other files": (lambda tmp, p: _folder_with(tmp, "photo.jpg"), "not a previous build"),
    "a file": (lambda tmp, p: p / "mkdocs.yml", "is a file"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_site_dir_holding_work_is_refused_and_left_untouched(project, tmp_path, case):
    make, reason = REFUSED[case]
    target = make(tmp_path, project)
    before, project_before = snapshot(target), snapshot(project)
    result = build(project, target)
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert reason in out and "Refusing to build into" in out and "Nothing was changed" in out, out
    assert "Traceback" not in out
    assert snapshot(target) == before, f"{case} was changed"
    assert snapshot(project) == project_before, "the project was changed"
    assert not leftovers(target.parent) and not leftovers(project)


def test_without_git_a_folder_with_markdown_is_still_refused(project, tmp_path):
    target = _folder_with(tmp_path, "page.md")
    before = snapshot(target)
    result = build(project, target, env={**os.environ, "PATH": str(tmp_path / "no-programs-here")})
    assert result.returncode == 2 and "holds sources (sub/page.md)" in result.stderr, result.stderr
    assert snapshot(target) == before


def test_a_new_folder_an_empty_folder_and_a_previous_build_still_work(project, tmp_path):
    new = tmp_path / "outside" / "new-site"
    result = build(project, new)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (new / "index.html").is_file()
    (new / "stale.html").write_text("from an older build")
    before = snapshot(new)
    result = build(project, new)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (new / "index.html").is_file() and not (new / "stale.html").exists(), "a previous build is replaced whole"
    assert snapshot(new) != before, "the snapshot sees a changed folder"
    empty = tmp_path / "empty"
    empty.mkdir()
    result = build(project, empty)
    assert result.returncode == 0 and (empty / "index.html").is_file(), result.stderr[-2000:]
    assert not leftovers(new.parent) and not leftovers(tmp_path)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "\nState:\tZ" not in status.read_text()


@pytest.mark.parametrize("how", ["SIGTERM to the build script", "Ctrl-C (SIGINT to the process group)"])
def test_an_interrupted_build_leaves_no_site_no_temporary_folder_and_no_process(project, how):
    site = project / "site"
    (site / "old").mkdir(parents=True)
    (site / "index.html").write_text("<h1>an old build</h1>")
    proc = subprocess.Popen([sys.executable, str(project / "scripts" / "build.py"), "--site-dir", str(site)],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 30
    while not (leftovers(project) and _children(proc.pid)):
        assert proc.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline, "no temporary folder and build process after 30 s"
        time.sleep(0.01)
    child = _children(proc.pid)[0]
    if how.startswith("SIGTERM"):
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    time.sleep(1)  # a build process left running would write again
    assert proc.returncode != 0
    assert "Build interrupted" in err and "Traceback" not in err, err
    assert not site.exists(), "an interrupted build must leave no site/, not even the old one"
    assert not leftovers(project), "the temporary folder must be removed"
    assert not _alive(child), "the MkDocs build process must be stopped"
