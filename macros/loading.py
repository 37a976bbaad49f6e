"""Read the data files and the pages' front matter, all through one YAML loader, and turn
schema failures into DataErrors that name file, entry and field.

The loader (StrictLoader) is PyYAML's SafeLoader with what an editor never means refused:
anchors and aliases (`&a`, `*a`, `<<:`; an "alias bomb" of a few lines expands to billions of
items and hangs any program that prints it), a key written twice in one mapping (the second
would silently replace the first), and nesting deeper than MAX_NESTING. Dates YAML accepts but
the calendar does not (2026-02-30) and dates with a time become BadDate values, so validation
reports them with the entry and field like any other wrong value.
"""
from __future__ import annotations

import calendar
import datetime as dt
import io
import pickle
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, StringConstraints, ValidationError

from . import build_cache
from .errors import DataError, DataErrors, raise_all

M = TypeVar("M", bound=BaseModel)

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_NESTING = 20
# Limits for text fields, in characters (each field type below states which it uses). The
# longest real values: a name or title 88 (figures.yml group), a sentence 276 (a cancer's
# outlook claim), a web address 175, a source's note 761, an id 42.
NAME_MAX = 150
TEXT_MAX = 600
NOTE_MAX = 2000
URL_MAX = 500
ID_MAX = 80
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
# Characters that are invisible or change how the text around them is displayed, refused in
# every file: C0 and C1 control characters other than tab and newline (\x02/\x03 would also
# collide with Python-Markdown's own placeholders); the soft hyphen; bidirectional controls
# (U+061C, U+200E/F, U+202A-E, U+2066-9: a right-to-left override makes "4.001" display as
# "100.4"); zero-width spaces and joiners, the word joiner and invisible operators
# (U+200B-D, U+2060-4); line and paragraph separators (U+2028/9); the byte order mark inside
# the text (U+FEFF); Hangul and Khmer fillers, the combining grapheme joiner, Mongolian and
# other variation selectors, interlinear annotation and tag characters; private-use characters
# (no agreed look: each font draws its own, or nothing), lone surrogates and noncharacters (not
# text at all; a quoted "\\ud800" would stop the pages being written). The guide is written in
# English, which needs none of them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
                      "\u180b-\u180f\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\u3164"
                      "\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0000-\U000e007f"
                      "\U000e0100-\U000e01ef\ud800-\uf8ff\ufdd0-\ufdef\ufffe\uffff\U000f0000-\U0010ffff]")
_DATE_TEXT = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}\s*$")
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


# ---------------------------------------------------------------- reading text

def read_text(path: Path, name: str) -> str:
    """A file's text, or a DataError naming the line of a byte that is not UTF-8 or of an
    invisible control character. Line ends are normalised as MkDocs reads pages."""
    if not path.is_file():
        raise DataError(name, "file does not exist")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataError(name, f"is not UTF-8 text: the byte {data[e.start:e.start + 1].hex(' ').upper()!r} "
                        "cannot be read; save the file as UTF-8 (most editors offer this under "
                        "'Save with encoding')", line=line) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_control_characters(text, name)
    return text


# Allowed, because a language or emoji needs them: U+200C ZERO WIDTH NON-JOINER (Persian and the
# Indic scripts), the variation selectors U+FE00-FE0F (an emoji's look), and U+200D ZERO WIDTH
# JOINER between two emoji (it joins emoji sequences); a joiner anywhere else is refused.
_JOINER = "\u200d"


def _emoji_side(ch: str) -> bool:
    return bool(ch) and (unicodedata.category(ch) == "So" or ch == "\ufe0f" or 0x1F3FB <= ord(ch) <= 0x1F3FF)


def first_hidden(text: str) -> tuple[int, str] | None:
    """(index, character) of the first character that is invisible or changes how the text
    around it is displayed (_CONTROL, or a joiner not between two emoji), or None."""
    m = _CONTROL.search(text)
    found = (m.start(), m.group()) if m else None
    at = text.find(_JOINER)
    while at >= 0 and (found is None or at < found[0]):
        if not (_emoji_side(text[at - 1:at]) and _emoji_side(text[at + 1:at + 2])):
            return at, _JOINER
        at = text.find(_JOINER, at + 1)
    return found


def check_control_characters(text: str, name: str, first_line: int = 1) -> None:
    found = first_hidden(text)
    if found:
        at, ch = found
        line = text.count("\n", 0, at)
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise DataError(name, hidden_character_problem(ch), line=line + first_line, column=column)


