"""Time rendering the default briefing pack: debateprep versus the naive way, in one run.

The naive way is what a batch user would script by hand: run each chapter with the papermill
command line one after the other, then export each with `jupyter nbconvert --no-input`.
debateprep runs the chapters in parallel (each worker reuses one kernel, with a clean slate
per chapter), exports them, and builds the combined HTML, the PDF and the index. It is timed
cold (--force: nothing from the cache), warm (nothing changed: a no-op), and after one data file
changed; then every session at once (`render --all --force`, one pool for all chapters) against
the naive loop over every session.

    python benchmarks/render.py [--session ID] [--repeat N] [--skip-all]

Prints seconds per run (median of N) and the ratios. No number here is asserted by a test.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "lib"))
from debateprep.pack.plan import default_session_id, plan, read_sessions  # noqa: E402


def timed(command: list[str], **kw) -> float:
    """Seconds one command takes; fail loudly if it fails."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kw)
    return time.perf_counter() - start


def naive(session, data: Path, out: Path) -> float:
    """papermill CLI then nbconvert CLI, chapter after chapter."""
    start = time.perf_counter()
    for chapter in plan(session, data):
        target = out / f"{chapter.stem}.ipynb"
        args = [str(BIN / "papermill"), chapter.notebook, str(target), "--no-progress-bar",
                "-k", "python3"]
        for name, value in chapter.params.items():
            args += ["-p", name, str(value)]
        subprocess.run(args, check=True, capture_output=True, cwd=out)
        subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                        str(target)], check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--session", default=default_session_id())
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--skip-all", action="store_true",
                        help="leave out the every-session comparison (it takes minutes)")
    args = parser.parse_args()
    data = ROOT / "data"
    session = read_sessions(data)[args.session]
    chapters = len(plan(session, data))
    cli = [str(BIN / "debateprep"), "render", "--session", session.session_id, "--quiet"]
    runs: dict[str, list[float]] = {"naive": [], "cold": [], "no-op": [], "data changed": []}
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            (tmp_path / "naive").mkdir()
            runs["naive"].append(naive(session, data, tmp_path / "naive"))
            copy = tmp_path / "data"
            shutil.copytree(data, copy)
            out = ["--out", str(tmp_path / "reports"), "--data", str(copy)]
            runs["cold"].append(timed(cli + out + ["--force"]))
            runs["no-op"].append(timed(cli + out))
            with open(copy / "events.csv", "a", encoding="utf-8") as f:
                f.write("\n")  # a blank line: same data, new bytes, so every chapter reruns
            runs["data changed"].append(timed(cli + out))
    median = {name: statistics.median(values) for name, values in runs.items()}
    print(f"session {session.session_id}: {chapters} chapters, {os.cpu_count()} cores, "
          f"median of {args.repeat} run(s)")
    print(f"  naive (papermill CLI + nbconvert CLI, sequential, HTML only): {median['naive']:6.1f} s")
    print(f"  debateprep render --force (parallel, HTML + PDF + index):    {median['cold']:6.1f} s")
    print(f"  debateprep render, nothing changed (no-op):                  {median['no-op']:6.2f} s")
    print(f"  debateprep render, one data file changed:                    {median['data changed']:6.1f} s")
    print(f"  ratio naive / cold:  {median['naive'] / median['cold']:.2f}x")
    print(f"  ratio naive / no-op: {median['naive'] / median['no-op']:.0f}x")
    if not args.skip_all:
        every_session(data)


def every_session(data: Path) -> None:
    """Every session: the naive loop over all of them against one `render --all --force`."""
    sessions = list(read_sessions(data).values())
    chapters = sum(len(plan(s, data)) for s in sessions)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        start = time.perf_counter()
        for session in sessions:
            folder = tmp_path / "naive" / session.session_id
            folder.mkdir(parents=True)
            naive(session, data, folder)
        slow = time.perf_counter() - start
        fast = timed([str(BIN / "debateprep"), "render", "--all", "--force", "--quiet",
                      "--out", str(tmp_path / "reports"), "--data", str(data)])
    print(f"every session: {len(sessions)} sessions, {chapters} chapters")
    print(f"  naive loop over every session (HTML only):                   {slow:6.1f} s")
    print(f"  debateprep render --all --force (one pool, HTML + PDF):      {fast:6.1f} s")
    print(f"  ratio naive / render --all: {slow / fast:.2f}x")


if __name__ == "__main__":
    main()
