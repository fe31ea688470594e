"""Polymarket venue adapter: Gamma catalog and CLOB books over REST, live books over the CLOB
market WebSocket (VENUE_APIS.md section 2). Split NautilusTrader-style into constants, pure
parsing, REST clients and the WebSocket client."""

from arb_pipeline.venues.polymarket.constants import (
    CLOB_RATE_LIMITS,
    GAMMA_RATE_LIMITS,
    MAX_ASSETS_PER_CONNECTION,
    MAX_BOOKS_PER_REQUEST,
)
from arb_pipeline.venues.polymarket.parsing import (
    BestBidAskMessage,
    BookMessage,
    LastTradeMessage,
    LevelChange,
    MarketMessage,
    MarketResolvedMessage,
    NewMarketMessage,
    PolymarketEvent,
    PriceChangeMessage,
    TickSizeChangeMessage,
    parse_book,
    parse_books,
    parse_events_page,
    parse_fee_schedule,
    parse_gamma_event,
    parse_gamma_market,
    parse_market_message,
    parse_markets_page,
)
from arb_pipeline.venues.polymarket.rest import PolymarketClobClient, PolymarketGammaClient
from arb_pipeline.venues.polymarket.websocket import PolymarketMarketStream

__all__ = [
    "CLOB_RATE_LIMITS",
    "GAMMA_RATE_LIMITS",
    "MAX_ASSETS_PER_CONNECTION",
    "MAX_BOOKS_PER_REQUEST",
    "BestBidAskMessage",
    "BookMessage",
    "LastTradeMessage",
    "LevelChange",
    "MarketMessage",
    "MarketResolvedMessage",
    "NewMarketMessage",
    "PolymarketClobClient",
    "PolymarketEvent",
    "PolymarketGammaClient",
    "PolymarketMarketStream",
    "PriceChangeMessage",
    "TickSizeChangeMessage",
    "parse_book",
    "parse_books",
    "parse_events_page",
    "parse_fee_schedule",
    "parse_gamma_event",
    "parse_gamma_market",
    "parse_market_message",
    "parse_markets_page",
]
