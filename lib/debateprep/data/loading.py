"""Load the validated data files into typed pandas tables.

Notebooks call `load_data()`; it refuses invalid data with the validator's messages
(a `DataError`), so a user's mistake in a CSV file never ends in a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from debateprep.data.hashing import fingerprint
from debateprep.data.paths import DATA_ENV, default_data_dir  # noqa: F401 (re-exported)
from debateprep.errors import DataError
from debateprep.data.schema import TABLES, Table
from debateprep.data.validation import Checked, check_data

@dataclass(frozen=True)
class Data:
    """Every table of the workbook as a typed DataFrame, plus where it came from."""

    data_dir: Path
    fingerprint: str
    sources: pd.DataFrame
    topics: pd.DataFrame
    sessions: pd.DataFrame
    agenda: pd.DataFrame
    events: pd.DataFrame
    measures: pd.DataFrame
    polls: pd.DataFrame
    positions: pd.DataFrame
    government_lines: pd.DataFrame
    motions: pd.DataFrame
    parties: pd.DataFrame
    members: pd.DataFrame
    party_lines: pd.DataFrame
    votes: pd.DataFrame
    commitments: pd.DataFrame
    considerations: pd.DataFrame
    editorial: pd.DataFrame

    def table(self, name: str) -> pd.DataFrame:
        """The table called name (see debateprep.data.schema.TABLES)."""
        return getattr(self, name)


def to_frame(rows: list[tuple[int, dict[str, str]]], table: Table) -> pd.DataFrame:
    """Turn checked rows into a DataFrame with the schema's types and a 'line' column."""
    frame = pd.DataFrame([row for _, row in rows], columns=[c.name for c in table.columns])
    for col in table.columns:
        values = frame[col.name]
        if col.kind == "date":
            frame[col.name] = pd.to_datetime(values.replace("", None), format="%Y-%m-%d")
        elif col.kind == "int":
            frame[col.name] = pd.to_numeric(values.replace("", None)).astype("Int64")
        elif col.kind == "number":
            frame[col.name] = pd.to_numeric(values.replace("", None)).astype(float)
        elif col.kind in ("refs", "list"):
            frame[col.name] = [tuple(v.strip() for v in s.split(";")) if s else () for s in values]
    frame.insert(len(frame.columns), "line", [line for line, _ in rows])
    return frame


def load_checked(checked: Checked) -> Data:
    """Build a Data from an already checked folder; raise DataError if it had problems."""
    if not checked.ok:
        raise DataError(checked.problems)
    frames = {name: to_frame(checked.rows[name], table) for name, table in TABLES.items()}
    return Data(checked.data_dir, fingerprint(checked.data_dir), **frames)


_LOADED: dict[tuple[str, str], Data] = {}
"""The last folder loaded in this process, by its path and the hash of its files' contents."""


def load_data(data_dir: Path | str | None = None) -> Data:
    """Validate and load every data file in data_dir (default: `default_data_dir()`).

    A process that loads the same files again (a render's kernel runs several chapters, the
    explorer's kernel serves several visitors) gets a copy of the tables it loaded before,
    without validating them again: the key is the folder and a hash of every file's content,
    so an edited file is validated and loaded afresh."""
    folder = Path(data_dir) if data_dir else default_data_dir()
    key = (str(folder.resolve()), fingerprint(folder))
    loaded = _LOADED.get(key)
    if loaded is None:
        loaded = load_checked(check_data(folder))
        _LOADED.clear()
        _LOADED[key] = loaded
    return copied(loaded)


def copied(data: Data) -> Data:
    """data with a copy of each of its tables, which the caller may change at will."""
    return Data(data.data_dir, data.fingerprint,
                **{name: getattr(data, name).copy() for name in TABLES})
