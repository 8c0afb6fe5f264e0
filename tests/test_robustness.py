"""Tried as a hostile user would: installed without -e and run from another folder, killed
with `kill -9`, fed semicolon CSV and markup, pointed at a file for --out, piped into head.

Each test here failed before the fix it guards (issue 8).
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from debateprep import cli
from debateprep.explore.server import _alive, descendants
from debateprep.explore.explorer import export_frame, neutralise
from debateprep.pack.plan import EmptyPack, SessionInfo
from debateprep.pack.render import render_session

from conftest import DATA, MINI, ROOT, replace_in

BIN = Path(sys.executable).parent
S20 = "2020-09-28-russia-strategy"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the installed console script (not `python -m`)."""
    return subprocess.run([str(BIN / "debateprep"), *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=timeout)


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stdout + result.stderr


# --- 1. installed anywhere -------------------------------------------------------------

@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory) -> Path:
    """A fresh virtual environment with debateprep installed from a built wheel (not -e).

    Its other dependencies come from this test environment through a .pth line, so the test
    needs no network beyond the build backend; the editable debateprep of this environment is
    not visible there (editable finders live in .pth files, which a plain path line skips).
    """
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(root / "dist"), str(ROOT)], check=True, capture_output=True)
    wheel = next((root / "dist").glob("debateprep-*.whl"))
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.run([str(py), "-c", "import sysconfig;print(sysconfig.get_paths()"
                              "['purelib'])"], check=True, capture_output=True, text=True)
    target = Path(purelib.stdout.strip())
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    (target / "zz-test-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    script = venv / "bin" / "debateprep"
    script.write_text(f"#!{py}\nimport sys\nfrom debateprep.cli import run\n"
                      "if __name__ == '__main__':\n    sys.exit(run())\n")  # as pip writes it
    script.chmod(0o755)
    return venv


def wheel_env_vars(venv: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DEBATEPREP_DATA"}
    # nbconvert finds its templates under the environment that holds nbconvert
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return env


def test_a_wheel_install_renders_the_default_pack_from_another_folder(wheel_env, tmp_path):
    found = subprocess.run([str(wheel_env / "bin" / "python"), "-c",
                            "import debateprep;print(debateprep.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert str(wheel_env) in found.stdout  # the wheel's copy, not this checkout's
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run([str(wheel_env / "bin" / "debateprep"), "render", "--session", S20,
                             "--data", str(DATA), "--quiet"], cwd=elsewhere, text=True,
                            capture_output=True, env=wheel_env_vars(wheel_env), timeout=600)
    assert result.returncode == 0, result.stderr
    pack = elsewhere / "reports" / S20  # ./reports of the working folder
    manifest = json.loads((pack / "manifest.json").read_text())
    assert len(manifest["chapters"]) >= 6
    for chapter in manifest["chapters"]:
        assert (pack / f"{chapter['stem']}.html").stat().st_size > 2000
    assert (pack / "briefing.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_wheel_install_without_data_says_how_to_point_at_it(wheel_env, tmp_path):
    result = subprocess.run([str(wheel_env / "bin" / "debateprep"), "sessions"], cwd=tmp_path,
                            text=True, capture_output=True, env=wheel_env_vars(wheel_env))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--data" in lines[0] and "DEBATEPREP_DATA" in lines[0]
    no_traceback(result)


def test_a_pack_with_no_chapters_is_never_published(tmp_path):
    out, empty = tmp_path / "reports", tmp_path / "no-notebooks"
    empty.mkdir()
    pack = out / "s"
    pack.mkdir(parents=True)
    (pack / "index.html").write_text("the previous pack")
    with pytest.raises(EmptyPack, match="no chapters"):
        render_session(SessionInfo("s", "2020-09-28", "S"), MINI, out, 1, True, False,
                       notebooks=empty)
    assert (pack / "index.html").read_text() == "the previous pack"


# --- 2. kill -9 ------------------------------------------------------------------------

def test_after_kill_9_the_next_render_runs_and_the_old_pack_survives(tmp_path):
    out = tmp_path / "reports"
    pack = out / S20
    pack.mkdir(parents=True)
    (pack / "index.html").write_text("the previous pack")
    args = ["render", "--session", S20, "--data", str(DATA), "--out", str(out), "--quiet",
            "--force", "--jobs", "2"]
    victim = subprocess.Popen([str(BIN / "debateprep"), *args], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    family = _once_kernels_run(victim)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    assert not _left_after(family), "kernels or other children outlived the render"
    assert (pack / "index.html").read_text() == "the previous pack"
    again = run_cli(*args, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "published" in again.stdout
    assert len(json.loads((pack / "manifest.json").read_text())["chapters"]) >= 6


def test_ctrl_c_stops_a_render_in_one_line_and_leaves_the_old_pack_and_no_process(tmp_path):
    out = tmp_path / "reports"
    pack = out / S20
    pack.mkdir(parents=True)
    (pack / "index.html").write_text("the previous pack")
    victim = subprocess.Popen([str(BIN / "debateprep"), "render", "--session", S20, "--data",
                               str(DATA), "--out", str(out), "--quiet", "--force"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    family = _once_kernels_run(victim)
    victim.send_signal(signal.SIGINT)
    stdout, stderr = victim.communicate(timeout=60)
    assert victim.returncode == 130
    assert stderr.strip().splitlines()[-1] == "debateprep: interrupted"
    assert "Traceback" not in stdout + stderr
    assert not _left_after(family), "kernels outlived the render"
    assert (pack / "index.html").read_text() == "the previous pack"


def _once_kernels_run(render: subprocess.Popen) -> list[int]:
    """The render's processes, read once one of them is a kernel (within a minute)."""
    family: list[int] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            "ipykernel" in _cmdline(p) for p in family):
        time.sleep(0.2)
        family = descendants(render.pid)
    assert family, "the render started no kernel"
    return family


def _left_after(family: list[int], seconds: float = 20) -> list[int]:
    """Those of family still alive after waiting up to seconds for them to go."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in family):
        time.sleep(0.2)
    return [p for p in family if _alive(p)]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


# --- 3. the validator and the vote date --------------------------------------------------

@pytest.mark.parametrize("outcome", ["adopted", "rejected"])
def test_validate_refuses_an_outcome_without_a_vote_date(mini_dir, capsys, outcome):
    line = replace_in(mini_dir / "motions.csv", ",unknown,", f",{outcome},")
    assert cli.main(["validate", "--data", str(mini_dir)]) == 1
    err = capsys.readouterr().err
    assert f"motions.csv:{line}: column 'vote_date': value ''" in err
    assert outcome in err


def test_validate_refuses_a_vote_before_the_motion_was_filed(mini_dir, capsys):
    text = (mini_dir / "motions.csv").read_text()
    first = text.splitlines()[1].split(",")
    filed = first[3]
    replace_in(mini_dir / "motions.csv", ",unknown,,", ",adopted,2001-01-01,")
    assert cli.main(["validate", "--data", str(mini_dir)]) == 1
    assert "value '2001-01-01'" in capsys.readouterr().err
    assert filed > "2001-01-01"


# --- 4. CSV export cannot carry formulas ------------------------------------------------

@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)",
                                  "\tlead", "\rlead", "=cmd|' /C calc'!A0"])
def test_exported_cells_never_start_a_formula(mini, text):
    events = mini.events.head(1).assign(title=text, description=text)
    frame = export_frame(mini, events)
    for column in ("title", "description"):
        assert frame[column].iloc[0] == "'" + text
    assert neutralise("Plain text") == "Plain text"


# --- 5. --out that cannot be written ----------------------------------------------------

def test_out_that_is_a_file_gets_one_line_exit_1(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x")
    for out in (target, target / "below"):
        result = run_cli("render", "--session", "2020-09-28-second", "--data", str(MINI), "--out", str(out))
        assert result.returncode == 1
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert "cannot write packs to" in result.stderr and str(out.name) in result.stderr
        no_traceback(result)


def test_out_that_cannot_be_created_gets_one_line_exit_1():
    result = run_cli("render", "--session", "2020-09-28-second", "--data", str(MINI), "--out", "/proc/debateprep")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "/proc/debateprep" in result.stderr
    no_traceback(result)


# --- 6. the explorer's port -------------------------------------------------------------

@pytest.mark.parametrize("port", ["0", "99999", "http"])
def test_explore_refuses_a_port_out_of_range(port, capsys):
    assert cli.main(["explore", "--port", port, "--no-browser"]) == 2
    assert "1 to 65535" in capsys.readouterr().err


def test_explore_on_a_taken_port_fails_with_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("explore", "--port", str(port), "--no-browser", timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == (f"debateprep: port {port} on 127.0.0.1 is in use by "
                                     "another program; choose another with --port N")


# --- 7. SIGTERM and SIGHUP stop the explorer and its kernels -------------------------

@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_stops_the_explorer_and_every_kernel(tmp_path, signum):
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([str(BIN / "debateprep"), "explore", "--port", str(port),
                                "--no-browser", "--exports", str(tmp_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:  # a page request starts a kernel
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).read()
                break
            except OSError:
                time.sleep(0.3)
        family = descendants(process.pid)
        assert any("ipykernel" in _cmdline(p) for p in family), "no kernel was started"
        process.send_signal(signum)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0 and "stopped" in output
    time.sleep(0.5)
    assert not [p for p in family if _alive(p)], "Voilà or a kernel outlived the explorer"
    with socket.socket() as again:  # the port is free again (no listener left)
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", port))
        again.listen()


# --- 8. smaller ones -------------------------------------------------------------------

def test_a_semicolon_separated_file_gets_one_line_saying_so(mini_dir, capsys):
    path = mini_dir / "events.csv"
    path.write_text(path.read_text().replace(",", ";"))
    assert cli.main(["validate", "--data", str(mini_dir)]) == 1
    lines = [l for l in capsys.readouterr().err.splitlines() if "events.csv" in l]
    assert len(lines) == 1 and "semicolon" in lines[0] and "CSV UTF-8" in lines[0]


def test_dollar_signs_in_data_are_drawn_as_typed(tmp_path):
    from debateprep.chapters.charts import stacked_share_chart
    import pandas as pd
    table = pd.DataFrame({"Agree": [40.0], "Disagree": [60.0]}, index=["Pollster $x^{$"])
    fig = stacked_share_chart(table, "Survey $\\alpha$ of $x^{$", "Source: $5 $x^{$")
    fig.savefig(tmp_path / "chart.png")  # mathtext would raise on '$x^{$'
    texts = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    assert any("$x^{$" in t for t in texts)


def test_a_closed_pipe_ends_quietly():
    for command in (f"'{BIN}/debateprep' sessions | head -1",
                    f"'{BIN}/debateprep' validate | head -1"):
        result = subprocess.run(["bash", "-c", command], capture_output=True, text=True,
                                cwd=ROOT)
        assert result.stdout.strip(), command
        assert result.stderr == "", result.stderr


def test_a_data_folder_that_does_not_exist_gets_one_line(tmp_path):
    result = run_cli("validate", "--data", str(tmp_path / "nope"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert "nope" in lines[0] and "does not exist" in lines[0]
    assert len([l for l in lines if "missing" in l]) == 0
