"""The briefing as a Word document: built from the combined HTML page, not from a picture of it.

Staff turn a brief into their own inbreng, spreektekst and questions in Word. `write_docx` reads
the combined briefing (`briefing.html`), which the pack writes from a small, known set of
elements, and rebuilds it with python-docx: headings in Word's own Heading 1-3 styles (the
navigation pane shows the chapters), tables as real tables whose header row repeats on every
page, the numbered citations as links to bookmarks in the one source list at the end, charts as
pictures with their description as alt text and as a caption, the Editorial label kept on every
editorial box, and the title, language and date in the document's core properties.
"""
from __future__ import annotations

import base64
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"img", "br", "meta", "link", "hr", "input"}


@dataclass
class Node:
    """One element of the page (or a piece of text, tag '#text')."""

    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)
    text: str = ""

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def plain(self) -> str:
        """All the text inside, as a reader sees it (whitespace collapsed)."""
        if self.tag == "#text":
            return self.text
        return " ".join("".join(c.plain() for c in self.children).split()) \
            if self.tag not in ("style", "script") else ""


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(Node("#text", text=data))


def parse(html: str) -> Node:
    """The page as a tree of Nodes."""
    tree = _Tree()
    tree.feed(html)
    return tree.root


def find(node: Node, test) -> Node | None:
    if test(node):
        return node
    for child in node.children:
        found = find(child, test)
        if found is not None:
            return found
    return None


# --- Word ----------------------------------------------------------------------------------------

def _bookmark(paragraph, name: str, number: int) -> None:
    """Put a bookmark called name around the paragraph's content (a citation's target)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _link(paragraph, text: str, anchor: str = "", url: str = ""):
    """A hyperlink run: to a bookmark in the document (anchor) or to an address (url)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    link = OxmlElement("w:hyperlink")
    if anchor:
        link.set(qn("w:anchor"), anchor)
    else:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK,
                                                      is_external=True))
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    run.append(props)
    node = OxmlElement("w:t")
    node.text = text
    node.set(qn("xml:space"), "preserve")
    run.append(node)
    link.append(run)
    paragraph._p.append(link)
    return link


def _inline(paragraph, node: Node, bold: bool = False, italic: bool = False) -> None:
    """The text of node into paragraph: bold, italic and links kept."""
    for child in node.children:
        if child.tag == "#text":
            if child.text:
                run = paragraph.add_run(child.text.replace("\u2060", "").replace("\n", " "))
                run.bold, run.italic = bold or None, italic or None
        elif child.tag in ("strong", "b"):
            _inline(paragraph, child, True, italic)
        elif child.tag in ("em", "i"):
            _inline(paragraph, child, bold, True)
        elif child.tag == "a" and "anchor-link" in child.classes():
            continue  # the '¶' nbconvert puts after a heading
        elif child.tag == "a":
            href = child.attrs.get("href", "")
            text = child.plain()
            if href.startswith("#"):
                _link(paragraph, text, anchor=href[1:])
            elif href.startswith(("http://", "https://")):
                _link(paragraph, text, url=href)
            else:
                paragraph.add_run(text)
        elif child.tag == "br":
            paragraph.add_run().add_break()
        elif child.tag not in ("style", "script", "img"):
            _inline(paragraph, child, bold, italic)


class Builder:
    """Walks the combined page and writes the Word document."""

    def __init__(self, document) -> None:
        self.doc = document
        self.chapters = 0
        self.bookmarks = 0
        self.editorial = False

    def block(self, node: Node, level: int = 0) -> None:
        tag, classes = node.tag, node.classes()
        if tag == "#text":
            if node.text.strip():
                self.doc.add_paragraph(" ".join(node.text.split()))
            return
        if tag in ("style", "script", "nav") or "running-header" in classes:
            return
        if tag in ("h1", "h2", "h3", "h4"):
            depth = min(int(tag[1]), 3)
            if depth == 1 and self.chapters:
                self.doc.add_page_break()
            self.chapters += depth == 1
            heading = self.doc.add_heading(level=depth)
            _inline(heading, node)
            return
        if tag == "p":
            paragraph = self.doc.add_paragraph(style="Quote" if "meta" in classes else None)
            _inline(paragraph, node)
            return
        if tag in ("ul", "ol"):
            self.items(node, "List Number" if tag == "ol" else "List Bullet", level)
            return
        if tag == "table":
            self.table(node)
            return
        if tag == "figure" or tag == "img":
            self.figure(node)
            return
        for child in node.children:
            self.block(child, level)

    def items(self, node: Node, style: str, level: int) -> None:
        sources = "sources" in node.classes()
        for item in (c for c in node.children if c.tag == "li"):
            nested = [c for c in item.children if c.tag in ("ul", "ol")]
            name = style if level == 0 else f"{style} {min(level + 1, 3)}"
            paragraph = self.doc.add_paragraph(style=name)
            if sources and item.attrs.get("id"):
                paragraph.add_run(f"[{item.attrs.get('value', '')}] ")
                self.bookmarks += 1
                _bookmark(paragraph, item.attrs["id"], self.bookmarks)
            _inline(paragraph, Node("span", children=[c for c in item.children
                                                       if c.tag not in ("ul", "ol")]))
            for child in nested:
                self.items(child, "List Number" if child.tag == "ol" else "List Bullet",
                           level + 1)

    def table(self, node: Node) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        rows = []
        caption = find(node, lambda n: n.tag == "caption")
        if caption is not None:
            self.doc.add_paragraph(caption.plain(), style="Caption")

        def collect(n: Node) -> None:
            for child in n.children:
                if child.tag == "tr":
                    rows.append([c for c in child.children if c.tag in ("th", "td")])
                elif child.tag in ("thead", "tbody", "tfoot"):
                    collect(child)
        collect(node)
        rows = [r for r in rows if r]
        if not rows:
            return
        width = max(len(r) for r in rows)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, cells in enumerate(rows):
            for c, cell in enumerate(cells):
                target = table.cell(r, c)
                paragraph = target.paragraphs[0]
                _inline(paragraph, cell, bold=cell.tag == "th")
            if all(cell.tag == "th" for cell in cells):  # a header row: repeat it on each page
                props = table.rows[r]._tr.get_or_add_trPr()
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                props.append(header)

    def figure(self, node: Node) -> None:
        from docx.shared import Cm
        image = node if node.tag == "img" else find(node, lambda n: n.tag == "img")
        if image is None:
            return
        source = image.attrs.get("src", "")
        if not source.startswith("data:image/png;base64,"):
            return
        data = base64.b64decode(source.split(",", 1)[1])
        self.doc.add_picture(io.BytesIO(data), width=Cm(16))
        alt = image.attrs.get("alt", "")
        shape = self.doc.inline_shapes[-1]
        shape._inline.docPr.set("descr", alt)
        shape._inline.docPr.set("title", alt[:80])
        caption = find(node, lambda n: n.tag == "figcaption")
        if caption is not None:
            self.doc.add_paragraph(caption.plain(), style="Caption")


def write_docx(html_path: Path, docx_path: Path, title: str, lang: str,
               when: dt.datetime) -> None:
    """Rebuild the combined briefing page at html_path as a Word document at docx_path."""
    from docx import Document
    page = parse(html_path.read_text(encoding="utf-8"))
    main = find(page, lambda n: n.tag == "main") or page
    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.language = {"nl": "nl-NL", "en": "en-GB"}.get(lang, lang)
    properties.created = properties.modified = when.replace(tzinfo=None)
    properties.author = "debateprep"
    styles = document.styles
    styles["Normal"].font.name = "Calibri"
    Builder(document).block(main)
    document.save(str(docx_path))
