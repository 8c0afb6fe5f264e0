"""The chapter modules, on the small fixture data: content, as-of cut-off, escaping."""
from __future__ import annotations

import datetime as dt
import html as html_module
import re

import pytest

from debateprep import UnknownChoiceError

from debateprep.chapters import engagement, issues, letters, opinion, overview, policy, report
from debateprep.chapters.parameters import start_briefing
from debateprep.i18n import _

from conftest import MINI, replace_in


def brief(as_of: str = "", issue: str | None = None, data=MINI, session="2020-09-28-second"):
    return start_briefing(session, as_of, issue=issue, data_dir=data, needs_issue=issue is not None)


def html(obj) -> str:
    return obj.data


def body_rows(markup: str) -> list[list[str]]:
    """The data rows of the first table in markup (cells as text), read by an HTML parser."""
    from html.parser import HTMLParser

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.in_body, self.cell = [], False, None

        def handle_starttag(self, tag, attrs):
            if tag == "tbody":
                self.in_body = True
            elif tag == "tr" and self.in_body:
                self.rows.append([])
            elif tag == "td" and self.in_body:
                self.cell = ""

        def handle_endtag(self, tag):
            if tag == "tbody":
                self.in_body = False
            elif tag == "td" and self.cell is not None:
                self.rows[-1].append(self.cell.strip())
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    parser = Rows()
    parser.feed(markup)
    return parser.rows


def test_parameters_are_checked_before_work():
    with pytest.raises(UnknownChoiceError, match="unknown issue 'crimea' — valid choices: mh17"):
        brief(issue="crimea")
    with pytest.raises(UnknownChoiceError, match="unknown session 'x'"):
        brief(session="x")
    with pytest.raises(UnknownChoiceError, match="unknown as_of date"):
        brief(as_of="28-09-2020")
    assert brief().as_of == dt.date(2020, 9, 27)  # the day before the debate (issue 9)


def test_header_escapes_and_names_as_of(mini_dir):
    replace_in(mini_dir / "sessions.csv", "Second debate", "Second <b>debate</b> & $x$")
    text = html(report.briefing_header(brief("2020-10-01", data=mini_dir)))
    assert "Second &lt;b&gt;debate&lt;/b&gt; &amp; $x$" in text and "<b>debate" not in text
    assert "Information as of 1 October 2020" in text


def test_overview_changes_since_previous_session():
    b = brief()
    assert "since the previous debate on these topics (10 January 2019)" in html(overview.changes_intro(b))
    table = html(overview.changes_events(b))
    assert "Belarus election" in table
    assert "Debate day event" not in table  # the debate's own day is after the as-of date
    assert "After the debate" not in table  # 10 November 2020 is after the as-of date


def test_overview_first_session_uses_twelve_months():
    b = brief(session="2019-01-10-first")
    assert "twelve months before 9 January 2019" in html(overview.changes_intro(b))
    assert "no earlier debate" in html(overview.previous_motions(b)).lower()


def test_motion_outcome_hidden_until_vote():
    text = html(overview.previous_motions(brief(session="2021-05-01-third")))
    assert "no earlier debate" in text.lower()
    b = brief("2020-10-06")
    motions = b.data.motions
    assert "adopted" in html(report.motions_table(b, motions))  # voted on 6 October 2020
    assert list(brief("2020-10-05").data.motions["motion_id"]) == []  # its source came later


def test_questions_are_labelled_editorial():
    text = html(overview.top_questions(brief()))
    assert "Editorial" in text and "Will the minister say what?" in text
    assert "Dialogue matters." not in text  # a talking point, not a question


def test_policy_instruments_and_efp_as_of():
    b = brief("2020-12-31")
    table = html(policy.instruments_table(b))
    assert "NATO eFP (Lithuania)" in table and "People-to-people contacts" in table
    one = policy.efp_chart(b)  # only the 270 of 2017 by then: a sentence, not a flat line
    assert "270" in one.data and "350" not in one.data and "<img" not in one.data
    fig = policy.efp_chart(brief("2022-03-01"))
    assert [t.get_text() for t in fig.axes[0].texts] == ["270", "350"]


