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
SOURCES_SECTION = re.compile(r"<h2[^>]*>Sources</h2>\s*(?:<ol class=[\"']sources[\"']>(.*?)</ol>"
                             r"|<p><em>No sources cited\.</em></p>)", re.S)
ITEM = re.compile(r"<li>(.*?)</li>", re.S)
CHECKED = re.compile(r" \(checked \d{1,2} [A-Z][a-z]+ \d{4}\)")


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

    def list_html(self) -> str:
        """The one numbered list of every source cited in the pack. Where every source was
        checked on the same day, that day is said once, above the list, not in each entry."""
        by_number = sorted(self.numbers.items(), key=lambda item: item[1])
        entries = [self.entries.get(s, s) for s, _ in by_number]
        checked = {m.group(0) for e in entries for m in [CHECKED.search(e)] if m}
        note = ""
        if len(checked) == 1 and all(CHECKED.search(e) for e in entries):
            day = checked.pop()
            entries = [e.replace(day, "") for e in entries]
            note = f"<p class='meta'>Every address was checked on {day[len(' (checked '):-1]}.</p>"
        items = "".join(f"<li id='src-{n}' value='{n}'>{e}</li>"
                        for (_, n), e in zip(by_number, entries))
        return f"<h1 id='sources'>Sources</h1>{note}<ol class='sources'>{items}</ol>"
