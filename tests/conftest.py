"""Shared fixtures: the shipped data folder, and a small hand-made data folder for unit tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from debateprep import load_data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(autouse=True)
def english():
    """Unit tests read the interface in English, the catalog's source language, unless they
    switch (the Dutch edition has tests of its own); the language is reset after each test."""
    from debateprep import i18n
    i18n.use("en")
    yield
    i18n.use("en")


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A writable copy of the small fixture data set."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def mini():
    """The small fixture data set, loaded."""
    return load_data(MINI)


@pytest.fixture(scope="session")
def shipped():
    """The workbook's own data, loaded."""
    return load_data(DATA)


def append_row(path: Path, row: str) -> int:
    """Append one raw CSV line to path; return its line number."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + row + "\n", encoding="utf-8")
    return text.count("\n") + 1


def write_rows(path: Path, rows: list[dict]) -> None:
    """Write rows (dicts with the same keys) back to a CSV file as the data files are written."""
    import csv
    import io
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def replace_in(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of old in path; return the line number it was on."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:at].count("\n") + 1
