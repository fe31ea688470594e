"""Polymarket as the sandbox speaks it: Gamma (catalog), CLOB REST (books) and the CLOB market
WebSocket, in the wire formats of VENUE_APIS.md section 2 (JSON-in-JSON token lists, string
prices, both bests LAST, no sequence numbers).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson
from aiohttp import WSCloseCode, WSMsgType, web

from arb_pipeline.domain.books import LevelMap, LiveTokenBook
from arb_pipeline.domain.models import BookSide, Venue
from arb_pipeline.sandbox.context import Exchange, Subscriber
from arb_pipeline.sandbox.faults import Channel, FaultKind
from arb_pipeline.sandbox.state import MarketResolution, PolymarketLevelChange, StepResult
from arb_pipeline.venues.wire import json_list

GAMMA_BASE = "/polymarket/gamma"
CLOB_BASE = "/polymarket/clob"
WS_PATH = "/polymarket/ws/market"

GAMMA_MARKETS_MAX_LIMIT = 1000
GAMMA_EVENTS_MAX_LIMIT = 500
GAMMA_DEFAULT_LIMIT = 100
BOOKS_MAX_TOKENS = 500  # POST /books, VENUE_APIS.md 2.2
ASSETS_PER_CONNECTION = 500  # VENUE_APIS.md 2.3
#: A burst draws at most this many scenario updates per message it sends, skipping updates on
#: tokens no subscriber holds.
BURST_ATTEMPTS = 200

NO_BOOK = "No orderbook exists for the requested token id"

#: Gamma ``order`` names (snake_case as documented, camelCase as the fields are named) -> field.
ORDER_FIELDS = {
    "id": "id",
    "volume_24hr": "volume24hr",
    "volume24hr": "volume24hr",
    "volume": "volumeNum",
    "volumeNum": "volumeNum",
    "liquidity": "liquidityNum",
    "liquidityNum": "liquidityNum",
    "end_date": "endDate",
    "endDate": "endDate",
    "start_date": "startDate",
    "startDate": "startDate",
}
#: Events carry ``liquidity``/``volume`` as numbers (VENUE_APIS.md 2.1).
EVENT_ORDER_FIELDS = {**ORDER_FIELDS, "volume": "volume", "liquidity": "liquidity"}

#: How long ago a STALE_BOOK fault pretends its book was taken.
STALE_AGE_S = 3600


def wire_number(value: Decimal) -> str:
    """Polymarket's plain decimal strings: "0.45", "100", "219.217767"."""
    return format(value.normalize(), "f")


class BadRequest(Exception):
    """A query parameter or body was wrong; answered 400 with ``{"error": ...}``."""


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """Where a CLOB token belongs: its Gamma market, condition, and outcome position."""

    market: dict[str, Any]
    condition_id: str
    outcome_index: int


@dataclass(frozen=True, slots=True)
class Top:
    best_bid: Decimal | None
    bid_size: Decimal
    best_ask: Decimal | None
    ask_size: Decimal
    tick_size: Decimal | None


def _top(book: LiveTokenBook) -> Top:
    bids, asks = book.bids.levels, book.asks.levels
    best_bid = max(bids) if bids else None
    best_ask = min(asks) if asks else None
    return Top(
        best_bid,
        bids[best_bid] if best_bid is not None else Decimal(0),
        best_ask,
        asks[best_ask] if best_ask is not None else Decimal(0),
        book.tick_size,
    )


class PolymarketCatalog:
    """Indexes over the scenario's Gamma catalogs, rebuilt when they grow."""

    def __init__(self, exchange: Exchange) -> None:
        self._scenario = exchange.scenario
        self._shape: tuple[int, int] | None = None
        self.refresh()

    def refresh(self) -> None:
        scenario = self._scenario
        shape = (len(scenario.polymarket_markets), len(scenario.polymarket_events))
        if shape == self._shape:
            return
        self._shape = shape
        self.markets: list[dict[str, Any]] = list(scenario.polymarket_markets)
        self.market_by_id = {market["id"]: market for market in self.markets}
        self.events: list[dict[str, Any]] = list(scenario.polymarket_events)
        self.event_by_id = {event["id"]: event for event in self.events}
        self.tokens: dict[str, TokenInfo] = {}
        for market in self.markets:
            where = f"sandbox Polymarket market {market.get('id')} clobTokenIds"
            token_ids = json_list(market.get("clobTokenIds"), where)
            for index, token_id in enumerate(token_ids):
                self.tokens[token_id] = TokenInfo(market, market["conditionId"], index)


