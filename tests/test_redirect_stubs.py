"""Short addresses (help/) preview as their target and keep a visitor's #fragment only when the
target has none: macros/redirect_stubs.py on the page mkdocs-redirects writes, and in Chromium."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from mkdocs.structure.files import File
from mkdocs_redirects.plugin import HTML_TEMPLATE, RedirectPlugin

from conftest import serving, WORDS
from macros.redirect_stubs import StubShapeError, describe_stub, mkdocs_redirects_page, redirect_script, stub_target

HELP = HTML_TEMPLATE.format(url="../living/health-and-safety/#get-help-now")
MOVED = HTML_TEMPLATE.format(url="../handouts/emergency-card/")


def test_the_stub_previews_as_its_target():
    out = describe_stub(HELP, "When to get help right away", 'Fever & "confusion" <now>', WORDS, "After CAR T",
                        "https://example.org/guide/", "help/")
    soup = BeautifulSoup(out, "html.parser")
    assert soup.title.string == "When to get help right away - After CAR T"
    assert soup.find("meta", attrs={"name": "description"})["content"] == 'Fever & "confusion" <now>'
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:title"] == "When to get help right away" and og["og:description"] == 'Fever & "confusion" <now>'
    assert og["og:url"] == "https://example.org/guide/living/health-and-safety/#get-help-now"
    assert og["og:site_name"] == "After CAR T" and og["og:type"] == "website"
    assert "Redirecting" not in out and "<now>" not in out
    # Still a redirect without JavaScript, and one script only (the CSP hashes it).
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) and len(soup.find_all("script")) == 1
    assert soup.body.a["href"] == "../living/health-and-safety/#get-help-now"


def test_the_script_keeps_the_visitor_fragment_only_when_the_target_has_none():
    assert redirect_script("../a/#x") == 'location.replace("../a/#x")'
    assert redirect_script("../a/") == 'location.replace("../a/"+location.hash)'
    assert "</script>" not in redirect_script("../a/</script><b>") and "\\u003c/script\\u003e" in redirect_script("../a/</script>")
    assert stub_target(HELP) == "../living/health-and-safety/#get-help-now"


REDIRECTS = {"connect/icd10/C83.3.md": "cancers/large-b-cell-lymphoma.md",
             "connect/icd10/C91.0.md": "cancers/index.md#choose-c91-0",
             "help.md": "living/health-and-safety.md#get-help-now",
             "old/deep/page.md": "index.md"}


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_the_plugin_writes_the_code_stubs_exactly_as_mkdocs_redirects_would(tmp_path, use_directory_urls):
    """The plugin writes the code addresses' stubs itself (once each, already described) from
    mkdocs_redirects_page(): byte for byte the page mkdocs-redirects writes for the same map."""
    targets = {new.split("#")[0] for new in REDIRECTS.values()}
    plugin = RedirectPlugin()
    plugin.redirects = REDIRECTS
    plugin.doc_pages = {src: File(src, "", "", use_directory_urls) for src in targets}
    plugin.on_post_build({"site_dir": str(tmp_path), "use_directory_urls": use_directory_urls})
    urls = {src: f.url for src, f in plugin.doc_pages.items()}
    for old, new in REDIRECTS.items():
        written = (tmp_path / File(old, "", "", use_directory_urls).dest_path).read_text(encoding="utf-8")
        assert mkdocs_redirects_page(old, new, urls, use_directory_urls) == written, old
    with pytest.raises(KeyError):  # a target that is not a page (mkdocs-redirects warns, writes nothing)
        mkdocs_redirects_page("connect/icd10/C00.md", "cancers/gone.md", urls, use_directory_urls)


def test_a_page_of_another_shape_is_refused():
    with pytest.raises(StubShapeError):
        describe_stub("<html><head><title>x</title></head></html>", "T", "D", WORDS)
    with pytest.raises(StubShapeError):  # already rewritten
        describe_stub(describe_stub(HELP, "T", "D", WORDS), "T", "D", WORDS)


@pytest.mark.parametrize("stub,visit,lands", [
    (HELP, "help/#x", "/living/health-and-safety/#get-help-now"),
    (HELP, "help/", "/living/health-and-safety/#get-help-now"),
    (MOVED, "moved/#before", "/handouts/emergency-card/#before"),
    (MOVED, "moved/", "/handouts/emergency-card/"),
])
def test_in_chromium_the_visitor_lands_where_expected(tmp_path, browser, stub, visit, lands):
    name = visit.split("/")[0]
    (tmp_path / name).mkdir()
    (tmp_path / name / "index.html").write_text(describe_stub(stub, "T", "D", WORDS), encoding="utf-8")
    for target in ("living/health-and-safety", "handouts/emergency-card"):
        (tmp_path / target).mkdir(parents=True)
        (tmp_path / target / "index.html").write_text("<!doctype html><title>t</title><h1 id=get-help-now>x</h1>")
    with serving(tmp_path) as base:
        page = browser.new_page()
        try:
            page.goto(f"{base}/{visit}")
            page.wait_for_url(f"{base}{lands}")
            assert page.url == f"{base}{lands}"
        finally:
            page.close()


def test_in_chromium_the_page_as_mkdocs_redirects_writes_it_adds_the_fragment_twice(tmp_path, browser):
    """What describe_stub() mends: the test above fails on the stub as it was written."""
    (tmp_path / "help").mkdir()
    (tmp_path / "help" / "index.html").write_text(HELP, encoding="utf-8")
    (tmp_path / "living/health-and-safety").mkdir(parents=True)
    (tmp_path / "living/health-and-safety/index.html").write_text("<!doctype html><title>t</title>")
    with serving(tmp_path) as base:
        page = browser.new_page()
        try:
            page.goto(f"{base}/help/#x")
            page.wait_for_url(f"{base}/living/health-and-safety/**")
            assert page.url.endswith("#get-help-now#x")
        finally:
            page.close()


def test_under_the_policy_the_hook_adds_after_it_the_script_still_runs(tmp_path, browser):
    """The wiring: describe_stub() first, then macros/content_security_policy.py's
    protect_redirect_stub(), which hashes the final script. Without the script the meta refresh
    would drop the visitor's #fragment."""
    from macros.content_security_policy import protect_redirect_stub
    (tmp_path / "moved").mkdir()
    (tmp_path / "moved/index.html").write_text(protect_redirect_stub(describe_stub(MOVED, "T", "D", WORDS)), encoding="utf-8")
    (tmp_path / "handouts/emergency-card").mkdir(parents=True)
    (tmp_path / "handouts/emergency-card/index.html").write_text("<!doctype html><title>t</title>")
    with serving(tmp_path) as base:
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            page.goto(f"{base}/moved/#before")
            page.wait_for_url(f"{base}/handouts/emergency-card/**")
            assert page.url == f"{base}/handouts/emergency-card/#before" and not errors, (page.url, errors)
        finally:
            page.close()
