"""Round 16 (rec3): forms of central-bank, crypto, index, company and macro markets the reader
missed on a blind set. Markets invented for the tests."""

from __future__ import annotations

import datetime

from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.dates import date_mentions
from arb_pipeline.domain.matching.propositions.model import DateRule
from arb_pipeline.domain.matching.propositions.numbers import parse_range
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict

# --- a coin's dominance is its share of the market, never its price ------------------------------


def _dominance_kalshi(coin: str = "Ethereum", site: str = "CoinMarketCap") -> object:
    return kalshi("KXETHDOM-27MAY15-T14", title=f"{coin} dominance on May 15, 2027?", yes_sub_title="Above 14%",
                  strike_type="greater", floor=14, close_time="2027-05-15T23:59:00Z", category="Crypto",
                  rules=f"If {coin}'s market-cap dominance on {site} at 11:59 PM ET on May 15, 2027 is above 14%, "
                        "then the market resolves to Yes.")


def _dominance_poly(market_id: str, question: str, description: str) -> object:
    return gamma(market_id, question=question, end="2027-05-15T23:59:00Z", description=description)


def test_a_dominance_against_the_same_dominance_on_the_same_site_is_approved():
    p = _dominance_poly("881001", "ETH dominance above 14% on May 15, 2027 (CoinMarketCap)?",
                        'Resolves "Yes" if ETH dominance shown by CoinMarketCap at 11:59 PM ET May 15, 2027 is greater '
                        "than 14%.")
    assert read(_dominance_kalshi()).measure.key == "dominance:ETH"
    assert approved(_dominance_kalshi(), p) == [token_named(p, "Yes")]


def test_a_dominance_is_never_the_coins_price():
    price = _dominance_poly("881002", "Ethereum above $14 on May 15, 2027?",
                            'Resolves "Yes" if the Coinbase ETH-USD price at 11:59 PM ET May 15, 2027 is above $14.')
    assert read(price).measure.key == "crypto:ETH"
    assert approved(_dominance_kalshi(), price) == []


def test_another_coins_dominance_or_another_site_is_not_approved():
    other_site = _dominance_poly("881003", "ETH dominance above 14% on May 15, 2027 (TradingView)?",
                                 'Resolves "Yes" if ETH dominance shown by TradingView at 11:59 PM ET May 15, 2027 '
                                 "is greater than 14%.")
    assert approved(_dominance_kalshi(), other_site) == []
    bitcoin = _dominance_poly("881004", "Bitcoin dominance above 14% on May 15, 2027 (CoinMarketCap)?",
                              'Resolves "Yes" if BTC dominance shown by CoinMarketCap at 11:59 PM ET May 15, 2027 is '
                              "greater than 14%.")
    assert approved(_dominance_kalshi(), bitcoin) == []


# --- "negative rates" is a rate below 0%, and a value that "returns to" a level is there ----------


def _negative_kalshi() -> object:
    return kalshi("KXBOJ-27JUN-NEG", title="BoJ negative rates in Jun 2027?", yes_sub_title="Below 0%",
                  strike_type="less", cap=0, close_time="2027-06-17T03:00:00Z",
                  rules="If the Bank of Japan sets its short-term policy rate below 0% at its June 2027 monetary policy "
                        "meeting, then the market resolves to Yes.")


def test_zero_and_negative_rates_read_as_numbers():
    below = parse_range(fold("a policy rate below zero"))
    assert below is not None and below.value_range.high.value == 0 and not below.value_range.high.inclusive
    negative = parse_range(fold("Will the Riksbank adopt negative interest rates?"))
    assert negative is not None and negative.value_range.high.value == 0 and negative.unit == "%"


def test_a_return_to_negative_rates_is_a_rate_below_zero():
    p = gamma("881010", question="Will the BoJ return to negative rates in June 2027?", end="2027-06-17T03:00:00Z",
              description='Resolves "Yes" if the Bank of Japan announces a policy rate below zero at its June 2027 '
                          'meeting. A rate of 0% resolves "No".')
    assert approved(_negative_kalshi(), p) == [token_named(p, "Yes")]


