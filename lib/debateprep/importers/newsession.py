"""`debateprep new-session`: the rows for a newly announced debate, validated, and a list of
what a curator still has to fill in before its pack is worth rendering."""
from __future__ import annotations

import csv
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from debateprep.errors import DebateprepError
from debateprep.data.schema import TABLES
from debateprep.importers.tkimport import Imported, merge
from debateprep.data.validation import parse_date

KINDS = TABLES["sessions"].column("kind").choices
FIELDS = (("date", "date of the debate (YYYY-MM-DD)"),
          ("kind", "kind of debate (" + ", ".join(KINDS) + ")"),
          ("title", "title of the debate in English"),
          ("title_nl", "title of the debate in Dutch (as the Kamer names it)"),
          ("minister", "minister(s) who will answer, with portfolio, in English"),
          ("minister_nl", "the same in Dutch (e.g. 'minister van Buitenlandse Zaken')"),
          ("topics", "topic ids, ';'-separated (see topics.csv)"),
          ("source_url", "address of the announcement or agenda (tweedekamer.nl)"),
          ("source_date", "date that page was published (YYYY-MM-DD)"))
OPTIONAL = (("committee", "committee (empty for a plenary debate)"), ("chair", "chair"),
            ("agenda", "Kamerstuk numbers on the agenda, ';'-separated (e.g. 21501-02-3316)"))


class MissingFields(DebateprepError):
    """A required detail of the new session was not given."""


@dataclass
class NewSession:
    """What the curator said about the debate."""

    date: str
    kind: str
    title: str
    title_nl: str
    minister: str
    minister_nl: str
    topics: str
    source_url: str
    source_date: str
    committee: str = ""
    chair: str = ""
    agenda: str = ""

    @property
    def session_id(self) -> str:
        """'YYYY-MM-DD-' and the first words of the title, as the data's ids are written."""
        words = re.findall(r"[a-z0-9]+", self.title.lower().split("(")[0])[:4]
        return "-".join([self.date, *words])


def ask_missing(values: dict[str, str], interactive: bool) -> dict[str, str]:
    """Ask in the terminal for each required detail not given; MissingFields without one."""
    missing = [(k, label) for k, label in FIELDS if not values.get(k)]
    if missing and not interactive:
        raise MissingFields("missing: " + ", ".join(f"--{k.replace('_', '-')} ({label})"
                                                     for k, label in missing))
    for key, label in missing:
        values[key] = input(f"{label}: ").strip()
    return values


def rows(new: NewSession, today: dt.date) -> Imported:
    """The sessions, agenda and sources rows of the new debate."""
    source_id = f"announcement-{new.session_id}"[:80].rstrip("-")
    sessions = [{"session_id": new.session_id, "date": new.date, "kind": new.kind,
                 "title": new.title, "committee": new.committee, "minister": new.minister,
                 "chair": new.chair, "topics": new.topics.replace(",", ";").replace(" ", ""),
                 "source_ids": source_id, "title_nl": new.title_nl,
                 "minister_nl": new.minister_nl}]
    agenda = [{"session_id": new.session_id, "item_no": str(n), "kamerstuk": number.strip(),
               "title": f"Kamerstuk {number.strip()} (title to be filled in)", "date": "",
               "source_ids": source_id,
               "title_nl": f"Kamerstuk {number.strip()} (titel nog in te vullen)"}
              for n, number in enumerate([a for a in new.agenda.split(";") if a.strip()], 1)]
    sources = [{"source_id": source_id, "title": f"Announcement of the debate: {new.title}",
                "publisher": "Tweede Kamer der Staten-Generaal", "url": new.source_url,
                "date_published": new.source_date, "date_checked": today.isoformat(),
                "kind": "parliament", "language": "nl"}]
    return Imported({"sources": sources, "sessions": sessions, "agenda": agenda})


def still_to_fill(new: NewSession) -> list[str]:
    """What the curator still has to add before the pack says much."""
    todo = [f"agenda.csv: the title and date of each agenda document of {new.session_id}"]
    if not new.agenda:
        todo = [f"agenda.csv: the documents on the agenda of {new.session_id}"]
    return todo + [
        "government_lines.csv: up to three points of the government's line, from its letter",
        "editorial.csv: the questions and talking points, dated the day before the debate",
        "events.csv, measures.csv: what happened since the previous debate on these topics",
        "parties.csv: the seats on the debate's date, if a new period began",
    ]


def create(data_dir, values: dict[str, str], interactive: bool, today: dt.date,
           dry_run: bool = False) -> tuple[NewSession, list[str]]:
    """Write (or, with dry_run, only check) the new session's rows; return it and the to-do."""
    values = ask_missing(dict(values), interactive)
    for key in ("date", "source_date"):
        if parse_date(values[key]) is None:
            raise MissingFields(f"--{key.replace('_', '-')}: '{values[key]}' is not a real "
                                "date written YYYY-MM-DD")
    if values["kind"] not in KINDS:
        raise MissingFields(f"--kind: '{values['kind']}' is not one of {', '.join(KINDS)}")
    new = NewSession(**{k: values.get(k) or "" for k in NewSession.__dataclass_fields__})
    with open(Path(data_dir) / "sessions.csv", encoding="utf-8-sig") as handle:
        if any(row["session_id"] == new.session_id for row in csv.DictReader(handle)):
            raise DebateprepError(f"session '{new.session_id}' is in the data already; "
                                  "nothing was written")
    merge(data_dir, rows(new, today), dry_run)
    return new, still_to_fill(new)


def interactive_terminal() -> bool:
    """True when a person can answer questions (standard input is a terminal)."""
    return sys.stdin is not None and sys.stdin.isatty()
