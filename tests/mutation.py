"""Mutation testing of debateprep's core modules with mutmut 3.

    python tests/mutation.py [--modules data.validation,data.sessions,...] [--keep] [--with-slow]
    python tests/mutation.py --self-check

mutmut 3 mutates a source folder (src/) and runs the tests against the mutated copy it builds
in mutants/. This project keeps its package in lib/, so this script builds a throw-away
workspace in a temporary folder:

    WORK/src/debateprep/   a copy of lib/debateprep (pack/render.py with all but its planning and
                           cache-key functions marked `# pragma: no mutate block`)
    WORK/tests/            a copy of tests/ (the fast unit tests are selected below)
    WORK/data/, notebooks/ the data and notebooks the tests read through ROOT
    WORK/pyproject.toml    [tool.mutmut] and [tool.pytest.ini_options] for the run

then runs `mutmut run` there and reads `mutmut results --all true`. mutmut puts WORK/mutants/src
first on sys.path, so the tests import the mutated copy, not the editable install; it checks
this itself (a forced-fail run, and the test-to-function associations), and --self-check
proves it once more by planting a bug in the copy and requiring the clean run to fail.

It is slow (minutes), so it is not part of the normal suite; pytest does not collect it (the
file name does not start with test_ and it defines no test functions). The last line printed
is `mutation score: P% (K of N killed)`, where K counts killed mutants (timeouts included) and
N every mutant that was generated (none is skipped).
"""
from __future__ import annotations

import argparse
import ast
import collections
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "lib" / "debateprep"

MODULES = ("data.validation", "data.sessions", "pack.publish", "data.hashing", "data.asof",
           "data.scope", "chapters.citations", "pack.plan", "pack.render", "chapters.briefing",
           "chapters.parliament", "chapters.summary", "importers.tkimport", "data.loading",
           "chapters.letters", "chapters.parameters", "pack.pdf")
"""The core modules (subpackage.module), mutated whole except render (see RENDER_FUNCTIONS)."""

RENDER_FUNCTIONS = {"published_keys", "pdf_left_out"}
"""The functions of render.py that are mutated (the rest runs kernels: see SLOW_TESTS)."""

FAST_TESTS = ["tests/test_validation.py", "tests/test_sessions.py", "tests/test_briefing.py",
              "tests/test_asof.py", "tests/test_loading.py", "tests/test_render.py",
              "tests/test_data.py", "tests/test_parliament.py", "tests/test_chapters.py",
              "tests/test_cache_scope.py", "tests/test_words.py"]
"""The fast unit tests; every tests/test_core_*.py is added to them."""

SLOW_TESTS = [
    "tests/test_render.py::test_render_publishes_then_is_a_no_op_then_reruns_on_a_data_change",
    "tests/test_render.py::test_a_failing_chapter_leaves_the_previous_pack_in_place",
]
"""Tests that execute notebooks in Jupyter kernels (about 10 s each, per mutant). They are
left out unless --with-slow: the kernels import the editable install, not the mutants, and the
test_core_* tests cover the parent-process code they exercise."""

STATUS_KILLED = {"killed", "timeout", "caught by type check"}


def fast_tests() -> list[str]:
    """FAST_TESTS plus every tests/test_core_*.py."""
    core = sorted(f"tests/{p.name}" for p in (ROOT / "tests").glob("test_core_*.py"))
    return FAST_TESTS + core


