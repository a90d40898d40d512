"""`brief.json` and its JSON Schema (`storyline.brief/1`).

The schema is generated from `storyline.model.Brief` and shipped as
`storyline/schema/brief.schema.json`; regenerate it after changing the model with
`python -m storyline.report.json_out --write-schema`.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from pathlib import Path
from typing import Any

from storyline.model import SCHEMA_ID, Brief

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DOC_ID = f"urn:{SCHEMA_ID.replace('/', ':')}"  # "urn:storyline.brief:1"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "brief.schema.json"


def _dumps(data: Any) -> str:
    """The one JSON layout Storyline writes: indent 2, UTF-8 as is, trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def brief_to_json(brief: Brief) -> str:
    """Serialise a brief to `brief.json` text; the same brief always gives the same bytes.

    pydantic writes it in `_dumps`'s layout, in compiled code (`json.dumps` with an indent
    runs in Python, record by record). The two differ only in a float under 1e-4, written
    "0.00001" here and "1e-05" by `json.dumps`: both valid JSON, read back the same."""
    return brief.model_dump_json(indent=2, by_alias=True) + "\n"


def brief_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of `brief.json`, generated from `Brief`."""
    generated = Brief.model_json_schema(by_alias=True, mode="serialization")
    # Put the identifying keys first so the shipped file reads well from the top.
    head = {"$schema": SCHEMA_URI, "$id": SCHEMA_DOC_ID, "title": f"Storyline brief ({SCHEMA_ID})"}
    return head | {k: v for k, v in generated.items() if k not in head}


def schema_to_json() -> str:
    """The schema as the text shipped in `brief.schema.json`."""
    return _dumps(brief_schema())


def shipped_schema() -> dict[str, Any]:
    """The schema file shipped with the package (what users validate against)."""
    text = resources.files("storyline").joinpath("schema/brief.schema.json").read_text("utf-8")
    return json.loads(text)


def write_schema(path: Path = SCHEMA_FILE) -> Path:
    """Regenerate the shipped schema file from the model."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_to_json(), encoding="utf-8", newline="\n")
    return path


def main(argv: list[str] | None = None) -> int:
    """`python -m storyline.report.json_out --write-schema [PATH]`; without a flag, print it."""
    parser = argparse.ArgumentParser(prog="python -m storyline.report.json_out")
    parser.add_argument("--write-schema", nargs="?", const=str(SCHEMA_FILE), metavar="PATH",
                        help=f"write the JSON Schema (default: {SCHEMA_FILE})")
    args = parser.parse_args(argv)
    if args.write_schema:
        print(write_schema(Path(args.write_schema)))
    else:
        print(schema_to_json(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
