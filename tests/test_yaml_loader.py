"""libyaml under the strict loader (issue 21): the data files are read by libyaml's parser with
the site's own rules, giving the same values, and every mistake the same message, line and
column as the pure-Python loader."""
from __future__ import annotations

import pytest
import yaml

from conftest import ROOT
from macros import loading
from macros.data_files import paths
from macros.errors import DataError

MISTAKES = {
    "anchor": "a: &x 1\nb: *x\n",
    "repeated key": "id: one\nname: a\nname: b\n",
    "tag": "a: !!str 1\n",
    "merge key": "- id: x\n  <<: {y: 2}\n",
    "syntax": "a: [\n",
    "bad indentation": "a:\n  - b\n - c\n",
    "tab": "a:\n\t- b\n",
    "long number": "n: " + "9" * 5000 + "\n",
    "deep nesting": "a: " + "[" * 60 + "]" * 60 + "\n",
}


def test_libyaml_reads_the_data_files():
    assert yaml.__with_libyaml__, "PyYAML was installed without libyaml: install the wheel from PyPI"
    assert loading.FastStrictLoader is not loading.StrictLoader


@pytest.mark.parametrize("path", paths(ROOT), ids=lambda p: p.name)
def test_every_data_file_gives_the_same_values_with_libyaml(path):
    text = path.read_text(encoding="utf-8")
    loader = loading.FastStrictLoader(text)
    try:
        fast = loader.get_single_data()
    finally:
        loader.dispose()
    assert fast == loading._parse_yaml_slowly(text, path.name)


def test_every_page_front_matter_gives_the_same_values():
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            front = text[4:text.index("\n---", 4)]
            assert loading.parse_yaml(front, page.name) == loading._parse_yaml_slowly(front, page.name), page


def message(parse, text: str) -> str:
    with pytest.raises(DataError) as e:
        parse(text, "t.yml")
    return str(e.value)


@pytest.mark.parametrize("case", MISTAKES)
def test_a_mistake_gets_the_same_message_line_and_column(case):
    fast, slow = message(loading.parse_yaml, MISTAKES[case]), message(loading._parse_yaml_slowly, MISTAKES[case])
    assert fast == slow
    assert "t.yml" in fast


@pytest.mark.parametrize("case", ["anchor", "repeated key", "tag", "merge key", "deep nesting"])
def test_libyaml_itself_applies_the_rules(case):
    """The rules run inside the libyaml reading, not only in the pure-Python second reading: a
    plain libyaml loader (the fixture) accepts what FastStrictLoader refuses."""
    text = MISTAKES[case]
    assert yaml.load(text, Loader=yaml.CSafeLoader) is not None
    with pytest.raises(yaml.MarkedYAMLError):
        loader = loading.FastStrictLoader(text)
        try:
            loader.get_single_data()
        finally:
            loader.dispose()


# ---------------------------------------------------------------- values kept between builds

@pytest.fixture
def kept(empty_cache):
    """An empty cache folder, nothing in memory, the cache on (conftest.empty_cache)."""
    return empty_cache


def _comparable(value):
    """The value with each BadDate (which has no ==) as its text and problem."""
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, loading.BadDate):
        return ("BadDate", value.text, value.problem)
    return value


def _no_loader(monkeypatch):
    def read_again(*a, **k):
        raise AssertionError("read again")
    monkeypatch.setattr(loading, "_parse_yaml_now", read_again)


def test_kept_values_are_the_values_the_loader_gives(kept, monkeypatch):
    from macros import build_cache
    texts = [path.read_text(encoding="utf-8") for path in paths(ROOT)]
    texts.append("when: 2026-02-30\nday: 2026-12-01\nat: 2026-12-01 10:00:00\nn: 3\nx: 1.5\nok: true\nnone: null\n")
    fresh = [loading._parse_yaml_now(t, "t.yml") for t in texts]
    assert _comparable([loading.parse_yaml(t, "t.yml", folder=kept) for t in texts]) == _comparable(fresh)
    assert len(list(kept.iterdir())) == len(set(texts))
    _no_loader(monkeypatch)
    monkeypatch.setattr(build_cache, "_MEMORY", {})  # a later build: from the folder
    again = [loading.parse_yaml(t, "t.yml", folder=kept) for t in texts]
    assert _comparable(again) == _comparable(fresh)
    assert isinstance(again[-1]["when"], loading.BadDate) and isinstance(again[-1]["at"], loading.BadDate)
    # Each caller gets its own copy: changing one does not change what the next one gets.
    again[0]["changed"] = 1
    assert "changed" not in loading.parse_yaml(texts[0], "t.yml", folder=kept)
    # Another text is read by the loader.
    with pytest.raises(AssertionError, match="read again"):
        loading.parse_yaml(texts[0] + "\n# changed\n", "t.yml", folder=kept)


@pytest.mark.parametrize("case", MISTAKES)
def test_a_text_with_a_mistake_is_not_kept(kept, case):
    first = message(lambda text, name: loading.parse_yaml(text, name, folder=kept), MISTAKES[case])
    assert first == message(loading._parse_yaml_slowly, MISTAKES[case])
    assert not list(kept.iterdir())


def test_a_broken_or_foreign_kept_file_is_read_again(kept, monkeypatch):
    from macros import build_cache
    text = "a: 1\nb: [x, 2026-12-01]\n"
    value = loading.parse_yaml(text, "t.yml", folder=kept)
    (entry,) = kept.iterdir()
    good = entry.read_bytes()
    import pickle

    class Foreign:
        def __reduce__(self):
            return (print, ("ran",))
    foreign = pickle.dumps({"a": Foreign()})
    assert pickle.loads(foreign) == {"a": None}, "the fixture: plain pickle would call print()"
    with pytest.raises(pickle.UnpicklingError, match="builtins.print"):
        loading.kept_values(foreign)
    for bad in (good[: len(good) // 2], foreign, b"not a pickle"):
        entry.write_bytes(bad)
        with pytest.raises(Exception):
            loading.kept_values(bad)
        monkeypatch.setattr(build_cache, "_MEMORY", {})
        assert loading.parse_yaml(text, "t.yml", folder=kept) == value
        assert entry.read_bytes() == good  # written again whole
