"""Raw HTML in Chromium (issue 17, class 9): the corpus' escape cases of raw HTML a browser reads
differently from Python build, and in a browser their pages show the payload as text only: no
dialog, no navigation, no request to another site, no element made from the payload. The same
checks are shown to fail on a page with the payload written in as raw HTML (what the build now
refuses), so they are not empty.

One build of a copy of the project with every class-9 escape case applied at once."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, SITE_INPUTS, serving
from test_data_errors_stop_the_build import CASES, RAW_HTML

ESCAPES = [c for c in CASES if c.cls == RAW_HTML and c.escape]
# Elements the payloads would make if a browser read them as markup.
PAYLOAD_ELEMENTS = ("article meta, article noscript, article animate, article set, article math, "
                    "article style, article img[src='x'], article mglyph")


@pytest.fixture(scope="module")
def escaped_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("escaped") / "p"
    project.mkdir()
    for name in SITE_INPUTS:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
    pages = set()
    for case in ESCAPES:
        for file, change in case.changes:
            target = project / file
            target.write_text(change(target.read_text(encoding="utf-8")), encoding="utf-8")
            pages.add(file)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
                            cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site", sorted(p[len("docs/"):-len(".md")] + "/" for p in pages)


def effects(browser, url: str) -> dict:
    """What loading `url` does: dialogs opened, where the page ends up, requests to other hosts,
    elements made from a payload, and whether 'alert(1)' is shown as text."""
    context = browser.new_context()
    page = context.new_page()
    dialogs, remote = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: remote.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:")) else None)
    page.goto(url)
    page.wait_for_timeout(1500)  # a meta refresh of 0 s or an animation would have acted by now
    out = {"dialogs": dialogs, "url": page.url, "remote": remote,
           "elements": page.eval_on_selector_all(PAYLOAD_ELEMENTS, "els => els.map(e => e.outerHTML.slice(0, 80))"),
           "text": "alert(1)" in page.inner_text("article")}
    context.close()
    return out


def test_escaped_raw_html_is_only_text_in_chromium(browser, escaped_site):
    site, paths = escaped_site
    assert ESCAPES and paths
    with serving(site) as base:
        for path in paths:
            seen = effects(browser, f"{base}/{path}")
            assert seen["dialogs"] == [] and seen["remote"] == [] and seen["elements"] == [], (path, seen)
            assert seen["url"] == f"{base}/{path}", (path, seen["url"])
            assert seen["text"], f"{path}: the payload is not shown as text"


def test_escaped_raw_html_is_only_text_under_the_preview_policy_too(browser, escaped_site, tmp_path):
    """The same pages with the preview's policy (`make serve` allows inline script): still text."""
    import re
    from macros.content_security_policy import policy_meta, preview_policy
    site, paths = escaped_site
    preview = tmp_path / "site"
    shutil.copytree(site, preview)
    meta = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
    for path in paths:
        page = preview / path / "index.html"
        html = page.read_text(encoding="utf-8")
        assert len(meta.findall(html)) == 1
        page.write_text(meta.sub(lambda m: policy_meta(preview_policy()), html), encoding="utf-8")
    with serving(preview) as base:
        for path in paths:
            seen = effects(browser, f"{base}/{path}")
            assert seen["dialogs"] == [] and seen["remote"] == [] and seen["elements"] == [], (path, seen)
            assert seen["url"] == f"{base}/{path}" and seen["text"], (path, seen["url"])


def test_the_browser_checks_see_a_payload_that_is_markup(browser, escaped_site, tmp_path):
    """The same page with the refused payloads written in as raw HTML: the refresh navigates
    away and the payload's elements exist (so the test above can fail)."""
    site, paths = escaped_site
    hostile = tmp_path / "site"
    shutil.copytree(site, hostile)
    built = (hostile / paths[0] / "index.html").read_text(encoding="utf-8")
    for name, payload in (("refresh.html", '<!--> <meta http-equiv="refresh" content="0;url=/privacy/">'),
                          ("math.html", "<math><mtext><table><mglyph><style><img src=x></style></mglyph></table></mtext></math>")):
        (hostile / paths[0] / name).write_text(built.replace("</article>", payload + "</article>", 1), encoding="utf-8")
    with serving(hostile) as base:
        refresh = effects(browser, f"{base}/{paths[0]}refresh.html")
        math = effects(browser, f"{base}/{paths[0]}math.html")
    assert refresh["url"] == f"{base}/privacy/", refresh
    assert math["elements"], math
