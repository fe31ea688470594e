"""A count of none or of at least one, against the yes/no event of the counted thing.

"How many times will the central bank cut rates in 2027?" with the YES side "0 cuts" pays exactly
when "Will no rate cuts happen in 2027?" does, and exactly when "Rate cut in 2027?" does not: a
count of 0 is "no X", and "X in YEAR?" is a count of at least one. A count of at least N is the
event a question states with that same least number ("How many Grand Slam titles will she win in
2029?" with "2 or more", against "to win at least two majors in 2029?"): its number stays a word
of the statement. Any other count (exactly one, two or more against an event naming no such
number) is no yes/no event and still differs from it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from arb_pipeline.domain.matching.propositions.model import HAPPENS, Kind, OutcomeTerm, Proposition, ValueRange

_NONE, _SOME = "none", "some"


def _none_or_some(selection: object) -> str | None:
    """Whether a range of a count is "none" (exactly 0) or "at least one" (1 or more, above 0)."""
    if not isinstance(selection, ValueRange) or selection.low is None:
        return None
    low, high = selection.low, selection.high
    if high is not None:
        zero = low.value == high.value == Decimal(0) and low.inclusive and high.inclusive
        return _NONE if zero else None
    if (low.value == 1 and low.inclusive) or (low.value == 0 and not low.inclusive):
        return _SOME
    return None


_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


def _at_least(selection: object) -> int | None:
    """The least whole number a range of a count starts at ("2 or more", "more than 1"), 2 or more."""
    if not isinstance(selection, ValueRange) or selection.low is None or selection.high is not None:
        return None
    low = selection.low.value if selection.low.inclusive else selection.low.value + 1
    return int(low) if low == low.to_integral_value() and low >= 2 else None


def _states_at_least(event: Proposition, least: int) -> bool:
    """Whether the event's question asks for at least that number ("at least two", "2 or more")."""
    number = rf"(?:{least}|{_NUMBER_WORDS.get(least, least)})"
    return re.search(rf"\bat least {number}\b|\b{number} or more\b|\b{least}\+", event.frame.context) is not None


def count_as_event(p: Proposition, event: Proposition | None = None) -> tuple[Proposition, str] | None:
    """A count market with no known measure, unit or topic whose YES is none or at least one (or at
    least the number ``event``, the other market, asks for), as the event of what it counts
    (negated for none), with the reason; None for any other market."""
    if p.kind is not Kind.THRESHOLD or p.topic or p.measure is not None or p.unit:
        return None
    least = _at_least(p.selection) if not p.outcomes else None
    if least is not None and event is not None and _states_at_least(event, least):
        words, names = p.frame.words | {str(least)}, p.frame.names
        frame = replace(p.frame, source=lambda: (words, names), _read=[])
        converted = replace(p, kind=Kind.EVENT, selection=HAPPENS, frame=frame)
        return converted, f"Kalshi counts at least {least}, as the other market's question does"
    if p.outcomes:
        positive = [t for t in p.outcomes if not t.negated]
        state = _none_or_some(positive[0].selection) if len(positive) == 1 and len(p.outcomes) == 2 else None
        if state is None:
            return None
        outcomes = tuple(OutcomeTerm(t.name, t.token_id, HAPPENS, t.negated) for t in p.outcomes)
        converted = replace(p, kind=Kind.EVENT, selection=None, outcomes=outcomes)
    else:
        state = _none_or_some(p.selection)
        if state is None:
            return None
        converted = replace(p, kind=Kind.EVENT, selection=HAPPENS)
    if state == _NONE:
        converted = replace(converted, frame=replace(p.frame, negated=not p.frame.negated))
    venue = "Kalshi" if not p.outcomes else "Polymarket"
    what = "none" if state == _NONE else "at least one"
    return converted, f"{venue} counts {what}: read as whether the counted event happens"
