"""Time the explorer's response to a control change on the shipped data.

Measures, in-process, the time from setting a control's value to every linked output (summary,
counts, table, timeline) being updated, as the widget front end would trigger it. For
comparison it times the naive way in the same run: re-running the notebook cell, i.e. loading
and validating the data again and rebuilding the explorer. Goal: under 200 ms per change.

    python benchmarks/explorer.py [--repeat N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from contextlib import redirect_stdout
from io import StringIO
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "lib"))
from debateprep.explore.explorer import Explorer  # noqa: E402
from debateprep.data.loading import load_data  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
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
