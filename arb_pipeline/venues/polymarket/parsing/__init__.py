"""Polymarket payloads into domain models, one module per API: ``gamma`` (the catalog), ``clob``
(order books) and ``ws_messages`` (the market WebSocket). Pure: no I/O."""

from arb_pipeline.venues.polymarket.parsing.clob import parse_book, parse_books, parse_levels, parse_price, parse_size
from arb_pipeline.venues.polymarket.parsing.gamma import (
    PolymarketEvent,
    parse_events_page,
    parse_fee_schedule,
    parse_gamma_event,
    parse_gamma_market,
    parse_markets_page,
    split_page,
)
from arb_pipeline.venues.polymarket.parsing.ws_messages import (
    BestBidAskMessage,
    BookMessage,
    LastTradeMessage,
    LevelChange,
    MarketMessage,
    MarketResolvedMessage,
    NewMarketMessage,
    PriceChangeMessage,
    TickSizeChangeMessage,
    parse_market_message,
)

__all__ = [
    "BestBidAskMessage",
    "BookMessage",
    "LastTradeMessage",
    "LevelChange",
    "MarketMessage",
    "MarketResolvedMessage",
    "NewMarketMessage",
    "PolymarketEvent",
    "PriceChangeMessage",
    "TickSizeChangeMessage",
    "parse_book",
    "parse_books",
    "parse_events_page",
    "parse_fee_schedule",
    "parse_gamma_event",
    "parse_gamma_market",
    "parse_levels",
    "parse_market_message",
    "parse_markets_page",
    "parse_price",
    "parse_size",
    "split_page",
]
