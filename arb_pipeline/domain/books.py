"""Mutable books for streaming updates (WebSocket clients, the sandbox), and their frozen views.

A level map is a dict keyed by Decimal price: O(1) updates, and the best price is taken with
max/min when asked rather than trusting any wire order (docs/venues.md#kalshi-order-books,
#polymarket-clob-books).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from arb_pipeline.domain.models import (
    ONE,
    BookSide,
    KalshiOrderBook,
    OrderBook,
    PriceLevel,
    Venue,
)


class LevelMap:
    """One side of a book: price -> resting size. Sizes at or below zero remove the level."""

    __slots__ = ("levels",)

    def __init__(self, levels: Iterable[PriceLevel] = ()) -> None:
        self.levels: dict[Decimal, Decimal] = {}
        self.replace(levels)

    def replace(self, levels: Iterable[PriceLevel]) -> None:
        self.levels.clear()
        for level in levels:
            if level.size > 0:
                self.levels[level.price] = self.levels.get(level.price, Decimal(0)) + level.size

    def set(self, price: Decimal, size: Decimal) -> None:
        """Absolute size at a level (Polymarket ``price_change.size``,
        docs/venues.md#polymarket-market-websocket)."""
        if size > 0:
            self.levels[price] = size
        else:
            self.levels.pop(price, None)

    def add(self, price: Decimal, delta: Decimal) -> Decimal:
        """Signed change at a level (Kalshi ``orderbook_delta``, docs/venues.md#kalshi-websocket);
        returns the new size (0 when the level is gone)."""
        size = self.levels.get(price, Decimal(0)) + delta
        if size > 0:
            self.levels[price] = size
            return size
        self.levels.pop(price, None)
        return Decimal(0)

    def best(self, side: BookSide) -> PriceLevel | None:
        if not self.levels:
            return None
        price = max(self.levels) if side is BookSide.BID else min(self.levels)
        return PriceLevel(price, self.levels[price])

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
        asks = self.asks.levels
        return min(asks) if asks else None

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
        bids = self.side("no" if side == "yes" else "yes").levels
        return ONE - max(bids) if bids else None

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
