"""Kalshi REST catalog payloads (markets, events, series) and error bodies into domain models.
Pure: no I/O.

Kalshi moved from integer cents to fixed-point dollar strings (``*_dollars``) and 2-decimal count
strings (``*_fp``) in 2025-2026 and removed the cent fields from markets on Jan 15 2026
(docs/venues.md#kalshi-markets); recordings and replays hold both, so every parser prefers the
current field and falls back to the legacy one. Every failure raises :class:`WireFormatError` naming
the endpoint, the ticker and the field. Page parsers take a ``problems`` list: given one, a
malformed market, event or series is listed there and skipped, and the rest of the page still
parses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson

from arb_pipeline.domain.models import (
    ONE,
    ZERO,
    KalshiFeeSchedule,
    Market,
    Outcome,
    Series,
    Strike,
    TopOfBook,
    Venue,
)
from arb_pipeline.venues.kalshi.constants import FEE_TYPES, MARKET_STATUS_MAP
from arb_pipeline.venues.kalshi.parsing.fields import count_field, price_field, required_text
from arb_pipeline.venues.kalshi.tickers import series_ticker_of
from arb_pipeline.venues.records import RecordProblem, merge_copies, parse_records, scratch, series_terms
from arb_pipeline.venues.wire import (
    WireFormatError,
    cents_to_dollars,
    json_array,
    json_object,
    optional_text,
    optional_time_field,
    parse_time,
    require,
    to_decimal,
)


KALSHI_OUTCOMES = (Outcome("Yes"), Outcome("No"))


# Tick per price_level_structure when price_ranges is absent (docs/venues.md#kalshi-markets). The
# tapered structure trades in $0.001 near the extremes, so its finest tick is $0.001.
_STRUCTURE_TICKS = {
    "linear_cent": Decimal("0.01"),
    "tapered_deci_cent": Decimal("0.001"),
    "deci_cent": Decimal("0.001"),
}


@dataclass(frozen=True, slots=True)
class KalshiEvent:
    """A Kalshi event (``GET /events``): a group of markets on one question, e.g. one NBA game
    with one binary market per team (docs/venues.md#kalshi-events)."""

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


def _quote(price: Decimal | None, size: Decimal | None) -> Decimal | None:
    # Kalshi encodes an empty side inconsistently: an open parlay with no quotes shows yes_ask
    # 0.0000 / no_bid 1.0000, a finalized market yes_ask 1.0000 / no_bid 0.0000
    # (docs/venues.md#kalshi-markets). No executable quote sits at 0 or 1, and a zero size means
    # none rests.
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
    yes_bid = price_field(obj, "yes_bid_dollars", "yes_bid", where)
    yes_ask = price_field(obj, "yes_ask_dollars", "yes_ask", where)
    bid_size = count_field(obj, "yes_bid_size_fp", None, where)
    ask_size = count_field(obj, "yes_ask_size_fp", None, where)
    last = price_field(obj, last_keys[0], last_keys[1], where)
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
            to_decimal(json_object(r, f"{where} field 'price_ranges'").get("step"), f"{where} field 'price_ranges[{i}].step'")
            for i, r in enumerate(json_array(ranges, f"{where} field 'price_ranges'"))
        ]
        # Market.tick_size holds one number: the finest step any range allows.
        return min(steps)
    structure = obj.get("price_level_structure")
    if structure in _STRUCTURE_TICKS:
        return _STRUCTURE_TICKS[structure]
    if obj.get("tick_size") is not None:
        return cents_to_dollars(obj["tick_size"], f"{where} field 'tick_size'")
    return None


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
    obj = json_object(obj, where)
    ticker = required_text(obj, "ticker", where)
    where = f"{where} {ticker}"
    event_ticker = optional_text(obj, "event_ticker", where) or (optional_text(event, "event_ticker", where) if event else None)
    if event_ticker is None:
        raise WireFormatError(where, "missing field 'event_ticker'")

    series_ticker = (
        (optional_text(event, "series_ticker", where) if event else None)
        or optional_text(obj, "series_ticker", where)
        or series_ticker_of(event_ticker)
    )
    series = series_by_ticker.get(series_ticker) if series_by_ticker else None
    event_title = optional_text(event, "title", where) if event else None

    venue_status = required_text(obj, "status", where)
    status = MARKET_STATUS_MAP.get(venue_status)
    if status is None:
        raise WireFormatError(
            f"{where} field 'status'", f"unknown market status {venue_status!r} (known: {', '.join(MARKET_STATUS_MAP)})"
        )

    yes_sub_title = optional_text(obj, "yes_sub_title", where) or optional_text(obj, "subtitle", where)
    # `title` is deprecated and may be absent (Kalshi's OpenAPI v3.13): rebuild one a trader can
    # read from the event title and the YES side's name.
    title = optional_text(obj, "title", where)
    if title is None:
        if event_title and yes_sub_title:
            title = f"{event_title}: {yes_sub_title}"
        else:
            title = event_title or yes_sub_title
    if title is None:
        raise WireFormatError(where, "no 'title', 'yes_sub_title' or event title to name the market")

    rules = "\n\n".join(
        text for text in (optional_text(obj, "rules_primary", where), optional_text(obj, "rules_secondary", where)) if text
    )

    strike_type = optional_text(obj, "strike_type", where)
    floor = _strike_number(obj, "floor_strike", where)
    cap = _strike_number(obj, "cap_strike", where)
    strike = Strike(strike_type, floor, cap) if (strike_type or floor is not None or cap is not None) else None

    top_of_book = parse_top_of_book(obj, where, last_keys=("last_price_dollars", "last_price"))

    category = (
        (optional_text(event, "category", where) if event else None)
        or optional_text(obj, "category", where)
        or (series.category if series else None)
    )
    # Days to resolution (APY) use the expected expiry: current `expected_expiration_time`, else
    # the legacy `expiration_time`; `latest_expiration_time` is only the contractual backstop.
    expiration = (
        optional_time_field(obj, "expected_expiration_time", where)
        or optional_time_field(obj, "expiration_time", where)
        or optional_time_field(obj, "latest_expiration_time", where)
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
        open_time=optional_time_field(obj, "open_time", where),
        close_time=optional_time_field(obj, "close_time", where),
        expiration_time=expiration,
        fee=series.fee if series else None,
        strike=strike,
        top_of_book=top_of_book,
        tick_size=_tick_size(obj, where),
        market_type=optional_text(obj, "market_type", where),
        result=optional_text(obj, "result", where),
        event_title=event_title,
        raw=obj,
    )


