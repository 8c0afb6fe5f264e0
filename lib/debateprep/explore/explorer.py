"""The interactive explorer: controls that filter the timeline, linked outputs, CSV export.

Used by notebooks/explore.ipynb in JupyterLab and, through `debateprep explore`, in Voilà.
The filtering itself (`filter_events`) is plain pandas, so it is tested without widgets.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import os
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from debateprep.chapters.briefing import format_date, source_note
from debateprep.chapters.charts import stacked_share_chart, svg_timeline
from debateprep.data.loading import Data, load_data
from debateprep.chapters.opinion import answer_table
from debateprep.data.asof import as_of_view, default_as_of
from debateprep.data.language import localized
from debateprep.i18n import N_, _, current, use
from debateprep.data.sessions import Session, get_session, previous_session, session_ids

EXPORTS_ENV = "DEBATEPREP_EXPORTS"
INTRO = N_('# Explore the data\n\nPick a debate, the date the information is as of (by default the day before the debate: only what was public then is shown), topics, a date range or a search word: the timeline, the counts per topic and the table of events follow at once. The **Surveys** tab draws the chosen surveys one under the other. The export button writes the events shown to a CSV file.\n\nEvery event links to its sources. Nothing here is editorial.')
"""What the explorer is for, above its controls (Markdown, in the explorer's language)."""
LANG_ENV = "DEBATEPREP_LANG"
"""The explorer's language when none is given (set by `debateprep explore --lang`)."""
DEFAULT_START = dt.date(2014, 1, 1)  # the crisis over Crimea; widen the range for earlier events
EXPORT_COLUMNS = ["date", "topic", "title", "description", "sources"]
STYLE = ("<style>.dp-events{border-collapse:collapse;width:100%;line-height:1.35}"
         ".dp-events th,.dp-events td{border-bottom:1px solid #ddd;padding:4px 6px;"
         "vertical-align:top;text-align:left}.dp-events td:first-child{white-space:nowrap}"
         ".dp-tabs .lm-TabBar-tab,.dp-tabs .lm-TabBar-tabLabel{color:#1a1a1a;opacity:1}"
         "</style>")


@dataclass(frozen=True)
class Filters:
    """What the controls ask for."""

    session_id: str
    topics: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    text: str = ""
    since_previous: bool = False


def filter_events(data: Data, filters: Filters) -> pd.DataFrame:
    """The events the filters select, oldest first.

    No topics means every topic; start and end are inclusive; text matches title or description
    (case-insensitive); since_previous keeps only events after the previous debate on the
    session's topics, up to the session's date.
    """
    session = get_session(data, filters.session_id)
    events = data.events
    start = pd.Timestamp(filters.start) if filters.start else None
    end = pd.Timestamp(filters.end) if filters.end else None
    if filters.since_previous:
        previous = previous_session(data, session)
        after = pd.Timestamp(previous.date) + pd.Timedelta(days=1) if previous else None
        bounds = [s for s in (start, after) if s is not None]
        start = max(bounds) if bounds else None
        end = min(end, pd.Timestamp(session.date)) if end is not None else pd.Timestamp(session.date)
    if start is not None:
        events = events[events["date"] >= start]
    if end is not None:
        events = events[events["date"] <= end]
    if filters.topics:
        events = events[events["topic"].isin(filters.topics)]
    if filters.text.strip():
        needle = filters.text.strip().lower()
        text = (events["title"] + " " + events["description"]).str.lower()
        events = events[text.str.contains(needle, regex=False)]
    return events.sort_values(["date", "event_id"]).reset_index(drop=True)


def topic_counts(data: Data, events: pd.DataFrame) -> pd.DataFrame:
    """Events per topic, most first, with the topic's readable label."""
    labels = data.topics.set_index("topic_id")["label"]
    counts = events["topic"].value_counts()
    return pd.DataFrame({_("Topic"): [labels[t] for t in counts.index],
                         _("Events"): counts.values})


def events_html(data: Data, events: pd.DataFrame) -> str:
    """The events as an HTML table; each source is a link to where it was read."""
    urls = data.sources.set_index("source_id")
    labels = data.topics.set_index("topic_id")["label"]
    rows = []
    for _i, row in events.iterrows():
        links = ", ".join(f'<a href="{html.escape(urls.loc[s, "url"])}" target="_blank" '
                          f'rel="noopener">{html.escape(urls.loc[s, "publisher"])}</a>'
                          for s in row["source_ids"])
        rows.append(f"<tr><td>{format_date(row['date'], row['date_precision'])}</td>"
                    f"<td>{html.escape(labels[row['topic']])}</td>"
                    f"<td><b>{html.escape(row['title'])}</b><br>{html.escape(row['description'])}"
                    f"</td><td>{links}</td></tr>")
    if not rows:
        empty = html.escape(_("No events match these filters."))
        return f"<p class='dp-empty'><em>{empty}</em></p>"
    heads = "".join(f"<th>{html.escape(h)}</th>" for h in
                    (_("Date"), _("Topic"), _("What happened"), _("Sources")))
    return (STYLE + f"<table class='dp-events'><thead><tr>{heads}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, 'CSV Injection')."""


def neutralise(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a ' before it."""
    return "'" + text if text.startswith(FORMULA_START) else text


def export_frame(data: Data, events: pd.DataFrame) -> pd.DataFrame:
    """The shown events as they are exported: one row each, sources as addresses, and no cell
    that a spreadsheet would run as a formula."""
    urls = data.sources.set_index("source_id")["url"]
    frame = pd.DataFrame({"date": events["date"].dt.strftime("%Y-%m-%d"),
                          "topic": events["topic"], "title": events["title"],
                          "description": events["description"],
                          "sources": [" ".join(urls[s] for s in ids) for ids in events["source_ids"]]},
                         columns=EXPORT_COLUMNS)
    return frame.map(lambda v: neutralise(v) if isinstance(v, str) else v)


class Explorer:
    """The explorer's controls and linked outputs; `widget` is what a notebook displays."""

    def __init__(self, data: Data | None = None, session_id: str = "",
                 export_dir: Path | str = "", lang: str = "") -> None:
        self.lang = lang or os.environ.get(LANG_ENV, "") or current()
        use(self.lang)
        self.full = localized(data or load_data(), self.lang)
        self.data = self.full  # the data as known on the as-of date (set by _reset_dates)
        self.export_dir = Path(export_dir or os.environ.get(EXPORTS_ENV, "") or "exports")
        ids = session_ids(self.full)
        self.shown = self.full.events.iloc[0:0]
        self._resetting = False
        self._build_controls(ids, session_id if session_id in ids else ids[-1])
        self._build_outputs()
        self._reset_dates()
        self.update()
        for control in (self.session, self.as_of, self.topics, self.start, self.end, self.search,
                        self.since):
            control.observe(self._changed, names="value")
        self.export_button.on_click(self.export)
        self.poll_choice.observe(lambda change: self.update_polls(), names="value")

    def _build_controls(self, ids: list[str], selected: str) -> None:
        sessions = self.full.sessions.set_index("session_id")
        self.session = widgets.Dropdown(
            options=[(f"{format_date(sessions.loc[i, 'date'])}: {sessions.loc[i, 'title']}", i)
                     for i in ids], value=selected, description=_("Debate"),
            layout=widgets.Layout(width="100%"))
        self.topics = widgets.SelectMultiple(
            options=list(zip(self.data.topics["label"], self.data.topics["topic_id"])),
            rows=7, description=_("Topics"))
        self.as_of = widgets.DatePicker(description=_("As of"))
        self.start = widgets.DatePicker(description=_("From"))
        self.end = widgets.DatePicker(description=_("To"))
        self.search = widgets.Text(description=_("Search"),
                                   placeholder=_("a word in title or text"),
                                   continuous_update=True)
        self.since = widgets.Checkbox(description=_("Only since the previous debate"),
                                      indent=False)
        self.export_button = widgets.Button(description=_("Export shown events to CSV"),
                                            icon="download", layout=widgets.Layout(width="auto"))
        for name in ("session", "as_of", "topics", "start", "end", "search", "since",
                     "export_button"):
            getattr(self, name).add_class(f"dp-{name.replace('_', '-')}")

    def _build_outputs(self) -> None:
        self.summary = widgets.HTML().add_class("dp-summary")
        self.chart = widgets.HTML().add_class("dp-chart")
        self.counts = widgets.HTML().add_class("dp-counts")
        self.table = widgets.HTML().add_class("dp-table")
        self.status = widgets.HTML().add_class("dp-status")
        self.poll_choice = widgets.SelectMultiple(options=[], rows=5, description=_("Surveys")
                                                  ).add_class("dp-poll-choice")
        self.polls = widgets.Output().add_class("dp-polls")
        self.polls_shown = False  # the surveys are drawn once their tab is first opened

    def _reset_dates(self) -> None:
        session = self.current_session()
        self.as_of.value = default_as_of(session.date)
        self._use_as_of()
        self.start.value = min(DEFAULT_START, self.as_of.value)
        self.end.value = self.as_of.value

    def _use_as_of(self) -> None:
        """Cut the data to what was public on the as-of date; no later end date."""
        day = self.as_of.value or default_as_of(self.current_session().date)
        self.data = as_of_view(self.full, day, self.session.value)
        if self.end.value and self.end.value > day:
            self.end.value = day
        surveys = list(dict.fromkeys(self.data.polls.sort_values("published")["poll_id"]))
        if list(self.poll_choice.options) != surveys:
            self.poll_choice.options = surveys
            self.poll_choice.value = tuple(surveys[-2:])
            self.update_polls()

    def current_session(self) -> Session:
        """The session picked in the Debate control."""
        return get_session(self.full, self.session.value)

    def filters(self) -> Filters:
        """The controls' current values."""
        return Filters(self.session.value, tuple(self.topics.value), self.start.value,
                       self.end.value, self.search.value, self.since.value)

    def _changed(self, change) -> None:
        if self._resetting:
            return
        if change["owner"] in (self.session, self.as_of):
            self._resetting = True
            try:
                self._reset_dates() if change["owner"] is self.session else self._use_as_of()
            finally:
                self._resetting = False
        self.update()

    def update(self) -> None:
        """Recompute the shown events and redraw every linked output."""
        self.shown = filter_events(self.data, self.filters())
        counts = topic_counts(self.data, self.shown)
        self.counts.value = counts.to_html(index=False, classes="dp-counts-table")
        self.table.value = events_html(self.data, self.shown)
        labels = dict(zip(self.data.topics["topic_id"], self.data.topics["label"]))
        self.chart.value = svg_timeline(self.shown, labels, self.start.value, self.end.value)
        # the summary goes last: when it shows the new count, every other output is updated
        words = html.escape(_("%(shown)s event(s) shown of %(public)d public on %(date)s."))
        self.summary.value = "<p>" + words % {
            "shown": f"<b>{len(self.shown)}</b>", "public": len(self.data.events),
            "date": html.escape(format_date(self.as_of.value))} + "</p>"

    def update_polls(self) -> None:
        """Draw the chosen surveys one under the other, for comparison (once their tab has
        been opened: a page that never shows them does not wait for their charts)."""
        if not self.polls_shown:
            return
        self.polls.clear_output(wait=True)
        with self.polls:
            for poll_id in self.poll_choice.value:
                display(self._poll_chart(poll_id))

    def _poll_chart(self, poll_id: str):
        rows = self.data.polls[self.data.polls["poll_id"] == poll_id]
        first = rows.iloc[0]
        note = _("Question: “%(question)s” · %(population)s") % {
            "question": first["question_en"], "population": first["population"]}
        return stacked_share_chart(answer_table(rows), f"{first['pollster']}, "
                                   f"{format_date(first['published'], 'month')}",
                                   source_note(self.data, first["source_ids"]), note=note)

    def _tab_opened(self, change) -> None:
        if change["new"] == 1 and not self.polls_shown:
            self.polls_shown = True
            self.update_polls()

    def export(self, _button=None) -> Path:
        """Write the shown events to CSV in export_dir; say where, with a download link."""
        frame = export_frame(self.data, self.shown)
        self.export_dir.mkdir(parents=True, exist_ok=True)
        path = self.export_dir / f"{self.session.value}-events.csv"
        text = frame.to_csv(index=False)
        path.write_text(text, encoding="utf-8")
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        done = _("Exported %(count)d event(s) to") % {"count": len(frame)}
        download = html.escape(_("download"))
        self.status.value = (f"<p>{html.escape(done)} <code>"
                             f"{html.escape(str(path.resolve()))}</code> · <a download='"
                             f"{html.escape(path.name)}' href='data:text/csv;base64,{encoded}'>"
                             f"{download}</a></p>")
        return path

    @property
    def widget(self) -> widgets.Widget:
        """The whole explorer: controls on top, tabs with events and surveys below."""
        controls = widgets.VBox([self.session,
                                 widgets.HBox([self.topics, widgets.VBox(
                                     [self.as_of, self.start, self.end, self.search, self.since])]),
                                 widgets.HBox([self.export_button, self.status])])
        events_tab = widgets.VBox([self.summary, self.chart, self.counts, self.table])
        polls_tab = widgets.VBox([widgets.HTML("<p>" + html.escape(_(
            "The surveys asked different questions (for example Europe's versus the "
            "Netherlands' security); compare with care.")) + "</p>"), self.poll_choice, self.polls])
        tabs = widgets.Tab(children=[events_tab, polls_tab], titles=(_("Events"), _("Surveys")))
        tabs.add_class("dp-tabs")
        tabs.observe(self._tab_opened, names="selected_index")
        import mistune
        intro = widgets.HTML(mistune.html(_(INTRO))).add_class("dp-intro")
        return widgets.VBox([intro, controls, tabs]).add_class("dp-explorer")
