"""A game's question as it is asked after a heading ("UFC 330: Will Jon Jones defeat Tom
Aspinall?", "AUS vs IND 5th Test: Australia win?", "Real Betis vs. Sevilla FC: Real Betis"),
the side a question sets against another, the sides a draw question names, the line of a spread
only its question writes; read by the Polymarket game reader of :mod:`.games`.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal

from arb_pipeline.domain.matching.propositions.lexicon.sports import EXTENDED_NAMES
from arb_pipeline.domain.matching.propositions.reading import Reading
from arb_pipeline.domain.matching.propositions.sports import (
    _EVENT_MATCHUP,
    _MATCH_OF_SERIES,
    other_school,
    same_team,
    team_key,
)
from arb_pipeline.domain.matching.propositions.text import fold_short


# "Will Sevilla avoid defeat against Real Betis on Jan 24?": a side that wins or draws, the
# double chance written as a question on that side.
AVOIDS_DEFEAT = re.compile(r"^will (?:the )?(.+?) (?:avoid (?:defeat|losing)|not lose) (?:against|to|vs\.?|v\.?|at) "
                           r"(?:the )?(.+?)(?: on .+?| in .+?)?\??$")
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


_NAME_THEN_WORD = re.compile(r"[A-Z][A-Za-z&.'-]*")


def as_the_rules_name(key: str | None, rules: str) -> str | None:
    """A side a question names briefly ("Will Miami beat Ohio?") as the rules' opening writes it
    with its nickname ("the Miami RedHawks"), when that fuller name is another team's key: "Miami"
    alone is Miami (FL), the RedHawks are Miami (OH). A word naming another school ("State",
    "Tech") after the name is another team, not this one's nickname."""
    if key is None or not key.startswith("name:") or not rules or key[5:] not in EXTENDED_NAMES:
        return key
    name = key[5:]
    opening = rules[:400]
    found = re.search(r"\b" + r"\s+".join(re.escape(word) for word in name.split()) + r"\s+(?=[A-Z])", opening,
                      re.IGNORECASE)
    word = _NAME_THEN_WORD.match(opening, found.end()) if found else None
    if word is None or other_school(word.group(0).lower().rstrip(".")):
        return key
    fuller = team_key(None, f"{found.group(0) if found else ''}{word.group(0)}")
    return fuller if fuller is not None and not same_team(fuller, key) else key


def draw_sides(draw: re.Match[str], league: str | None) -> tuple[str, ...]:
    """The two sides a draw question names ("A vs. B: Draw?", "A vs B 5th Test ends in a draw?")."""
    first, second = team_key(league, draw.group(1)), team_key(league, draw.group(2))
    return (first, second) if first and second and first != second else ()


# "Spread: Ohio State (-7.5)" without a market type: the line is the one in brackets.
_SPREAD_LINE = re.compile(r"^spread:\s*(.+?)\s*\(([+-]?\d{1,3}(?:\.\d)?)\)")


def written_spread(reading: Reading) -> Decimal | None:
    """The line of a spread market only its question writes ("Spread: Ohio State (-7.5)" with
    outcomes "Ohio State" and "Texas"): the named side is one of its two outcomes."""
    if not reading.title.startswith("spread:") or len(reading.market.outcomes) != 2:
        return None
    written = _SPREAD_LINE.match(reading.title)
    named = team_key(None, written.group(1)) if written else None
    sides = [team_key(None, o.name) for o in reading.market.outcomes]
    if written is None or named is None or None in sides \
            or sum(same_team(named, side) for side in sides if side is not None) != 1:
        return None
    return Decimal(written.group(2))


# The question after a game's heading, behind a colon or a dash ("USA vs. Mexico - Draw?").
AFTER_HEADING = r"(?::|\s+[-\u2013\u2014])\s*"
# "France vs. England: Draw?": the draw of the game the question names.
_VS_DRAW = re.compile(r"^(?:the )?(.+?) (?:vs\.?|v\.?) (?:the )?(.+?)" + AFTER_HEADING + r"(?:a )?(?:draw|tie)\??$")
# "Will the 2nd Test between Australia and India end in a draw?": the contest's noun before its sides.
# "Australia vs India 5th Test ends in a draw?" asks it without "will", the match after the sides.
WILL_DRAW = re.compile(r"^(?:will )?(?:the )?(?:(?:\d+(?:st|nd|rd|th) )?(?:test|odi|t20i?|match|game) between (?:the )?)?"
                       r"(.+?) (?:vs\.?|v\.?|and) (?:the )?(.+?)(?:,? " + _MATCH_OF_SERIES + r")? ends? in a (?:draw|tie)\b")


def draw_question(title: str) -> re.Match[str] | None:
    """"A vs. B: Draw?", "Will A vs B end in a draw?": the draw question a folded title asks (a
    substring test first: most titles ask none)."""
    if "draw" not in title and "tie" not in title:
        return None
    return WILL_DRAW.match(title) or _VS_DRAW.match(title)


# "Celtics vs. Knicks: O/U 220.5" without a market type: the game's total points, its line after
# "O/U" under the heading of the game's two sides; a half's or a team's line says more before it.
_TOTAL_LINE = re.compile(r"^(.+?) (?:vs\.?|v\.?|@|at) (.+?):\s*o/u\s+(\d{1,3}\.5)$")


def written_total(reading: Reading) -> tuple[Decimal, str, str] | None:
    """(line, side, side) of a game-total market only its question writes ("Celtics vs. Knicks:
    O/U 220.5" with outcomes "Over" and "Under"), under two known sides that are not the same."""
    if "o/u" not in reading.title or {o.name.strip().lower() for o in reading.market.outcomes} != {"over", "under"}:
        return None
    written = _TOTAL_LINE.match(reading.title)
    if written is None:
        return None
    first, second = team_key(None, written.group(1)), team_key(None, written.group(2))
    if first is None or second is None or same_team(first, second):
        return None
    return Decimal(written.group(3)), written.group(1), written.group(2)
