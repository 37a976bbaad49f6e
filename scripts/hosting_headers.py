"""Print the nginx snippet for a built site's hosting headers (made from its `_headers`, which
the build writes from macros/content_security_policy.py): README, "Hosting headers".

    .venv/bin/python scripts/hosting_headers.py --site-dir site
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from macros.hosting_headers import FILE, nginx_snippet, parse_headers_file  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default="site", help="the built site (default: site)")
    args = parser.parse_args(argv)
    path = Path(args.site_dir) / FILE
    if not path.is_file():
        print(f"{path}: not found; build the site first (make build)", file=sys.stderr)
        return 1
    try:
        print(nginx_snippet(parse_headers_file(path.read_text(encoding="utf-8"), str(path))), end="")
    except ValueError as e:
        print(e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
