"""The kiosk copy (`make offline`, scripts/build.py --offline): the site as a zip that works when
unzipped and opened from disk (file://), with nothing loaded from outside its folder.

The offline build keeps the published addresses (directory URLs, so every printed address, QR
code, canonical link and structured datum names the published site) and changes only what a
browser needs to find files on disk. The plugin (plugin/__init__.py) calls these pure functions
in the offline kind of build only; the default build is untouched.

- Links: a browser opening `glossary/` from disk shows the folder, not the page, so every
  relative link to a folder ("glossary/", "..", "./") becomes a link to its index.html; the
  search index's addresses and the redirect pages' targets likewise.
- Search: Material reads search/search_index.js (a script) instead of fetching the JSON on
  file://, and runs its worker through the iframe-worker shim (npm package, vendored by
  `make offline` into kiosk/node_modules; no CDN). The shim writes one inline script into a
  hidden frame; the offline policy (macros/content_security_policy.py, offline_policy) allows
  exactly that script by its hash, computed here per page (it holds the worker's relative
  address). In that frame `self.location` is the page's, not the worker's, so the offline copy
  of assets/javascripts/search-worker.js reads its own address from document.currentScript.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

# Set to "1" by scripts/build.py --offline; the plugin's on_startup reads it.
ENV = "AFTER_CAR_T_OFFLINE"
# The shim, pinned in kiosk/package.json (npm i -E), installed by `make offline` / `make install-test`.
SHIM_PACKAGE = "iframe-worker"
SHIM_FILE = Path("kiosk") / "node_modules" / SHIM_PACKAGE / "shim" / "index.js"
SHIM_PATH = "assets/javascripts/iframe-worker-shim.js"   # where the offline copy publishes it
WORKER_PATH = "assets/javascripts/search-worker.js"
# Printed link addresses name the published site, not a file on disk (print.js writes them).
PRINT_FILE = Path("kiosk") / "print-addresses.js"
PRINT_PATH = "assets/javascripts/kiosk-print-addresses.js"

_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)


class OfflineError(ValueError):
    """Something the offline copy relies on has changed shape (a Material or shim update)."""


def folder_link(url: str) -> str:
    """A relative link to a folder ("glossary/", "..", "./#x") as a link to its index.html; any
    other link (to a file, to another site, to this page's #fragment, absolute) unchanged."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    path, sep, rest = _split(url)
    if path in (".", ".."):
        path += "/index.html"
    elif path.endswith("/"):
        path += "index.html"
    return path + sep + rest


def _split(url: str) -> tuple[str, str, str]:
    at = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=len(url))
    return url[:at], url[at:at + 1], url[at + 1:]


def index_location(location: str) -> str:
    """A search index address (relative to the site's root: "", "glossary/", "glossary/#x")."""
    path, sep, rest = _split(location)
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path + sep + rest


def rewrite_links(page: str) -> str:
    """Every href= and src= of a finished page, folder links made index.html links."""
    return _ATTR.sub(lambda m: m.group(1) + folder_link(m.group(2)) + m.group(3), page)


def search_index(json_text: str) -> tuple[str, str]:
    """The search index with index.html addresses: (search_index.json, search_index.js). On
    file:// Material loads the .js file (a script setting `__index`), as its offline plugin writes it."""
    index = json.loads(json_text)
    for doc in index.get("docs", []):
        doc["location"] = index_location(doc["location"])
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    return text, f"var __index = {text}"


def redirect_stub(page: str) -> str:
    """A mkdocs-redirects page with its target (script, refresh, link) leading to an index.html."""
    m = re.search(r'<link rel="canonical" href="([^"]*)">', page)
    if not m:
        raise OfflineError('a redirect page without <link rel="canonical" href="..."> naming its target')
    target = m.group(1)
    return page.replace(target, folder_link(target))


_WORKER_PARAMS = "var params = new URLSearchParams(self.location.search);"
_WORKER_IMPORT = 'importScripts(params.get("worker"));'


