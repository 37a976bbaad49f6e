"""Build the site strictly into a temporary folder and move it into place only on success.

A failed or interrupted build (a data error, a broken link, any warning, Ctrl-C, SIGTERM)
leaves no site folder, not even an old one, and no temporary folder, so nothing half-built or
stale can be published by mistake.

The site folder is replaced as a whole, so the build refuses a --site-dir that could hold
anyone's work: the project folder, docs/ or a folder inside it, a parent of the project, a
folder inside .git, a folder holding files tracked by git, mkdocs.yml or Markdown files, or any
other folder that is neither empty nor a previous build. A previous build is a folder this script
wrote: it holds the marker file .after-car-t-build, which lists every file the build wrote, and
nothing else (a file added to it since, such as someone's notes, makes it refused too).

An old build is first renamed aside (one step), then its marker is removed, then the rest: a
build that cannot be fully deleted is never left half-deleted in the site folder's place, nor
looks like a build. A --site-dir that cannot be used as a path (a symbolic link loop, a name
longer than the file system allows) gets a plain message.

    python scripts/build.py [--site-dir site] [--config-file mkdocs.yml] [--pdfs]
    python scripts/build.py --offline [--zip dist/after-car-t-offline.zip] [--config-file ...] [--pdfs]

--pdfs also makes the handout PDFs (scripts/handout_pdfs.py) inside the new site before it is
moved into place, so a site with broken PDFs is never published either.

--offline makes the kiosk copy instead (`make offline`; macros/offline_copy.py): the same strict
build in the offline kind, written as one zip (one folder inside, opened from disk with its
index.html) and no site folder. The zip is written whole or not at all, the same way.

A cancer center's overlay file (a --config-file with INHERIT, such as examples/center/mkdocs.yml)
is built with scripts/mkdocs_overlay.py: its paths (docs/, overrides/, macros/, the data files)
are read from the project's folder, the center's logo and stylesheet from the overlay's folder.
"""
from __future__ import annotations

import argparse
import errno
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import mkdocs_overlay  # noqa: E402  (scripts/: how an overlay file is built)

ROOT = Path(__file__).resolve().parent.parent
MARKER = ".after-car-t-build"
MARKER_HEADER = ("Written by scripts/build.py (After CAR T): the next build replaces this folder as a whole.\n"
                 "Files this build wrote, one a line:\n")
