"""Warehouse load throughput: a quote snapshot through COPY, and a catalog upsert.

    .venv/bin/python benchmarks/bench_warehouse.py [--rows 50000] [--markets 20000] [--repeat 3] [--url URL]

The warehouse is ``--url``, else ``ARB_WAREHOUSE_URL``, else the embedded PostgreSQL under the
data directory. Everything is written to a throwaway schema, dropped at the end.

- quote snapshot: ``write_quote_snapshot`` of ``--rows`` book-side rows (half Kalshi, half
  Polymarket, 10 levels a side), then the same snapshot again (the idempotent re-run: every row
  conflicts and is skipped), then ``read_latest_books`` reading them back.
- markets: ``write_markets`` of ``--markets`` markets (half Kalshi, half Polymarket, copies of
  the real recorded payloads with their raw JSON) into an empty table, then again unchanged
  (every row updated in place: last_seen moves).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arb_pipeline.sandbox.process import machine  # noqa: E402

from arb_pipeline.domain.models import KalshiOrderBook, Market, OrderBook, PriceLevel, Venue  # noqa: E402
from arb_pipeline.venues import kalshi, polymarket  # noqa: E402
from arb_pipeline.warehouse import Warehouse, get_engine  # noqa: E402
from arb_pipeline.warehouse.markets import write_markets
from arb_pipeline.warehouse.quotes import read_latest_books, write_quote_snapshot
from arb_pipeline_tests.paths import FIXTURES, POLYMARKET_NBA_EVENTS, venue_sample  # noqa: E402

LEVELS_PER_SIDE = 10


def quote_books(rows: int, received: datetime) -> tuple[list[KalshiOrderBook], list[OrderBook]]:
    """Books making ``rows`` side rows: a Kalshi market gives 4 (YES and NO, bid and ask), a
    Polymarket token 2."""
    kalshi_books = []
    for i in range(rows // 2 // 4):
        yes = [PriceLevel(Decimal(p) / 100, Decimal(10 * (i % 50 + p)) + Decimal("0.50")) for p in range(30, 30 + LEVELS_PER_SIDE)]
        no = [PriceLevel(Decimal(p) / 100, Decimal(7 * (i % 30 + p))) for p in range(45, 45 + LEVELS_PER_SIDE)]
        kalshi_books.append(KalshiOrderBook.from_levels(f"KXBENCH-26JAN10-T{i}", yes, no, received_ts=received))
    polymarket_books = []
    for i in range(rows // 2 // 2):
        bids = [PriceLevel(Decimal(p) / 1000, Decimal(i % 900 + p)) for p in range(400, 400 + LEVELS_PER_SIDE)]
        asks = [PriceLevel(Decimal(p) / 1000, Decimal(i % 700 + p)) for p in range(420, 420 + LEVELS_PER_SIDE)]
        polymarket_books.append(
            OrderBook.from_levels(
                Venue.POLYMARKET,
                f"{i:077d}",
                bids,
                asks,
                received_ts=received,
                venue_ts=received - timedelta(milliseconds=30),
                market_id=f"0x{i:064x}",
                tick_size=Decimal("0.001"),
                min_order_size=Decimal("5"),
                book_hash=f"0x{i:040x}",
            )
        )
    return kalshi_books, polymarket_books


def catalog(count: int) -> list[Market]:
    """``count`` markets copied from the recorded payloads, each with its own id."""
    series = kalshi.parse_series_response(orjson.loads((FIXTURES / "kalshi" / "series_list.json").read_bytes()))
    kalshi_models = kalshi.parse_markets_page(
        orjson.loads((FIXTURES / "kalshi" / "markets_page_current.json").read_bytes()), series_by_ticker=series
    ).markets
    events, _ = polymarket.parse_events_page(orjson.loads(venue_sample(POLYMARKET_NBA_EVENTS).read_bytes()))
    polymarket_models = [market for event in events for market in event.markets]
    markets = []
    for i in range(count):
        model = kalshi_models[i % len(kalshi_models)] if i % 2 == 0 else polymarket_models[i % len(polymarket_models)]
        market_id = f"{model.market_id}-{i}"
        markets.append(dataclasses.replace(model, market_id=market_id, raw={**model.raw, "benchmark_id": market_id}))
    return markets


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--markets", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()

    engine = get_engine(args.url)
    schema = f"arb_bench_{uuid.uuid4().hex[:10]}"
    warehouse = Warehouse(engine, schema)
    with engine.connect() as connection:
        server = connection.exec_driver_sql("SHOW server_version").scalar_one()
    print(f"machine: {machine()}")
    print(f"warehouse: PostgreSQL {server} at {engine.url.render_as_string(hide_password=True)}, schema {schema}")
    warehouse.ensure_schema()
    try:
        received = datetime.now(tz=UTC)
        kalshi_books, polymarket_books = quote_books(args.rows, received)
        rows = 4 * len(kalshi_books) + 2 * len(polymarket_books)
        first, again, read = [], [], []
        for n in range(args.repeat):
            snapshot_id = f"bench-{n}"
            seconds, written = timed(lambda: write_quote_snapshot(warehouse, snapshot_id, received, kalshi_books, polymarket_books))
            assert written == rows, (written, rows)
            first.append(seconds)
            seconds, written = timed(lambda: write_quote_snapshot(warehouse, snapshot_id, received, kalshi_books, polymarket_books))
            assert written == 0
            again.append(seconds)
            seconds, latest = timed(lambda: read_latest_books(warehouse))
            assert len(latest.kalshi) == len(kalshi_books) and len(latest.polymarket) == len(polymarket_books)
            read.append(seconds)
        print(f"quote snapshot: {rows:,} rows ({len(kalshi_books):,} Kalshi markets, {len(polymarket_books):,} Polymarket tokens, "
              f"{LEVELS_PER_SIDE} levels a side), median of {args.repeat}")
        print(f"  write_quote_snapshot        {statistics.median(first):7.3f} s  {rows / statistics.median(first):10,.0f} rows/s")
        print(f"  same snapshot again         {statistics.median(again):7.3f} s  {rows / statistics.median(again):10,.0f} rows/s (0 written)")
        print(f"  read_latest_books (all {args.repeat} snapshots) {statistics.median(read):7.3f} s")

        markets = catalog(args.markets)
        inserted, unchanged = [], []
        for n in range(args.repeat):
            with warehouse.transaction() as connection:
                connection.execute(warehouse.tables.venue_markets.delete())
            seen = received + timedelta(minutes=n)
            seconds, written = timed(lambda: write_markets(warehouse, markets, seen_at=seen))
            assert written == len(markets)
            inserted.append(seconds)
            seconds, written = timed(lambda: write_markets(warehouse, markets, seen_at=seen + timedelta(seconds=30)))
            assert written == len(markets)
            unchanged.append(seconds)
        print(f"markets: {len(markets):,} (half Kalshi, half Polymarket, raw JSON included), median of {args.repeat}")
        print(f"  write_markets, new          {statistics.median(inserted):7.3f} s  {len(markets) / statistics.median(inserted):10,.0f} rows/s")
        print(f"  write_markets, seen again   {statistics.median(unchanged):7.3f} s  {len(markets) / statistics.median(unchanged):10,.0f} rows/s")
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


if __name__ == "__main__":
    main()
