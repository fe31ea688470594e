"""The streamer service (``arb-pipeline streamer``): live books from both venues, the watched
pairs re-evaluated on every change of a book they read, opportunity events stored and alerted,
ticks and depth stored, metrics and health served, until SIGTERM/SIGINT or a set time.

Composition (docs/streamer.md): :class:`~arb_pipeline.streamer.feeds.Feed` per venue feeds
:class:`~arb_pipeline.streamer.evaluation.LiveEvaluator`; events and rows go to the
:class:`~arb_pipeline.streamer.persistence.StreamWriter` (in a process of its own,
:class:`~arb_pipeline.streamer.writer_process.WriterProcess`) and
:class:`~arb_pipeline.streamer.alerts.OpportunityAlerts`; a sweep every half second turns the
clients' counters into metrics and ``/healthz`` state, closes what went stale and runs the
watchdog; the watched pairs are re-read every ``pair_poll_interval_s``.

A little past 600 lines on purpose: the pass at the end of each read, the sweep, the pollers of
pairs and fees and the writers of depth and health all act on one Streamer's feeds, evaluator and
writer, and are short; moved apart, each would take that state as arguments.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from arb_pipeline.config import Credentials, ScanSettings, StreamerShard, VenueEndpoints
from arb_pipeline.domain.opportunity_events import EventType, OpportunityEvent
from arb_pipeline.streamer.alerts import AlertPolicy, OpportunityAlerts
from arb_pipeline.streamer.evaluation import LiveEvaluator
from arb_pipeline.streamer.feeds import Feed, Turn
from arb_pipeline.streamer.kalshi_feed import KalshiFeed
from arb_pipeline.streamer.polymarket_feed import PolymarketFeed
from arb_pipeline.streamer.health import HealthState
from arb_pipeline.streamer.manifest import Manifest
from arb_pipeline.streamer.metrics import MetricsServer, StreamerMetrics
from arb_pipeline.streamer.pairs import WatchSet, load_watch_set
from arb_pipeline.streamer.persistence import WriterStats
from arb_pipeline.streamer.recording import FrameRecorder, FrameTap, frame_text
from arb_pipeline.streamer.settings import StreamerSettings
from arb_pipeline.streamer.writer_process import WriterProcess
from arb_pipeline.venues.http import VenueHttpError
from arb_pipeline.venues.kalshi.parsing.markets import SeriesFeeChange
from arb_pipeline.venues.kalshi.parsing.ws_messages import FeeUpdateMessage
from arb_pipeline.venues.stream import BookUpdate, StreamStats
from arb_pipeline.venues.wire import WireFormatError, utc_now
from arb_pipeline.warehouse.store import Warehouse

log = logging.getLogger(__name__)

#: How often the sweep turns counters into metrics, checks staleness and runs the watchdog.
SWEEP_INTERVAL_S = 0.5
#: The longest a periodic pass (the sweep's walk of the books, a depth snapshot pass) keeps the
#: event loop before it hands it back: a frame that arrives meanwhile waits for the rest of the
#: slice, so a pass done in one piece (0.7 ms for the sweep of the sandbox's 507 books, 30-40 ms
#: for their depth) would be the latency's tail (docs/streamer.md#latency-where-the-tail-goes).
PASS_SLICE_S = 0.0002
#: How long the last writes may take at the end before the rest is spilled for the next start.
CLOSE_TIMEOUT_S = 30.0

#: The longest another thread (the writer's COPY formatting, the spill, an executor) keeps the
#: GIL once the event loop's thread asks for it; Python's default is 5 ms (docs/streamer.md#speed).
SWITCH_INTERVAL_S = 0.0005

_COUNTERS = ("messages", "malformed", "gaps", "reconnects", "resyncs")


@contextlib.contextmanager
def latency_runtime(switch_interval_s: float = SWITCH_INTERVAL_S, *, freeze: bool = True) -> Iterator[None]:
    """The interpreter set for the event loop's latency while the streamer runs, as it was after.

    ``freeze``: everything alive at start-up (modules, settings, the watched pairs) is collected
    once and frozen out of the garbage collector: a full collection otherwise walks all of it,
    a pause of 0.2-0.8 s on the event loop's thread on a loaded machine. The switch interval becomes
    ``switch_interval_s``, so a frame that arrives while the writer thread formats a batch waits
    at most that long for the GIL (docs/streamer.md#speed)."""
    interval = sys.getswitchinterval()
    if freeze:
        gc.collect()
        gc.freeze()
    sys.setswitchinterval(switch_interval_s)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)
        if freeze:
            gc.unfreeze()


