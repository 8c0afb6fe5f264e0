"""Allow `python -m debateprep`."""
from debateprep.cli import run

run()
