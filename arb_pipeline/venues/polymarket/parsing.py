"""Pure parsers: Polymarket Gamma, CLOB REST and market-WebSocket payloads into domain models.

Everything here follows VENUE_APIS.md section 2 and accepts both the legacy and the current wire
shapes it describes. Every failure raises :class:`WireFormatError` naming the market or token id
and the field, so a catalog refresh says which market broke and a stream can count and skip one
bad message. Page parsers take a ``problems`` list: given one, a malformed market, event or book is
listed there and skipped, and the rest of the page still parses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from arb_pipeline.domain.models import (
    ONE,
    ZERO,
    BookSide,
    Market,
    MarketStatus,
    OrderBook,
    Outcome,
    PolymarketFeeSchedule,
    PriceLevel,
    Strike,
    TopOfBook,
)
from arb_pipeline.venues.polymarket.constants import VENUE
from arb_pipeline.venues.wire import (
    WireFormatError,
    json_list,
    optional_decimal,
    optional_time,
    parse_time,
    require,
    to_decimal,
)
from arb_pipeline.venues.records import KeyedRecords, RecordProblem, parse_records, scratch, token_book_terms

# Top-level categories as Polymarket names them for fees (VENUE_APIS.md 2.4). Event tags mix these
# with leagues and sub-topics ("Sports", "NBA", "Games", "Basketball"); only a tag from this set
# is a category, because the category decides the taker fee rate.
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

# Gamma resolves a cancelled game "50-50" (every outcome pays 0.5); VENUE_APIS.md 2.1 real sample
# descriptions. The result word a settled market carries in that case.
SPLIT_RESULT = "50-50"

_SIDES = {"BUY": BookSide.BID, "SELL": BookSide.ASK, "buy": BookSide.BID, "sell": BookSide.ASK}


# ---------------------------------------------------------------------------------------------
# Gamma: markets and events


@dataclass(frozen=True, slots=True)
class PolymarketEvent:
    """A Gamma event and its nested markets. A game event nests the moneyline together with
    spreads, totals and player props (VENUE_APIS.md 2.1); filter by ``Market.market_type``
    (Gamma ``sportsMarketType``)."""

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


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise WireFormatError(where, f"expected a JSON object, got {type(value).__name__}")
    return value


def _identifier(value: Any, where: str) -> str:
    # Gamma ids are digit strings; token ids are 77-digit integers that a real array may carry
    # as JSON numbers. Both become exact strings.
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise WireFormatError(where, f"expected an id string, got {value!r}")
    text = str(value).strip()
    if not text:
        raise WireFormatError(where, "id is empty")
    return text


def _optional_text(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise WireFormatError(f"{where} field {key!r}", f"expected a string, got {value!r}")
    return value


def _flag(raw: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
    value = raw.get(key)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise WireFormatError(f"{where} field {key!r}", f"expected true or false, got {value!r}")
    return value


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
        label = _optional_text(_object(tag, f"{where} field 'tags'[{index}]"), "label", f"{where} tags[{index}]")
        if label is not None:
            labels.append(label)
    return tuple(labels)


def _series_slug(raw: Mapping[str, Any], where: str) -> str | None:
    slug = _optional_text(raw, "seriesSlug", where)
    if slug is not None:
        return slug
    series = raw.get("series")
    if isinstance(series, list) and series:
        return _optional_text(_object(series[0], f"{where} field 'series'[0]"), "slug", f"{where} series[0]")
    return None


def _event_context(raw_event: Mapping[str, Any], where: str) -> _EventContext:
    event_id = _identifier(require(raw_event, "id", where), f"{where} field 'id'")
    at = f"{where} {event_id}"
    category = _optional_text(raw_event, "category", at) or _category_from_tags(_tag_labels(raw_event, at))
    return _EventContext(
        event_id=event_id,
        title=_optional_text(raw_event, "title", at),
        series_slug=_series_slug(raw_event, at),
        category=category,
    )


def _market_event_context(raw: Mapping[str, Any], at: str) -> _EventContext | None:
    # A market fetched on its own names its parent in ``events[]`` (PM-SDK models/gamma/market.py).
    events = raw.get("events")
    if events is None:
        return None
    if not isinstance(events, list):
        raise WireFormatError(f"{at} field 'events'", f"expected a list, got {type(events).__name__}")
    if not events:
        return None
    return _event_context(_object(events[0], f"{at} field 'events'[0]"), f"{at} parent event")


def parse_fee_schedule(raw: Mapping[str, Any], where: str) -> PolymarketFeeSchedule:
    """``feesEnabled`` + ``feeSchedule{exponent, rate, takerOnly, rebateRate}`` (VENUE_APIS.md 2.4).
    Most older markets are fee-free; exponent defaults to 1."""
    enabled = _flag(raw, "feesEnabled", where, default=False)
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
    schedule = _object(schedule, at)
    exponent = optional_decimal(schedule.get("exponent"), f"{at}.exponent")
    rebate_rate = optional_decimal(schedule.get("rebateRate"), f"{at}.rebateRate")
    return PolymarketFeeSchedule(
        enabled=enabled,
        rate=to_decimal(require(schedule, "rate", at), f"{at}.rate"),
        exponent=ONE if exponent is None else exponent,
        taker_only=_flag(schedule, "takerOnly", at, default=True),
        rebate_rate=ZERO if rebate_rate is None else rebate_rate,
    )


def _outcomes(raw: Mapping[str, Any], at: str) -> tuple[Outcome, ...]:
    # outcomes[i] <-> outcomePrices[i] <-> clobTokenIds[i] (VENUE_APIS.md 2.1). Position is the
    # only link between a token and its outcome name, so lengths must agree exactly.
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
                token_id=_identifier(token_ids[index], f"{at} field 'clobTokenIds'[{index}]") if token_ids else None,
                display_price=to_decimal(prices[index], f"{at} field 'outcomePrices'[{index}]") if prices else None,
            )
        )
    return tuple(outcomes)


def _status(raw: Mapping[str, Any], outcomes: tuple[Outcome, ...], at: str) -> tuple[MarketStatus, str, str | None]:
    """(status, venue status word, result) from active/closed/archived/acceptingOrders.

    A closed market whose display prices are one "1" and the rest "0" has resolved to that
    outcome (VENUE_APIS.md 2.1: resolved markets show ["1","0"]). A closed market the oracle marks
    ``resolved`` with equal prices settled 50-50."""
    active = _flag(raw, "active", at, default=True)
    closed = _flag(raw, "closed", at, default=False)
    archived = _flag(raw, "archived", at, default=False)
    accepting = _flag(raw, "acceptingOrders", at, default=True)
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
    raw = _object(raw, where)
    market_id = _identifier(require(raw, "id", where), f"{where} field 'id'")
    at = f"{where} {market_id}"
    title = require(raw, "question", at)
    if not isinstance(title, str):
        raise WireFormatError(f"{at} field 'question'", f"expected a string, got {title!r}")
    outcomes = _outcomes(raw, at)
    status, venue_status, result = _status(raw, outcomes, at)
    if from_market_events:
        context = _market_event_context(raw, at)
    line = optional_decimal(raw.get("line"), f"{at} field 'line'")
    best_bid = optional_decimal(raw.get("bestBid"), f"{at} field 'bestBid'")
    best_ask = optional_decimal(raw.get("bestAsk"), f"{at} field 'bestAsk'")
    last = optional_decimal(raw.get("lastTradePrice"), f"{at} field 'lastTradePrice'")
    end_time = optional_time(raw.get("endDate"), f"{at} field 'endDate'")
    return Market(
        venue=VENUE,
        market_id=market_id,
        event_id=context.event_id if context else None,
        series_id=context.series_slug if context else None,
        title=title,
        subtitle=_optional_text(raw, "groupItemTitle", at),
        rules=_optional_text(raw, "description", at) or "",
        category=_optional_text(raw, "category", at) or (context.category if context else None),
        status=status,
        venue_status=venue_status,
        outcomes=outcomes,
        open_time=optional_time(raw.get("startDate"), f"{at} field 'startDate'"),
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
        tick_size=optional_decimal(raw.get("orderPriceMinTickSize"), f"{at} field 'orderPriceMinTickSize'"),
        condition_id=_optional_text(raw, "conditionId", at),
        slug=_optional_text(raw, "slug", at),
        market_type=_optional_text(raw, "sportsMarketType", at),
        result=result,
        event_title=context.title if context else None,
        game_start_time=optional_time(raw.get("gameStartTime"), f"{at} field 'gameStartTime'"),
        neg_risk=_flag(raw, "negRisk", at, default=False),
        raw=raw,
    )


def parse_gamma_event(
    raw: Any, *, where: str = "polymarket gamma event", problems: list[RecordProblem] | None = None
) -> PolymarketEvent:
    """One Gamma event with its nested ``markets`` (VENUE_APIS.md 2.1). On events, ``liquidity``
    and ``volume`` are JSON numbers, unlike markets; neither is read here. With ``problems``, a
    malformed nested market is listed there and skipped; a malformed event field still fails the
    event."""
    raw = _object(raw, where)
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
        slug=_optional_text(raw, "slug", at),
        title=title,
        description=_optional_text(raw, "description", at) or "",
        series_slug=context.series_slug,
        category=context.category,
        tags=tags,
        start_time=optional_time(raw.get("startDate"), f"{at} field 'startDate'"),
        end_time=optional_time(raw.get("endDate"), f"{at} field 'endDate'"),
        active=_flag(raw, "active", at, default=True),
        closed=_flag(raw, "closed", at, default=False),
        neg_risk=_flag(raw, "negRisk", at, default=False),
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
    paging, ``/markets``, ``/events``) or ``{"<key>": [...], "next_cursor": "..."}`` (keyset
    paging, where ``next_cursor`` is absent on the last page, VENUE_APIS.md 2.1)."""
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


