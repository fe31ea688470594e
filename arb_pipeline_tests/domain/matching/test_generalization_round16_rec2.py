"""Forms of the sixteenth round's blind sets outside sports (awards, television, space, weather,
storms, transport), on invented markets."""

from __future__ import annotations

from arb_pipeline.domain.matching.propositions.numbers import parse_range
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict

# --- a work's option written author first, its title longer than a name -----------------------------


def _album_prize() -> Market:
    return kalshi("KXMUSICAOTY-29-RVAL", title="Harmony Awards 2029: Album of the Year",
                  yes_sub_title="Rhea Vale - The Weight of a Quiet Morning", close_time="2029-02-10T06:00:00Z",
                  category="Entertainment",
                  rules="If The Weight of a Quiet Morning by Rhea Vale wins Album of the Year at the 12th Harmony "
                        "Awards, then the market resolves to Yes.")


def _prize_question(market_id: str, question: str, description: str, group: str) -> Market:
    # One market of the event's group per artist, as Polymarket lists a category's nominees.
    return gamma(market_id, question=question, end="2029-02-10T05:00:00Z", description=description, group=group,
                 event_title="Harmony Awards 2029: Album of the Year")


def test_an_author_first_work_is_the_artist_who_wins_its_prize() -> None:
    p = _prize_question("1601", "Will Rhea Vale win Album of the Year at the 2029 Harmony Awards?",
                        "This market resolves \"Yes\" if Rhea Vale's \"The Weight of a Quiet Morning\" wins Album of the "
                        "Year at the 12th Harmony Awards. Otherwise \"No\".", "Rhea Vale")
    assert approved(_album_prize(), p) == [token_named(p, "Yes")]


def test_the_same_artist_in_another_category_is_rejected() -> None:
    p = _prize_question("1602", "Will Rhea Vale win Record of the Year at the 2029 Harmony Awards?",
                        "This market resolves \"Yes\" if a recording by Rhea Vale wins Record of the Year at the 12th "
                        "Harmony Awards. Otherwise \"No\".", "Rhea Vale")
    assert not approved(_album_prize(), p)
    assert verdict(_album_prize(), p).rejected


def test_another_artist_for_the_same_prize_is_rejected() -> None:
    p = _prize_question("1603", "Will Jonah Brant win Album of the Year at the 2029 Harmony Awards?",
                        "This market resolves \"Yes\" if Jonah Brant's album wins Album of the Year at the 12th Harmony "
                        "Awards. Otherwise \"No\".", "Jonah Brant")
    assert not approved(_album_prize(), p)


def _chart_author_first() -> Market:
    return kalshi("KXTOPALBUM-29MAR03-RVAL", title="Top album on the Melody 100 for Mar 3, 2029",
                  yes_sub_title="Rhea Vale - The Weight of a Quiet Morning",
                  rules="If The Weight of a Quiet Morning by Rhea Vale is #1 on the Melody 100 chart dated Mar 3, 2029, "
                        "then the market resolves to Yes.", close_time="2029-02-28T17:00:00Z", category="Entertainment")


def test_an_author_first_chart_option_against_the_author_alone_waits_for_a_person() -> None:
    p = gamma("1604", question="Will Rhea Vale have the #1 album on the Melody 100 dated March 3, 2029?",
              description="This market will resolve to \"Yes\" if any album credited to Rhea Vale is No. 1 on the "
                          "Melody 100 dated March 3, 2029. Otherwise, this market will resolve to \"No\".",
              end="2029-02-28T17:00:00Z")
    assert approved(_chart_author_first(), p) == []


# --- an annual event's ordinal edition against its year -----------------------------------------------


def _edition_ratings(rules: str = "If Nielsen reports viewership of the 57th Harvest Music Awards telecast above 8 "
                                  "million, then the market resolves to Yes.") -> Market:
    return kalshi("KXHMAVIEWERS-29-T8", title="57th Harvest Music Awards viewership", yes_sub_title="Above 8 million",
                  strike_type="greater", floor=8, close_time="2029-02-20T00:00:00Z", category="Entertainment", rules=rules)


def _year_ratings(market_id: str, question: str, description: str, end: str = "2029-02-19T23:00:00Z") -> Market:
    return gamma(market_id, question=question, end=end, description=description)