def describe_character(ch: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE' (the code point and, where Unicode gives one, its name)."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def hidden_character_problem(ch: str) -> str:
    if unicodedata.category(ch) in ("Cs", "Co", "Cn"):
        return (f"contains {describe_character(ch)}, a private-use character, a lone surrogate or a noncharacter: "
                "it has no agreed look and is not plain text; delete it (an escape such as \\u... in quotes "
                "writes it)")
    if unicodedata.category(ch) == "Cc":
        return (f"contains an invisible control character ({describe_character(ch)}), often pasted from "
                "another program; delete it")
    what = ("changes the direction in which the text around it is displayed, so readers would see "
            "something other than what is written" if unicodedata.bidirectional(ch) in
            ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", "LRM", "RLM", "ALM")
            else "is invisible, so text that looks the same would not match in search or in the glossary")
    return f"contains the character {describe_character(ch)}, which {what}; delete it (it is often pasted from another program)"


# ---------------------------------------------------------------- the YAML loader

class BadDate:
    """A date YAML recognised but that cannot be used; `problem` says why in plain words."""

    def __init__(self, text: str, problem: str):
        self.text, self.problem = text, problem

    def __repr__(self) -> str:
        return self.text


class _Refused(yaml.MarkedYAMLError):
    def __init__(self, mark, problem: str, entry: str | None = None, field: str | None = None):
        super().__init__(problem=problem, problem_mark=mark)
        self.entry, self.field = entry, field


class _StrictRules:
    """What StrictLoader refuses, on top of PyYAML's composer and safe constructor."""
    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        tag = getattr(event, "tag", None)
        if tag is not None and not isinstance(event, yaml.AliasEvent):
            entry = _entry_id(parent) if isinstance(parent, yaml.MappingNode) else None
            field = index.value if isinstance(index, yaml.ScalarNode) else None
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(event.start_mark, f"uses a YAML tag ({shown}), which this site does not allow: "
                           "write the value without it (put text in quotes)", entry=entry, field=field)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            entry = _entry_id(parent) if isinstance(parent, yaml.MappingNode) else None
            field = index.value if isinstance(index, yaml.ScalarNode) else None
            what = (f"an alias (*{event.anchor})" if isinstance(event, yaml.AliasEvent)
                    else f"an anchor (&{event.anchor})")
            raise _Refused(event.start_mark, f"uses {what}, which this site does not allow: write each "
                           "value out in full", entry=entry, field=field)
        self._depth += 1
        try:
            if self._depth > MAX_NESTING:
                raise _Refused(event.start_mark, f"is nested more than {MAX_NESTING} levels deep "
                               "(too many brackets or indents inside each other)")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            entry = _entry_id(node)
            seen: set = set()
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise _Refused(key_node.start_mark, "uses a merge key (<<), which this site does not "
                                   "allow: write each field out", entry=entry)
                key = self.construct_object(key_node, deep=deep)
                try:
                    repeated = key in seen
                except TypeError:  # an unhashable key: the SafeLoader reports it below
                    continue
                if repeated:
                    raise _Refused(key_node.start_mark, "is written twice in one entry; the second would "
                                   "silently replace the first: keep one", entry=entry, field=str(key))
                seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # Python reads at most 4,300 digits from text
            digits = sum(c.isdigit() for c in node.value)
            raise _Refused(node.start_mark, f"is a number with {digits} digits, more than any value in this "
                           "site needs: check it (put it in quotes if it is text)") from None

    def construct_yaml_timestamp(self, node):
        try:
            value = super().construct_yaml_timestamp(node)
        except ValueError:
            return BadDate(node.value, _impossible_date(node.value))
        if isinstance(value, dt.datetime):
            return BadDate(node.value, f"{node.value!r} has a time of day; write the date only, as YYYY-MM-DD")
        return value


class StrictLoader(_StrictRules, yaml.SafeLoader):
    """SafeLoader without anchors, aliases, merge keys, repeated keys or deep nesting (pure
    Python: every message about a mistake comes from here)."""


if yaml.__with_libyaml__:
    class FastStrictLoader(_StrictRules, yaml.composer.Composer, yaml.constructor.SafeConstructor,
                           yaml.resolver.Resolver, yaml.cyaml.CParser):
        """The same rules over libyaml's parser (about 10 times quicker to read): libyaml reads
        the text into events, PyYAML's own composer and constructor build the values from them,
        so every rule above applies with the same lines and columns. A file with a mistake is
        read again with StrictLoader (parse_yaml), so messages are word for word the same."""

        def __init__(self, stream):
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # PyYAML built without libyaml: the pure-Python loader does it all
    FastStrictLoader = StrictLoader

for _loader in {StrictLoader, FastStrictLoader}:
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _StrictRules.construct_yaml_timestamp)
    _loader.add_constructor("tag:yaml.org,2002:int", _StrictRules.construct_yaml_int)


