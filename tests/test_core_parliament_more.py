"""The Kamer in the brief (chapters.parliament), pinned row by row to a richer variant of the
mini data: more parties, two motions of the previous debate with a recorded vote by every
party, motions filed since that debate, and commitments open, overdue, withdrawn and unknown.

Expected values come from the rows written below (read by eye), tests/fixtures/mini/*.csv,
the docstrings of parliament.py and the Dutch catalog. Facts used throughout:

- sources: s-kamer published 2020-10-06, s-news 2019-12-22; citations are numbered in the
  order a fresh source list first cites them ('\u2060[1]', ...);
- in the rich data the third debate (2021-05-01, as-of 30 April 2021) is also on engagement,
  so its previous debate is the second (28 September 2020);
- seats (rich): PvdA 70, VVD 50, SP 9, D66 6, CDA 6, GL 4, PVV 3, CU 2 (150); VVD, D66, CDA
  and CU are the coalition.
"""
from __future__ import annotations

import dataclasses
import functools
import html
import re
import shutil

import pandas as pd
import pytest
from matplotlib.colors import to_hex

from debateprep import i18n
from debateprep.chapters import parliament
from debateprep.chapters.briefing import SourceList
from debateprep.chapters.charts import GRAYS, HATCHES, description
from debateprep.chapters.parameters import start_briefing

from conftest import MINI, append_row, replace_in

FIRST, SECOND, THIRD = "2019-01-10-first", "2020-09-28-second", "2021-05-01-third"
C1, C2 = "\u2060[1]", "\u2060[2]"

PARTIES = """party,name,seats,start_date,end_date,coalition,source_ids
PvdA,Partij van de Arbeid,70,2019-01-01,,no,s-kamer
VVD,Volkspartij voor Vrijheid en Democratie,50,2019-01-01,,yes,s-kamer
SP,Socialistische Partij,9,2019-01-01,,no,s-kamer
D66,Democraten 66,6,2019-01-01,,yes,s-kamer
CDA,Christen-Democratisch Appel,6,2019-01-01,,yes,s-kamer
GL,GroenLinks,4,2019-01-01,,no,s-kamer
PVV,Partij voor de Vrijheid,3,2019-01-01,,no,s-kamer
CU,ChristenUnie,2,2019-01-01,,yes,s-kamer
"""
# the Ploumen motion (kst-35373-14): for 85 (PvdA 70, SP 9, CDA 6), against 65;
# the Van der Lee motion (kst-35373-9): for 24 (SP 9, D66 6, GL 4, PVV 3, CU 2), against 126.
VOTES = """motion_id,party,vote,seats,vote_date,source_ids
kst-35373-14,PvdA,for,70,2020-10-06,s-kamer
kst-35373-14,VVD,against,50,2020-10-06,s-kamer
kst-35373-14,SP,for,9,2020-10-06,s-kamer
kst-35373-14,D66,against,6,2020-10-06,s-kamer
kst-35373-14,CDA,for,6,2020-10-06,s-kamer
kst-35373-14,GL,against,4,2020-10-06,s-kamer
kst-35373-14,PVV,against,3,2020-10-06,s-kamer
kst-35373-14,CU,against,2,2020-10-06,s-kamer
kst-35373-9,CU,for,2,2020-10-06,s-news
kst-35373-9,PvdA,against,70,2020-10-06,s-news
kst-35373-9,PVV,for,3,2020-10-06,s-news
kst-35373-9,GL,for,4,2020-10-06,s-news
kst-35373-9,D66,for,6,2020-10-06,s-news
kst-35373-9,VVD,against,50,2020-10-06,s-news
kst-35373-9,SP,for,9,2020-10-06,s-news
kst-35373-9,CDA,against,6,2020-10-06,s-news
"""
LONG = "Motie Van der Lee over sancties tegen Belarus nu"  # 48 characters
VAN_DER_LEE = (f"kst-35373-9,35373-9,{SECOND},2020-09-28,{LONG},Asks for sanctions.,"
               "Van der Lee;Sjoerdsma;Snels,GL;D66;GL,engagement,rejected,2020-10-06,ontraden,"
               "s-news,,,,,,NL Asks for sanctions.,")
