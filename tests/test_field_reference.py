"""FIELDS.md is generated from the models' field descriptions and is current; the same
descriptions reach the JSON Schemas; every field of the described models has one."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from typing import Optional, Union

from pydantic import BaseModel, Field

from conftest import ROOT


def _generator():
    spec = importlib.util.spec_from_file_location("write_field_reference", ROOT / "scripts" / "write_field_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()


def test_field_reference_is_current_and_linked_from_editing_md():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "write_field_reference.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout
    assert "(FIELDS.md)" in (ROOT / "EDITING.md").read_text(encoding="utf-8")


def test_every_field_of_the_described_models_has_a_description():
    from macros.glossary import Term
    from macros.pages import FrontMatter
    from macros.sources import Source
    assert {Term, Source, FrontMatter} <= set(gen.DESCRIBED_MODELS)
    assert [f for m in gen.DESCRIBED_MODELS for f in gen.undocumented_fields(m)] == []


def test_a_field_without_a_description_is_found():
    class Half(BaseModel):
        said: str = Field(description="A described field.")
        unsaid: int = 0

    assert gen.undocumented_fields(Half) == ["Half.unsaid"]


def test_descriptions_in_the_json_schemas_are_the_models_descriptions():
    from macros.glossary import Term
    from macros.sources import Source
    for name, model in [("glossary", Term), ("sources", Source)]:
        schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text())
        props = schema["$defs"][model.__name__]["properties"]
        for field, info in model.model_fields.items():
            assert props[field]["description"] == info.description, (name, field)


def test_the_generator_documents_any_model_nested_in_lists_unions_and_optionals():
    class Leaf(BaseModel):
        colour: str = Field(description="Leaf colour.")

    class Branch(BaseModel):
        leaves: list[Leaf] = Field(description="The leaves.")

    class Other(BaseModel):
        note: Optional[str] = Field(None, description="A note.")

    class Tree(BaseModel):
        parts: list[Union[Branch, Other]] = Field(description="Branches or notes.")

    schema = Tree.model_json_schema()
    text = "\n".join(gen.table(schema, schema["$defs"]) + [
        line for sub in schema["$defs"].values() for line in gen.table(sub, schema["$defs"])])
    assert "list of [Branch](#branch) or [Other](#other)" in text
    assert "| `colour` | text | yes | Leaf colour. |" in text
    assert "| `note` | text | no | A note. |" in text
