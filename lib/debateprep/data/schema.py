"""The schema of every data table: columns, types, allowed values and cross-references.

One place describes the data; the validator, the loader, the tests and data/README.md all
follow it. Each table is one CSV file in the data folder.
"""
from __future__ import annotations

from dataclasses import dataclass, field

PRECISIONS = ("day", "month", "year")
ACTORS = ("netherlands", "international")
"""Who acts in an event: the Dutch government or the Kamer; the EU, NATO or another
international body. It selects the events of a topical issue's two tables (not the text)."""
OORDEEL = ("overgenomen", "oordeel-kamer", "ontraden", "ontraden-tenzij-gewijzigd",
           "aanhouden", "geen-appreciatie")
"""The cabinet's appraisal of a motion, as the Tweede Kamer's open data records it."""
INSTRUMENTS = (
    "eu-sanctions-crimea", "eu-sanctions-individual", "eu-sanctions-economic",
    "eu-sanctions-belarus", "eu-sanctions-chemical-weapons", "eu-sanctions-human-rights",
    "eu-sanctions-cyber", "nato-efp", "nato-deterrence", "dialogue", "people-to-people",
    "arms-control",
)


TO_FILL = "to be written by a curator (imported)"
TO_FILL_NL = "door een curator te schrijven (geïmporteerd)"
"""What `import-tk` writes where only a curator can write the text (a motion's summary,
submitters and parties), in the text columns and their Dutch twins."""

@dataclass(frozen=True)
class Column:
    """One column of a table.

    kind is one of: id, text, date, int, number, url, enum, list (of free text),
    ref (one id of another table), refs (';'-separated ids of another table).
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    ref: str = ""  # "table.column" for ref / refs kinds
    max_length: int = 0
    minimum: float | None = None
    maximum: float | None = None
    translates: str = ""  # for a Dutch twin ('title_nl'): the column it gives in Dutch

    def expected(self) -> str:
        """Describe, for an error message, what a value of this column must look like."""
        if self.choices:
            many = self.kind in ("refs", "list")
            prefix = "';'-separated values from " if many else "one of "
            return prefix + ", ".join(self.choices)
        return {
            "id": "an id of lower-case letters, digits and '-'",
            "text": "text" + (f" of at most {self.max_length} characters" if self.max_length else ""),
            "date": "a real date as YYYY-MM-DD",
            "int": "a whole number" + _range_text(self),
            "number": "a number" + _range_text(self),
            "url": "a web address starting with http:// or https://",
            "list": "';'-separated text",
            "ref": f"an existing {self.ref.replace('.', ' ')}",
            "refs": f"';'-separated existing {self.ref.replace('.', ' ')}s",
        }.get(self.kind, self.kind)


def _range_text(col: Column) -> str:
    if col.minimum is not None and col.maximum is not None:
        return f" from {col.minimum:g} to {col.maximum:g}"
    if col.minimum is not None:
        return f" of at least {col.minimum:g}"
    return ""


@dataclass(frozen=True)
class Table:
    """A data file: its name, its columns and what makes a row unique."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    description: str = ""
    editorial: bool = False
    extra: tuple[str, ...] = field(default=())  # names of extra row checks in validation

    @property
    def filename(self) -> str:
        """The CSV file that holds the table."""
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        """The column called name."""
        return next(c for c in self.columns if c.name == name)


def _c(name: str, kind: str = "text", **kw) -> Column:
    return Column(name, kind, **kw)


DUTCH = "_nl"
"""The suffix of a column's Dutch twin: `title_nl` holds the Dutch of `title`."""


def _nl(*columns: Column, source: str = "") -> tuple[Column, ...]:
    """The Dutch twins of reader-facing text columns: same kind and limits, required wherever
    the column itself has a value (checked in validation), so a Dutch brief never falls back
    to English. source: the English column a twin translates, when not its own name."""
    return tuple(Column(f"{source or c.name}{DUTCH}".replace("_en" + DUTCH, DUTCH), c.kind,
                        required=False, max_length=c.max_length, translates=c.name)
                 for c in columns)


_SRC = _c("source_ids", "refs", ref="sources.source_id")
_PRECISION = _c("date_precision", "enum", choices=PRECISIONS)
_TOPIC = _c("topic", "ref", ref="topics.topic_id")

