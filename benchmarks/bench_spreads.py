"""The spread scan over N approved pairs with realistic books, in process (pure domain code).

    .venv/bin/python benchmarks/bench_spreads.py [--pairs 2000 20000] [--repeat 3] [--seed 7]

Each pair is a Kalshi market and a two-token Polymarket market quoted around the same
probability: Kalshi books of 5-25 cent levels a side with sizes in Kalshi's two-decimal counts,
Polymarket books of 5-25 levels a token, mixed fee schedules (Kalshi quadratic, with maker fees,
index multiplier 0.5; Polymarket fee-free or rate 0.03-0.07), a 5-contract Polymarket minimum on
most books, 2% of pairs a two-leg `sum` basket. About 5% of pairs carry an after-fee edge of 1-6
cents that the walker must size through several levels; the rest are priced over $1, as most
real pairs are. Books and indexes are built before the clock starts: the figure is the scan.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal


from arb_pipeline.sandbox.process import machine

from arb_pipeline.domain.models import (
    KalshiFeeSchedule,
    KalshiOrderBook,
    Market,
    MarketStatus,
    MatchedPair,
    OrderBook,
    Outcome,
    PairStatus,
    PairTransform,
    PolymarketFeeSchedule,
    PriceLevel,
    Venue,
)
from arb_pipeline.domain.spreads import Thresholds, evaluate_all, index_books, index_markets

NOW = datetime(2026, 1, 9, 12, tzinfo=UTC)
CENT = Decimal("0.01")
KALSHI_FEES = [
    KalshiFeeSchedule("quadratic", Decimal(1)),
    KalshiFeeSchedule("quadratic_with_maker_fees", Decimal(1)),
    KalshiFeeSchedule("quadratic", Decimal("0.5")),
]
POLYMARKET_FEES = [
    PolymarketFeeSchedule(),
    PolymarketFeeSchedule(),
    PolymarketFeeSchedule(enabled=True, rate=Decimal("0.03"), exponent=Decimal(1)),
    PolymarketFeeSchedule(enabled=True, rate=Decimal("0.04"), exponent=Decimal(1)),
    PolymarketFeeSchedule(enabled=True, rate=Decimal("0.07"), exponent=Decimal(1)),
]
THRESHOLDS = Thresholds(
    min_net_edge=Decimal("0.005"),
    min_apy=Decimal("0.10"),
    min_contracts=Decimal(5),
    max_quote_age_s=10.0,
    min_net_profit=Decimal("0.50"),
)


def ladder(rng: random.Random, best_cents: int, step: int, count: int, kalshi: bool) -> list[PriceLevel]:
    """``count`` levels from ``best_cents`` moving by ``step`` cents (1..99 kept)."""
    levels = []
    cents = best_cents
    for _ in range(count):
        if not 1 <= cents <= 99:
            break
        size = Decimal(rng.choice([5, 10, 25, 50, 100, 250, 500, 1200])) + Decimal(rng.randint(0, 99)) / 100
        levels.append(PriceLevel(Decimal(cents) * CENT, size if kalshi else size.quantize(CENT)))
        cents += step * rng.randint(1, 2)
    return levels


def kalshi_market(ticker: str, rng: random.Random) -> Market:
    expires = NOW + timedelta(days=rng.randint(1, 120), hours=rng.randint(0, 23))
    return Market(
        venue=Venue.KALSHI, market_id=ticker, event_id=ticker.rsplit("-", 1)[0], series_id="KXBENCH",
        title=ticker, subtitle=None, rules="", category="Economics", status=MarketStatus.OPEN, venue_status="active",
        outcomes=(Outcome("Yes"), Outcome("No")), open_time=None, close_time=expires, expiration_time=expires,
        fee=rng.choice(KALSHI_FEES),
    )


def polymarket_market(market_id: str, tokens: tuple[str, str], rng: random.Random) -> Market:
    ends = NOW + timedelta(days=rng.randint(1, 120))
    return Market(
        venue=Venue.POLYMARKET, market_id=market_id, event_id=None, series_id=None, title=market_id, subtitle=None,
        rules="", category="Economics", status=MarketStatus.OPEN, venue_status="active",
        outcomes=(Outcome("Yes", tokens[0]), Outcome("No", tokens[1])), open_time=None, close_time=ends,
        expiration_time=ends, fee=rng.choice(POLYMARKET_FEES), raw={"orderMinSize": 5},
    )


def kalshi_book(ticker: str, yes_ask_cents: int, no_ask_cents: int, rng: random.Random) -> KalshiOrderBook:
    # Kalshi lists bids only: a YES ask at a is a NO bid at 1 - a.
    depth = rng.randint(5, 25)
    return KalshiOrderBook.from_levels(
        ticker,
        ladder(rng, 100 - no_ask_cents, -1, depth, kalshi=True),
        ladder(rng, 100 - yes_ask_cents, -1, depth, kalshi=True),
        received_ts=NOW - timedelta(seconds=rng.random() * 5),
    )


def token_book(token: str, ask_cents: int, rng: random.Random) -> OrderBook:
    depth = rng.randint(5, 25)
    return OrderBook.from_levels(
        Venue.POLYMARKET, token,
        ladder(rng, ask_cents - 1, -1, depth, kalshi=False),
        ladder(rng, ask_cents, 1, depth, kalshi=False),
        received_ts=NOW - timedelta(seconds=rng.random() * 5),
        venue_ts=NOW - timedelta(seconds=rng.random() * 5),
        min_order_size=Decimal(5) if rng.random() < 0.8 else None,
    )


def build(count: int, seed: int):
    rng = random.Random(seed)
    pairs, markets, kalshi_books, token_books = [], [], [], []
    for index in range(count):
        probability = rng.randint(5, 95)
        # Most pairs are priced over $1 on both directions; one in twenty has a 3-8 cent gross edge.
        edge = rng.randint(3, 8) if rng.random() < 0.05 else -rng.randint(1, 6)
        pm_id = str(100000 + index)
        tokens = (f"{index:07d}1{rng.getrandbits(64):020d}", f"{index:07d}2{rng.getrandbits(64):020d}")
        basket = rng.random() < 0.02 and 10 <= probability <= 90
        tickers = (f"KXBENCH-{index}-A", f"KXBENCH-{index}-B") if basket else (f"KXBENCH-{index}",)
        if basket:
            first = rng.randint(3, probability - 3)
            yes_asks = [first + 1, probability - first + 1]
        else:
            yes_asks = [probability + 1]
        no_token_ask = 100 - sum(yes_asks) - edge
        for ticker, yes_ask in zip(tickers, yes_asks):
            markets.append(kalshi_market(ticker, rng))
            kalshi_books.append(kalshi_book(ticker, yes_ask, 100 - yes_ask + 2, rng))
        markets.append(polymarket_market(pm_id, tokens, rng))
        # The token paying on Kalshi YES trades near the same probability, and the two tokens of a
        # market sum to over $1 (Polymarket's own book is not crossed).
        yes_token_ask = sum(yes_asks) + max(edge, 0) + rng.randint(1, 3)
        token_books.append(token_book(tokens[0], max(1, min(99, yes_token_ask)), rng))
        token_books.append(token_book(tokens[1], max(1, min(99, no_token_ask)), rng))
        pairs.append(
            MatchedPair(
                kalshi_ticker=tickers[0], polymarket_market_id=pm_id, polymarket_yes_token=tokens[0],
                polymarket_no_token=tokens[1], confidence=0.99, status=PairStatus.APPROVED, reasons=("bench",),
                transform=PairTransform.SUM if basket else PairTransform.IDENTITY,
                kalshi_tickers=tickers if basket else (),
            )
        )
    return pairs, index_markets(markets), index_books(kalshi_books, token_books)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    for count in args.pairs:
        pairs, markets, books = build(count, args.seed)
        for intra_venue in (False, True):
            timings = []
            spreads = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                spreads = evaluate_all(pairs, markets, books, NOW, THRESHOLDS, intra_venue=intra_venue)
                timings.append(time.perf_counter() - started)
            best, median = min(timings), statistics.median(timings)
            sized = sum(1 for spread in spreads if spread.contracts)
            found = sum(1 for spread in spreads if spread.is_opportunity)
            label = "pairs + intra-venue" if intra_venue else "pairs only"
            print(
                f"{count:>6} pairs, {label:<19}: {len(spreads):>6} spreads ({sized} sized, {found} opportunities) "
                f"median {median:.3f} s, best {best:.3f} s = {count / median:,.0f} pairs/s, "
                f"{len(spreads) / median:,.0f} spreads/s"
            )


if __name__ == "__main__":
    main()
