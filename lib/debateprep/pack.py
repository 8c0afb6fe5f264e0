"""Assemble a rendered pack: index page, combined briefing (HTML and PDF), manifest."""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

from . import hashing
from .htmlexport import main_content, page
from .pdf import PdfUnavailable, write_pdf

SOURCES_BLOCK = re.compile(r"<ol class=[\"']sources[\"']>(.*?)</ol>", re.S)
ITEM = re.compile(r"<li>(.*?)</li>", re.S)


def write_pack(stage: Path, session, chapters, results, data_dir: Path, code_print: str,
               versions: dict[str, str]) -> None:
    """Write index.html, briefing.html, briefing.pdf and manifest.json into stage."""
    generated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    running = _running(session)
    bodies = [main_content((stage / f"{c.stem}.html").read_text(encoding="utf-8"))
              for c in chapters]
    combined = stage / "briefing.html"
    combined.write_text(page(f"Briefing: {session.title}", running,
                             cover(session, chapters) + "".join(
                                 f"<section class='chapter'>{b}</section>" for b in bodies)
                             + all_sources(bodies)), encoding="utf-8")
    try:
        engine = write_pdf(combined, stage / "briefing.pdf")
    except PdfUnavailable as exc:
        engine = f"none ({exc})"
    (stage / "index.html").write_text(
        index_page(session, chapters, generated, engine.startswith("none")), encoding="utf-8")
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
                      "shown": shown_in(stage / f"{c.stem}.ipynb")}
                     for c, r in zip(chapters, results)],
        "left_out": left_out(session),
    }
    (stage / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def shown_in(notebook: Path) -> dict:
    """The ids of the records and sources an executed chapter recorded as shown."""
    from .report import SHOWN_MIME
    if not notebook.exists():
        return {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            if SHOWN_MIME in output.get("data", {}):
                return output["data"][SHOWN_MIME]
    return {}


def left_out(session) -> list[str]:
    """The optional chapters this pack leaves out, each with the reason, for the contents."""
    from .render import OPTIONAL
    names = {"05_open_letters": "The open-letters debate of 2020",
             "06_engagement_agenda": "The engagement agenda of the Clingendael alert"}
    return [f"{names[stem]}: not in this pack (nothing on it became public in the year "
            f"before {_day(session.as_of_date)})" for stem in OPTIONAL if stem not in session.recent]


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def _running(session) -> str:
    from .render import running_header
    return running_header(session)


def cover(session, chapters) -> str:
    """The cover page of the combined briefing."""
    from .render import full_date
    day = full_date(dt.date.fromisoformat(session.date))
    items = "".join(f"<li>{html.escape(c.title)}</li>" for c in chapters)
    missing = "".join(f"<li>{html.escape(m)}</li>" for m in left_out(session))
    return (f"<section class='cover'><p class='meta'>Debate briefing · debateprep</p>"
            f"<h1>{html.escape(session.title)}</h1>"
            f"<p class='meta'>Debate of {day} · information as of "
            f"{full_date(session.as_of_date)}</p>"
            f"<h2>Contents</h2><ol>{items}</ol>"
            + (f"<ul class='meta'>{missing}</ul>" if missing else "") +
            "<p class='meta'>Facts carry numbered sources listed at the end of each chapter and "
            "in full at the end of the pack. Questions and talking points marked 'Editorial' "
            "are suggestions by the debateprep editors, not facts.</p></section>")


def all_sources(bodies: list[str]) -> str:
    """Every source cited anywhere in the pack, once each, in order of first appearance."""
    seen: list[str] = []
    for body in bodies:
        for block in SOURCES_BLOCK.findall(body):
            for item in ITEM.findall(block):
                if item not in seen:
                    seen.append(item)
    items = "".join(f"<li>{i}</li>" for i in seen)
    return (f"<section class='chapter'><h1>All sources of this pack</h1>"
            f"<ol class='sources'>{items}</ol></section>")


def index_page(session, chapters, generated: dt.datetime, no_pdf: bool) -> str:
    """The pack's index: session, as-of date, chapters, downloads, generation time."""
    from .render import full_date, running_header
    day = full_date(dt.date.fromisoformat(session.date))
    links = "".join(f"<li><a href='{html.escape(c.stem)}.html'>{html.escape(c.title)}</a></li>"
                    for c in chapters)
    links += "".join(f"<li class='meta'>{html.escape(m)}</li>" for m in left_out(session))
    pdf = ("<p><em>No PDF: no PDF engine on this machine (see manifest.json).</em></p>" if no_pdf
           else "<p><a href='briefing.pdf'>The whole briefing as one PDF (A4)</a></p>")
    body = (f"<h1>{html.escape(session.title)}</h1>"
            f"<p class='meta'>Debate of {day} · information as of "
            f"{full_date(session.as_of_date)}</p>"
            f"<p class='meta'>Generated {generated.day} {generated:%B %Y, %H:%M} UTC</p>"
            f"<h2>Chapters</h2><ol>{links}</ol>{pdf}"
            "<p><a href='briefing.html'>The whole briefing as one page</a> · "
            "<a href='manifest.json'>manifest (inputs, versions, timings)</a></p>")
    return page(f"Briefing pack: {session.title}", running_header(session), body)
