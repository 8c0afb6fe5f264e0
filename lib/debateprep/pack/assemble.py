"""Assemble a rendered pack: index page, combined briefing (HTML and PDF), manifest."""
from __future__ import annotations

import datetime as dt
import gc
import html
import json
import os
import re
from functools import partial
from pathlib import Path
from typing import Callable

from debateprep.data import hashing
from debateprep.chapters.citations import PackSources
from debateprep.pack.htmlexport import main_content, page
from debateprep.pack.docx import write_docx
from debateprep.pack.pdf import PdfUnavailable, write_pdf
from debateprep.chapters.scope import SHOWN_MIME
from debateprep.pack.plan import OPTIONAL
from debateprep.i18n import _, format_datetime, language
from debateprep.pack.present import NO_DOCX, NO_PDF, edition_link, full_date, left_out_note, running_header

HEADER = re.compile(r"<div class=[\"']briefing-header[\"']>.*?</div>", re.S)


def drop_header(body: str) -> str:
    """A chapter body without its session header box (the PDF shows it once, on page 1)."""
    return HEADER.sub("", body, count=1)






def see_sources() -> str:
    """The note under each chapter page: where its numbered sources are."""
    return ("<p class='meta'>" + html.escape(_("Numbers in brackets are the pack's sources, "
                                               "listed once for the whole pack:"))
            + " <a href='sources.html'>" + html.escape(_("all sources")) + "</a>.</p>")


def write_pack(stage: Path, session, chapters, results, data_dir: Path, code_print: str,
               versions: dict[str, str], pdf: bool = True,
               editions: list[tuple[str, str]] | None = None, docx: bool = True) -> None:
    """Write index.html, briefing.html, briefing.pdf (unless pdf is False), briefing.docx
    (unless docx is False) and manifest.json into stage, in the language of the session's edition (session.lang). editions: the
    other editions of the pack, as (language, relative link to their index)."""
    with language(session.lang):  # the language in use before is restored afterwards
        _write_pack(stage, session, chapters, results, data_dir, code_print, versions, pdf,
                    editions, docx)


