"""Watch Polymarket's live books for a while (``arb-pipeline stream --venue polymarket``): both
tokens of the first open markets of the catalog, streamed over the market WebSocket."""

from __future__ import annotations

from arb_pipeline.config import VenueEndpoints
from arb_pipeline.domain.models import MarketStatus
from arb_pipeline.venues.polymarket.rest import PolymarketClobClient, PolymarketGammaClient
from arb_pipeline.venues.polymarket.websocket import PolymarketMarketStream
from arb_pipeline.venues.watch import SAMPLE_SIZE, TopQuote, WatchReport, run_for


async def watch_polymarket(endpoints: VenueEndpoints, seconds: float, max_markets: int) -> WatchReport:
    async with PolymarketGammaClient(endpoints.polymarket_gamma_url) as gamma:
        markets = await gamma.fetch_markets(problems=[])
    tokens = [t for m in markets if m.status is MarketStatus.OPEN for t in m.token_ids][: 2 * max_markets]
    async with PolymarketClobClient(endpoints.polymarket_clob_url) as clob:
        stream = PolymarketMarketStream(endpoints.polymarket_ws_url, tokens, clob)
        await run_for(stream, seconds)
    sample = []
    for token in tokens:
        live = stream.books.get(token)
        if live is not None and len(sample) < SAMPLE_SIZE:
            book = live.to_order_book()
            sample.append(
                TopQuote(
                    token,
                    book.best_bid.price if book.best_bid else None,
                    book.best_ask.price if book.best_ask else None,
                )
            )
    return WatchReport("polymarket", len(tokens), len(stream.books), seconds, stream.stats, sample)
