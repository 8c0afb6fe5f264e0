"""The curated data as a Frictionless data package others can read: data/datapackage.json is
in step with the project's schema, and `frictionless validate` passes on it (and fails on a
broken copy, so the check can fail)."""
from __future__ import annotations

import json
import shutil

import pytest

from debateprep.data import package
from debateprep.data.schema import TABLES

from conftest import DATA, replace_in


def test_the_data_package_is_in_step_with_the_schema():
    committed = (DATA / "datapackage.json").read_text(encoding="utf-8")
    assert committed == package.text(), "run: python -m debateprep.data.package"
    described = json.loads(committed)
    assert [r["name"] for r in described["resources"]] == list(TABLES)
    for resource in described["resources"]:
        table = TABLES[resource["name"]]
        assert [f["name"] for f in resource["schema"]["fields"]] == [c.name for c in table.columns]
        assert resource["schema"]["primaryKey"] == list(table.key)


def validate(folder):
    from frictionless import validate as frictionless_validate
    return frictionless_validate(str(folder / "datapackage.json"))


def test_frictionless_validates_the_data_package():
    report = validate(DATA)
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type"])[:10]


@pytest.mark.parametrize("file, old, new, error", [
    ("motions.csv", ",2025-09-30-informal-european-summit,", ",2099-01-01-no-such-debate,",
     "foreign-key"),
    ("events.csv", ",day,", ",daily,", "constraint-error"),
])
def test_frictionless_catches_a_broken_copy(tmp_path, file, old, new, error):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    replace_in(copy / file, old, new)
    report = validate(copy)
    assert not report.valid
    kinds = {kind for kind, in report.flatten(["type"])}
    assert error in kinds, kinds
