"""Debate sessions: look one up, find the previous one, and cut data off at an as-of date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from debateprep.errors import UnknownChoiceError
from debateprep.data.loading import Data
from debateprep.data.validation import parse_date


@dataclass(frozen=True)
class Session:
    """One debate: the row of sessions.csv, with Python types."""

    session_id: str
    date: dt.date
    kind: str
    title: str
    committee: str
    minister: str
    chair: str
    topics: tuple[str, ...]
    source_ids: tuple[str, ...]
    issues: tuple[str, ...] = ()  # the topics on its agenda that topics.csv calls topical issues


def topical_issues(data: Data) -> list[str]:
    """The topics that topics.csv marks as topical issues (track 'topical'), in its order."""
    return list(data.topics.loc[data.topics["track"] == "topical", "topic_id"])


def session_ids(data: Data) -> list[str]:
    """Every session id, oldest first."""
    return list(data.sessions.sort_values(["date", "session_id"])["session_id"])


def get_session(data: Data, session_id: str) -> Session:
    """The session with this id; UnknownChoiceError naming the valid ids otherwise."""
    rows = data.sessions[data.sessions["session_id"] == session_id]
    if rows.empty:
        raise UnknownChoiceError("session", session_id, session_ids(data))
    row = rows.iloc[0]
    topical = set(topical_issues(data))
    return Session(
        session_id=row["session_id"], date=row["date"].date(), kind=row["kind"],
        title=row["title"], committee=row["committee"], minister=row["minister"],
        chair=row["chair"], topics=tuple(row["topics"]), source_ids=tuple(row["source_ids"]),
        issues=tuple(t for t in row["topics"] if t in topical),
    )


def latest_session(data: Data) -> Session:
    """The most recent session in the data."""
    return get_session(data, session_ids(data)[-1])


def previous_session(data: Data, session: Session) -> Session | None:
    """The latest earlier session sharing at least one topic with session, or None."""
    earlier = data.sessions[data.sessions["date"] < pd.Timestamp(session.date)]
    shared = earlier[[bool(set(t) & set(session.topics)) for t in earlier["topics"]]]
    if shared.empty:
        return None
    return get_session(data, shared.sort_values("date").iloc[-1]["session_id"])


def resolve_as_of(session: Session, as_of: str | dt.date | None) -> dt.date:
    """The as-of date: the day before the session when as_of is empty (the day a brief is
    prepared), else as_of parsed strictly."""
    if as_of in (None, ""):
        return session.date - dt.timedelta(days=1)
    if isinstance(as_of, dt.date):
        return as_of
    parsed = parse_date(str(as_of))
    if parsed is None:
        raise UnknownChoiceError("as_of date", as_of, ["a real date as YYYY-MM-DD",
                                                       "empty for the day before the session"])
    return parsed


def check_issue(data: Data, issue: str) -> str:
    """The issue if topics.csv calls it a topical issue; UnknownChoiceError with the valid ones."""
    if issue not in topical_issues(data):
        raise UnknownChoiceError("issue", issue, topical_issues(data))
    return issue


def known_on(frame: pd.DataFrame, as_of: dt.date, column: str = "date") -> pd.DataFrame:
    """The rows dated on or before as_of: what a briefing for that day may show."""
    return frame[frame[column] <= pd.Timestamp(as_of)]


def events_between(data: Data, start: dt.date | None, end: dt.date,
                   topics: tuple[str, ...] | list[str] | None = None) -> pd.DataFrame:
    """Events after start (exclusive; None = from the beginning) up to end (inclusive)."""
    events = known_on(data.events, end)
    if start is not None:
        events = events[events["date"] > pd.Timestamp(start)]
    if topics:
        events = events[events["topic"].isin(list(topics))]
    return events.sort_values(["date", "event_id"]).reset_index(drop=True)



def change_window(data: Data, session: Session, as_of: dt.date) -> tuple[dt.date, Session | None]:
    """Where 'what changed' starts: the previous debate on the session's topics (returned too),
    or, with none in the data, twelve months before the as-of date."""
    before = previous_session(data, session)
    return (before.date, before) if before else (as_of.replace(year=as_of.year - 1), None)
