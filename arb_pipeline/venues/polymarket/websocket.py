"""Polymarket CLOB market WebSocket: live books per outcome token
(docs/venues.md#polymarket-market-websocket).

One connection (``venues.ws_transport``) per 500 assets. The channel has no sequence numbers, so
a reconnect cannot prove nothing was missed: every reconnect resubscribes and resyncs its tokens
from REST ``POST /books`` before the venue's own snapshots arrive. A malformed message is
logged, counted in ``stats.malformed`` and skipped; messages are parsed whole before any book
changes, so a bad one never leaves a book half-updated.

A lost update on a live connection leaves no gap to see, but the venue names every book state by
a hash (on ``book`` and on each ``price_change`` entry, and on the REST book), and the hash cannot
be recomputed here (the venue hashes its own serialization of the book). So books are audited
against REST every ``audit_interval_s`` and every snapshot is checked, and a divergence is:

* a snapshot (``book`` message or REST) with the live book's hash but other levels: the stream
  reached that state while missing a change on the way;
* a REST book newer than the live one, with other levels and a hash the stream has still not
  announced one audit later: the venue moved on and the stream never said so.

Either way the book takes the venue's levels at once; ``stats.divergences`` counts the finding.

This module holds the subscriptions and the connections; the books, the per-frame path and the
REST resync and audit are :class:`~arb_pipeline.venues.polymarket.ws_books.PolymarketBooks`,
which the stream extends. Message decoding is apart in ``polymarket.parsing.ws_messages``, but for
the usual ``price_change``, which the books decode and apply in one pass (docs/streamer.md#the-hot-path).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import orjson

from arb_pipeline.redaction import install_log_redaction
from arb_pipeline.venues.backoff import WS_RECONNECT, Backoff
from arb_pipeline.venues.http import VenueHttpError
from arb_pipeline.venues.polymarket.constants import (
    MAX_ASSETS_PER_CONNECTION,
    PING_INTERVAL_S,
    PING_MESSAGE,
    RECEIVE_TIMEOUT_S,
)
from arb_pipeline.venues.polymarket.parsing.ws_messages import WS_WHERE
from arb_pipeline.venues.polymarket.rest import PolymarketClobClient
from arb_pipeline.venues.polymarket.ws_books import PolymarketBooks
from arb_pipeline.venues.stream import Attempt, BookUpdate, ChangeSink, keep_connected, take_read
from arb_pipeline.venues.wire import WireFormatError
from arb_pipeline.venues.ws_transport import HandshakeRefused, ReadWatcher, WsConnection, connect

log = logging.getLogger(__name__)


class _Connection:
    """One socket's share of the subscription (at most 500 assets,
    docs/venues.md#polymarket-market-websocket)."""

    __slots__ = ("number", "token_ids", "ws", "task", "connected_once")

    def __init__(self, number: int) -> None:
        self.number = number
        self.token_ids: dict[str, None] = {}
        self.ws: WsConnection | None = None
        self.task: asyncio.Task[None] | None = None
        self.connected_once = False


