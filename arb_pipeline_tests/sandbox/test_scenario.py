"""The sandbox's simulated world: deterministic, in the venues' current wire formats, with ground
truth that is exactly right."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from arb_pipeline.sandbox.scenario import SandboxScenario, build_scenario
from arb_pipeline.sandbox.scenario.names import NBA_TEAMS, NFL_TEAMS
from arb_pipeline.sandbox.state import Scenario
from arb_pipeline.venues.wire import json_list, parse_time
from arb_pipeline_tests.sandbox.scenario_checks import NOW, open_listing_ids

DOLLARS = re.compile(r"^[01]\.\d{4}$")
COUNT_FP = re.compile(r"^\d+\.\d{2}$")
ISO_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
HEX_64 = re.compile(r"^0x[0-9a-f]{64}$")
KALSHI_STATUSES = {"initialized", "inactive", "active", "closed", "determined", "disputed", "amended", "finalized"}
TRAPS = {
    "near_miss_threshold", "near_miss_date", "inclusive_vs_strict", "different_source", "bucket_vs_cumulative",
    "nominee_vs_winner", "different_station", "spread_not_moneyline", "total_not_moneyline",
    "first_half_not_full_game", "different_measure", "party_vs_candidate",
}
POLYMARKET_CATEGORY_RATES = {"sports": "0.03", "crypto": "0.07", "politics": "0.04", "finance": "0.04",
                             "economics": "0.05", "weather": "0.05"}


# ---- helpers ---------------------------------------------------------------------------------


def wire_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def book_snapshot(scenario: SandboxScenario) -> dict[str, Any]:
    kalshi = {t: (sorted(b.yes.levels.items()), sorted(b.no.levels.items())) for t, b in scenario.kalshi_books.items()}
    poly = {t: (sorted(b.bids.levels.items()), sorted(b.asks.levels.items())) for t, b in scenario.polymarket_books.items()}
    return {"kalshi": kalshi, "polymarket": poly}


# ---- determinism and shape ---------------------------------------------------------------------


def test_satisfies_the_sandbox_contract(world: SandboxScenario) -> None:
    scenario: Scenario = world
    assert scenario.now == NOW and scenario.seed == 7


def test_same_seed_and_time_give_the_same_world() -> None:
    first, second = build_scenario(seed=11, now=NOW), build_scenario(seed=11, now=NOW)
    for name in ("kalshi_series", "kalshi_events", "kalshi_markets", "polymarket_events", "polymarket_markets",
                 "odds_sports", "odds_events", "truth_pairs", "hard_negatives", "planted_arbitrage"):
        assert wire_json(getattr(first, name)) == wire_json(getattr(second, name)), name
    assert book_snapshot(first) == book_snapshot(second)
    for _ in range(50):
        assert wire_json(first.step()) == wire_json(second.step())


def test_an_event_resolves_the_same_way_however_many_steps_came_before() -> None:
    # A run's settlements must repeat for its seed: the demo's streamer window is wall-clock time,
    # so the number of steps before a pair is resolved varies from run to run.
    early, late = build_scenario(seed=7, now=NOW), build_scenario(seed=7, now=NOW)
    for _ in range(25):
        late.step()
    open_tickers = {m["ticker"] for m in late.kalshi_markets if m["status"] == "active"}
    open_ids = {m["id"] for m in late.polymarket_markets if not m["closed"]}
    pairs = [p for p in early.truth_pairs if p.kalshi_ticker in open_tickers and p.polymarket_market_id in open_ids][:12]
    for scenario in (early, late):
        for pair in pairs:
            scenario.schedule_resolution(pair.kalshi_ticker, pair.polymarket_market_id, scenario.now)

    def outcomes(scenario: SandboxScenario) -> dict[tuple[str, str], tuple[str, str | None]]:
        return {(r.venue.value, r.market_id): (r.outcome, r.winning_token) for r in scenario.step().resolutions}

    resolved = outcomes(early)
    assert len(resolved) == 2 * len(pairs)
    assert {outcome for outcome, _ in resolved.values()} >= {"yes", "no"}
    assert outcomes(late) == resolved


def test_different_seeds_give_different_worlds() -> None:
    first, second = build_scenario(seed=1, now=NOW), build_scenario(seed=2, now=NOW)
    assert wire_json(first.polymarket_markets) != wire_json(second.polymarket_markets)
    assert {m["ticker"] for m in first.kalshi_markets} != {m["ticker"] for m in second.kalshi_markets}
    assert book_snapshot(first) != book_snapshot(second)


def test_now_defaults_to_the_current_minute() -> None:
    before = datetime.now(UTC).replace(second=0, microsecond=0)
    scenario = build_scenario(seed=3)
    assert scenario.now.second == 0 and scenario.now.microsecond == 0
    assert before <= scenario.now <= datetime.now(UTC)
    closes = [parse_time(m["close_time"], "close_time") for m in scenario.kalshi_markets if m["status"] == "active"]
    assert min(closes) > scenario.now


def test_size_one_has_a_few_hundred_markets_per_venue_in_every_category(world: SandboxScenario) -> None:
    assert 300 <= len(world.kalshi_markets) <= 420
    assert 300 <= len(world.polymarket_markets) <= 420
    pair_categories = {pair.category for pair in world.truth_pairs}
    assert {"sports", "economics", "weather", "crypto", "finance", "politics"} <= pair_categories
    assert len(world.truth_pairs) >= 100
    assert len(world.hard_negatives) >= 20
    assert 3 <= len(world.planted_arbitrage) <= 8
    assert sum(1 for m in world.kalshi_markets if m["ticker"].startswith("KXMVECROSSCATEGORY-")) >= 10
    assert sum(1 for m in world.kalshi_markets if m["status"] == "finalized") >= 4
    assert sum(1 for m in world.polymarket_markets if m["closed"]) >= 4
    empty_open = [t for t in open_listing_ids(world)[0] if not world.kalshi_books[t].yes.levels
                  and not world.kalshi_books[t].no.levels]
    assert empty_open, "some open Kalshi markets have nobody quoting"
    sports_odds = world.odds_events["basketball_nba"] + world.odds_events["americanfootball_nfl"]
    assert len(sports_odds) >= 10


def test_kalshi_markets_have_current_wire_fields(world: SandboxScenario) -> None:
    event_tickers = {e["event_ticker"] for e in world.kalshi_events}
    assert len(world.kalshi_markets) >= 300
    for market in world.kalshi_markets:
        where = market["ticker"]
        assert market["event_ticker"] in event_tickers, where
        assert market["market_type"] == "binary" and isinstance(market["title"], str)
        assert isinstance(market["yes_sub_title"], str) and isinstance(market["no_sub_title"], str)
        for key in ("yes_bid_dollars", "yes_ask_dollars", "no_bid_dollars", "no_ask_dollars", "last_price_dollars",
                    "previous_price_dollars", "liquidity_dollars", "notional_value_dollars"):
            assert DOLLARS.match(market[key]), (where, key, market[key])
        for key in ("yes_bid_size_fp", "yes_ask_size_fp", "volume_fp", "volume_24h_fp", "open_interest_fp"):
            assert COUNT_FP.match(market[key]), (where, key, market[key])
        for key in ("open_time", "close_time", "expected_expiration_time", "latest_expiration_time"):
            assert ISO_Z.match(market[key]), (where, key)
        assert market["status"] in KALSHI_STATUSES
        assert market["result"] in {"", "yes", "no"}
        assert market["strike_type"] in {"greater", "greater_or_equal", "less", "less_or_equal", "between",
                                         "functional", "custom", "structured"}
        for key in ("floor_strike", "cap_strike"):
            assert market[key] is None or isinstance(market[key], (int, float)) and not isinstance(market[key], bool)
        assert market["rules_primary"] and isinstance(market["rules_secondary"], str)
        assert market["price_level_structure"] in {"linear_cent", "tapered_deci_cent", "deci_cent"}
        assert all(DOLLARS.match(r["start"]) and DOLLARS.match(r["end"]) and DOLLARS.match(r["step"])
                   for r in market["price_ranges"])
        if market["ticker"].startswith("KXMVECROSSCATEGORY-"):
            assert market["mve_selected_legs"] and isinstance(market["custom_strike"], dict)
            assert "," in market["title"]


def test_kalshi_markets_of_a_game_follow_the_recorded_shape(world: SandboxScenario) -> None:
    game = next(e for e in world.kalshi_events if e["series_ticker"] == "KXNBAGAME")
    assert re.match(r"^KXNBAGAME-\d{2}[A-Z]{3}\d{2}[A-Z]{6}$", game["event_ticker"])
    assert " at " in game["title"] and game["mutually_exclusive"] is True
    assert game["product_metadata"] == {"competition": "Pro Basketball (M)", "competition_scope": "Game"}
    markets = [m for m in world.kalshi_markets if m["event_ticker"] == game["event_ticker"]]
    codes = game["event_ticker"][-6:]
    assert sorted(m["ticker"][-3:] for m in markets) == sorted([codes[:3], codes[3:]])


def test_kalshi_series_and_events_have_their_fields(world: SandboxScenario) -> None:
    for series in world.kalshi_series:
        assert series["fee_type"] in {"quadratic", "quadratic_with_maker_fees", "flat"}
        assert isinstance(series["fee_multiplier"], (int, float))
        assert all({"name", "url"} == set(source) for source in series["settlement_sources"])
    by_ticker = {s["ticker"]: s for s in world.kalshi_series}
    assert by_ticker["KXNBAGAME"]["fee_type"] == "quadratic_with_maker_fees"
    assert by_ticker["KXNFLGAME"]["fee_type"] == "quadratic_with_maker_fees"
    assert by_ticker["KXINXU"]["fee_multiplier"] == 0.5
    assert any(s["fee_type"] == "flat" for s in world.kalshi_series)
    assert len(world.kalshi_events) >= 50
    for event in world.kalshi_events:
        assert event["series_ticker"] in by_ticker
        for key in ("event_ticker", "title", "sub_title", "collateral_return_type", "category", "strike_period"):
            assert isinstance(event[key], str), key
        assert isinstance(event["mutually_exclusive"], bool) and isinstance(event["product_metadata"], dict)


def test_gamma_markets_have_current_wire_fields(world: SandboxScenario) -> None:
    for market in world.polymarket_markets:
        where = f"gamma market {market['id']}"
        assert market["id"].isdigit() and HEX_64.match(market["conditionId"]) and HEX_64.match(market["questionID"])
        outcomes = json_list(market["outcomes"], where)
        tokens = json_list(market["clobTokenIds"], where)
        prices = json_list(market["outcomePrices"], where)
        assert isinstance(market["outcomes"], str) and isinstance(market["clobTokenIds"], str)
        assert len(outcomes) == len(tokens) == len(prices) == 2
        assert all(token.isdigit() and 70 <= len(token) <= 78 for token in tokens)
        assert all(Decimal(p) >= 0 for p in prices)
        assert isinstance(market["liquidity"], str) and isinstance(market["volume"], str)
        assert isinstance(market["liquidityNum"], float) and isinstance(market["volumeNum"], float)
        assert isinstance(market["orderPriceMinTickSize"], float) and market["orderPriceMinTickSize"] in (0.01, 0.001)
        assert market["orderMinSize"] == 5
        for key in ("active", "closed", "archived", "acceptingOrders", "enableOrderBook", "negRisk", "feesEnabled"):
            assert isinstance(market[key], bool), (where, key)
        parse_time(market["endDate"], where)
        parse_time(market["startDate"], where)
        assert market["description"] and market["slug"]
        if market["feesEnabled"]:
            schedule = market["feeSchedule"]
            assert set(schedule) == {"exponent", "rate", "takerOnly", "rebateRate"}
        if "sportsMarketType" in market:
            assert re.match(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+00$", market["gameStartTime"])
            parse_time(market["gameStartTime"], where)
    kinds = {m.get("sportsMarketType") for m in world.polymarket_markets}
    assert {"moneyline", "spreads", "totals"} <= kinds
    charged = [m for m in world.polymarket_markets if m["feesEnabled"]]
    assert charged and len(charged) < len(world.polymarket_markets)


def test_gamma_fee_rates_follow_the_category(world: SandboxScenario) -> None:
    checked = 0
    for market in world.polymarket_markets:
        if not market["feesEnabled"]:
            continue
        tags = {tag["slug"] for event in world.polymarket_events if event["id"] == market["events"][0]["id"]
                for tag in event["tags"]}
        category = {"sports": "sports", "crypto": "crypto", "politics": "politics", "finance": "finance",
                    "economy": "economics", "weather": "weather"}
        expected = {POLYMARKET_CATEGORY_RATES[category[t]] for t in tags if t in category}
        if expected:
            assert repr(market["feeSchedule"]["rate"]) in expected, market["question"]
            checked += 1
    # Nearly half the catalog charges fees, and all but a few of those carry a category tag.
    assert checked >= 150


def test_gamma_events_nest_the_same_market_objects(world: SandboxScenario) -> None:
    nested = [id(m) for event in world.polymarket_events for m in event["markets"]]
    assert sorted(nested) == sorted(id(m) for m in world.polymarket_markets)
    for event in world.polymarket_events:
        assert isinstance(event["liquidity"], float) and isinstance(event["volume"], float)
        assert isinstance(event["tags"], list) and event["slug"] and event["markets"]
    game = next(e for e in world.polymarket_events if e["slug"].startswith("nba-") and len(e["markets"]) > 1)
    assert re.match(r"^nba-[a-z]{3}-[a-z]{3}-\d{4}-\d{2}-\d{2}$", game["slug"])
    assert re.match(r"^[\w ]+ vs\. [\w ]+$", game["title"])


def test_odds_api_quotes_the_same_fair_with_a_realistic_vig(world: SandboxScenario) -> None:
    assert {"basketball_nba", "americanfootball_nfl"} <= {s["key"] for s in world.odds_sports if s["active"]}
    for sport in world.odds_sports:
        assert set(sport) == {"key", "group", "title", "description", "active", "has_outrights"}
    full_names = {t.full_name for t in NBA_TEAMS + NFL_TEAMS}
    events_checked = 0
    for events in world.odds_events.values():
        for event in events:
            events_checked += 1
            assert {event["home_team"], event["away_team"]} <= full_names
            assert ISO_Z.match(event["commence_time"]) and len(event["id"]) == 32
            assert len(event["bookmakers"]) >= 4
            for bookmaker in event["bookmakers"]:
                market = bookmaker["markets"][0]
                assert market["key"] == "h2h" and ISO_Z.match(bookmaker["last_update"])
                prices = {o["name"]: o["price"] for o in market["outcomes"]}
                assert set(prices) == {event["home_team"], event["away_team"]}
                assert all(isinstance(p, Decimal) and p > 1 for p in prices.values())
                overround = sum(1 / p for p in prices.values())
                assert Decimal("1.02") < overround < Decimal("1.07")
    assert events_checked >= 10


def _consensus(event: dict, team: str) -> Decimal:
    implied = []
    for bookmaker in event["bookmakers"]:
        prices = {o["name"]: o["price"] for o in bookmaker["markets"][0]["outcomes"]}
        implied.append((1 / prices[team]) / sum(1 / p for p in prices.values()))
    return sum(implied) / len(implied)


def test_sportsbooks_agree_with_the_prediction_markets_fair(world: SandboxScenario) -> None:
    planted = {value.odds_event_id for value in world.planted_value}
    checked = 0
    for pair in world.truth_pairs:
        market = world.polymarket_market(pair.polymarket_market_id)
        if market.get("sportsMarketType") != "moneyline" or market["closed"]:
            continue
        kalshi = world.kalshi_market(pair.kalshi_ticker)
        event = next((e for events in world.odds_events.values() for e in events
                      if e["commence_time"] == market["endDate"] and kalshi["yes_sub_title"] in
                      (e["home_team"] + " " + e["away_team"])), None)
        if event is None or event["id"] in planted:
            continue
        team = next(t for t in NBA_TEAMS + NFL_TEAMS if t.city == kalshi["yes_sub_title"]
                    and t.full_name in (event["home_team"], event["away_team"]))
        assert abs(_consensus(event, team.full_name) - world.kalshi_fair(pair.kalshi_ticker)) < Decimal("0.02")
        checked += 1
    assert checked >= 5


def test_one_game_is_priced_by_the_sportsbooks_well_above_kalshi(world: SandboxScenario) -> None:
    [value] = world.planted_value
    [event] = [e for events in world.odds_events.values() for e in events if e["id"] == value.odds_event_id]
    assert event["away_team"] == value.away_team and value.shift == Decimal("0.15")
    # Kalshi's away market quotes the fair value; every book leans the shift towards the away team.
    assert world.kalshi_fair(value.away_ticker) == value.fair
    assert abs(world.kalshi_fair(value.home_ticker) - (1 - value.fair)) < Decimal("0.002")
    assert abs(_consensus(event, value.away_team) - (value.fair + value.shift)) < Decimal("0.02")


# ---- ground truth -----------------------------------------------------------------------------


def test_truth_pairs_reference_existing_markets_and_tokens(world: SandboxScenario) -> None:
    tickers = {m["ticker"] for m in world.kalshi_markets}
    assert len(world.truth_pairs) >= 100
    for pair in world.truth_pairs:
        assert pair.kalshi_ticker in tickers
        market = world.polymarket_market(pair.polymarket_market_id)
        tokens = json_list(market["clobTokenIds"], "clobTokenIds")
        assert sorted(tokens) == sorted([pair.polymarket_yes_token, pair.polymarket_no_token])
        assert pair.phrasing in {"same", "reworded", "complement", "swapped_teams"}
    keys = [(p.kalshi_ticker, p.polymarket_market_id) for p in world.truth_pairs]
    assert len(keys) == len(set(keys))


def test_complement_phrasing_maps_kalshi_yes_to_the_polymarket_no_token(world: SandboxScenario) -> None:
    less_than = [p for p in world.truth_pairs if "less than" in world.polymarket_market(p.polymarket_market_id)["question"]]
    assert less_than
    for pair in less_than:
        assert pair.phrasing == "complement"
        market = world.polymarket_market(pair.polymarket_market_id)
        outcomes = json_list(market["outcomes"], "outcomes")
        tokens = json_list(market["clobTokenIds"], "clobTokenIds")
        assert outcomes[tokens.index(pair.polymarket_yes_token)] == "No"
        assert world.kalshi_market(pair.kalshi_ticker)["strike_type"] == "greater"


def test_team_pairs_map_kalshi_yes_to_the_named_team_even_when_swapped(world: SandboxScenario) -> None:
    by_city = {(t.city, t.nickname) for t in NBA_TEAMS + NFL_TEAMS}
    event_titles = {e["event_ticker"]: e["title"] for e in world.kalshi_events}
    team_pairs = [p for p in world.truth_pairs if world.polymarket_market(p.polymarket_market_id).get("sportsMarketType") == "moneyline"]
    assert {"same", "swapped_teams"} <= {p.phrasing for p in team_pairs}
    for pair in team_pairs:
        market = world.polymarket_market(pair.polymarket_market_id)
        outcomes = json_list(market["outcomes"], "outcomes")
        tokens = json_list(market["clobTokenIds"], "clobTokenIds")
        nickname = outcomes[tokens.index(pair.polymarket_yes_token)]
        assert (world.kalshi_market(pair.kalshi_ticker)["yes_sub_title"], nickname) in by_city
        away_city = event_titles[world.kalshi_market(pair.kalshi_ticker)["event_ticker"]].split(" at ")[0]
        assert (pair.phrasing == "same") == ((away_city, outcomes[0]) in by_city)


def test_hard_negatives_are_look_alikes_that_are_not_pairs(world: SandboxScenario) -> None:
    tickers = {m["ticker"] for m in world.kalshi_markets}
    pairs = {(p.kalshi_ticker, p.polymarket_market_id) for p in world.truth_pairs}
    for negative in world.hard_negatives:
        assert negative.kalshi_ticker in tickers
        world.polymarket_market(negative.polymarket_market_id)
        assert (negative.kalshi_ticker, negative.polymarket_market_id) not in pairs
        assert negative.trap in TRAPS
    traps = {n.trap for n in world.hard_negatives}
    assert {"near_miss_threshold", "near_miss_date", "inclusive_vs_strict", "bucket_vs_cumulative",
            "nominee_vs_winner", "different_station", "spread_not_moneyline"} <= traps


def test_inclusive_and_strict_cpi_wordings_are_a_hard_negative(world: SandboxScenario) -> None:
    negative = next(n for n in world.hard_negatives if n.trap == "inclusive_vs_strict")
    assert "above 3.0%" in world.kalshi_market(negative.kalshi_ticker)["title"]
    assert "at least 3.0%" in world.polymarket_market(negative.polymarket_market_id)["question"]
