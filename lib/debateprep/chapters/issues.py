"""A topical issue (any topic topics.csv marks as topical) up to the as-of date."""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from debateprep.chapters import report
from debateprep.chapters.briefing import editorial_items, events_table, source_note
from debateprep.chapters.charts import timeline_chart
from debateprep.chapters.parameters import Briefing
from debateprep.data.sessions import events_between
from debateprep.i18n import _

def issue_label(b: Briefing) -> str:
    """The readable name of the briefing's issue."""
    return b.data.topics.set_index("topic_id").loc[b.issue, "label"]


def title(b: Briefing) -> HTML:
    """The issue's name as the chapter's heading."""
    return HTML(f"<h1 class='issue-title'>{html.escape(issue_label(b))}</h1>")


def issue_events(b: Briefing) -> pd.DataFrame:
    """Every event on the issue up to the as-of date, oldest first."""
    return b.sources.record("events", events_between(b.data, None, b.as_of, [b.issue]))


TIMELINE_FROM = 4
"""A timeline is drawn only from this many events on; fewer are clearer as a table."""


def timeline(b: Briefing) -> Figure | HTML:
    """The issue's events up to the as-of date: a timeline when there are enough of them to
    show a pattern (the table of Dutch and international acts below lists them), a table
    otherwise."""
    events = issue_events(b)
    if events.empty:
        return report.paragraph(_("No events on this issue by the as-of date."))
    if len(events) < TIMELINE_FROM:
        return events_list(b)
    ids = sorted({s for ids in events["source_ids"] for s in ids})
    b.sources.cite(ids)
    labels = {b.issue: issue_label(b)}
    return timeline_chart(events, labels, _("%(issue)s: events up to the as-of date")
                          % {"issue": issue_label(b)},
                          source_note(b.data, ids), end=b.as_of)


def events_list(b: Briefing, actor: str | None = None) -> HTML:
    """The issue's events as a table: only those in which actor acts (the events' `actors`
    column: 'netherlands' or 'international'), if given."""
    events = issue_events(b)
    if actor is not None:
        events = events.loc[[actor in actors for actors in events["actors"]]]
    return report.table(events_table(events, b.sources), empty=_("None recorded by this date."))


def situation(b: Briefing, last: int = 2) -> HTML:
    """The situation on the as-of date: the latest events on the issue, described in full."""
    events = issue_events(b).tail(last)
    items = [f"{row['title']}: {row['description']} {b.sources.cite(row['source_ids'])}"
             for _i, row in events.iterrows()]
    return report.bullets(items) if items else report.paragraph(_("Nothing recorded by this date."))


def dutch_actions(b: Briefing) -> HTML:
    """Events in which the Dutch government or the Kamer acts (actor 'netherlands')."""
    return events_list(b, "netherlands")


def eu_nato_responses(b: Briefing) -> HTML:
    """Events in which the EU, NATO or another international body acts (actor
    'international')."""
    return events_list(b, "international")


def questions(b: Briefing) -> HTML:
    """Editorial questions on this issue for this session."""
    items = editorial_items(b.data, b.session, topic=b.issue)
    return report.editorial(items, b.sources, heading=_("Open questions on %(issue)s")
                            % {"issue": issue_label(b)})
