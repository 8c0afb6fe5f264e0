"""Validation, line by line: every kind of problem with its exact file, line, column, value and
message (the one-line format of validation's docstring), and the edges of every check.

The messages are what a staffer reads, so they are pinned word for word; the limits (ties,
equal dates, maximums) follow the docstrings and data/README.md.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from debateprep.data.schema import TABLES, Column, Table
from debateprep.data.schema import TO_FILL
from debateprep.data.validation import (Checked, Problem, _check_fieldwork, _check_period,
                                   _check_precision, _check_vote, check_data, check_outcomes,
                                   check_references, check_rows, check_value, display_path,
                                   read_table, vote_outcome)

from conftest import append_row, replace_in


def problems(data_dir: Path) -> list[Problem]:
    return check_data(data_dir).problems


def name(data_dir: Path, file: str) -> str:
    return display_path(data_dir / file)


# --- the one-line format -------------------------------------------------------------------

def test_a_problem_reads_file_line_column_value_then_what_is_expected():
    assert str(Problem("a.csv", 3, "col", "v", "x")) == "a.csv:3: column 'col': value 'v' — expected x"
    assert str(Problem("a.csv", 3, "col", None, "x")) == "a.csv:3: column 'col': — expected x"
    assert str(Problem("a.csv", None, None, None, "x")) == "a.csv: — expected x"
    assert str(Problem("a.csv", 2, None, "v", "x")) == "a.csv:2: value 'v' — expected x"


def test_long_values_are_cut_at_sixty_characters_and_newlines_shown():
    assert str(Problem("a.csv", 1, "c", "x" * 60, "y")) == f"a.csv:1: column 'c': value '{'x' * 60}' — expected y"
    assert str(Problem("a.csv", 1, "c", "x" * 61, "y")) == f"a.csv:1: column 'c': value '{'x' * 59}…' — expected y"
    assert str(Problem("a.csv", 1, "c", "a\nb", "y")) == "a.csv:1: column 'c': value 'a\\nb' — expected y"


# --- reading one file ------------------------------------------------------------------------

def test_a_semicolon_separated_file_is_recognised(mini_dir):
    path = mini_dir / "topics.csv"
    path.write_text("topic_id;label;track\nmh17;MH17;topical\n", encoding="utf-8")
    assert read_table(path, TABLES["topics"]) == ([], [Problem(
        name(mini_dir, "topics.csv"), 1, None, None,
        "comma-separated values; this file looks semicolon-separated (as Excel saves CSV in a "
        "Dutch locale): save it again as 'CSV UTF-8 (comma delimited)'")])


def test_a_one_column_header_without_semicolons_is_a_header_problem(mini_dir):
    path = mini_dir / "topics.csv"
    path.write_text("topic_id\nmh17\n", encoding="utf-8")
    rows, found = read_table(path, TABLES["topics"])
    assert rows == [] and [p.column for p in found] == ["label", "track", "description", "source_ids",
                                                        "label_nl", "description_nl"]


def test_a_semicolon_inside_one_header_name_of_many_is_an_unknown_column(mini_dir):
    path = mini_dir / "topics.csv"
    path.write_text('"topic_id;x",label,track,description,source_ids,label_nl,description_nl\n',
                    encoding="utf-8")
    rows, found = read_table(path, TABLES["topics"])
    assert [(p.line, p.column) for p in found] == [(1, "topic_id"), (1, "topic_id;x")]
    assert found[1].expected == ("only the columns topic_id, label, track, description, "
                                 "source_ids, label_nl, description_nl (this one is unknown)")


def test_an_empty_file_names_the_header_it_needs(mini_dir):
    path = mini_dir / "topics.csv"
    path.write_text("  \n", encoding="utf-8")
    assert read_table(path, TABLES["topics"])[1] == [Problem(
        name(mini_dir, "topics.csv"), None, None, None,
        "a header row with the columns topic_id, label, track, description, source_ids, "
        "label_nl, description_nl; the file is empty")]


def test_a_non_utf8_byte_names_its_line_and_value(mini_dir):
    path = mini_dir / "topics.csv"
    path.write_bytes(path.read_bytes() + "caf\xe9\n".encode("latin-1"))
    line = path.read_bytes().count(b"\n")
    assert read_table(path, TABLES["topics"])[1] == [Problem(
        name(mini_dir, "topics.csv"), line, None, None,
        "UTF-8 text; byte 0xe9 is not UTF-8 (save the file as 'CSV UTF-8')")]


def test_a_field_too_large_for_csv_stops_the_file_with_its_line(mini_dir):
    path = mini_dir / "topics.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + lines[1] + "big," + "x" * 200_000 + ",topical,d,s-news\n"
                    + lines[2], encoding="utf-8")
    rows, found = read_table(path, TABLES["topics"])
    assert [line for line, _ in rows] == [2]
    assert found == [Problem(name(mini_dir, "topics.csv"), 3, None, None,
                             "plain CSV text (field larger than field limit (131072); remove "
                             "that character, or save the file again as 'CSV UTF-8')")]
    assert str(found[0]).startswith(f"{name(mini_dir, 'topics.csv')}:3: — expected plain CSV")
    assert check_data(mini_dir).problems[0] == found[0]


def test_blank_lines_and_short_rows_are_skipped_and_the_rest_still_read(mini_dir):
    path = mini_dir / "topics.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + lines[1] + ",,,,,,\n" + "\n" + "only,three,fields\n" + lines[2]
                    + lines[3], encoding="utf-8")
    rows, found = read_table(path, TABLES["topics"])
    assert [line for line, _ in rows] == [2, 6, 7]
    assert found == [Problem(name(mini_dir, "topics.csv"), 5, None, None,
                             "7 fields as in the header, found 3 (a value with a comma must "
                             "be in double quotes)")]


def test_a_quoted_value_keeps_its_line_break_exactly(mini_dir):
    path = mini_dir / "topics.csv"
    path.write_bytes(path.read_bytes()
                     + b'extra,Extra,context,"one\r\ntwo",s-news,Extra,"een\r\ntwee"\r\n')
    rows, found = read_table(path, TABLES["topics"])
    assert found == [] and rows[-1][1]["description"] == "one\r\ntwo"


# --- values -----------------------------------------------------------------------------------

@pytest.mark.parametrize("col, value, ok", [
    (Column("n", "int"), "5", True),
    (Column("n", "int"), "5.5", False),
    (Column("n", "number"), "2.5", True),
    (Column("n", "number"), "nan", False),
    (Column("n", "number"), "x", False),
    (Column("n", "number"), "-3", True),
    (Column("n", "number", minimum=0, maximum=100), "100", True),
    (Column("n", "number", minimum=0, maximum=100), "100.5", False),
    (Column("n", "number", minimum=0, maximum=100), "0", True),
    (Column("n", "number", minimum=0, maximum=100), "-0.5", False),
    (Column("l", "list"), "Free text;More", True),
    (Column("l", "list"), "a;;b", False),
    (Column("r", "refs", ref="t.id"), "a-1;b", True),
    (Column("r", "refs", ref="t.id"), "a-1; Bad", False),
    (Column("r", "refs", ref="t.id"), "a;", False),
    (Column("r", "ref", ref="t.id"), "Not An Id", False),
    (Column("r", "ref", ref="t.id"), "an-id", True),
    (Column("i", "id"), "an_id", False),
    (Column("t", max_length=5), "abcde", True),
    (Column("t", max_length=5), "abcdef", False),
    (Column("e", "enum", choices=("a", "b")), "b", True),
    (Column("e", "enum", choices=("a", "b")), "c", False),
    (Column("u", "url"), "https://example.org/x", True),
    (Column("u", "url"), "example.org", False),
])
def test_a_value_fits_its_column(col, value, ok):
    assert check_value(value, col) is ok


def test_a_duplicate_key_names_every_key_column_and_the_first_line():
    table = Table("t", (Column("a", "id"), Column("b", "int")), key=("a", "b"))
    rows = [(2, {"a": "x", "b": "1"}), (3, {"a": "x", "b": "2"}), (4, {"a": "x", "b": "1"})]
    assert check_rows("t.csv", rows, table) == [
        Problem("t.csv", 4, "a, b", "x / 1", "a unique value (already used on line 2)")]


# --- the extra row checks ------------------------------------------------------------------------

@pytest.mark.parametrize("date, precision, expected", [
    ("2020-03-02", "month", "the first day of the month when date_precision is 'month'"),
    ("2020-03-01", "month", None),
    ("2020-03-01", "year", "1 January when date_precision is 'year'"),
    ("2020-02-01", "year", "1 January when date_precision is 'year'"),
    ("2020-01-01", "year", None),
    ("2020-03-02", "day", None),
    ("", "month", None),
    ("2020-13-01", "year", None),
])
def test_a_month_or_year_date_falls_on_the_first_day(date, precision, expected):
    found = _check_precision("e.csv", 7, {"date": date, "date_precision": precision})
    assert found == ([Problem("e.csv", 7, "date", date, expected)] if expected else [])


@pytest.mark.parametrize("start, end, published, expected", [
    ("2020-01-02", "2020-01-01", "2020-01-03",
     ("fieldwork_end", "2020-01-01", "a date on or after fieldwork_start 2020-01-02")),
    ("2020-01-01", "2020-01-01", "2020-01-01", None),
    ("2020-01-01", "2020-01-03", "2020-01-02",
     ("published", "2020-01-02", "a date on or after fieldwork_end 2020-01-03")),
])
def test_fieldwork_ends_after_it_starts_and_before_it_is_published(start, end, published, expected):
    row = {"fieldwork_start": start, "fieldwork_end": end, "published": published}
    found = _check_fieldwork("p.csv", 9, row)
    assert found == ([Problem("p.csv", 9, *expected)] if expected else [])


@pytest.mark.parametrize("outcome, vote_date, date, expected", [
    ("adopted", "", "2020-01-01",
     ("vote_date", "", "the date of the vote, because the outcome is 'adopted' (write "
                       "'unknown' as the outcome if no source gives the vote)")),
    ("rejected", "", "2020-01-01",
     ("vote_date", "", "the date of the vote, because the outcome is 'rejected' (write "
                       "'unknown' as the outcome if no source gives the vote)")),
    ("unknown", "", "2020-01-01", None),
    ("adopted", "2020-01-01", "2020-01-01", None),
    ("adopted", "2019-12-31", "2020-01-01",
     ("vote_date", "2019-12-31", "a date on or after the date filed 2020-01-01")),
])
def test_a_decided_motion_has_a_vote_date_on_or_after_filing(outcome, vote_date, date, expected):
    found = _check_vote("m.csv", 4, {"outcome": outcome, "vote_date": vote_date, "date": date})
    assert found == ([Problem("m.csv", 4, *expected)] if expected else [])
    if expected:
        assert str(found[0]).startswith("m.csv:4: column 'vote_date':")


@pytest.mark.parametrize("start, end, expected", [
    ("2020-01-02", "2020-01-01", [Problem("x.csv", 5, "end_date", "2020-01-01",
                                          "a date on or after start_date 2020-01-02")]),
    ("2020-01-02", "2020-01-02", []),
    ("2020-01-02", "", []),
])
def test_a_period_ends_on_or_after_it_starts(start, end, expected):
    assert _check_period("x.csv", 5, {"start_date": start, "end_date": end}) == expected


def test_the_extra_checks_run_from_check_data_with_file_and_line(mini_dir):
    line = replace_in(mini_dir / "parties.csv", "PvdA,Partij van de Arbeid,90,2019-01-01,",
                      "PvdA,Partij van de Arbeid,90,2019-01-01,2018-01-01")
    assert problems(mini_dir) == [Problem(name(mini_dir, "parties.csv"), line, "end_date",
                                          "2018-01-01", "a date on or after start_date 2019-01-01")]


# --- outcomes and votes ---------------------------------------------------------------------------

def vote(kind: str, seats: str) -> dict:
    return {"vote": kind, "seats": seats}


@pytest.mark.parametrize("votes, outcome", [
    ([vote("for", "76"), vote("against", "74")], "adopted"),
    ([vote("for", "75"), vote("against", "75")], "rejected"),   # a tie is no majority
    ([vote("for", "1")], "adopted"),
    ([vote("against", "1")], "rejected"),
    ([vote("for", "1"), vote("abstain", "5"), vote("for", "x")], "adopted"),
    ([], "rejected"),
])
def test_the_votes_give_the_outcome(votes, outcome):
    assert vote_outcome(votes) == outcome


def test_a_decided_motion_without_votes_or_with_other_votes_is_reported(mini_dir):
    motions = name(mini_dir, "motions.csv")
    line = replace_in(mini_dir / "motions.csv", "A,VVD,sanctions,unknown,,",
                      "A,VVD,sanctions,rejected,2019-02-01,")
    assert problems(mini_dir) == []  # no votes recorded: the stated outcome stands
    replace_in(mini_dir / "motions.csv", "sanctions,rejected,", "sanctions,unknown,")
    line = replace_in(mini_dir / "motions.csv", "engagement,adopted,", "engagement,rejected,")
    assert problems(mini_dir) == [Problem(motions, line, "outcome", "rejected",
                                          "'adopted', as the votes in votes.csv give")]


def test_outcomes_and_references_need_no_table_to_be_present(tmp_path):
    checked = Checked(tmp_path)
    assert check_outcomes(checked) == [] and check_references(checked) == []


# --- references and the data folder ---------------------------------------------------------------

def test_an_unreadable_target_skips_only_its_own_references(mini_dir):
    (mini_dir / "topics.csv").unlink()
    line = replace_in(mini_dir / "sessions.csv", "engagement;sanctions,s-kamer",
                      "engagement;sanctions,s-nowhere")
    found = [p for p in problems(mini_dir) if p.column == "source_ids"]
    assert found == [Problem(name(mini_dir, "sessions.csv"), line, "source_ids", "s-nowhere",
                             "an id that exists in sources.csv (source_id)")]


def test_a_single_reference_is_not_split_on_semicolons(mini_dir):
    replace_in(mini_dir / "events.csv", ",day,mh17,MH17 shot down", ",day,mh17;nowhere,MH17 shot down")
    found = problems(mini_dir)
    assert [p.column for p in found] == ["topic"]
    assert found[0].expected == "an existing topics topic_id"


def test_a_missing_data_folder_or_a_file_in_its_place(tmp_path):
    missing = check_data(tmp_path / "nothing")
    assert missing.problems == [Problem(display_path(tmp_path / "nothing"), None, None, None,
                                        "a data folder; this one does not exist")]
    assert missing.unreadable == set(TABLES)
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert check_data(tmp_path / "file").problems == [Problem(
        display_path(tmp_path / "file"), None, None, None, "a data folder; this one is a file")]


def test_a_table_is_unreadable_only_when_it_gave_problems_and_no_rows(mini_dir):
    header = (mini_dir / "considerations.csv").read_text(encoding="utf-8").splitlines()[0]
    (mini_dir / "considerations.csv").write_text(header + "\n", encoding="utf-8")
    append_row(mini_dir / "topics.csv", "short,row")
    (mini_dir / "polls.csv").unlink()
    checked = check_data(mini_dir)
    assert checked.unreadable == {"polls"}


def test_a_single_semicolon_in_a_lone_header_is_enough_to_tell(mini_dir):
    path = mini_dir / "topics.csv"
    path.write_text("topic_id;label\n", encoding="utf-8")
    [problem] = read_table(path, TABLES["topics"])[1]
    assert (problem.line, problem.expected[:57]) == (
        1, "comma-separated values; this file looks semicolon-separat")


def test_old_mac_line_endings_are_read_as_lines(mini_dir):
    path = mini_dir / "topics.csv"
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    rows, found = read_table(path, TABLES["topics"])
    assert found == [] and [line for line, _ in rows] == [2, 3, 4, 5, 6, 7]


def test_a_motion_naming_a_party_parties_csv_does_not_know_is_refused(mini_dir):
    motions = name(mini_dir, "motions.csv")
    line = replace_in(mini_dir / "motions.csv", "Ploumen,PvdA,", "Ploumen,PvdA;SPP,")
    assert problems(mini_dir) == [Problem(motions, line, "parties", "SPP",
                                          "a party (fractie) of parties.csv, or 'unknown'")]
    replace_in(mini_dir / "motions.csv", "PvdA;SPP,", "PvdA;unknown,")
    assert problems(mini_dir) == []  # no source names the party
    replace_in(mini_dir / "motions.csv", "PvdA;unknown,", f"{TO_FILL},")
    assert problems(mini_dir) == []  # the import's placeholder, until a curator fills it in
