"""What the writer thread and the garbage collector cost the streamer's event loop, apart from the
sockets and the sandbox: how late the loop gets to a message while they run.

    .venv/bin/python benchmarks/bench_loop_stalls.py [--rate 10000] [--seconds 3] [--rounds 2]
                                                     [--heap-objects 135000] [--url URL]

A sender process writes a time stamp to a pipe every millisecond; the event loop reads it (as it
reads a venue's socket) and handles that millisecond's share of ``--rate`` messages a second:
each decoded as the Kalshi client decodes a delta (``orjson.loads`` + ``decode_delta``) and
stored as a tick through a real :class:`StreamWriter` (its threads COPY into PostgreSQL in
2,000-row batches, as in the streamer). A stamp's lateness is the time from its write to the
loop's read: what a frame that arrived then would wait before its decoding (the loop busy, a
collection, the GIL held by the writer thread, the process waiting for a core). ``--heap-objects`` long-lived objects stand for the streamer's start-up heap (``bench
stream`` prints the real count: about 135,000 with the sandbox's 179 pairs).

Four interpreter settings, run in turn round after round (the machine's load moves between runs):
Python's defaults (switch interval 5 ms, nothing frozen), the switch interval alone at 0.5 ms,
the start-up heap frozen alone, and both (``streamer.service.latency_runtime``, what the streamer
runs with). Printed per setting: stamps read, lateness p50/p99/p99.9/max, garbage collections by
generation (count, longest), and the load average.

The warehouse is ``--url``, else ``ARB_WAREHOUSE_URL``, else the embedded PostgreSQL under the
data directory; rows go to a throwaway schema, dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import struct
import subprocess
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import orjson  # noqa: E402

from arb_pipeline.app.bench_stream import decoder_frames  # noqa: E402
from arb_pipeline.sandbox.process import machine  # noqa: E402
from arb_pipeline.streamer.persistence import StreamWriter  # noqa: E402
from arb_pipeline.streamer.service import SWITCH_INTERVAL_S, latency_runtime  # noqa: E402
from arb_pipeline.venues.kalshi.parsing.ws_messages import decode_delta  # noqa: E402
from arb_pipeline.warehouse import Warehouse, get_engine  # noqa: E402

SETTINGS = {
    "python defaults": (0.005, False),
    "switch 0.5 ms": (SWITCH_INTERVAL_S, False),
    "heap frozen": (0.005, True),
    "both (the streamer's)": (SWITCH_INTERVAL_S, True),
}
WAKE_S = 0.001


#: The sender: a process of its own (no share of this one's GIL) that writes its perf_counter
#: (CLOCK_MONOTONIC, the same clock in every process) to a pipe every WAKE_S, like a venue
#: socket that delivers a frame every millisecond.
_SENDER = """
import os, struct, sys, time
interval, seconds = float(sys.argv[1]), float(sys.argv[2])
started = due = time.perf_counter()
while due - started < seconds:
    due += interval
    time.sleep(max(0.0, due - time.perf_counter()))
    os.write(1, struct.pack("d", time.perf_counter()))
"""


async def _run(writer: StreamWriter, frames: list[bytes], rate: int, seconds: float) -> list[float]:
    """Seconds from each stamp's write by the sender to its read by the event loop."""
    late: list[float] = []
    per_wake = max(1, round(rate * WAKE_S))
    loop = asyncio.get_running_loop()
    finished = loop.create_future()
    sender = subprocess.Popen([sys.executable, "-c", _SENDER, str(WAKE_S), str(seconds)], stdout=subprocess.PIPE)
    pipe = sender.stdout.fileno()
    pending = b""
    sent = 0

    def readable() -> None:
        nonlocal pending, sent
        data = os.read(pipe, 65536)
        now = time.perf_counter()
        if not data:
            loop.remove_reader(pipe)
            finished.set_result(None)
            return
        pending += data
        whole = len(pending) // 8 * 8
        for (stamp,) in struct.iter_unpack("d", pending[:whole]):
            late.append(now - stamp)
            # The wake's messages, decoded and stored as the Kalshi feed and the service do.
            for n in range(sent, sent + per_wake):
                delta = decode_delta(orjson.loads(frames[n % len(frames)]))
                writer.append_tick("kalshi", f"{delta.ticker}:{delta.side}", None, delta.price, abs(delta.delta) or Decimal(1),
                                   None, None, delta.venue_ts, time.time_ns())  # fmt: skip
            sent += per_wake
        pending = pending[whole:]

    loop.add_reader(pipe, readable)
    await finished
    sender.wait()
    sender.stdout.close()
    return late


def _line(name: str, late: list[float], pauses: dict[int, list[float]]) -> str:
    ordered = sorted(late)
    ms = [ordered[min(len(ordered) - 1, int(f * len(ordered)))] * 1e3 for f in (0.5, 0.99, 0.999)]
    collections = "; ".join(f"gen{g} {len(p)} max {max(p, default=0) * 1e3:.2f}" for g, p in pauses.items())
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{name:<22} stamps {len(ordered):>5}  late p50 {ms[0]:.3f}  p99 {ms[1]:.3f}  p99.9 {ms[2]:.3f}  "
            f"max {ordered[-1] * 1e3:.3f} ms  | gc {collections} ms | load {load}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=int, default=10_000, help="messages a second (default 10000)")
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each run (default 3)")
    parser.add_argument("--rounds", type=int, default=2, help="runs of every setting, interleaved (default 2)")
    parser.add_argument("--heap-objects", type=int, default=135_000, help="long-lived objects standing for the start-up heap")
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    print(machine())
    # Tuples holding a dict each: tracked containers, as most of the start-up heap is.
    heap = [({"n": n}, str(n)) for n in range(args.heap_objects // 2)]
    frames = decoder_frames()[0]
    engine = get_engine(args.url)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    warehouse = Warehouse(engine, schema)
    warehouse.ensure_schema()
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    gc_started = [0.0]

    def timed(phase: str, info: dict) -> None:
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            pauses[info["generation"]].append(time.perf_counter() - gc_started[0])

    try:
        with tempfile.TemporaryDirectory(prefix="bench-stalls-") as spill:
            writer = StreamWriter(warehouse, Path(spill), max_memory_rows=1_000_000)
            writer.start()
            gc.callbacks.append(timed)
            for _ in range(args.rounds):
                for name, (interval, freeze) in SETTINGS.items():
                    with latency_runtime(interval, freeze=freeze):
                        # Not the collection that freezes the heap: it runs once, before the feeds.
                        for collected in pauses.values():
                            collected.clear()
                        late = asyncio.run(_run(writer, frames, args.rate, args.seconds))
                    print(_line(name, late, pauses), flush=True)
                    writer.flush(60)
            gc.callbacks.remove(timed)
            writer.close()
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    del heap
    return 0


if __name__ == "__main__":
    sys.exit(main())