class _Slices:
    """Hands the event loop back whenever the pass that owns it has kept the loop PASS_SLICE_S
    since the last hand-back: ``await slices.pause()`` between two units of the pass's work."""

    __slots__ = ("since",)

    def __init__(self) -> None:
        self.since = time.perf_counter()

    async def pause(self) -> None:
        if time.perf_counter() - self.since >= PASS_SLICE_S:
            await asyncio.sleep(0)
            self.since = time.perf_counter()


class ChangeProbe(Protocol):
    """Told of every book change as it is applied and of the start and end of every pass, on the
    event loop's thread (``arb-pipeline bench stream`` times each change's path with it)."""

    def changed(self, venue: str, update: BookUpdate) -> None: ...

    def evaluating(self) -> None: ...

    def evaluated(self) -> None: ...


@dataclass
class StreamerReport:
    """What one run saw and stored, for the CLI and the demo."""

    seconds: float = 0.0
    pairs: int = 0
    instruments: dict[str, int] = field(default_factory=dict)
    live_books: dict[str, int] = field(default_factory=dict)
    messages: dict[str, int] = field(default_factory=dict)
    book_changes: dict[str, int] = field(default_factory=dict)
    evaluations: int = 0
    events: dict[str, int] = field(default_factory=lambda: dict.fromkeys(EventType, 0))
    opened: list[OpportunityEvent] = field(default_factory=list)
    ticks: int = 0
    depth_snapshots: int = 0
    alerts: dict[str, int] = field(default_factory=dict)
    writer: WriterStats | None = None
    #: Frames recorded per venue (``--record``).
    recorded: dict[str, int] = field(default_factory=dict)


