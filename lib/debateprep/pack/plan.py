"""Planning a render: which sessions, which chapters, and each chapter's cache key.

Nothing here runs a kernel or imports pandas: planning reads the validated CSV rows, so a
render with nothing to do is decided in a fraction of a second. A chapter's key covers its
notebook, its parameters, the library's code, the versions of the packages that shape its
output, and only the data it can show on its as-of date (`debateprep.data.scope`): an edit to a
record dated after the as-of date, or to a topic the chapter does not read, leaves it cached.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import platform
import re
import sys
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path

from debateprep.chapters.scope import scope_of
from debateprep.data import hashing
from debateprep.data.scope import view_digest
from debateprep.data.validation import Checked, check_data
from debateprep.errors import DataError, DebateprepError, UnknownChoiceError
from debateprep.i18n import DEFAULT, translate_markdown

NOTEBOOKS = Path(str(resources.files("debateprep") / "notebooks"))
"""The briefing notebooks, shipped inside the package (so any install, not only -e, has them)."""
TOPICAL = "04_topical_issue"
PACKAGES = ("debateprep", "papermill", "nbconvert", "nbclient", "ipykernel", "pandas",
            "matplotlib", "weasyprint", "babel")


class EmptyPack(DebateprepError):
    """A render found no chapters to run; nothing is published."""


@dataclass(frozen=True)
class Chapter:
    """One notebook run of a pack: which notebook, with which parameters, saved under stem."""

    stem: str
    notebook: str
    title: str
    params: dict


@dataclass
class SessionInfo:
    """The bits of sessions.csv that rendering needs (read without pandas, for speed)."""

    session_id: str
    date: str
    title: str
    issues: tuple[str, ...] = field(default=())
    as_of: str = ""  # the brief's as-of date (YYYY-MM-DD); empty: the day before the debate
    recent: tuple[str, ...] = field(default=())  # optional chapters with recent content
    issue_labels: dict[str, str] = field(default_factory=dict)  # topical issue -> its name
    lang: str = DEFAULT  # the edition's language
    kind: str = field(default="", compare=False)  # the kind of debate (a schema code)
    titles: dict[str, str] = field(default_factory=dict, compare=False)  # lang -> title
    labels: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def edition(self, lang: str) -> "SessionInfo":
        """This session as its edition in lang: title and issue names in that language."""
        return dataclasses.replace(self, lang=lang, title=self.titles.get(lang, self.title),
                                   issue_labels=self.labels.get(lang, self.issue_labels))

    @property
    def as_of_date(self) -> dt.date:
        """The as-of date: as given, or the day before the debate."""
        if self.as_of:
            return dt.date.fromisoformat(self.as_of)
        return dt.date.fromisoformat(self.date) - dt.timedelta(days=1)

    @property
    def folder(self) -> str:
        """The pack's folder name: the session id, with the as-of date when it is not the
        default one."""
        return self.session_id if not self.as_of else f"{self.session_id}--as-of-{self.as_of}"


OPTIONAL = {"05_open_letters": "positions", "06_engagement_agenda": "considerations"}
"""Chapters a pack carries only when their subject is recent on the as-of date: something in
their table became public in the twelve months before it."""
RECENT_DAYS = 365


def validated(data_dir: Path, checked: Checked | None = None) -> Checked:
    """The data checked (unless the caller has checked it already); DataError with every
    problem otherwise."""
    checked = checked or check_data(data_dir)
    if not checked.ok:
        raise DataError(checked.problems)
    return checked


def read_sessions(data_dir: Path, as_of: str = "", checked: Checked | None = None
                  ) -> dict[str, SessionInfo]:
    """Validate the data (unless already checked) and return the sessions; DataError with
    every problem otherwise."""
    checked = validated(data_dir, checked)
    topical = [row for _i, row in checked.rows["topics"] if row["track"] == "topical"]
    labels = {row["topic_id"]: row["label"] for row in topical}
    labels_nl = {row["topic_id"]: row.get("label_nl") or row["label"] for row in topical}
    sessions = {}
    for _i, row in sorted(checked.rows["sessions"], key=lambda r: (r[1]["date"], r[1]["session_id"])):
        topics = [t.strip() for t in row["topics"].split(";")]
        info = SessionInfo(row["session_id"], row["date"], row["title"],
                           tuple(t for t in topics if t in labels), as_of)
        info.kind = row["kind"]
        info.issue_labels = {t: labels[t] for t in info.issues}
        info.titles = {"en": row["title"], "nl": row.get("title_nl") or row["title"]}
        info.labels = {"en": dict(info.issue_labels),
                       "nl": {t: labels_nl[t] for t in info.issues}}
        info.recent = tuple(stem for stem, table in OPTIONAL.items()
                            if _recent(checked.rows[table], info.as_of_date))
        sessions[row["session_id"]] = info.edition(DEFAULT)
    return sessions


def _recent(rows, as_of: dt.date) -> bool:
    """True when a row of the table became public in the year up to as_of."""
    start = as_of - dt.timedelta(days=RECENT_DAYS)
    return any(start < dt.date.fromisoformat(row["date"]) <= as_of for _i, row in rows)


def notebook_title(path: Path, lang: str = "en") -> str:
    """The text of the notebook's first '# ' heading, in lang (from the catalog)."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("# "):
            return translate_markdown(source, lang).splitlines()[0][2:].strip()
    return path.stem


