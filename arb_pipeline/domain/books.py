"""Mutable books for streaming updates (WebSocket clients, the sandbox), and their frozen views.

A level map is a dict keyed by Decimal price: O(1) updates. The best price is never taken from
any wire order (docs/venues.md#kalshi-order-books, #polymarket-clob-books): each map keeps its
highest and lowest price as levels come and go, and finds them again with max/min only after the
one it held was removed (or the map was replaced), so a change away from the top costs no walk
of the ladder.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from arb_pipeline.domain.models import (
    ONE,
    ZERO,
    BookSide,
    KalshiOrderBook,
    OrderBook,
    PriceLevel,
    Venue,
)


class LevelMap:
    """One side of a book: price -> resting size. Sizes at or below zero remove the level.

    ``levels`` is read freely; it is changed only through :meth:`replace`, :meth:`set` and
    :meth:`add`, which keep the highest and lowest price (None in ``_high``/``_low`` means "not
    known", found again when asked)."""

    __slots__ = ("levels", "_high", "_low")

    def __init__(self, levels: Iterable[PriceLevel] = ()) -> None:
        self.levels: dict[Decimal, Decimal] = {}
        self._high: Decimal | None = None
        self._low: Decimal | None = None
        self.replace(levels)

    def replace(self, levels: Iterable[PriceLevel]) -> None:
        held = self.levels
        held.clear()
        for level in levels:
            if level.size > 0:
                held[level.price] = held.get(level.price, ZERO) + level.size
        self._high = self._low = None

    def _placed(self, price: Decimal) -> None:
        high = self._high
        if high is not None and price > high:
            self._high = price
        low = self._low
        if low is not None and price < low:
            self._low = price

    def _removed(self, price: Decimal) -> None:
        if price == self._high:
            self._high = None
        if price == self._low:
            self._low = None

    def set(self, price: Decimal, size: Decimal) -> None:
        """Absolute size at a level (Polymarket ``price_change.size``,
        docs/venues.md#polymarket-market-websocket)."""
        if size > 0:
            self.levels[price] = size
            self._placed(price)
        elif self.levels.pop(price, None) is not None:
            self._removed(price)

    def add(self, price: Decimal, delta: Decimal) -> Decimal:
        """Signed change at a level (Kalshi ``orderbook_delta``, docs/venues.md#kalshi-websocket);
        returns the new size (0 when the level is gone)."""
        levels = self.levels
        size = levels.get(price, ZERO) + delta
        if size > 0:
            levels[price] = size
            self._placed(price)
            return size
        if levels.pop(price, None) is not None:
            self._removed(price)
        return ZERO

    def highest(self) -> Decimal | None:
        """The highest price with resting size (a bid side's best), or None when empty."""
        high = self._high
        if high is None and self.levels:
            high = self._high = max(self.levels)
        return high

    def lowest(self) -> Decimal | None:
        """The lowest price with resting size (an ask side's best), or None when empty."""
        low = self._low
        if low is None and self.levels:
            low = self._low = min(self.levels)
        return low

    def best(self, side: BookSide) -> PriceLevel | None:
        price = self.highest() if side is BookSide.BID else self.lowest()
        return None if price is None else PriceLevel(price, self.levels[price])

    def to_levels(self) -> list[PriceLevel]:
        return [PriceLevel(price, size) for price, size in self.levels.items()]

    def __len__(self) -> int:
        return len(self.levels)


class LiveTokenBook:
    """A Polymarket outcome token's book as a stream keeps it."""

    __slots__ = ("token_id", "market_id", "bids", "asks", "venue_ts", "received_ts", "tick_size", "book_hash")

    def __init__(self, token_id: str, market_id: str | None = None) -> None:
        self.token_id = token_id
        self.market_id = market_id
        self.bids = LevelMap()
        self.asks = LevelMap()
        self.venue_ts: datetime | None = None
        self.received_ts: datetime | None = None
        self.tick_size: Decimal | None = None
        self.book_hash: str | None = None

    def side(self, side: BookSide) -> LevelMap:
        return self.bids if side is BookSide.BID else self.asks

    def best_ask(self) -> Decimal | None:
        return self.asks.lowest()

    def to_order_book(self) -> OrderBook:
        if self.received_ts is None:
            raise ValueError(f"book for token {self.token_id} has not received any data yet")
        return OrderBook.from_levels(
            Venue.POLYMARKET,
            self.token_id,
            self.bids.to_levels(),
            self.asks.to_levels(),
            received_ts=self.received_ts,
            venue_ts=self.venue_ts,
            market_id=self.market_id,
            tick_size=self.tick_size,
            book_hash=self.book_hash,
        )


class LiveKalshiBook:
    """A Kalshi market's YES and NO bid ladders as a stream keeps them."""

    __slots__ = ("ticker", "yes", "no", "venue_ts", "received_ts")

    def __init__(self, ticker: str) -> None:
        self.ticker = ticker
        self.yes = LevelMap()
        self.no = LevelMap()
        self.venue_ts: datetime | None = None
        self.received_ts: datetime | None = None

    def side(self, side: str) -> LevelMap:
        if side == "yes":
            return self.yes
        if side == "no":
            return self.no
        raise ValueError(f"Kalshi book side must be 'yes' or 'no', got {side!r}")

    def best_ask(self, side: str) -> Decimal | None:
        """The best ask to buy ``side``: a YES ask is a NO bid at 1 - p, and a NO ask a YES bid
        (docs/venues.md#kalshi-order-books)."""
        bid = self.side("no" if side == "yes" else "yes").highest()
        return None if bid is None else ONE - bid

    def to_order_book(self) -> KalshiOrderBook:
        if self.received_ts is None:
            raise ValueError(f"book for {self.ticker} has not received any data yet")
        return KalshiOrderBook.from_levels(
            self.ticker,
            self.yes.to_levels(),
            self.no.to_levels(),
            received_ts=self.received_ts,
            venue_ts=self.venue_ts,
        )
