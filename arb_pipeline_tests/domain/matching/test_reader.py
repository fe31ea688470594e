"""Propositions read from single markets: ranges (strict, inclusive, buckets), grids, measures,
stations, sources, dates and their rules, games, races, season titles, up/down windows, and
markets of kinds no lexicon lists."""

from __future__ import annotations

import json
from datetime import date, time
from decimal import Decimal

import pytest

from arb_pipeline.domain.matching.propositions import HAPPENS, Bound, DateRule, Kind, Name, ValueRange, read
from arb_pipeline.domain.matching.propositions.numbers import parse_range, range_from_strike
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline.domain.models import Strike
from arb_pipeline.venues.kalshi.parsing import parse_markets_page
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named
from arb_pipeline_tests.paths import FIXTURES

D = Decimal


def selected(proposition) -> Name:  # type: ignore[no-untyped-def]
    """What the Polymarket token that is not negated pays on."""
    positive = next(t for t in proposition.outcomes if not t.negated)
    assert isinstance(positive.selection, Name)
    return positive.selection


def gt(value: str) -> ValueRange:
    return ValueRange(low=Bound(D(value), False))


def ge(value: str) -> ValueRange:
    return ValueRange(low=Bound(D(value), True))


def lt(value: str) -> ValueRange:
    return ValueRange(high=Bound(D(value), False))


def le(value: str) -> ValueRange:
    return ValueRange(high=Bound(D(value), True))


def between(low: str, high: str) -> ValueRange:
    return ValueRange(Bound(D(low), True), Bound(D(high), True))


# --- ranges ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "unit"),
    [
        ("Will CPI be above 3.0%?", gt("3.0"), "%"),
        ("at least 3.0%", ge("3.0"), "%"),
        ("≥3.0%", ge("3.0"), "%"),
        ("3.1% or higher", ge("3.1"), "%"),
        ("less than $64,000", lt("64000"), "$"),
        ("$97,000 or above", ge("97000"), "$"),
        ("at or above $97,000.00", ge("97000.00"), "$"),
        ("83° or below", le("83"), "°"),
        ("between 84-85°F", between("84", "85"), "°"),
        ("4.75% to 5.00%", between("4.75", "5.00"), "%"),
        ("equal to or greater than $100,000", ge("100000"), "$"),
        ("be 2.7% or higher", ge("2.7"), "%"),
        ("exactly 2.7%", between("2.7", "2.7"), "%"),
    ],
)
def test_parse_range_reads_strict_inclusive_and_bucket_phrases(text: str, expected: ValueRange, unit: str) -> None:
    hit = parse_range(fold(text))
    assert hit is not None
    assert (hit.value_range, hit.unit) == (expected, unit)


def test_a_bare_number_pair_is_a_bucket_only_in_a_short_label() -> None:
    assert parse_range(fold("84-85"), short=True).value_range == between("84", "85")  # type: ignore[union-attr]
    assert parse_range(fold("game on 2026-01-09 between teams")) is None
    assert parse_range(fold("Jan 9-10 weekend")) is None


def test_years_are_not_thresholds() -> None:
    assert parse_range(fold("after 2028 the market closes")) is None


@pytest.mark.parametrize(
    ("strike", "expected"),
    [
        (Strike("greater", D("84"), None), gt("84")),
        (Strike("greater_or_equal", D("3.0"), None), ge("3.0")),
        (Strike("less", None, D("76")), lt("76")),
        (Strike("less_or_equal", None, D("75")), le("75")),
        (Strike("between", D("84"), D("85")), between("84", "85")),
        (Strike("structured", None, None), None),
        (None, None),
    ],
)
def test_kalshi_strikes(strike: Strike | None, expected: ValueRange | None) -> None:
    assert range_from_strike(strike) == expected


def test_grid_units_make_strict_and_inclusive_comparable() -> None:
    one = D(1)
    assert gt("84").grid_units(one) == ge("85").grid_units(one) == (85, None)
    assert lt("76").grid_units(one) == le("75").grid_units(one) == (None, 75)
    tenth = D("0.1")
    assert gt("3.0").grid_units(tenth) == (31, None)
    assert ge("3.0").grid_units(tenth) == (30, None)
    cent = D("0.01")
    assert gt("96999.99").grid_units(cent) == ge("97000").grid_units(cent)


# --- measured values ------------------------------------------------------------------------------


