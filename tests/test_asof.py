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


def raw_events_known_on(as_of: dt.date, data=DATA) -> set[str]:
    """The ids of the events dated on or before as_of, read from the CSV file (whether their
    sources were out by then aside)."""
    import csv
    with open(data / "events.csv", encoding="utf-8-sig", newline="") as f:
        return {r["event_id"] for r in csv.DictReader(f) if r["date"] <= as_of.isoformat()}


def test_a_kernel_asking_again_gets_copies_of_the_same_view(monkeypatch):
    """Chapters run one after another in a kernel: the second gets the first one's view of the
    data (not made again), as copies it may change without touching the next chapter's."""
    made = []
    real = parameters.as_of_view
    monkeypatch.setattr(parameters, "as_of_view", lambda *a: made.append(a[1]) or real(*a))
    parameters._VIEWS.clear()
    first = start_briefing(SESSION, lang="nl")
    again = start_briefing(SESSION, lang="nl")
    assert made == [AS_OF]
    assert again.data.events.equals(first.data.events) and again.data.events is not first.data.events
    assert again.session == first.session
    again.data.events.loc[again.data.events.index[0], "title"] = "changed by a chapter"
    assert start_briefing(SESSION, lang="nl").data.events["title"].iloc[0] \
        == first.data.events["title"].iloc[0]


def test_each_as_of_date_and_language_gets_its_own_view():
    """The view remembered for one as-of date or language is never handed to another: the
    events shown are those dated by each date (read from the CSV file), and the titles are in
    each language."""
    early = dt.date(2020, 6, 1)
    for as_of in (AS_OF, early, AS_OF):
        shown = set(start_briefing(SESSION, as_of=as_of.isoformat()).data.events["event_id"])
        assert shown <= raw_events_known_on(as_of)
        assert shown - raw_events_known_on(early) if as_of == AS_OF else True
    dutch = start_briefing(SESSION, lang="nl").data.events.set_index("event_id")["title"]
    english = start_briefing(SESSION, lang="en").data.events.set_index("event_id")["title"]
    assert dutch["1975-08-01-helsinki-final-act-signed"] == "Slotakte van Helsinki ondertekend"
    assert english["1975-08-01-helsinki-final-act-signed"] == "Helsinki Final Act signed"


def test_an_edited_data_file_gets_a_new_view(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    assert "2020-11-09-added" not in set(start_briefing(SESSION, data_dir=data).data.events["event_id"])
    append_row(data / "events.csv", "2020-11-09-added,2020-11-09,day,sanctions,Added,Added.,"
               "nato-2008-bucharest,,Toegevoegd,Toegevoegd.")
    assert "2020-11-09-added" in set(start_briefing(SESSION, data_dir=data).data.events["event_id"])


def test_two_sessions_briefed_on_the_same_day_each_get_their_own_view():
    later = "2022-02-28-ukraine-invasion"
    for session_id in (SESSION, later, SESSION):
        b = start_briefing(session_id, as_of=AS_OF.isoformat())
        assert b.session.session_id == session_id
        assert session_id in set(b.data.sessions["session_id"])  # the briefed session stays


def test_the_view_keeps_only_the_sessions_held_by_the_briefed_one():
    """The sessions table of a brief ends with its own debate (read from the CSV file): a later
    debate is not known on the as-of date."""
    import csv
    with open(DATA / "sessions.csv", encoding="utf-8-sig", newline="") as f:
        held = {r["session_id"] for r in csv.DictReader(f) if r["date"] <= "2020-11-11"}
    assert set(start_briefing(SESSION).data.sessions["session_id"]) == held


def test_a_copy_of_the_data_in_another_folder_is_that_folders_data(tmp_path):
    twin = tmp_path / "twin"
    shutil.copytree(DATA, twin)
    assert start_briefing(SESSION).data.data_dir == DATA
    assert start_briefing(SESSION, data_dir=twin).data.data_dir == twin


def test_a_chapter_sees_only_its_scope_and_a_topical_chapter_only_its_issue():
    from debateprep.errors import UnknownChoiceError
    b = start_briefing(SESSION, issue="mh17", chapter="04_topical_issue")
    assert set(b.data.events["topic"]) == {"mh17"}
    assert b.data.data_dir == DATA and b.data.fingerprint == start_briefing(SESSION).data.fingerprint
    assert len(b.data.sessions) and len(b.data.sources)  # every chapter reads these
    with pytest.raises(parameters.OutOfScope) as caught:
        len(b.data.polls)
    assert str(caught.value) == ("chapter 04_topical_issue reads table 'polls', which its scope "
                                 "in debateprep/chapters/scope.py does not declare: add it there,"
                                 " so the chapter's cache key covers that table")
    assert len(start_briefing(SESSION, issue="mh17").data.polls)  # no chapter named: no scope
    with pytest.raises(UnknownChoiceError, match="unknown issue '' "):
        start_briefing(SESSION, needs_issue=True, chapter="04_topical_issue")
