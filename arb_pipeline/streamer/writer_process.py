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

* A child that dies without its close (killed, out of memory) is counted, logged and started
  again after a backoff (``restart_backoff``), and the new one replays the spill directory as a
  start does. Meanwhile the appends wait in the parent, with the calls the dead child never read
  whole; past ``max_memory_rows`` they are spilled by the parent, the writer's way, after the
  dead child's segments. This needs the event loop (the streamer's case): with none, a dead
  child shows as an outage that never ends.

Rows appended but still in the parent (not yet read by the child) are lost if the parent is
killed, as rows in the writer's memory were before: durability starts when a row is committed or
spilled. The rows a dead child had read and not yet written or spilled are lost with it.
"""

from __future__ import annotations

import asyncio
import fcntl
import itertools
import logging
import multiprocessing
import os
import pickle
import struct
import termios
import threading
import time
from collections import deque
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arb_pipeline.domain.opportunity_events import OpportunityEvent
from arb_pipeline.streamer.feeds import TickRow
from arb_pipeline.streamer.persistence import StreamWriter, WriterStats
from arb_pipeline.streamer.spill import SpillDirectoryError
from arb_pipeline.streamer.writer_child import HEADER, PIPE_BYTES, STATS_INTERVAL_S, apply_call, run_child
from arb_pipeline.venues.backoff import Backoff

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from arb_pipeline.streamer.metrics import StreamerMetrics
    from arb_pipeline.streamer.settings import StreamerSettings
    from arb_pipeline.warehouse.store import Warehouse

log = logging.getLogger(__name__)

#: How long appends gather before they go to the child in one write: at full speed a loop turn
#: holds a few rows, and a write and the child's wake-up per turn cost more than the rows do.
SEND_INTERVAL_S = 0.002
#: How long :meth:`WriterProcess.start` waits for the child to take the spill directory.
START_TIMEOUT_S = 60.0
#: How soon a dead writer process is started again: at once almost, then doubling for one that
#: keeps dying before it starts, so it does not spin.
WRITER_RESTART = Backoff(base_delay_s=0.2, max_delay_s=30.0)
_F_SETPIPE_SZ = 1031
_F_GETPIPE_SZ = 1032

# The forkserver starts once per streamer process with this module imported, and every writer
# process forks from it: a writer starts in milliseconds instead of a fresh interpreter's import
# of the warehouse code, and it inherits none of the streamer's threads or sockets.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload([__name__])


class WriterProcess:
    """The streamer's writer (see the module docstring). :meth:`start` once, the ``append_*``
    methods from the event loop's thread, :meth:`aclose` (or :meth:`close` without a loop)."""

    def __init__(
        self, warehouse: Warehouse, spill_dir: Path, *, metrics: StreamerMetrics | None = None,
        restart_backoff: Backoff = WRITER_RESTART, **options: Any,
    ) -> None:  # fmt: skip
        """``options``: the :class:`StreamWriter`'s (``batch_rows``, ``flush_interval_s``,
        ``max_memory_rows``, ``statement_timeout_s``), checked here as it checks them;
        ``max_memory_rows`` bounds the appends waiting here too while no child runs."""
        batch_rows, max_memory_rows = options.get("batch_rows", 2_000), options.get("max_memory_rows", 500_000)
        if batch_rows < 1 or max_memory_rows < batch_rows:
            raise ValueError(f"need 1 <= batch_rows ({batch_rows}) <= max_memory_rows ({max_memory_rows})")
        self.url = warehouse.engine.url.render_as_string(hide_password=False)
        self.schema = warehouse.schema
        self.spill_dir = Path(spill_dir)
        self.options = options
        self.max_memory_rows = max_memory_rows
        # How many calls may wait for a new child before they are spilled: doubled after a
        # spill the disk refused, so a full disk is not tried again at every append.
        self._waiting_bound = max_memory_rows
        self.metrics = metrics
        self._restarts = restart_backoff.policy()
        self._process: Any = None
        self._rows: Connection | None = None
        self._fd = -1
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread = 0
        self._calls: list[tuple[Any, ...]] = []
        #: The rows of the calls in ``_calls`` (a pass's tops are one call).
        self._call_rows = 0
        self._send_due = False
        self._unsent = bytearray()
        # The length of each message in _unsent, and how much of the first the pipe took: a
        # message the child did not get whole goes whole to the next child.
        self._lengths: deque[int] = deque()
        self._head_written = 0
        # With a loop, the parent keeps the pipe's read end too: when the child dies, what it
        # left unread in the pipe (FIONREAD) is known, and the copies of the messages written
        # whole and perhaps unread (the last pipe's worth, by where they start) go to the next.
        self._rows_in: Connection | None = None
        self._pipe_bytes = PIPE_BYTES
        self._sent_bytes = 0
        self._in_pipe: deque[tuple[int, bytes]] = deque()
        self._draining = False
        self._down = False
        self._closed = False
        self._close_timeout_s = 0.0
        self._pending_flushes: set[int] = set()
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
        try:
            self._loop = asyncio.get_running_loop()
        except RuntimeError:
            self._loop = None
        self._loop_thread = threading.get_ident()
        self._spawn()
        if wait:
            self._wait_started()

    def _spawn(self) -> None:
        rows_out, rows_in = _CONTEXT.Pipe(duplex=False)[::-1]
        results_in, results_out = _CONTEXT.Pipe(duplex=False)
        level = logging.getLogger("arb_pipeline").getEffectiveLevel()
        self._process = _CONTEXT.Process(
            target=run_child, args=(self.url, self.schema, self.spill_dir, self.options, rows_in, results_out, level),
            name="stream-writer", daemon=True,
        )  # fmt: skip
        self._process.start()
        if self._loop is None:
            rows_in.close()
        else:
            self._rows_in = rows_in
        results_out.close()
        self._rows = rows_out
        self._fd = rows_out.fileno()
        self._sent_bytes = 0
        self._in_pipe.clear()
        try:
            fcntl.fcntl(self._fd, _F_SETPIPE_SZ, PIPE_BYTES)
        except OSError:
            # A smaller pipe only means the parent holds more of a backlog itself.
            pass
        self._pipe_bytes = fcntl.fcntl(self._fd, _F_GETPIPE_SZ)
        os.set_blocking(self._fd, self._loop is None)
        self._reader = threading.Thread(target=self._read_results, args=(results_in, self._process),
                                        name="writer-results", daemon=True)  # fmt: skip
        self._reader.start()

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
        with self._answers:
            self._pending_flushes.add(token)
        self._call_from_any_thread(("flush", token, timeout_s), now=True)
        deadline = None if timeout_s is None else time.monotonic() + timeout_s + 5.0
        with self._answers:
            while token not in self._replies and not self._child_gone:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return False
                self._answers.wait(remaining)
            self._pending_flushes.discard(token)
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
        self._close_timeout_s = timeout_s

    def _wait_closed(self, timeout_s: float) -> WriterStats:
        # The child's close waits timeout_s for the warehouse, then spills: the spill itself is
        # bounded by the disk, not by the warehouse. A child that dies meanwhile is replaced,
        # and the close goes to the new one.
        deadline = time.monotonic() + timeout_s + START_TIMEOUT_S + self._restarts.backoff.max_delay_s
        with self._answers:
            while not self._child_gone and time.monotonic() < deadline:
                self._answers.wait(deadline - time.monotonic())
        self._process.join(max(deadline - time.monotonic(), 0.0))
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
        if self._rows_in is not None:
            self._rows_in.close()
        if self._final is None and self._start_error is None:
            log.critical("the stream writer process ended without its final count (exit code %s)", self._process.exitcode)
        return self._final or self.stats()

    # --- appends (event loop) ---------------------------------------------------------------------

    def append_tops(self, venue: str, rows: list[TickRow]) -> None:
        """:meth:`StreamWriter.append_tops`: a pass's tops of book in ticks and size units, times in
        epoch ns, as one call (``rows`` is not changed after it is handed over)."""
        self._call(("append_tops", venue, rows), rows=len(rows))

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

    # --- a child that died ------------------------------------------------------------------------

    def _child_died(self, process: Any) -> None:
        """On the event loop, once the reader saw ``process`` end without its close: take back
        what it never read whole, count it and start a new child after the backoff."""
        process.join()
        if self._draining:
            assert self._loop is not None
            self._loop.remove_writer(self._fd)
            self._draining = False
        assert self._rows is not None and self._rows_in is not None
        unread = struct.unpack("i", fcntl.ioctl(self._rows_in.fileno(), termios.FIONREAD, b"\0\0\0\0"))[0]
        self._rows.close()
        self._rows_in.close()
        calls = self._unread_calls(self._sent_bytes - unread) + self._taken_back() + self._calls
        self._calls = calls
        self._call_rows = _rows_of(calls)
        surviving = {call[1] for call in calls if call[0] == "flush"}
        with self._answers:
            # A flush the dead child read is answered by no one: it did not complete.
            for token in self._pending_flushes - surviving:
                self._replies[token] = False
            self._answers.notify_all()
        if self._closed and not any(call[0] == "close" for call in calls):
            calls.append(("close", self._close_timeout_s))
        lost = self._stats.memory_rows
        self._stats = self._stats._replace(memory_rows=0, in_outage=True)
        self._down = True
        delay = self._restarts.next_delay()
        if self.metrics is not None:
            self.metrics.observe_writer_restart()
        log.critical(
            "the stream writer process died (exit code %s): starting another in %.1f s; the rows it had read "
            "and not yet written or spilled are lost (%d in its memory at its last stats, %g s before)",
            process.exitcode, delay, lost, STATS_INTERVAL_S,
        )  # fmt: skip
        assert self._loop is not None
        self._loop.call_later(delay, self._restart)
        self._bound_waiting()

    def _unread_calls(self, read_up_to: int) -> list[tuple[Any, ...]]:
        """The calls of the messages written whole to the pipe that the dead child had not begun
        to read (it had read the pipe up to byte ``read_up_to``)."""
        calls: list[tuple[Any, ...]] = []
        for start, message in self._in_pipe:
            if start >= read_up_to:
                calls += pickle.loads(message[HEADER.size :])
        self._in_pipe.clear()
        return calls

    def _taken_back(self) -> list[tuple[Any, ...]]:
        """The calls of the messages the dead child did not read whole, its partly written first
        one included (a message is applied only once read whole)."""
        calls: list[tuple[Any, ...]] = []
        at = 0
        for length in self._lengths:
            calls += pickle.loads(self._unsent[at + HEADER.size : at + length])
            at += length
        self._unsent.clear()
        self._lengths.clear()
        self._head_written = 0
        return calls

    def _restart(self) -> None:
        try:
            self._spawn()
        except OSError as exc:
            # No process or pipe to be had now (out of memory, of descriptors): try again later.
            delay = self._restarts.next_delay()
            log.critical("could not start a new stream writer process (%s); trying again in %.1f s", exc, delay)
            assert self._loop is not None
            self._loop.call_later(delay, self._restart)
            return
        self._down = False
        self._send()

    def _bound_waiting(self) -> None:
        """Past ``max_memory_rows`` waiting for a new child, the rows go to a spill file as the
        writer spills them (after the segments already there: a new child replays them in
        order); a flush or the close stays to be sent. Rows the disk refused keep waiting."""
        rows = self._call_rows
        if rows <= self._waiting_bound:
            return
        self._waiting_bound = 2 * rows
        spiller = StreamWriter(None, self.spill_dir, **self.options)  # type: ignore[arg-type]
        for call in self._calls:
            if call[0].startswith("append_"):
                apply_call(spiller, call)
        try:
            spilled = spiller.spill_unstarted()
        except SpillDirectoryError as exc:
            log.error("cannot spill the %d rows waiting for a new writer process (%s); they keep waiting", rows, exc)
            return
        if spilled:
            self._waiting_bound = self.max_memory_rows
            self._calls = [call for call in self._calls if not call[0].startswith("append_")]
            self._call_rows = 0
            if self.metrics is not None:
                self.metrics.observe_spill(rows)

    def _call(self, call: tuple[Any, ...], now: bool = False, rows: int = 1) -> None:
        """Queue ``call`` (of ``rows`` rows) for the child: sent within SEND_INTERVAL_S, or on the
        loop's next turn when ``now`` (a flush or the close, which someone waits for); at once
        with no loop."""
        if self._closed:
            raise RuntimeError("the stream writer is closed: this row would never be written")
        self._calls.append(call)
        self._call_rows += rows
        if self._down:
            if self._call_rows > self._waiting_bound:
                self._bound_waiting()
        elif self._loop is None:
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
        if self._down:
            return
        if self._calls:
            payload = pickle.dumps(self._calls, protocol=pickle.HIGHEST_PROTOCOL)
            self._calls = []
            self._call_rows = 0
            self._unsent += HEADER.pack(len(payload))
            self._unsent += payload
            self._lengths.append(HEADER.size + len(payload))
        self._drain()

    def _drain(self) -> None:
        unsent, lengths = self._unsent, self._lengths
        at = self._head_written
        while at < len(unsent):
            view = memoryview(unsent)
            try:
                written = os.write(self._fd, view[at:])
            except BlockingIOError:
                break
            except BrokenPipeError:
                # The child is gone: what it did not read whole goes to the next (_child_died).
                break
            finally:
                view.release()
            at += written
            self._sent_bytes += written
        done = 0
        base = self._sent_bytes - at
        in_pipe = self._in_pipe if self._rows_in is not None else None
        while lengths and at - done >= lengths[0]:
            length = lengths.popleft()
            if in_pipe is not None:
                in_pipe.append((base + done, bytes(unsent[done : done + length])))
            done += length
        del unsent[:done]
        if in_pipe:
            # Only the last pipe's worth can still be unread.
            while in_pipe and in_pipe[0][0] + len(in_pipe[0][1]) <= self._sent_bytes - self._pipe_bytes:
                in_pipe.popleft()
        self._head_written = at - done
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
        pending = self._call_rows
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
        return len(self._unsent) - self._head_written

    def cpu_seconds(self) -> float:
        """The child's CPU time so far (user and system; Linux)."""
        with open(f"/proc/{self._process.pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _read_results(self, results: Connection, process: Any) -> None:
        """What one child sends back, until it ends."""
        while True:
            try:
                kind, *detail = results.recv()
            except (EOFError, OSError):
                break
            if kind == "started":
                self._restarts.reset()
                if self._ready.is_set():
                    log.warning("a new stream writer process started (pid %s)", process.pid)
                self._ready.set()
            elif kind == "error" and self._ready.is_set():
                # A restarted child that cannot start: it ends, and the next waits longer.
                log.critical("a new stream writer process could not start: %s", detail[0])
            elif kind == "error":
                message, name = detail
                # The child's exception does not cross the pipe: its type and text name what failed
                # (the warehouse URL, the spill directory) for the person starting the streamer.
                self._start_error = SpillDirectoryError(message) if name == "SpillDirectoryError" else \
                    RuntimeError(f"the stream writer process could not start: {name}: {message}")
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
        results.close()
        if not self._ready.is_set():
            process.join()
            self._start_error = RuntimeError(f"the stream writer process ended before it started (exit code {process.exitcode})")
            self._ready.set()
        if self._final is None and self._start_error is None and self._loop is not None:
            self._loop.call_soon_threadsafe(self._child_died, process)
            return
        if self._final is None and self._start_error is None:
            # No loop to restart it on: shown as an outage that never ends.
            self._stats = self._stats._replace(in_outage=True)
            log.critical("the stream writer process died (exit code %s): rows appended from now on are lost",
                         process.exitcode)  # fmt: skip
        with self._answers:
            self._child_gone = True
            self._answers.notify_all()


def _rows_of(calls: list[tuple[Any, ...]]) -> int:
    """The rows ``calls`` append (a flush or the close appends none)."""
    return sum(len(call[2]) if call[0] == "append_tops" else call[0].startswith("append_") for call in calls)
