"""Kalshi REST payloads into domain models. Pure: no I/O.

Kalshi moved from integer cents to fixed-point dollar strings (``*_dollars``) and 2-decimal count
strings (``*_fp``) in 2025-2026 and removed the cent fields from markets on Jan 15 2026
(VENUE_APIS.md 1.4); recordings and replays hold both, so every parser prefers the current field
and falls back to the legacy one. Every failure raises :class:`WireFormatError` naming the
endpoint, the ticker and the field. Page parsers take a ``problems`` list: given one, a malformed
market, event or series is listed there and skipped, and the rest of the page still parses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson

from arb_pipeline.domain.models import (
    ONE,
    ZERO,
    KalshiFeeSchedule,
    KalshiOrderBook,
    Market,
    Outcome,
    PriceLevel,
    Series,
    Strike,
    TopOfBook,
    Venue,
)
from arb_pipeline.venues.kalshi.constants import FEE_TYPES, MARKET_STATUS_MAP, PARLAY_TICKER_PREFIX
from arb_pipeline.venues.wire import (
    WireFormatError,
    cents_to_dollars,
    optional_time,
    to_decimal,
)
from arb_pipeline.venues.records import (
    KeyedRecords,
    RecordProblem,
    kalshi_book_terms,
    parse_records,
    scratch,
    series_terms,
)

KALSHI_OUTCOMES = (Outcome("Yes"), Outcome("No"))

# Tick per price_level_structure when price_ranges is absent (VENUE_APIS.md 1.4). The tapered
# structure trades in $0.001 near the extremes, so its finest tick is $0.001.
_STRUCTURE_TICKS = {
    "linear_cent": Decimal("0.01"),
    "tapered_deci_cent": Decimal("0.001"),
    "deci_cent": Decimal("0.001"),
}

_MONTHS = {
    month: number
    for number, month in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1
    )
}
_EVENT_DATE = re.compile(r"^(\d{2})([A-Z]{3})(\d{2})?")


@dataclass(frozen=True, slots=True)
class KalshiEvent:
    """A Kalshi event (``GET /events``): a group of markets on one question, e.g. one NBA game
    with one binary market per team (VENUE_APIS.md 1.5)."""

    event_ticker: str
    series_ticker: str
    title: str
    sub_title: str | None
    category: str | None
    mutually_exclusive: bool
    strike_date: datetime | None
    markets: tuple[Market, ...] = ()
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class MarketsPage:
    markets: list[Market]
    cursor: str | None  # None on the last page


@dataclass(frozen=True, slots=True)
class EventsPage:
    events: list[KalshiEvent]
    cursor: str | None


@dataclass(frozen=True, slots=True)
class KalshiTickerParts:
    """A market ticker's parts, e.g. ``KXNBAGAME-26JAN09MILLAL-MIL``: series ``KXNBAGAME``,
    event ``KXNBAGAME-26JAN09MILLAL`` dated 2026-01-09 with detail ``MILLAL`` (the two teams),
    outcome code ``MIL`` (the team this market's YES pays on)."""

    ticker: str
    series_ticker: str
    event_ticker: str
    event_date: date | None
    event_detail: str | None
    outcome_code: str | None


# --- small field readers ------------------------------------------------------------------------


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WireFormatError(where, f"expected a JSON object, got {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise WireFormatError(where, f"expected a JSON array, got {type(value).__name__}")
    return value


def _text(obj: Mapping[str, Any], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise WireFormatError(f"{where} field {key!r}", f"expected a string, got {type(value).__name__}")
    return value


def _required_text(obj: Mapping[str, Any], key: str, where: str) -> str:
    value = _text(obj, key, where)
    if value is None:
        raise WireFormatError(where, f"missing field {key!r}")
    return value


def _price(obj: Mapping[str, Any], dollars_key: str, cents_key: str | None, where: str) -> Decimal | None:
    """A probability price: ``*_dollars`` string, else the legacy integer cents field."""
    value = obj.get(dollars_key)
    if value is not None and value != "":
        price = to_decimal(value, f"{where} field {dollars_key!r}")
        key = dollars_key
    elif cents_key is not None and obj.get(cents_key) is not None and obj.get(cents_key) != "":
        price = cents_to_dollars(obj[cents_key], f"{where} field {cents_key!r}")
        key = cents_key
    else:
        return None
    if not ZERO <= price <= ONE:
        raise WireFormatError(f"{where} field {key!r}", f"price {price} is outside 0..1 dollars")
    return price


def _count(obj: Mapping[str, Any], fp_key: str, int_key: str | None, where: str) -> Decimal | None:
    """A contract count: ``*_fp`` string, else the legacy integer field."""
    for key in (fp_key, int_key):
        if key is None:
            continue
        value = obj.get(key)
        if value is not None and value != "":
            count = to_decimal(value, f"{where} field {key!r}")
            if count < 0:
                raise WireFormatError(f"{where} field {key!r}", f"negative count {count}")
            return count
    return None


def _quote(price: Decimal | None, size: Decimal | None) -> Decimal | None:
    # Kalshi encodes an empty side inconsistently: an open parlay with no quotes shows
    # yes_ask 0.0000 / no_bid 1.0000, a finalized market yes_ask 1.0000 / no_bid 0.0000
    # (VENUE_APIS.md 1.4). No executable quote sits at 0 or 1, and a zero size means none rests.
    if price is None or price <= ZERO or price >= ONE:
        return None
    if size is not None and size == ZERO:
        return None
    return price


def parse_top_of_book(obj: Mapping[str, Any], where: str, last_keys: tuple[str, str]) -> TopOfBook:
    """The YES-side quote hint of a Market object or a WS ``ticker`` message, current
    (``yes_bid_dollars``, ``yes_bid_size_fp``) or legacy (``yes_bid`` cents). ``last_keys`` names the
    last-price fields: (``last_price_dollars``, ``last_price``) on markets, (``price_dollars``,
    ``price``) on ticker messages."""
    yes_bid = _price(obj, "yes_bid_dollars", "yes_bid", where)
    yes_ask = _price(obj, "yes_ask_dollars", "yes_ask", where)
    bid_size = _count(obj, "yes_bid_size_fp", None, where)
    ask_size = _count(obj, "yes_ask_size_fp", None, where)
    last = _price(obj, last_keys[0], last_keys[1], where)
    bid = _quote(yes_bid, bid_size)
    ask = _quote(yes_ask, ask_size)
    return TopOfBook(
        bid=bid,
        ask=ask,
        bid_size=bid_size if bid is not None else None,
        ask_size=ask_size if ask is not None else None,
        # A last price of 0 means no trade yet, not a trade at zero.
        last=last if last is not None and last > ZERO else None,
    )


def _strike_number(obj: Mapping[str, Any], key: str, where: str) -> Decimal | None:
    value = obj.get(key)
    if value is None or value == "":
        return None
    # JSON numbers (doubles on the wire); to_decimal goes through repr so 3.3 stays 3.3.
    return to_decimal(value, f"{where} field {key!r}")


def _tick_size(obj: Mapping[str, Any], where: str) -> Decimal | None:
    ranges = obj.get("price_ranges")
    if ranges:
        steps = [
            to_decimal(_object(r, f"{where} field 'price_ranges'").get("step"), f"{where} field 'price_ranges[{i}].step'")
            for i, r in enumerate(_list(ranges, f"{where} field 'price_ranges'"))
        ]
        # Market.tick_size holds one number: the finest step any range allows.
        return min(steps)
    structure = obj.get("price_level_structure")
    if structure in _STRUCTURE_TICKS:
        return _STRUCTURE_TICKS[structure]
    if obj.get("tick_size") is not None:
        return cents_to_dollars(obj["tick_size"], f"{where} field 'tick_size'")
    return None


def _series_ticker_of(event_ticker: str) -> str:
    # Event tickers are SERIES-<event code> (KXNBAGAME-26JAN11HOUSAC); markets carry no series
    # field, so when no event object is at hand the series is the event ticker's first part.
    return event_ticker.split("-", 1)[0]


# --- markets ------------------------------------------------------------------------------------


def is_parlay_ticker(ticker: str) -> bool:
    return ticker.startswith(PARLAY_TICKER_PREFIX)


def is_parlay(market: Market | Mapping[str, Any]) -> bool:
    """Multivariate (parlay) markets: KXMVE... tickers with ``mve_selected_legs``. /markets
    returns them first and in bulk unless ``mve_filter=exclude`` (VENUE_APIS.md 1.4); they never
    pair with a single-outcome market on another venue."""
    if isinstance(market, Market):
        return is_parlay_ticker(market.market_id) or bool(market.raw.get("mve_selected_legs"))
    ticker = market.get("ticker")
    return (isinstance(ticker, str) and is_parlay_ticker(ticker)) or bool(market.get("mve_selected_legs"))


def parse_market(
    obj: Any,
    *,
    where: str = "kalshi market",
    series_by_ticker: Mapping[str, Series] | None = None,
    event: Mapping[str, Any] | None = None,
) -> Market:
    """One Market object, current or legacy. ``event`` (the enclosing event object from
    ``GET /events``) supplies the event title, category and series ticker; ``series_by_ticker``
    supplies the fee schedule."""
    obj = _object(obj, where)
    ticker = _required_text(obj, "ticker", where)
    where = f"{where} {ticker}"
    event_ticker = _text(obj, "event_ticker", where) or (_text(event, "event_ticker", where) if event else None)
    if event_ticker is None:
        raise WireFormatError(where, "missing field 'event_ticker'")

    series_ticker = (
        (_text(event, "series_ticker", where) if event else None)
        or _text(obj, "series_ticker", where)
        or _series_ticker_of(event_ticker)
    )
    series = series_by_ticker.get(series_ticker) if series_by_ticker else None
    event_title = _text(event, "title", where) if event else None

    venue_status = _required_text(obj, "status", where)
    status = MARKET_STATUS_MAP.get(venue_status)
    if status is None:
        raise WireFormatError(
            f"{where} field 'status'", f"unknown market status {venue_status!r} (known: {', '.join(MARKET_STATUS_MAP)})"
        )

    yes_sub_title = _text(obj, "yes_sub_title", where) or _text(obj, "subtitle", where)
    # `title` is deprecated and may be absent (K-OAS v3.13): rebuild one a trader can read from
    # the event title and the YES side's name.
    title = _text(obj, "title", where)
    if title is None:
        if event_title and yes_sub_title:
            title = f"{event_title}: {yes_sub_title}"
        else:
            title = event_title or yes_sub_title
    if title is None:
        raise WireFormatError(where, "no 'title', 'yes_sub_title' or event title to name the market")

    rules = "\n\n".join(
        text for text in (_text(obj, "rules_primary", where), _text(obj, "rules_secondary", where)) if text
    )

    strike_type = _text(obj, "strike_type", where)
    floor = _strike_number(obj, "floor_strike", where)
    cap = _strike_number(obj, "cap_strike", where)
    strike = Strike(strike_type, floor, cap) if (strike_type or floor is not None or cap is not None) else None

    top_of_book = parse_top_of_book(obj, where, last_keys=("last_price_dollars", "last_price"))

    category = (
        (_text(event, "category", where) if event else None)
        or _text(obj, "category", where)
        or (series.category if series else None)
    )
    # Days to resolution (APY) use the expected expiry: current `expected_expiration_time`, else
    # the legacy `expiration_time`; `latest_expiration_time` is only the contractual backstop.
    expiration = (
        optional_time(obj.get("expected_expiration_time"), f"{where} field 'expected_expiration_time'")
        or optional_time(obj.get("expiration_time"), f"{where} field 'expiration_time'")
        or optional_time(obj.get("latest_expiration_time"), f"{where} field 'latest_expiration_time'")
    )

    return Market(
        venue=Venue.KALSHI,
        market_id=ticker,
        event_id=event_ticker,
        series_id=series_ticker,
        title=title,
        subtitle=yes_sub_title,
        rules=rules,
        category=category,
        status=status,
        venue_status=venue_status,
        outcomes=KALSHI_OUTCOMES,
        open_time=optional_time(obj.get("open_time"), f"{where} field 'open_time'"),
        close_time=optional_time(obj.get("close_time"), f"{where} field 'close_time'"),
        expiration_time=expiration,
        fee=series.fee if series else None,
        strike=strike,
        top_of_book=top_of_book,
        tick_size=_tick_size(obj, where),
        market_type=_text(obj, "market_type", where),
        result=_text(obj, "result", where),
        event_title=event_title,
        raw=obj,
    )


def next_cursor(body: Any, where: str) -> str | None:
    """The cursor for the next page; None when this is the last page ("" / null / missing,
    VENUE_APIS.md 1.3)."""
    cursor = _object(body, where).get("cursor")
    if cursor is None or cursor == "":
        return None
    if not isinstance(cursor, str):
        raise WireFormatError(f"{where} field 'cursor'", f"expected a string, got {type(cursor).__name__}")
    return cursor


def parse_markets_page(
    body: Any,
    *,
    where: str = "kalshi GET /markets",
    series_by_ticker: Mapping[str, Series] | None = None,
    problems: list[RecordProblem] | None = None,
) -> MarketsPage:
    """``{"markets": [...], "cursor": ...}``. With ``problems``, a malformed market is listed
    there and skipped; without, it raises."""
    markets = _list(_object(body, where).get("markets", []) or [], f"{where} field 'markets'")
    return MarketsPage(
        markets=parse_records(
            markets,
            f"{where} markets",
            lambda obj, at: parse_market(obj, where=at, series_by_ticker=series_by_ticker),
            problems,
            kind="market",
            id_keys=("ticker",),
        ),
        cursor=next_cursor(body, where),
    )


def parse_market_response(
    body: Any, *, where: str = "kalshi GET /markets/{ticker}", series_by_ticker: Mapping[str, Series] | None = None
) -> Market:
    """``{"market": {...}}``."""
    market = _object(body, where).get("market")
    if market is None:
        raise WireFormatError(where, "missing field 'market'")
    return parse_market(market, where=f"{where} market", series_by_ticker=series_by_ticker)


# --- events -------------------------------------------------------------------------------------


def parse_event(
    obj: Any,
    *,
    where: str = "kalshi event",
    series_by_ticker: Mapping[str, Series] | None = None,
    extra_markets: list[Any] | None = None,
    problems: list[RecordProblem] | None = None,
) -> KalshiEvent:
    """An EventData object; nested ``markets`` (with_nested_markets=true) are parsed with the
    event's title, category and series propagated. ``extra_markets`` are the deprecated top-level
    markets of ``GET /events/{t}``, merged by ticker. With ``problems``, a malformed nested market
    is listed there and skipped; a malformed event field still fails the event."""
    obj = _object(obj, where)
    event_ticker = _required_text(obj, "event_ticker", where)
    where = f"{where} {event_ticker}"
    series_ticker = _text(obj, "series_ticker", where) or _series_ticker_of(event_ticker)
    title = _required_text(obj, "title", where)

    raw_markets: list[Any] = list(_list(obj.get("markets") or [], f"{where} field 'markets'"))
    if extra_markets:
        seen = {m.get("ticker") for m in raw_markets if isinstance(m, dict)}
        raw_markets.extend(m for m in extra_markets if not (isinstance(m, dict) and m.get("ticker") in seen))
    markets = tuple(
        parse_records(
            raw_markets,
            f"{where} markets",
            lambda m, at: parse_market(m, where=at, series_by_ticker=series_by_ticker, event=obj),
            problems,
            kind="market",
            id_keys=("ticker",),
        )
    )
    series = series_by_ticker.get(series_ticker) if series_by_ticker else None
    mutually_exclusive = obj.get("mutually_exclusive", False)
    if not isinstance(mutually_exclusive, bool):
        raise WireFormatError(f"{where} field 'mutually_exclusive'", f"expected true/false, got {mutually_exclusive!r}")
    return KalshiEvent(
        event_ticker=event_ticker,
        series_ticker=series_ticker,
        title=title,
        sub_title=_text(obj, "sub_title", where),
        category=_text(obj, "category", where) or (series.category if series else None),
        mutually_exclusive=mutually_exclusive,
        strike_date=optional_time(obj.get("strike_date"), f"{where} field 'strike_date'"),
        markets=markets,
        raw=obj,
    )


def parse_events_page(
    body: Any,
    *,
    where: str = "kalshi GET /events",
    series_by_ticker: Mapping[str, Series] | None = None,
    problems: list[RecordProblem] | None = None,
) -> EventsPage:
    """``{"events": [...], "cursor": ...}``. With ``problems``, a malformed event or nested
    market is listed there and skipped; without, it raises."""
    events = _list(_object(body, where).get("events", []) or [], f"{where} field 'events'")
    return EventsPage(
        events=parse_records(
            events,
            f"{where} events",
            lambda obj, at: parse_event(obj, where=at, series_by_ticker=series_by_ticker, problems=problems),
            problems,
            kind="event",
            id_keys=("event_ticker",),
        ),
        cursor=next_cursor(body, where),
    )


def parse_event_response(
    body: Any,
    *,
    where: str = "kalshi GET /events/{event_ticker}",
    series_by_ticker: Mapping[str, Series] | None = None,
    problems: list[RecordProblem] | None = None,
) -> KalshiEvent:
    """``{"event": {...}, "markets": [...]}``: the top-level markets are deprecated in favour of
    ``event.markets`` (K-OAS GetEventResponse); servers send either or both."""
    body = _object(body, where)
    event = body.get("event")
    if event is None:
        raise WireFormatError(where, "missing field 'event'")
    top_level = _list(body.get("markets") or [], f"{where} field 'markets'")
    return parse_event(
        event, where=f"{where} event", series_by_ticker=series_by_ticker, extra_markets=top_level, problems=problems
    )


# --- series -------------------------------------------------------------------------------------


def parse_series(obj: Any, *, where: str = "kalshi series") -> Series:
    obj = _object(obj, where)
    ticker = _required_text(obj, "ticker", where)
    where = f"{where} {ticker}"
    # Fee parameters decide every net-profit figure; a series without them is an error, not a
    # default (VENUE_APIS.md 1.9: GET /series is authoritative).
    fee_type = _required_text(obj, "fee_type", where)
    if fee_type not in FEE_TYPES:
        raise WireFormatError(f"{where} field 'fee_type'", f"unknown fee type {fee_type!r} (known: {', '.join(sorted(FEE_TYPES))})")
    if obj.get("fee_multiplier") is None:
        raise WireFormatError(where, "missing field 'fee_multiplier'")
    multiplier = to_decimal(obj["fee_multiplier"], f"{where} field 'fee_multiplier'")
    if multiplier < 0:
        raise WireFormatError(f"{where} field 'fee_multiplier'", f"negative multiplier {multiplier}")
    sources = []
    for i, source in enumerate(_list(obj.get("settlement_sources") or [], f"{where} field 'settlement_sources'")):
        source = _object(source, f"{where} field 'settlement_sources[{i}]'")
        name = source.get("name") or source.get("url")
        if name:
            sources.append(str(name))
    return Series(
        ticker=ticker,
        title=_text(obj, "title", where) or ticker,
        category=_text(obj, "category", where),
        frequency=_text(obj, "frequency", where),
        fee=KalshiFeeSchedule(fee_type=fee_type, multiplier=multiplier),
        settlement_sources=tuple(sources),
        raw=obj,
    )


def parse_series_page(
    body: Any, *, where: str = "kalshi GET /series", problems: list[RecordProblem] | None = None
) -> list[Series]:
    """Every series of ``{"series": [...]}`` (list) or ``{"series": {...}}`` (single), in order and
    with any duplicates, for a caller that merges several pages or files. With ``problems``, a
    malformed series is listed there and skipped (its markets then have no fee schedule);
    without, it raises."""
    series = _object(body, where).get("series")
    if series is None:
        return []
    items = [series] if isinstance(series, dict) else _list(series, f"{where} field 'series'")
    return parse_records(
        items, f"{where} series", lambda obj, at: parse_series(obj, where=at), problems, kind="series", id_keys=("ticker",)
    )


def parse_series_response(
    body: Any, *, where: str = "kalshi GET /series", problems: list[RecordProblem] | None = None
) -> dict[str, Series]:
    """The series of one response keyed by ticker. A ticker listed twice with different fee
    terms is a conflict, never last-wins: with ``problems`` it is listed there and left out (as is
    a ticker with a malformed copy), without it raises."""
    found = scratch(problems)
    merged = KeyedRecords("series", lambda s: s.ticker, series_terms, found)
    for one in parse_series_page(body, where=where, problems=found):
        merged.add(one, where)
    return merged.settle(found, problems, "series")


# --- order books --------------------------------------------------------------------------------


def _book_levels(levels: Any, ticker: str, side_key: str, in_cents: bool, where: str) -> list[PriceLevel]:
    if levels is None:
        return []
    where = f"{where} {ticker} field {side_key!r}"
    parsed = []
    for i, level in enumerate(_list(levels, where)):
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
    counts), ``<side>`` (legacy cents). An empty side is absent or null (VENUE_APIS.md 1.7, 1.8)."""
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
    body = _object(body, f"{where} {ticker}")
    if body.get("orderbook_fp") is not None:
        book = _object(body["orderbook_fp"], f"{where} {ticker} field 'orderbook_fp'")
    elif body.get("orderbook") is not None:
        book = _object(body["orderbook"], f"{where} {ticker} field 'orderbook'")
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
    items = _list(_object(body, where).get("orderbooks") or [], f"{where} field 'orderbooks'")

    def one(item: Any, at: str) -> KalshiOrderBook:
        ticker = _required_text(_object(item, at), "ticker", at)
        return parse_orderbook(item, ticker, received_ts, where=at)

    return parse_records(items, f"{where} orderbooks", one, problems, kind="book", id_keys=("ticker",))


def parse_batch_orderbooks(
    body: Any,
    received_ts: datetime,
    *,
    where: str = "kalshi GET /markets/orderbooks",
    problems: list[RecordProblem] | None = None,
) -> dict[str, KalshiOrderBook]:
    """The books of one batch answer by ticker. A ticker answered twice with different levels is
    a conflict, never last-wins: with ``problems`` it is listed there and left out (as is a
    malformed book, and any other copy of it); without, either raises."""
    found = scratch(problems)
    merged = KeyedRecords("kalshi book", lambda b: b.ticker, kalshi_book_terms, found)
    for book in parse_batch_orderbook_list(body, received_ts, where=where, problems=found):
        merged.add(book, where)
    return merged.settle(found, problems, "book")


# --- errors and tickers -------------------------------------------------------------------------


def describe_error(body: bytes | str | Mapping[str, Any]) -> str:
    """``{"error": {"code": "not_found", "message": "not found"}}`` (VENUE_APIS.md 1.3) as
    "not found (not_found)"; anything else as its text."""
    decoded: Any = body
    if isinstance(body, (bytes, str)):
        try:
            decoded = orjson.loads(body)
        except orjson.JSONDecodeError:
            text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
            return text.strip()[:300] or "(empty body)"
    error = decoded.get("error") if isinstance(decoded, dict) else None
    if isinstance(error, dict):
        message = error.get("message") or error.get("details") or "no message"
        code = error.get("code")
        return f"{message} ({code})" if code else str(message)
    if isinstance(error, str):
        return error
    return orjson.dumps(decoded).decode()[:300]


def split_ticker(ticker: str, event_ticker: str | None = None) -> KalshiTickerParts:
    """Split a market ticker into series, event and outcome parts. Market tickers are
    ``<event ticker>-<outcome code>`` and event tickers ``<series>-<YYMMMDD><detail>``
    (VENUE_APIS.md 1.5); pass the market's ``event_ticker`` when known, since some codes hold
    dashes."""
    parts = ticker.split("-")
    if event_ticker is not None:
        if not ticker.startswith(event_ticker + "-"):
            raise WireFormatError(f"kalshi ticker {ticker}", f"does not extend its event ticker {event_ticker!r}")
        outcome_code: str | None = ticker[len(event_ticker) + 1 :]
    elif len(parts) >= 3:
        event_ticker, outcome_code = "-".join(parts[:-1]), parts[-1]
    elif len(parts) == 2:
        event_ticker, outcome_code = ticker, None
    else:
        raise WireFormatError(f"kalshi ticker {ticker}", "expected SERIES-EVENT[-OUTCOME]")
    series_ticker, _, event_code = event_ticker.partition("-")
    event_date = None
    event_detail = event_code or None
    match = _EVENT_DATE.match(event_code)
    if match and match.group(3) and match.group(2) in _MONTHS:
        try:
            event_date = date(2000 + int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3)))
        except ValueError:
            event_date = None
        else:
            event_detail = event_code[match.end():] or None
    return KalshiTickerParts(
        ticker=ticker,
        series_ticker=series_ticker,
        event_ticker=event_ticker,
        event_date=event_date,
        event_detail=event_detail,
        outcome_code=outcome_code or None,
    )
