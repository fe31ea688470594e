"""Catalog download + parse of the full sandbox catalog, per venue, over real HTTP.

    .venv/bin/python benchmarks/bench_catalog.py [--size 1] [--repeat 3]

The sandbox runs in its own process. Kalshi is paced by its basic-tier limit (20 reads/s) and
Polymarket by Gamma's 300 /markets per 10 s, exactly as against the real venues, so the figures
include that pacing; the parse-only figures show the client's own cost.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time


from arb_pipeline.sandbox.process import machine, sandbox_process

from arb_pipeline.domain.models import MarketStatus
from arb_pipeline.venues.kalshi import KalshiRestClient, KalshiSigner, parse_markets_page
from arb_pipeline.venues.polymarket import PolymarketClobClient, PolymarketGammaClient
from arb_pipeline.venues.polymarket import parse_markets_page as pm_parse_markets_page


async def one_round(endpoints, credentials) -> dict[str, float]:
    figures: dict[str, float] = {}
    signer = KalshiSigner.from_credentials(credentials)
    async with KalshiRestClient(endpoints.kalshi_api_url, signer) as kalshi:
        started = time.perf_counter()
        series = await kalshi.fetch_series()
        markets = await kalshi.fetch_markets(series=series)
        events = await kalshi.fetch_events(series=series)
        figures["kalshi catalog s"] = time.perf_counter() - started
        figures["kalshi markets"] = len(markets)
        figures["kalshi events"] = len(events)
        pages = [page async for page in kalshi.market_pages()]
        started = time.perf_counter()
        for page in pages:
            parse_markets_page(page.json(), series_by_ticker=series)
        figures["kalshi parse-only s"] = time.perf_counter() - started
        tickers = [m.market_id for m in markets if m.status is MarketStatus.OPEN]
        started = time.perf_counter()
        books = await kalshi.fetch_orderbooks(tickers)
        figures["kalshi books s"] = time.perf_counter() - started
        figures["kalshi books"] = len(books)
    async with PolymarketGammaClient(endpoints.polymarket_gamma_url) as gamma:
        started = time.perf_counter()
        pm_markets = await gamma.fetch_markets()
        pm_events = await gamma.fetch_events()
        figures["polymarket catalog s"] = time.perf_counter() - started
        figures["polymarket markets"] = len(pm_markets)
        figures["polymarket events"] = len(pm_events)
        pages = [page async for page in gamma.market_pages()]
        started = time.perf_counter()
        for page in pages:
            pm_parse_markets_page(page.json())
        figures["polymarket parse-only s"] = time.perf_counter() - started
    tokens = [t for m in pm_markets if m.status is MarketStatus.OPEN for t in m.token_ids]
    async with PolymarketClobClient(endpoints.polymarket_clob_url) as clob:
        started = time.perf_counter()
        pm_books = await clob.fetch_books(tokens)
        figures["polymarket books s"] = time.perf_counter() - started
        figures["polymarket books"] = len(pm_books)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"sandbox size {args.size}, {args.repeat} rounds (median shown)")
    with sandbox_process(size=args.size) as (endpoints, credentials):
        rounds = [asyncio.run(one_round(endpoints, credentials)) for _ in range(args.repeat)]
    for name in rounds[0]:
        values = [r[name] for r in rounds]
        median = statistics.median(values)
        print(f"  {name:<26} {median:10.3f}" if name.endswith(" s") else f"  {name:<26} {median:10.0f}")
    for venue in ("kalshi", "polymarket"):
        markets = statistics.median(r[f"{venue} markets"] for r in rounds)
        seconds = statistics.median(r[f"{venue} catalog s"] for r in rounds)
        parse = statistics.median(r[f"{venue} parse-only s"] for r in rounds)
        print(f"  {venue}: {markets / seconds:,.0f} markets/s downloaded+parsed; parse alone (markets pages) {markets / parse:,.0f} markets/s")


if __name__ == "__main__":
    main()
