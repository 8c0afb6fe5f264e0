"""Check the data files against the schema and describe every problem in one line.

Problems read `FILE:LINE: column 'C': value 'V' — expected ...`, so a staffer can open the file
at that line and fix it. All problems are collected; nothing stops at the first.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from debateprep.data.schema import TABLES, TO_FILL, Column, Table

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]+$")

Row = dict[str, str]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place of one file."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        what = ""
        if self.column is not None:
            what += f" column '{self.column}':"
        if self.value is not None:
            what += f" value '{_short(self.value)}'"
        return f"{where}:{what} — expected {self.expected}".replace(":  —", ": —")


def _short(value: str, limit: int = 60) -> str:
    value = value.replace("\n", "\\n")
    return value if len(value) <= limit else value[: limit - 1] + "…"


@dataclass
class Checked:
    """The rows read from every file (with their line numbers) and the problems found."""

    data_dir: Path
    rows: dict[str, list[tuple[int, Row]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working folder where possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_table(path: Path, table: Table) -> tuple[list[tuple[int, Row]], list[Problem]]:
    """Read one CSV file; return its rows with their first line numbers, and file-level problems."""
    name = display_path(path)
    header_hint = "a header row with the columns " + ", ".join(c.name for c in table.columns)
    if not path.exists():
        return [], [Problem(name, None, None, None,
                            f"the {table.name} table ({table.description}); the file is missing")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return [], [Problem(name, line, None, None,
                            f"UTF-8 text; byte 0x{raw[exc.start]:02x} is not UTF-8 "
                            "(save the file as 'CSV UTF-8')")]
    if not text.strip():
        return [], [Problem(name, None, None, None, f"{header_hint}; the file is empty")]
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    if len(header) == 1 and header[0].count(";") >= 1:
        return [], [Problem(name, 1, None, None,
                            "comma-separated values; this file looks semicolon-separated "
                            "(as Excel saves CSV in a Dutch locale): save it again as "
                            "'CSV UTF-8 (comma delimited)'")]
    problems = _check_header(name, header, table)
    if problems:
        return [], problems
    rows: list[tuple[int, Row]] = []
    start = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(name, start, None, None,
                                    f"plain CSV text ({exc}; remove that character, or save "
                                    "the file again as 'CSV UTF-8')"))
            break
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            problems.append(Problem(name, line, None, None,
                                    f"{len(header)} fields as in the header, found {len(record)} "
                                    "(a value with a comma must be in double quotes)"))
            continue
        rows.append((line, {h: v.strip() for h, v in zip(header, record)}))
    return rows, problems


def _check_header(name: str, header: list[str], table: Table) -> list[Problem]:
    known = [c.name for c in table.columns]
    problems = [Problem(name, 1, col, None, "this column in the header (it is missing)")
                for col in known if col not in header]
    problems += [Problem(name, 1, col, None,
                         "only the columns " + ", ".join(known) + " (this one is unknown)")
                 for col in header if col not in known]
    return problems


def check_value(value: str, col: Column) -> bool:
    """True when a non-empty value fits the column's type and allowed values."""
    if col.kind in ("refs", "list"):
        items = [v.strip() for v in value.split(";")]
        if not all(items):
            return False
        if col.choices:
            return all(v in col.choices for v in items)
        return col.kind == "list" or all(ID_RE.match(v) for v in items)
    if col.choices:
        return value in col.choices
    if col.kind in ("id", "ref"):
        return bool(ID_RE.match(value))
    if col.kind == "date":
        return parse_date(value) is not None
    if col.kind in ("int", "number"):
        return _check_number(value, col)
    if col.kind == "url":
        return bool(URL_RE.match(value))
    return not col.max_length or len(value) <= col.max_length


def _check_number(value: str, col: Column) -> bool:
    try:
        number = int(value) if col.kind == "int" else float(value)
    except ValueError:
        return False
    if number != number:  # NaN
        return False
    low_ok = col.minimum is None or number >= col.minimum
    high_ok = col.maximum is None or number <= col.maximum
    return low_ok and high_ok


def parse_date(value: str) -> dt.date | None:
    """The date in an ISO YYYY-MM-DD string, or None when it is no real date."""
    if not DATE_RE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def check_rows(name: str, rows: list[tuple[int, Row]], table: Table) -> list[Problem]:
    """Problems in the cells of one table: required values, types, allowed values, duplicates."""
    problems: list[Problem] = []
    seen: dict[tuple[str, ...], int] = {}
    for line, row in rows:
        for col in table.columns:
            value = row[col.name]
            if not value:
                if col.required:
                    problems.append(Problem(name, line, col.name, "", col.expected()
                                            + " (a value is required)"))
            elif not check_value(value, col):
                problems.append(Problem(name, line, col.name, value, col.expected()))
        problems += _check_dutch(name, line, row, table)
        key = tuple(row[k] for k in table.key)
        if all(key) and key in seen:
            problems.append(Problem(name, line, ", ".join(table.key), " / ".join(key),
                                    f"a unique value (already used on line {seen[key]})"))
        seen.setdefault(key, line)
        problems += [p for check in table.extra for p in _EXTRA[check](name, line, row)]
    return problems