def test_an_ordinal_edition_is_the_edition_of_the_year_it_closes_in() -> None:
    p = _year_ratings("1611", "Will the 2029 Harvest Music Awards draw more than 8 million viewers?",
                      "Resolves \"Yes\" if Nielsen's reported average viewership for the February 15, 2029 Harvest Music "
                      "Awards telecast exceeds 8 million.")
    assert approved(_edition_ratings(), p) == [token_named(p, "Yes")]


def test_an_ordinal_edition_the_year_market_also_numbers_is_approved() -> None:
    p = _year_ratings("1612", "Harvest Music Awards 2029 viewership above 8 million?",
                      "Resolves \"Yes\" if the 57th Harvest Music Awards (Feb 15, 2029) average more than 8 million "
                      "viewers per Nielsen.")
    assert approved(_edition_ratings(), p) == [token_named(p, "Yes")]


def test_another_edition_number_in_the_year_market_is_not_approved() -> None:
    p = _year_ratings("1613", "Harvest Music Awards 2029 viewership above 8 million?",
                      "Resolves \"Yes\" if the 58th Harvest Music Awards average more than 8 million viewers per Nielsen.")
    assert not approved(_edition_ratings(), p)


def test_an_edition_closing_apart_from_the_year_market_is_not_approved() -> None:
    p = _year_ratings("1614", "Will the 2029 Harvest Music Awards draw more than 8 million viewers?",
                      "Resolves \"Yes\" if Nielsen's reported average viewership for the 2029 Harvest Music Awards "
                      "telecast exceeds 8 million.", end="2029-12-31T23:00:00Z")
    assert not approved(_edition_ratings(), p)


def test_a_known_ceremonys_edition_of_another_year_is_not_approved() -> None:
    k = kalshi("KXOSCARVIEWERS-29-T18", title="100th Oscars US viewership", yes_sub_title="Above 18 million",
               strike_type="greater", floor=18, close_time="2029-03-15T00:00:00Z", category="Entertainment",
               rules="If Nielsen reports US viewership of the 100th Academy Awards telecast above 18 million, then the "
                     "market resolves to Yes.")
    p = _year_ratings("1617", "Will the 2029 Oscars draw more than 18 million viewers?",
                      "Resolves \"Yes\" if Nielsen's reported average US viewership for the 2029 Academy Awards telecast "
                      "exceeds 18 million.", end="2029-03-14T23:00:00Z")
    assert not approved(k, p)


def test_an_ordinal_of_a_common_noun_is_no_edition() -> None:
    k = kalshi("KXSANCTIONPKG-29", title="21st sanctions package adopted by the EU?", yes_sub_title="Adopted",
               close_time="2029-07-01T04:00:00Z", category="Politics",
               rules="If the EU formally adopts its 21st sanctions package against Russia, then the market resolves to "
                     "Yes.")
    p = gamma("1615", question="Will the EU adopt a new sanctions package against Russia in 2029?",
              end="2029-07-01T03:00:00Z",
              description="Resolves \"Yes\" if the Council of the EU adopts a new package of sanctions against Russia "
                          "in 2029.")
    assert not approved(k, p)


def test_draws_of_a_team_are_no_audience() -> None:
    k = kalshi("KXCLUBDRAWS-29-T10", title="Harbor City FC league draws in 2029", yes_sub_title="Above 10",
               strike_type="greater", floor=10, close_time="2029-12-01T00:00:00Z", category="Sports",
               rules="If Harbor City FC draws more than 10 league matches in the 2029 season, then the market resolves "
                     "to Yes.")
    p = gamma("1616", question="Will Harbor City FC win more than 10 league matches in 2029?", end="2029-12-01T00:00:00Z",
              description="Resolves \"Yes\" if Harbor City FC wins more than 10 league matches in the 2029 season.")
    assert not approved(k, p)


# --- a launch vehicle that "flies" so many times; rockets launched ---------------------------------


def _launch_count(ticker: str, title: str, floor: int, rules: str) -> Market:
    return kalshi(ticker, title=title, yes_sub_title=f"Above {floor}", strike_type="greater", floor=floor,
                  close_time="2030-01-01T05:00:00Z", category="Science and Technology", rules=rules)


def _launch_question(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, end="2029-12-31T23:59:00Z", description=description)


