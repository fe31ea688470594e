"""Frames per second ``arb-pipeline backtest`` replays through streamed paper trading.

    .venv/bin/python benchmarks/bench_backtest.py [--frames 100000] [--pairs 20] [--repeat 3]

A recording is written to a temporary folder first: ``--pairs`` Kalshi markets each paired with
a Polymarket market, their first books, then ``--frames`` frames alternating between a Kalshi
snapshot and a Polymarket token book, whose asks move so that opportunities keep opening, closing
and trading (every opening is traded on its pair's next book, until the circuit breaker's limits
refuse more). The replay is timed from reading the manifest to the last frame; a run's trades are
its own, in memory. The breaker's refusals are logged as a live run logs them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import orjson

from arb_pipeline.app.backtest import run_backtest
from arb_pipeline.config import ScanSettings
from arb_pipeline.domain.fees import KalshiFeeSchedule, PolymarketFeeSchedule
from arb_pipeline.domain.models import Market, MarketStatus, MatchedPair, Outcome, PairStatus, Venue
from arb_pipeline.sandbox.process import machine
from arb_pipeline.streamer.manifest import Manifest, write_manifest
from arb_pipeline.streamer.pairs import WatchSet

START = datetime.now(UTC).replace(microsecond=0)
#: The demo's settings with the bankroll's default limits: nothing settles in a replay, so the
#: capital of the first trades stays counted and the breaker refuses the later ones, as it would live.
TRADING = {"TRADING_PROFILE": "very_aggressive", "TRADING_MIN_EDGE": "0.001", "TRADING_BANKROLL": "10000"}


def world(pairs: int) -> WatchSet:
    closes = START + timedelta(days=20)
    matched, markets = [], []
    for n in range(pairs):
        ticker, market_id = f"KXBENCH-{n}", str(900 + n)
        markets.append(Market(Venue.KALSHI, ticker, f"KXBENCH-E{n}", "KXBENCH", "bench", None, "", "Economics",
                              MarketStatus.OPEN, "active", (Outcome("Yes"), Outcome("No")), None, closes, closes,
                              fee=KalshiFeeSchedule("quadratic", Decimal(1))))
        markets.append(Market(Venue.POLYMARKET, market_id, f"E{n}", None, "bench", None, "", "Economics",
                              MarketStatus.OPEN, "active", (Outcome("Yes", f"y{n}"), Outcome("No", f"n{n}")), None,
                              closes, closes, fee=PolymarketFeeSchedule()))
        matched.append(MatchedPair(ticker, market_id, f"y{n}", f"n{n}", 1.0, PairStatus.APPROVED, ("bench",)))
    return WatchSet.of(matched, markets)


def kalshi_snapshot(n: int, seq: int, no_bid: str) -> str:
    return orjson.dumps({"type": "orderbook_snapshot", "sid": 1, "seq": seq, "msg": {
        "market_ticker": f"KXBENCH-{n}", "market_id": f"m-{n}", "yes_dollars_fp": [["0.3800", "500.00"]],
        "no_dollars_fp": [[no_bid, "500.00"]]}}).decode()


def token_book(token: str, ask: str, stamp: int) -> str:
    return orjson.dumps({"event_type": "book", "asset_id": token, "market": "0xbench", "timestamp": str(stamp),
                         "hash": f"0x{stamp:x}", "bids": [{"price": "0.30", "size": "500"}],
                         "asks": [{"price": ask, "size": "500"}]}).decode()


def record(folder: Path, pairs: int, frames: int) -> None:
    watch = world(pairs)
    started_ns = int(START.timestamp() * 1e9)
    write_manifest(folder, Manifest(started_ns, watch, ScanSettings(min_net_edge=Decimal("0.001"), min_apy=Decimal(0),
                                                                    min_contracts=Decimal(1),
                                                                    min_net_profit=Decimal(0)), TRADING, None))
    lines: dict[str, list[bytes]] = {"kalshi": [], "polymarket": []}
    seq = 0

    def add(venue: str, text: str) -> None:
        nonlocal seq
        seq += 1
        lines[venue].append(orjson.dumps({"received_ns": started_ns + seq * 1_000_000, "seq": seq, "frame": text}))

    add("kalshi", '{"id": 1, "type": "subscribed", "msg": {"channel": "orderbook_delta", "sid": 1}}')
    kalshi_seq = 0
    for n in range(pairs):
        kalshi_seq += 1
        add("kalshi", kalshi_snapshot(n, kalshi_seq, "0.6000"))
        add("polymarket", token_book(f"y{n}", "0.50", seq))
    for i in range(frames):
        n = (i // 2) % pairs
        if i % 2:
            kalshi_seq += 1
            add("kalshi", kalshi_snapshot(n, kalshi_seq, "0.6000" if (i // 4) % 2 else "0.5900"))
        else:
            # tok-no at 0.55 with YES at 0.40 (or 0.41) is an opportunity; at 0.62 it is gone.
            add("polymarket", token_book(f"n{n}", "0.55" if (i // 6) % 3 else "0.62", seq))
    for venue, venue_lines in lines.items():
        (folder / f"{venue}.jsonl").write_bytes(b"\n".join(venue_lines) + b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        record(folder, args.pairs, args.frames)
        rates, cpu_rates = [], []
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), time.process_time()
            backtest = run_backtest(folder, env={})
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            replayed = sum(backtest.frames.values())
            rates.append(replayed / elapsed)
            cpu_rates.append(replayed / cpu)
        trades = backtest.ledger.trades
        print(f"backtest: {replayed} frames, {args.pairs} pairs, {len(trades)} trades "
              f"({sum(1 for t in trades if t.fills)} filled, {len(backtest.ledger.refusals)} refused); "
              f"median {statistics.median(rates):,.0f} frames/s wall, {statistics.median(cpu_rates):,.0f} frames "
              f"per CPU second, over {args.repeat} runs (wall min {min(rates):,.0f}, max {max(rates):,.0f})")


if __name__ == "__main__":
    main()
