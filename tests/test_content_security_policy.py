"""The Content-Security-Policy (macros/content_security_policy.py) holds in the built site:
every file starts its <head> with the policy of its kind; every page loads in Chromium with
no violation and no console error, with search and glossary explanations working; a script
written into a page as raw HTML (inline <script>, onload=) is blocked, should it ever get past
the build's own check."""
from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import by_part, pages_of_part, serving
from desktop_loads import desktop_loads
from macros.content_security_policy import build_kind, preview_policy, redirect_stub_policy, site_policy
from site_checks import RequestLog, ViolationLog, is_redirect_stub, policy_problems, term_tip_works_by_keyboard

STUB_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
HOSTILE = """

<script>document.documentElement.dataset.inlineScript = "ran";</script>

<p><img src="../assets/images/logo.svg" alt="" onload="document.documentElement.dataset.onloadHandler = 'ran'"></p>
"""


def script_src(policy: str) -> str:
    return next((d for d in policy.split(";") if d.strip().startswith("script-src")), "")


def test_each_kind_of_build_has_its_policy():
    assert "'unsafe-inline'" not in script_src(site_policy())
    assert "'unsafe-inline'" in script_src(preview_policy()), "the preview's live-reload script is inline"
    script = 'location.href="../x/"'
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert script_src(redirect_stub_policy(script)).strip() == f"script-src 'sha256-{digest}'"
    assert build_kind("serve") == "preview"
    assert build_kind("build") == build_kind("gh-deploy") == "site"


def test_every_built_file_starts_its_head_with_the_policy_of_its_kind(site_dir):
    problems, stubs, files = [], 0, sorted(site_dir.rglob("*.html"))
    for f in files:
        html = f.read_text(encoding="utf-8")
        if is_redirect_stub(html):
            stubs += 1
            scripts = STUB_SCRIPT.findall(html)
            expected = redirect_stub_policy(scripts[0]) if len(scripts) == 1 else "one inline script"
        else:
            expected = site_policy()
        problems += [f"{f.relative_to(site_dir)}: {p}" for p in policy_problems(html, expected)]
    print(f"\n{len(files)} HTML files, {stubs} redirect stubs: {len(problems)} policy problems")
    assert stubs >= 1, "mkdocs.yml names at least one redirect (help/)"
    assert not problems, "\n".join(problems)


def _load(browser, url: str, **ctx):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **ctx)
    page = context.new_page()
    violations, log = ViolationLog(page), RequestLog(page, url.split("/")[2])
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page, violations, log


@by_part
def test_every_page_runs_under_the_shipped_policy_without_violations(browser, server, site_dir, pages, part):
    problems = []
    loads = desktop_loads(browser, server, site_dir, pages_of_part(pages, part))  # tests/desktop_loads.py
    for x in loads:
        first, second, policy = x.head
        if not first.startswith("<meta charset") or second != "Content-Security-Policy" or policy != site_policy():
            problems.append(f"{x.url}: head starts with {first!r}, then {second!r} = {policy!r}")
        if x.md_scope != server + "/":
            problems.append(f"{x.url}: Material's __md_scope is not the site root")
        if not x.terms_ran:
            problems.append(f"{x.url}: the site's own script (terms.js) did not run")
        problems += [f"{x.url}: violation: {v}" for v in x.violations]
        problems += [f"{x.url}: console error: {e}" for e in x.console_errors]
    print(f"\n{len(loads)} pages under the shipped policy: {len(problems)} problems")
    assert not problems, "\n".join(problems)


def test_search_and_glossary_explanations_work_under_the_policy(browser, server):
    context, page, violations, log = _load(browser, server + "/")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("fever", delay=20)
    results = page.locator(".md-search-result__list > .md-search-result__item")
    results.first.wait_for(state="visible", timeout=15000)
    found = results.count()
    page.goto(server + "/understand/why-car-t-may-not-work/")
    term_tip_works_by_keyboard(page)  # terms.js runs under the policy
    problems = violations.read() + log.errors
    context.close()
    print(f"\nsearch for 'fever': {found} results; violations and console errors: {len(problems)}")
    assert found >= 1
    assert not problems, "\n".join(problems)


def test_redirect_stub_redirects_under_its_own_policy(browser, server):
    context, page, violations, log = _load(browser, server + "/help/")
    page.wait_for_url("**/living/health-and-safety/**")
    url, problems = page.url, violations.read() + log.errors
    context.close()
    assert url.endswith("/living/health-and-safety/#get-help-now"), url
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- raw HTML in a page cannot run

@pytest.fixture(scope="module")
def hostile_site(site_dir, tmp_path_factory) -> Path:
    """The built site with an inline <script> and an onload= handler written into the About
    page's content, as raw HTML that got past the build's own check (the plugin, macros/page_steps.py
    refuses both in a page) would be; plus the same page with the policy swapped out."""
    site = tmp_path_factory.mktemp("hostile") / "site"
    shutil.copytree(site_dir, site)
    page = site / "about" / "index.html"
    built = page.read_text(encoding="utf-8")
    assert built.count("</article>") == 1
    built = built.replace("</article>", HOSTILE + "</article>")
    page.write_text(built, encoding="utf-8")
    meta = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
    assert len(meta.findall(built)) == 1
    for name, policy in (("preview", preview_policy()), ("none", None)):
        swapped = meta.sub("" if policy is None else f'<meta http-equiv="Content-Security-Policy" content="{policy}">', built)
        (site / "about" / f"{name}.html").write_text(swapped, encoding="utf-8")
    return site


def _side_effects(browser, base: str, path: str):
    context, page, violations, log = _load(browser, base + path)
    page.wait_for_timeout(200)
    ran = page.evaluate("() => [document.documentElement.dataset.inlineScript || '', "
                        "document.documentElement.dataset.onloadHandler || '']")
    found = violations.read()
    context.close()
    return ran, found


def test_raw_html_script_and_onload_are_blocked_by_the_shipped_policy(browser, hostile_site):
    with serving(hostile_site) as base:
        ran, violations = _side_effects(browser, base, "/about/")
    print(f"\nshipped policy: side effects {ran}; violations: {violations}")
    assert ran == ["", ""], "the inline script or the onload handler ran"
    assert any("script-src-elem" in v for v in violations), violations
    assert any("script-src-attr" in v for v in violations), violations


@pytest.mark.parametrize("variant", ["preview", "none"])
def test_the_same_payload_runs_without_the_shipped_policy(browser, hostile_site, variant):
    """Proves the test above can fail: with 'unsafe-inline' (the preview) or no policy, the
    payload's side effects are seen and nothing is reported."""
    with serving(hostile_site) as base:
        ran, violations = _side_effects(browser, base, f"/about/{variant}.html")
    assert ran == ["ran", "ran"]
    assert not violations
