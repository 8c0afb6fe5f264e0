"""The twin-track policy: instruments per track, sanctions timeline, eFP, engagement, balance."""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from debateprep.chapters import report
from debateprep.chapters.briefing import format_date, source_note
from debateprep.chapters.charts import step_chart, timeline_chart
from debateprep.chapters.parameters import Briefing
from debateprep.data.sessions import change_window, known_on
from debateprep.chapters.vocabulary import ACTIONS, INSTRUMENTS, STATUSES, TRACKS
from debateprep.i18n import _, format_number, ngettext

INSTRUMENT_LABELS = INSTRUMENTS  # the words for each instrument (debateprep.chapters.vocabulary)


def measures_known(b: Briefing) -> pd.DataFrame:
    """The measures dated on or before the as-of date, oldest first."""
    return b.sources.record("measures", known_on(b.data.measures, b.as_of)
                            .sort_values(["date", "measure_id"]))


def instruments_table(b: Briefing) -> HTML:
    """Each instrument with its track, first and latest action and status as of the as-of date."""
    rows = []
    for instrument, group in measures_known(b).groupby("instrument", sort=False):
        last = group.iloc[-1]
        rows.append({
            "track": last["track"], _("Track"): TRACKS[last["track"]],
            _("Instrument"): INSTRUMENT_LABELS[instrument],
            _("Since"): format_date(group.iloc[0]["date"], group.iloc[0]["date_precision"]),
            _("Latest action"): f"{format_date(last['date'], last['date_precision'])}: "
                                f"{last['description']}",
            _("Status"): STATUSES[last["status"]],
            _("Sources"): b.sources.cite(list(dict.fromkeys(group.iloc[0]["source_ids"]
                                                            + last["source_ids"]))),
        })
    frame = pd.DataFrame(rows)
    if not frame.empty:  # pressure first, then engagement (by code, not by the shown word)
        frame = frame.sort_values(["track", _("Instrument")], ascending=[False, True])
        frame = frame.drop(columns="track")
    return report.table(frame, empty=_("No instruments recorded by this date."))


def sanctions_chart(b: Briefing) -> Figure | HTML:
    """EU sanctions actions over time, one lane per regime."""
    sanctions = measures_known(b)
    sanctions = sanctions[sanctions["instrument"].str.startswith("eu-sanctions")]
    if sanctions.empty:
        return report.paragraph(_("No EU sanctions decisions recorded by this date."))
    labels = {k: v for k, v in INSTRUMENT_LABELS.items() if k.startswith("eu-sanctions")}
    ids = sorted({s for ids in sanctions["source_ids"] for s in ids})
    b.sources.cite(ids)
    title = (_("EU sanctions against Russia and Belarus: decisions by regime")
             if (sanctions["instrument"] == "eu-sanctions-belarus").any()
             else _("EU sanctions against Russia: decisions by regime"))
    return timeline_chart(sanctions, labels, title, source_note(b.data, ids), end=b.as_of,
                          lane="instrument")


def efp_chart(b: Briefing) -> Figure | HTML:
    """The Dutch contribution to NATO's eFP battlegroup in Lithuania over time (troops)."""
    efp = measures_known(b)
    efp = efp[(efp["instrument"] == "nato-efp") & efp["value"].notna()]
    if efp.empty:
        return report.paragraph(_("No Dutch eFP troop numbers recorded by this date."))
    ids = sorted({s for ids in efp["source_ids"] for s in ids})
    if len(efp) < 2:  # one number draws a flat line: say it instead
        row = efp.iloc[-1]
        text = _("Dutch military personnel in NATO's eFP battlegroup in Lithuania: %(number)s "
                 "(%(date)s)") % {"number": format_number(row["value"]),
                                  "date": format_date(row["date"], row["date_precision"])}
        return HTML(f"<p>{html.escape(text)} <span class='cite'>{b.sources.cite(ids)}</span></p>")
    b.sources.cite(ids)
    unit = efp["unit"].iloc[0]
    return step_chart(efp[["date", "value"]], _("Dutch troops in NATO's eFP battlegroup, "
                                                "Lithuania"),
                      _("Dutch military personnel (%(unit)s)") % {"unit": unit},
                      source_note(b.data, ids), end=b.as_of)


GROUPS = {"eu-sanctions": lambda i: i.startswith("eu-sanctions"),
          "nato": lambda i: i.startswith("nato"),
          "engagement": lambda i: i in ("dialogue", "people-to-people", "arms-control")}
"""The instrument groups of the chapter's tables: EU sanctions, NATO, engagement."""


def track_measures_table(b: Briefing, group: str) -> HTML:
    """The actions of one group of instruments since the previous debate on these topics
    (the instruments table above gives each one's history in a line)."""
    start, before = change_window(b.data, b.session, b.as_of)
    rows = measures_known(b)
    rows = rows.loc[[GROUPS[group](i) for i in rows["instrument"]]]
    recent = rows[rows["date"] > pd.Timestamp(start)]
    frame = pd.DataFrame({
        _("Date"): [format_date(d, p) for d, p in zip(recent["date"], recent["date_precision"])],
        _("Instrument"): [INSTRUMENT_LABELS[i] for i in recent["instrument"]],
        _("Action"): [ACTIONS[a] for a in recent["action"]],
        _("What"): recent["description"],
        _("Sources"): [b.sources.cite(ids) for ids in recent["source_ids"]],
    })
    since = (_("Actions since the previous debate (%(date)s).") % {"date": format_date(before.date)}
             if before else _("Actions in the twelve months before %(date)s.")
             % {"date": format_date(b.as_of)})
    earlier = len(rows) - len(recent)
    note = " " + ngettext("%(count)d earlier action is summed up in the instruments table.",
                          "%(count)d earlier actions are summed up in the instruments table.",
                          earlier) % {"count": earlier} if earlier else ""
    return HTML(report.paragraph(f"{since}{note}").data
                + report.table(frame, empty=_("None in this period.")).data)
