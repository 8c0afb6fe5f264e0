"""Publish a rendered pack safely: one render per session at a time, swapped in only when whole."""
from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from debateprep.errors import DebateprepError


class RenderLocked(DebateprepError):
    """Another render of the same session is running."""


@contextmanager
def session_lock(out: Path, session_id: str) -> Iterator[None]:
    """Hold an exclusive lock on OUT/.locks/<session>.lock; RenderLocked if another holds it."""
    locks = out / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    path = locks / f"{session_id}.lock"
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise RenderLocked(f"another render of session '{session_id}' is running "
                               f"(process {holder}); wait for it to finish and try again") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def staging_dir(out: Path, session_id: str) -> Path:
    """A fresh, empty folder next to the published pack, to render into."""
    stage = out / f".staging-{session_id}-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    return stage


def publish(stage: Path, target: Path) -> None:
    """Swap a complete pack in for the published one; the old pack survives any failure here.

    The old pack is renamed aside, the new one renamed into place, then the old one removed;
    if anything fails between the two renames, the old pack is renamed back.
    """
    old = target.with_name(f".old-{target.name}-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(stage, target)
    except BaseException:
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def recover(out: Path, session_id: str) -> None:
    """Restore a pack left renamed aside by an interrupted publish; drop stale staging folders."""
    target = out / session_id
    for old in sorted(out.glob(f".old-{session_id}-*")):
        if not target.exists():
            os.replace(old, target)
        else:
            shutil.rmtree(old, ignore_errors=True)
    for stale in out.glob(f".staging-{session_id}-*"):
        shutil.rmtree(stale, ignore_errors=True)