TABLES: dict[str, Table] = {t.name: t for t in (
    Table("sources", (
        _c("source_id", "id"), _c("title"), _c("publisher"), _c("url", "url"),
        _c("date_published", "date", required=False), _c("date_checked", "date"),
        _c("kind", "enum", choices=("official", "parliament", "court", "research", "news",
                                    "reference", "other")),
        _c("language", "enum", choices=("en", "nl", "de", "fr", "ru", "other")),
    ), key=("source_id",), description="the bibliography every other table cites"),
    Table("topics", (
        _c("topic_id", "id"), _c("label"),
        _c("track", "enum", choices=("pressure", "engagement", "topical", "context")),
        _c("description"), _SRC, *_nl(_c("label"), _c("description")),
    ), key=("topic_id",), description="the controlled vocabulary of topics"),
    Table("sessions", (
        _c("session_id", "id"), _c("date", "date"),
        _c("kind", "enum", choices=("notaoverleg", "commissiedebat", "algemeen-overleg",
                                    "plenair-debat", "tweeminutendebat", "dertigledendebat",
                                    "interpellatie")),
        _c("title"), _c("committee", required=False), _c("minister"),
        _c("chair", required=False), _c("topics", "refs", ref="topics.topic_id"), _SRC,
        *_nl(_c("title"), _c("minister")),
    ), key=("session_id",), description="the debates the workbook prepares for"),
    Table("agenda", (
        _c("session_id", "ref", ref="sessions.session_id"),
        _c("item_no", "int", minimum=1), _c("kamerstuk", required=False), _c("title"),
        _c("date", "date", required=False), _SRC,
        *_nl(_c("title")),
    ), key=("session_id", "item_no"), description="the documents on each session's agenda"),
    Table("events", (
        _c("event_id", "id"), _c("date", "date"), _PRECISION, _TOPIC,
        _c("title", max_length=120), _c("description"), _SRC,
        _c("actors", "refs", required=False, choices=ACTORS),
        *_nl(_c("title", max_length=120), _c("description")),
    ), key=("event_id",), description="the dated timeline", extra=("precision",)),
    Table("measures", (
        _c("measure_id", "id"), _c("track", "enum", choices=("pressure", "engagement")),
        _c("instrument", "enum", choices=INSTRUMENTS), _c("date", "date"), _PRECISION,
        _c("action", "enum", choices=("introduced", "expanded", "renewed", "extended",
                                      "reduced", "suspended", "ended", "status")),
        _c("description"), _c("value", "number", required=False, minimum=0),
        _c("unit", required=False),
        _c("value_is", "enum", required=False, choices=("total", "added")),
        _c("status", "enum", choices=("in-force", "lapsed", "ended", "planned", "ongoing",
                                      "closed")),
        _SRC,
        *_nl(_c("description"), _c("unit", required=False)),
    ), key=("measure_id",), description="the twin-track instruments, one dated action per row",
        extra=("precision", "unit")),
    Table("polls", (
        _c("poll_id", "id"), _c("pollster"), _c("question"), _c("question_en"),
        _c("question_note", required=False),
        _c("fieldwork_start", "date", required=False),
        _c("fieldwork_end", "date", required=False), _c("published", "date"),
        _c("population"), _c("sample_size", "int", required=False, minimum=1),
        _c("sample_note", required=False), _c("group"), _c("answer"),
        _c("share_pct", "number", minimum=0, maximum=100), _SRC,
        *_nl(_c("question_en"), _c("population"), _c("sample_note", required=False),
             _c("group"), _c("answer"), _c("question_note", required=False)),
    ), key=("poll_id", "group", "answer"), description="survey results, one answer share per row",
        extra=("fieldwork",)),
    Table("positions", (
        _c("position_id", "id"), _c("date", "date"), _c("title"), _c("outlet"),
        _c("camp", "enum", choices=("engagement", "pressure")),
        _c("school", "enum", choices=("what-to-do", "who-is-to-blame")), _c("authors"),
        _c("signatory_count", "int", required=False, minimum=1),
        _c("signatory_note", required=False),
        _c("notable_signatories", "list", required=False), _c("core_claims", "list"),
        _c("url", "url"), _SRC,
        *_nl(_c("authors"), _c("signatory_note", required=False), _c("core_claims", "list")),
    ), key=("position_id",), description="the five 2020 open letters"),
    Table("government_lines", (
        _c("session_id", "ref", ref="sessions.session_id"), _c("item_no", "int", minimum=1),
        _c("date", "date"), _c("text"), _SRC, *_nl(_c("text")),
    ), key=("session_id", "item_no"),
        description="the government's line for each debate, in up to three points"),
    Table("motions", (
        _c("motion_id", "id"), _c("kamerstuk", required=False),
        _c("session_id", "ref", required=False, ref="sessions.session_id"), _c("date", "date"),
        _c("title"),
        _c("summary"), _c("submitters", "list"), _c("parties", "list"), _TOPIC,
        _c("outcome", "enum", choices=("adopted", "rejected", "withdrawn", "not-voted",
                                       "unknown")),
        _c("vote_date", "date", required=False),
        _c("oordeel", "enum", required=False, choices=OORDEEL), _SRC,
        _c("debate", required=False),
        _c("execution", "enum", required=False, choices=("reported", "partly")),
        _c("execution_date", "date", required=False),
        _c("execution_source_ids", "refs", required=False, ref="sources.source_id"),
        _c("execution_note", required=False),
        *_nl(_c("summary"), _c("execution_note", required=False)),
    ), key=("motion_id",), description="motions on the debates' topics: those filed in a session "
        "of the data (session_id), and those filed in other debates (debate: its name as the Kamer "
        "gives it); for an adopted motion, how the cabinet reported carrying it out (execution: "
        "reported in full or partly, on execution_date, in the documents execution_source_ids)",
        extra=("vote", "execution")),
    Table("parties", (
        _c("party"), _c("name"), _c("seats", "int", minimum=1, maximum=150),
        _c("start_date", "date"), _c("end_date", "date", required=False),
        _c("coalition", "enum", choices=("yes", "no")), _SRC,
    ), key=("party", "start_date"),
        description="the parties (fracties) in the Tweede Kamer and their seats over time",
        extra=("period",)),
    Table("members", (
        _c("session_id", "ref", ref="sessions.session_id"), _c("name"), _c("party"),
        _c("role", "enum", choices=("spokesperson", "chair", "minister", "member")), _SRC,
    ), key=("session_id", "name"), description="who took part in each debate, in what role"),
    Table("party_lines", (
        _c("session_id", "ref", ref="sessions.session_id"), _c("party"),
        _c("speaker", required=False), _c("headline", max_length=110), _c("summary"), _SRC,
        *_nl(_c("headline", max_length=110), _c("summary")),
    ), key=("session_id", "party"),
        description="what each party argued in a debate, in our words"),
    Table("votes", (
        _c("motion_id", "ref", ref="motions.motion_id"), _c("party"),
        _c("vote", "enum", choices=("for", "against", "not-participated")),
        _c("seats", "int", minimum=1, maximum=150), _c("vote_date", "date"), _SRC,
    ), key=("motion_id", "party"), description="each party's vote on a motion"),
    Table("commitments", (
        _c("commitment_id", "id"), _c("session_id", "ref", required=False, ref="sessions.session_id"),
        _c("date", "date"), _c("minister"), _c("to_member", required=False),
        _c("to_party", required=False), _c("text"), _c("due", required=False),
        _c("status", "enum", choices=("open", "fulfilled", "withdrawn", "unknown")),
        _c("status_date", "date", required=False), _SRC,
        _c("debate", required=False), _c("due_date", "date", required=False),
        _c("status_source_ids", "refs", required=False, ref="sources.source_id"),
        _c("known_from", "enum", choices=("register", "report", "letter", "news")),
        *_nl(_c("text"), _c("due", required=False), _c("minister")),
    ), key=("commitment_id",), extra=("commitment",),
        description="the minister's commitments (toezeggingen) in a debate"),
    Table("considerations", (
        _c("consideration_id", "id"), _c("order", "int", minimum=1), _c("heading"),
        _c("date", "date"),
        _c("summary"), _c("topics", "refs", ref="topics.topic_id"),
        _c("keywords", "list", required=False), _SRC, *_nl(_c("heading"), _c("summary")),
        _c("part", "enum", choices=("agenda", "assessment")),
    ), key=("consideration_id",),
        description="the Clingendael alert point by point: the engagement agenda it proposes "
        "(part 'agenda'), and its own assessment of the open-letters debate (part 'assessment'; "
        "the alert's view, not a fact)"),
    Table("editorial", (
        _c("item_id", "id"), _c("session_id", "ref", ref="sessions.session_id"),
        _c("date", "date"), _TOPIC,
        _c("kind", "enum", choices=("question", "talking-point")), _c("text"),
        _c("basis_source_ids", "refs", ref="sources.source_id"), _c("author"),
        *_nl(_c("text")),
    ), key=("item_id",), editorial=True,
        description="EDITORIAL: suggested questions and talking points, not facts"),
)}
"""Every table, by name, in the order they are loaded (sources first: others cite it)."""
