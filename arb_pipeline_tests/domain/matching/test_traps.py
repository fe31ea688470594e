"""Equivalence as agreement of propositions, trap by trap: every look-alike is rejected with its
own reason or kept in review naming the part that cannot be settled, and markets of kinds no
lexicon lists agree when every part does."""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def rejection(v: Verdict) -> str:
    assert v.rejected, v.reasons
    return next(r for r in v.reasons if r.startswith("REJECT:"))


def event_kalshi(ticker: str, title: str, rules: str, *, label: str = "", close: str = "2026-12-31T23:00:00Z") -> Market:
    return kalshi(ticker, title=title, yes_sub_title=label, rules=rules, close_time=close, category="World")


def event_gamma(market_id: str, question: str, description: str, *, end: str = "2026-12-31T23:00:00Z",
                outcomes: tuple[str, str] = ("Yes", "No"), group: str | None = None) -> Market:
    return gamma(market_id, question=question, description=description, end=end, outcomes=outcomes, group=group)


# --- new kinds of market agree when every part does ----------------------------------------------


def test_an_event_by_a_date_in_two_wordings_agrees() -> None:
    k = event_kalshi("KXSPACEXIPO-26-IPO", "Will SpaceX IPO before 2027?",
                     "If SpaceX's shares begin trading on a public exchange before Jan 1, 2027, then the market resolves to Yes.")
    p = event_gamma("1", "SpaceX IPO by December 31, 2026?",
                    'This market will resolve to "Yes" if SpaceX goes public by December 31, 2026.')
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Yes")
    assert "same date: by 2026-12-31" in v.reasons


def test_an_office_holder_leaving_in_two_wordings_agrees() -> None:
    k = event_kalshi("KXPOWELLOUT-26JUN01-OUT", "Will Jerome Powell step down as Fed Chair before Jun 1, 2026?",
                     "If Jerome Powell leaves the office of Chair of the Federal Reserve before Jun 1, 2026, then the market resolves to Yes.",
                     close="2026-05-31T23:00:00Z")
    p = event_gamma("2", "Powell out as Fed Chair by May 31?",
                    'This market will resolve to "Yes" if Jerome Powell leaves the office of Fed Chair by May 31, 2026.',
                    end="2026-05-31T23:00:00Z")
    v = verdict(k, p)
    assert v.agrees, v.reasons


def test_a_winner_among_named_candidates_agrees_with_the_question_naming_it() -> None:
    k = kalshi("KXOSCARPIC-26-HAMN", title="Best Picture winner at the 2026 Oscars: Hamnet", yes_sub_title="Hamnet",
               rules="If Hamnet wins Best Picture at the 2026 Academy Awards, then the market resolves to Yes.",
               close_time="2026-03-15T23:00:00Z", category="Culture")
    p = gamma("3", question="Will Hamnet win Best Picture at the 2026 Oscars?", group="Hamnet", end="2026-03-15T23:00:00Z",
              description='This market will resolve to "Yes" if Hamnet wins Best Picture at the 2026 Academy Awards.')
    other = gamma("4", question="Will Marty Supreme win Best Picture at the 2026 Oscars?", group="Marty Supreme",
                  end="2026-03-15T23:00:00Z")
    assert verdict(k, p).agrees
    assert verdict(k, other).rejected


def test_a_threshold_on_a_measure_no_lexicon_lists_agrees_on_its_grid() -> None:
    # A count is published in whole units: "more than 350,000" is "350,001 or more".
    k = kalshi("KXTESLADEL-26Q1-T350000", title="Will Tesla deliver more than 350,000 vehicles in Q1 2026?",
               yes_sub_title="Above 350,000", strike_type="greater", floor=350000, category="Companies",
               rules="If Tesla reports vehicle deliveries of more than 350,000 for Q1 2026, then the market resolves to Yes.",
               close_time="2026-04-02T14:00:00Z")
    p = gamma("5", question="Will Tesla deliver 350,001 or more vehicles in Q1 2026?", end="2026-04-02T14:00:00Z",
              description='This market will resolve to "Yes" if Tesla reports 350,001 or more vehicle deliveries for Q1 2026.')
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert any("on a grid of whole units" in r for r in v.reasons)


