"""The Odds API v4 REST client. Auth is the ``apiKey`` query parameter; every response's quota
headers are recorded (docs/venues.md#the-odds-api) so a user sees the cost of each call."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from arb_pipeline.domain.models import OddsQuota, Sport, SportsEvent
from arb_pipeline.redaction import register_secret
from arb_pipeline.venues.http import HttpResult, RateLimit, RetryPolicy, VenueClient, VenueHttpClient
from arb_pipeline.venues.odds_api.constants import (
    DEFAULT_MARKETS,
    DEFAULT_REGIONS,
    ODDS_FORMATS,
    RATE_LIMITS,
    SPORTS_PATH,
)
from arb_pipeline.venues.odds_api.parsing import parse_events, parse_odds, parse_quota, parse_sports
from arb_pipeline.venues.records import RecordProblem

log = logging.getLogger(__name__)


class OddsApiKeyMissing(RuntimeError):
    def __init__(self) -> None:
        super().__init__("The Odds API needs an API key: set ODDS_API_KEY (the sandbox accepts any value).")


class OddsApiClient(VenueClient):
    def __init__(
        self,
        base_url: str,
        api_key: str | None,
        rate_limits: Sequence[RateLimit] = RATE_LIMITS,
        retry: RetryPolicy | None = None,
    ) -> None:
        if not api_key:
            raise OddsApiKeyMissing()
        self._api_key = api_key
        # The key travels in the query string, so it would be in every URL a message shows.
        register_secret(api_key)
        self.http = VenueHttpClient("odds_api", base_url, rate_limits=rate_limits, retry=retry)
        self.quota_log: list[OddsQuota] = []

    @property
    def last_quota(self) -> OddsQuota | None:
        return self.quota_log[-1] if self.quota_log else None

    async def _get(self, path: str, params: dict[str, Any]) -> HttpResult:
        result = await self.http.get(path, params={**params, "apiKey": self._api_key})
        quota = parse_quota(result.headers, result.received_ts)
        self.quota_log.append(quota)
        log.info(
            "odds_api %s cost=%s used=%s remaining=%s", path, quota.last_cost, quota.used, quota.remaining
        )
        return result

    async def sports_raw(self, include_inactive: bool = False) -> HttpResult:
        params = {"all": "true"} if include_inactive else {}
        return await self._get(SPORTS_PATH, params)

    async def fetch_sports(self, include_inactive: bool = False, problems: list[RecordProblem] | None = None) -> list[Sport]:
        """With ``problems``, a malformed sport is listed there and skipped (the same for the
        event and odds lists below); without, it raises."""
        return parse_sports((await self.sports_raw(include_inactive)).json(), problems=problems)

    async def events_raw(self, sport_key: str) -> HttpResult:
        return await self._get(f"{SPORTS_PATH}/{sport_key}/events", {})

    async def fetch_events(self, sport_key: str, problems: list[RecordProblem] | None = None) -> list[SportsEvent]:
        return parse_events((await self.events_raw(sport_key)).json(), where=f"odds_api {sport_key} events", problems=problems)

    async def odds_raw(
        self,
        sport_key: str,
        regions: Sequence[str] = DEFAULT_REGIONS,
        markets: Sequence[str] = DEFAULT_MARKETS,
        odds_format: str = "decimal",
        bookmakers: Sequence[str] = (),
        event_ids: Sequence[str] = (),
    ) -> HttpResult:
        if odds_format not in ODDS_FORMATS:
            raise ValueError(f"odds_format must be one of {ODDS_FORMATS}, got {odds_format!r}")
        params: dict[str, Any] = {
            "regions": ",".join(regions),
            "markets": ",".join(markets),
            "oddsFormat": odds_format,
            "dateFormat": "iso",
        }
        if bookmakers:
            params["bookmakers"] = ",".join(bookmakers)
        if event_ids:
            params["eventIds"] = ",".join(event_ids)
        return await self._get(f"{SPORTS_PATH}/{sport_key}/odds", params)

    async def fetch_odds(
        self,
        sport_key: str,
        odds_format: str = "decimal",
        problems: list[RecordProblem] | None = None,
        **query: Sequence[str],
    ) -> list[SportsEvent]:
        """The parsed :meth:`odds_raw`; ``query`` narrows it as there (regions, markets,
        bookmakers, event_ids)."""
        result = await self.odds_raw(sport_key, odds_format=odds_format, **query)
        return parse_odds(result.json(), odds_format=odds_format, where=f"odds_api {sport_key} odds", problems=problems)