def test_a_rate_at_zero_or_another_month_is_not_negative_rates():
    at_zero = gamma("881011", question="Will the BoJ set rates at exactly 0% in June 2027?", end="2027-06-17T03:00:00Z",
                    description='Resolves "Yes" if the Bank of Japan announces a policy rate of exactly 0% at its June '
                                "2027 meeting.")
    assert approved(_negative_kalshi(), at_zero) == []
    july = gamma("881012", question="Will the BoJ return to negative rates in July 2027?", end="2027-07-30T03:00:00Z",
                 description='Resolves "Yes" if the Bank of Japan announces a policy rate below zero at its July 2027 '
                             "meeting.")
    assert approved(_negative_kalshi(), july) == []


# --- a committee named right after a date is its meeting -------------------------------------------


def _dissent_kalshi() -> object:
    return kalshi("KXFEDDISSENT-27JUL", title="Dissent at Jul 2027 FOMC?", yes_sub_title="Yes",
                  close_time="2027-07-28T18:55:00Z",
                  rules="If at least one voting member dissents from the FOMC policy statement released on July 28, "
                        "2027, then the market resolves to Yes.")


def _dissent_poly(market_id: str, month: str, end: str) -> object:
    return gamma(market_id, question=f"Will there be a dissent at the {month} 2027 Fed meeting?", end=end,
                 description=f'Resolves "Yes" if one or more FOMC voters dissent on the monetary policy action '
                             f"announced at the {month} 2027 meeting, as recorded in the statement.")


def test_a_committee_after_a_date_is_its_meeting():
    reference = datetime.date(2027, 1, 1)
    assert [m.rule for m in date_mentions(fold("Dissent at Jul 2027 FOMC?"), reference)] == [DateRule.AT]
    assert [m.rule for m in date_mentions(fold("Jul 2027 FOMC minutes mention tariffs"), reference)] == [DateRule.DURING]


def test_a_dissent_at_the_fed_meeting_is_a_dissent_at_the_fomc():
    p = _dissent_poly("881020", "July", "2027-07-28T19:00:00Z")
    assert approved(_dissent_kalshi(), p) == [token_named(p, "Yes")]


def test_a_dissent_at_another_meeting_is_not_approved():
    assert approved(_dissent_kalshi(), _dissent_poly("881021", "September", "2027-09-22T19:00:00Z")) == []


# --- a bank's long name meets its initials in blocking -------------------------------------------


def _boc_decision() -> object:
    return kalshi("KXBOC-27MAR-HIKE", title="BoC decision on Mar 10, 2027?", yes_sub_title="Hike",
                  close_time="2027-03-10T14:40:00Z",
                  rules="If the Bank of Canada raises its target for the overnight rate at its March 10, 2027 "
                        "announcement, then the market resolves to Yes.")


def _raise_question(market_id: str, bank: str, month: str, end: str) -> object:
    return gamma(market_id, question=f"Will the {bank} raise rates in {month} 2027?", end=end,
                 description=f'Resolves "Yes" if the {bank} raises its policy rate at its {month} 2027 decision.')


def test_a_banks_long_name_meets_its_initials():
    p = _raise_question("881030", "Bank of Canada", "March", "2027-03-10T15:00:00Z")
    assert approved(_boc_decision(), p) == [token_named(p, "Yes")]


def test_another_bank_or_month_is_not_approved():
    assert approved(_boc_decision(), _raise_question("881031", "Bank of Japan", "March", "2027-03-19T03:00:00Z")) == []
    assert approved(_boc_decision(), _raise_question("881032", "Bank of Canada", "April", "2027-04-14T15:00:00Z")) == []


# --- an inflation rate's boilerplate: unadjusted over twelve months, the first release -----------


def _annual_cpi(rules_release: str = "as first released by the Bureau of Labor Statistics") -> object:
    return kalshi("KXCPIYOY-27AUG-T3.1", title="CPI year-over-year in Aug 2027?", yes_sub_title="Above 3.1%",
                  strike_type="greater", floor=3.1, close_time="2027-09-14T12:25:00Z",
                  rules=f"If the year-over-year change in the Consumer Price Index for All Urban Consumers (CPI-U) for "
                        f"August 2027, {rules_release}, is above 3.1%, then the market resolves to Yes.")


def _annual_inflation_poly(adjustment: str = "not seasonally adjusted") -> object:
    return gamma("881040", question="Will annual US inflation exceed 3.1% in August 2027?", end="2027-09-14T12:00:00Z",
                 description=f'This market will resolve to "Yes" if the 12-month percent change in the all items CPI-U ({adjustment}) '
                             "for August 2027, as published by the U.S. Bureau of Labor Statistics, is greater than "
                             "3.1%.\n\nThe figure is taken as reported to one decimal place in the initial release. "
                             "Later revisions are not considered.")


