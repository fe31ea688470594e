"""The Odds API v4 adapter: sports, events and bookmaker odds (h2h), with quota headers."""

from arb_pipeline.venues.odds_api.parsing import (
    american_to_decimal,
    parse_events,
    parse_odds,
    parse_quota,
    parse_sports,
)
from arb_pipeline.venues.odds_api.rest import OddsApiClient, OddsApiKeyMissing

__all__ = [
    "OddsApiClient",
    "OddsApiKeyMissing",
    "american_to_decimal",
    "parse_events",
    "parse_odds",
    "parse_quota",
    "parse_sports",
]
