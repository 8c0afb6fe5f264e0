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
    nbformat.write(nb, path)


def refresh() -> None:
    """Execute every notebook into this folder, outputs kept."""
    for source in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")):
        target = HERE / source.name
        papermill.execute_notebook(source, target, cwd=str(HERE), progress_bar=False,
                                   kernel_name="python3")
        strip_timings(target)
        print(f"refreshed {source.name}")


if __name__ == "__main__":
    refresh()
