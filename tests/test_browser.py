"""Every page in a real browser (Debian Chromium via Playwright): axe-core finds no WCAG 2.2 AA
or best-practice violation at desktop and phone widths; no request leaves the local server;
no console errors; no sideways scrolling at 320 px; usable with JavaScript off."""
from __future__ import annotations

from conftest import by_part, page_url, pages_of_part, PAGE_PARTS
from desktop_loads import desktop_loads
from site_checks import axe_violations, sideways_scroll


def _each_page(browser, server, site_dir, pages, viewport, check, **ctx):
    """`check(page)` on each of `pages` in turn, loaded one after another in one tab of one
    browser context (a third of the time of a new tab for each): each is a new document, and
    what a tab could carry from one page to the next, session or local storage, is checked to
    stay empty after every page, so each page loads as it would in a new tab."""
    problems = []
    context = browser.new_context(viewport=viewport, **ctx)
    page = context.new_page()
    for p in pages:
        url = page_url(server, site_dir, p)
        page.goto(url, wait_until="load")
        problems += [f"{url}: {x}" for x in check(page)]
        kept = page.evaluate("() => [...Object.keys(sessionStorage), ...Object.keys(localStorage)]")
        if kept:
            problems.append(f"{url}: keeps {kept} in the tab, so the next page would not load as in a new tab")
    context.close()
    return problems


def test_a_page_that_keeps_something_in_the_tab_is_reported(browser, tmp_path):
    from conftest import serving
    (tmp_path / "a.html").write_text("<!doctype html><title>a</title><script>sessionStorage.x = 1</script>", encoding="utf-8")
    (tmp_path / "b.html").write_text("<!doctype html><title>b</title><p>b</p>", encoding="utf-8")
    with serving(tmp_path) as base:
        problems = _each_page(browser, base, tmp_path, [tmp_path / "a.html", tmp_path / "b.html"],
                              {"width": 320, "height": 640}, lambda page: [])
    # the tab holds it from the first page on: both are reported
    assert [x.split(": keeps ['x'] in the tab")[0].rsplit("/", 1)[1] for x in problems] == ["a.html", "b.html"], problems


def test_the_parts_hold_every_page_once(pages):
    parts = [pages_of_part(pages, i) for i in range(PAGE_PARTS)]
    assert sorted(p for part in parts for p in part) == sorted(pages) and all(parts)


@by_part
def test_axe_finds_no_violations_at_desktop_width(browser, server, site_dir, pages, part):
    pages = pages_of_part(pages, part)
    loads = desktop_loads(browser, server, site_dir, pages)  # tests/desktop_loads.py
    problems = [f"{x.url}: {v}" for x in loads for v in x.axe]
    print(f"\naxe at 1280x800 on {len(loads)} pages: {len(problems)} violations")
    assert not problems, "\n".join(problems)


@by_part
def test_axe_finds_no_violations_at_phone_width(browser, server, site_dir, pages, part):
    pages = pages_of_part(pages, part)
    problems = _each_page(browser, server, site_dir, pages, {"width": 375, "height": 800},
                          axe_violations)
    print(f"\naxe at 375x800 on {len(pages)} pages: {len(problems)} violations")
    assert not problems, "\n".join(problems)


@by_part
def test_no_third_party_requests_and_no_console_errors(browser, server, site_dir, pages, part):
    pages = pages_of_part(pages, part)
    loads = desktop_loads(browser, server, site_dir, pages)  # read once the network is idle
    problems = [f"{x.url}: request to {u}" for x in loads for u in x.external]
    problems += [f"{x.url}: console error: {e}" for x in loads for e in x.console_errors]
    assert not problems, "\n".join(problems)


@by_part
def test_no_sideways_scrolling_at_320px(browser, server, site_dir, pages, part):
    pages = pages_of_part(pages, part)
    def check(page):
        r = sideways_scroll(page)
        return [r] if r else []
    problems = _each_page(browser, server, site_dir, pages, {"width": 320, "height": 640}, check)
    assert not problems, "\n".join(problems)


@by_part
def test_text_and_navigation_work_without_javascript(browser, server, site_dir, pages, part):
    pages = pages_of_part(pages, part)
    def check(page):
        out = []
        main = page.locator("article")
        if not main.is_visible() or len(main.inner_text()) < 200:
            out.append("main text is not readable")
        links = page.locator("nav.md-nav--primary a.md-nav__link[href]")
        if links.count() < 10 or not links.first.is_visible():
            out.append(f"navigation not usable ({links.count()} links)")
        return out
    problems = _each_page(browser, server, site_dir, pages, {"width": 1280, "height": 800}, check,
                          java_script_enabled=False)
    if part:  # the menu is clicked once, in the first part
        assert not problems, "\n".join(problems)
        return
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server + "/")
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="About this guide").first.click()
    assert page.url.rstrip("/").endswith("/about"), page.url
    assert page.locator("h1").inner_text().startswith("About")
    context.close()
    assert not problems, "\n".join(problems)
