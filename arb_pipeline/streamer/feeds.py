"""What the streamer's two venue feeds share: which instruments each watches, their live books,
and the watchdog's three steps for an instrument that sends nothing. Each venue's feed is in its
own module (:mod:`.kalshi_feed`, :mod:`.polymarket_feed`).

A feed wraps a venue's WebSocket client (:class:`KalshiMarketStream`,
:class:`PolymarketMarketStream`: snapshots, deltas, Kalshi ``seq`` gaps resynced, Polymarket
resynced from REST after a reconnect, one reconnect policy) and adds what a long-running
service needs: the instrument set changed while running (:meth:`Feed.watch`), a callback per
book change, whether a book can be traded on now (:meth:`Feed.is_live`), a frozen view of it for
the domain evaluation (:meth:`Feed.book`), and the watchdog.

The watchdog (:meth:`Feed.watchdog`): an instrument that sent no first event within
``first_event_s`` of being subscribed, or nothing for ``silence_s``, is resubscribed; still
nothing ``escalation_s`` later, its connection is reopened; still nothing after another
``escalation_s``, its book is fetched over REST. Each step is counted (``arb_streamer_watchdog_actions``); any event resets
the ladder. Quiet markets do go minutes without a change: the silence step costs one snapshot.

A book is stale when its own last update or confirmation (a snapshot, a REST resync) is
``stale_s`` old, whatever else its connection carries: a per-asset subscription can die while
the socket stays busy with other books. A stale book is out of the evaluation
(:meth:`Feed.book`) and the sweep closes what was open on it. ``silence_s`` below ``stale_s``
lets the watchdog re-confirm a quiet but healthy book with a fresh snapshot before it goes
stale (docs/streamer.md#the-service).
"""

from __future__ import annotations

import asyncio
import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from arb_pipeline.aio import cancel_and_wait
from arb_pipeline.domain.books import PRICES_OF, SIZES_OF, price_of, size_of
from arb_pipeline.domain.models import KalshiOrderBook, OrderBook, Venue
from arb_pipeline.streamer.metrics import WATCHDOG_ACTIONS
from arb_pipeline.venues.http import VenueHttpError
from arb_pipeline.venues.stream import BookUpdate, StreamStats, UpdateKind
from arb_pipeline.venues.wire import WireFormatError

log = logging.getLogger(__name__)

# Updates that change a book (a ticker or trade message leaves it as it was); compared by
# identity, as an enum member's hash is a Python call.
_DELTA = UpdateKind.DELTA
_SNAPSHOT = UpdateKind.SNAPSHOT

#: The longest a book change waits for its pairs' re-evaluation while more changes are being
#: applied in the same run: a read of 50 frames is about 0.7 ms of work, and at 0.5 ms this
#: bound alone was half the 1 ms target; at 0.2 ms the passes are more (a tenth to a third more
#: pairs screened at full speed) for a verdict 0.3 ms sooner (docs/streamer.md#the-hot-path).
EVALUATE_WITHIN_S = 0.0002
#: (venue, action) for every watchdog step taken.
OnWatchdog = Callable[[str, str], None]

#: A top of book: (best bid, its size, best ask, its size) in ticks and size units
#: (domain.books); :func:`decimal_top` is the form book_ticks stores.
Top = tuple[int | None, int | None, int | None, int | None]
#: A book_ticks row: instrument id as stored, market id, top of book (as :data:`Top`), venue
#: and receive times in epoch ns.
TickRow = tuple[str, str | None, Top, int | None, int | None]
#: Levels as book_depth_snapshots stores them: (price, size), best first.
Levels = list[tuple[Any, Any]]


