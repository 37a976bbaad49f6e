"""The hosting headers (macros/hosting_headers.py): the `_headers` file every site build writes,
read back by a small local server that sends exactly its headers, per address, as a host would.

- Reading `_headers` and choosing the headers of an address are pure functions, tested alone.
- In Chromium under the shipped headers: every page loads with no Content-Security-Policy
  violation and no console error, with search typed, the guide followed and explanations opened;
  the printed running header is on every sheet under `style-src 'self'`; a page framed from
  another origin is refused; help/ keeps the visitor's #fragment (under both ways hosts combine
  rules).
- Fixtures proving each can fail: without frame-ancestors (and X-Frame-Options) the frame loads;
  an inline <style> (the print header as it was) fires a violation and its header does not print.
"""
from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pdfplumber
import pytest

from conftest import ROOT, _QuietHandler, page_url, serving
from test_print import page_margin
from macros import content_security_policy as csp, icd10
from macros.hosting_headers import (FILE, Rule, frame_ancestors, headers_for, nginx_snippet,
                                    parse_headers_file, path_matches, rules)
from macros.escaping import css_string
from macros.print_header import print_header_css, print_header_path
from site_checks import RequestLog, ViolationLog, html_pages, term_tip_works_by_keyboard

SITE_NAME = "After CAR T"
SAMPLE = """# a comment
/*
  X-One: 1
  Content-Security-Policy: default-src 'self'

/help/
  # a comment inside a rule
  Content-Security-Policy: default-src 'none'
"""


def directives(policy: str) -> dict[str, str]:
    return dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())


# ---------------------------------------------------------------- pure functions

def test_a_headers_file_is_read_rule_by_rule():
    parsed = parse_headers_file(SAMPLE)
    assert parsed == [Rule("/*", (("X-One", "1"), ("Content-Security-Policy", "default-src 'self'"))),
                      Rule("/help/", (("Content-Security-Policy", "default-src 'none'"),))]


@pytest.mark.parametrize("text, line", [("  X-One: 1\n", 1), ("/*\n  not a header\n", 2), ("help/\n  X: 1\n", 1),
                                        ("/*\n  Bad Name: 1\n", 2)])
def test_a_bad_line_is_named_with_its_file_and_line(text, line):
    with pytest.raises(ValueError, match=rf"^site/_headers, line {line}: "):
        parse_headers_file(text, "site/_headers")


def test_an_address_gets_the_headers_of_every_rule_that_matches_it():
    parsed = parse_headers_file(SAMPLE)
    assert path_matches("/*", "/") and path_matches("/*", "/a/b.css") and not path_matches("/help/", "/help/x")
    assert headers_for(parsed, "/about/") == [("X-One", "1"), ("Content-Security-Policy", "default-src 'self'")]
    # Cloudflare Pages: both rules, the header named twice joined (two policies, both enforced).
    assert headers_for(parsed, "/help/") == [("X-One", "1"), ("Content-Security-Policy", "default-src 'self', default-src 'none'")]
    assert headers_for(parsed, "/help/", combine="last") == [("X-One", "1"), ("Content-Security-Policy", "default-src 'none'")]


def test_the_rules_carry_each_kind_of_policy_and_what_only_a_header_can_say():
    script = 'var a="#get-help-now"'
    made = rules({"help/": script})
    assert [r.path for r in made] == ["/*", "/help/", "/help/index.html"]
    site, stub = dict(made[0].headers), dict(made[1].headers)
    page = directives(site["Content-Security-Policy"])
    assert page.pop("frame-ancestors") == "'none'"
    assert page.pop("script-src") == f"'self' {csp.script_hash(script)}"
    expected = directives(csp.site_policy())
    expected.pop("script-src")
    assert page == expected and page["style-src"] == "'self'"
    assert stub["Content-Security-Policy"] == csp.redirect_stub_policy(script) + "; frame-ancestors 'none'"
    for headers in (site, stub):
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
        assert headers["X-Frame-Options"] == "DENY"
        assert all(f"{f}=()" in headers["Permissions-Policy"] for f in ("camera", "microphone", "geolocation", "payment", "usb"))
        assert "Strict-Transport-Security" not in headers
    # A center lets its portal show the site in a frame; X-Frame-Options cannot say that, so it goes.
    portal = dict(rules({}, ["https://portal.example.org"])[0].headers)
    assert directives(portal["Content-Security-Policy"])["frame-ancestors"] == "https://portal.example.org"
    assert "X-Frame-Options" not in portal
    assert directives(portal["Content-Security-Policy"])["script-src"] == "'self'"


