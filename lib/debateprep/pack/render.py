"""`debateprep render`: execute every chapter of a session's pack and publish it safely.

For each session: plan the chapters (the topical-issue notebook once per issue on the agenda),
reuse cached chapters whose notebook, parameters, data and library code are unchanged, execute
the rest in parallel (papermill in-process, one working folder per run, kernel start retried),
export clean HTML, print one combined PDF, write manifest.json, and swap the pack in atomically.
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import functools
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
import multiprocessing
import signal
from importlib import metadata, resources
from pathlib import Path
from typing import Iterator

from debateprep.pack import hashing
from debateprep.errors import DataError, DebateprepError, UnknownChoiceError
from debateprep.pack.assemble import NO_PDF
from debateprep.pack.kernels import drop_kernel, ipc_kernel_manager, strip_reset, with_reset, worker_kernel
from debateprep.pack.publish import publish, recover, session_lock, staging_dir
from debateprep.data.validation import check_data

NOTEBOOKS = Path(str(resources.files("debateprep") / "notebooks"))
"""The briefing notebooks, shipped inside the package (so any install, not only -e, has them)."""
TOPICAL = "04_topical_issue"
KERNEL_START_ATTEMPTS = 3
REUSE_KERNEL = os.environ.get("DEBATEPREP_FRESH_KERNELS", "") == ""
"""Each worker reuses one kernel for its chapters (see debateprep.pack.kernels); set
DEBATEPREP_FRESH_KERNELS=1 for a fresh kernel per chapter."""
PACKAGES = ("debateprep", "papermill", "nbconvert", "nbclient", "ipykernel", "pandas",
            "matplotlib", "weasyprint")


class EmptyPack(DebateprepError):
    """A render found no chapters to run; nothing is published."""


@dataclass(frozen=True)
class Chapter:
    """One notebook run of a pack: which notebook, with which parameters, saved under stem."""

    stem: str
    notebook: str
    title: str
    params: dict


@dataclass
class Result:
    """What happened to one chapter."""

    stem: str
    ok: bool
    seconds: float
    cached: bool = False
    attempts: int = 1
    cell: int | None = None
    error: str = ""
    key: str = ""


@dataclass
class SessionInfo:
    """The bits of sessions.csv that rendering needs (read without pandas, for speed)."""

    session_id: str
    date: str
    title: str
    issues: tuple[str, ...] = field(default=())
    as_of: str = ""  # the brief's as-of date (YYYY-MM-DD); empty: the day before the debate
    recent: tuple[str, ...] = field(default=())  # optional chapters with recent content
    issue_labels: dict[str, str] = field(default_factory=dict)  # topical issue -> its name

    @property
    def as_of_date(self) -> dt.date:
        """The as-of date: as given, or the day before the debate."""
        if self.as_of:
            return dt.date.fromisoformat(self.as_of)
        return dt.date.fromisoformat(self.date) - dt.timedelta(days=1)

    @property
    def folder(self) -> str:
        """The pack's folder name: the session id, with the as-of date when it is not the
        default one."""
        return self.session_id if not self.as_of else f"{self.session_id}--as-of-{self.as_of}"


OPTIONAL = {"05_open_letters": "positions", "06_engagement_agenda": "considerations"}
"""Chapters a pack carries only when their subject is recent on the as-of date: something in
their table became public in the twelve months before it."""
RECENT_DAYS = 365


def read_sessions(data_dir: Path, as_of: str = "") -> dict[str, SessionInfo]:
    """Validate the data and return the sessions; DataError with every problem otherwise."""
    checked = check_data(data_dir)
    if not checked.ok:
        raise DataError(checked.problems)
    labels = {row["topic_id"]: row["label"] for _, row in checked.rows["topics"]
              if row["track"] == "topical"}
    sessions = {}
    for _, row in sorted(checked.rows["sessions"], key=lambda r: (r[1]["date"], r[1]["session_id"])):
        topics = [t.strip() for t in row["topics"].split(";")]
        info = SessionInfo(row["session_id"], row["date"], row["title"],
                           tuple(t for t in topics if t in labels), as_of)
        info.issue_labels = {t: labels[t] for t in info.issues}
        info.recent = tuple(stem for stem, table in OPTIONAL.items()
                            if _recent(checked.rows[table], info.as_of_date))
        sessions[row["session_id"]] = info
    return sessions


def _recent(rows, as_of: dt.date) -> bool:
    """True when a row of the table became public in the year up to as_of."""
    start = as_of - dt.timedelta(days=RECENT_DAYS)
    return any(start < dt.date.fromisoformat(row["date"]) <= as_of for _, row in rows)


def notebook_title(path: Path) -> str:
    """The text of the notebook's first '# ' heading."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("# "):
            return source.splitlines()[0][2:].strip()
    return path.stem


