"""Sessions, briefing text and the pack's one numbering of sources, pinned to the mini data.

Expected values come from tests/fixtures/mini/*.csv (read by eye: sessions, sources, events,
motions) and from the docstrings: a missing publication date is left out of a reference, an
address is shown without scheme or 'www.' and cut with '…' past 60 characters, and so on.
"""
from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest

from debateprep.chapters.briefing import (SourceList, citation, editorial_items, events_table,
                                 format_date, key_facts, short_address, source_note)
from debateprep.chapters.citations import MARK, PackSources
from debateprep.errors import UnknownChoiceError
from debateprep.data.sessions import (Session, change_window, events_between, get_session,
                                 resolve_as_of)

FIRST = "2019-01-10-first"
SECOND = "2020-09-28-second"
KAMER = ("Tweede Kamer, ‘Verslag van een notaoverleg’, 6 October 2020. {address} "
         "(checked 25 November 2026)")


# --- sessions -------------------------------------------------------------------------------------

def test_a_session_carries_every_column_of_its_row(mini):
    assert get_session(mini, FIRST) == Session(
        session_id=FIRST, date=dt.date(2019, 1, 10), kind="algemeen-overleg",
        title="First debate", committee="Vaste commissie voor Buitenlandse Zaken",
        minister="Minister A", chair="Chair A", topics=("engagement", "sanctions"),
        source_ids=("s-kamer",), issues=())
    second = get_session(mini, SECOND)
    assert (second.minister, second.chair, second.source_ids, second.issues) == (
        "Minister B", "", ("s-kamer", "s-news"), ("mh17", "belarus"))


def test_without_an_earlier_debate_the_window_is_the_year_before(mini):
    first = get_session(mini, FIRST)
    assert change_window(mini, first, dt.date(2019, 1, 9)) == (dt.date(2018, 1, 9), None)


def test_events_between_are_numbered_afresh(mini):
    events = events_between(mini, dt.date(2019, 1, 10), dt.date(2020, 9, 28), ("belarus", "mh17"))
    assert list(events["event_id"]) == ["e-2020-belarus", "e-2020-on-day"]
    assert list(events.index) == [0, 1] and list(events.columns) == list(mini.events.columns)


def test_a_bad_as_of_names_the_two_valid_forms(mini):
    with pytest.raises(UnknownChoiceError) as err:
        resolve_as_of(get_session(mini, FIRST), "2020-02-30")
    assert err.value.choices == ["a real date as YYYY-MM-DD", "empty for the day before the session"]


# --- references ----------------------------------------------------------------------------------

def test_an_unknown_source_names_the_known_ones(mini):
    with pytest.raises(UnknownChoiceError) as err:
        citation(mini, "s-none")
    assert str(err.value) == "unknown source 's-none' — valid choices: s-kamer, s-news, s-script"


def test_a_reference_without_a_publication_date_leaves_the_date_out_and_plain_text_is_raw(mini):
    assert citation(mini, "s-script") == ("Test & Co, ‘<script>alert('x')</script> & more’. "
                                          "https://example.org/a?b=1&c=2 (checked 25 November 2026)")


def test_the_html_source_list_links_each_address(mini):
    sources = SourceList(mini)
    assert sources.cite(["s-kamer", "s-news"]) == MARK + "[1, 2]"
    kamer = KAMER.format(address='<a href="https://example.org/kamer/verslag">'
                                 'example.org/kamer/verslag</a>').replace(
        "(checked 25 November 2026)",
        "<span class='checked'>(checked <span class='date'>25 November 2026</span>)</span>")
    news = ("NOS, ‘Kabinet stuurt Ruslandbrief’, 22 December 2019. <a href="
            '"https://example.org/nos/rusland">example.org/nos/rusland</a> '
            "<span class='checked'>(checked <span class='date'>25 November 2026</span>)</span>")
    assert sources.to_html() == f"<ol class='sources'><li>{kamer}</li><li>{news}</li></ol>"


@pytest.mark.parametrize("url, shown", [
    ("https://www.example.org/x", "example.org/x"),
    ("example.org/x", "example.org/x"),
    ("http://a.org/?next=http://b.org", "a.org/?next=http://b.org"),
    ("https://www.example.org/www.", "example.org/www."),
    ("https://" + "a" * 60, "a" * 60),
    ("https://" + "a" * 61, "a" * 59 + "…"),
])
def test_an_address_is_shown_bare_and_cut_past_sixty_characters(url, shown):
    assert short_address(url) == shown


def test_a_source_note_names_each_publisher_once_or_is_empty(mini):
    assert source_note(mini, ["s-news", "s-kamer", "s-news"]) == "Source: NOS; Tweede Kamer"
    assert source_note(mini, []) == ""


def test_a_date_defaults_to_the_full_day():
    assert format_date(pd.Timestamp("2020-09-28")) == "28 September 2020"


# --- tables ---------------------------------------------------------------------------------------

