"""Check the values a page passes to a macro before it runs: how many, and that each is text
in quotes. A wrong call raises MacroCallError with the way to write it, never a TypeError."""
from __future__ import annotations

import functools
import inspect

import jinja2

from .errors import MacroCallError


def checked(usage: str):
    """Decorator for a macro whose parameters are all text; `usage` shows how to call it."""

    def wrap(fn):
        signature = inspect.signature(fn)

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
        kind = signature.parameters[param].kind
        for v in (value if kind is inspect.Parameter.VAR_POSITIONAL else (value,)):
            if isinstance(v, jinja2.Undefined):
                str(v)  # a name the page never defined: Jinja's own error names it
            if v is not None and not isinstance(v, str):
                raise MacroCallError(f"{name}(): {v!r} is not text in quotes: write {usage}")
