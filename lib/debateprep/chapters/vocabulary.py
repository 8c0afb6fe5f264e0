"""Words for codes: what a reader sees instead of the data's internal values.

Topic labels come from topics.csv (`topic_label`); every other code a table can hold (status,
action, kind of debate, track, instrument) has its words here. Reader-facing text never shows
a code: the tests look for each code of the schema in every rendered chapter.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from debateprep.i18n import N_, _

if TYPE_CHECKING:  # pandas is heavy: the pack's index imports these words, not the data
    from debateprep.data.loading import Data


class Words(dict):
    """Codes and their words: stored in English (marked for the catalog), given in the
    language in use when looked up."""

    def __getitem__(self, code: str) -> str:
        return _(super().__getitem__(code))

    def get(self, code, default=None):  # noqa: D102 (dict API)
        return self[code] if code in self else default

    def values(self):  # noqa: D102 (dict API)
        return [self[code] for code in self]

    def items(self):  # noqa: D102 (dict API)
        return [(code, self[code]) for code in self]

KINDS = Words({
    "notaoverleg": N_("committee debate on a government paper (notaoverleg)"),
    "commissiedebat": N_("committee debate (commissiedebat)"),
    "algemeen-overleg": N_("committee debate (algemeen overleg)"),
    "plenair-debat": N_("plenary debate"),
    "tweeminutendebat": N_("short plenary debate for motions (tweeminutendebat)"),
    "dertigledendebat": N_("plenary debate requested by thirty members (dertigledendebat)"),
    "interpellatie": N_("interpellation of the minister (interpellatie)"),
})
STATUSES = Words({"in-force": N_("in force"), "lapsed": N_("lapsed"), "ended": N_("ended"), "planned": N_("planned"),
            "ongoing": N_("ongoing"), "closed": N_("closed")})
ACTIONS = Words({"introduced": N_("introduced"), "expanded": N_("expanded"), "renewed": N_("renewed"),
           "extended": N_("extended"), "reduced": N_("reduced"), "suspended": N_("suspended"),
           "ended": N_("ended"), "status": N_("stock-take")})
TRACKS = Words({"pressure": N_("pressure"), "engagement": N_("engagement")})
INSTRUMENTS = Words({
    "eu-sanctions-individual": N_("EU: individual listings (Ukraine)"),
    "eu-sanctions-crimea": N_("EU: Crimea and Sevastopol"),
    "eu-sanctions-economic": N_("EU: economic (sectoral)"),
    "eu-sanctions-belarus": N_("EU: Belarus regime"),
    "eu-sanctions-chemical-weapons": N_("EU: chemical weapons"),
    "eu-sanctions-human-rights": N_("EU: human rights"),
    "eu-sanctions-cyber": N_("EU: cyber-attacks"),
    "nato-efp": N_("NATO eFP (Lithuania)"),
    "nato-deterrence": N_("NATO deterrence"),
    "dialogue": N_("Dialogue"),
    "people-to-people": N_("People-to-people contacts"),
    "arms-control": N_("Arms control"),
})


def topic_label(data: Data, topic_id: str) -> str:
    """The readable name of a topic, from topics.csv."""
    labels = dict(zip(data.topics["topic_id"], data.topics["label"]))
    return labels.get(topic_id, topic_id)


OUTCOMES = Words({"adopted": N_("adopted (aangenomen)"), "rejected": N_("rejected (verworpen)"),
                  "withdrawn": N_("withdrawn (ingetrokken)"), "not-voted": N_("not voted on"),
                  "unknown": N_("vote not found in the sources")})
"""A motion's outcome in the Kamer's words."""
OORDEEL = Words({"overgenomen": N_("taken over by the cabinet (overgenomen)"),
                 "oordeel-kamer": N_("left to the Kamer (oordeel Kamer)"),
                 "ontraden": N_("advised against (ontraden)"),
                 "ontraden-tenzij-gewijzigd": N_("advised against unless amended"),
                 "aanhouden": N_("asked to be held over (aanhouden)"),
                 "geen-appreciatie": N_("no appraisal given")})
"""The cabinet's appraisal of a motion (its oordeel)."""
COMMITMENT_STATUSES = Words({"open": N_("open"), "fulfilled": N_("fulfilled"),
                             "withdrawn": N_("withdrawn"), "unknown": N_("not recorded")})
KNOWN_FROM = Words({"register": N_("the Kamer's register of commitments"),
                    "report": N_("the report of the debate"),
                    "letter": N_("a government letter"),
                    "news": N_("a news report quoting the promise")})
"""How a commitment is known."""
"""A commitment's status (toezegging: open, voldaan)."""


def committee(text: str) -> str:
    """The committee, or 'plenary' for a debate in the full Kamer."""
    return text or _("none: a debate of the full Kamer (plenary)")
