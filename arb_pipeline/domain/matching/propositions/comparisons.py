"""Two named entities compared on one measure: "Will Golden Hours have more Spotify streams than
Velvet Sky this week?", "Will Apple's market cap exceed Microsoft's on Dec 31?", "Apple bigger than
Microsoft at year end?", and the same contest with its two sides as outcomes ("Golden Hours vs
Velvet Sky: most streamed on Spotify this week?", outcomes Golden Hours / Velvet Sky).

A comparison is read as its two sides and the side that comes out ahead when YES pays ("A fewer
than B" is "B more than A": both are strict, a tie is NO in either form), on top of the general
reading of the rest (the measure's words, the chart, the date). Its sides are names, so it is no
game of a league: the two readings never meet as games, and a game never as a comparison. A side
named twice the same way, or one the question does not name, makes no comparison."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial

from arb_pipeline.domain.matching.propositions.frames import canonical
from arb_pipeline.domain.matching.propositions.model import Frame, Kind, Name, OutcomeTerm, Proposition
from arb_pipeline.domain.matching.propositions.names import name_key, name_kind, same_name
from arb_pipeline.domain.matching.propositions.outcomes import yes_no
from arb_pipeline.domain.models import Market, Venue

COMPARISON = "comparison"

# A side: a run of capitalised words (a figure never starts one: "more than 40%" is a threshold),
# its possessive taken off after.
_SIDE = r"(?:the\s+)?([A-Z][\w&.'\u2019-]*(?:\s+(?:[A-Z0-9][\w&.'\u2019-]*|of|the|and|de|&))*)"
_AHEAD = ("more", "higher", "greater", "bigger", "larger", "exceed", "exceeds", "surpass", "surpasses", "outsell",
          "outsells", "outgross", "outgrosses", "above")
_BEHIND = ("fewer", "less", "lower", "smaller", "below")
_FIRST_SIDE = re.compile(r"^(?:[Ww]ill\s+)?" + _SIDE)
# The second side follows "than", or a verb that says "more than" on its own ("exceed Microsoft's").
_SECOND_SIDE = re.compile(r"\b(?:than|exceeds?|surpass(?:es)?|outsells?|outgross(?:es)?)\s+" + _SIDE)
_COMPARATIVE = re.compile(r"\b(" + "|".join(_AHEAD + _BEHIND) + r")\b", re.IGNORECASE)
# "A vs. B: most streamed on Spotify this week?"
_VERSUS = re.compile(r"^\s*(.+?)\s+(?:vs\.?|v\.?|versus)\s+(.+?)\s*[:\-\u2013\u2014]\s*(.+)$", re.IGNORECASE)
# "Which song will have more streams this week: A or B?"
_WHICH = re.compile(r"^\s*(?:which|who)\b(.+?)[:,]\s*(.+?)\s+or\s+(.+?)\s*\??$", re.IGNORECASE)
_MOST = re.compile(r"\b(?:most|more|highest|higher|largest|larger|biggest|bigger|greatest|greater)\b", re.IGNORECASE)
_NEGATED = re.compile(r"\bnot\b|n['\u2019]t\b|\bno\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['\u2019]s?$")
# Words that only say how the two sides are compared: not what is measured.
COMPARING_WORDS = frozenset(canonical(w) for w in (
    *_AHEAD, *_BEHIND, "most", "highest", "largest", "biggest", "greatest", "fewest", "least", "lowest", "smallest",
    "than", "vs", "versus", "have", "has", "get", "gets", "be", "which", "who", "top"))


def _side(raw: str) -> str:
    side = _POSSESSIVE.sub("", raw.strip().rstrip("?.:,"))
    # A side ends where the question's date or place begins ("Microsoft at year end").
    return re.split(r"\s+(?:on|by|in|at|this|during|for|before|through|as|end|after)\b", side, maxsplit=1)[0].strip()


def _name(label: str) -> Name:
    key = name_key(label)
    return Name(key, label, name_kind(key))


def yes_no_comparison(market: Market, title: str) -> tuple[Name, Name, Name] | None:
    """(first side, second side, the side YES says is ahead) of a yes/no comparison's title."""
    if " than " not in title and "xceed" not in title and "urpass" not in title and "outs" not in title \
            and "outg" not in title:
        return None
    if _NEGATED.search(title):
        return None
    comparatives = {m.group(1).lower() for m in _COMPARATIVE.finditer(title)}
    if not comparatives or (comparatives & set(_AHEAD) and comparatives & set(_BEHIND)):
        return None
    first, second = _FIRST_SIDE.match(title), _SECOND_SIDE.search(title)
    if first is None or second is None or yes_no(market) is None:
        return None
    a, b = _side(first.group(1)), _side(second.group(1))
    if not a or not b or name_key(a) == name_key(b) or not name_key(a) or not name_key(b):
        return None
    # The comparative comes between the two sides: "Will Apple's market cap exceed Microsoft's".
    at = _COMPARATIVE.search(title, first.end(1))
    if at is None or at.start() > second.end(1):
        return None
    side_a, side_b = _name(a), _name(b)
    ahead = side_b if comparatives <= set(_BEHIND) else side_a
    return side_a, side_b, ahead


