"""A Kalshi stream's books and what changes them, without a socket
(docs/venues.md#kalshi-websocket): the subscriptions' ``sid``/``seq`` bookkeeping, the commands it
queues in :attr:`KalshiBooks.outbox` (subscribe, snapshot requests, resubscribes), and the
per-message path.

:meth:`KalshiBooks.apply_message` is the whole per-message path, so tests and benchmarks drive it
directly: it decodes the message (``kalshi.parsing.ws_messages``; the usual ``orderbook_delta``
is read and applied in one step: in C where the extension is built, else here,
docs/streamer.md#the-compiled-book-change), checks its place in the subscription's ``seq`` order,
and updates dict ladders of integer ticks and size units in place (domain.books).
:class:`~arb_pipeline.venues.kalshi.websocket.KalshiMarketStream` adds the connection.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from decimal import InvalidOperation
from typing import Any

import orjson

from arb_pipeline.domain.books import MS_RANGE, TICKS_PER_DOLLAR, KalshiTickBook, tick_levels, time_ns
from arb_pipeline.domain.models import TopOfBook, Venue
from arb_pipeline.redaction import redact
from arb_pipeline.venues import hot_frames
from arb_pipeline.venues.kalshi.constants import (
    CREDENTIALS_HINT,
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
from arb_pipeline.venues.stream import BookUpdate, ChangeSink, StreamStats, UpdateKind, apply_in_one_call
from arb_pipeline.venues.wire import PRICE_TICKS, SIZE_UNITS, WireFormatError

log = logging.getLogger(__name__)

_KALSHI = Venue.KALSHI
_DELTA = UpdateKind.DELTA
_SNAPSHOT = UpdateKind.SNAPSHOT
_TICKER = UpdateKind.TICKER
_TRADE = UpdateKind.TRADE
_new_tuple = tuple.__new__
_MALFORMED_ERRORS = (WireFormatError, KeyError, TypeError, ValueError, InvalidOperation, AttributeError)


#: The compiled path of a plain orderbook_delta frame, or None where it was not built.
_compiled_delta = hot_frames.kalshi_apply
#: The compiled path of a socket read's frames, or None where it was not built.
_compiled_frames = hot_frames.kalshi_apply_frames
#: A delta whose fields are not all usual: read the checked way.
_NOT_PLAIN = hot_frames.NOT_PLAIN

# Where one message stands in its subscription's seq order.
_NEXT, _SEEN, _GAP = 0, 1, 2


class KalshiBooks:
    """:attr:`books` (one :class:`KalshiTickBook` per subscribed ticker) and :attr:`top_of_book`,
    kept current by :meth:`apply_message`; the commands the books need go to :attr:`outbox`."""

    def __init__(self, tickers: Iterable[str], channels: Iterable[str], resync_timeout_s: float) -> None:
        self.tickers = tuple(dict.fromkeys(tickers))
        self.channels = tuple(KalshiChannel(c).value for c in channels)
        if not self.channels:
            raise ValueError("Kalshi WebSocket needs at least one channel")
        if not self.tickers and KalshiChannel.ORDERBOOK_DELTA in self.channels:
            raise ValueError("Kalshi orderbook_delta requires market tickers (docs/venues.md#kalshi-websocket)")
        self.books: dict[str, KalshiTickBook] = (
            {t: KalshiTickBook(t) for t in self.tickers} if KalshiChannel.ORDERBOOK_DELTA in self.channels else {}
        )
        self.top_of_book: dict[str, TopOfBook] = {}
        #: The fee overrides announced on ``market_lifecycle_v2``, by event ticker.
        self.fee_overrides: dict[str, FeeUpdateMessage] = {}
        self.stats = StreamStats()
        self.outbox: list[dict[str, Any]] = []  # commands apply_message decided to send
        #: Called on the event loop with every applied change read from the socket, as it is
        #: applied and ahead of the queued consumers of ``updates()``: a consumer on the same
        #: loop needs no queue hop.
        self.on_update: Callable[[BookUpdate], None] | None = None
        #: When set, every ticker whose delta may have moved its top of book (either side's
        #: highest level) is added here, by both paths; its consumer empties it. A snapshot is not
        #: added: its SNAPSHOT update says it (docs/streamer.md#the-compiled-book-change).
        self.tops_touched: set[str] | None = None
        self.resync_timeout_s = resync_timeout_s

        self._next_id = 1
        self._pending_subscribe: dict[int, tuple[str, ...]] = {}  # command id -> tickers
        self._sub_tickers: dict[int, tuple[str, ...]] = {}  # sid -> tickers
        self._sub_channel: dict[int, str] = {}  # sid -> channel
        self._last_seq: dict[int, int] = {}  # sid -> last seq seen
        self._book_sid: dict[str, int] = {}  # ticker -> sid carrying its orderbook
        self._synced: set[str] = set()
        self._snapshot_requests: dict[int, int] = {}  # get_snapshot command id -> sid
        self._resyncing: dict[int, tuple[float, set[str]]] = {}  # sid -> (asked at, tickers awaited)

    # --- state a consumer reads -----------------------------------------------------------

    def is_synced(self, ticker: str) -> bool:
        """True when the ticker's book came from a snapshot and no delta since was missed."""
        return ticker in self._synced


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

    def apply_frames(self, frames: list[bytes], sink: ChangeSink) -> None:
        """Apply a socket read's frames in order. Where the extension is built, its plain deltas
        are applied in C in one call, each changed book marked in ``sink`` and no
        :class:`BookUpdate` made; every other frame is read by :meth:`apply_frame`'s general
        path and its update handed to :attr:`on_update`. Without the extension every frame goes
        through :meth:`apply_frame` and :attr:`on_update` (the reference: the same books,
        counts, commands and logs, docs/streamer.md#the-read-applied-in-one-call)."""
        state = (self._last_seq, self.books, self._synced, self._book_sid, self.tops_touched)
        apply_in_one_call(frames, sink, self.stats, _compiled_frames, state, self._read_frame, self.apply_frame, self._hand_on)

    def _hand_on(self, update: BookUpdate) -> None:
        if self.on_update is not None:
            self.on_update(update)

    def apply_frame(self, frame: str | bytes) -> BookUpdate | None:
        """Decode one text frame and apply it; a frame that is not a JSON object is counted as
        malformed and skipped."""
        stats = self.stats
        stats.frames += 1
        if _compiled_delta is not None:
            # A plain orderbook_delta is checked and applied in C by the rules of _plain_delta
            # and _apply_delta below; anything else is read again from the start by the code
            # below, nothing changed (docs/streamer.md#the-compiled-book-change).
            update = _compiled_delta(frame, self._last_seq, self.books, self._synced, self._book_sid, self.tops_touched)
            if update is not _NOT_PLAIN:
                stats.messages += 1
                if update is not None:
                    stats.updates += 1
                return update
        return self._read_frame(frame)

    def _read_frame(self, frame: str | bytes) -> BookUpdate | None:
        """A frame read the general way (orjson and the checked decoders), counted as a frame
        by the caller."""
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
        msg = message.get("msg")
        try:
            update = self._plain_delta(
                message.get("sid"), message.get("seq"), msg["market_ticker"], msg["side"],
                msg.get("price_dollars"), msg.get("delta_fp"), msg.get("ts_ms"),
            )  # fmt: skip
        except (KeyError, TypeError, AttributeError):
            update = _NOT_PLAIN
        if update is not _NOT_PLAIN:
            return update
        sid, seq, ticker, side, price, size, venue_ns = decode_delta(message)
        if self._sequence(sid, seq) != _NEXT:
            return None
        return self._apply_delta(sid, ticker, side, price, size, venue_ns)

    def _plain_delta(self, sid: Any, seq: Any, ticker: Any, side: Any, price_text: Any, size_text: Any, ts_ms: Any) -> Any:
        # The usual delta is checked and applied in one step, with no intermediate tuple and no
        # call per field (docs/streamer.md#the-hot-path): texts already converted, a str ticker,
        # epoch-ms ts_ms, the subscription's next seq. Its fields come from orjson's dicts
        # (_on_delta). Anything else returns _NOT_PLAIN with nothing changed, and is decoded the
        # checked way (decode_delta, which names what is wrong, and _sequence). hot_frames.c
        # keeps a copy of these rules and of _apply_delta's (the differential tests in
        # test_hot_frames.py hold the two equal): a change here is a change there.
        price = PRICE_TICKS.get(price_text) if type(price_text) is str else None
        size = SIZE_UNITS.get(size_text) if type(size_text) is str else None
        if not (
            type(ticker) is str and price is not None and 0 < price < TICKS_PER_DOLLAR and size is not None
            and (side == "yes" or side == "no") and type(ts_ms) is int and ts_ms in MS_RANGE
            and type(sid) is int and type(seq) is int and self._last_seq.get(sid) == seq - 1
        ):  # fmt: skip
            return _NOT_PLAIN
        self._last_seq[sid] = seq
        return self._apply_delta(sid, ticker, side, price, size, ts_ms * 1_000_000)

    def _apply_delta(self, sid: int, ticker: str, side: str, price: int, size: int, venue_ns: int) -> BookUpdate | None:
        book = self.books.get(ticker)
        if book is None or ticker not in self._synced or self._book_sid.get(ticker) != sid:
            return None
        levels = book.yes if side == "yes" else book.no
        tops = self.tops_touched
        if tops is not None and levels.may_move_highest(price):
            tops.add(ticker)
        levels.add(price, size)
        now = time.time_ns()
        book.received_ns = now
        book.venue_ns = venue_ns
        self.stats.updates += 1
        return _new_tuple(BookUpdate, (_KALSHI, ticker, _DELTA, now, venue_ns))

    def _on_snapshot(self, message: dict[str, Any]) -> BookUpdate | None:
        snapshot = decode_snapshot(message)
        # Ticks and size units: a level off their grids makes the snapshot malformed (a
        # ValueError) before its seq is taken, so its loss resyncs the subscription.
        yes, no = tick_levels(snapshot.yes), tick_levels(snapshot.no)
        sid, ticker = snapshot.sid, snapshot.ticker
        # A snapshot is the whole book, so one that arrives after a gap is still good to apply.
        if self._sequence(sid, snapshot.seq) == _SEEN:
            return None
        book = self.books.get(ticker)
        if book is None or self._book_sid.get(ticker, sid) != sid:
            return None
        book.yes.replace(yes)
        book.no.replace(no)
        now = time.time_ns()
        venue = time_ns(snapshot.venue_ts)
        book.received_ns = now
        book.venue_ns = venue
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
        return BookUpdate(_KALSHI, ticker, _SNAPSHOT, now, venue)

    def _on_ticker(self, message: dict[str, Any]) -> BookUpdate:
        ticker = decode_ticker(message)
        self.top_of_book[ticker.ticker] = ticker.quote
        self.stats.updates += 1
        return BookUpdate(_KALSHI, ticker.ticker, _TICKER, time.time_ns(), time_ns(ticker.venue_ts))

    def _on_trade(self, message: dict[str, Any]) -> BookUpdate | None:
        trade = decode_trade(message)
        if trade.sequenced and self._sequence(trade.sid, trade.seq) != _NEXT:
            return None
        self.stats.updates += 1
        return BookUpdate(_KALSHI, trade.ticker, _TRADE, time.time_ns(), time_ns(trade.venue_ts))

    def _on_fee_update(self, message: dict[str, Any]) -> BookUpdate:
        update = decode_fee_update(message)
        self.fee_overrides[update.event_ticker] = update
        self.stats.updates += 1
        return BookUpdate(_KALSHI, update.event_ticker, UpdateKind.FEES, time.time_ns(), None)

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
