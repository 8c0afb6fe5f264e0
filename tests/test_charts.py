"""Charts: title, axis units, a source line, and grayscale-safe colours."""
from __future__ import annotations

import datetime as dt

import matplotlib.colors as mcolors
import pandas as pd

from debateprep.chapters.charts import stacked_share_chart, step_chart, timeline_chart


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts]


def is_gray(color) -> bool:
    r, g, b, _ = mcolors.to_rgba(color)
    return abs(r - g) < 1e-6 and abs(g - b) < 1e-6


def test_timeline_chart(mini):
    labels = dict(zip(mini.topics["topic_id"], mini.topics["label"]))
    fig = timeline_chart(mini.events, labels, "Timeline", "Source: NOS",
                         end=dt.date(2021, 12, 31))
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Timeline"
    assert "Date" in ax.get_xlabel()
    assert "Source: NOS" in texts(fig)
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    assert lanes == [labels[t] for t in labels if t in set(mini.events["topic"])]
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(mini.events)
    assert all(is_gray(c.get_facecolor()[0]) for c in ax.collections)


def test_stacked_share_chart(mini):
    shares = mini.polls.pivot_table(index="poll_id", columns="answer", values="share_pct")
    fig = stacked_share_chart(shares[["Agree", "Neutral", "Disagree"]], "Threat", "Source: X",
                              note="Different questions")
    ax = fig.axes[0]
    assert ax.get_xlabel() == "Share of respondents (%)"
    assert texts(fig) == ["Different questions\nSource: X"]
    labels = sorted(t.get_text() for t in ax.texts)
    assert labels == sorted(["35%", "38%", "27%", "71%", "14%"])
    assert all(is_gray(p.get_facecolor()) for p in ax.patches)


def test_step_chart(mini):
    values = mini.measures.dropna(subset=["value"])[["date", "value"]]
    fig = step_chart(values, "Troops", "Troops (number)", "Source: NOS", end=dt.date(2023, 1, 1))
    ax = fig.axes[0]
    assert ax.get_ylabel() == "Troops (number)"
    assert [t.get_text() for t in ax.texts] == ["270", "350"]
    assert ax.get_ylim()[1] > 350


def test_timeline_range_keeps_every_mark_off_the_edges():
    import datetime as dt
    from debateprep.chapters.charts import _padded_range
    one = pd.Series(["2020-09-27"])
    low, high = _padded_range(one, None, dt.date(2020, 9, 28))
    assert high - low >= pd.Timedelta(days=59)
    assert low < pd.Timestamp("2020-09-27") and high > pd.Timestamp("2020-09-28")
    many = pd.Series(["2014-07-17", "2020-07-10"])
    low, high = _padded_range(many, None, None)
    assert low < pd.Timestamp("2014-07-17") and high > pd.Timestamp("2020-07-10")
    assert high - low < pd.Timedelta(days=2600)


def test_svg_timeline_marks_each_event_and_escapes_titles():
    import datetime as dt
    from debateprep.chapters.charts import svg_timeline
    events = pd.DataFrame({"date": pd.to_datetime(["2020-08-20", "2020-09-02", "2020-09-27"]),
                           "topic": ["navalny", "navalny", "nagorno-karabakh"],
                           "title": ["Falls ill", "<script>x</script>", "Fighting"]})
    svg = svg_timeline(events, {"navalny": "Navalny", "nagorno-karabakh": "Nagorno-Karabakh",
                                "mh17": "MH17"}, None, dt.date(2020, 9, 28))
    assert svg.count("<circle") == 3 and "<script>" not in svg and "&lt;script&gt;" in svg
    assert ">Navalny</text>" in svg and ">MH17</text>" not in svg
    assert ">Sep 2020</text>" in svg  # a short span gets month ticks, not an empty axis
    assert "Nothing to draw" in svg_timeline(events.iloc[0:0], {}, None, None)


def test_a_step_chart_labels_a_level_once_where_it_starts():
    values = pd.DataFrame({"date": pd.to_datetime(["2018-03-16", "2021-11-05", "2022-02-09",
                                                   "2024-05-06"]),
                           "value": [250, 350, 350, 300]})
    fig = step_chart(values, "Troops", "Troops (number)", "Source: X")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.texts] == ["250", "350", "300"]
    assert [float(t.xy[1]) for t in ax.texts] == [250.0, 350.0, 300.0]
