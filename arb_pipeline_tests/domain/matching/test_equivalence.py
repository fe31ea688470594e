"""Pairwise settlement comparison and token mapping: what equals, what is a complement, and what
only looks alike."""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence import UNSTATED, Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named

BLS = "as first published by the Bureau of Labor Statistics. The BLS publishes it to one decimal place."
BRTI = "per the CF Benchmarks Bitcoin Real-Time Index (BRTI). Prices are taken to the cent."


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def rejection(v: Verdict) -> str:
    assert v.rejected, v.reasons
    return next(r for r in v.reasons if r.startswith("REJECT:"))


def cpi_kalshi(level: str) -> Market:
    return kalshi(f"KXCPIYOY-25DEC-T{level}", title=f"Will CPI inflation be above {level}% in Dec 2025?",
                  yes_sub_title=f"Above {level}%", strike_type="greater", floor=float(level), close_time="2026-01-13T13:25:00Z",
                  rules=f"If the year-over-year CPI-U change for December 2025 is above {level}%, {BLS}")


def cpi_polymarket(market_id: str, phrase: str, *, outcomes: tuple[str, str] = ("Yes", "No"), source: str = BLS) -> Market:
    return gamma(market_id, question=f"Will annual inflation be {phrase} in December 2025?", outcomes=outcomes,
                 description=f'This market will resolve to "Yes" if the annual US CPI-U change for December 2025 is {phrase}, {source}',
                 end="2026-01-13T13:30:00Z")


# --- thresholds, grids and polarity ---------------------------------------------------------------


def test_same_strict_threshold_maps_the_yes_token() -> None:
    p = cpi_polymarket("1", "above 3.0%")
    v = verdict(cpi_kalshi("3.0"), p)
    assert v.mapped and v.certainty == 1.0
    assert (v.yes_token, v.no_token) == (token_named(p, "Yes"), token_named(p, "No"))
    assert "threshold > 3.0% strict on both; Polymarket 'Yes' pays on Kalshi YES" in v.reasons
    assert "same month 2025-12" in v.reasons and "same source: BLS CPI" in v.reasons


def test_strict_vs_inclusive_on_the_same_number_is_rejected() -> None:
    v = verdict(cpi_kalshi("3.0"), cpi_polymarket("2", "at least 3.0%"))
    assert rejection(v) == ("REJECT: Kalshi strict > 3.0% vs Polymarket inclusive ≥ 3.0% "
                            "(a value of exactly 3.0% settles them differently)")
    assert v.yes_token is None


def test_the_publication_grid_makes_inclusive_and_strict_equal() -> None:
    # Published to one decimal: "at least 3.1%" is "above 3.0%".
    v = verdict(cpi_kalshi("3.0"), cpi_polymarket("3", "at least 3.1%"))
    assert v.mapped
    assert any("Kalshi > 3.0% = Polymarket ≥ 3.1% on a grid of one decimal" in r for r in v.reasons)


def test_whole_degrees_make_85_or_above_equal_above_84() -> None:
    k = kalshi("KXHIGHMIA-26JAN10-T84", title="Will the high temp in Miami be 85° or above on Jan 10, 2026?",
               yes_sub_title="85° or above", strike_type="greater", floor=84, category="Climate and Weather",
               rules="If the highest temperature recorded at Miami International Airport for Jan 10, 2026 is above 84°")
    p = gamma("4", question="Will the highest temperature in Miami be 85°F or higher on January 10?", group="85°F or higher",
              description=("Highest temperature recorded at the Miami Intl Airport Station (KMIA) on 10 Jan '26, "
                           "in whole degrees Fahrenheit."), end="2026-01-10T12:00:00Z")
    v = verdict(k, p)
    assert v.mapped and v.yes_token == token_named(p, "Yes")
    assert "same station Miami International Airport (KMIA)" in v.reasons


def test_complement_phrasing_maps_the_no_token() -> None:
    k = kalshi("KXBTCD-26JAN0917-T93999.99", title="Will the Bitcoin price be $94,000 or above on Jan 9, 2026 at 5pm EST?",
               yes_sub_title="$94,000 or above", strike_type="greater", floor=93999.99, category="Crypto",
               rules=f"If the index is above $93,999.99 at 5:00 PM EST on Jan 9, 2026, {BRTI}")
    p = gamma("5", question="Will the price of Bitcoin be less than $94,000 on January 9 at 5:00 PM ET?",
              description=f'This market will resolve to "Yes" if the price is less than $94,000.00 {BRTI}')
    v = verdict(k, p)
    assert v.mapped
    assert (v.yes_token, v.no_token) == (token_named(p, "No"), token_named(p, "Yes"))
    assert any(r.startswith("complement: Kalshi ≥") or r.startswith("complement: Kalshi >") for r in v.reasons)


