"""Where the data folder is: found without pandas, so the command line starts quickly."""
from __future__ import annotations

import os
from pathlib import Path

from debateprep.errors import DataFolderMissing

DATA_ENV = "DEBATEPREP_DATA"


def default_data_dir() -> Path:
    """The data folder: $DEBATEPREP_DATA, else the data/ of the checkout the package was
    installed from (editable install), else the data/ of a debateprep checkout holding the
    working folder. A DataFolderMissing error, in one line, when there is none."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    candidates = [Path(__file__).resolve().parents[3], Path.cwd(), *Path.cwd().parents]
    for root in candidates:
        if _is_checkout(root):
            return root / "data"
    raise DataFolderMissing(
        "no data folder: pass --data DIR or set DEBATEPREP_DATA to a folder holding "
        "sources.csv, events.csv and the other data files (or run from a debateprep checkout)")


def _is_checkout(root: Path) -> bool:
    """True when root is a debateprep checkout: its pyproject names it and it has data/."""
    project = root / "pyproject.toml"
    return ((root / "data" / "sources.csv").is_file() and project.is_file()
            and 'name = "debateprep"' in project.read_text(encoding="utf-8", errors="replace"))
