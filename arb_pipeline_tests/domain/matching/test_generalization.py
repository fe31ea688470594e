"""Mechanisms that carry the matcher to markets it was never shown: a Polymarket event's title is a
heading, not the question; initialisms are names; a weekly figure is dated by its week; numbers,
names and outcomes in their other spellings. Each look-alike still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching.candidates import candidate_pairs
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.reading import rules_profile
from arb_pipeline.domain.matching.propositions.sports import same_team
from arb_pipeline.domain.matching.propositions.text import stem
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


# --- a Polymarket event's title is a heading over its markets -------------------------------------


def test_a_headline_market_under_a_core_heading_is_not_core() -> None:
    k = kalshi("KXPCECORE-26FEB-T2.8", title="Core PCE inflation in February 2026: Above 2.8%", yes_sub_title="Above 2.8%",
               event_title="Core PCE inflation in February 2026", strike_type="greater", floor=2.8,
               rules="If core PCE inflation for February 2026 is above 2.8%, then the market resolves to Yes.",
               close_time="2026-03-27T12:30:00Z")
    core = gamma("1", question="Core PCE inflation 2.9% or higher in February?", event_title="Core PCE inflation in February?",
                 description='Resolves "Yes" if annual core PCE inflation (excluding food and energy) for February 2026 is 2.9% or higher.',
                 end="2026-03-27T12:30:00Z")
    headline = gamma("2", question="PCE inflation 2.9% or higher in February?", event_title="Core PCE inflation in February?",
                     description='Resolves "Yes" if annual PCE inflation (all items) for February 2026 is 2.9% or higher.',
                     end="2026-03-27T12:30:00Z")
    assert "both core" in verdict(k, core).reasons
    assert not verdict(k, headline).agrees
    assert any("core vs headline" in r for r in verdict(k, headline).reasons)


def test_another_bank_under_a_heading_naming_one_bank_does_not_agree() -> None:
    k = kalshi("KXRBA-26FEB-HOLD", title="Will the RBA hold the cash rate in February 2026?", yes_sub_title="Hold",
               rules="If the Reserve Bank of Australia leaves the cash rate target unchanged at its meeting ending Feb 3, "
                     "2026, then the market resolves to Yes.", close_time="2026-02-03T03:25:00Z")
    rba = gamma("1", question="RBA holds cash rate in February?", event_title="RBA decision in February?",
                description='Resolves "Yes" if the Reserve Bank of Australia keeps the cash rate target unchanged at its '
                            'February 2-3, 2026 meeting.', end="2026-02-03T04:00:00Z")
    rbnz = gamma("2", question="RBNZ holds the OCR in February?", event_title="RBA decision in February?",
                 description='Resolves "Yes" if the Reserve Bank of New Zealand keeps the Official Cash Rate unchanged at '
                             'its February 18, 2026 review.', end="2026-02-18T02:00:00Z")
    assert verdict(k, rba).agrees, verdict(k, rba).reasons
    assert not verdict(k, rbnz).agrees


def test_the_question_names_its_measure_before_the_heading_does() -> None:
    k = kalshi("KXLOWDEN-26MAR12-T25", title="Lowest temperature in Denver on Mar 12, 2026?", yes_sub_title="24° or below",
               strike_type="less", cap=25, close_time="2026-03-13T06:00:00Z", category="Climate and Weather",
               rules="If the minimum temperature recorded at Denver International Airport (KDEN) on Mar 12, 2026 is "
                     "less than 25°, then the market resolves to Yes.")
    high = gamma("1", question="Denver high 24°F or below on March 12?", event_title="Lowest temperature in Denver on March 12?",
                 description='Resolves "Yes" if the maximum temperature at Denver International Airport on March 12, 2026 '
                             'is 24°F or lower.', end="2026-03-13T06:00:00Z")
    assert any("different measure" in r for r in verdict(k, high).reasons)


def test_an_initialism_that_starts_the_question_is_a_name() -> None:
    k = kalshi("KXSCOTPARL-26-SNP", title="Will the SNP win the most seats in the 2026 Scottish Parliament election?",
               yes_sub_title="Scottish National Party", category="Elections", close_time="2026-05-08T12:00:00Z",
               rules="If the Scottish National Party wins the most seats in the 2026 Scottish Parliament election, then "
                     "the market resolves to Yes.")
    p = gamma("1", question="SNP most seats in the 2026 Scottish Parliament election?", end="2026-05-08T12:00:00Z",
              description='Resolves "Yes" if the Scottish National Party wins the most seats in the 2026 Scottish '
                          'Parliament election.')
    assert not any("only Kalshi names" in r for r in verdict(k, p).reasons), verdict(k, p).reasons


# --- dates ------------------------------------------------------------------------------------------


def _claims(week_ending: str, market_id: str) -> Market:
    return gamma(market_id, question=f"Jobless claims above 230K for the week ending {week_ending}?",
                 description=f'Resolves "Yes" if initial jobless claims for the week ending {week_ending}, 2026 exceed '
                             '230,000.', end="2026-02-26T13:30:00Z")


def test_weekly_claims_are_dated_by_their_week_and_are_no_unemployment_rate() -> None:
    k = kalshi("KXJOBLESS-26FEB19-T230000", title="Initial jobless claims, week ending Feb 14, 2026: Above 230,000",
               yes_sub_title="Above 230,000", strike_type="greater", floor=230000, close_time="2026-02-19T13:30:00Z",
               rules="If initial claims for unemployment insurance for the week ending Feb 14, 2026 are above 230,000, "
                     "then the market resolves to Yes.")
    assert read(k).measure is None or read(k).measure.key != "unemployment"
    assert verdict(k, _claims("February 14", "1")).agrees, verdict(k, _claims("February 14", "1")).reasons
    assert verdict(k, _claims("February 21", "2")).rejected


# --- look-alikes that agree on every part the reader used to compare ---------------------------------


def test_the_same_two_names_in_the_other_order_wait_for_a_person() -> None:
    k = kalshi("KXINDPAKSTRIKE-26JUN30-STRIKE", title="India strikes Pakistan?", yes_sub_title="Before Jul 1, 2026",
               category="World", close_time="2026-06-30T23:00:00Z",
               rules="If India conducts a military strike on Pakistani territory before Jul 1, 2026, then the market "
                     "resolves to Yes.")
    same = gamma("1", question="India military strike on Pakistan by June 30?", end="2026-06-30T23:00:00Z",
                 description='Resolves "Yes" if India conducts a military strike on Pakistan by June 30, 2026.')
    swapped = gamma("2", question="Pakistan military strike on India by June 30?", end="2026-06-30T23:00:00Z",
                    description='Resolves "Yes" if Pakistan conducts a military strike on India by June 30, 2026.')
    assert verdict(k, same).agrees, verdict(k, same).reasons
    assert "statement" in verdict(k, swapped).unsettled


def test_a_name_that_extends_the_measured_subject_is_a_narrower_subject() -> None:
    k = kalshi("KXDOW-26MAR31H1600-T49999.99", title="Dow Jones on Mar 31, 2026: 50,000 or above",
               yes_sub_title="50,000 or above", strike_type="greater", floor=49999.99, category="Financials",
               close_time="2026-03-31T20:00:00Z",
               rules="If the Dow Jones Industrial Average closes above 49,999.99 on Mar 31, 2026, then the market "
                     "resolves to Yes.")
    transports = gamma("1", question="Dow Jones Transportation Average at or above 50,000 on March 31?",
                       end="2026-03-31T20:00:00Z",
                       description='Resolves "Yes" if the Dow Jones Transportation Average closes at or above 50,000 '
                                   'on March 31, 2026.')
    assert "names" in verdict(k, transports).unsettled, verdict(k, transports).reasons


def test_a_final_figure_is_another_release_than_the_flash_estimate() -> None:
    k = kalshi("KXEUHICP-26MAR-T2.0", title="Euro area inflation flash estimate, March 2026: Above 2.0%",
               yes_sub_title="Above 2.0%", strike_type="greater", floor=2.0, close_time="2026-03-31T09:00:00Z",
               rules="If the Eurostat flash estimate of euro area annual HICP inflation for March 2026 is above 2.0%, "
                     "then the market resolves to Yes.")
    final = gamma("1", question="Eurozone March inflation above 2.0% (final)?", end="2026-04-16T09:00:00Z",
                  description='Resolves "Yes" if Eurostat\'s final annual HICP inflation for March 2026 is above 2.0%.')
    assert any("different release" in r for r in verdict(k, final).reasons), verdict(k, final).reasons


# --- names, numbers and outcomes in their other spellings -----------------------------------------


def test_team_names_in_their_forms_and_the_schools_they_are_not() -> None:
    assert same_team("name:pittsburgh", "name:pitt panthers")
    assert same_team("name:louisiana state w", "name:louisiana state tigers w")
    assert not same_team("name:louisiana state", "name:louisiana state tigers w")
    assert not same_team("name:texas", "name:texas a m aggies")
    assert same_team("name:texas", "name:texas longhorns")


def test_a_college_game_maps_the_school_the_short_name_does_not_swallow() -> None:
    k = kalshi("KXNCAAMBGAME-26FEB11TAMUTEX-TEX", title="Texas A&M at Texas Winner?", yes_sub_title="Texas",
               event_title="Texas A&M at Texas", category="Sports", close_time="2026-02-12T04:00:00Z")
    p = gamma("1", question="Texas A&M Aggies vs. Texas Longhorns", outcomes=("Texas A&M", "Texas"),
              event_title="Texas A&M Aggies vs. Texas Longhorns", slug="cbb-txam-tex-2026-02-11",
              sports_market_type="moneyline", game_start_time="2026-02-12T01:00:00Z", end="2026-02-12T04:00:00Z")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Texas")


def test_a_tie_is_a_draw_and_a_number_in_words_is_the_number() -> None:
    k = kalshi("KXSIXNATIONS-26FEB05FRAIRE-TIE", title="France vs Ireland: Tie", yes_sub_title="Tie", category="Sports",
               rules="If the France vs Ireland match on Feb 5, 2026 ends in a tie, then the market resolves to Yes.",
               close_time="2026-02-05T23:00:00Z")
    p = gamma("1", question="Will France vs. Ireland end in a draw?", group="Draw", end="2026-02-05T23:00:00Z",
              description='Resolves "Yes" if the France vs. Ireland match on February 5, 2026 ends in a draw.')
    assert verdict(k, p).agrees, verdict(k, p).reasons
    assert stem("two") == "2" and stem("caught") == "catch"


def test_a_move_in_percentage_points_is_a_move_in_basis_points() -> None:
    k = kalshi("KXFEDDECISION-26SEP-C25", title="Fed decision in Sep 2026", yes_sub_title="Cut 25bps",
               event_title="Fed decision in Sep 2026", close_time="2026-09-16T17:55:00Z",
               rules="If the Federal Reserve cuts the upper bound of the federal funds target range by exactly 25 bps at "
                     "its meeting ending Sep 16, 2026, then the market resolves to Yes.")
    for question in ("Fed cuts by 0.25 percentage point in September?", "Will the Fed lower rates by a quarter point in September?"):
        p = gamma("1", question=question, end="2026-09-16T18:00:00Z",
                  description='Resolves "Yes" if the FOMC lowers the target range for the federal funds rate at its '
                              'September 15-16, 2026 meeting by the size the question names.')
        assert verdict(k, p).agrees, (question, verdict(k, p).reasons)
    half = gamma("2", question="Fed cuts by half a point in September?", end="2026-09-16T18:00:00Z",
                 description='Resolves "Yes" if the FOMC lowers the federal funds target range at its September 15-16, '
                             '2026 meeting by the size the question names.')
    assert verdict(k, half).rejected


# --- the resolution source ---------------------------------------------------------------------------


def test_a_publisher_no_list_names_is_read_from_the_rules_in_its_forms() -> None:
    assert rules_profile("If it, as first released by the Bureau of Economic Analysis, is above 2.8%").publisher == "bea"
    assert rules_profile("as first reported by the U.S. Bureau of Economic Analysis, is 2.9%").publisher == "bea"
    assert rules_profile("for February 2026 in the BEA's first release is above 2.5%").publisher == "bea"
    assert rules_profile("If Eurostat's flash estimate of euro area inflation").publisher == "eurostat"
    assert rules_profile("If the figure is above 2.5%, then the market resolves to Yes.").publisher == ""


def test_the_same_publisher_in_both_rules_settles_the_source() -> None:
    k = kalshi("KXPCE-26FEB-T2.5", title="PCE inflation in February 2026: Above 2.5%", yes_sub_title="Above 2.5%",
               strike_type="greater", floor=2.5, close_time="2026-03-27T12:25:00Z",
               rules="If the year-over-year change in the headline PCE price index for February 2026, as first released "
                     "by the BEA, is above 2.5%, then the market resolves to Yes.")
    p = gamma("1", question="PCE inflation above 2.5% in February?", end="2026-03-27T12:30:00Z",
              description="Resolves \"Yes\" if the year-over-year change in the PCE price index for February 2026 in the "
                          "BEA's first release is above 2.5%. Otherwise \"No\".")
    unsourced = gamma("2", question="PCE inflation above 2.5% in February?", end="2026-03-27T12:30:00Z",
                      description='Resolves "Yes" if the year-over-year change in the PCE price index for February 2026 '
                                  'is above 2.5%.')
    assert verdict(k, p).agrees, verdict(k, p).reasons
    # The BEA is the one publisher of PCE: a market naming none settles on its release too.
    v = verdict(k, unsourced)
    assert v.agrees and any("official PCE inflation release (BEA)" in r for r in v.reasons), v.reasons


# --- games of sports no lexicon lists ----------------------------------------------------------------


def _six_nations(code: str, side: str, result: str) -> Market:
    return kalshi(f"KXSIXNATIONS-26FEB05FRAIRE-{code}", title="France vs Ireland", yes_sub_title=side,
                  event_title="France vs Ireland", category="Sports", close_time="2026-02-19T21:00:00Z",
                  rules=f"If {result} in the France vs Ireland Six Nations rugby match scheduled for Feb 5, 2026, then "
                        "the market resolves to Yes.")


def test_a_match_of_an_unlisted_sport_is_read_as_a_game_from_its_ticker_and_titles() -> None:
    france, tie = _six_nations("FRA", "France", "France wins"), _six_nations("TIE", "Tie", "the match ends in a draw")
    assert read(france).topic == "game" and read(france).teams == ("name:france", "name:ireland")
    wins = gamma("1", question="Will France win on 2026-02-05?", event_title="France vs. Ireland", group="France",
                 slug="six-nations-fra-ire-2026-02-05-fra", end="2026-02-05T22:00:00Z")
    draw = gamma("2", question="Will France vs. Ireland end in a draw?", event_title="France vs. Ireland", group="Draw",
                 slug="six-nations-fra-ire-2026-02-05-draw", end="2026-02-05T22:00:00Z")
    margin = gamma("3", question="Will France win by 8 or more points?", event_title="France vs. Ireland",
                   slug="six-nations-fra-ire-2026-02-05-fra-8", end="2026-02-05T22:00:00Z")
    assert verdict(france, wins).agrees, verdict(france, wins).reasons
    assert verdict(tie, draw).agrees, verdict(tie, draw).reasons
    assert verdict(france, draw).rejected
    assert verdict(france, margin).rejected


def test_a_kalshi_market_whose_yes_side_is_neither_side_of_the_matchup_is_no_game() -> None:
    k = kalshi("KXSIXNATIONS-26FEB05FRAIRE-TRY", title="France vs Ireland", yes_sub_title="Over 5 tries",
               event_title="France vs Ireland", category="Sports", close_time="2026-02-19T21:00:00Z")
    assert read(k).topic != "game"


def test_a_primary_is_an_election() -> None:
    k = kalshi("KXTXSENRPRIMARY-26-KPAX", title="Texas Republican Senate primary 2026", yes_sub_title="Ken Paxton",
               category="Elections", close_time="2026-05-27T00:00:00Z",
               rules="If Ken Paxton wins the 2026 Texas Republican Senate primary, then the market resolves to Yes.")
    p = gamma("1", question="Texas Republican Senate primary winner: Ken Paxton?", group="Ken Paxton",
              end="2026-05-27T00:00:00Z",
              description='Resolves "Yes" if Ken Paxton wins the 2026 Texas Republican primary for U.S. Senate.')
    assert read(k).topic == read(p).topic == "election"
    assert verdict(k, p).agrees, verdict(k, p).reasons


def test_a_monthly_figure_worded_differently_is_proposed_on_its_month() -> None:
    k = kalshi("KXRAINLA-26FEB-T3", title="Los Angeles rainfall in February 2026: Above 3.00 inches",
               yes_sub_title="Above 3.00 inches", strike_type="greater", floor=3, category="Climate and Weather",
               close_time="2026-03-01T12:00:00Z",
               rules="If the total rainfall recorded in Downtown Los Angeles in February 2026 is above 3.00 inches, "
                     "then the market resolves to Yes.")
    p = gamma("1", question="Will LA get more than 3 inches of rain in February?", end="2026-03-01T12:00:00Z",
              description='Resolves "Yes" if more than 3.00 inches of rain are recorded in Downtown Los Angeles in '
                          'February 2026.')
    assert (0, 0) in candidate_pairs([read(k)], [read(p)])
    assert verdict(k, p).agrees, verdict(k, p).reasons


def test_a_monthly_change_never_pairs_with_the_quarterly_change_published_the_same_morning() -> None:
    k = kalshi("KXUKGDP-26MAR-T0.2", title="UK GDP growth in March 2026: Above 0.2%", yes_sub_title="Above 0.2%",
               event_title="UK GDP growth in March 2026", strike_type="greater", floor=0.2, close_time="2026-05-14T06:00:00Z",
               rules="If UK GDP month-on-month growth for March 2026, as first published by the Office for National "
                     "Statistics, is above 0.2%, then the market resolves to Yes.")

    def polymarket(description: str) -> Market:
        return gamma("1", question="UK GDP growth above 0.2% in March?", description=description, end="2026-05-14T06:00:00Z")

    for quarterly in ("Resolves Yes if the ONS first estimate of UK GDP quarter-on-quarter growth for Q1 2026 (the "
                      "quarter ending March) is above 0.2%.",
                      "Resolves Yes if UK GDP grows by more than 0.2% QoQ in the quarter ending March 2026.",
                      "Resolves Yes if UK GDP for the quarter ending March 2026 grows by more than 0.2% from the previous "
                      "quarter."):
        assert "REJECT: change: Kalshi month over month vs Polymarket quarter over quarter" in verdict(k, polymarket(quarterly)).reasons
    monthly = polymarket("Resolves Yes if UK monthly GDP for March 2026 grows by more than 0.2% from the previous month.")
    assert verdict(k, monthly).agrees, verdict(k, monthly).reasons
    assert "both month over month" in verdict(k, monthly).reasons


def test_an_annualized_quarterly_rate_is_not_read_as_a_year_over_year_change() -> None:
    k = kalshi("KXGDP-26APR30-T2", title="US GDP growth in Q1 2026: Above 2.0%", yes_sub_title="Above 2.0%",
               event_title="US GDP growth in Q1 2026", strike_type="greater", floor=2, close_time="2026-04-30T12:30:00Z",
               rules="If real GDP growth for Q1 2026, at a seasonally adjusted annual rate as first reported by the BEA, "
                     "is above 2.0%, then the market resolves to Yes.")
    p = gamma("1", question="US GDP growth in Q1 2026 above 2.0%?", end="2026-04-30T12:30:00Z",
              description='Resolves "Yes" if the BEA advance estimate of annualized quarter-over-quarter real GDP growth '
                          "for Q1 2026 is above 2.0%.")
    assert not any("year over year" in reason for reason in verdict(k, p).reasons), verdict(k, p).reasons


# --- mentions -----------------------------------------------------------------------------------------


def _sotu_kalshi(code: str, option: str, word: str) -> Market:
    return kalshi(f"KXSOTUMENTION-26-{code}", title=f"Will Trump say {option} during the 2026 State of the Union?",
                  yes_sub_title=option, event_title="What will Trump say during the State of the Union?",
                  category="Mentions", close_time="2026-02-25T05:00:00Z",
                  rules=f"If Donald Trump says {word} during his 2026 State of the Union address to a joint session of "
                        "Congress, then the market resolves to Yes. If the address does not take place by Mar 31, 2026, "
                        "the market resolves to No.")


def _sotu_gamma(market_id: str, term: str, word: str) -> Market:
    return gamma(market_id, question=f'Will Trump say "{term}" during the State of the Union?', group=term,
                 event_title="What will Trump say during the State of the Union?", end="2026-02-25T05:00:00Z",
                 description=f'This market will resolve to "Yes" if Donald Trump says {word} during his 2026 State of '
                             'the Union address. If the address is not delivered by March 31, 2026, this market '
                             'resolves "No".')


def test_a_deadline_only_the_rules_give_names_the_same_occasion_when_both_close_together() -> None:
    k = _sotu_kalshi("GREE", "Greenland", '"Greenland"')
    assert verdict(k, _sotu_gamma("1", "Greenland", '"Greenland"')).agrees


def test_terms_accepted_in_place_of_each_other_must_be_the_same_on_both_sides() -> None:
    k = _sotu_kalshi("CRYP", "Crypto / Cryptocurrency", '"Crypto" or "Cryptocurrency"')
    both = _sotu_gamma("1", "Crypto", '"Crypto" or "Cryptocurrency"')
    one = _sotu_gamma("2", "Crypto", '"Crypto" (other forms such as "Cryptocurrency" do not count)')
    other = _sotu_gamma("3", "Bitcoin", '"Bitcoin"')
    assert verdict(k, both).agrees, verdict(k, both).reasons
    assert "quoted terms" in verdict(k, one).unsettled, verdict(k, one).reasons
    assert verdict(k, other).rejected


def test_a_question_that_avoids_saying_a_word_pays_no_on_saying_it() -> None:
    k = _sotu_kalshi("BIDE", "Biden", '"Biden"')
    p = gamma("1", question='Will Trump avoid saying "Biden" during the State of the Union?', group='No "Biden"',
              event_title="What will Trump say during the State of the Union?", end="2026-02-25T05:00:00Z",
              description='This market will resolve to "Yes" if Donald Trump says "Biden" zero times during his 2026 '
                          'State of the Union address.')
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "No")


def test_a_duration_longer_than_a_number_is_a_threshold() -> None:
    k = kalshi("KXSOTULENGTH-26-T90", title="Will the 2026 State of the Union last longer than 90 minutes?",
               yes_sub_title="Longer than 90 minutes", strike_type="greater", floor=90, category="Mentions",
               close_time="2026-02-25T05:00:00Z",
               rules="If Donald Trump's 2026 State of the Union address lasts more than 90 minutes, then the market "
                     "resolves to Yes.")
    longer = gamma("1", question="State of the Union longer than 90 minutes?", end="2026-02-25T05:00:00Z",
                   description='Resolves "Yes" if Trump\'s 2026 State of the Union address lasts longer than 90 minutes.')
    shorter = gamma("2", question="State of the Union longer than 60 minutes?", end="2026-02-25T05:00:00Z",
                    description='Resolves "Yes" if Trump\'s 2026 State of the Union address lasts longer than 60 minutes.')
    assert verdict(k, longer).agrees, verdict(k, longer).reasons
    assert verdict(k, shorter).rejected


def test_an_announcement_is_not_the_event() -> None:
    k = kalshi("KXPATELOUT-26JUL01-OUT", title="Kash Patel out as FBI Director?", yes_sub_title="Before Jul 1, 2026",
               category="Politics", close_time="2026-06-30T23:00:00Z",
               rules="If Kash Patel leaves the office of FBI Director before Jul 1, 2026, then the market resolves to Yes.")
    p = gamma("1", question="Kash Patel announces resignation by June 30?", end="2026-06-30T23:00:00Z",
              description='Resolves "Yes" if Kash Patel announces his resignation as FBI Director by June 30, 2026.')
    assert any("announcement vs the event" in r for r in verdict(k, p).reasons), verdict(k, p).reasons


def test_a_market_that_only_names_a_championship_is_read_by_the_general_reader() -> None:
    k = kalshi("KXSBMENTION-26FEB08-TSWI", title="What will the Super Bowl LX announcers say?", yes_sub_title="Taylor Swift",
               category="Mentions", close_time="2026-02-09T04:00:00Z",
               rules='If the Super Bowl LX broadcast announcers say "Taylor Swift" during the live game on Feb 8, 2026, '
                     "then the market resolves to Yes.")
    p = gamma("1", question='Will the announcers say "Taylor Swift" during Super Bowl LX?', end="2026-02-09T04:00:00Z",
              description='Resolves "Yes" if the Super Bowl LX broadcast announcers say "Taylor Swift" during the live '
                          'game on February 8, 2026.')
    assert read(k).understood and read(p).understood
    assert verdict(k, p).agrees, verdict(k, p).reasons


def test_a_number_only_one_statement_states_narrows_it() -> None:
    k = _sotu_kalshi("TARI", "Tariff", '"Tariff"')
    first_minutes = gamma("1", question='Will Trump say "Tariff" in the first 10 minutes of the State of the Union?',
                          group="Tariff first 10 min", end="2026-02-25T05:00:00Z",
                          description='Resolves "Yes" if Donald Trump says "Tariff" within the first 10 minutes of his '
                                      '2026 State of the Union address.')
    assert any("only Polymarket states '10'" in r for r in verdict(k, first_minutes).reasons), verdict(k, first_minutes).reasons


def test_survey_sectors_exclude_each_other() -> None:
    k = kalshi("KXISMPMI-26FEB-T50.0", title="ISM manufacturing PMI in February 2026: Above 50.0", yes_sub_title="Above 50.0",
               strike_type="greater", floor=50.0, close_time="2026-03-02T15:00:00Z",
               rules="If the ISM Manufacturing PMI for February 2026 is above 50.0, then the market resolves to Yes.")
    p = gamma("1", question="ISM services PMI above 50 in February?", end="2026-03-04T15:00:00Z",
              description='Resolves "Yes" if the ISM Services PMI for February 2026 is above 50.')
    assert verdict(k, p).rejected, verdict(k, p).reasons


def test_losing_to_a_team_is_that_team_winning() -> None:
    def game(code: str) -> Market:
        return kalshi(f"KXNBAGAME-26MAR03DENDAL-{code}", title="Denver at Dallas Winner?", event_title="Denver at Dallas",
                      yes_sub_title={"DEN": "Denver", "DAL": "Dallas"}[code], category="Sports",
                      close_time="2026-03-04T03:30:00Z")
    p = gamma("1", question="Will the Nuggets lose to the Mavericks on March 3?", slug="nba-den-dal-2026-03-03-lose",
              end="2026-03-04T03:30:00Z")
    dallas, denver = verdict(game("DAL"), p), verdict(game("DEN"), p)
    assert dallas.agrees and dallas.yes_token == token_named(p, "Yes"), dallas.reasons
    assert denver.agrees and denver.yes_token == token_named(p, "No"), denver.reasons


def test_sides_read_from_running_text_are_cut_to_the_ticker_codes() -> None:
    def cricket(code: str, side: str) -> Market:
        return kalshi(f"KXT20WC-26FEB15INDPAK-{code}", title=side, yes_sub_title=side, category="Sports",
                      close_time="2026-03-01T17:00:00Z",
                      rules=f"If {side} wins the India vs Pakistan ICC Men's T20 World Cup match scheduled for Feb 15, "
                            "2026, then the market resolves to Yes.")
    assert read(cricket("PAK", "Pakistan")).teams == ("name:india", "name:pakistan")
    p = gamma("1", question="T20 World Cup: India vs. Pakistan", outcomes=("India", "Pakistan"),
              event_title="T20 World Cup: India vs. Pakistan", slug="t20-world-cup-ind-pak-2026-02-15",
              sports_market_type="moneyline", end="2026-02-15T18:00:00Z")
    v = verdict(cricket("PAK", "Pakistan"), p)
    assert v.agrees and v.yes_token == token_named(p, "Pakistan"), v.reasons


def test_leaving_by_a_day_is_the_no_of_still_holding_the_office_that_day() -> None:
    k = kalshi("KXLEAVITTOUT-26-OUT", title="Karoline Leavitt out as Press Secretary?", yes_sub_title="Before 2027",
               category="Politics", close_time="2026-12-31T23:00:00Z",
               rules="If Karoline Leavitt leaves the role of White House Press Secretary before Jan 1, 2027, then the "
                     "market resolves to Yes.")
    still = gamma("1", question="Will Karoline Leavitt still be Press Secretary at the end of 2026?",
                  end="2026-12-31T23:00:00Z",
                  description='Resolves "Yes" if Karoline Leavitt is still White House Press Secretary at the end of '
                              'December 31, 2026.')
    v = verdict(k, still)
    assert v.agrees and v.yes_token == token_named(still, "No"), v.reasons
