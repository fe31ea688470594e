"""What the simulated world will reveal, and which markets pay on it.

Every market in the sandbox pays on a :class:`Predicate` over one :class:`Quantity`: a game's
winner, the Fed's upper bound after a meeting, a city's daily high, BTC at 5pm. Two markets on
the same quantity settle the same way exactly when their predicates cover the same outcomes (or
complementary ones), so the ground-truth pairs are computed from the predicates, never asserted by
hand, and a hard negative is provably not a pair.

Probabilities here are the world's latent beliefs, used to place quotes; they are floats because
nothing ever trades at them. Every price a venue shows is built from integer mills (tenths of a
cent) in :mod:`.ladders`.
"""

from __future__ import annotations

import math
import random
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal


@dataclass(frozen=True, slots=True)
class Predicate:
    """An inclusive range of outcome indices; ``None`` is unbounded. Categorical quantities list
    their outcomes so that every market on them is a range (a party is the run of its
    candidates)."""

    low: int | None = None
    high: int | None = None

    def holds(self, outcome: int) -> bool:
        return (self.low is None or outcome >= self.low) and (self.high is None or outcome <= self.high)


class Quantity(ABC):
    """Something the world reveals at ``resolves_at``; outcomes are integers in
    ``[first, last]``."""

    first: int
    last: int

    def __init__(self, key: str, resolves_at: datetime) -> None:
        self.key = key
        self.resolves_at = resolves_at
        self.outcome: int | None = None

    @abstractmethod
    def probability(self, predicate: Predicate) -> float:
        """Chance that the outcome falls in the predicate's range."""

    @abstractmethod
    def drift(self, rng: random.Random) -> None:
        """Move the belief a little: news, flow, time passing."""

    @abstractmethod
    def draw(self, rng: random.Random) -> int:
        """Pick the outcome the world reveals."""

    def realize(self, rng: random.Random) -> int:
        if self.outcome is None:
            self.outcome = self.draw(rng)
        return self.outcome

    def clamp(self, predicate: Predicate) -> tuple[int, int]:
        low = self.first if predicate.low is None else max(predicate.low, self.first)
        high = self.last if predicate.high is None else min(predicate.high, self.last)
        return low, high

    def same_settlement(self, a: Predicate, b: Predicate) -> bool:
        low, high = self.clamp(a)
        return low <= high and (low, high) == self.clamp(b)

    def complementary(self, a: Predicate, b: Predicate) -> bool:
        (a_low, a_high), (b_low, b_high) = sorted([self.clamp(a), self.clamp(b)])
        return (a_low == self.first and a_low <= a_high and a_high + 1 == b_low and b_low <= b_high
                and b_high == self.last)


class Categorical(Quantity):
    """One of a list of outcomes: a game's winner (away, home), a nominee, the Fed's new upper
    bound."""

    def __init__(self, key: str, resolves_at: datetime, weights: list[float]) -> None:
        super().__init__(key, resolves_at)
        total = sum(weights)
        self.weights = [w / total for w in weights]
        self.first, self.last = 0, len(weights) - 1

    def probability(self, predicate: Predicate) -> float:
        low, high = self.clamp(predicate)
        return sum(self.weights[low : high + 1])

    def drift(self, rng: random.Random) -> None:
        index = rng.randrange(len(self.weights))
        self.weights[index] *= math.exp(rng.gauss(0.0, 0.04))
        total = sum(self.weights)
        self.weights = [w / total for w in self.weights]

    def draw(self, rng: random.Random) -> int:
        return rng.choices(range(len(self.weights)), weights=self.weights)[0]


class Measured(Quantity):
    """A number published to a fixed precision (CPI to 0.1 %, a high temperature to 1 °F, a
    price to the cent). Outcome ``k`` means the published value ``k * unit``."""

    def __init__(
        self, key: str, resolves_at: datetime, *, mean: float, sd: float, unit: Decimal, span_sd: float = 10.0
    ) -> None:
        super().__init__(key, resolves_at)
        self.unit = unit
        self.mean = mean / float(unit)
        self.sd = sd / float(unit)
        self.first = math.floor(self.mean - span_sd * self.sd)
        self.last = math.ceil(self.mean + span_sd * self.sd)

    def _cdf(self, x: float) -> float:
        return 0.5 * (1.0 + math.erf((x - self.mean) / (self.sd * math.sqrt(2.0))))

    def probability(self, predicate: Predicate) -> float:
        low, high = self.clamp(predicate)
        if low > high:
            return 0.0
        upper = 1.0 if high == self.last else self._cdf(high + 0.5)
        lower = 0.0 if low == self.first else self._cdf(low - 0.5)
        return max(0.0, upper - lower)

    def drift(self, rng: random.Random) -> None:
        self.mean += rng.gauss(0.0, self.sd * 0.01)

    def draw(self, rng: random.Random) -> int:
        return min(self.last, max(self.first, round(rng.gauss(self.mean, self.sd))))

    # Wire strikes to outcome ranges. A strict "above X" on a value published in units of u
    # starts at the first unit past X; "at least X" starts at X itself. That is the trap between
    # Kalshi's strict "above 3.0%" and Polymarket's inclusive "at least 3.0%": a release of
    # exactly 3.0 pays one and not the other.
    def _units(self, value: Decimal, rounding: str) -> int:
        return int((value / self.unit).to_integral_value(rounding=rounding))

    def above(self, value: Decimal) -> Predicate:
        return Predicate(low=self._units(value, ROUND_FLOOR) + 1)

    def at_least(self, value: Decimal) -> Predicate:
        return Predicate(low=self._units(value, ROUND_CEILING))

    def below(self, value: Decimal) -> Predicate:
        return Predicate(high=self._units(value, ROUND_CEILING) - 1)

    def between(self, low: Decimal, high: Decimal) -> Predicate:
        return Predicate(low=self._units(low, ROUND_CEILING), high=self._units(high, ROUND_FLOOR))


class Parlay(Quantity):
    """A Kalshi multivariate combo: pays when every leg's side comes true. Legs are quantities of
    other markets, so it resolves after the last of them."""

    def __init__(self, key: str, legs: list[tuple[Quantity, Predicate, bool]]) -> None:
        super().__init__(key, max(leg.resolves_at for leg, _, _ in legs))
        self.legs = legs
        self.first, self.last = 0, 1

    def probability(self, predicate: Predicate) -> float:
        chance = 1.0
        for quantity, leg, wants_yes in self.legs:
            p = quantity.probability(leg)
            chance *= p if wants_yes else 1.0 - p
        return chance if predicate.holds(1) else 1.0 - chance

    def drift(self, rng: random.Random) -> None:
        """Its price moves with its legs; nothing of its own drifts."""

    def draw(self, rng: random.Random) -> int:
        hit = all(leg.holds(quantity.realize(rng)) == wants_yes for quantity, leg, wants_yes in self.legs)
        return 1 if hit else 0


PAYS_ON_ONE = Predicate(low=1, high=1)


class GameMargin(Measured):
    """Home points minus away points. It reveals after the game's winner and agrees with it, so
    a spread market never settles against the moneyline of the same game."""

    def __init__(self, key: str, resolves_at: datetime, *, winner: Categorical, mean: float, sd: float) -> None:
        super().__init__(key, resolves_at, mean=mean, sd=sd, unit=Decimal(1))
        self.winner = winner

    def draw(self, rng: random.Random) -> int:
        magnitude = max(1, abs(super().draw(rng)))
        return magnitude if self.winner.realize(rng) == 1 else -magnitude
