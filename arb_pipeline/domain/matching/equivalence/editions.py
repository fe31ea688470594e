"""An annual event named by its ordinal edition on one venue ("84th Golden Globes", "the 99th
Oscars") and by its year on the other ("Golden Globes 2027", "the 2027 Oscars"). The ordinal
states no date, and the year no ordinal: the two are one edition when the market of the ordinal
states no date of its own, both close within a day of each other, and that close falls in the
other market's year, the year in which the edition took place. A ceremony whose first year is known
(the Academy Awards, the Grammys) has each edition's year from it, and no other."""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.propositions.model import Proposition
from arb_pipeline.domain.matching.propositions.names import mentioned

# Ceremonies and games numbered by edition, with the year before their first: the 99th Academy
# Awards are held in 1928 + 99 = 2027.
_EDITIONS = (
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) (?:annual )?(?:academy awards?|oscars?)\b"), 1928),
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) (?:annual )?grammy(?: awards?|s)?\b"), 1958),
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) (?:annual )?(?:primetime )?emmy(?: awards?|s)?\b"), 1948),
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) (?:annual )?golden globe(?: awards?|s)?\b"), 1943),
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) (?:annual )?(?:bafta|british academy film awards?)\b"), 1947),
)


def edition_of_year(number: str, p: Proposition) -> bool:
    """Whether ``number`` is the edition of a numbered ceremony the market names, held in the year
    the market's own date states."""
    year = p.when.last_day.year if p.when.last_day else None
    if year is None or not number.isdigit():
        return False
    return any(match.group(1) == number and first + int(number) == year
               for pattern, first in _EDITIONS for match in pattern.finditer(p.frame.context))


# An ordinal in figures, right before the words it numbers.
_ORDINAL = re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) ")


def close_together(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Both markets close within a day of each other."""
    k_close, p_close = kalshi.close_eastern, polymarket.close_eastern
    return k_close is not None and p_close is not None and abs((k_close - p_close).total_seconds()) <= 86400


def edition_of_the_year(own: Proposition, other: Proposition) -> str | None:
    """The ordinal ("99th") ``own`` numbers an event by when ``other`` names the same event by the
    year ``own`` closes in, else None. The ordinal must number a name both markets write ("99th
    Oscars"), not any noun ("the 20th sanctions package" is no edition of a yearly event)."""
    if own.when.stated or not other.when.stated or own.close_eastern is None or not close_together(own, other):
        return None
    start, end = other.when.start, other.when.end
    if start is None or end is None or start.year != end.year or not start <= own.close_eastern.date() <= end:
        return None
    for found in _ORDINAL.finditer(own.frame.context):
        if _known_year(own.frame.context, found.start()) not in (None, start.year):
            # The 80th BAFTAs were held in 2027: no edition of 2028, however the markets close.
            continue
        after = own.frame.context[found.end():]
        for name in own.frame.names:
            # A name's key may be its canonical form ("ampas" for the Oscars): the texts write its label.
            written = name.label.lower()
            if after.startswith(written) and (mentioned(name, other.frame.context) or written in other.frame.context) \
                    and _ordinals_of(written, other.frame.context) <= {found.group(1)}:
                return found.group(0).strip()
    return None


def drop_edition(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """The number of an edition one statement says ("99" of "99th Oscars") where the other market
    names that edition by its year: no number the other market "never uses"."""
    for own, market, other in ((k_only, kalshi, polymarket), (p_only, polymarket, kalshi)):
        if not any(w[0].isdigit() for w in own):
            continue
        edition = edition_of_the_year(market, other)
        number = edition[:-2] if edition else None
        if number in own:
            own.remove(number)


def _ordinals_of(written: str, context: str) -> set[str]:
    """The ordinals a market's texts number a name by."""
    return {found.group(1) for found in _ORDINAL.finditer(context) if context.startswith(written, found.end())}


def _known_year(context: str, at: int) -> int | None:
    """The year of the edition of a ceremony whose first year is known, written at ``at``."""
    for pattern, first in _EDITIONS:
        match = pattern.match(context, at)
        if match is not None:
            return first + int(match.group(1))
    return None
