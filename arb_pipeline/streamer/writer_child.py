"""The child side of :mod:`arb_pipeline.streamer.writer_process`: the process that reads the
streamer's calls from the pipe and makes them on its one
:class:`~arb_pipeline.streamer.persistence.StreamWriter`, and sends back its stats, metrics, log
records and answers (docs/streamer.md#the-writer-process)."""

from __future__ import annotations

import logging
import pickle
import signal
import struct
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from arb_pipeline.streamer.persistence import StreamWriter

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

log = logging.getLogger(__name__)

#: How often the child sends its writer's stats (the backlog and lag metrics read the latest).
STATS_INTERVAL_S = 0.1
#: How long the child writes what it has when the streamer vanished without closing it.
ORPHAN_CLOSE_TIMEOUT_S = 30.0
#: The pipe's capacity asked for (Linux's default is 64 KiB, about 400 tick rows).
PIPE_BYTES = 1 << 20
#: Each message on the pipe: its length, then the pickled list of calls.
HEADER = struct.Struct("<I")


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


def run_child(
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
        header = stream.read(HEADER.size)
        if len(header) < HEADER.size:
            log.error("the streamer went away without closing its writer; writing or spilling what it sent")
            return ORPHAN_CLOSE_TIMEOUT_S
        payload = stream.read(HEADER.unpack(header)[0])
        for call in pickle.loads(payload):
            name = call[0]
            if name.startswith("append_"):
                apply_call(writer, call)
            elif name == "flush":
                threading.Thread(target=_flush, args=(writer, results, call[1], call[2]), daemon=True).start()
            elif name == "close":
                return call[1]


def apply_call(writer: StreamWriter, call: tuple[Any, ...]) -> None:
    """An ``append_*`` call of the parent's, made on ``writer``."""
    name = call[0]
    if name == "append_tops":
        writer.append_tops(call[1], call[2])
    elif name == "append_depth":
        writer.append_depth(*call[1:])
    elif name == "append_event":
        writer.append_event(call[1])
    elif name == "append_health":
        writer.append_health(*call[1:4], **call[4])


def _flush(writer: StreamWriter, results: _Results, token: int, timeout_s: float | None) -> None:
    """A flush on a thread of its own: the calls behind it keep being read meanwhile. The stats
    go first, so the parent's read after the flush shows it."""
    done = writer.flush(timeout_s)
    results.send(("stats", tuple(writer.stats()), time.time()))
    results.send(("flushed", token, done))
