"""One numbering of sources for the whole pack.

Each chapter runs in its own kernel and numbers its sources in the order it cites them. A
citation is written with an invisible mark before it (`MARK`, U+2060 WORD JOINER), so the pack
can find it again after export: `renumber` maps each chapter's numbers to source ids (from the
ids the chapter recorded, in its own order) and then to one pack-wide number, given in order of
first citation across the chapters. Every chapter page and the combined briefing use those
numbers, each a link to the one list of sources at the end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

MARK = "\u2060"
CITATION = re.compile(MARK + r"\[(\d+(?:, \d+)*)\]")
SOURCES_SECTION = re.compile(r"<section class=[\"']chapter-sources[\"']>(?:(?!</section>).)*?"
                             r"(?:<ol class=[\"']sources[\"']>(.*?)</ol>)?\s*</section>", re.S)
"""A chapter's own source list, found by its classes (never by its words: there are two
languages); see `report.sources_section`."""
ITEM = re.compile(r"<li>(.*?)</li>", re.S)
CHECKED = re.compile(r" ?<span class=[\"']checked[\"']>\(.*?<span class=[\"']date[\"']>(.*?)</span>"
                     r".*?\)</span>", re.S)
"""The day a source was checked, marked in its entry (see `briefing.citation`)."""


@dataclass
class PackSources:
    """The pack's sources: id -> pack-wide number, and each source's reference as HTML."""

    numbers: dict[str, int] = field(default_factory=dict)
    entries: dict[str, str] = field(default_factory=dict)

    def number(self, source_id: str) -> int:
        """The pack-wide number of a source, given on its first citation."""
        return self.numbers.setdefault(source_id, len(self.numbers) + 1)

    def renumber(self, body: str, local_ids: list[str], href: str) -> str:
        """The chapter body with its citations in pack-wide numbers, each linked to
        href + '#src-N', and its own source list taken out (its entries are kept)."""
        lists = SOURCES_SECTION.search(body)
        if lists and lists.group(1):
            for source_id, entry in zip(local_ids, ITEM.findall(lists.group(1))):
                self.entries.setdefault(source_id, entry)

        def swap(match: re.Match) -> str:
            ids = [local_ids[int(n) - 1] for n in match.group(1).split(", ")]
            numbers = sorted({self.number(i) for i in ids})
            links = ", ".join(f"<a href='{href}#src-{n}'>{n}</a>" for n in numbers)
            return f"[{links}]"

        body = CITATION.sub(swap, body)
        return SOURCES_SECTION.sub("", body)

    def list_html(self, heading: str, all_checked: str) -> str:
        """The one numbered list of every source cited in the pack, under heading. Where every
        source was checked on the same day, that is said once, above the list, with
        all_checked ('Every address was %(checked)s.', the words of the edition), not in each
        entry."""
        by_number = sorted(self.numbers.items(), key=lambda item: item[1])
        entries = [self.entries.get(s, s) for s, _n in by_number]
        checked = {m.group(1) for e in entries for m in [CHECKED.search(e)] if m}
        note = ""
        if len(checked) == 1 and all(CHECKED.search(e) for e in entries):
            day = checked.pop()
            entries = [CHECKED.sub("", e) for e in entries]
            note = f"<p class='meta'>{all_checked % {'checked': day}}</p>"
        items = "".join(f"<li id='src-{n}' value='{n}'>{e}</li>"
                        for (_s, n), e in zip(by_number, entries))
        return f"<h1 id='sources'>{heading}</h1>{note}<ol class='sources'>{items}</ol>"
