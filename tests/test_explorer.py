"""The explorer's filtering and its widgets, driven in-process (the browser tests drive Voilà)."""
from __future__ import annotations

import csv
import datetime as dt
import html
import re

import pytest

from debateprep.explore.explorer import Explorer, Filters, export_frame, filter_events, topic_counts

S20 = "2020-09-28-russia-strategy"


@pytest.fixture
def explorer(shipped, tmp_path):
    ex = Explorer(shipped, S20, tmp_path / "exports")
    ex.start.value = dt.date(1970, 1, 1)
    return ex


def test_no_filters_means_every_event(shipped):
    assert len(filter_events(shipped, Filters(S20))) == len(shipped.events)


def test_topics_dates_and_text_each_narrow_the_events(shipped):
    navalny = filter_events(shipped, Filters(S20, topics=("navalny",)))
    assert set(navalny["topic"]) == {"navalny"} and len(navalny) == (shipped.events["topic"] == "navalny").sum()
    bounded = filter_events(shipped, Filters(S20, start=dt.date(2020, 8, 1), end=dt.date(2020, 8, 31)))
    assert not bounded.empty
    assert bounded["date"].min() >= dt.datetime(2020, 8, 1) and bounded["date"].max() <= dt.datetime(2020, 8, 31)
    found = filter_events(shipped, Filters(S20, text="novichok"))
    assert not found.empty
    assert all("novichok" in (t + d).lower() for t, d in zip(found["title"], found["description"]))


def test_since_previous_debate_starts_after_the_previous_session(shipped):
    later = filter_events(shipped, Filters("2022-05-12-foreign-affairs-council", since_previous=True))
    assert later["date"].min() > dt.datetime(2022, 3, 17)
    assert later["date"].max() <= dt.datetime(2022, 5, 12)
    first = filter_events(shipped, Filters(S20, since_previous=True))  # no earlier debate
    assert first["date"].max() <= dt.datetime(2020, 9, 28)


def test_counts_add_up_to_the_events_shown(shipped):
    events = filter_events(shipped, Filters(S20, end=dt.date(2020, 9, 28)))
    counts = topic_counts(shipped, events)
    assert counts["Events"].sum() == len(events)
    assert list(counts["Events"]) == sorted(counts["Events"], reverse=True)


def test_changing_a_control_updates_every_linked_output(explorer):
    explorer.topics.value = ("navalny",)
    assert set(explorer.shown["topic"]) == {"navalny"}
    assert explorer.table.value.count("<tr>") == len(explorer.shown) + 1  # header row
    assert f"<b>{len(explorer.shown)}</b> event(s)" in explorer.summary.value
    assert "Navalny" in explorer.counts.value and "MH17" not in explorer.counts.value
    assert explorer.chart.value.count("<circle") == len(explorer.shown)  # one mark per event
    assert ">Navalny</text>" in explorer.chart.value and ">MH17</text>" not in explorer.chart.value
    explorer.search.value = "Berlin"
    assert len(explorer.shown) == 1 and "Berlin" in explorer.table.value


def raw(name: str) -> list[dict]:
    from conftest import DATA
    with open(DATA / f"{name}.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_sources_are_links_to_sources_public_on_the_as_of_date(explorer):
    explorer.topics.value = ("mh17",)
    published = {r["url"]: r["date_published"] for r in raw("sources")}
    links = re.findall(r'href="([^"]+)"', explorer.table.value)
    assert links and all(published[html.unescape(u)] <= "2020-09-27" for u in links)
    assert 'href="https://www.courtmh17.com/' not in explorer.table.value  # the 2022 judgment


def test_picking_a_session_moves_the_as_of_and_end_dates(explorer):
    explorer.session.value = "2022-02-28-ukraine-invasion"
    assert explorer.as_of.value == dt.date(2022, 2, 27)  # the day before the debate
    assert explorer.end.value == dt.date(2022, 2, 27)
    assert explorer.shown["date"].max() <= dt.datetime(2022, 2, 27)


def test_the_as_of_choice_shows_only_what_was_public_then(explorer):
    explorer.session.value = "2022-02-28-ukraine-invasion"
    explorer.start.value = dt.date(1970, 1, 1)
    explorer.as_of.value = dt.date(2020, 11, 10)
    assert explorer.end.value == dt.date(2020, 11, 10)
    sources = {r["source_id"]: r["date_published"] for r in raw("sources")}
    # computed from the CSV files, not by the explorer's own functions
    expected = sorted(r["title"] for r in raw("events") if r["date"] <= "2020-11-10" and any(
        sources.get(s, "") and sources[s] <= "2020-11-10" for s in r["source_ids"].split(";")))
    assert sorted(explorer.shown["title"]) == expected
    assert "10 November 2020" in explorer.summary.value


def test_export_writes_exactly_the_rows_shown(explorer):
    explorer.topics.value = ("belarus",)
    path = explorer.export()
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["title"] for r in rows] == list(explorer.shown["title"])
    assert all(r["sources"].startswith("http") for r in rows)
    assert f"Exported {len(rows)} event(s)" in explorer.status.value


def test_export_of_nothing_writes_a_header_only(explorer, shipped):
    explorer.search.value = "no event says this"
    assert explorer.shown.empty and "No events match" in explorer.table.value
    assert list(export_frame(shipped, explorer.shown).columns) == ["date", "topic", "title",
                                                                   "description", "sources"]
