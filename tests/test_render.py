"""The render pipeline: what it runs, when it reruns, and that a failure never costs a pack.

These tests render tiny stand-in notebooks (a good one and one that can be made to fail) so
that they exercise the real papermill, cache, publish and lock code in seconds.
"""
from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import shutil
from pathlib import Path

import nbformat
import pytest

from debateprep.pack import plan as planning, present, run as running
from debateprep.chapters.citations import MARK, PackSources
from debateprep.pack.assemble import index_page
from debateprep.pack.publish import RenderLocked, publish, session_lock
from debateprep.pack.plan import (Chapter, SessionInfo, chapter_key, plan, read_sessions,
                                  resolve_sessions)
from debateprep.pack.render import render_session
from debateprep.errors import UnknownChoiceError
from debateprep.data.validation import check_data

from conftest import MINI, ROOT

SESSION = SessionInfo("2020-09-28-first", "2020-09-28", "First session", ("mh17", "belarus"))


def tiny_notebook(path: Path, body: str) -> None:
    """A notebook with a parameters cell and one cell that prints, or raises, from body."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('session_id: str = ""  # the session\n'
                                       'data_dir: str = ""  # the data folder')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {path.stem} chapter"), params,
                nbformat.v4.new_markdown_cell("## Body"), nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


@pytest.fixture
def workbook(tmp_path):
    """Two stand-in chapters, a copy of the mini data and an empty reports folder."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    tiny_notebook(notebooks / "01_first.ipynb", "print('first chapter for', session_id)")
    tiny_notebook(notebooks / "02_second.ipynb", "print('second chapter')")
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    return notebooks, data, tmp_path / "reports"


def run(workbook, force=False):
    notebooks, data, out = workbook
    return render_session(SESSION, data, out, jobs=2, force=force, progress=False,
                          notebooks=notebooks)


def test_plan_has_one_topical_chapter_per_issue_of_the_session(tmp_path):
    chapters = plan(SESSION, tmp_path, ROOT / "notebooks")
    stems = [c.stem for c in chapters]
    assert "04_topical_issue-mh17" in stems and "04_topical_issue-belarus" in stems
    assert "04_topical_issue-navalny" not in stems
    assert [s[:2] for s in stems] == sorted(s[:2] for s in stems)  # reading order
    assert all(c.params["session_id"] == SESSION.session_id for c in chapters)


CHECKED = check_data(MINI)
AS_OF = dt.date(2020, 9, 27)


def test_cache_key_covers_notebook_parameters_data_and_code(tmp_path):
    nb = tmp_path / "01_x.ipynb"
    tiny_notebook(nb, "print(1)")
    session = CHECKED.rows["sessions"][0][1]["session_id"]
    chapter = Chapter("01_x", str(nb), "X", {"session_id": session})
    base = chapter_key(chapter, CHECKED, AS_OF, "code-1")
    assert chapter_key(chapter, CHECKED, AS_OF, "code-1") == base
    assert chapter_key(chapter, CHECKED, AS_OF - dt.timedelta(days=3000), "code-1") != base
    assert chapter_key(chapter, CHECKED, AS_OF, "code-2") != base
    other = CHECKED.rows["sessions"][1][1]["session_id"]
    assert chapter_key(Chapter("01_x", str(nb), "X", {"session_id": other}), CHECKED, AS_OF,
                       "code-1") != base
    tiny_notebook(nb, "print(2)")
    assert chapter_key(chapter, CHECKED, AS_OF, "code-1") != base


def test_cache_key_covers_the_versions_of_python_and_the_packages(tmp_path, monkeypatch):
    nb = tmp_path / "01_x.ipynb"
    tiny_notebook(nb, "print(1)")
    chapter = Chapter("01_x", str(nb), "X", {"session_id": "a"})
    base = chapter_key(chapter, CHECKED, AS_OF, "code-1")
    versions = planning.package_versions()
    assert {"pandas", "matplotlib", "nbconvert"} <= set(versions)
    newer = dict(versions, pandas=versions["pandas"] + ".post1")
    monkeypatch.setattr(planning, "package_versions", lambda: newer)
    assert chapter_key(chapter, CHECKED, AS_OF, "code-1") != base
    monkeypatch.setattr(planning, "package_versions", lambda: versions)
    monkeypatch.setattr(planning.sys, "version", planning.sys.version + " (another build)")
    assert chapter_key(chapter, CHECKED, AS_OF, "code-1") != base


