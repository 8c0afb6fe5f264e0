"""Running a render's chapters: a pool of spawned workers, each reusing one kernel (see
`debateprep.pack.kernels`), papermill in-process with one working folder per run, kernel start
retried, a progress bar; results by cache key."""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from debateprep.pack.kernels import (KERNEL_ARGUMENTS, drop_kernel, ipc_kernel_manager,
                                     strip_reset, with_reset, worker_kernel)
from debateprep.pack.plan import Chapter

KERNEL_START_ATTEMPTS = 3
REUSE_KERNEL = os.environ.get("DEBATEPREP_FRESH_KERNELS", "") == ""
"""Each worker reuses one kernel for its chapters (see debateprep.pack.kernels); set
DEBATEPREP_FRESH_KERNELS=1 for a fresh kernel per chapter."""


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
        page = notebook_to_html(notebook, chapter.title, running,
                                chapter.params.get("lang", "en"))
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
                                       # one write at the end (and on a failure), not two per
                                       # cell: each write serialises and validates the notebook
                                       request_save_on_cell_execute=False,
                                       extra_arguments=KERNEL_ARGUMENTS,  # for a kernel papermill starts
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


def run_tasks(tasks: list[tuple[Chapter, str, str]], cache: Path, jobs: int, force: bool,
              progress: bool) -> dict[str, Result]:
    """Execute the (chapter, cache key, running header) tasks not in the cache (all of them
    with force), jobs at a time; the results by cache key."""
    results: dict[str, Result] = {}
    todo = []
    for chapter, key, running in tasks:
        if key in results or key in {k for _i, k, _ in todo}:  # the same chapter twice
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
                                initializer=_start_worker) as pool:
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


def _start_worker() -> None:
    """In a new worker: die with the parent; start the kernel, which imports the chapters'
    libraries as it starts (see `kernels.WARM_UP`) while this process imports papermill and
    the HTML exporter: the two overlap."""
    _die_with_parent()
    if not REUSE_KERNEL:
        return
    try:
        worker_kernel()
    except Exception:  # the first chapter starts (and retries) the kernel as usual
        return
    import papermill  # noqa: F401
    from debateprep.pack.htmlexport import notebook_to_html  # noqa: F401


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