def _entry_id(node) -> str | None:
    for key_node, value_node in node.value:
        if getattr(key_node, "value", None) == "id" and isinstance(value_node, yaml.ScalarNode):
            return value_node.value
    return None


def _impossible_date(text: str) -> str:
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    year, month, day = (int(x) for x in m.groups())
    if not 1 <= month <= 12:
        return f"{text!r} is not a real date: there is no month {month} (write YYYY-MM-DD)"
    days = calendar.monthrange(year, month)[1]
    return (f"{text!r} is not a real date: {calendar.month_name[month]} {year} has {days} days, "
            f"not {day} (write YYYY-MM-DD)")


# What a text read without a mistake gave, kept between builds (macros/build_cache.py: .cache/yaml/),
# named by the text and this file's code: PyYAML builds the values in pure Python (about 0.2 s of
# CPU a build for the data files, the reviews and the front matter), unpickling them takes a
# hundredth of that. A text with a mistake is never kept, so its message comes from the loader.
YAML_CACHE_FOLDER = build_cache.FOLDER / "yaml"
_LOADER_CODE = build_cache.code_digest(__file__)  # this file as loaded: the rules above


class _KeptValues(pickle.Unpickler):
    """Unpickles only what the loader makes: plain values, dates and BadDate (no other class)."""
    ALLOWED = {("datetime", "date"), (__name__, "BadDate")}

    def find_class(self, module: str, name: str):
        if (module, name) not in self.ALLOWED:
            raise pickle.UnpicklingError(f"a kept YAML value may not hold {module}.{name}")
        return super().find_class(module, name)


def kept_values(data: bytes) -> Any:
    """The values pickled in `data` (pickle.UnpicklingError and others for bytes that are not)."""
    return _KeptValues(io.BytesIO(data)).load()


def yaml_cache_name(text: str) -> str:
    """The kept file for a text: named by the text, the loader's code and PyYAML's version."""
    return f"{build_cache.key(_LOADER_CODE, yaml.__version__, yaml.__with_libyaml__, text)}.pickle"


def parse_yaml(text: str, name: str, first_line: int = 1, folder: Path | None = YAML_CACHE_FOLDER) -> Any:
    """Parse YAML text with StrictLoader's rules; a mistake names the file, line and column
    (counted from `first_line`, so front matter errors give the line in the page). The values
    of a text read before come from `folder` (the cache above); the caller gets its own copy."""
    made, read = [], []

    def make() -> bytes:
        made.append(_parse_yaml_now(text, name, first_line))
        return pickle.dumps(made[0], protocol=pickle.HIGHEST_PROTOCOL)

    def whole(data: bytes) -> bool:
        try:
            read.append(kept_values(data))
        except Exception:  # noqa: BLE001 - cut short or not ours: read the text again
            return False
        return True

    data = build_cache.cached(folder, yaml_cache_name(text), make, whole)
    return made[0] if made else read[0] if read else kept_values(data)


def _parse_yaml_now(text: str, name: str, first_line: int = 1) -> Any:
    """parse_yaml without the cache: libyaml reads it (FastStrictLoader); only a text it cannot
    read is read again in pure Python, for the message."""
    try:
        loader = FastStrictLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except Exception:  # noqa: BLE001 - any mistake: read again below, for its message
        pass
    return _parse_yaml_slowly(text, name, first_line)


def _parse_yaml_slowly(text: str, name: str, first_line: int = 1) -> Any:
    try:
        loader = StrictLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except _Refused as e:
        mark = e.problem_mark
        raise DataError(name, e.problem, entry=e.entry, field=e.field, line=mark.line + first_line,
                        column=mark.column + 1) from None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = "YAML syntax error: " + " ".join(x for x in (e.context, e.problem) if x)
        raise DataError(name, problem, line=mark.line + first_line if mark else None,
                        column=mark.column + 1 if mark else None) from None
    except yaml.YAMLError as e:
        raise DataError(name, f"YAML syntax error: {e}") from None
    except RecursionError:
        raise DataError(name, "is nested too deeply to read (too many brackets inside each other)") from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as e:
        # A value PyYAML recognised but could not build; the loader refuses the known ones
        # (tags, over-long numbers) with their line, so this is a last resort.
        raise DataError(name, f"has a value that cannot be read ({type(e).__name__}: {str(e)[:200]}); "
                        "check the values changed last") from None