SINCE = [  # motions filed after the second debate, and two that are not in its window
    "kst-35373-100,35373-100,2020-11-10-fourth,2020-11-10,Motie Koopmans,Asks for talks.,"
    "Koopmans,VVD,arms-control,adopted,2020-11-17,oordeel-kamer,s-news,,reported,2020-12-01,s-kamer,,"
    "NL Asks for talks.,",
    "kst-35373-21,35373-21,,2020-11-10,Motie Sjoerdsma,Asks for a treaty.,Sjoerdsma;Jetten;"
    "Van Dijk,D66;D66;SP,engagement,unknown,,,s-news,Wetgevingsoverleg,,,,,NL Asks for a treaty.,",
    "kst-35373-5,35373-5,,2021-04-30,Motie Jasper,Asks for a letter.,Jasper,PVV,engagement,"
    "unknown,,,s-kamer,,,,,,NL Asks for a letter.,",
    "kst-35373-30,35373-30,,2020-11-10,Motie Off,Asks off topic.,Off,SP,belarus,unknown,,,"
    "s-news,,,,,,NL Asks off topic.,",
    "kst-35373-31,35373-31,,2020-09-28,Motie Same day,Asks on the day.,Day,SP,engagement,"
    "unknown,,,s-news,,,,,,NL Asks on the day.,",
]
COMMITMENTS = [
    ',2020-10-01,"Minister B, Foreign Affairs",,,Will send the report.,,open,,s-news,'
    "Commissiedebat X,2021-01-31,,letter,NL Will send the report.,,Minister B",
    f"{SECOND},2020-09-28,Minister B,Sjoerdsma,D66,Will visit Moscow.,,open,,s-kamer,,"
    "2021-04-30,,register,NL Will visit Moscow.,,Minister B",
    ",2020-10-02,Minister B,,,Will phone Minsk.,in October,withdrawn,2021-01-15,s-news,,"
    "2020-10-31,s-news,news,NL Will phone Minsk.,NL in oktober,Minister B",
    f"{FIRST},2019-01-10,Minister A,,,Old promise.,,withdrawn,2020-06-01,s-news,,,s-news,"
    "report,NL Old promise.,,Minister A",
    ",2020-10-03,Minister B,,,Will consider it.,,unknown,,s-news,,,,news,"
    "NL Will consider it.,,Minister B",
    f"{SECOND},2020-09-28,Minister B,,,Will ask.,,withdrawn,2020-09-28,s-news,,,s-news,report,"
    "NL Will ask.,,Minister B",  # withdrawn on the day of the previous debate: not shown
    ",2020-10-05,Minister C,,,Will report on talks with BENELUX.,by the end of 2020,open,,"
    "s-news,,2020-12-31,,news,NL Will report on talks with BENELUX.,NL voor het einde van 2020,Minister C",
]


def make_rich(target):
    (target / "parties.csv").write_text(PARTIES, encoding="utf-8")
    (target / "votes.csv").write_text(VOTES, encoding="utf-8")
    replace_in(target / "sessions.csv", "Minister C,,arms-control,",
               "Minister C,,arms-control;engagement,")
    append_row(target / "sessions.csv", "2020-11-10-fourth,2020-11-10,commissiedebat,Fourth "
               "debate,,Minister C,,belarus,s-news,NL Fourth debate,NL Minister C")
    append_row(target / "motions.csv", VAN_DER_LEE)
    for row in SINCE:
        append_row(target / "motions.csv", row)
    append_row(target / "party_lines.csv", f"{SECOND},VVD,,Firmness.,Wants firmness.,s-news,"
               "NL Firmness.,NL Wants firmness.")
    append_row(target / "party_lines.csv", f"{SECOND},SP,Van Dijk,Talks.,Wants talks.,s-kamer,"
               "NL Talks.,NL Wants talks.")
    append_row(target / "party_lines.csv", f"{FIRST},VVD,,Hold firm.,Holds firm.,s-news,"
               "NL Hold firm.,NL Holds firm.")
    append_row(target / "party_lines.csv", f"{FIRST},PvdA,Ploumen,Talk.,Wants to talk.,s-news,"
               "NL Talk.,NL Wants to talk.")
    append_row(target / "members.csv", f"{SECOND},Van Dijk,SP,member,s-kamer")
    for n, row in enumerate(COMMITMENTS, start=2):
        append_row(target / "commitments.csv", f"c-{n}," + row)
    return target


@pytest.fixture(scope="module")
def rich_dir(tmp_path_factory):
    target = tmp_path_factory.mktemp("rich") / "data"
    shutil.copytree(MINI, target)
    return make_rich(target)


_cache: dict = {}


def brief(data_dir, session=THIRD, as_of="", lang="en"):
    """start_briefing's briefing (built once per folder, session, date and language), with a
    fresh source list, in its language."""
    key = (str(data_dir), session, as_of, lang)
    if key not in _cache:
        _cache[key] = start_briefing(session, as_of, data_dir=data_dir, lang=lang)
    b = _cache[key]
    i18n.use(lang)
    return dataclasses.replace(b, sources=SourceList(b.data))


def variant(b, **tables):
    return dataclasses.replace(b, data=dataclasses.replace(b.data, **tables),
                               sources=SourceList(b.data))


# --- reading the HTML -------------------------------------------------------------------------

