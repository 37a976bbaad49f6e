"""Every page loaded once at desktop width (1280x800, JavaScript on) for the three every-page
checks that look at the same load: axe-core at desktop width and no outside request or console
error (test_browser.py), and the shipped Content-Security-Policy (test_content_security_policy.py).
Each test still asserts its own findings; a page is only loaded and axe run once per test
process instead of three times. `make test` sends the three tests of one part of the pages to
the same process (conftest.work_unit); run apart, each process loads the pages itself.

Each page gets a fresh browser context (nothing cached from another page, so every request it
makes is seen), the logs are attached before it is opened, and it is read after the network has
been idle: what the policy test and the request test always did. The logs are read before axe
runs, so axe's own script is not counted as the page's."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from conftest import page_url
from site_checks import RequestLog, ViolationLog, axe_violations

VIEWPORT = {"width": 1280, "height": 800}
HEAD_ORDER = """() => [document.head.children[0].outerHTML.slice(0, 40),
                       document.head.children[1].getAttribute("http-equiv"),
                       document.head.children[1].getAttribute("content")]"""


@dataclass(frozen=True)
class DesktopLoad:
    url: str
    head: tuple          # the <head>'s first element, the second's http-equiv and content
    md_scope: str | None  # Material's window.__md_scope.href
    terms_ran: bool      # terms.js marked <html> with js-terms
    violations: tuple    # Content-Security-Policy violations
    console_errors: tuple
    external: tuple      # requests to another host than the local server
    axe: tuple           # axe-core violations at 1280x800


_LOADS: dict[tuple, tuple[DesktopLoad, ...]] = {}


def load_page(browser, url: str) -> DesktopLoad:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        violations, log = ViolationLog(page), RequestLog(page, urlparse(url).netloc)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        head = tuple(page.evaluate(HEAD_ORDER))
        md_scope = page.evaluate("() => window.__md_scope && window.__md_scope.href")
        terms_ran = page.evaluate("() => document.documentElement.classList.contains('js-terms')")
        found, errors, external = tuple(violations.read()), tuple(log.errors), tuple(log.external)
        return DesktopLoad(url, head, md_scope, terms_ran, found, errors, external, tuple(axe_violations(page)))
    finally:
        context.close()


def desktop_loads(browser, server: str, site_dir, pages: list) -> tuple[DesktopLoad, ...]:
    """Each of `pages` loaded once (per test process, server and list of pages), in order."""
    key = (id(browser), server, str(site_dir), tuple(pages))
    if key not in _LOADS:
        _LOADS[key] = tuple(load_page(browser, page_url(server, site_dir, p)) for p in pages)
    loads = _LOADS[key]
    assert [x.url for x in loads] == [page_url(server, site_dir, p) for p in pages]
    return loads