def shield_render(source: str) -> str:
    """render.py with every function outside RENDER_FUNCTIONS marked not to be mutated."""
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    nodes = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            nodes.append(node)
        elif isinstance(node, ast.ClassDef):
            nodes += [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for node in nodes:
        if node.name in RENDER_FUNCTIONS:
            continue
        header = node.body[0].lineno - 2  # the line ending in ':' just before the body
        text = lines[header].rstrip("\n")
        if not text.rstrip().endswith(":"):
            raise SystemExit(f"render.py:{header + 1}: cannot mark {node.name} (no ':' there)")
        lines[header] = text + "  # pragma: no mutate block\n"
    return "".join(lines)


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def pytest_args(with_slow: bool, broken: list[str]) -> list[str]:
    """The pytest options for every run: no nbval, the slow and the already-failing tests out."""
    args = ["-p", "no:nbval", "-p", "no:cacheprovider", "-W", "ignore::DeprecationWarning"]
    for test in ([] if with_slow else SLOW_TESTS) + broken:
        args += ["--deselect", test]
    return args


def baseline_failures(work: Path, with_slow: bool) -> list[str]:
    """Node ids of the selected tests that fail on the unmutated copy (mutmut needs a green
    clean run; a test broken by work in progress elsewhere is left out and reported)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PYTHONPATH=str(work / "src"), MPLBACKEND="Agg")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rfE", "--tb=no",
                          *pytest_args(with_slow, []), *fast_tests()],
                         cwd=work, env=env, text=True, capture_output=True, check=False)
    failed = []
    for line in run.stdout.splitlines():
        kind, _, rest = line.partition(" ")
        if kind in ("FAILED", "ERROR") and rest.startswith("tests/"):
            failed.append(rest.split(" - ")[0].strip())
    return failed


def build_workspace(work: Path, modules: list[str], with_slow: bool, sabotage: bool) -> None:
    """Lay out WORK as described in the module docstring."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", "artifacts",
                                    ".ipynb_checkpoints")
    shutil.copytree(PACKAGE, work / "src" / "debateprep", ignore=ignore)
    shutil.copytree(ROOT / "tests", work / "tests", ignore=ignore)
    for folder in ("data", "notebooks"):
        shutil.copytree(ROOT / folder, work / folder, ignore=ignore)
    render = work / "src" / "debateprep" / "pack" / "render.py"
    render.write_text(shield_render(render.read_text(encoding="utf-8")), encoding="utf-8")
    if sabotage:  # a deliberate bug: no date parses any more
        validation = work / "src" / "debateprep" / "data" / "validation.py"
        text = validation.read_text(encoding="utf-8")
        marker = '    """The date in an ISO YYYY-MM-DD string, or None when it is no real date."""\n'
        assert marker in text, "parse_date's docstring changed: update the sabotage"
        validation.write_text(text.replace(marker, marker + "    return None\n"), encoding="utf-8")
    write_config(work, modules, with_slow, [])


def write_config(work: Path, modules: list[str], with_slow: bool, broken: list[str]) -> None:
    """WORK/pyproject.toml: the mutmut and pytest settings of the run."""
    args = pytest_args(with_slow, broken)
    # [project] name: loading.default_data_dir takes a folder whose pyproject names debateprep
    # (here mutants/, beside the mutated src/) as a checkout, and uses its data/.
    (work / "pyproject.toml").write_text(f"""\
[project]
name = "debateprep"

[tool.mutmut]
source_paths = ["src"]
only_mutate = {toml_list([f"src/debateprep/{m.replace('.', '/')}.py" for m in modules])}
also_copy = ["data", "notebooks"]
pytest_add_cli_args = {toml_list(args)}
pytest_add_cli_args_test_selection = {toml_list(fast_tests())}
use_git_change_detection = false

[tool.pytest.ini_options]
testpaths = ["tests"]
filterwarnings = ["ignore:Glyph .* missing from font:UserWarning"]
""", encoding="utf-8")


def mutmut(work: Path, *args: str, quiet: bool = False) -> subprocess.CompletedProcess:
    """Run the venv's mutmut in WORK (without the editable install's lib/ on PYTHONPATH)."""
    exe = Path(sys.executable).with_name("mutmut")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["MPLBACKEND"] = "Agg"
    return subprocess.run([str(exe), *args], cwd=work, env=env, text=True,
                          capture_output=quiet, check=False)