def plan(session: SessionInfo, data_dir: Path, notebooks: Path = NOTEBOOKS) -> list[Chapter]:
    """The chapters of a session's pack, in reading order."""
    chapters = []
    for path in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        params = {"session_id": session.session_id, "data_dir": str(data_dir.resolve()),
                  "as_of": session.as_of_date.isoformat()}
        title = notebook_title(path)
        if path.stem in OPTIONAL and path.stem not in session.recent:
            continue
        if path.stem == TOPICAL:
            chapters += [Chapter(f"{path.stem}-{issue}", str(path),
                                 session.issue_labels.get(issue, issue), params | {"issue": issue})
                         for issue in session.issues]
        else:
            chapters.append(Chapter(path.stem, str(path), title, params))
    return chapters


def chapter_key(chapter: Chapter, data_print: str, code_print: str) -> str:
    """Cache key: notebook bytes, parameters, data files, library code, and the versions of
    Python and of the packages that shape the output, together."""
    return hashing.combine({"notebook": hashing.file_hash(Path(chapter.notebook)),
                            "params": chapter.params, "data": data_print, "code": code_print,
                            "python": sys.version, "packages": package_versions()})


def execute_chapter(chapter: Chapter, target: str, running: str) -> Result:
    """Execute one chapter into target/<stem>.ipynb and export <stem>.html (runs in a worker)."""
    import nbformat

    from debateprep.pack.htmlexport import notebook_to_html

    out_dir = Path(target)
    out_nb = out_dir / f"{chapter.stem}.ipynb"
    with open(out_dir / "kernel.log", "a", encoding="utf-8") as log, _stderr_to(log):
        result = _execute(chapter, out_nb)
    if out_nb.exists():
        notebook = nbformat.read(out_nb, as_version=4)
        page = notebook_to_html(notebook, chapter.title, running)
        (out_dir / f"{chapter.stem}.html").write_text(page, encoding="utf-8")
    return result


@contextmanager
def _stderr_to(log) -> Iterator[None]:
    """Send this process's stderr (and its kernels') to log, so kernel chatter stays out of sight."""
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def _execute(chapter: Chapter, out_nb: Path) -> Result:
    """Run papermill, retrying a kernel that fails to start; time it."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    start = time.perf_counter()
    result = Result(chapter.stem, ok=True, seconds=0.0)
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        result.attempts = attempt
        workdir = tempfile.mkdtemp(prefix=f"debateprep-{chapter.stem}-")
        try:
            source = with_reset(chapter.notebook, workdir) if REUSE_KERNEL else chapter.notebook
            km = worker_kernel() if REUSE_KERNEL else None
            # a reused kernel moves to workdir in its clean-slate cell; papermill's own cwd
            # would make it wait for a kernel start that never comes
            where = {"km": km} if km is not None else {"cwd": workdir}
            papermill.execute_notebook(str(source), str(out_nb), parameters=chapter.params,
                                       kernel_name="python3", progress_bar=False,
                                       log_output=False, start_timeout=120,
                                       kernel_manager_class=ipc_kernel_manager(), **where)
            break
        except PapermillExecutionError as exc:
            # the clean-slate cell runs first; count cells as in the chapter's own notebook
            result.ok, result.cell = False, exc.exec_count - (1 if REUSE_KERNEL else 0)
            result.error = f"{exc.ename}: {exc.evalue}".strip()
            break
        except Exception as exc:  # the kernel failed to start or died: retry with a fresh one
            drop_kernel()
            if attempt == KERNEL_START_ATTEMPTS:
                result.ok, result.error = False, f"kernel failed after {attempt} attempts: {exc}"
            time.sleep(0.5 * attempt)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    if REUSE_KERNEL:
        strip_reset(out_nb)
    result.seconds = round(time.perf_counter() - start, 2)
    return result


@functools.cache
def package_versions() -> dict[str, str]:
    """Versions of the packages that shape the output (read once per process)."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def running_header(session: SessionInfo) -> str:
    """The text at the top of every page: session and as-of date."""
    day = full_date(dt.date.fromisoformat(session.date))
    return f"{session.title} · debate of {day} · information as of {full_date(session.as_of_date)}"