# --- each trap keeps its reason -------------------------------------------------------------------

BLS = "as first published by the Bureau of Labor Statistics, to one decimal place."


def cpi(ticker_level: str, phrase: str, market_id: str, *, question: str | None = None) -> tuple[Market, Market]:
    k = kalshi(f"KXCPIYOY-25DEC-T{ticker_level}", title=f"Will CPI inflation be above {ticker_level}% in Dec 2025?",
               yes_sub_title=f"Above {ticker_level}%", strike_type="greater", floor=float(ticker_level),
               close_time="2026-01-13T13:25:00Z", rules=f"If the year-over-year CPI-U change is above {ticker_level}%, {BLS}")
    p = gamma(market_id, question=question or f"Will annual inflation be {phrase} in December 2025?", end="2026-01-13T13:30:00Z",
              description=f'This market will resolve to "Yes" if the annual CPI-U change for December 2025 is {phrase}, {BLS}')
    return k, p


def test_trap_strict_vs_inclusive() -> None:
    assert "inclusive" in rejection(verdict(*cpi("3.0", "at least 3.0%", "10")))


def test_trap_not_complement_at_boundary() -> None:
    assert "not complements at the boundary" in rejection(verdict(*cpi("3.0", "below 3.0%", "11")))


def test_trap_near_miss_threshold() -> None:
    assert "threshold differs" in rejection(verdict(*cpi("3.2", "above 3.0%", "12")))


def test_trap_headline_vs_core() -> None:
    k, p = cpi("3.0", "above 3.0%", "13", question="Will annual core inflation be above 3.0% in December 2025?")
    assert "different measure" in rejection(verdict(k, p))


def test_trap_different_number_in_the_statement() -> None:
    k = kalshi("KX10Y-26FEB27-T4.25", title="10-year Treasury yield on Feb 27, 2026: Above 4.25%", yes_sub_title="Above 4.25%",
               strike_type="greater", floor=4.25, close_time="2026-02-27T21:00:00Z", category="Financials")
    p = gamma("14", question="2Y Treasury yield above 4.25% on Feb 27?", end="2026-02-27T21:00:00Z")
    assert rejection(verdict(k, p)) == "REJECT: Kalshi says '10', Polymarket says '2'"


def test_trap_preliminary_vs_revised() -> None:
    k = kalshi("KXGDP-26Q1-T2.0", title="Will real GDP grow more than 2% in Q1 2026?", yes_sub_title="Above 2.0%",
               strike_type="greater", floor=2.0, close_time="2026-04-30T12:30:00Z", category="Economics",
               rules="If the advance estimate of real GDP growth for Q1 2026 is above 2%, then the market resolves to Yes.")
    p = gamma("15", question="Q1 2026 GDP growth above 2.0% in the second estimate?", end="2026-05-28T12:30:00Z",
              description='Resolves "Yes" if the second estimate of real GDP growth for Q1 2026 is above 2.0%.')
    assert "different release: Kalshi advance estimate vs Polymarket second estimate" in rejection(verdict(k, p))


def test_trap_intraday_touch_vs_close() -> None:
    k = kalshi("KXINXU-26FEB27H1600-T6999.99", title="Will the S&P 500 close above 6999.99 on Feb 27, 2026?",
               yes_sub_title="7,000 or above", strike_type="greater", floor=6999.99, close_time="2026-02-27T21:00:00Z",
               category="Financials", rules="If the S&P 500 closes above 6999.99 on Feb 27, 2026, then the market resolves to Yes.")
    p = gamma("16", question="Will the S&P 500 hit 7,000 on February 27?", end="2026-02-27T21:00:00Z",
              description='This market will resolve to "Yes" if the S&P 500 trades at or above 7,000.00 at any point on '
                          "February 27, 2026 (intraday high).")
    assert "reached at any time" in rejection(verdict(k, p))


