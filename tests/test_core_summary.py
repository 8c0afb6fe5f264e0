"""Page 1 of the brief (chapters.summary), pinned to the mini data and small variants of it.

Expected values come from tests/fixtures/mini/*.csv (read by eye) and from the spec: the
docstrings of summary.py (up to three points of the government's line, the five latest changes,
the first three questions, the coalition's seats, the latest level of up to two instruments
stated in the KEY_NUMBER_YEARS before the as-of date and not followed by an addition, the
latest survey, a warning once the record ends more than RECORD_GAP_DAYS before the as-of date)
and the Dutch catalog for the Dutch edition. Facts of the mini data used below:

- sources: s-kamer published 2020-10-06, s-news 2019-12-22, s-script never;
- sessions: first 2019-01-10 (engagement, sanctions; chair A), second 2020-09-28 (engagement,
  mh17, belarus; no chair; s-kamer and s-news), third 2021-05-01 (arms-control; plenary);
- the latest dated fact public on 7 October 2020 is the vote of 6 October 2020; the last in
  the data is the event of 1 January 2021 (precision 'year').
"""
from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from debateprep import i18n
from debateprep.chapters import summary
from debateprep.chapters.briefing import SourceList
from debateprep.chapters.citations import MARK
from debateprep.chapters.parameters import start_briefing
from debateprep.chapters.vocabulary import INSTRUMENTS, KINDS, committee

from conftest import MINI

FIRST, SECOND, THIRD = "2019-01-10-first", "2020-09-28-second", "2021-05-01-third"
EMPTY = "<p class='empty'><em>{}</em></p>"
KAMER_OUT = "2020-10-07"  # the day after s-kamer was published


@functools.cache
def _briefing(session: str, as_of: str, lang: str):
    return start_briefing(session, as_of, data_dir=MINI, lang=lang)


def brief(session: str = SECOND, as_of: str = "", lang: str = "en"):
    """The briefing start_briefing gives (built once per session, date and language, to keep
    this file fast), with a fresh source list, in its language."""
    b = _briefing(session, as_of, lang)
    i18n.use(lang)
    return dataclasses.replace(b, sources=SourceList(b.data))


def cite(*numbers: int) -> str:
    return f"<span class='cite'>{MARK}[{', '.join(map(str, numbers))}]</span>"


def variant(b, session=None, **tables):
    """The briefing b with some tables (of its as-of view) replaced, and a fresh source list."""
    data = dataclasses.replace(b.data, **tables)
    return dataclasses.replace(b, data=data, sources=SourceList(data),
                               session=session or b.session)


def like(frame: pd.DataFrame, *changes: dict, template: int = 0) -> pd.DataFrame:
    """Rows copied from one row of frame, each with its changes."""
    base = frame.iloc[template].to_dict()
    return pd.DataFrame([{**base, **c} for c in changes], columns=frame.columns)


