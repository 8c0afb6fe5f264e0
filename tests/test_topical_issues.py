"""Topical issues come from the data (issue 12): a new one needs rows, not code."""
from __future__ import annotations

import shutil

import nbformat

from debateprep.pack import run as render
from debateprep.pack.plan import plan, read_sessions

from conftest import DATA, append_row, replace_in

SESSION = "2020-09-28-russia-strategy"  # its row is the first with "arms-control;mh17;"
TITLES = ["Arctic council meets", "Arctic talks resume", "Arctic patrols increase",
          "Arctic agreement signed"]


def test_a_topical_issue_added_only_in_the_data_gets_its_chapter(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    append_row(data / "topics.csv", "arctic,The Arctic,topical,Russia and the Arctic.,"
               "clingendael-2020-russia-conundrum,Het Noordpoolgebied,Rusland en de Noordpool.")
    for n, title in enumerate(TITLES, start=1):
        append_row(data / "events.csv", f"2020-0{n}-01-arctic-{n},2020-0{n}-01,month,arctic,"
               f"{title},Something happened in the Arctic.,nrc-2019-12-23-ruslandstrategie,,"
               f"{title},Er gebeurde iets in het Noordpoolgebied.")
    replace_in(data / "sessions.csv", "arms-control;mh17;", "arms-control;arctic;mh17;")
    session = read_sessions(data)[SESSION]
    dutch = next(c for c in plan(session, data) if c.stem == "04_topical_issue-arctic")
    assert dutch.title == "Het Noordpoolgebied"  # the Dutch edition, from label_nl
    session = session.edition("en")
    chapter = next(c for c in plan(session, data) if c.stem == "04_topical_issue-arctic")
    assert chapter.title == "The Arctic" and chapter.params["issue"] == "arctic"
    out = tmp_path / "arctic.ipynb"
    result = render._execute(chapter, out)
    assert result.ok, result.error
    text = "".join(o.get("data", {}).get("text/html", "") + "".join(o.get("text", ""))
                   for c in nbformat.read(out, as_version=4).cells for o in c.get("outputs", []))
    assert "<h1 class='issue-title'>The Arctic</h1>" in text
    executed = nbformat.read(out, as_version=4)
    assert any("image/png" in o.get("data", {}) for c in executed.cells
               for o in c.get("outputs", []))  # four events: drawn as a timeline
    assert all(t in text for t in TITLES[-2:])  # the situation names the latest events
