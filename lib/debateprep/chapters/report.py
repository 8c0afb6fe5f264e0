"""What a chapter shows: tables, editorial boxes and source lists as escaped HTML.

Everything that comes from the data is HTML-escaped here, so a data text such as
`<script>` is shown as text. Notebooks `display()` the returned objects.
"""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
from IPython.display import HTML

from debateprep.chapters.briefing import EDITORIAL_LABEL, SourceList, format_date
from debateprep.chapters.vocabulary import KINDS, committee
from debateprep.chapters.parameters import Briefing
from debateprep.data.sessions import known_on


def briefing_header(b: Briefing) -> HTML:
    """The block under a chapter's title: which debate, when, who, and the as-of date."""
    s = b.session
    lines = [f"{s.title}",
             f"{format_date(s.date)} · {KINDS[s.kind]} · {committee(s.committee)}",
             f"Minister: {s.minister}" + (f" · Chair: {s.chair}" if s.chair else ""),
             f"Information as of {format_date(b.as_of)}"]
    return HTML("<div class='briefing-header'>"
                + "".join(f"<p class='meta'>{html.escape(x)}</p>" for x in lines) + "</div>")


def table(frame: pd.DataFrame, caption: str = "", empty: str = "Nothing to show.") -> HTML:
    """A readable table without index; every cell escaped."""
    if frame.empty:
        return HTML(f"<p class='empty'><em>{html.escape(empty)}</em></p>")
    body = frame.to_html(index=False, escape=True, border=0, classes="briefing-table")
    if caption:
        body = body.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    return HTML(body)


def paragraph(text: str) -> HTML:
    """One paragraph of escaped text."""
    return HTML(f"<p>{html.escape(text)}</p>")


def bullets(items: list[str]) -> HTML:
    """An escaped bullet list."""
    return HTML("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")


def editorial(items: pd.DataFrame, sources: SourceList, heading: str = "Questions for the minister"
              ) -> HTML:
    """Editorial items in a labelled box, each with the numbers of the sources it builds on."""
    if items.empty:
        return HTML("<p class='empty'><em>No editorial items for this session.</em></p>")
    sources.record("editorial", items)
    rows = "".join(
        f"<li>{html.escape(row['text'])} <span class='cite'>"
        f"{sources.cite(row['basis_source_ids'])}</span></li>"
        for _, row in items.iterrows())
    return HTML(f"<div class='editorial'><p class='label'><strong>{html.escape(heading)}</strong>"
                f" — {html.escape(EDITORIAL_LABEL)}</p><ol>{rows}</ol></div>")


from debateprep.chapters.scope import SHOWN_MIME  # the output type under which a chapter records what it shows


def shown_record(sources: SourceList, as_of: dt.date) -> dict:
    """What the chapter showed: the as-of date, record ids per table, and cited source ids."""
    return {"as_of": as_of.isoformat(), "records": sources.shown, "sources": list(sources.ids)}


def sources_section(sources: SourceList, as_of: dt.date | None = None) -> HTML:
    """The chapter's numbered source list, with links; with as_of, also records (invisibly,
    in the executed notebook) the ids of every record and source the chapter showed."""
    if as_of is not None:
        from IPython.display import display
        display({SHOWN_MIME: shown_record(sources, as_of)}, raw=True)
    if not sources.ids:
        return HTML("<h2>Sources</h2><p><em>No sources cited.</em></p>")
    return HTML("<h2>Sources</h2>" + sources.to_html())


def motions_table(b: Briefing, motions: pd.DataFrame) -> HTML:
    """Motions with Kamerstuk, submitters, what they ask, and the outcome known by as-of."""
    known = b.sources.record("motions", known_on(motions, b.as_of))
    outcome = [outcome_on(o, v, b.as_of) for o, v in zip(known["outcome"], known["vote_date"])]
    frame = pd.DataFrame({
        "Kamerstuk": known["kamerstuk"],
        "Submitters": ["; ".join(s) for s in known["submitters"]],
        "Asks": known["summary"],
        "Outcome": outcome,
        "Sources": [b.sources.cite(ids) for ids in known["source_ids"]],
    })
    return table(frame, empty="No motions recorded.")


def outcome_on(outcome: str, vote_date: pd.Timestamp, as_of: dt.date) -> str:
    """A motion's outcome as a reader on as_of knew it: a later vote is 'not yet voted on'."""
    if pd.notna(vote_date) and vote_date.date() > as_of:
        return "not yet voted on"
    return outcome
