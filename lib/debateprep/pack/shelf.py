"""The index of every pack in a reports folder: `reports/index.html`.

Written after every render, atomically (a new file renamed into place), from the manifests of
the packs published there; a failed pack (in `.failed-<session>/`) is never listed. It links to
each edition's index, PDF and Word file with relative addresses, so it works opened from disk.
"""
from __future__ import annotations

import html
import json
import os
from pathlib import Path

from debateprep.chapters.vocabulary import KINDS
from debateprep.i18n import _, format_date, language
from debateprep.pack.htmlexport import page

INDEX = "index.html"


def packs(out: Path) -> list[dict]:
    """The published packs in out, newest debate first: each manifest with its folder."""
    found = []
    for manifest in out.glob("*/manifest.json"):
        if manifest.parent.name.startswith("."):
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        data["folder"] = manifest.parent.name
        found.append(data)
    return sorted(found, key=lambda m: (m.get("date", ""), m.get("as_of", ""), m["folder"]),
                  reverse=True)


def _links(folder: str, edition: str, manifest: dict) -> str:
    base = f"{folder}/{edition + '/' if edition else ''}"
    links = [f"<a href='{html.escape(base)}index.html'>HTML</a>"]
    if not str(manifest.get("pdf_engine", "none")).startswith("none"):
        links.append(f"<a href='{html.escape(base)}briefing.pdf'>PDF</a>")
    if manifest.get("docx") == "briefing.docx":
        links.append(f"<a href='{html.escape(base)}briefing.docx'>DOCX</a>")
    return " · ".join(links)


def write_index(out: Path, lang: str) -> Path:
    """Write out/index.html, listing every published pack in out, in lang."""
    from datetime import date, datetime
    with language(lang):
        rows = []
        for m in packs(out):
            editions = [(m.get("language", ""), "")] + [
                (other, link.split("/")[0] if "/" in link and not link.startswith("..") else "")
                for other, link in m.get("editions", {}).items()]
            cells = [m.get("title") or m["session_id"],
                     format_date(date.fromisoformat(m["date"])) if m.get("date") else "",
                     KINDS.get(m.get("kind", ""), ""),
                     format_date(date.fromisoformat(m["as_of"])) if m.get("as_of") else ""]
            made = m.get("generated_at", "")
            when = format_date(datetime.fromisoformat(made).date()) if made else ""
            links = "<br>".join(f"{html.escape(code)}: {_links(m['folder'], sub, m)}"
                                for code, sub in editions)
            rows.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells)
                        + f"<td>{links}</td><td>{html.escape(when)}<br><code>"
                        f"{html.escape(str(m.get('data', ''))[:12])}</code></td></tr>")
        heads = "".join(f"<th>{html.escape(h)}</th>" for h in (
            _("Debate"), _("Date"), _("Kind of debate"), _("As of"), _("Editions"),
            _("Rendered (data)")))
        title = html.escape(_("Every briefing pack in this folder"))
        empty = html.escape(_("No pack has been published here yet."))
        body = (f"<h1>{title}</h1>"
                + (f"<table class='briefing-table'><thead><tr>{heads}</tr></thead><tbody>"
                   + "".join(rows) + "</tbody></table>" if rows else
                   f"<p><em>{empty}</em></p>"))
        text = page(_("Briefing packs"), _("Briefing packs"), body, lang)
    target = out / INDEX
    temporary = out / f".{INDEX}.{os.getpid()}.tmp"
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
    return target