class Streamer:
    """One streamer replica. ``await run(seconds)``; :meth:`stop` (or a signal) ends it."""

    def __init__(
        self,
        settings: StreamerSettings,
        store: Warehouse,
        *,
        endpoints: VenueEndpoints | None = None,
        credentials: Credentials | None = None,
        scan: ScanSettings | None = None,
        shard: StreamerShard | None = None,
        load_watch: Callable[[], WatchSet] | None = None,
        record_dir: Path | None = None,
        paper: FrameTap | None = None,
        manifest: Manifest | None = None,
    ) -> None:
        """``record_dir``: record every raw frame there, with a manifest built on ``manifest``
        (the trading settings of a paper run; the scan settings are this streamer's). ``paper``:
        a tap that paper-trades on the raw frames (docs/streamer.md#recording-and-backtest)."""
        self.settings = settings
        self.store = store
        self.shard = shard or StreamerShard.from_env()
        endpoints = endpoints or VenueEndpoints.from_env()
        credentials = credentials or Credentials.from_env()
        self._load_watch = load_watch or (lambda: load_watch_set(self.store, self.shard))
        self.metrics = StreamerMetrics()
        self.health = HealthState(
            ["kalshi", "polymarket"],
            max_silent_s=settings.health_max_silent_s,
            max_disconnected_s=settings.health_max_disconnected_s,
        )
        self.server = MetricsServer(self.metrics, self.health, host=settings.metrics_host, port=settings.metrics_port)
        self.writer = WriterProcess.from_settings(store, settings, self.metrics)
        self.alerts = OpportunityAlerts(AlertPolicy.from_settings(settings), self.metrics)
        watchdog = {
            "first_event_s": settings.watchdog_first_event_s,
            "silence_s": settings.watchdog_silence_s,
            "escalation_s": settings.watchdog_escalation_s,
            "stale_s": settings.stale_book_s,
        }
        self._turn = Turn(self._evaluate_dirty)
        self.kalshi = KalshiFeed(endpoints, credentials, self._turn, on_fees=self._on_fees, **watchdog)
        self.polymarket = PolymarketFeed(
            endpoints, self._turn, assets_per_connection=settings.polymarket_assets_per_connection,
            silent_socket_s=settings.polymarket_silent_socket_s, **watchdog,
        )  # fmt: skip
        self.feeds: tuple[Feed, ...] = (self.kalshi, self.polymarket)
        scan = scan or ScanSettings.from_env()
        self.recorder = None
        if record_dir is not None:
            recorded = replace(manifest or Manifest(0, WatchSet(), scan), scan=scan, stale_book_s=settings.stale_book_s)
            self.recorder = FrameRecorder(record_dir, ("kalshi", "polymarket"), recorded)
        self.taps: tuple[FrameTap, ...] = tuple(tap for tap in (self.recorder, paper) if tap is not None)
        if self.taps:
            for feed in self.feeds:
                feed.record(self._tap(feed.venue.value))
        self.evaluator = LiveEvaluator(scan.thresholds(), self._on_event)
        self.report = StreamerReport()
        self._stop = asyncio.Event()
        self._seen: dict[tuple[str, str], int] = {}
        self._period: dict[str, dict[str, int]] = {}
        self._period_start = utc_now()
        self._stale: set[str] = set()
        self._probe: ChangeProbe | None = None
        #: Kalshi's series fee changes as last read (``refresh_fees``).
        self._fee_changes: list[SeriesFeeChange] = []

    # --- the per-change path (event loop) -----------------------------------------------------

    def _tap(self, venue: str) -> Callable[[str | bytes], None]:
        """The ``on_frame`` callback of ``venue``'s client: one receive time for every tap."""
        taps = self.taps

        def on_frame(frame: str | bytes) -> None:
            text = frame_text(frame)
            received_ns = time.time_ns()
            for tap in taps:
                try:
                    tap.frame(venue, text, received_ns)
                except Exception:
                    # Called from the venue client's read loop: a tap that fails (a paper trade
                    # the warehouse refused, a full disk) must not end the feed.
                    log.exception("%s failed on a %s frame; the feed goes on", type(tap).__name__, venue)

        return on_frame

    @property
    def latency_probe(self) -> ChangeProbe | None:
        """When set, told of each book change and each re-evaluation (``arb-pipeline bench stream``)."""
        return self._probe

    @latency_probe.setter
    def latency_probe(self, probe: ChangeProbe | None) -> None:
        self._probe = probe
        for feed in self.feeds:
            feed.probe = None if probe is None else probe.changed

    def _evaluate_dirty(self) -> None:
        """The books changed since the last call, once each: the watchdog's clocks, a
        ``book_ticks`` row where the top moved, then every pair they are legs of re-evaluated on
        their current state. Called on the loop's next turn after the first change of a run of
        messages, or within EVALUATE_WITHIN_S of it while a long run is still being applied: a
        burst that moves one book a hundred times costs one pass (docs/streamer.md#the-hot-path)."""
        self._turn.ended()
        if self._probe is not None:
            self._probe.evaluating()
        changed: dict[str, int] = {}
        tops_moved: set[str] = set()
        now = time.monotonic()
        writer = self.writer
        stale = self._stale
        for feed in self.feeds:
            if not feed.changed:
                continue
            venue = feed.venue.value
            taken = feed.take_changed(now)
            rows = feed.moved_tops(taken, tops_moved)
            if rows:
                writer.append_tops(venue, rows)
                self.report.ticks += len(rows)
            if stale:
                stale.difference_update(taken)
            changed.update(taken)
        if changed:
            # A book whose top did not move kept its best asks: the screen need not read them.
            evaluated = self.evaluator.on_books_changed(changed, tops_moved)
            if evaluated:
                self.metrics.observe_pairs_evaluated(evaluated)
                self.metrics.set_opportunities_open(self.evaluator.tracker.open_count)
        if self._probe is not None:
            self._probe.evaluated()

    def _on_fees(self, update: FeeUpdateMessage) -> None:
        evaluated = self.evaluator.apply_fee_update(update)
        if evaluated:
            self.metrics.observe_pairs_evaluated(evaluated)
            self.metrics.set_opportunities_open(self.evaluator.tracker.open_count)

    def _on_event(self, event: OpportunityEvent, received_ns: int | None) -> None:
        self.writer.append_event(event)
        self.alerts.consider(event)
        self.report.events[event.event_type] += 1
        if event.event_type is EventType.OPEN:
            self.report.opened.append(event)
        if received_ns is not None:
            self.metrics.observe_latency((time.time_ns() - received_ns) / 1e9)
        log.info("opportunity %s: %s net %s", event.event_type.value, event.key.describe(), event.net_profit)

    # --- the watched pairs ----------------------------------------------------------------------

    async def refresh_pairs(self) -> bool:
        """Re-read the watched pairs; subscribe what is new, drop what went. False when the
        warehouse could not be read (the current set stays)."""
        loop = asyncio.get_running_loop()
        current = self.evaluator.watch_set
        try:
            watch, same = await loop.run_in_executor(None, self._read_watch, current)
        except Exception as exc:  # noqa: BLE001 - any failure to read keeps the current pairs
            log.warning("could not read the approved pairs (keeping the %d watched): %s", len(current.pairs), exc)
            return False
        if same:
            # The same pairs and markets: rebuilding the evaluator's indexes and screens would
            # hold the event loop about 5 ms (the sandbox's 179 pairs) for nothing.
            self.report.pairs = len(watch.pairs)
            return True
        dropped = self.evaluator.set_watch(watch, self.kalshi, self.polymarket)
        added_k, removed_k = self.kalshi.watch(watch.kalshi_tickers)
        added_p, removed_p = self.polymarket.watch(watch.polymarket_tokens)
        if added_k or removed_k or added_p or removed_p or dropped:
            log.info(
                "watching %d pairs: kalshi +%d -%d markets, polymarket +%d -%d tokens, %d pairs dropped",
                len(watch.pairs), len(added_k), len(removed_k), len(added_p), len(removed_p), len(dropped),
            )  # fmt: skip
        self.report.pairs = len(watch.pairs)
        return True

    def _read_watch(self, current: WatchSet) -> tuple[WatchSet, bool]:
        """The watched pairs read afresh, and whether they equal ``current``: compared in the
        reading thread, as comparing every pair and market takes 1-2 ms (a WatchSet is frozen,
        and the evaluator never changes the one it was given)."""
        watch = self._load_watch()
        return watch, watch == current

    async def _poll_pairs(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.settings.pair_poll_interval_s)
            if not self._stop.is_set():
                await self.refresh_pairs()

    async def refresh_fees(self) -> bool:
        """Re-read Kalshi's series fee changes and apply those due. False when they could not be
        read (the fees in effect stay)."""
        try:
            changes = await self.kalshi.fee_changes()
        except (VenueHttpError, WireFormatError, TimeoutError, OSError) as exc:
            log.warning("could not read kalshi's series fee changes (keeping the fees in effect): %s", exc)
            return False
        self._fee_changes = changes
        received_ns = time.time_ns()
        for tap in self.taps:
            try:
                tap.fee_changes(changes, received_ns)
            except Exception:
                log.exception("%s failed on kalshi's series fee changes; the streamer goes on", type(tap).__name__)
        self._apply_fees()
        return True

    def _apply_fees(self) -> None:
        evaluated = self.evaluator.apply_series_fees(self._fee_changes, utc_now())
        if evaluated:
            self.metrics.observe_pairs_evaluated(evaluated)
            self.metrics.set_opportunities_open(self.evaluator.tracker.open_count)

    async def _poll_fees(self) -> None:
        # Read every fee_poll_interval_s; a change scheduled before the next read is applied at
        # its own time from what the last read listed.
        next_read = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if now >= next_read:
                await self.refresh_fees()
                next_read = now + self.settings.fee_poll_interval_s
            else:
                self._apply_fees()
            wall = utc_now()
            ahead = [(c.scheduled_at - wall).total_seconds() for c in self._fee_changes if c.scheduled_at > wall]
            wait = min([next_read - time.monotonic(), *ahead])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), max(wait, 0.0) + 0.001)

    # --- the sweep ------------------------------------------------------------------------------

    def _count(self, feed: Feed) -> dict[str, int]:
        """The feed's counters since the last sweep, added to the metrics and this period."""
        venue = feed.venue.value
        stats: StreamStats = feed.stats
        deltas = {}
        for name in _COUNTERS:
            value = getattr(stats, name)
            deltas[name] = value - self._seen.get((venue, name), 0)
            self._seen[venue, name] = value
        period = self._period.setdefault(venue, dict.fromkeys(_COUNTERS, 0))
        for name, delta in deltas.items():
            period[name] += delta
        metrics = self.metrics
        if deltas["messages"]:
            metrics.observe_message(venue, deltas["messages"])
        for _ in range(deltas["malformed"]):
            metrics.observe_decode_error(venue, "malformed")
        for _ in range(deltas["reconnects"]):
            metrics.observe_reconnect(venue)
        for _ in range(deltas["resyncs"]):
            metrics.observe_resync(venue, "gap" if feed is self.kalshi else "reconnect")
        return deltas

    async def sweep(self) -> None:
        """Counters into metrics and health, what went stale closed, the watchdog's step. The
        walk of the books hands the event loop back every PASS_SLICE_S, so frames read meanwhile
        are not held behind it; a book is checked whole between two hand-backs."""
        now = time.monotonic()
        slices = _Slices()
        for feed in self.feeds:
            venue = feed.venue.value
            if self._count(feed)["messages"]:
                self.health.mark_message(venue, now)
            self.health.set_idle(venue, not feed.watched, now)
            for name, up in feed.connections():
                self.health.mark_connected(venue, up, now, connection=name)
            # Each book's own age, not the venue's traffic: one dead subscription on a busy
            # connection goes stale too (docs/streamer.md#the-service).
            now_ns = time.time_ns()
            self.metrics.set_book_staleness(venue, feed.oldest_age_s(now_ns) or 0.0)
            stale = self._stale
            for instrument in feed.watched:
                await slices.pause()
                if instrument in stale:
                    continue
                live = feed.is_live(instrument)
                if not live or not feed.confirmed(instrument, now_ns):
                    stale.add(instrument)
                    reason = "its subscription is not live" if not live else f"no update or confirmation for {feed.stale_s:g} s"
                    self.evaluator.close_stale(instrument, "book stale: " + reason)
        self.metrics.set_opportunities_open(self.evaluator.tracker.open_count)
        for feed in self.feeds:
            await slices.pause()
            await feed.watchdog(self.metrics.observe_watchdog_action)

    async def _sweep_forever(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), SWEEP_INTERVAL_S)
            try:
                await self.sweep()
            except Exception:
                # A bug in one sweep must not stop the next one (nor the stream).
                log.exception("streamer sweep failed")

    def _depth_snapshots(self) -> Iterator[None]:
        """Append a depth snapshot of every live watched book, yielding after each book. Every
        row of one pass has the pass's start as ``taken_at``; each book is read whole between
        two yields."""
        taken_at = utc_now()
        for feed in self.feeds:
            venue = feed.venue.value
            for instrument in feed.watched:
                # Checked after every yield: the book may have gone (unwatched, disconnected).
                if not feed.is_live(instrument):
                    continue
                venue_ts, received_ts = feed.times(instrument)
                for stored_id, market_id, bids, asks in feed.depth(instrument):
                    self.writer.append_depth(venue, stored_id, market_id, bids, asks, venue_ts, received_ts or taken_at, taken_at)
                    self.report.depth_snapshots += 1
                yield

    def write_depth(self) -> None:
        """A depth snapshot of every live watched book, at once."""
        for _ in self._depth_snapshots():
            pass

    async def _write_depth_forever(self) -> None:
        """A depth snapshot every ``depth_snapshot_interval_s``, handing the loop back every
        PASS_SLICE_S: the whole pass (30-40 ms for the sandbox's 507 books) would hold every
        frame that arrives meanwhile (docs/streamer.md#speed)."""
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.settings.depth_snapshot_interval_s)
            if self._stop.is_set():
                return
            slices = _Slices()
            for _ in self._depth_snapshots():
                await slices.pause()

    def book_health(self, feeds: Iterable[Feed] | None = None) -> dict[str, tuple[int, int, Decimal | None, bool]]:
        """Per venue (of ``feeds``, default all): the books live and stale now, the oldest
        book's age and whether every connection is up."""
        now_ns = time.time_ns()
        states = {}
        for feed in self.feeds if feeds is None else feeds:
            # Stale by its own age counts as stale, as the evaluation leaves it out.
            live = sum(1 for instrument in feed.watched if feed.is_live(instrument) and feed.confirmed(instrument, now_ns))
            age = feed.oldest_age_s(now_ns)
            connections = feed.connections()
            states[feed.venue.value] = (
                live, len(feed.watched) - live, None if age is None else Decimal(f"{age:.3f}"),
                bool(connections) and all(up for _, up in connections),
            )  # fmt: skip
        return states

    def write_health(self, books: dict[str, tuple[int, int, Decimal | None, bool]] | None = None) -> None:
        """One health row per venue for the period since the last: its counters, and the books'
        state (``books``, else as they are now)."""
        end = utc_now()
        books = self.book_health() if books is None else books
        for feed in self.feeds:
            venue = feed.venue.value
            period = self._period.pop(venue, dict.fromkeys(_COUNTERS, 0))
            live, stale, staleness, connected = books[venue]
            self.writer.append_health(
                venue, self._period_start, end,
                messages=period["messages"], decode_errors_by_kind={"malformed": period["malformed"]} if period["malformed"] else {},
                gaps=period["gaps"], reconnects=period["reconnects"], resyncs=period["resyncs"],
                live_books=live, stale_books=stale, max_staleness_s=staleness, connected=connected,
            )  # fmt: skip
        self._period_start = end

    async def _write_health_forever(self) -> None:
        """A health row per venue every ``health_write_interval_s``. The books' state is read a
        venue at a time, handing the loop back between: each venue's walk of its books is
        0.3-0.5 ms (docs/streamer.md#speed)."""
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.settings.health_write_interval_s)
            if self._stop.is_set():
                return
            books = {}
            for feed in self.feeds:
                books.update(self.book_health((feed,)))
                await asyncio.sleep(0)
            self.write_health(books)

    # --- life cycle -----------------------------------------------------------------------------

    def stop(self) -> None:
        self._stop.set()

    async def run(
        self,
        seconds: float | None = None,
        *,
        install_signals: bool = True,
        runtime: contextlib.AbstractContextManager[None] | None = None,
    ) -> StreamerReport:
        """Run until :meth:`stop`, SIGTERM/SIGINT or ``seconds``; then close every open
        opportunity, write everything (or spill it for the next start) and return the report.
        ``runtime``: entered once the pairs are read, before the feeds start, and left at the
        end; the ``streamer`` command gives :func:`latency_runtime` (the switch interval and the
        frozen objects are the whole process's, so only a process that is the streamer's alone)."""
        loop = asyncio.get_running_loop()
        tuned = contextlib.ExitStack()
        started = time.monotonic()
        handled: list[signal.Signals] = []
        if install_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(signum, self._on_signal, signum)
                    handled.append(signum)
        await self.server.start()
        # Not waited for here: a first writer process takes as long to start as this process's
        # imports, and the feeds connect meanwhile (their rows wait in the pipe).
        self.writer.start(wait=False)
        await self.alerts.start()
        tasks: list[asyncio.Task[None]] = []
        try:
            await self.refresh_pairs()
            started_ns = time.time_ns()
            for tap in self.taps:
                # The taps keep the pairs watched at the start: a recording's manifest names them.
                tap.begin(self.evaluator.watch_set, started_ns)
            if runtime is not None:
                tuned.enter_context(runtime)
            for feed in self.feeds:
                feed.start()
            await self.writer.started()
            tasks = [
                asyncio.create_task(self._poll_pairs(), name="streamer-pairs"),
                asyncio.create_task(self._poll_fees(), name="streamer-fees"),
                asyncio.create_task(self._sweep_forever(), name="streamer-sweep"),
                asyncio.create_task(self._write_depth_forever(), name="streamer-depth"),
                asyncio.create_task(self._write_health_forever(), name="streamer-health"),
            ]
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), seconds)
        finally:
            self._stop.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            # The final health row describes the books as the stop found them: read after the
            # feeds close, every book would be stale and every connection down, and after a
            # short run that row is the only one the venue-health mart has.
            books = self.book_health()
            for feed in self.feeds:
                await feed.close()
            for feed in self.feeds:
                # The last counters, into the metrics and the final health period.
                self._count(feed)
            self.evaluator.close_all("streamer stopping")
            self.write_health(books)
            self.report.writer = await self.writer.aclose(CLOSE_TIMEOUT_S)
            await self.alerts.stop()
            await self.server.stop()
            for tap in self.taps:
                tap.close()
            if self.recorder is not None:
                self.report.recorded = dict(self.recorder.frames)
            for signum in handled:
                loop.remove_signal_handler(signum)
            tuned.close()
        self._finish_report(time.monotonic() - started)
        return self.report

    def _on_signal(self, signum: signal.Signals) -> None:
        log.info("%s: stopping the streamer (flushing first)", signum.name)
        self.stop()

    def _finish_report(self, seconds: float) -> None:
        report = self.report
        report.seconds = seconds
        report.evaluations = self.evaluator.evaluations
        report.alerts = dict(self.alerts.counts)
        for feed in self.feeds:
            venue = feed.venue.value
            report.instruments[venue] = len(feed.watched)
            report.live_books[venue] = feed.books_received
            report.messages[venue] = feed.stats.messages
            report.book_changes[venue] = feed.changes
