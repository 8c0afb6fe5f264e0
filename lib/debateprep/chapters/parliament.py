"""The Kamer in the brief: parties and their lines, motions with their votes, commitments.

Everything comes from the as-of view of the data (see debateprep.data.asof), so a debate's own
motions, votes, party lines and commitments appear in the briefs of later debates only.
"""
from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML
from matplotlib.figure import Figure

from debateprep.chapters import report
from debateprep.chapters.briefing import format_date, source_note
from debateprep.chapters.charts import (A4_WIDTH_IN, GRAYS, HATCHES, add_source_line, described,
                                       house_style)
from debateprep.chapters.parameters import Briefing
from debateprep.chapters.vocabulary import COMMITMENT_STATUSES, KNOWN_FROM, OORDEEL, OUTCOMES
from debateprep.data.sessions import change_window, previous_session
from debateprep.i18n import _, ngettext

def _previous(b: Briefing):
    return previous_session(b.data, b.session)


def parties_table(b: Briefing) -> HTML:
    """Each party with its seats on the as-of date, coalition or opposition, its spokesperson
    in the previous debate on these topics and its line there, in one or two sentences."""
    parties = b.sources.record("parties", b.data.parties)
    before = _previous(b)
    members = b.data.members[b.data.members["session_id"] == (before.session_id if before else "")]
    lines = b.data.party_lines[b.data.party_lines["session_id"]
                               == (before.session_id if before else "")]
    if parties.empty:
        return _lines_without_seats(b, before, lines)
    b.sources.record("members", members)
    b.sources.record("party_lines", lines)
    speakers = {r["party"]: r["name"] for _i, r in members.iterrows() if r["role"] == "spokesperson"}
    said = {r["party"]: r for _i, r in lines.iterrows()}
    # a party without a line 'did not speak' only where the debate's lines are recorded at all;
    # where none is, every line is 'not recorded' (silence in the data is not silence)
    recorded = not lines.empty
    rows, silent = [], []
    for _i, party in parties.sort_values(["seats", "party"], ascending=[False, True]).iterrows():
        line = said.get(party["party"])
        if line is None and before is not None and recorded:
            silent.append(f"{party['party']} ({int(party['seats'])}, {_side(party)})")
            continue
        rows.append({
            _("Party"): party["party"], _("Seats"): int(party["seats"]),
            _("Side"): _side(party),
            _("Spokesperson"): speakers.get(party["party"], ""),
            _("Line in the previous debate"): (
                f"{line['summary']} {b.sources.cite(line['source_ids'])}"
                if line is not None else _("not recorded")),
            _("Seats source"): b.sources.cite(party["source_ids"]),
        })
    seats = {"date": format_date(b.as_of), "total": int(parties["seats"].sum())}
    caption = (_("Seats on %(date)s (total %(total)d); lines from the debate of %(debate)s")
               % dict(seats, debate=format_date(before.date)) if before and recorded else
               _("Seats on %(date)s (total %(total)d); the parties' lines in the debate of "
                 "%(debate)s are not recorded in the data") % dict(seats, debate=format_date(
                     before.date)) if before else
               _("Seats on %(date)s (total %(total)d); lines not available: no earlier debate in "
                 "the data") % seats)
    table = report.table(pd.DataFrame(rows), caption=caption)
    if not silent:
        return table
    return HTML(table.data + report.paragraph(
        _("Did not speak in that debate: %(parties)s.") % {"parties": "; ".join(silent)}).data)


def _side(party: pd.Series) -> str:
    return _("coalition") if party["coalition"] == "yes" else _("opposition")


def _lines_without_seats(b: Briefing, before, lines: pd.DataFrame) -> HTML:
    """The parties' lines in the previous debate, where no seat distribution in the data
    covers the as-of date: party, speaker and line, and a sentence saying the seats are missing."""
    missing = report.paragraph(_("No seat distribution in the data covers the as-of date."))
    if lines.empty:
        return missing
    b.sources.record("party_lines", lines)
    rows = [{_("Party"): r["party"], _("Speaker"): _speaker(r) or _("not named in the sources"),
             _("Line in the previous debate"): f"{r['summary']} {b.sources.cite(r['source_ids'])}"}
            for _i, r in lines.sort_values("party").iterrows()]
    table = report.table(pd.DataFrame(rows), caption=_(
        "Lines from the debate of %(date)s; parties not listed are not in the sources read")
        % {"date": format_date(before.date)})
    return HTML(missing.data + table.data)