def plan(session: SessionInfo, data_dir: Path, notebooks: Path = NOTEBOOKS) -> list[Chapter]:
    """The chapters of a session's pack (its edition in session.lang), in reading order."""
    chapters = []
    for path in sorted(notebooks.glob("[0-9][0-9]_*.ipynb")):
        params = {"session_id": session.session_id, "data_dir": str(data_dir.resolve()),
                  "as_of": session.as_of_date.isoformat(), "lang": session.lang}
        title = notebook_title(path, session.lang)
        if path.stem in OPTIONAL and path.stem not in session.recent:
            continue
        if path.stem == TOPICAL:
            chapters += [Chapter(f"{path.stem}-{issue}", str(path),
                                 session.issue_labels.get(issue, issue), params | {"issue": issue})
                         for issue in session.issues]
        else:
            chapters.append(Chapter(path.stem, str(path), title, params))
    return chapters


def chapter_key(chapter: Chapter, checked: Checked, as_of: dt.date, code_print: str) -> str:
    """Cache key: notebook bytes, parameters, library code, the versions of Python and of the
    packages that shape the output, and the rows the chapter can show on as_of (only the
    tables its scope names; a topical-issue chapter's events only on its issue). The data
    folder's path is left out: its content is in the key, so a copy of the data shares the
    cache."""
    scope = scope_of(Path(chapter.notebook).stem)
    data = view_digest(checked.rows, as_of, chapter.params["session_id"], scope.tables,
                       scope.by_issue, chapter.params.get("issue"))
    return hashing.combine({"notebook": hashing.file_hash(Path(chapter.notebook)),
                            "params": {k: v for k, v in chapter.params.items() if k != "data_dir"},
                            "data": data, "code": code_print,
                            "python": sys.version, "packages": package_versions()})


def chapter_keys(session: SessionInfo, data_dir: Path, checked: Checked, code_print: str,
                 notebooks: Path = NOTEBOOKS) -> list[tuple[Chapter, str]]:
    """The session's chapters with their cache keys; EmptyPack when there are none."""
    chapters = plan(session, data_dir, notebooks)
    if not chapters:
        raise EmptyPack(f"no chapters to render for session '{session.session_id}': no "
                        f"briefing notebooks in {notebooks}; the previous pack is left as "
                        "it was (reinstall debateprep)")
    return [(c, chapter_key(c, checked, session.as_of_date, code_print)) for c in chapters]


@functools.cache
def package_versions() -> dict[str, str]:
    """Versions of the packages that shape the output (read once per process)."""
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def default_session_id(notebook: Path | None = None) -> str:
    """The default of the session_id parameter of the first notebook: the default briefing."""
    notebook = notebook or sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))[0]
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        found = re.search(r'^session_id: str = "([^"]*)"', "".join(cell["source"]), re.M)
        if cell["cell_type"] == "code" and found:
            return found.group(1)
    return ""


def resolve_sessions(sessions: dict[str, SessionInfo], wanted: list[str] | None,
                     everything: bool) -> list[SessionInfo]:
    """The sessions to render: --all, the ids asked for, or the most recent one."""
    if everything:
        return list(sessions.values())
    if not wanted:
        return [list(sessions.values())[-1]]
    for session_id in wanted:
        if session_id not in sessions:
            raise UnknownChoiceError("session", session_id, list(sessions))
    return [sessions[s] for s in wanted]