def test_complement_works_whatever_the_outcome_order() -> None:
    p = cpi_polymarket("6", "below 3.0%", outcomes=("No", "Yes"))
    v = verdict(cpi_kalshi("2.9"), p)
    assert v.mapped and v.yes_token == token_named(p, "No")


def test_less_than_is_not_the_complement_of_above_the_same_number() -> None:
    v = verdict(cpi_kalshi("3.0"), cpi_polymarket("7", "below 3.0%"))
    assert "not complements at the boundary" in rejection(v)


def test_bucket_vs_cumulative_is_rejected() -> None:
    k = kalshi("KXINX-26JAN09H1600-B6912", title="Will the S&P 500 close between 6,900 and 6,924.99 on Jan 9, 2026?",
               yes_sub_title="6,900 to 6,924.99", strike_type="between", floor=6900, cap=6924.99, category="Financials",
               close_time="2026-01-09T21:00:00Z")
    p = gamma("8", question="Will the S&P 500 (SPX) close above 6,900 on January 9?", end="2026-01-09T21:00:00Z")
    assert rejection(verdict(k, p)).startswith("REJECT: bucket vs cumulative: Kalshi pays on a range")


def test_near_miss_threshold_is_rejected() -> None:
    assert "threshold differs" in rejection(verdict(cpi_kalshi("3.2"), cpi_polymarket("9", "above 3.0%")))


# --- measure, place, source, date and time --------------------------------------------------------


def test_core_and_headline_cpi_are_different_measures() -> None:
    p = gamma("10", question="Will annual core inflation be above 3.0% in December 2025?", end="2026-01-13T13:30:00Z")
    assert rejection(verdict(cpi_kalshi("3.0"), p)) == "REJECT: different measure: Kalshi CPI inflation vs Polymarket core CPI"


def test_a_different_publisher_of_inflation_is_rejected() -> None:
    p = gamma("11", question="Will Truflation's US inflation index be above 3.0% for December 2025?",
              description="Truflation US Inflation Index reading as shown on truflation.com.", end="2026-01-01T05:00:00Z")
    assert rejection(verdict(cpi_kalshi("3.0"), p)) == "REJECT: different source: Kalshi BLS CPI vs Polymarket Truflation"


def test_different_station_same_city_is_rejected() -> None:
    k = kalshi("KXHIGHNY-26JAN10-B38.5", title="Will the high temp in NYC be 38° to 39° on Jan 10, 2026?",
               yes_sub_title="38° to 39°", strike_type="between", floor=38, cap=39, category="Climate and Weather",
               rules="If the highest temperature recorded at Central Park, New York for Jan 10, 2026 is between 38° and 39°")
    p = gamma("12", question="Will the highest temperature in NYC be between 38-39°F on January 10?", group="38-39°F",
              description="Recorded at the LaGuardia Airport Station: https://www.wunderground.com/history/daily/us/ny/new-york-city/KLGA",
              end="2026-01-10T12:00:00Z")
    assert rejection(verdict(k, p)) == "REJECT: different station: Kalshi Central Park (KNYC) vs Polymarket LaGuardia (KLGA)"


def test_a_station_neither_names_keeps_the_pair_out_of_approval() -> None:
    k = kalshi("KXHIGHMIA-26JAN10-B76.5", title="Will the high temp in Miami be 76° to 77° on Jan 10, 2026?",
               yes_sub_title="76° to 77°", strike_type="between", floor=76, cap=77, category="Climate and Weather")
    p = gamma("13", question="Will the highest temperature in Miami be between 76-77°F on January 10?", group="76-77°F",
              end="2026-01-10T12:00:00Z")
    v = verdict(k, p)
    assert v.mapped and v.certainty <= UNSTATED
    assert "station not named by Kalshi and Polymarket" in v.reasons


