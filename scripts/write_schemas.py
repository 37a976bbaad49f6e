"""Write the JSON Schema of each data file to schemas/, from the same pydantic models the
build validates with, so editors get completion and checks in their editor.

    python scripts/write_schemas.py          # write
    python scripts/write_schemas.py --check  # exit 1 if a schema is out of date
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.data_files import DATA_FILES  # noqa: E402  (the one list of data files)

from macros.reviews import ReviewRecord  # noqa: E402

SCHEMAS = {f.stem: f.model for f in DATA_FILES} | {"review": ReviewRecord}  # review: each file in reviews/


def schema_text(model, name: str) -> str:
    schema = model.model_json_schema()
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "title": f"{name}.yml of the After CAR T guide", **schema}
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for name, model in SCHEMAS.items():
        path = ROOT / "schemas" / f"{name}.schema.json"
        text = schema_text(model, name)
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(path.name)
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text)
    if stale:
        print("Out of date: " + ", ".join(stale) + ". Run: python scripts/write_schemas.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
