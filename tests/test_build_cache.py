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