def _speaker(line: pd.Series) -> str:
    """The speaker of a party line, or '' where the sources do not name one."""
    return "" if pd.isna(line["speaker"]) else str(line["speaker"])


def motions_votes(b: Briefing) -> HTML:
    """Each motion (motie) of the previous debate: what it asks, the cabinet's appraisal, the
    outcome and how the parties voted, as known on the as-of date."""
    before = _previous(b)
    if before is None:
        return report.paragraph(_("There is no earlier debate on these topics in the data."))
    motions = b.data.motions[b.data.motions["session_id"] == before.session_id]
    b.sources.record("motions", motions)
    if motions.empty:
        return report.paragraph(_("No motions of the debate of %(date)s were public by the "
                                  "as-of date.") % {"date": format_date(before.date)})
    votes = b.sources.record("votes", b.data.votes[b.data.votes["motion_id"].isin(
        motions["motion_id"])])
    rows = []
    for _i, motion in motions.sort_values("kamerstuk", key=lambda s: s.map(_number_order)).iterrows():
        cast = votes[votes["motion_id"] == motion["motion_id"]]
        ids = list(motion["source_ids"]) + [s for ids in cast["source_ids"] for s in ids]
        rows.append({
            _("Kamerstuk"): _kamerstuk(motion["kamerstuk"]),
            _("Submitters"): f"{'; '.join(motion['submitters'])} ({', '.join(dict.fromkeys(motion['parties']))})",
            _("Asks"): motion["summary"],
            _("Cabinet's appraisal"): OORDEEL.get(motion["oordeel"], _("not recorded")),
            _("Outcome"): outcome_line(b, motion),
            _("Votes"): vote_line(cast),
            _("Sources"): b.sources.cite(list(dict.fromkeys(ids))),
        })
    frame = pd.DataFrame(rows)
    notes = []
    for column, note in ((_("Votes"), _("The parties' votes on these motions are not recorded "
                                         "in the sources.")),
                         (_("Cabinet's appraisal"), _("The cabinet's appraisal (oordeel) of "
                                                      "these motions is not recorded in the "
                                                      "sources."))):
        if (frame[column].isin([_("not recorded")])).all():
            frame = frame.drop(columns=column)
            notes.append(note)
    table = report.table(frame)
    return HTML(table.data + "".join(report.paragraph(n).data for n in notes))


def motions_since(b: Briefing) -> HTML:
    """Every motion on the debate's topics (its `topic` column) filed since the previous debate
    on them, up to the as-of date, other than that debate's own (listed above): number, date,
    submitters and parties, what it asks, the debate it was filed in, the cabinet's appraisal
    and the outcome as known on the as-of date."""
    start, before = change_window(b.data, b.session, b.as_of)
    motions = b.data.motions
    window = motions[(motions["date"] > pd.Timestamp(start))
                     & (motions["date"] <= pd.Timestamp(b.as_of))
                     & motions["topic"].isin(b.session.topics)]
    if before is not None:
        window = window[window["session_id"] != before.session_id]
    window = b.sources.record("motions", window.sort_values(
        ["date", "kamerstuk"], key=lambda s: s.map(_number_order) if s.name == "kamerstuk" else s))
    period = (_("since the previous debate on these topics (%(date)s)")
              % {"date": format_date(before.date)} if before else
              _("in the twelve months before %(date)s") % {"date": format_date(b.as_of)})
    if window.empty:
        return report.paragraph(_("No motion on these topics filed %(period)s is recorded.")
                                % {"period": period})
    sessions = dict(zip(b.data.sessions["session_id"], b.data.sessions["title"]))
    frame = pd.DataFrame({
        _("Kamerstuk"): [_kamerstuk(k) for k in window["kamerstuk"]],
        _("Filed"): [format_date(d) for d in window["date"]],
        _("Submitters"): [f"{'; '.join(m)} ({', '.join(dict.fromkeys(p))})"
                          for m, p in zip(window["submitters"], window["parties"])],
        _("Asks"): window["summary"],
        _("Debate"): [sessions.get(s) or d or _("not recorded")
                      for s, d in zip(window["session_id"].fillna(""),
                                      window["debate"].fillna(""))],
        _("Cabinet's appraisal"): [OORDEEL.get(o, _("not recorded")) if isinstance(o, str)
                                   else _("not recorded") for o in window["oordeel"]],
        _("Outcome"): [outcome_line(b, r) for _i, r in window.iterrows()],
        _("Sources"): [b.sources.cite(ids) for ids in window["source_ids"]],
    })
    intro = report.paragraph(
        ngettext("%(count)d motion on these topics was filed %(period)s:",
                 "%(count)d motions on these topics were filed %(period)s:", len(frame))
        % {"count": len(frame), "period": period})
    if (window["outcome"] == "unknown").all():  # said once, not in every row
        frame = frame.drop(columns=_("Outcome"))
        intro = HTML(intro.data + report.paragraph(
            _("The outcome of the vote on these motions is not recorded in the sources read.")).data)
    return HTML(intro.data + report.table(frame).data.replace(
        "class=\"dataframe briefing-table\"", "class=\"dataframe briefing-table motions-since\"", 1))