class PolymarketMarketStream(PolymarketBooks):
    """Live books for a set of Polymarket outcome tokens.

    ``books`` holds a token's book once its first snapshot (WebSocket ``book`` or REST resync)
    has arrived; before that a token has no entry, because changes applied to an empty book would
    look like a real, thin book. ``clob`` is used to resync after reconnects; without it the
    stream relies on the venue's snapshots alone.
    """

    def __init__(
        self,
        ws_url: str,
        token_ids: Iterable[str] = (),
        clob: PolymarketClobClient | None = None,
        *,
        max_assets_per_connection: int = MAX_ASSETS_PER_CONNECTION,
        ping_interval_s: float = PING_INTERVAL_S,
        receive_timeout_s: float = RECEIVE_TIMEOUT_S,
        reconnect: Backoff = WS_RECONNECT,
        resync_timeout_s: float = 30.0,
        audit_interval_s: float | None = 60.0,
        update_queue_size: int = 100_000,
    ) -> None:
        if not 1 <= max_assets_per_connection <= MAX_ASSETS_PER_CONNECTION:
            raise ValueError(f"max_assets_per_connection must be 1..{MAX_ASSETS_PER_CONNECTION}, got {max_assets_per_connection}")
        super().__init__(clob, update_queue_size)
        self.ws_url = ws_url
        self.max_assets_per_connection = max_assets_per_connection
        self.ping_interval_s = ping_interval_s
        self.receive_timeout_s = receive_timeout_s
        self.reconnect = reconnect
        self.resync_timeout_s = resync_timeout_s
        if audit_interval_s is not None and not audit_interval_s > 0:
            raise ValueError(f"audit_interval_s must be > 0 or None, got {audit_interval_s!r}")
        self.audit_interval_s = audit_interval_s

        self._connections: list[_Connection] = []
        self._token_connection: dict[str, _Connection] = {}
        self._background: set[asyncio.Task[Any]] = set()
        self._stop: asyncio.Event | None = None
        self._stopped: asyncio.Event | None = None
        #: Called with every text frame as it arrives, before it is applied (a recorder).
        self.on_frame: Callable[[str | bytes], None] | None = None
        #: Told of every socket read of the connections opened from now on (the streamer
        #: evaluates a read's changes at its end).
        self.reads: ReadWatcher | None = None
        #: When set (and no ``updates()`` consumer is waiting), each socket read's frames are
        #: applied in one call and their plain price_changes' books marked here (:meth:`apply_frames`).
        self.sink: ChangeSink | None = None
        install_log_redaction()
        self.subscribe(token_ids)

    # -----------------------------------------------------------------------------------------
    # Subscription

    @property
    def connection_token_ids(self) -> list[list[str]]:
        """The tokens each connection carries, one list per connection."""
        return [list(conn.token_ids) for conn in self._connections]

    @property
    def running(self) -> bool:
        return self._stop is not None and not self._stop.is_set()

    def subscribe(self, token_ids: Iterable[str]) -> None:
        """Add tokens. Connections with room take them (sending ``operation: subscribe`` when
        live); the rest open new connections. Takes effect at once when the stream is running,
        else at :meth:`run`."""
        new = [token for token in dict.fromkeys(str(token) for token in token_ids) if token not in self._token_connection]
        for conn in self._connections:
            room = self.max_assets_per_connection - len(conn.token_ids)
            if not new or room <= 0:
                continue
            batch, new = new[:room], new[room:]
            self._assign(conn, batch)
            if conn.ws is not None:
                self._send(conn.ws, {"assets_ids": batch, "operation": "subscribe", "custom_feature_enabled": True})
        while new:
            conn = _Connection(len(self._connections))
            self._connections.append(conn)
            batch, new = new[: self.max_assets_per_connection], new[self.max_assets_per_connection :]
            self._assign(conn, batch)
            if self.running:
                self._start(conn)

    def unsubscribe(self, token_ids: Iterable[str]) -> None:
        """Drop tokens and everything held for them; later messages about them are ignored."""
        by_connection: dict[int, list[str]] = {}
        for token in dict.fromkeys(str(token) for token in token_ids):
            conn = self._token_connection.pop(token, None)
            if conn is None:
                continue
            del conn.token_ids[token]
            by_connection.setdefault(conn.number, []).append(token)
            self.books.pop(token, None)
            self.last_trades.pop(token, None)
            self.best_quotes.pop(token, None)
        for number, tokens in by_connection.items():
            ws = self._connections[number].ws
            if ws is not None:
                self._send(ws, {"assets_ids": tokens, "operation": "unsubscribe"})

    def is_live(self, token: str) -> bool:
        """True when the token's book came from a snapshot and its connection is up (a book whose
        socket dropped waits for the REST resync and the new snapshots)."""
        conn = self._token_connection.get(token)
        return conn is not None and conn.ws is not None and token in self.books

    def connections_up(self) -> list[tuple[int, bool]]:
        """(connection number, up) for every connection that carries tokens."""
        return [(conn.number, conn.ws is not None) for conn in self._connections if conn.token_ids]

    def resubscribe(self, token_ids: Iterable[str]) -> int:
        """Unsubscribe and subscribe ``token_ids`` again on their live connections, so the venue
        sends fresh snapshots (a watchdog's first step for a token that went quiet); returns the
        tokens asked for."""
        by_connection: dict[int, list[str]] = {}
        for token in dict.fromkeys(token_ids):
            conn = self._token_connection.get(token)
            if conn is not None and conn.ws is not None:
                by_connection.setdefault(conn.number, []).append(token)
        for number, tokens in by_connection.items():
            ws = self._connections[number].ws
            assert ws is not None
            self._send(ws, {"assets_ids": tokens, "operation": "unsubscribe"})
            self._send(ws, {"assets_ids": tokens, "operation": "subscribe", "custom_feature_enabled": True})
        return sum(len(tokens) for tokens in by_connection.values())

    async def reconnect(self, token_ids: Iterable[str]) -> int:
        """Drop the connections carrying ``token_ids``; each reconnects, resyncs from REST and
        subscribes again. Returns the connections dropped."""
        numbers = {conn.number for token in token_ids if (conn := self._token_connection.get(token)) is not None}
        dropped = 0
        for number in numbers:
            ws = self._connections[number].ws
            if ws is not None:
                await ws.close()
                dropped += 1
        return dropped

    def _assign(self, conn: _Connection, tokens: list[str]) -> None:
        for token in tokens:
            conn.token_ids[token] = None
            self._token_connection[token] = conn

    def _send(self, ws: WsConnection, payload: dict[str, Any]) -> None:
        try:
            ws.send_text(orjson.dumps(payload).decode())
        except ConnectionError as exc:
            # The socket died; its reconnect sends the full subscription again.
            log.warning("%s: could not send %s: %s", WS_WHERE, payload.get("operation", "subscribe"), exc)

    # -----------------------------------------------------------------------------------------
    # Connections

    async def run(self) -> None:
        """Connect and keep every connection alive until :meth:`close`."""
        if self.running:
            raise RuntimeError("this stream is already running")
        self._stop = asyncio.Event()
        self._stopped = asyncio.Event()
        try:
            for conn in self._connections:
                self._start(conn)
            if self.clob is not None and self.audit_interval_s is not None:
                auditor = asyncio.create_task(self._audit_forever(self.audit_interval_s), name="polymarket-ws-audit")
                self._background.add(auditor)
                auditor.add_done_callback(self._background.discard)
            await self._stop.wait()
        finally:
            self._stop.set()
            tasks = [conn.task for conn in self._connections if conn.task is not None] + list(self._background)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for conn in self._connections:
                conn.task = None
                conn.ws = None
            self._end_consumers()
            self._stopped.set()

    async def close(self) -> None:
        """Stop every connection and end :meth:`updates` iterators. Books stay readable."""
        if self._stop is None or self._stopped is None:
            return
        self._stop.set()
        await self._stopped.wait()

    async def updates(self) -> AsyncIterator[BookUpdate]:
        """Every applied update, in order. Starts the stream if it is not running (and stops it
        when the iteration ends: iterate under ``contextlib.aclosing`` so that happens at once);
        ends when the stream closes. A consumer that falls more than
        ``update_queue_size`` behind loses updates, counted as ``updates_dropped``; the books
        themselves stay exact."""
        queue: asyncio.Queue[BookUpdate | None] = asyncio.Queue(maxsize=self.update_queue_size)
        self._consumers.append(queue)
        runner = None if self.running else asyncio.create_task(self.run())
        try:
            while True:
                update = await queue.get()
                if update is None:
                    break
                yield update
        finally:
            self._consumers.remove(queue)
            if runner is not None:
                await self.close()
                await runner

    async def _audit_forever(self, interval_s: float) -> None:
        assert self._stop is not None
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), interval_s)
            if self._stop.is_set():
                return
            try:
                await asyncio.wait_for(self.audit(), self.resync_timeout_s)
            except (VenueHttpError, WireFormatError, TimeoutError) as exc:
                # The stream goes on; the next audit tries again.
                self.stats.count_error("audit_failed")
                log.warning("%s: REST audit failed: %s", WS_WHERE, exc)

    def _start(self, conn: _Connection) -> None:
        conn.task = asyncio.create_task(self._keep_connected(conn), name=f"polymarket-ws-{conn.number}")

    async def _keep_connected(self, conn: _Connection) -> None:
        assert self._stop is not None
        # One policy per socket: each connection's failures in a row are its own.
        where = f"{WS_WHERE} connection {conn.number}"
        await keep_connected(lambda: self._attempt(conn), self._stop, self.stats, self.reconnect, where)

    async def _attempt(self, conn: _Connection) -> Attempt:
        """One connection of ``conn``, from the handshake to its drop; it worked if it delivered
        a frame (a socket that opens and drops at once keeps backing off)."""
        assert self._stop is not None
        delivered = 0
        opened = False
        retry_after_s = None
        try:
            # The venue wants the text "PING" every 10 s, not a WebSocket ping frame, and a
            # socket silent for three of those is dead (docs/venues.md#polymarket-market-websocket).
            ws = await connect(
                self.ws_url, self._on_frame, text_ping=(self.ping_interval_s, PING_MESSAGE), receive_timeout_s=self.receive_timeout_s,
                reads=self.reads, on_frames=self._on_frames,
            )
            opened = True
            try:
                if conn.connected_once:
                    await self._resync_connection(conn)
                    if self._stop.is_set():
                        # close() sets the stop before it cancels this task, and on Python
                        # 3.11 a cancel that lands as the resync's wait_for completes is
                        # swallowed: without this check the socket would be read forever.
                        return Attempt(opened=True, worked=False)
                conn.connected_once = True
                # Read the token list and publish the socket in one step (no await between),
                # so a subscribe() from now on goes out as its own operation message.
                conn.ws = ws
                tokens = list(conn.token_ids)
                if tokens:
                    ws.send_text(orjson.dumps({"assets_ids": tokens, "type": "market", "custom_feature_enabled": True}).decode())
                await ws.wait_closed()
                log.warning("%s connection %d closed by the venue (code %s)", WS_WHERE, conn.number, ws.close_code)
            finally:
                delivered = ws.frames
                await ws.close()
        except HandshakeRefused as exc:
            # 429 (too many connections) or 503: the venue may say when to come back.
            retry_after_s = exc.retry_after_s
            self.stats.count_error(f"handshake_{exc.status}")
            log.warning(
                "%s connection %d: handshake refused (HTTP %s%s)",
                WS_WHERE,
                conn.number,
                exc.status,
                "" if retry_after_s is None else f", Retry-After {retry_after_s:g}s",
            )
        except (OSError, TimeoutError) as exc:
            self.stats.count_error(f"ws_{type(exc).__name__}")
            log.warning("%s connection %d lost: %s: %s", WS_WHERE, conn.number, type(exc).__name__, exc)
        except Exception:
            # A bug must not end the feed silently: log it loudly and reconnect.
            self.stats.count_error("ws_unexpected")
            log.exception("%s connection %d failed unexpectedly", WS_WHERE, conn.number)
        finally:
            conn.ws = None
        return Attempt(opened, delivered > 0, retry_after_s)

    async def _resync_connection(self, conn: _Connection) -> None:
        # States the venue passed through while this socket was down will never be announced
        # on it: that is what the resync is for, not a lost update.
        for token in conn.token_ids:
            self._unannounced.pop(token, None)
        # Before resubscribing, so no WebSocket update of these tokens can race the REST answer.
        if self.clob is None or not conn.token_ids:
            return
        try:
            await asyncio.wait_for(self.resync(list(conn.token_ids)), self.resync_timeout_s)
        except (VenueHttpError, WireFormatError, TimeoutError) as exc:
            # The venue sends fresh snapshots on subscribe; a failed resync only loses the head start.
            self.stats.count_error("resync_failed")
            log.warning("%s connection %d: REST resync failed: %s", WS_WHERE, conn.number, exc)

    def _on_frames(self, frames: list[bytes]) -> None:
        # Called by the transport inside a socket read, with (some of) the read's messages.
        take_read(frames, self.sink, bool(self._consumers), self.on_frame, self._on_frame, self.apply_frames)

    def _on_frame(self, frame: bytes) -> None:
        # Called by the transport inside the socket read, for every text or binary message of
        # every connection.
        if self.on_frame is not None:
            self.on_frame(frame)
        updates = self.apply_frame(frame)
        if updates:
            self._deliver(updates)
