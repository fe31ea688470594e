"""The Odds API client against the sandbox over real HTTP: both price formats agree, quota headers
are recorded per call, faults end in success, and bad requests fail with the venue's message."""

from decimal import Decimal

import pytest

from arb_pipeline.sandbox.faults import Fault, FaultKind
from arb_pipeline.venues.http import RetryPolicy, VenueHttpError
from arb_pipeline.venues.odds_api import OddsApiClient, OddsApiKeyMissing

pytestmark = pytest.mark.integration

FAST = RetryPolicy(max_attempts=4, base_delay_s=0.01, max_delay_s=0.5)


async def test_sports_events_and_odds_in_both_formats(sandbox):
    async with OddsApiClient(sandbox.endpoints.odds_api_url, "sandbox", retry=FAST) as odds:
        sports = await odds.fetch_sports()
        nba = next(s for s in sports if s.key == "basketball_nba")
        assert nba.active
        events = await odds.fetch_events("basketball_nba")
        decimal = await odds.fetch_odds("basketball_nba", odds_format="decimal")
        american = await odds.fetch_odds("basketball_nba", odds_format="american")
        assert {e.event_id for e in events} == {e.event_id for e in decimal} == {e.event_id for e in american}
        assert len(decimal) == len(sandbox.scenario.odds_events["basketball_nba"]) > 0
        for by_decimal, by_american in zip(decimal, american, strict=True):
            assert len(by_decimal.prices) >= 8, "two outcomes at each of at least four bookmakers"
            assert {p.outcome_name for p in by_decimal.prices} <= {by_decimal.home_team, by_decimal.away_team, "Draw"}
            for d, a in zip(by_decimal.prices, by_american.prices, strict=True):
                assert isinstance(d.decimal_odds, Decimal) and a.american_odds is not None
                # American odds are whole numbers, so the two formats agree to the rounding of one
                # American point.
                assert abs(d.decimal_odds - a.decimal_odds) < Decimal("0.02")
        costs = [q.last_cost for q in odds.quota_log]
        assert costs[:2] == [0, 0]  # sports and events are free
        assert costs[2] >= 1
        assert odds.quota_log[-1].used == sum(costs)
        assert odds.last_quota.remaining < odds.quota_log[1].remaining


async def test_faults_end_in_success(sandbox):
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, "odds_api", path_prefix="/v4/sports", count=1, status=429, retry_after_s=0.05))
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, "odds_api", path_prefix="/v4/sports", count=1, status=502))
    sandbox.inject(Fault(FaultKind.DROP_CONNECTION, "odds_api", path_prefix="/v4/sports", count=1))
    async with OddsApiClient(sandbox.endpoints.odds_api_url, "sandbox", retry=FAST) as odds:
        events = await odds.fetch_odds("americanfootball_nfl")
        assert events
        assert odds.http.stats.retries == 3
    assert sum(sandbox.fault_stats.values()) == 3


async def test_unknown_sport_and_missing_key_are_clear(sandbox):
    async with OddsApiClient(sandbox.endpoints.odds_api_url, "sandbox", retry=FAST) as odds:
        with pytest.raises(VenueHttpError, match="HTTP 422.*Unknown sport"):
            await odds.fetch_odds("curling_world")
    with pytest.raises(OddsApiKeyMissing, match="ODDS_API_KEY"):
        OddsApiClient(sandbox.endpoints.odds_api_url, None)
