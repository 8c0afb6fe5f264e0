"""`debateprep import-tk`: motions and their votes from the Tweede Kamer's open data.

Asks the OData API v4 (the gegevensmagazijn) for the decisions (Besluit) on the motions of a
Kamerstuk dossier, with the party votes (Stemming), the motion (Zaak) and the vote's date
(Agendapunt → Activiteit). Each motion and each party vote becomes a row, with the record's page
on tweedekamer.nl as its source. Rows merge into the data folder without ever overwriting a
curated row: a row that differs from the curated one is listed as a conflict and left out.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from debateprep.errors import DebateprepError
from debateprep.data.schema import TABLES, TO_FILL, TO_FILL_NL
from debateprep.data.validation import check_data, display_path

ODATA = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/"
ODATA_ENV = "DEBATEPREP_TK_ODATA"  # another address for the service (tests use a local one)
VOTES = {"Voor": "for", "Tegen": "against", "Niet deelgenomen": "not-participated"}
OORDEEL = {"Overgenomen": "overgenomen", "Oordeel Kamer": "oordeel-kamer", "Ontraden": "ontraden",
           "Ontraden, tenzij gewijzigd": "ontraden-tenzij-gewijzigd",
           "Verzocht motie aan te houden": "aanhouden",
           "Geen (expliciete) appreciatie": "geen-appreciatie"}


class ServiceUnreachable(DebateprepError):
    """The open data service could not be reached; nothing was written."""


class MalformedResponse(DebateprepError):
    """A page of the service (or a saved file) is not the OData response asked for; nothing
    was written."""


def query(dossier: int | None = None, since: str = "", until: str = "") -> str:
    """The OData query for the decisions on motions: those of one Kamerstuk dossier, and/or
    those filed from since to until (YYYY-MM-DD, both included)."""
    parts = ["z/Soort eq 'Motie'"]
    if dossier is not None:
        parts.append(f"z/Kamerstukdossier/any(d: d/Nummer eq {dossier})")
    if since:  # a day early: the Kamer stamps a motion at local midnight (22:00 UTC the day
        # before in summer); to_rows keeps exactly the days asked for, by the Kamer's own date
        early = dt.date.fromisoformat(since) - dt.timedelta(days=1)
        parts.append(f"z/GestartOp ge {early.isoformat()}T00:00:00Z")
    if until:
        parts.append(f"z/GestartOp le {until}T23:59:59Z")
    motion = " and ".join(parts)
    params = {"$filter": f"Verwijderd eq false and Zaak/any(z: {motion})",
              "$expand": "Stemming,Zaak($expand=Kamerstukdossier),Agendapunt($expand=Activiteit)"}
    return "Besluit?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def records_of(page, where: str) -> list[dict]:
    """The decision records of one page; MalformedResponse (one line) when it is not one."""
    if not isinstance(page, dict) or not isinstance(page.get("value"), list) or not all(
            isinstance(r, dict) for r in page["value"]):
        raise MalformedResponse(f"{where}: not an OData response of the Tweede Kamer (expected "
                                "an object with a 'value' list of records); nothing was written")
    return page["value"]


def fetch(dossier: int | None = None, base: str | None = None, timeout: float = 20,
          since: str = "", until: str = "") -> list[dict]:
    """Every decision record asked for, following the service's next links (paged answers)."""
    url = (base or os.environ.get(ODATA_ENV) or ODATA) + query(dossier, since, until)
    records: list[dict] = []
    while url:
        try:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                page = json.loads(response.read().decode("utf-8"))
        except ValueError:
            raise MalformedResponse(f"{urllib.parse.urlsplit(url).netloc}: the service's answer "
                                    "is not JSON; nothing was written") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ServiceUnreachable(
                f"cannot reach the Tweede Kamer's open data service "
                f"({urllib.parse.urlsplit(url).netloc}): {reason}; nothing was written") from None
        records += records_of(page, urllib.parse.urlsplit(url).netloc)
        url = page.get("@odata.nextLink", "")
    return records


