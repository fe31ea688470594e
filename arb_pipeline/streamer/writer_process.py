"""The streamer's warehouse writer in a process of its own, so that it never takes the event
loop's GIL (docs/streamer.md#the-writer-process).

:class:`WriterProcess` is what the streamer appends to. It runs the one
:class:`~arb_pipeline.streamer.persistence.StreamWriter` (batches by COPY, the bounded memory,
the spill files and their replay, the keys that make a replay idempotent) in a child process,
and carries the rows to it:

* ``append_*`` (event loop) put the call on a list; every ``SEND_INTERVAL_S`` the list is
  pickled in one piece and written to a pipe, non-blocking (what the pipe cannot take at once
  waits in the parent and goes when the pipe is writable: the loop never waits for the child).
  The child reads the pipe on its own thread and makes the same calls on its StreamWriter, in
  order, so a row's key and its place in the warehouse's id order are as before.
* The child sends back, on a second pipe, its writer's stats every ``STATS_INTERVAL_S`` (the
  parent's :meth:`WriterProcess.stats` are the latest, with the lag aged to now), every metric
  its writer observes (applied to the parent's :class:`StreamerMetrics`), its log records (to the
  parent's handlers) and the answers to :meth:`flush` and :meth:`close`. One parent thread reads
  them: a few small messages a second.
* :meth:`aclose` / :meth:`close` send "close" behind every row appended before: the child's
  writer writes what it can within the timeout and spills the rest, and the child exits. The
  child ignores SIGINT and SIGTERM (the parent's stop drives it); if the parent dies without a
  close, the end of the pipe is one, and the child still writes or spills everything it received.

Rows appended but still in the parent (not yet read by the child) are lost if the parent is
killed, as rows in the writer's memory were before: durability starts when a row is committed or
spilled.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import multiprocessing
import os
import pickle
import signal
import struct
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arb_pipeline.domain.opportunity_events import OpportunityEvent
from arb_pipeline.streamer.feeds import Top
from arb_pipeline.streamer.persistence import StreamWriter, WriterStats
from arb_pipeline.streamer.spill import SpillDirectoryError

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from arb_pipeline.streamer.metrics import StreamerMetrics
    from arb_pipeline.streamer.settings import StreamerSettings
    from arb_pipeline.warehouse.store import Warehouse

log = logging.getLogger(__name__)

#: How long appends gather before they go to the child in one write: at full speed a loop turn
#: holds a few rows, and a write and the child's wake-up per turn cost more than the rows do.
SEND_INTERVAL_S = 0.002
#: How often the child sends its writer's stats (the backlog and lag metrics read the latest).
STATS_INTERVAL_S = 0.1
#: How long the child writes what it has when the streamer vanished without closing it.
ORPHAN_CLOSE_TIMEOUT_S = 30.0
#: How long :meth:`WriterProcess.start` waits for the child to take the spill directory.
START_TIMEOUT_S = 60.0
#: The pipe's capacity asked for (Linux's default is 64 KiB, about 400 tick rows).
PIPE_BYTES = 1 << 20
_F_SETPIPE_SZ = 1031
_HEADER = struct.Struct("<I")

# The forkserver starts once per streamer process with this module imported, and every writer
# process forks from it: a writer starts in milliseconds instead of a fresh interpreter's import
# of the warehouse code, and it inherits none of the streamer's threads or sockets.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload([__name__])


class WriterProcess:
    """The streamer's writer (see the module docstring). :meth:`start` once, the ``append_*``
    methods from the event loop's thread, :meth:`aclose` (or :meth:`close` without a loop)."""

    def __init__(
        self, warehouse: Warehouse, spill_dir: Path, *, metrics: StreamerMetrics | None = None, **options: Any
    ) -> None:
        """``options``: the :class:`StreamWriter`'s (``batch_rows``, ``flush_interval_s``,
        ``max_memory_rows``, ``statement_timeout_s``), checked here as it checks them."""
        batch_rows, max_memory_rows = options.get("batch_rows", 2_000), options.get("max_memory_rows", 500_000)
        if batch_rows < 1 or max_memory_rows < batch_rows:
            raise ValueError(f"need 1 <= batch_rows ({batch_rows}) <= max_memory_rows ({max_memory_rows})")
        self.url = warehouse.engine.url.render_as_string(hide_password=False)
        self.schema = warehouse.schema
        self.spill_dir = Path(spill_dir)
        self.options = options
        self.metrics = metrics
        self._process: Any = None
        self._rows: Connection | None = None
        self._results: Connection | None = None
        self._fd = -1
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread = 0
        self._calls: list[tuple[Any, ...]] = []
        self._send_due = False
        self._unsent = bytearray()
        self._draining = False
        self._closed = False
        self._reader: threading.Thread | None = None
        self._answers = threading.Condition()
        self._replies: dict[int, Any] = {}
        self._tokens = itertools.count(1)
        self._stats = WriterStats(0, 0, 0, 0.0, 0, 0, 0, 0, False)
        self._stats_at = time.time()
        self._final: WriterStats | None = None
        self._child_gone = False
        self._ready = threading.Event()
        self._start_error: Exception | None = None
        if metrics is not None:
            metrics.track_writer(self.stats)

    @classmethod
    def from_settings(
        cls, warehouse: Warehouse, settings: StreamerSettings, metrics: StreamerMetrics | None = None
    ) -> WriterProcess:
        if settings.spill_dir is None:
            raise ValueError("the settings name no spill directory: build them with StreamerSettings.from_env")
        return cls(
            warehouse,
            settings.spill_dir,
            metrics=metrics,
            batch_rows=settings.write_batch_rows,
            flush_interval_s=settings.write_flush_interval_s,
            max_memory_rows=settings.write_max_memory_rows,
            statement_timeout_s=settings.write_statement_timeout_s,
        )

    # --- life cycle -------------------------------------------------------------------------------

    def start(self, *, wait: bool = True) -> None:
        """Start the child; with ``wait``, until its writer holds the spill directory (raises
        :class:`SpillDirectoryError` as the writer does). Without, appends wait in the pipe
        meanwhile and :meth:`started` says how it went: the streamer's feeds connect while a
        first child imports the warehouse code (seconds on a loaded machine). Called on the
        event loop's thread when one runs: the appends are then sent from that loop every
        SEND_INTERVAL_S."""
        if self._process is not None:
            raise RuntimeError("the writer is already started")
        rows_out, rows_in = _CONTEXT.Pipe(duplex=False)[::-1]
        results_in, results_out = _CONTEXT.Pipe(duplex=False)
        level = logging.getLogger("arb_pipeline").getEffectiveLevel()
        self._process = _CONTEXT.Process(
            target=_child, args=(self.url, self.schema, self.spill_dir, self.options, rows_in, results_out, level),
            name="stream-writer", daemon=True,
        )  # fmt: skip
        self._process.start()
        rows_in.close()
        results_out.close()
        self._rows, self._results = rows_out, results_in
        self._fd = rows_out.fileno()
        try:
            import fcntl

            fcntl.fcntl(self._fd, _F_SETPIPE_SZ, PIPE_BYTES)
        except OSError:
            # A smaller pipe only means the parent holds more of a backlog itself.
            pass
        try:
            self._loop = asyncio.get_running_loop()
        except RuntimeError:
            self._loop = None
        self._loop_thread = threading.get_ident()
        os.set_blocking(self._fd, self._loop is None)
        self._reader = threading.Thread(target=self._read_results, name="writer-results", daemon=True)
        self._reader.start()
        if wait:
            self._wait_started()

    async def started(self) -> None:
        """Wait, off the event loop, until the child's writer holds the spill directory; raises
        as :meth:`start` does."""
        await asyncio.get_running_loop().run_in_executor(None, self._wait_started)

    def _wait_started(self) -> None:
        if not self._ready.wait(START_TIMEOUT_S):
            self._process.kill()
            raise RuntimeError(f"the stream writer process did not start within {START_TIMEOUT_S:g} s")
        if self._start_error is not None:
            raise self._start_error

    def flush(self, timeout_s: float | None = None) -> bool:
        """Wait until every row appended before this call is written (or left out as bad); False
        when ``timeout_s`` passed first. From any thread but the event loop's."""
        token = next(self._tokens)
        self._call_from_any_thread(("flush", token, timeout_s), now=True)
        deadline = None if timeout_s is None else time.monotonic() + timeout_s + 5.0
        with self._answers:
            while token not in self._replies and not self._child_gone:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._answers.wait(remaining)
            return bool(self._replies.pop(token, False))

    async def aclose(self, timeout_s: float = 30.0) -> WriterStats:
        """Write everything within ``timeout_s`` and spill the rest; the loop keeps running (and
        sending what the pipe could not take yet) meanwhile. Returns the final stats."""
        self._close_call(timeout_s)
        return await asyncio.get_running_loop().run_in_executor(None, self._wait_closed, timeout_s)

    def close(self, timeout_s: float = 30.0) -> WriterStats:
        """:meth:`aclose` for a writer started with no event loop."""
        self._close_call(timeout_s)
        return self._wait_closed(timeout_s)

    def _close_call(self, timeout_s: float) -> None:
        if self._process is None:
            raise RuntimeError("the writer was never started")
        self._call(("close", timeout_s), now=True)
        self._closed = True

    def _wait_closed(self, timeout_s: float) -> WriterStats:
        # The child's close waits timeout_s for the warehouse, then spills: the spill itself is
        # bounded by the disk, not by the warehouse.
        self._process.join(timeout_s + START_TIMEOUT_S)
        if self._process.is_alive():
            log.critical("the stream writer process did not stop in time; killing it (its rows in memory are lost)")
            self._process.kill()
            self._process.join()
        assert self._reader is not None
        self._reader.join()
        if self._loop is not None and self._draining:
            self._loop.call_soon_threadsafe(self._loop.remove_writer, self._fd)
        assert self._rows is not None
        self._rows.close()
        if self._final is None and self._start_error is None:
            log.critical("the stream writer process ended without its final count (exit code %s)", self._process.exitcode)
        return self._final or self.stats()

    # --- appends (event loop) ---------------------------------------------------------------------

    def append_top(
        self, venue: str, instrument_id: str, market_id: str | None, top: Top, venue_ns: int | None, received_ns: int
    ) -> None:
        """:meth:`StreamWriter.append_top`: a top of book in ticks and size units, times in epoch ns."""
        self._call(("append_top", venue, instrument_id, market_id, top, venue_ns, received_ns))

    def append_depth(
        self, venue: str, instrument_id: str, market_id: str | None, bids: Sequence[tuple[Decimal, Decimal]],
        asks: Sequence[tuple[Decimal, Decimal]], venue_ts: datetime | int | None, received_ts: datetime | int,
        taken_at: datetime | int,
    ) -> None:  # fmt: skip
        """:meth:`StreamWriter.append_depth`."""
        self._call(("append_depth", venue, instrument_id, market_id, bids, asks, venue_ts, received_ts, taken_at))

    def append_event(self, event: OpportunityEvent) -> None:
        """:meth:`StreamWriter.append_event`."""
        self._call(("append_event", event))

    def append_health(self, venue: str, period_start: datetime | int, period_end: datetime | int, **counts: Any) -> None:
        """:meth:`StreamWriter.append_health` (its keyword arguments)."""
        self._call(("append_health", venue, period_start, period_end, counts))

    def _call(self, call: tuple[Any, ...], now: bool = False) -> None:
        """Queue ``call`` for the child: sent within SEND_INTERVAL_S, or on the loop's next turn
        when ``now`` (a flush or the close, which someone waits for); at once with no loop."""
        if self._closed:
            raise RuntimeError("the stream writer is closed: this row would never be written")
        self._calls.append(call)
        if self._loop is None:
            self._send()
        elif now:
            self._loop.call_soon(self._send)
        elif not self._send_due:
            self._send_due = True
            self._loop.call_later(SEND_INTERVAL_S, self._send)

    def _call_from_any_thread(self, call: tuple[Any, ...], now: bool) -> None:
        if self._loop is not None and threading.get_ident() != self._loop_thread:
            self._loop.call_soon_threadsafe(self._call, call, now)
        else:
            self._call(call, now)

    def _send(self) -> None:
        """The calls queued since the last send, in one pickle and one write."""
        self._send_due = False
        if self._calls:
            payload = pickle.dumps(self._calls, protocol=pickle.HIGHEST_PROTOCOL)
            self._calls = []
            self._unsent += _HEADER.pack(len(payload))
            self._unsent += payload
        self._drain()

    def _drain(self) -> None:
        unsent = self._unsent
        while unsent:
            try:
                written = os.write(self._fd, unsent)
            except BlockingIOError:
                break
            except BrokenPipeError:
                # The child is gone; _read_results has said so and the rows are lost with it.
                unsent.clear()
                break
            del unsent[:written]
        if self._loop is None:
            return
        if unsent and not self._draining:
            self._loop.add_writer(self._fd, self._drain)
            self._draining = True
        elif not unsent and self._draining:
            self._loop.remove_writer(self._fd)
            self._draining = False

    # --- what the child sends back (the results thread) -------------------------------------------

    def stats(self) -> WriterStats:
        """The child's writer's stats as last sent, the lag aged to now; the rows still in the
        parent count as in memory."""
        stats = self._final or self._stats
        pending = len(self._calls)
        age = stats.oldest_unwritten_age_s
        if stats.backlog_rows:
            age += max(time.time() - self._stats_at, 0.0)
        return stats._replace(memory_rows=stats.memory_rows + pending, oldest_unwritten_age_s=age)

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def pending_bytes(self) -> int:
        """Bytes of appends the pipe has not taken yet: the child is behind, or stopped."""
        return len(self._unsent)

    def cpu_seconds(self) -> float:
        """The child's CPU time so far (user and system; Linux)."""
        with open(f"/proc/{self._process.pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _read_results(self) -> None:
        results = self._results
        assert results is not None
        while True:
            try:
                kind, *detail = results.recv()
            except (EOFError, OSError):
                break
            if kind == "started":
                self._ready.set()
            elif kind == "error":
                message, name = detail
                self._start_error = SpillDirectoryError(message) if name == "SpillDirectoryError" else RuntimeError(message)
                self._ready.set()
            elif kind == "stats":
                self._stats, self._stats_at = WriterStats(*detail[0]), detail[1]
            elif kind == "metric":
                if self.metrics is not None:
                    getattr(self.metrics, detail[0])(*detail[1])
            elif kind == "log":
                level, name, message = detail
                logging.getLogger(name).log(level, "%s", message)
            elif kind in ("flushed", "closed"):
                with self._answers:
                    if kind == "flushed":
                        self._replies[detail[0]] = detail[1]
                    else:
                        self._final = WriterStats(*detail[0])
                    self._answers.notify_all()
        with self._answers:
            self._child_gone = True
            self._answers.notify_all()
        if not self._ready.is_set():
            self._start_error = RuntimeError(f"the stream writer process ended before it started (exit code {self._process.exitcode})")
            self._ready.set()
        if not self._closed and self._start_error is None:
            # Shown as an outage that never ends: the backlog and lag metrics and the logs say it.
            self._stats = self._stats._replace(in_outage=True)
            log.critical("the stream writer process died (exit code %s): rows appended from now on are lost",
                         self._process.exitcode)  # fmt: skip


# --- the child ------------------------------------------------------------------------------------


class _Results:
    """The child's end of the results pipe, shared by its threads."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.lock = threading.Lock()
        self.parent_gone = False

    def send(self, message: tuple[Any, ...]) -> None:
        """Send ``message``; nothing once the parent is gone (the writer's threads call this
        from their flushes: a parent that vanished must not stop them writing)."""
        with self.lock:
            if self.parent_gone:
                return
            try:
                self.connection.send(message)
            except OSError:
                self.parent_gone = True


class _MetricsRelay:
    """What the child's StreamWriter reports to its metrics, sent to the parent's."""

    def __init__(self, results: _Results) -> None:
        self.results = results

    def track_writer(self, backlog: Any) -> None:
        """The backlog reaches the parent's metrics through the stats the child sends instead."""

    def observe_flush(self, rows_by_table: dict[str, int]) -> None:
        self.results.send(("metric", "observe_flush", (rows_by_table,)))

    def observe_write_failure(self, reason: str) -> None:
        self.results.send(("metric", "observe_write_failure", (reason,)))

    def observe_rejected_row(self, table: str, rows: int = 1) -> None:
        self.results.send(("metric", "observe_rejected_row", (table, rows)))

    def observe_spill(self, rows: int) -> None:
        self.results.send(("metric", "observe_spill", (rows,)))


class _LogRelay(logging.Handler):
    """The child's log records, sent to the parent's loggers of the same names."""

    def __init__(self, results: _Results) -> None:
        super().__init__()
        self.results = results

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
        self.results.send(("log", record.levelno, record.name, message))


def _child(
    url: str, schema: str, spill_dir: Path, options: Mapping[str, Any], rows: Connection, results_out: Connection, level: int
) -> None:
    # The parent's stop drives this process's: a Ctrl-C reaches the whole process group.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    results = _Results(results_out)
    root = logging.getLogger()
    root.handlers[:] = [_LogRelay(results)]
    root.setLevel(level)
    from arb_pipeline.warehouse.store import Warehouse

    writer = StreamWriter(Warehouse.connect(url, schema, migrate=False), spill_dir, metrics=_MetricsRelay(results), **options)  # type: ignore[arg-type]
    try:
        writer.start()
    except Exception as exc:
        results.send(("error", str(exc), type(exc).__name__))
        return
    results.send(("started",))
    stopped = threading.Event()
    ticker = threading.Thread(target=_send_stats, args=(writer, results, stopped), daemon=True)
    ticker.start()
    close_timeout = _apply_calls(writer, rows, results)
    stats = writer.close(close_timeout)
    stopped.set()
    ticker.join()
    results.send(("closed", tuple(stats)))


def _send_stats(writer: StreamWriter, results: _Results, stopped: threading.Event) -> None:
    while not stopped.wait(STATS_INTERVAL_S):
        results.send(("stats", tuple(writer.stats()), time.time()))


def _apply_calls(writer: StreamWriter, rows: Connection, results: _Results) -> float:
    """Make the parent's calls on ``writer`` in order until "close" (its timeout is returned) or
    the end of the pipe (the parent is gone: the default close timeout)."""
    stream = open(rows.fileno(), "rb", buffering=PIPE_BYTES, closefd=False)  # noqa: SIM115 - read until the end
    while True:
        header = stream.read(_HEADER.size)
        if len(header) < _HEADER.size:
            log.error("the streamer went away without closing its writer; writing or spilling what it sent")
            return ORPHAN_CLOSE_TIMEOUT_S
        payload = stream.read(_HEADER.unpack(header)[0])
        for call in pickle.loads(payload):
            name = call[0]
            if name == "append_top":
                writer.append_top(*call[1:])
            elif name == "append_depth":
                writer.append_depth(*call[1:])
            elif name == "append_event":
                writer.append_event(call[1])
            elif name == "append_health":
                writer.append_health(*call[1:4], **call[4])
            elif name == "flush":
                threading.Thread(target=_flush, args=(writer, results, call[1], call[2]), daemon=True).start()
            elif name == "close":
                return call[1]


def _flush(writer: StreamWriter, results: _Results, token: int, timeout_s: float | None) -> None:
    """A flush on a thread of its own: the calls behind it keep being read meanwhile. The stats
    go first, so the parent's read after the flush shows it."""
    done = writer.flush(timeout_s)
    results.send(("stats", tuple(writer.stats()), time.time()))
    results.send(("flushed", token, done))
