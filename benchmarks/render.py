"""Time debateprep against the naive way, in one run, from a fresh environment built from the lock.

The naive way is what a batch user would script by hand: run each chapter with the papermill
command line one after the other, then export each with `jupyter nbconvert --no-input`.
debateprep runs the chapters in parallel (each worker reuses one kernel, with a clean slate
per chapter), exports them, and builds the combined HTML, the PDF and the index.

The benchmark first builds a virtual environment from requirements.lock exactly as the README
does (`pip install --no-deps -r requirements.lock`, then the project), so the figures are those
of a fresh install, not of whatever the developer's environment holds; both ways run in it.
It then prints:

- start-up: `debateprep --help`, and a render with nothing to do (no-op), each the median of
  five runs;
- the default pack: naive, `render --force` (nothing from the cache; the median of three runs
  made right after the naive loop), the same with HTML only
  (`--no-pdf --no-docx`, what the naive way makes), no-op, and after editing one event the pack
  shows (only the chapters that can show it rerun);
- every session: `render --all --force`; after editing one event dated between the last two
  debates (only the latest debate's chapters that can show it rerun); after editing one dated
  after every debate (nothing reruns); and, with --naive-all, the naive loop over every session
  (about ten minutes).

    python benchmarks/render.py [--session ID] [--env DIR] [--naive-all]

No number here is asserted by a test.
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"


def build_env(where: Path) -> tuple[Path, float]:
    """A fresh virtual environment from the lock, as the README's commands build it."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    pip = [str(where / "bin" / "pip"), "install", "-q", "--no-deps"]
    subprocess.run(pip + ["-r", str(LOCK)], check=True)
    subprocess.run(pip + ["-e", str(ROOT)], check=True)
    return where / "bin", time.perf_counter() - start


def timed(command: list[str], **kw) -> float:
    """Seconds one command takes; fail loudly if it fails."""
    return timed_cpu(command, **kw)[0]


def timed_cpu(command: list[str], **kw) -> tuple[float, float]:
    """Seconds one command takes, and the processor seconds (user and system) it and the
    processes it waited for (its kernels, its PDF and Word children) used."""
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, **kw)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_of(n: int, command: list[str]) -> float:
    return statistics.median(timed(command) for _ in range(n))


