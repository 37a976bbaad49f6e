"""The site's Content-Security-Policy: the one place it is written, one function per kind of
build. The plugin (plugin/__init__.py) learns the kind of build and puts the policy into every
page (the templates' `content_security_policy`) and into each redirect page.

Why the kinds differ (README.md, "Content-Security-Policy", says the same for readers):

- site_policy(): the published site (`make build`, `mkdocs build`, `mkdocs gh-deploy`). No
  inline script runs: Material's inline head scripts are replaced by files
  (overrides/partials/javascripts/), so raw HTML in a page (`<script>`, `onload=`) cannot run.
  No inline style either: each page's printed running header is a file (macros/print_header.py).
- preview_policy(): the editor's preview (`make serve`, `mkdocs serve`). MkDocs injects its
  live-reload script inline into every page, and the script changes with every request, so no
  hash can allow it: the preview allows inline script. It is never published.
- redirect_stub_policy(script): the pages mkdocs-redirects writes for old addresses. Each holds
  one inline script (the redirect, which keeps the visitor's #fragment); the policy allows that
  exact script by its SHA-256 hash and nothing else.
- offline_policy(frame_scripts): the kiosk copy (`make offline`, opened from disk). As the site,
  plus the one inline script the iframe-worker shim writes into its hidden frame to run the
  search worker on file:// (the frame shares the page's policy), allowed by its SHA-256 hash
  (macros/offline_copy.py computes it per page). Never published.

The same policies go into the hosting headers (`_headers`, nginx) with what only a header can
say, such as frame-ancestors: macros/hosting_headers.py.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re

# What every page of the site may load: only its own files (no third party, ever).
_SITE = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "script-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
}
SITE, PREVIEW, REDIRECT_STUB, OFFLINE = "site", "preview", "redirect stub", "offline"
CHARSET = '<meta charset="utf-8">'
REFERRER = '<meta name="referrer" content="no-referrer">'
_STUB_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def _policy(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def site_policy() -> str:
    """The published site: this site's own files only, and no inline script."""
    return _policy(_SITE)


def preview_policy() -> str:
    """`mkdocs serve`: as the site, plus inline script for MkDocs' injected live-reload script."""
    return _policy({**_SITE, "script-src": "'self' 'unsafe-inline'"})


def offline_policy(frame_scripts: tuple[str, ...] | list[str] = ()) -> str:
    """The kiosk copy: as the site, plus exactly these inline scripts (the search shim's frame)."""
    hashes = "".join(f" {script_hash(s)}" for s in frame_scripts)
    return _policy({**_SITE, "script-src": f"'self'{hashes}"})


def redirect_stub_policy(script: str) -> str:
    """A mkdocs-redirects page: nothing may load; only its own redirect script may run."""
    return _policy({"default-src": "'none'", "script-src": script_hash(script),
                    "base-uri": "'none'", "form-action": "'none'"})


def script_hash(script: str) -> str:
    """The CSP source expression that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def build_kind(command: str, offline: bool = False) -> str:
    """MkDocs' command -> kind of build: `serve` is the preview; a build asked for offline
    (scripts/build.py --offline) is the kiosk copy; anything else is the site."""
    if command == "serve":
        return PREVIEW
    return OFFLINE if offline else SITE


def policy_for(kind: str) -> str:
    """The policy of the pages MkDocs renders in this kind of build (the offline copy's pages
    then get their frame script's hash: offline_policy)."""
    return {SITE: site_policy, PREVIEW: preview_policy, OFFLINE: offline_policy}[kind]()


def policy_meta(policy: str) -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">'


def stub_script(page: str) -> str:
    """The one inline script of a redirect page (its policy allows it by hash)."""
    scripts = _STUB_SCRIPT.findall(page)
    if len(scripts) != 1:
        raise ValueError(f"expected one inline <script>, found {len(scripts)}")
    return scripts[0]


def protect_redirect_stub(page: str) -> str:
    """Put the stub policy (and the site's referrer policy) right after <meta charset>."""
    scripts = _STUB_SCRIPT.findall(page)
    if len(scripts) != 1 or page.count(CHARSET) != 1:
        raise ValueError(f"expected one {CHARSET} and one inline <script>, found "
                         f"{page.count(CHARSET)} and {len(scripts)}")
    meta = policy_meta(redirect_stub_policy(scripts[0]))
    return page.replace(CHARSET, f"{CHARSET}\n    {meta}\n    {REFERRER}", 1)