def _aurora_heavy() -> Market:
    return _launch_count("KXAURORAHEAVY-29-T4", "Aurora Heavy launches in 2029", 4,
                         "If Orbiton conducts more than 4 Aurora Heavy launches in 2029, then the market resolves to Yes.")


def test_a_rocket_that_flies_more_than_n_times_launches_more_than_n_times() -> None:
    p = _launch_question("1621", "Will Aurora Heavy fly more than 4 times in 2029?",
                         "Resolves \"Yes\" if Orbiton launches Aurora Heavy at least 5 times in calendar 2029.")
    assert approved(_aurora_heavy(), p) == [token_named(p, "Yes")]


def test_flying_n_or_more_times_is_not_more_than_n() -> None:
    p = _launch_question("1622", "Will Aurora Heavy fly 4 or more times in 2029?",
                         "Resolves \"Yes\" if Orbiton launches Aurora Heavy at least 4 times in 2029.")
    assert not approved(_aurora_heavy(), p)
    assert verdict(_aurora_heavy(), p).rejected


def test_times_that_multiply_a_value_count_nothing() -> None:
    assert parse_range("fly more than 4 times in 2029").count_noun == "times"
    assert parse_range("trade above 3 times its listing price").count_noun is None
    assert parse_range("more than 2 times higher than last year").count_noun is None


def _aurora_count() -> Market:
    return _launch_count("KXORBITONLAUNCHES-29-T40", "Orbiton Aurora launches in 2029", 40,
                         "If the number of Orbiton Aurora 5 and Aurora Heavy launches in 2029 is above 40, then the market "
                         "resolves to Yes.")


def test_launching_more_than_n_rockets_is_more_than_n_launches() -> None:
    p = _launch_question("1623", "Will Orbiton launch more than 40 Aurora rockets in 2029?",
                         "Resolves \"Yes\" if Orbiton conducts more than 40 Aurora 5 / Aurora Heavy launches between Jan 1 "
                         "and Dec 31, 2029 (UTC).")
    assert approved(_aurora_count(), p) == [token_named(p, "Yes")]


def test_launching_satellites_is_no_count_of_launches() -> None:
    p = _launch_question("1624", "Will Orbiton launch more than 40 satellites in 2029?",
                         "Resolves \"Yes\" if Orbiton places more than 40 satellites in orbit between Jan 1 and Dec 31, "
                         "2029 (UTC).")
    assert not approved(_aurora_count(), p)


def test_all_orbital_launches_are_not_one_rockets() -> None:
    p = _launch_question("1625", "Will Orbiton conduct more than 40 orbital launches in 2029?",
                         "Resolves \"Yes\" if Orbiton conducts more than 40 orbital launches of any vehicle in 2029.")
    assert not approved(_aurora_count(), p)


# --- the first occurrence of an event by a deadline ---------------------------------------------------


def _first_delivery() -> Market:
    return kalshi("KXSKYLARK-29OCT01", title="Aerion Skylark first delivery before Oct 1, 2029?",
                  yes_sub_title="Before Oct 1, 2029", close_time="2029-10-01T04:00:00Z", category="Transportation",
                  rules="If Aerion delivers the first Skylark jet to a customer airline before Oct 1, 2029, then the "
                        "market resolves to Yes.")


def _by_september(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, end="2029-10-01T03:59:00Z", description=description)


def test_an_events_first_occurrence_by_a_deadline_is_the_event_by_it() -> None:
    p = _by_september("1631", "Aerion Skylark delivered by September 30, 2029?",
                      "Resolves \"Yes\" if Aerion hands over a Skylark jet to an airline customer by September 30, 2029.")
    assert approved(_first_delivery(), p) == [token_named(p, "Yes")]


def test_a_first_delivery_is_no_certification() -> None:
    p = _by_september("1632", "Will regulators certify the Aerion Skylark by September 30, 2029?",
                      "Resolves \"Yes\" if the aviation regulator grants type certification for the Skylark by September "
                      "30, 2029.")
    assert not approved(_first_delivery(), p)