# ---------------------------------------------------------------------------------------------
# CLOB books

# Price strings come from a small vocabulary (ticks of 0.01 or 0.001), so converting each once
# and reusing the Decimal saves the string conversion that dominates book work (PERF_NOTES.md).
# Bounded so a venue sending garbage cannot grow it without limit.
_PRICE_CACHE: dict[str, Decimal] = {}
_PRICE_CACHE_MAX = 50_000


def parse_price(value: Any, where: str) -> Decimal:
    """A probability price in dollars: "0.45", ".48" (no leading zero, VENUE_APIS.md 2.3) or a
    JSON number; must lie in [0, 1]."""
    if type(value) is str:
        cached = _PRICE_CACHE.get(value)
        if cached is not None:
            return cached
    price = to_decimal(value, where)
    if price < ZERO or price > ONE:
        raise WireFormatError(where, f"price {value!r} is outside 0..1")
    if type(value) is str and len(_PRICE_CACHE) < _PRICE_CACHE_MAX:
        _PRICE_CACHE[value] = price
    return price


def parse_size(value: Any, where: str) -> Decimal:
    size = to_decimal(value, where)
    if size < ZERO:
        raise WireFormatError(where, f"size {value!r} is negative")
    return size


def parse_levels(value: Any, where: str) -> list[PriceLevel]:
    """``[{"price": "0.45", "size": "100"}, ...]`` in whatever order the venue sent (bids
    ascending and asks descending on the CLOB, best LAST, VENUE_APIS.md 2.2). Order is kept;
    callers take max/min, never position."""
    if value is None:
        return []
    if type(value) is not list:
        raise WireFormatError(where, f"expected a list of price levels, got {type(value).__name__}")
    levels = []
    append = levels.append
    cache = _PRICE_CACHE
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
    raw = _object(raw, where)
    token_id = _identifier(require(raw, "asset_id", where), f"{where} field 'asset_id'")
    at = f"{where} token {token_id}"
    market = raw.get("market")
    return OrderBook.from_levels(
        VENUE,
        token_id,
        parse_levels(raw.get("bids"), f"{at} field 'bids'"),
        parse_levels(raw.get("asks"), f"{at} field 'asks'"),
        received_ts=received_ts,
        venue_ts=optional_time(raw.get("timestamp"), f"{at} field 'timestamp'"),
        market_id=_identifier(market, f"{at} field 'market'") if market else None,
        tick_size=optional_decimal(raw.get("tick_size"), f"{at} field 'tick_size'"),
        min_order_size=optional_decimal(raw.get("min_order_size"), f"{at} field 'min_order_size'"),
        book_hash=_optional_text(raw, "hash", at),
    )