def _check_dutch(name: str, line: int, row: Row, table: Table) -> list[Problem]:
    """A Dutch twin column must hold the Dutch wherever its column has a value (a Dutch brief
    shows it), and a list the same number of items."""
    problems = []
    for col in (c for c in table.columns if c.translates):
        english, dutch = row[col.translates], row[col.name]
        if english and not dutch:
            problems.append(Problem(name, line, col.name, "",
                                    f"the Dutch text of column '{col.translates}' (a Dutch brief "
                                    "shows this row; write it in the project's own words)"))
        elif col.kind == "list" and dutch and len(dutch.split(";")) != len(english.split(";")):
            problems.append(Problem(name, line, col.name, dutch,
                                    f"as many ';'-separated items as column '{col.translates}' "
                                    f"({len(english.split(';'))})"))
    return problems


def _check_precision(name: str, line: int, row: Row) -> list[Problem]:
    day = parse_date(row["date"])
    precision = row["date_precision"]
    if day is None or precision not in ("month", "year"):
        return []
    if (precision == "month" and day.day != 1) or (precision == "year" and (day.month, day.day) != (1, 1)):
        first = "the first day of the month" if precision == "month" else "1 January"
        return [Problem(name, line, "date", row["date"],
                        f"{first} when date_precision is '{precision}'")]
    return []


def _check_unit(name: str, line: int, row: Row) -> list[Problem]:
    problems = []
    if row["value"] and not row["unit"]:
        problems.append(Problem(name, line, "unit", "", "a unit (e.g. 'persons', 'troops') "
                                "because the row has a value"))
    if row["value"] and not row.get("value_is"):
        problems.append(Problem(name, line, "value_is", "", "'total' (the level after this "
                                "action) or 'added' (what this action added) because the row "
                                "has a value"))
    return problems


def _check_fieldwork(name: str, line: int, row: Row) -> list[Problem]:
    start, end, published = (parse_date(row[c]) for c in ("fieldwork_start", "fieldwork_end",
                                                          "published"))
    if start and end and start > end:
        return [Problem(name, line, "fieldwork_end", row["fieldwork_end"],
                        f"a date on or after fieldwork_start {row['fieldwork_start']}")]
    if end and published and end > published:
        return [Problem(name, line, "published", row["published"],
                        f"a date on or after fieldwork_end {row['fieldwork_end']}")]
    return []


def _check_vote(name: str, line: int, row: Row) -> list[Problem]:
    """A motion adopted or rejected has a vote date, on or after the date it was filed."""
    outcome, voted, filed = row["outcome"], parse_date(row["vote_date"]), parse_date(row["date"])
    if outcome in ("adopted", "rejected") and not row["vote_date"]:
        return [Problem(name, line, "vote_date", "",
                        f"the date of the vote, because the outcome is '{outcome}' "
                        "(write 'unknown' as the outcome if no source gives the vote)")]
    if voted and filed and voted < filed:
        return [Problem(name, line, "vote_date", row["vote_date"],
                        f"a date on or after the date filed {row['date']}")]
    return []


def _check_execution(name: str, line: int, row: Row) -> list[Problem]:
    """Only an adopted motion is carried out; a report of its execution says when, in which
    document and (for a partial one) what was done, on or after the vote."""
    if not (row["execution"] or row["execution_date"] or row["execution_source_ids"]):
        return []
    if row["outcome"] != "adopted":
        return [Problem(name, line, "execution", row["execution"],
                        f"nothing, because the outcome is '{row['outcome']}': only an adopted "
                        "motion is carried out")]
    problems = [Problem(name, line, column, "", "a value: a report of a motion's execution "
                        "says whether it was carried out in full or partly, when and in which "
                        "document")
                for column in ("execution", "execution_date", "execution_source_ids")
                if not row[column]]
    if row["execution"] == "partly" and not row["execution_note"]:
        problems.append(Problem(name, line, "execution_note", "",
                                "a line saying what was carried out, because it was partly"))
    done, voted = parse_date(row["execution_date"]), parse_date(row["vote_date"])
    if done and voted and done < voted:
        problems.append(Problem(name, line, "execution_date", row["execution_date"],
                                f"a date on or after the vote ({row['vote_date']})"))
    return problems


def _check_period(name: str, line: int, row: Row) -> list[Problem]:
    start, end = parse_date(row["start_date"]), parse_date(row["end_date"])
    if start and end and end < start:
        return [Problem(name, line, "end_date", row["end_date"],
                        f"a date on or after start_date {row['start_date']}")]
    return []