def headers(markup):
    return [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", markup)]


def rows_of(markup):
    body = markup.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
            for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def caption(markup):
    found = re.findall(r"<caption>(.*?)</caption>", markup)
    return html.unescape(found[0]) if found else None


def paragraphs(markup):
    return [html.unescape(p) for p in re.findall(r"<p>(.*?)</p>", markup, re.S)]


# --- parties ----------------------------------------------------------------------------------

PARTY_HEADERS = ["Party", "Seats", "Side", "Spokesperson", "Line in the previous debate",
                 "Seats source"]


def test_parties_table_lists_speakers_lines_and_the_silent_parties(rich_dir):
    shown = parliament.parties_table(brief(rich_dir)).data
    assert shown.startswith("<table")
    assert caption(shown) == ("Seats on 30 April 2021 (total 150); lines from the debate of "
                              "28 September 2020")
    assert headers(shown) == PARTY_HEADERS
    assert rows_of(shown) == [
        ["PvdA", "70", "opposition", "Ploumen", f"Wants more dialogue. {C1}", C1],
        ["VVD", "50", "coalition", "", f"Wants firmness. {C2}", C1],
        ["SP", "9", "opposition", "", f"Wants talks. {C1}", C1],  # Van Dijk is no spokesperson
    ]
    assert paragraphs(shown) == ["Did not speak in that debate: CDA (6, coalition); D66 (6, "
                                 "coalition); GL (4, opposition); PVV (3, opposition); CU (2, "
                                 "coalition)."]


def test_parties_table_in_dutch(rich_dir):
    shown = parliament.parties_table(brief(rich_dir, lang="nl")).data
    assert caption(shown) == ("Zetels op 30 april 2021 (totaal 150); inbreng uit het debat van "
                              "28 september 2020")
    assert headers(shown) == ["Fractie", "Zetels", "Positie", "Woordvoerder",
                              "Inbreng in het vorige debat", "Bron zetels"]
    assert [r[:3] for r in rows_of(shown)] == [["PvdA", "70", "oppositie"],
                                               ["VVD", "50", "coalitie"],
                                               ["SP", "9", "oppositie"]]
    assert paragraphs(shown)[0].startswith("Voerden in dat debat niet het woord: CDA (6, "
                                           "coalitie); D66 (6, coalitie); GL (4, oppositie)")


def test_parties_table_without_an_earlier_debate_lists_every_party(mini_dir):
    shown = parliament.parties_table(brief(mini_dir)).data  # mini: the third debate stands alone
    assert caption(shown) == ("Seats on 30 April 2021 (total 150); lines not available: no "
                              "earlier debate in the data")
    assert headers(shown) == PARTY_HEADERS
    assert rows_of(shown) == [["PvdA", "90", "opposition", "", "not recorded", C1],
                              ["VVD", "60", "coalition", "", "not recorded", C1]]
    assert paragraphs(shown) == []


def third_after_second(mini_dir, emptied: str):
    """The mini third debate, also on engagement (so the second is its previous debate), with
    the table `emptied` left without rows."""
    replace_in(mini_dir / "sessions.csv", "Minister C,,arms-control,",
               "Minister C,,arms-control;engagement,")
    b = brief(mini_dir)
    return variant(b, **{emptied: getattr(b.data, emptied).iloc[0:0]})


def test_parties_table_where_no_line_of_the_previous_debate_is_recorded(mini_dir):
    b = third_after_second(mini_dir, "party_lines")
    shown = parliament.parties_table(b).data
    assert caption(shown) == ("Seats on 30 April 2021 (total 150); the parties' lines in the "
                              "debate of 28 September 2020 are not recorded in the data")
    assert rows_of(shown) == [["PvdA", "90", "opposition", "Ploumen", "not recorded", C1],
                              ["VVD", "60", "coalition", "", "not recorded", C1]]
    assert paragraphs(shown) == []


def test_parties_table_sorts_equal_seats_by_name(rich_dir):
    b = brief(rich_dir)
    lines = b.data.party_lines
    extra = lines[lines["party"] == "SP"].assign(party="D66").assign(summary="Wants D66 things.")
    extra2 = extra.assign(party="CDA", summary="Wants CDA things.")
    b = variant(b, party_lines=pd.concat([lines, extra, extra2], ignore_index=True))
    shown = parliament.parties_table(b).data
    assert [r[0] for r in rows_of(shown)] == ["PvdA", "VVD", "SP", "CDA", "D66"]


def test_lines_without_seats_lists_the_previous_debates_lines(rich_dir):
    shown = parliament.parties_table(brief(rich_dir, session=SECOND)).data  # no seats yet
    assert paragraphs(shown) == ["No seat distribution in the data covers the as-of date."]
    assert shown.startswith("<p>No seat distribution")
    assert caption(shown) == ("Lines from the debate of 10 January 2019; parties not listed "
                              "are not in the sources read")
    assert headers(shown) == ["Party", "Speaker", "Line in the previous debate"]
    assert rows_of(shown) == [["PvdA", "Ploumen", f"Wants to talk. {C1}"],
                              ["VVD", "not named in the sources", f"Holds firm. {C1}"]]


def test_lines_without_seats_in_dutch(rich_dir):
    shown = parliament.parties_table(brief(rich_dir, session=SECOND, lang="nl")).data
    assert paragraphs(shown) == ["De gegevens bevatten geen zetelverdeling die de peildatum "
                                 "dekt."]
    assert caption(shown) == ("Inbreng uit het debat van 10 januari 2019; fracties die hier "
                              "niet staan, komen in de gelezen bronnen niet voor")
    assert headers(shown) == ["Fractie", "Spreker", "Inbreng in het vorige debat"]
    assert rows_of(shown)[1][1] == "niet genoemd in de bronnen"


def test_without_seats_or_lines_only_the_missing_seats_are_said(mini_dir):
    shown = parliament.parties_table(brief(mini_dir, session=SECOND)).data
    assert shown == "<p>No seat distribution in the data covers the as-of date.</p>"


def test_side_and_speaker():
    with i18n.language("en"):
        assert parliament._side(pd.Series({"coalition": "yes"})) == "coalition"
        assert parliament._side(pd.Series({"coalition": "no"})) == "opposition"
    with i18n.language("nl"):
        assert parliament._side(pd.Series({"coalition": "yes"})) == "coalitie"
        assert parliament._side(pd.Series({"coalition": "no"})) == "oppositie"
    assert parliament._speaker(pd.Series({"speaker": float("nan")})) == ""
    assert parliament._speaker(pd.Series({"speaker": None})) == ""
    assert parliament._speaker(pd.Series({"speaker": "Ploumen"})) == "Ploumen"


# --- motions of the previous debate ------------------------------------------------------------

MOTION_HEADERS = ["Kamerstuk", "Submitters", "Asks", "Cabinet's appraisal", "Outcome", "Votes",
                  "Sources"]


def test_motions_votes_rows_in_number_order_with_each_sides_votes(rich_dir):
    shown = parliament.motions_votes(brief(rich_dir)).data
    assert headers(shown) == MOTION_HEADERS
    assert rows_of(shown) == [
        ["35 373, nr. 9", "Van der Lee; Sjoerdsma; Snels (GL, D66)", "Asks for sanctions.",
         "advised against (ontraden)", "rejected (verworpen), 6 October 2020",
         "For: 24 seats (SP, D66, GL, PVV, CU) · Against: 126 seats (PvdA, VVD, CDA)", C1],
        ["35 373, nr. 14", "Ploumen (PvdA)", "Asks for more dialogue.", "not recorded",
         "adopted (aangenomen), 6 October 2020",
         "For: 85 seats (PvdA, SP, CDA) · Against: 65 seats (VVD, D66, GL, PVV, CU)", C2],
    ]
    assert paragraphs(shown) == []


def test_motions_votes_in_dutch(rich_dir):
    shown = parliament.motions_votes(brief(rich_dir, lang="nl")).data
    assert headers(shown) == ["Kamerstuk", "Indieners", "Verzoekt", "Oordeel kabinet", "Uitslag",
                              "Stemmen", "Bronnen"]
    assert rows_of(shown)[1][5] == ("Voor: 85 zetels (PvdA, SP, CDA) · Tegen: 65 zetels (VVD, "
                                    "D66, GL, PVV, CU)")
    assert rows_of(shown)[1][3] == "niet vastgelegd"


def test_motions_votes_drops_the_columns_nothing_is_recorded_in(mini_dir):
    b = third_after_second(mini_dir, "votes")
    shown = parliament.motions_votes(b).data
    assert headers(shown) == ["Kamerstuk", "Submitters", "Asks", "Outcome", "Sources"]
    assert rows_of(shown) == [["35 373, nr. 14", "Ploumen (PvdA)", "Asks for more dialogue.",
                               "adopted (aangenomen), 6 October 2020", C1]]
    assert shown.endswith(
        "</table><p>The parties&#x27; votes on these motions are not recorded in the sources.</p>"
        "<p>The cabinet&#x27;s appraisal (oordeel) of these motions is not recorded in the "
        "sources.</p>")


def test_motions_votes_without_motions_or_earlier_debate(mini_dir, rich_dir):
    assert parliament.motions_votes(brief(mini_dir)).data == (
        "<p>There is no earlier debate on these topics in the data.</p>")
    assert parliament.motions_votes(brief(rich_dir, session=SECOND)).data == (
        "<p>No motions of the debate of 10 January 2019 were public by the as-of date.</p>")


# --- motions since the previous debate ---------------------------------------------------------

SINCE_HEADERS = ["Kamerstuk", "Filed", "Submitters", "Asks", "Debate", "Cabinet's appraisal",
                 "Outcome", "Sources"]


def test_motions_since_lists_the_window_by_date_then_number(rich_dir):
    shown = parliament.motions_since(brief(rich_dir)).data
    assert paragraphs(shown) == ["3 motions on these topics were filed since the previous debate "
                                 "on these topics (28 September 2020):"]
    assert "<table class=\"dataframe briefing-table motions-since\">" in shown
    assert headers(shown) == SINCE_HEADERS
    assert rows_of(shown) == [
        ["35 373, nr. 21", "10 November 2020", "Sjoerdsma; Jetten; Van Dijk (D66, SP)", "Asks for a treaty.",
         "Wetgevingsoverleg", "not recorded", "vote not found in the sources", C2],
        ["35 373, nr. 100", "10 November 2020", "Koopmans (VVD)", "Asks for talks.",
         "Fourth debate", "left to the Kamer (oordeel Kamer)",
         f"adopted (aangenomen), 17 November 2020; carried out, 1 December 2020 {C1}", C2],
        ["35 373, nr. 5", "30 April 2021", "Jasper (PVV)", "Asks for a letter.", "not recorded",
         "not recorded", "vote not found in the sources", C1],
    ]


def test_motions_since_in_dutch(rich_dir):
    shown = parliament.motions_since(brief(rich_dir, lang="nl")).data
    assert paragraphs(shown) == ["3 moties over deze onderwerpen zijn sinds het vorige debat over "
                                 "deze onderwerpen (28 september 2020) ingediend:"]
    assert headers(shown) == ["Kamerstuk", "Ingediend", "Indieners", "Verzoekt", "Debat",
                              "Oordeel kabinet", "Uitslag", "Bronnen"]
    assert rows_of(shown)[2][4:6] == ["niet vastgelegd", "niet vastgelegd"]


def test_motions_since_with_one_motion_and_no_outcome_says_so_once(rich_dir):
    shown = parliament.motions_since(brief(rich_dir, as_of="2020-11-10")).data
    assert paragraphs(shown)[:1] == ["2 motions on these topics were filed since the previous "
                                     "debate on these topics (28 September 2020):"]
    b = brief(rich_dir, as_of="2020-11-10")
    motions = b.data.motions
    b = variant(b, motions=motions[motions["motion_id"] != "kst-35373-100"])
    shown = parliament.motions_since(b).data
    assert paragraphs(shown) == [
        "1 motion on these topics was filed since the previous debate on these topics "
        "(28 September 2020):",
        "The outcome of the vote on these motions is not recorded in the sources read."]
    assert headers(shown) == ["Kamerstuk", "Filed", "Submitters", "Asks", "Debate",
                              "Cabinet's appraisal", "Sources"]
    assert rows_of(shown) == [["35 373, nr. 21", "10 November 2020", "Sjoerdsma; Jetten; Van Dijk (D66, SP)",
                               "Asks for a treaty.", "Wetgevingsoverleg", "not recorded", C1]]
    assert shown.index("<table") > shown.index("not recorded in the sources read")


def test_motions_since_without_an_earlier_debate_looks_back_twelve_months(rich_dir):
    b = brief(rich_dir)
    b = variant(b, sessions=b.data.sessions[~b.data.sessions["session_id"].isin([FIRST, SECOND])])
    shown = parliament.motions_since(b).data
    assert paragraphs(shown)[0] == ("6 motions on these topics were filed in the twelve months "
                                    "before 30 April 2021:")
    assert [r[0] for r in rows_of(shown)] == ["35 373, nr. 9", "35 373, nr. 14", "35 373, nr. 31",
                                              "35 373, nr. 21", "35 373, nr. 100",
                                              "35 373, nr. 5"]
    assert [r[4] for r in rows_of(shown)][:3] == ["not recorded", "not recorded",  # no titles
                                                  "not recorded"]


def test_motions_since_says_when_there_is_none(mini_dir):
    assert parliament.motions_since(brief(mini_dir)).data == (
        "<p>No motion on these topics filed in the twelve months before 30 April 2021 is "
        "recorded.</p>")


# --- the vote chart ----------------------------------------------------------------------------

def bars(fig):
    return [(round(p.get_y() + p.get_height() / 2, 3), p.get_x(), p.get_width(),
             to_hex(p.get_facecolor()), p.get_hatch()) for p in fig.axes[0].patches]


def test_vote_chart_draws_each_party_as_a_segment_of_its_side(rich_dir):
    fig = parliament.vote_chart(brief(rich_dir))
    g, h = GRAYS, HATCHES
    assert bars(fig) == [
        (0.0, 0, 70, g[1], h[0]), (0.0, 70, 9, g[2], h[1]), (0.0, 79, 6, g[3], h[2]),
        (1.0, 0, 50, g[3], h[0]), (1.0, 50, 6, g[3], h[1]), (1.0, 56, 4, g[3], h[2]),
        (1.0, 60, 3, g[3], h[3]), (1.0, 63, 2, g[3], h[4]),
        (2.6, 0, 9, g[1], h[0]), (2.6, 9, 6, g[2], h[1]), (2.6, 15, 4, g[3], h[2]),
        (2.6, 19, 3, g[4], h[3]), (2.6, 22, 2, g[1], h[4]),
        (3.6, 0, 70, g[3], h[0]), (3.6, 70, 50, g[3], h[1]), (3.6, 120, 6, g[3], h[2]),
    ]
    patches = fig.axes[0].patches
    assert {round(p.get_height(), 6) for p in patches} == {0.85}
    assert {to_hex(p.get_edgecolor()) for p in patches} == {"#ffffff"}


def test_vote_chart_labels_parties_of_six_seats_or_more_in_the_middle(rich_dir):
    fig = parliament.vote_chart(brief(rich_dir))
    texts = fig.axes[0].texts
    assert [(t.get_position(), t.get_text()) for t in texts] == [
        ((35.0, 0.0), "PvdA"), ((74.5, 0.0), "SP"), ((82.0, 0.0), "CDA"),
        ((25.0, 1.0), "VVD"), ((53.0, 1.0), "D66"),
        ((4.5, 2.6), "SP"), ((12.0, 2.6), "D66"),
        ((35.0, 3.6), "PvdA"), ((95.0, 3.6), "VVD"), ((123.0, 3.6), "CDA")]
    for t in texts:
        assert (t.get_ha(), t.get_va(), t.get_fontsize(), to_hex(t.get_color())) == (
            "center", "center", 6.5, "#000000")
        box = t.get_bbox_patch()
        assert to_hex(box.get_facecolor()) == "#ffffff" and box.get_alpha() == 0.7
        assert box.get_linewidth() == 0
        assert box.get_boxstyle().pad == 0.08  # pad 0.5 points at 6.5 points, as matplotlib keeps it


def test_vote_chart_axes_ticks_title_and_description(rich_dir):
    fig = parliament.vote_chart(brief(rich_dir))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Motie Ploumen c.s.: for", "Motie Ploumen c.s.: against",
        "Motie Van der Lee over sancties tegen…: for",
        "Motie Van der Lee over sancties tegen…: against"]
    assert [round(t, 3) for t in ax.get_yticks()] == [0.0, 1.0, 2.6, 3.6]
    assert {t.get_fontsize() for t in ax.get_yticklabels()} == {7.5}
    assert ax.yaxis_inverted()
    assert tuple(ax.get_xlim()) == (0, 150)
    assert ax.get_xlabel() == "Seats (150 in all; 76 is a majority)"
    assert ax.get_title("left") == "How the parties voted on the previous debate's motions"
    (line,) = ax.lines
    assert list(line.get_xdata()) == [76, 76]
    assert (to_hex(line.get_color()), line.get_linewidth(), line.get_linestyle()) == (
        "#333333", 0.8, "--")
    assert [round(x, 3) for x in fig.get_size_inches()] == [6.7, 2.9]
    assert description(fig) == (
        "How the parties voted on the previous debate's motions: Motie Ploumen c.s.: 85 seats "
        "for (PvdA, SP, CDA), 65 against (VVD, D66, GL, PVV, CU); " + LONG + ": 24 seats for "
        "(SP, D66, GL, PVV, CU), 126 against (PvdA, VVD, CDA).")


