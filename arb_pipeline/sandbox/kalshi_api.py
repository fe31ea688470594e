"""Kalshi Trade API v2 as the sandbox speaks it: market-data REST and the market-data WebSocket,
in the current wire formats of VENUE_APIS.md section 1 (dollar strings, ``_fp`` counts, bids only,
best level LAST).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import functools
import itertools
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from http import HTTPStatus
from typing import Any

import orjson
from aiohttp import WSMsgType, web

from arb_pipeline.domain.books import LevelMap, LiveKalshiBook
from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.context import Exchange, Subscriber
from arb_pipeline.sandbox.faults import Channel, FaultKind
from arb_pipeline.sandbox.keys import SignatureRejected
from arb_pipeline.sandbox.state import KalshiLevelChange, StepResult

REST_BASE = "/kalshi/trade-api/v2"
WS_PATH = "/kalshi/trade-api/ws/v2"

MARKETS_MAX_LIMIT = 1000  # VENUE_APIS.md 1.3
MARKETS_DEFAULT_LIMIT = 100
EVENTS_MAX_LIMIT = 200
BOOKS_MAX_TICKERS = 100  # GET /markets/orderbooks, VENUE_APIS.md 1.7
ORDERBOOK_MAX_DEPTH = 100
MARKETS_PER_SUBSCRIPTION = 256  # VENUE_APIS.md 1.8
#: A burst draws at most this many scenario updates per message it sends, skipping updates on
#: markets no subscriber holds.
BURST_ATTEMPTS = 200

#: The ``status`` filter words and the ``market.status`` words they select (VENUE_APIS.md 1.4:
#: the two vocabularies differ).
STATUS_FILTER = {
    "unopened": frozenset({"initialized"}),
    "open": frozenset({"active"}),
    "paused": frozenset({"inactive"}),
    "closed": frozenset({"closed"}),
    "settled": frozenset({"determined", "disputed", "amended", "finalized"}),
}
EVENT_STATUS_FILTERS = frozenset({"unopened", "open", "closed", "settled"})

CHANNELS = frozenset({"orderbook_delta", "ticker"})

# WebSocket error codes (VENUE_APIS.md 1.8, Kalshi AsyncAPI error table).
UNABLE_TO_PROCESS = 1
PARAMS_REQUIRED = 2
CHANNELS_REQUIRED = 3
SIDS_REQUIRED = 4
UNKNOWN_COMMAND = 5
UNKNOWN_SID = 7
UNKNOWN_CHANNEL = 8
INVALID_PARAMETER = 11
EXACTLY_ONE_SID = 12
UNSUPPORTED_ACTION = 13
MARKET_TICKER_REQUIRED = 14
ACTION_REQUIRED = 15
MARKET_LIMIT = 26

#: sid, seq and the pre-encoded msg go into a delta without encoding it again per subscriber.
_DELTA_FRAME = b'{"type":"orderbook_delta","sid":%d,"seq":%d,"msg":%s}'

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
    """One side as Kalshi sends it: ascending by price, so the best bid is LAST (VENUE_APIS.md
    1.7); ``depth`` > 0 keeps that many best levels."""
    prices = sorted(levels.levels)
    if depth:
        prices = prices[-depth:]
    return [[dollars(price), count_fp(levels.levels[price])] for price in prices]


@functools.cache
def market_id_for(ticker: str) -> str:
    """Kalshi messages carry a market UUID next to the ticker; the sandbox derives a stable one."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kalshi-sandbox:{ticker}"))


def is_parlay(market: dict[str, Any]) -> bool:
    """Multivariate (parlay) markets: KXMVE... tickers carrying ``mve_selected_legs``
    (VENUE_APIS.md 1.4)."""
    return bool(market.get("mve_selected_legs")) or str(market.get("ticker", "")).startswith("KXMVE")


class BadRequest(Exception):
    """A query parameter was wrong; answered 400 with Kalshi's error body."""


@dataclass(frozen=True, slots=True)
class TopOfBook:
    yes_bid: Decimal | None
    yes_bid_size: Decimal
    yes_ask: Decimal | None
    yes_ask_size: Decimal


