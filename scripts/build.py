"""Build the site strictly into a temporary folder and move it into place only on success.

A failed or interrupted build (a data error, a broken link, any warning, Ctrl-C, SIGTERM)
leaves no site folder, not even an old one, and no temporary folder, so nothing half-built or
stale can be published by mistake.

The site folder is replaced as a whole, so the build refuses a --site-dir that could hold
anyone's work: the project folder, docs/ or a folder inside it, a parent of the project, a
folder inside .git, a folder holding files tracked by git, mkdocs.yml or Markdown files, or any
other folder that is neither empty nor a previous build (a previous build has an index.html).

    python scripts/build.py [--site-dir site] [--config-file mkdocs.yml] [--pdfs]

--pdfs also makes the handout PDFs (scripts/handout_pdfs.py) inside the new site before it is
moved into place, so a site with broken PDFs is never published either.
"""
from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
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
    if not (site / "index.html").is_file():
        return "it holds files and is not a previous build of the site (no index.html)"
    return None


def _stop(child: subprocess.Popen | None) -> None:
    if child is None or child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=20)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _remove(folder: Path) -> None:
    if folder.is_dir():
        shutil.rmtree(folder)


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
    args = ap.parse_args(argv)
    config = Path(args.config_file).resolve()
    site = Path(args.site_dir).resolve()
    reason = refusal(site, config.parent, docs_dir_of(config))
    if reason:
        print(f"Refusing to build into {site}: {reason}.\nNothing was changed. The build replaces its "
              "folder as a whole: choose a new or empty folder, or a previous build "
              f"(leave out --site-dir to build into {ROOT / 'site'}).", file=sys.stderr)
        return 2
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    # Next to the site, so that moving it into place is one rename on the same disk.
    tmp = site.parent / f".site-build-{os.getpid()}-{secrets.token_hex(4)}"
    steps = [[sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
              "--config-file", str(config), "--site-dir", str(tmp)]]
    if args.pdfs:
        steps.append([sys.executable, str(ROOT / "scripts" / "handout_pdfs.py"), str(tmp)])
    # Ctrl-C, SIGTERM or SIGHUP is only noted here and acted on between steps, so the clean-up
    # below always runs and never meets a half-started build process.
    stop: list[int] = []
    previous = {s: signal.signal(s, lambda signum, frame: stop.append(signum)) for s in STOP_SIGNALS}
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        code: int | None = 0
        for step in steps:
            code = _run_until_stopped(step, stop, env=env, cwd=config.parent)
            if code != 0:
                break
        _remove(site)
        if stop:  # code is None: a step was stopped
            print(f"\nBuild interrupted: no site was written to {site}.", file=sys.stderr)
            return 128 + stop[0]
        if code != 0:
            print(f"\nBuild failed: see the message above. No site was written to {site}.", file=sys.stderr)
            return code
        tmp.rename(site)
        print(f"Site built in {site}")
        return 0
    except OSError as e:
        print(f"Could not build into {site}: {e.strerror or e} ({e.filename or site}).", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        for s, handler in previous.items():
            signal.signal(s, handler)

if __name__ == "__main__":
    sys.exit(main())
