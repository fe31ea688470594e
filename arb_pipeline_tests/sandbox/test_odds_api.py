"""The sandbox's Odds API over real sockets: keys, formats, filters, and the quota every call costs."""

from __future__ import annotations

import httpx
import pytest

from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline_tests.sandbox.exchange_clients import epoch

pytestmark = pytest.mark.integration


def quota(response: httpx.Response) -> tuple[int, int, int]:
    headers = response.headers
    return int(headers["x-requests-remaining"]), int(headers["x-requests-used"]), int(headers["x-requests-last"])


def odds_sport(sandbox: SandboxExchange) -> str:
    return next(sport for sport, events in sandbox.scenario.odds_events.items() if events)


async def test_odds_api_key_is_required(resting, http):
    response = await http.get(resting.endpoints.odds_api_url + "/v4/sports")
    assert response.status_code == 401
    assert response.json()["error_code"] == "MISSING_KEY" and "apiKey" in response.json()["message"]


async def test_odds_sports_and_events_are_free(sandbox, http):
    base = sandbox.endpoints.odds_api_url + "/v4/sports"
    sports = await http.get(base, params={"apiKey": "any"})
    assert sports.json() == [s for s in sandbox.scenario.odds_sports if s["active"]]
    assert quota(sports) == (500, 0, 0)
    sport = odds_sport(sandbox)
    events = await http.get(f"{base}/{sport}/events", params={"apiKey": "any"})
    assert quota(events) == (500, 0, 0)
    body = events.json()
    assert [e["id"] for e in body] == [e["id"] for e in sandbox.scenario.odds_events[sport]]
    assert all("bookmakers" not in event for event in body)
    assert set(body[0]) == {"id", "sport_key", "sport_title", "commence_time", "home_team", "away_team"}


async def test_odds_cost_is_markets_times_regions_and_empty_results_are_free(sandbox, http):
    url = f"{sandbox.endpoints.odds_api_url}/v4/sports/{odds_sport(sandbox)}/odds"
    one = await http.get(url, params={"apiKey": "k", "regions": "us", "markets": "h2h"})
    assert quota(one) == (499, 1, 1)
    four = await http.get(url, params={"apiKey": "k", "regions": "us,uk", "markets": "h2h,spreads"})
    assert quota(four) == (495, 5, 4)
    empty = await http.get(url, params={"apiKey": "k", "regions": "us", "eventIds": "no-such-event"})
    assert empty.json() == [] and quota(empty) == (495, 5, 0)
    by_books = await http.get(url, params={"apiKey": "k", "bookmakers": "draftkings,fanduel"})
    assert quota(by_books) == (494, 6, 1)
    assert {b["key"] for e in by_books.json() for b in e["bookmakers"]} == {"draftkings", "fanduel"}


async def test_odds_formats(resting, http):
    sport = odds_sport(resting)
    url = f"{resting.endpoints.odds_api_url}/v4/sports/{sport}/odds"
    decimal = (await http.get(url, params={"apiKey": "k", "regions": "us"})).json()
    params = {"apiKey": "k", "regions": "us", "oddsFormat": "american", "dateFormat": "unix"}
    american = (await http.get(url, params=params)).json()
    assert [e["id"] for e in decimal] == [e["id"] for e in american]
    assert len(decimal) == len(resting.scenario.odds_events[sport]) > 0
    for plain, us in zip(decimal, american, strict=True):
        assert len(plain["bookmakers"]) >= 4
        h2h = plain["bookmakers"][0]["markets"][0]
        assert {plain["home_team"], plain["away_team"]} == {outcome["name"] for outcome in h2h["outcomes"]}
        assert isinstance(us["commence_time"], int)
        assert us["commence_time"] == int(epoch(plain["commence_time"]))
        for book, us_book in zip(plain["bookmakers"], us["bookmakers"], strict=True):
            assert isinstance(us_book["last_update"], int)
            outcomes, us_outcomes = book["markets"][0]["outcomes"], us_book["markets"][0]["outcomes"]
            for outcome, us_outcome in zip(outcomes, us_outcomes, strict=True):
                assert isinstance(outcome["price"], float) and outcome["price"] > 1
                assert isinstance(us_outcome["price"], int) and abs(us_outcome["price"]) >= 100
                # An American favourite (< 0) is a decimal price under 2, an underdog over 2.
                assert (us_outcome["price"] < 0) == (outcome["price"] < 2)


async def test_odds_commence_time_window(resting, http):
    sport = odds_sport(resting)
    events = resting.scenario.odds_events[sport]
    starts = sorted(e["commence_time"] for e in events)
    url = f"{resting.endpoints.odds_api_url}/v4/sports/{sport}/odds"
    later = (await http.get(url, params={"apiKey": "k", "regions": "us", "commenceTimeFrom": starts[-1]})).json()
    assert [e["commence_time"] for e in later] == [starts[-1]] * len(later) and later


@pytest.mark.parametrize(
    ("path", "params", "code"),
    [
        ("/v4/sports/curling_mars/odds", {"regions": "us"}, "UNKNOWN_SPORT"),
        ("/v4/sports/{sport}/odds", {}, "MISSING_REGION"),
        ("/v4/sports/{sport}/odds", {"regions": "moon"}, "INVALID_REGION"),
        ("/v4/sports/{sport}/odds", {"regions": "us", "markets": "props"}, "INVALID_MARKET"),
        ("/v4/sports/{sport}/odds", {"regions": "us", "oddsFormat": "fractional"}, "INVALID_ODDS_FORMAT"),
        ("/v4/sports/{sport}/odds", {"regions": "us", "dateFormat": "excel"}, "INVALID_DATE_FORMAT"),
        ("/v4/sports/{sport}/odds", {"regions": "us", "commenceTimeFrom": "tomorrow"}, "INVALID_COMMENCETIMEFROM"),
        ("/v4/sports/curling_mars/events", {}, "UNKNOWN_SPORT"),
    ],
)
async def test_odds_rejects_bad_params_with_422(resting, http, path, params, code):
    url = resting.endpoints.odds_api_url + path.format(sport=odds_sport(resting))
    response = await http.get(url, params={"apiKey": "k", **params})
    assert response.status_code == 422
    assert response.json()["error_code"] == code
    assert quota(response)[2] == 0


async def test_odds_quota_runs_out_with_429(http):
    exchange = SandboxExchange(odds_api_key="secret", odds_quota=3)
    endpoints = await exchange.start()
    try:
        sport = odds_sport(exchange)
        url = f"{endpoints.odds_api_url}/v4/sports/{sport}/odds"
        wrong = await http.get(url, params={"apiKey": "guess", "regions": "us"})
        assert wrong.status_code == 401 and wrong.json()["error_code"] == "INVALID_KEY"
        two = await http.get(url, params={"apiKey": "secret", "regions": "us,uk"})
        assert quota(two) == (1, 2, 2)
        refused = await http.get(url, params={"apiKey": "secret", "regions": "us,uk"})
        assert refused.status_code == 429
        assert refused.json()["error_code"] == "OUT_OF_USAGE_CREDITS"
        assert quota(refused) == (1, 2, 0)
        last = await http.get(url, params={"apiKey": "secret", "regions": "us"})
        assert quota(last) == (0, 3, 1)
    finally:
        await exchange.stop()
