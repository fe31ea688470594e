"""``bench stream``'s latency probe: the path of each book change through the streamer, timed
stage by stage on the event loop's thread, and the figures it prints
(:mod:`arb_pipeline.app.bench_stream` runs it in the fixed-rate phase)."""

from __future__ import annotations

import array
import gc
import math
import os
import time
from collections.abc import Callable
from typing import Any

from arb_pipeline.venues.ws_transport import WsConnection


#: Upper bounds (ms) of the histogram of receipt-to-verdict latency.
HISTOGRAM_MS = (0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, float("inf"))
#: The path of a book change, in order: each stage ends at the next point in time.
STAGES = (
    ("venue", "venue stamp to socket read (sandbox send, loopback, kernel buffer, loop busy elsewhere; ms resolution)"),
    ("queued", "socket read to frame taken (behind earlier frames of the same read)"),
    ("applied", "frame taken to book change applied (decode, apply, bookkeeping)"),
    ("waited", "change applied to its pass starting (the rest of the socket read, at most EVALUATE_WITHIN_S; another pass before it)"),
    ("evaluated", "the pass: tick rows, screen, walk of the pairs of every book the run changed"),
)


_NAN = float("nan")
#: The calling thread's scheduler counters (Linux): CPU time, time waiting on a run queue, slices.
_SCHEDSTAT = "/proc/thread-self/schedstat"


def _known(value: float) -> float | None:
    return None if math.isnan(value) else value


