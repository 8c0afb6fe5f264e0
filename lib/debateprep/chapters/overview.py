"""The session overview (cover briefing): header, key facts, agenda, what changed, questions."""
from __future__ import annotations

import datetime as dt
import pandas as pd
from IPython.display import HTML

from debateprep.chapters import report
from debateprep.chapters.briefing import editorial_items, events_table, format_date, key_facts
from debateprep.chapters.parameters import Briefing
from debateprep.chapters.parliament import _kamerstuk, suggested_questions
from debateprep.data.sessions import change_window, events_between, previous_session
from debateprep.i18n import _


def key_facts_table(b: Briefing) -> HTML:
    """Key facts at a glance."""
    return report.table(key_facts(b.data, b.session, b.as_of))


def agenda_table(b: Briefing) -> HTML:
    """The documents on the agenda with Kamerstuk numbers and numbered sources."""
    items = b.sources.record("agenda", b.data.agenda[b.data.agenda["session_id"]
                                                     == b.session.session_id])
    frame = pd.DataFrame({
        _("No."): items["item_no"].astype(str),
        _("Kamerstuk"): [_kamerstuk(k, missing="") if k else "" for k in items["kamerstuk"]],
        _("Document"): items["title"],
        _("Date"): [format_date(d) if pd.notna(d) else "" for d in items["date"]],
        _("Sources"): [b.sources.cite(ids) for ids in items["source_ids"]],
    })
    return report.table(frame, empty=_("No agenda documents recorded for this session."))


def changes_window(b: Briefing) -> tuple[dt.date, str]:
    """Start of 'what changed' (see sessions.change_window) and how to describe it."""
    start, before = change_window(b.data, b.session, b.as_of)
    if before:
        return start, _("since the previous debate on these topics (%(date)s)") % {
            "date": format_date(before.date)}
    return start, _("in the twelve months before %(date)s (no earlier debate in the data)") % {
        "date": format_date(b.as_of)}


def changes_intro(b: Briefing) -> HTML:
    """One sentence saying which period 'what changed' covers."""
    _w, period = changes_window(b)
    return report.paragraph(_("Events recorded %(period)s, up to %(date)s.")
                            % {"period": period, "date": format_date(b.as_of)})


def changes_by_topic(b: Briefing) -> HTML:
    """How many events per topic of the debate happened in the window, up to the as-of date
    (the same events the key facts count and the list below shows)."""
    start, _w = changes_window(b)
    events = b.sources.record("events", events_between(b.data, start, b.as_of,
                                                       b.session.topics))
    labels = dict(zip(b.data.topics["topic_id"], b.data.topics["label"]))
    counts = events.groupby("topic").size().sort_values(ascending=False)
    frame = pd.DataFrame({_("Topic"): [labels[t] for t in counts.index],
                          _("Events"): counts.values})
    return report.table(frame, empty=_("No events recorded in this period."))


def changes_events(b: Briefing, topics: tuple[str, ...] | None = None, latest: int = 8) -> HTML:
    """The latest events of the window on the session's topics, with numbered sources; the
    cover stays short, so older ones are counted and left to the chapters that follow."""
    start, _w = changes_window(b)
    events = events_between(b.data, start, b.as_of, topics or b.session.topics)
    table = report.table(events_table(events.tail(latest), b.sources),
                         empty=_("No events in this period."))
    if len(events) <= latest:
        return table
    note = report.paragraph(_("The %(latest)d most recent of %(count)d events on the session's "
                              "topics; the chapters that follow give the rest.")
                            % {"latest": latest, "count": len(events)})
    return HTML(table.data + note.data)


def previous_motions(b: Briefing) -> HTML:
    """The motions of the previous session and their outcome as known on the as-of date."""
    before = previous_session(b.data, b.session)
    if before is None:
        return report.paragraph(_("There is no earlier debate on these topics in the data."))
    motions = b.data.motions[b.data.motions["session_id"] == before.session_id]
    return report.motions_table(b, motions)


def top_questions(b: Briefing) -> HTML:
    """Every editorial question for this session, labelled as editorial."""
    items = editorial_items(b.data, b.session, kind="question")
    return report.editorial(items, b.sources, suggested=suggested_questions(b))


def talking_points(b: Briefing) -> HTML:
    """Every editorial talking point for this session, labelled as editorial."""
    items = editorial_items(b.data, b.session, kind="talking-point")
    return report.editorial(items, b.sources, heading=_("Talking points"))
