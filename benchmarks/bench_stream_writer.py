"""The streamer's persistence and metrics costs: what the event loop pays per row and per metric
call, and how many rows a second the writer moves into PostgreSQL.

    .venv/bin/python benchmarks/bench_stream_writer.py [--rows 200000] [--batch 2000] [--url URL]

The warehouse is ``--url``, else ``ARB_WAREHOUSE_URL``, else the embedded PostgreSQL under the
data directory; rows go to a throwaway schema, dropped at the end.

- append: ``StreamWriter.append_tick`` as the event loop calls it, with the writer threads
  running (median microseconds a call, over the whole run).
- end to end: ``--rows`` ticks appended as fast as the loop can, then ``flush``: rows a second
  from the first append to the last commit.
- row checks: ``warehouse.stream.batch_problems`` over batches of good ticks, per row.
- metrics: the hot-path calls (``observe_message``, ``observe_latency``) against
  prometheus-client's own ``Counter.inc`` and ``Histogram.observe``.
"""

from __future__ import annotations

import argparse
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
        bench_checks(args.batch)
        bench_metrics()
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