def _check_commitment(name: str, line: int, row: Row) -> list[Problem]:
    """A status changes on or after the promise; a fulfilled or withdrawn one says when and
    from which document."""
    problems = []
    made, changed = parse_date(row["date"]), parse_date(row["status_date"])
    if made and changed and changed < made:
        problems.append(Problem(name, line, "status_date", row["status_date"],
                                f"a date on or after the commitment's own date ({row['date']})"))
    if row["status"] in ("fulfilled", "withdrawn"):
        for column in ("status_date", "status_source_ids"):
            if not row[column]:
                problems.append(Problem(name, line, column, "", f"a value: a {row['status']} "
                                        "commitment says when and by which document"))
    return problems


_EXTRA = {"commitment": _check_commitment, "period": _check_period, "precision": _check_precision, "unit": _check_unit, "fieldwork": _check_fieldwork,
          "vote": _check_vote, "execution": _check_execution}


def check_references(checked: Checked) -> list[Problem]:
    """Problems where a row names an id that its target table does not hold."""
    keys = {
        f"{t.name}.{t.key[0]}": {row[t.key[0]] for _, row in checked.rows.get(t.name, [])}
        for t in TABLES.values()
    }
    problems: list[Problem] = []
    for table in TABLES.values():
        name = display_path(checked.data_dir / table.filename)
        for col in (c for c in table.columns if c.ref):
            if col.ref.split(".")[0] in checked.unreadable:
                continue  # the target file's own problem is reported already
            target = keys[col.ref]
            for line, row in checked.rows.get(table.name, []):
                values = [v.strip() for v in row[col.name].split(";")] if col.kind == "refs" else [row[col.name]]
                for value in values:
                    if value and ID_RE.match(value) and value not in target:
                        problems.append(Problem(
                            name, line, col.name, value,
                            f"an id that exists in {col.ref.split('.')[0]}.csv "
                            f"({col.ref.split('.')[1]})"))
    return problems


def check_data(data_dir: Path | str) -> Checked:
    """Read and check every data file in data_dir; return the rows and all problems found."""
    checked = Checked(Path(data_dir))
    if not checked.data_dir.is_dir():
        what = "is a file" if checked.data_dir.exists() else "does not exist"
        checked.problems.append(Problem(display_path(checked.data_dir), None, None, None,
                                        f"a data folder; this one {what}"))
        checked.unreadable.update(TABLES)
        return checked
    for table in TABLES.values():
        path = checked.data_dir / table.filename
        rows, problems = read_table(path, table)
        checked.rows[table.name] = rows
        checked.problems += problems
        if problems and not rows:
            checked.unreadable.add(table.name)
        checked.problems += check_rows(display_path(path), rows, table)
    checked.problems += check_references(checked)
    checked.problems += check_outcomes(checked)
    checked.problems += check_parties(checked)
    return checked


NOT_A_PARTY = ("unknown", TO_FILL)
"""What a motion's parties may hold besides a fracties of parties.csv: 'unknown' where no
source names them, and the import's placeholder until a curator fills it in."""


def check_parties(checked: Checked) -> list[Problem]:
    """A motion's parties are fracties that parties.csv knows (in any period), so a misspelt
    party never reaches the brief. (A vote's party is written as the Kamer's vote record
    gives it, with its own seats: the vote chart needs nothing from parties.csv.)"""
    if "parties" in checked.unreadable:
        return []
    known = {row["party"] for _, row in checked.rows.get("parties", [])}
    problems = []
    for table, column in (("motions", "parties"),):
        name = display_path(checked.data_dir / TABLES[table].filename)
        for line, row in checked.rows.get(table, []):
            for party in (p.strip() for p in row[column].split(";")):
                if party and party not in known and party not in NOT_A_PARTY:
                    problems.append(Problem(name, line, column, party,
                                            "a party (fractie) of parties.csv, or 'unknown'"))
    return problems


def vote_outcome(votes: list[Row]) -> str:
    """The outcome the votes give: adopted when the seats for outnumber the seats against."""
    seats = {"for": 0, "against": 0}
    for vote in votes:
        if vote["vote"] in seats and vote["seats"].isdigit():
            seats[vote["vote"]] += int(vote["seats"])
    return "adopted" if seats["for"] > seats["against"] else "rejected"


def check_outcomes(checked: Checked) -> list[Problem]:
    """Where the parties' votes on an adopted or rejected motion are recorded, they give that
    outcome. (An outcome a source states without the parties' votes, such as a news report of
    a motion adopted, stands with its vote date; the brief says the votes are not recorded.)"""
    votes: dict[str, list[Row]] = {}
    for _, row in checked.rows.get("votes", []):
        votes.setdefault(row["motion_id"], []).append(row)
    name = display_path(checked.data_dir / "motions.csv")
    problems = []
    for line, row in checked.rows.get("motions", []):
        outcome, cast = row["outcome"], votes.get(row["motion_id"], [])
        if cast and outcome in ("adopted", "rejected") and vote_outcome(cast) != outcome:
            problems.append(Problem(name, line, "outcome", outcome,
                                    f"'{vote_outcome(cast)}', as the votes in votes.csv give"))
    return problems
