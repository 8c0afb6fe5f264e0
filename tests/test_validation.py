"""Validation: each kind of bad input gets one line naming file, line, column, value and need."""
from __future__ import annotations

from pathlib import Path

import pytest

from debateprep.data.schema import TABLES
from debateprep.data.validation import check_data, display_path

from conftest import append_row, replace_in


def messages(data_dir: Path) -> list[str]:
    return [str(p) for p in check_data(data_dir).problems]


def where(data_dir: Path, name: str) -> str:
    return display_path(data_dir / name)


def test_fixture_is_valid(mini_dir):
    assert messages(mini_dir) == []


def test_missing_file(mini_dir):
    (mini_dir / "polls.csv").unlink()
    assert messages(mini_dir) == [
        f"{where(mini_dir, 'polls.csv')}: — expected the polls table (survey results, one "
        "answer share per row); the file is missing"]


def test_empty_file(mini_dir):
    (mini_dir / "motions.csv").write_text("", encoding="utf-8")
    [message] = messages(mini_dir)
    assert message.startswith(f"{where(mini_dir, 'motions.csv')}: — expected a header row")
    assert message.endswith("the file is empty")


def test_non_utf8_file(mini_dir):
    path = mini_dir / "events.csv"
    raw = path.read_bytes().replace("Flight MH17".encode(), "Vlucht MH17 caf\xe9".encode("latin-1"))
    path.write_bytes(raw)
    [message] = messages(mini_dir)
    assert message.startswith(f"{where(mini_dir, 'events.csv')}:2: — expected UTF-8 text")
    assert "0xe9" in message


def test_missing_column(mini_dir):
    path = mini_dir / "sessions.csv"
    replace_in(path, "minister,chair", "chair")
    assert f"{where(mini_dir, 'sessions.csv')}:1: column 'minister': — expected this column " \
           "in the header (it is missing)" in messages(mini_dir)


def test_unknown_column(mini_dir):
    replace_in(mini_dir / "sources.csv", "date_checked", "date_checkd")
    found = messages(mini_dir)
    assert any(m.startswith(f"{where(mini_dir, 'sources.csv')}:1: column 'date_checkd': — "
                            "expected only the columns") for m in found)


@pytest.mark.parametrize("file, old, new, column, bad, expected", [
    ("events.csv", "2020-08-09", "2020-02-30", "date", "2020-02-30", "a real date as YYYY-MM-DD"),
    ("events.csv", "2014-07-17", "17-07-2014", "date", "17-07-2014", "a real date as YYYY-MM-DD"),
    ("events.csv", ",mh17,MH17 shot", ",mh-17,MH17 shot", "topic", "mh-17",
     "an id that exists in topics.csv (topic_id)"),
    ("sessions.csv", "notaoverleg", "debate", "kind", "debate", "one of notaoverleg, commissiedebat"),
    ("sources.csv", "https://example.org/nos/rusland", "www.nos.nl", "url", "www.nos.nl",
     "a web address"),
    ("polls.csv", "Agree,71", "Agree,171", "share_pct", "171", "a number from 0 to 100"),
    ("polls.csv", "Dutch adults,1500", "Dutch adults,many", "sample_size", "many", "a whole number"),
    ("events.csv", "shot down.,s-news", "shot down.,s-nws", "source_ids", "s-nws",
     "an id that exists in sources.csv (source_id)"),
    ("sessions.csv", "engagement;mh17;belarus", "engagement;mh17;brexit", "topics", "brexit",
     "an id that exists in topics.csv (topic_id)"),
    ("events.csv", "2019-06-01,month", "2019-06-15,month", "date", "2019-06-15",
     "the first day of the month"),
    ("motions.csv", "1-1,2019-01-10-first", "1-1,2019-01-11-nope", "session_id", "2019-01-11-nope",
     "an id that exists in sessions.csv (session_id)"),
    ("events.csv", "e-2021,", "E 2021,", "event_id", "E 2021", "an id of lower-case letters"),
])
def test_bad_value(mini_dir, file, old, new, column, bad, expected):
    line = replace_in(mini_dir / file, old, new)
    prefix = f"{where(mini_dir, file)}:{line}: column '{column}': value '{bad}' — expected "
    found = messages(mini_dir)
    hits = [m for m in found if m.startswith(prefix)]
    assert len(hits) == 1, found
    assert expected in hits[0][len(prefix):]