def test_a_frame_ancestor_that_is_not_an_origin_stops_the_build_naming_the_key():
    from macros.site_config import config_problems
    with pytest.raises(ValueError, match="not an origin"):
        frame_ancestors(["https://portal.example.org/patients"])
    values = {"site_name": "x", "site_url": "https://example.org/",
              "extra": {"report_mistake_url": "https://example.org/r", "urgent_url": "help/",
                        "center": {"frame_ancestors": ["portal.example.org"]}}}
    problems = [str(p) for p in config_problems(values, "center.yml")]
    assert len(problems) == 1 and "center.yml" in problems[0] and "extra.center.frame_ancestors" in problems[0], problems
    values["extra"]["center"]["frame_ancestors"] = ["https://portal.example.org", "https://portal.example.org:8443"]
    assert config_problems(values, "center.yml") == []


def test_the_print_header_is_a_css_string_that_cannot_end_early():
    assert css_string('A "b" \\ c\n<x') == '"A \\"b\\" \\\\ c \\3c x"'
    css = print_header_css("After CAR T", 'Say "hi"')
    assert css.startswith('@page { @top-left { content: "After CAR T";') and '@top-right { content: "Say \\"hi\\"";' in css
    assert print_header_path("", css).startswith("assets/stylesheets/print-header/index.")
    assert print_header_path("living/health-and-safety/", css).startswith("assets/stylesheets/print-header/living/health-and-safety.")
    assert print_header_path(None, css).startswith("assets/stylesheets/print-header/404.")
    assert print_header_path("a/", css) != print_header_path("a/", print_header_css("After CAR T", "Other"))


# ---------------------------------------------------------------- the shipped file

@pytest.fixture(scope="module")
def shipped(site_dir) -> list[Rule]:
    return parse_headers_file((site_dir / FILE).read_text(encoding="utf-8"), f"site/{FILE}")


def test_the_built_site_ships_the_headers_of_its_policies(site_dir, shipped):
    stubs = {}
    for f in site_dir.rglob("*.html"):
        html = f.read_text(encoding="utf-8")
        if re.search(r'http-equiv="?refresh', html, re.I):
            stubs[f.parent.relative_to(site_dir).as_posix() + "/"] = csp.stub_script(html)
    assert stubs, "mkdocs.yml names at least one redirect (help/)"
    # The diagnosis-code addresses (connect/icd10/<code>/) share one rule (macros/icd10.py).
    assert shipped == [Rule(r.path, r.headers) for r in rules(stubs, folders=(icd10.CONNECT + "/",))]


def test_the_nginx_snippet_in_readme_is_the_one_the_script_makes(shipped):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- nginx snippet: scripts/hosting_headers.py -->\n```nginx\n(.*?)```", readme, re.S)
    assert block, "README.md lacks the generated nginx snippet block"
    assert block.group(1) == nginx_snippet(shipped), "README's nginx snippet is out of date: paste the output of scripts/hosting_headers.py"
    assert "add_header Content-Security-Policy" in block.group(1) and "frame-ancestors 'none'" in block.group(1)


# ---------------------------------------------------------------- a host sending exactly _headers

class HeadersHandler(_QuietHandler):
    """Serves a built site, adding to each response the headers the `_headers` rules give its path."""
    rules: list[Rule] = []
    combine = "join"

    def end_headers(self):
        for name, value in headers_for(self.rules, urlsplit(self.path).path, self.combine):
            self.send_header(name, value)
        super().end_headers()


@contextlib.contextmanager
def serving_with_headers(directory: Path, rule_list: list[Rule], combine: str = "join"):
    handler_class = type("Handler", (HeadersHandler,), {"rules": rule_list, "combine": combine})
    with serving(directory, handler_class) as base:
        yield base


@pytest.fixture(scope="module")
def hosted(site_dir, shipped):
    with serving_with_headers(site_dir, shipped) as base:
        yield base