def test_trap_touch_is_the_no_of_staying_below() -> None:
    k = kalshi("KXBTCMAXY-26DEC31-T250000", title="Will Bitcoin be above $250,000 before 2027?", yes_sub_title="Above $250,000",
               strike_type="greater", floor=250000, close_time="2026-12-31T23:00:00Z", category="Crypto",
               rules="If the CF Benchmarks Bitcoin Real-Time Index (BRTI) is above $250,000 at any time before Jan 1, 2027, "
                     "then the market resolves to Yes.")
    p = gamma("17", question="Will Bitcoin stay below $250,000 through 2026?", end="2026-12-31T23:00:00Z",
              description='Resolves "Yes" if the CF Benchmarks BRTI is never above $250,000 at any time in 2026.')
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "No")


def test_trap_by_a_date_against_in_a_window_is_settled_by_when_the_markets_opened() -> None:
    k = event_kalshi("KXRECESSION-26", "Will the US enter a recession in 2026?",
                     "If the NBER declares a US recession that begins in 2026, then the market resolves to Yes.")
    p = event_gamma("18", "US recession by December 31, 2026?",
                    'This market will resolve to "Yes" if the NBER declares a US recession that begins by December 31, 2026.')
    v = verdict(k, p)
    assert "same as by 2026-12-31" in " ".join(v.reasons)


def test_trap_different_entity() -> None:
    k = event_kalshi("KXGAZA-26MAR31", "Will Israel and Hamas agree to a ceasefire by Mar 31, 2026?",
                     "If Israel and Hamas agree to a ceasefire by Mar 31, 2026, then the market resolves to Yes.",
                     close="2026-03-31T23:00:00Z")
    p = event_gamma("19", "Will Israel and Hezbollah agree to a ceasefire by March 31?",
                    'This market will resolve to "Yes" if Israel and Hezbollah agree to a ceasefire by March 31, 2026.',
                    end="2026-03-31T23:00:00Z")
    assert rejection(verdict(k, p)) == "REJECT: different names: Kalshi 'Hamas' vs Polymarket 'Hezbollah'"


def test_trap_a_narrower_event_is_not_approved() -> None:
    k = event_kalshi("KXHURLAND-26-FL", "Hurricane landfall in Florida in 2026?",
                     "If a hurricane makes landfall in Florida at any time in 2026, then the market resolves to Yes.")
    p = event_gamma("20", "Major hurricane landfall in Florida in 2026?",
                    'Resolves "Yes" if a major hurricane (Category 3 or stronger) makes landfall in Florida during 2026.')
    v = verdict(k, p)
    # A major hurricane is one of Category 3 or higher: a grade's threshold, which any hurricane
    # (the event) is not.
    assert v.rejected, v.reasons


def test_trap_winning_is_not_reaching_the_final() -> None:
    k = kalshi("KXWC-26-ESP", title="2026 World Cup winner: Spain", yes_sub_title="Spain", category="Sports",
               rules="If Spain wins the 2026 FIFA World Cup, then the market resolves to Yes.", close_time="2026-07-19T23:00:00Z")
    p = gamma("21", question="Will Spain reach the 2026 World Cup final?", end="2026-07-19T23:00:00Z",
              description='Resolves "Yes" if Spain plays in the final of the 2026 FIFA World Cup.')
    assert rejection(verdict(k, p)) == "REJECT: Kalshi says 'win', Polymarket says 'final'"


def test_trap_remaining_is_the_no_of_leaving() -> None:
    k = event_kalshi("KXMUSKCEO-26-OUT", "Elon Musk out as Tesla CEO before 2027?",
                     "If Elon Musk ceases to be CEO of Tesla before Jan 1, 2027, then the market resolves to Yes.", label="Before 2027")
    p = event_gamma("22", "Will Elon Musk remain Tesla CEO through 2026?",
                    'Resolves "Yes" if Elon Musk is CEO of Tesla on December 31, 2026.')
    v = verdict(k, p)
    assert v.mapped and v.yes_token == token_named(p, "No"), v.reasons
    assert "opposite statements: Kalshi says 'leave', Polymarket says 'remain'" in v.reasons


