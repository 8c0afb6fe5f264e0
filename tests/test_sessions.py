"""Sessions: lookup, previous session, as-of cut-off, events between two dates."""
from __future__ import annotations

import datetime as dt

import pytest

from debateprep import UnknownChoiceError
from debateprep.data.sessions import (check_issue, events_between, get_session, known_on,
                                 latest_session, previous_session, resolve_as_of, session_ids)


def test_session_ids_oldest_first(mini):
    assert session_ids(mini) == ["2019-01-10-first", "2020-09-28-second", "2021-05-01-third"]


def test_get_session(mini):
    session = get_session(mini, "2020-09-28-second")
    assert session.date == dt.date(2020, 9, 28)
    assert session.issues == ("mh17", "belarus")


def test_unknown_session_names_valid_ids(mini):
    with pytest.raises(UnknownChoiceError) as caught:
        get_session(mini, "2020-09-29-nope")
    assert str(caught.value) == ("unknown session '2020-09-29-nope' — valid choices: "
                                 "2019-01-10-first, 2020-09-28-second, 2021-05-01-third")


def test_previous_session_shares_a_topic(mini):
    assert previous_session(mini, get_session(mini, "2020-09-28-second")).session_id == "2019-01-10-first"
    assert previous_session(mini, get_session(mini, "2021-05-01-third")) is None
    assert previous_session(mini, get_session(mini, "2019-01-10-first")) is None


def test_latest_session(mini):
    assert latest_session(mini).session_id == "2021-05-01-third"


def test_events_between_excludes_start_includes_end(mini):
    ids = list(events_between(mini, dt.date(2019, 1, 10), dt.date(2020, 9, 28))["event_id"])
    assert ids == ["e-2019-sanc", "e-2020-belarus", "e-2020-on-day"]


def test_events_between_by_topic_and_from_the_start(mini):
    ids = list(events_between(mini, None, dt.date(2020, 12, 31), ["belarus", "mh17"])["event_id"])
    assert ids == ["e-2014", "e-2020-belarus", "e-2020-on-day", "e-2020-after"]


def test_known_on_cuts_off_later_rows(mini):
    kept = known_on(mini.events, dt.date(2020, 9, 28))
    assert kept["date"].max().date() == dt.date(2020, 9, 28)
    assert "e-2020-after" not in set(kept["event_id"])


def test_resolve_as_of(mini):
    session = get_session(mini, "2020-09-28-second")
    day_before = session.date - dt.timedelta(days=1)  # the day a brief is prepared (issue 9)
    assert resolve_as_of(session, None) == day_before
    assert resolve_as_of(session, "") == day_before
    assert resolve_as_of(session, "2020-10-01") == dt.date(2020, 10, 1)
    with pytest.raises(UnknownChoiceError, match="unknown as_of date '2020-31-10'"):
        resolve_as_of(session, "2020-31-10")


def test_check_issue(mini):
    topical = [r.topic_id for r in mini.topics.itertuples() if r.track == "topical"]
    assert topical and check_issue(mini, topical[0]) == topical[0]
    with pytest.raises(UnknownChoiceError) as caught:
        check_issue(mini, "crimea")
    assert caught.value.choices == topical
