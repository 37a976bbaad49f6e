"""linkchecker over the site served on HTTP: zero broken internal links (external links are
checked only by the weekly scheduled workflow, never here).

linkchecker waits between two requests to one host (0.1 to 0.6 s, at most 10 a second) unless
the host answers with a `LinkChecker` header, which lets it use its `maxrequestspersecond`
setting instead: our own server on this machine sends that header, and the setting allows 1,000
a second, so the run waits for pages, not for politeness. Every link is checked as before."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import _QuietHandler, serving


class _TellsLinkchecker(_QuietHandler):
    """The site's server, with the header that lifts linkchecker's wait for this host."""

    def end_headers(self):
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


def run_linkchecker(base: str, config: Path) -> subprocess.CompletedProcess:
    config.write_text("[checking]\nmaxrequestspersecond=1000\n", encoding="utf-8")
    exe = Path(sys.executable).parent / "linkchecker"
    return subprocess.run(
        [str(exe), "--config", str(config), "--no-status", "--no-warnings", "--recursion-level=-1",
         "--threads=4", "--ignore-url=^https?://(?!127\\.0\\.0\\.1)", base + "/"],
        capture_output=True, text=True, timeout=600)


def test_linkchecker_finds_no_broken_links(site_dir, tmp_path):
    with serving(site_dir, _TellsLinkchecker) as base:
        result = run_linkchecker(base, tmp_path / "linkcheckerrc")
    summary = [l for l in result.stdout.splitlines() if "links in" in l or "error" in l.lower()]
    print("\n".join(summary[-3:]))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 errors found" in result.stdout


def test_linkchecker_finds_a_broken_link(tmp_path):
    """The same run, with the same server and settings, over two pages, one linking nowhere: it fails."""
    site = tmp_path / "site"
    (site / "ok").mkdir(parents=True)
    (site / "index.html").write_text('<!doctype html><title>x</title><a href="ok/">ok</a> <a href="no-such-page/">gone</a>',
                                      encoding="utf-8")
    (site / "ok" / "index.html").write_text("<!doctype html><title>ok</title><p>ok</p>", encoding="utf-8")
    with serving(site, _TellsLinkchecker) as base:
        result = run_linkchecker(base, tmp_path / "linkcheckerrc")
    assert result.returncode != 0 and "no-such-page" in result.stdout and "1 error found" in result.stdout, result.stdout[-4000:]
