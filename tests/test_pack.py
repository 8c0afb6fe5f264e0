"""The thirty-minute brief (issue 10), checked on both editions of the rendered default pack
(Dutch at its top, English in en/): its PDF pages, the summary on page 1, one source list, no
internal codes, every editorial item printed, and the same citation numbers in the chapter
pages, the combined page and the PDF. Expected words come from the catalog and the data."""
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

from debateprep.i18n import _, language, translate_markdown as markdown

from conftest import DATA

def first_markdown(stem: str) -> str:
    notebook = json.loads((DATA.parent / "notebooks" / f"{stem}.ipynb").read_text())
    return next("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")


OVERVIEW = first_markdown("01_session_overview")


def sources_word(lang: str) -> str:
    with language(lang):
        return _("Sources")

PDFTOTEXT = shutil.which("pdftotext")
MAX_PAGES = 16
TAG = re.compile(r"<[^>]+>")
CITED = re.compile(r"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]")


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> Path:
    """The default pack (the notebooks' default session) in both editions, rendered once."""
    session = read_sessions(DATA)[default_session_id()]
    out = tmp_path_factory.mktemp("reports")
    outcome = render_session(session, DATA, out, jobs=2, force=True, progress=False,
                             langs=("nl", "en"))
    assert outcome.status == "published", outcome.results
    return outcome.pack


@pytest.fixture(params=["nl", "en"])
def lang(request) -> str:
    return request.param


@pytest.fixture
def pack(both, lang) -> Path:
    """One edition of the default pack: Dutch at the top of its folder, English in en/."""
    return both if lang == "nl" else both / "en"


def words(text: str, lang: str) -> str:
    """An interface string, or a notebook's Markdown heading, in lang (from the catalog)."""
    return markdown(text, lang)


def heading(markdown_cell: str, lang: str) -> str:
    """The words of a notebook heading ('## The debate') in lang, without the '#'s."""
    return markdown(markdown_cell, lang).lstrip("#").strip().splitlines()[0]


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


def test_the_pdf_has_at_most_sixteen_pages_and_bookmarks_for_its_contents(pack, lang):
    pages = pdf_pages(pack)
    assert 2 <= len(pages) <= MAX_PAGES
    import weasyprint  # the PDF's outline (bookmarks) is its table of contents
    document = weasyprint.HTML(filename=str(pack / "briefing.html")).render()
    outline = [label for label, *_ in document.make_bookmark_tree()]
    assert outline[0] == heading("# Summary", lang)
    assert heading(OVERVIEW, lang) in outline and sources_word(lang) in outline
    assert f'<html lang="{lang}">' in (pack / "briefing.html").read_text(encoding="utf-8")
    index = (pack / "index.html").read_text(encoding="utf-8")
    manifest = json.loads((pack / "manifest.json").read_text())
    assert all(html.escape(c["title"]) in index for c in manifest["chapters"])


def test_page_one_is_the_whole_summary(pack, lang):
    first, second = pdf_pages(pack)[:2]
    for cell in ("# Summary", "## The debate", "## The government's line",
                 "## What changed since the previous debate", "## Key numbers"):
        title = heading(cell, lang)
        assert title in first, title
        assert title not in second.replace(heading("# Summary", lang) + " of", ""), \
            f"{title} ran onto page 2"
    with language(lang):
        assert _("Top questions") in first
    assert heading(OVERVIEW, lang) in second  # the next chapter starts on page 2


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


def test_every_editorial_item_of_the_session_is_printed(pack, lang):
    manifest = json.loads((pack / "manifest.json").read_text())
    assert manifest["language"] == lang
    with open(DATA / "editorial.csv", encoding="utf-8") as handle:
        items = [r for r in csv.DictReader(handle) if r["session_id"] == manifest["session_id"]
                 and r["date"] <= manifest["as_of"]]
    assert items, "the default session has editorial items"
    text = reader_text((pack / "briefing.html").read_text(encoding="utf-8"))
    column = "text_nl" if lang == "nl" else "text"  # the edition's column of the data
    missing = [i["item_id"] for i in items
               if " ".join(i[column].split()) not in " ".join(text.split())]
    assert missing == []
    with language(lang):
        assert _("Talking points") in text and _("Editorial — suggestions by the debateprep "
                                                 "editors, not facts") in text