def test_opinion_only_published_surveys():
    assert opinion.poll_ids(brief()) == ["p-2020"]
    assert opinion.poll_ids(brief("2022-11-14")) == ["p-2020", "p-2022"]
    table = html(opinion.surveys_table(brief("2022-11-14")))
    assert "more than 1000" in table and "n = 1,500" in table
    assert "1 August 2020 to 31 August 2020" in table


def test_issue_chapter_cut_off():
    b = brief(issue="belarus")
    assert list(issues.issue_events(b)["event_id"]) == ["e-2020-belarus"]
    assert "Belarus election" in html(issues.situation(b))
    assert "No editorial items" in html(issues.questions(b))
    assert "Will the minister" in html(issues.questions(brief(issue="mh17")))


def test_letters_schools_side_by_side():
    b = brief()
    text = html(letters.claims_side_by_side(b))
    left, right = text.split("<tbody>")[1].split("</td>")[:2]
    assert "Talk more" in left and "Push back" in right
    heads = re.findall(r"<th scope='col'>(.*?)</th>", text)  # each column named by its school
    assert heads == [html_module.escape(_(label)) for label in letters.SCHOOLS.values()]
    # each letter (mini data: positions.csv), its title strong, its claims a list under it
    assert left == ("<tr><td><ul><li><strong>Rethink</strong><ul><li>Talk more</li>"
                    "<li>Sanction flexibly</li></ul></li></ul>")
    assert right == "<td><ul><li><strong>No reset</strong><ul><li>Push back</li></ul></li></ul>"
    assert text.startswith("<table class='side-by-side'><thead><tr>")
    assert text.endswith("</td></tr></tbody></table>")
    early = html(letters.claims_side_by_side(brief(as_of="2020-08-06")))  # before letter-2
    none = "<li><em>" + html_module.escape(_("none by this date")) + "</em></li>"
    assert early.split("<tbody>")[1].split("</td>")[1] == f"<td><ul>{none}</ul>"
    assert "over 100" in html(letters.letters_table(b))


def test_engagement_checklist_keywords_and_cut_off():
    b = brief()
    text = html(engagement.checklist(b))
    assert text.count("class='consideration'") == 3
    assert "Belarus election" in text
    assert "Treaty extended" not in text  # 2021, after the as-of date
    assert "Treaty extended" in html(engagement.checklist(brief("2021-06-01")))


def test_data_text_is_escaped(mini_dir):
    replace_in(mini_dir / "events.csv", "Belarus election", "<script>alert(1)</script>")
    b = brief(data=mini_dir)
    text = html(overview.changes_events(b)) + html(engagement.checklist(b))
    assert "<script>" not in text and "&lt;script&gt;" in text


def test_sources_section_numbers_what_was_cited():
    b = brief()
    overview.changes_events(b)
    text = html(report.sources_section(b.sources))
    assert text.count("<li>") == len(b.sources.ids) > 0



def test_eu_responses_leave_out_what_the_dutch_did():
    from debateprep.chapters import issues
    from debateprep.chapters.parameters import start_briefing
    b = start_briefing("2020-09-28-russia-strategy", "", "belarus", "", needs_issue=True)
    dutch, eu = issues.dutch_actions(b).data, issues.eu_nato_responses(b).data
    assert "Blok writes to the Kamer on the Belarus election" in dutch
    assert "Blok writes to the Kamer" not in eu
    assert "EU: Lukashenko's new mandate lacks democratic legitimacy" in [
        cell for row in body_rows(eu) for cell in row]


def test_the_cover_lists_only_the_latest_changes_and_says_how_many_more():
    from debateprep.chapters import overview
    from debateprep.chapters.parameters import start_briefing
    b = start_briefing("2020-11-11-foreign-affairs-budget")
    text = overview.changes_events(b, latest=3).data
    assert len(body_rows(text)) == 3
    latest = b.data.events[b.data.events["topic"].isin(b.session.topics)].sort_values(
        ["date", "event_id"]).iloc[-1]
    assert latest["title"].replace("'", "&#x27;") in text  # the latest one is kept
    assert "The 3 most recent of" in text