class KalshiCatalog:
    """Indexes over the scenario's Kalshi catalogs, rebuilt when the catalogs grow."""

    def __init__(self, exchange: Exchange) -> None:
        self._scenario = exchange.scenario
        self._shape: tuple[int, int, int] | None = None
        self.refresh()

    def refresh(self) -> None:
        scenario = self._scenario
        shape = (len(scenario.kalshi_markets), len(scenario.kalshi_events), len(scenario.kalshi_series))
        if shape == self._shape:
            return
        self._shape = shape
        # Without mve_filter the real venue lists parlays first, in bulk (VENUE_APIS.md 1.4).
        parlays = [market for market in scenario.kalshi_markets if is_parlay(market)]
        singles = [market for market in scenario.kalshi_markets if not is_parlay(market)]
        self.markets: list[dict[str, Any]] = parlays + singles
        self.market_by_ticker = {market["ticker"]: market for market in self.markets}
        self.markets_by_event: dict[str, list[dict[str, Any]]] = {}
        for market in self.markets:
            self.markets_by_event.setdefault(market["event_ticker"], []).append(market)
        self.events: list[dict[str, Any]] = [
            event for event in scenario.kalshi_events if not self._is_parlay_event(event)
        ]
        self.event_by_ticker = {event["event_ticker"]: event for event in scenario.kalshi_events}
        self.series: list[dict[str, Any]] = list(scenario.kalshi_series)
        self.series_by_ticker = {series["ticker"]: series for series in self.series}

    def _is_parlay_event(self, event: dict[str, Any]) -> bool:
        markets = self.markets_by_event.get(event["event_ticker"], [])
        return str(event["event_ticker"]).startswith("KXMVE") or (bool(markets) and all(map(is_parlay, markets)))

    def series_of(self, market: dict[str, Any]) -> str | None:
        event = self.event_by_ticker.get(market["event_ticker"])
        return event.get("series_ticker") if event is not None else None


