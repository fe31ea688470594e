from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.sportsbook.devig import DRAW
from arb_pipeline.domain.sportsbook.games import match_game, names_match, parse_game_ticker
from arb_pipeline.sandbox.scenario import build_scenario
from arb_pipeline.sandbox.scenario.names import NBA_TEAMS, NFL_TEAMS
from arb_pipeline.venues.kalshi.parsing import parse_market
from arb_pipeline.venues.odds_api.parsing import parse_odds
from arb_pipeline_tests.domain.matching.labeled_set import SANDBOX_NOW
from arb_pipeline_tests.domain.sportsbook.builders import game_market, odds_event

NBA_EVENT = "KXNBAGAME-26JAN09MILLAL"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# 10:30 PM Eastern on January 9 is January 10 in UTC.
BUCKS_LAKERS = odds_event("ev-mil-lal", "basketball_nba", "Milwaukee Bucks", "Los Angeles Lakers",
                          at("2026-01-10T03:30:00"))
OTHER_GAME = odds_event("ev-bos-nyk", "basketball_nba", "Boston Celtics", "New York Knicks", at("2026-01-10T00:30:00"))
REMATCH = odds_event("ev-rematch", "basketball_nba", "Milwaukee Bucks", "Los Angeles Lakers",
                     at("2026-01-12T03:30:00"))
NBA_EVENTS = [OTHER_GAME, REMATCH, BUCKS_LAKERS]


def test_game_tickers_are_read_by_their_event_ticker():
    game = parse_game_ticker("KXNBAGAME-26JAN09MILLAL-MIL", NBA_EVENT)
    assert (game.league.name, game.day, game.matchup, game.outcome_code) == ("NBA", date(2026, 1, 9), "MILLAL", "MIL")
    # College codes can hold dashes: only the event ticker tells where the outcome starts.
    college = parse_game_ticker("KXNCAAFGAME-25DEC27M-OHFRES-M-OH", "KXNCAAFGAME-25DEC27M-OHFRES")
    assert (college.matchup, college.outcome_code, college.league.sport_keys) == (
        "M-OHFRES", "M-OH", ("americanfootball_ncaaf",))
    soccer = parse_game_ticker("KXEPLGAME-26MAR15ARSEVE-TIE")
    assert (soccer.league.three_way, soccer.outcome_code) == (True, "TIE")
    assert parse_game_ticker("KXFED-26JAN-T4.00") is None
    assert parse_game_ticker("KXNBAGAME-BADCODE-MIL") is None


@pytest.mark.parametrize(("code", "outcome"), [("MIL", "Milwaukee Bucks"), ("LAL", "Los Angeles Lakers")])
def test_nba_market_maps_to_its_event_and_team(code, outcome):
    market = game_market(f"{NBA_EVENT}-{code}", NBA_EVENT, "Milwaukee at Los Angeles L", "Milwaukee")
    match = match_game(market, NBA_EVENTS)
    assert (match.odds_event_id, match.outcome, match.league.name) == ("ev-mil-lal", outcome, "NBA")


def test_a_late_pacific_game_keeps_its_local_day():
    # 10:30 PM Pacific on January 9 is 1:30 AM Eastern on January 10; Kalshi dates it January 9.
    late = odds_event("ev-late", "basketball_nba", "Golden State Warriors", "Portland Trail Blazers",
                      at("2026-01-10T06:30:00"))
    market = game_market("KXNBAGAME-26JAN09GSWPOR-POR", "KXNBAGAME-26JAN09GSWPOR", "Golden State at Portland",
                         "Portland")
    assert match_game(market, [late]).outcome == "Portland Trail Blazers"


def test_aliases_and_accents_name_the_same_team():
    rams = odds_event("ev-nfl", "americanfootball_nfl", "Los Angeles Rams", "Carolina Panthers",
                      at("2026-01-10T21:30:00"))
    market = game_market("KXNFLGAME-26JAN10LACAR-LA", "KXNFLGAME-26JAN10LACAR", "Los Angeles R at Carolina",
                         "Los Angeles R")
    assert match_game(market, [rams]).outcome == "Los Angeles Rams"
    habs = odds_event("ev-nhl", "icehockey_nhl", "Montréal Canadiens", "Boston Bruins", at("2026-01-11T00:00:00"))
    market = game_market("KXNHLGAME-26JAN10MTLBOS-MTL", "KXNHLGAME-26JAN10MTLBOS", "Montreal at Boston", "Montreal")
    assert match_game(market, [habs]).outcome == "Montréal Canadiens"