def versus_comparison(market: Market, title: str) -> tuple[Name, Name, Name | None] | None:
    """The two sides of "A vs. B: most ...?" (or "Which ... more ...: A or B?"), and the side a Kalshi market's YES names (None for a
    Polymarket market, whose two outcomes must be the two sides)."""
    found = _VERSUS.match(title) if " v" in title else None
    if found is not None:
        first, second, measured = found.group(1), found.group(2), found.group(3)
    else:
        found = _WHICH.match(title) if " or " in title else None
        if found is None:
            return None
        measured, first, second = found.group(1), found.group(2), found.group(3)
    if _MOST.search(measured) is None or _NEGATED.search(measured):
        return None
    a, b = _name(_side(first)), _name(_side(second))
    if not a.key or not b.key or same_name(a, b):
        return None
    if market.venue is Venue.KALSHI:
        named = _name(market.subtitle or "")
        ahead = next((side for side in (a, b) if named.key and same_name(named, side)), None)
        return (a, b, ahead) if ahead is not None else None
    if len(market.outcomes) != 2 or yes_no(market) is not None:
        return None
    outcomes = [_name(o.name) for o in market.outcomes]
    if not all(any(same_name(o, side) for side in (a, b)) for o in outcomes) \
            or same_name(outcomes[0], outcomes[1]):
        return None
    return a, b, None


def _given(parts: tuple[frozenset[str], tuple[Name, ...]]) -> tuple[frozenset[str], tuple[Name, ...]]:
    return parts


def as_comparison(base: Proposition, market: Market, sides: tuple[Name, Name], ahead: Name | None) -> Proposition:
    """The general reading ``base`` as a comparison of ``sides``: its names without the sides, its
    words without the comparing ones; YES (or each named outcome) pays on the side ahead."""
    sides_words = frozenset(canonical(w) for side in sides for w in side.words)
    words = frozenset(w for w in base.frame.words if w not in COMPARING_WORDS and w not in sides_words)
    names = tuple(n for n in base.frame.names if not any(same_name(n, side) for side in sides))
    # Sources that pickle (no lambdas): a reading may be sent from another process (reading_pool.py).
    frame = Frame(axes=base.frame.axes, context_source=partial(getattr, base.frame, "context"), negated=False,
                  source=partial(_given, (words, names)), rules_source=partial(getattr, base.frame, "rules"),
                  rules_names_source=partial(getattr, base.frame, "rules_names"))
    if ahead is None:
        outcomes = tuple(OutcomeTerm(o.name, o.token_id, next(s for s in sides if same_name(_name(o.name), s)))
                         for o in market.outcomes)
    elif market.venue is Venue.POLYMARKET:
        positions = yes_no(market)
        assert positions is not None
        outcomes = tuple(OutcomeTerm(o.name, o.token_id, ahead, negated=index != positions[0])
                         for index, o in enumerate(market.outcomes))
    else:
        outcomes = ()
    # The sides are kept as blocking keeps a game's sides known only by name ("name:..."): they meet
    # on their first and last words ("Nvidia" / "Nvidia Corp").
    return replace(base, kind=Kind.CHOICE, topic=COMPARISON, frame=frame, teams=tuple(f"name:{s.key}" for s in sides),
                   selection=ahead if market.venue is Venue.KALSHI else None, outcomes=outcomes)
