"""Kalshi Trade API v2 constants, declared as data (docs/venues.md#kalshi)."""

from __future__ import annotations

from enum import IntEnum, StrEnum

from arb_pipeline.domain.models import MarketStatus
from arb_pipeline.venues.http import RateLimit

VENUE_NAME = "kalshi"

# REST paths, relative to the configured base URL (which already ends in /trade-api/v2).
MARKETS_PATH = "/markets"
MARKET_PATH = "/markets/{ticker}"
ORDERBOOK_PATH = "/markets/{ticker}/orderbook"
BATCH_ORDERBOOKS_PATH = "/markets/orderbooks"
EVENTS_PATH = "/events"
EVENT_PATH = "/events/{event_ticker}"
SERIES_LIST_PATH = "/series"
SERIES_PATH = "/series/{series_ticker}"
SERIES_FEE_CHANGES_PATH = "/series/fee_changes"

# Page and batch limits (docs/venues.md#kalshi-pagination-and-rate-limits, #kalshi-order-books).
MARKETS_PAGE_MIN = 1
MARKETS_PAGE_MAX = 1000
EVENTS_PAGE_MIN = 1
EVENTS_PAGE_MAX = 200
BATCH_ORDERBOOKS_MIN = 1
BATCH_ORDERBOOKS_MAX = 100
ORDERBOOK_DEPTH_MAX = 100  # 0 means every level

# The `status` query filter words; they differ from `market.status` (docs/venues.md#kalshi-markets).
MARKET_STATUS_FILTERS = frozenset({"unopened", "open", "paused", "closed", "settled"})
MVE_FILTERS = frozenset({"only", "exclude"})

# `market.status` words into the normalized lifecycle (docs/venues.md#kalshi-markets).
MARKET_STATUS_MAP: dict[str, MarketStatus] = {
    "initialized": MarketStatus.UNOPENED,
    "active": MarketStatus.OPEN,
    "inactive": MarketStatus.PAUSED,
    "closed": MarketStatus.CLOSED,
    "determined": MarketStatus.SETTLED,
    "disputed": MarketStatus.SETTLED,
    "amended": MarketStatus.SETTLED,
    "finalized": MarketStatus.SETTLED,
}

FEE_TYPES = frozenset({"quadratic", "quadratic_with_maker_fees", "flat"})

# Multivariate (parlay) markets: tickers such as KXMVECROSSCATEGORY-... carrying mve_selected_legs
# (docs/venues.md#kalshi-markets).
PARLAY_TICKER_PREFIX = "KXMVE"

# Request signing (docs/venues.md#kalshi-authentication).
ACCESS_KEY_HEADER = "KALSHI-ACCESS-KEY"
ACCESS_TIMESTAMP_HEADER = "KALSHI-ACCESS-TIMESTAMP"
ACCESS_SIGNATURE_HEADER = "KALSHI-ACCESS-SIGNATURE"
API_KEY_ID_ENV = "KALSHI_API_KEY_ID"
PRIVATE_KEY_PATH_ENV = "KALSHI_PRIVATE_KEY_PATH"
CREDENTIALS_HINT = (
    f"set {API_KEY_ID_ENV} (the API key id) and {PRIVATE_KEY_PATH_ENV} "
    "(the RSA private key file, chmod 600)"
)


class KalshiTier(StrEnum):
    """API usage tiers; each allows a different number of reads per second
    (docs/venues.md#kalshi-pagination-and-rate-limits)."""

    BASIC = "basic"
    ADVANCED = "advanced"
    PREMIER = "premier"
    PRIME = "prime"


READS_PER_SECOND: dict[KalshiTier, int] = {
    KalshiTier.BASIC: 20,
    KalshiTier.ADVANCED: 30,
    KalshiTier.PREMIER: 100,
    KalshiTier.PRIME: 400,
}

DEFAULT_TIER = KalshiTier.BASIC

# Market data is read with GET only; the tier's read budget is shared by every GET path.
RATE_LIMITS: dict[KalshiTier, tuple[RateLimit, ...]] = {
    tier: (RateLimit(f"kalshi-{tier.value}-reads", max_requests=reads, period_s=1.0, method="GET"),)
    for tier, reads in READS_PER_SECOND.items()
}


class KalshiChannel(StrEnum):
    ORDERBOOK_DELTA = "orderbook_delta"
    TICKER = "ticker"
    TRADE = "trade"
    MARKET_LIFECYCLE = "market_lifecycle_v2"


DEFAULT_CHANNELS = (KalshiChannel.ORDERBOOK_DELTA, KalshiChannel.TICKER)

# One subscription holds at most this many markets (docs/venues.md#kalshi-websocket); larger sets
# are split into several subscribe commands on the same connection.
SUBSCRIPTION_MARKET_LIMIT = 256


class KalshiWsErrorCode(IntEnum):
    """WebSocket `error` response codes (docs/venues.md#kalshi-websocket, Kalshi's AsyncAPI error
    table)."""

    PARAMS_REQUIRED = 2
    UNKNOWN_SUBSCRIPTION = 7
    UNKNOWN_CHANNEL = 8
    AUTHENTICATION_REQUIRED = 9
    CHANNEL_ERROR = 10
    MARKET_TICKER_REQUIRED = 14
    SUBSCRIPTION_BUFFER_OVERFLOW = 25
    SUBSCRIPTION_MARKET_LIMIT = 26
    TOO_MANY_REQUESTS = 27


WS_ERROR_MEANINGS: dict[int, str] = {
    KalshiWsErrorCode.PARAMS_REQUIRED: "params required: the command had no params object",
    KalshiWsErrorCode.UNKNOWN_SUBSCRIPTION: "unknown subscription id (sid)",
    KalshiWsErrorCode.UNKNOWN_CHANNEL: "unknown channel name",
    KalshiWsErrorCode.AUTHENTICATION_REQUIRED: "authentication required: the connection was not signed",
    KalshiWsErrorCode.CHANNEL_ERROR: "channel error: the subscription ended, resubscribe",
    KalshiWsErrorCode.MARKET_TICKER_REQUIRED: "market ticker required for this channel",
    KalshiWsErrorCode.SUBSCRIPTION_BUFFER_OVERFLOW: "subscription buffer overflow: the subscription ended, resubscribe",
    KalshiWsErrorCode.SUBSCRIPTION_MARKET_LIMIT: "subscription market limit exceeded",
    KalshiWsErrorCode.TOO_MANY_REQUESTS: "too many requests: command rate limit exceeded",
}

# The server drops the subscription on these; the only way back is a fresh subscribe (Kalshi's
# AsyncAPI "Terminal Errors").
TERMINAL_SUBSCRIPTION_ERRORS = frozenset(
    {KalshiWsErrorCode.CHANNEL_ERROR, KalshiWsErrorCode.SUBSCRIPTION_BUFFER_OVERFLOW}
)
