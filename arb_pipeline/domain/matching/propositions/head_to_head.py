"""Two competitors set against each other inside one event: "Will A finish ahead of B at the
Austrian Grand Prix?", "Austrian Grand Prix: McLaren Teammate Battle" with the two drivers as
outcomes. Such a market is a contest of its two sides in that event, read by the game readers of
:mod:`.games` (docs/matching.md, "Sports forms of round 13"); in a season's standings it is none.
"""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.propositions.text import contains_any

# Finishing ahead of the other is beating him there.
AHEAD = r"finish(?:es)? (?:ahead of|higher than)|place(?:s)? (?:ahead of|higher than)"
AHEAD_OF = re.compile(r"\b(?:" + AHEAD + r")\b")
_AHEAD_NEEDLES = ("ahead", "higher")
# A season's table: one driver ahead of another there is no contest of one day.
_IN_STANDINGS = re.compile(r"\b(?:standings?|championship|season|points|table|rankings?|world cup)\b")
# A heading that sets two competitors against each other: "Driver Head-to-Head", "Teammate Battle",
# "who finishes higher?".
_HEAD_TO_HEAD = re.compile(r"\bhead[- ]to[- ]head\b|\bh2h\b|\bteammate battle\b|\bwho (?:will )?finish(?:es)? (?:ahead|higher)\b")
_HEAD_TO_HEAD_NEEDLES = ("head", "h2h", "teammate", "ahead", "higher")


def ahead_in_an_event(title: str) -> bool:
    """Whether a folded question asks if one side finishes ahead of another in one event, not in
    a season's standings."""
    return contains_any(title, _AHEAD_NEEDLES) and AHEAD_OF.search(title) is not None \
        and _IN_STANDINGS.search(title) is None


def in_standings(title: str) -> bool:
    """Whether a folded question sets one side ahead of another in a season's standings."""
    return contains_any(title, _AHEAD_NEEDLES) and AHEAD_OF.search(title) is not None \
        and _IN_STANDINGS.search(title) is not None


def head_to_head_heading(head: str) -> bool:
    """Whether a folded heading sets two competitors against each other in one event."""
    return contains_any(head, _HEAD_TO_HEAD_NEEDLES) and _HEAD_TO_HEAD.search(head) is not None