def outcome_line(b: Briefing, motion: pd.Series) -> str:
    """'adopted (aangenomen), 2 December 2025; carried out in part, ...': the outcome, the vote's
    date where known, and the report of its execution as known on the as-of date."""
    voted = f", {format_date(motion['vote_date'])}" if pd.notna(motion["vote_date"]) else ""
    return OUTCOMES[motion["outcome"]] + voted + execution_line(b, motion)


def execution_line(b: Briefing, motion: pd.Series) -> str:
    """'; carried out in part, 8 December 2025: <what> [n]' for an adopted motion whose
    execution the cabinet had reported by the as-of date; '' otherwise."""
    if not isinstance(motion["execution"], str):
        return ""
    if motion["execution"] == "partly":
        words = _("carried out in part, %(date)s: %(what)s") % {
            "date": format_date(motion["execution_date"]), "what": motion["execution_note"]}
    else:
        words = _("carried out, %(date)s") % {"date": format_date(motion["execution_date"])}
    return "; " + words + " " + b.sources.cite(motion["execution_source_ids"])


def _number_order(number: str) -> tuple:
    """Sort key for Kamerstuk numbers as a reader counts: 35373-5 before 35373-10, and a
    motion whose number is not known after the numbered ones of its dossier."""
    parts = number.split("-")
    numbered = len(parts) > 1 and parts[-1].isdigit()
    return (parts[0], not numbered, *(int(p) if p.isdigit() else 0 for p in parts[1:]))


def _kamerstuk(number: str, missing: str | None = None) -> str:
    """'35373-14' as staff write it: '35 373, nr. 14'; '21501-02-3316' (a dossier with a
    part number): '21 501-02, nr. 3316'; '35570-V' (a bill whose motion number is not known):
    'dossier 35 570 V (number not found)', or '35 570 V' with missing ''; a bare dossier where a
    document's number is not known: 'dossier 35 373 (number not found)'; no number at all:
    'not recorded' (or '' where missing is '')."""
    missing = _("number not found") if missing is None else missing
    if not number:  # no source read gives the dossier either
        return _("not recorded") if missing else ""
    dossier, _sep, nr = number.partition("-")
    if dossier.isdigit() and len(dossier) > 3:
        dossier = f"{dossier[:-3]} {dossier[-3:]}"
    if nr and nr[0].isalpha():  # '35570-V-42'
        part, _sep, nr = nr.partition("-")
        dossier = f"{dossier} {part}"
    elif nr.count("-") == 1 and all(p.isdigit() for p in nr.split("-")):  # '21501-02-3316'
        part, _sep, nr = nr.partition("-")
        dossier = f"{dossier}-{part}"
    if nr:
        return f"{dossier}, nr. {nr}"
    return _("dossier %(dossier)s (%(missing)s)") % {"dossier": dossier, "missing": missing} \
        if missing else dossier


def vote_line(cast: pd.DataFrame) -> str:
    """'For: 118 seats (VVD, CDA, ...) · Against: 32 seats (...)', or 'not recorded'."""
    if cast.empty:
        return _("not recorded")
    parts = []
    for side, label in (("for", _("For")), ("against", _("Against"))):
        rows = cast[cast["vote"] == side].sort_values("seats", ascending=False)
        parts.append(_("%(side)s: %(seats)d seats (%(parties)s)")
                     % {"side": label, "seats": int(rows["seats"].sum()),
                        "parties": ", ".join(rows["party"])}
                     if len(rows) else _("%(side)s: none") % {"side": label})
    return " · ".join(parts)