def body_rows(markup: str) -> list[list[str]]:
    return [re.findall(r"<td>(.*?)</td>", row, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", markup.split("<tbody>")[-1], re.S)]


def header(markup: str) -> list[str]:
    return re.findall(r"<th>(.*?)</th>", markup)


# --- the two helpers ------------------------------------------------------------------------------

def test_an_empty_list_gives_its_sentence_escaped_and_items_are_kept_as_given():
    assert summary._list([], "None & nothing") == EMPTY.format("None &amp; nothing")
    assert summary._list(["a &amp; b", "<b>c</b>"], "unused") == \
        "<ul><li>a &amp; b</li><li><b>c</b></li></ul>"


def test_a_cited_line_is_escaped_text_then_its_source_numbers():
    b = brief()
    assert summary._cited("A & <B>", b, ("s-news",)) == f"A &amp; &lt;B&gt; {cite(1)}"
    assert b.sources.ids == ["s-news"]


# --- the debate ----------------------------------------------------------------------------------

def test_the_debate_names_date_kind_committee_minister_and_each_agenda_document():
    b = brief(as_of=KAMER_OUT)
    assert summary.debate(b).data == (
        f"<ul><li>28 September 2020: {KINDS['notaoverleg']}; committee: Vaste commissie voor "
        f"Buitenlandse Zaken. Minister: Minister B. {cite(1, 2)}</li>"
        f"<li>Kamerstuk 35 373, nr. 1: The Russia letter (22 December 2019) {cite(2)}</li>"
        f"<li>A second document {cite(1)}</li></ul>"
        "<p class='meta record-end'>The record ends on 6 October 2020.</p>")
    assert b.sources.ids == ["s-kamer", "s-news"]
    assert b.sources.shown["agenda"] == [f"{SECOND}#1", f"{SECOND}#2"]


def test_before_its_source_is_out_an_agenda_document_is_left_out():
    b = brief()  # as of 27 September 2020: only s-news is out
    text = summary.debate(b).data
    assert text.startswith(f"<ul><li>28 September 2020: {KINDS['notaoverleg']}; committee: "
                           f"Vaste commissie voor Buitenlandse Zaken. Minister: Minister B. "
                           f"{cite(1)}</li><li>Kamerstuk 35 373, nr. 1: The Russia letter "
                           f"(22 December 2019) {cite(1)}</li></ul>")
    assert "A second document" not in text
    assert b.sources.shown["agenda"] == [f"{SECOND}#1"]


def test_a_debate_with_a_chair_names_the_chair_and_shows_no_other_debates_documents():
    b = brief(FIRST, KAMER_OUT)
    assert summary.debate(b).data.startswith(
        f"<ul><li>10 January 2019: {KINDS['algemeen-overleg']}; committee: Vaste commissie voor "
        f"Buitenlandse Zaken. Minister: Minister A; chair: Chair A. {cite(1)}</li></ul><p ")
    assert b.sources.shown["agenda"] == []


def test_a_debate_without_a_published_source_is_plain_text_and_nothing_is_recorded():
    b = brief(FIRST)  # as of 9 January 2019: no source is out yet
    assert summary.debate(b).data == (
        f"<ul><li>10 January 2019: {KINDS['algemeen-overleg']}. Minister: Minister A; "
        "chair: Chair A.</li></ul><p class='record-end'><strong>Nothing is recorded in the "
        "data up to the as-of date.</strong></p>")
    assert b.sources.ids == []


def test_a_plenary_debate_says_so_for_its_committee():
    text = summary.debate(brief(THIRD)).data
    assert text.startswith(f"<ul><li>1 May 2021: {KINDS['plenair-debat']}; committee: "
                           f"{committee('')}. Minister: Minister C. {cite(1)}</li></ul>")


def test_agenda_documents_come_in_item_order_a_bare_dossier_without_a_note():
    b = brief(as_of=KAMER_OUT)
    agenda = like(b.data.agenda,
                  {"item_no": 3, "kamerstuk": "35373", "title": "Dossier only", "date": pd.NaT},
                  {"item_no": 1, "kamerstuk": "", "title": "Untitled & number", "date": pd.NaT,
                   "source_ids": ("s-kamer",)},
                  {"item_no": 2, "kamerstuk": "21501-02-3316", "title": "Council letter",
                   "date": pd.Timestamp("2020-09-01")})
    b = variant(b, agenda=agenda)
    items = re.findall(r"<li>(.*?)</li>", summary.debate(b).data)
    assert items[1:] == [f"Untitled &amp; number {cite(1)}",
                         f"Kamerstuk 21 501-02, nr. 3316: Council letter (1 September 2020) "
                         f"{cite(2)}",
                         f"Kamerstuk 35 373: Dossier only {cite(2)}"]
    assert sorted(b.sources.shown["agenda"]) == [f"{SECOND}#1", f"{SECOND}#2", f"{SECOND}#3"]


# --- where the record ends ------------------------------------------------------------------------

@pytest.mark.parametrize("session, as_of, end", [
    (FIRST, "", None),                         # nothing public on 9 January 2019
    (SECOND, "", dt.date(2020, 9, 19)),        # the 2020 poll, published 19 September 2020
    (SECOND, KAMER_OUT, dt.date(2020, 10, 6)),  # the vote of 6 October 2020
    (THIRD, "", dt.date(2021, 1, 1)),          # the treaty event, dated 2021
])
def test_the_record_ends_with_the_latest_public_fact(session, as_of, end):
    assert summary.record_ends(brief(session, as_of)) == end


def test_thirty_days_after_the_record_ends_is_still_plain():
    # README: page 1 "warns when the as-of date lies more than 30 days after it"
    b = brief(THIRD, "2020-11-05")  # 30 days after 6 October 2020
    assert summary.record_end(b).data == \
        "<p class='meta record-end'>The record ends on 6 October 2020.</p>"


def test_a_day_later_page_one_warns_that_silence_is_not_calm():
    b = brief(THIRD, "2020-11-06")  # 31 days after 6 October 2020
    assert summary.record_end(b).data == (
        "<p class='record-end'><strong>The record of this brief ends on 6 October 2020, 31 days "
        "before the as-of date (6 November 2020): nothing later is in the data, which does not "
        "mean nothing happened.</strong></p>")


def test_the_record_gap_is_thirty_days():
    assert summary.RECORD_GAP_DAYS == 30


# --- the government's line ------------------------------------------------------------------------

def test_the_government_line_of_this_debate_with_its_source():
    b = brief()
    assert summary.government_line(b).data == f"<ul><li>Pressure and dialogue. {cite(1)}</li></ul>"
    assert b.sources.shown["government_lines"] == [f"{SECOND}#1"]


def test_another_debates_line_is_not_this_debates():
    b = brief(THIRD)
    assert summary.government_line(b).data == EMPTY.format(
        "The government&#x27;s line for this debate is not recorded in the data by the as-of date.")
    assert b.sources.shown["government_lines"] == []


def test_the_government_line_comes_in_item_order():
    b = brief(as_of=KAMER_OUT)
    lines = like(b.data.government_lines,
                 {"item_no": 2, "text": "Second & last.", "source_ids": ("s-kamer",)},
                 {"item_no": 1, "text": "First."})
    b = variant(b, government_lines=lines)
    assert summary.government_line(b).data == \
        f"<ul><li>First. {cite(1)}</li><li>Second &amp; last. {cite(2)}</li></ul>"


# --- what changed ---------------------------------------------------------------------------------

def test_the_changes_since_the_previous_debate_on_these_topics_newest_first():
    b = brief(as_of=KAMER_OUT)
    # after 10 January 2019, on engagement, mh17 or belarus: not the 2014 MH17 event (before),
    # not the sanctions renewal (another topic), not 10 November 2020 (after the as-of date)
    assert summary.changes(b).data == (
        f"<ul><li>28 September 2020: Debate day event {cite(1)}</li>"
        f"<li>9 August 2020: Belarus election {cite(1)}</li></ul>")
    assert b.sources.shown["events"] == ["e-2020-belarus", "e-2020-on-day"]


def test_a_change_is_dated_to_its_precision():
    assert summary.changes(brief(THIRD)).data == f"<ul><li>2021: Treaty extended {cite(1)}</li></ul>"


def test_no_change_gives_the_empty_sentence():
    b = brief(FIRST)
    assert summary.changes(b).data == EMPTY.format(
        "No change on these topics is recorded in this period.")
    assert b.sources.shown["events"] == []


def test_only_the_five_latest_changes_are_listed():
    b = brief(as_of=KAMER_OUT)
    days = ["2020-01-05", "2020-02-05", "2020-03-05", "2020-04-05", "2020-05-05", "2020-06-05",
            "2020-07-05"]
    events = like(b.data.events, *({"event_id": f"e-{i}", "date": pd.Timestamp(d),
                                    "date_precision": "day", "topic": "belarus",
                                    "title": f"Event {i}", "source_ids": ("s-news",)}
                                   for i, d in enumerate(days)))
    b = variant(b, events=events)
    assert re.findall(r"<li>(.*?) <span", summary.changes(b).data) == [
        "5 July 2020: Event 6", "5 June 2020: Event 5", "5 May 2020: Event 4",
        "5 April 2020: Event 3", "5 March 2020: Event 2"]
    assert b.sources.shown["events"] == ["e-2", "e-3", "e-4", "e-5", "e-6"]
    assert len(re.findall("<li>", summary.changes(b, most=2).data)) == 2


# --- party lines ---------------------------------------------------------------------------------

def test_without_a_previous_debate_no_party_line_is_shown():
    assert summary.party_lines(brief(FIRST)).data == EMPTY.format(
        "No party lines are recorded for the previous debate on these topics.")


def test_the_party_lines_of_the_previous_debate_with_speaker_and_source():
    b = brief(THIRD)
    b = variant(b, session=dataclasses.replace(b.session, topics=("engagement",)))
    # the previous debate on engagement is the second: PvdA, Ploumen, 'More dialogue.'
    assert summary.party_lines(b).data == f"<ul><li>PvdA (Ploumen): More dialogue. {cite(1)}</li></ul>"
    assert b.sources.ids == ["s-kamer"]


def test_a_party_line_is_escaped():
    b = brief(THIRD)
    lines = like(b.data.party_lines, {"headline": "Less <talk> & more."})
    b = variant(b, session=dataclasses.replace(b.session, topics=("engagement",)),
                party_lines=lines)
    assert summary.party_lines(b).data == \
        f"<ul><li>PvdA (Ploumen): Less &lt;talk&gt; &amp; more. {cite(1)}</li></ul>"


# --- questions -----------------------------------------------------------------------------------

LABEL = "Editorial — suggestions by the debateprep editors, not facts"


def test_the_top_question_in_its_editorial_box():
    b = brief()
    assert summary.questions(b).data == (
        f"<div class='editorial'><p class='label'><strong>Top questions</strong> — {LABEL}</p>"
        f"<ol><li>Will the minister say what? {cite(1)}</li></ol></div>")
    assert b.sources.shown["editorial"] == ["ed-1"]


def test_no_question_gives_the_empty_sentence():
    assert summary.questions(brief(THIRD)).data == EMPTY.format("No editorial items for this session.")


def with_questions(count: int, as_of: str = ""):
    b = brief(as_of=as_of)
    items = like(b.data.editorial, *({"item_id": f"q-{i}", "kind": "question",
                                      "text": f"Question {i}?"} for i in range(1, count + 1)))
    talking = b.data.editorial[b.data.editorial["kind"] != "question"]
    return variant(b, editorial=pd.concat([talking, items], ignore_index=True))


def test_three_questions_are_shown_whole():
    text = summary.questions(with_questions(3)).data
    assert re.findall(r"<li>(Question \d\?)", text) == ["Question 1?", "Question 2?", "Question 3?"]
    assert text.endswith("</ol></div>")
    assert "more in the session overview" not in text


@pytest.mark.parametrize("count", [4, 5])
def test_past_three_questions_the_rest_are_counted(count):
    b = with_questions(count)
    text = summary.questions(b).data
    assert re.findall(r"<li>(Question \d\?)", text) == ["Question 1?", "Question 2?", "Question 3?"]
    assert text.endswith(f"</ol></div><p class='meta'>{count - 3} more in the session "
                         "overview.</p>")
    assert b.sources.shown["editorial"] == ["q-1", "q-2", "q-3"]


def test_a_talking_point_is_not_a_question():
    b = with_questions(1, KAMER_OUT)  # ed-2, a talking point, is known once s-kamer is out
    assert "Dialogue matters." in set(b.data.editorial["text"])
    text = summary.questions(b).data
    assert re.findall(r"<li>(.*?) <span", text) == ["Question 1?"]
    assert b.sources.shown["editorial"] == ["q-1"]


def test_an_overdue_commitment_leads_the_questions():
    # c-1: promised 28 September 2020 for 'before the end of 2020' (due 31 December 2020)
    b = brief(THIRD, "2021-01-15")
    text = summary.questions(b).data
    late = ("<p class='overdue'><strong>Overdue commitments (toezeggingen)</strong></p>"
            "<ul><li>Minister B promised on 28 September 2020: Will write a letter on dialogue. "
            f"(for before the end of 2020, not delivered) {cite(1)}</li></ul>")
    assert text.startswith(late + "<div class='editorial'><p class='label'><strong>Top "
                           "questions</strong>")
    assert "When will the Kamer receive what the minister promised on 28 September 2020" in text


def test_without_an_overdue_commitment_there_is_no_overdue_block():
    text = summary.questions(brief(THIRD)).data  # as of 30 April 2021: fulfilled
    assert "overdue" not in text


# --- key numbers ---------------------------------------------------------------------------------

def test_the_key_numbers_are_the_coalitions_seats_and_the_latest_survey():
    b = brief(as_of=KAMER_OUT)
    text = summary.key_numbers(b).data
    assert header(text) == ["Number", "What", "As of", "Sources"]
    assert body_rows(text) == [
        ["60 of 150", "seats held by the coalition (VVD)", "7 October 2020", f"{MARK}[1]"],
        ["35%", "Agree: ‘Question?’ (Pollster)", "19 September 2020", f"{MARK}[2]"]]
    assert b.sources.ids == ["s-kamer", "s-news"]
    assert b.sources.shown["parties"] == ["PvdA#2019-01-01", "VVD#2019-01-01"]
    assert set(b.sources.shown["polls"]) == {"p-2020"}
    assert b.sources.shown["measures"] == []


def test_with_nothing_known_there_are_no_key_numbers():
    assert summary.key_numbers(brief(FIRST)).data == EMPTY.format(
        "No key numbers are recorded by the as-of date.")


def test_the_latest_survey_is_the_latest_poll_of_all_respondents():
    b = brief(as_of=KAMER_OUT)
    polls = like(b.data.polls,
                 {"poll_id": "p-new", "published": pd.Timestamp("2020-09-25"),
                  "pollster": "Maurice de Hond (for NOS)", "answer": "Yes", "share_pct": 52.0,
                  "question_en": "New question?"},
                 {"poll_id": "p-new", "published": pd.Timestamp("2020-09-25"),
                  "group_en": "Men", "answer": "Yes", "share_pct": 61.0},
                 {"poll_id": "p-men", "published": pd.Timestamp("2020-10-01"),
                  "group_en": "Men", "answer": "No", "share_pct": 70.0})
    b = variant(b, polls=pd.concat([b.data.polls, polls], ignore_index=True))
    rows = body_rows(summary.key_numbers(b).data)
    # the pollster's name without what follows ' (' (whom it polled for)
    assert rows[-1] == ["52%", "Yes: ‘New question?’ (Maurice de Hond)", "25 September 2020",
                        f"{MARK}[2]"]
    assert set(b.sources.shown["polls"]) == {"p-new"}


def test_a_coalition_of_several_parties_sums_their_seats():
    b = brief(as_of=KAMER_OUT)
    parties = like(b.data.parties,
                   {"party": "A", "seats": 50, "coalition": "yes", "source_ids": ("s-news",)},
                   {"party": "B", "seats": 30, "coalition": "yes", "source_ids": ("s-kamer",)},
                   {"party": "C", "seats": 70, "coalition": "no"})
    b = variant(b, parties=parties)
    rows = body_rows(summary.key_numbers(b).data)
    # the coalition's sources are cited in id order: s-kamer first
    assert rows[0] == ["80 of 150", "seats held by the coalition (A, B)", "7 October 2020",
                       f"{MARK}[1, 2]"]
    assert rows[1][3] == f"{MARK}[2]"  # the survey, from s-news
    assert b.sources.ids == ["s-kamer", "s-news"]


def test_without_a_coalition_party_there_is_no_seats_line():
    b = brief(as_of=KAMER_OUT)
    parties = b.data.parties.assign(coalition="no")
    b = variant(b, parties=parties)
    rows = body_rows(summary.key_numbers(b).data)
    assert [r[0] for r in rows] == ["35%"]
    assert b.sources.shown["parties"] == ["PvdA#2019-01-01", "VVD#2019-01-01"]


@pytest.mark.parametrize("as_of, shown", [
    ("2022-03-01", True),    # m-2: 350 troops in total, 9 February 2022
    ("2024-02-09", True),    # two years to the day after m-2
    ("2024-02-10", False),   # more than two years: no longer a key number
])
def test_an_instruments_level_is_a_key_number_for_two_years(as_of, shown):
    b = brief(THIRD, as_of)
    rows = body_rows(summary.key_numbers(b).data)
    level = ["350 troops", INSTRUMENTS["nato-efp"], "9 February 2022", f"{MARK}[2]"]
    assert (level in rows) is shown
    assert b.sources.shown["measures"] == (["m-2"] if shown else [])


def test_the_key_number_years_are_two():
    assert summary.KEY_NUMBER_YEARS == 2


def measures_variant(b, *changes):
    return variant(b, measures=like(b.data.measures, *changes, template=1))


def test_up_to_two_instruments_newest_first_each_at_its_latest_level():
    b = measures_variant(
        brief(THIRD, "2022-03-01"),
        {"measure_id": "x-3", "instrument": "dialogue", "date": pd.Timestamp("2021-06-01"),
         "value": 3.0, "unit": "rounds"},
        {"measure_id": "x-1", "instrument": "nato-efp", "date": pd.Timestamp("2021-01-10"),
         "value": 300.0, "date_precision": "month"},
        {"measure_id": "x-2", "instrument": "nato-efp", "date": pd.Timestamp("2021-12-10"),
         "value": 320.0, "date_precision": "month"},
        {"measure_id": "x-4", "instrument": "arms-control", "date": pd.Timestamp("2020-11-01"),
         "value": 9.0, "unit": "treaties"},
        {"measure_id": "x-5", "instrument": "arms-control", "date": pd.Timestamp("2021-02-01"),
         "value": float("nan"), "unit": "", "value_is": ""},
    )
    rows = body_rows(summary.key_numbers(b).data)
    numbers = [r for r in rows if not r[0].endswith("%") and " of " not in r[0]]
    # nato-efp's latest level (x-2, December 2021), then dialogue (x-3); arms control (x-4,
    # the oldest of the three) left out: two at most
    # (s-kamer, the coalition's source, is [1]; s-news [2])
    assert numbers == [["320 troops", INSTRUMENTS["nato-efp"], "December 2021", f"{MARK}[2]"],
                       ["3 rounds", INSTRUMENTS["dialogue"], "1 June 2021", f"{MARK}[2]"]]
    assert b.sources.shown["measures"] == ["x-3", "x-2"]


def test_a_later_addition_makes_an_instruments_level_stale():
    b = measures_variant(
        brief(THIRD, "2022-03-01"),
        {"measure_id": "x-1", "instrument": "nato-efp", "date": pd.Timestamp("2021-01-10"),
         "value": 300.0},
        {"measure_id": "x-2", "instrument": "nato-efp", "date": pd.Timestamp("2021-12-10"),
         "value": 20.0, "value_is": "added"},
    )
    rows = body_rows(summary.key_numbers(b).data)
    assert [r[0] for r in rows] == ["60 of 150", "35%"]
    assert b.sources.shown["measures"] == []


# --- the Dutch edition ---------------------------------------------------------------------------

def dutch(msgid: str) -> str:
    """The Dutch of msgid in the catalog the package ships."""
    from babel.messages.mofile import read_mo
    import debateprep
    path = Path(debateprep.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "debateprep.mo"
    with open(path, "rb") as handle:
        message = read_mo(handle).get(msgid)
    assert message is not None and message.string, msgid
    return message.string


def test_the_dutch_edition_speaks_dutch():
    b = brief(as_of=KAMER_OUT, lang="nl")
    assert summary.record_end(b).data == "<p class='meta record-end'>{}</p>".format(
        dutch("The record ends on %(end)s.") % {"end": "6 oktober 2020"})
    text = summary.key_numbers(b).data
    assert header(text) == [dutch(w) for w in ("Number", "What", "As of", "Sources")]
    assert body_rows(text)[0][:2] == [
        dutch("%(seats)d of %(total)d") % {"seats": 60, "total": 150},
        dutch("seats held by the coalition (%(parties)s)") % {"parties": "VVD"}]
    assert f"<strong>{dutch('Top questions')}</strong>" in summary.questions(b).data


def test_the_dutch_empty_sentences_and_warning():
    b = brief(FIRST, lang="nl")
    assert summary.party_lines(b).data == EMPTY.format(dutch(
        "No party lines are recorded for the previous debate on these topics."))
    assert summary.key_numbers(b).data == EMPTY.format(dutch(
        "No key numbers are recorded by the as-of date."))
    late = brief(THIRD, "2020-11-06", lang="nl")
    assert summary.record_end(late).data == "<p class='record-end'><strong>{}</strong></p>".format(
        dutch("The record of this brief ends on %(end)s, %(days)d days before the as-of date "
              "(%(as_of)s): nothing later is in the data, which does not mean nothing happened.")
        % {"end": "6 oktober 2020", "days": 31, "as_of": "6 november 2020"})