def test_college_teams_are_matched_by_name():
    redhawks = odds_event("ev-cfb", "americanfootball_ncaaf", "Miami (OH) RedHawks", "Fresno State Bulldogs",
                          at("2025-12-27T20:00:00"))
    hurricanes = odds_event("ev-cfb2", "americanfootball_ncaaf", "Miami Hurricanes", "Ohio State Buckeyes",
                            at("2025-12-27T20:00:00"))
    market = game_market("KXNCAAFGAME-25DEC27M-OHFRES-M-OH", "KXNCAAFGAME-25DEC27M-OHFRES",
                         "Miami (OH) at Fresno St.", "Miami (OH)")
    match = match_game(market, [hurricanes, redhawks])
    assert (match.odds_event_id, match.outcome) == ("ev-cfb", "Miami (OH) RedHawks")


@pytest.mark.parametrize(("code", "yes_name", "outcome"),
                         [("ARS", "Arsenal", "Arsenal"), ("EVE", "Everton", "Everton FC"), ("TIE", "Tie", DRAW)])
def test_soccer_has_a_third_market_on_the_draw(code, yes_name, outcome):
    match_day = odds_event("ev-epl", "soccer_epl", "Everton FC", "Arsenal", at("2026-03-15T14:00:00"))
    market = game_market(f"KXEPLGAME-26MAR15ARSEVE-{code}", "KXEPLGAME-26MAR15ARSEVE", "Arsenal vs Everton", yes_name)
    match = match_game(market, [match_day])
    assert (match.outcome, match.league.three_way) == (outcome, True)


def test_unmappable_markets_say_why():
    market = game_market(f"{NBA_EVENT}-MIL", NBA_EVENT, "Milwaukee at Los Angeles L", "Milwaukee")
    assert match_game(market, [OTHER_GAME]) == (
        "kalshi NBA game KXNBAGAME-26JAN09MILLAL-MIL: no odds event in basketball_nba on 2026-01-09 with its teams")
    doubleheader = replace(BUCKS_LAKERS, event_id="ev-game-2")
    assert match_game(market, [BUCKS_LAKERS, doubleheader]) == (
        "kalshi NBA game KXNBAGAME-26JAN09MILLAL-MIL: 2 odds events on 2026-01-09 with the same teams "
        "(ev-mil-lal, ev-game-2)")
    fed = replace(market, market_id="KXFED-26JAN-T4.00", event_id="KXFED-26JAN")
    assert match_game(fed, NBA_EVENTS) == (
        "kalshi market KXFED-26JAN-T4.00 is not a game market of a league the odds feed lists")
    unreadable = game_market("KXEPLGAME-26MAR15ARSEVE-ARS", "KXEPLGAME-26MAR15ARSEVE", "Arsenal", "Arsenal")
    epl = odds_event("ev-epl", "soccer_epl", "Everton", "Arsenal", at("2026-03-15T14:00:00"))
    assert "could not be read" in match_game(unreadable, [epl])


def test_names_match_by_words_not_by_letters():
    assert names_match("Fresno St.", "Fresno State Bulldogs")
    assert names_match("St. John's", "Saint John's Red Storm")
    assert names_match("Leverkusen", "Bayer Leverkusen")
    assert names_match("Man Utd", "Manchester United")
    assert names_match("Atlético Madrid", "Atletico Madrid")
    assert names_match("Brighton & Hove Albion", "Brighton and Hove Albion")
    assert not names_match("Miami (OH)", "Miami Hurricanes")
    assert not names_match("Arsenal", "Everton")
    assert not names_match("LA", "Los Angeles Lakers")


def test_every_sandbox_game_maps_to_its_own_odds_event():
    """The sandbox lists NBA and NFL games on Kalshi and, for most of them, on The Odds API, with
    each venue's own team names: every game that has odds maps to them, on the right team."""
    scenario = build_scenario(seed=7, size=1, now=SANDBOX_NOW)
    kalshi_events = {e["event_ticker"]: e for e in scenario.kalshi_events}
    markets = [parse_market(m, event=kalshi_events[m["event_ticker"]]) for m in scenario.kalshi_markets
               if m["ticker"].startswith(("KXNBAGAME-", "KXNFLGAME-"))]
    events = [event for body in scenario.odds_events.values() for event in parse_odds(body)]
    teams = {("NBA", t.code): t.full_name for t in NBA_TEAMS} | {("NFL", t.code): t.full_name for t in NFL_TEAMS}
    matched = 0
    for market in markets:
        league = "NBA" if market.market_id.startswith("KXNBA") else "NFL"
        game = parse_game_ticker(market.market_id, market.event_id)
        away, home = next((a, h) for (lg, a), an in teams.items() for (lg2, h), hn in teams.items()
                          if lg == lg2 == league and a + h == game.matchup)
        listed = [e for e in events if {e.away_team, e.home_team} == {teams[league, away], teams[league, home]}
                  and game.day in dates.us_local_dates(e.commence_time)]
        found = match_game(market, events)
        if listed:
            assert not isinstance(found, str), found
            assert (found.odds_event_id, found.outcome) == (listed[0].event_id, teams[league, game.outcome_code])
            matched += 1
        else:
            assert isinstance(found, str) and "no odds event" in found
    assert len(markets) == 36 and matched == 28
