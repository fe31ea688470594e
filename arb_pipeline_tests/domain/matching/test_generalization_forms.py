"""General forms that carry the matcher to markets of kinds it was never shown: a central bank no
list names, known by its form; a number stated with and without its unit; names in short and long
forms; verbs of the same action; a running total read "as of" or "by" a day; which of two
Polymarket markets states the Kalshi proposition. Each look-alike still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


# --- a central bank by its form ---------------------------------------------------------------------


def _bank_of_israel_hold() -> Market:
    return kalshi("KXBOI-26MAY-HOLD", title="Bank of Israel rate decision May 2026: Hold", yes_sub_title="Hold",
                  event_title="Bank of Israel rate decision May 2026", close_time="2026-05-25T13:00:00Z",
                  rules="If the Bank of Israel keeps its policy rate unchanged in the decision announced on May 25, 2026, "
                        "then the market resolves to Yes.")


def test_a_bank_no_list_names_decides_its_rate() -> None:
    same = gamma("1", question="Bank of Israel: No change in May?", group="No change", end="2026-05-25T14:00:00Z",
                 description='This market resolves according to the interest rate decision the Bank of Israel announces on '
                             'May 25, 2026: "Yes" if the rate is unchanged, otherwise "No".')
    assert verdict(_bank_of_israel_hold(), same).agrees, verdict(_bank_of_israel_hold(), same).reasons


def test_another_bank_known_only_by_its_form_does_not_agree() -> None:
    other = gamma("2", question="Bank of Thailand: No change in May?", group="No change", end="2026-05-25T14:00:00Z",
                  description='This market resolves according to the interest rate decision the Bank of Thailand announces '
                              'on May 25, 2026: "Yes" if the rate is unchanged, otherwise "No".')
    assert not verdict(_bank_of_israel_hold(), other).agrees


def test_a_one_word_bank_deciding_its_rate_is_a_central_bank() -> None:
    k = kalshi("KXNATBANK-26JUN-C25", title="Nationalbank rate decision Jun 2026: Cut 0.25 pp", yes_sub_title="Cut 0.25 pp",
               event_title="Nationalbank rate decision Jun 2026", close_time="2026-06-11T14:00:00Z",
               rules="If Danmarks Nationalbank reduces its current-account rate by 0.25 percentage point in the decision "
                     "announced on Jun 11, 2026, then the market resolves to Yes.")
    cut = gamma("1", question="Nationalbank: Decrease 25 bps in June?", group="Decrease 25 bps", end="2026-06-11T15:00:00Z",
                description='This market resolves according to the rate decision Danmarks Nationalbank announces on June '
                            '11, 2026: "Yes" if its current-account rate is lowered by 25 bps, otherwise "No".')
    hike = gamma("2", question="Nationalbank: Increase 25 bps in June?", group="Increase 25 bps", end="2026-06-11T15:00:00Z",
                 description='This market resolves according to the rate decision Danmarks Nationalbank announces on June '
                             '11, 2026: "Yes" if its current-account rate is raised by 25 bps, otherwise "No".')
    assert verdict(k, cut).agrees, verdict(k, cut).reasons
    assert verdict(k, hike).rejected


# --- a number with and without its unit -------------------------------------------------------------


def test_a_size_written_onto_its_unit_is_the_size_the_rules_give_in_basis_points() -> None:
    k = kalshi("KXBOI-26MAY-C25", title="Bank of Israel Cut 25bps on May 25, 2026?", yes_sub_title="Cut 25bps",
               event_title="Bank of Israel decision May 2026", close_time="2026-05-25T13:00:00Z",
               rules="If the Bank of Israel lowers its policy rate by 25 basis points in its announcement of May 25, 2026, "
                     "then the market resolves to Yes.")
    same = gamma("1", question="Bank of Israel 25 bps decrease in May?", group="25 bps decrease", end="2026-05-25T14:00:00Z",
                 description='This market will resolve to "Yes" if the change to the Bank of Israel\'s policy rate '
                             'announced on May 25, 2026 matches "25 bps decrease". Otherwise "No".')
    larger = gamma("2", question="Bank of Israel 50 bps decrease in May?", group="50 bps decrease", end="2026-05-25T14:00:00Z",
                   description='This market will resolve to "Yes" if the change to the Bank of Israel\'s policy rate '
                               'announced on May 25, 2026 matches "50 bps decrease". Otherwise "No".')
    assert verdict(k, same).agrees, verdict(k, same).reasons
    assert verdict(k, larger).rejected


def test_a_unit_glued_to_a_number_is_the_number_among_the_statement_words() -> None:
    from arb_pipeline.domain.matching.propositions.frames import statement_words

    assert "25" in statement_words("a 25bps move of the repo line", None)
    assert "25bps" not in statement_words("a 25bps move of the repo line", None)


# --- words of one thing ------------------------------------------------------------------------------


def test_an_ordinal_in_words_is_the_ordinal_in_figures() -> None:
    k = kalshi("KXNBADRAFT1-27-FLA", title="First pick in the 2027 NBA Draft: Jordan Flagg", yes_sub_title="Jordan Flagg",
               event_title="First pick in the 2027 NBA Draft", category="Sports", close_time="2027-06-24T23:00:00Z",
               rules="If Jordan Flagg is selected with the first overall pick of the 2027 NBA Draft, then the market "
                     "resolves to Yes.")
    first = gamma("1", question="Will Jordan Flagg be the #1 pick in the 2027 NBA Draft?", end="2027-06-25T04:00:00Z",
                  description='This market will resolve to "Yes" if Jordan Flagg is selected first overall in the 2027 '
                              'NBA Draft. Otherwise "No".')
    second = gamma("2", question="Will Jordan Flagg be the #2 pick in the 2027 NBA Draft?", end="2027-06-25T04:00:00Z",
                   description='This market will resolve to "Yes" if Jordan Flagg is selected second overall in the 2027 '
                               'NBA Draft. Otherwise "No".')
    assert verdict(k, first).agrees, verdict(k, first).reasons
    assert not verdict(k, second).agrees


def _ladies_champion() -> Market:
    return kalshi("KXRGW-26-KOS", title="Roland Garros Ladies' Singles Champion 2026: Mirra Kostova", yes_sub_title="Mirra Kostova",
                  event_title="Roland Garros Ladies' Singles Champion 2026", category="Sports", close_time="2026-06-06T17:00:00Z",
                  rules="If Mirra Kostova wins the 2026 Roland Garros Ladies' Singles Championship, then the market resolves to Yes.")


def test_ladies_singles_are_womens_singles() -> None:
    women = gamma("1", question="Will Mirra Kostova win Roland Garros 2026 (Women's)?", end="2026-06-06T18:00:00Z",
                  description='This market will resolve to "Yes" if Mirra Kostova wins the 2026 Roland Garros Women\'s '
                              'Singles tournament. Otherwise "No".')
    assert verdict(_ladies_champion(), women).agrees, verdict(_ladies_champion(), women).reasons


def test_ladies_singles_are_not_mixed_doubles() -> None:
    mixed = gamma("2", question="Will Mirra Kostova win Roland Garros 2026 (Men's and Mixed)?", end="2026-06-06T18:00:00Z",
                  description='This market will resolve to "Yes" if Mirra Kostova wins the 2026 Roland Garros Mixed '
                              'Doubles with a men\'s partner. Otherwise "No".')
    assert not verdict(_ladies_champion(), mixed).agrees


def _sale_agreed() -> Market:
    return kalshi("KXUNILEVERICE-26-SELL", title="Unilever and its ice cream unit in 2026: Sale agreed in 2026",
                  yes_sub_title="Sale agreed in 2026", event_title="Unilever and its ice cream unit in 2026",
                  category="Companies", close_time="2026-12-31T23:59:00Z",
                  rules="If Unilever announces a definitive agreement to sell its ice cream unit before Jan 1, 2027, then "
                        "the market resolves to Yes.")


def test_divesting_is_selling_and_an_agreed_sale_is_an_agreement() -> None:
    divest = gamma("1", question="Unilever divests its ice cream unit in 2026?", end="2026-12-31T23:59:00Z",
                   description='This market will resolve to "Yes" if Unilever announces a definitive agreement to divest its '
                               'ice cream unit between January 1 and December 31, 2026, 11:59 PM ET. Otherwise "No".')
    assert verdict(_sale_agreed(), divest).agrees, verdict(_sale_agreed(), divest).reasons


def test_an_agreed_sale_is_not_a_purchase() -> None:
    buy = gamma("2", question="Unilever buys an ice cream unit in 2026?", end="2026-12-31T23:59:00Z",
                description='This market will resolve to "Yes" if Unilever announces a definitive agreement to buy an ice '
                            'cream unit between January 1 and December 31, 2026. Otherwise "No".')
    assert not verdict(_sale_agreed(), buy).agrees


def test_unveiling_a_product_at_an_event_is_announcing_it_there() -> None:
    k = kalshi("KXUNPACKEDFOLD-26-ANN", title="Will Samsung announce a tri-fold phone at Galaxy Unpacked?",
               yes_sub_title="Announced at Unpacked", category="Science and Technology", close_time="2026-07-10T23:59:00Z",
               rules="If Samsung announces a tri-fold phone during its Galaxy Unpacked event of July 9, 2026, then the "
                     "market resolves to Yes.")
    unveil = gamma("1", question="Samsung unveils tri-fold phone at Galaxy Unpacked?", end="2026-07-10T23:59:00Z",
                   description='This market will resolve to "Yes" if Samsung unveils a tri-fold phone at its Galaxy Unpacked '
                               'event on July 9, 2026. Otherwise "No".')
    on_sale = gamma("2", question="Samsung tri-fold phone on sale by July 10?", end="2026-07-10T23:59:00Z",
                    description='This market will resolve to "Yes" if a Samsung tri-fold phone goes on sale to the public '
                                'by July 10, 2026. Otherwise "No".')
    assert verdict(k, unveil).agrees, verdict(k, unveil).reasons
    assert not verdict(k, on_sale).agrees


# --- races run in a place no list names --------------------------------------------------------------


def _lyon_mayor() -> Market:
    return kalshi("KXLYONMAYOR-26-MARTIN", title="Next Mayor of Lyon: Claire Martin", yes_sub_title="Claire Martin",
                  event_title="Next Mayor of Lyon", category="Elections", close_time="2026-03-29T18:00:00Z",
                  rules="If Claire Martin is elected Mayor of Lyon by the city council following the 2026 municipal "
                        "elections, then the market resolves to Yes.")


def test_the_next_holder_of_a_city_office_is_its_election() -> None:
    same = gamma("1", question="Will Claire Martin become Mayor of Lyon?", event_title="Lyon Mayoral Election 2026 Winner",
                 end="2026-03-29T20:00:00Z",
                 description='This market will resolve to "Yes" if Claire Martin is elected Mayor of Lyon following the '
                             '2026 Lyon municipal election. Otherwise "No".')
    assert verdict(_lyon_mayor(), same).agrees, verdict(_lyon_mayor(), same).reasons


def test_one_citys_mayor_is_not_another_citys() -> None:
    other = gamma("2", question="Will Claire Martin become Mayor of Marseille?", event_title="Marseille Mayoral Election 2026 Winner",
                  end="2026-03-29T20:00:00Z",
                  description='This market will resolve to "Yes" if Claire Martin is elected Mayor of Marseille following '
                              'the 2026 Marseille municipal election. Otherwise "No".')
    assert verdict(_lyon_mayor(), other).rejected
    assert any("different place" in r for r in verdict(_lyon_mayor(), other).reasons)


def _tomin_first() -> Market:
    return kalshi("KXTOKYOGOV-28-TFP", title="Tokyo governor election 2028: Tomin First Party", yes_sub_title="Tomin First Party",
                  event_title="Tokyo governor election 2028", category="Elections", close_time="2028-07-09T12:00:00Z",
                  rules="If the candidate of the Tomin First Party wins the Tokyo governor election held on Jul 9, 2028, "
                        "then the market resolves to Yes.")


def test_a_party_is_named_with_or_without_the_word_party() -> None:
    same = gamma("1", question="Tokyo governor election: Tomin First?", group="Tomin First",
                 event_title="Tokyo Governor Election Winner (Party)", end="2028-07-09T14:00:00Z",
                 description='This market will resolve to "Yes" if the Tomin First candidate wins the July 9, 2028 Tokyo '
                             'governor election. Otherwise "No".')
    assert verdict(_tomin_first(), same).agrees, verdict(_tomin_first(), same).reasons


def test_the_same_party_in_another_prefecture_does_not_agree() -> None:
    other = gamma("2", question="Osaka governor election: Tomin First?", group="Tomin First",
                  event_title="Osaka Governor Election Winner (Party)", end="2028-07-09T14:00:00Z",
                  description='This market will resolve to "Yes" if the Tomin First candidate wins the July 9, 2028 Osaka '
                              'governor election. Otherwise "No".')
    assert not verdict(_tomin_first(), other).agrees


# --- a running total as of a day and by a day ---------------------------------------------------------


def _gross(ticker: str, comparator: str, strike_type: str) -> Market:
    return kalshi(ticker, title=f"Zootopia 2 domestic gross {comparator} $500 million as of Feb 1, 2026?",
                  yes_sub_title=f"{comparator.capitalize()} $500 million", strike_type=strike_type,
                  floor=500 if strike_type == "greater" else None, cap=500 if strike_type == "less" else None,
                  category="Entertainment", close_time="2026-02-01T23:59:00Z",
                  rules=f"If the domestic box office gross of Zootopia 2 is {comparator} $500 million as of Feb 1, 2026, as "
                        "reported by Box Office Mojo, then the market resolves to Yes.")


def test_a_running_total_above_a_threshold_as_of_a_day_is_past_it_by_that_day() -> None:
    by = gamma("1", question="Zootopia 2 $500M domestic by February 1?", end="2026-02-01T23:59:00Z",
               description='This market will resolve to "Yes" if Zootopia 2\'s domestic box office gross exceeds $500 '
                           'million by February 1, 2026, per Box Office Mojo. Otherwise "No".')
    k = _gross("KXZOOTOPIA2DOM-26FEB01-T500", "above", "greater")
    assert verdict(k, by).agrees, verdict(k, by).reasons


def test_a_running_total_below_a_threshold_as_of_a_day_is_not_below_it_by_that_day() -> None:
    under = gamma("2", question="Zootopia 2 under $500M domestic by February 1?", end="2026-02-01T23:59:00Z",
                  description='This market will resolve to "Yes" if Zootopia 2\'s domestic box office gross is under $500 '
                              'million at any time by February 1, 2026, per Box Office Mojo. Otherwise "No".')
    k = _gross("KXZOOTOPIA2DOM-26FEB01-B500", "below", "less")
    assert not verdict(k, under).agrees


def test_a_price_above_a_threshold_on_a_day_is_not_reaching_it_by_that_day() -> None:
    k = kalshi("KXCOPPERD-26MAR02-T5", title="Copper above $5 on Mar 2, 2026?", yes_sub_title="Above $5",
               strike_type="greater", floor=5, category="Financials", close_time="2026-03-02T18:00:00Z",
               rules="If the front-month COMEX copper futures settlement price on Mar 2, 2026 is above $5 per pound, "
                     "then the market resolves to Yes.")
    by = gamma("1", question="Copper above $5 by March 2?", end="2026-03-02T23:59:00Z",
               description='This market will resolve to "Yes" if the front-month COMEX copper futures contract trades '
                           'above $5 per pound at any time by March 2, 2026. Otherwise "No".')
    assert not verdict(k, by).agrees


# --- the high of a period is what "reaches at any time" reads ------------------------------------------


def _cocoa_high() -> Market:
    return kalshi("KXCOCOAMAX-26AUG31-T12000", title="Cocoa high before Sep 2026: $12,000 or above", yes_sub_title="$12,000 or above",
                  event_title="Cocoa high before Sep 2026", strike_type="greater_or_equal", floor=12000, category="Financials",
                  close_time="2026-08-31T18:00:00Z",
                  rules="If the front-month ICE cocoa futures contract trades at or above $12,000 per tonne at any time "
                        "before Sep 1, 2026, then the market resolves to Yes.")


def test_a_named_high_and_a_value_reached_at_any_time_are_one_statement() -> None:
    hits = gamma("1", question="Cocoa hits $12,000 by August 31?", end="2026-08-31T23:59:00Z",
                 description='This market will resolve to "Yes" if any trade of the front-month ICE cocoa futures contract '
                             'is at or above $12,000 per tonne by August 31, 2026, 11:59 PM ET. Otherwise "No".')
    assert verdict(_cocoa_high(), hits).agrees, verdict(_cocoa_high(), hits).reasons


def test_a_named_high_is_not_the_settlement_on_the_last_day() -> None:
    settles = gamma("2", question="Cocoa at or above $12,000 on August 31?", end="2026-08-31T23:59:00Z",
                    description='This market will resolve to "Yes" if the front-month ICE cocoa futures contract settles at '
                                'or above $12,000 per tonne on August 31, 2026. Otherwise "No".')
    assert not verdict(_cocoa_high(), settles).agrees


# --- a chart's top place, and a day before a colon ------------------------------------------------------


def _top_game() -> Market:
    return kalshi("KXTOPIPADAPP-26APR30-MINE", title="Top paid iPad app on Apr 30, 2026: Minecraft", yes_sub_title="Minecraft",
                  event_title="Top paid iPad app on Apr 30, 2026", category="Entertainment", close_time="2026-04-30T16:00:00Z",
                  rules="If Minecraft is the #1 app on Apple's US App Store Top Paid iPad Apps chart at 12:00 PM ET on "
                        "Apr 30, 2026, then the market resolves to Yes.")


def test_the_top_of_a_chart_is_its_number_one_and_a_colon_after_a_day_is_no_clock() -> None:
    first = gamma("1", question="#1 paid iPad app on April 30: Minecraft?", group="Minecraft", end="2026-04-30T17:00:00Z",
                  event_title="#1 paid iPad app on April 30?",
                  description='This market will resolve to "Yes" if Minecraft is ranked #1 among paid iPad apps on the US '
                              'Apple App Store at 12 PM ET on April 30, 2026. Otherwise "No".')
    assert verdict(_top_game(), first).agrees, verdict(_top_game(), first).reasons


def test_the_top_of_a_chart_is_not_its_top_ten() -> None:
    top_ten = gamma("2", question="Minecraft in the top 10 paid iPad apps on April 30?", end="2026-04-30T17:00:00Z",
                    description='This market will resolve to "Yes" if Minecraft is ranked in the top 10 among paid iPad '
                                'games on the US Apple App Store at 12 PM ET on April 30, 2026. Otherwise "No".')
    assert not verdict(_top_game(), top_ten).agrees


# --- an event that names a measure pays on what happens ------------------------------------------------


def _output_hike() -> Market:
    return kalshi("KXOPECDEC-26DEC06-RAISE", title="Will OPEC+ agree to raise crude oil output on Dec 6, 2026?",
                  yes_sub_title="Increase agreed", category="Economics", close_time="2026-12-06T23:59:00Z",
                  rules="If OPEC+ announces an agreement to increase its crude oil production quota at its ministerial "
                        "meeting on Dec 6, 2026, then the market resolves to Yes.")


def test_an_event_under_a_measure_agrees_by_what_happens() -> None:
    same = gamma("1", question="OPEC+ agrees crude oil output increase on December 6?", end="2026-12-06T23:59:00Z",
                 description='This market will resolve to "Yes" if OPEC+ announces an agreement to raise its crude oil '
                             'production quota at its December 6, 2026 ministerial meeting. Otherwise "No".')
    assert verdict(_output_hike(), same).agrees, verdict(_output_hike(), same).reasons


def test_an_event_under_a_measure_with_the_opposite_action_does_not_agree() -> None:
    cut = gamma("2", question="OPEC+ agrees crude oil output cut on December 6?", end="2026-12-06T23:59:00Z",
                description='This market will resolve to "Yes" if OPEC+ announces an agreement to lower its crude oil '
                            'production quota at its December 6, 2026 ministerial meeting. Otherwise "No".')
    assert verdict(_output_hike(), cut).rejected


# --- a league's title under the league's slug -------------------------------------------------------------


def _fever_title() -> Market:
    return kalshi("KXWNBA-27-IND", title="2027 WNBA Champion: Indiana Fever", yes_sub_title="Indiana Fever",
                  event_title="2027 WNBA Champion", category="Sports", close_time="2027-10-20T03:00:00Z",
                  rules="If the Indiana Fever win the 2027 WNBA Finals, then the market resolves to Yes.")


def test_a_yes_no_title_question_under_a_league_slug_is_the_title_not_a_game() -> None:
    title = gamma("1", question="Will the Indiana Fever win the 2027 WNBA Championship?", slug="wnba-2027-indiana-fever",
                  group="Indiana Fever", event_title="WNBA Champion 2027", end="2027-10-20T04:00:00Z",
                  description='This market will resolve to "Yes" if the Indiana Fever win the 2027 WNBA Finals. Otherwise '
                              '"No".')
    assert verdict(_fever_title(), title).agrees, verdict(_fever_title(), title).reasons


def test_a_league_title_is_not_one_game_of_the_finals() -> None:
    game = gamma("2", question="Will the Indiana Fever beat the Las Vegas Aces?", slug="wnba-ind-lva-2027-10-12",
                 end="2027-10-13T04:00:00Z",
                 description='This market will resolve to "Yes" if the Indiana Fever win their WNBA Finals game against '
                             'the Las Vegas Aces on October 12, 2027. Otherwise "No".')
    assert not verdict(_fever_title(), game).agrees


def test_a_commercial_bank_cutting_jobs_is_no_rate_decision() -> None:
    from arb_pipeline.domain.matching.propositions.lexicon.measures import RATE_CHANGE, find_measure

    deciding = find_measure("riksbank holds rates in march?")
    assert deciding is not None and deciding.key == RATE_CHANGE
    assert find_measure("citibank cuts 300 jobs: before 2027") is None


def test_a_races_place_is_the_same_under_its_other_names() -> None:
    k = kalshi("KXPRES-28-DEM", title="Who will win the 2028 United States presidential election? Democratic Party",
               yes_sub_title="Democratic Party", event_title="2028 United States presidential election", category="Elections",
               close_time="2028-11-08T12:00:00Z",
               rules="If the Democratic Party's nominee wins the 2028 United States presidential election, then the "
                     "market resolves to Yes.")
    p = gamma("1", question="Which party wins the 2028 presidential election? Democratic", group="Democratic",
              event_title="Presidential Election Winner 2028 (Party)", end="2028-11-08T14:00:00Z",
              description='This market will resolve to "Yes" if the Democratic Party\'s nominee wins the 2028 presidential '
                          'election in America. Otherwise "No".')
    assert not any("different place" in r for r in verdict(k, p).reasons), verdict(k, p).reasons


# --- a name with its year written onto it -----------------------------------------------------------


def test_a_name_with_its_year_written_onto_it_is_the_name_in_that_year() -> None:
    k = kalshi("KXWWDCVR-26-ANNOUNCE", title="Will Apple announce a VR headset at WWDC 2026?", yes_sub_title="Announced",
               category="Science and Technology", close_time="2026-06-12T23:59:00Z",
               rules="If Apple announces a VR headset during WWDC 2026, then the market resolves to Yes.")
    wwdc26 = gamma("2", question="Apple unveils VR headset at WWDC26?", end="2026-06-12T23:59:00Z",
                   description='This market will resolve to "Yes" if Apple unveils a VR headset at WWDC26 (June 8-12, '
                               '2026). Otherwise "No".')
    assert verdict(k, wwdc26).agrees, verdict(k, wwdc26).reasons


def test_a_name_with_another_year_written_onto_it_does_not_agree() -> None:
    k = kalshi("KXWWDCVR-26-ANNOUNCE", title="Will Apple announce a VR headset at WWDC 2026?", yes_sub_title="Announced",
               category="Science and Technology", close_time="2026-06-12T23:59:00Z",
               rules="If Apple announces a VR headset during WWDC 2026, then the market resolves to Yes.")
    wwdc25 = gamma("2", question="Apple unveils VR headset at WWDC25?", end="2026-06-12T23:59:00Z",
                   description='This market will resolve to "Yes" if Apple unveils a VR headset at WWDC25. Otherwise "No".')
    assert not verdict(k, wwdc25).agrees


# --- one legal outcome in two wordings --------------------------------------------------------------


def _struck_down() -> Market:
    return kalshi("KXSCOTUSCHEVRON-26-STRIKE", title="Will the Supreme Court strike down the Kansas water compact?",
                  yes_sub_title="Struck down", category="Politics", close_time="2026-06-30T23:59:00Z",
                  rules="If the U.S. Supreme Court strikes down the Kansas water compact before Jul 1, 2026, then the "
                        "market resolves to Yes.")


def test_a_court_striking_a_law_down_rules_against_it() -> None:
    against = gamma("1", question="Supreme Court rules against the Kansas water compact by June 30?",
                    end="2026-06-30T23:59:00Z",
                    description='This market will resolve to "Yes" if the U.S. Supreme Court rules against the Kansas '
                                'water compact by June 30, 2026. Otherwise "No".')
    assert verdict(_struck_down(), against).agrees, verdict(_struck_down(), against).reasons


def test_a_court_upholding_a_law_does_not_strike_it_down() -> None:
    upholds = gamma("2", question="Supreme Court upholds the Kansas water compact by June 30?", end="2026-06-30T23:59:00Z",
                    description='This market will resolve to "Yes" if the U.S. Supreme Court upholds the Kansas water '
                                'compact by June 30, 2026. Otherwise "No".')
    assert verdict(_struck_down(), upholds).rejected


def test_a_judges_order_is_the_courts_order_and_not_another_order() -> None:
    k = kalshi("KXMETAINSTA-26-ORDER", title="Will a court order Meta to divest Instagram in 2026?", category="Companies",
               close_time="2026-12-31T23:59:00Z",
               rules="If a US federal court orders Meta to divest Instagram between Jan 1, 2026 and Dec 31, 2026, then "
                     "the market resolves to Yes.")
    judge = gamma("1", question="Judge orders Meta to sell Instagram in 2026?", end="2026-12-31T23:59:00Z",
                  description='This market will resolve to "Yes" if a US federal judge orders Meta to sell Instagram by '
                              'December 31, 2026. Otherwise "No".')
    whatsapp = gamma("2", question="Judge orders Meta to sell WhatsApp in 2026?", end="2026-12-31T23:59:00Z",
                     description='This market will resolve to "Yes" if a US federal judge orders Meta to sell WhatsApp '
                                 'by December 31, 2026. Otherwise "No".')
    assert verdict(k, judge).agrees, verdict(k, judge).reasons
    assert verdict(k, whatsapp).rejected


# --- a committee that sets a rate target --------------------------------------------------------------


def _chile_hold() -> Market:
    return kalshi("KXCHILERATE-26JUN-HOLD", title="Chile rate decision Jun 2026: Hold", yes_sub_title="Hold",
                  event_title="Chile rate decision Jun 2026", close_time="2026-06-17T22:00:00Z",
                  rules="If the Central Bank of Chile's Monetary Policy Meeting (RPM) leaves the monetary policy rate "
                        "unchanged at its meeting ending Jun 17, 2026, then the market resolves to Yes.")


def _committee_no_change(country: str, committee: str) -> Market:
    return gamma("1", question=f"{country} {committee}: No change in June?", group="No change", end="2026-06-17T23:00:00Z",
                 description=f"This market resolves according to the change in the TPM rate target announced by "
                             f"{country}'s {committee} at the end of its June 16-17, 2026 meeting: \"Yes\" for the bracket "
                             f"\"No change\" if it matches, otherwise \"No\".")


def test_a_committee_setting_a_rate_target_decides_its_rate() -> None:
    same = _committee_no_change("Chile", "RPM")
    assert verdict(_chile_hold(), same).agrees, verdict(_chile_hold(), same).reasons


def test_another_countrys_committee_setting_a_rate_target_does_not_agree() -> None:
    assert not verdict(_chile_hold(), _committee_no_change("Peru", "RPM")).agrees


# --- one round of a two-round election ----------------------------------------------------------------


def _peru_winner() -> Market:
    return kalshi("KXPERUPRES-26-KFUJ", title="Peru presidential election 2026: Keiko Fujimori", yes_sub_title="Keiko Fujimori",
                  event_title="Peru presidential election 2026", category="Elections", close_time="2026-06-07T23:00:00Z",
                  rules="If Keiko Fujimori wins the 2026 Peruvian presidential election, then the market resolves to Yes.")


def test_winning_a_two_round_election_is_the_election_whatever_the_rules_say_of_the_runoff() -> None:
    winner = gamma("1", question="Will Keiko Fujimori win the 2026 Peruvian presidential election?", end="2026-06-07T23:59:00Z",
                   description='This market will resolve to "Yes" if Keiko Fujimori wins the 2026 Peruvian presidential '
                               'election, including a runoff if one is held. Otherwise "No".')
    assert verdict(_peru_winner(), winner).agrees, verdict(_peru_winner(), winner).reasons


def test_the_most_votes_in_the_first_round_or_a_runoff_place_is_not_winning_the_election() -> None:
    first = gamma("2", question="Will Keiko Fujimori win the most votes in the first round of Peru's 2026 presidential "
                                "election?", end="2026-04-12T23:59:00Z",
                  description='This market will resolve to "Yes" if Keiko Fujimori receives the most votes in the first '
                              'round of the 2026 Peruvian presidential election. Otherwise "No".')
    runoff = gamma("3", question="Will Keiko Fujimori advance to Peru's 2026 presidential runoff?", end="2026-04-12T23:59:00Z",
                   description='This market will resolve to "Yes" if Keiko Fujimori is one of the two candidates in the '
                               'runoff of the 2026 Peruvian presidential election. Otherwise "No".')
    assert verdict(_peru_winner(), first).rejected, verdict(_peru_winner(), first).reasons
    assert not verdict(_peru_winner(), runoff).agrees


# --- a person known by one word of the full name ---------------------------------------------------------


def _arjun() -> Market:
    return kalshi("KXCANDIDATES-26-ARJ", title="Will Arjun Erigaisi win the 2026 Candidates Tournament?",
                  yes_sub_title="Arjun", category="Sports", close_time="2026-04-20T18:00:00Z",
                  rules="If Arjun Erigaisi wins the 2026 FIDE Candidates Tournament, then the market resolves to Yes.")


def test_a_full_name_its_market_also_writes_in_one_word_is_that_word_on_the_other_venue() -> None:
    short = gamma("1", question="Will Arjun win the 2026 Candidates Tournament?", end="2026-04-20T19:00:00Z",
                  description='This market will resolve to "Yes" if Arjun wins the 2026 FIDE Candidates Tournament. '
                              'Otherwise "No".')
    assert verdict(_arjun(), short).agrees, verdict(_arjun(), short).reasons


def test_another_person_sharing_that_word_does_not_agree() -> None:
    other = gamma("2", question="Will Arjun Kalyan win the 2026 Candidates Tournament?", end="2026-04-20T19:00:00Z",
                  description='This market will resolve to "Yes" if Arjun Kalyan wins the 2026 FIDE Candidates '
                              'Tournament. Otherwise "No".')
    assert not verdict(_arjun(), other).agrees


# --- a winner question whose rules say how a side wins ----------------------------------------------------


def _walker_cup_gbi() -> Market:
    return kalshi("KXWALKERCUP-27-GBI", title="2027 Walker Cup: Great Britain and Ireland",
                  yes_sub_title="Great Britain and Ireland", event_title="2027 Walker Cup", category="Sports",
                  close_time="2027-09-12T22:00:00Z",
                  rules="If Great Britain and Ireland score more points than the United States at the 2027 Walker Cup, "
                        "then the market resolves to Yes.")


def test_a_winner_question_whose_rules_count_the_points_to_win_is_about_the_winner() -> None:
    wins = gamma("1", question="Will Great Britain and Ireland win the 2027 Walker Cup?", end="2027-09-12T23:00:00Z",
                 description='This market will resolve to "Yes" if Great Britain and Ireland win the 2027 Walker Cup '
                             'outright by scoring more than 13 points. A 13-13 tie resolves this market to "No".')
    assert verdict(_walker_cup_gbi(), wins).agrees, verdict(_walker_cup_gbi(), wins).reasons


def test_winning_by_a_margin_the_question_states_is_not_winning() -> None:
    margin = gamma("2", question="Will Great Britain and Ireland win the 2027 Walker Cup by more than 3 points?",
                   end="2027-09-12T23:00:00Z",
                   description='This market will resolve to "Yes" if Great Britain and Ireland win the 2027 Walker Cup '
                               'by more than 3 points. Otherwise "No".')
    assert not verdict(_walker_cup_gbi(), margin).agrees


# --- a name the rules restate in brackets ----------------------------------------------------------------


def _afl_premiers() -> Market:
    return kalshi("KXAFL-26-SYD", title="AFL Premiership 2026: Sydney Swans", yes_sub_title="Sydney Swans",
                  event_title="AFL Premiership 2026", category="Sports", close_time="2026-09-26T10:00:00Z",
                  rules="If the Sydney Swans win the 2026 AFL Premiership (the AFL Grand Final), then the market "
                        "resolves to Yes.")


def test_a_name_the_rules_restate_in_brackets_is_the_name_in_the_brackets() -> None:
    final = gamma("1", question="Will the Sydney Swans win the 2026 AFL Grand Final?", end="2026-09-26T11:00:00Z",
                  description='This market will resolve to "Yes" if the Sydney Swans win the 2026 AFL Grand Final. '
                              'Otherwise "No".')
    assert verdict(_afl_premiers(), final).agrees, verdict(_afl_premiers(), final).reasons


def test_what_the_brackets_do_not_restate_does_not_agree() -> None:
    minor = gamma("2", question="Will the Sydney Swans win the 2026 AFL Minor Premiership?", end="2026-08-30T11:00:00Z",
                  description='This market will resolve to "Yes" if the Sydney Swans finish first on the 2026 AFL ladder '
                              'after the home-and-away season (the minor premiership). Otherwise "No".')
    assert not verdict(_afl_premiers(), minor).agrees


# --- a parliament's upper house --------------------------------------------------------------------------


def _seanad() -> Market:
    return kalshi("KXSEANAD-30-FF", title="Will Fianna Fail win the most seats in the 2030 Seanad election?",
                  yes_sub_title="Fianna Fail", category="Elections", close_time="2030-04-30T20:00:00Z",
                  rules="If Fianna Fail wins more seats than any other party in the 2030 Seanad Eireann (upper house) "
                        "election, then the market resolves to Yes.")


def test_an_upper_house_is_the_house_the_rules_call_so() -> None:
    upper = gamma("1", question="Fianna Fail wins most seats in 2030 upper house election?", end="2030-04-30T21:00:00Z",
                  description='This market will resolve to "Yes" if Fianna Fail wins the most seats in the 2030 election '
                              'to Ireland\'s upper house. Otherwise "No".')
    assert verdict(_seanad(), upper).agrees, verdict(_seanad(), upper).reasons


def test_a_house_election_is_not_the_upper_house() -> None:
    lower = gamma("2", question="Fianna Fail wins most seats in 2030 house election?", end="2030-04-30T21:00:00Z",
                  description='This market will resolve to "Yes" if Fianna Fail wins the most seats in the 2030 election '
                              'to Ireland\'s house of representatives. Otherwise "No".')
    assert not verdict(_seanad(), lower).agrees
