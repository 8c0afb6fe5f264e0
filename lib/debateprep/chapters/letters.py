"""The 2020 open-letters debate: the five pieces, the two schools, and the Dutch motions."""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from debateprep.chapters import report
from debateprep.chapters.briefing import format_date
from debateprep.chapters.parameters import Briefing
from debateprep.data.sessions import known_on
from debateprep.i18n import N_, _

SCHOOLS = {"what-to-do": N_("‘What is to be done’ (engagement)"),
           "who-is-to-blame": N_("‘Who is to blame’ (pressure)")}


def letters_known(b: Briefing) -> pd.DataFrame:
    """The letters published on or before the as-of date, in order."""
    return b.sources.record("positions", known_on(b.data.positions, b.as_of)
                            .sort_values(["date", "position_id"]))


def signatories(row: pd.Series) -> str:
    """Signatory count as the source gives it."""
    if pd.notna(row["signatory_count"]):
        return str(int(row["signatory_count"]))
    return row["signatory_note"] or _("not stated")


def letters_table(b: Briefing) -> HTML:
    """Date, title, outlet, camp, school and signatories of each letter."""
    rows = letters_known(b)
    frame = pd.DataFrame({
        _("Date"): [format_date(d) for d in rows["date"]], _("Title"): rows["title"],
        _("Signatories"): [signatories(r) for _i, r in rows.iterrows()],
        _("Notable signatories"): ["; ".join(n) for n in rows["notable_signatories"]],
        _("School"): [_(SCHOOLS[s]) for s in rows["school"]],
        _("Sources"): [b.sources.cite(ids) for ids in rows["source_ids"]],
    })
    return report.table(frame, empty=_("None of the letters was published by this date."))


def claims_side_by_side(b: Briefing) -> HTML:
    """The core claims of each school in two columns."""
    rows = letters_known(b)
    heads, cells = [], []
    for school, label in SCHOOLS.items():
        items = "".join(
            f"<li><strong>{html.escape(r['title'])}</strong><ul>"
            + "".join(f"<li>{html.escape(c)}</li>" for c in r["core_claims"]) + "</ul></li>"
            for _i, r in rows[rows["school"] == school].iterrows())
        none = "<li><em>" + html.escape(_("none by this date")) + "</em></li>"
        # each school heads its column: a table whose cells say which school they belong to
        # (in the tagged PDF and in Word too), not two untitled cells
        heads.append(f"<th scope='col'>{html.escape(_(label))}</th>")
        cells.append(f"<td><ul>{items or none}</ul></td>")
    return HTML("<table class='side-by-side'><thead><tr>" + "".join(heads) + "</tr></thead>"
                "<tbody><tr>" + "".join(cells) + "</tr></tbody></table>")


def alert_view(b: Briefing) -> HTML:
    """The Clingendael alert's own assessment of the letters debate, point by point, labelled
    as the alert's view (an analysis the brief reports, not a fact it establishes)."""
    points = b.data.considerations
    points = b.sources.record("considerations", known_on(
        points[points["part"] == "assessment"], b.as_of).sort_values("order"))
    if points.empty:
        return report.paragraph(_("The alert's assessment was not yet published by this date."))
    items = "".join(f"<li><strong>{html.escape(r['heading'])}.</strong> "
                    f"{html.escape(r['summary'])} {b.sources.cite(r['source_ids'])}</li>"
                    for _i, r in points.iterrows())
    label = _("The alert's view, not established fact: the Clingendael alert's own assessment, "
              "in our words.")
    return HTML(f"<div class='alert-view'><p class='label'><strong>{html.escape(label)}</strong>"
                f"</p><ul>{items}</ul></div>")
