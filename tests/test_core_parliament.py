"""The Kamer's record on small data: a motion's execution as known on the as-of date, the
question it raises when only part was carried out, and motions without a known number.

Expected values come from tests/fixtures/mini (the Ploumen motion kst-35373-14, adopted on
6 October 2020 in the debate of 28 September 2020; source s-kamer published 6 October 2020)."""
from __future__ import annotations

import pandas as pd
import pytest

from debateprep.chapters import parliament
from debateprep.chapters.parameters import start_briefing
from debateprep.data.validation import check_data
from debateprep.i18n import language

from conftest import replace_in

PLOUMEN = "kst-35373-14,35373-14,2020-09-28-second,2020-09-28,Motie Ploumen c.s.,"
EXECUTED = "s-kamer,,partly,2020-10-07,s-kamer,half of it,NL Asks for more dialogue.,NL half of it"


@pytest.fixture
def executed(mini_dir):
    """The mini data with the Ploumen motion reported carried out in part on 7 October 2020,
    and the third debate also on its topic (engagement)."""
    replace_in(mini_dir / "motions.csv", "s-kamer,,,,,,NL Asks for more dialogue.,", EXECUTED)
    replace_in(mini_dir / "sessions.csv", "Minister C,,arms-control,", "Minister C,,arms-control;engagement,")
    return mini_dir


def brief(data_dir, as_of="", session="2021-05-01-third", lang="en"):
    return start_briefing(session, as_of, data_dir=data_dir, lang=lang)


def test_a_partly_carried_out_motion_raises_a_question_citing_the_motion_and_the_report(executed):
    questions = parliament.suggested_questions(brief(executed))
    assert questions == [(
        "The Kamer adopted Motie Ploumen c.s. on 6 October 2020; on 7 October 2020 the cabinet "
        "reported carrying it out in part (half of it). When will the rest follow?",
        ("s-kamer", "s-kamer"))]


def test_the_question_is_in_dutch_in_the_dutch_brief(executed):
    (text, _ids), = parliament.suggested_questions(brief(executed, lang="nl"))
    assert text.startswith("De Kamer nam op 6 oktober 2020 de Motie Ploumen c.s. aan; op 7 "
                           "oktober 2020 meldde het kabinet") and "(NL half of it)" in text


def test_no_question_before_the_report_or_off_the_debates_topics(executed, mini_dir):
    assert parliament.suggested_questions(brief(executed, as_of="2020-10-06")) == []
    replace_in(mini_dir / "sessions.csv", "arms-control;engagement,", "arms-control,")
    assert parliament.suggested_questions(brief(mini_dir)) == []


def test_a_motion_carried_out_in_full_raises_no_question_but_says_so(executed):
    replace_in(executed / "motions.csv", EXECUTED,
               "s-kamer,,reported,2020-10-07,s-kamer,,NL Asks for more dialogue.,")
    b = brief(executed)
    assert parliament.suggested_questions(b) == []
    assert ("adopted (aangenomen), 6 October 2020; carried out, 7 October 2020 \u2060[1]</td>"
            in parliament.motions_votes(b).data)


def test_the_motions_table_shows_the_execution_as_known_on_the_as_of_date(executed):
    shown = parliament.motions_votes(brief(executed)).data
    assert ("adopted (aangenomen), 6 October 2020; carried out in part, 7 October 2020: half of "
            "it \u2060[1]</td>") in shown
    before = parliament.motions_votes(brief(executed, as_of="2020-10-06")).data
    assert "adopted (aangenomen), 6 October 2020</td>" in before and "carried out" not in before


def test_execution_line_is_empty_without_a_report():
    assert parliament.execution_line(None, pd.Series({"execution": float("nan")})) == ""


def test_a_motion_without_a_known_number_says_so():
    with language("en"):
        assert parliament._kamerstuk("") == "not recorded"
        assert parliament._kamerstuk("", missing="") == ""
        assert parliament._kamerstuk("35373") == "dossier 35 373 (number not found)"
    with language("nl"):
        assert parliament._kamerstuk("") == "niet vastgelegd"


@pytest.mark.parametrize("edit, column, expected", [
    (("adopted,2020-10-06", "rejected,2020-10-06"), "execution",
     "nothing, because the outcome is 'rejected': only an adopted motion is carried out"),
    ((",partly,2020-10-07,s-kamer,half", ",partly,,s-kamer,half"), "execution_date",
     "a value: a report of a motion's execution says whether it was carried out in full or "
     "partly, when and in which document"),
    ((",partly,2020-10-07,s-kamer,half", ",partly,2020-10-07,,half"), "execution_source_ids",
     "a value: a report of a motion's execution says whether it was carried out in full or "
     "partly, when and in which document"),
    ((EXECUTED, "s-kamer,,partly,2020-10-07,s-kamer,,NL Asks for more dialogue.,"),
     "execution_note", "a line saying what was carried out, because it was partly"),
    ((",partly,2020-10-07,", ",partly,2020-10-05,"), "execution_date",
     "a date on or after the vote (2020-10-06)"),
])
def test_a_report_of_execution_that_does_not_hold_together_is_refused(executed, edit, column,
                                                                      expected):
    line = replace_in(executed / "motions.csv", *edit)
    problems = [p for p in check_data(executed).problems if p.column == column]
    assert [(p.line, p.expected) for p in problems] == [(line, expected)]


def test_where_the_previous_debates_lines_are_recorded_a_party_without_one_did_not_speak(
        mini_dir):
    # the third debate on the second's topic: PvdA's line is recorded, VVD has none
    replace_in(mini_dir / "sessions.csv", "Minister C,,arms-control,", "Minister C,,engagement,")
    shown = parliament.parties_table(brief(mini_dir)).data
    assert "<td>Wants more dialogue. \u2060[1]</td>" in shown
    assert shown.endswith("<p>Did not speak in that debate: VVD (60, coalition).</p>")


def test_where_none_of_the_previous_debates_lines_is_recorded_no_party_is_said_to_be_silent(
        mini_dir):
    replace_in(mini_dir / "sessions.csv", "Minister C,,arms-control,", "Minister C,,engagement,")
    lines = (mini_dir / "party_lines.csv").read_text(encoding="utf-8").splitlines()[0]
    (mini_dir / "party_lines.csv").write_text(lines + "\n", encoding="utf-8")
    shown = parliament.parties_table(brief(mini_dir)).data
    assert "Did not speak" not in shown
    assert shown.count("<td>not recorded</td>") == 2  # PvdA and VVD, each with its seats
    assert ("the parties' lines in the debate of 28 September 2020 are not recorded in the "
            "data") in shown.replace("&#x27;", "'")