def test_trap_a_primary_against_the_general_election() -> None:
    k = kalshi("KXNYGOVDPRIMARY-26-KHOC", title="Will Kathy Hochul win the 2026 Democratic primary for Governor of New York?",
               yes_sub_title="Kathy Hochul", custom_strike={"Person": "Kathy Hochul"}, category="Elections")
    general = gamma("23", question="Will Kathy Hochul win the 2026 New York governor election?", group="Kathy Hochul")
    nomination = gamma("24", question="Will Kathy Hochul win the 2026 Democratic nomination for New York Governor?",
                       group="Kathy Hochul")
    assert rejection(verdict(k, general)) == "REJECT: nominee vs winner: Kalshi nomination vs Polymarket general"
    assert verdict(k, nomination).agrees


def test_trap_a_draw_makes_one_team_no_complement_of_the_other() -> None:
    k = kalshi("KXEPLGAME-26FEB08MCILIV-LIV", title="Manchester City vs Liverpool Winner?", yes_sub_title="Liverpool",
               event_title="Manchester City vs Liverpool", category="Sports", close_time="2026-02-08T19:00:00Z")
    man_city = gamma("25", question="Will Manchester City FC win on 2026-02-08?", group="Manchester City FC",
                     slug="epl-mci-liv-2026-02-08-mci", event_title="Man City vs. Liverpool", sports_market_type="moneyline",
                     game_start_time="2026-02-08 16:30:00+00")
    liverpool = gamma("26", question="Will Liverpool FC win on 2026-02-08?", group="Liverpool FC",
                      slug="epl-mci-liv-2026-02-08-liv", event_title="Man City vs. Liverpool", sports_market_type="moneyline",
                      game_start_time="2026-02-08 16:30:00+00")
    assert "no Polymarket outcome" in rejection(verdict(k, man_city))
    agreed = verdict(k, liverpool)
    assert agreed.agrees and agreed.yes_token == token_named(liverpool, "Yes")


def test_trap_another_central_bank() -> None:
    k = kalshi("KXECBRATE-26MAR-HOLD", title="ECB rate decision in Mar 2026: Hold", yes_sub_title="Hold", category="Economics",
               rules="If the European Central Bank keeps its deposit facility rate unchanged at its meeting concluding Mar 19, "
                     "2026, then the market resolves to Yes.", close_time="2026-03-19T12:10:00Z")
    ecb = gamma("27", question="No change in ECB interest rates after March 2026 meeting?", end="2026-03-19T12:10:00Z")
    fed = gamma("28", question="No change in Fed interest rates after March 2026 meeting?", end="2026-03-18T18:00:00Z")
    assert verdict(k, ecb).agrees
    assert rejection(verdict(k, fed)) == "REJECT: different names: Kalshi 'ECB' vs Polymarket 'Fed'"


def test_a_cut_of_more_than_25_bps_is_the_50_plus_bucket() -> None:
    k = kalshi("KXFEDDECISION-26MAR-C26", title="Fed decision in Mar 2026: Cut >25bps", yes_sub_title="Cut >25bps",
               category="Economics", close_time="2026-03-18T17:55:00Z",
               rules="If the Federal Reserve cuts the upper bound of the federal funds target range by more than 25 bps at its "
                     "meeting ending Mar 18, 2026, then the market resolves to Yes.")
    p = gamma("29", question="Fed decreases interest rates by 50+ bps after March 2026 meeting?", end="2026-03-18T18:00:00Z")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert any("on a grid of 25 bps steps" in r for r in v.reasons)


