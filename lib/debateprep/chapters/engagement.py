"""The engagement agenda: the alert's considerations as a checklist, with facts as of the date."""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from debateprep.chapters.briefing import format_date
from debateprep.chapters.parameters import Briefing
from debateprep.data.sessions import events_between
from debateprep.i18n import _


def matching_events(b: Briefing, row: pd.Series, last: int = 2) -> pd.DataFrame:
    """The latest events (up to as-of) on the consideration's topics that contain a keyword
    (in the text as curated, in English, so both editions show the same events)."""
    events = events_between(b.data, None, b.as_of, row["topics"])
    if row["keywords"]:
        curated = [c if c in events else c[:-3] for c in ("title_en", "description_en")]
        text = (events[curated[0]] + " " + events[curated[1]]).str.lower()
        hit = pd.Series(False, index=events.index)
        for word in row["keywords"]:
            hit |= text.str.contains(word.lower(), regex=False)
        events = events[hit]
    return b.sources.record("events", events.tail(last))


def checklist(b: Briefing) -> HTML:
    """One block per consideration: what the alert proposes, then the latest relevant facts."""
    blocks = []
    none = "<li><em>" + html.escape(_("No recorded event bears on this yet.")) + "</em></li>"
    considerations = b.data.considerations
    considerations = b.sources.record("considerations",
                                      considerations[considerations["part"] == "agenda"])
    latest = _("Latest facts by %(date)s:") % {"date": format_date(b.as_of)}
    for _i, row in considerations.sort_values("order").iterrows():
        facts = "".join(
            f"<li>{html.escape(format_date(e['date'], e['date_precision']))}: "
            f"{html.escape(e['title'])} {b.sources.cite(e['source_ids'])}</li>"
            for _i, e in matching_events(b, row).iterrows())
        blocks.append(
            f"<div class='consideration'><h3>{row['order']}. {html.escape(row['heading'])}</h3>"
            f"<p>{html.escape(row['summary'])} {b.sources.cite(row['source_ids'])}</p>"
            f"<p class='facts-label'>{html.escape(latest)}</p>"
            f"<ul>{facts or none}</ul></div>")
    return HTML("".join(blocks))
