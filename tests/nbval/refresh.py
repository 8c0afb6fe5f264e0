"""Re-execute the notebooks with their default parameters into tests/nbval/ as nbval references.

Run after changing a notebook or the data on purpose, review the diff of the outputs, commit:
    python tests/nbval/refresh.py
`pytest` then re-runs these references with nbval and compares every cell's output.
"""
from __future__ import annotations

from pathlib import Path

import papermill

HERE = Path(__file__).resolve().parent
NOTEBOOKS = HERE.parents[1] / "notebooks"


def refresh() -> None:
    """Execute every notebook into this folder, outputs kept."""
    for source in sorted(NOTEBOOKS.glob("[0-9]*.ipynb")):
        papermill.execute_notebook(source, HERE / source.name, cwd=str(HERE), progress_bar=False,
                                   kernel_name="python3")
        print(f"refreshed {source.name}")


if __name__ == "__main__":
    refresh()