def test_trap_a_window_that_opens_after_the_deadline_market_is_narrower() -> None:
    # Both markets opened on Jan 2: an orbit in February pays the deadline market only.
    k = event_kalshi("KXSTARSHIP-26JUN30", "Will Starship reach orbit by Jun 30, 2026?",
                     "If SpaceX's Starship reaches orbit by Jun 30, 2026, then the market resolves to Yes.",
                     close="2026-06-30T23:00:00Z")
    p = event_gamma("30", "Will Starship reach orbit in Q2 2026?",
                    'This market will resolve to "Yes" if SpaceX\'s Starship reaches orbit between April 1 and June 30, 2026.',
                    end="2026-06-30T23:00:00Z")
    assert rejection(verdict(k, p)).startswith("REJECT: window vs deadline: from 2026-04-01 to 2026-06-30 starts after")


def test_trap_a_ceasefire_is_not_a_peace_deal() -> None:
    k = event_kalshi("KXGAZA-26MAR31", "Will Israel and Hamas agree to a ceasefire by Mar 31, 2026?",
                     "If Israel and Hamas agree to a ceasefire by Mar 31, 2026, then the market resolves to Yes.",
                     close="2026-03-31T23:00:00Z")
    p = event_gamma("31", "Will Israel and Hamas sign a peace deal by March 31?",
                    'This market will resolve to "Yes" if Israel and Hamas sign a peace deal by March 31, 2026.',
                    end="2026-03-31T23:00:00Z")
    assert rejection(verdict(k, p)) == "REJECT: Kalshi says 'ceasefire', Polymarket says 'peace'"


def test_a_name_the_other_market_says_in_words_is_the_same_name() -> None:
    # A question In Title Case names nothing by its capitals; its words still say "Golden Globe".
    k = kalshi("KXGGDRAMA-26-HAMN", title="Who will win Best Motion Picture - Drama at the Golden Globes?", yes_sub_title="Hamnet",
               rules="If Hamnet wins Best Motion Picture - Drama at the 2026 Golden Globes, then the market resolves to Yes.",
               close_time="2026-01-11T23:00:00Z", category="Culture")
    p = gamma("33", question="Will Hamnet Win the Golden Globe for Best Motion Picture Drama?", group="Hamnet",
              end="2026-01-11T23:00:00Z",
              description='This market will resolve to "Yes" if Hamnet wins the golden globe for best motion picture drama in 2026.')
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Yes")


def test_a_close_on_any_day_is_neither_a_touch_nor_one_reading() -> None:
    k = kalshi("KXNVDA6T-26JUN30-6T", title="Will Nvidia's market cap close above $6 trillion before Jul 1, 2026?",
               yes_sub_title="Above $6 trillion", category="Companies", close_time="2026-06-30T20:00:00Z",
               rules="If NVIDIA's market capitalization at the close of any trading day before Jul 1, 2026 is above "
                     "$6 trillion, according to companiesmarketcap.com, then the market resolves to Yes.")
    # The question says "hit"; its rules read each day's close, as Kalshi's do.
    p = gamma("34", question="Will NVIDIA hit a $6T market cap by June 30?", end="2026-06-30T20:00:00Z",
              description='Resolves "Yes" if NVIDIA\'s market capitalization at the close of any trading day before July 1, '
                          '2026 exceeds $6 trillion, per companiesmarketcap.com. Otherwise "No".')
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert "both pay if the value is there at the close of any day" in v.reasons
    intraday = gamma("35", question="Will NVIDIA hit a $6T market cap by June 30?", end="2026-06-30T20:00:00Z",
                     description='Resolves "Yes" if NVIDIA\'s market capitalization exceeds $6 trillion at any time before '
                                 'July 1, 2026, per companiesmarketcap.com. Otherwise "No".')
    assert rejection(verdict(k, intraday)) == ("REJECT: Kalshi pays if the value is there at the close of any day in the "
                                               "window, Polymarket if it is reached at any time")


