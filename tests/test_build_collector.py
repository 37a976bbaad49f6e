"""The plugin freezes the objects that live through the whole build for the garbage collector
(gc.freeze when it is made and in on_pre_build, plugin/__init__.py: the collector stops walking
them in every full collection). `mkdocs build` ends frozen (the process exits: its last
collection walks nothing); a preview (`mkdocs serve` rebuilds in one process) or a failed build
of an unknown command unfreezes them, so they can be collected."""
from __future__ import annotations

import gc

import pytest

from conftest import ROOT


def test_a_failed_build_of_an_unknown_command_leaves_nothing_frozen():
    from plugin import AfterCarTPlugin
    gc.unfreeze()
    plugin = AfterCarTPlugin()
    assert gc.get_freeze_count() > 0, "what was imported is frozen"
    plugin.on_pre_build(config=None)
    plugin.on_build_error(error=RuntimeError("a page failed"))
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("command, frozen_after", [("build", True), ("serve", False)])
def test_a_build_runs_frozen(tmp_path, monkeypatch, command, frozen_after):
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
    cfg.plugins.on_startup(command=command, dirty=False)
    try:
        build(cfg)
        assert (tmp_path / "site" / "index.html").is_file()
        assert seen and seen[0] > 10_000, "the objects loaded before the pages are frozen while pages are built"
        if frozen_after:
            assert gc.get_freeze_count() > seen[0], "mkdocs build ends with everything frozen"
        else:
            assert gc.get_freeze_count() == 0, "a preview's build ends unfrozen"
    finally:
        cfg.plugins.on_shutdown()
        gc.unfreeze()
