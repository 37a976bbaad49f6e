"""Build the site strictly into a temporary folder and move it into place only on success.

A failed build (a data error, a broken link, any warning) leaves no site/ folder, not even an
old one, so nothing half-built or stale can be published by mistake.

    python scripts/build.py [--site-dir site] [--config-file mkdocs.yml] [--pdfs]

--pdfs also makes the handout PDFs (scripts/handout_pdfs.py) inside the new site before it is
moved into place, so a site with broken PDFs is never published either.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site-dir", default=str(ROOT / "site"))
    ap.add_argument("--config-file", default=str(ROOT / "mkdocs.yml"))
    ap.add_argument("--pdfs", action="store_true", help="also make the handout PDFs")
    args = ap.parse_args(argv)
    site = Path(args.site_dir).resolve()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=site.parent))
    try:
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", args.config_file, "--site-dir", str(tmp)]
        result = subprocess.run(cmd, env=env, cwd=Path(args.config_file).resolve().parent)
        if result.returncode == 0 and args.pdfs:
            result = subprocess.run([sys.executable, str(ROOT / "scripts" / "handout_pdfs.py"), str(tmp)], env=env)
        if result.returncode != 0:
            if site.exists():
                shutil.rmtree(site)
            print(f"\nBuild failed: see the message above. No site was written to {site}.", file=sys.stderr)
            return result.returncode or 1
        if site.exists():
            shutil.rmtree(site)
        tmp.rename(site)
        print(f"Site built in {site}")
        return 0
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
