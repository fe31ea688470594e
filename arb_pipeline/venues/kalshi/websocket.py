"""Kalshi market-data WebSocket (docs/venues.md#kalshi-websocket): live books from
``orderbook_snapshot`` and ``orderbook_delta``, top of book from ``ticker``.

One connection carries every subscription; tickers are subscribed in chunks of at most 256 (the
per-subscription market limit). ``seq`` increases by one per ``sid``: a gap means a missed delta,
so that subscription's books are marked unusable and fresh snapshots are requested with
``update_subscription``/``get_snapshot`` (falling back to a resubscribe). A dropped connection is
reopened with exponential backoff and jitter and everything is subscribed again: new sids, new
seqs, fresh snapshots.

:meth:`KalshiMarketStream.apply_message` is the whole per-message path without a socket, so
tests and benchmarks drive it directly: it decodes the message (``kalshi.parsing.ws_messages``),
checks its place in the subscription's ``seq`` order, and updates dict ladders in place.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable
from datetime import UTC, datetime
from decimal import InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import orjson

from arb_pipeline.domain.books import LiveKalshiBook
from arb_pipeline.domain.models import KalshiOrderBook, TopOfBook, Venue
from arb_pipeline.redaction import install_log_redaction, redact, redact_url
from arb_pipeline.venues.backoff import ReconnectPolicy
from arb_pipeline.venues.kalshi.auth import KalshiCredentialsError, KalshiSigner
from arb_pipeline.venues.kalshi.constants import (
    API_KEY_ID_ENV,
    CREDENTIALS_HINT,
    DEFAULT_CHANNELS,
    PRIVATE_KEY_PATH_ENV,
    RECONNECT_BASE_DELAY_S,
    RECONNECT_MAX_DELAY_S,
    SUBSCRIPTION_MARKET_LIMIT,
    TERMINAL_SUBSCRIPTION_ERRORS,
    WS_ERROR_MEANINGS,
    KalshiChannel,
    KalshiWsErrorCode,
)
from arb_pipeline.venues.kalshi.parsing.ws_messages import (
    FeeUpdateMessage,
    decode_delta,
    decode_fee_update,
    decode_snapshot,
    decode_ticker,
    decode_trade,
)
from arb_pipeline.venues.stream import BookUpdate, StreamStats, UpdateKind, handshake_retry_after
from arb_pipeline.venues.wire import WireFormatError

log = logging.getLogger(__name__)

_KALSHI = Venue.KALSHI
_DELTA = UpdateKind.DELTA
_SNAPSHOT = UpdateKind.SNAPSHOT
_TICKER = UpdateKind.TICKER
_TRADE = UpdateKind.TRADE
_MALFORMED_ERRORS = (WireFormatError, KeyError, TypeError, ValueError, InvalidOperation, AttributeError)


# Where one message stands in its subscription's seq order.
_NEXT, _SEEN, _GAP = 0, 1, 2


class _HandshakeRefused(Exception):
    """The venue answered the handshake with an HTTP status other than 101 (and not 401/403)."""

    def __init__(self, status: int, retry_after_s: float | None) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
        self.retry_after_s = retry_after_s


class KalshiMarketStream:
    """Keeps :attr:`books` (one :class:`LiveKalshiBook` per subscribed ticker) and
    :attr:`top_of_book` current from one Kalshi WebSocket connection.

    ``async for update in client.updates(): ...`` runs the connection and yields a
    :class:`BookUpdate` per applied change; ``await client.run()`` runs it without a consumer.
    """

    def __init__(
        self,
        ws_url: str,
        signer: KalshiSigner | None,
        tickers: Iterable[str],
        channels: Iterable[str] = DEFAULT_CHANNELS,
        *,
        reconnect_base_delay_s: float = RECONNECT_BASE_DELAY_S,
        reconnect_max_delay_s: float = RECONNECT_MAX_DELAY_S,
        resync_timeout_s: float = 5.0,
        heartbeat_s: float | None = 20.0,
        update_queue_size: int = 100_000,
    ) -> None:
        self.ws_url = ws_url
        self.signer = signer
        self.tickers = tuple(dict.fromkeys(tickers))
        self.channels = tuple(KalshiChannel(c).value for c in channels)
        if not self.channels:
            raise ValueError("Kalshi WebSocket needs at least one channel")
        if not self.tickers and KalshiChannel.ORDERBOOK_DELTA in self.channels:
            raise ValueError("Kalshi orderbook_delta requires market tickers (docs/venues.md#kalshi-websocket)")
        self.books: dict[str, LiveKalshiBook] = (
            {t: LiveKalshiBook(t) for t in self.tickers} if KalshiChannel.ORDERBOOK_DELTA in self.channels else {}
        )
        self.top_of_book: dict[str, TopOfBook] = {}
        #: The fee overrides announced on ``market_lifecycle_v2``, by event ticker.
        self.fee_overrides: dict[str, FeeUpdateMessage] = {}
        self.stats = StreamStats()
        self.outbox: list[dict[str, Any]] = []  # commands apply_message decided to send
        #: Called with every text frame as it arrives, before it is applied (a recorder).
        self.on_frame: Callable[[str | bytes], None] | None = None

        self.reconnect_base_delay_s = reconnect_base_delay_s
        self.reconnect_max_delay_s = reconnect_max_delay_s
        self.resync_timeout_s = resync_timeout_s
        self.heartbeat_s = heartbeat_s
        self.update_queue_size = update_queue_size
        self.dropped_updates = 0

        self._next_id = 1
        self._pending_subscribe: dict[int, tuple[str, ...]] = {}  # command id -> tickers
        self._sub_tickers: dict[int, tuple[str, ...]] = {}  # sid -> tickers
        self._sub_channel: dict[int, str] = {}  # sid -> channel
        self._last_seq: dict[int, int] = {}  # sid -> last seq seen
        self._book_sid: dict[str, int] = {}  # ticker -> sid carrying its orderbook
        self._synced: set[str] = set()
        self._snapshot_requests: dict[int, int] = {}  # get_snapshot command id -> sid
        self._resyncing: dict[int, tuple[float, set[str]]] = {}  # sid -> (asked at, tickers awaited)

        self._queues: list[asyncio.Queue[BookUpdate]] = []
        self._background: set[asyncio.Task[None]] = set()
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._run_task: asyncio.Task[None] | None = None
        self._owns_run_task = False
        self._closed = asyncio.Event()
        self._connections = 0
        install_log_redaction()

    # --- state a consumer reads -----------------------------------------------------------

    def is_synced(self, ticker: str) -> bool:
        """True when the ticker's book came from a snapshot and no delta since was missed."""
        return ticker in self._synced

    @property
    def connected(self) -> bool:
        return self._ws is not None

    # --- changing the subscription while running --------------------------------------------

    def add_tickers(self, tickers: Iterable[str]) -> list[str]:
        """Watch more markets: their books exist at once (empty, not synced) and, on a live
        connection, a subscribe command goes out now; otherwise the next connection subscribes
        them with the rest. Returns the tickers that were new."""
        new = [ticker for ticker in dict.fromkeys(tickers) if ticker not in self.books]
        if not new:
            return []
        self.tickers = (*self.tickers, *new)
        for ticker in new:
            self.books[ticker] = LiveKalshiBook(ticker)
        if self._ws is not None:
            self._subscribe(tuple(new), self.channels)
            self._send_outbox()
        return new

    def remove_tickers(self, tickers: Iterable[str]) -> list[str]:
        """Stop watching markets: their books are dropped at once (later messages about them are
        ignored) and each subscription carrying them is told to delete them."""
        gone = [ticker for ticker in dict.fromkeys(tickers) if ticker in self.books]
        if not gone:
            return []
        dropped = set(gone)
        self.tickers = tuple(ticker for ticker in self.tickers if ticker not in dropped)
        by_sid: dict[int, list[str]] = {}
        for ticker in gone:
            del self.books[ticker]
            self._synced.discard(ticker)
            self.top_of_book.pop(ticker, None)
            sid = self._book_sid.pop(ticker, None)
            if sid is not None:
                by_sid.setdefault(sid, []).append(ticker)
        for sid, removed in by_sid.items():
            self._sub_tickers[sid] = tuple(t for t in self._sub_tickers.get(sid, ()) if t not in dropped)
            if self._ws is not None:
                self._command("update_subscription", {"sids": [sid], "market_tickers": removed, "action": "delete_markets"})
        if self._ws is not None:
            self._send_outbox()
        return gone

    def request_snapshots(self, tickers: Iterable[str]) -> int:
        """Ask for fresh snapshots of ``tickers`` on their subscriptions (a watchdog's first step
        for a market that went quiet); returns the subscriptions asked."""
        sids = {self._book_sid[ticker] for ticker in tickers if ticker in self._book_sid}
        for sid in sids:
            self._request_snapshots(sid)
        if sids and self._ws is not None:
            self._send_outbox()
        return len(sids)

    async def reconnect(self) -> bool:
        """Drop the connection on purpose; :meth:`run` opens a new one and subscribes everything
        again (fresh snapshots). False when no connection is up."""
        ws = self._ws
        if ws is None:
            return False
        await ws.close()
        return True

    def apply_rest_book(self, book: KalshiOrderBook) -> BookUpdate | None:
        """Take a REST book for a watched market, and ask its subscription for a snapshot: a REST
        book carries no ``seq``, so the deltas after it are trusted only from that snapshot on
        (until it comes, the book is shown but not synced)."""
        live = self.books.get(book.ticker)
        if live is None:
            return None
        live.yes.replace(book.yes_bids)
        live.no.replace(book.no_bids)
        live.received_ts = book.received_ts
        live.venue_ts = book.venue_ts
        self.request_snapshots([book.ticker])
        self.stats.resyncs += 1
        return BookUpdate(_KALSHI, book.ticker, _SNAPSHOT, book.received_ts, book.venue_ts)

    def _send_outbox(self) -> None:
        ws = self._ws
        if ws is None or not self.outbox:
            return
        task = asyncio.ensure_future(self._flush(ws))
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    # --- commands -------------------------------------------------------------------------

    def _command(self, cmd: str, params: dict[str, Any]) -> int:
        command_id = self._next_id
        self._next_id += 1
        self.outbox.append({"id": command_id, "cmd": cmd, "params": params})
        return command_id

    def _subscribe(self, tickers: tuple[str, ...], channels: tuple[str, ...]) -> None:
        for start in range(0, len(tickers), SUBSCRIPTION_MARKET_LIMIT):
            chunk = tickers[start : start + SUBSCRIPTION_MARKET_LIMIT]
            command_id = self._command("subscribe", {"channels": list(channels), "market_tickers": list(chunk)})
            self._pending_subscribe[command_id] = chunk

    def start_session(self) -> None:
        """Forget every subscription and queue subscribe commands for all tickers, as a new
        connection needs: sids and seqs do not survive a reconnect
        (docs/venues.md#kalshi-websocket)."""
        self._next_id = 1
        self.outbox.clear()
        self._pending_subscribe.clear()
        self._sub_tickers.clear()
        self._sub_channel.clear()
        self._last_seq.clear()
        self._book_sid.clear()
        self._synced.clear()
        self._snapshot_requests.clear()
        self._resyncing.clear()
        self._subscribe(self.tickers, self.channels)

    def _sid_books(self, sid: int) -> list[str]:
        return [ticker for ticker, book_sid in self._book_sid.items() if book_sid == sid]

    def _request_snapshots(self, sid: int) -> None:
        tickers = self._sid_books(sid)
        if not tickers:
            return
        self._synced.difference_update(tickers)
        awaited = self._resyncing[sid][1] if sid in self._resyncing else set()
        # Snapshots already asked for come after this gap in the stream, so they are fresh;
        # only books resynced since then need asking again.
        tickers = [ticker for ticker in tickers if ticker not in awaited]
        if not tickers:
            return
        command_id = self._command(
            "update_subscription", {"sids": [sid], "market_tickers": tickers, "action": "get_snapshot"}
        )
        self._snapshot_requests[command_id] = sid
        self._resyncing[sid] = (time.monotonic(), awaited | set(tickers))
        self.stats.resyncs += 1

    def _resubscribe(self, sid: int, *, unsubscribe: bool) -> None:
        """Replace subscription ``sid`` by a fresh one over the same tickers and channel."""
        channel = self._sub_channel.pop(sid, KalshiChannel.ORDERBOOK_DELTA.value)
        tickers = self._sub_tickers.pop(sid, None) or tuple(self._sid_books(sid))
        self._last_seq.pop(sid, None)
        self._resyncing.pop(sid, None)
        for ticker in self._sid_books(sid):
            del self._book_sid[ticker]
            self._synced.discard(ticker)
        if unsubscribe:
            self._command("unsubscribe", {"sids": [sid]})
        if tickers:
            self._subscribe(tickers, (channel,))
        self.stats.resyncs += 1

    def expire_resyncs(self, now: float | None = None) -> None:
        """Resubscribe any subscription whose requested snapshots did not come in time."""
        if not self._resyncing:
            return
        now = time.monotonic() if now is None else now
        for sid, (asked_at, _) in list(self._resyncing.items()):
            if now - asked_at >= self.resync_timeout_s:
                log.warning("kalshi ws: snapshots for sid %s did not arrive in %.1fs; resubscribing", sid, self.resync_timeout_s)
                self._resubscribe(sid, unsubscribe=True)

    # --- the per-message path -------------------------------------------------------------

    def apply_frame(self, frame: str | bytes) -> BookUpdate | None:
        """Decode one text frame and apply it; a frame that is not a JSON object is counted as
        malformed and skipped."""
        self.stats.frames += 1
        try:
            message = orjson.loads(frame)
        except orjson.JSONDecodeError as exc:
            self._malformed(f"not JSON ({exc})", frame)
            return None
        if not isinstance(message, dict):
            self._malformed("not a JSON object", frame)
            return None
        return self.apply_message(message)

    def _malformed(self, problem: str, message: Any) -> None:
        self.stats.malformed += 1
        text = message if isinstance(message, (str, bytes)) else repr(message)
        log.warning("kalshi ws: skipped malformed message (%s): %.200s", problem, text)

    def apply_message(self, message: dict[str, Any]) -> BookUpdate | None:
        """Apply one decoded message to the books; returns the update it made, if any. Never
        raises on bad input: a malformed message is logged, counted and skipped, and a book
        message lost that way makes its subscription resync (the book missed a change)."""
        self.stats.messages += 1
        kind = message.get("type")
        try:
            if kind == "orderbook_delta":
                return self._on_delta(message)
            if kind == "orderbook_snapshot":
                return self._on_snapshot(message)
            if kind == "ticker":
                return self._on_ticker(message)
            if kind == "trade":
                return self._on_trade(message)
            if kind == "event_fee_update":
                return self._on_fee_update(message)
            if kind == "subscribed":
                self._on_subscribed(message)
            elif kind == "ok" or kind == "unsubscribed":
                self._on_ack(message, kind)
            elif kind == "error":
                self._on_error(message)
            elif not isinstance(kind, str):
                raise WireFormatError("kalshi ws message", "missing field 'type'")
            return None
        except _MALFORMED_ERRORS as exc:
            self._malformed(f"{kind}: {exc}", message)
            self._after_lost_message(message)
            return None

    def _after_lost_message(self, message: dict[str, Any]) -> None:
        sid, seq = message.get("sid"), message.get("seq")
        if type(sid) is int and type(seq) is int and sid in self._last_seq:
            # The lost message held a seq number: whatever it changed is missing from the book.
            if self._sequence(sid, seq) == _NEXT:
                self._request_snapshots(sid)

    def _sequence(self, sid: Any, seq: Any) -> int:
        """Track ``seq`` per ``sid`` (it increases by one, docs/venues.md#kalshi-websocket). On a
        gap the subscription's books are marked unusable and snapshots requested."""
        if type(sid) is not int or type(seq) is not int:
            raise WireFormatError("kalshi ws message", f"sid/seq must be integers, got sid={sid!r} seq={seq!r}")
        last = self._last_seq.get(sid)
        if last is None or seq == last + 1:
            self._last_seq[sid] = seq
            return _NEXT
        if seq <= last:
            log.debug("kalshi ws: sid %s seq %s already seen (last %s)", sid, seq, last)
            return _SEEN
        self.stats.gaps += 1
        log.warning("kalshi ws: sid %s jumped from seq %s to %s; requesting snapshots", sid, last, seq)
        self._last_seq[sid] = seq
        self._request_snapshots(sid)
        return _GAP

    def _on_delta(self, message: dict[str, Any]) -> BookUpdate | None:
        delta = decode_delta(message)
        sid, ticker = delta.sid, delta.ticker
        if self._sequence(sid, delta.seq) != _NEXT:
            return None
        book = self.books.get(ticker)
        if book is None or ticker not in self._synced or self._book_sid.get(ticker) != sid:
            return None
        (book.yes if delta.side == "yes" else book.no).add(delta.price, delta.delta)
        now = datetime.now(tz=UTC)
        book.received_ts = now
        book.venue_ts = delta.venue_ts
        self.stats.updates += 1
        return BookUpdate(_KALSHI, ticker, _DELTA, now, delta.venue_ts)

    def _on_snapshot(self, message: dict[str, Any]) -> BookUpdate | None:
        snapshot = decode_snapshot(message)
        sid, ticker = snapshot.sid, snapshot.ticker
        # A snapshot is the whole book, so one that arrives after a gap is still good to apply.
        if self._sequence(sid, snapshot.seq) == _SEEN:
            return None
        book = self.books.get(ticker)
        if book is None or self._book_sid.get(ticker, sid) != sid:
            return None
        book.yes.replace(snapshot.yes)
        book.no.replace(snapshot.no)
        now = datetime.now(tz=UTC)
        book.received_ts = now
        book.venue_ts = snapshot.venue_ts
        self._book_sid[ticker] = sid
        self._synced.add(ticker)
        pending = self._resyncing.get(sid)
        if pending is not None:
            pending[1].discard(ticker)
            if not pending[1]:
                del self._resyncing[sid]
                for command_id in [c for c, request_sid in self._snapshot_requests.items() if request_sid == sid]:
                    del self._snapshot_requests[command_id]
        self.stats.updates += 1
        return BookUpdate(_KALSHI, ticker, _SNAPSHOT, now, snapshot.venue_ts)

    def _on_ticker(self, message: dict[str, Any]) -> BookUpdate:
        ticker = decode_ticker(message)
        self.top_of_book[ticker.ticker] = ticker.quote
        self.stats.updates += 1
        return BookUpdate(_KALSHI, ticker.ticker, _TICKER, datetime.now(tz=UTC), ticker.venue_ts)

    def _on_trade(self, message: dict[str, Any]) -> BookUpdate | None:
        trade = decode_trade(message)
        if trade.sequenced and self._sequence(trade.sid, trade.seq) != _NEXT:
            return None
        self.stats.updates += 1
        return BookUpdate(_KALSHI, trade.ticker, _TRADE, datetime.now(tz=UTC), trade.venue_ts)

    def _on_fee_update(self, message: dict[str, Any]) -> BookUpdate:
        update = decode_fee_update(message)
        self.fee_overrides[update.event_ticker] = update
        self.stats.updates += 1
        return BookUpdate(_KALSHI, update.event_ticker, UpdateKind.FEES, datetime.now(tz=UTC), None)

    def _on_subscribed(self, message: dict[str, Any]) -> None:
        msg = message["msg"]
        sid, channel = msg["sid"], msg["channel"]
        if type(sid) is not int:
            raise WireFormatError("kalshi ws subscribed field 'sid'", f"expected an integer, got {sid!r}")
        tickers = self._pending_subscribe.get(message.get("id"), ())
        self._sub_tickers[sid] = tickers
        self._sub_channel[sid] = channel
        if channel == KalshiChannel.ORDERBOOK_DELTA:
            for ticker in tickers:
                self._book_sid[ticker] = sid
        log.debug("kalshi ws: subscribed %s sid %s (%d markets)", channel, sid, len(tickers))

    def _on_ack(self, message: dict[str, Any], kind: str) -> None:
        sid, seq = message.get("sid"), message.get("seq")
        # `ok`/`unsubscribed` may carry the subscription's seq (Kalshi's AsyncAPI examples); run it
        # through the same check so neither a consumed number nor a gap goes unnoticed.
        if sid is not None and seq is not None and sid in self._last_seq:
            self._sequence(sid, seq)
        if kind == "unsubscribed" and type(sid) is int:
            self._sub_tickers.pop(sid, None)
            self._sub_channel.pop(sid, None)
            self._last_seq.pop(sid, None)

    def _on_error(self, message: dict[str, Any]) -> None:
        msg = message.get("msg") or {}
        code = msg.get("code")
        text = msg.get("msg")
        meaning = WS_ERROR_MEANINGS.get(code, "unlisted error code") if type(code) is int else "no error code"
        self.stats.count_error(str(code))
        command_id = message.get("id")
        sid = message.get("sid", msg.get("sid"))
        if command_id in self._snapshot_requests:
            sid = self._snapshot_requests.pop(command_id)
            log.warning("kalshi ws: get_snapshot for sid %s refused (%s %s: %s); resubscribing", sid, code, meaning, redact(str(text)))
            self._resubscribe(sid, unsubscribe=code not in TERMINAL_SUBSCRIPTION_ERRORS)
            return
        if code in TERMINAL_SUBSCRIPTION_ERRORS:
            # The server ended the subscription; the only way back is a new one (Kalshi's AsyncAPI).
            log.warning("kalshi ws: subscription error %s (%s: %s); resubscribing", code, meaning, redact(str(text)))
            if type(sid) is int and (sid in self._sub_channel or sid in self._last_seq):
                self._resubscribe(sid, unsubscribe=False)
            elif command_id in self._pending_subscribe:
                self._subscribe(self._pending_subscribe.pop(command_id), self.channels)
                self.stats.resyncs += 1
            return
        if code == KalshiWsErrorCode.AUTHENTICATION_REQUIRED:
            # The venue's text may quote the credential it refused.
            log.error("kalshi ws: %s (%s); %s", meaning, redact(str(text)), CREDENTIALS_HINT)
            return
        log.warning("kalshi ws: error %s (%s: %s) for command %s", code, meaning, redact(str(text)), command_id)

    # --- the connection -------------------------------------------------------------------

    def _handshake_headers(self) -> dict[str, str]:
        # Always sign: the AsyncAPI requires auth for the connection itself
        # (docs/venues.md#kalshi-authentication).
        if self.signer is None:
            return {}
        return self.signer.headers("GET", urlsplit(self.ws_url).path)

    def _refused(self, status: int) -> KalshiCredentialsError:
        if self.signer is None:
            return KalshiCredentialsError(
                f"Kalshi WebSocket {self.ws_url} refused the unsigned handshake (HTTP {status}); "
                f"the connection must be signed: {CREDENTIALS_HINT}"
            )
        return KalshiCredentialsError(
            f"Kalshi WebSocket {self.ws_url} refused the signed handshake (HTTP {status}): check that "
            f"{API_KEY_ID_ENV} is the id of the key in {PRIVATE_KEY_PATH_ENV} and that this machine's clock is right"
        )

    def _publish(self, update: BookUpdate) -> None:
        for queue in self._queues:
            if queue.full():
                # The books are always current; an old notification is the one to lose.
                queue.get_nowait()
                self.dropped_updates += 1
            queue.put_nowait(update)

    async def _flush(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        try:
            while self.outbox:
                await ws.send_str(orjson.dumps(self.outbox.pop(0)).decode())
        except (aiohttp.ClientError, ConnectionError, RuntimeError) as exc:
            # The socket died under the command; the next connection subscribes everything again.
            log.warning("kalshi ws: could not send a command: %s", exc)

    async def _session(self, session: aiohttp.ClientSession) -> None:
        refused: tuple[int, float | None] | None = None
        try:
            ws = await session.ws_connect(
                self.ws_url, headers=self._handshake_headers(), heartbeat=self.heartbeat_s, autoping=True, max_msg_size=0
            )
        except aiohttp.WSServerHandshakeError as exc:
            refused = exc.status, handshake_retry_after(exc.status, exc.headers)
        if refused is not None:
            # Raised outside the except block, so aiohttp's error is not attached as context: it
            # holds the signed handshake headers (key id and signature) in its request_info.
            status, retry_after_s = refused
            if status in (401, 403):
                raise self._refused(status)
            raise _HandshakeRefused(status, retry_after_s)
        self._ws = ws
        self._connections += 1
        try:
            self.start_session()
            await self._flush(ws)
            while not self._closed.is_set():
                timeout = self.resync_timeout_s if self._resyncing else None
                try:
                    frame = await ws.receive(timeout=timeout)
                except TimeoutError:
                    self.expire_resyncs()
                    await self._flush(ws)
                    continue
                if frame.type is aiohttp.WSMsgType.TEXT or frame.type is aiohttp.WSMsgType.BINARY:
                    if self.on_frame is not None:
                        self.on_frame(frame.data)
                    update = self.apply_frame(frame.data)
                    if update is not None and self._queues:
                        self._publish(update)
                    if self._resyncing:
                        self.expire_resyncs()
                    if self.outbox:
                        await self._flush(ws)
                elif frame.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED):
                    if not self._closed.is_set():
                        log.warning("kalshi ws: server closed the connection (code %s)", ws.close_code)
                    return
                elif frame.type is aiohttp.WSMsgType.ERROR:
                    log.warning("kalshi ws: connection error: %s", ws.exception())
                    return
        finally:
            self._ws = None
            if not self._closed.is_set():
                # A dropped connection may have lost deltas: nothing is current until the new
                # connection's snapshots arrive. After close() the books stay as last known.
                self._synced.clear()
            await ws.close()

    async def run(self) -> None:
        """Connect, subscribe and keep the books current until :meth:`close`. Drops and refused
        handshakes reconnect with exponential backoff and jitter, or after the venue's
        Retry-After when a 429/503 refusal gives one; a handshake refused as unauthorized (401/403)
        raises :class:`KalshiCredentialsError` (retrying cannot fix it)."""
        if self._run_task is None:
            self._run_task = asyncio.current_task()
        reconnect = ReconnectPolicy(self.reconnect_base_delay_s, self.reconnect_max_delay_s)
        attempts = 0
        async with aiohttp.ClientSession() as session:
            while not self._closed.is_set():
                if attempts:
                    self.stats.reconnects += 1
                attempts += 1
                connections_before = self._connections
                retry_after_s = None
                try:
                    await self._session(session)
                except KalshiCredentialsError:
                    raise
                except _HandshakeRefused as refused:
                    self.stats.count_error(f"handshake_{refused.status}")
                    retry_after_s = refused.retry_after_s
                    log.warning(
                        "kalshi ws: %s refused the handshake (HTTP %s%s)",
                        redact_url(self.ws_url),
                        refused.status,
                        "" if retry_after_s is None else f", Retry-After {retry_after_s:g}s",
                    )
                except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                    log.warning("kalshi ws: connection to %s failed: %s", redact_url(self.ws_url), redact(str(exc)))
                if self._connections > connections_before:
                    reconnect.reset()
                else:
                    self.stats.connect_failures += 1
                if self._closed.is_set():
                    return
                delay = reconnect.next_delay(retry_after_s)
                log.info("kalshi ws: reconnecting in %.2fs", delay)
                try:
                    await asyncio.wait_for(self._closed.wait(), timeout=delay)
                except TimeoutError:
                    pass

    async def updates(self) -> AsyncIterator[BookUpdate]:
        """Every applied change as it happens; starts :meth:`run` if nothing runs it yet. Ends
        when the client is closed, and raises what stopped the connection loop."""
        queue: asyncio.Queue[BookUpdate] = asyncio.Queue(self.update_queue_size)
        self._queues.append(queue)
        if self._run_task is None:
            self._run_task = asyncio.create_task(self.run())
            self._owns_run_task = True
        runner = self._run_task
        try:
            while True:
                if not queue.empty():
                    yield queue.get_nowait()
                    continue
                if runner.done():
                    runner.result()
                    return
                getter = asyncio.ensure_future(queue.get())
                done, _ = await asyncio.wait({getter, runner}, return_when=asyncio.FIRST_COMPLETED)
                if getter in done:
                    yield getter.result()
                else:
                    getter.cancel()
        finally:
            self._queues.remove(queue)

    async def close(self) -> None:
        self._closed.set()
        if self._ws is not None:
            await self._ws.close()
        if self._owns_run_task and self._run_task is not None:
            try:
                await self._run_task
            except KalshiCredentialsError:
                pass
