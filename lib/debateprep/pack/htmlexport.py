"""Executed notebook → clean HTML page: no code, no prompts, no warnings, print CSS for A4."""
from __future__ import annotations

import html
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
CSS = TEMPLATES / "briefing.css"


from debateprep.chapters.scope import SHOWN_MIME


class DropStderr(Preprocessor):
    """Remove stderr streams (warnings, logging) and the record of shown ids, which a reader
    should not see; number the cells' ids by position."""

    def preprocess_cell(self, cell, resources, index):  # noqa: D102 (nbconvert API)
        cell["id"] = f"cell-{index}"  # papermill's injected cell gets a random id: keep pages
        # byte-identical from run to run, so a rerun chapter equals the same one forced
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
                            and SHOWN_MIME not in o.get("data", {})]
        return cell, resources


def exporter() -> HTMLExporter:
    """An HTMLExporter with the briefing template; inputs and prompts excluded."""
    exp = HTMLExporter(template_name="briefing", extra_template_basedirs=[str(TEMPLATES)],
                       exclude_input=True, exclude_input_prompt=True,
                       exclude_output_prompt=True, embed_images=True)
    exp.register_preprocessor(DropStderr(), enabled=True)
    return exp


def notebook_to_html(notebook: nbformat.NotebookNode, title: str, running: str) -> str:
    """The notebook as one standalone HTML page; title and running header are escaped."""
    resources = {"briefing": {"title": title, "running": running, "css": CSS.read_text("utf-8")}}
    body, _ = exporter().from_notebook_node(notebook, resources=resources)
    return body


def main_content(page: str) -> str:
    """The inside of <main class='briefing'> of a page made by notebook_to_html."""
    start = page.index("<main class=\"briefing\">") + len("<main class=\"briefing\">")
    return page[start:page.rindex("</main>")]


def page(title: str, running: str, body: str) -> str:
    """A standalone page in the briefing style around already-safe HTML body."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n<style>\n{CSS.read_text('utf-8')}\n</style>\n"
            f"</head>\n<body>\n<div class=\"running-header\">{html.escape(running)}</div>\n"
            f"<main class=\"briefing\">\n{body}\n</main>\n</body>\n</html>\n")
