"""The shipped data: valid against the schema, complete enough for a briefing, and sourced.

Validation is the first test: every other test and every notebook reads this data.
"""
from __future__ import annotations

import csv
from pathlib import Path

from debateprep.pack.plan import default_session_id
from debateprep.data.schema import TABLES
from debateprep.data.validation import check_data

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def rows(table: str) -> list[dict[str, str]]:
    with open(DATA / f"{table}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_shipped_data_is_valid():
    checked = check_data(DATA)
    assert checked.problems == []


def test_every_table_is_present_and_documented():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        assert (DATA / table.filename).exists()
        assert f"### {table.filename}" in readme


def test_minimum_coverage_the_issues_ask_for():
    events = rows("events")
    assert len(events) >= 60
    assert min(e["date"] for e in events) <= "1975-08-01"
    issues = {r["topic_id"] for r in rows("topics") if r["track"] == "topical"}
    assert {"mh17", "belarus", "navalny", "nagorno-karabakh", "ukraine"} <= issues
    assert {e["topic"] for e in events} >= issues | {"sanctions", "nato", "engagement",
                                                            "arms-control", "parliament"}
    assert len(rows("positions")) == 5
    published = {p["published"][:4] for p in rows("polls") if p["pollster"].startswith("Clingendael")}
    assert {"2020", "2022"} <= published
    sessions = rows("sessions")
    assert any(s["session_id"] == "2020-09-28-russia-strategy" and s["kind"] == "notaoverleg"
               for s in sessions)
    assert any(s["date"] > "2020-09-28" for s in sessions)


def test_every_notebook_defaults_to_the_same_shipped_session():
    notebooks = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    defaults = {default_session_id(nb) for nb in notebooks}
    assert defaults == {"2020-11-11-foreign-affairs-budget"}  # the debate after the alert (issue 9)
    assert defaults <= {s["session_id"] for s in rows("sessions")}


def test_every_source_is_cited_and_every_citation_resolves():
    ids = {s["source_id"] for s in rows("sources")}
    cited: set[str] = set()
    for table in TABLES.values():
        columns = [c.name for c in table.columns if c.ref == "sources.source_id"]
        for row in rows(table.name):
            for column in columns:
                cited |= {s for s in row[column].split(";") if s}
    assert {"source_ids", "basis_source_ids", "status_source_ids",
            "execution_source_ids"} <= {c.name for t in TABLES.values() for c in t.columns
                                        if c.ref == "sources.source_id"}
    assert cited <= ids
    assert ids - cited == set(), "sources nobody cites: drop them or cite them"


def test_editorial_is_labelled_and_kept_apart_from_facts():
    assert TABLES["editorial"].editorial
    assert {r["author"] for r in rows("editorial")} == {"debateprep editors"}
    for table in TABLES.values():
        if table.name != "editorial":
            assert "editorial" not in {c.name for c in table.columns}


def test_motion_outcomes_are_only_claimed_with_a_vote_date():
    for motion in rows("motions"):
        if motion["outcome"] in ("adopted", "rejected"):
            assert motion["vote_date"], motion["motion_id"]

