"""What a chapter shows: tables, editorial boxes and source lists as escaped HTML.

Everything that comes from the data is HTML-escaped here, so a data text such as
`<script>` is shown as text. Notebooks `display()` the returned objects.
"""
from __future__ import annotations

import datetime as dt
import html

import pandas as pd
from IPython.display import HTML

from debateprep.chapters.briefing import SourceList, editorial_label, format_date
from debateprep.i18n import _
from debateprep.chapters.vocabulary import KINDS, OUTCOMES, committee
from debateprep.chapters.parameters import Briefing
from debateprep.data.sessions import known_on


def briefing_header(b: Briefing) -> HTML:
    """The block under a chapter's title: which debate, when, who, and the as-of date."""
    s = b.session
    lines = [f"{s.title}",
             f"{format_date(s.date)} · {KINDS[s.kind]} · {committee(s.committee)}",
             _("Minister: %(minister)s") % {"minister": s.minister}
             + (" · " + _("Chair: %(chair)s") % {"chair": s.chair} if s.chair else ""),
             _("Information as of %(date)s") % {"date": format_date(b.as_of)}]
    return HTML("<div class='briefing-header'>"
                + "".join(f"<p class='meta'>{html.escape(x)}</p>" for x in lines) + "</div>")


def table(frame: pd.DataFrame, caption: str = "", empty: str | None = None) -> HTML:
    """A readable table without index; every cell escaped."""
    if frame.empty:
        empty = html.escape(empty or _("Nothing to show."))
        return HTML(f"<p class='empty'><em>{empty}</em></p>")
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


def editorial(items: pd.DataFrame, sources: SourceList, heading: str | None = None,
              suggested: list[tuple[str, tuple]] = ()) -> HTML:
    """Editorial items in a labelled box, each with the numbers of the sources it builds on;
    then the suggested questions the record itself raises (text, source ids), in the same box."""
    heading = heading or _("Questions for the minister")
    if items.empty and not suggested:
        none = html.escape(_("No editorial items for this session."))
        return HTML(f"<p class='empty'><em>{none}</em></p>")
    sources.record("editorial", items)
    rows = "".join(
        f"<li>{html.escape(row['text'])} <span class='cite'>"
        f"{sources.cite(row['basis_source_ids'])}</span></li>"
        for _i, row in items.iterrows())
    rows += "".join(f"<li class='suggested'>{html.escape(text)} <span class='cite'>"
                    f"{sources.cite(ids)}</span></li>" for text, ids in suggested)
    return HTML(f"<div class='editorial'><p class='label'><strong>{html.escape(heading)}</strong>"
                f" — {html.escape(editorial_label())}</p><ol>{rows}</ol></div>")


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
    heading = "<h2 class='sources-heading'>" + html.escape(_("Sources")) + "</h2>"
    if not sources.ids:
        none = html.escape(_("No sources cited."))
        return HTML(f"<section class='chapter-sources'>{heading}<p><em>{none}</em></p></section>")
    return HTML(f"<section class='chapter-sources'>{heading}{sources.to_html()}</section>")


def motions_table(b: Briefing, motions: pd.DataFrame) -> HTML:
    """Motions with Kamerstuk, submitters, what they ask, and the outcome known by as-of."""
    known = b.sources.record("motions", known_on(motions, b.as_of))
    outcome = [outcome_on(o, v, b.as_of) for o, v in zip(known["outcome"], known["vote_date"])]
    frame = pd.DataFrame({
        _("Kamerstuk"): known["kamerstuk"],
        _("Submitters"): ["; ".join(s) for s in known["submitters"]],
        _("Asks"): known["summary"],
        _("Outcome"): outcome,
        _("Sources"): [b.sources.cite(ids) for ids in known["source_ids"]],
    })
    return table(frame, empty=_("No motions recorded."))


def outcome_on(outcome: str, vote_date: pd.Timestamp, as_of: dt.date) -> str:
    """A motion's outcome as a reader on as_of knew it: a later vote is 'not yet voted on'."""
    if pd.notna(vote_date) and vote_date.date() > as_of:
        return _("not yet voted on")
    return OUTCOMES[outcome]
