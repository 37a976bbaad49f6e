"""The kiosk copy (make offline; README "Kiosk copy"): the zip, unzipped to a temporary folder
and opened from disk (file://) in Chromium, works - three pages by their menu links, a search
with results, a guide choice followed to a result, a glossary explanation and its link - with
no request outside the folder, no Content-Security-Policy violation, and the printed addresses
and QR codes naming the published site. One offline build per test run, shared by its processes.

Each browser check is a function returning its problems; the fixtures at the end break a copy
of the offline folder in one way each and show that check reporting it."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, built_once, configured_site_url
from macros import result_pages
from macros import content_security_policy as csp
from macros import offline_copy as kiosk

SITE_URL = configured_site_url()
TOP = "after-car-t-offline"
# A CSP violation in any frame is reported on the console as "CSP violation: ..." (this listener)
# or by Chromium itself ("Refused to ..."; the shim's frame is rewritten by document.write, which
# drops listeners added before, so its violations show up only that way).
VIOLATIONS = """addEventListener("securitypolicyviolation", function (e) {
  console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " in " + e.documentURI);
}, true);"""
NAVIGATED = [("Find your situation", "find-your-situation/index.html"), ("Glossary", "glossary/index.html"),
             ("Large B-cell lymphoma", "cancers/large-b-cell-lymphoma/index.html")]


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory) -> Path:
    """`scripts/build.py --offline` (as `make offline`, without PDFs), unzipped once per run."""
    def build(folder: Path) -> None:
        zip_path = folder.parent / f"{TOP}.zip"
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--offline", "--zip", str(zip_path)],
                                cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, f"offline build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        shutil.rmtree(folder, ignore_errors=True)
        with zipfile.ZipFile(zip_path) as z:
            z.extractall(folder)
    return built_once(tmp_path_factory, "offline", build) / TOP


@pytest.fixture
def broken_copy(offline_copy, tmp_path):
    """A copy of the offline folder to break in one way (the shared one stays intact)."""
    copy = tmp_path / TOP
    shutil.copytree(offline_copy, copy)
    return copy


def _break(folder: Path, page: str, old: str, new: str, count: int = 1) -> None:
    path = folder / page
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{page} no longer holds {old!r}: update the fixture"
    path.write_text(text.replace(old, new, count) if count else text.replace(old, new), encoding="utf-8")


# ------------------------------------------------------------------------------ the checks

class Recorder:
    """Every request of a browser context, CSP violations and console errors of its pages."""

    def __init__(self, context):
        self.requests: list[str] = []
        self.violations: list[str] = []
        self.errors: list[str] = []
        context.add_init_script(VIOLATIONS)
        context.on("request", lambda r: self.requests.append(r.url))
        context.on("console", self._console)
        context.on("weberror", lambda e: self.errors.append(str(e.error)))

    def _console(self, message):
        if message.type != "error":
            return
        if message.text.startswith("CSP violation:") or "Content Security Policy" in message.text:
            self.violations.append(message.text)
        else:
            self.errors.append(message.text)


def outside_requests(urls: list[str], folder: Path) -> list[str]:
    """Requests to anything but a file inside `folder`, data: or blob:."""
    inside = folder.resolve().as_uri() + "/"
    return [u for u in urls if not (u.startswith(inside) or urlparse(u).scheme in ("data", "blob"))]


def menu_link_problem(page, folder: Path, text: str, target: str) -> str | None:
    """Click the menu link `text`: the page `target` (inside folder) must open with its heading."""
    page.locator("nav.md-nav--primary a.md-nav__link", has_text=text).first.click()
    page.wait_for_load_state("load")
    expected = (folder / target).as_uri()
    if page.url.split("#")[0] != expected:
        return f"menu link {text!r} opened {page.url}, not {expected}"
    if page.locator("article h1").count() != 1:
        return f"menu link {text!r} opened {page.url} without the page's heading"
    return None


def search_problem(page, folder: Path, query: str = "relapse", wait_ms: int = 20000) -> str | None:
    """Type into the search box: results appear, and the first one opens a page of the folder."""
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(query, delay=40)
    try:
        page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=wait_ms)
    except Exception:
        meta = page.locator(".md-search-result__meta").text_content()
        return f"search for {query!r} showed no results ({meta!r})"
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("load")
    if not page.url.startswith(folder.as_uri() + "/") or page.locator("article h1").count() != 1:
        return f"the first search result opened {page.url}, not a page of the copy"
    return None


def guide_problem(page, folder: Path) -> str | None:
    """On the guide, follow the first choice until a result shows; it names its published address."""
    page.goto((folder / "find-your-situation/index.html").as_uri())
    for _ in range(6):
        current = page.locator("section.guide-node:visible")
        if current.count() != 1:
            return f"the guide shows {current.count()} steps at once at {page.url}"
        if "guide-outcome" in (current.get_attribute("class") or ""):
            break
        current.locator("a.guide-choice").first.click()
    else:
        return "no guide result reached after 6 choices"
    node = current.get_attribute("id")
    address = current.locator(".page-address").first.text_content() or ""
    if f"{SITE_URL}{result_pages.page_url(node)}" not in address:
        return f"the result {node} prints {address.strip()!r}, not its published address"
    return None


def glossary_problem(page, folder: Path) -> str | None:
    """An explained word shows its explanation when clicked; its link opens the glossary entry."""
    page.goto((folder / "understand/why-car-t-may-not-work/index.html").as_uri())
    term = page.locator("article .term").first
    term.locator(".term__word").focus()
    tip = term.locator(".term__tip")
    if not tip.is_visible():
        return "the explanation does not show"
    name = term.get_attribute("data-term")
    tip.locator(".term__more").click()
    page.wait_for_load_state("load")
    expected = (folder / "glossary/index.html").as_uri() + f"#term-{name}"
    if page.url != expected or page.locator(f"#term-{name}").count() != 1:
        return f"the explanation's link opened {page.url}, not {expected}"
    return None


def printed_addresses(page) -> dict[str, list[str]]:
    """What a page prints as addresses: its own (top of the sheet, handout, guide results), the QR
    codes' texts, and the addresses written after links (print.js, on beforeprint)."""
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    return {
        "page": [t.split(": ", 1)[-1].strip() for t in page.locator(".print-identity__address").all_text_contents()],
        "qr": [t.split(": ", 1)[-1].strip() for t in page.locator("svg.qr-code title").all_text_contents()]
              + [a.split(": ", 1)[-1].strip() for a in page.locator("img.result-address__qr").evaluate_all(
                  "els => els.map(e => e.alt)")],
        "links": page.locator("article a[data-print-url]").evaluate_all("els => els.map(e => e.dataset.printUrl)"),
    }