def test_key_facts_without_and_with_a_previous_debate(mini):
    first = key_facts(mini, get_session(mini, FIRST), dt.date(2019, 1, 9))
    assert list(first.columns) == ["Fact", "Value"]
    assert dict(zip(first["Fact"], first["Value"])) == {
        "Documents on the agenda": "0",
        "Previous debate on these topics": "none in the data",
        "Events on these topics in the previous twelve months": "0",
        "Motions (moties) filed in the previous debate": "none",
    }
    second = key_facts(mini, get_session(mini, SECOND), dt.date(2020, 9, 27))
    assert dict(zip(second["Fact"], second["Value"])) == {
        "Documents on the agenda": "2",
        "Previous debate on these topics": "10 January 2019 (First debate)",
        "Events on these topics since the previous debate": "1",
        "Motions (moties) filed in the previous debate": "1",
    }


def test_editorial_items_are_numbered_afresh_with_their_label(mini):
    items = editorial_items(mini, get_session(mini, SECOND), kind="talking-point")
    assert list(items["item_id"]) == ["ed-2"] and list(items.index) == [0]
    assert list(items.columns) == list(mini.editorial.columns) + ["label"]


def test_the_events_table_shows_topic_labels_and_keeps_unknown_topics(mini):
    events = mini.events[mini.events["event_id"].isin(["e-2014", "e-2019-sanc"])].copy()
    events.loc[events["event_id"] == "e-2019-sanc", "topic"] = "no-such-topic"
    table = events_table(events.reset_index(drop=True), SourceList(mini))
    assert list(table.columns) == ["Date", "Topic", "What happened", "Sources"]
    assert list(table["Topic"]) == ["MH17", "no-such-topic"]
    assert list(table["What happened"]) == ["MH17 shot down", "Sanctions renewed"]
    assert list(table["Date"]) == ["17 July 2014", "June 2019"]


# --- one numbering for the pack -------------------------------------------------------------------

def test_the_pack_list_is_in_number_order_and_falls_back_to_the_id():
    pack = PackSources()
    pack.number("z-first")
    pack.number("a-second")
    pack.entries["a-second"] = "Second entry"
    assert pack.list_html("Sources", "All checked %(checked)s.") == (
        "<h1 id='sources'>Sources</h1><ol class='sources'>"
                                "<li id='src-1' value='1'>z-first</li>"
                                "<li id='src-2' value='2'>Second entry</li></ol>")


def test_a_chapter_without_a_source_list_is_renumbered_and_its_list_removed():
    pack = PackSources()
    body = f"A{MARK}[1] and B{MARK}[2, 1]."
    assert pack.renumber(body, ["s-a", "s-b"], "x.html") == (
        "A[<a href='x.html#src-1'>1</a>] and B[<a href='x.html#src-1'>1</a>, "
        "<a href='x.html#src-2'>2</a>].")
    listed = ("<p>T</p><section class='chapter-sources'><h2 class='sources-heading'>Bronnen</h2>"
              "<p><em>Geen bronnen.</em></p></section><p>end</p>")
    assert pack.renumber(listed, [], "x.html") == "<p>T</p><p>end</p>"


def test_a_source_is_found_by_its_id_after_the_table_changed_in_place(mini):
    """Sources are looked up by a remembered position; a table changed since (rows reordered or
    dropped in place) is looked up afresh, never answered from a stale position."""
    from dataclasses import replace
    from debateprep.chapters.briefing import _source_row
    data = replace(mini, sources=mini.sources.copy())  # the fixture's own table stays as it is
    frame = data.sources
    ids = list(frame["source_id"])
    assert [_source_row(data, i)["source_id"] for i in ids] == ids
    first = frame.iloc[0].copy()
    frame.iloc[0], frame.iloc[1] = frame.iloc[1].copy(), first  # swapped in place
    assert [_source_row(data, i)["source_id"] for i in ids] == ids
    with warnings.catch_warnings():  # pandas 3 warns that in-place drop will go; it is
        warnings.simplefilter("ignore")  # exactly the change a stale position must survive
        frame.drop(index=frame.index[-1], inplace=True)
    assert _source_row(data, ids[0])["source_id"] == ids[0]
    with pytest.raises(UnknownChoiceError):
        _source_row(data, ids[-1])


def test_the_first_row_of_a_repeated_source_id_is_the_one_cited(mini):
    from dataclasses import replace
    from debateprep.chapters.briefing import _source_row
    twice = pd.concat([mini.sources, mini.sources.iloc[[0]].assign(title="a second row")],
                      ignore_index=True)
    data = replace(mini, sources=twice)
    assert _source_row(data, twice["source_id"].iloc[0])["title"] == mini.sources["title"].iloc[0]


def test_sources_are_remembered_by_position_for_a_few_tables_at_a_time(mini):
    """The speed-up itself: one pass over a sources table remembers where each id's first row
    is, and a kernel running many chapters keeps at most eight such tables."""
    from dataclasses import replace
    from debateprep.chapters import briefing
    briefing._SOURCE_POSITIONS.clear()
    data = replace(mini, sources=mini.sources.copy())
    first = data.sources["source_id"].iloc[0]
    assert briefing._source_row(data, first)["source_id"] == first
    expected = {}
    for position, value in enumerate(data.sources["source_id"]):
        expected.setdefault(value, position)
    assert briefing._SOURCE_POSITIONS == {id(data.sources): expected}
    tables = [replace(mini, sources=mini.sources.copy()) for _n in range(8)]
    for table in tables:
        briefing._source_row(table, first)
    assert len(briefing._SOURCE_POSITIONS) <= 8
    assert id(tables[-1].sources) in briefing._SOURCE_POSITIONS
    assert id(data.sources) not in briefing._SOURCE_POSITIONS
