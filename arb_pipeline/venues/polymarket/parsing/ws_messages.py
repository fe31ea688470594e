"""Polymarket market-WebSocket messages (docs/venues.md#polymarket-market-websocket), decoded from
JSON objects into NamedTuples: cheap to build on the hot path, and pure, so the stream's connection
code (``polymarket.websocket``) never changes when a decoder does.

:func:`parse_market_message` decodes one message of any kind; each kind has its own function.
A message lacking a field its kind requires raises :class:`WireFormatError` naming the token and
the field; the stream counts and skips it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from arb_pipeline.domain.books import MS_RANGE, TICKS_PER_DOLLAR, time_ns
from arb_pipeline.domain.models import BookSide, PriceLevel
from arb_pipeline.venues.polymarket.parsing.clob import parse_levels, parse_price, parse_price_ticks, parse_size_units
from arb_pipeline.venues.polymarket.parsing.fields import identifier
from arb_pipeline.venues.wire import (
    WireFormatError,
    json_list,
    json_object,
    optional_decimal,
    optional_text,
    epoch_time,
    parse_time,
    PRICE_TICKS,
    SIZE_UNITS,
    price_ticks_of,
    require,
    size_units_of,
    to_decimal,
)


_new_tuple = tuple.__new__

#: A wire side (either case) as the book side it changes.
SIDES = {"BUY": BookSide.BID, "SELL": BookSide.ASK, "buy": BookSide.BID, "sell": BookSide.ASK}


class BookMessage(NamedTuple):
    """``book``: the token's whole book, to replace what is held."""

    token_id: str
    market_id: str | None
    bids: list[PriceLevel]
    asks: list[PriceLevel]
    venue_ts: datetime | None
    book_hash: str | None
    tick_size: Decimal | None


class LevelChange(NamedTuple):
    """One level's new absolute size (``"0"`` removes it); BUY is a bid level, SELL an ask. In
    ticks and size units, as the client's book holds them (domain.books)."""

    token_id: str
    side: BookSide
    price: int
    size: int
    book_hash: str | None


class PriceChangeMessage(NamedTuple):
    market_id: str | None
    changes: tuple[LevelChange, ...]
    venue_ns: int | None  # epoch nanoseconds: the hot path makes no datetime


class TickSizeChangeMessage(NamedTuple):
    token_id: str
    market_id: str | None
    old_tick_size: Decimal | None
    new_tick_size: Decimal
    venue_ts: datetime | None


class LastTradeMessage(NamedTuple):
    token_id: str
    market_id: str | None
    price: Decimal
    size: Decimal | None
    taker_side: str | None  # "BUY" or "SELL", as the venue reports the aggressor
    fee_rate_bps: Decimal | None
    venue_ts: datetime | None


class BestBidAskMessage(NamedTuple):
    token_id: str
    market_id: str | None
    best_bid: Decimal | None
    best_ask: Decimal | None
    spread: Decimal | None
    venue_ts: datetime | None


class NewMarketMessage(NamedTuple):
    market_id: str
    gamma_id: str | None
    question: str | None
    slug: str | None
    token_ids: tuple[str, ...]
    outcomes: tuple[str, ...]
    venue_ts: datetime | None


class MarketResolvedMessage(NamedTuple):
    market_id: str
    gamma_id: str | None
    token_ids: tuple[str, ...]
    winning_token_id: str
    winning_outcome: str | None
    venue_ts: datetime | None


MarketMessage = (
    BookMessage
    | PriceChangeMessage
    | TickSizeChangeMessage
    | LastTradeMessage
    | BestBidAskMessage
    | NewMarketMessage
    | MarketResolvedMessage
)


WS_WHERE = "polymarket ws market"


def _ws_token(message: Mapping[str, Any], where: str) -> str:
    token = message.get("asset_id")
    if type(token) is str and token:
        return token
    if token is None or token == "":
        raise WireFormatError(f"{where} field 'asset_id'", "missing")
    return identifier(token, f"{where} field 'asset_id'")


def _ws_market(message: Mapping[str, Any], where: str) -> str | None:
    market = message.get("market")
    if not market:
        return None
    if type(market) is str:
        return market
    return identifier(market, f"{where} field 'market'")


def _ws_time(message: Mapping[str, Any], where: str) -> datetime | None:
    value = message.get("timestamp")
    if type(value) is str and value.isdigit():
        # The usual wire form, epoch milliseconds as digits: no walk of parse_time's other forms.
        try:
            return epoch_time(int(value))
        except (OverflowError, ValueError, OSError):
            raise WireFormatError(f"{where} field 'timestamp'", f"epoch time out of range: {value!r}") from None
    if value is None or value == "":
        return None
    try:
        return parse_time(value, where)
    except WireFormatError as exc:
        raise WireFormatError(f"{where} field 'timestamp'", exc.problem) from None


def _ws_side(value: Any, where: str) -> BookSide:
    side = SIDES.get(value) if isinstance(value, str) else None
    if side is None:
        raise WireFormatError(where, f"side must be BUY or SELL, got {value!r}")
    return side