def read_yaml(path: Path) -> Any:
    """Read and parse one data file."""
    return parse_yaml(read_text(path, path.name), path.name)


# ---------------------------------------------------------------- field types

def plain_text(value: str) -> str:
    """Validator for plain-text fields: no HTML tags (text such as '<2 lines' is fine)."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    tag = _TAG.search(value)
    if tag:
        raise ValueError(f"contains an HTML tag {tag.group(0)[:40]!r}; write plain text only")
    hidden = first_hidden(value)
    if hidden:
        raise ValueError(hidden_character_problem(hidden[1]))
    if "\n" in value:
        raise ValueError("has a line break (a '|' block, or a blank line inside the text): write it as one "
                         "line; a line break would show as a new paragraph, a list item or a code block")
    if not value:
        raise ValueError("must not be empty")
    return value


def plain_line(value: str) -> str:
    """Validator for text the templates print into HTML attributes and the page head (front
    matter title, description, tags): plain text without < > or double quotes."""
    if not isinstance(value, str):
        return value
    value = value.strip()
    for ch, name in (("<", "<"), (">", ">"), ('"', 'a double quote (")')):
        if ch in value:
            raise ValueError(f"contains {name}; write plain text without < > or \" "
                             "(use 'less than', or single quotes ' instead)")
    hidden = first_hidden(value)
    if hidden:
        raise ValueError(hidden_character_problem(hidden[1]))
    if "\n" in value:
        raise ValueError("contains a line break; write one line of plain text")
    if not value:
        raise ValueError("must not be empty")
    return value


def no_script_url(value: str) -> str:
    """Validator for web addresses: a javascript:, vbscript: or data: address would run code
    or show hidden content instead of opening a page."""
    m = _SCRIPT_URL.match(value) if isinstance(value, str) else None
    if m:
        raise ValueError(f"is a {m.group(1).lower()}: address, which could run code in the reader's "
                         "browser; give a web address starting with https://")
    return value


def real_date(value: Any) -> Any:
    """Validator for dates: explain a BadDate, a date with a time, or a date in quotes."""
    if isinstance(value, BadDate):
        raise ValueError(value.problem)
    if isinstance(value, dt.datetime):
        raise ValueError("has a time of day; write the date only, as YYYY-MM-DD")
    if isinstance(value, str) and _DATE_TEXT.match(value):
        raise ValueError(f"'{value.strip()}' is in quotes, so YAML reads it as text, not a date: "
                         "remove the quotes")
    if isinstance(value, str):
        raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD, for example 2026-11-23")
    return value


def one_script(value: str) -> str:
    """Validator for names matched in pages (glossary terms and aliases): each word's letters from
    one alphabet. A Cyrillic 'а' in 'relаpse' looks the same but never matches 'relapse'."""
    problem = mixed_script_problem(value) if isinstance(value, str) else None
    if problem:
        raise ValueError(problem)
    return value


def _script(ch: str) -> str:
    return unicodedata.name(ch, "?").split()[0]


def mixed_script_problem(text: str) -> str | None:
    """Why a word of `text` mixes letters of two alphabets (naming the odd letter), or None."""
    for m in re.finditer(r"[^\W\d_]+", text):
        word = m.group()
        scripts: dict[str, list[int]] = {}
        for i, ch in enumerate(word):
            scripts.setdefault(_script(ch), []).append(i)
        if len(scripts) > 1:
            main = max(scripts, key=lambda s: (len(scripts[s]), s == "LATIN"))
            odd = next(s for s in scripts if s != main)
            i = scripts[odd][0]
            return (f"the word {word!r} mixes alphabets: its letter {word[i]!r} ({describe_character(word[i])}, "
                    f"position {i + 1}) looks like a {main.title()} letter but is not one; type the word again")
    return None


def text_type(max_chars: int, *validators) -> Any:
    """A one-line plain-text field of at most `max_chars` characters (the length is checked first,
    so a megabyte of text is refused before anything else reads it)."""
    return Annotated[str, StringConstraints(max_length=max_chars), AfterValidator(plain_text),
                     *[AfterValidator(v) for v in validators]]


Text = text_type(TEXT_MAX)          # a sentence or two
Name = text_type(NAME_MAX)          # a name, title, label or short phrase
Note = text_type(NOTE_MAX)          # a note for editors
Line = Annotated[str, AfterValidator(plain_line)]
Id = Annotated[str, Field(pattern=SLUG, max_length=ID_MAX)]
Date = Annotated[dt.date, BeforeValidator(real_date)]


# ---------------------------------------------------------------- validation

def validate(model: type[M], raw: Any, file: str, list_key: str | None = None) -> M:
    """Validate raw YAML data against a pydantic model; every problem is reported at once.

    `list_key` is the top-level list whose items have ids (e.g. 'terms'), so that an
    error at ('terms', 4, 'definition') is reported as entry '<id of item 4>'.
    """
    if not isinstance(raw, dict):
        shape = f"a mapping with a '{list_key}' list at the top level" if list_key else "a mapping of fields (name: value)"
        raise DataError(file, f"must be {shape}")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = [_to_data_error(err, raw, file) for err in exc.errors()]
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
    return DataError(file, _plain_message(err), entry=entry, field=field)


def _plain_message(err: dict) -> str:
    """Pydantic's message in words an editor can act on."""
    msg, kind, value = err["msg"], err["type"], err.get("input")
    if isinstance(value, BadDate):
        return value.problem
    if kind == "extra_forbidden":
        return "unknown field (misspelt?); the allowed fields are listed in FIELDS.md"
    if kind == "missing":
        return "required field is missing"
    if msg.startswith("Value error, "):
        return msg[len("Value error, "):]
    if kind == "string_unicode" and isinstance(value, str):
        bad = next((c for c in value if 0xD800 <= ord(c) <= 0xDFFF), None)
        if bad:
            return hidden_character_problem(bad)
    if kind == "string_type" and isinstance(value, bool):
        return 'YAML read this as true/false: put the text in quotes, for example "Yes"'
    if kind == "string_type" and isinstance(value, (dt.date, int, float)):
        what = "a date" if isinstance(value, dt.date) else "a number"
        return f"YAML read {value} as {what}, not text: put it in quotes"
    if kind == "string_type" and isinstance(value, (dict, list)):
        return "must be plain text, not a list or a set of fields"
    if kind in ("string_too_long", "too_long") and isinstance(value, str):
        return f"is {len(value)} characters long; keep it to {err['ctx']['max_length']} characters or fewer"
    if kind == "too_long" and isinstance(value, (list, dict)):
        most = err["ctx"]["max_length"]
        return f"has {len(value)} items; at most {most} item{'s' if most != 1 else ''} allowed"
    if kind == "too_short" and isinstance(value, (list, dict)):
        return f"has {len(value)} items; give at least {err['ctx']['min_length']}"
    if kind == "list_type":
        return "must be a list, for example [first, second] (or one '- item' per line)"
    if kind == "int_type" and isinstance(value, bool):
        return ("YAML read this as true/false (it does so for yes, no, on, off, true and false), not a "
                "number: write the number in digits")
    if kind == "int_type" and isinstance(value, float):
        return f"{value} is not a whole number: write it in digits without a decimal point"
    if kind == "int_type" and isinstance(value, str):
        return f"{value!r} is text, not a number: write the number in digits without quotes"
    if kind == "bool_type":
        return f"{value!r} must be true or false (without quotes)"
    if kind == "string_pattern_mismatch":
        return pattern_problem(err["ctx"]["pattern"], value)
    return msg


