"""Short and old addresses (`redirects` in mkdocs.yml) as a link preview shows them and as a
visitor's #fragment survives them.

mkdocs-redirects writes each old address as a small page titled "Redirecting..." whose script
adds the visitor's #fragment to the target even when the target has its own (`help/#x` went to
`living/health-and-safety/#get-help-now#x`). describe_stub() rewrites that page: the target's
title and description (<title>, meta description, Open Graph), and one script that keeps the
visitor's #fragment only when the target has none. It is pure (text in, text out); the hook that
adds the page's Content-Security-Policy must run after it, so the policy's hash is the hash of
this final script.

mkdocs_redirects_page() makes the page mkdocs-redirects would write, with its own template and
path function, for the redirects the plugin writes itself (the code addresses, macros/icd10.py):
each is then written once, already described, instead of written by mkdocs-redirects and then
read and written again (162 pages)."""
from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin

from mkdocs_redirects.plugin import HTML_TEMPLATE, get_relative_html_path

_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')
_TITLE = re.compile(r"<title>Redirecting\.\.\.</title>")
_SCRIPT = re.compile(r"<script>.*?</script>", re.S)
_BODY = re.compile(r"<body>.*?</body>", re.S)


class StubShapeError(ValueError):
    """The page is not the shape mkdocs-redirects writes (another version, or already rewritten)."""


def stub_target(page: str) -> str:
    """The address a mkdocs-redirects page sends the visitor to (relative, as written)."""
    m = _CANONICAL.search(page)
    if not m:
        raise StubShapeError('no <link rel="canonical" href="..."> naming the target')
    return html.unescape(m.group(1))


def mkdocs_redirects_page(old: str, new: str, page_urls: dict[str, str], use_directory_urls: bool) -> str:
    """The page mkdocs-redirects writes for the redirect `old` -> `new` (Markdown paths, `new`
    perhaps with a #fragment), exactly: its template, and its relative address from `old` to the
    target page's address (`page_urls`: each page's Markdown path -> its address). A target that
    is not a page raises KeyError (mkdocs-redirects warns and writes nothing)."""
    path, _, fragment = new.partition("#")
    url = page_urls[path] + ("#" + fragment if "#" in new else "")
    return HTML_TEMPLATE.format(url=get_relative_html_path(old, url, use_directory_urls))


def redirect_script(target: str) -> str:
    """The inline script: go to `target`, with the visitor's #fragment only if `target` has none.
    The address is a JSON string with <, > and & escaped, so no address can end the script."""
    quoted = json.dumps(target).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    if "#" in target:
        return f"location.replace({quoted})"
    return f"location.replace({quoted}+location.hash)"


def describe_stub(page: str, title: str, description: str, words, site_name: str | None = None,
                  site_url: str | None = None, address: str | None = None) -> str:
    """The stub page `page` (as mkdocs-redirects wrote it) with the target's `title` and
    `description` (plain text, escaped here) and the fragment-keeping script. With `site_url`
    and the stub's own `address` ("help/"), og:url is the target's absolute address."""
    target = stub_target(page)
    if len(_TITLE.findall(page)) != 1 or len(_SCRIPT.findall(page)) != 1 or len(_BODY.findall(page)) != 1:
        raise StubShapeError('expected one <title>Redirecting...</title>, one <script> and one <body>')
    e = lambda s: html.escape(s, quote=True)  # noqa: E731
    full_title = f"{title} - {site_name}" if site_name else title
    tags = [f"<title>{e(full_title)}</title>",
            f'<meta name="description" content="{e(description)}">',
            '<meta property="og:type" content="website">',
            f'<meta property="og:title" content="{e(title)}">',
            f'<meta property="og:description" content="{e(description)}">']
    if site_name:
        tags.append(f'<meta property="og:site_name" content="{e(site_name)}">')
    if site_url and address is not None:
        tags.append(f'<meta property="og:url" content="{e(urljoin(urljoin(site_url, address), target))}">')
    page = _TITLE.sub(lambda m: "\n    ".join(tags), page, count=1)
    page = _SCRIPT.sub(lambda m: f"<script>{redirect_script(target)}</script>", page, count=1)
    link = f'<a href="{e(target)}">{e(title)}</a>'
    body = f'<body>\n<p>{words.html("redirect.leads_to", link=link)}</p>\n</body>'
    return _BODY.sub(lambda m: body, page, count=1)
