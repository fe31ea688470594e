"""CPU time per message of the venue clients' books alone: decode, apply, and the best asks the
streamer's screen reads after every change (docs/streamer.md#speed), no socket and no sandbox.

    .venv/bin/python benchmarks/bench_live_books.py [--rounds 30] [--depth 27]

Each client starts from a snapshot of ``--depth`` levels a side on 50 books, then takes the same
1,000 delta frames (Kalshi ``orderbook_delta``, Polymarket ``price_change``) ``--rounds`` times;
after each applied change both best asks of the changed book are read, as the top-of-book tick
and the screen do. Process CPU time, so the figure moves less with the machine's load than a rate.
"""

from __future__ import annotations

import argparse
import os
import time

import orjson

from arb_pipeline.venues.kalshi.ws_books import KalshiBooks
from arb_pipeline.venues.polymarket.ws_books import PolymarketBooks

BOOKS = 50
FRAMES = 1_000


def kalshi_frames(start_seq: int) -> list[bytes]:
    return [
        orjson.dumps({"type": "orderbook_delta", "sid": 1, "seq": start_seq + n, "msg": {
            "market_ticker": f"KXBENCH-{n % BOOKS}", "market_id": "m", "price_dollars": f"0.{10 + n % 80:02d}00",
            "delta_fp": f"{n % 7 - 3}.00", "side": "yes" if n % 2 else "no", "ts_ms": 1_765_000_000_000 + n}})
        for n in range(FRAMES)
    ]  # fmt: skip


def polymarket_frames() -> list[bytes]:
    return [
        orjson.dumps({"event_type": "price_change", "market": "0xabc", "timestamp": str(1_765_000_000_000 + n), "price_changes": [
            {"asset_id": str(1000 + n % BOOKS), "price": f"0.{10 + n % 80:02d}", "size": str(n % 500),
             "side": "BUY" if n % 2 else "SELL", "hash": "h"}]})
        for n in range(FRAMES)
    ]  # fmt: skip


def kalshi_us_per_message(rounds: int, depth: int) -> float:
    tickers = [f"KXBENCH-{n}" for n in range(BOOKS)]
    books = KalshiBooks(tickers, ["orderbook_delta"], resync_timeout_s=60.0)
    books.start_session()
    books.apply_message({"type": "subscribed", "id": 1, "msg": {"sid": 1, "channel": "orderbook_delta"}})
    ladder = [[f"0.{10 + 3 * n:02d}00", "100.00"] for n in range(depth)]
    for seq, ticker in enumerate(tickers, start=1):
        books.apply_message({"type": "orderbook_snapshot", "sid": 1, "seq": seq, "msg": {
            "market_ticker": ticker, "yes_dollars_fp": ladder, "no_dollars_fp": ladder}})  # fmt: skip
    seq = BOOKS + 1
    cpu = 0.0
    for _ in range(rounds):
        frames = kalshi_frames(seq)
        seq += FRAMES
        started = time.process_time()
        for frame in frames:
            update = books.apply_frame(frame)
            if update is not None:
                book = books.books[update.instrument_id]
                book.best_ask("yes")
                book.best_ask("no")
        cpu += time.process_time() - started
    if books.stats.malformed or books.stats.gaps or books.stats.updates < rounds * FRAMES:
        raise RuntimeError(f"the Kalshi frames did not all apply: {books.stats}")
    return cpu / (rounds * FRAMES) * 1e6


def polymarket_us_per_message(rounds: int, depth: int) -> float:
    tokens = [str(1000 + n) for n in range(BOOKS)]
    books = PolymarketBooks(None, update_queue_size=1)
    books.accept(tokens)
    ladder = [{"price": f"0.{10 + 3 * n:02d}", "size": "100"} for n in range(depth)]
    for token in tokens:
        books.apply_frame(orjson.dumps({"event_type": "book", "asset_id": token, "market": "0xabc",
                                        "timestamp": "1765000000000", "hash": "h", "bids": ladder, "asks": ladder}))  # fmt: skip
    frames = polymarket_frames()
    cpu = 0.0
    for _ in range(rounds):
        started = time.process_time()
        for frame in frames:
            for update in books.apply_frame(frame):
                # A token's own ask, and its bid (the top-of-book tick's): the other token's ask.
                books.books[update.instrument_id].best_ask()
        cpu += time.process_time() - started
    if books.stats.malformed or books.stats.updates < BOOKS + rounds * FRAMES:
        raise RuntimeError(f"the Polymarket frames did not all apply: {books.stats}")
    return cpu / (rounds * FRAMES) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--depth", type=int, default=27, help="levels a side in the starting snapshots")
    args = parser.parse_args()
    kalshi = kalshi_us_per_message(args.rounds, args.depth)
    polymarket = polymarket_us_per_message(args.rounds, args.depth)
    print(f"decode + apply + best asks, CPU per message: Kalshi {kalshi:.2f} us, Polymarket {polymarket:.2f} us "
          f"({args.depth} levels a side; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")  # fmt: skip


if __name__ == "__main__":
    main()