def test_no_meeting_with_a_cut_is_no_cut() -> None:
    k = kalshi("KXRATECUTCOUNT-26DEC31-0", title="How many times will the Fed cut rates in 2026?", yes_sub_title="0 cuts",
               category="Economics", close_time="2026-12-31T23:00:00Z", strike_type="custom",
               rules="If the number of FOMC meetings in 2026 at which the Fed lowers the target range is exactly 0, "
                     "then the market resolves to Yes.")
    zero = gamma("36", question="0 Fed rate cuts in 2026?", end="2026-12-31T23:00:00Z",
                 description='Resolves "Yes" if the number of 25 basis point Fed rate cuts in 2026 is exactly 0.')
    v = verdict(k, zero)
    assert v.agrees, v.reasons
    assert any(r.startswith("zero or not:") for r in v.reasons)
    two = kalshi("KXRATECUTCOUNT-26DEC31-2", title="How many times will the Fed cut rates in 2026?", yes_sub_title="2 cuts",
                 category="Economics", close_time="2026-12-31T23:00:00Z", strike_type="custom",
                 rules="If the number of FOMC meetings in 2026 at which the Fed lowers the target range is exactly 2, "
                       "then the market resolves to Yes.")
    # One 50 bps cut is one meeting and two cuts: from one up the counts differ.
    two_cuts = gamma("37", question="2 Fed rate cuts in 2026?", end="2026-12-31T23:00:00Z",
                     description='Resolves "Yes" if the number of 25 basis point Fed rate cuts in 2026 is exactly 2.')
    assert rejection(verdict(two, two_cuts)).startswith("REJECT: counts different things")


def test_each_side_words_what_the_other_rules_state() -> None:
    k = kalshi("KXHUNGARY-26-TISZA", title="Hungary parliamentary election 2026: Tisza", yes_sub_title="Tisza",
               category="Elections", close_time="2026-04-30T23:00:00Z",
               rules="If Tisza wins the most seats in the Hungarian National Assembly in the 2026 parliamentary election, "
                     "then the market resolves to Yes.")
    p = gamma("38", question="Will Tisza win the most seats in the 2026 Hungarian election?", group="Tisza",
              end="2026-04-30T23:00:00Z",
              description='This market will resolve to "Yes" if Tisza wins the most seats in the National Assembly of Hungary '
                          "in the 2026 parliamentary election.")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert "the same statement as each market's rules state it: Kalshi 'parliamentary', Polymarket 'mostseat'" in v.reasons
    # A word the other market's rules never use still leaves the statements unsettled.
    vote = gamma("39", question="Will Tisza win the popular vote in the 2026 Hungarian election?", group="Tisza",
                 end="2026-04-30T23:00:00Z",
                 description='This market will resolve to "Yes" if Tisza wins the most votes in the 2026 Hungarian election.')
    assert not verdict(k, vote).agrees


def test_trap_another_country_statistics_office() -> None:
    k = kalshi("KXUKCPI-26JAN-T3.0", title="Will UK CPI inflation be above 3.0% for January 2026?", yes_sub_title="Above 3.0%",
               strike_type="greater", floor=3.0, category="Economics", close_time="2026-02-18T07:00:00Z",
               rules="If the 12-month rate of the UK Consumer Prices Index (CPI) for January 2026, as first published by "
                     "the Office for National Statistics, is above 3.0%, then the market resolves to Yes.")
    same = gamma("40", question="UK inflation above 3.0% in January?", end="2026-02-18T07:00:00Z",
                 description='This market will resolve to "Yes" if the UK CPI annual rate for January 2026, as first '
                             'published by the ONS, is greater than 3.0%. Otherwise "No".')
    us = gamma("41", question="Annual inflation above 3.0% in January?", end="2026-02-18T07:00:00Z",
               description='This market will resolve to "Yes" if the annual CPI rate for January 2026 published by the '
                           'Bureau of Labor Statistics is greater than 3.0%. Otherwise "No".')
    v = verdict(k, same)
    assert v.agrees and "same source: ONS CPI" in v.reasons, v.reasons
    assert rejection(verdict(k, us)) == "REJECT: different source: Kalshi ONS CPI vs Polymarket BLS CPI"