def test_vote_chart_in_dutch(rich_dir):
    fig = parliament.vote_chart(brief(rich_dir, lang="nl"))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == [
        "Motie Ploumen c.s.: voor", "Motie Ploumen c.s.: tegen"]
    assert ax.get_xlabel() == "Zetels (150 in totaal; 76 is een meerderheid)"
    assert ax.get_title("left") == "Hoe de fracties stemden over de moties van het vorige debat"
    assert description(fig).startswith("Hoe de fracties stemden over de moties van het vorige "
                                       "debat: Motie Ploumen c.s.: ")


def test_vote_chart_says_none_for_a_side_nobody_took(mini_dir):
    replace_in(mini_dir / "sessions.csv", "Minister C,,arms-control,",
               "Minister C,,arms-control;engagement,")
    b = brief(mini_dir)
    votes = b.data.votes
    fig = parliament.vote_chart(variant(b, votes=votes[votes["party"] == "PvdA"]))
    assert description(fig) == ("How the parties voted on the previous debate's motions: Motie "
                                "Ploumen c.s.: 90 seats for (PvdA), 0 against (none).")
    assert [round(x, 3) for x in fig.get_size_inches()] == [6.7, 1.9]
    fig = parliament.vote_chart(variant(b, votes=votes[votes["party"] == "VVD"]))
    assert description(fig) == ("How the parties voted on the previous debate's motions: Motie "
                                "Ploumen c.s.: 0 seats for (none), 60 against (VVD).")
    assert bars(fig) == [(1.0, 0, 60, GRAYS[3], HATCHES[0])]