def parse_books(
    body: Any,
    *,
    received_ts: datetime,
    where: str = "polymarket clob POST /books",
    problems: list[RecordProblem] | None = None,
) -> dict[str, OrderBook]:
    """The ``POST /books`` answer: an array of book objects, keyed here by token id. With
    ``problems``, a malformed book is listed there and skipped, and a token answered twice with
    different levels is left out; without, either raises."""
    if not isinstance(body, list):
        raise WireFormatError(where, f"expected a JSON array of books, got {type(body).__name__}")
    found = scratch(problems)
    merged = KeyedRecords("polymarket book", lambda b: b.instrument_id, token_book_terms, found)
    books = parse_records(
        body, where, lambda raw, at: parse_book(raw, received_ts=received_ts, where=at), found, kind="book", id_keys=("asset_id",)
    )
    for book in books:
        merged.add(book, where)
    return merged.settle(found, problems, "book")


# ---------------------------------------------------------------------------------------------
# Market WebSocket messages (VENUE_APIS.md 2.3). NamedTuples: cheap to build on the hot path.


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
    """One level's new absolute size (``"0"`` removes it); BUY is a bid level, SELL an ask."""

    token_id: str
    side: BookSide
    price: Decimal
    size: Decimal
    book_hash: str | None


class PriceChangeMessage(NamedTuple):
    market_id: str | None
    changes: tuple[LevelChange, ...]
    venue_ts: datetime | None


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
    return _identifier(token, f"{where} field 'asset_id'")


