"""The questions of one side against another, as Polymarket and Kalshi titles ask them: "Will A
beat B?", "Will A lose to B?", "Will India win the 1st Test against Australia?", "Will Arsenal FC
win on 2027-01-16?"; which side they pay on, the two teams they or their rules name, and whether
the two sides are people or named in a question that dates their meeting.

Apart from games.py, which turns a market into a game or a line: these read only a title's or
the rules' words, and both the Kalshi and the Polymarket reader there ask them.
"""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.game_questions import WILL_DRAW
from arb_pipeline.domain.matching.propositions.head_to_head import AHEAD
from arb_pipeline.domain.matching.propositions.reading import Reading
from arb_pipeline.domain.matching.propositions.sports import team_key
from arb_pipeline.domain.matching.propositions.text import ascii_letters, fold_short

# The questions of one side against another, read by contest_sides.
# A trailing day or event ("on March 3", "in 2027", "at UFC 330") is when the contest is, not a side.
# Finishing ahead of the other in one event is beating him there.
WILL_WIN = re.compile(r"^will (?:the )?(.+?) (?:win|beat|defeat|win against|win over|" + AHEAD + r")(?: (?:the )?(.+?))?"
                      r"(?: on .+?| in .+?| at (?=[^?]*\d).+?| at (?:the )?[a-z][a-z' -]*)?\??$")
_WILL_LOSE = re.compile(r"^will (?:the )?(.+?) (?:lose to|lose against) (?:the )?(.+?)(?: on .+?| in .+?)?\??$")
# "Will India win the 1st Test against Australia?": a side winning a contest named by its noun
# against the other side.
WILL_WIN_NAMED = re.compile(r"^will (?:the )?(.+?) win (?:the |their )?(?:\d+(?:st|nd|rd|th) )?"
                            r"(?:test|match|game|final|semi-?final|quarter-?final|odi|t20i?|bout|fight)\b"
                            r" (?:against|vs\.?|v\.?|over) (?:the )?(.+?)(?: on .+?| in .+?)?\??$")


def contest_sides(title: str) -> tuple[str, str | None] | None:
    """(the side a "Will A beat B?" question pays on, the other side): "Will the Nuggets lose to
    the Mavericks?" pays on the Mavericks."""
    named = WILL_WIN_NAMED.match(title)
    if named is not None:
        return named.group(1), named.group(2)
    beats = WILL_WIN.match(title)
    if beats is not None:
        return beats.group(1), beats.group(2)
    loses = _WILL_LOSE.match(title)
    return (loses.group(2), loses.group(1)) if loses is not None else None
_BETWEEN_TEAMS = re.compile(r"\bbetween (.+?) and (.+?)(?:,|:|\.|$)")


# What a side wins that is no opponent: a season or a year ("in 2027"), a day ("on March 3").
DATED = re.compile(r"(?:on|in)\b")

# "Will Arsenal FC win on 2027-01-16?" under an event "Arsenal FC vs. Chelsea FC": one side of the
# game played that day.
WIN_ON_DAY = re.compile(r"^will (?:the )?.+? win on (?:20\d\d-\d\d-\d\d|[a-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?(?:,? 20\d\d)?)\??$")


def named_teams(reading: Reading, league: str | None) -> tuple[str, ...]:
    """The two teams a game market's question or rules name: "Will A vs. B end in a draw?",
    "between Manchester City FC and Liverpool FC", "Will the Warriors beat the Lakers?"."""
    for text, pattern in ((reading.title, WILL_DRAW), (reading.title, WILL_WIN), (reading.title, _WILL_LOSE),
                          (reading.rules[:400], _BETWEEN_TEAMS)):
        match = pattern.search(text) if text else None
        if match and match.group(2) and not DATED.match(match.group(2)):
            first, second = team_key(league, match.group(1)), team_key(league, match.group(2))
            if first and second and first != second:
                return (first, second)
    return ()


def side_on_its_day(reading: Reading, league: str | None, contest: tuple[str, str | None] | None) -> tuple[str, ...]:
    """"Will Arsenal FC win on 2026-12-26?" whose rules name "the upcoming EPL game" and no event
    names the opponent: the one side, whose game of its league that day is the game (a club plays
    one league game a day). No league, no side: a side alone is no game of any day."""
    if league is None or contest is None or (contest[1] and not DATED.match(contest[1])) \
            or WIN_ON_DAY.match(reading.title) is None:
        return ()
    key = team_key(league, contest[0])
    return (key,) if key else ()


def named_sides_on_a_day(reading: Reading, contest: tuple[str, str | None], *, ahead: bool = False) -> bool:
    """"Will France beat England in the Six Nations on March 13?": two sides written capitalised
    in a question that names the day they meet, or whose rules name their match and its day, so
    the question is their game. ``ahead``: one finishes ahead of the other, which only a contest
    says: two capitalised sides are enough, the day comes from the venues' fields."""
    sides = [side for side in contest if side]
    if len(sides) != 2:
        return False
    raw = ascii_letters(reading.raw_title)
    for side in sides:
        found = re.search(r"\b" + r"\W+".join(re.escape(word) for word in side.split()) + r"\b", raw, re.IGNORECASE)
        if found is None or not all(word[:1].isupper() for word in found.group(0).split()):
            return False
    if ahead:
        return True
    mentions = dates.date_mentions(reading.title, reading.reference)
    if any(m.kind == "day" for m in mentions):
        return True
    # "Six Nations: Will France beat England?" whose rules name the match and its day.
    rules = reading.rules[:400]
    return _CONTEST_NOUN.search(rules) is not None and any(
        m.kind == "day" for m in dates.date_mentions(rules, reading.reference))


_CONTEST_NOUN = re.compile(r"\b(?:match|game|test|fight|bout|grand prix)\b")


_PERSON = re.compile(r"[A-Z][a-z'’.-]+(?: [A-Z][a-z'’.-]+){1,3}")


def two_people(raw_title: str, contest: tuple[str, str | None]) -> bool:
    """"Will Oleksandr Usyk beat Daniel Dubois?": both sides are people's full names, written
    capitalised in the question, so the question is a bout between them."""
    sides = [side for side in contest if side]
    return len(sides) == 2 and all(
        any(fold_short(found) == side for found in _PERSON.findall(raw_title.removeprefix("Will ")))
        for side in sides)
