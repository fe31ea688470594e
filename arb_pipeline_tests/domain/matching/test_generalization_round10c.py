"""General forms of politics, economics and company markets: an option with its abbreviation or
ticker in brackets, an office or a body by the initials of its name, a count of none or of at least
one against the yes/no event it counts, words of one meaning ("become law" / "signed into law",
"hottest" / "warmest"), a country's adjective of a "-land" name, a race whose two outcomes are its
parties, a question after a heading's colon, a two-degree bucket written "45°F or 46°F", and an
official statistic neither market attributes to a source. Each look-alike still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.demonyms import same_country_word
from arb_pipeline.domain.matching.propositions.name_variants import same_name
from arb_pipeline.domain.matching.propositions.names import name_key
from arb_pipeline.domain.matching.propositions.numbers import parse_range
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def _name(label: str) -> Name:
    return Name(name_key(label), label)


# --- an option with its abbreviation in brackets -------------------------------------------------


def _buyer(code: str, option: str) -> Market:
    return kalshi(f"KXBUYQUARRY-28-{code}", title="Who will acquire Quarry Robotics in 2028?", yes_sub_title=option,
                  category="Companies", close_time="2028-12-31T00:00:00Z",
                  rules=f"If {option} announces an agreement to acquire Quarry Robotics before Jan 1, 2029, then the "
                        f"market resolves to Yes.")


def _buyer_question(market_id: str, option: str) -> Market:
    return gamma(market_id, question=f"Will {option} acquire Quarry Robotics in 2028?", group=option,
                 end="2028-12-31T00:00:00Z", event_title="Who will acquire Quarry Robotics in 2028?",
                 description=f"This market will resolve to Yes if {option} announces an agreement to acquire Quarry "
                             f"Robotics by December 31, 2028.")


def test_a_ticker_in_brackets_is_the_company() -> None:
    v = verdict(_buyer("HLX", "Helix Holdings (HLX)"), _buyer_question("1", "Helix Holdings"))
    assert v.agrees, v.reasons


def test_a_ticker_in_brackets_is_still_not_another_company() -> None:
    v = verdict(_buyer("HLX", "Helix Holdings (HLX)"), _buyer_question("2", "Helix Biosystems"))
    assert not v.agrees, v.reasons


def _seats(code: str, option: str) -> Market:
    return kalshi(f"KXVALDORIASEATS-28-{code}", title="Which party will win the most seats in the 2028 Valdoria election?",
                  yes_sub_title=option, category="Politics", close_time="2028-09-20T00:00:00Z",
                  rules=f"If {option} wins the most seats in the 2028 Valdoria parliamentary election, then the market "
                        f"resolves to Yes.")


def _seats_question(market_id: str, option: str) -> Market:
    return gamma(market_id, question=f"Will {option} win the most seats in the 2028 Valdoria election?", group=option,
                 end="2028-09-20T00:00:00Z", event_title="Valdoria parliamentary election: most seats",
                 description=f"This market will resolve to Yes if {option} wins the most seats in the 2028 Valdoria "
                             f"parliamentary election.")


def test_one_abbreviation_in_brackets_on_both_names_is_one_party() -> None:
    # A party under its own language's name on one venue and translated on the other: both tie the
    # name to the same abbreviation.
    v = verdict(_seats("AN", "Alianza Nueva (AN)"), _seats_question("3", "New Alliance (AN)"))
    assert v.agrees, v.reasons


def test_two_abbreviations_in_brackets_are_two_parties() -> None:
    assert not same_name(_name("Alianza Nueva (AN)"), _name("Alianza Nueva Democratica (AND)"))
    v = verdict(_seats("AN", "Alianza Nueva (AN)"), _seats_question("4", "Civic Front (CF)"))
    assert v.rejected, v.reasons


def test_a_party_code_after_two_candidates_names_neither() -> None:
    assert not same_name(_name("Odile Quarrie (VNP)"), _name("Bram Ellery (VNP)"))
    assert not same_name(_name("VNP"), _name("Odile Quarrie (VNP)"))
    assert not same_name(_name("Odile Quarrie (R-TX)"), _name("Bram Ellery (R-TX)"))


def test_a_state_code_in_brackets_still_names_another_school() -> None:
    assert not same_name(_name("Miami (OH)"), _name("Miami"))
    assert not same_name(_name("Miami (OH)"), _name("Miami (FL)"))


# --- an office or a body by the initials of its name --------------------------------------------


def _leaves(ticker: str, office: str) -> Market:
    return kalshi(ticker, title=f"Will the {office} leave office in 2028?", category="Politics",
                  close_time="2028-12-31T00:00:00Z",
                  rules=f"If the {office} leaves office before Jan 1, 2029, then the market resolves to Yes.")


def _out(market_id: str, office: str) -> Market:
    return gamma(market_id, question=f"{office} out in 2028?", end="2028-12-31T00:00:00Z",
                 description=f"This market will resolve to Yes if the {office} leaves office by December 31, 2028.")


def test_an_office_by_the_initials_of_its_words_is_the_office() -> None:
    assert same_name(_name("CNL"), _name("Chief of Naval Logistics"))
    v = verdict(_leaves("KXCNLOUT-28", "Chief of Naval Logistics"), _out("5", "CNL"))
    assert v.agrees, v.reasons


def test_initials_of_another_office_do_not_name_it() -> None:
    assert not same_name(_name("CNO"), _name("Chief of Naval Logistics"))
    v = verdict(_leaves("KXCNLOUT-28", "Chief of Naval Logistics"), _out("6", "CNO"))
    assert not v.agrees, v.reasons


def _declared(code: str, name: str, country: str, body: str) -> Market:
    return kalshi(f"KX{code}PRES-28-OQ", title=f"Who will win the 2028 {country} presidential election?", yes_sub_title=name,
                  category="Politics", close_time="2028-03-01T00:00:00Z",
                  rules=f"If {name} is declared the winner of the 2028 {country} presidential election by {body}, then the "
                        f"market resolves to Yes.")


def _declared_question(market_id: str, name: str, country: str, body: str) -> Market:
    return gamma(market_id, question=f"Will {name} win the 2028 {country} presidential election?", group=name,
                 end="2028-03-01T00:00:00Z", event_title=f"{country} Presidential Election Winner",
                 description=f"This market will resolve to Yes if {name} is declared the winner of the 2028 {country} "
                             f"presidential election by {body}.")


def test_the_body_that_declares_a_result_is_no_place() -> None:
    # Titles In Title Case hide their names: the rules' body was read as where the race is run.
    k = kalshi("KXVLDPRES-28-OQ", title="Valdoria Presidential Election Winner 2028", yes_sub_title="Odile Quarrie",
               category="Politics", close_time="2028-03-01T00:00:00Z",
               rules="If Odile Quarrie is declared the winner of the 2028 presidential election by VNEB, then the market "
                     "resolves to Yes.")
    for market_id, body in (("28", "the Valdoria National Electoral Bureau"), ("29", "the Electoral Commission")):
        p = gamma(market_id, question="Valdoria Presidential Election Winner 2028", group="Odile Quarrie",
                  end="2028-03-01T00:00:00Z", event_title="Valdoria Presidential Election Winner 2028",
                  description=f"This market will resolve to Yes if Odile Quarrie is declared the winner of the 2028 "
                              f"presidential election by {body}.")
        v = verdict(k, p)
        assert v.agrees, v.reasons


def test_a_body_by_its_initials_alone_is_still_read_as_where_the_race_is() -> None:
    k = kalshi("KXVLDPRES-28-OQ", title="Who will win the 2028 presidential election?", yes_sub_title="Odile Quarrie",
               category="Politics", close_time="2028-03-01T00:00:00Z",
               rules="If Odile Quarrie is declared the winner of the 2028 presidential election by VNEB, then the market "
                     "resolves to Yes.")
    v = verdict(k, _declared_question("37", "Odile Quarrie", "Moravian", "the Electoral Commission"))
    assert not v.agrees, v.reasons


def test_the_same_body_in_another_country_is_another_race() -> None:
    k = _declared("VLD", "Odile Quarrie", "Valdorian", "VNEB")
    v = verdict(k, _declared_question("30", "Odile Quarrie", "Moravian", "the Electoral Commission"))
    assert v.rejected, v.reasons


# --- a count of none or at least one, and the event it counts -----------------------------------


def _hikes(code: str, count: int) -> Market:
    return kalshi(f"KXVALHIKES-28-{code}", title="How many times will the Valdoria central bank raise rates in 2028?",
                  yes_sub_title=f"{count} hikes", category="Economics", close_time="2028-12-31T00:00:00Z",
                  rules=f"If the Valdoria central bank raises its policy rate exactly {count} times in 2028, then the "
                        f"market resolves to Yes.")


def _hike_question(market_id: str, question: str, condition: str) -> Market:
    return gamma(market_id, question=question, end="2028-12-31T00:00:00Z",
                 description=f"This market will resolve to Yes if the Valdoria central bank {condition} at any meeting "
                             f"in 2028. Otherwise, this market will resolve to No.")


def test_a_count_of_none_is_the_event_not_happening() -> None:
    v = verdict(_hikes("0", 0), _hike_question("7", "Will no Valdoria rate hikes happen in 2028?", "does not raise rates"))
    assert v.agrees, v.reasons
    assert v.yes_token == read(_hike_question("7", "Will no Valdoria rate hikes happen in 2028?",
                                              "does not raise rates")).outcomes[0].token_id


def test_a_count_of_none_is_the_no_of_the_event() -> None:
    p = _hike_question("8", "Valdoria rate hike in 2028?", "raises rates")
    v = verdict(_hikes("0", 0), p)
    assert v.agrees, v.reasons
    assert v.yes_token == next(t.token_id for t in read(p).outcomes if t.name == "No")


def test_no_before_a_name_or_a_hyphen_is_no_not() -> None:
    for question in ("Will No Labels field a candidate in 2028?", "No-hitter thrown in 2028?"):
        assert not read(gamma("33", question=question, end="2028-12-31T00:00:00Z")).frame.negated
    assert read(gamma("34", question="No rate hike in 2028?", end="2028-12-31T00:00:00Z")).frame.negated


def test_a_count_of_exactly_one_is_no_yes_no_event() -> None:
    v = verdict(_hikes("1", 1), _hike_question("9", "Valdoria rate hike in 2028?", "raises rates"))
    assert v.rejected, v.reasons


def test_a_count_of_none_of_another_thing_does_not_agree() -> None:
    v = verdict(_hikes("0", 0), _hike_question("10", "Valdoria rate cut in 2028?", "cuts rates"))
    assert not v.agrees, v.reasons


def _landfall() -> Market:
    return kalshi("KXLANDFALLTX-28", title="Will a hurricane make landfall in Texas in 2028?", category="Climate and Weather",
                  close_time="2028-12-31T00:00:00Z",
                  rules="If a hurricane makes landfall in Texas between Jan 1, 2028 and Dec 31, 2028, then the market "
                        "resolves to Yes.")


def _landfall_question(market_id: str, grade: str) -> Market:
    return gamma(market_id, question="Hurricane landfall in Texas in 2028?", end="2028-12-31T00:00:00Z",
                 description=f"This market will resolve to Yes if a hurricane of {grade} makes landfall in Texas between "
                             f"January 1, 2028 and December 31, 2028. Otherwise No.")


def test_rules_that_count_any_grade_of_the_event_state_the_event() -> None:
    # "Category 1 or higher" read as a value of at least one: every hurricane is.
    v = verdict(_landfall(), _landfall_question("31", "Category 1 or higher"))
    assert v.agrees, v.reasons


def test_rules_that_count_a_higher_grade_do_not_state_the_event() -> None:
    v = verdict(_landfall(), _landfall_question("32", "Category 3 or higher"))
    assert not v.agrees, v.reasons


# --- words of one meaning -----------------------------------------------------------------------


def _bill(verb: str) -> Market:
    return kalshi("KXHARBORACT-28", title=f"Will the Harbor Safety Act {verb} in 2028?", category="Politics",
                  close_time="2028-12-31T00:00:00Z",
                  rules=f"If the Harbor Safety Act {verb}s before Jan 1, 2029, then the market resolves to Yes.")


def _bill_question(market_id: str, phrase: str) -> Market:
    return gamma(market_id, question=f"Harbor Safety Act {phrase} in 2028?", end="2028-12-31T00:00:00Z",
                 description=f"This market will resolve to Yes if the Harbor Safety Act is {phrase} by December 31, 2028.")


def test_becoming_law_is_being_signed_into_law_or_enacted() -> None:
    assert verdict(_bill("become law"), _bill_question("11", "signed into law")).agrees
    assert verdict(_bill("become law"), _bill_question("12", "enacted")).agrees


def test_becoming_law_is_not_passing_one_chamber() -> None:
    v = verdict(_bill("become law"), _bill_question("13", "passed by the House"))
    assert v.rejected, v.reasons
    v = verdict(_bill("become law"), _bill_question("14", "passed"))
    assert v.rejected, v.reasons


def _record(word: str) -> Market:
    return kalshi("KXRECORDYEAR-28", title=f"Will 2028 be the {word} year on record?", category="Climate and Weather",
                  close_time="2029-01-20T00:00:00Z",
                  rules=f"If 2028 is the {word} year on record according to NOAA, then the market resolves to Yes.")


def _record_question(market_id: str, word: str) -> Market:
    return gamma(market_id, question=f"2028 {word} year on record?", end="2029-01-20T00:00:00Z",
                 description=f"This market will resolve to Yes if 2028 is the {word} year on record according to NOAA.")


def test_the_hottest_year_is_the_warmest_year() -> None:
    v = verdict(_record("hottest"), _record_question("15", "warmest"))
    assert v.agrees, v.reasons


def test_the_hottest_year_is_not_the_coldest() -> None:
    v = verdict(_record("hottest"), _record_question("16", "coldest"))
    assert not v.agrees, v.reasons


def test_the_adjective_of_a_land_is_the_land() -> None:
    assert same_country_word("scottish", "scotland")
    assert same_country_word("finnish", "finland")
    assert same_country_word("icelandic", "iceland")
    assert same_country_word("thai", "thailand")
    assert not same_country_word("scottish", "finland")
    assert not same_country_word("polish", "poland")  # also a verb


def _vote(ticker: str, title: str, rules: str) -> Market:
    return kalshi(ticker, title=title, category="Politics", close_time="2028-12-31T00:00:00Z", rules=rules)


def test_a_referendum_by_the_land_adjective_is_the_land_referendum() -> None:
    k = _vote("KXFINREF-28", "Will a Finnish EU membership referendum be held in 2028?",
              "If a Finnish EU membership referendum is held before Jan 1, 2029, then the market resolves to Yes.")
    p = gamma("17", question="Finland EU membership referendum in 2028?", end="2028-12-31T00:00:00Z",
              description="This market will resolve to Yes if an EU membership referendum is held in Finland by "
                          "December 31, 2028.")
    v = verdict(k, p)
    assert v.agrees, v.reasons


def test_another_land_referendum_does_not_agree() -> None:
    k = _vote("KXFINREF-28", "Will a Finnish EU membership referendum be held in 2028?",
              "If a Finnish EU membership referendum is held before Jan 1, 2029, then the market resolves to Yes.")
    p = gamma("18", question="Iceland EU membership referendum in 2028?", end="2028-12-31T00:00:00Z",
              description="This market will resolve to Yes if an EU membership referendum is held in Iceland by "
                          "December 31, 2028.")
    assert not verdict(k, p).agrees


# --- races: parties as outcomes, a question after a colon ---------------------------------------


def _party_race(code: str, party: str, state: str = "Oregon") -> Market:
    return kalshi(f"KXGOV{code}-28-{party[0]}", title=f"Will the {party} candidate win the {state} governor race in 2028?",
                  yes_sub_title=party, category="Politics", close_time="2028-11-08T00:00:00Z",
                  rules=f"If the {party} candidate wins the 2028 {state} gubernatorial election, then the market "
                        f"resolves to Yes.")


def _parties(market_id: str, state: str = "Oregon") -> Market:
    return gamma(market_id, question=f"{state} Governor Election: Republican vs. Democrat",
                 outcomes=("Republican", "Democrat"), end="2028-11-08T00:00:00Z",
                 description=f"This market will resolve to the party whose candidate wins the 2028 {state} governor "
                             f"election.")


def test_a_race_whose_outcomes_are_its_parties_pays_on_the_party() -> None:
    p = _parties("19")
    v = verdict(_party_race("OR", "Democratic"), p)
    assert v.agrees, v.reasons
    assert v.yes_token == next(t.token_id for t in read(p).outcomes if t.name == "Democrat")


def test_each_party_of_a_race_meets_the_market_of_both_parties() -> None:
    # Blocking meets a race's markets on their option; a market whose outcomes are both parties is
    # a candidate for either party's Kalshi market, not only for its first outcome's.
    republican, democratic, p = _party_race("OR", "Republican"), _party_race("OR", "Democratic"), _parties("27")
    pairs = {pair.kalshi_ticker: pair for pair in match_markets([republican, democratic], [p])}
    assert pairs[democratic.market_id].status is PairStatus.APPROVED, pairs
    assert pairs[democratic.market_id].polymarket_yes_token == token_named(p, "Democrat")
    assert pairs[republican.market_id].polymarket_yes_token == token_named(p, "Republican")


def test_a_party_race_in_another_state_does_not_agree() -> None:
    v = verdict(_party_race("OR", "Democratic"), _parties("20", "Nevada"))
    assert v.rejected, v.reasons


def _candidate(code: str, name: str) -> Market:
    return kalshi(f"KXMAYORPRIMARY-28-{code}", title="Who will win the 2028 Tacoma Democratic mayoral primary?",
                  yes_sub_title=name, category="Politics", close_time="2028-08-05T00:00:00Z",
                  rules=f"If {name} wins the 2028 Democratic primary for Mayor of Tacoma, then the market resolves to Yes.")


def _after_colon(market_id: str, name: str) -> Market:
    return gamma(market_id, question=f"Tacoma Democratic mayoral primary: will {name} win?", end="2028-08-05T00:00:00Z",
                 description=f"This market will resolve to Yes if {name} wins the 2028 Democratic primary for Mayor of "
                             f"Tacoma.")


def test_a_question_after_a_heading_colon_names_the_candidate() -> None:
    v = verdict(_candidate("OQ", "Odile Quarrie"), _after_colon("21", "Odile Quarrie"))
    assert v.agrees, v.reasons


def test_a_question_after_a_colon_about_another_candidate_does_not_agree() -> None:
    v = verdict(_candidate("OQ", "Odile Quarrie"), _after_colon("22", "Bram Ellery"))
    assert not v.agrees, v.reasons


# --- a two-degree bucket written with "or" ------------------------------------------------------


def test_two_neighbouring_values_joined_by_or_are_their_bucket() -> None:
    assert parse_range(fold("is 61°F or 62°F. Otherwise No.")).value_range.describe("°") == "61°F to 62°F"
    assert parse_range(fold("is 2.9% or 3.0%")).value_range.describe("%") == "2.9% to 3.0%"
    # Two values further apart are no bucket, nor are two prices, quoted in cents.
    assert parse_range(fold("is 61°F or 63°F")).value_range.describe("°") == "exactly 61°F"
    assert parse_range(fold("closes at $41 or $42")).value_range.describe("$") != "$41 to $42"


def _midway(floor: int) -> Market:
    return kalshi(f"KXHIGHCHI-28APR14-B{floor}.5", title=f"Will the high temp in Chicago be {floor}° to {floor + 1}° on Apr 14, 2028?",
                  yes_sub_title=f"{floor}° to {floor + 1}°", strike_type="between", floor=floor, cap=floor + 1,
                  category="Climate and Weather", close_time="2028-04-15T06:00:00Z",
                  rules=f"If the highest temperature recorded at Chicago Midway, IL for Apr 14, 2028 is between {floor}° "
                        f"and {floor + 1}°, then the market resolves to Yes.")


def _midway_question(market_id: str, low: int) -> Market:
    return gamma(market_id, question=f"Will the highest temperature in Chicago be between {low}-{low + 1}°F on April 14?",
                 group=f"{low}-{low + 1}°F", end="2028-04-15T06:00:00Z", event_title="Highest temperature in Chicago on April 14?",
                 description=f"This market will resolve to \"Yes\" if the highest temperature recorded at Chicago Midway "
                             f"(KMDW) on April 14, 2028 is {low}°F or {low + 1}°F. Otherwise \"No\".")


def test_a_bucket_whose_rules_write_both_degrees_is_the_bucket() -> None:
    v = verdict(_midway(61), _midway_question("23", 61))
    assert v.agrees, v.reasons
    assert not any("contradicts itself" in r for r in v.reasons)


def test_a_neighbouring_bucket_still_differs() -> None:
    assert verdict(_midway(61), _midway_question("24", 63)).rejected


# --- an official statistic neither market attributes ---------------------------------------------


def _core_pce() -> Market:
    return kalshi("KXPCECORE-28MAR-T2.6", title="Core PCE inflation in March 2028: Above 2.6%", yes_sub_title="Above 2.6%",
                  event_title="Core PCE inflation in March 2028", strike_type="greater", floor=2.6,
                  close_time="2028-04-28T12:30:00Z",
                  rules="If core PCE inflation for March 2028 is above 2.6%, then the market resolves to Yes.")


def _core_pce_question(market_id: str, source: str = "") -> Market:
    return gamma(market_id, question="Core PCE inflation 2.7% or higher in March?", end="2028-04-28T12:30:00Z",
                 event_title="Core PCE inflation in March?",
                 description=f'Resolves "Yes" if core PCE inflation for March 2028{source} is 2.7% or higher.')


def test_an_official_statistic_neither_attributes_is_the_official_release() -> None:
    v = verdict(_core_pce(), _core_pce_question("25"))
    assert v.agrees, v.reasons
    assert "resolution source" not in v.unsettled, v.reasons


def test_a_source_named_by_one_market_only_still_waits() -> None:
    v = verdict(_core_pce(), _core_pce_question("26", ", as published by Truflation,"))
    assert not v.agrees, v.reasons


# --- a commodity's word inside a tracker's name -------------------------------------------------


def _favourability(rules_source: str) -> Market:
    return kalshi("KXFAVOR-28MAR31-T52", title="Quarrie favourability on Mar 31, 2028: above 52%?", yes_sub_title="Above 52%",
                  category="Politics", strike_type="greater", floor=52, close_time="2028-03-31T23:00:00Z",
                  rules=f"If Odile Quarrie's net favourability on the {rules_source} for Mar 31, 2028 is above 52%, then the "
                        f"market resolves to Yes.")


def _favourability_question(market_id: str, rules_source: str) -> Market:
    return gamma(market_id, question="Quarrie favourability above 52% on March 31?", end="2028-04-01T12:00:00Z",
                 description=f"This market will resolve to Yes if Odile Quarrie's net favourability, according to the "
                             f"{rules_source}, is above 52% on March 31, 2028.")


def test_a_tracker_named_with_a_metal_is_no_metal_price() -> None:
    # Read as the gold price, a value of a moment, the pair waited for a time of day neither states.
    v = verdict(_favourability("Gold Standard tracker"), _favourability_question("35", "Gold Standard tracker"))
    assert v.agrees, v.reasons
    assert "time of day" not in v.unsettled


def test_the_metal_price_is_still_the_metal() -> None:
    k = kalshi("KXGOLDD-28MAR31-T3000", title="Gold price on Mar 31, 2028: above $3,000?", yes_sub_title="Above $3,000",
               category="Financials", strike_type="greater", floor=3000, close_time="2028-03-31T21:30:00Z",
               rules="If the COMEX Gold Futures settlement price for Mar 31, 2028 is above $3,000, then the market resolves "
                     "to Yes.")
    assert read(k).measure is not None and read(k).measure.key == "index:GOLD"
    assert not verdict(k, _favourability_question("36", "Gold Standard tracker")).agrees
