"""debateprep: briefing packs for Tweede Kamer debates on the Netherlands' Russia policy.

The library behind the notebooks: load and validate the sourced data (`load_data`), look up
sessions, draw charts in the house style, and write briefing text with numbered sources.

Importing the package is cheap: `load_data` and `Data` (which need pandas) are imported when
first used, so `debateprep --help` and a render with nothing to do start quickly.
"""
from __future__ import annotations

import sys

# jsonschema (imported by nbformat, which papermill, nbconvert and Voila use) registers the
# 'iri' format checks from rfc3987_syntax when that package is importable; rfc3987_syntax
# compiles its Lark grammars at import, 1.2 to 3.5 s in every process (python-jsonschema
# issue #1428). Notebook validation never checks those formats, so debateprep's processes
# block the import (None in sys.modules makes `import` raise ImportError, which jsonschema
# catches). The lock file keeps the package out of the environment as well; this guard
# covers an install that did not come from the lock. See README, "Dependencies".
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]

from debateprep.errors import DataError, DebateprepError, UnknownChoiceError  # noqa: E402

__version__ = "0.1.0"
__all__ = ["Data", "DataError", "DebateprepError", "UnknownChoiceError", "default_data_dir",
           "load_data", "__version__"]


def __getattr__(name: str):
    """Data, default_data_dir and load_data, imported on first use (they need pandas)."""
    if name in ("Data", "default_data_dir", "load_data"):
        from debateprep.data import loading
        return getattr(loading, name)
    raise AttributeError(f"module 'debateprep' has no attribute {name!r}")
