"""Charts in the house style: readable on A4 and in grayscale, with title, units and source.

Every chart function returns a matplotlib Figure whose bottom line names its sources.
"""
from __future__ import annotations

import datetime as dt
import html
import textwrap
from contextlib import contextmanager
from typing import Iterator

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from debateprep.i18n import _, current, format_date, format_number
from matplotlib.figure import Figure

A4_WIDTH_IN = 6.7  # printable width of an A4 page with 2 cm margins, in inches
GRAYS = ("#1a1a1a", "#5c5c5c", "#9a9a9a", "#cfcfcf", "#3b3b3b", "#7b7b7b", "#b5b5b5")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">", "p", "d", "8")
HATCHES = ("", "///", "...", "xx", "\\\\\\", "oo", "++")
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "figure.dpi": 150,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "hatch.linewidth": 0.6,
    "text.parse_math": False,  # data text is never markup: '$x^2$' in a label stays as typed
}


# Data text is never markup: tick labels are made when a figure is drawn, after the house
# style's context has ended, so the switch is set for the whole process too.
plt.rcParams["text.parse_math"] = False


def describe(fig: Figure) -> str:
    """What a chart draws, as text: titles, bars (position and size), marks, labels. Shown as
    the chart's plain-text form in a notebook, so nbval compares a chart by its data (a wrong
    bar or a missing mark changes it), while HTML and PDF show the picture."""
    lines = []
    for ax in fig.axes:
        lines.append(f"axes: {ax.get_title()!r} x={ax.get_xlabel()!r} y={ax.get_ylabel()!r}")
        for patch in ax.patches:
            if hasattr(patch, "get_width"):
                lines.append(f"  bar x={patch.get_x():.4g} y={patch.get_y():.4g} "
                             f"w={patch.get_width():.4g} h={patch.get_height():.4g}")
        for line in ax.lines:
            xs, ys = line.get_xdata(), line.get_ydata()
            lines.append(f"  line {len(xs)} points: {list(map(str, xs))[:12]} {list(map(str, ys))[:12]}")
        for coll in ax.collections:
            lines.append(f"  marks {len(coll.get_offsets())}: "
                         + " ".join(f"({x:.6g},{y:.6g})" for x, y in coll.get_offsets()[:40]))
        lines += [f"  text {t.get_text()!r}" for t in ax.texts]
        lines.append("  yticks " + "|".join(t.get_text() for t in ax.get_yticklabels()))
    lines += [f"note {t.get_text()!r}" for t in fig.texts]
    return "\n".join(lines)


DESCRIPTION = "_debateprep_description"
"""The attribute holding a chart's description for readers (see `described`)."""


def described(fig: Figure, text: str) -> Figure:
    """Give the chart its description for readers, made from the data it draws: the image's
    alt text in HTML, PDF and Word, and its caption."""
    setattr(fig, DESCRIPTION, text)
    return fig


def description(fig: Figure) -> str:
    """The chart's description, or its title where none was given (never a placeholder)."""
    given = getattr(fig, DESCRIPTION, "")
    if given:
        return given
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "; ".join(titles) or _("A chart without a description.")


def _png(fig: Figure):
    """The chart as PNG (as the inline backend draws it), with its description as alt text."""
    from IPython.core.pylabtools import print_figure
    return print_figure(fig, "png", bbox_inches="tight"), {"alt": description(fig)}


