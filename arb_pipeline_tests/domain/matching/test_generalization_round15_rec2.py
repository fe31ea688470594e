"""Forms of the fifteenth round's blind sets (awards and television, box office, music, streaming,
space, climate, energy), on invented markets: a verb of a synonym group in its past tense."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict

# --- a verb of a synonym group in its past tense ----------------------------------------------------


def _declares_la_nina() -> Market:
    return kalshi("KXLANINA-29", title="CPC declares La Niña conditions before Apr 1, 2029?",
                  yes_sub_title="Before Apr 1, 2029", close_time="2029-04-01T04:00:00Z", category="Climate and Weather",
                  rules="If the Climate Prediction Center declares La Niña conditions before April 1, 2029, then the "
                        "market resolves to Yes.")


def _la_nina_question(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, end="2029-04-01T04:00:00Z", description=description)


def test_declared_is_the_past_tense_of_declares() -> None:
    p = _la_nina_question("1", "La Niña declared by March 31, 2029?",
                          "This market will resolve to \"Yes\" if the NOAA CPC issues a La Niña Advisory "
                          "(La Niña conditions present) by March 31, 2029. Otherwise, this market will resolve to \"No\".")
    assert approved(_declares_la_nina(), p) == [token_named(p, "Yes")]


def test_the_conditions_themselves_are_no_declaration() -> None:
    p = _la_nina_question("3", "La Niña conditions by March 31, 2029?",
                          "This market will resolve to \"Yes\" if the monthly Niño-3.4 index is at or below -0.5°C for any "
                          "month through March 31, 2029. Otherwise, this market will resolve to \"No\".")
    assert not approved(_declares_la_nina(), p)


# --- a ranking's noun after words of its chart ------------------------------------------------------


def _top_film(option: str) -> Market:
    return kalshi(f"KXTOPFILM-29MAR11-{option[:4].upper()}", title="Top domestic box office movie, weekend of Mar 9, 2029",
                  yes_sub_title=option, close_time="2029-03-12T18:00:00Z", category="Entertainment",
                  rules=f"If {option} has the highest domestic gross for the weekend of Mar 9-11, 2029, then the market "
                        f"resolves to Yes.")


def _number_one(market_id: str, question: str, settles: str) -> Market:
    return gamma(market_id, question=question, end="2029-03-12T00:00:00Z",
                 description=f"This market will resolve to \"Yes\" if {settles} for March 9-11, 2029, per Box Office "
                             f"Mojo. Otherwise, this market will resolve to \"No\".")


def test_the_noun_of_a_chart_written_after_its_words_is_what_the_options_are() -> None:
    p = _number_one("11", "Will Harbor Lights be #1 at the box office this weekend?",
                    "Harbor Lights has the highest domestic weekend gross")
    assert approved(_top_film("Harbor Lights"), p) == [token_named(p, "Yes")]


def test_the_worldwide_chart_is_not_the_domestic_one() -> None:
    p = _number_one("12", "Will Harbor Lights top the worldwide box office this weekend?",
                    "Harbor Lights has the highest worldwide weekend gross")
    assert not approved(_top_film("Harbor Lights"), p)


def test_another_film_at_number_one_is_another_option() -> None:
    p = _number_one("13", "Will Iron Meadow be #1 at the box office this weekend?",
                    "Iron Meadow has the highest domestic weekend gross")
    assert not approved(_top_film("Harbor Lights"), p)
    assert verdict(_top_film("Harbor Lights"), p).rejected


# --- what a thing costs in dollars is its price -----------------------------------------------------


def _plan_price() -> Market:
    return kalshi("KXSTREAMPRICE-29SEP30-14.99", title="Lumora Plus Basic plan price on Sep 30, 2029",
                  yes_sub_title="Above $14.99", strike_type="greater", floor=14.99, close_time="2029-09-30T23:00:00Z",
                  category="Entertainment",
                  rules="If the US price of the Lumora Plus Basic plan (with ads) is above $14.99/month on Sep 30, 2029, "
                        "then the market resolves to Yes.")


def _plan_cost(market_id: str, plan: str, amount: str) -> Market:
    return gamma(market_id, question=f"Will the Lumora Plus {plan} plan (with ads) cost more than ${amount} on September 30, "
                                     f"2029?", end="2029-09-30T23:00:00Z",
                 description=f"This market will resolve to \"Yes\" if the listed US monthly price of the Lumora Plus {plan} "
                             f"plan with ads exceeds ${amount} on September 30, 2029. Otherwise, this market will resolve "
                             f"to \"No\".")


def test_a_plan_that_costs_more_than_an_amount_has_a_price_above_it() -> None:
    p = _plan_cost("21", "Basic", "14.99")
    assert approved(_plan_price(), p) == [token_named(p, "Yes")]


def test_another_plan_costing_more_stays_apart() -> None:
    assert not approved(_plan_price(), _plan_cost("22", "Premium", "14.99"))


def test_another_amount_stays_apart() -> None:
    p = _plan_cost("23", "Basic", "16.99")
    assert not approved(_plan_price(), p)
    assert verdict(_plan_price(), p).rejected


# --- a count whose noun follows a two-word name -----------------------------------------------------


def _more_than_seven_launches() -> Market:
    return kalshi("KXNOVALAUNCH-29-T7", title="Skyward Nova launches in 2029", yes_sub_title="More than 7",
                  strike_type="greater", floor=7, close_time="2029-12-31T23:00:00Z", category="Science and Technology",
                  rules="If Orbitra conducts more than 7 Skyward Nova launches in calendar year 2029, then the market "
                        "resolves to Yes.")


def _launches_or_more(market_id: str, count: int) -> Market:
    return gamma(market_id, question=f"{count} or more Skyward Nova launches in 2029?", end="2029-12-31T23:00:00Z",
                 description=f"This market will resolve to \"Yes\" if Orbitra launches Skyward Nova {count} or more times "
                             f"between January 1 and December 31, 2029 (UTC). Otherwise, this market will resolve to \"No\".")


def test_more_than_seven_launches_of_a_named_rocket_are_eight_or_more() -> None:
    p = _launches_or_more("31", 8)
    assert approved(_more_than_seven_launches(), p) == [token_named(p, "Yes")]


def test_seven_or_more_launches_are_not_more_than_seven() -> None:
    p = _launches_or_more("32", 7)
    assert not approved(_more_than_seven_launches(), p)
    assert verdict(_more_than_seven_launches(), p).rejected


def test_a_measured_amount_after_two_words_is_no_count() -> None:
    k = kalshi("KXVELOILOUT-29-T7", title="Veloria crude output in 2029", yes_sub_title="More than 7 million barrels",
               strike_type="greater", floor=7, close_time="2029-12-31T23:00:00Z", category="Economics",
               rules="If Veloria produces more than 7 million crude barrels per day on average in 2029, then the market "
                     "resolves to Yes.")
    p = gamma("33", question="8 million crude barrels per day or more from Veloria in 2029?", end="2029-12-31T23:00:00Z",
              description="This market will resolve to \"Yes\" if Veloria produces 8 million crude barrels per day or "
                          "more on average in 2029. Otherwise, this market will resolve to \"No\".")
    assert not approved(k, p)


# --- what a film opens to is its opening weekend's box office ---------------------------------------


def _opening_box_office() -> Market:
    return kalshi("KXOPENHARBOR-29MAR11-80", title="Harbor Lights opening weekend box office", yes_sub_title="Above $80M",
                  strike_type="greater", floor=80000000, close_time="2029-03-12T18:00:00Z", category="Entertainment",
                  rules="If Harbor Lights earns more than $80M in its domestic opening weekend (Mar 9-11, 2029) according "
                        "to The Numbers, then the market resolves to Yes.")


def _opens_to(market_id: str, question: str, where: str) -> Market:
    return gamma(market_id, question=question, end="2029-03-12T00:00:00Z",
                 description=f"This market will resolve to \"Yes\" if Harbor Lights' {where} 3-day opening weekend (Mar "
                             f"9-11, 2029) is $80 million or less per The Numbers. Otherwise, this market will resolve to "
                             f"\"No\".")


def test_a_film_opening_to_an_amount_is_its_opening_box_office() -> None:
    p = _opens_to("41", "Will Harbor Lights open to $80M or less domestically?", "domestic")
    assert approved(_opening_box_office(), p) == [token_named(p, "No")]


def test_a_worldwide_opening_is_not_the_domestic_one() -> None:
    p = _opens_to("42", "Will Harbor Lights open to $80M or less worldwide?", "worldwide")
    assert not approved(_opening_box_office(), p)


# --- a season whose rules count the calendar year ---------------------------------------------------


def _more_than_twelve_storms() -> Market:
    return kalshi("KXPACSTORMS-29-T12", title="Eastern Pacific named storms in 2029", yes_sub_title="Above 12",
                  strike_type="greater", floor=12, close_time="2029-12-31T23:00:00Z", category="Climate and Weather",
                  rules="If the number of Eastern Pacific named storms in 2029 is above 12, then the market resolves to Yes.")


def _storms_in_the_season(market_id: str, counted: str) -> Market:
    return gamma(market_id, question="13 or more named storms in the 2029 Eastern Pacific season?", end="2029-12-31T23:00:00Z",
                 description=f"This market will resolve to \"Yes\" if 13 or more Eastern Pacific named storms are recorded "
                             f"by NHC {counted}. Otherwise, this market will resolve to \"No\".")


def test_a_season_whose_rules_count_the_year_is_that_year() -> None:
    p = _storms_in_the_season("51", "in 2029")
    assert approved(_more_than_twelve_storms(), p) == [token_named(p, "Yes")]


def test_a_season_its_rules_name_stays_a_season() -> None:
    p = _storms_in_the_season("52", "during the 2029 season, from May 15 through November 30")
    assert not approved(_more_than_twelve_storms(), p)