def parse_results(text: str) -> dict[str, str]:
    """`mutmut results --all true` lines ('    NAME: STATUS') as NAME -> STATUS."""
    results = {}
    for line in text.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("debateprep."):
            results[name] = status
    return results


def module_of(name: str) -> str:
    return ".".join(name.split(".")[1:3])


def report(results: dict[str, str], modules: list[str]) -> tuple[int, int]:
    """Print per-module counts and the survivors; return (killed, total)."""
    by_module: dict[str, collections.Counter] = {m: collections.Counter() for m in modules}
    for name, status in results.items():
        by_module.setdefault(module_of(name), collections.Counter())[status] += 1
    print(f"{'module':<20} {'killed':>7} {'survived':>9} {'other':>6} {'total':>6}")
    for module, counts in by_module.items():
        killed = sum(counts[s] for s in STATUS_KILLED)
        total = sum(counts.values())
        print(f"{module:<20} {killed:>7} {counts['survived']:>9} "
              f"{total - killed - counts['survived']:>6} {total:>6}")
    left = sorted((n, s) for n, s in results.items() if s not in STATUS_KILLED)
    if left:
        print(f"\nnot killed ({len(left)}; with --keep, see each by `mutmut show NAME` in the workspace):")
        for name, status in left:
            print(f"  {name}: {status}")
    killed = sum(1 for s in results.values() if s in STATUS_KILLED)
    total = sum(1 for s in results.values() if s != "skipped")
    return killed, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", default=",".join(MODULES),
                        help="comma-separated core modules to mutate (default: all of them)")
    parser.add_argument("--workdir", type=Path,
                        help="build the workspace here (must not exist) instead of a temp folder")
    parser.add_argument("--keep", action="store_true", help="keep the workspace afterwards")
    parser.add_argument("--with-slow", action="store_true",
                        help="also run the tests that execute notebooks in kernels")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--self-check", action="store_true",
                        help="plant a bug in the copy and check that the tests see it")
    options = parser.parse_args(argv)
    modules = [m.strip() for m in options.modules.split(",") if m.strip()]
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; choose from {', '.join(MODULES)}")

    work = options.workdir or Path(tempfile.mkdtemp(prefix="debateprep-mutation-")) / "work"
    build_workspace(work, modules, options.with_slow, sabotage=options.self_check)
    print(f"workspace: {work}", flush=True)
    try:
        if options.self_check:
            run = mutmut(work, "run", "--max-children", "1", quiet=True)
            out = run.stdout + run.stderr
            # valid shipped dates reported as no real date: only the planted bug does that
            seen = run.returncode != 0 and "expected a real date as YYYY-MM-DD" in out
            print("self-check: the tests", "import the mutated copy (the planted bug failed "
                  "the clean run)" if seen else "DID NOT see the planted bug", flush=True)
            if not seen:
                print(run.stdout[-3000:], run.stderr[-3000:])
            return 0 if seen else 1
        broken = baseline_failures(work, options.with_slow)
        for test in broken:
            print(f"warning: left out, fails without any mutant: {test}", flush=True)
        write_config(work, modules, options.with_slow, broken)
        run = mutmut(work, "run", "--max-children", str(options.max_children), quiet=True)
        (work / "mutmut-run.log").write_text(run.stdout + run.stderr, encoding="utf-8")
        if run.returncode != 0:
            print(run.stdout[-5000:], run.stderr[-5000:], sep="\n")
            print(f"mutmut run failed (exit {run.returncode}); log: {work / 'mutmut-run.log'}")
            return 1
        listed = mutmut(work, "results", "--all", "true", quiet=True)
        results = parse_results(listed.stdout)
        if not results:
            print(listed.stdout, listed.stderr)
            print("mutmut produced no mutants")
            return 1
        killed, total = report(results, modules)
    finally:
        if not options.keep:
            shutil.rmtree(work.parent if options.workdir is None else work, ignore_errors=True)
    print(f"mutation score: {100 * killed / total:.1f}% ({killed} of {total} killed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
