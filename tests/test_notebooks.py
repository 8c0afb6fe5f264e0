"""The briefing notebooks: kept clean, parameters first, and executed for every shipped session.

Each notebook runs with papermill for every session in data/sessions.csv (the topical-issue
notebook once per issue on the session's agenda); the tests check that it runs, that every
section has output, and that nothing dated after the as-of date leaks into it.
"""
from __future__ import annotations

import html

import datetime as dt
import json
import re
from pathlib import Path

import nbformat
import papermill
import pytest

from debateprep import load_data
from debateprep.pack.htmlexport import SHOWN_MIME
from debateprep.data.sessions import get_session

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
REFERENCES = ROOT / "tests" / "nbval"
DATA = load_data(ROOT / "data")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
FULL_DATE = re.compile(rf"\b(\d{{1,2}}) ({MONTHS}) (\d{{4}})\b")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_clean_with_parameters_first(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c["outputs"] and c["execution_count"] is None for c in code)
    assert "parameters" in code[0]["metadata"].get("tags", [])
    for line in "".join(code[0]["source"]).splitlines():
        assert re.match(r"^\w+: (str|int|float|bool) = .+  # .{10,}$", line), line
    assert len(code) <= 20 and all(len("".join(c["source"]).splitlines()) <= 6 for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_reads_every_parameter(path):
    nb = nbformat.read(path, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    declared = re.findall(r"^(\w+):", first.source, re.M)
    inspected = papermill.inspect_notebook(str(path))
    assert list(inspected) == declared
    assert all(p["help"] for p in inspected.values())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nbval_reference_has_the_same_code(path):
    reference = nbformat.read(REFERENCES / path.name, as_version=4)
    source = nbformat.read(path, as_version=4)
    assert [c.source for c in reference.cells if c.cell_type == "code"] == \
           [c.source for c in source.cells if c.cell_type == "code"], \
        "reference is stale: run python tests/nbval/refresh.py"


def output_text(nb) -> list[tuple[str, str]]:
    """(heading of the section, text of one output) for every output of every code cell."""
    heading, found = "", []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("#"):
            heading = cell.source.splitlines()[0]
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            text = data.get("text/html") or data.get("text/plain") or out.get("text", "")
            found.append((heading, "".join(text) if isinstance(text, list) else text))
    return found


@pytest.fixture(scope="module")
def every_pack(tmp_path_factory) -> dict[str, Path]:
    """Every shipped session rendered once, all chapters in one pool (as `render --all` does);
    the executed notebooks are what the tests below read."""
    from debateprep.pack.plan import read_sessions
    from debateprep.pack.render import render_sessions
    sessions = list(read_sessions(ROOT / "data").values())
    out = tmp_path_factory.mktemp("reports")
    outcomes = render_sessions(sessions, ROOT / "data", out, jobs=2, force=True, progress=False,
                               pdf=False, docx=False)  # the chapters are checked here; the PDF in test_pack
    failed = [r for o in outcomes for r in o.results if not r.ok]
    assert failed == [], [(r.stem, r.cell, r.error) for r in failed]
    return {o.session_id: o.pack for o in outcomes}


def test_chapters_that_do_not_fit_are_left_out_and_said_so(every_pack):
    import json
    early = json.loads((every_pack["2020-09-28-russia-strategy"] / "manifest.json").read_text())
    later = json.loads((every_pack["2022-02-28-ukraine-invasion"] / "manifest.json").read_text())
    stems = {c["stem"] for c in early["chapters"]}
    assert "05_open_letters" in stems  # the letters of summer 2020 were recent
    assert "06_engagement_agenda" not in stems  # the alert came a month after this debate
    assert {c["stem"] for c in later["chapters"]}.isdisjoint({"05_open_letters",
                                                             "06_engagement_agenda"})
    from debateprep.i18n import _, language
    with language("nl"):  # the packs are the Dutch edition; the words come from the catalog
        note = _("%(chapter)s: not in this pack (nothing on it became public in the year before "
                 "%(date)s)").split("%(chapter)s")[1].split("%(date)s")[0]
    assert len(later["left_out"]) == 2 and all(note in x for x in later["left_out"])
    index = (every_pack["2022-02-28-ukraine-invasion"] / "index.html").read_text()
    assert html.escape(note) in index or note in index
    assert "04_topical_issue-ukraine" in {c["stem"] for c in later["chapters"]}


def chapter_runs() -> list[tuple[str, str]]:
    """(session, chapter) for every chapter of every shipped session's pack."""
    from debateprep.pack.plan import plan, read_sessions
    return [(s.session_id, c.stem) for s in read_sessions(ROOT / "data").values()
            for c in plan(s, ROOT / "data")]


@pytest.mark.parametrize("session_id, stem", chapter_runs())
def test_every_chapter_of_every_session_runs_and_shows_only_what_was_public(every_pack,
                                                                          session_id, stem):
    session = get_session(DATA, session_id)
    out = nbformat.read(every_pack[session_id] / f"{stem}.ipynb", as_version=4)
    outputs = output_text(out)
    assert not [c for c in out.cells if any(x.get("output_type") == "error" for x in c.get("outputs", []))]
    with_output = {h for h, text in outputs if text.strip()}
    code_sections = section_with_code(out)
    assert code_sections <= with_output, code_sections - with_output
    assert "<section class='chapter-sources'>" in outputs[-1][1]  # found by its class
    shown = shown_ids(out)
    assert shown["as_of"] == (session.date - dt.timedelta(days=1)).isoformat()
    assert_public_on(shown)


def test_a_chapter_run_after_others_in_one_kernel_matches_it_run_alone(every_pack, tmp_path,
                                                                       monkeypatch):
    """Workers reuse a kernel; a chapter must not see what the chapters before it did."""
    from debateprep.pack import run as render
    from debateprep.pack.plan import Chapter
    session_id, stem = "2020-11-11-foreign-affairs-budget", "06_engagement_agenda"
    shared = nbformat.read(every_pack[session_id] / f"{stem}.ipynb", as_version=4)
    monkeypatch.setattr(render, "REUSE_KERNEL", False)
    params = {"session_id": session_id, "data_dir": str((ROOT / "data").resolve()),
              "as_of": "2020-11-10"}
    alone = tmp_path / f"{stem}.ipynb"
    result = render._execute(Chapter(stem, str(ROOT / "notebooks" / f"{stem}.ipynb"), "", params),
                             alone)
    assert result.ok, result.error
    assert visible(shared) == visible(nbformat.read(alone, as_version=4))


def visible(nb) -> list[tuple[str, str]]:
    """What each cell shows (text and HTML outputs), without run-time metadata."""
    return [(c.source, "".join(o.get("data", {}).get("text/html", "") or o.get("text", ""))
             ) for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def shown_ids(nb) -> dict:
    """The record of what a chapter showed (record ids per table, cited source ids)."""
    found = [o["data"][SHOWN_MIME] for c in nb.cells for o in c.get("outputs", [])
             if SHOWN_MIME in o.get("data", {})]
    assert len(found) == 1, "the chapter did not record what it showed"
    return found[0]


def assert_public_on(shown: dict) -> None:
    """Every record and source shown was public on the as-of date, judged from the raw data
    by id (dates from the CSV files, not from the as-of view under test)."""
    as_of = dt.date.fromisoformat(shown["as_of"])
    dates = raw_public_dates()
    late = [f"{table} {i} ({dates[table].get(i)})" for table, ids in
            {**shown["records"], "sources": shown["sources"]}.items() for i in ids
            if not (dates[table].get(i) or "9999") <= as_of.isoformat()]
    assert late == [], f"shown but not public on {as_of}: {late[:5]}"


AS_OF_RUNS = [("01_session_overview.ipynb", "2022-02-28-ukraine-invasion", "2021-06-01"),
              ("02_twin_track_policy.ipynb", "2020-11-11-foreign-affairs-budget", "2020-10-20"),
              ("06_engagement_agenda.ipynb", "2022-03-17-foreign-affairs-council", "2021-03-01"),
              ("03_public_opinion.ipynb", "2022-06-15-foreign-affairs-council", "2022-11-20")]


@pytest.mark.parametrize("notebook, session_id, as_of", AS_OF_RUNS)
def test_a_chapter_at_an_as_of_date_between_debates(tmp_path, notebook, session_id, as_of):
    out = papermill.execute_notebook(ROOT / "notebooks" / notebook, tmp_path / notebook,
                                     parameters={"session_id": session_id, "as_of": as_of},
                                     cwd=str(tmp_path), progress_bar=False, kernel_name="python3")
    shown = shown_ids(out)
    assert shown["as_of"] == as_of
    assert sum(len(ids) for ids in shown["records"].values()) > 0
    assert_public_on(shown)


def raw_public_dates() -> dict[str, dict[str, str]]:
    """Each record's public date read straight from the CSV files, keyed as packs record it."""
    import csv
    def rows(name):
        return list(csv.DictReader(open(ROOT / "data" / f"{name}.csv", encoding="utf-8-sig")))
    sessions = {r["session_id"]: r["date"] for r in rows("sessions")}
    spec = {"events": ("event_id", "date"), "measures": ("measure_id", "date"),
            "polls": ("poll_id", "published"), "positions": ("position_id", "date"),
            "motions": ("motion_id", "date"), "considerations": ("consideration_id", "date"),
            "editorial": ("item_id", "date"), "commitments": ("commitment_id", "date"),
            "sources": ("source_id", "date_published")}
    out = {t: {r[k]: r[d] for r in rows(t)} for t, (k, d) in spec.items()}
    published = {r["source_id"]: r["date_published"] for r in rows("sources")}
    # an agenda row without a date counts from the day its first source was published
    out["agenda"] = {f"{r['session_id']}#{r['item_no']}": r["date"] or min(
        (published[s] for s in r["source_ids"].split(";") if published.get(s)), default="")
        for r in rows("agenda")}
    out["government_lines"] = {f"{r['session_id']}#{r['item_no']}": r["date"]
                               for r in rows("government_lines")}
    out["votes"] = {f"{r['motion_id']}#{r['party']}": r["vote_date"] for r in rows("votes")}
    out["parties"] = {f"{r['party']}#{r['start_date']}": r["start_date"] for r in rows("parties")}
    out["members"] = {f"{r['session_id']}#{r['name']}": sessions[r["session_id"]]
                      for r in rows("members")}
    out["party_lines"] = {f"{r['session_id']}#{r['party']}": sessions[r["session_id"]]
                          for r in rows("party_lines")}
    return out


def section_with_code(nb) -> set[str]:
    """Headings of the sections that contain at least one code cell."""
    heading, found = "", set()
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("#"):
            heading = cell.source.splitlines()[0]
        elif cell.cell_type == "code" and heading.startswith("## "):
            found.add(heading)
    return found


def test_an_edit_between_the_last_two_debates_reruns_only_what_can_show_it(every_pack, tmp_path):
    """After editing one event dated between the last two debates, `render --all` reruns only
    the latest debate's chapters that can show it (read from the manifests), every other pack
    is up to date, and each rerun chapter equals the same chapter rendered with --force."""
    import csv
    import io
    import json
    import shutil
    from debateprep.pack.plan import read_sessions
    from debateprep.pack.render import render_sessions
    out = next(iter(every_pack.values())).parent
    data, reports = tmp_path / "data", tmp_path / "reports"
    shutil.copytree(ROOT / "data", data)
    shutil.copytree(out, reports)
    sessions = list(read_sessions(data).values())
    previous, latest = sessions[-2], sessions[-1]
    rows = list(csv.DictReader(io.StringIO((data / "events.csv").read_text(encoding="utf-8"))))
    event = next(r for r in rows if previous.date < r["date"] < latest.date)
    event["description"] += " (edited)"
    from conftest import write_rows
    write_rows(data / "events.csv", rows)

    outcomes = render_sessions(sessions, data, reports, jobs=2, force=False, progress=False,
                               pdf=False, docx=False)
    status = {o.session_id: o.status for o in outcomes}
    assert status.pop(latest.session_id) == "published"
    assert set(status.values()) == {"up-to-date"}
    manifest = json.loads((reports / latest.folder / "manifest.json").read_text())
    rerun = {c["stem"] for c in manifest["chapters"] if not c["cached"]}
    expected = {"00_summary", "01_session_overview", f"04_topical_issue-{event['topic']}"}
    expected &= {c["stem"] for c in manifest["chapters"]}
    assert rerun == expected

    forced = render_sessions([latest], data, tmp_path / "forced", jobs=2, force=True,
                             progress=False, pdf=False, docx=False)[0]
    for stem in rerun:
        assert (reports / latest.folder / f"{stem}.html").read_text() == \
            (forced.pack / f"{stem}.html").read_text(), stem