def read_saved(path: Path) -> list[dict]:
    """The decision records of a saved response: one page, or a list of pages (offline)."""
    try:
        pages = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise MalformedResponse(f"{path}: cannot read it ({exc.strerror or exc}); nothing was "
                                "written") from None
    except ValueError as exc:
        raise MalformedResponse(f"{path}: not JSON ({exc}); nothing was written") from None
    pages = pages if isinstance(pages, list) else [pages]
    return [r for n, page in enumerate(pages, 1) for r in records_of(page, f"{path} page {n}")]


@dataclass
class Imported:
    """The rows an import would add, per table, and what it could not take."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def motion_page(number: str) -> str:
    """The motion's page on tweedekamer.nl, cited as the source of its rows."""
    return f"https://www.tweedekamer.nl/kamerstukken/moties/detail?id={number}"


def to_rows(records: list[dict], dossier: int | None, session_id: str, topic: str,
            today: dt.date, since: str = "", until: str = "") -> Imported:
    """Turn decision records into motions, votes and sources rows (hand votes only): the
    motions of dossier (any dossier when None) filed from since to until; a deleted
    (verwijderd) record or motion is left out and listed."""
    out = Imported({"motions": [], "votes": [], "sources": []})
    decisions: dict[str, list[tuple[dict, dict, int | None]]] = {}
    for besluit in records:
        for zaak in besluit.get("Zaak") or []:
            if not isinstance(zaak, dict):
                continue
            dossiers = [d.get("Nummer") for d in zaak.get("Kamerstukdossier") or []]
            if zaak.get("Soort") != "Motie" or (dossier is not None and dossier not in dossiers):
                continue
            filed = str(zaak.get("GestartOp", ""))[:10]
            if (since and filed < since) or (until and filed > until):
                continue
            if besluit.get("Verwijderd") or zaak.get("Verwijderd"):
                out.skipped.append(f"{zaak.get('Nummer')}: deleted (verwijderd) in the open "
                                   "data; left out")
                continue
            decisions.setdefault(zaak.get("Nummer"), []).append(
                (besluit, zaak, dossier if dossier is not None else
                 (dossiers[0] if dossiers else None)))
    for number, found in decisions.items():
        # several decisions on one motion (held, then voted): the vote, else the first listed
        besluit, zaak, number_of_dossier = next(
            (d for d in found if _voted(d[0])), found[0])
        try:
            _add_motion(out, besluit, zaak, number_of_dossier, session_id, topic, today)
        except (KeyError, AttributeError, TypeError, ValueError) as exc:
            raise MalformedResponse(f"motion {number}: its record lacks a field the import "
                                    f"needs or holds one of an unexpected kind ({type(exc).__name__}: "
                                    f"{exc}); nothing was written") from None
    return out


def _voted(besluit: dict) -> bool:
    """Whether a decision records a vote (adopted or rejected)."""
    text = (besluit.get("BesluitTekst") or "").lower()
    return text.startswith(("aangenomen", "verworpen"))


