"""Watch live books for a while: pick open markets from a venue's catalog, stream their books over
the venue WebSocket, and report stream health and the freshest top of book. Used by
``arb-pipeline stream`` and the demo; the long-running sidecar lives in arb_pipeline.streamer."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from decimal import Decimal

from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.domain.models import MarketStatus
from arb_pipeline.venues.kalshi import KalshiRestClient, KalshiSigner, KalshiMarketStream
from arb_pipeline.venues.polymarket import PolymarketClobClient, PolymarketGammaClient, PolymarketMarketStream
from arb_pipeline.venues.stream import StreamStats


@dataclass(frozen=True, slots=True)
class TopQuote:
    instrument_id: str
    best_bid: Decimal | None
    best_ask: Decimal | None


@dataclass
class WatchReport:
    venue: str
    instruments: int
    synced: int
    seconds: float
    stats: StreamStats
    sample: list[TopQuote]


async def _run_for(client: KalshiMarketStream | PolymarketMarketStream, seconds: float) -> None:
    task = asyncio.create_task(client.run())
    try:
        done, _ = await asyncio.wait({task}, timeout=seconds)
        if task in done:
            task.result()
    finally:
        await client.close()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def watch_kalshi(
    endpoints: VenueEndpoints, credentials: Credentials, seconds: float, max_markets: int
) -> WatchReport:
    signer = KalshiSigner.from_credentials(credentials)
    async with KalshiRestClient(endpoints.kalshi_api_url, signer) as kalshi:
        # One malformed market costs only itself (each is logged as it is skipped).
        markets = await kalshi.fetch_markets(problems=[])
    tickers = [m.market_id for m in markets if m.status is MarketStatus.OPEN][:max_markets]
    client = KalshiMarketStream(endpoints.kalshi_ws_url, signer, tickers)
    await _run_for(client, seconds)
    sample = []
    for ticker in tickers:
        if client.is_synced(ticker) and len(sample) < 5:
            yes = client.books[ticker].to_order_book().yes_book
            sample.append(
                TopQuote(
                    ticker,
                    yes.best_bid.price if yes.best_bid else None,
                    yes.best_ask.price if yes.best_ask else None,
                )
            )
    synced = sum(1 for ticker in tickers if client.books[ticker].received_ts is not None)
    return WatchReport("kalshi", len(tickers), synced, seconds, client.stats, sample)


async def watch_polymarket(endpoints: VenueEndpoints, seconds: float, max_markets: int) -> WatchReport:
    async with PolymarketGammaClient(endpoints.polymarket_gamma_url) as gamma:
        markets = await gamma.fetch_markets(problems=[])
    tokens = [t for m in markets if m.status is MarketStatus.OPEN for t in m.token_ids][: 2 * max_markets]
    async with PolymarketClobClient(endpoints.polymarket_clob_url) as clob:
        stream = PolymarketMarketStream(endpoints.polymarket_ws_url, tokens, clob)
        await _run_for(stream, seconds)
    sample = []
    for token in tokens:
        live = stream.books.get(token)
        if live is not None and len(sample) < 5:
            book = live.to_order_book()
            sample.append(
                TopQuote(
                    token,
                    book.best_bid.price if book.best_bid else None,
                    book.best_ask.price if book.best_ask else None,
                )
            )
    return WatchReport("polymarket", len(tokens), len(stream.books), seconds, stream.stats, sample)
