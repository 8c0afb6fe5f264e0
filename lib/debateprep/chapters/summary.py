"""Page 1: what an MP's adviser reads if they read nothing else.

The debate, the government's line, what changed, the party lines, the top questions and the
key numbers, each line with its numbered sources, all from the as-of view of the data.
"""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from debateprep.chapters import report
from debateprep.chapters.briefing import editorial_items, format_date
from debateprep.chapters.overview import changes_window
from debateprep.chapters.parameters import Briefing
from debateprep.chapters.parliament import (_kamerstuk, overdue_lines, party_lines_summary,
                                            suggested_questions)
from debateprep.data.scope import PUBLIC_DATE
from debateprep.data.sessions import events_between
from debateprep.chapters.vocabulary import INSTRUMENTS, KINDS, committee
from debateprep.i18n import _, format_number


def _list(items: list[str], empty: str) -> str:
    """Already-escaped items as a bullet list, or the empty sentence."""
    if not items:
        return f"<p class='empty'><em>{html.escape(empty)}</em></p>"
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _cited(text: str, b: Briefing, ids) -> str:
    return f"{html.escape(text)} <span class='cite'>{b.sources.cite(ids)}</span>"


def debate(b: Briefing) -> HTML:
    """What, when, who, and which documents."""
    s = b.session
    agenda = b.sources.record("agenda", b.data.agenda[b.data.agenda["session_id"] == s.session_id])
    who = _("Minister: %(minister)s") % {"minister": s.minister} \
        + ("; " + _("chair: %(chair)s") % {"chair": s.chair} if s.chair else "")
    lines = [_cited(_("%(date)s: %(kind)s; committee: %(committee)s. %(who)s.")
                    % {"date": format_date(s.date), "kind": KINDS[s.kind],
                       "committee": committee(s.committee), "who": who}, b, s.source_ids)
             if s.source_ids else html.escape(f"{format_date(s.date)}: {KINDS[s.kind]}. {who}.")]
    lines += [_cited(_("Kamerstuk %(number)s: %(title)s")
                     % {"number": _kamerstuk(row["kamerstuk"], missing=""), "title": row["title"]}
                     + (f" ({format_date(row['date'])})" if pd.notna(row["date"]) else ""),
                     b, row["source_ids"]) if row["kamerstuk"] else
              _cited(row["title"], b, row["source_ids"])
              for _i, row in agenda.sort_values("item_no").iterrows()]
    return HTML(_list(lines, _("No documents on the agenda are recorded.")) + record_end(b).data)


RECORD_TABLES = ("events", "measures", "polls", "government_lines", "motions", "votes",
                 "commitments")
"""The tables of what happened: the latest date among them is where the brief's record ends."""


def record_ends(b: Briefing):
    """The date of the latest fact the brief can show (public on the as-of date), or None."""
    latest = [b.data.table(t)[PUBLIC_DATE[t]].max() for t in RECORD_TABLES
              if len(b.data.table(t))]
    latest = [d for d in latest if pd.notna(d)]
    return max(latest).date() if latest else None


def record_end(b: Briefing) -> HTML:
    """One line on page 1 saying where the record ends, so that silence after that date is
    never read as calm; a stronger line when the as-of date lies weeks after it."""
    end = record_ends(b)
    if end is None:
        text = _("Nothing is recorded in the data up to the as-of date.")
    elif (b.as_of - end).days > RECORD_GAP_DAYS:
        text = _("The record of this brief ends on %(end)s, %(days)d days before the as-of date "
                 "(%(as_of)s): nothing later is in the data, which does not mean nothing "
                 "happened.") % {"end": format_date(end), "days": (b.as_of - end).days,
                                  "as_of": format_date(b.as_of)}
    else:
        text = _("The record ends on %(end)s.") % {"end": format_date(end)}
        return HTML(f"<p class='meta record-end'>{html.escape(text)}</p>")
    return HTML(f"<p class='record-end'><strong>{html.escape(text)}</strong></p>")


RECORD_GAP_DAYS = 30
"""With more than this many days between the last recorded fact and the as-of date, page 1
warns."""


def government_line(b: Briefing) -> HTML:
    """The government's line, in up to three points."""
    rows = b.data.government_lines
    rows = b.sources.record("government_lines", rows[rows["session_id"] == b.session.session_id])
    items = [_cited(r["text"], b, r["source_ids"]) for _i, r in rows.sort_values("item_no").iterrows()]
    return HTML(_list(items, _("The government's line for this debate is not recorded in the "
                               "data by the as-of date.")))


