"""The words of a pack that are not a chapter's: the running header, dates in full, the
contents' notes on left-out chapters, the summary of failed chapters."""
from __future__ import annotations

import datetime as dt

NO_PDF = "none (left out on request: --no-pdf)"
"""The manifest's pdf_engine of a pack rendered without its PDF."""


def running_header(session) -> str:
    """The text at the top of every page: session and as-of date."""
    day = full_date(dt.date.fromisoformat(session.date))
    return f"{session.title} · debate of {day} · information as of {full_date(session.as_of_date)}"


def full_date(day: dt.date) -> str:
    """'28 September 2020'."""
    return f"{day.day} {day:%B} {day.year}"


def failure_summary(outcome) -> list[str]:
    """One line per failed chapter: chapter, cell, error message."""
    return [f"  {outcome.session_id} / {r.stem}: cell {r.cell if r.cell is not None else '-'}: "
            f"{r.error.splitlines()[0] if r.error else 'failed'}"
            for r in outcome.results if not r.ok]
