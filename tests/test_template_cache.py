"""macros/template_cache.py: the theme's templates compiled once, kept in .cache/jinja/, and
named by everything that decides their code."""
from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes
from jinja2.nodes import EvalContext, Impossible

from conftest import ROOT
from macros import build_cache, template_cache


def _env(folder: Path, templates: dict[str, str], **filters) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))
    env.filters.update(filters)
    template_cache.use_for(env, folder)
    return env


def _never_compile(env: jinja2.Environment) -> None:
    def refuse(*a, **kw):
        raise AssertionError("compiled again instead of loaded from the cache")
    env.compile = refuse


def shout(value):
    return str(value).upper()


def whisper(value):
    return str(value).lower()


@jinja2.pass_context
def shout_in_context(context, value):
    return str(value).upper()


def test_a_later_build_loads_the_compiled_template(tmp_path):
    templates = {"page.html": "<p>{{ name | shout }}</p>"}
    first = _env(tmp_path, templates, shout=shout).get_template("page.html").render(name="a")
    assert list((tmp_path / template_cache.FOLDER_NAME).iterdir())
    later = _env(tmp_path, templates, shout=shout)
    _never_compile(later)
    assert later.get_template("page.html").render(name="a") == first == "<p>A</p>"


@pytest.mark.parametrize("change", ["other source", "other filter code", "filter passed the context", "one more filter"])
def test_anything_that_changes_the_code_is_compiled_again(tmp_path, change):
    _env(tmp_path, {"page.html": "{{ name | shout }}"}, shout=shout).get_template("page.html")
    templates, filters = {"page.html": "{{ name | shout }}"}, {"shout": shout}
    if change == "other source":
        templates = {"page.html": "{{ name | shout }}!"}
    elif change == "other filter code":
        filters = {"shout": whisper}
    elif change == "filter passed the context":
        filters = {"shout": shout_in_context}
    else:
        filters = {"shout": shout, "whisper": whisper}
    later = _env(tmp_path, templates, **filters)
    compiled = []
    original = later.compile
    later.compile = lambda *a, **kw: compiled.append(1) or original(*a, **kw)
    later.get_template("page.html").render(name="a")
    assert compiled == [1]


def test_an_unreadable_entry_is_compiled_again(tmp_path):
    templates = {"page.html": "{{ 1 + 1 }}"}
    _env(tmp_path, templates).get_template("page.html")
    for entry in (tmp_path / template_cache.FOLDER_NAME).iterdir():
        entry.write_bytes(entry.read_bytes()[:40])  # cut short
    assert _env(tmp_path, templates).get_template("page.html").render() == "2"


def test_no_cache_in_a_cold_build(tmp_path, monkeypatch):
    monkeypatch.setenv(build_cache.NO_CACHE_ENV, "1")
    env = _env(tmp_path, {"page.html": "x"})
    assert env.bytecode_cache is None