@pytest.fixture(scope="module")
def watched(browser):
    """One page for every visit: CSP violations and console errors recorded across navigations,
    and the browser's warnings about a header policy (an unknown Permissions-Policy feature)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    violations, log = ViolationLog(page), RequestLog(page, "127.0.0.1")
    page.on("console", lambda m: m.type != "error" and "Policy" in m.text and log.errors.append(m.text))
    yield page, violations, log
    context.close()


def _problems(violations, log, since: tuple[int, int]) -> list[str]:
    return violations.read()[since[0]:] + log.errors[since[1]:]


def test_every_page_loads_under_the_shipped_headers_without_violation_or_console_error(watched, hosted, site_dir, shipped):
    page, violations, log = watched
    problems, checked = [], 0
    for f in html_pages(site_dir) + [site_dir / "no-such-page" / "index.html"]:
        url = page_url(hosted, site_dir, f)
        start = (len(violations.read()), len(log.errors))
        response = page.goto(url, wait_until="load")
        expected = dict(headers_for(shipped, urlsplit(url).path))
        sent = {k.lower(): v for k, v in response.headers.items()}
        if sent.get("content-security-policy") != expected["Content-Security-Policy"] or "x-content-type-options" not in sent:
            problems.append(f"{url}: the response lacks the shipped headers ({sent.get('content-security-policy')!r})")
        found = _problems(violations, log, start)
        if "no-such-page" in url:
            if response.status != 404 or not page.locator(".md-header").count():
                problems.append(f"{url}: not the site's 404 page ({response.status})")
            # The browser's own note of the page's 404 status is expected there.
            found = [p for p in found if "the server responded with a status of 404" not in p]
        problems += [f"{url}: {p}" for p in found]
        checked += 1
    print(f"\n{checked} pages (the 404 page too) under the shipped headers: {len(problems)} problems")
    assert checked >= 40
    assert not problems, "\n".join(problems)


def test_fixture_an_unknown_permissions_policy_feature_is_reported(browser, site_dir):
    context = browser.new_context()
    page = context.new_page()
    notes = []
    page.on("console", lambda m: m.type != "error" and "Policy" in m.text and notes.append(m.text))
    with serving_with_headers(site_dir, [Rule("/*", (("Permissions-Policy", "camera=(), no-such-feature=()"),))]) as base:
        page.goto(base + "/about/", wait_until="load")
        page.evaluate("0")
    context.close()
    assert any("no-such-feature" in n for n in notes), notes


def test_search_the_guide_and_explanations_work_under_the_shipped_headers(watched, hosted):
    page, violations, log = watched
    start = (len(violations.read()), len(log.errors))
    found = {}
    for path, word in (("/", "fever"), ("/living/health-and-safety/", "infection")):
        page.goto(hosted + path)
        box = page.locator(".md-search__input")
        box.click()
        box.press_sequentially(word, delay=20)
        results = page.locator(".md-search-result__list > .md-search-result__item")
        results.first.wait_for(state="visible", timeout=15000)
        found[word] = results.count()
        page.keyboard.press("Escape")
    page.goto(hosted + "/find-your-situation/")
    for _ in range(6):
        current = page.locator("section.guide-node:visible")
        if "guide-outcome" in (current.first.get_attribute("class") or ""):
            break
        current.first.locator("a.guide-choice").first.click()
    reached = page.locator("section.guide-outcome:visible").count()
    explained = 0
    for path in ("/understand/why-car-t-may-not-work/", "/understand/tests-after-car-t/", "/options/clinical-trials/"):
        page.goto(hosted + path)
        term_tip_works_by_keyboard(page)
        explained += 1
    problems = _problems(violations, log, start)
    print(f"\nsearch results {found}; guide outcome reached: {reached}; explanations opened on {explained} pages; "
          f"violations and console errors: {len(problems)}")
    assert all(found.values()) and reached == 1 and explained == 3
    assert not problems, "\n".join(problems)


def _sheet_tops(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        # What is printed wholly inside the top margin (the running header), not the page's own text.
        return [" ".join(line["text"] for line in p.extract_text_lines() if line["bottom"] <= page_margin() + 0.5)
                for p in doc.pages]


def _printed(page, url: str) -> bytes:
    page.goto(url, wait_until="load")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    pdf = page.pdf(format="Letter")
    page.emulate_media(media="screen")
    return pdf


PRINTED = ["/living/health-and-safety/", "/handouts/warning-signs/", "/understand/why-car-t-may-not-work/"]


def test_the_running_header_prints_on_every_sheet_under_style_src_self(watched, hosted, shipped):
    assert directives(dict(headers_for(shipped, PRINTED[0]))["Content-Security-Policy"])["style-src"] == "'self'"
    page, violations, log = watched
    start = (len(violations.read()), len(log.errors))
    problems, sheets = [], 0
    for path in PRINTED:
        tops = _sheet_tops(_printed(page, hosted + path))
        title = page.evaluate("() => document.querySelector('article h1').innerText.trim()")
        sheets += len(tops)
        for n, top in enumerate(tops, 1):
            if SITE_NAME not in top or title[:30] not in top:
                problems.append(f"{path} sheet {n}: running header {top!r} lacks {SITE_NAME!r} or {title!r}")
    problems += _problems(violations, log, start)
    print(f"\n{len(PRINTED)} pages printed, {sheets} sheets, each with the running header: {not problems}")
    assert sheets > len(PRINTED), "at least one page prints on more than one sheet"
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def inline_style_site(site_dir, tmp_path_factory) -> Path:
    """The built site with one page's print header written back as the inline <style> it was."""
    site = tmp_path_factory.mktemp("inline-style") / "site"
    shutil.copytree(site_dir, site)
    page = site / "understand" / "why-car-t-may-not-work" / "index.html"
    html = page.read_text(encoding="utf-8")
    link = re.search(r'<link rel="stylesheet" media="print" href="([^"]*print-header[^"]*)">', html)
    css = (page.parent / link.group(1)).resolve().read_text(encoding="utf-8")
    page.write_text(html.replace(link.group(0), f'<style media="print">{css}</style>'), encoding="utf-8")
    return site


