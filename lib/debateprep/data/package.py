"""The curated data as a Frictionless data package: `data/datapackage.json`.

Others can read the record with their own tools (`frictionless validate data/datapackage.json`,
or any Data Package reader): every table with its fields, types, required values, allowed
values, primary key and foreign keys, described from the project's one schema
(`debateprep.data.schema`), so the two cannot drift apart (a test compares them).
`python -m debateprep.data.package` rewrites the file after a change to the schema.
The project's own validator, with its FILE:LINE: column messages, stays the first check.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from debateprep.data.schema import TABLES, Column, Table

NAME = "debateprep-russia-policy"


def field(column: Column) -> dict:
    """A Table Schema field for one column."""
    kinds = {"date": "date", "int": "integer", "number": "number"}
    spec: dict = {"name": column.name, "type": kinds.get(column.kind, "string")}
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.choices and column.kind not in ("refs", "list"):
        constraints["enum"] = list(column.choices)
    if column.max_length:
        constraints["maxLength"] = column.max_length
    if column.minimum is not None:
        constraints["minimum"] = column.minimum if column.kind == "number" else int(column.minimum)
    if column.maximum is not None:
        constraints["maximum"] = column.maximum if column.kind == "number" else int(column.maximum)
    if column.kind == "id":
        constraints["pattern"] = "[a-z0-9][a-z0-9-]*"
    if column.kind == "url":
        spec["format"] = "uri"
    if constraints:
        spec["constraints"] = constraints
    if column.kind in ("refs", "list"):
        spec["description"] = "several values, separated by ';'"
    if column.translates:
        spec["description"] = f"the Dutch of column '{column.translates}'"
    return spec


def resource(table: Table) -> dict:
    """A tabular data resource for one table."""
    schema: dict = {"fields": [field(c) for c in table.columns],
                    "primaryKey": list(table.key), "missingValues": [""]}
    keys = [{"fields": c.name, "reference": {"resource": c.ref.split(".")[0],
                                             "fields": c.ref.split(".")[1]}}
            for c in table.columns if c.kind == "ref"]
    if keys:
        schema["foreignKeys"] = keys
    return {"name": table.name, "path": table.filename, "profile": "tabular-data-resource",
            "format": "csv", "encoding": "utf-8", "description": table.description,
            "schema": schema}


def describe() -> dict:
    """The whole data package."""
    return {"name": NAME, "title": "debateprep: the curated record of the Netherlands' Russia "
            "policy and the Tweede Kamer's debates on it",
            "profile": "tabular-data-package",
            "description": "Sourced, dated records: every row names its sources in "
                           "sources.csv; reader-facing text comes in English and Dutch (_nl).",
            "resources": [resource(t) for t in TABLES.values()]}


def text() -> str:
    """datapackage.json as written to the data folder."""
    return json.dumps(describe(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    """Write datapackage.json into the data folder given (default: the checkout's data/)."""
    from debateprep.data.paths import default_data_dir
    folder = Path(argv[0]) if argv else default_data_dir()
    (folder / "datapackage.json").write_text(text(), encoding="utf-8")
    print(f"wrote {folder / 'datapackage.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
