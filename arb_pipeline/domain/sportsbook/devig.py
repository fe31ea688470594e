"""Removing the vig: one sportsbook's prices on one game turned into fair probabilities.

A book quoting decimal odds d_i implies the probabilities 1/d_i, which add up to more than 1: the
excess (the overround) is the book's margin. The multiplicative (also called proportional, or
basic normalization) method scales every implied probability by the same factor:

    fair_i = (1/d_i) / Σ_j (1/d_j)

Why this method: it needs nothing but the book's own prices (no fitted parameter), it is the
same formula for a two-way moneyline and a three-way soccer result with a draw, and it is the
convention sportsbook-consensus tools use, so its numbers can be compared with theirs. Its known
bias: books load more of their margin onto longshots, and spreading the margin in proportion
leaves a longshot's fair probability slightly high and a favourite's slightly low. The profile's
minimum edge is the cushion against that; a method that models the longshot bias (power, Shin)
would be a drop-in replacement of :func:`devig_multiplicative`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from arb_pipeline.domain.fees import QUOTIENT
from arb_pipeline.domain.models import ONE, SportsEvent

#: The Odds API names a soccer draw "Draw" (the third h2h outcome).
DRAW = "Draw"
H2H = "h2h"


def _check_odds(decimal_odds: Decimal) -> Fraction:
    if not decimal_odds.is_finite() or not decimal_odds > ONE:
        raise ValueError(f"decimal odds {decimal_odds} must be above 1")
    return 1 / Fraction(decimal_odds)


def _decimal(value: Fraction) -> Decimal:
    # Probabilities are quotients: computed exactly as fractions, rounded once, here.
    return QUOTIENT.divide(Decimal(value.numerator), Decimal(value.denominator))


def implied_probability(decimal_odds: Decimal) -> Decimal:
    """1 / decimal odds: what the price says the outcome's chance is, margin included."""
    return _decimal(_check_odds(decimal_odds))


def overround(odds: Collection[Decimal]) -> Decimal:
    """The book's margin: Σ 1/d − 1 (0.0476 for -110 / -110)."""
    return _decimal(sum((_check_odds(price) for price in odds), Fraction(0)) - 1)


def devig_exact(odds: Mapping[str, Decimal]) -> dict[str, Fraction]:
    """Fair probability of each outcome, exactly: its implied probability over the sum of all of
    them. ``odds`` must hold every outcome of the market (both teams, and the draw where there is
    one); a partial market would be normalized to 1 over the wrong set."""
    if len(odds) < 2:
        raise ValueError(f"a market needs at least two outcomes to remove the vig, got {sorted(odds)}")
    implied = {outcome: _check_odds(price) for outcome, price in odds.items()}
    total = sum(implied.values(), Fraction(0))
    return {outcome: probability / total for outcome, probability in implied.items()}


def devig_multiplicative(odds: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """:func:`devig_exact` rounded to 28 significant digits."""
    return {outcome: _decimal(probability) for outcome, probability in devig_exact(odds).items()}


def mean_probability(probabilities: Collection[Fraction]) -> Decimal:
    """The mean of exact probabilities, rounded once."""
    return _decimal(sum(probabilities, Fraction(0)) / len(probabilities))


@dataclass(frozen=True, slots=True)
class BookLine:
    """One sportsbook's moneyline on one game: its decimal odds per outcome, the fair
    probabilities after removing its margin, and that margin."""

    bookmaker: str
    odds: Mapping[str, Decimal]
    exact: Mapping[str, Fraction]
    overround: Decimal
    last_update: datetime | None

    @property
    def fair(self) -> dict[str, Decimal]:
        return {outcome: _decimal(probability) for outcome, probability in self.exact.items()}

    def exact_for(self, outcomes: Collection[str]) -> Fraction:
        """The fair probability that one of ``outcomes`` happens (a Kalshi NO pays on every
        outcome but one: the other team, and the draw where there is one)."""
        return sum((self.exact[outcome] for outcome in outcomes), Fraction(0))

    def fair_for(self, outcomes: Collection[str]) -> Decimal:
        return _decimal(self.exact_for(outcomes))


def game_outcomes(event: SportsEvent, three_way: bool) -> frozenset[str]:
    """The outcomes a moneyline on ``event`` must price: both teams, and the draw in a three-way
    market (soccer)."""
    outcomes = {event.home_team, event.away_team}
    if three_way:
        outcomes.add(DRAW)
    return frozenset(outcomes)


def book_lines(
    event: SportsEvent,
    bookmakers: Collection[str],
    *,
    three_way: bool,
    now: datetime | None = None,
    max_age: timedelta | None = None,
    market_key: str = H2H,
) -> tuple[dict[str, BookLine], dict[str, str]]:
    """Each of ``bookmakers``' de-vigged line on ``event``, and (by bookmaker) why the others have none: no
    price, an outcome missing or extra (a two-way price on a three-way game is another market),
    an outcome priced twice, odds not above 1, or a price older than ``max_age`` at ``now``."""
    expected = game_outcomes(event, three_way)
    lines: dict[str, BookLine] = {}
    problems: dict[str, str] = {}
    for bookmaker in bookmakers:
        prices = [p for p in event.prices if p.bookmaker == bookmaker and p.market_key == market_key]
        where = f"{bookmaker} {market_key} on {event.away_team} at {event.home_team}"
        if not prices:
            problems[bookmaker] = f"{where}: no price"
            continue
        names = [p.outcome_name for p in prices]
        if len(set(names)) != len(names):
            problems[bookmaker] = f"{where}: an outcome priced twice ({', '.join(sorted(names))})"
            continue
        if set(names) != expected:
            problems[bookmaker] = f"{where}: prices {', '.join(sorted(names))}, expected {', '.join(sorted(expected))}"
            continue
        if any(p.decimal_odds <= ONE for p in prices):
            problems[bookmaker] = f"{where}: decimal odds must be above 1"
            continue
        updated = max((p.last_update for p in prices if p.last_update is not None), default=None)
        if max_age is not None and now is not None and (updated is None or now - updated > max_age):
            age = "unknown" if updated is None else f"{(now - updated).total_seconds():.0f} s"
            problems[bookmaker] = f"{where}: stale price (age {age} > {max_age.total_seconds():.0f} s)"
            continue
        odds = {p.outcome_name: p.decimal_odds for p in prices}
        lines[bookmaker] = BookLine(bookmaker, odds, devig_exact(odds), overround(odds.values()), updated)
    return lines, problems
