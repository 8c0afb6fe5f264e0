"""The library's rooms have one direction: data below chapters below pack below cli.

Every import of every module (top-level or inside a function) is read from the source: a
module may import only from its own layer or a lower one, and no two modules import each other.
"""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "lib" / "debateprep"
LAYERS = {"errors": 0, "i18n": 0, "data": 1, "chapters": 2, "pack": 3, "explore": 4, "importers": 4,
          "cli": 5, "__main__": 6, "__init__": 6}
"""The layer of each room (a subpackage or a top-level module); lower layers are below."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("debateprep"):
            if node.module in ("debateprep.data", "debateprep.pack", "debateprep.chapters"):
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("debateprep")}
    return found


def layer(module: str) -> int:
    parts = module.split(".")
    room = parts[1] if len(parts) > 1 else "__init__"
    return LAYERS[room]


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def test_no_module_imports_one_from_a_higher_layer():
    wrong = [f"{m} (layer {layer(m)}) imports {i} (layer {layer(i)})"
             for m, found in graph().items() if m != "debateprep"
             for i in found if i != "debateprep" and layer(i) > layer(m)]
    assert wrong == []


def test_no_two_modules_import_each_other():
    edges = graph()
    pairs = sorted({tuple(sorted((a, b))) for a, found in edges.items() for b in found
                    if a in edges.get(b, set())})
    assert pairs == []


def test_the_layer_test_sees_a_wrong_import(tmp_path, monkeypatch):
    """The test itself can fail: a data module importing pack is caught."""
    bad = tmp_path / "debateprep" / "data" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from debateprep.pack.render import render_sessions\n")
    monkeypatch.setattr(__import__(__name__), "PACKAGE", tmp_path / "debateprep")
    found = graph()
    assert any(layer(i) > layer(m) for m, f in found.items() for i in f)
