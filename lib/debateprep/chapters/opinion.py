"""Public threat perceptions: the surveys known by the as-of date, as tables and charts."""
from __future__ import annotations

import pandas as pd
from IPython.display import HTML, display
from matplotlib.figure import Figure

from debateprep.chapters import report
from debateprep.chapters.briefing import format_date, source_note
from debateprep.chapters.charts import stacked_share_chart
from debateprep.chapters.parameters import Briefing
from debateprep.data.sessions import known_on
from debateprep.i18n import _, format_number

ALL = "All respondents"


def polls_known(b: Briefing) -> pd.DataFrame:
    """Poll rows published on or before the as-of date."""
    return b.sources.record("polls", known_on(b.data.polls, b.as_of, column="published"))


def poll_ids(b: Briefing) -> list[str]:
    """The surveys known by the as-of date, oldest first."""
    polls = polls_known(b).sort_values(["published", "poll_id"])
    return list(dict.fromkeys(polls["poll_id"]))


def fieldwork(row: pd.Series) -> str:
    """Fieldwork period in full dates, or 'not stated'."""
    start, end = row["fieldwork_start"], row["fieldwork_end"]
    if pd.isna(start) and pd.isna(end):
        return _("not stated")
    if pd.isna(start) or start == end:
        return format_date(end if pd.notna(end) else start)
    return _("%(start)s to %(end)s") % {"start": format_date(start), "end": format_date(end)}


def sample(row: pd.Series) -> str:
    """Sample size as published: an exact n, or the source's own wording."""
    if pd.notna(row["sample_size"]):
        return f"n = {format_number(int(row['sample_size']))}"
    return row["sample_note"] or _("not stated")


def single_result(rows: pd.DataFrame) -> str:
    """A survey's one published figure ('77%: Agree'), or '' when it has several answers or
    groups (those are charted)."""
    if len(rows) != 1:
        return ""
    row = rows.iloc[0]
    return f"{format_number(row['share_pct'])}%: {row['answer']}"


def surveys_table(b: Briefing) -> HTML:
    """One row per survey question, newest first: who asked what, of whom, when, how many
    answered, and the result where it is one figure (the others are charted below; with every
    survey charted, the table has no result column)."""
    rows, results = [], []
    known = polls_known(b)
    for poll_id in reversed(poll_ids(b)):
        own = known[known["poll_id"] == poll_id]
        first = own.iloc[0]
        asked = first["question"]
        note = first.get("question_note")
        if isinstance(note, str) and note:  # the curator's note on the wording, in the edition's language
            asked = f"{asked} ({note})"
        results.append(single_result(own))
        rows.append({_("Pollster"): first["pollster"], _("Question (as asked)"): asked,
                     # the question in the edition's language, where it differs from the original
                     _("In English"): first["question_en"], _("Fieldwork"): fieldwork(first),
                     _("Published"): format_date(first["published"]),
                     _("Population"): first["population"], _("Sample"): sample(first),
                     _("Sources"): b.sources.cite(first["source_ids"])})
    frame = pd.DataFrame(rows)
    if any(results):
        frame.insert(len(frame.columns) - 1, _("Result"),
                     [r or _("see the chart below") for r in results])
    return report.table(frame, empty=_("No surveys published by this date."))


def answer_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One survey's rows as shares: one row per group ('All respondents' first), one column
    per answer in the published order, in %."""
    table = rows.pivot_table(index="group", columns="answer", values="share_pct", sort=False)
    curated = rows["group_en"] if "group_en" in rows else rows["group"]  # as curated (English)
    everyone = list(dict.fromkeys(rows.loc[curated == ALL, "group"]))
    groups = everyone + [g for g in dict.fromkeys(rows["group"]) if g not in everyone]
    return table.reindex([g for g in groups if g in table.index])[list(dict.fromkeys(rows["answer"]))]


def shares(b: Briefing, poll_id: str) -> pd.DataFrame:
    """Answer shares of one survey known on the as-of date (see answer_table)."""
    return answer_table(polls_known(b)[lambda f: f["poll_id"] == poll_id])


def poll_chart(b: Briefing, poll_id: str) -> Figure:
    """One survey's answers as 100% bars per group, with question, fieldwork and sample."""
    rows = polls_known(b)[lambda f: f["poll_id"] == poll_id]
    first = rows.iloc[0]
    b.sources.cite(first["source_ids"])
    note = _("Question: “%(question)s” · Fieldwork: %(fieldwork)s · %(sample)s · "
             "%(population)s") % {"question": first["question_en"], "fieldwork": fieldwork(first),
                                  "sample": sample(first), "population": first["population"]}
    total = rows.groupby("group")["share_pct"].sum()
    if (total.round() != 100).any():
        note += " · " + _("Shares as published; they do not always add up to 100.")
    return stacked_share_chart(shares(b, poll_id), f"{first['pollster']}, "
                               f"{format_date(first['published'], 'month')}",
                               source_note(b.data, first["source_ids"]), note=note)


def all_poll_charts(b: Briefing) -> None:
    """Display one chart per survey known by the as-of date with several answers or groups,
    oldest first; a survey with one published figure has it in the table (a one-bar chart
    says nothing more)."""
    ids = poll_ids(b)
    if not ids:
        display(report.paragraph(_("No surveys published by this date.")))
    known = polls_known(b)
    counts = known["poll_id"].value_counts()
    for poll_id in ids:
        if counts[poll_id] > 1:
            display(poll_chart(b, poll_id))
    if ids and (counts[ids] == 1).any():
        display(report.paragraph(_("A survey with one published figure has it in the table "
                                   "above; only surveys with several answers or groups are "
                                   "charted.")))