def test_different_day_is_rejected() -> None:
    p = gamma("14", question="Will annual inflation be above 3.0% in November 2025?", end="2025-12-18T13:30:00Z")
    assert rejection(verdict(cpi_kalshi("3.0"), p)) == "REJECT: different month: Kalshi 2025-12 vs Polymarket 2025-11"


def test_different_time_of_day_is_rejected() -> None:
    k = kalshi("KXBTCD-26JAN0917-T91999.99", title="Will the Bitcoin price be $92,000 or above on Jan 9, 2026 at 5pm EST?",
               yes_sub_title="$92,000 or above", strike_type="greater", floor=91999.99, category="Crypto", rules=BRTI)
    p = gamma("15", question="Will the price of Bitcoin be at or above $92,000 on January 9 at 12:00 PM ET?",
              description=BRTI, end="2026-01-09T17:00:00Z")
    assert rejection(verdict(k, p)) == "REJECT: different time: Kalshi 17:00 ET vs Polymarket 12:00 ET"


def test_by_a_date_is_not_on_a_date() -> None:
    k = kalshi("KXBTCD-26JAN3117-T99999.99", title="Will the Bitcoin price be $100,000 or above on Jan 31, 2026 at 5pm EST?",
               yes_sub_title="$100,000 or above", strike_type="greater", floor=99999.99, category="Crypto",
               close_time="2026-01-31T22:00:00Z")
    p = gamma("16", question="Will Bitcoin be above $100,000 by January 31?", end="2026-02-01T05:00:00Z")
    assert "REJECT: Polymarket pays if it happens by the date; Kalshi reads the date itself" in verdict(k, p).reasons


# --- games -------------------------------------------------------------------------------------


def nba_kalshi(team: str, city: str, detail: str = "MILLAL", day: str = "09") -> Market:
    return kalshi(f"KXNBAGAME-26JAN{day}{detail}-{team}", title="Milwaukee at Los Angeles L Winner?", yes_sub_title=city,
                  event_title="Milwaukee at Los Angeles L", strike_type="structured", category="Sports",
                  close_time="2026-01-24T03:30:00Z")


def moneyline(market_id: str, outcomes: tuple[str, str], slug: str = "nba-mil-lal-2026-01-09",
              kind: str = "moneyline", start: str = "2026-01-10 03:30:00+00") -> Market:
    title = f"{outcomes[0]} vs. {outcomes[1]}"
    return gamma(market_id, question=title, outcomes=outcomes, slug=slug, event_title=title, sports_market_type=kind,
                 game_start_time=start, series_slug="nba-2026")


def test_each_kalshi_team_market_gets_its_own_team_token() -> None:
    p = moneyline("20", ("Bucks", "Lakers"))
    bucks, lakers = verdict(nba_kalshi("MIL", "Milwaukee"), p), verdict(nba_kalshi("LAL", "Los Angeles L"), p)
    assert (bucks.yes_token, bucks.no_token) == (token_named(p, "Bucks"), token_named(p, "Lakers"))
    assert (lakers.yes_token, lakers.no_token) == (token_named(p, "Lakers"), token_named(p, "Bucks"))
    assert bucks.reasons[:2] == ("same game MIL@LAL 2026-01-09", "Kalshi YES = MIL wins = Polymarket 'Bucks'")


def test_swapped_team_order_is_not_polarity() -> None:
    p = moneyline("21", ("Lakers", "Bucks"), slug="nba-lal-mil-2026-01-09")
    assert verdict(nba_kalshi("MIL", "Milwaukee"), p).yes_token == token_named(p, "Bucks")


def test_first_half_moneyline_does_not_match_the_game() -> None:
    v = verdict(nba_kalshi("MIL", "Milwaukee"), moneyline("22", ("Bucks", "Lakers"), kind="first_half_moneyline"))
    assert rejection(v) == "REJECT: Kalshi full game vs Polymarket first half winner"


def test_rematch_on_another_date_is_rejected() -> None:
    v = verdict(nba_kalshi("MIL", "Milwaukee"), moneyline("23", ("Bucks", "Lakers"), slug="nba-mil-lal-2026-01-19",
                                                          start="2026-01-20 03:30:00+00"))
    assert rejection(v) == "REJECT: different game date: Kalshi 2026-01-09 vs Polymarket 2026-01-19"


