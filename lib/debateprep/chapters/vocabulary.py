"""Words for codes: what a reader sees instead of the data's internal values.

Topic labels come from topics.csv (`topic_label`); every other code a table can hold (status,
action, kind of debate, track, instrument) has its words here. Reader-facing text never shows
a code: the tests look for each code of the schema in every rendered chapter.
"""
from __future__ import annotations

from debateprep.data.loading import Data

KINDS = {
    "notaoverleg": "committee debate on a government paper (notaoverleg)",
    "commissiedebat": "committee debate (commissiedebat)",
    "algemeen-overleg": "committee debate (algemeen overleg)",
    "plenair-debat": "plenary debate",
    "tweeminutendebat": "short plenary debate for motions (tweeminutendebat)",
    "dertigledendebat": "plenary debate requested by thirty members (dertigledendebat)",
    "interpellatie": "interpellation of the minister (interpellatie)",
}
STATUSES = {"in-force": "in force", "lapsed": "lapsed", "ended": "ended", "planned": "planned",
            "ongoing": "ongoing", "closed": "closed"}
ACTIONS = {"introduced": "introduced", "expanded": "expanded", "renewed": "renewed",
           "extended": "extended", "reduced": "reduced", "suspended": "suspended",
           "ended": "ended", "status": "stock-take"}
TRACKS = {"pressure": "pressure", "engagement": "engagement"}
INSTRUMENTS = {
    "eu-sanctions-individual": "EU: individual listings (Ukraine)",
    "eu-sanctions-crimea": "EU: Crimea and Sevastopol",
    "eu-sanctions-economic": "EU: economic (sectoral)",
    "eu-sanctions-belarus": "EU: Belarus regime",
    "eu-sanctions-chemical-weapons": "EU: chemical weapons",
    "eu-sanctions-human-rights": "EU: human rights",
    "eu-sanctions-cyber": "EU: cyber-attacks",
    "nato-efp": "NATO eFP (Lithuania)",
    "nato-deterrence": "NATO deterrence",
    "dialogue": "Dialogue",
    "people-to-people": "People-to-people contacts",
    "arms-control": "Arms control",
}


def topic_label(data: Data, topic_id: str) -> str:
    """The readable name of a topic, from topics.csv."""
    labels = dict(zip(data.topics["topic_id"], data.topics["label"]))
    return labels.get(topic_id, topic_id)


def committee(text: str) -> str:
    """The committee, or 'plenary' for a debate in the full Kamer."""
    return text or "none: a debate of the full Kamer (plenary)"
