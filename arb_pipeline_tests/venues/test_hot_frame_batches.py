"""A socket read's frames applied in one call (the clients' ``apply_frames``,
docs/streamer.md#the-read-applied-in-one-call) against the Python reference, each frame applied
by ``apply_frame`` and its update handed to ``on_update``: bursts of recorded and random frames
(gaps and repeats, snapshots between the changes, unsubscribed and unsynced books, malformed
frames) cut into reads of random lengths end with the same books, counts, commands and logs, and
the same book changes in the same order, whether a change was marked by the compiled path or
handed over as an update."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from typing import Any

import orjson
import pytest

from arb_pipeline.venues import hot_frames
from arb_pipeline.venues.kalshi import ws_books as kalshi_ws_books
from arb_pipeline.venues.polymarket import ws_books as polymarket_ws_books
from arb_pipeline.venues.stream import BookUpdate, UpdateKind
from arb_pipeline_tests.venues.test_hot_frames import (
    Draw,
    _kalshi_books,
    _kalshi_state,
    _polymarket_books,
    _polymarket_state,
    _read_bests,
    compiled,
    kalshi_frames,
    polymarket_frames,
)

_BOOK_CHANGES = (UpdateKind.DELTA, UpdateKind.SNAPSHOT)


class Sink:
    """A change sink as the streamer's feeds are one: marks and counts the books changed, whether
    the compiled path marked them or an update came through ``on_update`` (as ``Feed._on_update``
    does), and keeps every change in order. ``within_s``: the bound the compiled path is given;
    a run it calls due is taken at once, as the feeds' pass takes it."""

    def __init__(self, within_s: float, *, probe: bool) -> None:
        self.changed: dict[str, int] = {}
        self.updates: list[BookUpdate] | None = [] if probe else None
        self.within_s = within_s
        self.since = -1.0
        self.changes = 0
        #: Every change in order, its receive time left out; every update of another kind.
        self.log: list[tuple[Any, ...]] = []
        #: The books of each run taken (at a due stop, and at the end).
        self.runs: list[list[str]] = []
        self.dues = 0

    def applied(self, changes: int, since: float, due: bool) -> None:
        assert changes > 0 and since >= 0 and all(type(ns) is int for ns in self.changed.values())
        self.changes += changes
        if self.since < 0:
            self.since = since
        if self.updates is not None:
            assert len(self.updates) == changes
            self.log += [(u.instrument_id, u.kind, u.venue_ns) for u in self.updates]
            self.updates.clear()
        if due:
            self.dues += 1
            self.take()

    def on_update(self, update: BookUpdate) -> None:
        if update.kind in _BOOK_CHANGES:
            self.changes += 1
            self.changed.setdefault(update.instrument_id, update.received_ns)
            if self.since < 0:
                self.since = time.perf_counter()
        self.log.append((update.instrument_id, update.kind, update.venue_ns))

    def take(self) -> None:
        self.runs.append(list(self.changed))
        self.changed.clear()
        self.since = -1.0


def _reads(frames: list[bytes], rng: random.Random) -> Iterator[list[bytes]]:
    """``frames`` cut into socket reads of 1 to 400 frames."""
    at = 0
    while at < len(frames):
        size = rng.choice([1, 2, 7, 50, 400])
        yield frames[at : at + size]
        at += size


def _run(make: Callable[[], Any], state: Callable[[Any, list[Any]], Any], frames: list[bytes], sink: Sink, caplog: pytest.LogCaptureFixture) -> tuple[Any, ...]:
    """The client's state after ``frames`` read in random reads, the sink's changes (the books
    marked and their order, unless the sink was given a within_s that takes runs early), the
    books each read named in ``tops_touched``, and the log lines."""
    caplog.clear()
    books = make()
    books.tops_touched = set()
    books.on_update = sink.on_update
    touched = []
    rng = random.Random(len(frames))
    for number, read in enumerate(_reads(frames, rng)):
        books.apply_frames(read, sink)
        touched.append(sorted(books.tops_touched))
        books.tops_touched.clear()
        if number % 3:
            _read_bests(books)
    sink.take()
    return state(books, []), sink.log, sink.changes, touched, [r.getMessage() for r in caplog.records]


KALSHI = (kalshi_ws_books, _kalshi_books, _kalshi_state, kalshi_frames)
POLYMARKET = (polymarket_ws_books, _polymarket_books, _polymarket_state, polymarket_frames)


