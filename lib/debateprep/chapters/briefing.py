"""Briefing text: dates in full, citations, numbered source lists, key facts, editorial items."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field

import pandas as pd

from debateprep.chapters.citations import MARK
from debateprep.errors import UnknownChoiceError
from debateprep.i18n import _, format_date as _localized_date
from debateprep.data.loading import Data
from debateprep.data.sessions import Session, change_window, events_between, known_on

def editorial_label() -> str:
    """The label on every editorial item, in the language in use."""
    return _("Editorial — suggestions by the debateprep editors, not facts")


def format_date(value: dt.date | pd.Timestamp | None, precision: str = "day") -> str:
    """A date written in full for readers, in the language in use: '28 september 2020',
    'maart 2014' or '2014' (English: '28 September 2020', 'March 2014')."""
    if value is None or pd.isna(value):
        return _("date not stated")
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return _localized_date(value, precision)


_SOURCE_POSITIONS: dict[int, dict[str, int]] = {}
"""For each sources table looked up (by its id()): the position of the first row of each
source id. A chapter looks a source up hundreds of times (every citation and source line),
and a scan of the table each time took a third of the policy chapter's run."""


def _source_row(data: Data, source_id: str) -> pd.Series:
    frame = data.sources
    positions = _SOURCE_POSITIONS.get(id(frame))
    if positions is None:
        positions = {}
        for position, value in enumerate(frame["source_id"]):
            positions.setdefault(value, position)
        if len(_SOURCE_POSITIONS) >= 8:  # a kernel runs many chapters: keep only recent tables
            _SOURCE_POSITIONS.clear()
        _SOURCE_POSITIONS[id(frame)] = positions
    position = positions.get(source_id)
    if position is not None and position < len(frame) \
            and frame["source_id"].iat[position] == source_id:
        return frame.iloc[position]
    rows = frame[frame["source_id"] == source_id]  # not there, or the table changed since
    if rows.empty:
        raise UnknownChoiceError("source", source_id, list(frame["source_id"]))
    return rows.iloc[0]


def citation(data: Data, source_id: str, link: bool = False) -> str:
    """A full reference: publisher, title, date, address and the date it was checked.

    With link=True the text is HTML: escaped, with the address as a link.
    """
    row = _source_row(data, source_id)
    esc = html.escape if link else (lambda text: text)
    published = f", {format_date(row['date_published'])}" if pd.notna(row["date_published"]) else ""
    url = esc(row["url"])
    address = f'<a href="{url}">{esc(short_address(row["url"]))}</a>' if link else url
    day = format_date(row["date_checked"])
    if link:  # the day marked, so the pack can say a common one once (citations.CHECKED)
        checked = esc(_("checked %(date)s")) % {"date": f"<span class='date'>{esc(day)}</span>"}
        checked = f"<span class='checked'>({checked})</span>"
    else:
        checked = "(" + _("checked %(date)s") % {"date": day} + ")"
    return f"{esc(row['publisher'])}, ‘{esc(row['title'])}’{published}. {address} {checked}"


def short_address(url: str, most: int = 60) -> str:
    """The address as a reader sees it in print: no scheme, cut with '…' past most characters
    (the link itself keeps the full address)."""
    bare = url.split("://", 1)[-1].removeprefix("www.")
    return bare if len(bare) <= most else bare[: most - 1] + "…"


NOTE_PUBLISHERS = 6
"""A chart's source line names at most this many publishers; more are counted, not listed."""

OFFICIAL_KINDS = ("official", "parliament", "court")