def _ws_market(message: Mapping[str, Any], where: str) -> str | None:
    market = message.get("market")
    if not market:
        return None
    if type(market) is str:
        return market
    return _identifier(market, f"{where} field 'market'")


def _ws_time(message: Mapping[str, Any], where: str) -> datetime | None:
    value = message.get("timestamp")
    if value is None or value == "":
        return None
    try:
        return parse_time(value, where)
    except WireFormatError as exc:
        raise WireFormatError(f"{where} field 'timestamp'", exc.problem) from None


def _ws_side(value: Any, where: str) -> BookSide:
    side = _SIDES.get(value) if isinstance(value, str) else None
    if side is None:
        raise WireFormatError(where, f"side must be BUY or SELL, got {value!r}")
    return side


def _ws_taker_side(value: Any, where: str) -> str:
    _ws_side(value, where)
    return value.upper()


def _ws_token_list(message: Mapping[str, Any], where: str) -> tuple[str, ...]:
    return tuple(
        _identifier(token, f"{where} field 'assets_ids'[{index}]")
        for index, token in enumerate(json_list(message.get("assets_ids"), f"{where} field 'assets_ids'"))
    )


_BOOK_WHERE = f"{WS_WHERE} book"


def _parse_book_message(message: Mapping[str, Any]) -> BookMessage:
    token = _ws_token(message, _BOOK_WHERE)
    # Some initial snapshots name the sides buys/sells instead of bids/asks (VENUE_APIS.md 2.3).
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


def _parse_level_change(entry: Any, token: str | None, book_hash: str | None, index: int) -> LevelChange:
    # Fast path: the usual entry builds no error text. Anything unusual is re-read by the checked
    # path below, which raises naming the token and field (or accepts it, e.g. a new price).
    try:
        if token is None:
            token = entry["asset_id"]
        side = _SIDES[entry["side"]]
        price = _PRICE_CACHE[entry["price"]]
        size_text = entry["size"]
        if type(token) is str and token and type(size_text) is str:
            size = Decimal(size_text)
            if size.is_finite() and size >= ZERO:
                hash_value = entry.get("hash")
                return LevelChange(token, side, price, size, hash_value if type(hash_value) is str else book_hash)
    except (KeyError, TypeError, ArithmeticError):
        pass
    return _checked_level_change(entry, token, book_hash, index)


