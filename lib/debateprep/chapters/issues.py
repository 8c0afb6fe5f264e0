"""A topical issue (any topic topics.csv marks as topical) up to the as-of date."""
from __future__ import annotations

import html
import re

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from debateprep.chapters import report
from debateprep.chapters.briefing import editorial_items, events_table, source_note
from debateprep.chapters.charts import timeline_chart
from debateprep.chapters.parameters import Briefing
from debateprep.data.sessions import events_between

DUTCH_WORDS = ("Dutch", "Netherlands", "Nederland", "Kamer", "Tweede Kamer", "cabinet")
"""Words that make an event one about the Dutch government or the Kamer; the ministers of the
debates in sessions.csv count too (see dutch_pattern)."""
EU_NATO = re.compile(r"\b(?:EU|European Union|Council|NATO|OPCW|OSCE|G7|ICAO)\b")


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
        return report.paragraph("No events on this issue by the as-of date.")
    if len(events) < TIMELINE_FROM:
        return events_list(b)
    ids = sorted({s for ids in events["source_ids"] for s in ids})
    b.sources.cite(ids)
    labels = {b.issue: issue_label(b)}
    return timeline_chart(events, labels, f"{issue_label(b)}: events up to the as-of date",
                          source_note(b.data, ids), end=b.as_of)


def events_list(b: Briefing, pattern: re.Pattern | None = None,
                unless_title: re.Pattern | None = None) -> HTML:
    """The issue's events as a table: only those whose text matches pattern, if given, and
    not those whose title matches unless_title."""
    events = issue_events(b)
    if pattern is not None:
        text = events["title"] + " " + events["description"]
        events = events[text.str.contains(pattern)]
    if unless_title is not None:
        events = events[~events["title"].str.contains(unless_title)]
    return report.table(events_table(events, b.sources), empty="None recorded by this date.")


def situation(b: Briefing, last: int = 2) -> HTML:
    """The situation on the as-of date: the latest events on the issue, described in full."""
    events = issue_events(b).tail(last)
    items = [f"{row['title']}: {row['description']} {b.sources.cite(row['source_ids'])}"
             for _, row in events.iterrows()]
    return report.bullets(items) if items else report.paragraph("Nothing recorded by this date.")


def dutch_pattern(b: Briefing) -> re.Pattern:
    """DUTCH_WORDS and the surnames of every minister named in sessions.csv ('David van
    Weel, Minister of Foreign Affairs' gives 'van Weel'), in any case: a debate added with a
    new minister needs no change here."""
    people = [entry.split(",")[0].split() for text in b.data.sessions["minister"].dropna()
              for entry in text.split(";")]
    names = {" ".join(words[1:]) for words in people if len(words) > 1}
    words = sorted(set(DUTCH_WORDS) | names, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.I)


def dutch_actions(b: Briefing) -> HTML:
    """Events that involve the Dutch government or parliament (their title or description)."""
    return events_list(b, dutch_pattern(b))


def eu_nato_responses(b: Briefing) -> HTML:
    """Events that involve the EU, NATO or other international bodies (not Dutch acts)."""
    return events_list(b, EU_NATO, unless_title=dutch_pattern(b))


def questions(b: Briefing) -> HTML:
    """Editorial questions on this issue for this session."""
    items = editorial_items(b.data, b.session, topic=b.issue)
    return report.editorial(items, b.sources, heading=f"Open questions on {issue_label(b)}")
