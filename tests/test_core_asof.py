"""Strict as-of on the mini data: the rules of asof's docstring at their edges.

Dates from tests/fixtures/mini: s-news published 2019-12-22, s-kamer 2020-10-06, s-script never;
the sessions are held on 2019-01-10, 2020-09-28 and 2021-05-01.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from debateprep.data.asof import _motions, as_of_view, record_dates, violations, with_public_date


NO_EXECUTION = {"execution": [None, None], "execution_date": pd.to_datetime([None, None]),
                "execution_source_ids": [(), ()], "execution_note": [None, None]}


def test_a_vote_after_the_as_of_date_is_not_yet_known():
    frame = pd.DataFrame({"motion_id": ["m-1", "m-2"], "outcome": ["adopted", "rejected"],
                          "vote_date": pd.to_datetime(["2020-10-06", "2020-10-01"]),
                          **NO_EXECUTION})
    cut = _motions(frame, dt.date(2020, 10, 1), set())
    assert list(cut["outcome"]) == ["unknown", "rejected"]
    assert cut["vote_date"].isna().tolist() == [True, False]
    assert list(frame["outcome"]) == ["adopted", "rejected"]  # the input is left alone


def _executed(vote: str, done: str) -> pd.DataFrame:
    return pd.DataFrame({"motion_id": ["m-1"], "outcome": ["adopted"],
                         "vote_date": pd.to_datetime([vote]), "execution": ["partly"],
                         "execution_date": pd.to_datetime([done]),
                         "execution_source_ids": [("s-letter", "s-later")],
                         "execution_note": ["half of it"]})


def test_a_report_of_a_motions_execution_is_known_from_its_day_and_its_published_documents():
    frame = _executed("2020-09-01", "2020-10-05")
    before = _motions(frame, dt.date(2020, 10, 4), {"s-letter", "s-later"})
    assert pd.isna(before.loc[0, "execution"]) and pd.isna(before.loc[0, "execution_note"])
    assert pd.isna(before.loc[0, "execution_date"]) and before.loc[0, "execution_source_ids"] == ()
    on = _motions(frame, dt.date(2020, 10, 5), {"s-letter"})
    assert on.loc[0, "execution"] == "partly" and on.loc[0, "execution_note"] == "half of it"
    assert on.loc[0, "execution_date"] == pd.Timestamp("2020-10-05")
    assert on.loc[0, "execution_source_ids"] == ("s-letter",)  # only what was published
    unpublished = _motions(frame, dt.date(2020, 10, 5), {"s-other"})
    assert pd.isna(unpublished.loc[0, "execution"])
    assert frame.loc[0, "execution"] == "partly"  # the input is left alone


def test_no_execution_is_shown_for_a_motion_whose_vote_is_not_yet_known():
    frame = _executed("2020-10-06", "2020-10-05")  # inconsistent on purpose: the vote decides
    cut = _motions(frame, dt.date(2020, 10, 5), {"s-letter"})
    assert cut.loc[0, "outcome"] == "unknown" and pd.isna(cut.loc[0, "execution"])


def test_the_view_hides_later_vote_results(mini):
    view = as_of_view(mini, dt.date(2020, 10, 6))
    assert view.motions.set_index("motion_id")["outcome"].to_dict() == {
        "kst-35373-14": "adopted", "kst-1-1": "unknown"}
    later = dataclasses.replace(mini, motions=mini.motions.assign(
        vote_date=pd.to_datetime(["2020-10-07", None])))
    assert list(as_of_view(later, dt.date(2020, 10, 6)).motions["outcome"]) == ["unknown", "unknown"]


def test_a_party_that_ends_on_the_as_of_date_still_counts(mini):
    parties = mini.parties.assign(end_date=pd.to_datetime(["2020-12-31", "2021-01-01"]))
    view = as_of_view(dataclasses.replace(mini, parties=parties), dt.date(2021, 1, 1))
    assert list(view.parties["party"]) == ["VVD"]


def test_sessions_keep_only_published_sources_and_are_cut_only_for_a_briefed_session(mini):
    view = as_of_view(mini, dt.date(2020, 1, 1))
    assert list(view.sessions["session_id"]) == list(mini.sessions["session_id"])
    assert list(view.sessions["source_ids"]) == [(), ("s-news",), ("s-news",)]
    assert list(mini.sessions["source_ids"])[0] == ("s-kamer",)  # the input is left alone
    briefed = as_of_view(mini, dt.date(2020, 1, 1), "2020-09-28-second")
    assert list(briefed.sessions["session_id"]) == ["2019-01-10-first", "2020-09-28-second"]
    unknown = as_of_view(mini, dt.date(2020, 1, 1), "no-such-session")
    assert list(unknown.sessions["session_id"]) == ["2019-01-10-first"]


def test_tables_dated_by_their_debate_get_a_real_date_column(mini):
    members = with_public_date(mini, "members")
    assert pd.api.types.is_datetime64_any_dtype(members["session_date"])
    assert set(members["session_date"]) == {pd.Timestamp("2020-09-28")}
    empty = with_public_date(dataclasses.replace(mini, members=mini.members.iloc[0:0]), "members")
    assert pd.api.types.is_datetime64_any_dtype(empty["session_date"])


def test_record_ids_with_a_date_use_the_day(mini):
    assert list(record_dates(mini)["parties"]) == ["PvdA#2019-01-01", "VVD#2019-01-01"]


def test_violations_name_late_undated_and_unknown_records(mini):
    shown = {"events": ["e-2020-on-day", "e-2020-after", "e-nowhere"],
             "sources": ["s-news", "s-script"], "no-such-table": ["x"]}
    assert violations(mini, dt.date(2020, 9, 28), shown) == [
        "events e-2020-after (2020-11-10 00:00:00)", "events e-nowhere (unknown id)",
        "sources s-script (NaT)", "no-such-table x (unknown id)"]
