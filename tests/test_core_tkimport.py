"""Fast unit tests of importers.tkimport (`debateprep import-tk`), on the recorded OData record
of tests/fixtures/tk (motion 2026Z06890, dossier 24 587, rejected by show of hands on
7 April 2026) and small variations of it; the service is a stand-in for urllib's urlopen and
the data folder a copy of tests/fixtures/mini, so no test touches the network."""
from __future__ import annotations

import copy
import csv
import datetime as dt
import errno
import io
import json
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from debateprep import cli
from debateprep.errors import DebateprepError
from debateprep.importers import tkimport
from debateprep.importers.tkimport import (Imported, MalformedResponse, ServiceUnreachable,
                                           fetch, merge, query, read_saved, records_of,
                                           to_rows)

FIXTURE = Path(__file__).parent / "fixtures" / "tk" / "besluit_24587.json"
PAGE = json.loads(FIXTURE.read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 25)

# What the recorded record holds (see tests/fixtures/tk/README.md), written out.
NUMBER = "2026Z06890"
MOTION_ID = "tk-2026z06890"
TITLE = "Motie van het lid Faber over geen transgender vrouwen plaatsen in de vrouwengevangenis"
FILED = "2026-04-02"
VOTED = "2026-04-07"
URL = "https://www.tweedekamer.nl/kamerstukken/moties/detail?id=2026Z06890"
TO_FILL = "to be written by a curator (imported)"
TO_FILL_NL = "door een curator te schrijven (geïmporteerd)"
PARTY_VOTES = {  # fractie: (vote, seats) as recorded; 40 seats for, 110 against
    "50PLUS": ("against", "2"), "GroenLinks-PvdA": ("against", "20"), "Volt": ("against", "1"),
    "BBB": ("for", "3"), "Keijzer": ("for", "1"), "D66": ("against", "26"),
    "JA21": ("against", "9"), "Groep Markuszower": ("for", "7"), "SP": ("against", "3"),
    "DENK": ("against", "3"), "CDA": ("against", "18"), "VVD": ("against", "22"),
    "PvdD": ("against", "3"), "PVV": ("for", "19"), "SGP": ("for", "3"), "FVD": ("for", "7"),
    "ChristenUnie": ("against", "3")}
MINI = Path(__file__).parent / "fixtures" / "mini"


def besluit(**changes) -> dict:
    """A fresh copy of the recorded decision, with top-level changes (None deletes a key)."""
    record = copy.deepcopy(PAGE["value"][0])
    for key, value in changes.items():
        if value is None:
            record.pop(key, None)
        else:
            record[key] = value
    return record


def zaak_of(record: dict) -> dict:
    return record["Zaak"][0]


def with_zaak(**changes) -> dict:
    """The recorded decision with changes to its motion (Zaak)."""
    record = besluit()
    zaak_of(record).update(changes)
    return record


def motion(out: Imported) -> dict:
    [row] = out.rows["motions"]
    return row


def rows_of(out: Imported) -> dict:
    return {name: len(rows) for name, rows in out.rows.items()}


# --- the query --------------------------------------------------------------------------------

def decoded(url: str) -> dict[str, str]:
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query, strict_parsing=True)
    return {k: v for k, [v] in params.items()}


EXPAND = "Stemming,Zaak($expand=Kamerstukdossier),Agendapunt($expand=Activiteit)"


def test_the_query_asks_for_the_motions_of_a_dossier_with_votes_and_dates():
    url = query(24587)
    assert url.startswith("Besluit?")
    assert decoded(url) == {
        "$filter": "Verwijderd eq false and Zaak/any(z: z/Soort eq 'Motie' and "
                   "z/Kamerstukdossier/any(d: d/Nummer eq 24587))",
        "$expand": EXPAND}
    assert "+" not in url and "%20" in url  # spaces as %20, as the service wants them


def test_the_query_by_date_range_includes_both_days():
    # asks from a day early: the Kamer stamps a motion filed on 1 April 2026 as
    # 2026-04-01T00:00:00+02:00, which is 31 March 22:00 UTC; to_rows keeps the days asked for
    assert decoded(query(since="2026-04-01", until="2026-04-30"))["$filter"] == (
        "Verwijderd eq false and Zaak/any(z: z/Soort eq 'Motie' and "
        "z/GestartOp ge 2026-03-31T00:00:00Z and z/GestartOp le 2026-04-30T23:59:59Z)")
    assert decoded(query(since="2026-01-01"))["$filter"] == (
        "Verwijderd eq false and Zaak/any(z: z/Soort eq 'Motie' and "
        "z/GestartOp ge 2025-12-31T00:00:00Z)")
    assert decoded(query(35373, until="2020-12-31"))["$filter"] == (
        "Verwijderd eq false and Zaak/any(z: z/Soort eq 'Motie' and "
        "z/Kamerstukdossier/any(d: d/Nummer eq 35373) and z/GestartOp le 2020-12-31T23:59:59Z)")