def address_problems(found: dict[str, list[str]], published: str) -> list[str]:
    """Printed addresses that are not the published site's: the page's own must be `published`;
    every other one of this site must start with it (a file or .html address never)."""
    out = [f"the page prints {a!r}, not {published!r}" for a in found["page"] if a != published]
    for kind in ("qr", "links"):
        for a in found[kind]:
            if a.startswith("file:") or re.search(r"\.html(#|$)", a) or (kind == "qr" and not a.startswith(SITE_URL)):
                out.append(f"a printed {kind} address {a!r} is not the published one")
    return out


# ------------------------------------------------------------------------------ the kiosk copy

def test_offline_copy_works_from_disk_with_nothing_from_outside(browser, offline_copy):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    log = Recorder(context)
    page = context.new_page()
    page.goto((offline_copy / "index.html").as_uri())
    problems = [menu_link_problem(page, offline_copy, text, target) for text, target in NAVIGATED]
    problems += [search_problem(page, offline_copy), guide_problem(page, offline_copy),
                 glossary_problem(page, offline_copy)]
    page.wait_for_timeout(500)
    context.close()
    problems = [p for p in problems if p]
    problems += [f"request outside the folder: {u}" for u in outside_requests(log.requests, offline_copy)]
    problems += log.violations + [f"console error: {e}" for e in log.errors]
    print(f"\n{len(log.requests)} requests, all inside the folder" if not problems else "")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page_path", ["index.html", "options/another-car-t/index.html",
                                       "handouts/warning-signs/index.html", "find-your-situation/index.html"])
