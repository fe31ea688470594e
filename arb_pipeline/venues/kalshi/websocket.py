"""Kalshi market-data WebSocket (docs/venues.md#kalshi-websocket): live books from
``orderbook_snapshot`` and ``orderbook_delta``, top of book from ``ticker``.

One connection carries every subscription; tickers are subscribed in chunks of at most 256 (the
per-subscription market limit). ``seq`` increases by one per ``sid``: a gap means a missed delta,
so that subscription's books are marked unusable and fresh snapshots are requested with
``update_subscription``/``get_snapshot`` (falling back to a resubscribe). A dropped connection is
reopened with exponential backoff and jitter and everything is subscribed again: new sids, new
seqs, fresh snapshots.

This module holds the connection and the changes to the subscription while it runs; the books,
the ``seq`` bookkeeping and the per-message path are
:class:`~arb_pipeline.venues.kalshi.ws_books.KalshiBooks`, which the stream extends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterable
from urllib.parse import urlsplit

import orjson

from arb_pipeline.domain.books import KalshiTickBook, OffGridError, tick_levels, time_ns
from arb_pipeline.domain.models import KalshiOrderBook, Venue
from arb_pipeline.redaction import install_log_redaction, redact, redact_url
from arb_pipeline.venues.backoff import WS_RECONNECT, Backoff
from arb_pipeline.venues.kalshi.auth import KalshiCredentialsError, KalshiSigner
from arb_pipeline.venues.kalshi.constants import (
    API_KEY_ID_ENV,
    CREDENTIALS_HINT,
    DEFAULT_CHANNELS,
    PRIVATE_KEY_PATH_ENV,
)
from arb_pipeline.venues.kalshi.ws_books import KalshiBooks
from arb_pipeline.venues.stream import Attempt, BookUpdate, ChangeSink, UpdateKind, keep_connected, take_read
from arb_pipeline.venues.ws_transport import HandshakeRefused, ReadWatcher, WsConnection, connect

log = logging.getLogger(__name__)


class KalshiMarketStream(KalshiBooks):
    """Keeps :attr:`books` (one :class:`KalshiTickBook` per subscribed ticker) and
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
        reconnect: Backoff = WS_RECONNECT,
        resync_timeout_s: float = 5.0,
        heartbeat_s: float | None = 20.0,
        update_queue_size: int = 100_000,
    ) -> None:
        self.ws_url = ws_url
        self.signer = signer
        super().__init__(tickers, channels, resync_timeout_s)
        #: Called with every text frame as it arrives, before it is applied (a recorder).
        self.on_frame: Callable[[str | bytes], None] | None = None
        #: Told of every socket read of the connections opened from now on (the streamer
        #: evaluates a read's changes at its end).
        self.reads: ReadWatcher | None = None
        #: When set (and no ``updates()`` consumer is waiting), each socket read's frames are
        #: applied in one call and their plain deltas' books marked here (:meth:`apply_frames`).
        self.sink: ChangeSink | None = None

        self.reconnect = reconnect
        self.heartbeat_s = heartbeat_s
        self.update_queue_size = update_queue_size
        self.dropped_updates = 0

        self._queues: list[asyncio.Queue[BookUpdate]] = []
        self._ws: WsConnection | None = None
        self._resync_check: asyncio.TimerHandle | None = None
        self._run_task: asyncio.Task[None] | None = None
        self._owns_run_task = False
        self._closed = asyncio.Event()
        self._connections = 0
        install_log_redaction()

    # --- state a consumer reads -----------------------------------------------------------

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
            self.books[ticker] = KalshiTickBook(ticker)
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

    def confirm(self, tickers: Iterable[str]) -> int:
        """Ask for fresh snapshots of ``tickers`` only, leaving every book usable meanwhile (a
        watchdog's first step for a market that went quiet): their subscription's ``seq`` is
        unbroken, so the books are whole, and the snapshot re-confirms them before they go stale
        (docs/streamer.md#the-service). A gap (:meth:`request_snapshots`) is what unsyncs books.
        Returns the subscriptions asked."""
        by_sid: dict[int, list[str]] = {}
        for ticker in dict.fromkeys(tickers):
            sid = self._book_sid.get(ticker)
            if sid is not None:
                by_sid.setdefault(sid, []).append(ticker)
        for sid, quiet in by_sid.items():
            self._command("update_subscription", {"sids": [sid], "market_tickers": quiet, "action": "get_snapshot"})
        if by_sid and self._ws is not None:
            self._send_outbox()
        return len(by_sid)

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
        try:
            yes, no = tick_levels(book.yes_bids), tick_levels(book.no_bids)
        except OffGridError as exc:
            self._malformed(f"REST book off the tick grid ({exc})", book)
            return None
        live.yes.replace(yes)
        live.no.replace(no)
        live.received_ns = received = time_ns(book.received_ts)
        live.venue_ns = venue = time_ns(book.venue_ts)
        self.request_snapshots([book.ticker])
        self.stats.resyncs += 1
        return BookUpdate(Venue.KALSHI, book.ticker, UpdateKind.SNAPSHOT, received, venue)

    def _send_outbox(self) -> None:
        if self._ws is not None:
            self._flush(self._ws)

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

    def _flush(self, ws: WsConnection) -> None:
        try:
            while self.outbox:
                ws.send_text(orjson.dumps(self.outbox.pop(0)).decode())
        except ConnectionError as exc:
            # The socket died under the command; the next connection subscribes everything again.
            log.warning("kalshi ws: could not send a command: %s", exc)
        if self._resyncing and self._resync_check is None:
            # Snapshots asked for: if they do not come, the subscription is resubscribed even
            # when no other frame arrives to notice it.
            self._resync_check = asyncio.get_running_loop().call_later(self.resync_timeout_s, self._check_resyncs)

    def _check_resyncs(self) -> None:
        self._resync_check = None
        if self._ws is not None:
            self.expire_resyncs()
            self._flush(self._ws)

    def _on_frame(self, frame: bytes) -> None:
        # Called by the transport inside the socket read, for every text or binary message.
        if self.on_frame is not None:
            self.on_frame(frame)
        update = self.apply_frame(frame)
        if update is not None:
            if self.on_update is not None:
                self.on_update(update)
            if self._queues:
                self._publish(update)
        if self._resyncing:
            self.expire_resyncs()
        if self.outbox and self._ws is not None:
            self._flush(self._ws)

    def _on_frames(self, frames: list[bytes]) -> None:
        # Called by the transport inside a socket read, with (some of) the read's messages.
        take_read(frames, self.sink, bool(self._queues), self.on_frame, self._on_frame, self.apply_frames)
        if self._resyncing:
            self.expire_resyncs()
        if self.outbox and self._ws is not None:
            self._flush(self._ws)

    async def _session(self) -> None:
        try:
            ws = await connect(
                self.ws_url, self._on_frame, headers=self._handshake_headers(), heartbeat_s=self.heartbeat_s, reads=self.reads,
                on_frames=self._on_frames,
            )  # fmt: skip
        except HandshakeRefused as refused:
            if refused.status in (401, 403):
                raise self._refused(refused.status) from None
            raise
        self._ws = ws
        self._connections += 1
        try:
            self.start_session()
            self._flush(ws)
            await ws.wait_closed()
            if not self._closed.is_set():
                log.warning("kalshi ws: server closed the connection (code %s)", ws.close_code)
        finally:
            self._ws = None
            if self._resync_check is not None:
                self._resync_check.cancel()
                self._resync_check = None
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
        await keep_connected(self._attempt, self._closed, self.stats, self.reconnect, "kalshi ws")

    async def _attempt(self) -> Attempt:
        """One connection, from the handshake to its drop; it worked if it opened."""
        connections_before = self._connections
        retry_after_s = None
        try:
            await self._session()
        except KalshiCredentialsError:
            raise
        except HandshakeRefused as refused:
            self.stats.count_error(f"handshake_{refused.status}")
            retry_after_s = refused.retry_after_s
            log.warning(
                "kalshi ws: %s refused the handshake (HTTP %s%s)",
                redact_url(self.ws_url),
                refused.status,
                "" if retry_after_s is None else f", Retry-After {retry_after_s:g}s",
            )
        except (OSError, TimeoutError) as exc:
            log.warning("kalshi ws: connection to %s failed: %s", redact_url(self.ws_url), redact(str(exc)))
        opened = self._connections > connections_before
        return Attempt(opened, opened, retry_after_s)

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