def full_date(day: dt.date) -> str:
    """'28 September 2020'."""
    return f"{day.day} {day:%B} {day.year}"


@dataclass
class Outcome:
    """The end of one session's render."""

    session_id: str
    status: str  # 'published', 'up-to-date' or 'failed'
    results: list[Result]
    seconds: float
    pack: Path


def render_session(session: SessionInfo, data_dir: Path, out: Path, jobs: int, force: bool,
                   progress: bool = True, notebooks: Path = NOTEBOOKS,
                   pdf: bool = True) -> Outcome:
    """Render one session's pack into out/<folder>/, publishing it only when complete."""
    return render_sessions([session], data_dir, out, jobs, force, progress, notebooks, pdf)[0]


def render_sessions(sessions: list[SessionInfo], data_dir: Path, out: Path, jobs: int,
                    force: bool, progress: bool = True, notebooks: Path = NOTEBOOKS,
                    pdf: bool = True) -> list[Outcome]:
    """Render several sessions' packs with one pool of workers for all their chapters (a
    session's chapters need not wait for another session's), then publish each pack that is
    complete; a failed session leaves its previous pack in place and the others publish.
    Without pdf, packs get no briefing.pdf (a later render with pdf adds it)."""
    started = time.perf_counter()
    with ExitStack() as locks:
        for session in sessions:
            locks.enter_context(session_lock(out, session.folder))
            recover(out, session.folder)
        data_print, code_print = hashing.fingerprint(data_dir), hashing.library_code()
        plans = {s.folder: _planned(s, data_dir, notebooks, data_print, code_print)
                 for s in sessions}
        todo = [s for s in sessions if force or published_keys(out / s.folder)
                != {c.stem: k for c, k in plans[s.folder]}
                or (pdf and pdf_left_out(out / s.folder))]
        tasks = [(c, k, running_header(s)) for s in todo for c, k in plans[s.folder]]
        results = run_tasks(tasks, out / ".cache", jobs, force, progress)
        outcomes = []
        for session in sessions:
            if session not in todo:
                outcomes.append(Outcome(session.session_id, "up-to-date", [],
                                        time.perf_counter() - started, out / session.folder))
                continue
            own = [results[k] for _, k in plans[session.folder]]
            outcomes.append(_finish(session, plans[session.folder], own, data_dir, out,
                                    code_print, started, pdf))
    return outcomes


def _planned(session: SessionInfo, data_dir: Path, notebooks: Path, data_print: str,
             code_print: str) -> list[tuple[Chapter, str]]:
    """The session's chapters with their cache keys; EmptyPack when there are none."""
    chapters = plan(session, data_dir, notebooks)
    if not chapters:
        raise EmptyPack(f"no chapters to render for session '{session.session_id}': no "
                        f"briefing notebooks in {notebooks}; the previous pack is left as "
                        "it was (reinstall debateprep)")
    return [(c, chapter_key(c, data_print, code_print)) for c in chapters]


def _finish(session: SessionInfo, planned: list[tuple[Chapter, str]], results: list[Result],
            data_dir: Path, out: Path, code_print: str, started: float,
            pdf: bool = True) -> Outcome:
    """Stage a session's chapters from the cache; publish the pack, or keep it as failed."""
    cache, stage = out / ".cache", staging_dir(out, session.folder)
    for chapter, key in planned:
        for suffix in (".ipynb", ".html", ".failed.ipynb"):
            cached = cache / key / f"{chapter.stem}{suffix}"
            if cached.exists():
                shutil.copy2(cached, stage / cached.name)
    if not all(r.ok for r in results):
        failed = out / f".failed-{session.folder}"
        shutil.rmtree(failed, ignore_errors=True)
        os.replace(stage, failed)
        return Outcome(session.session_id, "failed", results, time.perf_counter() - started,
                       failed)
    from debateprep.pack.assemble import write_pack
    write_pack(stage, session, [c for c, _ in planned], results, data_dir, code_print,
               package_versions(), pdf)
    publish(stage, out / session.folder)
    return Outcome(session.session_id, "published", results, time.perf_counter() - started,
                   out / session.folder)


def pdf_left_out(target: Path) -> bool:
    """Whether the published pack in target was rendered without its PDF on request."""
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
        return manifest.get("pdf_engine") == NO_PDF
    except (OSError, ValueError, AttributeError):
        return False