def next_cursor(body: Any, where: str) -> str | None:
    """The cursor for the next page; None when this is the last page ("" / null / missing,
    docs/venues.md#kalshi-pagination-and-rate-limits)."""
    cursor = json_object(body, where).get("cursor")
    if cursor is None or cursor == "":
        return None
    if not isinstance(cursor, str):
        raise WireFormatError(f"{where} field 'cursor'", f"expected a string, got {type(cursor).__name__}")
    return cursor


def _listed(
    items: Any, where: str, key: str, id_key: str, parse: Callable[[Any, str], Any], problems: list[RecordProblem] | None
) -> list[Any]:
    """The records of a page's (or an event's) ``key`` array, parsed, each known by ``id_key``."""
    records = json_array(items or [], f"{where} field '{key}'")
    return parse_records(records, f"{where} {key}", parse, problems, kind=key.removesuffix("s"), id_keys=(id_key,))


def _page(
    body: Any, where: str, key: str, id_key: str, parse: Callable[[Any, str], Any], problems: list[RecordProblem] | None
) -> tuple[list[Any], str | None]:
    """A list page ``{key: [...], "cursor": ...}``: its records, parsed, and the next page's cursor."""
    return _listed(json_object(body, where).get(key), where, key, id_key, parse, problems), next_cursor(body, where)


def parse_markets_page(body: Any, *, where: str = "kalshi GET /markets", series_by_ticker: Mapping[str, Series] | None = None,
                       problems: list[RecordProblem] | None = None) -> MarketsPage:
    """``{"markets": [...], "cursor": ...}``. With ``problems``, a malformed market is listed
    there and skipped; without, it raises."""

    def parse(obj: Any, at: str) -> Market:
        return parse_market(obj, where=at, series_by_ticker=series_by_ticker)

    markets, cursor = _page(body, where, "markets", "ticker", parse, problems)
    return MarketsPage(markets=markets, cursor=cursor)


def parse_market_response(
    body: Any, *, where: str = "kalshi GET /markets/{ticker}", series_by_ticker: Mapping[str, Series] | None = None
) -> Market:
    """``{"market": {...}}``."""
    return parse_market(require(body, "market", where), where=f"{where} market", series_by_ticker=series_by_ticker)


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
    obj = json_object(obj, where)
    event_ticker = required_text(obj, "event_ticker", where)
    where = f"{where} {event_ticker}"
    series_ticker = optional_text(obj, "series_ticker", where) or series_ticker_of(event_ticker)
    title = required_text(obj, "title", where)

    raw_markets: list[Any] = list(json_array(obj.get("markets") or [], f"{where} field 'markets'"))
    if extra_markets:
        seen = {m.get("ticker") for m in raw_markets if isinstance(m, dict)}
        raw_markets.extend(m for m in extra_markets if not (isinstance(m, dict) and m.get("ticker") in seen))

    def parse_nested(market: Any, at: str) -> Market:
        return parse_market(market, where=at, series_by_ticker=series_by_ticker, event=obj)

    markets = tuple(_listed(raw_markets, where, "markets", "ticker", parse_nested, problems))
    series = series_by_ticker.get(series_ticker) if series_by_ticker else None
    mutually_exclusive = obj.get("mutually_exclusive", False)
    if not isinstance(mutually_exclusive, bool):
        raise WireFormatError(f"{where} field 'mutually_exclusive'", f"expected true/false, got {mutually_exclusive!r}")
    return KalshiEvent(
        event_ticker=event_ticker,
        series_ticker=series_ticker,
        title=title,
        sub_title=optional_text(obj, "sub_title", where),
        category=optional_text(obj, "category", where) or (series.category if series else None),
        mutually_exclusive=mutually_exclusive,
        strike_date=optional_time_field(obj, "strike_date", where),
        markets=markets,
        raw=obj,
    )


