"""Notebook parameters: check them all before any work starts, and hold what they resolve to."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from debateprep.data.asof import as_of_view
from debateprep.chapters.briefing import SourceList
from debateprep.data.loading import Data, load_data
from debateprep.data.sessions import Session, check_issue, get_session, resolve_as_of


@dataclass
class Briefing:
    """What a chapter works from: the data, the session, the as-of date, its numbered sources."""

    data: Data
    session: Session
    as_of: dt.date
    issue: str | None
    sources: SourceList


def start_briefing(session_id: str, as_of: str = "", issue: str | None = None,
                   data_dir: str | Path | None = None, needs_issue: bool = False) -> Briefing:
    """Check a notebook's parameters and load the data; raise a one-line error on a bad one.

    session_id must be a session in sessions.csv; as_of empty means the day before the
    session; issue (for the topical-issue notebook) must be a topic that topics.csv calls a
    topical issue (track 'topical').
    The chapter sees only the data public on the as-of date (see debateprep.data.asof).
    """
    full = load_data(data_dir or None)
    if needs_issue or issue:
        check_issue(full, issue or "")
    session = get_session(full, session_id)
    day = resolve_as_of(session, as_of)
    data = as_of_view(full, day, session.session_id)
    session = get_session(data, session_id)  # its sources cut to those published by then
    return Briefing(data, session, day, issue, SourceList(data))


__all__ = ["Briefing", "start_briefing"]