def test_required_value_missing(mini_dir):
    line = replace_in(mini_dir / "sessions.csv", ",Minister C,", ",,")
    assert f"{where(mini_dir, 'sessions.csv')}:{line}: column 'minister': value '' — expected " \
           "text (a value is required)" in messages(mini_dir)


def test_duplicate_id(mini_dir):
    line = append_row(mini_dir / "events.csv", "e-2014,2015-01-01,day,mh17,Again,Again.,s-news,,Weer,Weer.")
    assert f"{where(mini_dir, 'events.csv')}:{line}: column 'event_id': value 'e-2014' — " \
           "expected a unique value (already used on line 2)" in messages(mini_dir)


def test_wrong_field_count(mini_dir):
    line = append_row(mini_dir / "events.csv", "e-x,2015-01-01,day,mh17,Title, with comma,D.,s-news,,T,D")
    assert f"{where(mini_dir, 'events.csv')}:{line}: — expected 10 fields as in the header, " \
           "found 11 (a value with a comma must be in double quotes)" in messages(mini_dir)


def test_unit_required_with_value(mini_dir):
    line = replace_in(mini_dir / "measures.csv", "350,troops", "350,")
    assert f"{where(mini_dir, 'measures.csv')}:{line}: column 'unit': value '' — expected a " \
           "unit (e.g. 'persons', 'troops') because the row has a value" in messages(mini_dir)


def test_a_value_must_say_whether_it_is_a_total_or_an_addition(mini_dir):
    line = replace_in(mini_dir / "measures.csv", "350,troops,total", "350,troops,")
    assert f"{where(mini_dir, 'measures.csv')}:{line}: column 'value_is': value '' — expected " \
           "'total' (the level after this action) or 'added' (what this action added) because " \
           "the row has a value" in messages(mini_dir)
    replace_in(mini_dir / "measures.csv", "350,troops,", "350,troops,sum")
    assert f"{where(mini_dir, 'measures.csv')}:{line}: column 'value_is': value 'sum' — " \
           "expected one of total, added" in messages(mini_dir)


def test_fieldwork_order(mini_dir):
    path = mini_dir / "polls.csv"
    text = path.read_text(encoding="utf-8").replace("2022-10-01,2022-10-15", "2022-10-20,2022-10-15")
    path.write_text(text, encoding="utf-8")
    found = [m for m in messages(mini_dir) if "fieldwork_end" in m]
    assert len(found) == 2  # both rows of that poll
    assert found[0].endswith("expected a date on or after fieldwork_start 2022-10-20")


def test_multi_line_value_keeps_line_numbers(mini_dir):
    append_row(mini_dir / "events.csv", 'e-multi,2015-01-01,day,mh17,Title,"two\nlines",s-news,,T,"twee\nregels"')
    line = append_row(mini_dir / "events.csv", "e-bad,2015-13-01,day,mh17,T,D.,s-news,,T,D.")
    assert any(m.startswith(f"{where(mini_dir, 'events.csv')}:{line}: column 'date'")
               for m in messages(mini_dir))


def test_every_problem_reported_at_once(mini_dir):
    replace_in(mini_dir / "events.csv", "2020-08-09", "2020-02-30")
    replace_in(mini_dir / "sessions.csv", "notaoverleg", "debate")
    (mini_dir / "polls.csv").unlink()
    found = messages(mini_dir)
    assert len(found) == 3
    assert {m.split(":")[0] for m in found} == {where(mini_dir, f) for f in
                                                 ("events.csv", "sessions.csv", "polls.csv")}


def test_missing_sources_file_does_not_cascade(mini_dir):
    (mini_dir / "sources.csv").unlink()
    assert len(messages(mini_dir)) == 1


def test_schema_documented_in_data_readme():
    readme = (Path(__file__).resolve().parents[1] / "data" / "README.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        assert f"### {table.filename}" in readme
        for column in table.columns:
            assert f"| {column.name} |" in readme, f"{table.filename}: {column.name} undocumented"
