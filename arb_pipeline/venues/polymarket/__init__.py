"""Polymarket venue adapter (docs/venues.md#polymarket): Gamma catalog and CLOB books over REST,
live books over the CLOB market WebSocket. Constants, pure parsing (one module per API), the REST
clients, the WebSocket client, and the venue's catalog, capture and watch. The parsers are
re-exported here as :mod:`arb_pipeline.venues.polymarket.parsing` lists them."""

from arb_pipeline.venues.polymarket import parsing
from arb_pipeline.venues.polymarket.constants import (
    CLOB_RATE_LIMITS,
    GAMMA_RATE_LIMITS,
    MAX_ASSETS_PER_CONNECTION,
    MAX_BOOKS_PER_REQUEST,
)
from arb_pipeline.venues.polymarket.parsing import *  # noqa: F403
from arb_pipeline.venues.polymarket.rest import PolymarketClobClient, PolymarketGammaClient
from arb_pipeline.venues.polymarket.websocket import PolymarketMarketStream

__all__ = [
    "CLOB_RATE_LIMITS",
    "GAMMA_RATE_LIMITS",
    "MAX_ASSETS_PER_CONNECTION",
    "MAX_BOOKS_PER_REQUEST",
    "PolymarketClobClient",
    "PolymarketGammaClient",
    "PolymarketMarketStream",
    *parsing.__all__,
]
