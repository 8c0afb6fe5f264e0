"""Executed notebook → clean HTML page: no code, no prompts, no warnings, print CSS for A4."""
from __future__ import annotations

import functools
import html
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from debateprep.chapters.scope import SHOWN_MIME
from debateprep.i18n import DEFAULT, _, language, translate_markdown

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
CSS = TEMPLATES / "briefing.css"


class DropStderr(Preprocessor):
    """Remove stderr streams (warnings, logging) and the record of shown ids, which a reader
    should not see; number the cells' ids by position; put each Markdown cell in the page's
    language (the whole cell is one entry of the catalog)."""

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 (nbconvert API)
        if cell.get("cell_type") == "markdown":
            cell.source = translate_markdown(cell.source, resources["briefing"]["lang"])
        cell["id"] = f"cell-{index}"  # papermill's injected cell gets a random id: keep pages
        # byte-identical from run to run, so a rerun chapter equals the same one forced
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                            and SHOWN_MIME not in o.get("data", {})]
        return cell, resources


@functools.lru_cache(maxsize=1)
def exporter() -> HTMLExporter:
    """An HTMLExporter with the briefing template; inputs and prompts excluded. One per
    process: building one compiles the templates, which took longer than a chapter's export.
    (The exporter keeps no state between notebooks: each page's words and style come in its
    resources.)"""
    exp = HTMLExporter(template_name="briefing", extra_template_basedirs=[str(TEMPLATES)],
                       exclude_input=True, exclude_input_prompt=True,
                       exclude_output_prompt=True, embed_images=True)
    exp.register_preprocessor(DropStderr(), enabled=True)
    return exp


def notebook_to_html(notebook: nbformat.NotebookNode, title: str, running: str,
                     lang: str = DEFAULT) -> str:
    """The notebook as one standalone HTML page in lang; title and running header are escaped."""
    with language(lang):
        contents = _("Briefing pack: contents")
    resources = {"briefing": {"title": title, "running": running, "css": css(lang),
                              "lang": lang, "contents": contents}}
    body, _res = exporter().from_notebook_node(notebook, resources=resources)
    return body


def main_content(page: str) -> str:
    """The inside of <main class='briefing'> of a page made by notebook_to_html."""
    start = page.index("<main class=\"briefing\">") + len("<main class=\"briefing\">")
    return page[start:page.rindex("</main>")]


PAGE_NUMBER = '"Page " counter(page) " of " counter(pages)'
"""The page-number line of briefing.css, replaced by the edition's words (see `css`)."""


def css(lang: str = DEFAULT) -> str:
    """The briefing style, its page numbers in lang ('Pagina 3 van 16')."""
    with language(lang):
        words = _("Page %(page)s of %(pages)s")
    parts = re.split(r"(%\((?:page|pages)\)s)", words)
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    content = " ".join(counters.get(p) or '"' + p.replace('"', "'") + '"' for p in parts if p)
    return CSS.read_text("utf-8").replace(PAGE_NUMBER, content)


def page(title: str, running: str, body: str, lang: str = DEFAULT) -> str:
    """A standalone page in the briefing style, in lang, around already-safe HTML body."""
    return (f"<!DOCTYPE html>\n<html lang=\"{html.escape(lang)}\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n<style>\n{css(lang)}\n</style>\n"
            f"</head>\n<body>\n<div class=\"running-header\">{html.escape(running)}</div>\n"
            f"<main class=\"briefing\">\n{body}\n</main>\n</body>\n</html>\n")