def _bool(query: Any, name: str) -> bool | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() not in ("true", "false"):
        raise BadRequest(f"{name} must be true or false, got {raw!r}")
    return raw.lower() == "true"


def _int(query: Any, name: str, default: int, high: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"{name} must be an integer, got {raw!r}") from None
    if not 0 <= value <= high:
        raise BadRequest(f"{name} must be between 0 and {high}, got {value}")
    return value


def _many(query: Any, name: str) -> set[str]:
    """Repeatable parameters (``id=1&id=2``); comma-joined values are accepted too."""
    return {item for value in query.getall(name, []) for item in value.split(",") if item}


def _sort_key(field: str | None) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    def key(item: dict[str, Any]) -> tuple[Any, ...]:
        identity = int(item["id"]) if str(item["id"]).isdigit() else 0
        if field is None or field == "id":
            return (False, identity, identity)
        value = item.get(field)
        # Missing values sort last whichever the direction is asked.
        return (value is None, value if value is not None else 0, identity)

    return key


def _list_filter(query: Any, market_level: bool) -> Callable[[dict[str, Any]], bool]:
    # /markets and /events default to closed=false when closed is omitted (VENUE_APIS.md 2.1).
    closed = _bool(query, "closed")
    closed = False if closed is None else closed
    active = _bool(query, "active")
    archived = _bool(query, "archived")
    ids = _many(query, "id")
    slugs = _many(query, "slug")
    tokens = _many(query, "clob_token_ids") if market_level else set()
    conditions = _many(query, "condition_ids") if market_level else set()

    def wanted(item: dict[str, Any]) -> bool:
        if bool(item.get("closed")) != closed:
            return False
        if active is not None and bool(item.get("active")) != active:
            return False
        if archived is not None and bool(item.get("archived")) != archived:
            return False
        if ids and str(item["id"]) not in ids:
            return False
        if slugs and item.get("slug") not in slugs:
            return False
        if conditions and item.get("conditionId") not in conditions:
            return False
        if tokens and not tokens.intersection(json_list(item.get("clobTokenIds"), "clobTokenIds")):
            return False
        return True

    return wanted


def _ordered(
    items: list[dict[str, Any]], query: Any, fields: dict[str, str]
) -> tuple[list[dict[str, Any]], Callable[[dict[str, Any]], tuple[Any, ...]], bool]:
    order = query.get("order") or None
    if order is not None:
        # Gamma takes a comma-separated list; the sandbox orders by the first field.
        first = order.split(",")[0]
        if first not in fields:
            raise BadRequest(f"order: unknown field {first!r}, expected one of {sorted(fields)}")
        field: str | None = fields[first]
    else:
        field = None
    ascending = _bool(query, "ascending")
    ascending = (order is None) if ascending is None else ascending
    key = _sort_key(field)
    return sorted(items, key=key, reverse=not ascending), key, ascending


def _encode_cursor(key: tuple[Any, ...]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(key))).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[Any, ...]:
    try:
        decoded = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, orjson.JSONDecodeError):
        raise BadRequest(f"after_cursor {cursor!r} is not a cursor this API returned") from None
    if not isinstance(decoded, list) or len(decoded) != 3:
        raise BadRequest(f"after_cursor {cursor!r} is not a cursor this API returned")
    return tuple(decoded)


@dataclass(eq=False)
class PolymarketConnection:
    socket: Subscriber
    assets: set[str]
    custom_features: bool = False
    subscribed: bool = False