def test_kalshi_cpi_threshold() -> None:
    features = read(kalshi(
        "KXCPIYOY-25DEC-T3.0", title="Will CPI inflation be above 3.0% in Dec 2025?", yes_sub_title="Above 3.0%",
        rules=("If the year-over-year change in CPI-U for December 2025, as first published by the Bureau of Labor "
               "Statistics, is above 3.0%, then the market resolves to Yes. Read to one decimal place."),
        strike_type="greater", floor=3.0, close_time="2026-01-13T13:25:00Z",
    ))
    assert features.kind is Kind.THRESHOLD
    assert features.measure is not None and features.measure.key == "cpi"
    assert features.selection == gt("3.0")
    assert features.when.month == (2025, 12) and features.when.rule is DateRule.DURING
    assert features.sources == {"bls"}
    assert features.frame.axes["change"] == "year over year"
    assert (features.grid, features.grid_stated) == (D("0.1"), True)
    assert features.problems == ()


def test_kalshi_strike_that_contradicts_its_title_is_flagged() -> None:
    # The strike says "> 50" while the YES title says "50 or above": on whole degrees these differ.
    features = read(kalshi(
        "KXHIGHNY-25JAN01-T50", title="Will the high temp in NYC be >50° on Jan 1, 2025?",
        yes_sub_title="50 degrees or above", strike_type="greater", floor=50,
        rules="If the highest temperature recorded in Central Park, New York for January 1, 2025 is greater than 50°...",
        close_time="2025-01-02T05:00:00Z", category="Climate and Weather",
    ))
    assert features.problems and "strike says" in features.problems[0]


def test_core_cpi_is_its_own_measure() -> None:
    core = read(gamma("1", question="Will annual core inflation be above 2.6% in December 2025?",
                         description="CPI less food and energy, Bureau of Labor Statistics."))
    assert core.measure is not None and core.measure.key == "core_cpi"
    assert core.frame.axes["basis"] == "core"


def test_weather_station_city_and_day() -> None:
    kalshi_market = read(kalshi(
        "KXHIGHMIA-26JAN10-B76.5", title="Will the high temp in Miami be 76° to 77° on Jan 10, 2026?",
        yes_sub_title="76° to 77°", strike_type="between", floor=76, cap=77, category="Climate and Weather",
        rules="If the highest temperature recorded at Miami International Airport for Jan 10, 2026 is between 76° and 77°, inclusive",
    ))
    assert (kalshi_market.place, kalshi_market.station, kalshi_market.when.day) == ("miami", "KMIA", date(2026, 1, 10))
    assert kalshi_market.selection == between("76", "77")
    polymarket = read(gamma(
        "2", question="Will the highest temperature in NYC be between 38-39°F on January 10?", group="38-39°F",
        description=("This market will resolve to the temperature range that contains the highest temperature recorded at "
                     "the LaGuardia Airport Station on 10 Jan '26: https://www.wunderground.com/history/daily/us/ny/new-york-city/KLGA. "
                     "This market measures temperatures to whole degrees Fahrenheit."),
        end="2026-01-10T12:00:00Z",
    ))
    assert (polymarket.place, polymarket.station, polymarket.when.day) == ("new york city", "KLGA", date(2026, 1, 10))
    assert [(t.name, t.selection, t.negated) for t in polymarket.outcomes] == [
        ("Yes", between("38", "39"), False), ("No", between("38", "39"), True)]


def test_international_airport_is_not_reagan_national() -> None:
    features = read(kalshi(
        "KXHIGHAUS-26JAN10-B66.5", title="Will the high temp in Austin be 66° to 67° on Jan 10, 2026?",
        yes_sub_title="66° to 67°", strike_type="between", floor=66, cap=67, category="Climate and Weather",
        rules="If the highest temperature recorded at Austin-Bergstrom International Airport for Jan 10, 2026 ...",
    ))
    assert features.station == "KAUS"


def test_polymarket_outcomes_are_read_by_name_not_position() -> None:
    market = gamma("3", question="Will annual inflation be 3.1% or higher in December 2025?", outcomes=("No", "Yes"))
    features = read(market)
    yes = next(t for t in features.outcomes if not t.negated)
    assert yes.name == "Yes" and yes.token_id == token_named(market, "Yes")
    assert features.outcomes[0].name == "No" and features.outcomes[0].negated


def test_crypto_price_at_a_time_with_source() -> None:
    features = read(gamma(
        "4", question="Will the price of Bitcoin be less than $94,000 on January 9 at 5:00 PM ET?", group="<94,000",
        description=('This market will resolve to "Yes" if the CF Benchmarks Bitcoin Real-Time Index (BRTI) value at '
                     "5:00 PM ET on January 9, 2026 is less than $94,000.00. Prices are taken to the cent."),
    ))
    assert features.measure is not None and features.measure.key == "crypto:BTC"
    assert (features.when.day, features.when.time_of_day) == (date(2026, 1, 9), time(17, 0))
    assert features.sources == {"cf_benchmarks"}
    assert (features.grid, features.grid_stated) == (D("0.01"), True)
    assert features.outcomes[0].selection == lt("94000")