def test_trap_seasonally_adjusted_against_unadjusted() -> None:
    k = kalshi("KXCPI-26JAN-T0.2", title="Will CPI rise more than 0.2% in January 2026?", yes_sub_title="Above 0.2%",
               strike_type="greater", floor=0.2, category="Economics", close_time="2026-02-11T13:30:00Z",
               rules="If the seasonally adjusted month-over-month change in CPI-U for January 2026, as first released by "
                     "the Bureau of Labor Statistics, is above 0.2%, then the market resolves to Yes.")
    p = gamma("42", question="Will unadjusted CPI rise more than 0.2% in January?", end="2026-02-11T13:30:00Z",
              description='This market will resolve to "Yes" if the not seasonally adjusted CPI-U index for January 2026 is '
                          "more than 0.2% above the not seasonally adjusted index for December 2025, computed from the BLS "
                          'release of February 11, 2026. Otherwise "No".')
    assert rejection(verdict(k, p)) == ("REJECT: seasonal adjustment: Kalshi seasonally adjusted vs Polymarket not "
                                        "seasonally adjusted")


def test_an_edition_number_the_other_rules_state_is_said() -> None:
    # Kalshi states "98th Academy Awards", Polymarket's question only "Best Actress"; its rules
    # name the 98th too.
    k = kalshi("KXOSCARACTR-26-JBUC", title="Who will win Best Actress at the 98th Academy Awards?",
               yes_sub_title="Jessie Buckley", category="Culture", close_time="2026-03-15T23:00:00Z",
               rules="If Jessie Buckley wins the Academy Award for Best Actress in a Leading Role at the 98th Academy "
                     "Awards, then the market resolves to Yes.")
    p = gamma("43", question="Jessie Buckley to win Best Actress?", group="Jessie Buckley", end="2026-03-15T23:00:00Z",
              event_title="Oscars 2026: acting and directing",
              description='This market will resolve to "Yes" if Jessie Buckley wins the Oscar for Best Actress in a Leading '
                          'Role at the 98th Academy Awards (March 15, 2026). Otherwise "No".')
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert not any("only Kalshi says" in r for r in v.reasons)


def _gold(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, end="2026-03-31T23:00:00Z", description=description)


def test_trap_futures_against_the_spot_price() -> None:
    k = kalshi("KXGOLD-26MAR31-T3000", title="Gold price on Mar 31, 2026?", yes_sub_title="Above $3,000", strike_type="greater",
               floor=3000, category="Commodities", close_time="2026-03-31T23:00:00Z",
               rules="If the LBMA Gold Price PM on Mar 31, 2026 is above $3,000 per troy ounce, then the market resolves to Yes.")
    same = _gold("44", "Gold above $3,000 on March 31?",
                 'Resolves "Yes" if the LBMA Gold Price PM for March 31, 2026 is greater than $3,000. Otherwise "No".')
    futures = _gold("45", "Gold futures above $3,000 on March 31?",
                    'Resolves "Yes" if the front-month COMEX gold futures contract settles above $3,000 on March 31, 2026.')
    assert verdict(k, same).agrees
    v = verdict(k, futures)
    assert not v.agrees and "instrument" in v.unsettled and "only Polymarket states 'futures'" in v.reasons
    spot = kalshi("KXGOLDSPOT-26MAR31-T3000", title="Gold spot price on Mar 31, 2026?", yes_sub_title="Above $3,000",
                  strike_type="greater", floor=3000, category="Commodities", close_time="2026-03-31T23:00:00Z",
                  rules="If the spot price of gold at 5 PM ET on Mar 31, 2026 is above $3,000, then the market resolves to Yes.")
    assert rejection(verdict(spot, futures)) == "REJECT: different instrument: Kalshi spot vs Polymarket futures"


