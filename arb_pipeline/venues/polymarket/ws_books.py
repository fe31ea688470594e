"""A Polymarket stream's books and what changes them: the per-frame path (each message read whole,
then applied; the usual ``price_change`` decoded and applied in one pass over its entries) and the REST snapshots of a resync or an audit (docs/venues.md#polymarket-market-websocket).

:class:`PolymarketBooks` holds no socket: :class:`~arb_pipeline.venues.polymarket.websocket.
PolymarketMarketStream` adds the subscriptions and the connections. Tests and benchmarks drive
:meth:`PolymarketBooks.apply_frame` directly.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable
from typing import Any

import orjson

from arb_pipeline.domain.books import TICKS_PER_DOLLAR, LevelMap, OffGridError, TokenTickBook, tick_levels, time_ns
from arb_pipeline.domain.models import BookSide, OrderBook
from arb_pipeline.venues import hot_frames
from arb_pipeline.venues.polymarket.constants import PONG_MESSAGE, VENUE
from arb_pipeline.venues.polymarket.parsing.ws_messages import (
    SIDES,
    WS_WHERE,
    BestBidAskMessage,
    BookMessage,
    LastTradeMessage,
    MarketResolvedMessage,
    NewMarketMessage,
    PriceChangeMessage,
    TickSizeChangeMessage,
    parse_market_message,
)
from arb_pipeline.venues.polymarket.rest import PolymarketClobClient
from arb_pipeline.venues.stream import BookUpdate, ChangeSink, StreamStats, UpdateKind, apply_in_one_call
from arb_pipeline.venues.wire import PRICE_TICKS, SIZE_UNITS, WireFormatError

log = logging.getLogger(__name__)

_PONG_BYTES = PONG_MESSAGE.encode()
_DELTA = UpdateKind.DELTA
_BID = BookSide.BID
_new_tuple = tuple.__new__


Ticks = list[tuple[int, int]]
#: The compiled path of a plain price_change frame, or None where it was not built.
_compiled_price_change = hot_frames.polymarket_apply
#: The compiled path of a socket read's frames, or None where it was not built.
_compiled_frames = hot_frames.polymarket_apply_frames
_NOT_PLAIN = hot_frames.NOT_PLAIN


def _plain_changes(market: Any, stamp: Any, entries: Iterable[tuple[Any, Any, Any, Any, Any]]) -> list[tuple[str, BookSide, int, int, str | None]] | None:
    """A price_change's level changes in the current shape with only usual values (texts
    already converted, an epoch-ms digit ``timestamp``, a text ``market``) as (token, side,
    price ticks, size units, hash), from its fields as read (``entries``: asset_id, side, price,
    size, hash each); None when anything is otherwise. The fields come from orjson's dicts
    (_usual_changes). hot_frames.c keeps a copy of these rules and of
    :meth:`PolymarketBooks._apply_changes`'s (the differential tests in test_hot_frames.py hold
    the two equal): a change here is a change there."""
    if not (
        type(stamp) is str and len(stamp) == 13 and stamp[0] != "0" and stamp.isdigit() and stamp.isascii()
        and (market is None or type(market) is str)
    ):  # fmt: skip
        return None
    changes = []
    try:
        for token, side_text, price_text, size_text, book_hash in entries:
            side = SIDES[side_text]
            price = PRICE_TICKS.get(price_text)
            size = SIZE_UNITS.get(size_text)
            if not (type(token) is str and token and price is not None and 0 <= price <= TICKS_PER_DOLLAR and size is not None and size >= 0):
                return None
            changes.append((token, side, price, size, book_hash if type(book_hash) is str else None))
    except (KeyError, TypeError):
        return None
    return changes

#: The longest an audit applies REST books before it hands the event loop back: applied in one
#: piece, the sandbox's 328 books held the loop 23 ms, and every frame read meanwhile waited for
#: them (docs/streamer.md#what-else-holds-the-event-loop-and-what-was-cut).
AUDIT_SLICE_S = 0.0002


def _levels(levels: Ticks) -> dict[int, int]:
    """A snapshot's levels as a live side holds them (see LevelMap.replace)."""
    return LevelMap(levels).levels


