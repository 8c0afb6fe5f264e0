"""Allow `python -m debateprep`."""
from .cli import run

run()
