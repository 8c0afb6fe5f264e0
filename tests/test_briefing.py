"""Briefing text: full dates, citations, numbered sources, key facts, editorial labels."""
from __future__ import annotations

from debateprep.chapters.citations import MARK

import csv
import datetime as dt
import re

import pandas as pd
import pytest

from debateprep import UnknownChoiceError, load_data
from debateprep.chapters.briefing import (editorial_label, SourceList, citation, editorial_items,
                                 events_table, format_date, key_facts, source_note)
from debateprep.data.sessions import get_session


@pytest.mark.parametrize("value, precision, text", [
    (dt.date(2020, 9, 28), "day", "28 September 2020"),
    (pd.Timestamp("2014-03-01"), "month", "March 2014"),
    (dt.date(2021, 1, 1), "year", "2021"),
    (pd.NaT, "day", "date not stated"),
])
def test_format_date(value, precision, text):
    assert format_date(value, precision) == text


def test_citation(mini):
    assert citation(mini, "s-news") == ("NOS, ‘Kabinet stuurt Ruslandbrief’, 22 December 2019. "
                                        "https://example.org/nos/rusland (checked 25 November 2026)")


def test_citation_html_is_escaped(mini):
    text = citation(mini, "s-script", link=True)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert '<a href="https://example.org/a?b=1&amp;c=2">' in text


def test_unknown_source(mini):
    with pytest.raises(UnknownChoiceError):
        citation(mini, "s-none")


def test_source_note_lists_publishers_once(mini):
    assert source_note(mini, ["s-news", "s-kamer", "s-news"]) == "Source: NOS; Tweede Kamer"


def test_source_list_numbers_in_order_of_first_citation(mini):
    sources = SourceList(mini)
    assert sources.cite(["s-news"]) == MARK + "[1]"  # the mark lets the pack renumber it
    assert sources.cite(["s-kamer", "s-news"]) == MARK + "[1, 2]"
    assert sources.entries()[1].startswith("2. Tweede Kamer, ‘Verslag van een notaoverleg’")
    assert sources.to_html().count("<li>") == 2


def test_key_facts(mini):
    session = get_session(mini, "2020-09-28-second")
    facts = dict(key_facts(mini, session, session.date).values)
    assert "Date" not in facts  # the header says it; the table does not repeat it (issue 10)
    assert facts["Documents on the agenda"] == "2"
    assert facts["Previous debate on these topics"] == "10 January 2019 (First debate)"
    # events after 10 January 2019 up to 28 September 2020 on engagement, mh17 or belarus
    assert facts["Events on these topics since the previous debate"] == "2"
    assert facts["Motions (moties) filed in the previous debate"] == "1"


def test_key_facts_without_a_previous_debate_count_the_last_twelve_months(mini_dir):
    # one sanctions event inside the twelve months before 10 January 2019, one just before them
    with open(mini_dir / "events.csv", "a", encoding="utf-8") as handle:
        handle.write("e-in,2018-06-15,day,sanctions,Inside the window,Counted.,s-news,,Binnen,Ja.\n"
                     "e-out,2017-12-20,day,sanctions,Before the window,Not counted.,s-news,,Buiten,"
                     "Nee.\n")
    data = load_data(mini_dir)
    session = get_session(data, "2019-01-10-first")
    facts = dict(key_facts(data, session, session.date).values)
    with open(mini_dir / "events.csv", encoding="utf-8") as handle:  # counted from the file
        rows = list(csv.DictReader(handle))
    window = [r for r in rows if "2018-01-10" <= r["date"] <= "2019-01-10"
              and r["topic"] in ("engagement", "sanctions")]
    assert [r["event_id"] for r in window] == ["e-in"]
    assert facts["Events on these topics in the previous twelve months"] == str(len(window))


def test_editorial_items_are_labelled(mini):
    items = editorial_items(mini, get_session(mini, "2020-09-28-second"), kind="question")
    assert list(items["item_id"]) == ["ed-1"]
    assert set(items["label"]) == {editorial_label()}


def test_events_table(mini):
    sources = SourceList(mini)
    table = events_table(mini.events.iloc[:3], sources)
    assert list(table["Date"]) == ["17 July 2014", "10 January 2019", "June 2019"]
    assert list(table["Sources"]) == [MARK + "[1]", MARK + "[2]", MARK + "[2]"]


def test_a_source_note_with_many_publishers_names_the_official_ones_and_counts_the_rest(mini):
    import pandas as pd
    rows = [{"source_id": f"x-{i}", "title": "t", "publisher": f"Outlet {i}",
             "url": "https://example.org", "date_published": pd.NaT, "date_checked": pd.NaT,
             "kind": "official" if i in (7, 9) else "news", "language": "en"} for i in range(10)]
    import dataclasses
    data = dataclasses.replace(mini, sources=pd.concat([mini.sources, pd.DataFrame(rows)]))
    note = source_note(data, [r["source_id"] for r in rows])
    # the two official publishers first, then the news outlets in order, five named in all
    assert note == ("Sources: Outlet 7; Outlet 9; Outlet 0; Outlet 1; Outlet 2; and 5 other "
                    "publishers (every source is in the pack's source list)")
    assert source_note(data, [f"x-{i}" for i in range(6)]) == \
        "Source: " + "; ".join(f"Outlet {i}" for i in range(6))


def test_key_numbers_are_recent_levels_not_what_one_package_added():
    from debateprep.chapters import summary
    from debateprep.chapters.parameters import start_briefing
    from conftest import DATA
    with open(DATA / "sources.csv", encoding="utf-8") as handle:
        published = {s["source_id"]: s["date_published"] for s in csv.DictReader(handle)}
    with open(DATA / "measures.csv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["value"]]
    assert rows
    for session_id in ("2020-11-11-foreign-affairs-budget", "2022-03-17-foreign-affairs-council",
                       "2026-01-13-foreign-affairs-council"):
        b = start_briefing(session_id)
        day, since = b.as_of.isoformat(), (pd.Timestamp(b.as_of) - pd.DateOffset(years=2)).date()
        expected = []
        for instrument in dict.fromkeys(r["instrument"] for r in rows):
            known = sorted((r for r in rows if r["instrument"] == instrument and r["date"] <= day
                            and any("" < published[s] <= day for s in r["source_ids"].split(";"))),
                           key=lambda r: r["date"])
            if known and known[-1]["value_is"] == "total" and known[-1]["date"] >= since.isoformat():
                expected.append(known[-1])
        expected = sorted(expected, key=lambda r: r["date"])[-2:]
        shown = re.findall(r"<tr>\s*<td>([^<]*)</td>", summary.key_numbers(b).data)
        want = [f"{float(r['value']):,.0f} {r['unit']}" for r in reversed(expected)]
        assert [s for s in shown if not s.endswith("%") and " of " not in s] == want, session_id


def test_a_publisher_counts_as_official_if_any_of_its_sources_is(mini):
    import dataclasses
    rows = [{"source_id": f"y-{i}", "title": "t", "publisher": f"Outlet {i}",
             "url": "https://example.org", "date_published": pd.NaT, "date_checked": pd.NaT,
             "kind": "news", "language": "en"} for i in range(8)]
    rows[7]["publisher"] = "Outlet 3"  # a second source of Outlet 3, this one news ...
    rows[3]["kind"] = "parliament"     # ... after an official one
    data = dataclasses.replace(mini, sources=pd.concat([mini.sources, pd.DataFrame(rows)]))
    note = source_note(data, [r["source_id"] for r in rows])
    assert note.startswith("Sources: Outlet 3; Outlet 0; Outlet 1; Outlet 2; Outlet 4; and 2 ")