def _add_motion(out: Imported, besluit: dict, zaak: dict, dossier: int | None,
                session_id: str, topic: str, today: dt.date) -> None:
    number = zaak["Nummer"]
    source_id = f"tk-{number.lower()}"
    filed = zaak["GestartOp"][:10]
    voted = ((besluit.get("Agendapunt") or {}).get("Activiteit") or {}).get("Datum", "")[:10]
    text = (besluit.get("BesluitTekst") or "").lower()
    outcome = ("adopted" if text.startswith("aangenomen") else
               "rejected" if text.startswith("verworpen") else
               "withdrawn" if "ingetrokken" in text else "unknown")
    if besluit.get("StemmingsSoort") == "Hoofdelijk":
        out.skipped.append(f"{number}: a roll-call vote (hoofdelijke stemming); enter its "
                           "party votes by hand")
        outcome = "unknown"
    elif outcome in ("adopted", "rejected") and not voted:
        out.skipped.append(f"{number}: no vote date in the record; outcome left unknown")
        outcome = "unknown"
    out.rows["sources"].append({
        "source_id": source_id, "title": zaak["Onderwerp"].strip(),
        "publisher": "Tweede Kamer der Staten-Generaal", "url": motion_page(number),
        "date_published": filed, "date_checked": today.isoformat(), "kind": "parliament",
        "language": "nl"})
    out.rows["motions"].append({
        "motion_id": f"tk-{number.lower()}",
        "kamerstuk": "" if dossier is None else str(dossier), "session_id": session_id,
        "date": filed, "title": zaak["Onderwerp"].strip(), "summary": TO_FILL,
        "submitters": TO_FILL, "parties": TO_FILL, "topic": topic, "outcome": outcome,
        "vote_date": voted if outcome in ("adopted", "rejected") else "",
        "oordeel": OORDEEL.get(zaak.get("Kabinetsappreciatie") or "", ""),
        "source_ids": source_id, "summary_nl": TO_FILL_NL})
    if outcome not in ("adopted", "rejected"):
        return
    for vote in besluit.get("Stemming", []):
        out.rows["votes"].append({
            "motion_id": f"tk-{number.lower()}", "party": vote["ActorFractie"],
            "vote": _vote(vote["Soort"], number), "seats": str(vote["FractieGrootte"]),
            "vote_date": voted, "source_ids": source_id})


def _vote(kind: str, number: str) -> str:
    """A party's vote in the schema's words; MalformedResponse for a kind the schema lacks."""
    if kind not in VOTES:
        raise MalformedResponse(f"motion {number}: a party vote of kind {kind!r} (expected one "
                                f"of {', '.join(VOTES)}); nothing was written")
    return VOTES[kind]


@dataclass
class Merge:
    """What merging changed: rows added per table, rows already there, conflicts."""

    added: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)


def merge(data_dir: Path, imported: Imported, dry_run: bool) -> Merge:
    """Add the imported rows that are new; list those that differ from a curated row. The
    result is validated on a copy first: invalid data is never written."""
    result = Merge()
    staged: dict[str, str] = {}
    for name, rows in imported.rows.items():
        table = TABLES[name]
        path = data_dir / table.filename
        text = path.read_text(encoding="utf-8-sig")
        existing = {tuple(r[k] for k in table.key): r for r in csv.DictReader(io.StringIO(text))}
        new = []
        for row in rows:
            key = tuple(row[k] for k in table.key)
            if key not in existing:
                new.append(row)
                continue
            differ = [c for c in row if c != "date_checked" and existing[key].get(c, "") != row[c]
                      and row[c] not in (TO_FILL, TO_FILL_NL)]
            if differ:
                result.conflicts.append(f"{table.filename} {' / '.join(key)}: kept the curated "
                                        f"row; the import differs in {', '.join(differ)}")
            else:
                result.unchanged += 1
        result.added[name] = len(new)
        staged[table.filename] = _append(text, [c.name for c in table.columns], new)
    _write_checked(data_dir, staged, dry_run)
    return result


def _append(text: str, columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=columns, lineterminator="\n").writerows(rows)
    return (text if text.endswith("\n") else text + "\n") + out.getvalue()


def _write_checked(data_dir: Path, staged: dict[str, str], dry_run: bool) -> None:
    """Validate the merged files on a copy; write them (atomically) unless dry_run."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        for name, text in staged.items():
            (copy / name).write_text(text, encoding="utf-8")
        checked = check_data(copy)
        if not checked.ok:
            lines = [str(p).replace(str(copy), display_path(data_dir)) for p in checked.problems]
            raise DebateprepError("the import would make the data invalid; nothing was "
                                  "written:\n" + "\n".join(lines))
    if dry_run:
        return
    for name, text in staged.items():
        target = data_dir / name
        partial = target.with_suffix(".csv.importing")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
