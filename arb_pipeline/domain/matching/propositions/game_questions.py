"""A game's question as it is asked after a heading ("UFC 330: Will Jon Jones defeat Tom
Aspinall?", "AUS vs IND 5th Test: Australia win?", "Real Betis vs. Sevilla FC: Real Betis"),
and the side a question sets against another; read by the Polymarket game reader of :mod:`.games`.
"""

from __future__ import annotations

import copy
import re

from arb_pipeline.domain.matching.propositions.reading import Reading
from arb_pipeline.domain.matching.propositions.sports import _EVENT_MATCHUP, same_team, team_key
from arb_pipeline.domain.matching.propositions.text import fold_short


_TO_WIN = re.compile(r"^(?:the )?(.+?) to (win|beat .+?|defeat .+?)\??$", re.IGNORECASE)
_SIDE_WINS = re.compile(r"^(?:the )?(.+?) (win)\??$", re.IGNORECASE)


def question_after_heading(reading: Reading) -> Reading:
    """"UFC 330: Will Jon Jones defeat Tom Aspinall?": the question after a heading's colon is
    the question the game patterns read; the heading stays in the market's other texts."""
    heading, colon, question = reading.raw_title.partition(": ")
    if not colon or heading[:5].lower() == "will ":
        return reading
    if question[:5].lower() != "will ":
        # "Der Klassiker: Bayern to win?" asks "Will Bayern win?"; under the game's two sides,
        # "AUS vs IND 5th Test: Australia win?" asks it too.
        headed = _EVENT_MATCHUP.match(heading)
        to_win = _TO_WIN.match(question) or (_SIDE_WINS.match(question) if headed else None)
        if to_win is not None:
            question = f"Will {to_win.group(1)} {to_win.group(2)}?"
        elif headed is not None and _one_of_the_sides(question.rstrip("?"), (headed.group(1), headed.group(2))):
            # "Real Betis vs. Sevilla FC: Real Betis" names one of the heading's sides alone.
            question = f"Will {question.rstrip('?')} win?"
        else:
            return reading
    asked = copy.copy(reading)
    asked.raw_title, asked.title = question, fold_short(question)
    return asked


def _one_of_the_sides(text: str, sides: tuple[str, str]) -> bool:
    """``text`` is one of the two ``sides`` by name, whole or with its last words off ("Real
    Betis" of "Real Betis Balompie"); "Draw or PSV" names no side."""
    words = (team_key(None, text) or "").split()
    found = 0
    for side in sides:
        side_words = (team_key(None, side) or "").split()
        shorter = min(len(words), len(side_words))
        found += shorter > 1 and words[:shorter] == side_words[:shorter] or words == side_words
    return found == 1


def against(side: str, sides: tuple[str, str], league: str | None) -> tuple[str, str] | None:
    """(``side``, its opponent): the one of two ``sides`` that is not ``side``; None when ``side``
    is neither of them."""
    key = team_key(league, side) or ""
    others = [other for other in sides if not same_team(team_key(league, other) or "", key)]
    return (side, others[0]) if len(others) == 1 else None
