"""The build runner (tests/build_runner.py) gives the answer a new Python process gives: the same
exit status and output for a build that passes, one that stops with a message, a traceback, an
exit message, and the same hang guard; and it holds nothing a build would not import anyway."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import build_runner
from conftest import ROOT

PY = sys.executable


def both(cmd, cwd, **kw):
    forked = build_runner.run(cmd, cwd=cwd, **kw)
    real = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, **kw)
    return forked, real


def same(a: subprocess.CompletedProcess, b: subprocess.CompletedProcess) -> bool:
    timing = re.compile(r"built in [0-9.]+ seconds")
    return (a.returncode, timing.sub("", a.stdout), timing.sub("", a.stderr)) == \
        (b.returncode, timing.sub("", b.stdout), timing.sub("", b.stderr))


@pytest.fixture
def scripts(tmp_path) -> Path:
    (tmp_path / "raises.py").write_text(textwrap.dedent("""\
        import sys
        print("before")
        def deep():
            raise ValueError("boom " + sys.argv[1])
        deep()
        """))
    (tmp_path / "exits.py").write_text('import sys\nprint("out")\nsys.exit("a message " + sys.argv[1])\n')
    (tmp_path / "status.py").write_text('import os, sys\nprint(os.getcwd(), sys.path[0], sys.argv)\nsys.exit(3)\n')
    (tmp_path / "sleeps.py").write_text("import time\nprint('started', flush=True)\ntime.sleep(60)\n")
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "__init__.py").write_text("")
    (tmp_path / "mod" / "__main__.py").write_text('import sys\nraise SystemExit(len(sys.argv))\n')
    return tmp_path


def test_scripts_and_modules_end_as_in_a_new_python(scripts):
    for cmd in ([PY, "raises.py", "x"], [PY, "exits.py", "y"], [PY, "status.py", "z"], [PY, "-m", "mod", "a", "b"],
                [PY, str(scripts / "raises.py"), "abs"], [PY, "-m", "no_such_module_here"]):
        forked, real = both(cmd, scripts)
        assert same(forked, real), (cmd, forked, real)


def test_the_traceback_is_the_one_python_prints(scripts):
    forked, real = both([PY, "raises.py", "x"], scripts)
    assert forked.returncode == 1 and forked.stderr.startswith("Traceback (most recent call last):\n")
    assert forked.stderr == real.stderr


def test_the_comparison_can_fail(scripts):
    """A different status, or a different message, is told apart."""
    a = build_runner.run([PY, "exits.py", "y"], cwd=scripts)
    b = build_runner.run([PY, "exits.py", "other"], cwd=scripts)
    c = build_runner.run([PY, "status.py", "z"], cwd=scripts)
    assert not same(a, b) and not same(a, c)


def test_the_hang_guard_kills_the_build(scripts):
    with pytest.raises(subprocess.TimeoutExpired) as hang:
        build_runner.run([PY, "sleeps.py"], cwd=scripts, timeout=2)
    assert "started" in hang.value.output
    assert build_runner.run([PY, "status.py", "after"], cwd=scripts).returncode == 3  # the runner goes on


def test_other_commands_run_as_subprocesses(scripts):
    assert not build_runner.forkable(["/bin/echo", "x"], scripts, {})
    assert not build_runner.forkable([PY, "-c", "pass"], scripts, dict(__import__("os").environ))
    assert not build_runner.forkable([PY, "missing.py"], scripts, dict(__import__("os").environ))
    assert not build_runner.forkable([PY, "raises.py"], scripts, {"PYTHONHASHSEED": "1"})
    assert build_runner.run(["/bin/echo", "x"], cwd=scripts).stdout == "x\n"


def _third_party(names: set[str]) -> set[str]:
    return {n for n in names if n.split(".")[0] not in sys.stdlib_module_names and not n.startswith("_")}


@pytest.fixture(scope="module")
def broken_project(tmp_path_factory) -> Path:
    """A copy of the project whose glossary lacks a definition: the build stops at the data."""
    from conftest import SITE_INPUTS
    base = tmp_path_factory.mktemp("broken")
    for name in SITE_INPUTS + ["scripts"]:
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, base / name)
    glossary = base / "glossary.yml"
    glossary.write_text(re.sub(r"^    definition: .*\n", "", glossary.read_text(encoding="utf-8"), count=1, flags=re.M),
                        encoding="utf-8")
    return base


def test_the_runner_preloads_only_what_every_build_imports(broken_project):
    preloaded = subprocess.run([PY, str(Path(build_runner.__file__)), "--list-preloaded"],
                               capture_output=True, text=True, check=True).stdout.split()
    dump = ("import atexit, runpy, sys\n"
            "out = sys.argv[1]\n"
            "atexit.register(lambda: open(out, 'w').write('\\n'.join(sorted(sys.modules))))\n"
            "sys.argv = ['mkdocs', 'build', '--strict', '--site-dir', 'site']\n"
            "runpy.run_module('mkdocs', run_name='__main__', alter_sys=True)\n")
    out = broken_project / "modules.txt"
    r = subprocess.run([PY, "-c", dump, str(out)], cwd=broken_project, capture_output=True, text=True)
    assert r.returncode == 1 and "field 'definition'" in r.stdout + r.stderr, r.stderr[-2000:]
    built = set(out.read_text().split())
    assert len(_third_party(set(preloaded))) > 100
    assert _third_party(set(preloaded)) - built == set()
    assert not {n for n in preloaded if n.split(".")[0] in ("macros", "plugin", "hooks")}


def test_a_stopped_build_reads_the_same_as_from_a_new_python(broken_project):
    forked, real = both([PY, "-m", "mkdocs", "build", "--strict", "--site-dir", str(broken_project / "site")],
                        broken_project, timeout=120)
    assert forked.returncode == 1 and "glossary.yml, entry '" in forked.stdout + forked.stderr
    assert "Traceback" not in forked.stdout + forked.stderr
    assert same(forked, real), (forked.stderr[-2000:], real.stderr[-2000:])


def test_a_passing_build_reads_the_same_as_from_a_new_python(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hello\n\n[missing](nowhere.md)\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins: []\n")
    for strict, status in (([], 0), (["--strict"], 1)):
        forked, real = both([PY, "-m", "mkdocs", "build", *strict, "--site-dir", str(tmp_path / "site")], tmp_path)
        assert forked.returncode == status and same(forked, real), (forked, real)
