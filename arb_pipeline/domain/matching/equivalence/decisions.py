"""A central bank's decision read as a move of its rate, against the yes/no event of that move.

"ECB decision on Apr 15: Cut" whose rules pay on a cut "by 25 bps or more" is a range of the rate's
change (-25 bps or lower, which on the 25 bps grid decisions are read on is any cut), and "ECB
cuts rates in April?" is an event whose words say a cut. Both pay exactly when the bank cuts: the
range is read as the event of its direction, and the two statements are then compared word for
word (the bank, the meeting, "emergency"...). A range of a stated size ("cut by 50 bps"), or an
event that says no direction or two, is neither and still differs.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from functools import partial

from arb_pipeline.domain.matching.propositions.lexicon.measures import RATE_CHANGE
from arb_pipeline.domain.matching.propositions.model import HAPPENS, Frame, Kind, Name, OutcomeTerm, Proposition, ValueRange

_DECREASE, _INCREASE, _HOLD = "decrease", "increase", "hold"
_DIRECTIONS = frozenset({_DECREASE, _INCREASE, _HOLD})


def _direction(selection: object, grid: Decimal | None) -> str | None:
    """The one direction a range of rate moves covers on its grid: every cut, every hike, or no
    change; None for a move of some sizes only."""
    if not isinstance(selection, ValueRange) or not grid:
        return None
    low, high = selection.grid_units(grid)
    if low is None and high == -1:
        return _DECREASE
    if high is None and low == 1:
        return _INCREASE
    if low == high == 0:
        return _HOLD
    return None


def decision_as_event(threshold: Proposition, event: Proposition) -> tuple[Proposition, str] | None:
    """``threshold``, a central bank's decision as a range of its rate's move, as the yes/no event
    of its direction when that is the one direction ``event``'s words say; None otherwise."""
    measure = threshold.measure
    if threshold.kind is not Kind.THRESHOLD or measure is None or measure.key != RATE_CHANGE \
            or event.kind is not Kind.EVENT or event.measure is not None or event.frame.negated:
        return None
    said = _DIRECTIONS & event.frame.words
    if len(said) != 1:
        return None
    grid = threshold.grid or measure.grid
    if threshold.outcomes:
        positive = [t for t in threshold.outcomes if not t.negated]
        direction = _direction(positive[0].selection, grid) if len(positive) == 1 and len(threshold.outcomes) == 2 else None
        outcomes = tuple(OutcomeTerm(t.name, t.token_id, HAPPENS, t.negated) for t in threshold.outcomes)
        converted = replace(threshold, kind=Kind.EVENT, selection=None, measure=None, outcomes=outcomes,
                            frame=_sizeless(threshold.frame))
    else:
        direction = _direction(threshold.selection, grid)
        converted = replace(threshold, kind=Kind.EVENT, selection=HAPPENS, measure=None, frame=_sizeless(threshold.frame))
    if direction is None or direction not in said:
        return None
    venue = "Polymarket" if threshold.outcomes else "Kalshi"
    return converted, f"{venue}'s range of rate moves is every {direction}: read as the event of it"


# The unit of a move's size: "decrease by 25+ bps", read as every cut, says no more than "cut".
_SIZE_WORDS = frozenset({"bps"})


def _sizeless(frame: Frame) -> Frame:
    return replace(frame, source=partial(_words_without_size, frame), _read=[])


def _words_without_size(frame: Frame) -> tuple[frozenset[str], tuple[Name, ...]]:
    return frame.words - _SIZE_WORDS, frame.names
