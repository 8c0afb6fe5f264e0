"""Property-based: any text in any free-text column is either accepted and shown as text, or
refused with a line naming the cell. Never a traceback, never read as markup.

Hypothesis puts markup, `$…$`, quotes, newlines, right-to-left and combining characters,
control characters and very long words into the free-text columns of the small fixture data.
"""
from __future__ import annotations

import csv
import html
import io
import shutil
import tempfile
from pathlib import Path

import matplotlib
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from debateprep import load_data
from debateprep.chapters.charts import timeline_chart
from debateprep.chapters.report import bullets, table
from debateprep.data.schema import TABLES
from debateprep.data.validation import check_data

from conftest import MINI

matplotlib.use("Agg")

PIECES = st.sampled_from(["<script>alert(1)</script>", "$x^{$", "$\\alpha$", "\"", "'", "&amp;",
                          "\n", "\r\n", "\u202eevil", "مرحبا", "e\u0301", "\u0000", "\t",
                          "=HYPERLINK(1)", "x" * 300, "]]>", "{{ x }}", "%s", "\\"])
HOSTILE = st.lists(st.one_of(PIECES, st.text(max_size=20)), min_size=1, max_size=6).map("".join)

FREE_TEXT = [(name, col.name) for name, t in TABLES.items() for col in t.columns
             if col.kind == "text" and not col.choices and name in ("events", "sessions",
                                                                      "motions", "polls")]


def write_cell(folder: Path, table: str, column: str, value: str) -> int:
    """Put value into column of the first data row of table; return that row's line."""
    path = folder / f"{table}.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[0][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(FREE_TEXT), text=HOSTILE)
def test_any_text_is_accepted_and_escaped_or_refused_by_cell(where, text):
    table_name, column = where
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(MINI, folder)
        write_cell(folder, table_name, column, text)
        checked = check_data(folder)
        if not checked.ok:
            for problem in checked.problems:  # every problem points at a place in a file
                assert problem.file.endswith(".csv")
                assert problem.line is not None
            assert any(p.file.endswith(f"{table_name}.csv") for p in checked.problems)
            return
        data = load_data(folder)
        frame = data.table(table_name)
        stored = frame[column].iloc[0]
        assert stored == text.strip()
        shown = table(frame[[column]]).data + bullets([stored]).data
        assert "<script>" not in shown
        if stored:
            assert html.escape(stored, quote=False).replace("\n", "") [:40] in shown.replace(
                "\n", "").replace("&#x27;", "'").replace("&quot;", '"')
        events = data.events.assign(title=stored if table_name == "events" else "x")
        fig = timeline_chart(events, {t: t for t in events["topic"]}, stored or "t", stored)
        fig.savefig(io.BytesIO(), format="png")
        matplotlib.pyplot.close(fig)


@pytest.mark.parametrize("table_name,column", FREE_TEXT)
def test_the_free_text_columns_cover_every_table_tried(table_name, column):
    assert column in [c.name for c in TABLES[table_name].columns]
