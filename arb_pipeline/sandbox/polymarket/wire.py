"""How Polymarket spells books and numbers (docs/venues.md#polymarket): plain decimal strings,
bids ascending and asks descending so both bests come LAST, a book hash in place of sequence
numbers, and the ``{"error": ...}`` body.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from aiohttp import web

from arb_pipeline.domain.books import LevelMap, LiveTokenBook
from arb_pipeline.domain.models import BookSide
from arb_pipeline.sandbox.http import json_response
from arb_pipeline.venues.wire import to_decimal

VENUE_ROOT = "/polymarket"
GAMMA_BASE = "/polymarket/gamma"
CLOB_BASE = "/polymarket/clob"
WS_PATH = "/polymarket/ws/market"


def wire_number(value: Decimal) -> str:
    """Polymarket's plain decimal strings: "0.45", "100", "219.217767"."""
    return format(value.normalize(), "f")


def error_response(status: int, message: str) -> web.Response:
    """Polymarket's error body, ``{"error": "..."}``."""
    return json_response({"error": message}, status)


@dataclass(frozen=True, slots=True)
class Top:
    best_bid: Decimal | None
    bid_size: Decimal
    best_ask: Decimal | None
    ask_size: Decimal
    tick_size: Decimal | None


def top_of_book(book: LiveTokenBook) -> Top:
    bids, asks = book.bids.levels, book.asks.levels
    best_bid = book.bids.highest()
    best_ask = book.asks.lowest()
    return Top(
        best_bid,
        bids[best_bid] if best_bid is not None else Decimal(0),
        best_ask,
        asks[best_ask] if best_ask is not None else Decimal(0),
        book.tick_size,
    )


def book_side(levels: LevelMap, side: BookSide) -> list[dict[str, str]]:
    """Bids ascending, asks descending: both bests LAST, as the CLOB sends them
    (docs/venues.md#polymarket-clob-books)."""
    prices = sorted(levels.levels, reverse=side is BookSide.ASK)
    return [{"price": wire_number(price), "size": wire_number(levels.levels[price])} for price in prices]


def book_hash(token_id: str, version: int) -> str:
    """Changes with every book state (there is no seq number to go by,
    docs/venues.md#polymarket-market-websocket); the REST book and the stream give the same hash
    for the same state."""
    return hashlib.sha1(f"{token_id}:{version}".encode()).hexdigest()


def price_change(condition_id: str, entries: list[dict[str, Any]], timestamp: str) -> dict[str, Any]:
    return {"event_type": "price_change", "market": condition_id, "timestamp": timestamp, "price_changes": entries}


def market_tick(market: dict[str, Any]) -> Decimal:
    """A Gamma market's price increment, for a book that has not been given its own."""
    return to_decimal(market.get("orderPriceMinTickSize", "0.01"), "orderPriceMinTickSize")
