"""Render planning, cache keys, safe publishing and content hashes, without running a kernel.

Expected values come from tests/fixtures/mini (sessions, topics, positions, considerations), the
notebooks' own first headings, and the docstrings: a chapter per topical issue, optional
chapters only when their table has something from the twelve months before the as-of date,
a cache key over notebook bytes, parameters, data and code, and a publish that never loses the
old pack.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path

import pytest

from debateprep.data import hashing
from debateprep.errors import DataError, UnknownChoiceError
from debateprep.pack.publish import publish, recover, staging_dir
from debateprep.pack.plan import (Chapter, SessionInfo, chapter_key, plan, read_sessions,
                                  resolve_sessions)
from debateprep.pack.render import published_keys
from debateprep.data.schema import TABLES
from debateprep.data.validation import check_data

from conftest import MINI, ROOT, replace_in

NOTEBOOKS = ROOT / "notebooks"


def first_heading(path: Path) -> str:
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and text.startswith("# "):
            return text.splitlines()[0][2:].strip()
    raise AssertionError(f"{path} has no title")


# --- sessions -------------------------------------------------------------------------------------

def test_read_sessions_gives_every_session_with_its_issues_and_recent_chapters():
    sessions = read_sessions(MINI)
    assert sessions["2019-01-10-first"].lang == "nl"  # Dutch first: the default edition
    assert sessions["2019-01-10-first"].title == "NL First debate"  # title_nl in the mini data
    assert {k: v.edition("en") for k, v in sessions.items()} == {
        "2019-01-10-first": SessionInfo("2019-01-10-first", "2019-01-10", "First debate", (), "",
                                        (), {}, "en"),
        "2020-09-28-second": SessionInfo(
            "2020-09-28-second", "2020-09-28", "Second debate", ("mh17", "belarus"), "",
            ("05_open_letters", "06_engagement_agenda"), {"mh17": "MH17", "belarus": "Belarus"},
            "en"),
        "2021-05-01-third": SessionInfo("2021-05-01-third", "2021-05-01", "Third debate", (), "",
                                        ("05_open_letters",), {}, "en"),
    }


def test_read_sessions_passes_the_as_of_date_on():
    sessions = read_sessions(MINI, "2020-01-01")
    assert {s.as_of for s in sessions.values()} == {"2020-01-01"}
    assert {s.recent for s in sessions.values()} == {("06_engagement_agenda",)}


def test_sessions_come_in_date_order_whatever_the_file_order(mini_dir):
    path = mini_dir / "sessions.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + "".join(reversed(lines[1:])), encoding="utf-8")
    assert list(read_sessions(mini_dir)) == ["2019-01-10-first", "2020-09-28-second",
                                             "2021-05-01-third"]


def test_read_sessions_refuses_bad_data_with_every_problem(mini_dir):
    replace_in(mini_dir / "sessions.csv", "2021-05-01,plenair", "2021-05-32,plenair")
    with pytest.raises(DataError) as err:
        read_sessions(mini_dir)
    assert err.value.problems == check_data(mini_dir).problems
    assert len(err.value.problems) == 1


def test_an_unknown_session_is_named_as_a_session():
    with pytest.raises(UnknownChoiceError) as err:
        resolve_sessions(read_sessions(MINI), ["nope"], False)
    assert str(err.value).startswith("unknown session 'nope' — valid choices: 2019-01-10-first")


# --- planning -------------------------------------------------------------------------------------

def test_the_plan_lists_every_chapter_in_reading_order_with_its_parameters(tmp_path):
    session = SessionInfo("s-1", "2020-09-28", "S", ("mh17", "belarus"), "2020-09-01",
                          ("06_engagement_agenda",), {"mh17": "MH17 downing"}, "en")
    data = Path(os.path.relpath(tmp_path, Path.cwd())) / "data"
    params = {"session_id": "s-1", "data_dir": str(tmp_path.resolve() / "data"),
              "as_of": "2020-09-01", "lang": "en"}
    books = {p.stem: p for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")}
    expected = []
    for stem in sorted(books):
        if stem == "05_open_letters":
            continue
        if stem == "04_topical_issue":
            expected += [Chapter(f"{stem}-mh17", str(books[stem]), "MH17 downing",
                                 params | {"issue": "mh17"}),
                         Chapter(f"{stem}-belarus", str(books[stem]), "belarus",
                                 params | {"issue": "belarus"})]
        else:
            expected.append(Chapter(stem, str(books[stem]), first_heading(books[stem]), params))
    assert plan(session, data, NOTEBOOKS) == expected
    assert [c.stem for c in expected][:2] == ["00_summary", "01_session_overview"]


def test_an_optional_chapter_is_planned_when_it_is_recent(tmp_path):
    session = SessionInfo("s-1", "2020-09-28", "S", (), "", ("05_open_letters",))
    stems = [c.stem for c in plan(session, tmp_path, NOTEBOOKS)]
    assert "05_open_letters" in stems and "06_engagement_agenda" not in stems
    assert plan(session, tmp_path, NOTEBOOKS)[0].params["as_of"] == "2020-09-27"


# --- cache keys and published packs -----------------------------------------------------------------

def test_the_cache_key_is_one_hash_of_notebook_parameters_data_code_and_python(tmp_path):
    from importlib import metadata
    import platform
    from debateprep.data.schema import TABLES
    from debateprep.data.scope import view_digest
    from debateprep.pack.plan import PACKAGES
    notebook = tmp_path / "01_x.ipynb"
    notebook.write_bytes(b'{"cells": []}')
    checked = check_data(MINI)
    chapter = Chapter("01_x", str(notebook), "X", {"session_id": "a"})
    day = dt.date(2020, 9, 27)
    packages = {"python": platform.python_version()} | {n: metadata.version(n) for n in PACKAGES}
    # a notebook no scope names reads every table
    parts = {"notebook": hashlib.sha256(b'{"cells": []}').hexdigest(),
             "params": {"session_id": "a"}, "data": view_digest(checked.rows, day, "a", TABLES),
             "code": "c", "python": sys.version, "packages": packages}
    expected = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    assert chapter_key(chapter, checked, day, "c") == expected


def pack(target: Path, stems: list[str], html: list[str]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    manifest = {"chapters": [{"stem": s, "key": f"key-{s}", "title": "Één"} for s in stems]}
    (target / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    for stem in html:
        (target / f"{stem}.html").write_text("x", encoding="utf-8")


def test_published_keys_come_from_a_complete_pack_only(tmp_path):
    assert published_keys(tmp_path / "none") is None
    pack(tmp_path / "full", ["01_a", "02_b"], ["01_a", "02_b"])
    assert published_keys(tmp_path / "full") == {"01_a": "key-01_a", "02_b": "key-02_b"}
    pack(tmp_path / "part", ["01_a", "02_b"], ["01_a"])
    assert published_keys(tmp_path / "part") is None
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "manifest.json").write_text("{not json", encoding="utf-8")
    assert published_keys(tmp_path / "bad") is None
    (tmp_path / "bad" / "manifest.json").write_text('{"files": []}', encoding="utf-8")
    assert published_keys(tmp_path / "bad") is None


# --- publishing -------------------------------------------------------------------------------------

def test_publish_into_an_empty_place(tmp_path):
    stage = tmp_path / "stage"
    stage.mkdir()
    (stage / "index.html").write_text("new", encoding="utf-8")
    (tmp_path / "out").mkdir()
    publish(stage, tmp_path / "out" / "s")
    assert (tmp_path / "out" / "s" / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["s"]


@pytest.fixture
def out(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_a_failed_swap_puts_the_old_pack_back(out):
    target = out / "s"
    target.mkdir()
    (target / "index.html").write_text("old", encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        publish(out / "no-stage", target)
    assert (target / "index.html").read_text(encoding="utf-8") == "old"
    assert [p.name for p in out.iterdir()] == ["s"]


def test_recover_restores_a_pack_left_aside_and_drops_leftovers(out):
    aside = out / ".old-s-123"
    aside.mkdir()
    (aside / "index.html").write_text("old", encoding="utf-8")
    (out / ".staging-s-9").mkdir()
    (out / ".staging-s-10").write_text("a stray file", encoding="utf-8")
    (out / ".old-t-1").mkdir()
    (out / ".staging-t-1").mkdir()
    recover(out, "s")
    assert (out / "s" / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in out.iterdir()) == [".old-t-1", ".staging-s-10", ".staging-t-1", "s"]


def test_recover_keeps_a_published_pack_over_one_left_aside(out):
    (out / "s").mkdir()
    (out / "s" / "index.html").write_text("new", encoding="utf-8")
    (out / ".old-s-1").mkdir()
    (out / ".old-s-2").write_text("a stray file", encoding="utf-8")
    recover(out, "s")
    assert (out / "s" / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in out.iterdir()) == [".old-s-2", "s"]


def test_a_staging_folder_is_fresh_and_empty_even_in_a_new_place(tmp_path):
    out = tmp_path / "new" / "reports"
    stage = staging_dir(out, "s")
    assert stage == out / f".staging-s-{os.getpid()}" and list(stage.iterdir()) == []
    (stage / "left.html").write_text("x", encoding="utf-8")
    assert list(staging_dir(out, "s").iterdir()) == []


# --- content hashes ---------------------------------------------------------------------------------

def test_a_missing_file_hashes_as_missing(tmp_path):
    assert hashing.file_hash(tmp_path / "nothing") == "missing"
    (tmp_path / "f").write_bytes(b"abc")
    assert hashing.file_hash(tmp_path / "f") == hashlib.sha256(b"abc").hexdigest()


def test_combine_ignores_key_order_and_takes_dates():
    import datetime as dt
    assert hashing.combine({"a": 1, "b": 2}) == hashing.combine({"b": 2, "a": 1})
    assert hashing.combine({"day": dt.date(2020, 1, 2)}) == hashing.combine({"day": "2020-01-02"})


def test_the_fingerprint_covers_every_data_file(mini_dir):
    assert set(hashing.data_files(mini_dir)) == {t.filename for t in TABLES.values()}
    before = hashing.fingerprint(mini_dir)
    with open(mini_dir / "votes.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    assert hashing.fingerprint(mini_dir) != before


def test_the_library_hash_covers_code_templates_css_and_json_only(tmp_path, monkeypatch):
    lib = tmp_path / "lib"
    (lib / "templates" / "briefing").mkdir(parents=True)
    files = ["a.py", "templates/briefing/page.j2", "templates/style.css", "b.json",
             "templates/z.py"]
    for name in files + ["notes.txt", "c.pyc"]:
        (lib / name).write_text("one", encoding="utf-8")
    monkeypatch.setattr(hashing, "LIBRARY", lib)
    base = hashing.library_code()
    for name in files:
        (lib / name).write_text("two", encoding="utf-8")
        changed = hashing.library_code()
        assert changed != base, name
        base = changed
    for name in ["notes.txt", "c.pyc"]:
        (lib / name).write_text("two", encoding="utf-8")
        assert hashing.library_code() == base, name
    (lib / "a.py").rename(lib / "renamed.py")
    assert hashing.library_code() != base


def test_a_side_job_runs_in_another_process_and_gives_its_result():
    from debateprep.pack.assemble import side_job
    wait = side_job(lambda: f"done in {os.getpid()}")
    answer = wait()
    assert answer.startswith("done in ") and answer != f"done in {os.getpid()}"


def test_a_side_job_whose_process_dies_gives_a_failure_line_not_a_hang():
    from debateprep.pack.assemble import side_job
    wait = side_job(lambda: os._exit(3))
    assert wait() == "none (failed: its process ended with exit code 3)"


def test_the_word_step_reports_how_it_failed(tmp_path, monkeypatch):
    import datetime as _dt
    from debateprep.pack import assemble

    def broken(*args, **kwargs):
        raise OSError("disk full\nsecond line")
    monkeypatch.setattr(assemble, "write_docx", broken)
    assert assemble._word(tmp_path / "b.html", tmp_path / "b.docx", "t", "nl",
                          _dt.datetime(2026, 1, 1)) == "none (failed: OSError: disk full"
    monkeypatch.setattr(assemble, "write_docx", lambda *a, **k: None)
    assert assemble._word(tmp_path / "b.html", tmp_path / "b.docx", "t", "nl",
                          _dt.datetime(2026, 1, 1)) == "briefing.docx"


def test_the_pdf_is_laid_out_without_garbage_collections_and_they_resume_after(tmp_path,
                                                                              monkeypatch):
    import gc
    import weasyprint
    from debateprep.pack import pdf
    seen = []

    class Recording:
        def __init__(self, **kwargs):
            pass

        def write_pdf(self, target, **kwargs):
            seen.append(gc.isenabled())
            if target.endswith("broken.pdf"):
                raise ValueError("layout failed")

    monkeypatch.setattr(weasyprint, "HTML", Recording)
    (tmp_path / "b.html").write_text("<p>A page.</p>", encoding="utf-8")
    assert gc.isenabled()
    assert pdf.write_pdf(tmp_path / "b.html", tmp_path / "b.pdf") == "weasyprint"
    assert seen == [False] and gc.isenabled()
    with pytest.raises(ValueError):
        pdf.write_pdf(tmp_path / "b.html", tmp_path / "broken.pdf")
    assert seen == [False, False] and gc.isenabled()  # back on after a failed PDF too
    gc.disable()  # a caller that had paused them itself keeps them paused
    try:
        pdf.write_pdf(tmp_path / "b.html", tmp_path / "b.pdf")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_side_job_runs_without_garbage_collections_and_leaves_the_parents_on():
    import gc
    from debateprep.pack.assemble import side_job
    assert side_job(lambda: str(gc.isenabled()))() == "False"
    assert gc.isenabled()


def test_the_space_before_a_citation_moves_into_its_span_for_weasyprint():
    from debateprep.pack.pdf import for_weasyprint
    page = ("<li>A claim. <span class='cite'>\u2060[<a href='#src-4'>4</a>]</span></li>"
            '<p>Another <span class="cite">\u2060[5]</span> and <span class="other">x</span></p>')
    assert for_weasyprint(page) == (
        "<li>A claim.<span class='cite'> \u2060[<a href='#src-4'>4</a>]</span></li>"
        '<p>Another<span class="cite"> \u2060[5]</span> and <span class="other">x</span></p>')


def test_a_citation_that_does_not_fit_moves_to_the_next_line_alone(tmp_path):
    """Page 1 of the default pack: WeasyPrint 70 broke this sentence after 'betrokkenheid',
    alone on its line, and put the rest with the citation on the next one. (As in the combined
    page the PDF is made from: the citations renumbered, without their mark.)"""
    import shutil
    import subprocess
    from debateprep.pack.htmlexport import page
    from debateprep.pack.pdf import write_pdf
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.fail("pdftotext is needed (Debian's poppler-utils; .ci/run installs it)")
    sentence = ("Nederland steunt EU-sancties vanwege de vergiftiging van Navalny met Novitsjok, "
                "omdat alleen Russische betrokkenheid en verantwoordelijkheid die kunnen "
                "verklaren en het gebruik van chemische wapens onaanvaardbaar is.")
    source = tmp_path / "b.html"
    source.write_text(page("t", "r", f"<section class='chapter'><ul><li>{sentence} <span "
                           "class='cite'>[<a href='https://example.org/4'>4</a>, <a "
                           "href='https://example.org/5'>5</a>]</span></li></ul></section>", "nl"), encoding="utf-8")
    write_pdf(source, tmp_path / "b.pdf")
    text = subprocess.run([pdftotext, str(tmp_path / "b.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [line.strip(" •") for line in text.splitlines() if line.strip(" •")]
    start = next(i for i, line in enumerate(lines) if "Nederland" in line)
    assert " ".join(lines[start:start + 3]) == sentence + " [4, 5]"
    assert lines[start + 2] == "[4, 5]"  # the citation alone, nothing else


def test_weasyprint_makes_a_tagged_pdf_ua_with_the_pages_own_images(tmp_path):
    """The PDF claims PDF/UA-1 and carries its structure and language; an image named relative
    to the page is found beside it."""
    import pikepdf
    from PIL import Image
    from debateprep.pack.htmlexport import page
    from debateprep.pack.pdf import write_pdf
    Image.new("RGB", (40, 20), "navy").save(tmp_path / "bar.png")
    (tmp_path / "b.html").write_text(page("Een titel", "kop", "<h1>Kop</h1><p>Tekst.</p>"
                                          "<img src='bar.png' alt='Een balk'>", "nl"),
                                     encoding="utf-8")
    assert write_pdf(tmp_path / "b.html", tmp_path / "b.pdf") == "weasyprint"
    with pikepdf.open(tmp_path / "b.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root and bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "nl"
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"
        images = list(pdf.pages[0].get_images().values())
        assert len(images) == 1 and (images[0].Width, images[0].Height) == (40, 20)


def test_without_weasyprint_debians_chromium_prints_the_page(tmp_path, monkeypatch):
    import stat
    import sys
    from debateprep.pack import pdf
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` fails
    called = tmp_path / "called.txt"
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nprintf '%s\\n' \"$@\" > " + str(called) + "\nfor a in \"$@\"; do "
                    "case \"$a\" in --print-to-pdf=*) printf '%%PDF-1.4' > \"${a#--print-to-pdf=}\";; "
                    "esac; done\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(pdf.shutil, "which", lambda name: str(fake) if name == "chromium" else None)
    source = tmp_path / "b.html"
    source.write_text("<p>A page.</p>", encoding="utf-8")
    assert pdf.write_pdf(source, tmp_path / "b.pdf") == "chromium"
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    assert called.read_text(encoding="utf-8").splitlines() == [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--no-pdf-header-footer", f"--print-to-pdf={tmp_path / 'b.pdf'}",
        source.as_uri()]
    monkeypatch.setattr(pdf.shutil, "which", lambda name: "/usr/bin/chromium-browser"
                        if name == "chromium-browser" else None)
    runs = []
    monkeypatch.setattr(pdf.subprocess, "run", lambda args, **kw: runs.append((args[0], kw)))
    assert pdf.write_pdf(source, tmp_path / "b.pdf") == "chromium"
    assert runs == [("/usr/bin/chromium-browser",  # its other name; a failure raises, a hang ends
                     {"check": True, "capture_output": True, "timeout": 120})]
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.PdfUnavailable, match="install the 'weasyprint' package .* or Debian's 'chromium'"):
        pdf.write_pdf(source, tmp_path / "b.pdf")
