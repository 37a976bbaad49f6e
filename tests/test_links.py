"""linkchecker over the site served on HTTP: zero broken internal links (external links are
checked only by the weekly scheduled workflow, never here)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_linkchecker_finds_no_broken_links(server):
    exe = Path(sys.executable).parent / "linkchecker"
    result = subprocess.run(
        [str(exe), "--no-status", "--no-warnings", "--recursion-level=-1", "--threads=4",
         "--ignore-url=^https?://(?!127\\.0\\.0\\.1)", server + "/"],
        capture_output=True, text=True, timeout=600)
    summary = [l for l in result.stdout.splitlines() if "links in" in l or "error" in l.lower()]
    print("\n".join(summary[-3:]))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 errors found" in result.stdout
