"""What every venue WebSocket client reports: book-update events and stream health counters.

A stream keeps its books live (``arb_pipeline.domain.books``) and emits a small
:class:`BookUpdate` per applied change; a consumer that needs an immutable view asks the live book
for one. Freezing a book per message would cost more than decoding it (``benchmarks/bench_ws.py``
measures the per-message path).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, Protocol

from arb_pipeline.domain.models import Venue
from arb_pipeline.venues.backoff import Backoff
from arb_pipeline.venues.http import parse_retry_after

log = logging.getLogger(__name__)

#: Handshake refusals that mean "not now" rather than "not you": the venue may say when to come
#: back in Retry-After (429 too many connections, 503 overloaded).
RETRY_LATER_STATUSES = frozenset({429, 503})


class UpdateKind(StrEnum):
    SNAPSHOT = "snapshot"  # the whole book replaced (snapshot, REST resync)
    DELTA = "delta"  # one or more levels changed
    TICK_SIZE = "tick_size"
    TRADE = "trade"  # last trade price; book unchanged
    TICKER = "ticker"  # top-of-book ticker message; book unchanged
    RESOLVED = "resolved"  # market resolved
    FEES = "fees"  # an event's fee override changed (instrument_id: the Kalshi event ticker)


class BookUpdate(NamedTuple):
    """One applied change. Times are epoch nanoseconds (``time.time_ns()`` for the receive
    time), as the live books keep them: one is made per message, and a datetime per message
    cost more than the tuple (docs/streamer.md#speed); ``domain.books.ns_time`` reads them."""

    venue: Venue
    instrument_id: str  # Kalshi market ticker, or Polymarket token id
    kind: UpdateKind
    received_ns: int
    venue_ns: int | None = None


class ChangeSink(Protocol):
    """Where a client marks the books a socket read's plain frames changed when the compiled path
    applies the read in one call (the clients' ``apply_frames``,
    docs/streamer.md#the-read-applied-in-one-call): no :class:`BookUpdate` is made for those; every
    other frame's updates still go to the client's ``on_update``."""

    #: instrument -> the receive time (epoch ns) of its first change not yet taken.
    changed: dict[str, int]
    #: When a list, each marked change's BookUpdate is appended too (a probe timing every change).
    updates: list[BookUpdate] | None
    #: How long the oldest marked change may wait while more frames are applied.
    within_s: float

    @property
    def since(self) -> float:
        """``time.perf_counter()`` when the oldest change waiting for its evaluation was applied,
        or -1.0 when none waits."""

    def applied(self, changes: int, since: float, due: bool) -> None:
        """``changes`` books were marked, the oldest waiting since ``since``; ``due``: one has
        waited ``within_s``, evaluate them now."""


def take_read(
    frames: list[bytes], sink: ChangeSink | None, queued: bool, on_frame: Callable[[bytes], None] | None,
    one_by_one: Callable[[bytes], None], apply_frames: Callable[[list[bytes], ChangeSink], None],
) -> None:  # fmt: skip
    """A socket read's messages (``ws_transport``'s ``on_frames``) as a client takes them: each by
    its per-frame handler ``one_by_one`` when it has no sink or an ``updates()`` consumer is
    waiting (``queued``: those need every change's BookUpdate), else every one handed to the
    recorder ``on_frame`` first and then applied in one call (docs/streamer.md#the-read-applied-in-one-call)."""
    if sink is None or queued:
        for frame in frames:
            one_by_one(frame)
        return
    if on_frame is not None:
        for frame in frames:
            on_frame(frame)
    apply_frames(frames, sink)


def apply_in_one_call(
    frames: list[bytes], sink: ChangeSink, stats: StreamStats, compiled: Callable[..., tuple[int, int, float, bool]] | None,
    state: tuple[Any, ...], read_frame: Callable[[bytes], Any], apply_frame: Callable[[bytes], Any], deliver: Callable[[Any], None],
) -> None:  # fmt: skip
    """The clients' ``apply_frames``: ``frames`` applied in order. With the ``compiled`` batch
    function (``hot_frames``, given the client's ``state``), the plain frames' changes are marked
    in ``sink``, and each other frame is read by ``read_frame`` (the general way) and its result,
    when there is one, ``deliver``-ed; without it, each frame by ``apply_frame`` and delivered
    (the reference)."""
    start, count = 0, len(frames)
    while start < count:
        if compiled is not None:
            stop, changes, since, due = compiled(frames, start, *state, sink.changed, sink.updates, sink.since, sink.within_s)
            stats.frames += stop - start
            stats.messages += stop - start
            stats.updates += changes
            start = stop
            if changes:
                sink.applied(changes, since, due)
            if due or stop == count:
                continue
            stats.frames += 1
            result = read_frame(frames[start])
        else:
            result = apply_frame(frames[start])
        start += 1
        if result:
            deliver(result)


@dataclass
class StreamStats:
    """Counters a user can watch: a malformed frame is counted here and skipped, never fatal.

    ``reconnects`` counts connection attempts after the first (for each socket of a client that
    opens several), whether the attempt before was refused or an open connection dropped.
    ``connect_failures`` counts the attempts that never opened a connection: a refused handshake
    (by status in ``errors`` as ``handshake_<status>``), an unreachable host, a timeout. A stream
    refused twice and then connected shows ``reconnects=2 connect_failures=2``.

    ``divergences`` counts the times a book was found to disagree with the venue's own account of
    it (a feed without sequence numbers cannot see a lost update any other way); ``audits`` the
    periodic checks against REST that look for them."""

    frames: int = 0
    messages: int = 0
    updates: int = 0
    malformed: int = 0
    gaps: int = 0
    resyncs: int = 0
    reconnects: int = 0
    connect_failures: int = 0
    divergences: int = 0
    audits: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    def count_error(self, code: str) -> None:
        self.errors[code] = self.errors.get(code, 0) + 1


def handshake_retry_after(status: int, headers: Mapping[str, str] | None) -> float | None:
    """Seconds a venue that refused a WebSocket handshake asked us to wait (``Retry-After`` in
    seconds or as an HTTP date), or None when it said nothing or the refusal is not a "later"."""
    if status not in RETRY_LATER_STATUSES or headers is None:
        return None
    return parse_retry_after(headers.get("Retry-After"))


class Attempt(NamedTuple):
    """How one connection went: whether it ``opened``, whether it ``worked`` well enough that the
    backoff starts over (the client's rule: it opened, or it delivered data), and the wait the
    venue asked for when it refused the handshake."""

    opened: bool
    worked: bool
    retry_after_s: float | None = None


async def keep_connected(
    attempt: Callable[[], Awaitable[Attempt]], stop: asyncio.Event, stats: StreamStats, backoff: Backoff, where: str
) -> None:
    """Run ``attempt`` (one connection, from opening to its drop) again and again until ``stop``
    is set, waiting the backoff between attempts (or until ``stop``). Counts every attempt after
    the first in ``stats.reconnects`` and every one that never opened in ``connect_failures``;
    an exception ``attempt`` lets through ends the loop."""
    policy = backoff.policy()
    attempts = 0
    while not stop.is_set():
        if attempts:
            stats.reconnects += 1
        attempts += 1
        outcome = await attempt()
        if not outcome.opened:
            stats.connect_failures += 1
        if stop.is_set():
            return
        if outcome.worked:
            policy.reset()
        delay = policy.next_delay(outcome.retry_after_s)
        log.info("%s: reconnecting in %.2fs", where, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
