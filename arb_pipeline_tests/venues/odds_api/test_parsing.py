import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from arb_pipeline.venues.odds_api import american_to_decimal, parse_odds, parse_quota, parse_sports
from arb_pipeline.venues.wire import WireFormatError
from arb_pipeline_tests.paths import FIXTURES

ODDS = FIXTURES / "odds_api"


def load(name):
    return json.loads((ODDS / name).read_text())


def test_american_to_decimal_is_exact():
    assert american_to_decimal(240) == Decimal("3.4")
    assert american_to_decimal(100) == Decimal("2")
    assert american_to_decimal(-100) == Decimal("2")
    # -303: stake 303 to win 100; implied probability 303/403 exactly.
    assert 1 / american_to_decimal(-303) == Decimal(303) / Decimal(403)
    with pytest.raises(WireFormatError, match="<= -100 or >= 100"):
        american_to_decimal(50)


def test_american_h2h_and_spreads_parse_with_points_and_timestamps():
    events = parse_odds(load("odds_nfl_american.json"), odds_format="american")
    game, live = events
    assert (game.home_team, game.away_team) == ("Tampa Bay Buccaneers", "Dallas Cowboys")
    assert game.commence_time == datetime(2021, 9, 10, 0, 20, tzinfo=UTC)
    h2h = {p.outcome_name: p for p in game.prices if p.market_key == "h2h"}
    assert h2h["Dallas Cowboys"].american_odds == 240
    assert h2h["Dallas Cowboys"].decimal_odds == Decimal("3.4")
    assert h2h["Tampa Bay Buccaneers"].american_odds == -303
    assert h2h["Tampa Bay Buccaneers"].last_update == datetime(2021, 6, 10, 13, 33, 18, tzinfo=UTC)
    spreads = [p for p in game.prices if p.market_key == "spreads"]
    assert {p.point for p in spreads} == {Decimal("6.5"), Decimal("-6.5")}
    # Spread markets carry no market-level last_update: the bookmaker's is used.
    assert spreads[0].last_update == datetime(2021, 6, 10, 13, 33, 18, tzinfo=UTC)
    assert live.prices == ()


def test_decimal_floats_become_exact_decimals_and_draw_is_kept():
    (event,) = parse_odds(load("odds_epl_decimal.json"), odds_format="decimal")
    h2h = {p.outcome_name: p.decimal_odds for p in event.prices if p.market_key == "h2h"}
    assert h2h == {"Brentford": Decimal("4.6"), "Chelsea": Decimal("1.81"), "Draw": Decimal("4.1")}
    assert all(isinstance(v, Decimal) for v in h2h.values())
    assert {p.market_key for p in event.prices} == {"h2h", "h2h_lay"}


def test_format_inferred_when_not_told():
    american = parse_odds(load("odds_nfl_american.json"))
    assert american[0].prices[0].american_odds == 240
    decimal = parse_odds(load("odds_epl_decimal.json"))
    assert decimal[0].prices[0].american_odds is None


def test_malformed_event_names_event_and_field():
    body = load("odds_nfl_american.json")
    del body[0]["home_team"]
    with pytest.raises(WireFormatError, match="bda33adca828c09dc3cac3a856aef176.*home_team"):
        parse_odds(body)
    body = load("odds_nfl_american.json")
    body[0]["bookmakers"][0]["markets"][0]["outcomes"][0]["price"] = "abc"
    with pytest.raises(WireFormatError, match="unibet h2h Dallas Cowboys"):
        parse_odds(body, odds_format="american")


def test_sports_and_quota_headers():
    sports = parse_sports(load("sports.json"))
    assert [s.key for s in sports] == ["americanfootball_nfl", "basketball_nba"]
    ts = datetime(2026, 1, 1, tzinfo=UTC)
    quota = parse_quota({"X-Requests-Remaining": "487", "x-requests-used": "13", "x-requests-last": "1"}, ts)
    assert (quota.remaining, quota.used, quota.last_cost) == (487, 13, 1)
    assert parse_quota({}, ts).remaining is None


def test_a_malformed_event_costs_only_itself():
    body = load("odds_nfl_american.json")
    good = [event["id"] for event in body]
    body.insert(1, {**body[0], "id": "bad-1", "commence_time": "soon"})
    problems: list = []
    events = parse_odds(body, odds_format="american", where="nfl.json", problems=problems)
    assert [event.event_id for event in events] == good
    assert [(p.index, p.record_id) for p in problems] == [(1, "bad-1")]
    assert "commence_time" in problems[0].problem