def test_render_publishes_then_is_a_no_op_then_reruns_on_a_data_change(workbook):
    notebooks, data, out = workbook
    first = run(workbook)
    assert first.status == "published", first.results
    pack = out / SESSION.session_id
    for name in ("index.html", "briefing.html", "manifest.json", "01_first.html", "02_second.html",
                 "01_first.ipynb"):
        assert (pack / name).exists(), name
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert [c["stem"] for c in manifest["chapters"]] == ["01_first", "02_second"]
    assert "first chapter for 2020-09-28-first" in (pack / "01_first.html").read_text(encoding="utf-8")
    assert run(workbook).status == "up-to-date"
    with open(data / "events.csv", "a", encoding="utf-8") as f:
        f.write("")  # same bytes: still up to date
    assert run(workbook).status == "up-to-date"
    (data / "topics.csv").write_text((data / "topics.csv").read_text(encoding="utf-8")
                                     .replace("EU sanctions", "EU sanctions regimes"), encoding="utf-8")
    rerun = run(workbook)
    assert rerun.status == "published" and not any(r.cached for r in rerun.results)


def test_a_failing_chapter_leaves_the_previous_pack_in_place(workbook):
    notebooks, data, out = workbook
    assert run(workbook).status == "published"
    pack = out / SESSION.session_id
    before = {p.name: p.read_bytes() for p in pack.iterdir()}
    tiny_notebook(notebooks / "02_second.ipynb", "raise ValueError('no such poll')")
    failed = run(workbook)
    assert failed.status == "failed"
    assert {p.name: p.read_bytes() for p in pack.iterdir()} == before
    bad = next(r for r in failed.results if r.stem == "02_second")
    kept = nbformat.read(out / f".failed-{SESSION.session_id}" / "02_second.failed.ipynb", 4)
    raising = [c.execution_count for c in kept.cells
               if c.cell_type == "code" and "raise ValueError" in c.source]
    assert not bad.ok and bad.error == "ValueError: no such poll" and [bad.cell] == raising
    assert next(r for r in failed.results if r.stem == "01_first").cached
    summary = present.failure_summary(failed)
    assert summary == [f"  {SESSION.session_id} / 02_second: cell {raising[0]}: "
                       "ValueError: no such poll"]
    tiny_notebook(notebooks / "02_second.ipynb", "print('second chapter, fixed')")
    assert run(workbook).status == "published"
    assert "fixed" in (pack / "02_second.html").read_text(encoding="utf-8")


def test_a_kernel_that_never_starts_fails_the_chapter_after_the_last_attempt(tmp_path,
                                                                            monkeypatch):
    import papermill
    calls = []

    def dead(*args, **kwargs):
        calls.append(args[0])
        raise RuntimeError("Kernel didn't respond in 60 seconds")

    monkeypatch.setattr(papermill, "execute_notebook", dead)
    monkeypatch.setattr(running.time, "sleep", lambda s: None)
    tiny_notebook(tmp_path / "01_x.ipynb", "print('x')")
    result = running._execute(Chapter("01_x", str(tmp_path / "01_x.ipynb"), "X", {}),
                             tmp_path / "out.ipynb")
    assert len(calls) == running.KERNEL_START_ATTEMPTS == result.attempts
    assert not result.ok and result.error == (
        f"kernel failed after {running.KERNEL_START_ATTEMPTS} attempts: "
        "Kernel didn't respond in 60 seconds")


