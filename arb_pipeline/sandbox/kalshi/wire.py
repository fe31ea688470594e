"""How Kalshi spells market data, in the current wire format (docs/venues.md#kalshi): dollar
strings with four decimals, ``_fp`` counts with two, bids only with the best level LAST, and the
error body every Kalshi endpoint answers with.
"""

from __future__ import annotations

import functools
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from http import HTTPStatus
from typing import Any

import orjson
from aiohttp import web

from arb_pipeline.domain.books import LevelMap, LiveKalshiBook
from arb_pipeline.sandbox.http import json_response
from arb_pipeline.sandbox.state import KalshiLevelChange

VENUE_ROOT = "/kalshi"
REST_BASE = "/kalshi/trade-api/v2"
WS_PATH = "/kalshi/trade-api/ws/v2"

#: sid, seq and the pre-encoded msg go into a delta without encoding it again per subscriber.
DELTA_FRAME = b'{"type":"orderbook_delta","sid":%d,"seq":%d,"msg":%s}'

_FOUR_PLACES = Decimal("0.0001")
_TWO_PLACES = Decimal("0.01")


def dollars(price: Decimal) -> str:
    """FixedPointDollars: four decimals ("0.4200"), more only for subpenny prices."""
    rounded = price.quantize(_FOUR_PLACES)
    return str(rounded) if rounded == price else format(price, "f")


def count_fp(size: Decimal) -> str:
    """FixedPointCount: two decimals ("13.00"); fractional contracts exist."""
    rounded = size.quantize(_TWO_PLACES)
    return str(rounded) if rounded == size else format(size, "f")


def ladder(levels: LevelMap, depth: int = 0) -> list[list[str]]:
    """One side as Kalshi sends it: ascending by price, so the best bid is LAST
    (docs/venues.md#kalshi-order-books); ``depth`` > 0 keeps that many best levels."""
    prices = sorted(levels.levels)
    if depth:
        prices = prices[-depth:]
    return [[dollars(price), count_fp(levels.levels[price])] for price in prices]


@functools.lru_cache(maxsize=64)
def utc_seconds(now_ms: int) -> str:
    """A message time as Kalshi writes it: ISO 8601 to the second, with a Z. Cached: every
    message of a burst or a step carries the same time."""
    return datetime.fromtimestamp(now_ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@functools.cache
def market_id_for(ticker: str) -> str:
    """Kalshi messages carry a market UUID next to the ticker; the sandbox derives a stable one."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kalshi-sandbox:{ticker}"))


def is_parlay(market: dict[str, Any]) -> bool:
    """Multivariate (parlay) markets: KXMVE... tickers carrying ``mve_selected_legs``
    (docs/venues.md#kalshi-markets)."""
    return bool(market.get("mve_selected_legs")) or str(market.get("ticker", "")).startswith("KXMVE")


def error_response(status: int, message: str) -> web.Response:
    """Kalshi's error body, ``{"error":{"code":"not_found","message":"..."}}``
    (docs/venues.md#kalshi-pagination-and-rate-limits)."""
    try:
        code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        code = "error"
    return json_response({"error": {"code": code, "message": message}}, status)


@dataclass(frozen=True, slots=True)
class TopOfBook:
    yes_bid: Decimal | None
    yes_bid_size: Decimal
    yes_ask: Decimal | None
    yes_ask_size: Decimal


def top_of_book(book: LiveKalshiBook) -> TopOfBook:
    yes = book.yes.levels
    no = book.no.levels
    best_yes = book.yes.highest()
    best_no = book.no.highest()
    return TopOfBook(
        yes_bid=best_yes,
        yes_bid_size=yes[best_yes] if best_yes is not None else Decimal(0),
        # A NO bid at p is a YES ask at 1 - p (docs/venues.md#kalshi-order-books).
        yes_ask=1 - best_no if best_no is not None else None,
        yes_ask_size=no[best_no] if best_no is not None else Decimal(0),
    )


def delta_msg(change: KalshiLevelChange, now_ms: int) -> bytes:
    """The ``msg`` of an ``orderbook_delta``, encoded once for every subscriber."""
    return orjson.dumps(
        {
            "market_ticker": change.ticker,
            "market_id": market_id_for(change.ticker),
            "price_dollars": dollars(change.price),
            "delta_fp": count_fp(change.delta),
            "side": change.side,
            "ts": utc_seconds(now_ms),
            "ts_ms": now_ms,
        }
    )
