"""The plugin freezes the objects that live through the whole build (gc.freeze in on_pre_build,
plugin/__init__.py: the collector stops walking them in every full collection) and unfreezes
them when the build ends or fails, so a preview's next build (`mkdocs serve` rebuilds in one
process) can collect them."""
from __future__ import annotations

import gc
import os

from conftest import ROOT


def test_a_failed_build_leaves_nothing_frozen():
    from plugin import AfterCarTPlugin
    gc.unfreeze()
    plugin = AfterCarTPlugin()
    plugin.on_pre_build(config=None)
    assert gc.get_freeze_count() > 0
    plugin.on_build_error(error=RuntimeError("a page failed"))
    assert gc.get_freeze_count() == 0


def test_a_build_runs_frozen_and_ends_unfrozen(tmp_path, monkeypatch):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from macros import css_reduce
    seen = []
    reduce_site = css_reduce.reduce_site

    def reduce_and_look(folder):  # the last step of the build
        seen.append(gc.get_freeze_count())
        return reduce_site(folder)
    monkeypatch.setattr(css_reduce, "reduce_site", reduce_and_look)
    monkeypatch.chdir(ROOT)
    gc.unfreeze()
    cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    assert seen and seen[0] > 10_000, "the objects loaded before the pages are frozen while pages are built"
    assert gc.get_freeze_count() == 0, "the build's end unfreezes them"
    assert (tmp_path / "site" / "index.html").is_file()