def test_a_real_kernel_whose_first_start_fails_is_retried_and_runs_the_chapter(tmp_path,
                                                                              monkeypatch):
    """No mocked papermill: the kernel manager refuses its first start, as a kernel that does
    not come up would; the retry starts a real kernel that runs the chapter."""
    from debateprep.pack import kernels
    real = kernels.ipc_kernel_manager()
    starts = []

    class FirstStartFails(real):
        async def start_kernel(self, **kwargs):
            starts.append(1)
            if len(starts) == 1:
                raise RuntimeError("Kernel didn't respond in 60 seconds")
            return await super().start_kernel(**kwargs)

    monkeypatch.setattr(running, "REUSE_KERNEL", False)
    monkeypatch.setattr(running, "ipc_kernel_manager", lambda: FirstStartFails)
    monkeypatch.setattr(running.time, "sleep", lambda s: None)
    tiny_notebook(tmp_path / "01_x.ipynb", "print('ran in a real kernel')")
    out = tmp_path / "out.ipynb"
    result = running._execute(Chapter("01_x", str(tmp_path / "01_x.ipynb"), "X",
                                     {"session_id": "s"}), out)
    assert result.ok and result.attempts == 2 and len(starts) == 2
    outputs = [o.get("text", "") for c in nbformat.read(out, 4).cells if c.cell_type == "code"
               for o in c.get("outputs", [])]
    assert "ran in a real kernel\n" in outputs


def test_a_kernel_that_fails_to_start_is_retried(tmp_path, monkeypatch):
    import papermill
    calls = []

    def flaky(*args, **kwargs):
        calls.append(args[0])  # the chapter's copy in its own working folder
        assert kwargs["kernel_manager_class"]().transport == "ipc"  # no TCP port races
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")
        Path(args[1]).write_text("{}", encoding="utf-8")

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    monkeypatch.setattr(running.time, "sleep", lambda s: None)
    tiny_notebook(tmp_path / "01_x.ipynb", "print('x')")
    result = running._execute(Chapter("01_x", str(tmp_path / "01_x.ipynb"), "X", {}),
                             tmp_path / "out.ipynb")
    assert result.ok and result.attempts == 2
    assert len(set(calls)) == 2, "each attempt gets its own working folder"


def _hold_lock(out: str, ready, release) -> None:
    with session_lock(Path(out), "s"):
        ready.set()
        release.wait(10)


