"""Tests of the tests: each site check must reject a small page made to fail it, so no
check can silently pass everything."""
from __future__ import annotations

from pathlib import Path

import pytest

from site_checks import (RequestLog, axe_violations, external_resources, is_redirect_stub, missing_anchors,
                         page_problems, policy_problems, sideways_scroll)

GOOD = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Good page</title>
<meta name="description" content="A page that passes."></head><body><main>
<article class="md-content__inner"><h1>Good page</h1><p>Some text. <a href="https://doi.org/10.1/x">A source</a></p>
<aside class="page-review"><time datetime="2026-11-23">November 23, 2026</time></aside></article>
</main></body></html>"""


def test_the_good_page_passes_every_static_check():
    assert page_problems(GOOD) == []
    assert external_resources(GOOD) == []


def test_page_without_h1_is_rejected():
    assert any("<h1>" in p for p in page_problems(GOOD.replace("<h1>Good page</h1>", "")))


def test_page_with_two_h1_is_rejected():
    assert page_problems(GOOD.replace("</article>", "<h1>Again</h1></article>"))


def test_page_without_lang_description_or_review_date_is_rejected():
    bad = GOOD.replace(' lang="en"', "").replace('<meta name="description" content="A page that passes.">', "")
    bad = bad.replace('<time datetime="2026-11-23">November 23, 2026</time>', "")
    problems = " ".join(page_problems(bad))
    assert "lang" in problems and "description" in problems and "last-reviewed" in problems


@pytest.mark.parametrize("snippet", [
    '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
    '<script src="https://www.googletagmanager.com/gtag/js"></script>',
    '<style>@font-face{src:url(https://fonts.gstatic.com/x.woff2)}</style>',
    '<style>@import "//cdn.example.com/x.css";</style>',
    '<img src="//tracker.example.com/pixel.gif" alt="">',
    '<iframe title="video" src="/local"></iframe>',
])
def test_page_loading_something_from_another_site_is_rejected(snippet):
    assert external_resources(GOOD.replace("</head>", snippet + "</head>"))


def test_outbound_link_outside_the_content_is_rejected():
    assert external_resources(GOOD.replace("<main>", '<nav><a href="https://tracker.example.com">x</a></nav><main>'))


POLICY = "default-src 'self'"
CSP = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'


def test_policy_check_passes_a_page_whose_policy_comes_first():
    assert policy_problems(GOOD.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + CSP), POLICY) == []


@pytest.mark.parametrize("head, problem", [
    ('<meta charset="utf-8"><title>x</title>' + CSP, "not the Content-Security-Policy"),
    ('<meta charset="utf-8">', "not the Content-Security-Policy"),
    (CSP + '<meta charset="utf-8">', "does not start with <meta charset>"),
    ('<meta charset="utf-8">' + CSP.replace("'self'", "'self' 'unsafe-inline'"), "expected"),
    ('<meta charset="utf-8">' + CSP + CSP.replace("'self'", "*"), "exactly one"),
])
def test_policy_missing_late_different_or_doubled_is_rejected(head, problem):
    page = GOOD.replace('<meta charset="utf-8"><title>Good page</title>', head + "<title>Good page</title>")
    assert any(problem in p for p in policy_problems(page, POLICY))


def test_redirect_stub_is_recognized():
    assert is_redirect_stub('<meta http-equiv="refresh" content="0; url=../x/">')
    assert not is_redirect_stub(GOOD)


def test_link_to_a_missing_anchor_is_rejected(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text('<a href="a/#here">ok</a> <a href="a/#nowhere">bad</a> <a href="#top">bad</a>')
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2>')
    problems = missing_anchors(tmp_path)
    assert len(problems) == 2 and "nowhere" in problems[0] and "top" in problems[1]


@pytest.fixture()
def blank(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    yield page
    context.close()


def test_axe_reports_a_page_with_violations(blank):
    blank.set_content('<html><head><title>x</title></head><body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                      '<p style="color:#bbb;background:#fff">faint text</p><input type="text"></main></body></html>')
    ids = " ".join(axe_violations(blank))
    assert "image-alt" in ids and "color-contrast" in ids and "label" in ids and "html-has-lang" in ids
    # Only violations are described (resultTypes), but each with every node it found.
    blank.set_content('<html lang="en"><head><title>x</title></head><body><main>'
                      '<img id="one" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
                      '<img id="two" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>')
    alt = [v for v in axe_violations(blank) if v.startswith("image-alt")]
    assert len(alt) == 1 and "#one" in alt[0] and "#two" in alt[0], alt


def test_sideways_scroll_check_rejects_a_wide_page_and_hidden_overflow(blank):
    blank.set_content('<html lang="en"><body><div style="width:600px">wide</div></body></html>')
    assert sideways_scroll(blank)
    blank.set_content('<html lang="en" style="overflow-x:hidden"><body><div style="width:600px">wide</div></body></html>')
    assert "overflow-x" in sideways_scroll(blank)
    blank.set_content('<html lang="en"><body><p>fits</p></body></html>')
    assert sideways_scroll(blank) is None


def test_request_log_catches_third_party_requests_and_console_errors(blank):
    log = RequestLog(blank, "127.0.0.1:1")
    blank.set_content('<html><body><img src="http://third-party.invalid/p.gif" alt=""><script>console.error("boom")</script></body></html>')
    assert any("third-party.invalid" in u for u in log.external)
    assert "boom" in log.errors
