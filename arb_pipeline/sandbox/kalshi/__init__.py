"""Kalshi Trade API v2 as the sandbox speaks it: market-data REST and the market-data WebSocket,
in the current wire formats (docs/venues.md#kalshi)."""

from arb_pipeline.sandbox.kalshi.api import KalshiApi
from arb_pipeline.sandbox.kalshi.wire import REST_BASE, VENUE_ROOT, WS_PATH

__all__ = ["REST_BASE", "VENUE_ROOT", "WS_PATH", "KalshiApi"]