def _register_plain_text() -> None:
    """In a notebook kernel, show figures' plain-text form as `describe` gives it, and their
    PNG with the chart's description as its alt text."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/plain"].for_type(
            Figure, lambda fig, printer, cycle: printer.text(describe(fig)))
        shell.display_formatter.formatters["image/png"].for_type(Figure, _png)


_register_plain_text()


@contextmanager
def house_style() -> Iterator[None]:
    """Apply the house style to the charts made inside the with-block (and keep the charts'
    plain-text form registered)."""
    with plt.rc_context(STYLE):
        yield
    # matplotlib's inline backend drops every formatter for figures when it starts (on the
    # first chart), so the plain-text form is registered again after each chart is made
    _register_plain_text()


def add_source_line(fig: Figure, text: str) -> None:
    """Write the source line under the chart, small and left-aligned."""
    # wrapped here, not by matplotlib: its wrapping measures text as mathtext whenever it
    # holds two '$', even with mathtext switched off
    width = max(40, int(fig.get_figwidth() * 20))
    wrapped = "\n".join(textwrap.fill(line, width) for line in text.splitlines())
    fig.text(0.01, -0.02, wrapped, ha="left", va="top", fontsize=7.5,
             color="#333333")


def timeline_chart(events: pd.DataFrame, labels: dict[str, str], title: str, source: str,
                   start: dt.date | None = None, end: dt.date | None = None,
                   lane: str = "topic") -> Figure:
    """Events as marks on one lane per value of the lane column (topic by default).

    labels maps each lane value to its readable name, in the order the lanes are drawn.
    """
    topics = [t for t in labels if t in set(events[lane])]
    with house_style():
        fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 0.9 + 0.42 * max(len(topics), 1)))
        for row_no, topic in enumerate(topics):
            rows = events[events[lane] == topic]
            ax.scatter(rows["date"], [row_no] * len(rows), marker=MARKERS[row_no % len(MARKERS)],
                       s=34, color=GRAYS[row_no % 3], edgecolor="black", linewidth=0.5, zorder=3)
        ax.set_yticks(range(len(topics)), [labels[t] for t in topics])
        ax.set_ylim(-0.7, len(topics) - 0.3)
        ax.invert_yaxis()
        ax.set_xlim(*_padded_range(events["date"], start, end))
        _date_axis(ax)
        ax.set_xlabel(_("Date (each mark is one event)"))
        ax.set_title(title)
        ax.grid(axis="y", visible=False)
        add_source_line(fig, source)
        fig.tight_layout()
    plt.close(fig)
    return described(fig, timeline_description(events, [labels[t] for t in topics], title))


def timeline_description(events: pd.DataFrame, lanes: list[str], title: str) -> str:
    """'Title: 9 events from 17 July 2014 to 15 October 2020 (MH17); the latest, on 15
    October 2020: Russia withdraws from the MH17 talks.'"""
    if events.empty:
        return _("%(title)s: no events to draw.") % {"title": title}
    ordered = events.sort_values("date")
    last = ordered.iloc[-1]
    words = (_("%(title)s: %(count)d events from %(first)s to %(last)s (%(lanes)s); the latest, "
               "on %(date)s: %(latest)s.") if "title" in events else
             _("%(title)s: %(count)d decisions from %(first)s to %(last)s (%(lanes)s); the "
               "latest, on %(date)s: %(latest)s."))  # measures: decisions, not events
    return words % {
        "title": title, "count": len(events), "first": format_date(ordered["date"].iloc[0].date()),
        "last": format_date(last["date"].date()), "lanes": ", ".join(lanes),
        "date": format_date(last["date"].date()),
        "latest": last["title"] if "title" in last else last["description"]}