def parse_events_page(body: Any, *, where: str = "kalshi GET /events", series_by_ticker: Mapping[str, Series] | None = None,
                      problems: list[RecordProblem] | None = None) -> EventsPage:
    """``{"events": [...], "cursor": ...}``. With ``problems``, a malformed event or nested
    market is listed there and skipped; without, it raises."""

    def parse(obj: Any, at: str) -> KalshiEvent:
        return parse_event(obj, where=at, series_by_ticker=series_by_ticker, problems=problems)

    events, cursor = _page(body, where, "events", "event_ticker", parse, problems)
    return EventsPage(events=events, cursor=cursor)


def parse_event_response(
    body: Any,
    *,
    where: str = "kalshi GET /events/{event_ticker}",
    series_by_ticker: Mapping[str, Series] | None = None,
    problems: list[RecordProblem] | None = None,
) -> KalshiEvent:
    """``{"event": {...}, "markets": [...]}``: the top-level markets are deprecated in favour of
    ``event.markets`` (Kalshi's OpenAPI GetEventResponse); servers send either or both."""
    event = require(body, "event", where)
    top_level = json_array(body.get("markets") or [], f"{where} field 'markets'")
    return parse_event(
        event, where=f"{where} event", series_by_ticker=series_by_ticker, extra_markets=top_level, problems=problems
    )


def _fee_schedule(obj: Mapping[str, Any], where: str) -> KalshiFeeSchedule:
    # Fee parameters decide every net-profit figure; a series or fee change without them is an
    # error, not a default (docs/venues.md#kalshi-fees: GET /series is authoritative).
    fee_type = required_text(obj, "fee_type", where)
    if fee_type not in FEE_TYPES:
        raise WireFormatError(f"{where} field 'fee_type'", f"unknown fee type {fee_type!r} (known: {', '.join(sorted(FEE_TYPES))})")
    multiplier = to_decimal(require(obj, "fee_multiplier", where), f"{where} field 'fee_multiplier'")
    if multiplier < 0:
        raise WireFormatError(f"{where} field 'fee_multiplier'", f"negative multiplier {multiplier}")
    return KalshiFeeSchedule(fee_type=fee_type, multiplier=multiplier)


@dataclass(frozen=True, slots=True)
class SeriesFeeChange:
    """A series' fees from ``scheduled_at`` on (``GET /series/fee_changes``, docs/venues.md#kalshi-fees)."""

    change_id: str
    series_ticker: str
    fee: KalshiFeeSchedule
    scheduled_at: datetime


def parse_fee_changes(body: Any, *, where: str = "kalshi GET /series/fee_changes") -> list[SeriesFeeChange]:
    """``{"series_fee_change_arr": [{"id", "series_ticker", "fee_type", "fee_multiplier",
    "scheduled_ts"}]}``, in the order sent. A malformed change raises: it would price a series
    wrongly from its time on."""
    items = json_array(json_object(body, where).get("series_fee_change_arr") or [], f"{where} field 'series_fee_change_arr'")
    changes = []
    for index, item in enumerate(items):
        at = f"{where} series_fee_change_arr[{index}]"
        item = json_object(item, at)
        series_ticker = required_text(item, "series_ticker", at)
        at = f"{at} {series_ticker}"
        changes.append(
            SeriesFeeChange(
                change_id=str(item.get("id") or ""),
                series_ticker=series_ticker,
                fee=_fee_schedule(item, at),
                scheduled_at=parse_time(item.get("scheduled_ts"), f"{at} field 'scheduled_ts'"),
            )
        )
    return changes


def parse_series(obj: Any, *, where: str = "kalshi series") -> Series:
    obj = json_object(obj, where)
    ticker = required_text(obj, "ticker", where)
    where = f"{where} {ticker}"
    sources = []
    for i, source in enumerate(json_array(obj.get("settlement_sources") or [], f"{where} field 'settlement_sources'")):
        source = json_object(source, f"{where} field 'settlement_sources[{i}]'")
        name = source.get("name") or source.get("url")
        if name:
            sources.append(str(name))
    return Series(
        ticker=ticker,
        title=optional_text(obj, "title", where) or ticker,
        category=optional_text(obj, "category", where),
        frequency=optional_text(obj, "frequency", where),
        fee=_fee_schedule(obj, where),
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
    series = json_object(body, where).get("series")
    if series is None:
        return []
    items = [series] if isinstance(series, dict) else json_array(series, f"{where} field 'series'")
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
    copies = ((one, where) for one in parse_series_page(body, where=where, problems=found))
    return merge_copies("series", lambda s: s.ticker, series_terms, copies, found, problems, "series")


def describe_error(body: bytes | str | Mapping[str, Any]) -> str:
    """``{"error": {"code": "not_found", "message": "not found"}}``
    (docs/venues.md#kalshi-pagination-and-rate-limits) as "not found (not_found)"; anything else as
    its text."""
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
