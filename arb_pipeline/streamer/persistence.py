"""The streamer's batched warehouse writer: the event loop hands it rows without ever waiting,
and nothing it was handed is lost while the warehouse is away.

* ``append_*`` put a row on an in-memory queue (a ``deque`` append: no lock, no I/O) and return.
* A writer thread (psycopg is synchronous) takes the queue in order and writes it by COPY
  (:func:`arb_pipeline.warehouse.stream.insert_rows`; book ticks as COPY text built in bulk,
  :func:`~arb_pipeline.warehouse.stream.insert_ticks`), every ``batch_rows`` rows or every
  ``flush_interval_s``, one transaction per batch, each statement bounded by
  ``statement_timeout_s`` so a hung or locked warehouse counts as an outage instead of stalling.
  A batch's book ticks go straight into their table on its first try (their keys were never
  written); a retry, which may follow a commit whose answer was lost, goes through the merge
  that skips stored keys.
* When the warehouse is unreachable (or a write times out, or a table is missing) the batch is
  kept and retried with a growing pause; rows keep queueing in memory. Past
  ``max_memory_rows`` a spill thread moves the queued rows to a new segment file under
  ``spill_dir`` (JSON lines, exact decimal text, fsync'd before it counts as spilled), so memory
  stays bounded however long the outage lasts; a spill thread of its own, because the writer
  thread may be blocked in a connection attempt exactly when memory fills.
* Back in service, the writer catches up in order: the batch it was retrying, then the segment
  files oldest first (each deleted once committed), then memory.
* :meth:`StreamWriter.close` writes what it can within its timeout and spills the rest; the next
  start replays the spill directory first, including a segment a crash left half-written. Every
  row carries a key the warehouse holds unique, so a replay of rows that did reach the warehouse
  before a crash adds nothing.
* A row that cannot be stored (checked by :func:`arb_pipeline.warehouse.stream.row_problem`
  before the COPY, or refused by the warehouse for a data error) is logged, counted and left
  out: one bad row never holds up the rows behind it.

A row appended but still in memory when the process is killed (SIGKILL, power loss) is lost:
durability starts when a row is committed or spilled. A clean stop (:meth:`close`) loses nothing.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import logging
import operator
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import psycopg
import sqlalchemy as sa

from arb_pipeline.domain.opportunity_events import OpportunityEvent
from arb_pipeline.streamer.feeds import TickRow, Top
from arb_pipeline.streamer.spill import _APPENDED_AT, _ROW, _TABLE, _TOP_UNITS, SpillFiles, _Item, _Segment, _Unit
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.connection import WarehouseUnavailableError
from arb_pipeline.warehouse.stream import StreamTable
from arb_pipeline.warehouse.tick_copy import top_problems

if TYPE_CHECKING:
    from arb_pipeline.streamer.metrics import StreamerMetrics
    from arb_pipeline.warehouse.store import Warehouse

log = logging.getLogger(__name__)

#: Longest pause between two tries while the warehouse is away.
MAX_RETRY_PAUSE_S = 5.0

# Errors that mean "the warehouse cannot take writes now" rather than "this row is bad": the
# server is down or unreachable, a statement timed out or waited too long for a lock
# (OperationalError), a connection broke mid-batch (InterfaceError), a table is missing or
# was renamed (ProgrammingError). The batch is kept and retried.
# The COPY runs on the driver's own connection, so psycopg's errors arrive unwrapped too.
_OUTAGE_ERRORS = (
    WarehouseUnavailableError, sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.ProgrammingError,
    psycopg.OperationalError, psycopg.InterfaceError, psycopg.ProgrammingError,
)  # fmt: skip
# Errors a row's content causes (a numeric overflow, a constraint): the batch is split to find it.
_ROW_ERRORS = (sa.exc.DataError, sa.exc.IntegrityError, psycopg.DataError, psycopg.IntegrityError)


class WriterStats(NamedTuple):
    memory_rows: int
    spilled_rows: int
    spill_files: int
    oldest_unwritten_age_s: float
    rows_written: int
    rows_rejected: int
    flushes: int
    failures: int
    in_outage: bool

    @property
    def backlog_rows(self) -> int:
        """Rows received and not yet in the warehouse, in memory and on disk."""
        return self.memory_rows + self.spilled_rows


class StreamWriter(SpillFiles):
    """Batched, bounded, spilling writer of the streamer's tables. Call :meth:`start` once, the
    ``append_*`` methods from the event loop, and :meth:`close` at the end."""

    def __init__(
        self,
        warehouse: Warehouse,
        spill_dir: Path,
        *,
        batch_rows: int = 2_000,
        flush_interval_s: float = 0.25,
        max_memory_rows: int = 500_000,
        statement_timeout_s: float = 30.0,
        metrics: StreamerMetrics | None = None,
        clock: Any = time.time,
    ) -> None:
        if batch_rows < 1 or max_memory_rows < batch_rows:
            raise ValueError(f"need 1 <= batch_rows ({batch_rows}) <= max_memory_rows ({max_memory_rows})")
        self.warehouse = warehouse
        self.spill_dir = Path(spill_dir)
        self.batch_rows = batch_rows
        self.flush_interval_s = flush_interval_s
        self.max_memory_rows = max_memory_rows
        self.statement_timeout_ms = max(1, round(statement_timeout_s * 1000))
        self.metrics = metrics
        self._clock = clock
        # Keys are this writer's session plus a counter: unique across restarts, and the same
        # on every replay of a row, since a spilled row carries its key.
        self._session = uuid.uuid4().hex[:16]
        self._counter = itertools.count()
        self._memory: collections.deque[_Item] = collections.deque()
        self._segments: collections.deque[_Segment] = collections.deque()
        self._retry: _Unit | None = None
        self._lock = threading.Lock()
        self._progress = threading.Condition(self._lock)
        self._wake = threading.Event()
        self._spill_wake = threading.Event()
        self._stop = threading.Event()
        self._stopping = False
        self._closed = False
        self._appended = 0
        self._done = 0
        self._next_seq = 0
        self._lock_file: Any = None
        self._writer_thread: threading.Thread | None = None
        self._spill_thread: threading.Thread | None = None
        self._in_outage = False
        self._rows_written = 0
        self._rows_rejected = 0
        self._flushes = 0
        self._failures = 0
        if metrics is not None:
            metrics.track_writer(self.stats)

    # --- life cycle -------------------------------------------------------------------------------

    def start(self) -> None:
        """Take the spill directory, queue what an earlier run left in it, start the threads."""
        if self._writer_thread is not None:
            raise RuntimeError("the writer is already started")
        self._take_spill_dir()
        self._recover_segments()
        self._writer_thread = threading.Thread(target=self._write_loop, name="stream-writer", daemon=True)
        self._spill_thread = threading.Thread(target=self._spill_loop, name="stream-spill", daemon=True)
        self._writer_thread.start()
        self._spill_thread.start()

    def flush(self, timeout_s: float | None = None) -> bool:
        """Wait until every row appended before this call is written (or left out as bad); False
        when ``timeout_s`` passed first (the warehouse is away)."""
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        with self._progress:
            target = self._appended
            self._wake.set()
            while self._done < target:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._progress.wait(remaining if remaining is not None else 1.0)
        return True

    def close(self, timeout_s: float = 30.0) -> WriterStats:
        """Write everything within ``timeout_s``; whatever the warehouse could not take by then is
        spilled to disk for the next start. Call it from the thread that appends (no append can
        then race the end); from the event loop, use :meth:`aclose`. Returns the final stats."""
        if self._writer_thread is None:
            raise RuntimeError("the writer was never started")
        self.flush(timeout_s)
        self._closed = True
        return self._stop_threads()

    async def aclose(self, timeout_s: float = 30.0) -> WriterStats:
        """:meth:`close` for the event loop: the loop keeps running (and appending) while the
        backlog is written; the last rows are taken on the loop's own thread."""
        if self._writer_thread is None:
            raise RuntimeError("the writer was never started")
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, self.flush, timeout_s)
        self._closed = True
        return await loop.run_in_executor(None, self._stop_threads)

    def _stop_threads(self) -> WriterStats:
        self._stopping = True
        self._stop.set()
        self._wake.set()
        self._spill_wake.set()
        assert self._writer_thread is not None and self._spill_thread is not None
        self._writer_thread.join()
        self._spill_thread.join()
        # Rows the warehouse did not take in time, and any appended after the flush began.
        self._spill_everything_left()
        with self._lock:
            unsaved = sum(segment.count for segment in self._segments if segment.rows is not None)
        if unsaved:
            log.critical("%d rows reached neither the warehouse nor the spill directory %s and are lost", unsaved, self.spill_dir)
        stats = self.stats()
        log.info(
            "stream writer closed: %d rows written, %d left out, %d rows in %d spill files for the next start",
            stats.rows_written, stats.rows_rejected, stats.spilled_rows, stats.spill_files,
        )  # fmt: skip
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None
        return stats

    # --- appends (event loop) ---------------------------------------------------------------------

    def new_key(self) -> str:
        return f"{self._session}-{next(self._counter)}"

    def append(self, table: StreamTable, row: tuple[Any, ...]) -> None:
        """Queue one row (a tuple in ``stream.COLUMNS[table]`` order). Never blocks. Every append
        comes from one thread (the event loop's)."""
        if self._closed:
            raise RuntimeError("the stream writer is closed: this row would never be written")
        self._memory.append((table, row, self._clock()))
        self._queued(1)

    def _queued(self, rows: int) -> None:
        self._appended += rows
        size = len(self._memory)
        if size >= self.batch_rows and not self._wake.is_set():
            self._wake.set()
        if size > self.max_memory_rows and not self._spill_wake.is_set():
            self._spill_wake.set()

    def append_tick(
        self,
        venue: str,
        instrument_id: str,
        market_id: str | None,
        best_bid: Decimal | None,
        best_bid_size: Decimal | None,
        best_ask: Decimal | None,
        best_ask_size: Decimal | None,
        venue_ts: datetime | int | None,
        received_ts: datetime | int,
    ) -> None:
        """A top-of-book change. Times are aware datetimes or ``time.time_ns()`` integers."""
        self.append(
            StreamTable.BOOK_TICKS,
            (self.new_key(), venue, instrument_id, market_id, best_bid, best_bid_size, best_ask, best_ask_size, venue_ts, received_ts),
        )

    def append_top(
        self,
        venue: str,
        instrument_id: str,
        market_id: str | None,
        top: Top,
        venue_ns: int | None,
        received_ns: int,
    ) -> None:
        """:meth:`append_tick` with the top of book in ticks and size units (best bid, its size,
        best ask, its size; ``streamer.feeds.Top``) and times in epoch ns, as the feeds keep
        them: see :meth:`append_tops`."""
        self.append_tops(venue, [(instrument_id, market_id, top, venue_ns, received_ns)])

    def append_tops(self, venue: str, rows: Sequence[TickRow]) -> None:
        """``venue``'s tops that moved in one pass (``Feed.moved_tops``' rows: instrument id,
        market id, top in ticks and size units, venue and receive times in epoch ns), queued in
        one call. They stay in units until they are written, as COPY text built in bulk
        (``warehouse.tick_copy``), or spilled, as the exact Decimals they stand for: the event
        loop pays for neither conversion (docs/streamer.md#the-writer-process)."""
        if self._closed:
            raise RuntimeError("the stream writer is closed: this row would never be written")
        session, counter, now = self._session, self._counter, self._clock()
        self._memory.extend([(_TOP_UNITS, (f"{session}-{next(counter)}", venue, *row), now) for row in rows])
        self._queued(len(rows))

    def append_depth(
        self,
        venue: str,
        instrument_id: str,
        market_id: str | None,
        bids: Sequence[tuple[Decimal, Decimal]],
        asks: Sequence[tuple[Decimal, Decimal]],
        venue_ts: datetime | int | None,
        received_ts: datetime | int,
        taken_at: datetime | int,
    ) -> None:
        """A full-depth snapshot: ``bids`` best (highest) first, ``asks`` best (lowest) first, as
        (price, size) pairs."""
        self.append(
            StreamTable.BOOK_DEPTH_SNAPSHOTS,
            (
                self.new_key(), venue, instrument_id, market_id, [p for p, _ in bids], [s for _, s in bids],
                [p for p, _ in asks], [s for _, s in asks], venue_ts, received_ts, taken_at,
            ),
        )  # fmt: skip

    def append_event(self, event: OpportunityEvent) -> None:
        """An opportunity event; its own ``event_key`` makes it idempotent."""
        self.append(StreamTable.OPPORTUNITY_EVENTS, stream.event_row(event))

    def append_health(
        self,
        venue: str,
        period_start: datetime | int,
        period_end: datetime | int,
        *,
        messages: int,
        decode_errors_by_kind: Mapping[str, int],
        gaps: int,
        reconnects: int,
        resyncs: int,
        live_books: int,
        stale_books: int,
        max_staleness_s: Decimal | None,
        connected: bool,
    ) -> None:
        """One venue's health over [``period_start``, ``period_end``): counts for the period."""
        by_kind = dict(decode_errors_by_kind)
        self.append(
            StreamTable.STREAM_HEALTH,
            (
                self.new_key(), venue, period_start, period_end, messages, sum(by_kind.values()), by_kind, gaps,
                reconnects, resyncs, live_books, stale_books, max_staleness_s, connected,
            ),
        )  # fmt: skip

    # --- state ----------------------------------------------------------------------------------

    def stats(self) -> WriterStats:
        with self._lock:
            retry = self._retry.items if self._retry is not None else []
            spilled = sum(segment.count for segment in self._segments)
            oldest = [item[_APPENDED_AT] for item in retry[:1]]
            oldest += [segment.oldest for segment in itertools.islice(self._segments, 1)]
            if self._memory:
                # Only the threads holding the lock take rows out: the first one stays put.
                oldest.append(self._memory[0][_APPENDED_AT])
            return WriterStats(
                memory_rows=len(self._memory) + len(retry),
                spilled_rows=spilled,
                spill_files=len(self._segments),
                oldest_unwritten_age_s=max(self._clock() - min(oldest), 0.0) if oldest else 0.0,
                rows_written=self._rows_written,
                rows_rejected=self._rows_rejected,
                flushes=self._flushes,
                failures=self._failures,
                in_outage=self._in_outage,
            )

    # --- the writer thread --------------------------------------------------------------------

    def _write_loop(self) -> None:
        backoff = 0.0
        while not self._stopping:
            if backoff:
                # While the warehouse is away a full queue must not turn into a stream of
                # connection attempts: only a stop cuts the pause short.
                self._stop.wait(backoff)
            else:
                self._wake.wait(self.flush_interval_s)
            self._wake.clear()
            while not self._stopping:
                unit = self._next_unit()
                if unit is None:
                    backoff = 0.0
                    break
                if not self._write(unit):
                    backoff = min(max(backoff * 2, 0.1), MAX_RETRY_PAUSE_S)
                    break
                self._finish(unit)
                backoff = 0.0

    def _next_unit(self) -> _Unit | None:
        """What to write next, oldest first: the batch in flight, the spill segments, memory."""
        with self._lock:
            if self._retry is not None:
                return self._retry
            segment = self._segments[0] if self._segments else None
            if segment is None:
                if not self._memory:
                    return None
                take = min(self.batch_rows, len(self._memory))
                items = [self._memory.popleft() for _ in range(take)]
                # Held as the batch in flight until committed: a failed write retries it first.
                unit = self._retry = _Unit(items, len(items), fresh=True)
        if segment is None:
            # Checked once, outside the lock: a retried batch does not report its bad rows again.
            unit.items = self._checked(unit.items)
            return unit
        segment.ready.wait()
        if segment.loaded is None:
            segment.loaded = _Unit(self._checked(self._read_segment(segment)), segment.count, segment)
        return segment.loaded

    def _checked(self, items: list[_Item]) -> list[_Item]:
        """``items`` without the rows that cannot be stored (each logged and counted)."""
        by_table = _by_table(items)
        bad: set[int] = set()
        for table, table_items in by_table.items():
            rows = list(map(_row_of, table_items))
            problems = top_problems(rows) if table is _TOP_UNITS else stream.batch_problems(table, rows)
            for index, problem in problems:
                self._reject(StreamTable.BOOK_TICKS if table is _TOP_UNITS else table, problem)
                bad.add(id(table_items[index]))
        return [item for item in items if id(item) not in bad] if bad else items

    def _finish(self, unit: _Unit) -> None:
        segment = unit.segment
        if segment is not None and segment.rows is None:
            segment.path.unlink(missing_ok=True)
        with self._progress:
            if segment is None:
                self._retry = None
            else:
                self._segments.popleft()
            self._done += unit.count
            self._progress.notify_all()

    def _write(self, unit: _Unit) -> bool:
        """Write ``unit`` in one transaction; False when the warehouse is away (kept for retry)."""
        by_table: dict[StreamTable, list[tuple[Any, ...]]] = {}
        for table, items in _by_table(unit.items).items():
            # A top in units is a book_ticks row: both shapes go in one COPY, in append order.
            if table is _TOP_UNITS or table is StreamTable.BOOK_TICKS:
                table = StreamTable.BOOK_TICKS
                items = [item for item in unit.items if item[_TABLE] is _TOP_UNITS or item[_TABLE] is table]
            by_table[table] = list(map(_row_of, items))
        if not by_table:
            return True
        # Only a first try goes straight into the tables: a retry may follow a commit whose
        # answer was lost, and goes through the merge that skips keys already stored.
        fresh, unit.fresh = unit.fresh, False
        try:
            written = self._commit(by_table, fresh=fresh)
        except _OUTAGE_ERRORS as exc:
            self._outage(exc)
            return False
        except _ROW_ERRORS as exc:
            self._count_failure("rejected")
            log.warning("the warehouse refused a batch of %d rows (%s); finding the row at fault", len(unit.items), _brief(exc))
            return self._isolate(by_table)
        except Exception:
            # Not the warehouse and not a row we can name: keep the rows and retry like an
            # outage (loudly) rather than let the thread die with the backlog stranded.
            log.exception("stream writer: unexpected error writing %d rows; keeping them and retrying", len(unit.items))
            self._in_outage = True
            self._count_failure("error")
            return False
        self._recovered()
        self._count_flush(written)
        return True

    def _commit(self, by_table: Mapping[StreamTable, Sequence[tuple[Any, ...]]], *, fresh: bool = False) -> dict[str, int]:
        written: dict[str, int] = {}
        schema = self.warehouse.schema
        with self.warehouse.transaction() as connection:
            # SET LOCAL ends with the transaction: the pooled connection goes back unchanged.
            connection.exec_driver_sql(f"SET LOCAL statement_timeout = {self.statement_timeout_ms}")
            for table, rows in by_table.items():
                if table is StreamTable.BOOK_TICKS:
                    written[table.value] = stream.insert_ticks(connection, rows, schema=schema, fresh=fresh)
                else:
                    written[table.value] = stream.insert_rows(connection, table, rows, schema=schema)
        return written

    def _isolate(self, by_table: dict[StreamTable, list[tuple[Any, ...]]]) -> bool:
        """Write a refused batch in halves until the rows the warehouse refuses are alone; each is
        logged and left out. False when the warehouse went away meanwhile (the whole batch is
        retried then; the halves already written are not written twice)."""
        pending = [(table, rows) for table, rows in by_table.items()]
        while pending:
            table, rows = pending.pop()
            try:
                written = self._commit({table: rows})
            except _OUTAGE_ERRORS as exc:
                self._outage(exc)
                return False
            except _ROW_ERRORS as exc:
                if len(rows) == 1:
                    self._reject(table, f"the warehouse refused it: {_brief(exc)}; row key {rows[0][0]}")
                    continue
                middle = len(rows) // 2
                pending += [(table, rows[middle:]), (table, rows[:middle])]
                continue
            self._count_flush(written)
        self._recovered()
        return True

    def _reject(self, table: StreamTable, problem: str) -> None:
        log.error("stream writer: a %s row was left out: %s", table.value, problem)
        with self._lock:
            self._rows_rejected += 1
        if self.metrics is not None:
            self.metrics.observe_rejected_row(table.value)

    def _outage(self, exc: BaseException) -> None:
        if not self._in_outage:
            log.error("the warehouse cannot take the stream's rows (%s); buffering, and spilling to %s past %d rows",
                      _brief(exc), self.spill_dir, self.max_memory_rows)  # fmt: skip
        self._in_outage = True
        self._count_failure("outage")

    def _recovered(self) -> None:
        if self._in_outage:
            log.warning("the warehouse takes the stream's rows again; catching up on %d rows", self.stats().backlog_rows)
        self._in_outage = False

    def _count_failure(self, reason: str) -> None:
        with self._lock:
            self._failures += 1
        if self.metrics is not None:
            self.metrics.observe_write_failure(reason)

    def _count_flush(self, written: dict[str, int]) -> None:
        with self._lock:
            self._flushes += 1
            self._rows_written += sum(written.values())
        if self.metrics is not None:
            self.metrics.observe_flush(written)


_table_of = operator.itemgetter(_TABLE)
_row_of = operator.itemgetter(_ROW)


def _by_table(items: list[_Item]) -> dict[Any, list[_Item]]:
    """``items`` by their table, in order. A batch of the streamer's tops alone (the usual one)
    is one table, found with no Python call a row."""
    tables = set(map(_table_of, items))
    if len(tables) == 1:
        return {tables.pop(): items}
    by_table: dict[Any, list[_Item]] = {}
    for item in items:
        by_table.setdefault(item[_TABLE], []).append(item)
    return by_table


def _brief(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return f"{type(original).__name__}: {str(original).strip().splitlines()[0] if str(original).strip() else ''}"