def _write_pack(stage: Path, session, chapters, results, data_dir: Path, code_print: str,
                versions: dict[str, str], pdf: bool, editions, docx: bool = True) -> None:
    generated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    running = running_header(session)
    shown = {c.stem: shown_in(stage / f"{c.stem}.ipynb") for c in chapters}
    sources = PackSources()
    bodies = []
    for chapter in chapters:
        path = stage / f"{chapter.stem}.html"
        local = shown[chapter.stem].get("sources", [])
        text = path.read_text(encoding="utf-8")
        body = main_content(text)
        bodies.append(sources.renumber(drop_header(body), local, ""))
        path.write_text(text.replace(body, sources.renumber(body, local, "sources.html")
                                     + see_sources()), encoding="utf-8")
    heading, checked = _("Sources"), _("Every address was checked on %(checked)s.")
    (stage / "sources.html").write_text(page(_("Sources: %(title)s") % {"title": session.title},
                                             running, sources.list_html(heading, checked),
                                             session.lang), encoding="utf-8")
    combined = stage / "briefing.html"
    combined.write_text(page(_("Briefing: %(title)s") % {"title": session.title}, running, "".join(
                                 f"<section class='chapter'>{b}</section>" for b in bodies)
                             + f"<section class='chapter'>{sources.list_html(heading, checked)}"
                               "</section>", session.lang),
                        encoding="utf-8")
    word_step = partial(_word, combined, stage / "briefing.docx",
                        _("Briefing pack: %(title)s") % {"title": session.title}, session.lang,
                        generated) if docx else partial(str, NO_DOCX)
    # the Word file is built beside the PDF, in a child process: neither needs the other
    word_job = side_job(word_step) if docx and pdf else word_step
    try:
        engine = write_pdf(combined, stage / "briefing.pdf") if pdf else NO_PDF
    except PdfUnavailable as exc:
        engine = f"none ({exc})"
    except Exception as exc:  # the PDF step failed: the pack keeps its HTML and Word file
        engine = f"none (failed: {type(exc).__name__}: {exc})".splitlines()[0]
    word = word_job()
    (stage / "index.html").write_text(
        index_page(session, chapters, generated, engine, editions or [], word),
        encoding="utf-8")
    manifest = {
        "session_id": session.session_id, "as_of": session.as_of_date.isoformat(),
        "title": session.title, "date": session.date, "kind": session.kind,
        "language": session.lang, "editions": dict(editions or []),
        "data": hashing.fingerprint(data_dir),
        "generated_at": generated.isoformat(), "pdf_engine": engine, "docx": word,
        "inputs": {"data_dir": str(data_dir.resolve()),
                   "data_files": hashing.data_files(data_dir),
                   "notebooks": {Path(c.notebook).name: hashing.file_hash(Path(c.notebook))
                                 for c in chapters},
                   "library_code": code_print},
        "packages": versions,
        "chapters": [{"stem": c.stem, "title": c.title, "parameters": c.params, "key": r.key,
                      "seconds": r.seconds, "cached": r.cached, "attempts": r.attempts,
                      "shown": shown[c.stem]}
                     for c, r in zip(chapters, results)],
        "left_out": left_out(session),
        "sources": sources.numbers,
    }
    (stage / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _word(combined: Path, target: Path, title: str, lang: str, generated: dt.datetime) -> str:
    """Write the Word file; what the manifest records: its name, or how the step failed."""
    try:
        write_docx(combined, target, title, lang, generated)
        return "briefing.docx"
    except Exception as exc:  # the Word step failed: the pack keeps its HTML and PDF
        return f"none (failed: {type(exc).__name__}: {exc})".splitlines()[0]


def side_job(step: Callable[[], str]) -> Callable[[], str]:
    """Start step in a forked child process (it shares this process's imports and state, so it
    starts at once); return the function that waits for its result. Where fork is missing,
    step runs when its result is asked for. A child that dies gives a failure line."""
    if not hasattr(os, "fork"):
        return step
    import multiprocessing
    receive, send = multiprocessing.Pipe(duplex=False)

    def child() -> None:
        from debateprep.pack.run import _die_with_parent
        _die_with_parent()
        gc.disable()  # a short life: no collections, and no pages copied from the parent by them
        send.send(step())

    process = multiprocessing.get_context("fork").Process(target=child, daemon=True)
    process.start()
    send.close()

    def result() -> str:
        try:
            answer = receive.recv()
        except EOFError:  # the child died before answering
            answer = None
        process.join()
        receive.close()
        if answer is None:
            return f"none (failed: its process ended with exit code {process.exitcode})"
        return answer
    return result


def shown_in(notebook: Path) -> dict:
    """The ids of the records and sources an executed chapter recorded as shown."""
    if not notebook.exists():
        return {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            if SHOWN_MIME in output.get("data", {}):
                return output["data"][SHOWN_MIME]
    return {}


def left_out(session) -> list[str]:
    """The optional chapters this pack leaves out, each with the reason, for the contents."""
    return [left_out_note(stem, session.as_of_date) for stem in OPTIONAL
            if stem not in session.recent]


def index_page(session, chapters, generated: dt.datetime, engine: str,
               editions: list[tuple[str, str]] = (), word: str = "briefing.docx") -> str:
    """The pack's index: session, as-of date, chapters, downloads, generation time, and links
    to the pack's other editions."""
    day = full_date(dt.date.fromisoformat(session.date))
    links = "".join(f"<li><a href='{html.escape(c.stem)}.html'>{html.escape(c.title)}</a></li>"
                    for c in chapters)
    links += "".join(f"<li class='meta'>{html.escape(m)}</li>" for m in left_out(session))
    if not engine.startswith("none"):
        pdf = ("<p><a href='briefing.pdf'>" + html.escape(_("The whole briefing as one PDF (A4)"))
               + "</a></p>")
    elif engine == NO_PDF:
        pdf = "<p><em>" + html.escape(_("No PDF: rendered with --no-pdf.")) + "</em></p>"
    else:
        pdf = ("<p><em>" + html.escape(_("No PDF: no PDF engine on this machine (see "
                                         "manifest.json).")) + "</em></p>")
    if word == "briefing.docx":
        pdf += ("<p><a href='briefing.docx'>" + html.escape(_("The whole briefing as a Word "
                                                             "document (to work on)"))
                + "</a></p>")
    elif word != NO_DOCX:
        pdf += "<p><em>" + html.escape(_("No Word document: its step failed (see "
                                         "manifest.json).")) + "</em></p>"
    other = "".join(f"<p class='edition'><a href='{html.escape(href)}' hreflang='{lang}' "
                    f"lang='{lang}'>{html.escape(edition_link(lang))}</a></p>"
                    for lang, href in editions)
    when = format_datetime(generated)
    body = (f"<h1>{html.escape(session.title)}</h1>{other}"
            "<p class='meta'>" + html.escape(_("Debate of %(date)s · information as of %(as_of)s")
                                             % {"date": day,
                                                "as_of": full_date(session.as_of_date)})
            + "</p><p class='meta'>" + html.escape(_("Generated %(when)s UTC") % {"when": when})
            + "</p><h2>" + html.escape(_("Chapters")) + f"</h2><ol>{links}</ol>{pdf}"
            + "<p><a href='sources.html'>" + html.escape(_("All sources of the pack"))
            + "</a> · <a href='briefing.html'>" + html.escape(_("The whole briefing as one page"))
            + "</a> · <a href='manifest.json'>"
            + html.escape(_("manifest (inputs, versions, timings)")) + "</a></p>")
    return page(_("Briefing pack: %(title)s") % {"title": session.title},
                running_header(session), body, session.lang)