def vote_chart(b: Briefing) -> Figure | HTML:
    """Seats for and against each voted motion of the previous debate, one segment per party
    (labelled, hatched, readable in grayscale)."""
    before = _previous(b)
    votes = b.data.votes
    if before is None or votes.empty:
        return HTML("")  # the motions table says that no votes are recorded
    motions = b.data.motions[b.data.motions["session_id"] == before.session_id]
    votes = votes[votes["motion_id"].isin(motions["motion_id"])]
    if votes.empty:
        return HTML("")
    b.sources.record("votes", votes)
    ids = sorted({s for ids in votes["source_ids"] for s in ids})
    b.sources.cite(ids)
    titles = dict(zip(motions["motion_id"], motions["title"]))
    order = list(dict.fromkeys(votes["motion_id"]))
    with house_style():
        fig = Figure(figsize=(A4_WIDTH_IN, 0.9 + 1.0 * len(order)))
        ax = fig.subplots()
        for row, motion_id in enumerate(order):
            cast = votes[votes["motion_id"] == motion_id].sort_values("seats", ascending=False)
            for lane, side in enumerate(("for", "against")):
                left = 0
                for k, (_i, party) in enumerate(cast[cast["vote"] == side].iterrows()):
                    y = row * 2.6 + lane
                    ax.barh(y, party["seats"], left=left, color=GRAYS[k % 4 + 1 if side == "for" else 3],
                            hatch=HATCHES[k % len(HATCHES)], edgecolor="white", height=0.85)
                    if party["seats"] >= 6:
                        ax.text(left + party["seats"] / 2, y, party["party"], ha="center",
                                va="center", fontsize=6.5, color="black",
                                bbox={"facecolor": "white", "alpha": 0.7, "pad": 0.5, "lw": 0})
                    left += party["seats"]
        ticks = [(r * 2.6 + lane, f"{_short(titles[m])}: {side}") for r, m in enumerate(order)
                 for lane, side in enumerate((_("for"), _("against")))]
        ax.set_yticks([t for t, _l in ticks], [label for _t, label in ticks], fontsize=7.5)
        ax.invert_yaxis()
        ax.axvline(76, color="#333333", linewidth=0.8, linestyle="--")
        ax.set_xlim(0, 150)
        ax.set_xlabel(_("Seats (150 in all; 76 is a majority)"))
        ax.set_title(_("How the parties voted on the previous debate's motions"))
        fig.tight_layout()
        add_source_line(fig, source_note(b.data, ids))
    lines = []
    for motion_id in order:
        cast = votes[votes["motion_id"] == motion_id]
        sides = {side: cast[cast["vote"] == side].sort_values("seats", ascending=False)
                 for side in ("for", "against")}
        lines.append(_("%(motion)s: %(for)d seats for (%(for_parties)s), %(against)d against "
                       "(%(against_parties)s)") % {
            "motion": titles[motion_id], "for": int(sides["for"]["seats"].sum()),
            "for_parties": ", ".join(sides["for"]["party"]) or _("none"),
            "against": int(sides["against"]["seats"].sum()),
            "against_parties": ", ".join(sides["against"]["party"]) or _("none")})
    return described(fig, _("How the parties voted on the previous debate's motions") + ": "
                     + "; ".join(lines) + ".")


def _short(title: str, limit: int = 38) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


def commitments_known(b: Briefing) -> pd.DataFrame:
    """The commitments a brief shows: open on the as-of date, and those fulfilled or withdrawn
    since the previous debate on these topics; oldest first, with `overdue` (open past a due
    date) as known on the as-of date."""
    rows = b.data.commitments
    start, _w = change_window(b.data, b.session, b.as_of)
    keep = (rows["status"] == "open") | (rows["status"] == "unknown") | (
        rows["status_date"].notna() & (rows["status_date"] > pd.Timestamp(start)))
    rows = rows[keep].sort_values(["date", "commitment_id"])
    overdue = (rows["status"] == "open") & rows["due_date"].notna() & (
        rows["due_date"] < pd.Timestamp(b.as_of))
    return rows.assign(overdue=overdue)