def test_a_spread_or_total_never_matches_a_moneyline() -> None:
    spread = gamma("24", question="Spread: Lakers (-3.5)", outcomes=("Lakers", "Bucks"), slug="nba-mil-lal-2026-01-09-spread",
                   event_title="Bucks vs. Lakers", sports_market_type="spreads", line=-3.5)
    assert "REJECT: Kalshi game winner market vs Polymarket" in rejection(verdict(nba_kalshi("LAL", "Los Angeles L"), spread))


def test_kalshi_totals_and_spreads_pair_with_polymarket_lines_of_the_same_game() -> None:
    total = kalshi("KXNBATOTAL-26JAN09MILLAL-226", title="Milwaukee at Los Angeles L: Total Points",
                   yes_sub_title="Over 226.5 points", strike_type="greater", floor=226.5, category="Sports")
    over_under = gamma("27", question="Bucks vs. Lakers: O/U 226.5", outcomes=("Over", "Under"),
                       slug="nba-mil-lal-2026-01-09-total-226pt5", event_title="Bucks vs. Lakers",
                       sports_market_type="totals", line=226.5)
    other_line = gamma("28", question="Bucks vs. Lakers: O/U 229.5", outcomes=("Over", "Under"),
                       slug="nba-mil-lal-2026-01-09-total-229pt5", event_title="Bucks vs. Lakers",
                       sports_market_type="totals", line=229.5)
    v = verdict(total, over_under)
    assert v.yes_token == token_named(over_under, "Over")
    assert v.reasons[:3] == ("same measure: game total points", "same game MIL@LAL", "same date: on 2026-01-09")
    assert "threshold differs" in rejection(verdict(total, other_line))
    spread = kalshi("KXNBASPREAD-26JAN09MILLAL-LAL3", title="Milwaukee at Los Angeles L: Spread",
                    yes_sub_title="Los Angeles L wins by over 3.5 points", strike_type="greater", floor=3.5, category="Sports")
    polymarket_spread = gamma("29", question="Spread: Lakers (-3.5)", outcomes=("Lakers", "Bucks"),
                              slug="nba-mil-lal-2026-01-09-spread-home-3pt5", event_title="Bucks vs. Lakers",
                              sports_market_type="spreads", line=-3.5)
    assert verdict(spread, polymarket_spread).yes_token == token_named(polymarket_spread, "Lakers")
    # A line never pairs with the game's moneyline, in either direction.
    assert verdict(total, moneyline("30", ("Bucks", "Lakers"))).rejected


def test_a_late_game_dated_from_utc_still_matches_its_local_day() -> None:
    # No slug date: the day comes from gameStartTime, 06:00 UTC = 10:00 PM Pacific the day before.
    p = gamma("25", question="Bucks vs. Lakers", outcomes=("Bucks", "Lakers"), slug="bucks-lakers", series_slug="nba-2026",
              event_title="Bucks vs. Lakers", sports_market_type="moneyline", game_start_time="2026-01-10 06:00:00+00")
    v = verdict(nba_kalshi("MIL", "Milwaukee"), p)
    assert v.mapped
    assert "Polymarket start 2026-01-10 06:00 UTC falls on 2026-01-09 in US local time" in v.reasons


def test_nfl_games_can_tie_and_say_so() -> None:
    k = kalshi("KXNFLGAME-26JAN10GBCHI-GB", title="Green Bay at Chicago Winner?", yes_sub_title="Green Bay",
               event_title="Green Bay at Chicago", strike_type="structured", category="Sports", close_time="2026-01-24T03:00:00Z")
    p = gamma("26", question="Packers vs. Bears", outcomes=("Packers", "Bears"), slug="nfl-gb-chi-2026-01-10",
              sports_market_type="moneyline", event_title="Packers vs. Bears")
    v = verdict(k, p)
    assert v.mapped and v.yes_token == token_named(p, "Packers")
    assert any("NFL games can end tied" in r for r in v.reasons)
    assert 0.9 < v.certainty < 1.0


# --- races, titles and windows ------------------------------------------------------------------


def test_nominee_is_not_winner() -> None:
    k = kalshi("KXPRESNOMD-28-AMOR", title="Will Alicia Moreno be the Democratic presidential nominee in 2028?",
               yes_sub_title="Alicia Moreno", custom_strike={"Person": "Alicia Moreno"}, category="Elections")
    winner = gamma("30", question="Will Alicia Moreno win the 2028 US Presidential Election?", group="Alicia Moreno")
    nomination = gamma("31", question="Will Alicia Moreno win the 2028 Democratic presidential nomination?", group="Alicia Moreno")
    assert rejection(verdict(k, winner)) == "REJECT: nominee vs winner: Kalshi nomination vs Polymarket general"
    assert verdict(k, nomination).yes_token == token_named(nomination, "Yes")


