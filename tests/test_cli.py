"""The command line: listing, detail, validation, and one-line errors with exit code 2."""
from __future__ import annotations

import subprocess
import sys

from debateprep.cli import main

from conftest import MINI, replace_in


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_sessions_lists_id_date_title(capsys):
    code, out, err = run(capsys, "sessions", "--data", str(MINI))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[1].split()[:4] == ["2020-09-28-second", "28", "September", "2020"]
    assert lines[1].endswith("Second debate")


def test_session_detail(capsys):
    code, out, _ = run(capsys, "sessions", "2020-09-28-second", "--data", str(MINI))
    assert code == 0
    assert "Previous session:  2019-01-10-first" in out
    assert "1. Kamerstuk 35373-1: The Russia letter" in out


def test_unknown_session_id(capsys):
    code, out, err = run(capsys, "sessions", "2020-01-01-x", "--data", str(MINI))
    assert code == 2 and out == ""
    assert err == ("debateprep: unknown session '2020-01-01-x' — valid choices: "
                   "2019-01-10-first, 2020-09-28-second, 2021-05-01-third\n")


def test_unknown_command(capsys):
    code, _, err = run(capsys, "sesions")
    assert code == 2
    assert err == ("debateprep: unknown command 'sesions' — valid commands: sessions, validate, "
                   "render, explore, import-tk, new-session\n")


def test_unknown_option(capsys):
    code, _, err = run(capsys, "validate", "--dta", "x")
    assert code == 2
    assert err.count("\n") == 1
    assert "unknown option or argument '--dta' for 'debateprep validate'" in err
    assert "valid options: --data, --help" in err


def test_validate_valid(capsys):
    code, out, _ = run(capsys, "validate", "--data", str(MINI))
    assert code == 0
    assert "events.csv" in out and "7 rows" in out
    assert out.splitlines()[-1] == "Events from 17 July 2014 to 1 January 2021; 3 sources."


def test_validate_invalid_lists_problems_exit_1(capsys, mini_dir):
    line = replace_in(mini_dir / "sessions.csv", "notaoverleg", "debate")
    (mini_dir / "polls.csv").unlink()
    code, out, err = run(capsys, "validate", "--data", str(mini_dir))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 3
    assert any(f"sessions.csv:{line}: column 'kind': value 'debate'" in x for x in lines)
    assert lines[-1].startswith("2 problem(s) in")


def test_sessions_on_invalid_data_exit_1_without_traceback(capsys, mini_dir):
    replace_in(mini_dir / "sessions.csv", "2021-05-01,", "2021-05-32,")
    code, _, err = run(capsys, "sessions", "--data", str(mini_dir))
    assert code == 1
    assert "Traceback" not in err and "column 'date': value '2021-05-32'" in err


def test_console_script_installed():
    result = subprocess.run([sys.executable, "-m", "debateprep", "sessions", "--data", str(MINI)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "2021-05-01-third" in result.stdout


def test_explore_refuses_bad_data_before_starting_a_server(capsys, mini_dir):
    from conftest import replace_in
    replace_in(mini_dir / "events.csv", "sanctions", "sanctionz")
    code, _, err = run(capsys, "explore", "--data", str(mini_dir), "--no-browser")
    assert code == 1 and "events.csv:" in err and "sanctionz" in err


def test_explore_serves_on_the_local_interface_only():
    from debateprep.explore.server import voila_command
    command = voila_command(8899)
    assert "--Voila.ip=127.0.0.1" in command and "--no-browser" in command
    assert "--port=8899" in command and any(c.endswith("explore.ipynb") for c in command)
    assert "--KernelManager.transport=ipc" in command  # no TCP port races between kernels


def test_a_bad_as_of_date_is_one_line_exit_2(capsys):
    code, _, err = run(capsys, "render", "--as-of", "2020-13-01")
    assert code == 2
    assert err == ("debateprep: argument --as-of: '2020-13-01' is not a real date written "
                   "YYYY-MM-DD (for example 2020-11-10)\n")


def test_render_no_pdf_reaches_the_renderer(monkeypatch, tmp_path, capsys):
    from debateprep.pack import render
    asked = {}

    def fake(sessions, data_dir, out, jobs, force, progress=True, pdf=True, checked=None,
             langs=None, docx=True):
        asked["pdf"] = pdf
        return [render.Outcome(s.session_id, "up-to-date", [], 0.0, out / s.folder)
                for s in sessions]

    monkeypatch.setattr(render, "render_sessions", fake)
    assert main(["render", "--session", "2020-09-28-russia-strategy", "--no-pdf",
                     "--out", str(tmp_path), "--quiet"]) == 0
    assert asked == {"pdf": False}
    assert main(["render", "--session", "2020-09-28-russia-strategy",
                     "--out", str(tmp_path), "--quiet"]) == 0
    assert asked == {"pdf": True}


def test_an_unknown_language_is_one_line_naming_the_languages(capsys):
    code, _out, err = run(capsys, "render", "--lang", "fr")
    assert code == 2 and err.count("\n") == 1
    assert "unknown language 'fr'" in err and "nl, en" in err
    code, _out, err = run(capsys, "render", "--lang", "nl,xx")
    assert code == 2 and "unknown language 'xx'" in err
