"""The site's own scripts as published (macros/assets.py, issue 21): written without comments and
extra white space by rjsmin, still valid JavaScript that Node reads; and the pages without a
questions builder link the joined script without it."""
from __future__ import annotations

import shutil
import subprocess

from conftest import ROOT, WORDS
from macros import assets

NODE = shutil.which("node")  # make install-test needs Node already (the kiosk shim, kiosk/)


def node_reads(path) -> subprocess.CompletedProcess:
    return subprocess.run([NODE, "--check", str(path)], capture_output=True, text=True)


def test_minify_keeps_strings_template_literals_and_regular_expressions():
    script = 'var a = `x  // kept ${ b /* kept */ }  y`; // gone\nvar r = /ab+c/g; /* gone */ var s = "  /* kept */  ";\nx = a\n++b\n'
    out = assets.minify_js(script)
    assert "gone" not in out
    assert "`x  // kept ${ b /* kept */ }  y`" in out and "/ab+c/g" in out and '"  /* kept */  "' in out
    assert "a\n++b" in out, "a line break that ends a statement stays"


def test_every_published_script_of_the_sites_own_is_minified_and_valid(site_dir, tmp_path):
    own = sorted(p for p in (site_dir / "assets" / "javascripts").rglob("*.js")
                 if not p.name.startswith("bundle.") and "workers" not in p.parts)
    assert len(own) >= 5
    for script in own:
        text = script.read_text(encoding="utf-8")
        assert assets.minify_js(text) == text, f"{script.name} is published with comments or extra white space"
        r = node_reads(script)
        assert r.returncode == 0, f"{script.name}: {r.stderr}"
    broken = tmp_path / "broken.js"
    broken.write_text(assets.minify_js("function f( { return 1 }"), encoding="utf-8")
    assert node_reads(broken).returncode != 0, "the check sees a script Node cannot read"


def test_a_page_without_a_builder_links_the_lighter_script(tmp_path):
    docs = tmp_path
    (docs / "assets" / "javascripts").mkdir(parents=True)
    for name, body in (("terms.js", "var t = 1;"), ("questions.js", "var q = 2;")):
        (docs / "assets" / "javascripts" / name).write_text(body, encoding="utf-8")
    parts = ["assets/javascripts/terms.js", "assets/javascripts/questions.js"]
    (full,) = assets.bundles([], parts, docs, WORDS)
    lighter = assets.lighter_bundle(parts, docs, WORDS)
    assert "var q" in full.content and "var q" not in lighter.content and "var t" in lighter.content
    assert lighter.path != full.path
    page = f'<p data-print-url="x">a</p><script src="../assets/javascripts/{full.path.rsplit("/", 1)[1]}"></script>'
    assert lighter.path.rsplit("/", 1)[1] in assets.with_lighter_script(page, full, lighter), \
        "data-print-url is not data-print"
    for marked in ('<button data-print hidden>', '<div data-questions="1">', '<form data-builder>'):
        assert assets.with_lighter_script(marked + page, full, lighter) == marked + page, marked
    assert assets.lighter_bundle(["assets/javascripts/terms.js"], docs, WORDS) is None


def test_each_built_page_links_the_script_it_needs(site_dir):
    full = (site_dir / "handouts" / "questions" / "index.html").read_text(encoding="utf-8")
    scripts = sorted(p.name for p in (site_dir / "assets" / "javascripts").glob("site.*.js"))
    whole = next(n for n in scripts if n in full)
    (lighter,) = [n for n in scripts if n != whole]
    assert "questions" in (site_dir / "assets" / "javascripts" / whole).read_text(encoding="utf-8")
    light_pages = 0
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if lighter in text:
            light_pages += 1
            assert not any(p.search(text) for p in assets._NEEDS), f"{page} needs the questions builder"
    assert light_pages > 40


def test_needs_full_script_answers_as_the_patterns_do():
    """needs_full_script() skips the pattern on pages without any of its attribute names: the same
    answer as searching every page, for a name in prose, in a longer attribute, and as an attribute."""
    cases = {
        "<p>No builder here.</p>": False,
        "<p>The data-questions attribute, in prose.</p>": False,
        '<p data-print-url="x">a</p>': False,
        "<p data-questions>a</p>": True,
        '<section class="x"\n data-builder="1">': True,
        "<button data-print hidden>": True,
    }
    for html, expected in cases.items():
        assert assets.needs_full_script(html) is expected, html
        assert any(p.search(html) for p in assets._NEEDS) is expected, html