def test_the_query_without_a_dossier_or_dates_asks_for_every_motion():
    assert decoded(query()) == {
        "$filter": "Verwijderd eq false and Zaak/any(z: z/Soort eq 'Motie')", "$expand": EXPAND}


# --- pages ------------------------------------------------------------------------------------

def test_a_page_gives_its_records():
    assert records_of(PAGE, "x") == PAGE["value"]
    assert records_of({"value": []}, "x") == []


@pytest.mark.parametrize("page", [[PAGE], {"value": "not a list"}, {"values": []}, "value",
                                  {"value": [PAGE["value"][0], ["not", "a", "record"]]},
                                  {"value": [1]}, None])
def test_a_page_that_is_not_an_odata_response_is_one_line_naming_where(page):
    with pytest.raises(MalformedResponse) as caught:
        records_of(page, "saved.json page 2")
    assert str(caught.value) == (
        "saved.json page 2: not an OData response of the Tweede Kamer (expected an object with "
        "a 'value' list of records); nothing was written")


# --- the service ------------------------------------------------------------------------------

class Service:
    """A stand-in for urllib.request.urlopen: answers[url] is the body (bytes) or the error
    raised; every request is kept as (url, timeout)."""

    def __init__(self, monkeypatch, answers: dict[str, object]):
        self.answers = answers
        self.requests: list[tuple[str, object]] = []
        monkeypatch.setattr(urllib.request, "urlopen", self.urlopen)

    def urlopen(self, url, timeout=None):
        self.requests.append((url, timeout))
        answer = self.answers[url]
        if isinstance(answer, BaseException):
            raise answer
        return io.BytesIO(answer)


BASE = "http://127.0.0.1:8765/odata/"
FIRST = BASE + "Besluit?%24filter=Verwijderd%20eq%20false"  # the prefix of every first request


def first_url(service: Service) -> str:
    return service.requests[0][0]


class Prefix(dict):
    """Answers looked up by the start of the URL, for the first request's long query."""

    def __getitem__(self, url):
        return next(v for k, v in self.items() if url.startswith(k))


def test_fetch_asks_the_service_once_and_gives_its_records(monkeypatch):
    service = Service(monkeypatch, Prefix({BASE: FIXTURE.read_bytes()}))
    assert fetch(24587, base=BASE, timeout=7) == PAGE["value"]
    [(url, timeout)] = service.requests
    assert timeout == 7
    assert url.startswith(BASE + "Besluit?")
    assert decoded(url) == {  # no dates asked for
        "$filter": "Verwijderd eq false and Zaak/any(z: z/Soort eq 'Motie' and "
                   "z/Kamerstukdossier/any(d: d/Nummer eq 24587))", "$expand": EXPAND}


def test_fetch_asks_by_dates_with_a_default_timeout(monkeypatch):
    service = Service(monkeypatch, Prefix({BASE: b'{"value": []}'}))
    assert fetch(base=BASE, since="2026-04-01", until="2026-04-30") == []
    [(url, timeout)] = service.requests
    assert timeout == 20
    assert decoded(url)["$filter"].endswith(
        "z/GestartOp ge 2026-03-31T00:00:00Z and z/GestartOp le 2026-04-30T23:59:59Z)")
    assert "Kamerstukdossier" not in decoded(url)["$filter"]


def test_fetch_asks_the_address_in_the_environment_else_the_kamers_own(monkeypatch):
    service = Service(monkeypatch, Prefix({"http://stand-in.example/": b'{"value": []}',
                                           "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Besluit?":
                                               b'{"value": []}'}))
    monkeypatch.setenv("DEBATEPREP_TK_ODATA", "http://stand-in.example/")
    fetch(1)
    monkeypatch.delenv("DEBATEPREP_TK_ODATA")
    fetch(1)
    assert [url.split("?")[0] for url, _ in service.requests] == [
        "http://stand-in.example/Besluit",
        "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/Besluit"]


def test_fetch_follows_the_next_links_to_the_last_page(monkeypatch):
    second, third = besluit(Id="second"), besluit(Id="third")
    service = Service(monkeypatch, Prefix({
        BASE + "page2": json.dumps({"value": [second],
                                    "@odata.nextLink": BASE + "page3"}).encode(),
        BASE + "page3": json.dumps({"value": [third]}).encode(),
        BASE: json.dumps({"value": [besluit()], "@odata.nextLink": BASE + "page2"}).encode()}))
    assert [r["Id"] for r in fetch(24587, base=BASE)] == [
        "f7f12681-e8da-47a9-80a4-dd96ee6bb78b", "second", "third"]
    assert [url for url, _ in service.requests][1:] == [BASE + "page2", BASE + "page3"]
    assert [timeout for _, timeout in service.requests] == [20, 20, 20]


