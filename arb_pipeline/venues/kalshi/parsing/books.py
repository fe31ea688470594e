"""Kalshi order books (``GET /markets/{ticker}/orderbook`` and the batch ``GET
/markets/orderbooks``) into domain models. Pure: no I/O. Book sides are read here for the
WebSocket snapshots too (docs/venues.md#kalshi-order-books, #kalshi-websocket).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from arb_pipeline.domain.models import ONE, ZERO, KalshiOrderBook, PriceLevel
from arb_pipeline.venues.kalshi.parsing.fields import required_text
from arb_pipeline.venues.records import RecordProblem, kalshi_book_terms, merge_copies, parse_records, scratch
from arb_pipeline.venues.wire import WireFormatError, cents_to_dollars, json_array, json_object, to_decimal


def _book_levels(levels: Any, ticker: str, side_key: str, in_cents: bool, where: str) -> list[PriceLevel]:
    if levels is None:
        return []
    where = f"{where} {ticker} field {side_key!r}"
    parsed = []
    for i, level in enumerate(json_array(levels, where)):
        if not isinstance(level, (list, tuple)) or len(level) < 2:
            raise WireFormatError(f"{where}[{i}]", f"expected [price, count], got {level!r}")
        price = cents_to_dollars(level[0], f"{where}[{i}] price") if in_cents else to_decimal(level[0], f"{where}[{i}] price")
        if not ZERO < price < ONE:
            raise WireFormatError(f"{where}[{i}]", f"bid price {price} is outside (0, 1) dollars")
        size = to_decimal(level[1], f"{where}[{i}] count")
        if size < 0:
            raise WireFormatError(f"{where}[{i}]", f"negative count {size}")
        parsed.append(PriceLevel(price, size))
    return parsed


def parse_book_side(book: Mapping[str, Any], side: str, ticker: str, where: str) -> list[PriceLevel]:
    """One side's bid levels from a REST book or a WS ``orderbook_snapshot`` msg. Keys, current
    first: ``<side>_dollars_fp`` (WS), ``<side>_dollars`` (REST ``orderbook_fp``; legacy with int
    counts), ``<side>`` (legacy cents). An empty side is absent or null
    (docs/venues.md#kalshi-order-books, #kalshi-websocket)."""
    for key, in_cents in ((f"{side}_dollars_fp", False), (f"{side}_dollars", False), (side, True)):
        levels = book.get(key)
        if levels is not None:
            return _book_levels(levels, ticker, key, in_cents=in_cents, where=where)
    return []


def parse_orderbook(
    body: Any,
    ticker: str,
    received_ts: datetime,
    *,
    where: str = "kalshi GET /markets/{ticker}/orderbook",
    venue_ts: datetime | None = None,
) -> KalshiOrderBook:
    """``{"orderbook_fp": {...}}`` (current) or ``{"orderbook": {...}}`` (legacy). Bids only;
    levels come ascending (best LAST) but are never trusted for order: KalshiOrderBook sorts."""
    body = json_object(body, f"{where} {ticker}")
    if body.get("orderbook_fp") is not None:
        book = json_object(body["orderbook_fp"], f"{where} {ticker} field 'orderbook_fp'")
    elif body.get("orderbook") is not None:
        book = json_object(body["orderbook"], f"{where} {ticker} field 'orderbook'")
    else:
        raise WireFormatError(f"{where} {ticker}", "neither 'orderbook_fp' nor 'orderbook' in the body")
    return KalshiOrderBook.from_levels(
        ticker,
        parse_book_side(book, "yes", ticker, where),
        parse_book_side(book, "no", ticker, where),
        received_ts=received_ts,
        venue_ts=venue_ts,
    )


def parse_batch_orderbook_list(
    body: Any,
    received_ts: datetime,
    *,
    where: str = "kalshi GET /markets/orderbooks",
    problems: list[RecordProblem] | None = None,
) -> list[KalshiOrderBook]:
    """Every book of ``{"orderbooks": [{"ticker": ..., "orderbook_fp": {...}}, ...]}`` in order,
    duplicates included, for a caller that merges several batches. With ``problems``, a malformed
    book is listed there and skipped; without, it raises."""
    items = json_array(json_object(body, where).get("orderbooks") or [], f"{where} field 'orderbooks'")

    def one(item: Any, at: str) -> KalshiOrderBook:
        ticker = required_text(json_object(item, at), "ticker", at)
        return parse_orderbook(item, ticker, received_ts, where=at)

    return parse_records(items, f"{where} orderbooks", one, problems, kind="book", id_keys=("ticker",))


def parse_batch_orderbooks(
    answers: Iterable[tuple[Any, datetime, str]], problems: list[RecordProblem] | None = None
) -> dict[str, KalshiOrderBook]:
    """The books of the batch answers ``(body, received_ts, where)`` by ticker, read in order. A
    ticker answered twice with different levels, in one answer or two, is a conflict, never
    last-wins: with ``problems`` it is listed there and left out (as is a malformed book, and any
    other copy of it); without, either raises."""
    found = scratch(problems)
    copies = (
        (book, where)
        for body, received_ts, where in answers
        for book in parse_batch_orderbook_list(body, received_ts, where=where, problems=found)
    )
    return merge_copies("kalshi book", lambda b: b.ticker, kalshi_book_terms, copies, found, problems, "book")
