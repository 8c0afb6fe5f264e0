"""The Kamer in the brief (issue 11): seats, votes and outcomes, the vote chart, and what the
brief of the debate after the notaoverleg shows."""
from __future__ import annotations

import csv

from debateprep import cli

from debateprep.chapters import parliament
from debateprep.chapters.parameters import start_briefing

from conftest import DATA, replace_in


def rows(name: str) -> list[dict]:
    with open(DATA / f"{name}.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def seats_on(day: str) -> dict[str, int]:
    return {r["party"]: int(r["seats"]) for r in rows("parties")
            if r["start_date"] <= day and (not r["end_date"] or day <= r["end_date"])}


def test_seats_sum_to_150_on_every_session_date_the_data_covers():
    covered = 0
    for session in rows("sessions"):
        seats = seats_on(session["date"])
        if seats:
            covered += 1
            assert sum(seats.values()) == 150, session["session_id"]
    assert covered >= 6  # the others are listed as a limit in the README


def test_recorded_votes_give_the_recorded_outcome():
    motions = {r["motion_id"]: r for r in rows("motions")}
    by_motion: dict[str, dict[str, int]] = {}
    for vote in rows("votes"):
        tally = by_motion.setdefault(vote["motion_id"], {"for": 0, "against": 0})
        if vote["vote"] in tally:
            tally[vote["vote"]] += int(vote["seats"])
    assert by_motion
    for motion_id, tally in by_motion.items():
        expected = "adopted" if tally["for"] > tally["against"] else "rejected"
        assert motions[motion_id]["outcome"] == expected, motion_id
        assert sum(tally.values()) <= 150


def test_validate_refuses_an_outcome_the_votes_contradict(mini_dir, capsys):
    replace_in(mini_dir / "votes.csv", "kst-35373-14,PvdA,for,90", "kst-35373-14,PvdA,against,90")
    assert cli.main(["validate", "--data", str(mini_dir)]) == 1
    err = capsys.readouterr().err
    assert "motions.csv:2: column 'outcome': value 'adopted'" in err and "'rejected'" in err


def test_validate_takes_an_outcome_without_votes_but_not_without_its_date(mini_dir, capsys):
    text = (mini_dir / "votes.csv").read_text()
    (mini_dir / "votes.csv").write_text(text.splitlines()[0] + "\n")
    assert cli.main(["validate", "--data", str(mini_dir)]) == 0  # a source states the outcome
    capsys.readouterr()
    replace_in(mini_dir / "motions.csv", "adopted,2020-10-06", "adopted,")
    assert cli.main(["validate", "--data", str(mini_dir)]) == 1
    assert "column 'vote_date'" in capsys.readouterr().err


def test_the_brief_after_the_notaoverleg_shows_parties_motions_and_votes():
    b = start_briefing("2020-11-11-foreign-affairs-budget")
    parties = parliament.parties_table(b).data
    for line in rows("party_lines"):
        if line["session_id"] == "2020-09-28-russia-strategy":
            assert line["party"] in parties and line["speaker"] in parties
    motions = parliament.motions_votes(b).data
    notaoverleg = [m for m in rows("motions") if m["session_id"] == "2020-09-28-russia-strategy"]
    assert notaoverleg and all(parliament._kamerstuk(m["kamerstuk"]) in motions for m in notaoverleg)
    assert "votes on these motions are not recorded" in motions  # unknown stays unknown


def test_the_vote_chart_draws_each_party_with_its_seats():
    b = start_briefing("2022-02-28-ukraine-invasion")  # previous debate: the 2020 budget debate
    fig = parliament.vote_chart(b)
    votes = [v for v in rows("votes") if v["motion_id"] == "kst-35570-v-nn-aliyev-sanctions"]
    widths = sorted(round(p.get_width()) for p in fig.axes[0].patches)
    assert widths == sorted(int(v["seats"]) for v in votes)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert all(v["party"] in labels for v in votes if int(v["seats"]) >= 6)
    assert fig.axes[0].get_xlim() == (0, 150)


def test_without_seats_on_the_date_the_brief_still_gives_each_partys_line():
    b = start_briefing("2022-03-17-foreign-affairs-council")  # previous: 28 February 2022
    assert not seats_on(b.as_of.isoformat())  # the data has no seat table for March 2022
    shown = parliament.parties_table(b).data
    lines = [r for r in rows("party_lines") if r["session_id"] == "2022-02-28-ukraine-invasion"]
    assert lines and "No seat distribution" in shown
    for line in lines:
        assert line["party"] in shown and line["summary"].split(".")[0] in shown
        assert (line["speaker"] or "not named in the sources") in shown


def test_the_summary_names_a_partys_speaker_only_where_the_sources_do():
    b = start_briefing("2022-03-17-foreign-affairs-council")
    said = dict(parliament.party_lines_summary(b))
    for line in rows("party_lines"):
        if line["session_id"] == "2022-02-28-ukraine-invasion":
            who = f"{line['party']} ({line['speaker']})" if line["speaker"] else line["party"]
            assert f"{who}: {line['headline']}" in said


def test_kamerstuk_numbers_are_written_as_staff_write_them():
    # the forms used on officielebekendmakingen.nl and in the Kamer's own papers
    assert parliament._kamerstuk("35373-14") == "35 373, nr. 14"
    assert parliament._kamerstuk("21501-02-3316") == "21 501-02, nr. 3316"
    assert parliament._kamerstuk("21501-20-2279") == "21 501-20, nr. 2279"
    assert parliament._kamerstuk("36600-V-51") == "36 600 V, nr. 51"
    assert parliament._kamerstuk("35570-V", missing="") == "35 570 V"
    assert parliament._kamerstuk("35373") == "dossier 35 373 (number not found)"


def test_motions_are_listed_in_the_order_of_their_numbers():
    b = start_briefing("2020-11-11-foreign-affairs-budget")
    shown = parliament.motions_votes(b).data
    notaoverleg = [m for m in rows("motions") if m["session_id"] == "2020-09-28-russia-strategy"]
    numbered = sorted((m for m in notaoverleg if "-" in m["kamerstuk"]),
                      key=lambda m: int(m["kamerstuk"].split("-")[1]))
    positions = [shown.index(f"<td>{parliament._kamerstuk(m['kamerstuk'])}</td>") for m in numbered]
    assert len(numbered) > 2 and positions == sorted(positions)
    unnumbered = [m for m in notaoverleg if "-" not in m["kamerstuk"]]
    assert unnumbered and shown.index("(number not found)") > positions[-1]


# --- the Kamer's record: commitments as known on the as-of date, motions since the last debate --

def test_a_commitment_past_its_due_date_is_overdue_on_page_one_and_raises_a_question():
    from debateprep.chapters import overview, parliament, summary
    from debateprep.chapters.parameters import start_briefing
    from conftest import MINI
    # c-1 (mini data): promised 2020-09-28, due 2020-12-31, fulfilled 2021-02-12
    late = start_briefing("2021-05-01-third", "2021-01-15", data_dir=MINI)
    table = parliament.commitments_table(late).data
    assert "overdue: promised for before the end of 2020, not delivered" in table
    assert "fulfilled" not in table  # not yet known on 15 January 2021
    page_one = summary.questions(late).data
    assert "Overdue commitments" in page_one and "Will write a letter on dialogue" in page_one
    assert "When will the Kamer receive what the minister promised on 28 September 2020" in page_one
    assert "When will the Kamer receive" in overview.top_questions(late).data
    done = start_briefing("2021-05-01-third", "", data_dir=MINI)  # as of 30 April 2021
    table = parliament.commitments_table(done).data
    assert "overdue" not in table and "fulfilled, 12 February 2021" in table
    assert "Overdue commitments" not in summary.questions(done).data


def test_a_status_date_before_the_promise_or_a_bad_due_date_is_refused(mini_dir):
    from conftest import replace_in
    from debateprep.data.validation import check_data
    line = replace_in(mini_dir / "commitments.csv", ",fulfilled,2021-02-12,", ",fulfilled,2020-01-01,")
    replace_in(mini_dir / "commitments.csv", ",2020-12-31,s-kamer,report,", ",end of 2020,s-kamer,report,")
    found = [str(p) for p in check_data(mini_dir).problems]
    assert any(f"commitments.csv:{line}: column 'status_date': value '2020-01-01' — expected a "
               "date on or after the commitment's own date (2020-09-28)" in p for p in found)
    assert any(f"commitments.csv:{line}: column 'due_date': value 'end of 2020'" in p for p in found)


def test_a_fulfilled_commitment_names_the_document_that_fulfilled_it(mini_dir):
    from conftest import replace_in
    from debateprep.data.validation import check_data
    line = replace_in(mini_dir / "commitments.csv", ",2020-12-31,s-kamer,report,", ",2020-12-31,,report,")
    found = [str(p) for p in check_data(mini_dir).problems]
    assert any(f"commitments.csv:{line}: column 'status_source_ids'" in p for p in found)


def test_the_motions_since_the_previous_debate_are_those_on_its_topics_from_the_data():
    """Expected rows from the CSV files: every motion whose topic is one of the debate's, filed
    after the previous debate and by the as-of date, other than the previous debate's own."""
    import csv
    from debateprep.chapters import parliament
    from debateprep.chapters.parameters import start_briefing
    from conftest import DATA
    sessions = {r["session_id"]: r for r in csv.DictReader(open(DATA / "sessions.csv"))}
    this = sessions["2025-09-30-informal-european-summit"]
    before = sessions["2025-03-26-nato-ministerial-tweeminutendebat"]
    topics = set(this["topics"].split(";"))
    want = {r["motion_id"] for r in csv.DictReader(open(DATA / "motions.csv"))
            if before["date"] < r["date"] <= "2025-09-29" and r["topic"] in topics
            and r["session_id"] != before["session_id"]}
    b = start_briefing(this["session_id"], "", data_dir=DATA)
    text = parliament.motions_since(b).data
    assert set(b.sources.shown["motions"]) == want and len(want) > 10
    assert "oordeel Kamer" in text and "Debat over de NAVO-top van 24 en 25 juni in Den Haag" in text
    assert "not recorded in the sources read" in text  # no outcome known: said once


def test_a_fulfilment_is_known_only_once_its_document_is_public(mini_dir):
    """c-1 is fulfilled on 12 February 2021 by a letter published on 1 March 2021: a brief as
    of 20 February 2021 still has it open (and overdue), one as of 2 March has it fulfilled."""
    from conftest import append_row, replace_in
    from debateprep.chapters import parliament
    from debateprep.chapters.parameters import start_briefing
    append_row(mini_dir / "sources.csv", "s-late,Letter,Tweede Kamer,https://example.org/l,"
               "2021-03-01,2026-11-25,parliament,nl")
    replace_in(mini_dir / "commitments.csv", ",2020-12-31,s-kamer,report,", ",2020-12-31,s-late,report,")
    early = parliament.commitments_table(start_briefing("2021-05-01-third", "2021-02-20",
                                                        data_dir=mini_dir)).data
    assert "overdue" in early and "fulfilled" not in early
    later = parliament.commitments_table(start_briefing("2021-05-01-third", "2021-03-02",
                                                        data_dir=mini_dir)).data
    assert "fulfilled, 12 February 2021" in later


def test_an_agenda_document_without_a_date_counts_from_its_source():
    """Agenda rows the report lists without a date are shown once their source is public
    (expected rows from the CSV files)."""
    import csv
    from debateprep.chapters import summary
    from debateprep.chapters.parameters import start_briefing
    from conftest import DATA
    session = "2026-03-12-foreign-affairs-council"
    rows = [r for r in csv.DictReader(open(DATA / "agenda.csv")) if r["session_id"] == session]
    assert rows and any(not r["date"] for r in rows)
    b = start_briefing(session, "", data_dir=DATA)
    summary.debate(b)
    assert sorted(b.sources.shown["agenda"]) == sorted(f"{session}#{r['item_no']}" for r in rows)