def test_an_answer_that_is_not_json_names_the_service(monkeypatch):
    Service(monkeypatch, Prefix({"http://second.example/": b"<html>busy</html>",
                                 BASE: json.dumps({"value": [], "@odata.nextLink":
                                                   "http://second.example/p2"}).encode()}))
    with pytest.raises(MalformedResponse) as caught:
        fetch(24587, base=BASE)
    assert str(caught.value) == ("second.example: the service's answer is not JSON; nothing "
                                 "was written")


def test_a_page_that_is_no_odata_response_names_the_service(monkeypatch):
    Service(monkeypatch, Prefix({BASE: b'{"error": {"message": "bad query"}}'}))
    with pytest.raises(MalformedResponse) as caught:
        fetch(24587, base=BASE)
    assert str(caught.value).startswith("127.0.0.1:8765: not an OData response")


@pytest.mark.parametrize("error, reason", [
    (urllib.error.URLError(ConnectionRefusedError(111, "Connection refused")),
     "[Errno 111] Connection refused"),
    (urllib.error.URLError("timed out"), "timed out"),
    (TimeoutError("The read operation timed out"), "The read operation timed out")])
def test_an_unreachable_service_is_one_line(monkeypatch, error, reason):
    Service(monkeypatch, Prefix({BASE: error}))
    with pytest.raises(ServiceUnreachable) as caught:
        fetch(24587, base=BASE)
    assert str(caught.value) == ("cannot reach the Tweede Kamer's open data service "
                                 f"(127.0.0.1:8765): {reason}; nothing was written")
    assert isinstance(caught.value, DebateprepError)


# --- saved responses --------------------------------------------------------------------------

def test_a_saved_page_and_a_saved_list_of_pages(tmp_path):
    one = tmp_path / "one.json"
    one.write_text(json.dumps(PAGE), encoding="utf-8")
    assert read_saved(one) == PAGE["value"]
    pages = tmp_path / "pages.json"
    pages.write_text(json.dumps([{"value": []}, PAGE, {"value": [besluit(Id="b")]}]),
                     encoding="utf-8")
    assert [r["Id"] for r in read_saved(pages)] == ["f7f12681-e8da-47a9-80a4-dd96ee6bb78b", "b"]


def test_a_saved_page_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + FIXTURE.read_bytes())
    assert read_saved(str(path)) == PAGE["value"]  # a str path too


def test_a_missing_or_unreadable_file_is_one_line(tmp_path):
    with pytest.raises(MalformedResponse) as caught:
        read_saved(tmp_path / "missing.json")
    assert str(caught.value) == (f"{tmp_path / 'missing.json'}: cannot read it "
                                 f"({os.strerror(errno.ENOENT)}); nothing was written")
    with pytest.raises(MalformedResponse) as caught:
        read_saved(tmp_path)  # a folder (Linux: EISDIR)
    assert str(caught.value) == (f"{tmp_path}: cannot read it ({os.strerror(errno.EISDIR)}); "
                                 "nothing was written")


