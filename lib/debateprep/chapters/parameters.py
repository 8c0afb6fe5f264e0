"""Notebook parameters: check them all before any work starts, and hold what they resolve to."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from debateprep.data.asof import as_of_view
from debateprep.data.language import localized
from debateprep.i18n import current, use
from debateprep.chapters.briefing import SourceList
from debateprep.chapters.scope import Scope, scope_of
from debateprep.data.scope import BASE
from debateprep.data.loading import Data, copied, load_data
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
                   data_dir: str | Path | None = None, needs_issue: bool = False,
                   chapter: str | None = None, lang: str | None = None) -> Briefing:
    """Check a notebook's parameters and load the data; raise a one-line error on a bad one.

    session_id must be a session in sessions.csv; as_of empty means the day before the
    session; issue (for the topical-issue notebook) must be a topic that topics.csv calls a
    topical issue (track 'topical').
    The chapter sees only the data public on the as-of date (see debateprep.data.asof), and,
    when chapter names its notebook, only the tables its scope declares
    (debateprep.chapters.scope): the render cache keys the chapter by exactly those.
    lang ('nl' or 'en'; default: the language in use) is the language of everything the
    chapter shows: its words come from the catalog, its data text from the Dutch twins of the
    text columns (for 'nl'). The notebooks pass their `lang` parameter (default 'nl').
    """
    lang = lang or current()
    use(lang)  # first: an unknown language is a one-line error before any work
    full = load_data(data_dir or None)
    if needs_issue or issue:
        check_issue(full, issue or "")
    session = get_session(full, session_id)
    day = resolve_as_of(session, as_of)
    data, session = view_on(full, session, day, lang)
    if chapter is not None:
        data = within_scope(data, scope_of(chapter), chapter, issue)
    return Briefing(data, session, day, issue, SourceList(data))


_VIEWS: dict[tuple, tuple[Data, Session]] = {}
"""The last view `view_on` made in this process, by the data's folder and content, the
session, the as-of date and the language."""


def view_on(full: Data, session: Session, day: dt.date, lang: str) -> tuple[Data, Session]:
    """The data as known on day, in lang (see `as_of_view` and `localized`), and the session
    as known then (its sources cut to those published by then).

    A kernel that runs several chapters of one pack asks for the same view each time: it gets
    a copy of the tables it made before (about 5 ms, against 45 ms to make them). The key
    holds everything the view depends on: the data's folder and a hash of every file
    (`Data.fingerprint`), the session, the as-of date and the language."""
    key = (str(Path(full.data_dir).resolve()), full.fingerprint, session.session_id, day, lang)
    made = _VIEWS.get(key)
    if made is None:
        data = localized(as_of_view(full, day, session.session_id), lang)
        made = (data, get_session(data, session.session_id))
        _VIEWS.clear()
        _VIEWS[key] = made
    return copied(made[0]), made[1]


class OutOfScope(RuntimeError):
    """A chapter read a table its scope does not declare (a programming error, not a user's)."""


class NotRead:
    """Stands in for a table a chapter's scope leaves out: any use of it raises OutOfScope."""

    def __init__(self, table: str, chapter: str) -> None:
        self._message = (f"chapter {chapter} reads table '{table}', which its scope in "
                         "debateprep/chapters/scope.py does not declare: add it there, so the "
                         "chapter's cache key covers that table")

    def __getattr__(self, name: str):
        raise OutOfScope(self._message)

    def __getitem__(self, key):
        raise OutOfScope(self._message)

    def __len__(self) -> int:
        raise OutOfScope(self._message)

    def __iter__(self):
        raise OutOfScope(self._message)


def within_scope(data: Data, scope: Scope, chapter: str, issue: str | None) -> Data:
    """data with only the tables of scope (the others raise when used) and the by-issue
    tables cut to issue."""
    keep = set(BASE) | set(scope.tables)
    tables = {}
    for name in dataclasses.fields(data):
        if name.name in ("data_dir", "fingerprint"):
            continue
        if name.name not in keep:
            tables[name.name] = NotRead(name.name, chapter)
        elif name.name in scope.by_issue and issue is not None:
            frame = data.table(name.name)
            tables[name.name] = frame[frame["topic"] == issue]
    return dataclasses.replace(data, **tables)


__all__ = ["Briefing", "start_briefing"]
