"""`debateprep import-tk` on a recorded response of the Tweede Kamer's open data (served from
127.0.0.1), without a network, and `debateprep new-session` followed by a render."""
from __future__ import annotations

import csv
import http.server
import json
import shutil
import socket
import threading
import urllib.parse
from pathlib import Path

import pytest

from debateprep import cli
from debateprep.pack.plan import read_sessions
from debateprep.pack.render import render_session

from conftest import DATA

FIXTURE = Path(__file__).parent / "fixtures" / "tk" / "besluit_24587.json"
SESSION = "2020-11-11-foreign-affairs-budget"


@pytest.fixture
def data(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def stand_in(monkeypatch, answer):
    """A local stand-in for the OData service: answer(path, port) gives each reply's body;
    the service's address is set for the importer. Returns (requests, server)."""
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server API)
            requests.append(self.path)
            body = answer(self.path, self.server.server_port)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("DEBATEPREP_TK_ODATA", f"http://127.0.0.1:{server.server_port}/")
    return requests, server


@pytest.fixture
def service(monkeypatch):
    """The stand-in answering with the recorded response; the requests it got."""
    requests, server = stand_in(monkeypatch, lambda path, port: FIXTURE.read_bytes())
    yield requests
    server.shutdown()
    server.server_close()


def rows(folder: Path, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def recorded() -> tuple[dict, dict]:
    besluit = json.loads(FIXTURE.read_text(encoding="utf-8"))["value"][0]
    return besluit, besluit["Zaak"][0]


def test_import_adds_the_motion_and_its_votes_with_sources(data, service, capsys):
    assert cli.main(["import-tk", "--dossier", "24587", "--session", SESSION,
                     "--data", str(data)]) == 0
    query = urllib.parse.unquote(service[0])
    assert query.startswith("/Besluit?") and "Kamerstukdossier/any(d: d/Nummer eq 24587)" in query
    besluit, zaak = recorded()
    motion = next(m for m in rows(data, "motions") if m["motion_id"] == f"tk-{zaak['Nummer'].lower()}")
    assert motion["outcome"] == "rejected" and motion["oordeel"] == "ontraden"
    assert motion["vote_date"] == besluit["Agendapunt"]["Activiteit"]["Datum"][:10]
    votes = [v for v in rows(data, "votes") if v["motion_id"] == motion["motion_id"]]
    assert sorted((v["party"], v["vote"], int(v["seats"])) for v in votes) == sorted(
        (s["ActorFractie"], {"Voor": "for", "Tegen": "against"}[s["Soort"]], s["FractieGrootte"])
        for s in besluit["Stemming"])
    source = next(s for s in rows(data, "sources") if s["source_id"] == motion["source_ids"])
    assert source["url"] == f"https://www.tweedekamer.nl/kamerstukken/moties/detail?id={zaak['Nummer']}"
    assert cli.main(["validate", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "added 1 motions row(s), 17 votes row(s), 1 sources row(s)" in out


def test_a_second_import_changes_nothing_and_a_curated_row_is_never_overwritten(data, service,
                                                                               capsys):
    args = ["import-tk", "--dossier", "24587", "--session", SESSION, "--data", str(data)]
    assert cli.main(args) == 0
    motions = data / "motions.csv"
    curated = motions.read_text(encoding="utf-8").replace("Motie van het lid Faber",
                                                          "Motion by Faber (curated)")
    motions.write_text(curated, encoding="utf-8")
    capsys.readouterr()
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "added 0 motions row(s), 0 votes row(s), 0 sources row(s)" in out
    assert "kept the curated row; the import differs in title" in out
    assert motions.read_text(encoding="utf-8") == curated


def test_a_dry_run_writes_nothing(data, service, capsys):
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    assert cli.main(["import-tk", "--dossier", "24587", "--session", SESSION, "--dry-run",
                     "--data", str(data)]) == 0
    assert "would add 1 motions row(s)" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_without_a_network_one_line_exit_1_and_nothing_written(data, monkeypatch, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    monkeypatch.setenv("DEBATEPREP_TK_ODATA", f"http://127.0.0.1:{closed}/")
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    assert cli.main(["import-tk", "--dossier", "35373", "--session", SESSION,
                     "--data", str(data)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot reach the Tweede Kamer's open data service" in err[0]
    assert "nothing was written" in err[0]
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_an_unknown_session_names_the_choices(data, service, capsys):
    assert cli.main(["import-tk", "--dossier", "24587", "--session", "nope",
                     "--data", str(data)]) == 2
    assert "unknown session 'nope'" in capsys.readouterr().err
    assert service == []  # checked before asking the service


NEW = ["new-session", "--date", "2026-12-10", "--kind", "commissiedebat",
       "--title", "Committee debate on the Foreign Affairs Council (Commissiedebat Raad Buitenlandse Zaken)",
       "--title-nl", "Commissiedebat Raad Buitenlandse Zaken",
       "--committee", "Vaste commissie voor Buitenlandse Zaken",
       "--minister", "David van Weel, Minister of Foreign Affairs",
       "--minister-nl", "David van Weel, minister van Buitenlandse Zaken", "--topics", "sanctions;ukraine",
       "--agenda", "21501-02-3400;36045-300",
       "--source-url", "https://www.tweedekamer.nl/debat_en_vergadering/commissievergaderingen",
       "--source-date", "2026-11-20"]


def test_new_session_writes_valid_rows_and_says_what_to_fill(data, capsys):
    assert cli.main([*NEW, "--data", str(data)]) == 0
    out = capsys.readouterr().out
    session_id = "2026-12-10-committee-debate-on-the"
    assert f"{session_id}: added" in out and "government_lines.csv" in out
    assert [s for s in rows(data, "sessions") if s["session_id"] == session_id]
    assert [a["kamerstuk"] for a in rows(data, "agenda") if a["session_id"] == session_id] == \
        ["21501-02-3400", "36045-300"]
    assert cli.main(["validate", "--data", str(data)]) == 0
    assert cli.main([*NEW, "--data", str(data)]) == 1  # the same debate twice is refused


def test_new_session_without_a_terminal_names_what_is_missing(data, capsys):
    assert cli.main(["new-session", "--date", "2026-12-10", "--data", str(data)]) == 2
    err = capsys.readouterr().err
    assert "--kind" in err and "--source-url" in err and "Traceback" not in err
    assert "--title-nl" in err  # the Dutch title is asked for from the start


def test_a_new_session_renders_a_pack(data, tmp_path, capsys):
    assert cli.main([*NEW, "--data", str(data)]) == 0
    session = read_sessions(data)["2026-12-10-committee-debate-on-the"]
    outcome = render_session(session, data, tmp_path / "reports", jobs=2, force=True,
                             progress=False)
    assert outcome.status == "published", [r.error for r in outcome.results if not r.ok]
    chapters = json.loads((outcome.pack / "manifest.json").read_text())["chapters"]
    assert [c["stem"] for c in chapters][:3] == ["00_summary", "01_session_overview",
                                                 "02_twin_track_policy"]
    assert "04_topical_issue-ukraine" in [c["stem"] for c in chapters]


# --- what a staffer asks: a date range, offline from a saved response, paged answers ---------------

def saved(tmp_path, change=None, name="saved.json") -> Path:
    """The recorded response, as saved by a staffer, optionally with one change to its record."""
    page = json.loads(FIXTURE.read_text(encoding="utf-8"))
    if change:
        change(page["value"][0])
    path = tmp_path / name
    path.write_text(json.dumps(page), encoding="utf-8")
    return path


def motion_rows(data: Path) -> list[dict]:
    _besluit, zaak = recorded()
    return [m for m in rows(data, "motions") if m["motion_id"] == f"tk-{zaak['Nummer'].lower()}"]


def test_from_a_saved_file_offline_the_same_rows_as_from_the_service(data, tmp_path, capsys,
                                                                     monkeypatch):
    monkeypatch.setenv("DEBATEPREP_TK_ODATA", "http://127.0.0.1:9/")  # no service at all
    assert cli.main(["import-tk", "--from-file", str(saved(tmp_path)), "--topic", "parliament",
                     "--data", str(data)]) == 0
    [motion] = motion_rows(data)
    assert motion["session_id"] == "" and motion["outcome"] == "rejected"
    assert motion["oordeel"] == "ontraden"
    assert "added 1 motions row(s), 17 votes row(s), 1 sources row(s)" in capsys.readouterr().out


def test_the_date_range_keeps_the_motions_filed_in_it(data, tmp_path, capsys):
    _besluit, zaak = recorded()
    filed = zaak["GestartOp"][:10]  # 2026-04-02
    file = str(saved(tmp_path))
    assert cli.main(["import-tk", "--from-file", file, "--since", "2026-04-03",
                     "--data", str(data)]) == 0
    assert motion_rows(data) == []
    assert cli.main(["import-tk", "--from-file", file, "--since", filed, "--until", filed,
                     "--data", str(data)]) == 0
    assert len(motion_rows(data)) == 1


def test_a_record_without_an_appraisal_gets_none(data, tmp_path):
    def no_appraisal(besluit):
        besluit["Zaak"][0]["Kabinetsappreciatie"] = None
    assert cli.main(["import-tk", "--from-file", str(saved(tmp_path, no_appraisal)),
                     "--data", str(data)]) == 0
    [motion] = motion_rows(data)
    assert motion["oordeel"] == ""  # shown as 'not recorded', never guessed


def test_a_deleted_record_is_left_out_and_listed(data, tmp_path, capsys):
    def deleted(besluit):
        besluit["Verwijderd"] = True
    assert cli.main(["import-tk", "--from-file", str(saved(tmp_path, deleted)),
                     "--data", str(data)]) == 0
    assert motion_rows(data) == []
    assert "deleted (verwijderd) in the open data; left out" in capsys.readouterr().out


@pytest.mark.parametrize("content", ['{"value": "not a list"}', "[{}]", "{not json"])
def test_a_malformed_page_is_one_line_and_nothing_is_written(data, tmp_path, capsys, content):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    assert cli.main(["import-tk", "--from-file", str(path), "--data", str(data)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0] and "nothing was written" in err[0]
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_a_paged_answer_is_followed_to_its_last_page(data, monkeypatch, capsys):
    """The service answers in pages: the first page (no records) links to the next one, which
    holds the recorded record; the importer follows the link and asks by date."""
    def pages(path: str, port: int) -> bytes:
        if path.startswith("/page2"):
            return FIXTURE.read_bytes()
        return json.dumps({"value": [], "@odata.nextLink": f"http://127.0.0.1:{port}/page2"}).encode()
    requests, server = stand_in(monkeypatch, pages)
    try:
        assert cli.main(["import-tk", "--since", "2026-04-01", "--until", "2026-04-30",
                         "--data", str(data)]) == 0
    finally:
        server.shutdown()
        server.server_close()
    assert len(requests) == 2 and requests[1] == "/page2"
    query = urllib.parse.unquote(requests[0])
    # from a day early (the Kamer's local midnight is 22:00 UTC the day before)
    assert "GestartOp ge 2026-03-31" in query and "GestartOp le 2026-04-30" in query
    assert len(motion_rows(data)) == 1


def test_an_import_needs_a_dossier_a_date_or_a_file(data, capsys):
    assert cli.main(["import-tk", "--data", str(data)]) == 2
    assert "needs --dossier N, --since YYYY-MM-DD or --from-file FILE" in capsys.readouterr().err
