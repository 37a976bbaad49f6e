"""Write FIELDS.md, the field reference for editors, from the same pydantic models the build
validates with: every field of each YAML file and of a page's front matter, its kind, whether
it is required, and its `Field(description=...)` (the text editors also see as completion help
from the JSON Schemas in schemas/).

    python scripts/write_field_reference.py          # write FIELDS.md
    python scripts/write_field_reference.py --check  # exit 1 if FIELDS.md is out of date or a
                                                     # model in DESCRIBED_MODELS lacks a description
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic import BaseModel  # noqa: E402

from macros.cancers import Approval, Cancer, CancersFile, Point, Product  # noqa: E402
from macros.changes import Change, ChangesFile  # noqa: E402
from macros.claims import Claim  # noqa: E402
from macros.data_files import DATA_FILES  # noqa: E402  (the one list of data files)
from macros.decision_tree import Choice, Option, Outcome, OutcomeOption, Question, TreeFile  # noqa: E402
from macros.figures import Figure, FiguresFile  # noqa: E402
from macros.get_help import GetHelpFile, HelpLine, Sign  # noqa: E402
from macros.glossary import GlossaryFile, Term  # noqa: E402
from macros.pages import FrontMatter, SearchSettings  # noqa: E402
from macros.questions import Item, QuestionsFile, Topic  # noqa: E402
from macros.reviews import Claim as ReviewClaim, ReviewRecord, Unchecked  # noqa: E402
from macros.site_config import Center, Colors, Reviewer  # noqa: E402
from macros.sources import Source, SourcesFile  # noqa: E402

OUTPUT = ROOT / "FIELDS.md"
# What FIELDS.md documents: (heading, where it is written, top-level model).
DOCUMENTED = [(f.name, f"`{f.name}`", f.model) for f in DATA_FILES] + [
    ("Front matter", "the lines between `---` at the top of every page in `docs/`", FrontMatter),
    ("extra.center", "a cancer center's overlay file (such as `examples/center/mkdocs.yml`), "
     "under `extra.center`; `make center` builds it", Center),
    ("reviews/", "one file per page review, `reviews/<page path under docs/>.yml` (EDITING.md, Review dates)",
     ReviewRecord),
]
# Models every field of which must have a description (checked by --check and the tests).
# Add a model here once its fields are described.
DESCRIBED_MODELS: tuple[type[BaseModel], ...] = (
    GlossaryFile, Term, SourcesFile, Source, FrontMatter, SearchSettings, Center, Colors, Reviewer,
    TreeFile, Option, Choice, Question, OutcomeOption, Outcome, Claim,
    CancersFile, Cancer, Product, Approval, Point, FiguresFile, Figure,
    GetHelpFile, Sign, HelpLine, QuestionsFile, Topic, Item, ChangesFile, Change, ReviewRecord, ReviewClaim, Unchecked)


def undocumented_fields(model: type[BaseModel]) -> list[str]:
    """'Model.field' for each field of `model` without a description."""
    return [f"{model.__name__}.{name}" for name, f in model.model_fields.items() if not (f.description or "").strip()]


def kind(prop: dict, defs: dict) -> str:
    """A JSON Schema property in words: 'text', 'list of Term', 'date (YYYY-MM-DD)', ..."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{defs[name].get('title', name)}](#{name.lower()})"
    if "anyOf" in prop:
        parts = [kind(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(parts)
    if "oneOf" in prop:
        return " or ".join(kind(p, defs) for p in prop["oneOf"])
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    t = prop.get("type")
    if t == "array":
        return "list of " + kind(prop.get("items", {}), defs)
    if t == "string":
        if prop.get("format") == "date":
            return "date (YYYY-MM-DD)"
        if prop.get("pattern") == "^[a-z0-9]+(?:-[a-z0-9]+)*$":
            return "id"
        return "text"
    return {"integer": "whole number", "number": "number", "boolean": "true or false"}.get(t, t or "any")


def limits(prop: dict) -> str:
    out = []
    for key, words in (("minItems", "at least {} item{s}"), ("maxItems", "at most {} item{s}"),
                       ("maxLength", "at most {} characters"), ("minimum", "at least {}"),
                       ("maximum", "at most {}"), ("exclusiveMinimum", "more than {}")):
        if key in prop:
            out.append(words.format(prop[key], s="" if prop[key] == 1 else "s"))
    for p in prop.get("anyOf", []):
        if p.get("type") != "null":
            out.append(limits(p))
    return "; ".join(x for x in out if x)


def table(schema: dict, defs: dict) -> list[str]:
    required = set(schema.get("required", []))
    rows = ["| field | kind | required | what it is |", "| --- | --- | --- | --- |"]
    for name, prop in schema.get("properties", {}).items():
        desc = " ".join(prop.get("description", "(not described yet)").split())
        extra = limits(prop)
        if extra:
            desc += f" ({extra})"
        desc = desc.replace("|", "&#124;").replace("<", "&lt;").replace(">", "&gt;")
        rows.append(f"| `{name}` | {kind(prop, defs)} | {'yes' if name in required else 'no'} | {desc} |")
    return rows


def reference() -> str:
    out = ["# Field reference", "",
           "<!-- Generated by scripts/write_field_reference.py from the pydantic models in macros/. "
           "Do not edit by hand: change a Field(description=...) and run the script. -->", "",
           "Every field the build accepts, with what it means. The build refuses unknown fields (a "
           "misspelt name is reported) and names the file, the entry and the field of any mistake. "
           "How to write pages and data: [EDITING.md](EDITING.md).", ""]
    for heading, where, model in DOCUMENTED:
        schema = model.model_json_schema()
        defs = schema.get("$defs", {})
        out += [f"## {heading}", "", f"Written in {where}." + (
            " " + " ".join(schema["description"].split()) if schema.get("description") else ""), ""]
        out += table(schema, defs) + [""]
        for name, sub in defs.items():
            if sub.get("type") != "object":
                continue
            out += [f'<a id="{name.lower()}"></a>', "", f"### {sub.get('title', name)} ({heading})", ""]
            if sub.get("description"):
                out += [" ".join(sub["description"].split()), ""]
            out += table(sub, defs) + [""]
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    check = "--check" in sys.argv
    missing = [f for m in DESCRIBED_MODELS for f in undocumented_fields(m)]
    if missing:
        print("Fields without a description (add Field(description=...)): " + ", ".join(missing))
        return 1
    text = reference()
    if check:
        if not OUTPUT.exists() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"Out of date: {OUTPUT.name}. Run: python scripts/write_field_reference.py")
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