def test_a_file_that_is_not_json_is_one_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"value": [', encoding="utf-8")
    with pytest.raises(MalformedResponse) as caught:
        read_saved(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: not JSON (Expecting value: line 1 column 12")
    assert message.endswith("); nothing was written") and "\n" not in message


def test_a_malformed_page_in_a_saved_list_is_named_by_its_number(tmp_path):
    path = tmp_path / "pages.json"
    path.write_text(json.dumps([PAGE, {"value": {}}]), encoding="utf-8")
    with pytest.raises(MalformedResponse) as caught:
        read_saved(path)
    assert str(caught.value).startswith(f"{path} page 2: not an OData response")


# --- records to rows: every field -------------------------------------------------------------

def test_the_recorded_motion_becomes_a_motion_its_votes_and_its_source():
    out = to_rows([besluit()], 24587, "2020-09-28-second", "sanctions", TODAY)
    assert out.rows["motions"] == [{
        "motion_id": MOTION_ID, "kamerstuk": "24587", "session_id": "2020-09-28-second",
        "date": FILED, "title": TITLE, "summary": TO_FILL, "submitters": TO_FILL,
        "parties": TO_FILL, "topic": "sanctions", "outcome": "rejected", "vote_date": VOTED,
        "oordeel": "ontraden", "source_ids": MOTION_ID, "summary_nl": TO_FILL_NL}]
    assert out.rows["sources"] == [{
        "source_id": MOTION_ID, "title": TITLE, "publisher": "Tweede Kamer der Staten-Generaal",
        "url": URL, "date_published": FILED, "date_checked": "2026-11-25", "kind": "parliament",
        "language": "nl"}]
    assert out.rows["votes"] == [
        {"motion_id": MOTION_ID, "party": party, "vote": vote, "seats": seats,
         "vote_date": VOTED, "source_ids": MOTION_ID}
        for party, (vote, seats) in PARTY_VOTES.items()]  # in the record's order
    assert out.skipped == []


def test_the_motion_page_is_cited():
    assert tkimport.motion_page("2020Z20931") == (
        "https://www.tweedekamer.nl/kamerstukken/moties/detail?id=2020Z20931")


@pytest.mark.parametrize("appraisal, oordeel", [
    ("Overgenomen", "overgenomen"), ("Oordeel Kamer", "oordeel-kamer"), ("Ontraden", "ontraden"),
    ("Ontraden, tenzij gewijzigd", "ontraden-tenzij-gewijzigd"),
    ("Verzocht motie aan te houden", "aanhouden"),
    ("Geen (expliciete) appreciatie", "geen-appreciatie"),
    # outside the list: never guessed
    ("Oordeel Kamer, mits gewijzigd", ""), ("ontraden", ""), ("", ""), (None, "")])
def test_the_cabinets_appraisal_maps_to_the_oordeel(appraisal, oordeel):
    out = to_rows([with_zaak(Kabinetsappreciatie=appraisal)], 24587, "", "parliament", TODAY)
    assert motion(out)["oordeel"] == oordeel


def test_a_motion_without_an_appraisal_field_gets_none():
    record = besluit()
    del zaak_of(record)["Kabinetsappreciatie"]
    assert motion(to_rows([record], 24587, "", "parliament", TODAY))["oordeel"] == ""


@pytest.mark.parametrize("text, outcome", [
    ("Aangenomen.", "adopted"), ("Verworpen.", "rejected"),
    ("aangenomen met algemene stemmen", "adopted"), ("VERWORPEN", "rejected")])
def test_a_voted_outcome_keeps_its_vote_date_and_party_votes(text, outcome):
    out = to_rows([besluit(BesluitTekst=text)], 24587, "", "parliament", TODAY)
    assert motion(out)["outcome"] == outcome and motion(out)["vote_date"] == VOTED
    assert rows_of(out) == {"motions": 1, "votes": 17, "sources": 1}
    assert out.skipped == []


@pytest.mark.parametrize("text, outcome", [
    ("Ingetrokken.", "withdrawn"), ("De motie is ingetrokken.", "withdrawn"),
    ("Aangehouden.", "unknown"), ("Niet aangenomen", "unknown"), ("", "unknown"),
    (None, "unknown")])
def test_an_outcome_without_a_vote_has_no_vote_date_nor_votes(text, outcome):
    out = to_rows([besluit(BesluitTekst=text)], 24587, "", "parliament", TODAY)
    assert motion(out)["outcome"] == outcome and motion(out)["vote_date"] == ""
    assert rows_of(out) == {"motions": 1, "votes": 0, "sources": 1}
    assert out.skipped == []


def test_a_decision_without_a_text_field_is_unknown():
    out = to_rows([besluit(BesluitTekst=None)], 24587, "", "parliament", TODAY)
    assert motion(out)["outcome"] == "unknown"


@pytest.mark.parametrize("text", ["Verworpen.", "Aangenomen."])
@pytest.mark.parametrize("agendapunt", [None, {"Id": "x"}, {"Id": "x", "Activiteit": None},
                                        {"Activiteit": {"Soort": "Stemmingen"}}])
def test_a_vote_without_a_date_is_listed_and_its_outcome_left_unknown(agendapunt, text):
    record = besluit(Agendapunt=agendapunt, BesluitTekst=text)
    if agendapunt is None:
        record["Agendapunt"] = None  # present but null, as the service sends it
    out = to_rows([record], 24587, "", "parliament", TODAY)
    assert motion(out)["outcome"] == "unknown" and motion(out)["vote_date"] == ""
    assert rows_of(out) == {"motions": 1, "votes": 0, "sources": 1}
    assert out.skipped == [f"{NUMBER}: no vote date in the record; outcome left unknown"]


def test_a_withdrawn_motion_without_a_vote_date_is_not_listed():
    out = to_rows([besluit(BesluitTekst="Ingetrokken.", Agendapunt=None)], 24587, "",
                  "parliament", TODAY)
    assert motion(out)["outcome"] == "withdrawn" and out.skipped == []


def test_a_roll_call_vote_is_listed_for_entry_by_hand():
    out = to_rows([besluit(StemmingsSoort="Hoofdelijk")], 24587, "", "parliament", TODAY)
    assert motion(out)["outcome"] == "unknown" and motion(out)["vote_date"] == ""
    assert out.rows["votes"] == []
    assert out.skipped == [f"{NUMBER}: a roll-call vote (hoofdelijke stemming); enter its party "
                           "votes by hand"]


def test_a_vote_not_taken_part_in():
    record = besluit()
    record["Stemming"][0]["Soort"] = "Niet deelgenomen"
    out = to_rows([record], 24587, "", "parliament", TODAY)
    assert out.rows["votes"][0]["party"] == "50PLUS"
    assert out.rows["votes"][0]["vote"] == "not-participated"


def test_a_voted_decision_without_stemming_rows_gives_no_votes():
    out = to_rows([besluit(Stemming=None)], 24587, "", "parliament", TODAY)
    assert motion(out)["outcome"] == "rejected" and out.rows["votes"] == []


# --- which records: dossier, kind, dates, deleted, repeated -----------------------------------

def test_only_the_motions_of_the_dossier_asked_for():
    assert rows_of(to_rows([besluit()], 35373, "", "parliament", TODAY)) == {
        "motions": 0, "votes": 0, "sources": 0}
    two = with_zaak(Kamerstukdossier=[{"Nummer": 35373}, {"Nummer": 24587}])
    assert motion(to_rows([two], 24587, "", "parliament", TODAY))["kamerstuk"] == "24587"


def test_without_a_dossier_a_motion_gets_its_first_dossier():
    two = with_zaak(Kamerstukdossier=[{"Nummer": 35373}, {"Nummer": 24587}])
    assert motion(to_rows([two], None, "", "parliament", TODAY))["kamerstuk"] == "35373"
    assert motion(to_rows([besluit()], None, "", "parliament", TODAY))["kamerstuk"] == "24587"


def test_without_a_dossier_a_motion_without_one_is_still_imported():
    out = to_rows([with_zaak(Kamerstukdossier=[])], None, "", "parliament", TODAY)
    assert motion(out)["motion_id"] == MOTION_ID
    record = besluit()
    del zaak_of(record)["Kamerstukdossier"]
    assert motion(to_rows([record], None, "", "parliament", TODAY))["motion_id"] == MOTION_ID
    assert to_rows([record], 24587, "", "parliament", TODAY).rows["motions"] == []


@pytest.mark.parametrize("soort", ["Amendement", "Schriftelijke vragen", "motie", None])
def test_a_zaak_that_is_not_a_motion_is_left_out(soort):
    out = to_rows([with_zaak(Soort=soort)], None, "", "parliament", TODAY)
    assert rows_of(out) == {"motions": 0, "votes": 0, "sources": 0} and out.skipped == []


def test_a_decision_without_a_zaak_gives_nothing():
    assert to_rows([besluit(Zaak=None)], None, "", "parliament", TODAY).rows["motions"] == []


@pytest.mark.parametrize("since, until, kept", [
    (FILED, "", True), ("2026-04-03", "", False), ("2026-04-01", "", True),
    ("", FILED, True), ("", "2026-04-01", False), ("", "2026-04-03", True),
    (FILED, FILED, True), ("2026-03-01", "2026-03-31", False), ("2026-05-01", "2026-05-31", False),
    ("2026-04-01", "2026-04-30", True)])
def test_the_date_range_includes_both_its_days(since, until, kept):
    """Filed on 2026-04-02 (GestartOp 2026-04-02T00:00:00+02:00): the date as the Kamer gives it."""
    out = to_rows([besluit()], 24587, "", "parliament", TODAY, since, until)
    assert len(out.rows["motions"]) == int(kept)


def test_a_motion_without_a_filing_date_is_before_any_since_date():
    record = besluit()
    del zaak_of(record)["GestartOp"]
    assert to_rows([record], 24587, "", "parliament", TODAY, since="2000-01-01").rows[
        "motions"] == []


@pytest.mark.parametrize("where", ["besluit", "zaak"])
def test_a_deleted_record_is_left_out_and_listed(where):
    record = besluit()
    (record if where == "besluit" else zaak_of(record))["Verwijderd"] = True
    out = to_rows([record], 24587, "", "parliament", TODAY)
    assert rows_of(out) == {"motions": 0, "votes": 0, "sources": 0}
    assert out.skipped == [f"{NUMBER}: deleted (verwijderd) in the open data; left out"]


def test_a_deleted_record_outside_what_was_asked_for_is_not_listed():
    record = besluit(Verwijderd=True)
    assert to_rows([record], 35373, "", "parliament", TODAY).skipped == []
    assert to_rows([record], 24587, "", "parliament", TODAY, since="2026-05-01").skipped == []


def test_a_later_decision_on_the_same_motion_is_not_imported_twice():
    later = besluit(Id="later", BesluitTekst="Aangenomen.")
    out = to_rows([besluit(), later], 24587, "", "parliament", TODAY)
    assert rows_of(out) == {"motions": 1, "votes": 17, "sources": 1}
    assert motion(out)["outcome"] == "rejected"


def test_a_deleted_decision_does_not_hide_the_valid_one_on_the_same_motion():
    out = to_rows([besluit(Verwijderd=True), besluit()], 24587, "", "parliament", TODAY)
    assert motion(out)["outcome"] == "rejected"
    assert out.skipped == [f"{NUMBER}: deleted (verwijderd) in the open data; left out"]


@pytest.mark.parametrize("first", [
    {"Soort": "Amendement"}, {"Kamerstukdossier": [{"Nummer": 35373}]},
    {"GestartOp": "2026-03-31T00:00:00+02:00"}, {"Verwijderd": True}, {"Nummer": "2026Z06891"}])
def test_a_zaak_left_out_does_not_stop_the_next_one_of_the_same_decision(first):
    """A decision's Zaak is a list: the motion after one left out (another kind, dossier, date,
    deleted, or already imported) is still imported."""
    record = besluit()
    left_out = copy.deepcopy(zaak_of(record))
    left_out.update(Nummer="2026Z06891", **{k: v for k, v in first.items() if k != "Nummer"})
    record["Zaak"].insert(0, left_out)
    records = [besluit(Zaak=[dict(zaak_of(besluit()), Nummer="2026Z06891")])] if (
        "Nummer" in first) else []
    out = to_rows([*records, record], 24587, "", "parliament", TODAY, since="2026-04-01")
    assert out.rows["motions"][-1]["motion_id"] == MOTION_ID


def test_two_motions_in_one_decision_both_become_rows():
    record = besluit()
    other = copy.deepcopy(zaak_of(record))
    other.update(Nummer="2026Z06891", Onderwerp="Motie van het lid Faber over iets anders")
    record["Zaak"].append(other)
    out = to_rows([record], 24587, "", "parliament", TODAY)
    assert [m["motion_id"] for m in out.rows["motions"]] == [MOTION_ID, "tk-2026z06891"]
    assert [s["url"] for s in out.rows["sources"]] == [
        URL, "https://www.tweedekamer.nl/kamerstukken/moties/detail?id=2026Z06891"]
    assert len(out.rows["votes"]) == 34


def test_nothing_asked_for_gives_empty_tables():
    out = to_rows([], None, "", "parliament", TODAY)
    assert out.rows == {"motions": [], "votes": [], "sources": []} and out.skipped == []


# --- merging into the data folder -------------------------------------------------------------

@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """A writable copy of the small fixture data; the working folder is its parent."""
    target = tmp_path / "data"
    shutil.copytree(MINI, target)
    monkeypatch.chdir(tmp_path)
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def imported(topic: str = "sanctions", **changes) -> Imported:
    return to_rows([besluit(**changes)], 24587, "2020-09-28-second", topic, TODAY)


def in_header_order(name: str, values: dict[str, str]) -> str:
    """The CSV line of values in the column order of the fixture's file; columns the import
    does not fill are empty (none of the values holds a comma or a quote)."""
    header = (MINI / name).read_text(encoding="utf-8").splitlines()[0].split(",")
    assert set(values) <= set(header)
    return ",".join(values.get(column, "") for column in header) + "\n"


MOTION_LINE = in_header_order("motions.csv", {
    "motion_id": MOTION_ID, "kamerstuk": "24587", "session_id": "2020-09-28-second",
    "date": FILED, "title": TITLE, "summary": TO_FILL, "submitters": TO_FILL,
    "parties": TO_FILL, "topic": "sanctions", "outcome": "rejected", "vote_date": VOTED,
    "oordeel": "ontraden", "source_ids": MOTION_ID, "summary_nl": TO_FILL_NL})
SOURCE_LINE = in_header_order("sources.csv", {
    "source_id": MOTION_ID, "title": TITLE, "publisher": "Tweede Kamer der Staten-Generaal",
    "url": URL, "date_published": FILED, "date_checked": "2026-11-25", "kind": "parliament",
    "language": "nl"})


def test_merge_appends_the_new_rows_in_the_files_column_order(data):
    before = snapshot(data)
    result = merge(data, imported(), dry_run=False)
    assert result.added == {"motions": 1, "votes": 17, "sources": 1}
    assert result.unchanged == 0 and result.conflicts == []
    after = snapshot(data)
    assert after["motions.csv"] == before["motions.csv"] + MOTION_LINE.encode()
    assert after["sources.csv"] == before["sources.csv"] + SOURCE_LINE.encode()
    votes = after["votes.csv"].decode()
    assert votes.startswith(before["votes.csv"].decode())
    added = votes[len(before["votes.csv"]):].splitlines(keepends=True)
    assert added == [in_header_order("votes.csv", {
        "motion_id": MOTION_ID, "party": party, "vote": vote, "seats": seats,
        "vote_date": VOTED, "source_ids": MOTION_ID}) for party, (vote, seats) in PARTY_VOTES.items()]
    assert {k: v for k, v in after.items() if k not in ("motions.csv", "votes.csv",
                                                        "sources.csv")} == {
        k: v for k, v in before.items() if k not in ("motions.csv", "votes.csv", "sources.csv")}


def test_merge_adds_a_line_break_a_file_lacks_at_its_end(data):
    motions = data / "motions.csv"
    text = motions.read_text(encoding="utf-8")
    motions.write_text(text.rstrip("\n"), encoding="utf-8")
    merge(data, imported(), dry_run=False)
    assert motions.read_text(encoding="utf-8") == text + MOTION_LINE


def test_a_second_merge_adds_nothing_and_a_later_check_date_is_no_conflict(data):
    merge(data, imported(), dry_run=False)
    before = snapshot(data)
    later = to_rows([besluit()], 24587, "2020-09-28-second", "sanctions", dt.date(2027, 1, 1))
    result = merge(data, later, dry_run=False)
    assert result.added == {"motions": 0, "votes": 0, "sources": 0}
    assert result.unchanged == 19 and result.conflicts == []
    assert snapshot(data) == before


def test_what_a_curator_wrote_in_place_of_the_placeholders_is_no_conflict(data):
    merge(data, imported(), dry_run=False)
    motions = data / "motions.csv"
    text = motions.read_text(encoding="utf-8")
    curated = text.replace(f"{TO_FILL},{TO_FILL},{TO_FILL}",
                           "Asks not to place transgender women in women's prisons.,Faber,unknown")
    assert curated != text
    motions.write_text(curated, encoding="utf-8")
    result = merge(data, imported(), dry_run=False)
    assert result.conflicts == [] and result.unchanged == 19
    assert motions.read_text(encoding="utf-8") == curated


def test_a_curated_row_that_differs_is_kept_and_listed_as_a_conflict(data):
    merge(data, imported(), dry_run=False)
    motions, votes = data / "motions.csv", data / "votes.csv"
    motions.write_text(motions.read_text(encoding="utf-8").replace(
        f"{MOTION_ID},24587,2020-09-28-second,{FILED},{TITLE}",
        f"{MOTION_ID},24587,2020-09-28-second,{FILED},Motion by Faber (curated)"), encoding="utf-8")
    votes.write_text(votes.read_text(encoding="utf-8").replace(
        f"{MOTION_ID},VVD,against,22,", f"{MOTION_ID},VVD,for,23,"), encoding="utf-8")
    before = snapshot(data)
    result = merge(data, imported(), dry_run=False)
    assert result.conflicts == [
        f"motions.csv {MOTION_ID}: kept the curated row; the import differs in title",
        f"votes.csv {MOTION_ID} / VVD: kept the curated row; the import differs in vote, seats"]
    assert result.added == {"motions": 0, "votes": 0, "sources": 0} and result.unchanged == 17
    assert snapshot(data) == before


def test_existing_files_with_a_byte_order_mark_are_read(data):
    merge(data, imported(), dry_run=False)
    motions = data / "motions.csv"
    motions.write_bytes(b"\xef\xbb\xbf" + motions.read_bytes())
    result = merge(data, imported(), dry_run=True)
    assert result.added["motions"] == 0 and result.conflicts == []


def test_a_dry_run_counts_but_writes_nothing(data):
    before = snapshot(data)
    result = merge(data, imported(), dry_run=True)
    assert result.added == {"motions": 1, "votes": 17, "sources": 1}
    assert snapshot(data) == before


def test_an_import_that_would_make_the_data_invalid_writes_nothing(data):
    before = snapshot(data)
    with pytest.raises(DebateprepError) as caught:
        merge(data, imported(topic="no-such-topic"), dry_run=False)
    lines = str(caught.value).splitlines()
    assert lines[0] == "the import would make the data invalid; nothing was written:"
    assert len(lines) == 2 and lines[1].startswith("data/motions.csv:4: column 'topic': value "
                                                   "'no-such-topic'")
    assert snapshot(data) == before  # no partial file left either


def test_each_problem_of_an_invalid_import_is_a_line_of_its_own(data):
    before = snapshot(data)
    bad = to_rows([besluit()], 24587, "no-such-session", "no-such-topic", TODAY)
    with pytest.raises(DebateprepError) as caught:
        merge(data, bad, dry_run=True)
    lines = str(caught.value).splitlines()
    assert len(lines) == 3 and lines[0].endswith("nothing was written:")
    assert sorted(line.split(": value")[0] for line in lines[1:]) == [
        "data/motions.csv:4: column 'session_id'", "data/motions.csv:4: column 'topic'"]
    assert snapshot(data) == before


def test_rows_of_a_table_not_asked_for_leave_its_file_alone(data):
    before = snapshot(data)
    result = merge(data, Imported({"motions": []}), dry_run=False)
    assert result.added == {"motions": 0} and result.unchanged == 0
    assert snapshot(data) == before


# --- the command line -------------------------------------------------------------------------

def test_the_command_imports_a_saved_file_and_says_what_it_added(data, tmp_path, capsys):
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps(PAGE), encoding="utf-8")
    assert cli.main(["import-tk", "--from-file", str(saved), "--topic", "sanctions",
                     "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"{saved}: added 1 motions row(s), 17 votes row(s), 1 sources row(s); 0 row(s) " \
           "already in the data" in out
    with open(data / "motions.csv", encoding="utf-8") as handle:
        [row] = [r for r in csv.DictReader(handle) if r["motion_id"] == MOTION_ID]
    assert row["oordeel"] == "ontraden" and row["outcome"] == "rejected"


@pytest.mark.parametrize("content", ['{"value": "not a list"}', "[{}]", "{not json", "[1]"])
def test_the_command_on_a_malformed_file_prints_one_line_and_writes_nothing(data, tmp_path,
                                                                           capsys, content):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")
    before = snapshot(data)
    assert cli.main(["import-tk", "--from-file", str(path), "--data", str(data)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0] and err[0].endswith("nothing was written")
    assert snapshot(data) == before


def test_the_command_without_the_service_prints_one_line_and_writes_nothing(data, monkeypatch,
                                                                           capsys):
    Service(monkeypatch, Prefix({"http://127.0.0.1:9/": urllib.error.URLError("refused")}))
    monkeypatch.setenv("DEBATEPREP_TK_ODATA", "http://127.0.0.1:9/")
    before = snapshot(data)
    assert cli.main(["import-tk", "--dossier", "24587", "--data", str(data)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["debateprep: cannot reach the Tweede Kamer's open data service "
                   "(127.0.0.1:9): refused; nothing was written"]
    assert snapshot(data) == before


# --- fixes after the mutation run ------------------------------------------------------------

def test_a_decision_to_hold_listed_before_the_vote_does_not_hide_the_vote():
    held = besluit(Id="held", BesluitTekst="Aangehouden.")
    out = to_rows([held, besluit()], 24587, "", "parliament", TODAY)
    assert motion(out)["outcome"] == "rejected" and motion(out)["vote_date"] == VOTED
    only_held = to_rows([held], 24587, "", "parliament", TODAY)
    assert motion(only_held)["outcome"] == "unknown"


def test_a_motion_without_a_dossier_gets_no_invented_number():
    out = to_rows([with_zaak(Kamerstukdossier=[])], None, "", "parliament", TODAY)
    assert motion(out)["kamerstuk"] == ""
    assert motion(to_rows([besluit()], None, "", "parliament", TODAY))["kamerstuk"] == "24587"


def test_a_filled_in_dutch_summary_is_no_conflict_on_the_next_import(data):
    merge(data, imported(), dry_run=False)
    motions = data / "motions.csv"
    curated = motions.read_text(encoding="utf-8").replace(TO_FILL_NL, "Verzoekt iets.")
    motions.write_text(curated, encoding="utf-8")
    assert merge(data, imported(), dry_run=False).conflicts == []


@pytest.mark.parametrize("change, detail", [
    ({"Onderwerp": None}, "AttributeError"),
    ({"GestartOp": None}, "TypeError"),
])
def test_a_motion_record_missing_what_the_import_needs_is_one_line(change, detail):
    with pytest.raises(MalformedResponse) as caught:
        to_rows([with_zaak(**change)], 24587, "", "parliament", TODAY)
    message = str(caught.value)
    assert message.startswith(f"motion {NUMBER}: its record lacks a field the import needs")
    assert detail in message and message.endswith("nothing was written") and "\n" not in message


def test_a_party_vote_of_an_unknown_kind_is_one_line():
    record = besluit()
    record["Stemming"][0]["Soort"] = "Onthouden"
    with pytest.raises(MalformedResponse) as caught:
        to_rows([record], 24587, "", "parliament", TODAY)
    assert str(caught.value) == (f"motion {NUMBER}: a party vote of kind 'Onthouden' (expected "
                                 "one of Voor, Tegen, Niet deelgenomen); nothing was written")


def test_a_decision_whose_motion_list_is_empty_or_null_gives_nothing():
    for zaken in (None, [None]):
        out = to_rows([besluit(Zaak=zaken)], 24587, "", "parliament", TODAY)
        assert rows_of(out) == {"motions": 0, "votes": 0, "sources": 0}
