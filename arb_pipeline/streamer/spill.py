"""The stream writer's spill files: rows moved out of memory past its bound, in segment files
under the spill directory (JSON lines, exact decimal text, fsync'd and renamed into place before
they count as spilled), read back oldest first when the warehouse takes writes again, and
replayed at the next start after a crash or a stop the warehouse could not wait for.

:class:`SpillFiles` is the part of :class:`~arb_pipeline.streamer.persistence.StreamWriter` that
touches the files; it shares the writer's lock, queues and counters.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from arb_pipeline.streamer.feeds import decimal_top
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.stream import StreamTable

if TYPE_CHECKING:
    from arb_pipeline.streamer.metrics import StreamerMetrics

log = logging.getLogger(__name__)

SEGMENT_FORMAT = 1
_SEGMENT_SUFFIX = ".jsonl"
_PARTIAL_SUFFIX = ".jsonl.partial"

class SpillDirectoryError(RuntimeError):
    """The spill directory cannot be used (not writable, or another writer holds it)."""


#: A queued row: (table, row, appended_at). A plain tuple, the cheapest thing the event loop can
#: build; appended_at is wall-clock seconds, so lag is reported across restarts too.
_Item = tuple[StreamTable, tuple[Any, ...], float]
_TABLE, _ROW, _APPENDED_AT = 0, 1, 2
#: The table of a queued ``StreamWriter.append_tops`` row, whose top of book is still in ticks and
#: size units: so in memory and in the batch in flight, written as COPY text
#: (``warehouse.tick_copy``), made the exact ``book_ticks`` row it stands for only when spilled.
_TOP_UNITS: Any = object()


def _settled(items: list[_Item]) -> list[_Item]:
    """``items`` as they leave memory: a ``StreamWriter.append_top`` row (``append_tops``) becomes the
    ``book_ticks`` row it stands for, in exact Decimal."""
    return [item if item[_TABLE] is not _TOP_UNITS else _tick(item) for item in items]


def _tick(item: _Item) -> _Item:
    key, venue, instrument_id, market_id, top, venue_ns, received_ns = item[_ROW]
    row = (key, venue, instrument_id, market_id, *decimal_top(top), venue_ns, received_ns)
    return StreamTable.BOOK_TICKS, row, item[_APPENDED_AT]


@dataclass(slots=True)
class _Unit:
    """Rows written in one transaction: ``items`` the ones still to write (rows found bad are
    already left out), ``count`` how many appended rows committing it settles."""

    items: list[_Item]
    count: int
    segment: _Segment | None = None
    #: Never tried: rows from memory whose keys cannot be stored yet.
    fresh: bool = False


@dataclass(slots=True)
class _Segment:
    """Rows moved out of memory, in a file once ``ready`` is set (``rows`` stay in memory only
    while the file is being written, or for good if it could not be). ``loaded``: the rows read
    back and checked, kept while the segment is being written to the warehouse."""

    seq: int
    path: Path
    count: int
    oldest: float
    ready: threading.Event
    rows: list[_Item] | None = None
    loaded: _Unit | None = None


class SpillFiles:
    """The spill half of the stream writer (see the module docstring)."""

    spill_dir: Path
    metrics: StreamerMetrics | None
    _lock: threading.Lock
    _segments: Any
    _memory: Any
    _next_seq: int
    _rows_rejected: int
    _lock_file: Any
    _stop: threading.Event
    _spill_wake: threading.Event
    max_memory_rows: int

    def _take_spill_dir(self) -> None:
        try:
            self.spill_dir.mkdir(parents=True, exist_ok=True)
            lock_file = open(self.spill_dir / "writer.lock", "a")  # noqa: SIM115 - held for the writer's life
        except OSError as exc:
            raise SpillDirectoryError(f"spill directory {self.spill_dir} is not usable: {exc.strerror or exc}") from None
        try:
            # Two writers replaying one directory would write each other's rows out of order.
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock_file.close()
            raise SpillDirectoryError(
                f"spill directory {self.spill_dir} is in use by another streamer: give each one its own "
                "(ARB_STREAMER_SPILL_DIR)"
            ) from None
        self._lock_file = lock_file

    def _recover_segments(self) -> None:
        for seq, path in _segment_files(self.spill_dir):
            header = _read_header(path)
            if header is None:
                log.error("spill file %s has no readable header; nothing in it can be replayed", path)
                path.unlink()
                continue
            count, oldest = header
            ready = threading.Event()
            ready.set()
            self._segments.append(_Segment(seq, path, count, oldest, ready))
            self._appended += count
            self._next_seq = max(self._next_seq, seq + 1)
        if self._segments:
            log.warning(
                "replaying %d rows from %d spill files an earlier run left in %s",
                sum(s.count for s in self._segments), len(self._segments), self.spill_dir,
            )  # fmt: skip

    def spill_unstarted(self) -> bool:
        """Without starting the writer: move every row appended to it into one new segment, after
        every segment already in the spill directory, and let the directory go again. True once
        the rows are on disk; False when the disk refused them (they stay in memory). For rows
        that arrive while no writer runs (docs/streamer.md#the-writer-process)."""
        self._take_spill_dir()
        try:
            self._next_seq = max((seq for seq, _ in _segment_files(self.spill_dir)), default=-1) + 1
            self._spill_memory()
        finally:
            self._lock_file.close()
            self._lock_file = None
        return all(segment.rows is None for segment in self._segments)

    def _spill_loop(self) -> None:
        while not self._stopping:
            self._spill_wake.wait(1.0)
            self._spill_wake.clear()
            if len(self._memory) > self.max_memory_rows:
                self._spill_memory()

    def _take_memory(self) -> list[_Item]:
        # popleft, never clear(): the event loop appends without the lock, and a row it adds
        # meanwhile must stay queued.
        memory = self._memory
        return _settled([memory.popleft() for _ in range(len(memory))])

    def _spill_memory(self) -> None:
        with self._lock:
            items = self._take_memory()
            if not items:
                return
            segment = self._new_segment(items, self._next_seq)
            self._next_seq += 1
            self._segments.append(segment)
        self._write_segment(segment)

    def _spill_everything_left(self) -> None:
        """At close: the batch being retried goes first (it is older than any segment), the
        memory queue last."""
        with self._lock:
            retry = _settled(self._retry.items) if self._retry is not None else []
            self._retry = None
            memory = self._take_memory()
            first = min((segment.seq for segment in self._segments), default=self._next_seq)
            spills = []
            if retry:
                spills.append(self._new_segment(retry, first - 1))
            if memory:
                spills.append(self._new_segment(memory, max(self._next_seq, first)))
                self._next_seq = max(self._next_seq, first) + 1
        for segment in spills:
            self._write_segment(segment)
            with self._lock:
                self._segments.append(segment)

    def _new_segment(self, items: list[_Item], seq: int) -> _Segment:
        return _Segment(seq, self.spill_dir / f"segment-{seq}{_SEGMENT_SUFFIX}", len(items), items[0][_APPENDED_AT],
                        threading.Event(), rows=items)  # fmt: skip

    def _write_segment(self, segment: _Segment) -> None:
        rows = segment.rows or []
        partial = segment.path.with_name(segment.path.name.removesuffix(_SEGMENT_SUFFIX) + _PARTIAL_SUFFIX)
        header = {"format": SEGMENT_FORMAT, "rows": segment.count, "oldest_appended_at": segment.oldest}
        try:
            with open(partial, "wb") as handle:
                handle.write(orjson.dumps(header) + b"\n")
                for item in rows:
                    line = [item[_TABLE].value, stream.encode_row(item[_TABLE], item[_ROW]), item[_APPENDED_AT]]
                    handle.write(orjson.dumps(line) + b"\n")
                handle.flush()
                os.fsync(handle.fileno())
            partial.rename(segment.path)
            _fsync_directory(self.spill_dir)
        except OSError as exc:
            # Disk full or gone: the rows stay in memory (unbounded, but nothing is dropped).
            log.error("could not spill %d rows to %s (%s); keeping them in memory", segment.count, partial,
                      exc.strerror or exc)  # fmt: skip
            partial.unlink(missing_ok=True)
            segment.ready.set()
            return
        segment.rows = None
        segment.ready.set()
        if self.metrics is not None:
            self.metrics.observe_spill(segment.count)
        log.warning("spilled %d rows to %s", segment.count, segment.path)

    def _read_segment(self, segment: _Segment) -> list[_Item]:
        if segment.rows is not None:
            return segment.rows
        items: list[_Item] = []
        with open(segment.path, "rb") as handle:
            lines = handle.read().split(b"\n")[1:]
        unreadable = 0
        for number, line in enumerate(lines, start=2):
            if not line:
                continue
            try:
                table_name, values, appended_at = orjson.loads(line)
                table = StreamTable(table_name)
                items.append((table, stream.decode_row(table, values), float(appended_at)))
            except (ValueError, TypeError) as exc:
                # Only the last line of a file a crash cut short can be torn; that row never
                # reached the warehouse and cannot be rebuilt.
                unreadable += 1
                log.error("spill file %s line %d cannot be read (%s); that row is lost", segment.path, number, exc)
        missing = segment.count - len(items) - unreadable
        if missing > 0:
            log.error("spill file %s holds %d rows fewer than its header says: a crash cut it short", segment.path, missing)
        lost = unreadable + max(missing, 0)
        if lost:
            with self._lock:
                self._rows_rejected += lost
            if self.metrics is not None:
                self.metrics.observe_rejected_row("spill_file", lost)
        return items


def _segment_files(spill_dir: Path) -> list[tuple[int, Path]]:
    """The segment files in ``spill_dir``, whole or cut short, by sequence number."""
    found: list[tuple[int, Path]] = []
    for path in spill_dir.iterdir():
        name = path.name
        stem = name.removesuffix(_PARTIAL_SUFFIX) if name.endswith(_PARTIAL_SUFFIX) else name.removesuffix(_SEGMENT_SUFFIX)
        if stem == name or not stem.startswith("segment-"):
            continue
        try:
            found.append((int(stem.removeprefix("segment-")), path))
        except ValueError:
            continue
    return sorted(found)


def _read_header(path: Path) -> tuple[int, float] | None:
    try:
        with open(path, "rb") as handle:
            first = handle.readline()
        header = orjson.loads(first)
        if header.get("format") != SEGMENT_FORMAT:
            return None
        return int(header["rows"]), float(header["oldest_appended_at"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory itself is on disk.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