def published_keys(target: Path) -> dict[str, str] | None:
    """The chapter cache keys recorded in a published pack's manifest, if it is complete."""
    manifest = target / "manifest.json"
    if not manifest.exists():
        return None
    try:
        chapters = json.loads(manifest.read_text(encoding="utf-8"))["chapters"]
        if not all((target / f"{c['stem']}.html").exists() for c in chapters):
            return None
        return {c["stem"]: c["key"] for c in chapters}
    except (ValueError, KeyError, TypeError):
        return None


def run_tasks(tasks: list[tuple[Chapter, str, str]], cache: Path, jobs: int, force: bool,
              progress: bool) -> dict[str, Result]:
    """Execute the (chapter, cache key, running header) tasks not in the cache (all of them
    with force), jobs at a time; the results by cache key."""
    results: dict[str, Result] = {}
    todo = []
    for chapter, key, running in tasks:
        if key in results or key in {k for _, k, _ in todo}:  # the same chapter twice
            continue
        folder = cache / key
        if (folder / f"{chapter.stem}.html").exists() and not force:
            results[key] = Result(chapter.stem, True, 0.0, cached=True, key=key)
        else:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            todo.append((chapter, key, running))
    bar = _progress(len(todo), progress)
    with cf.ProcessPoolExecutor(max_workers=max(1, min(jobs, len(todo) or 1)),
                                mp_context=multiprocessing.get_context("spawn"),
                                initializer=_die_with_parent) as pool:
        futures = {pool.submit(execute_chapter, c, str(cache / k), r): (c, k) for c, k, r in todo}
        for future in cf.as_completed(futures):
            chapter, key = futures[future]
            try:
                result = future.result()
            except Exception as exc:  # the worker itself died
                result = Result(chapter.stem, False, 0.0, error=f"worker failed: {exc}")
            result.key = key
            if not result.ok:  # never let a failed chapter count as cached
                (cache / key / f"{chapter.stem}.html").unlink(missing_ok=True)
                _keep_failed_copy(cache / key, chapter.stem)
            results[key] = result
            bar.update(1)
    bar.close()
    return results


def _die_with_parent() -> None:
    """In a worker: be killed when the render that started it dies, even by `kill -9`.

    Workers are spawned, not forked, so they hold none of the parent's open files (the lock);
    Linux's parent-death signal ends them with the parent, and their kernels notice the loss
    of their parent (ipykernel polls for it) and exit too.
    """
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the parent died before the signal was armed
            os._exit(1)
    except OSError:  # not Linux: workers end when the pool's pipe closes
        pass


def _keep_failed_copy(folder: Path, stem: str) -> None:
    """Rename a failed chapter's executed notebook so the cache never serves it."""
    executed = folder / f"{stem}.ipynb"
    if executed.exists():
        os.replace(executed, folder / f"{stem}.failed.ipynb")


def _progress(total: int, enabled: bool):
    """A tqdm progress bar on stderr (silent when disabled, with nothing to do, or when stderr
    is a log file rather than a terminal)."""
    from tqdm import tqdm
    return tqdm(total=total, desc="chapters", unit="chapter", file=sys.stderr,
                disable=not enabled or total == 0 or not sys.stderr.isatty(), leave=False)


def default_session_id(notebook: Path | None = None) -> str:
    """The default of the session_id parameter of the first notebook: the default briefing."""
    notebook = notebook or sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))[0]
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        found = re.search(r'^session_id: str = "([^"]*)"', "".join(cell["source"]), re.M)
        if cell["cell_type"] == "code" and found:
            return found.group(1)
    return ""


def resolve_sessions(sessions: dict[str, SessionInfo], wanted: list[str] | None,
                     everything: bool) -> list[SessionInfo]:
    """The sessions to render: --all, the ids asked for, or the most recent one."""
    if everything:
        return list(sessions.values())
    if not wanted:
        return [list(sessions.values())[-1]]
    for session_id in wanted:
        if session_id not in sessions:
            raise UnknownChoiceError("session", session_id, list(sessions))
    return [sessions[s] for s in wanted]


def failure_summary(outcome: Outcome) -> list[str]:
    """One line per failed chapter: chapter, cell, error message."""
    return [f"  {outcome.session_id} / {r.stem}: cell {r.cell if r.cell is not None else '-'}: "
            f"{r.error.splitlines()[0] if r.error else 'failed'}"
            for r in outcome.results if not r.ok]
