"""Polymarket Gamma catalog payloads (markets and events) into domain models. Pure: no I/O.

Accepts both the legacy and the current wire shapes (docs/venues.md#polymarket-gamma-catalog). Every
failure raises :class:`WireFormatError` naming the market or event id and the field, so a catalog
refresh says which market broke. Page parsers take a ``problems`` list: given one, a malformed
market or event is listed there and skipped, and the rest of the page still parses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from arb_pipeline.domain.models import (
    ONE,
    ZERO,
    Market,
    MarketStatus,
    Outcome,
    PolymarketFeeSchedule,
    Strike,
    TopOfBook,
)
from arb_pipeline.venues.polymarket.constants import VENUE
from arb_pipeline.venues.polymarket.parsing.fields import flag, identifier
from arb_pipeline.venues.records import RecordProblem, parse_records
from arb_pipeline.venues.wire import (
    WireFormatError,
    json_list,
    json_object,
    optional_decimal,
    optional_decimal_field,
    optional_text,
    optional_time_field,
    require,
    to_decimal,
)


# Top-level categories as Polymarket names them for fees (docs/venues.md#polymarket-fees). Event
# tags mix these with leagues and sub-topics ("Sports", "NBA", "Games", "Basketball"); only a tag
# from this set is a category, because the category decides the taker fee rate.
_CATEGORIES = {
    label.lower(): label
    for label in (
        "Sports",
        "Crypto",
        "Politics",
        "Finance",
        "Economics",
        "Geopolitics",
        "World",
        "Tech",
        "Culture",
        "Weather",
        "Mentions",
        "Elections",
        "Business",
        "Science",
    )
}


# Gamma resolves a cancelled game "50-50" (every outcome pays 0.5)
# (docs/venues.md#polymarket-gamma-catalog). The result word a settled market carries in that case.
SPLIT_RESULT = "50-50"


@dataclass(frozen=True, slots=True)
class PolymarketEvent:
    """A Gamma event and its nested markets. A game event nests the moneyline together with spreads,
    totals and player props (docs/venues.md#polymarket-gamma-catalog); filter by
    ``Market.market_type`` (Gamma ``sportsMarketType``)."""

    event_id: str
    slug: str | None
    title: str
    description: str
    series_slug: str | None
    category: str | None
    tags: tuple[str, ...]
    start_time: datetime | None
    end_time: datetime | None
    active: bool
    closed: bool
    neg_risk: bool
    markets: tuple[Market, ...]
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class _EventContext:
    event_id: str
    title: str | None
    series_slug: str | None
    category: str | None


def _category_from_tags(tags: tuple[str, ...]) -> str | None:
    for label in tags:
        category = _CATEGORIES.get(label.lower())
        if category is not None:
            return category
    return None


def _tag_labels(raw: Mapping[str, Any], where: str) -> tuple[str, ...]:
    tags = raw.get("tags")
    if tags is None:
        return ()
    if not isinstance(tags, list):
        raise WireFormatError(f"{where} field 'tags'", f"expected a list, got {type(tags).__name__}")
    labels = []
    for index, tag in enumerate(tags):
        label = optional_text(json_object(tag, f"{where} field 'tags'[{index}]"), "label", f"{where} tags[{index}]")
        if label is not None:
            labels.append(label)
    return tuple(labels)


def _series_slug(raw: Mapping[str, Any], where: str) -> str | None:
    slug = optional_text(raw, "seriesSlug", where)
    if slug is not None:
        return slug
    series = raw.get("series")
    if isinstance(series, list) and series:
        return optional_text(json_object(series[0], f"{where} field 'series'[0]"), "slug", f"{where} series[0]")
    return None


def _event_context(raw_event: Mapping[str, Any], where: str) -> _EventContext:
    event_id = identifier(require(raw_event, "id", where), f"{where} field 'id'")
    at = f"{where} {event_id}"
    category = optional_text(raw_event, "category", at) or _category_from_tags(_tag_labels(raw_event, at))
    return _EventContext(
        event_id=event_id,
        title=optional_text(raw_event, "title", at),
        series_slug=_series_slug(raw_event, at),
        category=category,
    )


def _market_event_context(raw: Mapping[str, Any], at: str) -> _EventContext | None:
    # A market fetched on its own names its parent in ``events[]`` (the Polymarket SDK's Gamma
    # market model).
    events = raw.get("events")
    if events is None:
        return None
    if not isinstance(events, list):
        raise WireFormatError(f"{at} field 'events'", f"expected a list, got {type(events).__name__}")
    if not events:
        return None
    return _event_context(json_object(events[0], f"{at} field 'events'[0]"), f"{at} parent event")


def parse_fee_schedule(raw: Mapping[str, Any], where: str) -> PolymarketFeeSchedule:
    """``feesEnabled`` + ``feeSchedule{exponent, rate, takerOnly, rebateRate}``
    (docs/venues.md#polymarket-fees). Most older markets are fee-free; exponent defaults to 1."""
    enabled = flag(raw, "feesEnabled", where, default=False)
    schedule = raw.get("feeSchedule")
    if schedule is None:
        if enabled:
            # Guessing a rate here would price every fill wrong; refuse instead.
            raise WireFormatError(
                f"{where} field 'feeSchedule'",
                "feesEnabled is true but feeSchedule is missing, so the taker fee rate is unknown",
            )
        return PolymarketFeeSchedule()
    at = f"{where} field 'feeSchedule'"
    schedule = json_object(schedule, at)
    exponent = optional_decimal(schedule.get("exponent"), f"{at}.exponent")
    rebate_rate = optional_decimal(schedule.get("rebateRate"), f"{at}.rebateRate")
    return PolymarketFeeSchedule(
        enabled=enabled,
        rate=to_decimal(require(schedule, "rate", at), f"{at}.rate"),
        exponent=ONE if exponent is None else exponent,
        taker_only=flag(schedule, "takerOnly", at, default=True),
        rebate_rate=ZERO if rebate_rate is None else rebate_rate,
    )


def _outcomes(raw: Mapping[str, Any], at: str) -> tuple[Outcome, ...]:
    # outcomes[i] <-> outcomePrices[i] <-> clobTokenIds[i]
    # (docs/venues.md#polymarket-gamma-catalog). Position is the only link between a token and its
    # outcome name, so lengths must agree exactly.
    names = json_list(raw.get("outcomes"), f"{at} field 'outcomes'")
    token_ids = json_list(raw.get("clobTokenIds"), f"{at} field 'clobTokenIds'")
    prices = json_list(raw.get("outcomePrices"), f"{at} field 'outcomePrices'")
    if not names:
        raise WireFormatError(f"{at} field 'outcomes'", "missing or empty")
    if token_ids and len(token_ids) != len(names):
        raise WireFormatError(
            f"{at} field 'clobTokenIds'", f"{len(token_ids)} token ids for {len(names)} outcomes {names!r}"
        )
    if prices and len(prices) != len(names):
        raise WireFormatError(f"{at} field 'outcomePrices'", f"{len(prices)} prices for {len(names)} outcomes {names!r}")
    outcomes = []
    for index, name in enumerate(names):
        if not isinstance(name, str) or not name:
            raise WireFormatError(f"{at} field 'outcomes'[{index}]", f"expected an outcome name, got {name!r}")
        outcomes.append(
            Outcome(
                name=name,
                token_id=identifier(token_ids[index], f"{at} field 'clobTokenIds'[{index}]") if token_ids else None,
                display_price=to_decimal(prices[index], f"{at} field 'outcomePrices'[{index}]") if prices else None,
            )
        )
    return tuple(outcomes)


def _status(raw: Mapping[str, Any], outcomes: tuple[Outcome, ...], at: str) -> tuple[MarketStatus, str, str | None]:
    """(status, venue status word, result) from active/closed/archived/acceptingOrders.

    A closed market whose display prices are one "1" and the rest "0" has resolved to that outcome
    (docs/venues.md#polymarket-gamma-catalog: resolved markets show ["1","0"]). A closed market the
    oracle marks ``resolved`` with equal prices settled 50-50."""
    active = flag(raw, "active", at, default=True)
    closed = flag(raw, "closed", at, default=False)
    archived = flag(raw, "archived", at, default=False)
    accepting = flag(raw, "acceptingOrders", at, default=True)
    if closed:
        prices = [outcome.display_price for outcome in outcomes]
        if all(price is not None for price in prices):
            winners = [outcome for outcome in outcomes if outcome.display_price == ONE]
            if len(winners) == 1 and all(price in (ZERO, ONE) for price in prices):
                return MarketStatus.SETTLED, "resolved", winners[0].name
            if raw.get("umaResolutionStatus") == "resolved" and len(set(prices)) == 1:
                return MarketStatus.SETTLED, "resolved", SPLIT_RESULT
        return MarketStatus.CLOSED, "closed", None
    if archived:
        return MarketStatus.CLOSED, "archived", None
    if not active:
        return MarketStatus.UNOPENED, "inactive", None
    if not accepting:
        return MarketStatus.PAUSED, "not accepting orders", None
    return MarketStatus.OPEN, "active", None


def parse_gamma_market(
    raw: Any,
    *,
    where: str = "polymarket gamma market",
    event: Mapping[str, Any] | None = None,
) -> Market:
    """One Gamma market object. ``event`` is the parent event object when the market came nested
    in an event; otherwise the market's own ``events[0]`` supplies the event fields."""
    context = _event_context(event, f"{where} parent event") if event is not None else None
    return _parse_market(raw, where, context, from_market_events=event is None)


def _parse_market(raw: Any, where: str, context: _EventContext | None, *, from_market_events: bool) -> Market:
    raw = json_object(raw, where)
    market_id = identifier(require(raw, "id", where), f"{where} field 'id'")
    at = f"{where} {market_id}"
    title = require(raw, "question", at)
    if not isinstance(title, str):
        raise WireFormatError(f"{at} field 'question'", f"expected a string, got {title!r}")
    outcomes = _outcomes(raw, at)
    status, venue_status, result = _status(raw, outcomes, at)
    if from_market_events:
        context = _market_event_context(raw, at)
    line = optional_decimal_field(raw, "line", at)
    best_bid = optional_decimal_field(raw, "bestBid", at)
    best_ask = optional_decimal_field(raw, "bestAsk", at)
    last = optional_decimal_field(raw, "lastTradePrice", at)
    end_time = optional_time_field(raw, "endDate", at)
    return Market(
        venue=VENUE,
        market_id=market_id,
        event_id=context.event_id if context else None,
        series_id=context.series_slug if context else None,
        title=title,
        subtitle=optional_text(raw, "groupItemTitle", at),
        rules=optional_text(raw, "description", at) or "",
        category=optional_text(raw, "category", at) or (context.category if context else None),
        status=status,
        venue_status=venue_status,
        outcomes=outcomes,
        open_time=optional_time_field(raw, "startDate", at),
        # Gamma has one end date: the scheduled end the market resolves after. It is both the
        # close and the expected resolution time Polymarket publishes.
        close_time=end_time,
        expiration_time=end_time,
        fee=parse_fee_schedule(raw, at),
        strike=Strike(floor=line) if line is not None else None,
        # Gamma's bestBid/bestAsk/lastTradePrice quote the first outcome token only; a hint,
        # never executable (sizing reads the CLOB book).
        top_of_book=TopOfBook(bid=best_bid, ask=best_ask, last=last)
        if best_bid is not None or best_ask is not None or last is not None
        else None,
        tick_size=optional_decimal_field(raw, "orderPriceMinTickSize", at),
        condition_id=optional_text(raw, "conditionId", at),
        slug=optional_text(raw, "slug", at),
        market_type=optional_text(raw, "sportsMarketType", at),
        result=result,
        event_title=context.title if context else None,
        game_start_time=optional_time_field(raw, "gameStartTime", at),
        neg_risk=flag(raw, "negRisk", at, default=False),
        raw=raw,
    )


def parse_gamma_event(
    raw: Any, *, where: str = "polymarket gamma event", problems: list[RecordProblem] | None = None
) -> PolymarketEvent:
    """One Gamma event with its nested ``markets`` (docs/venues.md#polymarket-gamma-catalog). On
    events, ``liquidity`` and ``volume`` are JSON numbers, unlike markets; neither is read here.
    With ``problems``, a malformed nested market is listed there and skipped; a malformed event
    field still fails the event."""
    raw = json_object(raw, where)
    context = _event_context(raw, where)
    at = f"{where} {context.event_id}"
    nested = raw.get("markets") or []
    if not isinstance(nested, list):
        raise WireFormatError(f"{at} field 'markets'", f"expected a list, got {type(nested).__name__}")
    title = require(raw, "title", at)
    if not isinstance(title, str):
        raise WireFormatError(f"{at} field 'title'", f"expected a string, got {title!r}")
    tags = _tag_labels(raw, at)
    return PolymarketEvent(
        event_id=context.event_id,
        slug=optional_text(raw, "slug", at),
        title=title,
        description=optional_text(raw, "description", at) or "",
        series_slug=context.series_slug,
        category=context.category,
        tags=tags,
        start_time=optional_time_field(raw, "startDate", at),
        end_time=optional_time_field(raw, "endDate", at),
        active=flag(raw, "active", at, default=True),
        closed=flag(raw, "closed", at, default=False),
        neg_risk=flag(raw, "negRisk", at, default=False),
        markets=tuple(
            parse_records(
                nested,
                f"{at} markets",
                lambda market, where_: _parse_market(market, where_, context, from_market_events=False),
                problems,
                kind="market",
            )
        ),
        raw=raw,
    )


def split_page(body: Any, key: str, where: str) -> tuple[list[Any], str | None]:
    """The items and the next keyset cursor of one Gamma list page: a plain JSON array (offset
    paging, ``/markets``, ``/events``) or ``{"<key>": [...], "next_cursor": "..."}`` (keyset paging,
    where ``next_cursor`` is absent on the last page, docs/venues.md#polymarket-gamma-catalog)."""
    if isinstance(body, list):
        return body, None
    if isinstance(body, dict):
        items = body.get(key)
        if not isinstance(items, list):
            raise WireFormatError(f"{where} field {key!r}", f"expected a list, got {items!r:.80}")
        cursor = body.get("next_cursor")
        if cursor is not None and not isinstance(cursor, str):
            raise WireFormatError(f"{where} field 'next_cursor'", f"expected a string, got {cursor!r}")
        return items, cursor or None
    raise WireFormatError(where, f"expected a JSON array or a keyset page object, got {type(body).__name__}")


def parse_markets_page(
    body: Any, *, where: str = "polymarket gamma /markets", problems: list[RecordProblem] | None = None
) -> tuple[list[Market], str | None]:
    """A ``/markets`` (list) or ``/markets/keyset`` page: the markets and the next cursor. With
    ``problems``, a malformed market is listed there and skipped; without, it raises."""
    items, cursor = split_page(body, "markets", where)
    markets = parse_records(items, f"{where} markets", lambda item, at: parse_gamma_market(item, where=at), problems, kind="market")
    return markets, cursor


def parse_events_page(
    body: Any, *, where: str = "polymarket gamma /events", problems: list[RecordProblem] | None = None
) -> tuple[list[PolymarketEvent], str | None]:
    """An ``/events`` (list) or ``/events/keyset`` page: the events and the next cursor. With
    ``problems``, a malformed event or nested market is listed there and skipped; without, it
    raises."""
    items, cursor = split_page(body, "events", where)
    events = parse_records(
        items, f"{where} events", lambda item, at: parse_gamma_event(item, where=at, problems=problems), problems, kind="event"
    )
    return events, cursor
