"""Which tables each chapter reads: the basis of its cache key, enforced when it runs.

`debateprep.pack.plan` keys a chapter by the rows of these tables it can show on its as-of date
(see `debateprep.data.scope`); `start_briefing` hands the chapter only these tables, so a
chapter that reads another one fails loudly instead of being served stale from the cache.
Every chapter also reads the sessions, the topics and the sources it cites. A notebook not
listed here reads everything. Kept free of pandas: planning a render imports it.
"""
from __future__ import annotations

from dataclasses import dataclass

from debateprep.data.schema import TABLES

ALL = tuple(TABLES)


@dataclass(frozen=True)
class Scope:
    """The tables a chapter reads; those in by_issue only on the chapter's topical issue."""

    tables: tuple[str, ...]
    by_issue: tuple[str, ...] = ()


READS: dict[str, Scope] = {
    "00_summary": Scope(ALL),
    "01_session_overview": Scope(ALL),
    "02_twin_track_policy": Scope(("measures",)),
    "03_public_opinion": Scope(("polls",)),
    "04_topical_issue": Scope(("events",), by_issue=("events",)),
    "05_open_letters": Scope(("positions", "considerations")),
    "06_engagement_agenda": Scope(("considerations", "events")),
}


def scope_of(notebook_stem: str) -> Scope:
    """The scope of a chapter's notebook (every table for a notebook not listed)."""
    return READS.get(notebook_stem, Scope(ALL))


SHOWN_MIME = "application/vnd.debateprep.shown+json"
"""The output type under which a chapter records the ids of what it shows (see
`report.sources_section`); the pack reads it for the manifest and leaves it out of the HTML."""
