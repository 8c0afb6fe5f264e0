"""One home for words: every interface string is in the Dutch catalog, translated, with the
same placeholders; none hides where the extractor cannot see it; a broken catalog fails here,
not at a staffer's desk."""
from __future__ import annotations

import ast
import functools
import io
from pathlib import Path

import pytest
from babel.messages import checkers
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from conftest import ROOT

LOCALE = ROOT / "lib" / "debateprep" / "locale"
PO = LOCALE / "nl" / "LC_MESSAGES" / "debateprep.po"
MO = PO.with_suffix(".mo")


@functools.cache
def extracted() -> frozenset[str]:
    """Every message the code and notebooks mark, extracted as pybabel does (babel.cfg)."""
    methods, options = parse_mapping_cfg(io.StringIO((ROOT / "babel.cfg").read_text()))
    found = set()
    def inside_lib(path: str) -> bool:  # walk lib/ only, not .venv, reports or tests
        top = Path(path).relative_to(ROOT).parts
        return not top or top[0] == "lib"
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), methods, options, keywords={"_": None, "N_": None, "ngettext": (1, 2)},
            directory_filter=inside_lib):
        found.add(message if isinstance(message, str) else message[0])
    return frozenset(found)


def catalog(path: Path = PO):
    with open(path, "rb") as f:
        return read_po(f)


def test_every_marked_string_has_its_dutch():
    po = catalog()
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in po if m.id}
    missing = sorted(m for m in extracted() if m not in translated)
    assert missing == [], f"not in the catalog (run pybabel update, then translate): {missing}"
    empty = sorted(k for k, m in translated.items()
                   if not (m.string if isinstance(m.string, str) else all(m.string))
                   or m.fuzzy)
    assert empty == [], f"untranslated or fuzzy: {empty}"


def test_the_catalog_has_no_message_the_code_no_longer_marks():
    marked = extracted()
    stale = sorted(m.id for m in catalog() if m.id and isinstance(m.id, str)
                   and m.id not in marked)
    assert stale == []


def test_placeholders_match_in_every_translation():
    po = catalog()
    problems = [(message.id, [str(e) for e in errors]) for message, errors in po.check()]
    errors = []
    for message in po:
        if not message.id:
            continue
        try:
            checkers.python_format(po, message)
        except Exception as exc:  # TranslationError
            errors.append(f"{message.id!r}: {exc}")
    assert errors == [] and problems == []


def test_a_broken_placeholder_is_caught(tmp_path):
    """The check above can fail: a translation with a misspelt placeholder is refused."""
    from babel.messages.pofile import write_po
    po = catalog()
    target = next(m for m in po if m.id and isinstance(m.id, str) and "%(date)s" in m.id)
    target.string = target.string.replace("%(date)s", "%(datum)s")
    bad = tmp_path / "bad.po"
    with open(bad, "wb") as f:
        write_po(f, po)
    reread = catalog(bad)
    with pytest.raises(Exception):
        checkers.python_format(reread, reread[target.id])


def test_the_compiled_catalog_matches_the_po():
    def key(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value
    with open(MO, "rb") as f:
        compiled = {key(m.id): key(m.string) for m in read_mo(f) if m.id}
    source = {key(m.id): key(m.string) for m in catalog() if m.id}
    assert compiled == source, "run: pybabel compile -d lib/debateprep/locale -D debateprep"


def test_no_interface_string_hides_inside_an_f_string():
    """pybabel (on Python 3.11) cannot see _() inside an f-string: such a string would never
    reach the catalog and stay English in the Dutch edition."""
    hidden = []
    for path in (ROOT / "lib" / "debateprep").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call) and getattr(inner.func, "id", "") in (
                            "_", "N_", "ngettext") and inner.args \
                            and isinstance(inner.args[0], ast.Constant):
                        hidden.append(f"{path.name}:{node.lineno}")
    assert hidden == []


def test_the_catalog_ships_in_the_package():
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    data = project["tool"]["setuptools"]["package-data"]["debateprep"]
    assert "locale/*/LC_MESSAGES/*.mo" in data


def test_each_thread_keeps_its_own_language():
    """A render's slots (threads) write pages of both editions at the same moment: one
    thread's language must not change another's, nor the main thread's."""
    import threading
    from debateprep.i18n import _, current, language, use
    before = current()
    use("en")
    both_set = threading.Barrier(2)
    seen = {}

    def write(lang: str) -> None:
        with language(lang):
            both_set.wait(10)  # the other thread has set its language by now
            seen[lang] = (current(), _("Sources"))

    threads = [threading.Thread(target=write, args=(lang,)) for lang in ("nl", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert seen == {"nl": ("nl", "Bronnen"), "en": ("en", "Sources")}
    assert current() == "en"
    started_after = []
    use("nl")  # in the main thread: threads started later begin in it
    later = threading.Thread(target=lambda: started_after.append(current()))
    later.start()
    later.join(10)
    assert started_after == ["nl"]
    use(before)
