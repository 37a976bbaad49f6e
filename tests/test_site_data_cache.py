"""What load_all gave is kept between builds (macros/site_data.py, load_all_kept): a kept result
is exactly what load_all gives for the same inputs, any input changing names another entry, and
inputs with a mistake are never kept, so their messages come from load_all itself."""
from __future__ import annotations

import datetime as dt
import pickle
import shutil
import types
from pathlib import Path

import pytest
from pydantic import BaseModel

from macros import site_data
from macros.data_files import NAMES, REVIEWS_FOLDER
from macros.errors import DataError, DataErrors

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 7)


def same(a, b, where="data") -> None:
    """a and b hold the same values all the way down (plain objects compared by their fields)."""
    assert type(a) is type(b), where
    if isinstance(a, (dict, types.MappingProxyType)):
        assert list(a) == list(b), where
        for k in a:
            same(a[k], b[k], f"{where}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, BaseModel):
        assert a == b, where
    elif hasattr(a, "__dict__") and not isinstance(a, type):
        same(vars(a), vars(b), where)
    else:
        assert a == b, where


def project_copy(dest: Path) -> Path:
    """What load_all reads: the data files, docs/ and reviews/."""
    for name in NAMES:
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "docs", dest / "docs")
    shutil.copytree(ROOT / REVIEWS_FOLDER, dest / REVIEWS_FOLDER)
    return dest


def test_kept_site_data_is_what_load_all_gives(empty_cache, monkeypatch):
    fresh = site_data.load_all(ROOT, ROOT / "docs", TODAY)
    made = site_data.load_all_kept(ROOT, ROOT / "docs", TODAY, folder=empty_cache)
    assert len(list(empty_cache.iterdir())) == 1, "one kept file"
    monkeypatch.setattr(site_data.build_cache, "_MEMORY", {})  # a later build: from the folder

    def not_again(*a, **k):
        raise AssertionError("loaded again")
    monkeypatch.setattr(site_data, "load_all", not_again)
    kept = site_data.load_all_kept(ROOT, ROOT / "docs", TODAY, folder=empty_cache)
    same(fresh, made)
    same(fresh, kept)
    # The same build process asking again (a preview's rebuild) gets a copy of its own.
    again = site_data.load_all_kept(ROOT, ROOT / "docs", TODAY, folder=empty_cache)
    same(fresh, again)
    assert again is not kept and again.terms is not kept.terms
    # Another day is another entry: reviews fall due.
    with pytest.raises(AssertionError, match="loaded again"):
        site_data.load_all_kept(ROOT, ROOT / "docs", TODAY + dt.timedelta(days=1), folder=empty_cache)


@pytest.mark.parametrize("change", ["data file", "page", "new page", "review record", "picture", "macros code"])
def test_every_input_names_another_entry(tmp_path, change, monkeypatch):
    project = project_copy(tmp_path)
    before = site_data.inputs_digest(project, project / "docs", TODAY)
    if change == "data file":
        path = project / "glossary.yml"
        path.write_text(path.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    elif change == "page":
        path = project / "docs" / "index.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "new page":
        (project / "docs" / "new.md").write_text("# New\n", encoding="utf-8")
    elif change == "review record":
        record = sorted((project / REVIEWS_FOLDER).rglob("*.yml"))[0]
        record.write_text(record.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "picture":
        (project / "docs" / "a.png").write_bytes(b"\x89PNG")
    else:
        code = tmp_path / "macros"
        shutil.copytree(site_data._MACROS, code, ignore=shutil.ignore_patterns("__pycache__"))
        monkeypatch.setattr(site_data, "_MACROS", code)
        before = site_data.inputs_digest(project, project / "docs", TODAY)
        (code / "glossary.py").write_text((code / "glossary.py").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert site_data.inputs_digest(project, project / "docs", TODAY) != before


def test_a_mistake_is_never_kept_and_reads_as_before(tmp_path, empty_cache):
    (tmp_path / "project").mkdir()
    project = project_copy(tmp_path / "project")
    path = project / "sources.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: government", "type: goverment", 1),
                    encoding="utf-8")
    with pytest.raises((DataError, DataErrors)) as direct:
        site_data.load_all(project, project / "docs", TODAY)
    folder = tmp_path / "kept"
    for _ in range(2):
        with pytest.raises((DataError, DataErrors)) as kept:
            site_data.load_all_kept(project, project / "docs", TODAY, folder=folder)
        assert str(kept.value) == str(direct.value)
        assert "sources.yml" in str(kept.value)
    assert not folder.exists() or not any(folder.iterdir())


def test_a_broken_kept_file_is_loaded_again(empty_cache):
    fresh = site_data.load_all_kept(ROOT, ROOT / "docs", TODAY, folder=empty_cache)
    (kept,) = empty_cache.iterdir()
    whole = kept.read_bytes()
    kept.write_bytes(whole[: len(whole) // 2])  # cut short
    site_data.build_cache._MEMORY.clear()
    same(fresh, site_data.load_all_kept(ROOT, ROOT / "docs", TODAY, folder=empty_cache))
    assert kept.read_bytes() == whole


def test_kept_data_may_hold_only_the_guides_classes():
    with pytest.raises(pickle.UnpicklingError, match="may not hold"):
        site_data.kept_site_data(pickle.dumps(Path("/")))
    with pytest.raises(pickle.UnpicklingError, match="not kept site data"):
        site_data.kept_site_data(pickle.dumps({"a": 1}))