def test_vote_chart_is_empty_html_without_votes_of_the_previous_debate(mini_dir, rich_dir):
    first = parliament.vote_chart(brief(rich_dir, session=FIRST))  # votes exist, no earlier debate
    assert first.data == ""
    b = brief(rich_dir)
    none = parliament.vote_chart(variant(b, votes=b.data.votes.iloc[0:0]))
    assert none.data == ""
    votes = b.data.votes
    other = parliament.vote_chart(variant(b, votes=votes.assign(motion_id="kst-1-1")))
    assert other.data == ""


# --- the vote line and small helpers -----------------------------------------------------------

def test_vote_line():
    cast = pd.DataFrame({"party": ["VVD", "PvdA", "SP"], "vote": ["against", "for", "for"],
                         "seats": [60, 80, 10]})
    with i18n.language("en"):
        assert parliament.vote_line(cast) == "For: 90 seats (PvdA, SP) · Against: 60 seats (VVD)"
        assert parliament.vote_line(cast.iloc[1:]) == "For: 90 seats (PvdA, SP) · Against: none"
        assert parliament.vote_line(cast.iloc[:1]) == "For: none · Against: 60 seats (VVD)"
        assert parliament.vote_line(cast.iloc[0:0]) == "not recorded"
    with i18n.language("nl"):
        assert parliament.vote_line(cast.iloc[1:]) == "Voor: 90 zetels (PvdA, SP) · Tegen: geen"


