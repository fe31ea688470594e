"""Polymarket CLOB order books (``GET /book``, ``POST /books``) into domain models. Pure: no I/O.

Prices, sizes and levels are read here for the WebSocket messages too
(docs/venues.md#polymarket-clob-books, #polymarket-market-websocket). Every failure raises
:class:`WireFormatError` naming the token id and the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from arb_pipeline.domain.books import TICKS_PER_DOLLAR
from arb_pipeline.domain.models import ONE, ZERO, OrderBook, PriceLevel
from arb_pipeline.venues.polymarket.constants import VENUE
from arb_pipeline.venues.polymarket.parsing.fields import identifier
from arb_pipeline.venues.records import RecordProblem, merge_copies, parse_records, scratch, token_book_terms
from arb_pipeline.venues.wire import (
    WireFormatError,
    json_object,
    optional_decimal_field,
    optional_text,
    optional_time_field,
    price_ticks_of,
    require,
    size_units_of,
    to_decimal,
)


# Price strings come from a small vocabulary (ticks of 0.01 or 0.001), so converting each once
# and reusing the Decimal saves the string conversion that dominates book work
# (``benchmarks/bench_ws.py`` measures it).
# Bounded so a venue sending garbage cannot grow it without limit.
KNOWN_PRICES: dict[str, Decimal] = {}
_PRICE_CACHE_MAX = 50_000


def parse_price(value: Any, where: str) -> Decimal:
    """A probability price in dollars: "0.45", ".48" (no leading zero,
    docs/venues.md#polymarket-market-websocket) or a JSON number; must lie in [0, 1]."""
    if type(value) is str:
        cached = KNOWN_PRICES.get(value)
        if cached is not None:
            return cached
    price = to_decimal(value, where)
    if price < ZERO or price > ONE:
        raise WireFormatError(where, f"price {value!r} is outside 0..1")
    if type(value) is str and len(KNOWN_PRICES) < _PRICE_CACHE_MAX:
        KNOWN_PRICES[value] = price
    return price


def parse_price_ticks(value: Any, where: str) -> int:
    """A probability price (as :func:`parse_price` reads it) in ticks of $0.0001: a live book's
    unit (docs/venues.md#book-units); a price off that grid raises, never rounded."""
    ticks = price_ticks_of(value, where)
    if not 0 <= ticks <= TICKS_PER_DOLLAR:
        raise WireFormatError(where, f"price {value!r} is outside 0..1")
    return ticks


def parse_size_units(value: Any, where: str) -> int:
    """A size in millionths, a live book's unit (docs/venues.md#book-units)."""
    units = size_units_of(value, where)
    if units < 0:
        raise WireFormatError(where, f"size {value!r} is negative")
    return units


def parse_size(value: Any, where: str) -> Decimal:
    size = to_decimal(value, where)
    if size < ZERO:
        raise WireFormatError(where, f"size {value!r} is negative")
    return size


def parse_levels(value: Any, where: str) -> list[PriceLevel]:
    """``[{"price": "0.45", "size": "100"}, ...]`` in whatever order the venue sent (bids ascending
    and asks descending on the CLOB, best LAST, docs/venues.md#polymarket-clob-books). Order is
    kept; callers take max/min, never position."""
    if value is None:
        return []
    if type(value) is not list:
        raise WireFormatError(where, f"expected a list of price levels, got {type(value).__name__}")
    levels = []
    append = levels.append
    cache = KNOWN_PRICES
    for index, level in enumerate(value):
        # Fast path for the usual level (a price seen before, a plain size string) that builds
        # no error text; anything else goes through the checked path, which names the field.
        try:
            price = cache[level["price"]]
            size_text = level["size"]
            if type(size_text) is str:
                size = Decimal(size_text)
                if size.is_finite() and size >= ZERO:
                    append(PriceLevel(price, size))
                    continue
        except (KeyError, TypeError, ArithmeticError):
            pass
        append(_checked_level(level, f"{where}[{index}]"))
    return levels


def _checked_level(level: Any, where: str) -> PriceLevel:
    if not isinstance(level, dict):
        raise WireFormatError(where, f"expected a {{price, size}} object, got {level!r}")
    try:
        price, size = level["price"], level["size"]
    except KeyError as exc:
        raise WireFormatError(where, f"missing field {exc.args[0]!r}") from None
    return PriceLevel(parse_price(price, f"{where}.price"), parse_size(size, f"{where}.size"))


def parse_book(raw: Any, *, received_ts: datetime, where: str = "polymarket clob /book") -> OrderBook:
    """A CLOB book object (``GET /book``, or one element of ``POST /books``). ``market`` is the
    condition id and ``asset_id`` the token id; ``timestamp`` is epoch ms as a string (one doc
    example shows ISO, and parse_time takes both); ``last_trade_price`` may be "", null or
    missing and is not part of the book."""
    raw = json_object(raw, where)
    token_id = identifier(require(raw, "asset_id", where), f"{where} field 'asset_id'")
    at = f"{where} token {token_id}"
    market = raw.get("market")
    return OrderBook.from_levels(
        VENUE,
        token_id,
        parse_levels(raw.get("bids"), f"{at} field 'bids'"),
        parse_levels(raw.get("asks"), f"{at} field 'asks'"),
        received_ts=received_ts,
        venue_ts=optional_time_field(raw, "timestamp", at),
        market_id=identifier(market, f"{at} field 'market'") if market else None,
        tick_size=optional_decimal_field(raw, "tick_size", at),
        min_order_size=optional_decimal_field(raw, "min_order_size", at),
        book_hash=optional_text(raw, "hash", at),
    )


def parse_books(
    answers: Iterable[tuple[Any, datetime, str]], problems: list[RecordProblem] | None = None
) -> dict[str, OrderBook]:
    """The books of the ``POST /books`` answers ``(body, received_ts, where)`` by token id, read
    in order. With ``problems``, a malformed book is listed there and skipped, and a token
    answered twice with different levels, in one answer or two, is left out; without, either
    raises."""
    found = scratch(problems)
    copies = ((book, where) for body, received_ts, where in answers for book in parse_book_list(body, received_ts, where, found))
    return merge_copies("polymarket book", lambda b: b.instrument_id, token_book_terms, copies, found, problems, "book")


def parse_book_list(body: Any, received_ts: datetime, where: str, problems: list[RecordProblem] | None) -> list[OrderBook]:
    """Every book of one ``POST /books`` answer (an array of book objects) in order, duplicates
    included, for a caller that merges several answers. With ``problems``, a malformed book is
    listed there and skipped; an answer that is not an array raises either way."""
    if not isinstance(body, list):
        raise WireFormatError(where, f"expected a JSON array of books, got {type(body).__name__}")
    return parse_records(
        body, where, lambda raw, at: parse_book(raw, received_ts=received_ts, where=at), problems, kind="book", id_keys=("asset_id",)
    )