def test_party_vs_candidate_and_other_party() -> None:
    k = kalshi("KXPRESPARTY-2028-D", title="Which party will win the 2028 presidential election?", yes_sub_title="Democratic party",
               custom_strike={"Party": "Democratic"}, category="Elections")
    candidate = gamma("32", question="Will Alicia Moreno win the 2028 US Presidential Election?", group="Alicia Moreno")
    republicans = gamma("33", question="Will the Republican Party win the 2028 US presidential election?", group="Republican")
    assert rejection(verdict(k, candidate)).startswith("REJECT: party vs candidate")
    # A third candidate can win: "Republicans win" is not the complement of "Democrats win".
    assert "no Polymarket outcome" in rejection(verdict(k, republicans))


def test_season_title_maps_the_team() -> None:
    k = kalshi("KXNBA-26-BOS", title="2026 Pro Basketball Finals champion?", yes_sub_title="Boston",
               strike_type="structured", category="Sports")
    p = gamma("34", question="Will the Boston Celtics win the 2026 NBA Finals?", group="Boston Celtics")
    other = gamma("35", question="Will the Denver Nuggets win the 2026 NBA Finals?", group="Denver Nuggets")
    assert verdict(k, p).yes_token == token_named(p, "Yes")
    assert verdict(k, other).rejected


def test_up_or_down_window_must_be_the_same() -> None:
    k = kalshi("KXBTC15M-26JAN091515-15", title="BTC price up in next 15 mins?", yes_sub_title="Up",
               rules="If the price at the end is greater than or equal to the price at the start, per the CF Benchmarks Real-Time Index.",
               custom_strike={"window_start": "2026-01-09T20:00:00Z"}, strike_type="custom",
               close_time="2026-01-09T20:15:00Z", category="Crypto")
    rule = ('This market will resolve to "Up" if the price at the end of the range is greater than or equal to the price at the '
            "beginning. The resolution source is the CF Benchmarks BTC/USD Real-Time Index.")
    same = gamma("36", question="Bitcoin Up or Down - January 9, 3:00PM-3:15PM ET", outcomes=("Up", "Down"), description=rule,
                 end="2026-01-09T20:15:00Z")
    later = gamma("37", question="Bitcoin Up or Down - January 9, 3:15PM-3:30PM ET", outcomes=("Up", "Down"), description=rule,
                  end="2026-01-09T20:30:00Z")
    assert verdict(k, same).yes_token == token_named(same, "Up")
    assert "different window" in rejection(verdict(k, later))


def test_a_threshold_on_a_measure_no_lexicon_knows_is_read_by_its_words() -> None:
    k = kalshi("KXMOVIE-26JAN11-T70", title="Will The Long Meridian gross over $70M opening weekend?", category="Culture",
               close_time="2026-01-12T15:00:00Z", rules="If The Long Meridian's domestic opening weekend gross is above $70 "
               "million per Box Office Mojo, the market resolves to Yes.")
    p = gamma("38", question="Will The Long Meridian gross over $70M opening weekend?", end="2026-01-12T15:00:00Z",
              description='This market resolves to "Yes" if The Long Meridian\'s domestic opening weekend gross is over '
                          "$70 million per Box Office Mojo.")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Yes")
    assert "same names: 'Long Meridian'" in v.reasons


def test_a_market_the_reader_cannot_read_gets_no_token_mapping() -> None:
    # Over/Under outcomes with no line: which outcome pays on Kalshi YES cannot be read, and is
    # never guessed.
    k = kalshi("KXMOVIE-26JAN-T70", title="Will The Long Meridian gross over $70M opening weekend?", category="Culture")
    p = gamma("38", question="The Long Meridian opening weekend: over or under?", outcomes=("Over", "Under"))
    v = verdict(k, p)
    assert not v.understood and v.certainty == 0.0
    assert (v.yes_token, v.no_token) == (None, None)
    assert "Polymarket market not understood: an over/under market without a line" in v.reasons
