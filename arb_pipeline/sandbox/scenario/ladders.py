"""Order books of the simulated world: tick grids, quoting around a fair value, and the exact
level changes each move makes.

Both venues are modelled as two bid ladders in mills. Kalshi lists exactly that: YES bids and NO
bids (docs/venues.md#kalshi-order-books). A Polymarket binary is the same thing seen per token: a
bid on one outcome at p is an ask on the other at 1 - p, which is how the CLOB mirrors the two
tokens of a condition (docs/venues.md#polymarket-market-websocket), so "ladder 0" is outcome 0's
bids (and outcome 1's asks) and "ladder 1" outcome 1's bids (and outcome 0's asks).

Invariant every move keeps, for both ladders of a quoted book: every level is strictly below that
ladder's fair value, and the best level is at most :data:`MAX_GAP` mills below it. Hence best YES
bid < p < 1 - best NO bid (never crossed), and the spread stays within 4 cents.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum

from arb_pipeline.domain.books import LevelMap, LiveKalshiBook, LiveTokenBook
from arb_pipeline.domain.models import BookSide
from arb_pipeline.sandbox.scenario.formats import (
    KALSHI_PRICES,
    POLYMARKET_PRICES,
    hundredths_of,
    mills_of,
    size_of,
)
from arb_pipeline.sandbox.state import KalshiLevelChange, PolymarketLevelChange

MAX_GAP = 20  # mills between a ladder's fair value and its best level: spreads of 1-4 cents
MIN_LEVELS = 3
MAX_LEVELS = 10


class TickGrid(StrEnum):
    """Kalshi ``price_level_structure`` (docs/venues.md#kalshi-markets); Polymarket 0.01 is ``linear_cent``
    and 0.001 is ``deci_cent``."""

    LINEAR_CENT = "linear_cent"
    TAPERED_DECI_CENT = "tapered_deci_cent"
    DECI_CENT = "deci_cent"

    def tick_below(self, mills: int) -> int | None:
        """The highest valid price strictly below ``mills``, or None when nothing fits above 0."""
        candidate = mills - 1
        if candidate < 1:
            return None
        if self is TickGrid.DECI_CENT:
            return candidate
        if self is TickGrid.TAPERED_DECI_CENT and (candidate < 100 or candidate >= 900):
            return candidate
        below = candidate - candidate % 10
        return below if below >= 10 else None

    def price_ranges(self) -> list[dict[str, str]]:
        if self is TickGrid.LINEAR_CENT:
            return [{"start": "0.0000", "end": "1.0000", "step": "0.0100"}]
        if self is TickGrid.DECI_CENT:
            return [{"start": "0.0000", "end": "1.0000", "step": "0.0010"}]
        return [
            {"start": "0.0000", "end": "0.1000", "step": "0.0010"},
            {"start": "0.1000", "end": "0.9000", "step": "0.0100"},
            {"start": "0.9000", "end": "1.0000", "step": "0.0010"},
        ]


def random_size(rng: random.Random) -> int:
    """Log-uniform 10..5000 contracts, in hundredths: many small orders, a few large ones."""
    return int(10 * 500 ** rng.random()) * 100


def _below(rng: random.Random, count: int) -> int:
    """A uniform integer in [0, count): one call to the generator, where randint costs several
    (book building draws hundreds of thousands of these at size 50)."""
    return int(rng.random() * count)


class QuotedBook(ABC):
    """One market's two ladders, read and written in mills, recording every change."""

    grid: TickGrid

    @abstractmethod
    def ladder(self, index: int) -> LevelMap:
        """Ladder 0 holds outcome 0's bids (Kalshi YES), ladder 1 outcome 1's (Kalshi NO)."""

    @abstractmethod
    def set_level(self, index: int, mills: int, hundredths: int) -> None:
        """Set the resting size at one level (0 removes it) and record the venue's change."""

    @abstractmethod
    def stamp(self, moment: datetime) -> None:
        """Mark the book as updated by the venue at ``moment``."""

    @abstractmethod
    def _place(self, index: int, mills: int, hundredths: int) -> None:
        """Rest a new level without recording a change: only for quoting an empty book before
        anyone has seen it."""

    def levels(self, index: int) -> dict[int, int]:
        return {mills_of(price): hundredths_of(size) for price, size in self.ladder(index).levels.items()}

    def best(self, index: int) -> int | None:
        price = self.ladder(index).highest()
        return None if price is None else mills_of(price)

    def is_empty(self) -> bool:
        return not self.ladder(0).levels and not self.ladder(1).levels

    def clear(self) -> None:
        for index in (0, 1):
            for mills in sorted(self.levels(index)):
                self.set_level(index, mills, 0)

    def build(self, fair: int, rng: random.Random) -> None:
        """Quote an empty book around ``fair`` (mills of ladder 0's outcome), when the world is
        created: nobody has seen it yet, so no changes are recorded."""
        for index, own_fair in ((0, fair), (1, 1000 - fair)):
            self._build_ladder(index, own_fair, rng, MIN_LEVELS + _below(rng, MAX_LEVELS - MIN_LEVELS + 1))

    def _build_ladder(self, index: int, own_fair: int, rng: random.Random, depth: int) -> None:
        price = self.grid.tick_below(own_fair)
        if price is None:
            return
        # Step back a few ticks on fine grids (and at most one on the cent grid) so that books
        # differ in spread while the best stays within MAX_GAP of fair.
        for _ in range(_below(rng, 2 if self.grid is TickGrid.LINEAR_CENT else 9)):
            lower = self.grid.tick_below(price)
            if lower is None or own_fair - lower > MAX_GAP:
                break
            price = lower
        self._place(index, price, random_size(rng))
        for _ in range(depth - 1):
            deeper = self._deeper(price, rng)
            if deeper is None:
                break
            price = deeper
            self._place(index, price, random_size(rng))

    def _deeper(self, price: int, rng: random.Random) -> int | None:
        for _ in range(1 + _below(rng, 3)):
            lower = self.grid.tick_below(price)
            if lower is None:
                return None
            price = lower
        return price

    def requote(self, fair: int, rng: random.Random) -> None:
        """Move both ladders after fair value moved, touching as few levels as a market maker
        would: pull what would cross fair, re-join near fair, keep 3-10 levels."""
        for index, own_fair in ((0, fair), (1, 1000 - fair)):
            self._requote_ladder(index, own_fair, rng)

    def _requote_ladder(self, index: int, own_fair: int, rng: random.Random) -> None:
        for mills in sorted(m for m in self.levels(index) if m >= own_fair):
            self.set_level(index, mills, 0)
        best = self.best(index)
        if best is None or own_fair - best > MAX_GAP:
            price = self.grid.tick_below(own_fair)
            if price is None:
                return
            self.set_level(index, price, random_size(rng))
        self.trim(index)
        levels = self.levels(index)
        if len(levels) < MIN_LEVELS:
            deeper = self._deeper(min(levels), rng)
            if deeper is not None:
                self.set_level(index, deeper, random_size(rng))

    def touch_top(self, rng: random.Random) -> None:
        """An order joins or leaves at the best level of one ladder."""
        index = rng.randrange(2)
        if not self.ladder(index).levels:
            index = 1 - index
        best = self.best(index)
        if best is not None:
            self.set_level(index, best, resized(self.levels(index)[best], rng))

    def trim(self, index: int) -> None:
        """Drop the deepest levels beyond :data:`MAX_LEVELS`."""
        levels = sorted(self.levels(index))
        for mills in levels[: max(0, len(levels) - MAX_LEVELS)]:
            self.set_level(index, mills, 0)

    def jiggle(self, rng: random.Random) -> None:
        """A trader joins, cancels or resizes: one level's size changes, a deep level comes or
        goes. Prices never move toward fair here, so the invariant holds."""
        index = rng.randrange(2)
        levels = self.levels(index)
        if not levels:
            return
        roll = rng.random()
        if roll < 0.6:
            # Half of the resizes hit the best level: the top of a book is where most orders go.
            mills = max(levels) if rng.random() < 0.5 else rng.choice(sorted(levels))
            self.set_level(index, mills, resized(levels[mills], rng))
        elif roll < 0.8 and len(levels) < MAX_LEVELS:
            deeper = self._deeper(min(levels), rng)
            if deeper is not None:
                self.set_level(index, deeper, random_size(rng))
        elif len(levels) > MIN_LEVELS:
            self.set_level(index, min(levels), 0)


def resized(hundredths: int, rng: random.Random) -> int:
    """A positive size within a fifth of the old one (whole contracts)."""
    contracts = hundredths // 100
    step = 1 + _below(rng, max(1, contracts // 5))
    shrink = contracts > step and rng.random() < 0.5
    return (contracts - step if shrink else min(contracts + step, 9999)) * 100


class KalshiQuotedBook(QuotedBook):
    def __init__(self, book: LiveKalshiBook, grid: TickGrid, sink: Callable[[KalshiLevelChange], None]) -> None:
        self.book = book
        self.grid = grid
        self._sides = (book.yes, book.no)
        self._names = ("yes", "no")
        self._sink = sink

    def ladder(self, index: int) -> LevelMap:
        return self._sides[index]

    def set_level(self, index: int, mills: int, hundredths: int) -> None:
        price = KALSHI_PRICES[mills]
        ladder = self._sides[index]
        old = ladder.levels.get(price)
        new = size_of(hundredths)
        delta = new - (old if old is not None else 0)
        if not delta:
            return
        ladder.add(price, delta)
        self._sink(KalshiLevelChange(self.book.ticker, self._names[index], price, delta))

    def stamp(self, moment: datetime) -> None:
        self.book.venue_ts = moment
        self.book.received_ts = moment

    def _place(self, index: int, mills: int, hundredths: int) -> None:
        self._sides[index].set(KALSHI_PRICES[mills], size_of(hundredths))


class PolymarketQuotedBook(QuotedBook):
    def __init__(
        self,
        books: tuple[LiveTokenBook, LiveTokenBook],
        condition_id: str,
        grid: TickGrid,
        sink: Callable[[PolymarketLevelChange], None],
    ) -> None:
        self.books = books
        self.condition_id = condition_id
        self.grid = grid
        self._sink = sink

    def ladder(self, index: int) -> LevelMap:
        return self.books[index].bids

    def set_level(self, index: int, mills: int, hundredths: int) -> None:
        own, other = self.books[index], self.books[1 - index]
        price, mirrored = POLYMARKET_PRICES[mills], POLYMARKET_PRICES[1000 - mills]
        new = size_of(hundredths)
        if own.bids.levels.get(price, 0) == new:
            return
        own.bids.set(price, new)
        other.asks.set(mirrored, new)
        self._sink(PolymarketLevelChange(own.token_id, self.condition_id, BookSide.BID, price, new))
        self._sink(PolymarketLevelChange(other.token_id, self.condition_id, BookSide.ASK, mirrored, new))

    def stamp(self, moment: datetime) -> None:
        for book in self.books:
            book.venue_ts = moment
            book.received_ts = moment

    def _place(self, index: int, mills: int, hundredths: int) -> None:
        size = size_of(hundredths)
        self.books[index].bids.set(POLYMARKET_PRICES[mills], size)
        self.books[1 - index].asks.set(POLYMARKET_PRICES[1000 - mills], size)


def best_ask(book: QuotedBook, index: int) -> int | None:
    """Ask for outcome ``index`` in mills: 1 - the other ladder's best bid."""
    other = book.best(1 - index)
    return None if other is None else 1000 - other


def top_size(book: QuotedBook, index: int) -> int:
    best = book.best(index)
    return 0 if best is None else hundredths_of(book.ladder(index).levels[KALSHI_PRICES[best]])

