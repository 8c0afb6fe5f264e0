"""HTML → PDF without downloading a browser: WeasyPrint, or Debian's chromium where present."""
from __future__ import annotations

import gc
import re
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class PdfUnavailable(RuntimeError):
    """Neither WeasyPrint (with its system libraries) nor a chromium binary is available."""


def load_engine() -> None:
    """Import WeasyPrint and python-docx now (most of a second), for instance while the
    chapters run, so the PDF and Word steps do not wait for them; nothing if they cannot be
    imported (the steps themselves say why)."""
    try:
        import weasyprint  # noqa: F401
        import docx  # noqa: F401
    except (ImportError, OSError):
        pass


SPACE_BEFORE_CITATION = re.compile(r" (<span class=['\"]cite['\"]>)")


def for_weasyprint(page: str) -> str:
    """The page with the space before each citation moved into the citation's span
    (`text <span class='cite'>[4, 5]</span>` becomes `text<span class='cite'> [4, 5]</span>`),
    which looks the same. WeasyPrint 70 breaks a line badly when an inline box that does
    not fit ends it (WeasyPrint issues #1614, #2102): it left one word on a line of its own
    ('betrokkenheid') and moved the rest of the sentence with the citation to the next line,
    on page 1 of the default pack. With the break opportunity inside the span, the citation
    moves to the next line by itself, as a browser does it."""
    return SPACE_BEFORE_CITATION.sub(r"\1 ", page)


@contextmanager
def no_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a step that makes many objects and frees
    them by itself, then resumed as it was. WeasyPrint makes several hundred thousand boxes
    and text pieces for a pack; in a render, each automatic collection also walks everything
    the render holds (papermill, nbconvert, the kernels' clients), and the PDF of the default
    pack took 3.0 to 3.2 s with collections against 2.5 s without, in the same process."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_pdf(html_path: Path, pdf_path: Path) -> str:
    """Print html_path to pdf_path; return which engine did it ('weasyprint' or 'chromium')."""
    try:
        import weasyprint  # imported here: it needs system libraries (pango) that may be missing
    except (ImportError, OSError):
        weasyprint = None
    if weasyprint is not None:
        # PDF/UA-1: tagged (headings, lists, tables with their header cells, figures with
        # their alt text), with the document's title and language from the page
        page = for_weasyprint(html_path.read_text(encoding="utf-8"))
        with no_collection():
            weasyprint.HTML(string=page, base_url=str(html_path.parent)).write_pdf(
                str(pdf_path), pdf_variant="pdf/ua-1")
        return "weasyprint"
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise PdfUnavailable("no PDF engine: install the 'weasyprint' package (needs pango) "
                             "or Debian's 'chromium'")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--no-first-run",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf_path}", html_path.as_uri()],
                   check=True, capture_output=True, timeout=120)
    return "chromium"
