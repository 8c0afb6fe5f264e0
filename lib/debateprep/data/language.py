"""The data in the language of a brief: each reader-facing text column, in Dutch from its twin.

A column with a Dutch twin (`title` and `title_nl`, see `debateprep.data.schema`) is read in
the brief's language: for Dutch, the twin's text takes the column's place, so every chapter
reads `title` and gets the edition's words. The validator makes sure the twin is filled
wherever the column is. Source titles, names and codes have no twin: they stay as published.
Selection never depends on it: chapters pick rows by ids, dates, topics and actors.
"""
from __future__ import annotations

import dataclasses

from debateprep.data.loading import Data
from debateprep.data.schema import TABLES


def localized(data: Data, lang: str) -> Data:
    """data with every text column that has a twin in lang read from that twin. The English
    as curated stays beside it as `<column>_en` in every language, for the few places that
    pick rows by a curated value (a poll's group 'All respondents'), never by shown text."""
    suffix = f"_{lang}"
    tables = {}
    for name, table in TABLES.items():
        twins = [c for c in table.columns if c.translates and c.name.endswith("_nl")]
        frame = getattr(data, name)
        if not twins or not hasattr(frame, "columns"):
            continue
        frame = frame.copy()
        for twin in twins:
            if twin.translates in frame.columns:
                frame[f"{twin.translates}_en" if not twin.translates.endswith("_en")
                      else twin.translates] = frame[twin.translates]
            if lang != "en" and twin.name.endswith(suffix) and twin.name in frame.columns:
                frame[twin.translates] = frame[twin.name]
        tables[name] = frame
    return dataclasses.replace(data, **tables)