def test_the_actors_column_decides_the_tables_not_the_words(mini_dir):
    """An event whose words name the EU but in which only the Dutch government acts is a Dutch
    act; selection reads the data's actors, never the (two-language) text."""
    text = (mini_dir / "events.csv").read_text(encoding="utf-8")
    line = next(l for l in text.splitlines() if l.startswith("e-2020-belarus,"))
    fields = next(__import__("csv").reader([line]))
    header = text.splitlines()[0].split(",")
    fields[header.index("title")] = "The EU and NATO are named here"
    fields[header.index("actors")] = "netherlands"
    import csv, io
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    replace_in(mini_dir / "events.csv", line, out.getvalue())
    b = brief(issue="belarus", data=mini_dir)
    assert "The EU and NATO are named here" in issues.dutch_actions(b).data
    assert "The EU and NATO are named here" not in issues.eu_nato_responses(b).data


def test_page_one_says_where_the_record_ends():
    """A brief dated long after the last recorded fact says so on page 1, with the date of
    that fact (read from the CSV files here, not from the chapter's code)."""
    import csv
    from debateprep.chapters import summary
    from debateprep.chapters.parameters import start_briefing
    from conftest import DATA
    dates = []
    for name, column in (("events", "date"), ("measures", "date"), ("polls", "published"),
                         ("government_lines", "date"), ("motions", "date"),
                         ("votes", "vote_date"), ("commitments", "date")):
        with open(DATA / f"{name}.csv", encoding="utf-8") as f:
            dates += [r[column] for r in csv.DictReader(f) if r[column] <= "2026-12-06"]
    last = max(dates)
    b = start_briefing("2026-03-12-foreign-affairs-council", "2026-12-06", data_dir=DATA)
    assert summary.record_ends(b).isoformat() == last
    text = html(summary.debate(b))
    day = dt.date.fromisoformat(last)
    assert f"{day.day} {day:%B} {day.year}" in text and "does not mean nothing happened" in text
    fresh = start_briefing("2026-03-12-foreign-affairs-council", "", data_dir=DATA)
    assert "does not mean nothing happened" not in html(summary.debate(fresh))
    assert "ends on" in html(summary.debate(fresh))


def test_the_alerts_own_view_is_shown_apart_from_its_agenda_and_labelled(mini_dir):
    # one row of the mini alert becomes part of its assessment (dated 22 December 2019)
    replace_in(mini_dir / "considerations.csv", "probably wise.,agenda", "probably wise.,assessment")
    b = brief(data=mini_dir)
    view = html(letters.alert_view(b))
    assert view.startswith("<div class='alert-view'><p class='label'><strong>The alert&#x27;s "
                           "view, not established fact")
    assert "<strong>Belarus as a testing ground.</strong>" in view and "Arctic" not in view
    agenda = html(engagement.checklist(b))
    assert "Belarus as a testing ground" not in agenda and "Common-ground topics" in agenda
    assert b.sources.shown["considerations"].count("belarus") == 1  # recorded once, by the view
    early = html(letters.alert_view(brief("2019-12-21", data=mini_dir)))
    assert "assessment was not yet published by this date." in early and "<li>" not in early


def test_the_surveys_table_puts_the_newest_first_and_gives_a_single_figure_itself(mini_dir,
                                                                                 monkeypatch):
    # p-2022 keeps one published figure (71% Agree); p-2020 keeps its three answers
    text = (mini_dir / "polls.csv").read_text(encoding="utf-8").splitlines()
    (mini_dir / "polls.csv").write_text("\n".join(l for l in text if not (
        l.startswith("p-2022") and ",Disagree," in l)) + "\n", encoding="utf-8")
    b = brief("2022-11-14", data=mini_dir)
    rows = body_rows(html(opinion.surveys_table(b)))
    assert [r[1] for r in rows] == ["Vraag 2?", "Vraag?"]  # newest first
    assert "71%: Agree" in rows[0] and "see the chart below" in rows[1]
    only_charted = html(opinion.surveys_table(brief("2021-01-01", data=mini_dir)))
    assert "<th>Result</th>" not in only_charted and "<th>Sample</th>" in only_charted
    assert "<th>Result</th>" in html(opinion.surveys_table(b))
    shown: list = []
    monkeypatch.setattr(opinion, "display", shown.append)
    opinion.all_poll_charts(b)
    assert len(shown) == 2  # the chart of p-2020, then the sentence on p-2022
    assert "one published figure" in shown[1].data
