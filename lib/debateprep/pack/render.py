"""`debateprep render`: plan, run and publish the packs of one or more sessions.

For each session: plan the chapters and their cache keys (`plan`), execute those not cached
in one pool of workers (`run`), then write the pack's index, combined briefing, PDF and
manifest (`assemble`) and swap it in atomically (`publish`). A failed session leaves its
previous pack in place.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from debateprep.data import hashing
from debateprep.data.validation import Checked
from debateprep.pack.plan import (NOTEBOOKS, Chapter, EmptyPack, SessionInfo, chapter_keys,
                                  package_versions, validated)
from debateprep.i18n import language
from debateprep.pack.present import NO_DOCX, NO_PDF, running_header
from debateprep.pack.publish import publish, recover, session_lock, staging_dir
from debateprep.pack.run import Result  # light; run_tasks (kernels, nbformat) when needed

__all__ = ["EmptyPack", "Outcome", "render_session", "render_sessions", "published_keys",
           "pdf_left_out"]


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
                   pdf: bool = True, checked: Checked | None = None,
                   langs: tuple[str, ...] | None = None, docx: bool = True) -> Outcome:
    """Render one session's pack into out/<folder>/, publishing it only when complete."""
    return render_sessions([session], data_dir, out, jobs, force, progress, notebooks, pdf,
                           checked, langs, docx)[0]


def edition_folder(lang: str, langs: tuple[str, ...]) -> str:
    """Where an edition goes inside the pack's folder: the first language at its top, each
    other one in a subfolder named by its language ('en')."""
    return "" if lang == langs[0] else lang


def render_sessions(sessions: list[SessionInfo], data_dir: Path, out: Path, jobs: int,
                    force: bool, progress: bool = True, notebooks: Path = NOTEBOOKS,
                    pdf: bool = True, checked: Checked | None = None,
                    langs: tuple[str, ...] | None = None, docx: bool = True) -> list[Outcome]:
    """Render several sessions' packs with one pool of workers for all their chapters (a
    session's chapters need not wait for another session's), then publish each pack that is
    complete; a failed session leaves its previous pack in place and the others publish.
    Without pdf, packs get no briefing.pdf, without docx no briefing.docx (a later render
    with them adds them from the cached chapters). checked: the
    validated data, when the caller has it already. langs: the editions, each a complete
    pack (default: the session's own language, Dutch); the first at out/<folder>/, the
    others in out/<folder>/<lang>/, linked both ways."""
    started = time.perf_counter()
    langs = tuple(langs or (sessions[0].lang if sessions else "nl",))
    with ExitStack() as locks:
        for session in sessions:
            locks.enter_context(session_lock(out, session.folder))
            recover(out, session.folder)
        checked = validated(data_dir, checked)
        code_print = hashing.library_code()
        editions = {(s.folder, lang): s.edition(lang) for s in sessions for lang in langs}
        plans = {key: chapter_keys(e, data_dir, checked, code_print, notebooks)
                 for key, e in editions.items()}

        def stale(s: SessionInfo) -> bool:
            for lang in langs:
                target = out / s.folder / edition_folder(lang, langs)
                manifest = published_manifest(target)  # read once for the three questions
                if published_keys(target, manifest) != {c.stem: k for c, k in plans[s.folder, lang]} \
                        or (pdf and pdf_left_out(target, manifest)) \
                        or (docx and docx_left_out(target, manifest)):
                    return True
            return False

        todo = [s for s in sessions if force or stale(s)]
        tasks = []
        for s in todo:
            for lang in langs:
                with language(lang):
                    running = running_header(editions[s.folder, lang])
                tasks += [(c, k, running) for c, k in plans[s.folder, lang]]
        from debateprep.pack.pdf import load_engine
        from debateprep.pack.run import run_tasks
        results = run_tasks(tasks, out / ".cache", jobs, force, progress,
                            meanwhile=load_engine if pdf or docx else None)
        staged = {s.folder: _stage(s, [(lang, plans[s.folder, lang]) for lang in langs],
                                   results, out, started) for s in todo}
        ready = [s for s in todo if isinstance(staged[s.folder], Path)]
        _assemble([(staged[s.folder] / edition_folder(lang, langs), editions[s.folder, lang],
                    plans[s.folder, lang], _links(lang, langs)) for s in ready for lang in langs],
                  results, data_dir, code_print, pdf, jobs, docx)
        outcomes = []
        for session in sessions:
            if session not in todo:
                outcomes.append(Outcome(session.session_id, "up-to-date", [],
                                        time.perf_counter() - started, out / session.folder))
            elif session in ready:
                own = [results[k] for lang in langs for _c, k in plans[session.folder, lang]]
                for lang in langs:  # a failed Word or PDF step keeps the previous file
                    keep_previous(staged[session.folder] / edition_folder(lang, langs),
                                  out / session.folder / edition_folder(lang, langs))
                publish(staged[session.folder], out / session.folder)
                outcomes.append(Outcome(session.session_id, "published", own,
                                        time.perf_counter() - started, out / session.folder))
            else:
                outcomes.append(staged[session.folder])
        if todo:  # the index of every pack in out, rewritten after each render that changed one
            from debateprep.pack.shelf import write_index
            write_index(out, langs[0])
    return outcomes