def _ws_taker_side(value: Any, where: str) -> str:
    _ws_side(value, where)
    return value.upper()


def _ws_token_list(message: Mapping[str, Any], where: str) -> tuple[str, ...]:
    return tuple(
        identifier(token, f"{where} field 'assets_ids'[{index}]")
        for index, token in enumerate(json_list(message.get("assets_ids"), f"{where} field 'assets_ids'"))
    )


_BOOK_WHERE = f"{WS_WHERE} book"


def _parse_book_message(message: Mapping[str, Any]) -> BookMessage:
    token = _ws_token(message, _BOOK_WHERE)
    # Some initial snapshots name the sides buys/sells instead of bids/asks
    # (docs/venues.md#polymarket-market-websocket).
    bids = message["bids"] if "bids" in message else message.get("buys")
    asks = message["asks"] if "asks" in message else message.get("sells")
    if bids is None and asks is None:
        raise WireFormatError(f"{_BOOK_WHERE} token {token}", "has neither bids/asks nor buys/sells")
    tick_size = message.get("tick_size")
    book_hash = message.get("hash")
    return BookMessage(
        token_id=token,
        market_id=_ws_market(message, _BOOK_WHERE),
        bids=parse_levels(bids, f"{_BOOK_WHERE} token {token} field 'bids'"),
        asks=parse_levels(asks, f"{_BOOK_WHERE} token {token} field 'asks'"),
        venue_ts=_ws_time(message, _BOOK_WHERE),
        book_hash=book_hash if type(book_hash) is str and book_hash else None,
        tick_size=None if tick_size is None else to_decimal(tick_size, f"{_BOOK_WHERE} token {token} field 'tick_size'"),
    )


_PRICE_CHANGE_WHERE = f"{WS_WHERE} price_change"


def _checked_level_change(entry: Any, token: str | None, book_hash: str | None, index: int) -> LevelChange:
    where = f"{_PRICE_CHANGE_WHERE} change[{index}]"
    entry = json_object(entry, where)
    if token is None:
        token = _ws_token(entry, where)
    at = f"{where} token {token}"
    try:
        price, size, side = entry["price"], entry["size"], entry["side"]
    except KeyError as exc:
        raise WireFormatError(at, f"missing field {exc.args[0]!r}") from None
    hash_value = entry.get("hash")
    return LevelChange(
        token,
        _ws_side(side, f"{at} field 'side'"),
        parse_price_ticks(price, f"{at} field 'price'"),
        parse_size_units(size, f"{at} field 'size'"),
        hash_value if isinstance(hash_value, str) else book_hash,
    )


def _parse_price_change(message: Mapping[str, Any]) -> PriceChangeMessage:
    entries = message.get("price_changes")
    if entries is not None:
        # Current shape: each entry names its own token; one message may cover both tokens of a
        # condition and there is no top-level asset_id (docs/venues.md#polymarket-market-websocket).
        token = None
        book_hash = None
    else:
        # Legacy shape (before 2025-09-15): top-level asset_id + changes[] + hash.
        entries = message.get("changes")
        if entries is None:
            raise WireFormatError(_PRICE_CHANGE_WHERE, "has neither price_changes nor changes")
        token = _ws_token(message, _PRICE_CHANGE_WHERE)
        book_hash = optional_text(message, "hash", _PRICE_CHANGE_WHERE)
    if type(entries) is not list:
        raise WireFormatError(_PRICE_CHANGE_WHERE, f"expected a list of changes, got {type(entries).__name__}")
    changes: list[LevelChange] = []
    for entry in entries:
        # Fast path: the usual entry builds no error text, and its LevelChange is made by
        # tuple.__new__ (the NamedTuple's own __new__ is a Python call). Anything unusual is
        # re-read by the checked path, which raises naming the token and field.
        try:
            entry_token = entry["asset_id"] if token is None else token
            side = SIDES[entry["side"]]
            price = PRICE_TICKS.get(entry["price"])
            if price is None:
                price = price_ticks_of(entry["price"], _PRICE_CHANGE_WHERE)
            size = SIZE_UNITS.get(entry["size"])
            if size is None:
                size = size_units_of(entry["size"], _PRICE_CHANGE_WHERE)
            if type(entry_token) is str and entry_token and 0 <= price <= TICKS_PER_DOLLAR and size >= 0:
                hash_value = entry.get("hash")
                changes.append(_new_tuple(LevelChange, (entry_token, side, price, size, hash_value if type(hash_value) is str else book_hash)))
                continue
        except (KeyError, TypeError, ValueError):
            pass
        changes.append(_checked_level_change(entry, token, book_hash, len(changes)))
    stamp = message.get("timestamp")
    if type(stamp) is str and stamp.isdigit() and stamp.isascii() and 10**11 < (ms := int(stamp)) and ms in MS_RANGE:
        # The usual epoch milliseconds: no datetime made (the hot path keeps epoch ns).
        venue_ns = ms * 1_000_000
    else:
        venue_ns = time_ns(_ws_time(message, _PRICE_CHANGE_WHERE))
    return _new_tuple(PriceChangeMessage, (_ws_market(message, _PRICE_CHANGE_WHERE), tuple(changes), venue_ns))