def chapters_of(bin_dir: Path, session_id: str, data: Path) -> list:
    """The session's planned chapters, read by the environment's own debateprep."""
    code = ("import json, sys; from pathlib import Path; "
            "from debateprep.pack.plan import plan, read_sessions; "
            "s = read_sessions(Path(sys.argv[2]))[sys.argv[1]]; "
            "print(json.dumps([[c.stem, c.notebook, c.params] for c in plan(s, Path(sys.argv[2]))]))")
    import json
    out = subprocess.run([str(bin_dir / "python"), "-c", code, session_id, str(data)],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def session_dates(data: Path) -> dict[str, str]:
    with open(data / "sessions.csv", encoding="utf-8-sig", newline="") as f:
        return {row["session_id"]: row["date"] for row in csv.DictReader(f)}


def naive(bin_dir: Path, chapters: list, out: Path) -> float:
    """papermill CLI then nbconvert CLI, chapter after chapter."""
    start = time.perf_counter()
    for stem, notebook, params in chapters:
        target = out / f"{stem}.ipynb"
        args = [str(bin_dir / "papermill"), notebook, str(target), "--no-progress-bar",
                "-k", "python3"]
        for name, value in params.items():
            args += ["-p", name, str(value)]
        subprocess.run(args, check=True, capture_output=True, cwd=out)
        subprocess.run([str(bin_dir / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                        str(target)], check=True, capture_output=True)
    return time.perf_counter() - start


def edit_event(data: Path, after: str, before: str) -> str:
    """Append ' (edited)' to the description of the first event dated after `after` and on or
    before `before`; return its id ('' when there is none)."""
    path = data / "events.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if after < row["date"] <= before:
            row["description"] += " (edited)"
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            path.write_text(buffer.getvalue(), encoding="utf-8")
            return row["event_id"]
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--session", default="2020-11-11-foreign-affairs-budget",
                        help="the pack compared with the naive way (default: the README's)")
    parser.add_argument("--env", type=Path, default=None,
                        help="reuse this environment instead of building a fresh one")
    parser.add_argument("--naive-all", action="store_true",
                        help="also run the naive loop over every session (about ten minutes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        if args.env:
            bin_dir, built = args.env / "bin", 0.0
        else:
            bin_dir, built = build_env(tmp_path / "venv")
        data = tmp_path / "data"
        shutil.copytree(ROOT / "data", data)
        dates = session_dates(data)
        ordered = sorted(dates, key=lambda s: (dates[s], s))
        chapters = chapters_of(bin_dir, args.session, data)
        debateprep = str(bin_dir / "debateprep")
        cli = [debateprep, "render", "--session", args.session, "--quiet", "--data", str(data),
               "--out", str(tmp_path / "reports")]
        print(f"{os.cpu_count()} cores; environment "
              + (f"built from requirements.lock in {built:.0f} s" if built else f"{args.env}"))
        print("start-up")
        print(f"  debateprep --help (median of 5):                            "
              f"{median_of(5, [debateprep, '--help']):6.2f} s")
        (tmp_path / "naive").mkdir()
        slow = naive(bin_dir, chapters, tmp_path / "naive")
        # three forced renders right after the naive loop, the median compared: one render
        # takes seconds, and this machine's speed drifts by a fifth from minute to minute
        colds = sorted(timed_cpu(cli + ["--force"]) for _ in range(3))
        cold, cold_cpu = colds[1]
        html_only, html_cpu = timed_cpu(cli[:-1] + [str(tmp_path / "reports-html"), "--force",
                                                    "--no-pdf", "--no-docx"])
        # (its own folder: the no-op below stays one)
        noop = median_of(5, cli)
        print(f"  debateprep render, nothing changed (no-op, median of 5):    {noop:6.2f} s")
        edited = edit_event(data, "", dates[args.session])
        one = timed(cli)
        print(f"default pack: session {args.session}, {len(chapters)} chapters")
        print(f"  naive (papermill CLI + nbconvert CLI, sequential, HTML only): {slow:6.1f} s")
        print(f"  debateprep render --force (parallel, HTML + PDF + Word + index): {cold:6.1f} s"
              f" (median of 3: {', '.join(f'{w:.1f}' for w, _c in colds)} s; processor time "
              f"{cold_cpu:.1f} s)")
        print(f"  debateprep render --force --no-pdf --no-docx (HTML + index): {html_only:6.1f} s"
              f" (processor time {html_cpu:.1f} s)")
        print(f"  debateprep render, event {edited} edited:  {one:6.1f} s")
        print(f"  ratio naive / render --force: {slow / cold:.2f}x; like for like, HTML only: "
              f"{slow / html_only:.2f}x")

        every = [debateprep, "render", "--all", "--quiet", "--data", str(data),
                 "--out", str(tmp_path / "all")]
        forced = timed(every + ["--force"])
        between = edit_event(data, dates[ordered[-2]], dates[ordered[-1]])
        incremental = timed(every)
        later = edit_event(data, dates[ordered[-1]], "9999-12-31")
        nothing = timed(every) if later else float("nan")
        total = sum(len(chapters_of(bin_dir, s, data)) for s in ordered)
        print(f"every session: {len(ordered)} sessions, {total} chapters")
        print(f"  debateprep render --all --force (one pool, HTML + PDF):      {forced:6.1f} s")
        print(f"  render --all, event {between} edited (between the last two debates): "
              f"{incremental:6.1f} s ({incremental / forced:.2f} of --force)")
        print(f"  render --all, event {later or '(none)'} edited (after every debate): "
              f"{nothing:6.1f} s")
        if args.naive_all:
            start = time.perf_counter()
            for session in ordered:
                folder = tmp_path / "naive-all" / session
                folder.mkdir(parents=True)
                naive(bin_dir, chapters_of(bin_dir, session, data), folder)
            naive_all = time.perf_counter() - start
            print(f"  naive loop over every session (HTML only):                   {naive_all:6.1f} s")
            print(f"  ratio naive / render --all --force: {naive_all / forced:.2f}x")


if __name__ == "__main__":
    main()