def _encode_cursor(kind: str, position: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{position}".encode()).decode().rstrip("=")


def _decode_cursor(kind: str, cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        cursor_kind, position = text.split(":")
        if cursor_kind != kind:
            raise ValueError(cursor_kind)
        return int(position)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest(f"invalid cursor {cursor!r}: pass the cursor of the previous {kind} page unchanged") from None


def _int_param(query: Any, name: str, default: int, low: int, high: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be an integer, got {raw!r}") from None
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}, got {value}")
    return value


def _optional_ts(query: Any, name: str) -> int | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a unix timestamp in seconds, got {raw!r}") from None


def _bool_param(query: Any, name: str) -> bool:
    raw = query.get(name, "false").lower()
    if raw not in ("true", "false"):
        raise BadRequest(f"{name} must be true or false, got {raw!r}")
    return raw == "true"


def _split(values: list[str]) -> list[str]:
    return [item for value in values for item in value.split(",") if item]


def _epoch_s(iso: str | None) -> float | None:
    if not iso:
        return None
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


@dataclass(slots=True)
class Subscription:
    sid: int
    channel: str
    tickers: set[str] | None  # None: every market (ticker channel without a market spec)
    seq: int = 0

    def covers(self, ticker: str) -> bool:
        return self.tickers is None or ticker in self.tickers


class KalshiConnection:
    def __init__(self, socket: Subscriber) -> None:
        self.socket = socket
        self.subscriptions: dict[int, Subscription] = {}
        self.next_sid = 1


class KalshiApi:
    def __init__(self, exchange: Exchange) -> None:
        self.exchange = exchange
        self.catalog = KalshiCatalog(exchange)
        self.connections: set[KalshiConnection] = set()
        # Books as they were when the exchange started: what a STALE_BOOK fault serves.
        self._stale_books = {
            ticker: (dict(book.yes.levels), dict(book.no.levels))
            for ticker, book in exchange.scenario.kalshi_books.items()
        }
        self._tops = {ticker: _top(book) for ticker, book in exchange.scenario.kalshi_books.items()}
        self._malformed_sent = 0

    # -- routes ------------------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        router = app.router
        router.add_get(REST_BASE + "/markets", self.get_markets)
        # Registered before /markets/{ticker}: aiohttp matches routes in registration order.
        router.add_get(REST_BASE + "/markets/orderbooks", self.get_orderbooks)
        router.add_get(REST_BASE + "/markets/{ticker}", self.get_market)
        router.add_get(REST_BASE + "/markets/{ticker}/orderbook", self.get_orderbook)
        router.add_get(REST_BASE + "/events", self.get_events)
        router.add_get(REST_BASE + "/events/{event_ticker}", self.get_event)
        router.add_get(REST_BASE + "/series", self.get_series_list)
        router.add_get(REST_BASE + "/series/{series_ticker}", self.get_series)
        router.add_get(WS_PATH, self.websocket)

    def error_response(self, status: int, message: str) -> web.Response:
        """Kalshi's error body, ``{"error":{"code":"not_found","message":"..."}}`` (VENUE_APIS.md 1.3)."""
        try:
            code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
        except ValueError:
            code = "error"
        return _json({"error": {"code": code, "message": message}}, status)

    # -- REST --------------------------------------------------------------------------------

    async def get_markets(self, request: web.Request) -> web.Response:
        query = request.query
        try:
            limit = _int_param(query, "limit", MARKETS_DEFAULT_LIMIT, 1, MARKETS_MAX_LIMIT)
            after = _decode_cursor("markets", query["cursor"]) if query.get("cursor") else -1
            statuses = None
            if query.get("status"):
                if query["status"] not in STATUS_FILTER:
                    raise BadRequest(f"status must be one of {sorted(STATUS_FILTER)}, got {query['status']!r}")
                statuses = STATUS_FILTER[query["status"]]
            mve_filter = query.get("mve_filter") or None
            if mve_filter not in (None, "only", "exclude"):
                raise BadRequest(f"mve_filter must be 'only' or 'exclude', got {mve_filter!r}")
            min_close = _optional_ts(query, "min_close_ts")
            max_close = _optional_ts(query, "max_close_ts")
        except BadRequest as exc:
            return self.error_response(400, str(exc))
        tickers = set(_split(query.getall("tickers", [])))
        events = set(_split(query.getall("event_ticker", [])))
        series = query.get("series_ticker") or None

        def wanted(market: dict[str, Any]) -> bool:
            if statuses is not None and market.get("status") not in statuses:
                return False
            if tickers and market["ticker"] not in tickers:
                return False
            if events and market["event_ticker"] not in events:
                return False
            if series is not None and self.catalog.series_of(market) != series:
                return False
            if mve_filter is not None and is_parlay(market) != (mve_filter == "only"):
                return False
            if min_close is not None or max_close is not None:
                close = _epoch_s(market.get("close_time"))
                if close is None:
                    return False
                if min_close is not None and close < min_close:
                    return False
                if max_close is not None and close > max_close:
                    return False
            return True

        self.catalog.refresh()
        page, cursor = _page(self.catalog.markets, after, limit, wanted)
        return _json({"markets": page, "cursor": _encode_cursor("markets", cursor) if cursor is not None else ""})

    async def get_market(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        ticker = request.match_info["ticker"]
        market = self.catalog.market_by_ticker.get(ticker)
        if market is None:
            return self.error_response(404, f"market {ticker} not found")
        return _json({"market": market})

    async def get_events(self, request: web.Request) -> web.Response:
        query = request.query
        try:
            limit = _int_param(query, "limit", EVENTS_MAX_LIMIT, 1, EVENTS_MAX_LIMIT)
            after = _decode_cursor("events", query["cursor"]) if query.get("cursor") else -1
            nested = _bool_param(query, "with_nested_markets")
            status = query.get("status") or None
            if status is not None and status not in EVENT_STATUS_FILTERS:
                raise BadRequest(f"status must be one of {sorted(EVENT_STATUS_FILTERS)}, got {status!r}")
        except BadRequest as exc:
            return self.error_response(400, str(exc))
        series = query.get("series_ticker") or None
        self.catalog.refresh()
        markets_by_event = self.catalog.markets_by_event

        def wanted(event: dict[str, Any]) -> bool:
            if series is not None and event.get("series_ticker") != series:
                return False
            if status is not None:
                statuses = STATUS_FILTER[status]
                return any(m.get("status") in statuses for m in markets_by_event.get(event["event_ticker"], []))
            return True

        page, cursor = _page(self.catalog.events, after, limit, wanted)
        events = [self._event_body(event, nested) for event in page]
        return _json(
            {
                "events": events,
                "cursor": _encode_cursor("events", cursor) if cursor is not None else "",
                "milestones": [],
            }
        )

    async def get_event(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        event_ticker = request.match_info["event_ticker"]
        event = self.catalog.event_by_ticker.get(event_ticker)
        if event is None:
            return self.error_response(404, f"event {event_ticker} not found")
        body = self._event_body(event, nested=True)
        # The top-level "markets" is deprecated but still sent (VENUE_APIS.md 1.5).
        return _json({"event": body, "markets": body["markets"]})

    def _event_body(self, event: dict[str, Any], nested: bool) -> dict[str, Any]:
        body = {key: value for key, value in event.items() if key != "markets"}
        if nested:
            body["markets"] = self.catalog.markets_by_event.get(event["event_ticker"], [])
        return body

    async def get_series_list(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        category = request.query.get("category") or None
        series = [s for s in self.catalog.series if category is None or s.get("category") == category]
        return _json({"series": series})

    async def get_series(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        ticker = request.match_info["series_ticker"]
        series = self.catalog.series_by_ticker.get(ticker)
        if series is None:
            return self.error_response(404, f"series {ticker} not found")
        return _json({"series": series})

    async def get_orderbook(self, request: web.Request) -> web.Response:
        ticker = request.match_info["ticker"]
        try:
            depth = _int_param(request.query, "depth", 0, 0, ORDERBOOK_MAX_DEPTH)
        except BadRequest as exc:
            return self.error_response(400, str(exc))
        self.catalog.refresh()
        if ticker not in self.catalog.market_by_ticker:
            return self.error_response(404, f"market {ticker} not found")
        stale = self._take_stale(request)
        return _json({"orderbook_fp": self._orderbook_fp(ticker, depth, stale)})

    async def get_orderbooks(self, request: web.Request) -> web.Response:
        try:
            self.exchange.keyring.verify(request.headers, request.method, request.rel_url.raw_path)
        except SignatureRejected as exc:
            return self.error_response(401, f"GET /markets/orderbooks requires a signed request: {exc}")
        tickers = _split(request.query.getall("tickers", []))
        if not 1 <= len(tickers) <= BOOKS_MAX_TICKERS:
            return self.error_response(
                400, f"tickers: pass between 1 and {BOOKS_MAX_TICKERS} market tickers, got {len(tickers)}"
            )
        self.catalog.refresh()
        unknown = [ticker for ticker in tickers if ticker not in self.catalog.market_by_ticker]
        if unknown:
            return self.error_response(404, f"markets not found: {', '.join(unknown)}")
        stale = self._take_stale(request)
        return _json(
            {"orderbooks": [{"ticker": t, "orderbook_fp": self._orderbook_fp(t, 0, stale)} for t in tickers]}
        )

    def _take_stale(self, request: web.Request) -> bool:
        relative = request.path[len(REST_BASE) :]
        fault = self.exchange.faults.take(
            Venue.KALSHI, Channel.REST, {FaultKind.STALE_BOOK}, (relative, request.path[len("/kalshi") :])
        )
        return fault is not None

    def _orderbook_fp(self, ticker: str, depth: int, stale: bool) -> dict[str, list[list[str]]]:
        if stale and ticker in self._stale_books:
            yes, no = (LevelMap(), LevelMap())
            yes.levels.update(self._stale_books[ticker][0])
            no.levels.update(self._stale_books[ticker][1])
        else:
            book = self.exchange.scenario.kalshi_books.get(ticker)
            if book is None:
                return {}
            yes, no = book.yes, book.no
        body = {}
        # An empty side is absent, not an empty list (VENUE_APIS.md 1.8; REST follows suit).
        if yes.levels:
            body["yes_dollars"] = ladder(yes, depth)
        if no.levels:
            body["no_dollars"] = ladder(no, depth)
        return body

    # -- WebSocket ---------------------------------------------------------------------------

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        refused = self.exchange.refused_handshake(Venue.KALSHI)
        if refused is not None:
            return refused
        # The handshake is always signed (VENUE_APIS.md 1.2: the AsyncAPI requires it).
        try:
            self.exchange.keyring.verify(request.headers, "GET", request.rel_url.raw_path)
        except SignatureRejected as exc:
            return self.error_response(401, f"the WebSocket handshake must be signed: {exc}")
        async with self.exchange.subscriber(request, Venue.KALSHI) as socket:
            connection = KalshiConnection(socket)
            self.connections.add(connection)
            heartbeat = asyncio.create_task(self._heartbeat(socket))
            try:
                async for message in socket.ws:
                    # Commands are JSON; a client that sends them in binary frames is understood too.
                    if message.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                        self._command(connection, message.data)
            finally:
                heartbeat.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await heartbeat
                self.connections.discard(connection)
        return socket.ws

    async def _heartbeat(self, socket: Subscriber) -> None:
        # Kalshi pings every 10 s with the body "heartbeat" (VENUE_APIS.md 1.8).
        with contextlib.suppress(ConnectionError, RuntimeError):
            while not socket.ws.closed:
                await asyncio.sleep(self.exchange.heartbeat_interval_s)
                await socket.ws.ping(b"heartbeat")

    def _send(self, connection: KalshiConnection, body: dict[str, Any]) -> None:
        connection.socket.send(orjson.dumps(body))

    def _send_error(self, connection: KalshiConnection, command_id: Any, code: int, text: str) -> None:
        body: dict[str, Any] = {"type": "error", "msg": {"code": code, "msg": text}}
        if command_id is not None:
            body = {"id": command_id, **body}
        self._send(connection, body)

    def _command(self, connection: KalshiConnection, text: str | bytes) -> None:
        try:
            command = orjson.loads(text)
        except orjson.JSONDecodeError:
            self._send_error(connection, None, UNABLE_TO_PROCESS, "Unable to process message")
            return
        if not isinstance(command, dict):
            self._send_error(connection, None, UNABLE_TO_PROCESS, "Unable to process message")
            return
        command_id = command.get("id")
        name = command.get("cmd")
        params = command.get("params")
        handlers = {
            "subscribe": self._subscribe,
            "unsubscribe": self._unsubscribe,
            "update_subscription": self._update_subscription,
        }
        handler = handlers.get(name) if isinstance(name, str) else None
        if handler is None:
            self._send_error(connection, command_id, UNKNOWN_COMMAND, f"Unknown command: {name!r}")
            return
        if not isinstance(params, dict):
            self._send_error(connection, command_id, PARAMS_REQUIRED, "Params required")
            return
        try:
            handler(connection, command_id, params)
        except CommandError as exc:
            self._send_error(connection, command_id, exc.code, exc.text)

    def _market_spec(self, params: dict[str, Any]) -> list[str] | None:
        """``market_ticker`` or ``market_tickers``; None when neither is given."""
        tickers: list[str] = []
        if "market_ticker" in params:
            if not isinstance(params["market_ticker"], str) or not params["market_ticker"]:
                raise CommandError(INVALID_PARAMETER, "market_ticker must be a non-empty string")
            tickers.append(params["market_ticker"])
        if "market_tickers" in params:
            given = params["market_tickers"]
            if not isinstance(given, list) or not all(isinstance(t, str) and t for t in given):
                raise CommandError(INVALID_PARAMETER, "market_tickers must be a list of non-empty strings")
            tickers.extend(given)
        if not tickers:
            return None
        self.catalog.refresh()
        unknown = [ticker for ticker in tickers if ticker not in self.catalog.market_by_ticker]
        if unknown:
            raise CommandError(INVALID_PARAMETER, f"Unknown market tickers: {', '.join(unknown)}")
        return list(dict.fromkeys(tickers))

    def _subscribe(self, connection: KalshiConnection, command_id: Any, params: dict[str, Any]) -> None:
        channels = params.get("channels")
        if not isinstance(channels, list) or not channels:
            raise CommandError(CHANNELS_REQUIRED, "Channels required")
        unknown = [channel for channel in channels if not isinstance(channel, str) or channel not in CHANNELS]
        if unknown:
            raise CommandError(UNKNOWN_CHANNEL, f"Unknown channel name: {unknown[0]!r}")
        tickers = self._market_spec(params)
        if tickers is None and "orderbook_delta" in channels:
            raise CommandError(MARKET_TICKER_REQUIRED, "Market Ticker required")
        if tickers is not None and len(tickers) > MARKETS_PER_SUBSCRIPTION:
            raise CommandError(
                MARKET_LIMIT, f"Subscription market limit exceeded: {len(tickers)} > {MARKETS_PER_SUBSCRIPTION}"
            )
        for channel in dict.fromkeys(channels):
            sid = connection.next_sid
            connection.next_sid += 1
            subscription = Subscription(sid, channel, set(tickers) if tickers is not None else None)
            connection.subscriptions[sid] = subscription
            self._send(connection, {"id": command_id, "type": "subscribed", "msg": {"channel": channel, "sid": sid}})
            if channel == "orderbook_delta":
                for ticker in tickers or ():
                    self._send_snapshot(connection, subscription, ticker, None)

    def _unsubscribe(self, connection: KalshiConnection, command_id: Any, params: dict[str, Any]) -> None:
        sids = params.get("sids")
        if not isinstance(sids, list) or not sids:
            raise CommandError(SIDS_REQUIRED, "Subscription IDs required")
        for sid in sids:
            subscription = connection.subscriptions.pop(sid, None) if isinstance(sid, int) else None
            if subscription is None:
                self._send_error(connection, command_id, UNKNOWN_SID, f"Unknown subscription ID: {sid!r}")
                continue
            self._send(connection, {"id": command_id, "sid": sid, "seq": subscription.seq, "type": "unsubscribed"})

    def _update_subscription(self, connection: KalshiConnection, command_id: Any, params: dict[str, Any]) -> None:
        sids = params.get("sids")
        if "sid" in params and sids is None:
            sids = [params["sid"]]
        if not isinstance(sids, list) or len(sids) != 1:
            raise CommandError(EXACTLY_ONE_SID, "Exactly one subscription ID is required")
        action = params.get("action")
        if not action:
            raise CommandError(ACTION_REQUIRED, "Action required")
        if action not in ("add_markets", "delete_markets", "get_snapshot"):
            raise CommandError(UNSUPPORTED_ACTION, f"Unsupported action: {action!r}")
        subscription = connection.subscriptions.get(sids[0]) if isinstance(sids[0], int) else None
        if subscription is None:
            raise CommandError(UNKNOWN_SID, f"Unknown subscription ID: {sids[0]!r}")
        tickers = self._market_spec(params)
        if action == "get_snapshot":
            if subscription.channel != "orderbook_delta":
                raise CommandError(UNSUPPORTED_ACTION, "get_snapshot applies to orderbook_delta subscriptions")
            subscribed = subscription.tickers or set()
            wanted = tickers if tickers is not None else sorted(subscribed)
            outside = [ticker for ticker in wanted if ticker not in subscribed]
            if outside:
                raise CommandError(INVALID_PARAMETER, f"Not subscribed to: {', '.join(outside)}")
            for ticker in wanted:
                self._send_snapshot(connection, subscription, ticker, command_id)
            return
        if tickers is None:
            raise CommandError(MARKET_TICKER_REQUIRED, "Market Ticker required")
        if subscription.tickers is None:
            raise CommandError(UNSUPPORTED_ACTION, "this subscription already covers every market")
        added: list[str] = []
        if action == "add_markets":
            added = [ticker for ticker in tickers if ticker not in subscription.tickers]
            if len(subscription.tickers) + len(added) > MARKETS_PER_SUBSCRIPTION:
                raise CommandError(MARKET_LIMIT, f"Subscription market limit exceeded ({MARKETS_PER_SUBSCRIPTION})")
            subscription.tickers.update(added)
        else:
            subscription.tickers.difference_update(tickers)
        self._send(
            connection,
            {
                "id": command_id,
                "sid": subscription.sid,
                "seq": subscription.seq,
                "type": "ok",
                "msg": {"market_tickers": sorted(subscription.tickers)},
            },
        )
        if subscription.channel == "orderbook_delta":
            for ticker in added:
                self._send_snapshot(connection, subscription, ticker, None)

    def _send_snapshot(
        self, connection: KalshiConnection, subscription: Subscription, ticker: str, command_id: Any
    ) -> None:
        book = self.exchange.scenario.kalshi_books.get(ticker)
        msg: dict[str, Any] = {"market_ticker": ticker, "market_id": market_id_for(ticker)}
        if book is not None:
            # Absent key for an empty side (VENUE_APIS.md 1.8), levels ascending.
            if book.yes.levels:
                msg["yes_dollars_fp"] = ladder(book.yes)
            if book.no.levels:
                msg["no_dollars_fp"] = ladder(book.no)
        subscription.seq += 1
        body: dict[str, Any] = {"type": "orderbook_snapshot", "sid": subscription.sid, "seq": subscription.seq}
        if command_id is not None:
            body["id"] = command_id
        body["msg"] = msg
        self._send(connection, body)

    # -- broadcasting --------------------------------------------------------------------------

    def publish(self, step: StepResult) -> None:
        self._broadcast(step.kalshi_changes, [])

    def _broadcast(self, changes: list[KalshiLevelChange], moved_earlier: list[str]) -> None:
        """Deltas for ``changes``, and ticker messages for every market whose top of book moved
        (``moved_earlier``: already found moved by a burst)."""
        self.catalog.refresh()
        moved = self._moved_tops(dict.fromkeys(change.ticker for change in changes))
        tickers_moved = list(dict.fromkeys(moved_earlier + moved))
        if not self.connections:
            return
        now_ms = int(time.time() * 1000)
        deltas = [(change.ticker, _delta_msg(change, now_ms)) for change in changes]
        tickers = [(ticker, orjson.dumps(self._ticker_msg(ticker, now_ms))) for ticker in tickers_moved]
        for connection in list(self.connections):
            frames = self._frames_for(connection, deltas, tickers)
            if frames:
                self._deliver(connection, frames)

    def _moved_tops(self, tickers: dict[str, None]) -> list[str]:
        moved = []
        for ticker in tickers:
            book = self.exchange.scenario.kalshi_books.get(ticker)
            if book is None:
                continue
            top = _top(book)
            if top != self._tops.get(ticker):
                self._tops[ticker] = top
                moved.append(ticker)
        return moved

    def _frames_for(
        self,
        connection: KalshiConnection,
        deltas: list[tuple[str, bytes]],
        tickers: list[tuple[str, bytes]],
    ) -> list[bytes]:
        frames: list[bytes] = []
        gap_taken = False
        for subscription in connection.subscriptions.values():
            if subscription.channel == "orderbook_delta":
                for ticker, msg in deltas:
                    if not subscription.covers(ticker):
                        continue
                    lost = False
                    if not gap_taken:
                        gap_taken = True
                        if self.exchange.faults.take(Venue.KALSHI, Channel.WS, {FaultKind.SEQ_GAP}):
                            subscription.seq += 1
                        elif self.exchange.faults.take(Venue.KALSHI, Channel.WS, {FaultKind.LOST_UPDATE}):
                            lost = True
                    subscription.seq += 1
                    frame = _DELTA_FRAME % (subscription.sid, subscription.seq, msg)
                    if lost:
                        # The delta's seq is spent, as when the venue sent it and the network lost it.
                        self.exchange.lost_updates.append((Venue.KALSHI, orjson.loads(frame)))
                    else:
                        frames.append(frame)
            else:
                for ticker, msg in tickers:
                    if subscription.covers(ticker):
                        frames.append(b'{"type":"ticker","sid":%d,"msg":%s}' % (subscription.sid, msg))
        return frames

    def _deliver(self, connection: KalshiConnection, frames: list[bytes]) -> None:
        if not connection.socket.deliver(frames, self.exchange.faults, self._malformed_frame):
            self.connections.discard(connection)

    def _malformed_frame(self) -> bytes:
        # Alternate the two ways venues send garbage: a frame that is not JSON at all, and a
        # well-formed delta missing required fields (no price, no delta, no seq).
        self._malformed_sent += 1
        if self._malformed_sent % 2:
            return b'{"type":"orderbook_delta","sid":1,"seq":'
        return b'{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"UNKNOWN","side":"yes"}}'

    def _ticker_msg(self, ticker: str, now_ms: int) -> dict[str, Any]:
        top = self._tops[ticker]
        market = self.catalog.market_by_ticker.get(ticker, {})
        return {
            "market_id": market_id_for(ticker),
            "market_ticker": ticker,
            "price_dollars": market.get("last_price_dollars", ""),
            "yes_bid_dollars": dollars(top.yes_bid if top.yes_bid is not None else Decimal(0)),
            "yes_ask_dollars": dollars(top.yes_ask if top.yes_ask is not None else Decimal(1)),
            "yes_bid_size_fp": count_fp(top.yes_bid_size),
            "yes_ask_size_fp": count_fp(top.yes_ask_size),
            "volume_fp": market.get("volume_fp", "0.00"),
            "open_interest_fp": market.get("open_interest_fp", "0.00"),
            "ts": now_ms // 1000,
            "ts_ms": now_ms,
            "time": datetime.fromtimestamp(now_ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }

    # -- burst ---------------------------------------------------------------------------------

    def burst(self, messages: int) -> dict[str, Any]:
        """Queue ``messages`` orderbook_delta updates from the scenario's ``burst_changes`` for
        every orderbook subscriber, then one more update through the normal path (faults, and
        ticker messages for every top of book the burst moved). Updates on markets nobody subscribes to are applied to the books but
        not counted, so a client subscribed to what it measures receives exactly ``messages``.
        Message bodies are encoded before the first frame is sent (``prepare_s``), so the
        sending rate is the socket's and the client's."""
        started = time.perf_counter()
        targets = []
        for connection in self.connections:
            books = [
                (subscription, frozenset(subscription.tickers or ()))
                for subscription in connection.subscriptions.values()
                if subscription.channel == "orderbook_delta"
            ]
            if books:
                targets.append((connection, books))
        covered = frozenset().union(*(tickers for _, books in targets for _, tickers in books))
        if not covered:
            return {"venue": "kalshi", "messages": 0, "subscribers": 0, "frames": 0, "prepare_s": 0.0}
        updates = _covered_updates(
            self.exchange.scenario.burst_changes(Venue.KALSHI, BURST_ATTEMPTS * (messages + 1)), covered
        )
        now_ms = int(time.time() * 1000)
        encoded = [
            (change.ticker, _delta_msg(change, now_ms))
            for changes in itertools.islice(updates, messages)
            for change in changes
            if change.ticker in covered
        ]
        # Tops as the burst left them, before the final update moves them again: ticker messages
        # for both go out with the final update.
        moved = self._moved_tops(dict.fromkeys(ticker for ticker, _ in encoded))
        final = next(updates, [])
        frames = 0
        for connection, books in targets:
            plan = []
            for subscription, tickers in books:
                count = sum(1 for ticker, _ in encoded if ticker in tickers)
                plan.append((subscription.sid, subscription.seq, tickers))
                subscription.seq += count
                frames += count
            connection.socket.send_all(_burst_frames(plan, encoded))
        self._broadcast(final, moved)
        return {
            "venue": "kalshi",
            "messages": len(encoded),
            "subscribers": len(targets),
            "frames": frames,
            "prepare_s": round(time.perf_counter() - started, 6),
        }


def _covered_updates(
    updates: Iterator[list[KalshiLevelChange]], covered: frozenset[str]
) -> Iterator[list[KalshiLevelChange]]:
    for changes in updates:
        if any(change.ticker in covered for change in changes):
            yield changes


def _burst_frames(plan: list[tuple[int, int, frozenset[str]]], encoded: list[tuple[str, bytes]]) -> Iterator[bytes]:
    """One connection's burst frames, with the seq numbers reserved for each of its sids."""
    seqs = {sid: seq for sid, seq, _ in plan}
    for ticker, msg in encoded:
        for sid, _, tickers in plan:
            if ticker in tickers:
                seqs[sid] += 1
                yield _DELTA_FRAME % (sid, seqs[sid], msg)


class CommandError(Exception):
    def __init__(self, code: int, text: str) -> None:
        super().__init__(text)
        self.code = code
        self.text = text


def _top(book: LiveKalshiBook) -> TopOfBook:
    yes = book.yes.levels
    no = book.no.levels
    best_yes = max(yes) if yes else None
    best_no = max(no) if no else None
    return TopOfBook(
        yes_bid=best_yes,
        yes_bid_size=yes[best_yes] if best_yes is not None else Decimal(0),
        # A NO bid at p is a YES ask at 1 - p (VENUE_APIS.md 1.7).
        yes_ask=1 - best_no if best_no is not None else None,
        yes_ask_size=no[best_no] if best_no is not None else Decimal(0),
    )


def _delta_msg(change: KalshiLevelChange, now_ms: int) -> bytes:
    return orjson.dumps(
        {
            "market_ticker": change.ticker,
            "market_id": market_id_for(change.ticker),
            "price_dollars": dollars(change.price),
            "delta_fp": count_fp(change.delta),
            "side": change.side,
            "ts": datetime.fromtimestamp(now_ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "ts_ms": now_ms,
        }
    )


def _page(
    items: list[dict[str, Any]], after: int, limit: int, wanted: Any
) -> tuple[list[dict[str, Any]], int | None]:
    """Up to ``limit`` wanted items after position ``after``, and the position to continue
    from (None on the last page). Positions index the unfiltered catalog, so a market changing
    status between pages neither repeats nor hides others."""
    page: list[dict[str, Any]] = []
    last_position = after
    for position in range(after + 1, len(items)):
        if wanted(items[position]):
            if len(page) == limit:
                return page, last_position
            page.append(items[position])
            last_position = position
    return page, None


def _json(body: Any, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json")

