"""Time the explorer: the first page load in a real browser, and a control change in-process.

1. Page load: `debateprep explore` is started and Debian's chromium (Playwright) requests the
   page several times, each in a fresh browser context (nothing cached), a few seconds apart as
   separate visitors would come; each load is timed from the request to the first usable
   control (the Debate list shown and enabled). Measured with Voilà's preheated kernel (the
   default) and, in the same run, the naive way (`--no-preheat`: a fresh kernel per visitor that
   imports the library and loads the data). For scale it also times a notebook holding a single
   dropdown, preheated: the floor Voilà's page itself sets on this machine.
2. Control change: in-process, from setting a control's value to every linked output (summary,
   counts, table, timeline) being updated, as the widget front end would trigger it, against
   the naive way of re-running the notebook cell (load and validate the data again, rebuild).

Goals: a page usable within one second of the request; a change under 200 ms.

    python benchmarks/explorer.py [--repeat N] [--loads N] [--skip-browser]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
from debateprep.explore.explorer import Explorer  # noqa: E402
from debateprep.data.loading import load_data  # noqa: E402
from debateprep.explore.server import voila_command  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FIRST_CONTROL = ".dp-session select:enabled"

SESSION = "2020-09-28-russia-strategy"


def changes(ex: Explorer) -> dict[str, tuple]:
    """Each control with two values to switch between, as a user would."""
    return {
        "topic: only Navalny / all": (ex.topics, ("navalny",), ()),
        "search: 'e' / cleared": (ex.search, "e", ""),
        "search: 'eu' / 'e' (keystroke)": (ex.search, "eu", "e"),
        "date: from 2020 / from 2014": (ex.start, dt.date(2020, 1, 1), dt.date(2014, 1, 1)),
        "since previous debate on/off": (ex.since, True, False),
        "debate: 2022 / 2020 session": (ex.session, "2022-05-12-foreign-affairs-council", SESSION),
    }


def ms(control, values: tuple, ex: Explorer, repeat: int) -> float:
    """Median milliseconds from a value change to every output updated (the timeline is SVG,
    so the new chart is complete when its markup is)."""
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        with redirect_stdout(StringIO()):
            control.value = values[i % 2]
        times.append((time.perf_counter() - start) * 1000)
    control.value = values[1]
    return statistics.median(times)


def naive_ms(repeat: int) -> float:
    """Re-running the cell: load and validate the data, rebuild the explorer."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        with redirect_stdout(StringIO()):
            Explorer(load_data(), SESSION, "/tmp/debateprep-bench-exports")
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(command: list[str], port: int, log: Path) -> subprocess.Popen:
    """Start a server and wait until its port answers."""
    env = os.environ | {"DEBATEPREP_DATA": str(ROOT / "data"),
                        "DEBATEPREP_EXPORTS": tempfile.mkdtemp(prefix="debateprep-bench-")}
    process = subprocess.Popen(command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.2)
    process.kill()
    raise SystemExit(f"the server did not start; see {log}")


def page_loads(command: list[str], port: int, selector: str, loads: int, gap: float,
               log: Path) -> list[float]:
    """Seconds from the page request to `selector` visible, for each of `loads` visitors."""
    from playwright.sync_api import sync_playwright
    process = serve(command, port, log)
    times = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM,
                                         args=["--no-sandbox", "--disable-gpu"])
            for _ in range(loads):
                time.sleep(gap)  # visitors come apart; a preheated pool refills meanwhile
                context = browser.new_context()
                page = context.new_page()
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/", wait_until="commit")
                page.wait_for_selector(selector, timeout=120_000)
                times.append(time.perf_counter() - start)
                context.close()
            browser.close()
    finally:
        process.terminate()
        process.wait(30)
    return times


def one_dropdown_notebook(folder: Path) -> Path:
    """A notebook that shows one dropdown and nothing else."""
    path = folder / "one_dropdown.ipynb"
    path.write_text(json.dumps({
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                   "source": "import ipywidgets\nipywidgets.Dropdown(options=['a', 'b'])"}],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}},
        "nbformat": 4, "nbformat_minor": 5}))
    return path


def browser_benchmark(loads: int, gap: float) -> None:
    """Print page-load seconds: preheated, the naive way, and Voilà's floor."""
    exe = str(Path(sys.executable).with_name("debateprep"))
    logs = Path(tempfile.mkdtemp(prefix="debateprep-bench-logs-"))
    runs = {}
    for name, extra in (("preheated kernel (default)", []), ("naive: --no-preheat", ["--no-preheat"])):
        port = free_port()
        runs[name] = page_loads([exe, "explore", "--port", str(port), "--no-browser",
                                 "--data", str(ROOT / "data"), *extra], port, FIRST_CONTROL,
                                loads, gap, logs / f"{len(runs)}.log")
    port = free_port()
    floor = page_loads(voila_command(port, one_dropdown_notebook(logs)), port,
                       ".widget-dropdown select:enabled", loads, gap, logs / "floor.log")
    runs["floor: a one-dropdown notebook, preheated"] = floor
    print(f"page request to first usable control, {loads} visitors {gap:.0f} s apart, "
          "each in a fresh browser context, seconds:")
    for name, times in runs.items():
        print(f"  {name:44s} median {statistics.median(times):5.2f}   "
              f"({', '.join(f'{t:.2f}' for t in times)})")
    fast, naive = (statistics.median(t) for t in list(runs.values())[:2])
    print(f"  naive / preheated = {naive / fast:.1f}x (goal: preheated under 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--loads", type=int, default=5, help="page loads per server")
    parser.add_argument("--gap", type=float, default=8.0, help="seconds between visitors")
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    if not args.skip_browser:
        browser_benchmark(args.loads, args.gap)
    with redirect_stdout(StringIO()):
        ex = Explorer(load_data(), SESSION, "/tmp/debateprep-bench-exports")
        ex.widget
    print(f"explorer on the shipped data ({len(ex.data.events)} events), median of "
          f"{args.repeat} changes each, in milliseconds:")
    results = {name: ms(control, values, ex, args.repeat)
               for name, (control, *values) in changes(ex).items()}
    for name, value in results.items():
        print(f"  {name:32s} {value:7.1f} ms")
    naive = naive_ms(max(3, args.repeat // 3))
    slowest = max(results.values())
    print(f"  naive: re-run the cell (reload data, rebuild) {naive:7.1f} ms")
    print(f"  slowest change {slowest:.1f} ms (goal < 200 ms); naive / slowest = "
          f"{naive / slowest:.1f}x")


if __name__ == "__main__":
    main()