def test_reaching_a_price_by_a_date_is_a_deadline_on_the_path() -> None:
    features = read(gamma("5", question="Will Bitcoin reach $100,000 by January 31?",
                             description='resolves to "Yes" if any Binance 1 minute candle has a "High" equal to or greater than $100,000.',
                             end="2026-02-01T05:00:00Z"))
    assert (features.when.rule, features.when.day) == (DateRule.BY, date(2026, 1, 31))
    assert features.frame.axes["path"] == "touch"
    assert features.outcomes[0].selection == ge("100000")


def test_a_kalshi_market_read_without_its_event_names_its_measure_in_the_rules() -> None:
    page = json.loads((FIXTURES / "kalshi" / "markets_page_current.json").read_text())
    market = next(m for m in parse_markets_page(page).markets if m.market_id == "KXINXU-25JAN03H1600-B5912.5")
    assert market.title == "5,900 to 5,924.9999"
    features = read(market)
    assert features.measure is not None and features.measure.key == "index:SPX"
    assert (features.when.day, features.when.time_of_day) == (date(2025, 1, 3), time(16, 0))
    assert features.selection == between("5900", "5924.9999")


def test_kalshi_ticker_dates_the_observation_when_the_title_does_not() -> None:
    features = read(kalshi("KXBTCD-26JAN0917-T91999.99", title="Bitcoin price", yes_sub_title="$92,000 or above",
                              strike_type="greater", floor=91999.99, category="Crypto"))
    assert (features.when.day, features.when.time_of_day) == (date(2026, 1, 9), time(17, 0))


def test_fed_target_range_bucket_is_one_upper_bound() -> None:
    features = read(kalshi(
        "KXFEDRANGE-26JAN-B3.625", title="Will the federal funds target range be 3.50% to 3.75% after the Fed's Jan 28, 2026 meeting?",
        yes_sub_title="3.50% to 3.75%", strike_type="between", floor=3.50, cap=3.75, close_time="2026-01-28T19:00:00Z",
    ))
    assert features.measure is not None and features.measure.key == "fed_upper_bound"
    assert features.selection == between("3.75", "3.75")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("No change in Fed interest rates after January 2026 meeting?", between("0", "0")),
        ("Fed decreases interest rates by 25 bps after January 2026 meeting?", between("-25", "-25")),
        ("Fed decreases interest rates by 50+ bps after January 2026 meeting?", le("-50")),
        ("Fed increases interest rates by 25+ bps after January 2026 meeting?", ge("25")),
        ("Will the Fed cut rates by more than 25 bps in January?", lt("-25")),
        ("Will the Fed cut rates by 50 bps or more in January?", le("-50")),
        ("Will the Fed keep rates unchanged in January?", between("0", "0")),
        ("Will the Bank of England hold rates in January?", between("0", "0")),
        ("Will the ECB lower its deposit rate by 25 basis points in January?", between("-25", "-25")),
    ],
)
def test_central_bank_decisions_are_changes_in_bps(question: str, expected: ValueRange) -> None:
    features = read(gamma("6", question=question, event_title="Rate decision in January?", end="2026-01-28T19:00:00Z"))
    assert features.measure is not None and features.measure.key == "rate_change"
    positive = next(t for t in features.outcomes if not t.negated)
    assert positive.selection == expected


def test_any_change_is_the_no_of_a_hold() -> None:
    market = gamma("7", question="Will the Fed change interest rates in April 2026?", end="2026-04-29T18:00:00Z")
    features = read(market)
    hold = next(t for t in features.outcomes if not t.negated)
    assert (hold.name, hold.selection) == ("No", between("0", "0"))


def test_counting_decisions_is_not_one_decision() -> None:
    features = read(gamma("8", question="How many times will the Fed cut rates in 2026?", group="2 cuts",
                          end="2026-12-09T18:55:00Z"))
    assert features.measure is None


# --- games --------------------------------------------------------------------------------------