def test_a_second_render_of_the_same_session_is_refused_while_one_runs(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    holder.start()
    try:
        assert ready.wait(20)
        with pytest.raises(RenderLocked):
            with session_lock(tmp_path, "s"):
                pass
        with session_lock(tmp_path, "other"):
            pass
    finally:
        release.set()
        holder.join(20)
    with session_lock(tmp_path, "s"):
        pass


def test_publish_swaps_the_whole_pack(tmp_path):
    target, stage = tmp_path / "s", tmp_path / ".staging-s"
    target.mkdir(); (target / "old.html").write_text("old")
    stage.mkdir(); (stage / "new.html").write_text("new")
    publish(stage, target)
    assert [p.name for p in target.iterdir()] == ["new.html"]
    assert not stage.exists() and not list(tmp_path.glob(".old-*"))


def test_session_titles_are_escaped_in_the_pack_pages():
    evil = SessionInfo("s", "2020-09-28", "<script>alert(1)</script> & co", ())
    chapter = Chapter("01_x", "x", "<b>chapter</b>", {})
    import datetime as dt
    for page in (index_page(evil, [chapter], dt.datetime(2020, 1, 1), "none (no engine)"),):
        assert "<script>alert" not in page and "&lt;script&gt;" in page
        assert "<b>chapter</b>" not in page


def test_one_numbering_of_sources_for_the_whole_pack():
    def listed(items: str) -> str:  # a chapter's source list, as report.sources_section writes it
        return (f"<section class='chapter-sources'><h2 class='sources-heading'>Bronnen</h2>"
                f"<ol class='sources'>{items}</ol></section>")
    one = f"<p>fact {MARK}[1] and {MARK}[1, 2]</p>" + listed("<li>A, <a href='u'>u</a></li><li>B</li>")
    two = f"<p>other {MARK}[2] then {MARK}[1]</p>" + listed("<li>B</li><li>C</li>")
    pack = PackSources()
    first = pack.renumber(one, ["a", "b"], "")
    second = pack.renumber(two, ["b", "c"], "sources.html")
    assert pack.numbers == {"a": 1, "b": 2, "c": 3}  # by first citation across chapters
    assert "<a href='#src-1'>1</a>, <a href='#src-2'>2</a>" in first
    assert "[<a href='sources.html#src-3'>3</a>]" in second  # chapter 2's [2] is source c
    assert "[<a href='sources.html#src-2'>2</a>]" in second
    assert "<ol class='sources'>" not in first + second  # chapters keep no list of their own
    listing = pack.list_html("Sources", "Every address was checked on %(checked)s.")
    assert listing.count("<li id=") == 3 and listing.index("A,") < listing.index(">B<") < listing.index(">C<")


def test_unknown_session_names_the_valid_choices():
    sessions = read_sessions(MINI)
    with pytest.raises(UnknownChoiceError) as err:
        resolve_sessions(sessions, ["2099-01-01-nothing"], False)
    assert "2099-01-01-nothing" in str(err.value)
    assert all(s in str(err.value) for s in sessions)


def test_without_a_session_the_most_recent_is_rendered():
    sessions = read_sessions(MINI)
    assert resolve_sessions(sessions, None, False) == [max(sessions.values(), key=lambda s: s.date)]
    assert resolve_sessions(sessions, None, True) == list(sessions.values())


def test_the_source_list_says_a_common_check_date_once():
    same = PackSources()
    day = "<span class='checked'>(checked <span class='date'>25 November 2026</span>)</span>"
    same.entries = {"a": f"A, ‘T’. <a href='u'>u</a> {day}", "b": f"B, ‘U’. <a href='v'>v</a> {day}"}
    same.number("a"), same.number("b")
    words = ("Sources", "Every address was checked on %(checked)s.")
    listing = same.list_html(*words)
    assert listing.count("checked") == 1
    assert "<p class='meta'>Every address was checked on 25 November 2026.</p>" in listing
    assert "<li id='src-1' value='1'>A, ‘T’. <a href='u'>u</a></li>" in listing
    assert "<li id='src-2' value='2'>B, ‘U’. <a href='v'>v</a></li>" in listing
    mixed = PackSources()
    mixed.entries = {"a": same.entries["a"],
                     "b": "B <span class='checked'>(checked <span class='date'>1 May 2025</span>)</span>"}
    mixed.number("a"), mixed.number("b")
    listing = mixed.list_html(*words)
    assert "Every address" not in listing
    assert "25 November 2026" in listing and "1 May 2025" in listing  # each kept in its entry
    assert listing.count("class='checked'") == 2


def test_in_one_render_of_several_sessions_a_failing_session_leaves_the_others_to_publish(
        workbook):
    """render --all: one session's failure costs neither its previous pack nor the others'."""
    from debateprep.pack.render import render_sessions
    notebooks, data, out = workbook
    other = SessionInfo("2020-11-11-second", "2020-11-11", "Second session", ("mh17",))
    first = render_sessions([SESSION, other], data, out, jobs=2, force=False, progress=False,
                            notebooks=notebooks)
    assert [o.status for o in first] == ["published", "published"]
    kept = {p.name: p.read_bytes() for p in (out / SESSION.session_id).iterdir()}
    tiny_notebook(notebooks / "02_second.ipynb",
                  f"if session_id == {SESSION.session_id!r}:\n"
                  "    raise ValueError('broken for this session only')\n"
                  "print('second chapter, new text')")
    second = render_sessions([SESSION, other], data, out, jobs=2, force=False, progress=False,
                             notebooks=notebooks)
    status = {o.session_id: o.status for o in second}
    assert status == {SESSION.session_id: "failed", other.session_id: "published"}
    assert {p.name: p.read_bytes() for p in (out / SESSION.session_id).iterdir()} == kept
    assert "new text" in (out / other.session_id / "02_second.html").read_text(encoding="utf-8")
    failed = next(o for o in second if o.status == "failed")
    assert [line.split(": ", 1)[1].split(": ", 1)[1]
            for line in present.failure_summary(failed)] == [
        "ValueError: broken for this session only"]


def test_no_pdf_renders_html_only_and_a_later_render_adds_the_pdf(workbook):
    notebooks, data, out = workbook
    pack = out / SESSION.session_id
    first = render_session(SESSION, data, out, jobs=2, force=False, progress=False,
                           notebooks=notebooks, pdf=False)
    assert first.status == "published" and not (pack / "briefing.pdf").exists()
    assert (pack / "briefing.html").exists()
    from debateprep.i18n import _, language
    with language("nl"):  # the default edition
        said = _("No PDF: rendered with --no-pdf.")
    assert said in (pack / "index.html").read_text(encoding="utf-8")
    assert render_session(SESSION, data, out, jobs=2, force=False, progress=False,
                          notebooks=notebooks, pdf=False).status == "up-to-date"
    second = run(workbook)  # with the PDF: the pack is assembled again, the chapters cached
    assert second.status == "published" and all(r.cached for r in second.results)
    assert (pack / "briefing.pdf").read_bytes().startswith(b"%PDF")
    assert "briefing.pdf" in (pack / "index.html").read_text(encoding="utf-8")
    assert run(workbook).status == "up-to-date"


def test_the_reports_index_lists_every_published_pack_newest_first_and_never_a_failed_one(
        workbook):
    """reports/index.html: one row per published pack with links that resolve on disk; a
    session whose render failed is not listed (its old pack, if any, still is)."""
    import re
    notebooks, data, out = workbook
    sessions = read_sessions(data)
    first, second = sessions["2019-01-10-first"], sessions["2020-09-28-second"]
    assert render_session(first, data, out, jobs=2, force=False, progress=False,
                          notebooks=notebooks).status == "published"
    tiny_notebook(notebooks / "02_second.ipynb", "raise ValueError('broken')")
    assert render_session(second, data, out, jobs=2, force=False, progress=False,
                          notebooks=notebooks).status == "failed"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert first.title in index and second.title not in index
    tiny_notebook(notebooks / "02_second.ipynb", "print('fixed')")
    assert render_session(second, data, out, jobs=2, force=False, progress=False,
                          notebooks=notebooks).status == "published"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index(second.title) < index.index(first.title)  # newest debate first
    links = re.findall(r"href='([^']+)'", index)
    assert links and all((out / link).exists() for link in links)
    assert not list(out.glob(".index.html.*"))  # written atomically, no temporary left


def test_a_failed_word_step_keeps_the_html_says_so_and_keeps_the_previous_file(workbook,
                                                                               monkeypatch):
    from debateprep.pack import assemble
    from debateprep.pack.render import failed_steps
    notebooks, data, out = workbook
    assert run(workbook).status == "published"
    pack = out / SESSION.session_id
    previous = (pack / "briefing.docx").read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")
    monkeypatch.setattr(assemble, "write_docx", broken)
    outcome = run(workbook, force=True)
    assert outcome.status == "published" and (pack / "briefing.html").exists()
    assert (pack / "briefing.docx").read_bytes() == previous
    assert failed_steps(pack) == [f"{SESSION.session_id}: the Word step failed: OSError: "
                                  "disk full (the previous file is kept)"]


def test_a_workers_kernel_has_imported_the_chapters_libraries_before_its_first_chapter():
    """The warm-up runs in the kernel as it starts (no second client racing papermill's), and
    output at the file-descriptor level is not forwarded (ipykernel 7's forwarding thread could
    deadlock a new kernel)."""
    from debateprep.pack import kernels
    wanted = ["debateprep.chapters.charts", "debateprep.chapters.report", "matplotlib.pyplot",
              "pandas"]
    km = kernels.worker_kernel()
    outputs: list = []
    try:
        assert "--IPKernelApp.capture_fd_output=False" in km.provisioner.process.args
        client = km.blocking_client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        reply = client.execute_interactive(
            f"import sys; print(sorted(m for m in {wanted!r} if m in sys.modules))",
            timeout=60, output_hook=outputs.append)
        client.stop_channels()
    finally:
        kernels.drop_kernel()
    assert reply["content"]["status"] == "ok"
    assert "".join(m["content"].get("text", "") for m in outputs).strip() == str(wanted)


def test_one_kernel_client_serves_a_slots_chapters_and_none_stays_open(workbook):
    """Chapters run one after another in a slot share its kernel's client, made ready once
    (a new one per chapter waited on IOPub and was left open, with its heartbeat thread)."""
    import threading
    from debateprep.pack import kernels
    notebooks, data, out = workbook
    outcome = render_session(SESSION, data, out, jobs=1, force=True, progress=False,
                             notebooks=notebooks, pdf=False, docx=False)
    assert outcome.status == "published" and len(outcome.results) == 2
    assert not [t for t in threading.enumerate() if type(t).__name__ == "HBChannel"]
    km = kernels.worker_kernel()
    try:
        client = km.client()
        asked = []
        real = client.kernel_info
        client.kernel_info = lambda: asked.append(1) or real()
        from jupyter_client.utils import run_sync
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=60)
        answered = len(asked)
        assert km.client() is client
        client.start_channels()  # a second chapter starts it and waits again: nothing happens
        run_sync(client.wait_for_ready)(timeout=60)
        assert answered >= 1 and len(asked) == answered
    finally:
        kernels.drop_kernel()
    assert km.given is None and not client.channels_running