def _padded_range(dates: pd.Series, start: dt.date | None,
                  end: dt.date | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The x range of a timeline: the events (and start/end), padded so no mark sits on an edge;
    at least about two months wide, so one event still gets a readable axis."""
    stamps = pd.to_datetime(dates)
    low = min([stamps.min()] + ([pd.Timestamp(start)] if start else []))
    high = max([stamps.max()] + ([pd.Timestamp(end)] if end else []))
    pad = max((high - low) * 0.03, pd.Timedelta(days=30) - (high - low) / 2, pd.Timedelta(days=3))
    return low - pad, high + pad


def _date_axis(ax) -> None:
    """Date ticks in the language in use: a year alone on 1 January, else 'mrt. 2014'."""
    from matplotlib.ticker import FuncFormatter
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)

    def label(value, _pos=None) -> str:
        day = mdates.num2date(value).date()
        return str(day.year) if (day.month, day.day) == (1, 1) else _month(day)
    ax.xaxis.set_major_formatter(FuncFormatter(label))


def _month(day) -> str:
    """'mrt. 2014' / 'Mar 2014': the short month and the year, in the language in use."""
    from babel.dates import format_date as babel_date
    return babel_date(day, "MMM y", locale=current())


def stacked_share_chart(shares: pd.DataFrame, title: str, source: str, note: str = "",
                        xlabel: str | None = None) -> Figure:
    """100%-bars: one bar per row label (index), one segment per answer (column), in %."""
    with house_style():
        fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 1.3 + 0.45 * len(shares)))
        left = pd.Series(0.0, index=shares.index)
        for i, answer in enumerate(shares.columns):
            values = shares[answer].fillna(0)
            bars = ax.barh(list(shares.index), values, left=left, color=GRAYS[i % len(GRAYS)],
                           hatch=HATCHES[i % len(HATCHES)], edgecolor="black", linewidth=0.5,
                           label=answer)
            dark = GRAYS[i % len(GRAYS)] in GRAYS[:2] or GRAYS[i % len(GRAYS)] == GRAYS[4]
            for bar, value in zip(bars, values):
                if value >= 6:
                    ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2,
                            f"{value:g}%", ha="center", va="center", fontsize=8,
                            color="white" if dark else "black",
                            bbox=None if dark else dict(boxstyle="round,pad=0.15", fc="white",
                                                        ec="none", alpha=0.8))
            left = left + values
        ax.set_xlim(0, 100)
        ax.set_xlabel(xlabel or _("Share of respondents (%)"))
        ax.invert_yaxis()
        ax.grid(axis="y", visible=False)
        ax.legend(ncols=min(len(shares.columns), 4), loc="lower left", bbox_to_anchor=(0, 1.0),
                  frameon=False, fontsize=8, borderaxespad=0.2)
        ax.set_title(title, pad=24)
        add_source_line(fig, "\n".join(t for t in (note, source) if t))
        fig.tight_layout()
    plt.close(fig)
    return described(fig, shares_description(shares, title))


def shares_description(shares: pd.DataFrame, title: str) -> str:
    """'Title, shares of respondents (%): All respondents: Agree 35, Neutral 38, Disagree 27;
    highest: Neutral among All respondents (38), lowest: Disagree among All respondents (27).'"""
    if shares.empty:
        return _("%(title)s: no shares to draw.") % {"title": title}
    rows = ["%s: %s" % (group, ", ".join(f"{answer} {format_number(value)}"
                                         for answer, value in row.dropna().items()))
            for group, row in shares.iterrows()]
    stacked = shares.stack()
    (top_group, top_answer), (low_group, low_answer) = stacked.idxmax(), stacked.idxmin()
    return _("%(title)s, shares of respondents (%%): %(rows)s; highest: %(top)s among "
             "%(top_group)s (%(top_value)s), lowest: %(low)s among %(low_group)s "
             "(%(low_value)s).") % {
        "title": title, "rows": "; ".join(rows), "top": top_answer, "top_group": top_group,
        "top_value": format_number(stacked.max()), "low": low_answer, "low_group": low_group,
        "low_value": format_number(stacked.min())}


def step_chart(values: pd.DataFrame, title: str, unit: str, source: str,
               end: dt.date | None = None) -> Figure:
    """A quantity over time (columns 'date' and 'value') as a step line with labelled points."""
    values = values.sort_values("date")
    with house_style():
        fig, ax = plt.subplots(figsize=(A4_WIDTH_IN, 2.6))
        dates = list(values["date"]) + ([pd.Timestamp(end)] if end else [])
        levels = list(values["value"]) + ([values["value"].iloc[-1]] if end else [])
        ax.step(dates, levels, where="post", color="black", linewidth=1.4)
        ax.scatter(values["date"], values["value"], color="black", s=18, zorder=3)
        previous = None
        for date, value in zip(values["date"], values["value"]):
            if value != previous:  # a level is labelled where it starts, not at each repeat
                ax.annotate(format_number(value), (date, value), textcoords="offset points",
                            xytext=(0, 6), ha="center", fontsize=8)
            previous = value
        ax.set_ylim(0, max(levels) * 1.25 if levels else 1)
        ax.set_ylabel(unit)
        _date_axis(ax)
        ax.set_xlabel(_("Date"))
        ax.set_title(title)
        add_source_line(fig, source)
        fig.tight_layout()
    plt.close(fig)
    return described(fig, step_description(values, title, unit))


def step_description(values: pd.DataFrame, title: str, unit: str) -> str:
    """'Title: from 250 on 7 February 2017 to 350 on 1 July 2020 (troops); highest 350 (1 July
    2020), lowest 250 (7 February 2017).'"""
    if values.empty:
        return _("%(title)s: no values to draw.") % {"title": title}
    ordered = values.sort_values("date")
    top = ordered.loc[ordered["value"].idxmax()]
    low = ordered.loc[ordered["value"].idxmin()]

    def day(row) -> str:
        return format_date(pd.Timestamp(row["date"]).date())
    return _("%(title)s: from %(first)s on %(first_date)s to %(last)s on %(last_date)s "
             "(%(unit)s); highest %(top)s (%(top_date)s), lowest %(low)s (%(low_date)s).") % {
        "title": title, "unit": unit,
        "first": format_number(ordered["value"].iloc[0]), "first_date": day(ordered.iloc[0]),
        "last": format_number(ordered["value"].iloc[-1]), "last_date": day(ordered.iloc[-1]),
        "top": format_number(top["value"]), "top_date": day(top),
        "low": format_number(low["value"]), "low_date": day(low)}


def svg_timeline(events: pd.DataFrame, labels: dict[str, str], start: dt.date | None,
                 end: dt.date | None, width: int = 900) -> str:
    """Events as marks on one lane per topic, as inline SVG: fast enough to redraw on every
    change in the explorer, sharp at any zoom, and each mark names its event on hover."""
    if events.empty:
        return "<p><em>" + html.escape(_("Nothing to draw.")) + "</em></p>"
    low, high = _padded_range(events["date"], start, end)
    lanes = [t for t in labels if t in set(events["topic"])]
    left, right, top, lane_h = 170, 20, 30, 26
    height = top + lane_h * len(lanes) + 40
    span = (high - low).total_seconds()

    def x(day) -> float:
        return left + (pd.Timestamp(day) - low).total_seconds() / span * (width - left - right)

    named = html.escape(timeline_description(events, [labels[t] for t in lanes],
                                             _("Events shown (%(count)d)") % {"count": len(events)}),
                        quote=True)
    parts = [f"<svg class='dp-timeline' xmlns='http://www.w3.org/2000/svg' width='{width}' "
             f"height='{height}' viewBox='0 0 {width} {height}' role='img' aria-label='{named}' "
             f"font-family='DejaVu Sans, sans-serif' font-size='12'>",
             f"<text x='{left}' y='18' font-weight='bold' font-size='14'>"
             + html.escape(_("Events shown (%(count)d)") % {"count": len(events)}) + "</text>"]
    for tick, label in _ticks(low, high):
        px = x(tick)
        parts.append(f"<line x1='{px:.1f}' x2='{px:.1f}' y1='{top}' y2='{height - 30}' "
                     f"stroke='#ddd'/><text x='{px:.1f}' y='{height - 14}' "
                     f"text-anchor='middle'>{label}</text>")
    for row, topic in enumerate(lanes):
        y = top + lane_h * row + lane_h / 2
        parts.append(f"<text x='{left - 8}' y='{y + 4:.1f}' text-anchor='end'>"
                     f"{html.escape(labels[topic])}</text>")
        for _i, event in events[events["topic"] == topic].iterrows():
            parts.append(f"<circle cx='{x(event['date']):.1f}' cy='{y:.1f}' r='5' "
                         f"fill='{GRAYS[row % 3]}' stroke='black' stroke-width='0.6'><title>"
                         f"{html.escape(format_date(event['date'].date()))}: "
                         f"{html.escape(event['title'])}</title></circle>")
    axis = html.escape(_("Date (each mark is one event; hover for its title)"))
    parts.append(f"<text x='{left}' y='{height - 1}' font-size='11' fill='#444'>{axis}</text></svg>")
    return "".join(parts)


def _ticks(low: pd.Timestamp, high: pd.Timestamp, most: int = 10) -> list[tuple[pd.Timestamp, str]]:
    """Axis ticks inside low..high: round years, or the first days of months for short spans."""
    years = [pd.Timestamp(year=y, month=1, day=1) for y in range(low.year, high.year + 1)]
    years = [t for t in years if low <= t <= high]
    if len(years) >= 2:
        step = max(1, -(-len(years) // most))
        return [(t, str(t.year)) for t in years if t.year % step == 0]
    months = list(pd.date_range(low.normalize(), high, freq="MS"))
    step = max(1, -(-len(months) // 6))
    return [(t, _month(t.date())) for t in months[::step]]