def test_trap_another_quoted_word() -> None:
    k = event_kalshi("KXSOTU-26-TARIFF", "Will Trump say 'tariff' during the State of the Union?",
                     "If Donald Trump says the word 'tariff' during his 2026 State of the Union address, then the market "
                     "resolves to Yes.", close="2026-02-25T05:00:00Z")
    same = event_gamma("46", 'Will Trump say "tariff" during the State of the Union?',
                       'Resolves "Yes" if Donald Trump says "tariff" during the 2026 State of the Union address.',
                       end="2026-02-25T05:00:00Z")
    other = event_gamma("47", 'Will Trump say "crypto" during the State of the Union?',
                        'Resolves "Yes" if Donald Trump says "crypto" during the 2026 State of the Union address.',
                        end="2026-02-25T05:00:00Z")
    v = verdict(k, same)
    assert v.agrees and "both quote 'tariff'" in v.reasons, v.reasons
    assert rejection(verdict(k, other)) == "REJECT: different quoted terms: Kalshi 'tariff' vs Polymarket 'crypto'"


def test_trap_hurricanes_are_not_named_storms() -> None:
    k = kalshi("KXHURRICANES-26-T7", title="How many Atlantic hurricanes in 2026?", yes_sub_title="Above 7", strike_type="greater",
               floor=7, category="Climate", close_time="2026-12-01T23:00:00Z",
               rules="If more than 7 Atlantic hurricanes form during the 2026 season, as reported by the NHC, then the market "
                     "resolves to Yes.")
    same = gamma("48", question="Will there be 8 or more Atlantic hurricanes in 2026?", group="8+", end="2026-12-01T23:00:00Z",
                 event_title="How many Atlantic hurricanes in 2026?",
                 description='Resolves "Yes" if 8 or more Atlantic hurricanes form in the 2026 hurricane season according to the NHC.')
    storms = gamma("49", question="Will there be 8 or more named storms in 2026?", group="8+", end="2026-12-01T23:00:00Z",
                   event_title="How many named storms in 2026?",
                   description='Resolves "Yes" if 8 or more Atlantic named storms form in the 2026 hurricane season according to the NHC.')
    assert verdict(k, same).agrees
    assert rejection(verdict(k, storms)) == "REJECT: Kalshi says 'hurricane', Polymarket says 'storm'"


def test_an_office_the_other_rules_state_is_stated() -> None:
    k = event_kalshi("KXTRUMPOUT-27-OUT", "Will Trump leave office before 2027?",
                     "If Donald Trump ceases to be President of the United States before Jan 1, 2027, then the market "
                     "resolves to Yes.")
    p = event_gamma("50", "Trump out as President by December 31, 2026?",
                    'Resolves "Yes" if Donald Trump ceases to be President of the United States by December 31, 2026.')
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert "both president (Kalshi in its rules)" in v.reasons


def test_trap_another_award_of_the_same_ceremony() -> None:
    k = kalshi("KXGRAMMYAOTY-26-BADB", title="Grammy Album of the Year 2026?", yes_sub_title="Bad Bunny", category="Culture",
               close_time="2026-02-01T23:00:00Z",
               rules="If Bad Bunny wins Album of the Year at the 2026 Grammy Awards, then the market resolves to Yes.")
    same = gamma("51", question="Will Bad Bunny win Album of the Year at the 2026 Grammys?", group="Bad Bunny",
                 end="2026-02-01T23:00:00Z",
                 description='Resolves "Yes" if Bad Bunny wins Album of the Year at the 68th Grammy Awards.')
    record = gamma("52", question="Will Bad Bunny win Record of the Year at the 2026 Grammys?", group="Bad Bunny",
                   end="2026-02-01T23:00:00Z",
                   description='Resolves "Yes" if Bad Bunny wins Record of the Year at the 68th Grammy Awards.')
    assert verdict(k, same).agrees
    assert rejection(verdict(k, record)) == "REJECT: Kalshi says 'album', Polymarket says 'record'"