def test_an_unadjusted_annual_rate_in_its_initial_release_assumes_nothing():
    found = verdict(_annual_cpi(), _annual_inflation_poly())
    assert found.agrees and found.certainty == 1
    assert "both the first release (one says 'initial release', the other 'first released')" in found.reasons


def test_a_release_the_rules_do_not_name_or_an_adjusted_figure_still_differs():
    assert verdict(_annual_cpi("as published by the Bureau of Labor Statistics"), _annual_inflation_poly()).certainty < 1
    assert approved(_annual_cpi(), _annual_inflation_poly(adjustment="seasonally adjusted")) == []


# --- a reference rate's own index name -------------------------------------------------------------


def _solana_kalshi() -> object:
    return kalshi("KXSOLY-27JUN30-T300", title="Solana price on Jun 30, 2027?", yes_sub_title="Above $300",
                  strike_type="greater", floor=300, close_time="2027-06-30T20:00:00Z", category="Crypto",
                  rules="If the CF Benchmarks Solana Real-Time Index 60-second average before 4 PM ET on June 30, 2027 "
                        "is above $300, then the market resolves to Yes.")


def _solana_poly(market_id: str, index: str, publisher: str) -> object:
    return gamma(market_id, question=f"Solana above $300 on June 30, 2027 ({index} 4 PM ET)?", end="2027-06-30T20:00:00Z",
                 description=f'This market resolves to "Yes" if the {publisher}, averaged over the minute before 4 PM '
                             "ET on June 30, 2027, is above $300.")


def test_the_reference_rates_index_name_is_its_source():
    p = _solana_poly("881050", "CF SOLUSD_RTI", "CF Benchmarks Solana-Dollar Real Time Index")
    assert approved(_solana_kalshi(), p) == [token_named(p, "Yes")]


def test_another_assets_index_or_another_exchange_is_not_approved():
    assert approved(_solana_kalshi(), _solana_poly("881051", "CF ETHUSD_RTI", "CF Benchmarks Ether-Dollar Real Time Index")) == []
    assert approved(_solana_kalshi(), _solana_poly("881052", "Binance SOLUSDT", "Binance SOL/USDT last trade price")) == []


# --- a currency stronger than a rate per dollar ------------------------------------------------------


def _usdinr() -> object:
    return kalshi("KXUSDINR-27SEP30-T90.00", title="USD/INR on Sep 30, 2027?", yes_sub_title="Below 90.0000",
                  strike_type="less", cap=90.0, close_time="2027-09-30T08:00:00Z",
                  rules="If the RBI USD/INR reference rate for September 30, 2027 is below 90.0000, then the market "
                        "resolves to Yes.")


def _rupee(market_id: str, question: str, description: str) -> object:
    return gamma(market_id, question=question, end="2027-09-30T09:00:00Z", description=description)


def test_a_currency_stronger_than_a_rate_per_dollar_is_the_dollar_below_it():
    p = _rupee("881060", "Rupee stronger than 90.00 per dollar on September 30, 2027?",
               'Resolves "Yes" if the RBI USD/INR reference rate on September 30, 2027 is below 90.0000.')
    assert approved(_usdinr(), p) == [token_named(p, "Yes")]


def test_a_weaker_currency_or_another_rate_is_not_approved():
    weaker = _rupee("881061", "Rupee weaker than 90.00 per dollar on September 30, 2027?",
                    'Resolves "Yes" if the RBI USD/INR reference rate on September 30, 2027 is above 90.0000.')
    assert approved(_usdinr(), weaker) == []
    yen = _rupee("881062", "Yen stronger than 90.00 per dollar on September 30, 2027?",
                 'Resolves "Yes" if the USD/JPY rate on September 30, 2027 is below 90.00.')
    assert approved(_usdinr(), yen) == []


# --- the last trading session of a year, written as its day or as the year's end -------------------


def _hang_seng_kalshi() -> object:
    return kalshi("KXHSI-27DEC30-T30000", title="Hang Seng at end of 2027?", yes_sub_title="Above 30,000",
                  strike_type="greater", floor=30000, close_time="2027-12-30T08:30:00Z",
                  rules="If the Hang Seng Index closes above 30,000 on its final trading day of 2027 (December 30, "
                        "2027), then the market resolves to Yes.")


