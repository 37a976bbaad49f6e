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
