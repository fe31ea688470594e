"""The venues a capture holds, in the order they are captured and read back. Each venue's package
declares its own entry (its capture writer and reader); a new venue adds its entry here, and the
capture orchestrator (:mod:`arb_pipeline.venues.capture`) knows venues only through this list.
"""

from __future__ import annotations

from arb_pipeline.venues.kalshi.capture import CAPTURE as KALSHI
from arb_pipeline.venues.odds_api.capture import CAPTURE as ODDS
from arb_pipeline.venues.polymarket.capture import CAPTURE as POLYMARKET
from arb_pipeline.venues.protocols import CaptureVenue

CAPTURE_VENUES: tuple[CaptureVenue, ...] = (KALSHI, POLYMARKET, ODDS)