def test_short_cuts_long_titles_to_the_limit():
    assert parliament._short("a" * 38) == "a" * 38
    assert parliament._short("a" * 39) == "a" * 37 + "…"
    assert parliament._short("abcdefghij", limit=5) == "abcd…"
    assert parliament._short("abcde", limit=5) == "abcde"


def test_kamerstuk_formats():
    assert parliament._kamerstuk("35373-14") == "35 373, nr. 14"
    assert parliament._kamerstuk("123-4") == "123, nr. 4"
    assert parliament._kamerstuk("1234-4") == "1 234, nr. 4"
    assert parliament._kamerstuk("V123-4") == "V123, nr. 4"
    assert parliament._kamerstuk("21501-02-3316") == "21 501-02, nr. 3316"
    assert parliament._kamerstuk("35570-V-42") == "35 570 V, nr. 42"
    assert parliament._kamerstuk("35570-V-42-3") == "35 570 V, nr. 42-3"
    assert parliament._kamerstuk("35570-V", missing="") == "35 570 V"  # a bill
    assert parliament._kamerstuk("35373", missing="") == "35 373"


def test_number_order():
    numbers = ["35373-10", "35373", "35373-5", "35373-x", "21501-02-3316", "21501-02-99"]
    assert sorted(numbers, key=parliament._number_order) == [
        "21501-02-99", "21501-02-3316", "35373-5", "35373-10", "35373", "35373-x"]
    assert parliament._number_order("35373-5") == ("35373", False, 5)
    assert parliament._number_order("35373-x") == ("35373", True, 0)
    assert parliament._number_order("35373-x-2") == ("35373", False, 0, 2)
    assert parliament._number_order("35373-2-x") == ("35373", True, 2, 0)