SYSTEM_FILES = {".DS_Store", "Thumbs.db", "desktop.ini"}  # made by file browsers, not by anyone's work
OFFLINE_ENV = "AFTER_CAR_T_OFFLINE"  # macros/offline_copy.ENV: the plugin builds the kiosk copy
DEFAULT_ZIP = ROOT / "dist" / "after-car-t-offline.zip"
STOP_SIGNALS = [s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s]


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for docs_dir only: tags such as !ENV or !!python/name become None."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def docs_dir_of(config_file: Path) -> Path:
    """The pages folder that mkdocs.yml names (docs_dir, "docs" by default)."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        config = None  # MkDocs itself reports a broken mkdocs.yml
    docs = config.get("docs_dir") if isinstance(config, dict) else None
    return (config_file.parent / (docs if isinstance(docs, str) else "docs")).resolve()


def tracked_files(folder: Path) -> list[str]:
    """Files in folder that git tracks (none when git is missing or folder is in no repository)."""
    if shutil.which("git") is None:
        return []
    result = subprocess.run(["git", "-C", str(folder), "ls-files", "-z", "--", "."],
                            capture_output=True)
    return [f for f in result.stdout.decode("utf-8", "replace").split("\0") if f] if result.returncode == 0 else []


def source_in(folder: Path) -> str | None:
    """The first repository, mkdocs.yml or Markdown file found in folder, if any."""
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath).relative_to(folder)
        if ".git" in dirnames or ".git" in filenames:
            return (here / ".git").as_posix()
        for name in filenames:
            if name == "mkdocs.yml" or name.lower().endswith((".md", ".markdown")):
                return (here / name).as_posix()
    return None


def refusal(site: Path, project: Path, docs: Path) -> str | None:
    """Why the build must not replace the folder `site` (all paths resolved), or None."""
    if site == project:
        return "it is the project folder"
    if site == docs or docs in site.parents:
        return f"it is the pages folder {docs.name}/ or a folder inside it"
    if site in project.parents:
        return "it holds the project folder"
    if ".git" in site.parts:
        return "it is inside a git repository's own .git folder"
    if not site.exists():
        return None
    if not site.is_dir():
        return "it is a file, not a folder"
    if not any(site.iterdir()):
        return None
    tracked = tracked_files(site)
    if tracked:
        return f"it holds files tracked by git (such as {tracked[0]})"
    found = source_in(site)
    if found:
        return f"it holds sources ({found})"
    return not_a_build(site)


def write_marker(folder: Path) -> None:
    """List every file in a finished build (the marker makes it a build this script may replace)."""
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())
    (folder / MARKER).write_text(MARKER_HEADER + "".join(f + "\n" for f in files), encoding="utf-8")


def not_a_build(site: Path) -> str | None:
    """Why the non-empty folder `site` is not a build this script wrote and nobody added to, or None."""
    marker = site / MARKER
    try:
        text = marker.read_text(encoding="utf-8") if marker.is_file() and not marker.is_symlink() else None
    except (OSError, UnicodeDecodeError):
        text = None
    if text is None or not text.startswith(MARKER_HEADER):
        return (f"it holds files and is not a previous build of the site (no {MARKER} file listing "
                "what scripts/build.py wrote)")
    written = {line for line in text[len(MARKER_HEADER):].splitlines() if line}
    folders = {parent.as_posix() for f in written for parent in Path(f).parents}
    for dirpath, dirnames, filenames in os.walk(site):
        here = Path(dirpath).relative_to(site)
        for name in sorted(filenames) + sorted(d for d in dirnames if (Path(dirpath) / d).is_symlink()):
            rel = (here / name).as_posix()
            if rel not in written and rel != MARKER and name not in SYSTEM_FILES:
                return f"it holds files the build did not write (such as {rel}), so it is not only a previous build"
        for name in sorted(dirnames):
            rel = (here / name).as_posix()
            if rel not in folders and rel not in written:
                return f"it holds a folder the build did not write ({rel}/), so it is not only a previous build"
    return None


def path_problem(path: Path, what: str) -> str | None:
    """Why `path` cannot be used as a folder name at all (checked before it is resolved), or None."""
    try:
        name_max = os.pathconf(_existing_parent(path), "PC_NAME_MAX")
    except (OSError, ValueError):
        name_max = 255
    for part in path.parts:
        if len(part.encode("utf-8", "surrogateescape")) > name_max:
            return (f"a name in {what} is {len(part)} characters long ({part[:20]}...); "
                    f"the file system allows at most {name_max}")
    try:
        path.resolve()
    except RuntimeError:  # Python 3.11: "Symlink loop from ..."
        return f"{what} goes through a symbolic link that leads back to itself (a loop)"
    except OSError as e:
        if e.errno == errno.ELOOP:
            return f"{what} goes through a symbolic link that leads back to itself (a loop)"
        return f"{what} cannot be used: {e.strerror or e}"
    return None


def _existing_parent(path: Path) -> str:
    p = path.absolute()
    for candidate in [p, *p.parents]:
        try:
            if candidate.is_dir():
                return str(candidate)
        except (OSError, RuntimeError):
            continue
    return "/"


def write_zip(folder: Path, zip_path: Path, top: str) -> int:
    """Every file of `folder` into `zip_path`, inside one folder `top`, in name order with a
    fixed date (the same build makes the same zip). Returns the number of files."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for path in files:
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes(), compresslevel=9)
    return len(files)


def _stop(child: subprocess.Popen | None) -> None:
    if child is None or child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=20)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def discard(site: Path) -> Path | None:
    """Remove an old build: rename it aside (one step, so the site folder is never half-deleted),
    remove its marker (so what is left never looks like a build), then the rest. Returns the
    folder left aside when it could not be fully deleted (OSError from the rename is raised)."""
    if not site.is_dir():
        return None
    aside = site.parent / f".site-old-{os.getpid()}-{secrets.token_hex(4)}"
    site.rename(aside)
    try:
        (aside / MARKER).unlink(missing_ok=True)
        shutil.rmtree(aside)
    except OSError as e:
        print(f"The old build was moved aside to {aside} but could not be fully deleted "
              f"({e.strerror or e}: {e.filename or aside}); delete that folder yourself.", file=sys.stderr)
        return aside
    return None