def test_printed_addresses_are_the_published_ones(browser, offline_copy, page_path):
    context = browser.new_context()
    page = context.new_page()
    page.goto((offline_copy / page_path).as_uri())
    found = printed_addresses(page)
    context.close()
    published = SITE_URL + page_path.removesuffix("index.html")
    assert found["page"] or found["qr"], f"{page_path} prints no address at all"
    problems = address_problems(found, published)
    assert not problems, "\n".join(problems)


@pytest.mark.builds
@pytest.mark.slow
def test_guide_result_qr_code_files_name_the_published_addresses(offline_copy):
    files = sorted((offline_copy / "find-your-situation" / "qr").glob("*.svg"))
    assert files
    for svg in files:
        title = re.search(r"<title>(.*?)</title>", svg.read_text(encoding="utf-8"), re.S).group(1)
        assert f"{SITE_URL}{result_pages.page_url(svg.stem)}" in title, svg


@pytest.mark.builds
@pytest.mark.slow
def test_the_zip_holds_one_folder_and_its_links_and_search_addresses_lead_to_files(offline_copy):
    index = json.loads((offline_copy / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    missing = sorted(loc for loc in locations if not (offline_copy / loc).is_file())
    assert not missing, f"search results lead to no file: {missing[:5]}"
    assert (offline_copy / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = {")
    page = (offline_copy / "glossary" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'href="(\.\.?|[^":#]*/)(#[^"]*)?"', page), "a link to a folder is left"


# ------------------------------------------------------------------------------ each check can fail

def test_request_check_catches_requests_outside_the_folder(browser, tmp_path):
    folder = tmp_path / "copy"
    folder.mkdir()
    (tmp_path / "outside.png").write_bytes(b"")
    (folder / "index.html").write_text('<!doctype html><title>x</title><img src="https://example.invalid/x.png">'
                                       '<img src="../outside.png"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">',
                                       encoding="utf-8")
    context = browser.new_context()
    log = Recorder(context)
    page = context.new_page()
    page.goto((folder / "index.html").as_uri())
    page.wait_for_timeout(300)
    context.close()
    found = outside_requests(log.requests, folder)
    assert "https://example.invalid/x.png" in found
    assert (tmp_path / "outside.png").as_uri() in found
    assert not any(u.startswith("data:") or u.startswith(folder.as_uri() + "/") for u in found)


def test_violation_check_catches_an_inline_script_and_a_wrong_shim_hash(browser, broken_copy):
    _break(broken_copy, "index.html", "</body>", "<script>document.title = 'inline'</script></body>")
    _break(broken_copy, "glossary/index.html", "&#x27;sha256-", "&#x27;sha256-X")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    log = Recorder(context)
    page = context.new_page()
    page.goto((broken_copy / "index.html").as_uri())
    page.wait_for_timeout(300)
    assert any(v.startswith("CSP violation: script-src") for v in log.violations), log.violations
    before = len(log.violations)
    page.goto((broken_copy / "glossary/index.html").as_uri())
    problem = search_problem(page, broken_copy, wait_ms=6000)
    context.close()
    assert problem and "no results" in problem, problem
    assert any("Content Security Policy" in v and "inline" in v for v in log.violations[before:]), log.violations


def test_menu_link_check_catches_a_link_to_a_folder(browser, broken_copy):
    _break(broken_copy, "index.html", 'href="glossary/index.html"', 'href="glossary/"', count=0)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto((broken_copy / "index.html").as_uri())
    problem = menu_link_problem(page, broken_copy, "Glossary", "glossary/index.html")
    context.close()
    assert problem and "opened" in problem, problem


def test_guide_and_glossary_checks_catch_broken_links(browser, broken_copy):
    _break(broken_copy, "find-your-situation/index.html", 'class="guide-choice" href="#', 'class="guide-choice" href="#gone-', count=0)
    _break(broken_copy, "understand/why-car-t-may-not-work/index.html", "glossary/index.html#", "glossary/#", count=0)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    guide, glossary = guide_problem(page, broken_copy), glossary_problem(page, broken_copy)
    context.close()
    assert guide and ("no guide result" in guide or "steps at once" in guide), guide
    assert glossary and "not" in glossary, glossary


def test_address_check_catches_disk_addresses(browser, broken_copy):
    assert address_problems({"page": [f"{SITE_URL}glossary.html"], "qr": [], "links": []}, f"{SITE_URL}glossary/")
    assert address_problems({"page": [], "qr": ["file:///tmp/x/glossary/"], "links": []}, "")
    assert address_problems({"page": [], "qr": [], "links": ["/tmp/x/options/index.html#a"]}, "")
    # Without the kiosk's print script, print.js writes the disk address after each link.
    page_path = "options/another-car-t/index.html"
    script = f'<script src="../../{kiosk.PRINT_PATH}"></script>'
    _break(broken_copy, page_path, script, "")
    context = browser.new_context()
    page = context.new_page()
    page.goto((broken_copy / page_path).as_uri())
    found = printed_addresses(page)
    context.close()
    assert any("a printed links address" in p for p in address_problems(found, SITE_URL + "options/another-car-t/"))


# ------------------------------------------------------------------------------ the pure parts

def test_folder_links_become_index_html_links_and_others_stay():
    cases = {"glossary/": "glossary/index.html", "..": "../index.html", ".": "./index.html", "../": "../index.html",
             "../living/health-and-safety/#get-help-now": "../living/health-and-safety/index.html#get-help-now",
             "#term-cd19": "#term-cd19", "": "", "https://example.org/a/": "https://example.org/a/",
             "mailto:x@example.org": "mailto:x@example.org", "tel:911": "tel:911", "/abs/": "/abs/",
             "../handouts/pdf/warning-signs.pdf": "../handouts/pdf/warning-signs.pdf", "x.svg": "x.svg"}
    assert {u: kiosk.folder_link(u) for u in cases} == cases
    assert kiosk.index_location("") == "index.html"
    assert kiosk.index_location("glossary/#term-cd19") == "glossary/index.html#term-cd19"
    assert kiosk.rewrite_links('<a href="glossary/">x</a><img src="a/b.svg"><a href="..">') == \
        '<a href="glossary/index.html">x</a><img src="a/b.svg"><a href="../index.html">'


def test_offline_kind_and_policy():
    assert csp.build_kind("build", offline=True) == csp.OFFLINE
    assert csp.build_kind("serve", offline=True) == csp.PREVIEW
    assert csp.build_kind("build") == csp.SITE
    policy = csp.offline_policy(["a"])
    assert f"script-src 'self' {csp.script_hash('a')};" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert csp.policy_for(csp.OFFLINE) == csp.site_policy()


def test_the_shim_frame_script_is_read_from_the_shim_and_changes_stop_the_build():
    shim = (ROOT / kiosk.SHIM_FILE).read_text(encoding="utf-8")
    script = kiosk.shim_frame_script(shim, "../w.js?worker=x.js")
    assert script.startswith("postMessage=function ") and 'filename:"../w.js?worker=x.js"' in script
    assert "${" not in script
    with pytest.raises(kiosk.OfflineError, match="shim_frame_script"):
        kiosk.shim_frame_script("(()=>{})()", "w.js")
    worker = (ROOT / "docs" / kiosk.WORKER_PATH).read_text(encoding="utf-8")
    assert "document.currentScript" in kiosk.frame_search_worker(worker)
    with pytest.raises(kiosk.OfflineError, match="search-worker.js"):
        kiosk.frame_search_worker(worker.replace("self.location.search", "location.search"))


@pytest.mark.builds
@pytest.mark.slow
def test_build_refuses_a_zip_name_that_is_not_a_zip(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "--offline", "--zip", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ})
    assert result.returncode == 2 and "--zip" in result.stderr and "Traceback" not in result.stderr
