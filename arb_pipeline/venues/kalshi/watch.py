"""Watch Kalshi's live books for a while (``arb-pipeline stream --venue kalshi``): the first open
markets of the catalog, streamed over the market WebSocket."""

from __future__ import annotations

from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.domain.models import MarketStatus
from arb_pipeline.venues.kalshi.auth import KalshiSigner
from arb_pipeline.venues.kalshi.rest import KalshiRestClient
from arb_pipeline.venues.kalshi.websocket import KalshiMarketStream
from arb_pipeline.venues.watch import SAMPLE_SIZE, TopQuote, WatchReport, run_for


async def watch_kalshi(
    endpoints: VenueEndpoints, credentials: Credentials, seconds: float, max_markets: int
) -> WatchReport:
    signer = KalshiSigner.from_credentials(credentials)
    async with KalshiRestClient(endpoints.kalshi_api_url, signer) as kalshi:
        # One malformed market costs only itself (each is logged as it is skipped).
        markets = await kalshi.fetch_markets(problems=[])
    tickers = [m.market_id for m in markets if m.status is MarketStatus.OPEN][:max_markets]
    stream = KalshiMarketStream(endpoints.kalshi_ws_url, signer, tickers)
    await run_for(stream, seconds)
    sample = []
    for ticker in tickers:
        if stream.is_synced(ticker) and len(sample) < SAMPLE_SIZE:
            yes = stream.books[ticker].to_order_book().yes_book
            sample.append(
                TopQuote(
                    ticker,
                    yes.best_bid.price if yes.best_bid else None,
                    yes.best_ask.price if yes.best_ask else None,
                )
            )
    synced = sum(1 for ticker in tickers if stream.books[ticker].received_ts is not None)
    return WatchReport("kalshi", len(tickers), synced, seconds, stream.stats, sample)
