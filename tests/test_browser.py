"""The explorer in a real browser: Voilà served by `debateprep explore`, driven with Playwright.

The explorer runs in Dutch, its default: the rows expected are computed from the data's Dutch
columns (title_nl, description_nl, label_nl) and the controls' words come from the catalog.

Uses Debian's chromium (/usr/bin/chromium; .ci/run installs it), never a downloaded browser.
Each test changes a control, checks what the page then shows against the data, fails on any
page error or traceback, and saves a screenshot to tests/artifacts/.
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from debateprep.explore.explorer import DEFAULT_START
from debateprep.i18n import _, language


def dutch(message: str) -> str:
    with language("nl"):
        return _(message)

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
S20 = "2020-09-28-russia-strategy"
DEBATE = dt.date(2020, 9, 28)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise TimeoutError(f"nothing listening on port {port} after {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def playwright():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is needed at /usr/bin/chromium: apt-get install chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def explorer_app(tmp_path_factory):
    exports = tmp_path_factory.mktemp("exports")
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "voila.log").unlink(missing_ok=True)
    log = open(ARTIFACTS / "explore.log", "w", encoding="utf-8")
    process = subprocess.Popen([str(Path(sys.executable).parent / "debateprep"), "explore",
                                "--port", str(port), "--no-browser", "--data", str(ROOT / "data"),
                                "--exports", str(exports), "--log", str(ARTIFACTS / "voila.log")],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}/", exports
    finally:
        stop(process)
        log.close()


@pytest.fixture
def page(browser, explorer_app, request):
    url, _ = explorer_app
    page = browser.new_page(viewport={"width": 1200, "height": 1400})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    open_explorer(page, url)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    text = page.inner_text("body")
    error_outputs = page.locator(ERROR_OUTPUTS).count()
    page.close()
    assert errors == [], errors
    assert "Traceback" not in text and "Error:" not in text
    assert error_outputs == 0


ERROR_OUTPUTS = ("[data-mime-type='application/vnd.jupyter.stderr'], "
                 "[data-mime-type='application/vnd.jupyter.error']")


def open_explorer(page, url: str) -> None:
    """Load the app and wait for its table; load it once more (a new kernel) if the first
    load stalls, and say so in the log."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    for attempt in (1, 2):
        try:
            page.goto(url, timeout=60_000, wait_until="commit")
            page.wait_for_selector(".dp-events", timeout=60_000)
            return
        except PlaywrightTimeout:
            print(f"explorer page load {attempt} stalled", file=sys.stderr)
    raise AssertionError(f"the explorer at {url} did not load twice in a row")