def _run_until_stopped(cmd: list[str], stop: list[int], **kw) -> int | None:
    """Run one build step; stop it as soon as a signal is noted. Its exit code, or None if stopped."""
    if stop:
        return None
    # In its own session: Ctrl-C reaches this script only, which stops the step itself.
    child = subprocess.Popen(cmd, start_new_session=True, **kw)
    while child.poll() is None and not stop:
        time.sleep(0.05)
    _stop(child)
    return None if stop else child.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site-dir", default=str(ROOT / "site"))
    ap.add_argument("--config-file", default=str(ROOT / "mkdocs.yml"))
    ap.add_argument("--pdfs", action="store_true", help="also make the handout PDFs")
    ap.add_argument("--offline", action="store_true",
                    help="make the kiosk copy: a zip that works opened from disk (no site folder)")
    ap.add_argument("--zip", default=None, help=f"with --offline: the zip to write (default {DEFAULT_ZIP})")
    args = ap.parse_args(argv)
    if args.zip and not args.offline:
        print("--zip is for the offline copy: add --offline. Nothing was changed.", file=sys.stderr)
        return 2
    if args.offline:
        zip_path = Path(args.zip or DEFAULT_ZIP)
        problem = path_problem(zip_path, "--zip")
        if problem is None and (zip_path.is_dir() or not zip_path.name.endswith(".zip")):
            problem = "it must be a file name ending in .zip"
        if problem:
            print(f"Cannot use --zip {zip_path}: {problem}.\nNothing was changed.", file=sys.stderr)
            return 2
        # Built next to the zip (no site folder is replaced); the checks below see a new folder.
        args.site_dir = str(zip_path.resolve().parent / f".site-build-offline-{os.getpid()}")
    for given, what in ((args.config_file, "--config-file"), (args.site_dir, "--site-dir")):
        problem = path_problem(Path(given), what)
        if problem:
            print(f"Cannot use {what} {given[:80]}{'...' if len(given) > 80 else ''}: {problem}.\n"
                  "Nothing was changed.", file=sys.stderr)
            return 2
    config = Path(args.config_file).resolve()
    root = mkdocs_overlay.root_config(config)  # the project's mkdocs.yml (config itself unless an overlay)
    site = Path(args.site_dir).resolve()
    try:
        reason = refusal(site, root.parent, docs_dir_of(root))
    except OSError as e:
        reason = f"it cannot be read ({e.strerror or e}: {e.filename or site})"
    if reason:
        print(f"Refusing to build into {site}: {reason}.\nNothing was changed. The build replaces its "
              "folder as a whole: choose a new or empty folder, or a previous build made by this script "
              f"(leave out --site-dir to build into {ROOT / 'site'}).", file=sys.stderr)
        return 2
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    # The pages link to the handout PDFs only in a build that makes them (plugin/__init__.py).
    env["AFTER_CAR_T_PDFS"] = "1" if args.pdfs else "0"
    env.pop(OFFLINE_ENV, None)
    if args.offline:
        env[OFFLINE_ENV] = "1"
    # Next to the site, so that moving it into place is one rename on the same disk.
    tmp = site.parent / f".site-build-{os.getpid()}-{secrets.token_hex(4)}"
    mkdocs = [sys.executable, "-m", "mkdocs"] if root == config else [sys.executable, str(ROOT / "scripts" / "mkdocs_overlay.py")]
    steps = [mkdocs + ["build", "--strict", "--clean", "--config-file", str(config), "--site-dir", str(tmp)]]
    if args.pdfs:
        steps.append([sys.executable, str(ROOT / "scripts" / "handout_pdfs.py"), str(tmp)])
    # Ctrl-C, SIGTERM or SIGHUP is only noted here and acted on between steps, so the clean-up
    # below always runs and never meets a half-started build process.
    stop: list[int] = []
    started = time.monotonic()
    previous = {s: signal.signal(s, lambda signum, frame: stop.append(signum)) for s in STOP_SIGNALS}
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        code: int | None = 0
        for step in steps:
            code = _run_until_stopped(step, stop, env=env, cwd=root.parent)
            if code != 0:
                break
        if stop or code != 0:
            discard(site)  # a failed build leaves no site, not even the old one
            what = "site"
            if args.offline:  # nor an old offline copy
                zip_path.unlink(missing_ok=True)
                site, what = zip_path, "offline copy"
            if stop:  # code is None: a step was stopped
                print(f"\nBuild interrupted: no {what} was written to {site}.", file=sys.stderr)
                return 128 + stop[0]
            print(f"\nBuild failed: see the message above. No {what} was written to {site}.", file=sys.stderr)
            return code
        if args.offline:
            return _write_offline_zip(tmp, zip_path.resolve(), started)
        write_marker(tmp)
        aside = site.parent / f".site-old-{os.getpid()}-{secrets.token_hex(4)}"
        if site.is_dir():
            site.rename(aside)       # the old build, out of the way in one step
        try:
            tmp.rename(site)
        except OSError:
            if aside.is_dir():
                aside.rename(site)   # put the old build back as it was
            raise
        if aside.is_dir():
            discard(aside)
        print(f"Site built in {site}")
        return 0
    except OSError as e:
        print(f"Could not build into {site}: {e.strerror or e} ({e.filename or site}).", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        for s, handler in previous.items():
            signal.signal(s, handler)

def _write_offline_zip(built: Path, zip_path: Path, started: float) -> int:
    """The finished offline build as one zip, written aside and renamed into place."""
    partial = zip_path.parent / f".{zip_path.name}.{os.getpid()}.part"
    try:
        count = write_zip(built, partial, zip_path.stem)
        partial.replace(zip_path)
    finally:
        partial.unlink(missing_ok=True)
    size = zip_path.stat().st_size
    print(f"Offline copy written to {zip_path}: {count} files, {size / 1e6:.1f} MB, "
          f"{time.monotonic() - started:.0f} s. Unzip it and open {zip_path.stem}/index.html.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