def test_fixture_an_inline_style_fires_a_violation_and_its_header_does_not_print(browser, inline_style_site, shipped):
    context = browser.new_context()
    page = context.new_page()
    violations = ViolationLog(page)
    with serving_with_headers(inline_style_site, shipped) as base:
        tops = _sheet_tops(_printed(page, base + "/understand/why-car-t-may-not-work/"))
        found = violations.read()
    context.close()
    print(f"\ninline <style> under the shipped headers: violations {found}; sheet tops {tops[:2]}")
    assert any(v.startswith("style-src-elem") for v in found), found
    assert not any(SITE_NAME in t for t in tops), tops


# ---------------------------------------------------------------- framing

def _framed(browser, site_base: str, path: str, tmp_path: Path) -> bool:
    """Open, from a server on another port (another origin), a page that frames the site's
    `path`; True if the site's page loaded inside the frame."""
    (tmp_path / "frame.html").write_text(f'<!doctype html><title>portal</title><iframe src="{site_base}{path}"></iframe>',
                                         encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    with serving_with_headers(tmp_path, []) as other:
        assert other.split(":")[-1] != site_base.split(":")[-1]
        page.goto(other + "/frame.html", wait_until="load")
        page.wait_for_timeout(300)
        frame = page.frame_locator("iframe")
        loaded = frame.locator(".md-header").count() > 0
    context.close()
    return loaded


def test_a_page_framed_from_another_origin_is_refused(browser, hosted, tmp_path):
    assert not _framed(browser, hosted, "/about/", tmp_path)


def test_fixture_without_frame_ancestors_the_frame_loads(browser, site_dir, shipped, tmp_path):
    def without_framing(name: str, value: str) -> str:
        if name != "Content-Security-Policy":
            return value
        return "; ".join(f"{k} {v}" for k, v in directives(value).items() if k != "frame-ancestors")
    loose = [Rule(r.path, tuple((n, without_framing(n, v)) for n, v in r.headers if n != "X-Frame-Options"))
             for r in shipped]
    assert not any("frame-ancestors" in v or n == "X-Frame-Options" for r in loose for n, v in r.headers)
    with serving_with_headers(site_dir, loose) as base:
        assert _framed(browser, base, "/about/", tmp_path)


# ---------------------------------------------------------------- the redirect page

# help/ keeps its fragment; connect/icd10/<code>/ pages share one rule (/connect/icd10/*) and
# their scripts still run.
REDIRECTS = [("/help/", "**/living/health-and-safety/**", "/living/health-and-safety/#get-help-now"),
             ("/connect/icd10/C90.00/", "**/cancers/multiple-myeloma/", "/cancers/multiple-myeloma/")]


@pytest.mark.parametrize("combine", ["join", "last"])
@pytest.mark.parametrize("start,pattern,landing", REDIRECTS, ids=["help", "icd10-code"])
def test_a_redirect_page_lands_under_the_shipped_headers(browser, site_dir, shipped, combine, start, pattern, landing):
    context = browser.new_context()
    page = context.new_page()
    violations, log = ViolationLog(page), RequestLog(page, "127.0.0.1")
    with serving_with_headers(site_dir, shipped, combine) as base:
        response = page.goto(base + start, wait_until="load")
        sent = response.headers.get("content-security-policy", "")
        page.wait_for_url(pattern)
        url, problems = page.url, violations.read() + log.errors
    context.close()
    # join: the site-wide policy and the page's own, both enforced; last: the page's own alone.
    assert "sha256-" in sent and ("," in sent) == (combine == "join"), sent
    assert url.endswith(landing), url
    assert not problems, "\n".join(problems)
