"""Strict as-of (issue 9): what a brief shows is proved public on its as-of date from the ids
it records, and a record planted one day too late is caught."""
from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd
import pytest

from debateprep.chapters import overview, parameters
from debateprep.data.asof import as_of_view, default_as_of, violations
from debateprep.chapters.parameters import start_briefing

from conftest import DATA, append_row
from test_notebooks import assert_public_on, raw_public_dates

SESSION = "2020-11-11-foreign-affairs-budget"
AS_OF = dt.date(2020, 11, 10)


@pytest.fixture
def planted(tmp_path):
    """A copy of the shipped data with an event dated the day after the as-of date (its source
    published on the as-of date), and a source published the day after, cited by an event of
    the day before."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    append_row(data / "sources.csv", "planted-source,Planted,Planted Times,https://example.org/p,"
               "2020-11-10,2026-11-25,news,en")
    append_row(data / "sources.csv", "planted-late-source,Late,Planted Times,https://example.org/l,"
               "2020-11-11,2026-11-25,news,en")
    append_row(data / "events.csv", "2020-11-11-planted-event,2020-11-11,day,sanctions,"
               "Planted event a day too late,Planted.,planted-source,,Te laat,Geplant.")
    append_row(data / "events.csv", "2020-11-09-planted-early,2020-11-09,day,sanctions,"
               "Planted early event with a late source,Planted.,planted-late-source,,Vroeg,Geplant.")
    return data


def shown_by_cover(b) -> dict:
    overview.changes_events(b, latest=50)
    overview.changes_by_topic(b)
    return {"as_of": b.as_of.isoformat(), "records": b.sources.shown, "sources": b.sources.ids}


def test_the_default_as_of_is_the_day_before_the_debate():
    assert default_as_of(dt.date(2020, 11, 11)) == AS_OF
    assert start_briefing(SESSION).as_of == AS_OF


def test_a_record_planted_one_day_late_is_not_shown(planted):
    b = start_briefing(SESSION, data_dir=planted)
    shown = shown_by_cover(b)
    assert "2020-11-11-planted-event" not in shown["records"]["events"]
    assert "2020-11-09-planted-early" not in shown["records"]["events"]  # its only source is late
    assert "planted-late-source" not in shown["sources"]
    assert len(shown["records"]["events"]) > 0


def test_without_the_as_of_view_the_check_catches_the_planted_record(planted, monkeypatch):
    monkeypatch.setattr(parameters, "as_of_view", lambda data, day, session_id=None: data)
    b = start_briefing(SESSION, data_dir=planted)
    shown = shown_by_cover(b)
    assert "2020-11-09-planted-early" in shown["records"]["events"]
    late = violations(b.data, AS_OF, {**shown["records"], "sources": shown["sources"]})
    assert "sources planted-late-source (2020-11-11 00:00:00)" in late
    shown["records"]["events"].append("2020-11-11-planted-event")
    late = violations(b.data, AS_OF, {**shown["records"], "sources": shown["sources"]})
    assert "events 2020-11-11-planted-event (2020-11-11 00:00:00)" in late


def test_the_raw_date_check_fails_on_a_late_id():
    shown = {"as_of": "2020-11-10", "records": {"events": ["2020-11-10-russia-brokered-ceasefire"
                                                           "-ends-the-karabakh"]}, "sources": []}
    assert_public_on(shown)
    later = dict(shown, as_of="2020-11-09")
    with pytest.raises(AssertionError, match="not public on 2020-11-09"):
        assert_public_on(later)


def test_a_vote_result_is_hidden_until_the_vote(shipped):
    motion = "kst-35570-v-nn-aliyev-sanctions"
    vote_day = dt.date(2020, 11, 17)
    before = as_of_view(shipped, vote_day - dt.timedelta(days=1))
    on = as_of_view(shipped, vote_day)
    earlier = before.motions.set_index("motion_id")
    assert motion not in earlier.index or earlier.loc[motion, "outcome"] == "unknown"
    assert before.votes[before.votes["motion_id"] == motion].empty
    assert on.motions.set_index("motion_id").loc[motion, "outcome"] == "adopted"
    assert len(on.votes[on.votes["motion_id"] == motion]) == len(
        shipped.votes[shipped.votes["motion_id"] == motion])


def test_the_28_september_brief_knows_nothing_after_27_september(shipped):
    view = as_of_view(shipped, dt.date(2020, 9, 27), "2020-09-28-russia-strategy")
    dates = raw_public_dates()
    assert view.motions.empty and view.considerations.empty  # filed in the debate; the alert came later
    assert all(dates["sources"][s] <= "2020-09-27" for s in view.sources["source_id"])
    for name in ("events", "measures", "editorial", "agenda"):
        frame = view.table(name)
        assert frame["date"].max() <= dt.datetime(2020, 9, 27) if len(frame) else True
        assert all(s in set(view.sources["source_id"])
                   for ids in frame.get("basis_source_ids", frame["source_ids"] if "source_ids" in frame else [])
                   for s in ids)


def test_a_commitments_status_is_known_from_its_day_and_document_on(mini_dir):
    """c-1 (mini data) was fulfilled on 12 February 2021 by a document published on
    6 October 2020: known from that day on, not the day before; a withdrawn commitment follows
    the same rule; before the day, the status document is not cited."""
    from conftest import replace_in
    from debateprep import load_data
    from debateprep.data.asof import as_of_view
    data = load_data(mini_dir)
    before = as_of_view(data, dt.date(2021, 2, 11)).commitments.iloc[0]
    assert before["status"] == "open" and before["status_source_ids"] == ()
    assert pd.isna(before["status_date"])
    on = as_of_view(data, dt.date(2021, 2, 12)).commitments.iloc[0]
    assert on["status"] == "fulfilled" and on["status_source_ids"] == ("s-kamer",)
    replace_in(mini_dir / "commitments.csv", ",fulfilled,2021-02-12,", ",withdrawn,2021-02-12,")
    data = load_data(mini_dir)
    assert as_of_view(data, dt.date(2021, 2, 11)).commitments.iloc[0]["status"] == "open"
    assert as_of_view(data, dt.date(2021, 2, 12)).commitments.iloc[0]["status"] == "withdrawn"