def changes(b: Briefing, most: int = 5) -> HTML:
    """The most recent changes on the debate's topics since the previous debate, dated."""
    start, _w = changes_window(b)
    events = events_between(b.data, start, b.as_of, b.session.topics).tail(most)
    b.sources.record("events", events)
    items = [_cited(f"{format_date(e['date'], e['date_precision'])}: {e['title']}", b,
                    e["source_ids"]) for _i, e in events.iloc[::-1].iterrows()]
    return HTML(_list(items, _("No change on these topics is recorded in this period.")))


def party_lines(b: Briefing) -> HTML:
    """One line per party that spoke in the previous debate on these topics."""
    items = [f"{html.escape(text)} <span class='cite'>{cite}</span>"
             for text, cite in party_lines_summary(b)]
    return HTML(_list(items, _("No party lines are recorded for the previous debate on these "
                               "topics.")))


def questions(b: Briefing, most: int = 3) -> HTML:
    """The first questions for the minister (all of them are in the overview)."""
    items = editorial_items(b.data, b.session, kind="question")
    overdue = overdue_lines(b)
    late = ""
    if overdue:  # the minister's overdue commitments, on page 1
        late = ("<p class='overdue'><strong>" + html.escape(_("Overdue commitments (toezeggingen)"))
                + "</strong></p>" + _list([f"{html.escape(t)} <span class='cite'>{c}</span>"
                                          for t, c in overdue], ""))
    shown = report.editorial(items.head(most), b.sources, heading=_("Top questions"),
                             suggested=suggested_questions(b))
    shown = HTML(late + shown.data)
    if len(items) > most:
        more = _("%(count)d more in the session overview.") % {"count": len(items) - most}
        return HTML(shown.data + f"<p class='meta'>{html.escape(more)}</p>")
    return shown


KEY_NUMBER_YEARS = 2
"""A measure's number is a key number only if it is a level (value_is 'total', not what one
package added), stated in the two years before the as-of date, and not followed by an
addition to the same instrument (which would make the level stale)."""


def key_numbers(b: Briefing) -> HTML:
    """A few numbers that frame the debate, each dated and sourced: the coalition's seats,
    the latest level of up to two instruments (KEY_NUMBER_YEARS), the latest survey."""
    rows = []
    parties = b.sources.record("parties", b.data.parties)
    coalition = parties[parties["coalition"] == "yes"]
    if len(coalition):
        rows.append((_("%(seats)d of %(total)d") % {"seats": int(coalition["seats"].sum()),
                                                     "total": int(parties["seats"].sum())},
                     _("seats held by the coalition (%(parties)s)")
                     % {"parties": ", ".join(coalition["party"])},
                     format_date(b.as_of),
                     b.sources.cite(sorted({s for ids in coalition["source_ids"] for s in ids}))))
    recent = pd.Timestamp(b.as_of) - pd.DateOffset(years=KEY_NUMBER_YEARS)
    valued = b.data.measures[b.data.measures["value"].notna()].sort_values("date")
    last = valued.groupby("instrument").tail(1)  # a later addition makes an older level stale
    latest = b.sources.record("measures", last[(last["value_is"] == "total")
                                               & (last["date"] >= recent)].tail(2))
    for _i, m in latest.iloc[::-1].iterrows():
        rows.append((f"{format_number(m['value'])} {m['unit']}", INSTRUMENTS[m["instrument"]],
                     format_date(m["date"], m["date_precision"]), b.sources.cite(m["source_ids"])))
    polls = b.data.polls[b.data.polls["group_en"] == "All respondents"].sort_values("published")
    if len(polls):
        last = polls[polls["poll_id"] == polls.iloc[-1]["poll_id"]]
        b.sources.record("polls", last)
        top = last.iloc[0]  # the first answer as published (e.g. 'Agree')
        rows.append((f"{format_number(top['share_pct'])}%", f"{top['answer']}: ‘{top['question_en']}’ "
                     f"({top['pollster'].split(' (')[0]})", format_date(top["published"]),
                     b.sources.cite(top["source_ids"])))
    frame = pd.DataFrame(rows, columns=[_("Number"), _("What"), _("As of"), _("Sources")])
    return report.table(frame, empty=_("No key numbers are recorded by the as-of date."))