def raw(name: str) -> list[dict]:
    with open(ROOT / "data" / f"{name}.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


AS_OF = (DEBATE - dt.timedelta(days=1)).isoformat()  # the explorer's default: the day before


def public(row: dict, date_column: str = "date") -> bool:
    """Public on the as-of date: dated by then, with a source published by then."""
    published = {s["source_id"]: s["date_published"] for s in raw("sources")}
    return row[date_column] <= AS_OF and any(
        published.get(s) and published[s] <= AS_OF for s in row["source_ids"].split(";"))


def expected(start=DEFAULT_START, end=None, topics=(), text="") -> list[str]:
    """Titles the explorer should show, computed from the CSV files (not by the explorer's
    own functions), oldest first."""
    last = end.isoformat() if end else AS_OF
    rows = [r for r in raw("events") if public(r) and start.isoformat() <= r["date"] <= last
            and (not topics or r["topic"] in topics)
            and text.lower() in (r["title_nl"] + " " + r["description_nl"]).lower()]
    return [r["title_nl"] for r in sorted(rows, key=lambda r: (r["date"], r["event_id"]))]


def shown(page, count: int) -> list[str]:
    """Wait until the summary and the table both show count events; return the table's titles."""
    page.wait_for_function(
        """n => document.querySelector('.dp-summary').innerText.startsWith(n + ' ')
              && document.querySelectorAll('.dp-events tbody tr').length === n""",
        arg=count, timeout=30_000)
    return page.locator(".dp-events tbody tr td:nth-child(3) b").all_inner_texts()


def test_opens_on_the_debate_with_its_events(page):
    assert shown(page, len(expected())) == expected()
    # the debate's option text is its date and its Dutch title
    picked = page.locator(".dp-session select option:checked").inner_text().replace("\xa0", " ")
    assert picked.startswith("28 september 2020: ")
    assert "27 september 2020" in page.locator(".dp-summary").inner_text()  # as of the day before
    assert page.locator("html").get_attribute("lang") in (None, "", "en", "nl")
    labels = page.locator(".widget-label").all_inner_texts()
    for word in ("Debate", "Topics", "As of", "From", "To", "Search"):
        assert dutch(word) in labels, word  # the controls speak Dutch, from the catalog
    assert dutch("Debate") != "Debate"
    from debateprep.explore.explorer import INTRO
    heading = dutch(INTRO).splitlines()[0].lstrip("# ")
    assert heading != INTRO.splitlines()[0].lstrip("# ")
    assert page.locator(".dp-intro h1").inner_text().strip() == heading


def test_choosing_only_navalny_leaves_only_navalny_events(page):
    page.select_option(".dp-topics select", label=["Navalny"])
    titles = shown(page, len(expected(topics=("navalny",))))
    assert titles == expected(topics=("navalny",)) and titles
    topics = page.locator(".dp-events tbody tr td:nth-child(2)").all_inner_texts()
    assert set(topics) == {"Navalny"}


def test_a_search_term_filters_the_rows(page):
    page.fill(".dp-search input", "Novitsjok")
    titles = shown(page, len(expected(text="Novitsjok")))
    assert titles == expected(text="Novitsjok") and 0 < len(titles) < len(expected())


def test_the_date_range_bounds_the_table(page):
    page.fill(".dp-start input", "2020-08-01")
    page.fill(".dp-end input", "2020-08-31")
    want = expected(start=dt.date(2020, 8, 1), end=dt.date(2020, 8, 31))
    assert shown(page, len(want)) == want and want
    dates = page.locator(".dp-events tbody tr td:nth-child(1)").all_inner_texts()
    assert all(d.endswith("augustus 2020") for d in dates)


def test_the_export_writes_the_rows_shown(page, explorer_app):
    _, exports = explorer_app
    page.select_option(".dp-topics select", label=["Belarus"])
    titles = shown(page, len(expected(topics=("belarus",))))
    page.click(".dp-export-button")
    page.wait_for_selector(".dp-status a[download]", timeout=30_000)
    with open(exports / f"{S20}-events.csv", encoding="utf-8", newline="") as f:
        assert [row["title"] for row in csv.DictReader(f)] == titles


def test_the_surveys_tab_draws_the_chosen_surveys(page):
    assert page.locator(".dp-polls img").count() == 0  # drawn only once the tab is opened
    tab = dutch("Surveys")
    page.click(f".dp-tabs .lm-TabBar-tab:has-text('{tab}'), .dp-tabs .p-TabBar-tab:has-text('{tab}')")
    page.wait_for_selector(".dp-polls img", timeout=30_000)
    surveys = {r["poll_id"] for r in raw("polls") if public(r, "published")}
    assert surveys
    assert page.locator(".dp-polls img").count() == min(2, len(surveys))


def dismiss_dialogs(page) -> None:
    """Close any dialog JupyterLab opens on its own (a kernel choice, news, a notebook not
    trusted): it would take the clicks meant for the menu."""
    for _ in range(3):
        dialog = page.locator(".jp-Dialog")
        if dialog.count() == 0:
            return
        buttons = dialog.locator(".jp-Dialog-button.jp-mod-accept")
        (buttons.first.click() if buttons.count() else page.keyboard.press("Escape"))
        page.wait_for_timeout(300)


def run_all_until_widgets(page) -> None:
    """Run > Run All Cells, and wait for the explorer; once more if the first run stalls.
    A screenshot of a second stall goes to tests/artifacts/."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    for attempt in (1, 2):
        dismiss_dialogs(page)
        page.click(".lm-MenuBar-itemLabel:text-is('Run')")
        page.click(".lm-Menu-itemLabel:text-is('Run All Cells')")
        try:
            page.wait_for_selector(".jp-OutputArea .dp-explorer .dp-events", timeout=60_000)
            return
        except PlaywrightTimeout:
            print(f"JupyterLab run {attempt} stalled", file=sys.stderr)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "jupyterlab_stalled.png"))
    raise AssertionError("the explorer did not appear in JupyterLab after two runs")


def test_the_notebook_renders_its_widgets_in_jupyterlab(browser, tmp_path):
    shutil.copy(ROOT / "notebooks" / "explore.ipynb", tmp_path / "explore.ipynb")
    port = free_port()
    env = os.environ | {"DEBATEPREP_DATA": str(ROOT / "data"),
                        "DEBATEPREP_EXPORTS": str(tmp_path / "exports")}
    with open(tmp_path / "lab.log", "w", encoding="utf-8") as log:
        lab = subprocess.Popen([str(Path(sys.executable).parent / "jupyter-lab"), "--no-browser",
                                f"--port={port}", "--ServerApp.ip=127.0.0.1",
                                "--IdentityProvider.token=", "--ServerApp.password=",
                                f"--ServerApp.root_dir={tmp_path}", "--allow-root",
                                "--KernelManager.transport=ipc"],
                               stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp_path)
        try:
            wait_for_port(port, lab)
            page = browser.new_page(viewport={"width": 1400, "height": 1200})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(f"http://127.0.0.1:{port}/lab/tree/explore.ipynb", timeout=90_000)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], "
                                   "#jp-main-statusbar :text('Idle')", timeout=90_000)
            run_all_until_widgets(page)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "jupyterlab_explorer.png"))
            assert page.locator(".dp-explorer .dp-topics select").count() == 1
            assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0
            assert errors == []
            page.close()
        finally:
            stop(lab)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(tmp_path / "lab.log", ARTIFACTS / "jupyterlab.log")


def test_ctrl_c_stops_the_explorer_cleanly(tmp_path):
    import signal
    port = free_port()
    process = subprocess.Popen([str(Path(sys.executable).parent / "debateprep"), "explore",
                                "--port", str(port), "--no-browser", "--exports", str(tmp_path),
                                "--log", str(tmp_path / "voila.log")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for_port(port, process)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert f"http://127.0.0.1:{port}/" in output and "stopped" in output
    assert "Traceback" not in output


def test_each_visitor_gets_a_ready_kernel_of_its_own(page, browser, explorer_app):
    """Voilà hands each visitor a preheated kernel (it has already run the explorer) and
    starts the next: a second visitor sees the opening state, not the first one's filter."""
    url, _ = explorer_app
    page.select_option(".dp-topics select", label=["Navalny"])
    assert shown(page, len(expected(topics=("navalny",)))) == expected(topics=("navalny",))
    second = browser.new_page()
    try:
        open_explorer(second, url)
        assert shown(second, len(expected())) == expected()
    finally:
        second.close()
    log = (ARTIFACTS / "voila.log").read_text(encoding="utf-8")
    assert log.count("Using pre-heated kernel") >= 2, log[-2000:]


def test_a_page_reached_through_a_foreign_host_name_is_refused(explorer_app, page, playwright):
    """DNS rebinding: a name of another site that resolves to this machine. The browser sends
    that name as Host, and the explorer answers 403; the normal address still loads (the page
    fixture opened it)."""
    url, _ = explorer_app
    port = url.rstrip("/").rsplit(":", 1)[1]
    rebinding = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS + [
        "--host-resolver-rules=MAP rebinding.example 127.0.0.1"])
    try:
        tab = rebinding.new_page()
        response = tab.goto(f"http://rebinding.example:{port}/", timeout=30_000)
        assert response.status == 403
        api = tab.goto(f"http://rebinding.example:{port}/api/kernels", timeout=30_000)
        assert api.status == 403
    finally:
        rebinding.close()
    assert page.locator(".dp-events").count() == 1


def test_the_explorer_passes_axe_and_every_control_is_reached_by_keyboard(page):
    from test_pack import axe_violations
    assert axe_violations(page) == []
    controls = ["dp-session", "dp-topics", "dp-as-of", "dp-start", "dp-end", "dp-search",
                "dp-since", "dp-export-button"]
    page.locator("body").click(position={"x": 2, "y": 2})
    reached = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        reached |= set(page.evaluate("""() => { let n = document.activeElement, out = [];
            while (n) { out = out.concat(Array.from(n.classList || [])); n = n.parentElement; }
            return out.filter(c => c.startsWith('dp-')); }"""))
    assert set(controls) <= reached, set(controls) - reached
    # each control has an accessible name: its label (the catalog's word) or its own text
    unnamed = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.dp-explorer select, .dp-explorer input, .dp-explorer button')).filter(e => {
            const id = e.id, label = id && document.querySelector(`label[for="${id}"]`);
            return !(e.getAttribute('aria-label') || e.title || (label && label.innerText.trim())
                     || e.innerText.trim() || e.closest('label')); }).map(e => e.outerHTML.slice(0, 80))""")
    assert unnamed == []