def test_kalshi_game_market_names_its_team_from_the_ticker() -> None:
    features = read(kalshi(
        "KXNBAGAME-26JAN09MILLAL-MIL", title="Milwaukee at Los Angeles L Winner?", yes_sub_title="Milwaukee",
        event_title="Milwaukee at Los Angeles L", strike_type="structured", category="Sports",
        close_time="2026-01-24T03:30:00Z",
    ))
    assert (features.kind, features.topic) == (Kind.CHOICE, "game")
    assert (features.league, features.teams, features.selection, features.when.day) == (
        "NBA", ("NBA:MIL", "NBA:LAL"), Name("NBA:MIL", "MIL", "team"), date(2026, 1, 9))


def test_polymarket_moneyline_tokens_are_team_nicknames_in_any_order() -> None:
    market = gamma("7", question="Lakers vs. Bucks", outcomes=("Lakers", "Bucks"), slug="nba-lal-mil-2026-01-09",
                   sports_market_type="moneyline", game_start_time="2026-01-10 03:30:00+00", event_title="Lakers vs. Bucks")
    features = read(market)
    assert (features.kind, features.topic) == (Kind.CHOICE, "game")
    assert {t.selection.key: t.token_id for t in features.outcomes if isinstance(t.selection, Name)} == {
        "NBA:LAL": token_named(market, "Lakers"), "NBA:MIL": token_named(market, "Bucks")}
    assert features.when.day == date(2026, 1, 9) and not features.day_from_utc


def test_without_a_slug_date_the_game_day_comes_from_the_utc_start() -> None:
    features = read(gamma("8", question="Bucks vs. Lakers", outcomes=("Bucks", "Lakers"), slug="bucks-lakers",
                             series_slug="nba-2026", sports_market_type="moneyline",
                             game_start_time="2026-01-10 03:30:00+00"))
    assert (features.when.day, features.day_from_utc) == (date(2026, 1, 9), True)


@pytest.mark.parametrize(("kind", "segment"), [("first_half_moneyline", "first half"), ("moneyline", "full game")])
def test_first_half_moneyline_is_another_segment(kind: str, segment: str) -> None:
    features = read(gamma("9", question="Bucks vs. Lakers", outcomes=("Bucks", "Lakers"), slug="nba-mil-lal-2026-01-09",
                             sports_market_type=kind))
    assert features.frame.axes["segment"] == segment


def test_totals_and_spreads_are_game_lines_not_winners() -> None:
    total = read(gamma("10", question="Bucks vs. Lakers: O/U 226.5", outcomes=("Over", "Under"),
                          slug="nba-mil-lal-2026-01-09-total-226pt5", event_title="Bucks vs. Lakers",
                          sports_market_type="totals", line=226.5))
    assert total.kind is Kind.THRESHOLD and total.measure is not None and total.measure.key == "game_total"
    assert [(t.name, t.selection, t.negated) for t in total.outcomes] == [
        ("Over", gt("226.5"), False), ("Under", gt("226.5"), True)]
    # The team named in the question must win by more than the line, whichever outcome is listed first.
    spread = read(gamma("11", question="Spread: Lakers (-3.5)", outcomes=("Bucks", "Lakers"),
                           slug="nba-mil-lal-2026-01-09-spread-home-3pt5", event_title="Bucks vs. Lakers",
                           sports_market_type="spreads", line=-3.5))
    assert spread.measure is not None and spread.measure.key == "game_margin:NBA:LAL"
    assert [(t.name, t.selection, t.negated) for t in spread.outcomes] == [
        ("Bucks", gt("3.5"), True), ("Lakers", gt("3.5"), False)]


# --- races and titles -------------------------------------------------------------------------


def test_nominee_winner_and_party_markets() -> None:
    nominee = read(kalshi("KXPRESNOMD-28-AMOR", title="Will Alicia Moreno be the Democratic presidential nominee in 2028?",
                             yes_sub_title="Alicia Moreno", custom_strike={"Person": "Alicia Moreno"}, category="Elections"))
    assert (nominee.kind, nominee.topic, dict(nominee.frame.axes), nominee.when.start, nominee.selection) == (
        Kind.CHOICE, "election", {"office": "president", "stage": "nomination", "party": "D"}, date(2028, 1, 1),
        Name("person:alicia moreno", "Alicia Moreno", "person"))
    winner = read(gamma("12", question="Will Alicia Moreno win the 2028 US Presidential Election?", group="Alicia Moreno"))
    assert (winner.frame.axes["stage"], selected(winner).key) == ("general", "person:alicia moreno")
    party = read(gamma("13", question="Will the Republican Party win the Georgia Senate race in 2026?", group="Republican"))
    assert (party.frame.axes["office"], party.place, selected(party).key) == ("senate", "GA", "party:R")


