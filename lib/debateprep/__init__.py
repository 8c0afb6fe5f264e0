"""debateprep: briefing packs for Tweede Kamer debates on the Netherlands' Russia policy.

The library behind the notebooks: load and validate the sourced data (`load_data`), look up
sessions, draw charts in the house style, and write briefing text with numbered sources.
"""
from __future__ import annotations

from debateprep.errors import DataError, DebateprepError, UnknownChoiceError
from debateprep.data.loading import Data, default_data_dir, load_data

__version__ = "0.1.0"
__all__ = ["Data", "DataError", "DebateprepError", "UnknownChoiceError", "default_data_dir",
           "load_data", "__version__"]