@compiled
@pytest.mark.parametrize(("module", "make", "state", "frames_of"), [KALSHI, POLYMARKET], ids=["kalshi", "polymarket"])
def test_a_read_applied_in_one_call_ends_as_its_frames_applied_one_by_one(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, module: Any, make: Callable[[], Any],
    state: Callable[[Any, list[Any]], Any], frames_of: Callable[[Draw, int], Iterator[bytes]],
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    for seed, odd in [(0, 1.0), (2, 0.2), (3, 0.02)]:
        frames = list(frames_of(Draw(seed, odd), 3000))
        batched = _run(make, state, frames, Sink(1e9, probe=True), caplog)
        marked = Sink(1e9, probe=False)
        unprobed = _run(make, state, frames, marked, caplog)
        with monkeypatch.context() as python:
            python.setattr(module, "_compiled_frames", None)
            python.setattr(module, "_compiled_delta" if module is kalshi_ws_books else "_compiled_price_change", None)
            reference = Sink(1e9, probe=True)
            alone = _run(make, state, frames, reference, caplog)
        assert batched == alone
        # Without a probe no update is made for a marked change: the same books are marked, in
        # the order first changed, and counted.
        assert unprobed[0] == alone[0] and unprobed[2:] == alone[2:]
        assert marked.runs == reference.runs
        assert alone[0][1]["malformed"] > 5 and alone[2] > 200
        assert any("malformed" in line or "not JSON" in line for line in alone[4])


@compiled
@pytest.mark.parametrize(("module", "make", "state", "frames_of"), [KALSHI, POLYMARKET], ids=["kalshi", "polymarket"])
def test_a_change_that_waited_within_s_ends_the_call_and_the_rest_is_applied_after_the_pass(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, module: Any, make: Callable[[], Any],
    state: Callable[[Any, list[Any]], Any], frames_of: Callable[[Draw, int], Iterator[bytes]],
) -> None:  # fmt: skip
    """With no time to wait, every plain change after a run's first makes the run due: the pass
    is taken at once and the read goes on from the next frame, to the same end."""
    frames = list(frames_of(Draw(7, 0.2), 2000))
    hurried = Sink(0.0, probe=True)
    batched = _run(make, state, frames, hurried, caplog)
    with monkeypatch.context() as python:
        python.setattr(module, "_compiled_frames", None)
        alone = _run(make, state, frames, Sink(1e9, probe=True), caplog)
    assert batched == alone
    assert hurried.dues > 50
    # A due run holds the change that made it due: no run but the last is empty.
    assert all(run for run in hurried.runs[:-1])


@compiled
def test_a_kalshi_gap_inside_a_read_asks_for_snapshots_and_unsyncs_its_books() -> None:
    """A skipped seq in the middle of a read is left to the general path, which counts the gap
    and asks for snapshots; the deltas after it change no book until they come."""
    books = _kalshi_books()
    books.outbox.clear()
    sink = Sink(1e9, probe=False)
    books.on_update = sink.on_update

    def delta(seq: int, price: str) -> bytes:
        return orjson.dumps({"type": "orderbook_delta", "sid": 1, "seq": seq, "msg": {
            "market_ticker": "KX-A", "side": "yes", "price_dollars": price, "delta_fp": "5.00", "ts_ms": 1_765_000_000_000}})  # fmt: skip

    books.apply_frames([delta(4, "0.2000"), b"{not json", delta(5, "0.2500"), delta(7, "0.3000"), delta(8, "0.3500")], sink)
    assert books.stats.gaps == 1 and books.stats.malformed == 1 and books.stats.frames == 5
    assert books.books["KX-A"].yes.levels.get(2000) == 5_000_000 and books.books["KX-A"].yes.levels.get(2500) == 5_000_000
    assert 3000 not in books.books["KX-A"].yes.levels and 3500 not in books.books["KX-A"].yes.levels
    assert not books.is_synced("KX-A")
    assert [command["params"]["action"] for command in books.outbox] == ["get_snapshot"]
    assert list(sink.changed) == ["KX-A"] and sink.changes == 2


def test_the_batch_functions_refuse_what_is_not_their_arguments() -> None:
    if not hot_frames.COMPILED:
        pytest.skip("the compiled path was not built here")
    books = _kalshi_books()
    state = (books._last_seq, books.books, books._synced, books._book_sid)
    with pytest.raises(TypeError):
        hot_frames.kalshi_apply_frames((b"{}",), 0, *state, None, {}, None, -1.0, 1.0)
    with pytest.raises(TypeError):
        hot_frames.kalshi_apply_frames([b"{}"], 0, *state, None, [], None, -1.0, 1.0)
    with pytest.raises(ValueError):
        hot_frames.kalshi_apply_frames([b"{}"], -1, *state, None, {}, None, -1.0, 1.0)
    tokens = _polymarket_books()
    with pytest.raises(TypeError):
        hot_frames.polymarket_apply_frames([b"{}"], 0, tokens._token_connection, tokens.books, tokens._unannounced, [], {}, None, -1.0, 1.0)
    # Nothing plain: nothing applied, the caller reads the first frame the general way.
    assert hot_frames.kalshi_apply_frames([b"{}"], 0, *state, None, {}, None, -1.0, 1.0) == (0, 0, -1.0, False)
