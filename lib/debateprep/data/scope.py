"""What a chapter can show on its as-of date, as a digest of the validated rows.

The render cache keys a chapter by this digest instead of by whole data files, so an edit to a
record that became public after the as-of date, or to a table or topic the chapter does not
read, leaves the chapter cached. The digest follows the as-of rules of `debateprep.data.asof`
(which uses the same `PUBLIC_DATE`) and errs on the side of rerunning: a row counts when its
public date is on or before the as-of date, whatever its sources, and every source it cites
counts in full. It needs no pandas: the command line decides a render with nothing to do from
the rows the validator read.
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from debateprep.data.hashing import combine

PUBLIC_DATE = {
    "events": "date", "measures": "date", "polls": "published", "positions": "date",
    "motions": "date", "agenda": "date", "considerations": "date", "editorial": "date",
    "votes": "vote_date", "commitments": "date", "government_lines": "date", "parties": "start_date",
    "members": "session_date", "party_lines": "session_date",
}
"""The column holding the date each kind of record became public ('session_date': the date
of the row's session)."""

SOURCE_COLUMN = {"editorial": "basis_source_ids"}
"""The column listing a table's sources, where it is not `source_ids`."""
CITED_COLUMNS = {"commitments": ("source_ids", "status_source_ids"),
                 "motions": ("source_ids", "execution_source_ids")}
"""Every column whose sources a chapter can cite, where there is more than one."""

UNDATED_FROM_SOURCES = ("agenda",)
"""Tables whose date is optional: an undated row counts from the day its first source was
published (an agenda document the report of the debate lists without a date)."""

BASE = ("sessions", "topics", "sources")
"""Tables every chapter reads: the debates (its header), the vocabulary, the bibliography."""

Rows = dict[str, list[tuple[int, dict[str, str]]]]


def _ids(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def visible_rows(rows: Rows, table: str, as_of: dt.date, session_id: str,
                 topic: str | None = None) -> list[dict[str, str]]:
    """The rows of table a chapter of session_id can show on as_of (topic: only that topic's)."""
    day = as_of.isoformat()
    sessions = {row["session_id"]: row["date"] for _, row in rows["sessions"]}
    if table == "topics":
        return [row for _, row in rows["topics"]]
    if table == "sessions":
        limit = max(day, sessions.get(session_id, day))
        return [row for _, row in rows["sessions"] if row["date"] <= limit]
    column = PUBLIC_DATE[table]
    published = ({row["source_id"]: row["date_published"] for _, row in rows["sources"]}
                 if table in UNDATED_FROM_SOURCES else {})
    kept = []
    for _, row in rows[table]:
        public = sessions.get(row["session_id"], "") if column == "session_date" else row[column]
        if not public and table in UNDATED_FROM_SOURCES:  # the day its first source came out
            public = min((published.get(s) or "" for s in _ids(row["source_ids"])
                          if published.get(s)), default="")
        if not public or public > day:
            continue
        if table == "parties" and row["end_date"] and row["end_date"] < day:
            continue
        if topic is not None and row.get("topic", topic) != topic:
            continue
        kept.append(row)
    return kept


def view_digest(rows: Rows, as_of: dt.date, session_id: str, tables: Iterable[str],
                topic_tables: Iterable[str] = (), topic: str | None = None) -> str:
    """One hash over what a chapter reading `tables` can show on as_of: their visible rows
    (those in topic_tables only on topic) and every source those rows cite."""
    wanted = [t for t in dict.fromkeys([*BASE, *tables]) if t != "sources"]
    scoped = set(topic_tables)
    parts: dict[str, list[dict[str, str]]] = {}
    cited: set[str] = set()
    for table in wanted:
        parts[table] = visible_rows(rows, table, as_of, session_id,
                                    topic if table in scoped else None)
        columns = CITED_COLUMNS.get(table, (SOURCE_COLUMN.get(table, "source_ids"),))
        for row in parts[table]:
            for column in columns:
                cited.update(_ids(row.get(column, "")))
    parts["sources"] = [row for _, row in rows["sources"] if row["source_id"] in cited]
    return combine({"as_of": as_of.isoformat(), "session": session_id, "rows": parts})
