"""The Odds API v4 as the sandbox speaks it (docs/venues.md#the-odds-api): REST only."""

from arb_pipeline.sandbox.odds.rest import REST_BASE, OddsApi

__all__ = ["REST_BASE", "OddsApi"]