def _links(lang: str, langs: tuple[str, ...]) -> list[tuple[str, str]]:
    """The other editions seen from lang's index: (language, relative link)."""
    here = edition_folder(lang, langs)
    links = []
    for other in langs:
        if other == lang:
            continue
        there = edition_folder(other, langs)
        up = "../" if here else ""
        links.append((other, f"{up}{there + '/' if there else ''}index.html"))
    return links


def _stage(session: SessionInfo, editions: list[tuple[str, list[tuple[Chapter, str]]]],
           results: dict[str, Result], out: Path, started: float) -> Path | Outcome:
    """Copy a session's chapters, edition by edition, from the cache into its staging folder
    (returned; the first edition at its top, the others in a subfolder each); if a chapter
    failed, keep them in .failed-<folder> instead and return the failed Outcome."""
    cache, stage = out / ".cache", staging_dir(out, session.folder)
    langs = tuple(lang for lang, _p in editions)
    own = []
    for lang, planned in editions:
        target = stage / edition_folder(lang, langs)
        target.mkdir(parents=True, exist_ok=True)
        for chapter, key in planned:
            own.append(results[key])
            for suffix in (".ipynb", ".html", ".failed.ipynb"):
                cached = cache / key / f"{chapter.stem}{suffix}"
                if cached.exists():
                    shutil.copy2(cached, target / cached.name)
    if all(r.ok for r in own):
        return stage
    failed = out / f".failed-{session.folder}"
    shutil.rmtree(failed, ignore_errors=True)
    os.replace(stage, failed)
    return Outcome(session.session_id, "failed", own, time.perf_counter() - started, failed)


def _assemble(work: list[tuple[Path, SessionInfo, list[tuple[Chapter, str]], list]],
              results: dict[str, Result], data_dir: Path, code_print: str, pdf: bool,
              jobs: int, docx: bool = True) -> None:
    """Write each ready edition's index, combined briefing, PDF and manifest into its staging
    folder: in this process for one, in parallel workers for several (the PDF of a pack
    takes seconds, and the editions do not depend on each other)."""
    if not work:
        return
    from debateprep.pack.assemble import write_pack
    calls = [(target, edition, [c for c, _k in planned], [results[k] for _c, k in planned],
              data_dir, code_print, package_versions(), pdf, links, docx)
             for target, edition, planned, links in work]
    if len(calls) <= 1 or jobs <= 1:
        for args in calls:
            write_pack(*args)
        return
    import concurrent.futures as cf
    import multiprocessing

    from debateprep.pack.run import _die_with_parent
    with cf.ProcessPoolExecutor(max_workers=min(jobs, len(calls)),
                                mp_context=multiprocessing.get_context("spawn"),
                                initializer=_die_with_parent) as pool:
        for future in [pool.submit(write_pack, *args) for args in calls]:
            future.result()


FAILED = "none (failed"
"""How a manifest says a step of the pack failed (pdf_engine, docx)."""


def keep_previous(stage: Path, published: Path) -> None:
    """Where this render's PDF or Word step failed, carry the published pack's file over
    (the manifest says it is the previous render's)."""
    try:
        manifest = json.loads((stage / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    changed = False
    for field, name in (("pdf_engine", "briefing.pdf"), ("docx", "briefing.docx")):
        if str(manifest.get(field, "")).startswith(FAILED) and (published / name).exists():
            shutil.copy2(published / name, stage / name)
            manifest[f"{field}_kept"] = f"{name} of the previous render (this render's step failed)"
            changed = True
    if changed:
        (stage / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def failed_steps(pack: Path) -> list[str]:
    """The PDF or Word steps that failed in the pack's last render, one line each."""
    lines = []
    for folder in [pack, *sorted(p for p in pack.iterdir() if p.is_dir())] if pack.is_dir() else []:
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for field, step in (("pdf_engine", "PDF"), ("docx", "Word")):
            value = str(manifest.get(field, ""))
            if value.startswith(FAILED):
                kept = " (the previous file is kept)" if manifest.get(f"{field}_kept") else ""
                lines.append(f"{folder.name}: the {step} step failed: "
                             f"{value[len(FAILED) + 2:-1]}{kept}")
    return lines


def published_manifest(target: Path) -> dict:
    """The manifest of the pack published in target ({} when there is none or it is unreadable)."""
    try:
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def docx_left_out(target: Path, manifest: dict | None = None) -> bool:
    """Whether the published pack in target was rendered without its Word document."""
    manifest = published_manifest(target) if manifest is None else manifest
    return manifest.get("docx") == NO_DOCX


def pdf_left_out(target: Path, manifest: dict | None = None) -> bool:
    """Whether the published pack in target was rendered without its PDF on request."""
    manifest = published_manifest(target) if manifest is None else manifest
    return manifest.get("pdf_engine") == NO_PDF


def published_keys(target: Path, manifest: dict | None = None) -> dict[str, str] | None:
    """The chapter cache keys recorded in a published pack's manifest, if it is complete."""
    manifest = published_manifest(target) if manifest is None else manifest
    if not manifest:
        return None
    try:
        chapters = manifest["chapters"]
        if not all((target / f"{c['stem']}.html").exists() for c in chapters):
            return None
        return {c["stem"]: c["key"] for c in chapters}
    except (KeyError, TypeError):
        return None


