"""Cache keys cut by the as-of date and each chapter's scope.

A chapter's key covers only the rows it can show on its as-of date. The expected chapters
below come from the spec (which chapters show events: the summary, the overview, the
engagement agenda, and the topical-issue chapter of the event's own topic), never from the
key function; the end-to-end half (a real `render --all`) is in test_notebooks.py.
"""
from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from debateprep.chapters.parameters import NotRead, OutOfScope, within_scope
from debateprep.chapters.scope import READS, Scope
from debateprep.data.validation import check_data
from debateprep.pack.plan import chapter_keys, read_sessions

from conftest import ROOT, write_rows

SHOWS_EVENTS = {"00_summary", "01_session_overview", "06_engagement_agenda"}
"""The chapters that show events of any topic (the topical-issue chapter shows its own)."""


def keys(data: Path) -> dict[tuple[str, str], str]:
    checked = check_data(data)
    sessions = read_sessions(data, checked=checked)
    return {(s.session_id, c.stem): k for s in sessions.values()
            for c, k in chapter_keys(s, data, checked, "code")}


def events(data: Path) -> list[dict[str, str]]:
    with open(data / "events.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def edit_event(data: Path, event_id: str) -> None:
    rows = events(data)
    for row in rows:
        if row["event_id"] == event_id:
            row["description"] += " (edited)"
    write_rows(data / "events.csv", rows)


def sessions_by_date() -> list[dict[str, str]]:
    with open(ROOT / "data" / "sessions.csv", encoding="utf-8", newline="") as f:
        return sorted(csv.DictReader(f), key=lambda r: r["date"])


def can_show(session: dict[str, str], stem: str, topic: str) -> bool:
    return stem in SHOWS_EVENTS or stem == f"04_topical_issue-{topic}"


@pytest.fixture()
def copy(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def changed(before: dict, after: dict) -> set[tuple[str, str]]:
    assert before.keys() == after.keys()
    return {k for k in before if before[k] != after[k]}


def test_an_edit_between_the_last_two_debates_changes_only_the_latest_chapters_showing_it(copy):
    *_, previous, latest = sessions_by_date()
    event = next(e for e in events(copy)
                 if previous["date"] < e["date"] < latest["date"])
    before = keys(copy)
    edit_event(copy, event["event_id"])
    expected = {k for k in before if k[0] == latest["session_id"]
                and can_show(latest, k[1], event["topic"])}
    assert expected and {"00_summary", "01_session_overview"} <= {s for _, s in expected}
    assert changed(before, keys(copy)) == expected


def test_an_edit_after_every_debate_changes_no_key(copy):
    last = sessions_by_date()[-1]
    later = [e for e in events(copy) if e["date"] >= last["date"]]
    assert later, "the data should hold an event dated after the last debate"
    before = keys(copy)
    edit_event(copy, later[0]["event_id"])
    assert changed(before, keys(copy)) == set()


def test_an_edit_of_a_2020_event_changes_the_later_chapters_on_its_topic_only(copy):
    event = next(e for e in events(copy) if e["date"].startswith("2020")
                 and e["topic"] == "mh17")
    before = keys(copy)
    edit_event(copy, event["event_id"])
    dates = {s["session_id"]: s["date"] for s in sessions_by_date()}
    expected = {k for k in before if dates[k[0]] > event["date"]
                and can_show({}, k[1], event["topic"])}
    assert any(s == "04_topical_issue-mh17" for _, s in expected)
    result = changed(before, keys(copy))
    assert result == expected
    assert not any(s.startswith("04_topical_issue-") and s != "04_topical_issue-mh17"
                   for _, s in result)  # other issues' chapters stay cached


def test_the_key_does_not_depend_on_where_the_data_is(copy):
    mine = keys(ROOT / "data")
    assert keys(copy) == mine


def test_a_blank_line_in_a_data_file_changes_no_key(copy):
    before = keys(copy)
    with open(copy / "measures.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    assert changed(before, keys(copy)) == set()


def test_a_source_cited_only_after_every_debate_changes_no_key(copy):
    last = sessions_by_date()[-1]
    late_events = {e["event_id"] for e in events(copy) if e["date"] >= last["date"]}
    elsewhere = set()
    for path in copy.glob("*.csv"):
        for row in csv.DictReader(open(path, encoding="utf-8", newline="")):
            if row.get("event_id") in late_events and path.name == "events.csv":
                continue
            for column in ("source_ids", "basis_source_ids"):
                elsewhere.update((row.get(column) or "").split(";"))
    late = sorted({s for e in events(copy) if e["event_id"] in late_events
                   for s in e["source_ids"].split(";")} - elsewhere)
    assert late, "the data should hold a source cited only by a late event"
    rows = list(csv.DictReader(open(copy / "sources.csv", encoding="utf-8", newline="")))
    before = keys(copy)
    for row in rows:
        if row["source_id"] == late[0]:
            row["title"] += " (edited)"
    write_rows(copy / "sources.csv", rows)
    assert changed(before, keys(copy)) == set()


def test_a_chapter_reading_a_table_outside_its_scope_fails_loudly():
    from debateprep import load_data
    data = load_data(ROOT / "data")
    scoped = within_scope(data, Scope(("polls",)), "03_public_opinion", None)
    assert isinstance(scoped.events, NotRead)
    for use in (lambda: scoped.events["date"], lambda: len(scoped.events),
                lambda: scoped.events.empty, lambda: list(scoped.events)):
        with pytest.raises(OutOfScope, match="events"):
            use()
    assert len(scoped.polls) == len(data.polls)  # declared: whole
    assert len(scoped.sources) == len(data.sources) and len(scoped.sessions)  # every chapter's


def test_a_topical_chapter_sees_only_its_issue():
    from debateprep import load_data
    data = load_data(ROOT / "data")
    scoped = within_scope(data, READS["04_topical_issue"], "04_topical_issue", "mh17")
    assert set(scoped.events["topic"]) == {"mh17"}
    assert len(scoped.events) == (data.events["topic"] == "mh17").sum()


def test_every_notebook_names_itself_as_its_chapter():
    import json
    for path in sorted((ROOT / "notebooks").glob("0*.ipynb")):
        source = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        assert f'chapter="{path.stem}"' in source, path.name
        assert path.stem in READS, path.name


def test_a_source_cited_only_as_a_commitments_status_document_is_in_the_key(copy):
    """The overview cites a fulfilled commitment's status document: editing that source
    changes the key of the chapters that show the commitment, and of no other."""
    rows = list(csv.DictReader(open(copy / "commitments.csv", encoding="utf-8", newline="")))
    assert rows, "the data should hold a commitment"
    made = rows[0]["date"]
    with open(copy / "sources.csv", "a", encoding="utf-8") as f:
        f.write(f"status-doc-test,Status letter,Tweede Kamer,https://example.org/s,{made},"
                "2026-12-07,parliament,nl\n")
    rows[0]["status_source_ids"] = "status-doc-test"
    write_rows(copy / "commitments.csv", rows)
    before = keys(copy)
    text = (copy / "sources.csv").read_text(encoding="utf-8")
    (copy / "sources.csv").write_text(text.replace("Status letter", "Status letter (edited)"),
                                      encoding="utf-8")
    dates = {s["session_id"]: s["date"] for s in sessions_by_date()}
    result = changed(before, keys(copy))
    assert result and {s for _, s in result} <= {"00_summary", "01_session_overview"}
    assert all(dates[session] > made for session, _ in result)


@pytest.mark.parametrize("as_of, session", [
    ("2020-09-27", "2020-09-28-russia-strategy"), ("2022-02-27", "2022-02-28-ukraine-invasion"),
    ("2024-11-26", "2024-11-27-nato-osce"), ("2026-03-11", "2026-03-12-foreign-affairs-council"),
    ("2026-12-06", "2026-03-12-foreign-affairs-council")])
def test_the_rows_a_key_covers_are_those_the_as_of_cut_keeps(as_of, session):
    """For every table, the rows the key covers (visible_rows) include every row the chapters
    can show (the as-of cut), and differ from them only by rows none of whose sources was
    published by then: the digest errs on the side of rerunning, never of staleness."""
    import datetime as dt
    from debateprep import load_data
    from debateprep.data.asof import as_of_view, record_ids
    from debateprep.data.scope import PUBLIC_DATE, visible_rows
    day = dt.date.fromisoformat(as_of)
    checked = check_data(ROOT / "data")
    view = as_of_view(load_data(ROOT / "data"), day, session)
    published = {r["source_id"] for _, r in checked.rows["sources"]
                 if r["date_published"] and r["date_published"] <= as_of}
    for table in [*PUBLIC_DATE, "sessions", "topics"]:
        rows = visible_rows(checked.rows, table, day, session)
        frame = pd.DataFrame(rows, columns=list(checked.rows[table][0][1])) if rows else None
        covered = set(record_ids(table, frame)) if table in PUBLIC_DATE and rows else None
        if table in ("sessions", "topics"):
            key = "session_id" if table == "sessions" else "topic_id"
            assert {r[key] for r in rows} == set(getattr(view, table)[key]), table
            continue
        shown = set(record_ids(table, view.table(table)))
        assert shown <= (covered or set()), (table, sorted(shown - (covered or set()))[:3])
        column = "basis_source_ids" if table == "editorial" else "source_ids"
        unexplained = [i for i, r in zip(record_ids(table, frame), rows) if i not in shown and
                       any(s.strip() in published for s in r[column].split(";"))] if rows else []
        assert unexplained == [], (table, unexplained[:3])