def _take_snapshot(live: TokenTickBook, bids: Ticks, asks: Ticks, snapshot: BookMessage | OrderBook, received_ns: int) -> None:
    """Replace a live book by a whole snapshot (a WebSocket ``book`` message or a REST book),
    its levels already in ticks and size units."""
    live.bids.replace(bids)
    live.asks.replace(asks)
    if snapshot.market_id is not None:
        live.market_id = snapshot.market_id
    if snapshot.tick_size is not None:
        live.tick_size = snapshot.tick_size
    live.book_hash = snapshot.book_hash
    live.venue_ns = time_ns(snapshot.venue_ts)
    live.received_ns = received_ns


class PolymarketBooks:
    """Live books by token and the stream's counters. ``_token_connection`` (filled by the stream)
    says which tokens are subscribed: messages about any other token are ignored."""

    def __init__(self, clob: PolymarketClobClient | None, update_queue_size: int) -> None:
        self.clob = clob
        self.update_queue_size = update_queue_size
        self.books: dict[str, TokenTickBook] = {}
        self.stats = StreamStats()
        self.last_trades: dict[str, LastTradeMessage] = {}
        self.best_quotes: dict[str, BestBidAskMessage] = {}
        self.resolutions: dict[str, MarketResolvedMessage] = {}  # by condition id
        self.new_markets: deque[NewMarketMessage] = deque(maxlen=1000)
        # token -> hash of a REST state an audit found ahead of the stream, until the stream
        # announces it (it was only behind) or the next audit finds it never did (it was lost).
        self._unannounced: dict[str, str] = {}
        self._token_connection: dict[str, Any] = {}
        self._consumers: list[asyncio.Queue[BookUpdate | None]] = []
        #: Called on the event loop with every applied update as it is applied, ahead of the
        #: queued consumers of ``updates()``: a consumer on the same loop needs no queue hop.
        self.on_update: Callable[[BookUpdate], None] | None = None
        #: When set, every token whose price_change may have moved its top of book (the bids'
        #: highest level, the asks' lowest) is added here, by both paths; its consumer empties
        #: it. A snapshot is not added: its SNAPSHOT update says it
        #: (docs/streamer.md#the-compiled-book-change).
        self.tops_touched: set[str] | None = None
        self._appliers: dict[type, Callable[[Any, int, list[BookUpdate]], None]] = {
            BookMessage: self._apply_book,
            PriceChangeMessage: self._apply_price_change,
            TickSizeChangeMessage: self._apply_tick_size,
            LastTradeMessage: self._apply_last_trade,
            BestBidAskMessage: self._apply_best_bid_ask,
            NewMarketMessage: self._apply_new_market,
            MarketResolvedMessage: self._apply_resolution,
        }

    @property
    def token_ids(self) -> list[str]:
        return list(self._token_connection)

    def accept(self, token_ids: Iterable[str]) -> None:
        """Apply the messages about ``token_ids`` with no connection carrying them: a replay of
        recorded frames, where the recording decided what was subscribed."""
        for token in token_ids:
            self._token_connection.setdefault(token, None)

    # -----------------------------------------------------------------------------------------
    # Frames (the hot path: no I/O, drivable without a socket)

    def apply_frames(self, frames: list[bytes], sink: ChangeSink) -> None:
        """Apply a socket read's frames in order. Where the extension is built, its plain
        price_change frames are applied in C in one call, each changed book marked in ``sink``
        and no :class:`BookUpdate` made; every other frame is read by :meth:`apply_frame`'s
        general path and its updates delivered (:attr:`on_update`, the ``updates()`` queues).
        Without the extension every frame goes through :meth:`apply_frame` and is delivered (the
        reference: the same books, counts and logs, docs/streamer.md#the-read-applied-in-one-call)."""
        state = (self._token_connection, self.books, self._unannounced, self.tops_touched)
        apply_in_one_call(frames, sink, self.stats, _compiled_frames, state, self._read_frame, self.apply_frame, self._deliver)

    def apply_frame(self, frame: str | bytes) -> list[BookUpdate]:
        """Apply one WebSocket text frame: a single message object or a JSON array of them. The
        text ``PONG`` answers our ``PING`` and is not JSON. Returns the updates applied."""
        stats = self.stats
        stats.frames += 1
        if _compiled_price_change is not None:
            # A plain price_change is checked and applied in C by the rules of _plain_changes and
            # _apply_changes; anything else (a PONG too) is read again from the start below,
            # nothing changed (docs/streamer.md#the-compiled-book-change).
            updates = _compiled_price_change(frame, self._token_connection, self.books, self._unannounced, self.tops_touched)
            if updates is not _NOT_PLAIN:
                stats.messages += 1
                stats.updates += len(updates)
                return updates
        return self._read_frame(frame)

    def _read_frame(self, frame: str | bytes) -> list[BookUpdate]:
        """A frame read the general way (orjson and the checked decoders), counted as a frame
        by the caller (a PONG is no message)."""
        stats = self.stats
        if frame == PONG_MESSAGE or frame == _PONG_BYTES:
            return []
        try:
            decoded = orjson.loads(frame)
        except orjson.JSONDecodeError as exc:
            stats.malformed += 1
            log.warning("%s: skipped a frame that is not JSON (%s): %.120r", WS_WHERE, exc, frame)
            return []
        received_ns = time.time_ns()
        updates: list[BookUpdate] = []
        if type(decoded) is list:
            for message in decoded:
                self._apply_message(message, received_ns, updates)
        else:
            self._apply_message(decoded, received_ns, updates)
        stats.updates += len(updates)
        return updates

    def _apply_message(self, message: Any, received_ns: int, updates: list[BookUpdate]) -> None:
        self.stats.messages += 1
        if type(message) is dict and message.get("event_type") == "price_change":
            # The usual price_change is decoded and applied in one pass over its entries (all of
            # them read before any book changes, so a bad one never leaves a book half-updated),
            # with no message tuple and no call per field (docs/streamer.md#the-hot-path).
            # Anything unusual is left to the decoder below, which names what is wrong.
            changes = self._usual_changes(message)
            if changes is not None:
                self._apply_changes(changes, int(message["timestamp"]) * 1_000_000, received_ns, updates)
                return
        try:
            parsed = parse_market_message(message)
        except WireFormatError as exc:
            self.stats.malformed += 1
            log.warning("skipped malformed message: %s", exc)
            return
        if parsed is None:
            self.stats.count_error(f"unknown_event_type:{message.get('event_type')}")
            return
        self._appliers[type(parsed)](parsed, received_ns, updates)

    @staticmethod
    def _usual_changes(message: dict[str, Any]) -> list[tuple[str, BookSide, int, int, str | None]] | None:
        """:func:`_plain_changes` of a price_change object orjson read; None when it has
        another shape."""
        entries = message.get("price_changes")
        if type(entries) is not list:
            return None
        try:
            fields = [(e["asset_id"], e["side"], e["price"], e["size"], e.get("hash")) for e in entries]
        except (KeyError, TypeError, AttributeError):
            return None
        return _plain_changes(message.get("market"), message.get("timestamp"), fields)

    def _apply_book(self, message: BookMessage, received_ns: int, updates: list[BookUpdate]) -> None:
        token = message.token_id
        if token not in self._token_connection:
            return
        try:
            bids, asks = tick_levels(message.bids), tick_levels(message.asks)
        except OffGridError as exc:
            self.stats.malformed += 1
            log.warning("%s: skipped the book of %s: %s", WS_WHERE, token, exc)
            return
        book = self.books.get(token)
        if book is None:
            book = self.books[token] = TokenTickBook(token, message.market_id)
        else:
            self._check_snapshot(book, message.book_hash, bids, asks, "book message")
        if self._unannounced and message.book_hash is not None and self._unannounced.get(token) == message.book_hash:
            del self._unannounced[token]
        _take_snapshot(book, bids, asks, message, received_ns)
        updates.append(BookUpdate(VENUE, token, UpdateKind.SNAPSHOT, received_ns, time_ns(message.venue_ts)))

    def _apply_price_change(self, message: PriceChangeMessage, received_ns: int, updates: list[BookUpdate]) -> None:
        self._apply_changes(message.changes, message.venue_ns, received_ns, updates)

    def _apply_changes(
        self, changes: Iterable[tuple[str, BookSide, int, int, str | None]], venue_ns: int | None, received_ns: int, updates: list[BookUpdate]
    ) -> None:
        """A price_change's level changes, (token, side, price ticks, size units, hash) each,
        applied; one update per token changed."""
        subscribed = self._token_connection
        books = self.books
        unannounced = self._unannounced
        tops = self.tops_touched
        touched: dict[str, TokenTickBook] = {}
        for token, side, price, size, book_hash in changes:
            if token not in subscribed:
                continue
            book = books.get(token)
            if book is None:
                # No snapshot yet: a level change alone would fake a thin book.
                self.stats.count_error("price_change_before_snapshot")
                continue
            levels = book.bids if side is _BID else book.asks
            if tops is not None and (levels.may_move_highest(price) if side is _BID else levels.may_move_lowest(price)):
                tops.add(token)
            # price_change.size is the new absolute size at the level, "0" removes it.
            levels.set(price, size)
            book.book_hash = book_hash
            if unannounced and book_hash is not None and unannounced.get(token) == book_hash:
                del unannounced[token]
            touched[token] = book
        for token, book in touched.items():
            if venue_ns is not None:
                book.venue_ns = venue_ns
            book.received_ns = received_ns
            # tuple.__new__: the NamedTuple's own __new__ is a Python call a change.
            updates.append(_new_tuple(BookUpdate, (VENUE, token, _DELTA, received_ns, venue_ns)))

    def _apply_tick_size(self, message: TickSizeChangeMessage, received_ns: int, updates: list[BookUpdate]) -> None:
        book = self.books.get(message.token_id)
        if book is None or message.token_id not in self._token_connection:
            return
        book.tick_size = message.new_tick_size
        updates.append(BookUpdate(VENUE, message.token_id, UpdateKind.TICK_SIZE, received_ns, time_ns(message.venue_ts)))

    def _apply_last_trade(self, message: LastTradeMessage, received_ns: int, updates: list[BookUpdate]) -> None:
        if message.token_id not in self._token_connection:
            return
        self.last_trades[message.token_id] = message
        updates.append(BookUpdate(VENUE, message.token_id, UpdateKind.TRADE, received_ns, time_ns(message.venue_ts)))

    def _apply_best_bid_ask(self, message: BestBidAskMessage, received_ns: int, updates: list[BookUpdate]) -> None:
        if message.token_id not in self._token_connection:
            return
        self.best_quotes[message.token_id] = message
        updates.append(BookUpdate(VENUE, message.token_id, UpdateKind.TICKER, received_ns, time_ns(message.venue_ts)))

    def _apply_new_market(self, message: NewMarketMessage, received_ns: int, updates: list[BookUpdate]) -> None:
        self.new_markets.append(message)

    def _apply_resolution(self, message: MarketResolvedMessage, received_ns: int, updates: list[BookUpdate]) -> None:
        self.resolutions[message.market_id] = message
        tokens = dict.fromkeys(message.token_ids or (message.winning_token_id,))
        tokens.update(dict.fromkeys(token for token, book in self.books.items() if book.market_id == message.market_id))
        for token in tokens:
            if token in self._token_connection:
                updates.append(BookUpdate(VENUE, token, UpdateKind.RESOLVED, received_ns, time_ns(message.venue_ts)))

    # -----------------------------------------------------------------------------------------
    # REST resync

    def _check_snapshot(self, live: TokenTickBook, book_hash: str | None, bids: Ticks, asks: Ticks, source: str) -> bool:
        """True when a snapshot names the live book's state (same hash) but holds other levels:
        the stream got to that state without one of the changes on the way."""
        if book_hash is None or book_hash != live.book_hash:
            return False
        if _levels(bids) == live.bids.levels and _levels(asks) == live.asks.levels:
            return False
        self.stats.divergences += 1
        log.warning("%s: %s for %s has the live book's hash %s but other levels: an update was lost; taking the venue's book", WS_WHERE, source, live.token_id, book_hash)
        return True

    def apply_rest_book(self, book: OrderBook, *, audit: bool = False) -> BookUpdate | None:
        """Replace a token's live book with a REST snapshot, unless the live book is already newer
        by venue timestamp (a stale REST answer must not roll a book back). ``audit``: the stream
        has been live throughout, so a newer REST state with other levels must be announced on
        the stream by the next audit (after a reconnect, missed states are expected)."""
        token = book.instrument_id
        if token not in self._token_connection:
            return None
        try:
            bids, asks = tick_levels(book.bids), tick_levels(book.asks)
        except OffGridError as exc:
            self.stats.malformed += 1
            log.warning("%s: skipped the REST book of %s: %s", WS_WHERE, token, exc)
            return None
        live = self.books.get(token)
        same_state = live is not None and self._check_snapshot(live, book.book_hash, bids, asks, "REST book")
        if not same_state and live is not None and live.venue_ts is not None and book.venue_ts is not None and book.venue_ts < live.venue_ts:
            if audit:
                # The stream moved on while the audit's request was out: nothing to learn.
                return None
            self.stats.count_error("stale_rest_book")
            log.warning("%s: REST book for %s at %s is older than the live book at %s; kept the live book", WS_WHERE, token, book.venue_ts, live.venue_ts)
            return None
        if live is None:
            live = self.books[token] = TokenTickBook(token, book.market_id)
        elif (
            audit
            and not same_state
            and book.book_hash is not None
            and book.book_hash != live.book_hash
            and (_levels(bids) != live.bids.levels or _levels(asks) != live.asks.levels)
        ):
            self._unannounced[token] = book.book_hash
        received_ns = time_ns(book.received_ts)
        _take_snapshot(live, bids, asks, book, received_ns)
        return BookUpdate(VENUE, token, UpdateKind.SNAPSHOT, received_ns, live.venue_ns)

    async def resync(self, token_ids: Iterable[str] | None = None) -> int:
        """Refresh books from REST ``POST /books`` (all subscribed tokens by default); returns how
        many books were replaced. Counted in ``stats.resyncs``."""
        updates = await self._rest_books(token_ids, audit=False)
        self.stats.resyncs += 1
        return updates

    async def audit(self) -> int:
        """Check every subscribed book against REST ``POST /books`` while the stream runs (see
        the module docstring); returns the divergences found. Counted in ``stats.audits``; run
        every ``audit_interval_s`` by :meth:`run`."""
        before = self.stats.divergences
        # States the last audit found ahead of the stream and the stream has still not announced.
        for token, book_hash in self._unannounced.items():
            if token in self._token_connection:
                self.stats.divergences += 1
                log.warning("%s: the venue's book state %s for %s never came on the stream: an update was lost", WS_WHERE, book_hash, token)
        self._unannounced.clear()
        await self._rest_books(None, audit=True)
        self.stats.audits += 1
        return self.stats.divergences - before

    async def _rest_books(self, token_ids: Iterable[str] | None, *, audit: bool) -> int:
        if self.clob is None:
            raise RuntimeError("REST books need a PolymarketClobClient; this stream was built without one")
        tokens = [token for token in (self.token_ids if token_ids is None else token_ids) if token in self._token_connection]
        if not tokens:
            return 0
        books = await self.clob.fetch_books(tokens)
        if not audit:
            updates = [update for book in books.values() if (update := self.apply_rest_book(book)) is not None]
            self.stats.updates += len(updates)
            self._deliver(updates)
            return len(updates)
        # An audit runs while the stream is live: it hands the loop back every AUDIT_SLICE_S, each
        # book applied and delivered whole. A frame read between two books is as if the REST
        # answer had come later for the rest: apply_rest_book keeps a live book newer than its
        # REST state and skips a token unsubscribed meanwhile.
        applied = 0
        since = time.perf_counter()
        for book in books.values():
            update = self.apply_rest_book(book, audit=True)
            if update is not None:
                applied += 1
                self.stats.updates += 1
                self._deliver([update])
            if time.perf_counter() - since >= AUDIT_SLICE_S:
                await asyncio.sleep(0)
                since = time.perf_counter()
        return applied

    def _deliver(self, updates: list[BookUpdate]) -> None:
        on_update = self.on_update
        if on_update is not None:
            for update in updates:
                on_update(update)
        for queue in self._consumers:
            for update in updates:
                try:
                    queue.put_nowait(update)
                except asyncio.QueueFull:
                    self.stats.count_error("updates_dropped")

    def _end_consumers(self) -> None:
        for queue in self._consumers:
            if queue.full():
                queue.get_nowait()
                self.stats.count_error("updates_dropped")
            queue.put_nowait(None)