# --- commitments ------------------------------------------------------------------------------

COMMITMENT_HEADERS = ["Made", "Debate", "Minister", "Made to", "Commitment", "Due", "Status",
                      "Known from", "Sources"]


def test_commitments_table_marks_overdue_ones_and_dates_each_change(rich_dir):
    shown = parliament.commitments_table(brief(rich_dir)).data
    assert headers(shown) == COMMITMENT_HEADERS
    assert rows_of(shown) == [
        ["28 September 2020", "Second debate", "Minister B", "Ploumen",
         "Will write a letter on dialogue.", "before the end of 2020",
         f"fulfilled, 12 February 2021 {C1}", "the report of the debate", C1],
        ["28 September 2020", "Second debate", "Minister B", "Sjoerdsma", "Will visit Moscow.",
         "", "open", "the Kamer's register of commitments", C1],
        ["1 October 2020", "Commissiedebat X", "Minister B, Foreign Affairs", "",
         "Will send the report.", "", "overdue: promised for 31 January 2021, not delivered",
         "a government letter", C2],
        ["2 October 2020", "not recorded", "Minister B", "", "Will phone Minsk.", "in October",
         f"withdrawn, 15 January 2021 {C2}", "a news report quoting the promise", C2],
        ["3 October 2020", "not recorded", "Minister B", "", "Will consider it.", "",
         "not recorded", "a news report quoting the promise", C2],
        ["5 October 2020", "not recorded", "Minister C", "", "Will report on talks with BENELUX.",
         "by the end of 2020", "overdue: promised for by the end of 2020, not delivered",
         "a news report quoting the promise", C2],
    ]


def test_commitments_table_in_dutch(rich_dir):
    shown = parliament.commitments_table(brief(rich_dir, lang="nl")).data
    assert headers(shown) == ["Gedaan", "Debat", "Minister", "Gedaan aan", "Toezegging",
                              "Termijn", "Status", "Bekend uit", "Bronnen"]
    assert rows_of(shown)[2][6] == "over de termijn: toegezegd voor 31 januari 2021, niet geleverd"