class Turn:
    """The run of book changes being applied now, shared by the feeds of one service. A run read
    from a socket is flushed at the end of that read, inside it (the clients' ``reads``,
    :class:`~arb_pipeline.venues.ws_transport.ReadWatcher`): no other callback, and no release of
    the GIL in the loop's poll, comes between a change and its pass. A change applied outside a
    read (a REST resync) schedules ``flush`` for the loop's next turn. A change applied
    ``EVALUATE_WITHIN_S`` after the run's first calls it at once (a long read from a full socket
    buffer). ``flush`` begins by calling :meth:`ended` (docs/streamer.md#the-hot-path)."""

    __slots__ = ("pending", "since", "flush", "reading")

    def __init__(self, flush: Callable[[], None]) -> None:
        self.pending = False
        self.since = 0.0
        self.flush = flush
        #: Inside a socket read whose end will flush the run.
        self.reading = False

    def begin(self, since: float | None = None) -> None:
        """A run starts with a change applied at ``since`` (``time.perf_counter()``; now when
        None)."""
        self.pending = True
        self.since = time.perf_counter() if since is None else since
        if not self.reading:
            asyncio.get_running_loop().call_soon(self.flush)

    def ended(self) -> None:
        self.pending = False

    def read_started(self) -> None:
        self.reading = True

    def read_ended(self) -> None:
        self.reading = False
        if self.pending:
            try:
                self.flush()
            except Exception:
                # Called from the socket's read: a bug in handling one run of changes is
                # logged, never the end of the connection reading the venue.
                log.exception("the book changes of a socket read could not be handled; the stream goes on")