def published_shim(shim: str, package_json: str, licence: str) -> str:
    """The shim as the offline copy publishes it: its name, version and MIT licence first."""
    version = json.loads(package_json).get("version", "?")
    notice = licence.strip().replace("*/", "* /")
    return f"/*! {SHIM_PACKAGE} {version} (npm), MIT License.\n{notice}\n*/\n{shim}"


def frame_search_worker(source: str) -> str:
    """assets/javascripts/search-worker.js for the offline copy. The shim runs it as a script in
    a hidden frame whose location is the page's: it reads its own address (and so Material's
    worker, relative to it) from document.currentScript; as a real worker it works as before."""
    for needle in (_WORKER_PARAMS, _WORKER_IMPORT):
        if source.count(needle) != 1:
            raise OfflineError(f"{WORKER_PATH}: expected the line '{needle}' once (the offline copy "
                               "changes it so the worker runs in the iframe-worker shim); update "
                               "macros/offline_copy.py, frame_search_worker, with the worker")
    here = ("var here = self.document && document.currentScript ? document.currentScript.src : "
            "self.location.href;\n  var params = new URL(here).searchParams;")
    return (source.replace(_WORKER_PARAMS, here)
                  .replace(_WORKER_IMPORT, 'importScripts(new URL(params.get("worker"), here).href);'))


_SHIM_WRITE = re.compile(r"document\.write\(`<html><body><script>(.*?)<\\/script>")
_TEMPLATE_VALUE = re.compile(r"\$\{(\w+)\}")


def shim_frame_script(shim: str, worker_url: str) -> str:
    """The exact inline script the iframe-worker shim writes into its frame for `worker_url`
    (the worker address as the page gives it to `new Worker`): its template, with the shim's
    own functions written out as the browser prints them (their source text) and the address."""
    m = _SHIM_WRITE.search(shim)
    if not m:
        raise OfflineError(f"{SHIM_FILE}: no document.write(`<html><body><script>...`) found; the offline "
                           "policy allows the shim's inline script by its hash: update "
                           "macros/offline_copy.py, shim_frame_script, for this shim version")
    template = m.group(1)
    names = set(_TEMPLATE_VALUE.findall(template))
    values = {}
    for name in names:
        values[name] = worker_url if name == _worker_name(shim) else _function_source(shim, name)
    return _TEMPLATE_VALUE.sub(lambda v: values[v.group(1)], template)


def _worker_name(shim: str) -> str:
    """The name the shim's class constructor gives the worker address: constructor(e)."""
    m = re.search(r"constructor\((\w+)\)", shim)
    if not m:
        raise OfflineError(f"{SHIM_FILE}: no constructor(address) found; update macros/offline_copy.py")
    return m.group(1)


def _function_source(shim: str, name: str) -> str:
    """The source text of `function name(...){...}` in the shim (what `${name}` prints)."""
    start = shim.find(f"function {name}(")
    if start < 0:
        raise OfflineError(f"{SHIM_FILE}: no function {name}() found; update macros/offline_copy.py")
    depth, i, quote = 0, shim.index("{", start), None
    while i < len(shim):
        c = shim[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "\"'`":
            quote = c
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return shim[start:i + 1]
        i += 1
    raise OfflineError(f"{SHIM_FILE}: function {name}() never ends; update macros/offline_copy.py")


def worker_url_of(page: str) -> str:
    """The search worker's address in a finished page's Material configuration (__config)."""
    m = _CONFIG.search(page)
    worker = json.loads(m.group(1)).get("search") if m else None
    if not isinstance(worker, str):
        raise OfflineError('no search worker address in <script id="__config"> (overrides/main.html, '
                           'block "config"); the offline policy allows the search shim by its address')
    return worker


_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def replace_policy(page: str, meta: str) -> str:
    """The page with its one Content-Security-Policy <meta> replaced by `meta`."""
    found = _POLICY.findall(page)
    if len(found) != 1:
        raise OfflineError(f"expected one Content-Security-Policy <meta> in the page, found {len(found)}")
    return _POLICY.sub(lambda m: meta, page, count=1)
