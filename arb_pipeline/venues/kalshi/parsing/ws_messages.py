"""Kalshi market-data WebSocket messages (docs/venues.md#kalshi-websocket) decoded from JSON objects
into book changes: NamedTuples, cheap to build on the hot path. Pure, so the stream's connection and
sequencing code (``kalshi.websocket``, ``kalshi.ws_books``) never changes when a decoder does.

Each decoder reads everything it needs from one message and raises on anything malformed
(:class:`WireFormatError`, or the KeyError/TypeError/ValueError of a missing or mistyped field)
before the stream changes a book; ``sid`` and ``seq`` are handed on as sent, for the stream to
check against its subscriptions. A delta's price and count are decoded to the book's integer
ticks and size units (``venues.wire.price_ticks_of``), everything else to Decimal
(``benchmarks/bench_ws.py`` measures the per-message path).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from arb_pipeline.domain.models import PriceLevel, TopOfBook
from arb_pipeline.venues.kalshi.parsing.books import parse_book_side
from arb_pipeline.venues.kalshi.parsing.markets import parse_top_of_book
from arb_pipeline.domain.books import MS_RANGE, TICKS_PER_DOLLAR, price_of, time_ns
from arb_pipeline.venues.wire import PRICE_TICKS, SIZE_UNITS, WireFormatError, parse_time, price_ticks_of, size_units_of, to_decimal

_HUNDRED = Decimal(100)


class DeltaMessage(NamedTuple):
    """``orderbook_delta``: the resting count at one price of one side changed by ``delta``; in
    ticks and size units, as the client's book holds them (domain.books)."""

    sid: Any
    seq: Any
    ticker: str
    side: str  # "yes" or "no"
    price: int
    delta: int
    venue_ns: int | None  # epoch nanoseconds


class SnapshotMessage(NamedTuple):
    """``orderbook_snapshot``: both sides' whole bid ladders, to replace what is held."""

    sid: Any
    seq: Any
    ticker: str
    yes: list[PriceLevel]
    no: list[PriceLevel]
    venue_ts: datetime | None


class TickerMessage(NamedTuple):
    """``ticker``: the YES top of book and last price; carries no seq."""

    ticker: str
    quote: TopOfBook
    venue_ts: datetime | None


class TradeMessage(NamedTuple):
    """``trade``: a fill; the book is unchanged. ``sequenced`` is False when the message carries
    no ``seq`` (and ``seq`` is then None)."""

    sid: Any
    seq: Any
    sequenced: bool
    ticker: str
    venue_ts: datetime | None


class FeeUpdateMessage(NamedTuple):
    """An event's fee override: None in a field means the series' own value applies again."""

    event_ticker: str
    fee_type: str | None
    multiplier: Decimal | None


def _dec(value: Any, where: str) -> Decimal:
    # Strings are the wire norm; a JSON number (a float after decoding) must go through repr,
    # never Decimal(float), or 0.96 becomes a different dict key than "0.96".
    return Decimal(value) if type(value) is str else to_decimal(value, where)


def venue_time(ts_ms: Any, ts: Any, where: str) -> datetime | None:
    """``ts_ms`` (epoch ms) else the deprecated ``ts`` (RFC3339 or epoch seconds)."""
    if type(ts_ms) is int:
        try:
            return datetime.fromtimestamp(ts_ms / 1000, tz=UTC)
        except (OverflowError, ValueError, OSError):
            raise WireFormatError(f"{where} field 'ts_ms'", f"epoch milliseconds out of range: {ts_ms!r}") from None
    if ts_ms is not None:
        return parse_time(ts_ms, f"{where} field 'ts_ms'")
    if ts is not None and ts != "":
        return parse_time(ts, f"{where} field 'ts'")
    return None


def venue_ns(ts_ms: Any, ts: Any, where: str) -> int | None:
    """:func:`venue_time` in epoch nanoseconds, with no datetime made for the usual ``ts_ms``."""
    if type(ts_ms) is int:
        if ts_ms not in MS_RANGE:
            raise WireFormatError(f"{where} field 'ts_ms'", f"epoch milliseconds out of range: {ts_ms!r}")
        return ts_ms * 1_000_000
    return time_ns(venue_time(ts_ms, ts, where))


_DELTA_WHERE = "kalshi ws orderbook_delta"
_new_tuple = tuple.__new__


