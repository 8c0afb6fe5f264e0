"""Assemble a rendered pack: index page, combined briefing (HTML and PDF), manifest."""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

from debateprep.data import hashing
from debateprep.chapters.citations import PackSources
from debateprep.pack.htmlexport import main_content, page
from debateprep.pack.pdf import PdfUnavailable, write_pdf
from debateprep.chapters.scope import SHOWN_MIME
from debateprep.pack.plan import OPTIONAL
from debateprep.pack.present import NO_PDF, full_date, running_header

SEE_SOURCES = ("<p class='meta'>Numbers in brackets are the pack's sources, listed once for "
               "the whole pack: <a href='sources.html'>all sources</a>.</p>")
HEADER = re.compile(r"<div class=[\"']briefing-header[\"']>.*?</div>", re.S)


def drop_header(body: str) -> str:
    """A chapter body without its session header box (the PDF shows it once, on page 1)."""
    return HEADER.sub("", body, count=1)






def write_pack(stage: Path, session, chapters, results, data_dir: Path, code_print: str,
               versions: dict[str, str], pdf: bool = True) -> None:
    """Write index.html, briefing.html, briefing.pdf (unless pdf is False) and manifest.json
    into stage."""
    generated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    running = _running(session)
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
                                     + SEE_SOURCES), encoding="utf-8")
    (stage / "sources.html").write_text(page(f"Sources: {session.title}", running,
                                             sources.list_html()), encoding="utf-8")
    combined = stage / "briefing.html"
    combined.write_text(page(f"Briefing: {session.title}", running, "".join(
                                 f"<section class='chapter'>{b}</section>" for b in bodies)
                             + f"<section class='chapter'>{sources.list_html()}</section>"),
                        encoding="utf-8")
    try:
        engine = write_pdf(combined, stage / "briefing.pdf") if pdf else NO_PDF
    except PdfUnavailable as exc:
        engine = f"none ({exc})"
    (stage / "index.html").write_text(
        index_page(session, chapters, generated, engine), encoding="utf-8")
    manifest = {
        "session_id": session.session_id, "as_of": session.as_of_date.isoformat(),
        "generated_at": generated.isoformat(), "pdf_engine": engine,
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
    names = {"05_open_letters": "The open-letters debate of 2020",
             "06_engagement_agenda": "The engagement agenda of the Clingendael alert"}
    return [f"{names[stem]}: not in this pack (nothing on it became public in the year "
            f"before {_day(session.as_of_date)})" for stem in OPTIONAL if stem not in session.recent]


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def _running(session) -> str:
    return running_header(session)


def index_page(session, chapters, generated: dt.datetime, engine: str) -> str:
    """The pack's index: session, as-of date, chapters, downloads, generation time."""
    day = full_date(dt.date.fromisoformat(session.date))
    links = "".join(f"<li><a href='{html.escape(c.stem)}.html'>{html.escape(c.title)}</a></li>"
                    for c in chapters)
    links += "".join(f"<li class='meta'>{html.escape(m)}</li>" for m in left_out(session))
    pdf = ("<p><a href='briefing.pdf'>The whole briefing as one PDF (A4)</a></p>"
           if not engine.startswith("none") else
           "<p><em>No PDF: rendered with --no-pdf.</em></p>" if engine == NO_PDF else
           "<p><em>No PDF: no PDF engine on this machine (see manifest.json).</em></p>")
    body = (f"<h1>{html.escape(session.title)}</h1>"
            f"<p class='meta'>Debate of {day} · information as of "
            f"{full_date(session.as_of_date)}</p>"
            f"<p class='meta'>Generated {generated.day} {generated:%B %Y, %H:%M} UTC</p>"
            f"<h2>Chapters</h2><ol>{links}</ol>{pdf}"
            "<p><a href='sources.html'>All sources of the pack</a> · "
            "<a href='briefing.html'>The whole briefing as one page</a> · "
            "<a href='manifest.json'>manifest (inputs, versions, timings)</a></p>")
    return page(f"Briefing pack: {session.title}", running_header(session), body)