def test_the_editions_link_to_each_other(both):
    dutch = (both / "index.html").read_text(encoding="utf-8")
    english = (both / "en" / "index.html").read_text(encoding="utf-8")
    assert "href='en/index.html'" in dutch and "English edition" in dutch
    assert "href='../index.html'" in english and "Nederlandse editie" in english
    assert '<html lang="nl">' in dutch and '<html lang="en">' in english


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


def catalog_pairs() -> list[tuple[str, str]]:
    from babel.messages.pofile import read_po
    path = DATA.parent / "lib" / "debateprep" / "locale" / "nl" / "LC_MESSAGES" / "debateprep.po"
    with open(path, "rb") as f:
        return [(m.id, m.string) for m in read_po(f) if m.id and isinstance(m.id, str)]


def test_the_dutch_edition_shows_no_english_interface_text(both):
    """Marker test: no piece of an English source string of the catalog (a run of 12
    characters or more between its placeholders, a line of a Markdown cell) is left in the
    Dutch pack's reader-facing text; each is in Dutch there, from the catalog. Text marked as
    another language (the link to the English edition, lang='en') is not this edition's."""
    pages = ["briefing.html", "index.html", "sources.html"]
    other = re.compile(r"<(\w+)[^>]*\slang='(?!nl')[a-z]+'[^>]*>.*?</\1>", re.S)
    text = " ".join(" ".join(reader_text(other.sub("", (both / p).read_text(encoding="utf-8")))
                             .split()) for p in pages)
    assert "English edition" in (both / "index.html").read_text(encoding="utf-8")
    leaks = []
    for english, dutch in catalog_pairs():
        if english == dutch:
            continue
        for line in english.splitlines():
            for part in re.split(r"%\(\w+\)[sd]|\*\*|\*", line.lstrip("# ")):
                part = " ".join(part.split()).strip(" .,:;·()—–-‘’“”'")
                if len(part) >= 12 and part not in dutch and part in text:
                    leaks.append(part)
    assert leaks == []


def test_every_table_header_of_the_dutch_edition_comes_from_the_catalog(both):
    dutch = {d for _e, d in catalog_pairs()}
    english = {e for e, d in catalog_pairs() if e != d}
    headers = set()
    for page in both.glob("*.html"):
        headers |= {html.unescape(h) for h in re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>",
                                                         page.read_text(encoding="utf-8"))}
    assert headers and headers <= dutch, headers - dutch
    assert not headers & english


# --- where staff work: Word, a tagged PDF, charts described from their data ----------------------

PLACEHOLDER = "No description has been provided for this image"


def test_no_pack_page_carries_a_placeholder_description(both):
    pages = list(both.rglob("*.html"))
    assert pages and not [p.name for p in pages if PLACEHOLDER in p.read_text(encoding="utf-8")]
    images = sum(p.read_text(encoding="utf-8").count("<img ") for p in pages)
    captions = sum(p.read_text(encoding="utf-8").count("<figcaption>") for p in pages)
    assert images and captions == images  # every chart described, also for sighted readers


def test_the_pdf_is_tagged_with_headings_tables_figures_and_language(pack, lang):
    import pikepdf
    tagged = subprocess.run(["pdfinfo", str(pack / "briefing.pdf")], capture_output=True,
                            text=True).stdout
    assert re.search(r"Tagged:\s+yes", tagged)
    with pikepdf.open(pack / "briefing.pdf") as pdf:
        assert str(pdf.Root.Lang) == lang and bool(pdf.Root.MarkInfo.Marked)
        roles, alts = {}, []

        def walk(node) -> None:
            if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                role = str(node.S)
                roles[role] = roles.get(role, 0) + 1
                if role == "/Figure":
                    alts.append(str(node.get("/Alt", "")))
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids] if kids else []):
                walk(kid)
        walk(pdf.Root.StructTreeRoot)
    assert roles.get("/H1") and roles.get("/H2") and roles.get("/Table") and roles.get("/TH")
    assert alts and all(a and PLACEHOLDER not in a for a in alts)