def decode_delta(message: dict[str, Any]) -> DeltaMessage:
    msg = message["msg"]
    ticker = msg["market_ticker"]
    if type(ticker) is not str:
        # Refused here, before the stream takes the message's seq: a delta lost after its seq
        # was taken would leave the gap unseen.
        raise WireFormatError(f"{_DELTA_WHERE} field 'market_ticker'", f"expected a string, got {ticker!r}")
    side = msg["side"]
    get = msg.get
    # Current deltas carry price_dollars/delta_fp strings; legacy ones cent ints price/delta
    # (docs/venues.md#kalshi-websocket). The book takes ticks and size units (docs/venues.md#book-units).
    price_dollars = get("price_dollars")
    price = PRICE_TICKS.get(price_dollars)
    if price is None:
        price = price_ticks_of(price_dollars, _DELTA_WHERE) if price_dollars else price_ticks_of(_dec(msg["price"], _DELTA_WHERE) / _HUNDRED, _DELTA_WHERE)
    delta_fp = get("delta_fp")
    delta = SIZE_UNITS.get(delta_fp)
    if delta is None:
        delta = size_units_of(delta_fp if delta_fp is not None else msg["delta"], _DELTA_WHERE)
    if not 0 < price < TICKS_PER_DOLLAR:
        raise WireFormatError(f"{_DELTA_WHERE} {ticker}", f"price {price_of(price)} out of range")
    if side != "yes" and side != "no":
        raise WireFormatError(f"{_DELTA_WHERE} {ticker} field 'side'", f"expected yes or no, got {side!r}")
    ts_ms = get("ts_ms")
    # The usual epoch milliseconds inline; any other form through venue_ns.
    venue = ts_ms * 1_000_000 if type(ts_ms) is int and ts_ms in MS_RANGE else venue_ns(ts_ms, get("ts"), _DELTA_WHERE)
    # tuple.__new__ builds the NamedTuple without its Python-level __new__ (one call less a message).
    return _new_tuple(DeltaMessage, (message.get("sid"), message.get("seq"), ticker, side, price, delta, venue))


def decode_snapshot(message: dict[str, Any]) -> SnapshotMessage:
    msg = message["msg"]
    ticker = msg["market_ticker"]
    where = "kalshi ws orderbook_snapshot"
    # An absent side is an empty side (Kalshi's AsyncAPI schema).
    yes = parse_book_side(msg, "yes", ticker, where)
    no = parse_book_side(msg, "no", ticker, where)
    venue_ts = venue_time(msg.get("ts_ms"), msg.get("ts"), where)
    return SnapshotMessage(message.get("sid"), message.get("seq"), ticker, yes, no, venue_ts)


def decode_ticker(message: dict[str, Any]) -> TickerMessage:
    msg = message["msg"]
    ticker = msg["market_ticker"]
    where = f"kalshi ws ticker {ticker}"
    # Current fields are dollar strings; a 2026 production capture still had cent ints, with
    # price 0 and price_dollars "" (docs/venues.md#kalshi-websocket).
    quote = parse_top_of_book(msg, where, last_keys=("price_dollars", "price"))
    return TickerMessage(ticker, quote, venue_time(msg.get("ts_ms"), msg.get("ts"), where))


def decode_trade(message: dict[str, Any]) -> TradeMessage:
    msg = message["msg"]
    ticker = msg["market_ticker"]
    venue_ts = venue_time(msg.get("ts_ms"), msg.get("ts"), "kalshi ws trade")
    return TradeMessage(message.get("sid"), message.get("seq"), "seq" in message, ticker, venue_ts)


def decode_fee_update(message: dict[str, Any]) -> FeeUpdateMessage:
    """``event_fee_update`` on ``market_lifecycle_v2`` (docs/venues.md#kalshi-fees): the event's
    ``fee_type_override`` and ``fee_multiplier_override``, each null when cleared."""
    msg = message["msg"]
    event_ticker = msg["event_ticker"]
    where = f"kalshi ws event_fee_update {event_ticker}"
    if type(event_ticker) is not str or not event_ticker:
        raise WireFormatError("kalshi ws event_fee_update field 'event_ticker'", f"expected text, got {event_ticker!r}")
    fee_type = msg.get("fee_type_override")
    if fee_type is not None and type(fee_type) is not str:
        raise WireFormatError(f"{where} field 'fee_type_override'", f"expected text or null, got {fee_type!r}")
    raw = msg.get("fee_multiplier_override")
    multiplier = None if raw is None else _dec(raw, f"{where} field 'fee_multiplier_override'")
    if multiplier is not None and not (multiplier.is_finite() and multiplier >= 0):
        raise WireFormatError(f"{where} field 'fee_multiplier_override'", f"expected a multiplier >= 0, got {raw!r}")
    return FeeUpdateMessage(event_ticker, fee_type, multiplier)