def test_season_title_futures() -> None:
    k = read(kalshi("KXNBA-26-BOS", title="2026 Pro Basketball Finals champion?", yes_sub_title="Boston",
                       strike_type="structured", category="Sports"))
    p = read(gamma("14", question="Will the Boston Celtics win the 2026 NBA Finals?", group="Boston Celtics"))
    assert (k.topic, k.league, k.when.start, k.selection) == ("title", "NBA", date(2026, 1, 1), Name("NBA:BOS", "BOS", "team"))
    assert (p.topic, p.league, p.when.start, selected(p)) == ("title", "NBA", date(2026, 1, 1), Name("NBA:BOS", "BOS", "team"))


def test_up_or_down_window() -> None:
    k = read(kalshi("KXBTC15M-26JAN091515-15", title="BTC price up in next 15 mins?", yes_sub_title="Up",
                       rules="If the price at the end is greater than or equal to the price at the start, per the CF Benchmarks Real-Time Index",
                       custom_strike={"window_start": "2026-01-09T20:00:00Z"}, strike_type="custom",
                       close_time="2026-01-09T20:15:00Z", category="Crypto"))
    assert (k.kind, k.selection, k.up_includes_tie) == (Kind.DIRECTION, "up", True)
    assert k.window_end is not None and k.window_end.isoformat() == "2026-01-09T20:15:00+00:00"




# --- markets of kinds no lexicon lists -------------------------------------------------------------


def test_a_kalshi_market_without_its_title_is_read_from_its_rules() -> None:
    # Served by GET /markets without its event: the title is only the YES side's name.
    market = parse_markets_page({"markets": [{
        "ticker": "KXTESLADEL-26Q2-T400000", "event_ticker": "KXTESLADEL-26Q2", "market_type": "binary",
        "yes_sub_title": "Above 400,000", "no_sub_title": "Above 400,000", "status": "active",
        "open_time": "2026-03-01T15:00:00Z", "close_time": "2026-07-02T14:00:00Z", "strike_type": "greater",
        "floor_strike": 400000, "rules_primary": "If Tesla delivers more than 400,000 vehicles in Q2 2026, then the market "
                                                 "resolves to Yes.", "rules_secondary": ""}]}).markets[0]
    proposition = read(market)
    assert proposition.kind is Kind.THRESHOLD and proposition.selection == gt("400000")
    assert (proposition.when.start, proposition.when.end) == (date(2026, 4, 1), date(2026, 6, 30))
    assert "deliver" in proposition.frame.words and [n.key for n in proposition.frame.names] == ["tesla"]
    assert proposition.grid == D(1)  # a count of vehicles


def test_an_event_by_a_date() -> None:
    proposition = read(gamma("20", question="Will SpaceX IPO by December 31, 2026?", end="2026-12-31T23:00:00Z"))
    assert proposition.kind is Kind.EVENT
    assert (proposition.when.rule, proposition.when.day) == (DateRule.BY, date(2026, 12, 31))
    assert next(t for t in proposition.outcomes if not t.negated).selection is HAPPENS


def test_a_named_option_among_several() -> None:
    proposition = read(gamma("21", question="Will Hamnet win Best Picture at the 2026 Oscars?", group="Hamnet"))
    assert proposition.kind is Kind.CHOICE
    assert selected(proposition) == Name("hamnet", "Hamnet")
    assert "hamnet" not in {n.key for n in proposition.frame.names}


def test_a_yes_no_market_of_one_team_of_a_three_way_game() -> None:
    proposition = read(gamma("22", question="Will Manchester City FC vs. Liverpool FC end in a draw?", group="Draw",
                             slug="epl-mci-liv-2026-02-08-draw", sports_market_type="moneyline",
                             event_title="Man City vs. Liverpool", game_start_time="2026-02-08 16:30:00+00"))
    assert (proposition.topic, proposition.league, proposition.teams) == ("game", "EPL", ("name:manchester city", "name:liverpool"))
    assert selected(proposition).kind == "draw" and not proposition.exclusive_options


def test_a_measure_named_without_a_threshold_is_an_event_about_it() -> None:
    proposition = read(gamma("23", question="Will the US have two negative GDP quarters in 2026?", end="2026-12-31T23:00:00Z"))
    assert proposition.kind is Kind.EVENT and proposition.measure is None
    assert "gdp" in proposition.frame.words


def test_a_comparison_whose_number_is_not_read_is_not_understood() -> None:
    proposition = read(gamma("24", question="FOMC January: upper bound over three and a half percent?", end="2026-01-28T19:00:00Z"))
    assert proposition.kind is Kind.UNKNOWN and "threshold could not be read" in proposition.unread
