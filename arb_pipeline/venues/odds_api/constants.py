"""The Odds API v4 constants (docs/venues.md#the-odds-api)."""

from arb_pipeline.venues.http import RateLimit

SPORTS_PATH = "/v4/sports"

# The API answers 429 for "frequency" abuse rather than publishing a number; stay well under
# the observed comfortable rate so quota, not throttling, is the binding limit.
RATE_LIMITS = (RateLimit("odds-api", max_requests=10, period_s=1.0),)

DEFAULT_REGIONS = ("us",)
DEFAULT_MARKETS = ("h2h",)
ODDS_FORMATS = ("decimal", "american")

QUOTA_REMAINING = "x-requests-remaining"
QUOTA_USED = "x-requests-used"
QUOTA_LAST = "x-requests-last"