class LatencyProbe:
    """Times each book change's path through the streamer on four clocks: the venue's own stamp
    on the message (the sandbox stamps each burst as it builds it; milliseconds, so up to 1 ms
    early), the read of its bytes from the socket (the client protocol's ``data_received``), the
    read loop taking its frame (``on_frame``) and the change applied (the service's
    ``on_change``), to the end of the re-evaluation of its pairs. Everything runs on the event
    loop's thread. Garbage-collection pauses in the window are timed too."""

    def __init__(self) -> None:
        #: perf_counter() to epoch seconds (one offset: both clocks run at the same rate here).
        self.offset = time.time() - time.perf_counter()
        self._read_now: float | None = None
        self._socket_at: float | None = None
        self._frame_at = 0.0
        self._frame_cpu = 0.0
        self._pass_at = _NAN
        #: Per change, the event loop thread's CPU from its frame taken to its verdict: the wall
        #: time less what the process waited for a core or the GIL (the load's share).
        self.loop_cpu = array.array("d")
        self._pending_cpu: list[float] = []
        #: Per change, the time the event loop's thread spent runnable but off a core (waiting
        #: for the scheduler) from its frame taken to its verdict. The wall time less the loop
        #: CPU less this is the time the thread was blocked: waiting for the GIL, mostly (a GIL
        #: waiter wakes every switch interval to ask again, and under load those wake-ups wait
        #: for a core too: part of a long GIL wait counts here).
        self.run_queue = array.array("d")
        self._pending_queue: list[float] = []
        self._frame_queue = 0.0
        self._schedstat = -1
        self._pending: list[tuple[float, float, float, float, float]] = []
        self._venues: dict[str, int] = {}
        #: Seven numbers a change: venue number, venue stamp (epoch seconds), socket read, frame
        #: taken, applied, evaluated, its pass started (perf_counter seconds); NaN where not known. A flat array of
        #: floats, because a tuple a change would be tens of thousands of objects for the
        #: garbage collector, whose pauses this measures.
        self._flat = array.array("d")
        self.messages: dict[str, int] = {}
        #: Seconds of each garbage collection in the window, by generation.
        self.gc_pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self._gc_started = 0.0
        self._unwatch: list[Callable[[], None]] = []

    # --- hooks --------------------------------------------------------------------------------

    def watch_socket(self, ws: WsConnection) -> None:
        """Stamp every frame of ``ws`` with the moment its bytes were read. The transport hands
        a read's frames to the client inside that read (``venues.ws_transport``), so a frame's
        read is the latest one stamped."""

        def read() -> None:
            self._read_now = time.perf_counter()

        self._unwatch.append(ws.watch_reads(read))

    def on_frame(self, venue: str) -> Callable[[str | bytes], None]:
        messages = self.messages
        messages.setdefault(venue, 0)

        def taken(frame: str | bytes) -> None:
            self._frame_at = time.perf_counter()
            self._frame_cpu = time.thread_time()
            self._frame_queue = self._queued()
            self._socket_at = self._read_now
            messages[venue] += 1

        return taken

    def changed(self, venue: str, update: Any) -> None:
        code = self._venues.setdefault(venue, len(self._venues))
        venue_ns = update.venue_ns
        socket_at = self._socket_at
        self._pending.append(
            (code, _NAN if venue_ns is None else venue_ns / 1e9, _NAN if socket_at is None else socket_at, self._frame_at, time.perf_counter())
        )
        self._pending_cpu.append(self._frame_cpu)
        self._pending_queue.append(self._frame_queue)

    def _queued(self) -> float:
        """Seconds the calling thread has waited on a run queue so far (2.5 us a read); 0 where
        the kernel does not say."""
        if self._schedstat < 0:
            try:
                self._schedstat = os.open(_SCHEDSTAT, os.O_RDONLY)
            except OSError:
                return 0.0
        return int(os.pread(self._schedstat, 64, 0).split()[1]) / 1e9

    def evaluating(self) -> None:
        self._pass_at = time.perf_counter()

    def evaluated(self) -> None:
        done = time.perf_counter()
        done_cpu = time.thread_time()
        done_queue = self._queued()
        self.loop_cpu.extend(done_cpu - taken_cpu for taken_cpu in self._pending_cpu)
        self._pending_cpu.clear()
        self.run_queue.extend(done_queue - taken for taken in self._pending_queue)
        self._pending_queue.clear()
        flat = self._flat
        pass_at = self._pass_at
        for pending in self._pending:
            flat.extend(pending)
            flat.append(done)
            flat.append(pass_at)
        self._pending.clear()
        self._pass_at = _NAN

    @property
    def samples(self) -> list[tuple[str, float | None, float | None, float, float, float, float | None]]:
        """(venue, venue stamp, socket read, frame taken, applied, evaluated, its pass started)
        per change; None where a clock is missing."""
        names = {code: venue for venue, code in self._venues.items()}
        flat = self._flat
        return [
            (names[int(flat[at])], _known(flat[at + 1]), _known(flat[at + 2]), flat[at + 3], flat[at + 4], flat[at + 5], _known(flat[at + 6]))
            for at in range(0, len(flat), 7)
        ]

    def _gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.gc_pauses[info["generation"]].append(time.perf_counter() - self._gc_started)

    def start(self) -> None:
        gc.callbacks.append(self._gc)

    def stop(self) -> None:
        gc.callbacks.remove(self._gc)
        if self._schedstat >= 0:
            os.close(self._schedstat)
            self._schedstat = -1
        for unwatch in self._unwatch:
            unwatch()
        self._unwatch.clear()

    # --- the figures --------------------------------------------------------------------------

    def _gap(self, samples: list[tuple[str, float | None, float | None, float, float, float, float | None]]) -> list[str]:
        """Frame taken to verdict split, in mean ms, into the loop thread's CPU, its wait for a
        core and the rest (blocked: the GIL held by another thread, a page fault), over all
        changes and the slowest 1% and 0.1%. ``samples`` in the order they were recorded."""
        walls = [sample[5] - sample[3] for sample in samples]
        count = min(len(walls), len(self.loop_cpu), len(self.run_queue))
        if not count:
            return []
        ordered = sorted(range(count), key=walls.__getitem__)
        lines = []
        for title, start in (("all", 0), ("slowest 1%", int(0.99 * count)), ("slowest 0.1%", int(0.999 * count))):
            chosen = ordered[start:]
            wall, cpu, queue = (sum(values[i] for i in chosen) / len(chosen) * 1e3 for values in (walls, self.loop_cpu, self.run_queue))
            lines.append(
                f"    {'the same, split, ' + title:<24} mean {wall:.3f} ms = loop CPU {cpu:.3f} + waiting for a core {queue:.3f}"
                f" + blocked (GIL) {wall - cpu - queue:.3f}"
            )
        return lines

    def stages(self, sample: tuple[str, float | None, float | None, float, float, float, float | None]) -> dict[str, float | None]:
        """One sample's time in each stage, seconds (None where a clock is missing)."""
        _, venue_ts, socket_at, frame_at, applied, evaluated, pass_at = sample
        socket_wall = None if socket_at is None else socket_at + self.offset
        return {
            "venue": None if venue_ts is None or socket_wall is None else socket_wall - venue_ts,
            "queued": None if socket_at is None else frame_at - socket_at,
            "applied": applied - frame_at,
            "waited": None if pass_at is None else pass_at - applied,
            "evaluated": evaluated - applied if pass_at is None else evaluated - pass_at,
        }

    def report(self) -> list[str]:
        """The lines ``bench stream`` prints: per venue and in all, the latency from the venue's
        stamp, from the socket read and from the decoding, with the sample counts; the stages
        of all the changes and of the slowest 1%; a histogram of where the time went."""
        lines = []
        samples = self.samples
        for venue in [*sorted({sample[0] for sample in samples}), None]:
            chosen = [sample for sample in samples if venue is None or sample[0] == venue]
            name = venue or "all"
            messages = sum(self.messages.values()) if venue is None else self.messages.get(venue, 0)
            lines.append(f"  {name}: {messages} messages, {len(chosen)} book changes")
            for label, start in (
                ("venue stamp to verdict", lambda s: None if s[1] is None else s[1] - self.offset),
                ("socket read to verdict", lambda s: s[2]),
                ("frame taken to verdict", lambda s: s[3]),
            ):
                values = [sample[5] - begin for sample in chosen if (begin := start(sample)) is not None]
                lines.append(f"    {label:<24} {_distribution(values)}")
            if venue is None:
                lines.append(f"    {'the same, loop CPU':<24} {_distribution(list(self.loop_cpu))}")
                lines.append(f"    {'the same, run queue':<24} {_distribution(list(self.run_queue))}")
                lines += self._gap(chosen)
        timed = [sample for sample in samples if sample[2] is not None]
        if timed:
            ordered = sorted(timed, key=lambda sample: sample[5] - sample[2])
            slowest = ordered[int(0.99 * len(ordered)) :]
            for title, chosen in (("all changes", ordered), (f"slowest 1% ({len(slowest)})", slowest)):
                means = _stage_means([self.stages(sample) for sample in chosen])
                lines.append(f"  stages, mean ms, {title}: " + ", ".join(f"{stage} {means[stage]:.3f}" for stage, _ in STAGES))
            lines.append("  socket read to verdict, histogram: bucket (ms) changes [mean ms per stage: queued / applied / waited / evaluated]")
            lower = 0.0
            for upper in HISTOGRAM_MS:
                bucket = [s for s in ordered if lower * 1e-3 <= s[5] - s[2] < upper * 1e-3]
                if bucket:
                    means = _stage_means([self.stages(sample) for sample in bucket])
                    lines.append(
                        f"    {lower:g}-{upper:g}: {len(bucket)} [{means['queued']:.3f} / {means['applied']:.3f} / {means['waited']:.3f} / {means['evaluated']:.3f}]"
                    )
                lower = upper
        lines += [f"  stage {stage}: {meaning}" for stage, meaning in STAGES]
        lines.append(
            "  garbage collections in the window (generation: count, longest, total ms): "
            + "; ".join(
                f"{generation}: {len(pauses)}, {max(pauses, default=0) * 1e3:.2f}, {sum(pauses) * 1e3:.1f}"
                for generation, pauses in self.gc_pauses.items()
            )
        )
        return lines


def _distribution(values: list[float]) -> str:
    if not values:
        return "no samples"
    ordered = sorted(values)
    ms = [ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1e3 for fraction in (0.5, 0.9, 0.99, 0.999)]
    return f"n {len(ordered)}: p50 {ms[0]:.3f} p90 {ms[1]:.3f} p99 {ms[2]:.3f} p99.9 {ms[3]:.3f} max {ordered[-1] * 1e3:.3f} ms"


def _stage_means(stages: list[dict[str, float | None]]) -> dict[str, float]:
    """Mean ms per stage over ``stages`` (each mean over the samples that have the stage)."""
    means = {}
    for stage, _ in STAGES:
        values = [one[stage] for one in stages if one[stage] is not None]
        means[stage] = sum(values) / len(values) * 1e3 if values else float("nan")
    return means