def _hang_seng_poly(market_id: str, when: str) -> object:
    return gamma(market_id, question="Hang Seng above 30,000 at end of 2027?", end="2027-12-30T09:00:00Z",
                 description=f'Resolves "Yes" if the Hang Seng Index closes above 30,000 {when}.')


def test_the_last_session_of_a_year_is_one_day_however_it_is_written():
    p = _hang_seng_poly("881070", "on the last Hong Kong trading session of 2027")
    assert approved(_hang_seng_kalshi(), p) == [token_named(p, "Yes")]


def test_a_calendar_day_or_the_last_session_of_a_week_is_not_approved():
    assert approved(_hang_seng_kalshi(), _hang_seng_poly("881071", "on December 31, 2027")) == []
    assert approved(_hang_seng_kalshi(), _hang_seng_poly("881072", "on the last trading day of the week ending "
                                                                   "December 31, 2027")) == []


# --- a fiscal quarter dated at its end by one market and at its report by the other ---------------


def _broadcom_kalshi() -> object:
    return kalshi("KXAVGOREV-28MAR-T20", title="Broadcom quarterly revenue in Q1 FY2028?", yes_sub_title="Above $20 billion",
                  strike_type="greater", floor=20000000000, close_time="2028-03-09T21:00:00Z", category="Companies",
                  rules="If Broadcom reports total revenue above $20 billion for fiscal Q1 2028 in its earnings release, "
                        "then the market resolves to Yes.")


def _broadcom_poly(market_id: str, quarter: str, when: str) -> object:
    return gamma(market_id, question=f"Will Broadcom report more than $20B in revenue for {quarter}?",
                 end="2028-03-10T00:00:00Z",
                 description=f"Resolves \"Yes\" if Broadcom's reported total revenue for {when} exceeds $20 billion.")


def test_a_fiscal_quarter_at_its_end_and_at_its_report_is_one_figure():
    p = _broadcom_poly("881080", "Q1 FY28", "its first quarter of fiscal 2028 (ending January 2028)")
    assert approved(_broadcom_kalshi(), p) == [token_named(p, "Yes")]


def test_another_fiscal_quarter_or_a_report_deadline_is_not_approved():
    assert approved(_broadcom_kalshi(), _broadcom_poly("881081", "Q2 FY28",
                                                       "its second quarter of fiscal 2028 (ending April 2028)")) == []
    assert approved(_broadcom_kalshi(), _broadcom_poly("881082", "Q1 FY28",
                                                       "its first quarter of fiscal 2028, reported by February 15, "
                                                       "2028,")) == []


# --- a sentence that says what resolves "No" is no threshold of "Yes" -------------------------------


def _yes_selections(description: str) -> list[object]:
    p = gamma("881090", question="Will the Riksbank go negative in May 2027?", end="2027-05-12T08:00:00Z",
              description=description)
    return [t.selection for t in read(p).outcomes if not t.negated]


def test_the_number_of_a_no_sentence_is_not_what_yes_pays_on():
    selections = _yes_selections('Resolves "Yes" if the Riksbank cuts its policy rate into negative territory at its '
                                 'May 2027 decision. A rate of 0% resolves "No".')
    assert all(not hasattr(s, "low") for s in selections)


def test_the_yes_sentences_own_number_is_still_read():
    selections = _yes_selections('Resolves "Yes" if the Riksbank policy rate is above 2% after its May 2027 '
                                 'decision. A rate of exactly 2% resolves "No".')
    assert [(s.low.value, s.low.inclusive, s.high) for s in selections] == [(2, False, None)]


def test_a_return_outside_a_threshold_is_still_a_word_of_the_statement():
    k = kalshi("KXVEXCONGRESS-27", title="Dana Vex returns to Congress before 2028?", yes_sub_title="Before Jan 1, 2028",
               close_time="2027-12-31T23:00:00Z",
               rules="If Dana Vex returns to Congress before January 1, 2028, then the market resolves to Yes.")
    p = gamma("881013", question="Will Dana Vex be in Congress by December 31, 2027?", end="2027-12-31T23:59:00Z",
              description='Resolves "Yes" if Dana Vex is a member of Congress by December 31, 2027.')
    assert approved(k, p) == []