def commitments_table(b: Briefing) -> HTML:
    """The minister's commitments (toezeggingen): who promised what to whom in which debate,
    the term as stated, the status as known on the as-of date (overdue ones marked) with the
    document that changed it, and how each is known."""
    rows = b.sources.record("commitments", commitments_known(b))
    if rows.empty:
        return report.paragraph(_("No commitments (toezeggingen) of earlier debates are "
                                  "recorded in the data by the as-of date; the Kamer's register "
                                  "of toezeggingen is the place to check."))
    sessions = dict(zip(b.data.sessions["session_id"], b.data.sessions["title"]))
    status = []
    for _i, r in rows.iterrows():
        word = COMMITMENT_STATUSES[r["status"]]
        if r["overdue"]:
            word = _("overdue: promised for %(due)s, not delivered") % {
                "due": r["due"] or format_date(r["due_date"])}
        elif pd.notna(r["status_date"]) and r["status"] != "open":
            word += f", {format_date(r['status_date'])}"
        if len(r["status_source_ids"]):
            word += " " + b.sources.cite(r["status_source_ids"])
        status.append(word)
    frame = pd.DataFrame({
        _("Made"): [format_date(d) for d in rows["date"]],
        _("Debate"): [sessions.get(s) or d or _("not recorded")
                      for s, d in zip(rows["session_id"].fillna(""), rows["debate"].fillna(""))],
        _("Minister"): rows["minister"], _("Made to"): rows["to_member"].fillna(""),
        _("Commitment"): rows["text"],
        _("Due"): rows["due"].fillna(""),
        _("Status"): status,
        _("Known from"): [KNOWN_FROM[k] for k in rows["known_from"]],
        _("Sources"): [b.sources.cite(ids) for ids in rows["source_ids"]],
    })
    return report.table(frame)


def suggested_questions(b: Briefing) -> list[tuple[str, tuple]]:
    """A question for the minister for each commitment overdue on the as-of date, and for each
    adopted motion on the debate's topics that the cabinet had reported carrying out only in
    part (editorial: the debateprep editors' suggestion, built
    from the record), with its sources. An adopted motion with no report of its execution
    gets none: the record cannot tell an execution not reported from one not recorded."""
    rows = commitments_known(b)
    rows = b.sources.record("commitments", rows[rows["overdue"]])
    questions = [(_("When will the Kamer receive what the minister promised on %(date)s for "
                    "%(due)s: %(text)s?") % {"date": format_date(r["date"]),
                                             "due": r["due"] or format_date(r["due_date"]),
                                             "text": r["text"].rstrip(".")},
                  tuple(r["source_ids"])) for _i, r in rows.iterrows()]
    for _i, r in b.sources.record("motions", partly_carried_out(b)).iterrows():
        questions.append((
            _("The Kamer adopted %(motion)s on %(voted)s; on %(date)s the cabinet reported "
              "carrying it out in part (%(what)s). When will the rest follow?")
            % {"motion": r["title"], "voted": format_date(r["vote_date"]),
               "date": format_date(r["execution_date"]),
               "what": r["execution_note"].rstrip(".")},
            tuple(r["source_ids"]) + tuple(r["execution_source_ids"])))
    return questions


def partly_carried_out(b: Briefing) -> pd.DataFrame:
    """The motions on the debate's topics that, as known on the as-of date, the Kamer had
    adopted and the cabinet had reported carrying out only in part, oldest vote first. (Not
    only those of the last period: the rest stays owed until a report says it is done.)"""
    motions = b.data.motions
    return motions[(motions["outcome"] == "adopted") & (motions["execution"] == "partly")
                   & motions["topic"].isin(b.session.topics)].sort_values(
        ["vote_date", "motion_id"])


def overdue_lines(b: Briefing) -> list[tuple[str, str]]:
    """One line per commitment overdue on the as-of date, with its citation (for page 1)."""
    rows = commitments_known(b)
    rows = b.sources.record("commitments", rows[rows["overdue"]])
    return [(_("%(minister)s promised on %(date)s: %(text)s (for %(due)s, not delivered)")
             % {"minister": r["minister"].split(",")[0], "date": format_date(r["date"]),
                "text": r["text"], "due": r["due"] or format_date(r["due_date"])},
             b.sources.cite(r["source_ids"])) for _i, r in rows.iterrows()]


def party_lines_summary(b: Briefing) -> list[str]:
    """One line per party that spoke in the previous debate (for the summary page)."""
    before = _previous(b)
    if before is None:
        return []
    lines = b.data.party_lines[b.data.party_lines["session_id"] == before.session_id]
    b.sources.record("party_lines", lines)
    return [(f"{r['party']}{f' ({s})' if (s := _speaker(r)) else ''}: {r['headline']}",
             b.sources.cite(r["source_ids"])) for _i, r in lines.iterrows()]


__all__ = ["parties_table", "motions_votes", "motions_since", "vote_chart", "commitments_table",
           "overdue_lines",
           "party_lines_summary", "html"]
