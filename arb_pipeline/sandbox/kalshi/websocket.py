"""Kalshi's market-data WebSocket as the sandbox speaks it (docs/venues.md#kalshi-websocket): a
signed handshake, the subscribe / unsubscribe / update_subscription commands with the venue's
error codes, ``orderbook_snapshot`` and sequenced ``orderbook_delta`` messages, ``ticker``
messages when a top of book moves, ``event_fee_update`` on ``market_lifecycle_v2`` when told to
announce a fee override, and the 10 s heartbeat Ping.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson
from aiohttp import WSMsgType, web

from arb_pipeline.aio import cancel_and_wait
from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.context import Exchange, Subscriber
from arb_pipeline.sandbox.faults import Channel, FaultKind
from arb_pipeline.sandbox.feeds import Feed
from arb_pipeline.sandbox.kalshi.catalog import KalshiCatalog
from arb_pipeline.sandbox.kalshi.wire import (
    DELTA_FRAME,
    count_fp,
    delta_msg,
    dollars,
    error_response,
    ladder,
    market_id_for,
    top_of_book,
    utc_seconds,
)
from arb_pipeline.sandbox.keys import SignatureRejected
from arb_pipeline.sandbox.state import KalshiLevelChange, StepResult

MARKETS_PER_SUBSCRIPTION = 256  # docs/venues.md#kalshi-websocket
CHANNELS = frozenset({"orderbook_delta", "ticker", "market_lifecycle_v2"})

# WebSocket error codes (docs/venues.md#kalshi-websocket, from Kalshi's AsyncAPI error table).
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

#: A frame that is not JSON at all, and a well-formed delta missing required fields (no price,
#: no delta, no seq): the two ways venues send garbage.
MALFORMED_FRAMES = (
    b'{"type":"orderbook_delta","sid":1,"seq":',
    b'{"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"UNKNOWN","side":"yes"}}',
)


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


class CommandError(Exception):
    def __init__(self, code: int, text: str) -> None:
        super().__init__(text)
        self.code = code
        self.text = text


class KalshiFeed(Feed[KalshiConnection]):
    def __init__(self, exchange: Exchange, catalog: KalshiCatalog) -> None:
        super().__init__(exchange, Venue.KALSHI, MALFORMED_FRAMES)
        self.catalog = catalog
        self._tops = {ticker: top_of_book(book) for ticker, book in exchange.scenario.kalshi_books.items()}

    # -- the connection ----------------------------------------------------------------------

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        refused = self.exchange.refused_handshake(Venue.KALSHI)
        if refused is not None:
            return refused
        # The handshake is always signed: Kalshi's AsyncAPI requires it (docs/venues.md#kalshi-authentication).
        try:
            self.exchange.keyring.verify(request.headers, "GET", request.rel_url.raw_path)
        except SignatureRejected as exc:
            return error_response(401, f"the WebSocket handshake must be signed: {exc}")
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
                await cancel_and_wait(heartbeat)
                self.connections.discard(connection)
        return socket.ws

    async def _heartbeat(self, socket: Subscriber) -> None:
        # Kalshi pings every 10 s with the body "heartbeat" (docs/venues.md#kalshi-websocket).
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

    # -- commands ----------------------------------------------------------------------------

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
            # Absent key for an empty side (docs/venues.md#kalshi-websocket), levels ascending.
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
        self.broadcast(step.kalshi_changes, [])

    def broadcast(self, changes: list[KalshiLevelChange], moved_earlier: list[str]) -> None:
        """Deltas for ``changes``, and ticker messages for every market whose top of book moved
        (``moved_earlier``: already found moved by a burst)."""
        self.catalog.refresh()
        moved = self.moved_tops(dict.fromkeys(change.ticker for change in changes))
        tickers_moved = list(dict.fromkeys(moved_earlier + moved))
        if not self.connections:
            return
        now_ms = int(time.time() * 1000)
        deltas = [(change.ticker, delta_msg(change, now_ms)) for change in changes]
        tickers = [(ticker, orjson.dumps(self._ticker_msg(ticker, now_ms))) for ticker in tickers_moved]
        for connection in list(self.connections):
            frames = self._frames_for(connection, deltas, tickers)
            if frames:
                self.deliver(connection, frames)

    def announce_fee_update(self, event_ticker: str, fee_type: str | None, multiplier: Decimal | None) -> int:
        """Send an ``event_fee_update`` (docs/venues.md#kalshi-fees) to every
        ``market_lifecycle_v2`` subscription: ``fee_type``/``multiplier`` override the series'
        fees for the event's markets, None clears an override. Returns the messages sent."""
        msg = {
            "event_ticker": event_ticker,
            "fee_type_override": fee_type,
            "fee_multiplier_override": None if multiplier is None else float(multiplier),
        }
        sent = 0
        for connection in list(self.connections):
            frames = [
                orjson.dumps({"type": "event_fee_update", "sid": subscription.sid, "msg": msg})
                for subscription in connection.subscriptions.values()
                if subscription.channel == "market_lifecycle_v2"
            ]
            if frames:
                self.deliver(connection, frames)
                sent += len(frames)
        return sent

    def moved_tops(self, tickers: dict[str, None]) -> list[str]:
        """The markets among ``tickers`` whose top of book moved since last asked."""
        moved = []
        for ticker in tickers:
            book = self.exchange.scenario.kalshi_books.get(ticker)
            if book is None:
                continue
            top = top_of_book(book)
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
                    frame = DELTA_FRAME % (subscription.sid, subscription.seq, msg)
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
            "time": utc_seconds(now_ms),
        }