def test_a_first_flight_is_no_delivery() -> None:
    k = kalshi("KXSKYLARKFLT-29OCT01", title="Aerion Skylark first flight before Oct 1, 2029?",
               yes_sub_title="Before Oct 1, 2029", close_time="2029-10-01T04:00:00Z", category="Transportation",
               rules="If the Aerion Skylark completes its first flight before Oct 1, 2029, then the market resolves to "
                     "Yes.")
    p = _by_september("1633", "Aerion Skylark delivered by September 30, 2029?",
                      "Resolves \"Yes\" if Aerion hands over the first Skylark jet to an airline customer by September 30, "
                      "2029.")
    assert not approved(k, p)


# --- a YES side its rules define by a threshold in brackets -------------------------------------------


def _measurable_rain() -> Market:
    return kalshi("KXRAINRIV-30JAN01", title="Rain at Riverton Airport on Jan 1, 2030?", yes_sub_title="Measurable rain",
                  close_time="2030-01-02T12:00:00Z", category="Climate and Weather",
                  rules="If Riverton Airport records measurable rainfall (0.01 inches or more) on Jan 1, 2030, then the "
                        "market resolves to Yes. A trace does not count.")


def _rain_question(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, end="2030-01-02T12:00:00Z", description=description)


def test_a_yes_side_defined_by_a_bracketed_threshold_is_that_threshold() -> None:
    p = _rain_question("1641", "Will Riverton Airport record 0.01 inches or more of rain on January 1, 2030?",
                       "Resolves \"Yes\" if Riverton Airport records 0.01 inches or more of rainfall on January 1, 2030, "
                       "per the NWS Daily Climate Report.")
    assert approved(_measurable_rain(), p) == [token_named(p, "Yes")]


def test_less_than_the_defining_threshold_pays_on_its_no() -> None:
    p = _rain_question("1642", "Will Riverton Airport record less than 0.01 inches of rain on January 1, 2030?",
                       "Resolves \"Yes\" if Riverton Airport records less than 0.01 inches of rainfall on January 1, 2030 "
                       "(a trace counts as less), per the NWS Daily Climate Report.")
    v = verdict(_measurable_rain(), p)
    assert not v.rejected
    assert v.yes_token == token_named(p, "No")


def test_another_threshold_than_the_defining_one_is_rejected() -> None:
    p = _rain_question("1643", "Will Riverton Airport record 0.1 inches or more of rain on January 1, 2030?",
                       "Resolves \"Yes\" if Riverton Airport records 0.1 inches or more of rainfall on January 1, 2030, "
                       "per the NWS Daily Climate Report.")
    assert not approved(_measurable_rain(), p)
    assert verdict(_measurable_rain(), p).rejected



# --- a city and the station its rules name; a "-less" word on the low side of a threshold --------------


def _snow_at_midway() -> Market:
    return kalshi("KXSNOWNYDCHI-30", title="Snow at Midway on New Year's Day 2030?", yes_sub_title="Measurable snow",
                  close_time="2030-01-02T12:00:00Z", category="Climate and Weather",
                  rules="If Chicago Midway records measurable snowfall (0.1 inches or more) on Jan 1, 2030, then the "
                        "market resolves to Yes. A trace does not count.")


def _new_years_question(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, end="2030-01-02T12:00:00Z", description=description)


def test_a_snowless_day_in_the_city_of_the_station_is_the_no_of_measurable_snow() -> None:
    p = _new_years_question("1651", "Will Chicago have a snowless New Year's Day 2030?",
                            "This market will resolve to \"Yes\" if Chicago Midway records less than 0.1 inches of snowfall "
                            "on January 1, 2030 (a trace counts as snowless), per the NWS Daily Climate Report. If 0.1 "
                            "inches or more is recorded, \"No\".")
    assert approved(_snow_at_midway(), p) == [token_named(p, "No")]


def test_the_city_whose_rules_name_another_station_is_not_the_station() -> None:
    p = _new_years_question("1652", "Will Chicago have a snowless New Year's Day 2030?",
                            "This market will resolve to \"Yes\" if Chicago O'Hare records less than 0.1 inches of snowfall "
                            "on January 1, 2030, per the NWS Daily Climate Report.")
    assert not approved(_snow_at_midway(), p)


def test_a_snow_depth_on_the_day_is_another_threshold() -> None:
    p = _new_years_question("1653", "Will Chicago have a white New Year's Day 2030?",
                            "Resolves \"Yes\" if Chicago Midway reports a snow depth of 1 inch or more on the morning of "
                            "January 1, 2030.")
    assert not approved(_snow_at_midway(), p)
