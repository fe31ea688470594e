"""Kalshi adapter (docs/venues.md#kalshi): constants, RSA-PSS signing, tickers, parsing of REST and
WebSocket payloads into domain models, the REST client, the market-data WebSocket client, and the
venue's catalog, capture and watch. The parsers are re-exported here as
:mod:`arb_pipeline.venues.kalshi.parsing` lists them."""

from arb_pipeline.venues.kalshi import parsing
from arb_pipeline.venues.kalshi.auth import KalshiCredentialsError, KalshiSigner, load_private_key
from arb_pipeline.venues.kalshi.constants import (
    DEFAULT_CHANNELS,
    DEFAULT_TIER,
    RATE_LIMITS,
    SUBSCRIPTION_MARKET_LIMIT,
    KalshiChannel,
    KalshiTier,
    KalshiWsErrorCode,
)
from arb_pipeline.venues.kalshi.parsing import *  # noqa: F403
from arb_pipeline.venues.kalshi.rest import KalshiApiError, KalshiRestClient
from arb_pipeline.venues.kalshi.tickers import KalshiTickerParts, is_parlay, is_parlay_ticker, split_ticker
from arb_pipeline.venues.kalshi.websocket import KalshiMarketStream

__all__ = [
    "DEFAULT_CHANNELS",
    "DEFAULT_TIER",
    "RATE_LIMITS",
    "SUBSCRIPTION_MARKET_LIMIT",
    "KalshiApiError",
    "KalshiChannel",
    "KalshiCredentialsError",
    "KalshiMarketStream",
    "KalshiRestClient",
    "KalshiSigner",
    "KalshiTickerParts",
    "KalshiTier",
    "KalshiWsErrorCode",
    "is_parlay",
    "is_parlay_ticker",
    "load_private_key",
    "split_ticker",
    *parsing.__all__,
]