class PolymarketApi:
    def __init__(self, exchange: Exchange) -> None:
        self.exchange = exchange
        self.catalog = PolymarketCatalog(exchange)
        self.connections: set[PolymarketConnection] = set()
        books = exchange.scenario.polymarket_books
        # Books as they were when the exchange started: what a STALE_BOOK fault serves.
        self._stale_books = {
            token: (dict(book.bids.levels), dict(book.asks.levels), book.tick_size) for token, book in books.items()
        }
        self._tops = {token: _top(book) for token, book in books.items()}
        self._last_trade: dict[str, Decimal] = {}
        # Each token's book state number, for the book hash.
        self._versions: dict[str, int] = {}
        self._malformed_sent = 0
        for token, info in self.catalog.tokens.items():
            last = info.market.get("lastTradePrice")
            # Gamma's lastTradePrice is the first outcome's; the other token trades at 1 - it.
            if last is not None:
                price = _decimal(last)
                self._last_trade[token] = price if info.outcome_index == 0 else 1 - price

    # -- routes ------------------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        router = app.router
        router.add_get(GAMMA_BASE + "/markets", self.get_markets)
        router.add_get(GAMMA_BASE + "/markets/keyset", self.get_markets_keyset)
        router.add_get(GAMMA_BASE + "/markets/{id}", self.get_market)
        router.add_get(GAMMA_BASE + "/events", self.get_events)
        router.add_get(GAMMA_BASE + "/events/keyset", self.get_events_keyset)
        router.add_get(GAMMA_BASE + "/events/{id}", self.get_event)
        router.add_get(CLOB_BASE + "/book", self.get_book)
        router.add_post(CLOB_BASE + "/books", self.post_books)
        router.add_get(WS_PATH, self.websocket)

    def error_response(self, status: int, message: str) -> web.Response:
        """Polymarket's error body, ``{"error": "..."}``."""
        return _json({"error": message}, status)

    # -- Gamma -------------------------------------------------------------------------------

    async def get_markets(self, request: web.Request) -> web.Response:
        return self._offset_list(request, "markets", GAMMA_MARKETS_MAX_LIMIT, ORDER_FIELDS)

    async def get_events(self, request: web.Request) -> web.Response:
        return self._offset_list(request, "events", GAMMA_EVENTS_MAX_LIMIT, EVENT_ORDER_FIELDS)

    async def get_markets_keyset(self, request: web.Request) -> web.Response:
        return self._keyset_list(request, "markets", GAMMA_MARKETS_MAX_LIMIT, ORDER_FIELDS)

    async def get_events_keyset(self, request: web.Request) -> web.Response:
        return self._keyset_list(request, "events", GAMMA_EVENTS_MAX_LIMIT, EVENT_ORDER_FIELDS)

    def _listed(self, name: str) -> list[dict[str, Any]]:
        self.catalog.refresh()
        return self.catalog.markets if name == "markets" else self.catalog.events

    def _offset_list(self, request: web.Request, name: str, max_limit: int, fields: dict[str, str]) -> web.Response:
        items = self._listed(name)
        market_level = name == "markets"
        query = request.query
        try:
            limit = _int(query, "limit", GAMMA_DEFAULT_LIMIT, max_limit)
            offset = _int(query, "offset", 0, 10**9)
            wanted = _list_filter(query, market_level)
            ordered, _, _ = _ordered([item for item in items if wanted(item)], query, fields)
        except BadRequest as exc:
            return self.error_response(400, str(exc))
        return _json(ordered[offset : offset + limit])

    def _keyset_list(self, request: web.Request, name: str, max_limit: int, fields: dict[str, str]) -> web.Response:
        items = self._listed(name)
        market_level = name == "markets"
        query = request.query
        if "offset" in query:
            # Keyset lists reject offset (VENUE_APIS.md 2.1): page with after_cursor.
            return self.error_response(400, f"/{name}/keyset does not take offset; pass after_cursor=<next_cursor>")
        try:
            limit = _int(query, "limit", GAMMA_DEFAULT_LIMIT, max_limit)
            wanted = _list_filter(query, market_level)
            ordered, key, ascending = _ordered([item for item in items if wanted(item)], query, fields)
            after = _decode_cursor(query["after_cursor"]) if query.get("after_cursor") else None
        except BadRequest as exc:
            return self.error_response(400, str(exc))
        if after is not None:
            ordered = [item for item in ordered if (key(item) > after if ascending else key(item) < after)]
        page = ordered[:limit]
        body: dict[str, Any] = {name: page}
        # next_cursor is absent on the last page (VENUE_APIS.md 2.1).
        if len(ordered) > limit and page:
            body["next_cursor"] = _encode_cursor(key(page[-1]))
        return _json(body)

    async def get_market(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        market = self.catalog.market_by_id.get(request.match_info["id"])
        if market is None:
            return self.error_response(404, f"market {request.match_info['id']} not found")
        return _json(market)

    async def get_event(self, request: web.Request) -> web.Response:
        self.catalog.refresh()
        event = self.catalog.event_by_id.get(request.match_info["id"])
        if event is None:
            return self.error_response(404, f"event {request.match_info['id']} not found")
        return _json(event)

    # -- CLOB REST ---------------------------------------------------------------------------

    async def get_book(self, request: web.Request) -> web.Response:
        token_id = request.query.get("token_id")
        if not token_id:
            return self.error_response(400, "token_id is required: GET /book?token_id=<clob token id>")
        self.catalog.refresh()
        if token_id not in self.catalog.tokens or token_id not in self.exchange.scenario.polymarket_books:
            return self.error_response(404, NO_BOOK)
        stale = self._take_stale(request)
        return _json(self._book_body(token_id, stale))

    async def post_books(self, request: web.Request) -> web.Response:
        try:
            body = orjson.loads(await request.read())
        except orjson.JSONDecodeError:
            return self.error_response(400, 'POST /books: the body must be a JSON array of {"token_id": ...}')
        if not isinstance(body, list) or not body:
            return self.error_response(400, 'POST /books: the body must be a non-empty JSON array of {"token_id": ...}')
        if len(body) > BOOKS_MAX_TOKENS:
            return self.error_response(400, f"POST /books: at most {BOOKS_MAX_TOKENS} tokens, got {len(body)}")
        token_ids = []
        for index, item in enumerate(body):
            if not isinstance(item, dict) or not isinstance(item.get("token_id"), str) or not item["token_id"]:
                return self.error_response(400, f"POST /books: item {index} has no string token_id")
            token_ids.append(item["token_id"])
        self.catalog.refresh()
        books = self.exchange.scenario.polymarket_books
        unknown = [t for t in token_ids if t not in self.catalog.tokens or t not in books]
        if unknown:
            return self.error_response(404, f"{NO_BOOK}: {', '.join(unknown)}")
        stale = self._take_stale(request)
        return _json([self._book_body(token_id, stale) for token_id in token_ids])

    def _take_stale(self, request: web.Request) -> bool:
        paths = (request.path[len(CLOB_BASE) :], request.path[len("/polymarket") :])
        return self.exchange.faults.take(Venue.POLYMARKET, Channel.REST, {FaultKind.STALE_BOOK}, paths) is not None

    def _book_body(self, token_id: str, stale: bool) -> dict[str, Any]:
        info = self.catalog.tokens[token_id]
        book = self.exchange.scenario.polymarket_books[token_id]
        if stale:
            bids_levels, asks_levels, tick = self._stale_books.get(token_id, ({}, {}, book.tick_size))
            bids, asks = LevelMap(), LevelMap()
            bids.levels.update(bids_levels)
            asks.levels.update(asks_levels)
            timestamp_ms = int((self.exchange.started_at_s - STALE_AGE_S) * 1000)
            version = 0
        else:
            bids, asks, tick = book.bids, book.asks, book.tick_size
            timestamp_ms = int(time.time() * 1000)
            version = self._versions.get(token_id, 0)
        tick = tick if tick is not None else _market_tick(info.market)
        last = self._last_trade.get(token_id)
        return {
            "market": info.condition_id,
            "asset_id": token_id,
            "timestamp": str(timestamp_ms),
            "hash": _book_hash(token_id, version),
            "bids": _side(bids, BookSide.BID),
            "asks": _side(asks, BookSide.ASK),
            "min_order_size": wire_number(_decimal(info.market.get("orderMinSize", 5))),
            "tick_size": wire_number(tick),
            "neg_risk": bool(info.market.get("negRisk", False)),
            "last_trade_price": wire_number(last) if last is not None else "",
        }

    # -- WebSocket ---------------------------------------------------------------------------

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        refused = self.exchange.refused_handshake(Venue.POLYMARKET)
        if refused is not None:
            return refused
        async with self.exchange.subscriber(request, Venue.POLYMARKET) as socket:
            connection = PolymarketConnection(socket, set())
            self.connections.add(connection)
            try:
                async for message in socket.ws:
                    if message.type is not WSMsgType.TEXT:
                        continue
                    if message.data == "PING":
                        # Keepalive is the text PING, answered by the text PONG (VENUE_APIS.md 2.3).
                        socket.send(b"PONG")
                        continue
                    problem = self._command(connection, message.data)
                    if problem is not None:
                        await socket.ws.close(code=WSCloseCode.POLICY_VIOLATION, message=problem.encode()[:120])
                        break
            finally:
                self.connections.discard(connection)
        return socket.ws

    def _command(self, connection: PolymarketConnection, text: str) -> str | None:
        """Apply one subscription message; return why the connection must close, or None."""
        try:
            command = orjson.loads(text)
        except orjson.JSONDecodeError:
            return "message is not JSON"
        if not isinstance(command, dict):
            return "message must be a JSON object"
        assets = command.get("assets_ids")
        if not isinstance(assets, list) or not all(isinstance(asset, str) for asset in assets):
            return "assets_ids must be a list of token id strings"
        if not connection.subscribed:
            if str(command.get("type", "")).lower() != "market":
                return 'the first message must be {"assets_ids": [...], "type": "market"}'
            connection.subscribed = True
            connection.custom_features = bool(command.get("custom_feature_enabled", False))
            operation = "subscribe"
        else:
            operation = command.get("operation")
            if operation not in ("subscribe", "unsubscribe"):
                return f"operation must be 'subscribe' or 'unsubscribe', got {operation!r}"
            if "custom_feature_enabled" in command:
                connection.custom_features = bool(command["custom_feature_enabled"])
        if operation == "unsubscribe":
            connection.assets.difference_update(assets)
            return None
        new = [asset for asset in dict.fromkeys(assets) if asset not in connection.assets]
        if len(connection.assets) + len(new) > ASSETS_PER_CONNECTION:
            return f"at most {ASSETS_PER_CONNECTION} assets per connection"
        connection.assets.update(new)
        # Unknown token ids get no book, as on the real venue.
        self.catalog.refresh()
        books = self.exchange.scenario.polymarket_books
        known = [asset for asset in new if asset in books and asset in self.catalog.tokens]
        if known:
            # The initial snapshots arrive as ONE JSON array frame (VENUE_APIS.md 2.3).
            connection.socket.send(orjson.dumps([self._book_event(asset) for asset in known]))
        return None

    def _book_event(self, token_id: str) -> dict[str, Any]:
        book = self.exchange.scenario.polymarket_books[token_id]
        return {
            "event_type": "book",
            "asset_id": token_id,
            "market": self.catalog.tokens[token_id].condition_id,
            "bids": _side(book.bids, BookSide.BID),
            "asks": _side(book.asks, BookSide.ASK),
            "timestamp": str(int(time.time() * 1000)),
            "hash": _book_hash(token_id, self._versions.get(token_id, 0)),
        }

    # -- broadcasting --------------------------------------------------------------------------

    def publish(self, step: StepResult) -> None:
        self._broadcast(step.polymarket_changes, step.resolutions, ([], []))

    def _broadcast(
        self,
        changes: list[PolymarketLevelChange],
        resolutions: list[MarketResolution],
        moved_earlier: tuple[list[str], list[dict[str, Any]]],
    ) -> None:
        """price_change messages for ``changes`` and the extras they cause (trades, tick size,
        and with custom features best_bid_ask and market_resolved). ``moved_earlier``: tokens
        whose top moved and tick_size_change events a burst already found."""
        self.catalog.refresh()
        timestamp = str(int(time.time() * 1000))
        trades = self._trades(changes, timestamp)
        moved, tick_events = self._update_tops((change.token_id for change in changes), timestamp)
        moved = list(dict.fromkeys(moved_earlier[0] + moved))
        tick_events = moved_earlier[1] + tick_events
        for trade in trades:
            self._last_trade[trade["asset_id"]] = Decimal(trade["price"])
        changes_by_condition = self._price_changes(changes)
        if not self.connections:
            return
        price_changes = [
            (condition_id, entries, orjson.dumps(_price_change(condition_id, entries, timestamp)))
            for condition_id, entries in changes_by_condition
        ]
        per_token = [(event["asset_id"], orjson.dumps(event)) for event in tick_events + trades]
        best_bid_ask = [(token, orjson.dumps(self._best_bid_ask_event(token, timestamp))) for token in moved]
        resolved = [
            (tokens, orjson.dumps(event))
            for resolution in resolutions
            for tokens, event in self._resolved_event(resolution, timestamp)
        ]
        for connection in list(self.connections):
            assets = connection.assets
            frames: list[bytes] = []
            for condition_id, entries, encoded in price_changes:
                mine = [entry for entry in entries if entry["asset_id"] in assets]
                if len(mine) == len(entries):
                    frames.append(encoded)
                elif mine:
                    frames.append(orjson.dumps(_price_change(condition_id, mine, timestamp)))
            if frames and self.exchange.faults.take(Venue.POLYMARKET, Channel.WS, {FaultKind.LOST_UPDATE}):
                # The first book update for this subscriber is never sent; the extras that follow
                # (trades, best bid/ask) still are, as when one frame is lost on the way.
                self.exchange.lost_updates.append((Venue.POLYMARKET, orjson.loads(frames.pop(0))))
            frames.extend(encoded for token, encoded in per_token if token in assets)
            if connection.custom_features:
                frames.extend(encoded for token, encoded in best_bid_ask if token in assets)
                frames.extend(encoded for tokens, encoded in resolved if not assets.isdisjoint(tokens))
            if frames:
                self._deliver(connection, frames)

    def _update_tops(self, tokens: Iterable[str], timestamp: str) -> tuple[list[str], list[dict[str, Any]]]:
        """Tokens whose best bid or ask moved, and tick_size_change events, since last asked."""
        books = self.exchange.scenario.polymarket_books
        moved: list[str] = []
        tick_events: list[dict[str, Any]] = []
        for token in dict.fromkeys(tokens):
            if token not in books:
                continue
            top = _top(books[token])
            before = self._tops.get(token)
            if before is not None and before.tick_size != top.tick_size and top.tick_size is not None:
                tick_events.append(self._tick_size_event(token, before.tick_size, top.tick_size, timestamp))
            if before is None or (before.best_bid, before.best_ask) != (top.best_bid, top.best_ask):
                moved.append(token)
            self._tops[token] = top
        return moved, tick_events

    def _price_changes(self, changes: list[PolymarketLevelChange]) -> list[tuple[str, list[dict[str, Any]]]]:
        """One ``price_change`` per condition, covering both of its tokens when both changed
        (VENUE_APIS.md 2.3); sizes are absolute, best_bid/best_ask as after the step."""
        for token in dict.fromkeys(change.token_id for change in changes):
            self._versions[token] = self._versions.get(token, 0) + 1
        by_condition: dict[str, list[dict[str, Any]]] = {}
        for change in changes:
            if change.token_id in self.exchange.scenario.polymarket_books:
                by_condition.setdefault(change.condition_id, []).append(self._entry(change))
        return list(by_condition.items())

    def _entry(self, change: PolymarketLevelChange) -> dict[str, Any]:
        book = self.exchange.scenario.polymarket_books[change.token_id]
        bids, asks = book.bids.levels, book.asks.levels
        return {
            "asset_id": change.token_id,
            "price": wire_number(change.price),
            "size": wire_number(change.size),
            "side": "BUY" if change.side is BookSide.BID else "SELL",
            "hash": _book_hash(change.token_id, self._versions.get(change.token_id, 0)),
            # An empty side shows as 0 (bid) and 1 (ask), as in the venue's examples.
            "best_bid": wire_number(max(bids)) if bids else "0",
            "best_ask": wire_number(min(asks)) if asks else "1",
        }

    def _trades(self, changes: list[PolymarketLevelChange], timestamp: str) -> list[dict[str, Any]]:
        """A best level that shrank was most plausibly hit by a taker: report it as the last
        trade, so ``last_trade_price`` messages come from what the book actually did."""
        trades = []
        for change in changes:
            top = self._tops.get(change.token_id)
            if top is None:
                continue
            if change.side is BookSide.ASK and change.price == top.best_ask and change.size < top.ask_size:
                traded, side = top.ask_size - change.size, "BUY"
            elif change.side is BookSide.BID and change.price == top.best_bid and change.size < top.bid_size:
                traded, side = top.bid_size - change.size, "SELL"
            else:
                continue
            info = self.catalog.tokens.get(change.token_id)
            fee_bps = "0"
            if info is not None and info.market.get("feesEnabled"):
                rate = (info.market.get("feeSchedule") or {}).get("rate", 0)
                fee_bps = wire_number(_decimal(rate) * 10000)
            trades.append(
                {
                    "event_type": "last_trade_price",
                    "asset_id": change.token_id,
                    "market": change.condition_id,
                    "fee_rate_bps": fee_bps,
                    "price": wire_number(change.price),
                    "side": side,
                    "size": wire_number(traded),
                    "timestamp": timestamp,
                }
            )
        return trades

    def _tick_size_event(self, token: str, old: Decimal | None, new: Decimal, timestamp: str) -> dict[str, Any]:
        old = old if old is not None else _market_tick(self.catalog.tokens[token].market)
        return {
            "event_type": "tick_size_change",
            "asset_id": token,
            "market": self.catalog.tokens[token].condition_id,
            "old_tick_size": wire_number(old),
            "new_tick_size": wire_number(new),
            "timestamp": timestamp,
        }

    def _best_bid_ask_event(self, token: str, timestamp: str) -> dict[str, Any]:
        top = self._tops[token]
        best_bid = top.best_bid if top.best_bid is not None else Decimal(0)
        best_ask = top.best_ask if top.best_ask is not None else Decimal(1)
        return {
            "event_type": "best_bid_ask",
            "market": self.catalog.tokens[token].condition_id,
            "asset_id": token,
            "best_bid": wire_number(best_bid),
            "best_ask": wire_number(best_ask),
            "spread": wire_number(best_ask - best_bid),
            "timestamp": timestamp,
        }

    def _resolved_event(
        self, resolution: MarketResolution, timestamp: str
    ) -> list[tuple[frozenset[str], dict[str, Any]]]:
        """``market_resolved`` (custom feature, VENUE_APIS.md 2.3) with the tokens it concerns."""
        if resolution.venue is not Venue.POLYMARKET:
            return []
        market = self.catalog.market_by_id.get(resolution.market_id)
        if market is None:
            return []
        where = f"sandbox Polymarket market {resolution.market_id}"
        tokens = json_list(market.get("clobTokenIds"), where + " clobTokenIds")
        event = {
            "event_type": "market_resolved",
            "id": market["id"],
            "question": market.get("question", ""),
            "market": market["conditionId"],
            "slug": market.get("slug", ""),
            "assets_ids": tokens,
            "outcomes": json_list(market.get("outcomes"), where + " outcomes"),
            "winning_asset_id": resolution.winning_token,
            "winning_outcome": resolution.outcome,
            "timestamp": timestamp,
        }
        return [(frozenset(tokens), event)]

    def _deliver(self, connection: PolymarketConnection, frames: list[bytes]) -> None:
        if not connection.socket.deliver(frames, self.exchange.faults, self._malformed_frame):
            self.connections.discard(connection)

    def _malformed_frame(self) -> bytes:
        # Alternate a frame that is not JSON with a price_change that lacks its price_changes.
        self._malformed_sent += 1
        if self._malformed_sent % 2:
            return b'{"event_type":"price_change","market":"0x'
        return b'{"event_type":"price_change","market":"0x0","timestamp":"0"}'

    def burst(self, messages: int) -> dict[str, Any]:
        """Queue ``messages`` price_change messages from the scenario's ``burst_changes`` (each
        resizes one level, both tokens' sides of it) for every subscriber, then one more update
        through the normal path. Updates on tokens nobody subscribes to are applied to the books
        but not counted. Message bodies are encoded before the first frame is sent."""
        started = time.perf_counter()
        targets = [(connection, frozenset(connection.assets)) for connection in self.connections if connection.assets]
        covered = frozenset().union(*(assets for _, assets in targets))
        if not covered:
            return {"venue": "polymarket", "messages": 0, "subscribers": 0, "frames": 0, "prepare_s": 0.0}
        updates = (
            changes
            for changes in self.exchange.scenario.burst_changes(Venue.POLYMARKET, BURST_ATTEMPTS * (messages + 1))
            if any(change.token_id in covered for change in changes)
        )
        timestamp = str(int(time.time() * 1000))
        prepared: list[tuple[frozenset[str], str, list[dict[str, Any]], bytes]] = []
        for changes in itertools.islice(updates, messages):
            for condition_id, entries in self._price_changes(changes):
                tokens = frozenset(entry["asset_id"] for entry in entries)
                encoded = orjson.dumps(_price_change(condition_id, entries, timestamp))
                prepared.append((tokens, condition_id, entries, encoded))
        # Tops as the burst left them, before the final update moves them again: the extras for
        # both (best_bid_ask, tick_size_change) go out with the final update.
        moved_by_burst = self._update_tops((token for tokens, _, _, _ in prepared for token in tokens), timestamp)
        final = next(updates, [])
        frames = 0
        for connection, assets in targets:
            frames += sum(1 for tokens, _, _, _ in prepared if not tokens.isdisjoint(assets))
            connection.socket.send_all(_burst_frames(prepared, assets, timestamp))
        self._broadcast(final, [], moved_by_burst)
        return {
            "venue": "polymarket",
            "messages": len(prepared),
            "subscribers": len(targets),
            "frames": frames,
            "prepare_s": round(time.perf_counter() - started, 6),
        }


def _burst_frames(
    prepared: list[tuple[frozenset[str], str, list[dict[str, Any]], bytes]], assets: frozenset[str], timestamp: str
) -> Iterator[bytes]:
    """One connection's burst frames: the pre-encoded message, or only its own tokens' entries."""
    for tokens, condition_id, entries, encoded in prepared:
        if tokens <= assets:
            yield encoded
        elif not tokens.isdisjoint(assets):
            mine = [entry for entry in entries if entry["asset_id"] in assets]
            yield orjson.dumps(_price_change(condition_id, mine, timestamp))


def _price_change(condition_id: str, entries: list[dict[str, Any]], timestamp: str) -> dict[str, Any]:
    return {"event_type": "price_change", "market": condition_id, "timestamp": timestamp, "price_changes": entries}


def _side(levels: LevelMap, side: BookSide) -> list[dict[str, str]]:
    """Bids ascending, asks descending: both bests LAST, as the CLOB sends them (VENUE_APIS.md 2.2)."""
    prices = sorted(levels.levels, reverse=side is BookSide.ASK)
    return [{"price": wire_number(price), "size": wire_number(levels.levels[price])} for price in prices]


def _book_hash(token_id: str, version: int) -> str:
    """Changes with every book state (there is no seq number to go by, VENUE_APIS.md 2.3); the
    REST book and the stream give the same hash for the same state."""
    return hashlib.sha1(f"{token_id}:{version}".encode()).hexdigest()


def _decimal(value: Any) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))


def _market_tick(market: dict[str, Any]) -> Decimal:
    return _decimal(market.get("orderPriceMinTickSize", "0.01"))


def _json(body: Any, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json")
