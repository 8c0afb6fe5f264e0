"""The thirty-minute brief (issue 10), checked on the rendered default pack: its PDF pages,
the summary on page 1, one source list, no internal codes, every editorial item printed, and
the same citation numbers in the chapter pages, the combined page and the PDF."""
from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from debateprep.pack.plan import default_session_id, read_sessions
from debateprep.pack.render import render_session
from debateprep.data.schema import TABLES

from conftest import DATA

PDFTOTEXT = shutil.which("pdftotext")
MAX_PAGES = 16
TAG = re.compile(r"<[^>]+>")
CITED = re.compile(r"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]")


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """The default pack (the notebooks' default session), rendered once for this module."""
    session = read_sessions(DATA)[default_session_id()]
    out = tmp_path_factory.mktemp("reports")
    outcome = render_session(session, DATA, out, jobs=2, force=True, progress=False)
    assert outcome.status == "published", outcome.results
    return outcome.pack


def pdf_pages(pack: Path) -> list[str]:
    if PDFTOTEXT is None:
        pytest.fail("pdftotext is needed (Debian's poppler-utils; .ci/run installs it)")
    text = subprocess.run([PDFTOTEXT, "-layout", str(pack / "briefing.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def reader_text(page: str) -> str:
    """What a reader sees of an HTML page: no tags, no style, no addresses, no source list."""
    page = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    page = page.split("<h1 id='sources'>")[0]
    return html.unescape(TAG.sub(" ", page))


def test_the_pdf_has_at_most_sixteen_pages_and_bookmarks_for_its_contents(pack):
    pages = pdf_pages(pack)
    assert 2 <= len(pages) <= MAX_PAGES
    import weasyprint  # the PDF's outline (bookmarks) is its table of contents
    document = weasyprint.HTML(filename=str(pack / "briefing.html")).render()
    outline = [label for label, *_ in document.make_bookmark_tree()]
    assert outline[0] == "Summary" and "Session overview" in outline and "Sources" in outline
    index = (pack / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((pack / "manifest.json").read_text())
    assert all(html.escape(c["title"]) in index for c in manifest["chapters"])


def test_page_one_is_the_whole_summary(pack):
    first, second = pdf_pages(pack)[:2]
    for heading in ("Summary", "The debate", "The government's line",
                    "What changed since the previous debate", "Top questions", "Key numbers"):
        assert heading in first, heading
        assert heading not in second.replace("Summary of", ""), f"{heading} ran onto page 2"
    assert "Session overview" in second  # the next chapter starts on page 2


def test_each_source_is_listed_once_and_every_number_resolves(pack):
    page = (pack / "briefing.html").read_text(encoding="utf-8")
    listed = re.findall(r"<li id='src-(\d+)' value='\d+'>(.*?)</li>", page, re.S)
    numbers = [int(n) for n, _ in listed]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len({entry for _, entry in listed}) == len(listed)  # no source twice
    cited = {int(n) for n in re.findall(r"href='#src-(\d+)'", page)}
    assert cited == set(numbers)
    manifest = json.loads((pack / "manifest.json").read_text())
    assert sorted(manifest["sources"].values()) == numbers
    assert page.count("<ol class='sources'>") == 1  # no chapter repeats the list


def codes() -> set[str]:
    """Every internal code the data may hold: hyphenated choices of the schema and topic ids."""
    found = set()
    for table in TABLES.values():
        for column in table.columns:
            found |= {c for c in column.choices if "-" in c}
    with open(DATA / "topics.csv", encoding="utf-8") as handle:
        found |= {row["topic_id"] for row in csv.DictReader(handle)}
    # plain English words and compounds as well as ids: prose may use them
    return found - {"opinion", "parliament", "sanctions", "nato", "engagement", "ukraine",
                    "belarus", "navalny", "arms-control", "people-to-people"}


def test_reader_facing_text_shows_no_internal_code(pack):
    text = reader_text((pack / "briefing.html").read_text(encoding="utf-8"))
    shown = sorted(c for c in codes() if re.search(rf"(?<![\w/.-]){re.escape(c)}(?![\w/-])", text))
    assert shown == []
    assert "Committee: plenary" not in text and "Topical issue" not in text


def test_every_editorial_item_of_the_session_is_printed(pack):
    manifest = json.loads((pack / "manifest.json").read_text())
    with open(DATA / "editorial.csv", encoding="utf-8") as handle:
        items = [r for r in csv.DictReader(handle) if r["session_id"] == manifest["session_id"]
                 and r["date"] <= manifest["as_of"]]
    assert items, "the default session has editorial items"
    text = reader_text((pack / "briefing.html").read_text(encoding="utf-8"))
    missing = [i["item_id"] for i in items if " ".join(i["text"].split()) not in " ".join(text.split())]
    assert missing == []
    assert "Talking points" in text and "Editorial" in text


def numbers_in(text: str) -> list[str]:
    return [re.sub(r"\s", "", group) for group in CITED.findall(text)]


def test_citation_numbers_agree_in_chapter_pages_combined_page_and_pdf(pack):
    manifest = json.loads((pack / "manifest.json").read_text())
    combined = (pack / "briefing.html").read_text(encoding="utf-8")
    sections = combined.split("<section class='chapter'>")[1:]
    for chapter, section in zip(manifest["chapters"], sections):
        own = (pack / f"{chapter['stem']}.html").read_text(encoding="utf-8")
        in_page = re.findall(r"href='sources.html#src-(\d+)'", own)
        in_combined = re.findall(r"href='#src-(\d+)'", section)
        assert in_page == in_combined, chapter["stem"]
    summary = reader_text(sections[0])
    first_page = pdf_pages(pack)[0]
    assert numbers_in(" ".join(summary.split())) == numbers_in(" ".join(first_page.split()))
    assert len(numbers_in(first_page)) >= 10
