"""Content hashes for the render cache and the manifest: data files, library code, notebooks."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from debateprep.data.schema import TABLES

LIBRARY = Path(__file__).resolve().parents[1]


def file_hash(path: Path) -> str:
    """SHA-256 of one file's bytes ('missing' when it does not exist)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"


def data_files(data_dir: Path) -> dict[str, str]:
    """SHA-256 of every data file the schema names."""
    return {t.filename: file_hash(data_dir / t.filename) for t in TABLES.values()}


def fingerprint(data_dir: Path) -> str:
    """One hash over every data file: changes when any of them does."""
    return combine(data_files(data_dir))


def library_code() -> str:
    """One hash over the library's code, templates, CSS and compiled catalogs (the words of
    each edition): changes when any of them does."""
    files = sorted(p for p in LIBRARY.rglob("*")
                   if p.is_file() and p.suffix in {".py", ".j2", ".css", ".json", ".mo"})
    return combine({str(p.relative_to(LIBRARY)): file_hash(p) for p in files})


def combine(parts: dict) -> str:
    """SHA-256 of a JSON-serialisable mapping, key order ignored."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