def test_the_pdf_has_no_error_in_the_machine_checkable_part_of_pdf_ua_1(pack):
    """pdfua checks the part of PDF/UA-1 (ISO 14289-1) decidable from the file: every piece of
    content tagged or an artifact, figures with alt text, tables with header cells, a title
    shown, the language, the conformance claim. It does not certify conformance; its warnings
    (header cells found by position) are for a person to confirm."""
    from pdfua import Severity, validate
    report = validate(str(pack / "briefing.pdf"))
    errors = [f"{f.rule_id} {f.location}: {f.message}" for f in report.findings
              if f.severity >= Severity.ERROR]
    assert not errors, errors


def test_the_word_edition_has_headings_tables_described_charts_and_working_citations(pack, lang):
    import docx
    document = docx.Document(str(pack / "briefing.docx"))
    page = (pack / "briefing.html").read_text(encoding="utf-8")
    body = page.split("<main", 1)[1]
    outside_tables = re.sub(r"<table.*?</table>", "", body, flags=re.S)  # cells hold text
    expected = [html.unescape(TAG.sub("", h)).replace("¶", "").strip()
                for h in re.findall(r"<h[123][^>]*>(.*?)</h[123]>", outside_tables, re.S)]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == expected  # Word's own heading styles, in the brief's order
    assert document.core_properties.language.startswith(lang)
    assert document.core_properties.title.endswith(read_sessions(DATA)[default_session_id()]
                                                   .edition(lang).title)
    assert len(document.tables) >= 5
    headed = [t for t in re.findall(r"<table.*?</table>", body, re.S) if "<th" in t]
    flagged = [t for t in document.tables if "tblHeader" in t.rows[0]._tr.xml]
    assert len(flagged) == len(headed)  # each header row repeats on every page
    captions = [html.unescape(c) for c in re.findall(r"<figcaption>(.*?)</figcaption>", body, re.S)]
    descriptions = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert descriptions == captions and descriptions
    xml = document.element.body.xml
    anchors = set(re.findall(r'w:anchor="([^"]+)"', xml))
    marks = set(re.findall(r'w:bookmarkStart[^>]*w:name="([^"]+)"', xml))
    assert anchors and anchors <= marks  # every citation leads to its entry in the source list
    listed = len(re.findall(r"<li id='src-\d+'", page))
    assert len({m for m in marks if m.startswith("src-")}) == listed
    with language(lang):
        label = _("Editorial — suggestions by the debateprep editors, not facts")
    assert any(label in p.text for p in document.paragraphs)


AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list:
    """axe-core's WCAG 2.1 A and AA violations on the open page (installed from tests/axe with
    npm ci; never downloaded at run time)."""
    if not AXE.exists():
        pytest.fail("axe-core is needed: (cd tests/axe && npm ci), see the README's test command")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async tags => (await axe.run(document, {runOnly: {type: 'tag',
        values: tags}})).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '))""",
                         WCAG)


def test_the_pack_pages_pass_axe(both):
    """The index of the reports folder, the pack's index, the combined page, a chapter and the
    sources page of the Dutch edition: no WCAG 2.1 A/AA violation."""
    from playwright.sync_api import sync_playwright
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        try:
            page = browser.new_page()
            found = {}
            for name in ("../index.html", "index.html", "briefing.html",
                         "01_session_overview.html", "sources.html"):
                page.goto((both / name).resolve().as_uri())
                found[name] = axe_violations(page)
        finally:
            browser.close()
    assert found == {name: [] for name in found}
