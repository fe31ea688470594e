"""The streamer's persistence and metrics costs: what the event loop pays per row and per metric
call, and how many rows a second the writer moves into PostgreSQL.

    .venv/bin/python benchmarks/bench_stream_writer.py [--rows 200000] [--batch 2000] [--url URL]

The warehouse is ``--url``, else ``ARB_WAREHOUSE_URL``, else the embedded PostgreSQL under the
data directory; rows go to a throwaway schema, dropped at the end.

- append: ``StreamWriter.append_tick`` as the event loop calls it, with the writer threads
  running (median microseconds a call, over the whole run).
- end to end: ``--rows`` ticks appended as fast as the loop can, then ``flush``: rows a second
  from the first append to the last commit.
- writer process: ``--rows`` tops appended as the streamer appends them (``append_tops``, 40 a
  pass) to a ``WriterProcess``, then ``flush``: rows a second, and CPU a row of the appending
  process, of the writer process and of the PostgreSQL backends (from ``/proc``: the server
  must be local).
- row checks: ``warehouse.stream.batch_problems`` over batches of good ticks, per row.
- metrics: the hot-path calls (``observe_message``, ``observe_latency``) against
  prometheus-client's own ``Counter.inc`` and ``Histogram.observe``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import timeit
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from prometheus_client import CollectorRegistry, Counter, Histogram  # noqa: E402
from arb_pipeline.sandbox.process import machine  # noqa: E402

from arb_pipeline.streamer.metrics import LATENCY_BUCKETS, StreamerMetrics  # noqa: E402
from arb_pipeline.streamer.persistence import StreamWriter  # noqa: E402
from arb_pipeline.streamer.writer_process import WriterProcess  # noqa: E402
from arb_pipeline.warehouse import Warehouse, get_engine  # noqa: E402
from arb_pipeline.warehouse import stream  # noqa: E402
from arb_pipeline.warehouse.stream import StreamTable  # noqa: E402

PRICES = [Decimal(cents) / 100 for cents in range(1, 100)]
SIZES = [Decimal(size) for size in range(1, 500)]


def _per_call_us(statement, number: int = 200_000) -> float:
    return min(timeit.repeat(statement, number=number, repeat=3)) / number * 1e6


def bench_writer(warehouse: Warehouse, rows: int, batch: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-spill-") as spill:
        writer = StreamWriter(
            warehouse, Path(spill), batch_rows=batch, flush_interval_s=0.05, max_memory_rows=max(rows, batch)
        )
        writer.start()
        costs = []
        start = time.perf_counter()
        for i in range(rows):
            before = time.perf_counter_ns()
            writer.append_tick(
                "kalshi" if i % 2 else "polymarket", f"INSTRUMENT-{i % 500}", None, PRICES[i % 90], SIZES[i % 499],
                PRICES[(i % 90) + 5], SIZES[(i + 7) % 499], None, time.time_ns(),
            )  # fmt: skip
            costs.append(time.perf_counter_ns() - before)
        appended = time.perf_counter()
        assert writer.flush(timeout_s=600), "the writer did not catch up"
        done = time.perf_counter()
        stats = writer.close()
    print(f"append_tick on the event loop: median {statistics.median(costs) / 1000:.2f} us, "
          f"p99 {sorted(costs)[int(len(costs) * 0.99)] / 1000:.2f} us")  # fmt: skip
    print(f"appended {rows} rows in {appended - start:.2f} s; all committed after {done - start:.2f} s: "
          f"{rows / (done - start):,.0f} rows/s end to end ({stats.flushes} COPY batches of <= {batch})")  # fmt: skip


def _cpu_s(pid: int) -> float:
    with open(f"/proc/{pid}/stat", "rb") as handle:
        fields = handle.read().rsplit(b")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backends_cpu_s(warehouse: Warehouse) -> float:
    """CPU seconds of the server's client backends but this query's."""
    with warehouse.engine.connect() as connection:
        pids = connection.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
        ).scalars()
        return sum(_cpu_s(pid) for pid in pids if os.path.exists(f"/proc/{pid}"))


async def bench_writer_process(warehouse: Warehouse, rows: int, batch: int) -> None:
    instruments = [(f"KXBENCH-{n}:yes", f"KXBENCH-{n}") for n in range(180)]
    with tempfile.TemporaryDirectory(prefix="bench-spill-") as spill:
        writer = WriterProcess(warehouse, Path(spill), batch_rows=batch, max_memory_rows=max(rows, batch))
        writer.start()
        backends, child, own, start = _backends_cpu_s(warehouse), writer.cpu_seconds(), time.process_time(), time.perf_counter()
        now = time.time_ns()
        for first in range(0, rows, 40):
            tops = [
                (*instruments[i % 180], (4000 + i % 50 * 100, 100 * (1 + i % 300), 5000 + i % 40 * 100, 200 * (1 + i % 200)),
                 now + i, now + i + 1000)
                for i in range(first, min(first + 40, rows))
            ]  # fmt: skip
            writer.append_tops("kalshi", tops)
            if first % 4000 == 0:
                await asyncio.sleep(0)
        own = time.process_time() - own
        assert await asyncio.get_running_loop().run_in_executor(None, writer.flush, 600.0), "the writer did not catch up"
        elapsed = time.perf_counter() - start
        child, backends = writer.cpu_seconds() - child, _backends_cpu_s(warehouse) - backends
        await writer.aclose()
    print(f"writer process: {rows / elapsed:,.0f} rows/s from the first append to the last commit; CPU a row: "
          f"{own / rows * 1e6:.2f} us appending (the rows built, appended and sent), {child / rows * 1e6:.2f} us in the "
          f"writer process, {backends / rows * 1e6:.2f} us in PostgreSQL; load {os.getloadavg()[0]:.2f}")  # fmt: skip


def bench_checks(batch: int) -> None:
    rows = [
        (f"key-{i}", "kalshi", f"KX-{i % 50}:yes", None, PRICES[i % 90], SIZES[i % 499], PRICES[i % 90 + 5], SIZES[i % 7],
         None, time.time_ns())
        for i in range(batch)
    ]  # fmt: skip
    seconds = min(timeit.repeat(lambda: stream.batch_problems(StreamTable.BOOK_TICKS, rows), number=20, repeat=3)) / 20
    print(f"row checks before COPY: {seconds / batch * 1e6:.2f} us a row")


def bench_metrics() -> None:
    ours = StreamerMetrics()
    registry = CollectorRegistry()
    counter = Counter("bench_messages", "x", ["venue"], registry=registry).labels("kalshi")
    histogram = Histogram("bench_latency", "x", buckets=LATENCY_BUCKETS, registry=registry)
    print(
        f"metrics per call: observe_message {_per_call_us(lambda: ours.observe_message('kalshi')):.2f} us "
        f"(prometheus-client Counter.inc {_per_call_us(counter.inc):.2f} us); "
        f"observe_latency {_per_call_us(lambda: ours.observe_latency(0.0003)):.2f} us "
        f"(Histogram.observe {_per_call_us(lambda: histogram.observe(0.0003)):.2f} us)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    print(machine())
    engine = get_engine(args.url)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    warehouse = Warehouse(engine, schema)
    warehouse.ensure_schema()
    try:
        bench_writer(warehouse, args.rows, args.batch)
        asyncio.run(bench_writer_process(warehouse, args.rows, args.batch))
        bench_checks(args.batch)
        bench_metrics()
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