def test_commitments_table_without_commitments(rich_dir):
    b = brief(rich_dir)
    shown = parliament.commitments_table(variant(b, commitments=b.data.commitments.iloc[0:0]))
    assert shown.data == ("<p>No commitments (toezeggingen) of earlier debates are recorded in "
                          "the data by the as-of date; the Kamer&#x27;s register of toezeggingen "
                          "is the place to check.</p>")


def test_commitments_known_keeps_open_unknown_and_recent_changes(rich_dir):
    rows = parliament.commitments_known(brief(rich_dir))
    assert list(rows["commitment_id"]) == ["c-1", "c-3", "c-2", "c-4", "c-6", "c-8"]
    assert list(rows["overdue"]) == [False, False, True, False, False, True]


def test_overdue_lines_and_questions(rich_dir):
    assert parliament.overdue_lines(brief(rich_dir)) == [
        ("Minister B promised on 1 October 2020: Will send the report. (for 31 January 2021, "
         "not delivered)", C1),
        ("Minister C promised on 5 October 2020: Will report on talks with BENELUX. (for by the "
         "end of 2020, not delivered)", C1)]
    assert parliament.suggested_questions(brief(rich_dir)) == [
        ("When will the Kamer receive what the minister promised on 1 October 2020 for "
         "31 January 2021: Will send the report?", ("s-news",)),
        ("When will the Kamer receive what the minister promised on 5 October 2020 for by the "
         "end of 2020: Will report on talks with BENELUX?", ("s-news",))]
    (line, _cite), _other = parliament.overdue_lines(brief(rich_dir, lang="nl"))
    assert line == ("Minister B zegde op 1 oktober 2020 toe: NL Will send the report. (voor 31 "
                    "januari 2021, niet geleverd)")


def test_commitments_table_reads_missing_values_as_blank(rich_dir):
    """Missing values (NaN rather than '') in the optional columns: blank cells, the debate
    'not recorded', and no status date after 'open'."""
    b = brief(rich_dir)
    rows = b.data.commitments.copy()
    c3 = rows["commitment_id"] == "c-3"  # open, not overdue
    rows["to_member"] = rows["to_member"].astype(object).where(~c3, float("nan"))
    rows["due"] = rows["due"].astype(object).where(~c3, float("nan"))
    rows["session_id"] = rows["session_id"].astype(object).where(~c3, float("nan"))
    rows["debate"] = rows["debate"].astype(object).where(~c3, float("nan"))
    rows.loc[c3, "status_date"] = pd.Timestamp("2021-01-01")
    shown = parliament.commitments_table(variant(b, commitments=rows)).data
    assert rows_of(shown)[1] == ["28 September 2020", "not recorded", "Minister B", "",
                                 "Will visit Moscow.", "", "open",
                                 "the Kamer's register of commitments", C1]


def test_motions_since_reads_missing_values_as_not_recorded(rich_dir):
    b = brief(rich_dir)
    motions = b.data.motions.copy()
    koopmans = motions["motion_id"] == "kst-35373-100"
    for column in ("session_id", "debate", "oordeel"):
        motions[column] = motions[column].astype(object).where(~koopmans, float("nan"))
    shown = parliament.motions_since(variant(b, motions=motions)).data
    assert rows_of(shown)[1][4:6] == ["not recorded", "not recorded"]


def test_motions_votes_outcome_without_a_vote_date(rich_dir):
    b = brief(rich_dir)
    motions = b.data.motions.copy()
    motions.loc[motions["motion_id"] == "kst-35373-9", "vote_date"] = pd.NaT
    shown = parliament.motions_votes(variant(b, motions=motions)).data
    assert rows_of(shown)[0][4] == "rejected (verworpen)"


def test_vote_chart_is_empty_html_without_an_earlier_debate_even_with_votes(rich_dir):
    votes = brief(rich_dir).data.votes
    assert len(votes) == 16
    first = variant(brief(rich_dir, session=FIRST), votes=votes)
    assert parliament.vote_chart(first).data == ""


def test_the_question_on_a_partly_carried_out_motion_drops_the_notes_final_stop(mini_dir):
    replace_in(mini_dir / "motions.csv", "s-kamer,,,,,,NL Asks for more dialogue.,",
               "s-kamer,,partly,2020-10-07,s-kamer,all but BENELUX.,NL Asks for more dialogue.,"
               "NL all but BENELUX.")
    replace_in(mini_dir / "sessions.csv", "Minister C,,arms-control,",
               "Minister C,,arms-control;engagement,")
    assert parliament.suggested_questions(brief(mini_dir)) == [(
        "The Kamer adopted Motie Ploumen c.s. on 6 October 2020; on 7 October 2020 the cabinet "
        "reported carrying it out in part (all but BENELUX). When will the rest follow?",
        ("s-kamer", "s-kamer"))]
