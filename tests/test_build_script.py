"""scripts/build.py never deletes anyone's work: it refuses a --site-dir that holds sources, or
anything but a build it wrote itself (marked by .after-car-t-build, which lists its files), and
leaves that folder untouched; a --site-dir that is a symbolic link loop or too long a name gets a
plain message; it still builds into a new or empty folder or over a previous build; an old build
that cannot be fully deleted is never left half-deleted looking like a build; an interrupted build
(SIGTERM, Ctrl-C) leaves no site, no temporary folder and no build process behind."""
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

sys.path.insert(0, str(ROOT / "scripts"))
import build as build_script  # noqa: E402  (scripts/build.py)

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
    return [p.name for p in folder.glob(".site-build-*")] + [p.name for p in folder.glob(".site-old-*")]


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


def _old_build(tmp: Path, extra: str | None = None, marker: bool = True) -> Path:
    """A folder as a previous build leaves it (pages, assets, the marker), with one file added."""
    d = tmp / "old-build"
    (d / "assets" / "stylesheets").mkdir(parents=True)
    (d / "index.html").write_text("<h1>an old build</h1>")
    (d / "assets" / "stylesheets" / "extra.css").write_text("body {}")
    if marker:
        build_script.write_marker(d)
    if extra:
        (d / extra).parent.mkdir(parents=True, exist_ok=True)
        (d / extra).write_text("someone's work")
    return d


def _someones_folder(tmp: Path) -> Path:
    """The issue's case: an index.html, a document and a folder of photos."""
    d = tmp / "my-website"
    (d / "photos").mkdir(parents=True)
    (d / "index.html").write_text("<h1>My own page</h1>")
    (d / "letter.docx").write_bytes(b"PK\x03\x04 a letter")
    (d / "photos" / "IMG_0001.jpg").write_bytes(b"\xff\xd8\xff photo")
    return d


def _marker_copied_into(tmp: Path) -> Path:
    """A build's marker copied into someone's folder: the files it lists are not what is there."""
    d = _someones_folder(tmp)
    shutil.copy(_old_build(tmp) / build_script.MARKER, d / build_script.MARKER)
    return d


def _a_false_marker(tmp: Path) -> Path:
    d = _someones_folder(tmp)
    (d / build_script.MARKER).write_text("index.html\nletter.docx\nphotos/IMG_0001.jpg\n")
    return d


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
    "index.html, a document and photos": (lambda tmp, p: _someones_folder(tmp), "not a previous build of the site (no .after-car-t-build"),
    "an old build without the marker": (lambda tmp, p: _old_build(tmp, marker=False), "not a previous build of the site (no .after-car-t-build"),
    "a previous build with a document added": (lambda tmp, p: _old_build(tmp, "notes.docx"),
                                               "did not write (such as notes.docx)"),
    "a previous build with photos added": (lambda tmp, p: _old_build(tmp, "photos/IMG_0001.jpg"),
                                           "folder the build did not write (photos/)"),
    "a build's marker copied into another folder": (lambda tmp, p: _marker_copied_into(tmp), "did not write"),
    "a marker file not written by the build": (lambda tmp, p: _a_false_marker(tmp), "not a previous build of the site (no .after-car-t-build"),
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
    marker = (new / build_script.MARKER).read_text(encoding="utf-8")
    assert "index.html\n" in marker and "search/search_index.json\n" in marker, "the marker lists the files written"
    # A page an older build wrote (listed in its marker) is gone after the next build.
    (new / "stale.html").write_text("from an older build")
    (new / build_script.MARKER).write_text(marker + "stale.html\n", encoding="utf-8")
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
    (site / "old" / "index.html").write_text("<h1>an old page</h1>")
    (site / "index.html").write_text("<h1>an old build</h1>")
    build_script.write_marker(site)
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


def _loop(tmp: Path) -> Path:
    link = tmp / "loop"
    link.symlink_to(link)
    return link


def _two_links(tmp: Path) -> Path:
    (tmp / "a").symlink_to(tmp / "b")
    (tmp / "b").symlink_to(tmp / "a")
    return tmp / "a"


BAD_PATHS = {
    "a link to itself": (_loop, "symbolic link that leads back to itself"),
    "two links pointing at each other": (_two_links, "symbolic link that leads back to itself"),
    "a folder inside a link loop": (lambda tmp: _loop(tmp) / "site", "symbolic link that leads back to itself"),
    "a 300-character name": (lambda tmp: tmp / ("s" * 300), "300 characters long"),
    "a 300-character folder name on the way": (lambda tmp: tmp / ("d" * 300) / "site", "300 characters long"),
}


@pytest.mark.parametrize("case", list(BAD_PATHS))
def test_a_site_dir_that_cannot_be_a_folder_gets_a_plain_message(project, tmp_path, case):
    make, says = BAD_PATHS[case]
    where = tmp_path / "here"
    where.mkdir()
    target = make(where)
    before, project_before = snapshot(where), snapshot(project)
    result = build(project, target)
    out = result.stdout + result.stderr
    assert result.returncode == 2, out
    assert "Traceback" not in out, out
    assert "Cannot use --site-dir" in out and says in out and "Nothing was changed" in out, out
    assert snapshot(where) == before and snapshot(project) == project_before
    assert not leftovers(where) and not leftovers(project)


def test_an_old_build_that_cannot_be_fully_deleted_is_not_left_looking_like_a_build(tmp_path, monkeypatch, capsys):
    """Deleting stops half-way (a file that cannot be removed): the site folder's place is empty,
    the rest is aside under a name the build never uses as a site, without its marker."""
    old = _old_build(tmp_path)
    real_rmtree = shutil.rmtree

    def stops_half_way(path, *a, **kw):
        (Path(path) / "index.html").unlink()
        raise PermissionError(13, "Permission denied", str(Path(path) / "assets"))

    monkeypatch.setattr(build_script.shutil, "rmtree", stops_half_way)
    aside = build_script.discard(old)
    monkeypatch.setattr(build_script.shutil, "rmtree", real_rmtree)
    assert aside is not None and aside.name.startswith(".site-old-") and aside.parent == old.parent
    assert not old.exists(), "nothing is left in the site folder's place"
    assert not (aside / build_script.MARKER).exists(), "what is left does not look like a build"
    assert (aside / "assets").is_dir()
    err = capsys.readouterr().err
    assert str(aside) in err and "delete that folder yourself" in err, err
    assert build_script.not_a_build(aside), "what is left would be refused as a site folder"


def test_the_build_script_checks_a_previous_build_against_its_marker(tmp_path):
    """The check itself, without a build: a marked build passes; each addition is named."""
    d = _old_build(tmp_path)
    assert build_script.not_a_build(d) is None
    (d / ".DS_Store").write_bytes(b"\0")
    assert build_script.not_a_build(d) is None, "a file browser's own file is not anyone's work"
    (d / "assets" / "mine").mkdir()
    assert "assets/mine/" in build_script.not_a_build(d)
    (d / "assets" / "mine").rmdir()
    (d / "link").symlink_to(tmp_path)
    assert "such as link" in build_script.not_a_build(d)