class Feed(ABC):
    """What the service asks of a venue feed. Subclasses bind one venue client, and are its
    :class:`~arb_pipeline.venues.stream.ChangeSink`: the books a socket read's plain frames
    changed are marked in :attr:`changed` by the compiled path in one call
    (docs/streamer.md#the-read-applied-in-one-call), every other change comes through
    :meth:`_on_update`."""

    venue: Venue
    #: The sink's bound on a change's wait while a read is still being applied.
    within_s = EVALUATE_WITHIN_S

    def __init__(self, turn: Turn, *, first_event_s: float, silence_s: float, escalation_s: float, stale_s: float) -> None:
        self.turn = turn
        #: The books changed since the service last took them (:meth:`take_changed`, which
        #: keeps the watched ones), each with the receive time (epoch ns) of its first change:
        #: one dict entry a message.
        self.changed: dict[str, int] = {}
        #: Book changes applied, every one counted (a plain int: the sweep reads it).
        self.changes = 0
        self._probe: Callable[[str, BookUpdate], None] | None = None
        #: The changes the compiled path applied in one call, as BookUpdates, while a probe
        #: needs them (``probe``); else None, and none are made.
        self.updates: list[BookUpdate] | None = None
        self.stale_s = stale_s
        #: ``stale_s`` in the books' own clock: integer epoch nanoseconds (``received_ns``).
        self.stale_ns = round(stale_s * 1e9)
        self.first_event_s = first_event_s
        self.silence_s = silence_s
        self.escalation_s = escalation_s
        self._watched: dict[str, None] = {}
        # Watchdog state, monotonic seconds: the last event (or the subscription, before the
        # first), whether any event came, and the ladder step taken last and when.
        self._last_event: dict[str, float] = {}
        self._had_event: set[str] = set()
        self._step: dict[str, tuple[int, float]] = {}
        self._frozen: dict[str, KalshiOrderBook | OrderBook] = {}
        #: The top of each watched book as last stored, in ticks and size units (book_ticks).
        self._tops: dict[str, Top] = {}
        #: The books whose top a change may have moved since their last :meth:`moved_tops`: the
        #: venue client names those of its deltas (``tops_touched``, given this set), the feed
        #: those of a snapshot. Only theirs are read again (docs/streamer.md#the-compiled-book-change).
        self._top_dirty: set[str] = set()
        self._task: asyncio.Task[None] | None = None
        self._started = False

    @property
    def probe(self) -> Callable[[str, BookUpdate], None] | None:
        """When set, told of every book change as it is applied (``arb-pipeline bench stream``)."""
        return self._probe

    @probe.setter
    def probe(self, probe: Callable[[str, BookUpdate], None] | None) -> None:
        self._probe = probe
        self.updates = None if probe is None else []

    @property
    def watched(self) -> list[str]:
        return list(self._watched)

    @property
    def books_received(self) -> int:
        """Watched instruments whose book arrived at least once."""
        return sum(1 for instrument in self._watched if instrument in self._had_event)

    @property
    @abstractmethod
    def stats(self) -> StreamStats:
        raise NotImplementedError

    @abstractmethod
    def connections(self) -> list[tuple[str, bool]]:
        """(connection name, up) for each connection carrying instruments."""
        raise NotImplementedError

    def watch(self, instruments: Iterable[str], now: float | None = None) -> tuple[list[str], list[str]]:
        """Watch exactly ``instruments``, their first-event clocks started at ``now`` (monotonic
        seconds, the watchdog's clock); returns (added, removed)."""
        wanted = dict.fromkeys(instruments)
        added = [i for i in wanted if i not in self._watched]
        removed = [i for i in self._watched if i not in wanted]
        self._watched = wanted
        now = time.monotonic() if now is None else now
        for instrument in removed:
            self._forget(instrument)
        for instrument in added:
            self._last_event[instrument] = now
        if removed:
            self._unsubscribe(removed)
        if added:
            self._subscribe(added)
        return added, removed

    def _forget(self, instrument: str) -> None:
        self._last_event.pop(instrument, None)
        self._had_event.discard(instrument)
        self._step.pop(instrument, None)
        self._frozen.pop(instrument, None)
        self._tops.pop(instrument, None)
        self._top_dirty.discard(instrument)
        self.changed.pop(instrument, None)

    @abstractmethod
    def _subscribe(self, instruments: list[str]) -> None:
        raise NotImplementedError

    @abstractmethod
    def record(self, on_frame: Callable[[str | bytes], None]) -> None:
        """Hand every raw frame of the venue to ``on_frame`` as it arrives."""
        raise NotImplementedError

    @abstractmethod
    def _unsubscribe(self, instruments: list[str]) -> None:
        raise NotImplementedError

    # --- the per-update path ------------------------------------------------------------------

    def _on_update(self, update: BookUpdate) -> None:
        """The client's callback for every applied change, on the event loop as the frame is
        read. Per message it only marks the book changed; the rest (the watchdog's clocks, the
        top of book, the re-evaluation) is done once per changed book per run of messages by
        the service (:meth:`take_changed`, docs/streamer.md#the-hot-path)."""
        kind = update.kind
        if kind is not _DELTA and kind is not _SNAPSHOT:
            self._on_other(update)
            return
        self.changes += 1
        changed = self.changed
        instrument = update.instrument_id
        if kind is _SNAPSHOT:
            self._top_dirty.add(instrument)
        if instrument not in changed:
            changed[instrument] = update.received_ns
        turn = self.turn
        if not turn.pending:
            turn.begin()
        elif time.perf_counter() - turn.since > EVALUATE_WITHIN_S:
            self._flush()
        if self._probe is not None:
            self._probe(self.venue.value, update)

    @property
    def since(self) -> float:
        """When the oldest change waiting for its pass was applied, or -1.0 (the sink's)."""
        turn = self.turn
        return turn.since if turn.pending else -1.0

    def applied(self, changes: int, since: float, due: bool) -> None:
        """The compiled path marked ``changes`` books in :attr:`changed` in one call (the sink's):
        counted, the run begun at ``since`` when none was, the probe told, and the pass run
        now when ``due``, as :meth:`_on_update` does per change."""
        self.changes += changes
        turn = self.turn
        if not turn.pending:
            turn.begin(since)
        updates = self.updates
        if updates:
            probe = self._probe
            if probe is not None:
                venue = self.venue.value
                for update in updates:
                    probe(venue, update)
            updates.clear()
        if due:
            self._flush()

    def _flush(self) -> None:
        try:
            self.turn.flush()
        except Exception:
            # Called from the venue client's read loop: a bug in handling one run of changes is
            # logged, never the end of the connection reading the venue.
            log.exception("%s: the book changes of a run could not be handled; the stream goes on", self.venue)

    def _on_other(self, update: BookUpdate) -> None:
        """An update that changes no book (a ticker, a trade, a tick size): nothing to do."""

    def take_changed(self, now: float) -> dict[str, int]:
        """The watched books changed since the last call (instrument -> the receive time, epoch
        ns, of its first change), marked heard from at ``now`` (monotonic seconds: the
        watchdog's clock); their frozen views are dropped."""
        changed, self.changed = self.changed, {}
        # Whole-dict operations, not a Python step a book: a pass at full speed takes a
        # hundred books or more (docs/streamer.md#the-read-applied-in-one-call).
        for instrument in changed.keys() - self._watched.keys():
            del changed[instrument]
        self._last_event.update(dict.fromkeys(changed, now))
        frozen = self._frozen
        if frozen:
            for instrument in changed.keys() & frozen.keys():
                del frozen[instrument]
        step = self._step
        if step:
            for instrument in changed.keys() & step.keys():
                del step[instrument]
        self._had_event.update(changed)
        return changed

    def moved_tops(self, instruments: Collection[str], moved: set[str]) -> list[TickRow]:
        """book_ticks' rows for those of ``instruments`` whose top of book moved since their last
        call here (each added to ``moved``), none for the others; the times are the book's, of
        its last change. One call a pass, not one a book (docs/streamer.md#the-hot-path). The top
        of a book no change since its last call could have moved (none in ``_top_dirty``) is
        not read: most changes at full speed are below the top."""
        tops = self._tops
        dirty = self._top_dirty
        rows = self._moved_rows([i for i in instruments if i in dirty or i not in tops], moved)
        # Only these: a change applied in this pass's frame after its first (a Polymarket frame
        # names several books) is named here but reaches ``changed`` after the pass.
        dirty.difference_update(instruments)
        return rows

    @abstractmethod
    def _moved_rows(self, instruments: list[str], moved: set[str]) -> list[TickRow]:
        """For each of ``instruments``: its live book's top (both sides' best price and size)
        read; where it differs from ``_tops``, kept there, the instrument added to ``moved`` and
        its book_ticks rows made. One loop a pass with no call a book: at full speed a pass
        reads the tops of dozens of books (docs/streamer.md#the-read-applied-in-one-call)."""
        raise NotImplementedError

    @abstractmethod
    def is_live(self, instrument: str) -> bool:
        raise NotImplementedError

    def book(self, instrument: str, observed_at: datetime) -> KalshiOrderBook | OrderBook | None:
        """The instrument's live book as the domain evaluation takes it, or None when it is not
        live or is stale (:meth:`confirmed`). A live book is current up to ``observed_at``: its
        subscription is unbroken (Kalshi ``seq`` continuous, a Polymarket socket resynced after
        every reconnect) and it was heard from within ``stale_s``, so no change was missed; its
        venue time stays on the tick and event rows (:meth:`times`)."""
        if not self.is_live(instrument) or not self.confirmed(instrument, time.time_ns()):
            return None
        frozen = self._frozen.get(instrument)
        if frozen is None:
            frozen = self._frozen[instrument] = self._freeze(instrument)
        return replace(frozen, received_ts=observed_at, venue_ts=None)

    @abstractmethod
    def _freeze(self, instrument: str) -> KalshiOrderBook | OrderBook:
        raise NotImplementedError

    @abstractmethod
    def best_ask(self, instrument: str, side: str | None) -> int | None:
        """The book's best ask in ticks (a Kalshi ``side``, "yes" or "no"), or None when it has
        none or is not held: what the pre-screen reads (:class:`~arb_pipeline.streamer.evaluation.LiveEvaluator`
        keeps each watched leg's and re-reads a book's after it changed)."""
        raise NotImplementedError

    @abstractmethod
    def times(self, instrument: str) -> tuple[datetime | None, datetime | None]:
        """(venue time, receive time) of the instrument's last book change."""
        raise NotImplementedError

    @abstractmethod
    def depth(self, instrument: str) -> list[tuple[str, str | None, Levels, Levels]]:
        """(stored instrument id, market id, bids, asks) for the instrument's book."""
        raise NotImplementedError

    def confirmed(self, instrument: str, now_ns: int) -> bool:
        """True when the instrument's book had an update or a confirmation (a snapshot, a REST
        resync) within ``stale_s`` of ``now_ns`` (epoch nanoseconds): its own, not its
        connection's, which may carry other books while this one's subscription is dead."""
        received_ns = self._received_ns(instrument)
        return received_ns is not None and now_ns - received_ns < self.stale_ns

    def oldest_age_s(self, now_ns: int) -> float | None:
        """Seconds since the least recently heard-from live book changed or was confirmed, at
        ``now_ns``: what the staleness metric and ``stream_health.max_staleness_s`` report. Each
        book's own age, so one dead subscription shows while its connection is busy with others;
        None when no watched book is live."""
        oldest = None
        for instrument in self.watched:
            received_ns = self._received_ns(instrument) if self.is_live(instrument) else None
            if received_ns is not None and (oldest is None or received_ns < oldest):
                oldest = received_ns
        return None if oldest is None else max(now_ns - oldest, 0) / 1e9

    @abstractmethod
    def _received_ns(self, instrument: str) -> int | None:
        """When the instrument's book last changed or was confirmed, in epoch nanoseconds."""
        raise NotImplementedError

    # --- running ------------------------------------------------------------------------------

    @abstractmethod
    async def run(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        """Run the feed from now on (or from its first instrument, for a client that needs one)."""
        self._started = True
        self._launch()

    def _launch(self) -> None:
        if self._started and self._task is None and self._runnable():
            self._task = asyncio.create_task(self.run(), name=f"streamer-{self.venue}-feed")

    def _runnable(self) -> bool:
        return True

    @abstractmethod
    async def close(self) -> None:
        raise NotImplementedError

    async def _stop_task(self) -> None:
        await cancel_and_wait(self._task)
        self._task = None

    # --- the watchdog -------------------------------------------------------------------------

    async def watchdog(self, on_action: OnWatchdog, now: float | None = None) -> None:
        """One sweep: take the next step for every instrument overdue for an event."""
        now = time.monotonic() if now is None else now
        due: dict[int, list[str]] = {}
        for instrument, last in self._last_event.items():
            step, taken_at = self._step.get(instrument, (-1, 0.0))
            if step >= 0:
                # A step was taken: the next one is due when it too brought nothing.
                if now - taken_at < self.escalation_s:
                    continue
                step = step + 1 if step + 1 < len(WATCHDOG_ACTIONS) else 0
            else:
                limit = self.silence_s if instrument in self._had_event else self.first_event_s
                if now - last < limit:
                    continue
                step = 0
            self._step[instrument] = (step, now)
            due.setdefault(step, []).append(instrument)
        for step, instruments in due.items():
            action = WATCHDOG_ACTIONS[step]
            log.warning("%s watchdog: %s for %d quiet instruments (e.g. %s)", self.venue, action, len(instruments), instruments[0])
            on_action(self.venue.value, action)
            try:
                await self._act(action, instruments)
            except (VenueHttpError, WireFormatError, TimeoutError, OSError) as exc:
                log.warning("%s watchdog: %s failed: %s", self.venue, action, exc)

    @abstractmethod
    async def _act(self, action: str, instruments: list[str]) -> None:
        raise NotImplementedError


def decimal_top(top: Top) -> tuple[Decimal | None, Decimal | None, Decimal | None, Decimal | None]:
    """A top of book in ticks and size units as book_ticks stores it: exact Decimal. Only a top
    that moved is stored, so only those are converted; a value converted before is read from
    :func:`price_of`'s and :func:`size_of`'s caches with no call (the pass's every moved top)."""
    bid, bid_size, ask, ask_size = top
    prices = PRICES_OF
    sizes = SIZES_OF
    return (
        None if bid is None else prices.get(bid) or price_of(bid),
        None if bid_size is None else sizes.get(bid_size) or size_of(bid_size),
        None if ask is None else prices.get(ask) or price_of(ask),
        None if ask_size is None else sizes.get(ask_size) or size_of(ask_size),
    )  # fmt: skip


def depth_row(book: OrderBook, market_id: str | None) -> tuple[str, str | None, Levels, Levels]:
    return (
        book.instrument_id, market_id,
        [(level.price, level.size) for level in book.bids], [(level.price, level.size) for level in book.asks],
    )  # fmt: skip
