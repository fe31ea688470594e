"""Polymarket as the sandbox speaks it: Gamma (catalog), CLOB REST (books) and the CLOB market
WebSocket, in the current wire formats (docs/venues.md#polymarket): JSON-in-JSON token lists,
string prices, both bests LAST, no sequence numbers."""

from arb_pipeline.sandbox.polymarket.api import PolymarketApi
from arb_pipeline.sandbox.polymarket.wire import CLOB_BASE, GAMMA_BASE, VENUE_ROOT, WS_PATH

__all__ = ["CLOB_BASE", "GAMMA_BASE", "VENUE_ROOT", "WS_PATH", "PolymarketApi"]
