"""Read YAML files and turn schema failures into DataErrors that name file, entry and field."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import DataError

M = TypeVar("M", bound=BaseModel)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")


def plain_text(value: str) -> str:
    """Validator for plain-text fields: no HTML tags (text such as '<2 lines' is fine)."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    tag = _TAG.search(value)
    if tag:
        raise ValueError(f"contains an HTML tag {tag.group(0)[:40]!r}; write plain text only")
    if not value:
        raise ValueError("must not be empty")
    return value


def read_yaml(path: Path) -> Any:
    """Parse a YAML file; a syntax error names the file, line and column."""
    name = path.name
    if not path.exists():
        raise DataError(name, "file does not exist")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise DataError(name, f"is not valid UTF-8 text ({e.reason})") from None
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = "YAML syntax error: " + " ".join(x for x in (e.context, e.problem) if x)
        raise DataError(name, problem, line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None) from None
    except yaml.YAMLError as e:
        raise DataError(name, f"YAML syntax error: {e}") from None


def validate(model: type[M], raw: Any, file: str, list_key: str) -> M:
    """Validate raw YAML data against a pydantic model.

    `list_key` is the top-level list whose items have ids (e.g. 'terms'), so that an
    error at ('terms', 4, 'definition') is reported as entry '<id of item 4>'.
    """
    if not isinstance(raw, dict):
        raise DataError(file, f"must be a mapping with a '{list_key}' list at the top level")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = [_to_data_error(err, raw, file) for err in exc.errors()]
        from .errors import DataErrors
        if len(errors) == 1:
            raise errors[0] from None
        raise DataErrors(errors) from None


def _to_data_error(err: dict, raw: dict, file: str) -> DataError:
    loc = list(err["loc"])
    entry = None
    field_parts: list[str] = []
    node: Any = raw
    i = 0
    # Walk the location; the last item with an 'id' on the way is the entry.
    while i < len(loc):
        key = loc[i]
        # A tagged union (decision-tree nodes) puts the tag value into the location: skip it.
        if isinstance(node, dict) and node.get("kind") == key and i + 1 < len(loc):
            i += 1
            continue
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            field_parts.extend(str(k) for k in loc[i:])
            break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            entry = node["id"]
            field_parts = []
        elif isinstance(node, dict) and entry is None and isinstance(key, int):
            entry = f"{loc[i - 1]}[{key}]" if i else f"[{key}]"
            field_parts = []
        else:
            field_parts.append(str(key) if not isinstance(key, int) else f"[{key}]")
        i += 1
    field = ".".join(field_parts).replace(".[", "[") or None
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown field (misspelt?); allowed fields are listed in the JSON Schema in schemas/"
    elif err["type"] == "missing":
        msg = "required field is missing"
    elif msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    elif err["type"] == "string_type" and isinstance(err.get("input"), bool):
        msg = 'YAML read this as true/false: put the text in quotes, for example "Yes"'
    elif err["type"] == "string_pattern_mismatch":
        msg = (f"{err.get('input')!r} is not a valid id: use lowercase letters, digits and "
               "hyphens, e.g. 'antigen-escape'")
    return DataError(file, msg, entry=entry, field=field)


def index_by_id(items, file: str, what: str, taken: dict | None = None) -> dict:
    """Items keyed by id; a repeated id (also one already in `taken`) is a DataError."""
    out: dict = {}
    for item in items:
        if item.id in out or (taken and item.id in taken):
            raise DataError(file, f"duplicate id: each {what} needs its own id", entry=item.id, field="id")
        out[item.id] = item
    return out
