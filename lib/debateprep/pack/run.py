"""Running a render's chapters: a few slots in this process, each a thread with one kernel
(see `debateprep.pack.kernels`) that runs its chapters one after another; papermill in the
thread, one working folder per run, kernel start retried, a progress bar; results by cache key.

The chapters' work happens in the kernels, which are processes of their own; a slot's thread
mostly waits for its kernel's messages, then writes the notebook and its HTML page. Slots were
worker processes until December 2026: each worker's start and its own import of papermill and
nbconvert cost about a second of the two cores before its first chapter, and the kernels
started only once the workers were up.
"""
from __future__ import annotations

import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

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
    """Execute one chapter into target/<stem>.ipynb and export <stem>.html (runs in a slot)."""
    import nbformat

    from debateprep.pack.htmlexport import notebook_to_html

    out_dir = Path(target)
    out_nb = out_dir / f"{chapter.stem}.ipynb"
    result = _execute(chapter, out_nb)
    if out_nb.exists():
        notebook = nbformat.read(out_nb, as_version=4)
        page = notebook_to_html(notebook, chapter.title, running,
                                chapter.params.get("lang", "en"))
        (out_dir / f"{chapter.stem}.html").write_text(page, encoding="utf-8")
    return result


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
            # the chapter's first cell moves its kernel to workdir and gives it a clean slate;
            # papermill's own cwd would change the working folder of the whole render, which
            # its other slots share, and make a reused kernel wait for a start that never comes
            source = with_reset(chapter.notebook, workdir)
            km = worker_kernel() if REUSE_KERNEL else None
            papermill.execute_notebook(str(source), str(out_nb), parameters=chapter.params,
                                       kernel_name="python3", progress_bar=False,
                                       log_output=False, start_timeout=120,
                                       # one write at the end (and on a failure), not two per
                                       # cell: each write serialises and validates the notebook
                                       request_save_on_cell_execute=False,
                                       extra_arguments=KERNEL_ARGUMENTS,  # for a kernel papermill starts
                                       kernel_manager_class=ipc_kernel_manager(), km=km)
            break
        except PapermillExecutionError as exc:
            # the clean-slate cell runs first; count cells as in the chapter's own notebook
            result.ok, result.cell = False, exc.exec_count - 1
            result.error = f"{exc.ename}: {exc.evalue}".strip()
            break
        except Exception as exc:  # the kernel failed to start or died: retry with a fresh one
            drop_kernel()
            if attempt == KERNEL_START_ATTEMPTS:
                result.ok, result.error = False, f"kernel failed after {attempt} attempts: {exc}"
            time.sleep(0.5 * attempt)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    strip_reset(out_nb)
    result.seconds = round(time.perf_counter() - start, 2)
    return result


def run_tasks(tasks: list[tuple[Chapter, str, str]], cache: Path, jobs: int, force: bool,
              progress: bool, meanwhile: Callable[[], None] | None = None) -> dict[str, Result]:
    """Execute the (chapter, cache key, running header) tasks not in the cache (all of them
    with force), jobs at a time; the results by cache key. meanwhile: what this thread does
    while the kernels start (the next steps' imports), when chapters run."""
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
    work: queue.SimpleQueue = queue.SimpleQueue()
    for task in todo:
        work.put(task)
    done: queue.SimpleQueue = queue.SimpleQueue()
    slots = [threading.Thread(target=_slot, args=(work, done, cache), daemon=True,
                              name=f"debateprep-slot-{n}")
             for n in range(max(1, min(jobs, len(todo))) if todo else 0)]
    for slot in slots:
        slot.start()
    if slots:  # while the kernels start: what every slot needs for its first chapter
        import papermill  # noqa: F401
        from debateprep.pack.htmlexport import notebook_to_html  # noqa: F401
        if meanwhile is not None:
            meanwhile()
    for _task in todo:
        chapter, key, result = done.get()
        result.key = key
        if not result.ok:  # never let a failed chapter count as cached
            (cache / key / f"{chapter.stem}.html").unlink(missing_ok=True)
            _keep_failed_copy(cache / key, chapter.stem)
        results[key] = result
        bar.update(1)
    for slot in slots:
        slot.join()
    bar.close()
    return results


def _slot(work: queue.SimpleQueue, done: queue.SimpleQueue, cache: Path) -> None:
    """One slot: start its kernel (it imports the chapters' libraries as it starts, see
    `kernels.WARM_UP`), run chapters from work until none is left, put each result in done,
    shut the kernel down."""
    try:
        if REUSE_KERNEL:
            try:
                worker_kernel(log=cache / f"kernel-{os.getpid()}-"
                                        f"{threading.current_thread().name}.log")
            except Exception:  # the first chapter starts (and retries) the kernel as usual
                pass
        while True:
            try:
                chapter, key, running = work.get_nowait()
            except queue.Empty:
                return
            try:
                result = execute_chapter(chapter, str(cache / key), running)
            except BaseException as exc:  # anything but the chapter's own error; the render
                # waits for a result from every chapter, so one always comes
                result = Result(chapter.stem, False, 0.0, error=f"render failed: {exc!r}")
            done.put((chapter, key, result))
    finally:
        if REUSE_KERNEL:
            drop_kernel()


def _die_with_parent() -> None:
    """In a child process (a pack's PDF or Word step): be killed when the render that started
    it dies, even by `kill -9` (Linux's parent-death signal)."""
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