# What each pattern of a field expects, in words: a mismatch says what the field expects.
PATTERN_EXPECTS: dict[str, str] = {
    SLUG: "a valid id: use lowercase letters a-z, digits and single hyphens, e.g. 'antigen-escape'",
}


def pattern(regex: str, expects: str) -> str:
    """Register what a field's pattern expects (e.g. 'a dial string: ...'); returns the pattern."""
    PATTERN_EXPECTS[regex] = expects
    return regex


def pattern_problem(regex: str, value: Any) -> str:
    expects = PATTERN_EXPECTS.get(regex, f"in the expected form (the pattern {regex})")
    out = f"{value!r} is not {expects}"
    if regex == SLUG and isinstance(value, str):
        odd = next((c for c in value if not (c.isascii() and (c.islower() or c.isdigit() or c == "-"))), None)
        if odd is not None:
            out += f" (the character {odd!r}, {describe_character(odd)}, is not one of them)"
    return out


def index_by_id(items, file: str, what: str, taken: dict | None = None) -> dict:
    """Items keyed by id; a repeated id (also one already in `taken`) is a DataError."""
    out: dict = {}
    errors = []
    for item in items:
        if item.id in out or (taken and item.id in taken):
            errors.append(DataError(file, f"duplicate id: each {what} needs its own id", entry=item.id, field="id"))
        else:
            out[item.id] = item
    raise_all(errors)
    return out