def _ws_token_ids(message: Mapping[str, Any], kind: str) -> tuple[str, str | None, str]:
    """A token-level message's token id (required), condition id, and where it is, for errors."""
    token = _ws_token(message, f"{WS_WHERE} {kind}")
    at = f"{WS_WHERE} {kind} token {token}"
    return token, _ws_market(message, at), at


def _parse_tick_size_change(message: Mapping[str, Any]) -> TickSizeChangeMessage:
    token, market, at = _ws_token_ids(message, "tick_size_change")
    return TickSizeChangeMessage(
        token,
        market,
        optional_decimal(message.get("old_tick_size"), f"{at} field 'old_tick_size'"),
        to_decimal(require(message, "new_tick_size", at), f"{at} field 'new_tick_size'"),
        _ws_time(message, at),
    )


def _parse_last_trade(message: Mapping[str, Any]) -> LastTradeMessage:
    token, market, at = _ws_token_ids(message, "last_trade_price")
    side = message.get("side")
    return LastTradeMessage(
        token,
        market,
        parse_price(require(message, "price", at), f"{at} field 'price'"),
        optional_decimal(message.get("size"), f"{at} field 'size'"),
        _ws_taker_side(side, f"{at} field 'side'") if side else None,
        optional_decimal(message.get("fee_rate_bps"), f"{at} field 'fee_rate_bps'"),
        _ws_time(message, at),
    )


def _optional_price(message: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    value = message.get(key)
    if value is None or value == "":
        return None
    return parse_price(value, f"{where} field {key!r}")


def _parse_best_bid_ask(message: Mapping[str, Any]) -> BestBidAskMessage:
    token, market, at = _ws_token_ids(message, "best_bid_ask")
    return BestBidAskMessage(
        token,
        market,
        _optional_price(message, "best_bid", at),
        _optional_price(message, "best_ask", at),
        _optional_price(message, "spread", at),
        _ws_time(message, at),
    )


def _ws_market_ids(message: Mapping[str, Any], kind: str) -> tuple[str, str | None, str]:
    """A market-level message's condition id (required), Gamma id, and where it is, for errors."""
    where = f"{WS_WHERE} {kind}"
    market = identifier(require(message, "market", where), f"{where} field 'market'")
    at = f"{where} {market}"
    gamma_id = message.get("id")
    return market, identifier(gamma_id, f"{at} field 'id'") if gamma_id else None, at


def _parse_new_market(message: Mapping[str, Any]) -> NewMarketMessage:
    market, gamma_id, at = _ws_market_ids(message, "new_market")
    outcomes = json_list(message.get("outcomes"), f"{at} field 'outcomes'")
    return NewMarketMessage(
        market,
        gamma_id,
        optional_text(message, "question", at),
        optional_text(message, "slug", at),
        _ws_token_list(message, at),
        tuple(str(name) for name in outcomes),
        _ws_time(message, at),
    )


def _parse_market_resolved(message: Mapping[str, Any]) -> MarketResolvedMessage:
    market, gamma_id, at = _ws_market_ids(message, "market_resolved")
    return MarketResolvedMessage(
        market,
        gamma_id,
        _ws_token_list(message, at),
        identifier(require(message, "winning_asset_id", at), f"{at} field 'winning_asset_id'"),
        optional_text(message, "winning_outcome", at),
        _ws_time(message, at),
    )


_MESSAGE_PARSERS = {
    "book": _parse_book_message,
    "price_change": _parse_price_change,
    "tick_size_change": _parse_tick_size_change,
    "last_trade_price": _parse_last_trade,
    "best_bid_ask": _parse_best_bid_ask,
    "new_market": _parse_new_market,
    "market_resolved": _parse_market_resolved,
}


def parse_market_message(message: Any) -> MarketMessage | None:
    """One decoded market-channel message. Returns None for an ``event_type`` this client does
    not know (the venue adds kinds over time; an unknown kind is not a broken message). Raises
    WireFormatError when the message is not an object, has no ``event_type`` and is not a
    snapshot, or lacks a field its kind requires."""
    if not isinstance(message, dict):
        raise WireFormatError(WS_WHERE, f"expected a JSON object, got {type(message).__name__}")
    event_type = message.get("event_type")
    if event_type is None:
        # Some initial snapshots lack event_type; they are recognised by their sides.
        if "bids" in message or "asks" in message or "buys" in message or "sells" in message:
            return _parse_book_message(message)
        raise WireFormatError(WS_WHERE, f"message has no event_type and is not a book snapshot: {message!r:.120}")
    if type(event_type) is not str:
        # Not a kind the venue could add: a broken message (a list here used to escape as a
        # TypeError from the lookup, out of the client's frame handler).
        raise WireFormatError(WS_WHERE, f"event_type must be text, got {event_type!r:.60}")
    parser = _MESSAGE_PARSERS.get(event_type)
    return parser(message) if parser is not None else None