def _checked_level_change(entry: Any, token: str | None, book_hash: str | None, index: int) -> LevelChange:
    where = f"{_PRICE_CHANGE_WHERE} change[{index}]"
    entry = _object(entry, where)
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
        parse_price(price, f"{at} field 'price'"),
        parse_size(size, f"{at} field 'size'"),
        hash_value if isinstance(hash_value, str) else book_hash,
    )


def _parse_price_change(message: Mapping[str, Any]) -> PriceChangeMessage:
    entries = message.get("price_changes")
    if entries is not None:
        # Current shape: each entry names its own token; one message may cover both tokens of a
        # condition and there is no top-level asset_id (VENUE_APIS.md 2.3).
        token = None
        book_hash = None
    else:
        # Legacy shape (before 2025-09-15): top-level asset_id + changes[] + hash.
        entries = message.get("changes")
        if entries is None:
            raise WireFormatError(_PRICE_CHANGE_WHERE, "has neither price_changes nor changes")
        token = _ws_token(message, _PRICE_CHANGE_WHERE)
        book_hash = _optional_text(message, "hash", _PRICE_CHANGE_WHERE)
    if type(entries) is not list:
        raise WireFormatError(_PRICE_CHANGE_WHERE, f"expected a list of changes, got {type(entries).__name__}")
    changes = tuple([_parse_level_change(entry, token, book_hash, index) for index, entry in enumerate(entries)])
    return PriceChangeMessage(_ws_market(message, _PRICE_CHANGE_WHERE), changes, _ws_time(message, _PRICE_CHANGE_WHERE))


def _parse_tick_size_change(message: Mapping[str, Any]) -> TickSizeChangeMessage:
    token = _ws_token(message, f"{WS_WHERE} tick_size_change")
    at = f"{WS_WHERE} tick_size_change token {token}"
    return TickSizeChangeMessage(
        token,
        _ws_market(message, at),
        optional_decimal(message.get("old_tick_size"), f"{at} field 'old_tick_size'"),
        to_decimal(require(message, "new_tick_size", at), f"{at} field 'new_tick_size'"),
        _ws_time(message, at),
    )


def _parse_last_trade(message: Mapping[str, Any]) -> LastTradeMessage:
    token = _ws_token(message, f"{WS_WHERE} last_trade_price")
    at = f"{WS_WHERE} last_trade_price token {token}"
    side = message.get("side")
    return LastTradeMessage(
        token,
        _ws_market(message, at),
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
    token = _ws_token(message, f"{WS_WHERE} best_bid_ask")
    at = f"{WS_WHERE} best_bid_ask token {token}"
    return BestBidAskMessage(
        token,
        _ws_market(message, at),
        _optional_price(message, "best_bid", at),
        _optional_price(message, "best_ask", at),
        _optional_price(message, "spread", at),
        _ws_time(message, at),
    )


def _parse_new_market(message: Mapping[str, Any]) -> NewMarketMessage:
    where = f"{WS_WHERE} new_market"
    market = _identifier(require(message, "market", where), f"{where} field 'market'")
    at = f"{where} {market}"
    gamma_id = message.get("id")
    outcomes = json_list(message.get("outcomes"), f"{at} field 'outcomes'")
    return NewMarketMessage(
        market,
        _identifier(gamma_id, f"{at} field 'id'") if gamma_id else None,
        _optional_text(message, "question", at),
        _optional_text(message, "slug", at),
        _ws_token_list(message, at),
        tuple(str(name) for name in outcomes),
        _ws_time(message, at),
    )


def _parse_market_resolved(message: Mapping[str, Any]) -> MarketResolvedMessage:
    where = f"{WS_WHERE} market_resolved"
    market = _identifier(require(message, "market", where), f"{where} field 'market'")
    at = f"{where} {market}"
    gamma_id = message.get("id")
    return MarketResolvedMessage(
        market,
        _identifier(gamma_id, f"{at} field 'id'") if gamma_id else None,
        _ws_token_list(message, at),
        _identifier(require(message, "winning_asset_id", at), f"{at} field 'winning_asset_id'"),
        _optional_text(message, "winning_outcome", at),
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
    parser = _MESSAGE_PARSERS.get(event_type)
    return parser(message) if parser is not None else None
