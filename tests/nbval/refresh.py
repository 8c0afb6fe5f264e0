"""Re-execute the notebooks with their default parameters into tests/nbval/ as nbval references.

Run after changing a notebook or the data on purpose, review the diff of the outputs, commit:
    python tests/nbval/refresh.py
`pytest` then re-runs these references with nbval and compares every cell's output.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import papermill

HERE = Path(__file__).resolve().parent
NOTEBOOKS = HERE.parents[1] / "notebooks"


def strip_timings(path: Path) -> None:
    """Drop run times and timestamps, so a refresh only shows changed outputs in the diff."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"  # papermill gives it a new random id each time
    nbformat.write(nb, path)


SECOND = ("2022-02-28-ukraine-invasion",
          {"00_summary": {"lang": "en"}, "01_session_overview": {"lang": "en"},
           "02_twin_track_policy": {"lang": "en"},
           "04_topical_issue": {"issue": "ukraine", "lang": "en"}})
"""A second session (and another topical issue) with references of its own, in a subfolder:
the English edition (the references at the top are the notebooks' defaults: Dutch)."""


def refresh() -> None:
    """Execute every notebook with its defaults into this folder, and the second session's
    chapters into a subfolder, outputs kept."""
    for source in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")):
        run(source, HERE / source.name, {})
    session, chapters = SECOND
    (HERE / session).mkdir(exist_ok=True)
    for stem, extra in chapters.items():
        run(NOTEBOOKS / f"{stem}.ipynb", HERE / session / f"{stem}.ipynb",
            {"session_id": session, **extra})


def run(source: Path, target: Path, parameters: dict) -> None:
    """Execute one reference and strip its timings."""
    papermill.execute_notebook(source, target, parameters=parameters, cwd=str(HERE),
                               progress_bar=False, kernel_name="python3")
    strip_timings(target)
    print(f"refreshed {target.relative_to(HERE)}")


if __name__ == "__main__":
    refresh()
