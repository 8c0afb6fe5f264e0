"""The words of a pack that are not a chapter's: the running header, dates in full, the
contents, the notes on left-out chapters, the links between editions. Every word comes from
the catalog (`debateprep.i18n`), in the language of the edition being assembled."""
from __future__ import annotations

import datetime as dt

from debateprep.i18n import N_, _, format_date, language

NO_PDF = "none (left out on request: --no-pdf)"
"""The manifest's pdf_engine of a pack rendered without its PDF."""
NO_DOCX = "none (left out on request: --no-docx)"
"""The manifest's docx of a pack rendered without its Word document."""

LEFT_OUT_NAMES = {"05_open_letters": N_("The open-letters debate of 2020"),
                  "06_engagement_agenda": N_("The engagement agenda of the Clingendael alert")}
"""The optional chapters, by name, for the note that says a pack leaves one out."""


def running_header(session) -> str:
    """The text at the top of every page: session and as-of date."""
    return _("%(title)s · debate of %(date)s · information as of %(as_of)s") % {
        "title": session.title, "date": full_date(dt.date.fromisoformat(session.date)),
        "as_of": full_date(session.as_of_date)}


def full_date(day: dt.date) -> str:
    """'28 september 2020' / '28 September 2020'."""
    return format_date(day)


def left_out_note(stem: str, as_of: dt.date) -> str:
    """Why an optional chapter is not in the pack."""
    return _("%(chapter)s: not in this pack (nothing on it became public in the year before "
             "%(date)s)") % {"chapter": _(LEFT_OUT_NAMES[stem]), "date": full_date(as_of)}


def edition_link(lang: str) -> str:
    """The words of a link to the edition in lang, in that edition's own language ('English
    edition', 'Nederlandse editie'): the catalog's name of its own edition."""
    with language(lang):
        return _("English edition")


def failure_summary(outcome) -> list[str]:
    """One line per failed chapter: chapter, cell, error message (for the command line)."""
    return [f"  {outcome.session_id} / {r.stem}: cell {r.cell if r.cell is not None else '-'}: "
            f"{r.error.splitlines()[0] if r.error else 'failed'}"
            for r in outcome.results if not r.ok]
