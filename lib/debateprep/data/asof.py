"""Strict as-of: the data as a reader on the as-of date could have known it.

A brief shows only records, and cites only sources, that were public on its as-of date. This
module cuts the whole data set down once, in `as_of_view`, before any chapter sees it:

- a source counts from its `date_published` (a source without one is never cited);
- a record counts from the date it became public (`PUBLIC_DATE`), and only while at least one
  of its sources had been published by then; its list of sources keeps just those;
- a vote result counts from its vote date: before it, the motion's outcome is 'unknown';
- editorial items count from the date they were written.

`record_dates` gives, for every id a chapter can show, the date it became public, so a test can
prove the rule from the ids a pack records (see `report.shown_record`) without reading text.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from debateprep.data.loading import Data
from debateprep.data.scope import PUBLIC_DATE, SOURCE_COLUMN, UNDATED_FROM_SOURCES  # see there


def default_as_of(session_date: dt.date) -> dt.date:
    """The day a brief is prepared: the day before the debate."""
    return session_date - dt.timedelta(days=1)


def published_sources(data: Data, as_of: dt.date) -> set[str]:
    """The ids of the sources published on or before as_of."""
    sources = data.sources
    known = sources["date_published"].notna() & (sources["date_published"] <= pd.Timestamp(as_of))
    return set(sources.loc[known, "source_id"])


def _cut(frame: pd.DataFrame, date_column: str, source_column: str, as_of: dt.date,
         known: set[str]) -> pd.DataFrame:
    """Rows public by as_of that keep at least one published source; sources trimmed."""
    dated = frame[date_column].notna() & (frame[date_column] <= pd.Timestamp(as_of))
    frame = frame[dated].copy()
    frame[source_column] = [tuple(s for s in ids if s in known) for ids in frame[source_column]]
    return frame.loc[[bool(ids) for ids in frame[source_column]]] if len(frame) else frame


def _motions(frame: pd.DataFrame, as_of: dt.date, known: set[str]) -> pd.DataFrame:
    """Motions with a vote after as_of, or withdrawn on a day not recorded: outcome not yet
    known (as far as the brief can tell)."""
    later = frame["vote_date"].notna() & (frame["vote_date"] > pd.Timestamp(as_of))
    later |= (frame["outcome"] == "withdrawn") & frame["vote_date"].isna()  # when: not known
    frame = frame.copy()
    frame.loc[later, "outcome"] = "unknown"
    frame.loc[later, "vote_date"] = pd.NaT
    # a report of the motion's execution: known once made and one of its documents is out
    frame["execution_source_ids"] = [tuple(s for s in ids if s in known)
                                     for ids in frame["execution_source_ids"]]
    unseen = frame["execution"].notna() & (
        later | (frame["execution_date"].notna() & (frame["execution_date"] > pd.Timestamp(as_of)))
        | (frame["execution_source_ids"].map(len) == 0))
    for column in ("execution", "execution_note"):
        frame.loc[unseen, column] = None
    frame.loc[unseen, "execution_date"] = pd.NaT
    frame.loc[unseen, "execution_source_ids"] = pd.Series(
        [()] * int(unseen.sum()), index=frame.index[unseen], dtype=object)
    return frame


def _commitments(frame: pd.DataFrame, as_of: dt.date, known: set[str]) -> pd.DataFrame:
    """Commitments as known on as_of: a change of status is known once it has happened and
    one of the documents that record it has been published (until then the commitment is
    still open), and only those documents are cited."""
    frame = frame.copy()
    frame["status_source_ids"] = [tuple(s for s in ids if s in known)
                                  for ids in frame["status_source_ids"]]
    changed = frame["status"].isin(["fulfilled", "withdrawn"])
    later = frame["status_date"].notna() & (frame["status_date"] > pd.Timestamp(as_of))
    unseen = changed & (later | (frame["status_source_ids"].map(len) == 0))
    frame.loc[unseen | later, "status"] = "open"
    frame.loc[unseen | later, "status_date"] = pd.NaT
    frame.loc[unseen | later, "status_source_ids"] = pd.Series(
        [()] * int((unseen | later).sum()), index=frame.index[unseen | later], dtype=object)
    return frame


def as_of_view(data: Data, as_of: dt.date, session_id: str | None = None) -> Data:
    """The data as known on as_of. The sessions table keeps the sessions held up to the
    briefed session (session_id) with their sources trimmed; topics stay (a vocabulary)."""
    known = published_sources(data, as_of)
    tables: dict[str, pd.DataFrame] = {
        "sources": data.sources[data.sources["source_id"].isin(known)],
    }
    for name in PUBLIC_DATE:
        frame = with_public_date(data, name).assign(_public=public_dates(data, name))
        tables[name] = _cut(frame, "_public", SOURCE_COLUMN.get(name, "source_ids"), as_of,
                            known).drop(columns="_public")
    parties = tables["parties"]
    tables["parties"] = parties[parties["end_date"].isna()
                                | (parties["end_date"] >= pd.Timestamp(as_of))]
    tables["motions"] = _motions(tables["motions"], as_of, known)
    tables["commitments"] = _commitments(tables["commitments"], as_of, known)
    sessions = data.sessions.copy()
    if session_id is not None:
        own = sessions.loc[sessions["session_id"] == session_id, "date"]
        limit = max(pd.Timestamp(as_of), own.iloc[0]) if len(own) else pd.Timestamp(as_of)
        sessions = sessions[sessions["date"] <= limit]
    sessions["source_ids"] = [tuple(s for s in ids if s in known) for ids in sessions["source_ids"]]
    tables["sessions"] = sessions
    return dataclasses.replace(data, **tables)


def with_public_date(data: Data, name: str) -> pd.DataFrame:
    """The table, with a session_date column for the tables dated by their debate."""
    frame = data.table(name)
    if PUBLIC_DATE[name] == "session_date":
        dates = dict(zip(data.sessions["session_id"], data.sessions["date"]))
        frame = frame.assign(session_date=[dates.get(s) for s in frame["session_id"]])
        frame["session_date"] = pd.to_datetime(frame["session_date"])
    return frame


def public_dates(data: Data, name: str) -> pd.Series:
    """The date each row of the table became public: its PUBLIC_DATE column, or, for a row of
    a table whose date is optional and left empty (UNDATED_FROM_SOURCES), the day its first
    source was published."""
    frame = with_public_date(data, name)
    dates = frame[PUBLIC_DATE[name]]
    if name not in UNDATED_FROM_SOURCES:
        return dates
    published = dict(zip(data.sources["source_id"], data.sources["date_published"]))
    first = [min((published[s] for s in ids if pd.notna(published.get(s, pd.NaT))),
                 default=pd.NaT) for ids in frame[SOURCE_COLUMN.get(name, "source_ids")]]
    return dates.fillna(pd.Series(first, index=frame.index, dtype="datetime64[ns]"))


def record_dates(data: Data) -> dict[str, dict[str, pd.Timestamp]]:
    """For each table a chapter shows, each record id and the date it became public."""
    out: dict[str, dict[str, pd.Timestamp]] = {}
    for name in PUBLIC_DATE:
        frame = with_public_date(data, name)
        out[name] = dict(zip(record_ids(name, frame), public_dates(data, name)))
    out["sources"] = dict(zip(data.sources["source_id"], data.sources["date_published"]))
    return out


def record_ids(name: str, frame: pd.DataFrame) -> list[str]:
    """The id a record is known by in a pack's record of what it shows."""
    if name == "polls":
        return list(frame["poll_id"])
    pairs = {"agenda": ("session_id", "item_no"), "government_lines": ("session_id", "item_no"), "members": ("session_id", "name"),
             "party_lines": ("session_id", "party"), "votes": ("motion_id", "party"),
             "parties": ("party", "start_date")}
    if name in pairs:
        first, second = pairs[name]
        return [f"{a}#{b.date().isoformat() if hasattr(b, 'date') else b}"
                for a, b in zip(frame[first], frame[second])]
    key = {"events": "event_id", "measures": "measure_id", "positions": "position_id",
           "motions": "motion_id", "considerations": "consideration_id",
           "editorial": "item_id", "commitments": "commitment_id"}[name]
    return list(frame[key])


def violations(data: Data, as_of: dt.date, shown: dict[str, list[str]]) -> list[str]:
    """Ids in shown (table -> ids) that were not public on as_of, or are unknown: each as
    'table id (date)'. Empty when the rule holds."""
    dates = record_dates(data)
    problems = []
    for table, ids in shown.items():
        for record in ids:
            when = dates.get(table, {}).get(record, "unknown id")
            if isinstance(when, str) or pd.isna(when) or when > pd.Timestamp(as_of):
                problems.append(f"{table} {record} ({when})")
    return problems