def source_note(data: Data, source_ids) -> str:
    """A short source line for under a chart: the publishers, each once, in order. Past
    NOTE_PUBLISHERS, the official ones (governments, parliaments, courts) come first and the
    rest are counted: every source is in the pack's source list anyway."""
    publishers: dict[str, bool] = {}
    for source_id in source_ids:
        row = _source_row(data, source_id)
        publishers[row["publisher"]] = publishers.get(row["publisher"], False) or \
            row["kind"] in OFFICIAL_KINDS
    if len(publishers) <= NOTE_PUBLISHERS:
        return _("Source: %(publishers)s") % {"publishers": "; ".join(publishers)} \
            if publishers else ""
    ranked = sorted(publishers, key=lambda name: not publishers[name])  # stable: order kept
    named, others = ranked[:NOTE_PUBLISHERS - 1], len(publishers) - NOTE_PUBLISHERS + 1
    return _("Sources: %(publishers)s; and %(count)d other publishers (every source is in the "
             "pack's source list)") % {"publishers": "; ".join(named), "count": others}


@dataclass
class SourceList:
    """The sources a chapter cites, numbered in order of first citation."""

    data: Data
    ids: list[str] = field(default_factory=list)
    shown: dict[str, list[str]] = field(default_factory=dict)

    def record(self, table: str, frame: pd.DataFrame) -> pd.DataFrame:
        """Note that the chapter shows these records of table (for the pack's record of what
        it shows, checked against the as-of date by the tests); return frame unchanged."""
        from debateprep.data.asof import record_ids
        seen = self.shown.setdefault(table, [])
        seen += [i for i in record_ids(table, frame) if i not in seen]
        return frame

    def cite(self, source_ids) -> str:
        """Register the ids and return their numbers as '[1]' or '[2, 5]'."""
        numbers = []
        for source_id in source_ids:
            _source_row(self.data, source_id)
            if source_id not in self.ids:
                self.ids.append(source_id)
            numbers.append(self.ids.index(source_id) + 1)
        return MARK + "[" + ", ".join(str(n) for n in sorted(set(numbers))) + "]"

    def entries(self) -> list[str]:
        """One full citation per cited source, in number order."""
        return [f"{n}. {citation(self.data, sid)}" for n, sid in enumerate(self.ids, start=1)]

    def to_html(self) -> str:
        """The numbered list as escaped HTML, with each address as a link."""
        items = "".join(f"<li>{citation(self.data, sid, link=True)}</li>" for sid in self.ids)
        return f"<ol class='sources'>{items}</ol>"


def key_facts(data: Data, session: Session, as_of: dt.date) -> pd.DataFrame:
    """The session at a glance, as a two-column table of fact and value."""
    start, before = change_window(data, session, as_of)
    since = events_between(data, start, as_of, session.topics)
    agenda = data.agenda[data.agenda["session_id"] == session.session_id]
    motions = known_on(data.motions, as_of)
    facts = [
        (_("Documents on the agenda"), str(len(agenda))),
        (_("Previous debate on these topics"),
         f"{format_date(before.date)} ({before.title})" if before else _("none in the data")),
        (_("Events on these topics since the previous debate") if before
         else _("Events on these topics in the previous twelve months"), str(len(since))),
        (_("Motions (moties) filed in the previous debate"),
         str(int((motions["session_id"] == before.session_id).sum())) if before else _("none")),
    ]
    return pd.DataFrame(facts, columns=[_("Fact"), _("Value")])


def editorial_items(data: Data, session: Session, topic: str | None = None,
                    kind: str | None = None) -> pd.DataFrame:
    """The editorial questions or talking points for a session (and topic), labelled as such."""
    items = data.editorial[data.editorial["session_id"] == session.session_id]
    if topic:
        items = items[items["topic"] == topic]
    if kind:
        items = items[items["kind"] == kind]
    return items.assign(label=editorial_label()).reset_index(drop=True)


def events_table(events: pd.DataFrame, sources: SourceList) -> pd.DataFrame:
    """Events as a readable table: full date, topic, what happened, numbered sources."""
    sources.record("events", events)
    labels = dict(zip(sources.data.topics["topic_id"], sources.data.topics["label"]))
    return pd.DataFrame({
        _("Date"): [format_date(d, p) for d, p in zip(events["date"], events["date_precision"])],
        _("Topic"): [labels.get(t, t) for t in events["topic"]],
        _("What happened"): list(events["title"]),
        _("Sources"): [sources.cite(ids) for ids in events["source_ids"]],
    })
