"""The build-local cache (macros/build_cache.py) gives exactly what would be made: QR codes here,
link-preview pictures in test_previews.py."""
from __future__ import annotations

import pytest


def test_a_cached_qr_code_is_the_code_segno_makes(tmp_path, monkeypatch):
    from macros import build_cache, qr
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    monkeypatch.delenv(build_cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setattr(qr, "CACHE_FOLDER", tmp_path)
    made = {(inline, scale): qr._make_svg("https://example.org/a/", "Open <a> & b", inline, scale)
            for inline in (True, False) for scale in (1, 3)}
    for (inline, scale), svg in made.items():
        assert qr.qr_svg("https://example.org/a/", "Open <a> & b", inline=inline, scale=scale) == svg
    assert len(list(tmp_path.iterdir())) == 4, "one kept file for each set of arguments"

    def no_segno(*a, **k):
        raise AssertionError("made again")
    monkeypatch.setattr(qr.segno, "make", no_segno)
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    for (inline, scale), svg in made.items():
        assert qr.qr_svg("https://example.org/a/", "Open <a> & b", inline=inline, scale=scale) == svg
    # Another address is not taken from the cache.
    with pytest.raises(AssertionError, match="made again"):
        qr.qr_svg("https://example.org/b/", "Open <a> & b")


def test_a_broken_kept_qr_code_is_made_again(tmp_path, monkeypatch):
    from macros import build_cache, qr
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    monkeypatch.delenv(build_cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setattr(qr, "CACHE_FOLDER", tmp_path)
    svg = qr.qr_svg("https://example.org/a/", "T", inline=False)
    (kept,) = tmp_path.iterdir()
    kept.write_bytes(svg.encode("utf-8")[:200])  # cut short
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    assert qr.qr_svg("https://example.org/a/", "T", inline=False) == svg
    assert kept.read_text(encoding="utf-8") == svg


def test_kept_key_points_are_what_the_page_gives(empty_cache, monkeypatch):
    from macros import build_cache, feed
    pages = ['<div class="admonition abstract"><ul><li>A <span class="term"><a>CAR T</a><span class="term__tip">'
             'Tip.</span></span> can help.<sup>[2]</sup></li><li>Second “quoted”.</li></ul></div>',
             "<p>No box</p>"]
    made = [feed.key_points(html) for html in pages]
    assert made[0] == ["A CAR T can help.", "Second “quoted”."] and made[1] == []
    assert [feed.kept_key_points(html, folder=empty_cache) for html in pages] == made
    assert len(list(empty_cache.iterdir())) == 2, "one kept file a page"

    def not_again(html):
        raise AssertionError("parsed again")
    monkeypatch.setattr(feed, "key_points", not_again)
    monkeypatch.setattr(build_cache, "_MEMORY", {})  # a later build: from the folder
    assert [feed.kept_key_points(html, folder=empty_cache) for html in pages] == made
    # Another page is parsed; a kept file cut short is made again.
    with pytest.raises(AssertionError, match="parsed again"):
        feed.kept_key_points("<p>Another page</p>", folder=empty_cache)
    for kept in empty_cache.iterdir():
        kept.write_bytes(kept.read_bytes()[:3])
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    with pytest.raises(AssertionError, match="parsed again"):
        feed.kept_key_points(pages[0], folder=empty_cache)


def test_a_kept_minified_stylesheet_is_what_minify_css_gives(empty_cache, monkeypatch):
    from macros import build_cache, css_reduce as cr
    css = "/* a.css */\n:root {\n  --x: 1px  2px; /* why */\n}\n.a > p,\n.b { margin: 0 auto; }\n"
    made = cr.minify_css(css)
    assert cr.kept_minify_css(css, folder=empty_cache) == made
    (kept,) = empty_cache.iterdir()

    def not_again(text):
        raise AssertionError("minified again")
    monkeypatch.setattr(cr, "minify_css", not_again)
    monkeypatch.setattr(build_cache, "_MEMORY", {})  # a later build: from the folder
    assert cr.kept_minify_css(css, folder=empty_cache) == made
    with pytest.raises(AssertionError, match="minified again"):
        cr.kept_minify_css(css + ".c{d:e}", folder=empty_cache)


def test_a_stylesheet_with_a_mistake_is_never_kept(empty_cache):
    from macros import build_cache, css_reduce as cr
    bad = "p { color: red }\n.a{b:c} x"
    with pytest.raises(cr.CSSError) as direct:
        cr.minify_css(bad)
    for _ in range(2):
        with pytest.raises(cr.CSSError) as kept:
            cr.kept_minify_css(bad, folder=empty_cache)
        assert (kept.value.line, kept.value.column, kept.value.message) == (
            direct.value.line, direct.value.column, direct.value.message)
        build_cache._MEMORY.clear()
    assert not list(empty_cache.iterdir())


def test_a_kept_qr_code_needs_no_segno_import(tmp_path):
    """segno is imported only to draw a code; the key names segno's version as segno itself gives it."""
    import subprocess
    import sys
    import textwrap

    import segno

    from macros import qr
    assert qr.segno_version() == segno.__version__
    assert qr.segno is segno
    script = textwrap.dedent(f"""
        import os, sys
        os.environ.pop("AFTER_CAR_T_NO_CACHE", None)
        from macros import build_cache, qr
        qr.CACHE_FOLDER = build_cache.Path({str(tmp_path)!r})
        first = qr.qr_svg("https://example.org/a/", "T", inline=False)
        print("segno" in sys.modules)
    """)
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
            for _ in range(2)]
    assert runs == [["True"], ["False"]], "drawn (segno imported), then kept (segno never imported)"