def test_the_fingerprint_is_the_same_in_another_process():
    import subprocess
    import sys

    code = ("import jinja2; from macros import template_cache; "
            "print(template_cache.fingerprint(jinja2.Environment(autoescape=jinja2.select_autoescape())))")
    runs = {subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                           env={"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1 and len(next(iter(runs))) == 65


def constant_filters(env: jinja2.Environment, source: str) -> list[str]:
    """Filters and tests a template applies to a constant, which Jinja runs while compiling
    (their result would be kept in the cache whatever the build's data)."""
    found = []
    for node in env.parse(source).find_all((nodes.Filter, nodes.Test)):
        func = (env.filters if isinstance(node, nodes.Filter) else env.tests).get(node.name)
        if func is None or jinja2.utils._PassArg.from_obj(func) is jinja2.utils._PassArg.context:
            continue  # not run while compiling
        if node.node is None:
            continue
        try:
            node.node.as_const(EvalContext(env))
        except Impossible:
            continue
        found.append(node.name)
    return found


def test_the_constant_filter_check_finds_one():
    env = jinja2.Environment()
    env.filters["plain"] = shout
    assert constant_filters(env, "{{ 'x' | plain }} {{ name | plain }}") == ["plain"]


def test_no_theme_template_applies_a_filter_to_a_constant():
    import material

    env = jinja2.Environment()
    env.filters.update(plain=shout, with_team_number=shout)  # the site's filters (plugin on_env)
    folders = [ROOT / "overrides", Path(material.__file__).parent / "templates"]
    found = {}
    for folder in folders:
        for path in (p for p in folder.rglob("*") if p.suffix in (".html", ".xml")):
            names = constant_filters(env, path.read_text(encoding="utf-8"))
            if names:
                found[str(path.relative_to(folder))] = names
    assert found == {}


# ------------------------------------------------------------------ the pages' own templates

def _page_env(folder: Path, **filters) -> jinja2.Environment:
    from macros.rendering import compile_once

    env = jinja2.Environment()
    env.filters.update(filters)
    env.globals["cite"] = lambda key: f"[{key}]"
    compile_once(env)
    return env


def _page_code_cache(folder: Path, monkeypatch) -> None:
    monkeypatch.setattr(build_cache, "FOLDER", folder)
    monkeypatch.setattr(build_cache, "_MEMORY", {})  # as a new build process


def test_a_page_compiled_in_an_earlier_build_is_loaded(tmp_path, monkeypatch):
    _page_code_cache(tmp_path, monkeypatch)
    page = "# Title\n\nText {{ cite('a-2020') }}.\n"
    first = _page_env(tmp_path).from_string(page).render()
    assert [p.suffix for p in (tmp_path / template_cache.FOLDER_NAME).iterdir()] == [".page"]
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *a, **kw: pytest.fail("compiled again"))
    later = _page_env(tmp_path)  # compile_once wraps the failing compile
    assert later.from_string(page).render() == first == "# Title\n\nText [a-2020]."


def _reads(value):
    def read(v):
        return value
    return read


def test_a_page_with_a_filter_is_compiled_in_every_build(tmp_path, monkeypatch):
    # Jinja runs a filter given a constant while compiling: its answer may depend on the build.
    _page_code_cache(tmp_path, monkeypatch)
    page = "{{ 'docs/x.md' | address }}"
    assert _page_env(tmp_path, address=_reads("first")).from_string(page).render() == "first"
    monkeypatch.setattr(build_cache, "_MEMORY", {})
    assert _page_env(tmp_path, address=_reads("second")).from_string(page).render() == "second"
    assert not (tmp_path / template_cache.FOLDER_NAME).exists()


@pytest.mark.parametrize("page, folds", [
    ("Plain text, a | in a table | cell.", False),
    ("{{ cite('a') }} and {% if x %}y{% endif %}", False),
    ("{{ cite('a') | safe }}", True),
    ("{% if 'a' is lower %}y{% endif %}", True),
    ("{%\nset x = y|e\n%}", True),
])
def test_what_may_run_a_filter_while_compiling(page, folds):
    assert template_cache.may_fold_filters(jinja2.Environment(), page) is folds


def test_other_delimiters_are_always_compiled():
    env = jinja2.Environment(variable_start_string="[[", variable_end_string="]]")
    assert template_cache.may_fold_filters(env, "[[ x ]]") is True


def test_the_environment_is_fingerprinted_once_for_all_its_templates(tmp_path, monkeypatch):
    """The fingerprint reads the code of every filter and test: taken once per environment, not
    once per template loaded (the theme loads about 35)."""
    taken = []
    real = template_cache.fingerprint
    monkeypatch.setattr(template_cache, "fingerprint", lambda env: taken.append(env) or real(env))
    templates = {f"t{i}.html": f"<p>{i} {{{{ name | shout }}}}</p>" for i in range(5)}
    env = _env(tmp_path, templates, shout=shout)
    assert [env.get_template(name).render(name="a") for name in templates] == [f"<p>{i} A</p>" for i in range(5)]
    assert len(taken) == 1
    # A later build (a new environment, the same filters) loads them all from the cache.
    later = _env(tmp_path, templates, shout=shout)
    _never_compile(later)
    assert [later.get_template(name).render(name="a") for name in templates] == [f"<p>{i} A</p>" for i in range(5)]
    assert len(taken) == 2