def test_fresh_kernels_started_at_once_by_two_slots_each_get_their_own_sockets(workbook,
                                                                               monkeypatch):
    """DEBATEPREP_FRESH_KERNELS=1: papermill starts a kernel per chapter, two at the same moment
    in one render; each must get its own IPC socket folder (with one shared working folder they
    took the same socket names, and a chapter waited out the two-minute start timeout)."""
    import glob
    import tempfile
    monkeypatch.setattr(running, "REUSE_KERNEL", False)
    notebooks, data, out = workbook
    before = set(glob.glob(f"{tempfile.gettempdir()}/debateprep-kernel-*"))
    outcome = render_session(SESSION, data, out, jobs=2, force=True, progress=False,
                             notebooks=notebooks, pdf=False, docx=False)
    assert outcome.status == "published"
    assert [r.attempts for r in outcome.results] == [1, 1]
    assert set(glob.glob(f"{tempfile.gettempdir()}/debateprep-kernel-*")) <= before


def test_no_docx_leaves_the_word_file_out_and_a_later_render_adds_it(workbook):
    from debateprep.pack.present import NO_DOCX
    from debateprep.pack.render import docx_left_out
    notebooks, data, out = workbook
    pack = out / SESSION.session_id
    first = render_session(SESSION, data, out, jobs=2, force=False, progress=False,
                           notebooks=notebooks, docx=False)
    assert first.status == "published" and not (pack / "briefing.docx").exists()
    assert (pack / "briefing.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads((pack / "manifest.json").read_text())["docx"] == NO_DOCX
    assert docx_left_out(pack)
    second = run(workbook)  # with the Word file: assembled again, the chapters cached
    assert second.status == "published" and all(r.cached for r in second.results)
    assert (pack / "briefing.docx").read_bytes().startswith(b"PK")
    assert not docx_left_out(pack)


def test_a_chapter_in_a_reused_kernel_starts_from_a_clean_slate(tmp_path):
    """A slot's kernel runs its chapters one after another: the second finds none of the first
    one's names or figures, works in its own folder, and the kernel keeps no input history.
    (Without the clean-slate cell the second chapter sees `left` and the open figure.)"""
    import threading
    from debateprep.pack import kernels
    first, second = tmp_path / "01_first.ipynb", tmp_path / "02_second.ipynb"
    tiny_notebook(first, "left = 42\nimport matplotlib.pyplot as plt\nplt.figure()\n"
                         "import os\nprint(os.getcwd())")
    tiny_notebook(second, "import os, matplotlib.pyplot as plt\n"
                          "print(sorted(n for n in ('left', 'plt', 'os') if n in globals()), "
                          "plt.get_fignums(), os.getcwd(), get_ipython().history_manager.enabled, "
                          "sep='|')")
    outputs: dict = {}

    def slot() -> None:
        try:
            for nb in (first, second):
                chapter = Chapter(nb.stem, str(nb), "", {"session_id": "x"})
                result = running._execute(chapter, tmp_path / "out" / nb.name)
                assert result.ok, result.error
                outputs[nb.stem] = "".join(
                    o.get("text", "") for c in nbformat.read(tmp_path / "out" / nb.name, 4).cells
                    if c.cell_type == "code" for o in c.get("outputs", [])).strip()
        finally:
            kernels.drop_kernel()

    (tmp_path / "out").mkdir()
    thread = threading.Thread(target=slot)  # a slot's kernel belongs to its thread
    thread.start()
    thread.join()
    names, figures, folder, history = outputs["02_second"].split("|")
    assert (names, figures, history) == ("['os', 'plt']", "[]", "False")
    assert folder != outputs["01_first"] and Path(folder).name.startswith("debateprep-02_second-")
