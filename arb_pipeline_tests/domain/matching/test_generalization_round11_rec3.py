"""Forms of true pairs a blind set's misses showed, each tested on markets written for this file:
a range written with two comparators ("at least X and no greater than Y"), a threshold whose
unit sits between its number and "or higher" ("$70.00 per barrel or higher"), a threshold on a
value counted in whole units (days, seats, rating points, whole degrees) compared on that grid.
Each look-alike still never agrees."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.dates import date_mentions
from arb_pipeline.domain.matching.propositions.model import Bound, ValueRange
from arb_pipeline.domain.matching.propositions.numbers import parse_range
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def _range(text: str) -> ValueRange | None:
    hit = parse_range(fold(text))
    return hit.value_range if hit is not None else None


# --- a range written with two comparators ---------------------------------------------------------


def test_two_comparators_joined_by_and_are_one_closed_range() -> None:
    assert _range("at least 18,000.00 and no greater than 18,499.99") == \
        ValueRange(Bound(Decimal("18000.00"), True), Bound(Decimal("18499.99"), True))
    assert _range("no less than 3 and no more than 5 cuts") == ValueRange(Bound(Decimal("3"), True),
                                                                         Bound(Decimal("5"), True))
    assert _range("greater than 2.5% but less than or equal to 3.0%") == \
        ValueRange(Bound(Decimal("2.5"), False), Bound(Decimal("3.0"), True))
    # The half-open bucket keeps its open end.
    assert _range("at least $100,000 and less than $102,500") == \
        ValueRange(Bound(Decimal("100000"), True), Bound(Decimal("102500"), False))


def _index_band(market_id: str, rules_band: str) -> Market:
    return gamma(market_id, question="Will the Nasdaq-100 close between 18,000 and 18,499.99 on March 31, 2027?",
                 end="2027-03-31T20:00:00Z", group="18,000-18,499.99",
                 event_title="Nasdaq-100 close on March 31, 2027",
                 description=f"This market will resolve to Yes if the closing value of the Nasdaq-100 on March 31, "
                             f"2027 is {rules_band}, as published by Nasdaq. Otherwise, it will resolve to No.")


def _index_band_kalshi(floor: float, cap: float, label: str) -> Market:
    return kalshi(f"KXNASDAQ100-27MAR31H1600-B{int(floor + cap) // 2}", title="Nasdaq-100 close on Mar 31, 2027?",
                  yes_sub_title=label, strike_type="between", floor=floor, cap=cap, category="Financials",
                  close_time="2027-03-31T20:00:00Z",
                  rules=f"If the closing value of the Nasdaq-100 on Mar 31, 2027 is between {label}, then the market "
                        f"resolves to Yes.")


def test_a_band_the_rules_state_with_two_comparators_does_not_contradict_its_question() -> None:
    p = _index_band("1", "at least 18,000.00 and no greater than 18,499.99")
    assert not read(p).problems, read(p).problems
    v = verdict(_index_band_kalshi(18000, 18499.99, "18,000 to 18,499.99"), p)
    assert v.agrees, v.reasons


def test_a_band_of_another_width_still_differs() -> None:
    p = _index_band("2", "at least 18,000.00 and no greater than 18,499.99")
    v = verdict(_index_band_kalshi(18000, 18249.99, "18,000 to 18,249.99"), p)
    assert v.rejected, v.reasons


# --- a unit between the number and "or higher" ------------------------------------------------------


def test_a_unit_between_the_number_and_its_comparator_keeps_the_comparator() -> None:
    assert _range("settles at $70.00 per barrel or higher") == ValueRange(low=Bound(Decimal("70.00"), True))
    assert _range("2.5 inches or more of rain") == ValueRange(low=Bound(Decimal("2.5"), True))
    assert _range("$3.10 a gallon or higher") == ValueRange(low=Bound(Decimal("3.10"), True))
    assert _range("40 degrees Fahrenheit or above") == ValueRange(low=Bound(Decimal("40"), True))
    assert _range("$60 per barrel or lower") == ValueRange(high=Bound(Decimal("60"), True))
    assert _range("1.5 inches or less") == ValueRange(high=Bound(Decimal("1.5"), True))
    # A number and another number joined by "or" stay what they were.
    assert _range("closes at $70.00 per barrel") == ValueRange(Bound(Decimal("70.00"), True),
                                                                Bound(Decimal("70.00"), True))


def _wti_kalshi(floor: float) -> Market:
    return kalshi(f"KXWTI-27MAR31-T{floor:g}", title=f"Will WTI crude oil settle at ${floor:.2f} or above on Mar 31, 2027?",
                  yes_sub_title=f"${floor:.2f} or above", strike_type="greater_or_equal", floor=floor,
                  category="Financials", close_time="2027-03-31T19:30:00Z",
                  rules=f"If the front-month WTI crude oil futures settlement price on NYMEX on Mar 31, 2027 is ${floor:.2f} "
                        f"or above, then the market resolves to Yes.")


def _wti_polymarket(market_id: str, value: str) -> Market:
    return gamma(market_id, question=f"Will WTI crude oil settle at ${value} or higher on March 31, 2027?",
                 end="2027-03-31T19:30:00Z", event_title="WTI crude oil settle on March 31, 2027",
                 description=f"This market will resolve to Yes if the front-month WTI crude oil futures contract on NYMEX "
                             f"settles at ${value}.00 per barrel or higher on March 31, 2027. Otherwise, it will resolve "
                             f"to No.")


def test_a_price_per_barrel_or_higher_is_at_least_that_price() -> None:
    p = _wti_polymarket("3", "70")
    assert not read(p).problems, read(p).problems
    v = verdict(_wti_kalshi(70), p)
    assert v.agrees, v.reasons


def test_another_price_per_barrel_still_differs() -> None:
    v = verdict(_wti_kalshi(75), _wti_polymarket("4", "70"))
    assert v.rejected, v.reasons


# --- whole units: days, seats, rating points, whole degrees ------------------------------------------


# (Kalshi ticker, title, rules; Polymarket question, rules; category, close): "{v}" is the number.
_WHOLE_UNITS = {
    "days": ("KXSHUTDOWNLENGTH-27-T{v}", "Will the government shutdown last more than {v} days?",
             "If the federal government shutdown that begins on Oct 1, 2027 lasts more than {v} days, then the market "
             "resolves to Yes.",
             "Government shutdown lasts {v} days or more?",
             "This market will resolve to Yes if the US federal government shutdown that begins on October 1, 2027 lasts "
             "{v} days or more. Otherwise, it will resolve to No.", "Politics", "2027-12-31T00:00:00Z"),
    "rating": ("KXCHESSRATING-27MAR-T{v}", "Will Magnus Carlsen's FIDE rating be above {v:,} on the March 2027 list?",
               "If Magnus Carlsen's standard rating on the FIDE rating list published on Mar 1, 2027 is above {v:,}, then "
               "the market resolves to Yes.",
               "Carlsen rated {v:,} or higher on the March 2027 FIDE list?",
               "This market will resolve to Yes if Magnus Carlsen's standard rating on the FIDE rating list published on "
               "March 1, 2027 is {v:,} or higher. Otherwise, it will resolve to No.", "Sports", "2027-03-01T00:00:00Z"),
    "seats": ("KXVALDORIALABOUR-28-T{v}", "Will Labour win above {v} seats in the 2028 Valdoria election?",
              "If the Labour Party wins above {v} seats in the 2028 Valdoria general election, then the market resolves "
              "to Yes.",
              "Will Labour win {v} or more seats in the 2028 Valdoria election?",
              "This market will resolve to Yes if the Labour Party wins {v} or more seats in the 2028 Valdoria general "
              "election. Otherwise, it will resolve to No.", "Politics", "2028-09-20T00:00:00Z"),
}


def _above_kalshi(unit: str, value: int) -> Market:
    ticker, title, rules, _, _, category, close = _WHOLE_UNITS[unit]
    return kalshi(ticker.format(v=value), title=title.format(v=value), yes_sub_title=f"Above {value:,}",
                  strike_type="greater", floor=value, category=category, close_time=close, rules=rules.format(v=value))


def _or_more_polymarket(unit: str, market_id: str, value: int) -> Market:
    _, _, _, question, rules, _, close = _WHOLE_UNITS[unit]
    return gamma(market_id, question=question.format(v=value), end=close, description=rules.format(v=value))


@pytest.mark.parametrize(("unit", "above", "next_one"), [("days", 21, 22), ("rating", 2790, 2791), ("seats", 150, 151)])
def test_above_a_number_of_whole_units_is_the_next_one_or_more(unit: str, above: int, next_one: int) -> None:
    # Days a shutdown lasts, rating points, seats: "more than 21 days" is "22 days or more".
    v = verdict(_above_kalshi(unit, above), _or_more_polymarket(unit, "10", next_one))
    assert v.agrees, v.reasons


@pytest.mark.parametrize(("unit", "above", "other"), [("days", 21, 21), ("rating", 2790, 2792), ("seats", 150, 150)])
def test_another_whole_number_or_more_is_still_another_threshold(unit: str, above: int, other: int) -> None:
    v = verdict(_above_kalshi(unit, above), _or_more_polymarket(unit, "11", other))
    assert v.rejected, v.reasons


def _high_kalshi(value: str) -> Market:
    return kalshi(f"KXHIGHCHI-27MAR03-T{value}", title="Highest temperature in Chicago on Mar 3, 2027?",
                  yes_sub_title=f"{value}° or above" if "." not in value else f"Over {value}°",
                  strike_type="greater", floor=float(value), category="Climate and Weather",
                  close_time="2027-03-04T05:00:00Z",
                  rules=f"If the highest temperature recorded at Chicago Midway, IL for Mar 3, 2027 as reported by the "
                        f"National Weather Service's Climatological Report (Daily) is greater than {value}°, then the "
                        f"market resolves to Yes.")


def _high_polymarket(market_id: str, value: int) -> Market:
    return gamma(market_id, question=f"Will the highest temperature in Chicago be {value}°F or higher on March 3, 2027?",
                 end="2027-03-04T05:00:00Z", group=f"{value}°F or higher",
                 event_title="Highest temperature in Chicago on March 3, 2027?",
                 description=f"This market will resolve to Yes if the highest temperature recorded at Chicago Midway "
                             f"International Airport on March 3, 2027 is {value}°F or higher, as reported by the National "
                             f"Weather Service. Temperatures are reported in whole degrees Fahrenheit.")


def test_over_a_half_degree_is_the_next_whole_degree_or_higher() -> None:
    v = verdict(_high_kalshi("38.5"), _high_polymarket("16", 39))
    assert v.agrees, v.reasons


def test_over_a_half_degree_is_not_the_degree_below() -> None:
    v = verdict(_high_kalshi("38.5"), _high_polymarket("17", 38))
    assert v.rejected, v.reasons


# --- fiscal quarters and holidays as dates ------------------------------------------------------------


def _earnings_kalshi(code: str, word: str) -> Market:
    return kalshi(f"KXNVDAMENTION-27FEB-{code}", title=f"Will NVIDIA say {word} during its earnings call?",
                  yes_sub_title=word, event_title="What will NVIDIA say during its earnings call?",
                  category="Mentions", close_time="2027-02-28T23:00:00Z",
                  rules=f"If NVIDIA says {word} during its earnings call held in February 2027, then the market resolves "
                        f"to Yes. If the call does not take place by Feb 28, 2027, the market resolves to No.")


def _earnings_polymarket(market_id: str, word: str, quarter: str = "Q4 FY2027", end: str = "2027-02-28T23:00:00Z") -> Market:
    return gamma(market_id, question=f'Will NVIDIA say "{word}" during its {quarter} earnings call?', group=word,
                 event_title=f"What will NVIDIA say during its {quarter} earnings call?", end=end,
                 description=f'This market will resolve to "Yes" if NVIDIA says "{word}" during its {quarter} earnings '
                             f'call. If the call does not take place by {end[:10]}, this market resolves to "No".')


def test_a_fiscal_quarter_is_no_calendar_quarter() -> None:
    mentions = date_mentions(fold("during NVIDIA's Q4 FY27 earnings call"), None)
    assert not [m for m in mentions if m.kind == "quarter"], mentions
    assert not date_mentions(fold("fiscal Q4 2027 results"), None)
    assert not date_mentions(fold("the fourth quarter of fiscal 2027"), None)
    assert not date_mentions(fold("its fiscal fourth quarter of 2027"), None)
    # A calendar quarter stays one.
    assert [(m.kind, m.first, m.last) for m in date_mentions(fold("GDP in Q4 2027"), None)] == \
        [("quarter", date(2027, 10, 1), date(2027, 12, 31))]


def test_one_fiscal_quarters_call_is_the_call_its_dates_name() -> None:
    v = verdict(_earnings_kalshi("BLAC", "Blackwell"), _earnings_polymarket("20", "Blackwell"))
    assert v.agrees, v.reasons


def test_another_fiscal_quarters_call_is_still_another_call() -> None:
    other = _earnings_polymarket("21", "Blackwell", "Q1 FY2028", "2027-05-31T23:00:00Z")
    v = verdict(_earnings_kalshi("BLAC", "Blackwell"), other)
    assert not v.agrees, v.reasons


def test_a_holiday_names_its_day() -> None:
    days = [(m.kind, m.first) for m in date_mentions(fold("on New Year's Eve 2026"), None)]
    assert days == [("day", date(2026, 12, 31))], days
    assert [m.first for m in date_mentions(fold("snow on Christmas Day 2027?"), None)] == [date(2027, 12, 25)]
    assert [m.first for m in date_mentions(fold("on Thanksgiving 2027"), None)] == [date(2027, 11, 25)]
    assert [m.first for m in date_mentions(fold("on Independence Day 2027"), None)] == [date(2027, 7, 4)]
    assert [m.first for m in date_mentions(fold("on Christmas"), date(2027, 12, 1))] == [date(2027, 12, 25)]


def _snow_kalshi() -> Market:
    return kalshi("KXSNOWNYC-26DEC31", title="Will it snow in New York City on New Year's Eve 2026?",
                  category="Climate and Weather", close_time="2027-01-01T05:00:00Z",
                  rules="If Central Park, NY records measurable snowfall on Dec 31, 2026 according to the National Weather "
                        "Service's Climatological Report (Daily), then the market resolves to Yes.")


def _snow_polymarket(market_id: str, day: str) -> Market:
    return gamma(market_id, question=f"Will it snow in NYC on {day}?", end="2027-01-01T05:00:00Z",
                 description=f"This market will resolve to Yes if Central Park, NY records measurable snowfall on {day}, "
                             f"according to the National Weather Service. Otherwise, it will resolve to No.")


def test_new_years_eve_is_december_31() -> None:
    v = verdict(_snow_kalshi(), _snow_polymarket("22", "December 31, 2026"))
    assert v.agrees, v.reasons


def test_new_years_eve_is_not_new_years_day() -> None:
    v = verdict(_snow_kalshi(), _snow_polymarket("23", "January 1, 2027"))
    assert v.rejected, v.reasons


def _revenue_kalshi(quarter: str) -> Market:
    return kalshi("KXNVDAREV-27FEB-T70", title=f"Nvidia revenue in {quarter}: Above $70 billion",
                  yes_sub_title="Above $70 billion", strike_type="greater", floor=70, category="Companies",
                  close_time="2027-02-28T23:00:00Z",
                  rules=f"If NVIDIA reports total revenue of more than $70.0 billion for {quarter} in its earnings "
                        f"release, then the market resolves to Yes.")


def _revenue_polymarket(market_id: str, quarter: str) -> Market:
    return gamma(market_id, question=f"NVIDIA {quarter} revenue above $70B?", end="2027-02-28T23:00:00Z",
                 description=f'This market will resolve to "Yes" if NVIDIA\'s reported total revenue for {quarter} is '
                             f'greater than $70 billion, as stated in its quarterly earnings press release.')


def test_one_fiscal_quarter_in_two_wordings_is_one_report() -> None:
    v = verdict(_revenue_kalshi("the fourth quarter of fiscal 2027"), _revenue_polymarket("24", "Q4 FY2027"))
    assert v.agrees, v.reasons


def test_two_fiscal_quarters_are_two_reports() -> None:
    v = verdict(_revenue_kalshi("Q4 FY2027"), _revenue_polymarket("25", "Q3 FY2027"))
    assert v.rejected, v.reasons


# --- a convention, a summit or a conference is an occasion, not a place ------------------------------------


def _nominee_kalshi(code: str, name: str) -> Market:
    return kalshi(f"KXDEMNOM-28-{code}", title="Who will be the 2028 Democratic presidential nominee?", yes_sub_title=name,
                  category="Politics", close_time="2028-08-31T00:00:00Z",
                  rules=f"If {name} is the Democratic Party's nominee for President of the United States for the 2028 "
                        f"election, then the market resolves to Yes.")


def _nominee_polymarket(market_id: str, name: str, party: str = "Democratic", convention: str = "DNC") -> Market:
    return gamma(market_id, question=f"Will {name} win the nomination at the 2028 {convention}?", group=name,
                 end="2028-08-31T00:00:00Z", event_title=f"{party} Presidential Nominee 2028",
                 description=f"This market will resolve to Yes if {name} wins the {party} nomination for President at "
                             f"the 2028 {party} National Convention. Otherwise, it will resolve to No.")


def test_the_party_convention_is_the_occasion_of_the_nomination() -> None:
    v = verdict(_nominee_kalshi("GNEW", "Gavin Newsom"), _nominee_polymarket("30", "Gavin Newsom"))
    assert v.agrees, v.reasons


def test_another_partys_convention_is_still_another_nomination() -> None:
    v = verdict(_nominee_kalshi("GNEW", "Gavin Newsom"), _nominee_polymarket("31", "Gavin Newsom", "Republican", "RNC"))
    assert v.rejected, v.reasons


def test_another_candidate_at_the_convention_is_still_another_option() -> None:
    v = verdict(_nominee_kalshi("GNEW", "Gavin Newsom"), _nominee_polymarket("32", "Josh Shapiro"))
    assert v.rejected, v.reasons


# --- a party in its own language and in English -----------------------------------------------------------


def _most_seats_kalshi(code: str, party: str, country: str, chamber: str, year: int = 2027) -> Market:
    return kalshi(f"KX{code}SEATS-{year % 100}-{party[:3].upper()}",
                  title=f"Which party will win the most seats in the {year} {country} parliamentary election?",
                  yes_sub_title=party, category="Politics", close_time=f"{year}-10-31T00:00:00Z",
                  rules=f"If {party} wins the most seats in the {chamber} in the {year} {country} parliamentary election, "
                        f"then the market resolves to Yes.")


def _most_seats_polymarket(market_id: str, party: str, country: str, year: int = 2027) -> Market:
    return gamma(market_id, question=f"Will {party} win the most seats in the {year} {country} parliamentary election?",
                 group=party, end=f"{year}-10-31T00:00:00Z", event_title=f"{country} Parliamentary Election Winner",
                 description=f"This market will resolve to Yes if {party} wins the most seats in the {year} {country} "
                             f"parliamentary election, according to official results. Otherwise, it will resolve to No.")


@pytest.mark.parametrize(("code", "native", "english", "adjective", "chamber"), [
    ("ES", "Partido Popular", "People's Party", "Spanish", "Congreso de los Diputados"),
    ("PL", "Prawo i Sprawiedliwość", "Law and Justice", "Polish", "Sejm"),
    ("FR", "Rassemblement National", "National Rally", "French", "Assemblée nationale"),
    ("IT", "Fratelli d'Italia", "Brothers of Italy", "Italian", "Camera dei Deputati"),
    ("FI", "Sosialidemokraatit", "Social Democratic Party of Finland", "Finnish", "Eduskunta"),
    ("DE", "Christlich Demokratische Union", "CDU", "German", "Bundestag"),
    ("BR", "Partido dos Trabalhadores", "Workers' Party", "Brazilian", "Câmara dos Deputados"),
    ("IN", "Bharatiya Janata Party", "BJP", "Indian", "Lok Sabha"),
])
def test_a_party_in_its_own_language_is_the_party_in_english(code: str, native: str, english: str, adjective: str,
                                                              chamber: str) -> None:
    v = verdict(_most_seats_kalshi(code, native, adjective, chamber), _most_seats_polymarket("40", english, adjective))
    assert v.agrees, v.reasons


def test_another_partys_english_name_is_still_another_party() -> None:
    k = _most_seats_kalshi("ES", "Partido Popular", "Spanish", "Congreso de los Diputados")
    v = verdict(k, _most_seats_polymarket("41", "Spanish Socialist Workers' Party", "Spanish"))
    assert v.rejected, v.reasons


def test_a_party_of_that_name_in_another_country_is_another_party() -> None:
    # Austria's "People's Party" is not Spain's Partido Popular: the table reads a party only in its
    # own country's market.
    k = _most_seats_kalshi("ES", "Partido Popular", "Spanish", "Congreso de los Diputados")
    v = verdict(k, _most_seats_polymarket("42", "People's Party", "Austrian"))
    assert not v.agrees, v.reasons


def test_the_same_party_in_another_years_election_is_another_race() -> None:
    k = _most_seats_kalshi("PL", "Prawo i Sprawiedliwość", "Polish", "Sejm")
    v = verdict(k, _most_seats_polymarket("43", "Law and Justice", "Polish", 2031))
    assert v.rejected, v.reasons


def _chamber_kalshi(party: str, chamber: str) -> Market:
    return kalshi("KXITACAMERA-27-FDI", title=f"Which party will win the most seats in the {chamber} in 2027?",
                  yes_sub_title=party, category="Politics", close_time="2027-09-30T00:00:00Z",
                  rules=f"If {party} wins the most seats in the {chamber} in the 2027 election, then the market resolves "
                        f"to Yes.")


def _chamber_polymarket(market_id: str, party: str, chamber: str) -> Market:
    return gamma(market_id, question=f"Will {party} win the most seats in the Italian {chamber} in 2027?", group=party,
                 end="2027-09-30T00:00:00Z", event_title=f"Italy {chamber} Election Winner",
                 description=f"This market will resolve to Yes if {party} wins the most seats in the {chamber} in the "
                             f"2027 Italian election.")


def test_a_chamber_in_its_own_language_is_the_chamber_in_english() -> None:
    # No text but the chamber's own name says the Kalshi market is Italy's: the chamber names it.
    k = _chamber_kalshi("Fratelli d'Italia", "Camera dei Deputati")
    v = verdict(k, _chamber_polymarket("44", "Brothers of Italy", "Chamber of Deputies"))
    assert v.agrees, v.reasons


def test_another_chamber_is_still_another_race() -> None:
    k = _chamber_kalshi("Fratelli d'Italia", "Camera dei Deputati")
    v = verdict(k, _chamber_polymarket("45", "Brothers of Italy", "Senate"))
    assert not v.agrees, v.reasons


def _sejm_kalshi() -> Market:
    return kalshi("KXSEJM-27-PIS", title="Which party will win the most seats in the 2027 Sejm election?",
                  yes_sub_title="Prawo i Sprawiedliwość", category="Politics", close_time="2027-10-31T00:00:00Z",
                  rules="If Prawo i Sprawiedliwość wins the most seats in the 2027 election to the Sejm, then the market "
                        "resolves to Yes.")


def test_a_chamber_in_its_own_language_against_the_countrys_parliamentary_election_is_no_other_place() -> None:
    # "The Sejm" against "the Polish parliamentary election": the same chamber, though only one
    # market says "parliamentary", which a person confirms.
    p = _most_seats_polymarket("46", "Law and Justice", "Polish")
    v = verdict(_sejm_kalshi(), p)
    assert not v.rejected, v.reasons


def test_the_countrys_other_chamber_is_not_the_sejm() -> None:
    p = gamma("47", question="Will Law and Justice win the most seats in the 2027 Polish Senate election?",
              group="Law and Justice", end="2027-10-31T00:00:00Z", event_title="Polish Senate Election Winner",
              description="This market will resolve to Yes if Law and Justice wins the most seats in the 2027 Polish "
                          "Senate election.")
    v = verdict(_sejm_kalshi(), p)
    assert not v.agrees, v.reasons


def test_one_native_name_on_both_venues_stays_one_name_when_only_one_names_the_country() -> None:
    # Only the Polymarket market names Portugal: its table forms must not turn the Kalshi market's
    # "Chega" into the English name while its own "Chega" stays as written.
    k = kalshi("KXPTSEATS-27-CHE", title="Which party will win the most seats in the 2027 election?", yes_sub_title="Chega",
               category="Politics", close_time="2027-10-31T00:00:00Z",
               rules="If Chega wins the most seats in the 2027 Assembly of the Republic election, then the market "
                     "resolves to Yes.")
    p = _most_seats_polymarket("48", "Chega", "Portuguese")
    assert not verdict(k, p).rejected, verdict(k, p).reasons
