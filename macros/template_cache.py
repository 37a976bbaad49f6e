"""The theme's templates compiled once and kept between builds (.cache/jinja/, beside the
pictures of macros/build_cache.py): Jinja compiles Material's and our overrides' templates to
Python code on every build (about 0.25 s of CPU, a tenth of a warm build); with a bytecode cache a
later build loads that code instead. The rendered pages are the same: the code is what Jinja would
compile again.

Jinja's own cache checks a template's name, file and source (its SHA-1) and the Python version.
The code also depends on the environment it is compiled in, so each entry here is named by that
too (`fingerprint`): Jinja's version, the syntax settings, the extensions, and each filter and
test by name, by what it is passed (context, environment) and by its code, since Jinja calls a
filter given a constant (`'x' | f`) while compiling (tests/test_template_cache.py checks that no
template applies a filter that reads the build's data to a constant). AFTER_CAR_T_NO_CACHE=1 uses
no cache (a cold build), as for the pictures.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import re
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.utils import _PassArg

from . import build_cache

FOLDER_NAME = "jinja"


def _code_digest(code) -> str:
    """A digest of a function's code object, its constants (nested code too) and names."""
    h = hashlib.sha256(code.co_code)
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            h.update(_code_digest(const).encode())
        else:  # a frozenset's order changes from one process to the next
            h.update(repr(sorted(map(repr, const)) if isinstance(const, frozenset) else const).encode())
    h.update(repr(code.co_names).encode())
    return h.hexdigest()


def _callable_id(func) -> str:
    pass_arg = _PassArg.from_obj(func)
    target = getattr(func, "__func__", func)
    code = getattr(target, "__code__", None)
    name = f"{getattr(target, '__module__', '')}.{getattr(target, '__qualname__', type(target).__qualname__)}"
    return f"{name}|{pass_arg.name if pass_arg else ''}|{_code_digest(code) if code is not None else ''}"


def _setting(value) -> str:
    """A setting that may be a function (autoescape, finalize), named by its code."""
    return _callable_id(value) if callable(value) and not isinstance(value, type) else repr(value)


def fingerprint(env: jinja2.Environment) -> str:
    """Everything of `env`, besides a template's own source, that decides the code Jinja compiles."""
    parts = [jinja2.__version__, sys.version, env.block_start_string, env.block_end_string,
             env.variable_start_string, env.variable_end_string, env.comment_start_string,
             env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
             env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, sorted(env.extensions),
             env.optimized, env.is_async, env.sandboxed, _setting(env.autoescape), _setting(env.finalize),
             repr(env.undefined), repr(env.code_generator_class),
             sorted((name, _callable_id(f)) for name, f in env.filters.items()),
             sorted((name, _callable_id(f)) for name, f in env.tests.items())]
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's file bytecode cache, each entry also named by its environment's fingerprint; a
    folder that cannot be written only means the templates are compiled again next time."""

    def __init__(self, directory: Path):
        super().__init__(str(directory), "%s.jinja")
        self._fingerprints: dict[int, str] = {}

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        # Taken when the first template loads, after every plugin has added its filters (on_env);
        # once per environment (it reads the code of every filter and test: about 1 ms).
        mark = self._fingerprints.get(id(environment))
        if mark is None:
            mark = self._fingerprints[id(environment)] = fingerprint(environment)
        key = hashlib.sha256(f"{mark}|{name}|{filename}".encode("utf-8")).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):  # unreadable: compiled again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def use_for(env: jinja2.Environment, folder: Path | None = None) -> None:
    """Give the theme's environment the cache (none with AFTER_CAR_T_NO_CACHE=1)."""
    if os.environ.get(build_cache.NO_CACHE_ENV) == "1":
        return
    env.bytecode_cache = CompiledTemplates((folder or build_cache.FOLDER) / FOLDER_NAME)


# ------------------------------------------------------------------ the pages' own templates
# mkdocs-macros compiles each page's Markdown as a template (about 0.002 s of CPU a page). A page
# is compiled from the same text on every build, so its code is kept too, named like the theme's
# (the environment's fingerprint and the page's text). Jinja also runs filters and tests given
# constants while compiling ('x' | relative_url reads the page being built), so a page whose
# macro code has a filter or test in it ('|' or 'is' anywhere in a {{ }} or {% %}) is always
# compiled afresh, as is everything in an environment with other delimiters.
_JINJA_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_FILTER_OR_TEST = re.compile(r"\||\bis\b")
_CODE_START = b"after-car-t jinja code\n"


def may_fold_filters(env: jinja2.Environment, source: str) -> bool:
    """Whether compiling `source` in `env` might run a filter or test (so its code could depend
    on more than its text): any '|' or 'is' in its macro code, or delimiters this cannot read."""
    default = (env.block_start_string, env.block_end_string, env.variable_start_string,
               env.variable_end_string, env.line_statement_prefix, env.line_comment_prefix)
    if default != ("{%", "%}", "{{", "}}", None, None):
        return True
    return any(_FILTER_OR_TEST.search(code) for code in _JINJA_CODE.findall(source))


_FINGERPRINTS: dict[tuple, str] = {}


def _fingerprint_now(env: jinja2.Environment) -> str:
    """fingerprint(env), taken again only when a filter or test was added or replaced."""
    mark = (id(env), tuple(map(id, env.filters.values())), tuple(map(id, env.tests.values())))
    if mark not in _FINGERPRINTS:
        _FINGERPRINTS[mark] = fingerprint(env)
    return _FINGERPRINTS[mark]


def compiled_code(env: jinja2.Environment, compile_source, source: str, name, filename, defer_init: bool,
                  folder: Path | None = None):
    """compile_source(), the code of `source` compiled in `env`, from the cache when it was
    compiled before in the same environment (AFTER_CAR_T_NO_CACHE=1: compiled every time)."""
    if may_fold_filters(env, source):
        return compile_source()
    key = build_cache.key(_fingerprint_now(env), source, name, filename, defer_init)

    def whole(data: bytes) -> bool:
        try:
            return data.startswith(_CODE_START) and marshal.loads(data[len(_CODE_START):]) is not None
        except (EOFError, ValueError, TypeError):
            return False

    data = build_cache.cached((folder or build_cache.FOLDER) / FOLDER_NAME, f"{key}.page",
                              lambda: _CODE_START + marshal.dumps(compile_source()), whole)
    return marshal.loads(data[len(_CODE_START):])
