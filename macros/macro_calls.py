"""Check the values a page passes to a macro before it runs: how many, and that each is of the
kind the macro's signature says (text unless a parameter is annotated `int`, `float` or
`bool`). A wrong call raises MacroCallError with the way to write it, never a TypeError."""
from __future__ import annotations

import functools
import inspect

import jinja2

from .errors import MacroCallError

_KINDS = {str: "text in quotes", int: "a whole number", float: "a number", bool: "true or false"}


def checked(usage: str):
    """Decorator for a macro; `usage` shows how to call it, e.g. 'term("antigen-escape")'."""

    def wrap(fn):
        signature = inspect.signature(fn, eval_str=True)

        @functools.wraps(fn)
        def call(*args, **kwargs):
            check_call(fn.__name__, signature, usage, args, kwargs)
            return fn(*args, **kwargs)

        return call

    return wrap


def check_call(name: str, signature: inspect.Signature, usage: str, args: tuple, kwargs: dict) -> None:
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError:
        given = ", ".join([repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()])
        raise MacroCallError(f"{name}({given}) is not a call this macro understands: write {usage}") from None
    for param, value in bound.arguments.items():
        p = signature.parameters[param]
        kind = p.annotation if p.annotation in _KINDS else str
        for v in (value if p.kind is inspect.Parameter.VAR_POSITIONAL else (value,)):
            if isinstance(v, jinja2.Undefined):
                str(v)  # a name the page never defined: Jinja's own error names it
            if v is None or (isinstance(v, kind) and not (kind is not bool and isinstance(v, bool))):
                continue
            if kind is float and isinstance(v, int) and not isinstance(v, bool):
                continue
            raise MacroCallError(f"{name}(): {v!r} is not {_KINDS[kind]}: write {usage}")
