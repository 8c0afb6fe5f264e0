"""One home for the interface's words: gettext catalogs (managed with Babel), Babel's dates.

The source strings are English; `locale/nl/LC_MESSAGES/debateprep.po` holds their Dutch, and
its compiled `.mo` ships in the package. Code marks a reader-facing string with `_()` (or
`N_()` where it is only stored, to be translated when shown), and formats dates and numbers
with `format_date` and `format_number`; nothing else decides a language. `use(lang)` sets the
language of this thread (and of threads started after it, set in the main thread): a chapter
sets it from its `lang` parameter before it shows
anything, the pack from the edition it assembles.

Data text is not here: each reader-facing data column has a Dutch twin (`title_nl`), chosen
in `debateprep.data.language`.
"""
from __future__ import annotations

import datetime as dt
import gettext as _gettext
import threading
from contextlib import contextmanager
from typing import Iterator
from pathlib import Path

from debateprep.errors import UnknownChoiceError

LANGUAGES = ("nl", "en")
"""The editions there are; the first is the default."""
DEFAULT = LANGUAGES[0]
DOMAIN = "debateprep"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_main = {"lang": DEFAULT}
"""The language a new thread starts in: the one last set in the main thread."""


class _Thread(threading.local):
    """The language in use, per thread: a render's slots (threads) write the pages of both
    editions at the same moment, so one thread's language must not change another's."""

    def __init__(self) -> None:
        self.lang: str = _main["lang"]
        self.catalog: _gettext.NullTranslations | None = None


_state = _Thread()


def check_language(lang: str) -> str:
    """lang if there is an edition in it; UnknownChoiceError (one line) otherwise."""
    if lang not in LANGUAGES:
        raise UnknownChoiceError("language", lang, list(LANGUAGES))
    return lang


def catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of lang (English, the source language, needs none)."""
    if lang == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])


def use(lang: str) -> None:
    """Make lang the language of everything this thread shows from now on (and, set in the
    main thread, the language threads started later begin in)."""
    translations = catalog(check_language(lang))
    _state.lang, _state.catalog = lang, translations
    if threading.current_thread() is threading.main_thread():
        _main["lang"] = lang


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Use lang inside the with-block, then the language used before."""
    before = current()
    use(lang)
    try:
        yield
    finally:
        use(before)


def current() -> str:
    """The language in use."""
    return _state.lang


def _catalog() -> _gettext.NullTranslations:
    if _state.catalog is None:
        _state.catalog = catalog(current())
    return _state.catalog


def _(message: str) -> str:
    """message in the language in use."""
    return _catalog().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for n, in the language in use."""
    return _catalog().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark message for the catalog without translating it yet (it is translated when shown)."""
    return message


def format_date(day: dt.date, precision: str = "day") -> str:
    """'11 november 2020' / '11 November 2020'; 'maart 2014'; '2014'."""
    from babel.dates import format_date as babel_date
    pattern = {"year": "y", "month": "LLLL y"}.get(precision, "d MMMM y")
    return babel_date(day, pattern, locale=current())


def format_datetime(moment: dt.datetime) -> str:
    """'7 december 2026, 15:04' in the language in use."""
    from babel.dates import format_datetime as babel_datetime
    return babel_datetime(moment, "d MMMM y, HH:mm", locale=current())


def format_number(value: float, decimals: int = 0) -> str:
    """A number with the language's separators: '1.550' / '1,550'; '2,5' / '2.5'."""
    from babel.numbers import format_decimal
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=current())


def translate_markdown(source: str, lang: str) -> str:
    """A notebook's Markdown cell in lang (the whole cell is one catalog entry)."""
    text = source.strip()
    return catalog(lang).gettext(text) if text else source


def extract_notebook(fileobj, keywords, comment_tags, options):
    """Babel extractor: every Markdown cell of a notebook is one message (see babel.cfg)."""
    import json
    notebook = json.load(fileobj)
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") == "markdown":
            text = "".join(cell.get("source", [])).strip()
            if text and not text.startswith("<!--"):
                yield number, None, text, ["notebook markdown cell"]
