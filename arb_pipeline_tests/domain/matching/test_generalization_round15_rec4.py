"""Round 15 forms of the macro, central bank, company and geopolitics markets of the blind sets, on
invented markets: a deadline whose own rules open the window it ends."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict

_OTHERWISE = ' Otherwise, this market will resolve to "No".'


def _question(market_id: str, question: str, description: str, end: str = "2029-06-30T23:59:00Z") -> Market:
    return gamma(market_id, question=question, description=description + _OTHERWISE, end=end)


# --- a deadline whose rules open the window it ends ---------------------------------------------------


def _protocol_kalshi(rules_window: str = "between February 1, 2029 and July 1, 2029",
                     title: str = "African Union adopts a new trade protocol before Jul 1, 2029?") -> Market:
    return kalshi("KXAUTRADE-29JUL", title=title, yes_sub_title="Before Jul 1, 2029", close_time="2029-07-01T03:59:00Z",
                  category="World",
                  rules=f"If the African Union formally adopts a new continental trade protocol {rules_window}, then "
                        f"the market resolves to Yes.")


def _protocol_gamma(market_id: str, window: str) -> Market:
    return _question(market_id, "New African Union trade protocol adopted by June 30?",
                     f'This market will resolve to "Yes" if the African Union formally adopts a new continental trade '
                     f"protocol {window}, 11:59 PM ET.")


def test_a_before_deadline_whose_rules_end_the_window_on_that_day_is_the_window() -> None:
    p = _protocol_gamma("150401", "between February 1, 2029 and June 30, 2029")
    assert approved(_protocol_kalshi(), p) == [token_named(p, "Yes")]


def test_a_by_deadline_whose_rules_count_from_a_day_through_it_is_the_window() -> None:
    k = kalshi("KXOPECCUT-29Q2", title="OPEC announces a production cut by Jun 30, 2029?", yes_sub_title="Cut by Jun 30",
               close_time="2029-06-30T23:59:00Z", category="World",
               rules="If OPEC announces a cut to its members' production targets at any meeting from April 1, 2029 "
                     "through June 30, 2029, then the market resolves to Yes.")
    p = _question("150402", "Will OPEC announce a production cut in Q2 2029?",
                  'This market will resolve to "Yes" if OPEC announces a cut to its members\' production targets at '
                  "any meeting between April 1 and June 30, 2029.")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_a_window_is_not_a_plain_deadline_nor_another_window() -> None:
    # The other market pays on an adoption since its listing, before the window opens.
    plain = _question("150403", "New African Union trade protocol adopted by June 30?",
                      'This market will resolve to "Yes" if the African Union formally adopts a new continental trade '
                      "protocol by June 30, 2029, 11:59 PM ET.")
    later = _protocol_gamma("150404", "between March 1, 2029 and June 30, 2029")
    for p in (plain, later):
        assert not approved(_protocol_kalshi(), p), p.title
        assert verdict(_protocol_kalshi(), p).rejected, p.title


def test_a_rules_window_past_a_by_deadline_stays_apart() -> None:
    # "By Jun 30" with rules to July 1: the title does not say the rules' last day is excluded.
    k = _protocol_kalshi(title="African Union adopts a new trade protocol by Jun 30, 2029?")
    p = _protocol_gamma("150405", "between February 1, 2029 and June 30, 2029")
    assert not approved(k, p)


# --- a country's central bank, and the rate its question names ------------------------------------


def _bank_kalshi(code: str, bank: str, month: str, day: str) -> Market:
    return kalshi(f"KX{code}-29{month[:3].upper()}{day}-CUT", title=f"{bank} rate decision {month[:3]} 2029",
                  yes_sub_title="Cut", close_time=f"2029-{_MONTHS[month]}-{day}T14:00:00Z", category="Economics",
                  rules=f"If the {bank} cuts its policy rate at its meeting concluding {month} {int(day)}, 2029, then "
                        f"the market resolves to Yes.")


_MONTHS = {"June": "06", "September": "09", "October": "10"}


def _bank_gamma(market_id: str, question: str, bank: str, month: str, day: str, rate: str = "key policy rate") -> Market:
    return _question(market_id, question,
                     f'This market will resolve to "Yes" if the {bank} announces a reduction of its {rate} at its '
                     f"monetary policy meeting concluding on {month} {int(day)}, 2029.",
                     end=f"2029-{_MONTHS[month]}-{day}T14:00:00Z")


def test_a_countrys_central_bank_is_its_bank_by_initials() -> None:
    k = _bank_kalshi("SNB", "SNB", "June", "21")
    for market_id, question in (("150411", "Will Switzerland's central bank cut rates in June 2029?"),
                                ("150412", "Will the central bank of Switzerland cut rates in June?")):
        p = _bank_gamma(market_id, question, "Swiss National Bank", "June", "21")
        assert approved(k, p) == [token_named(p, "Yes")], question


def test_a_central_bank_named_by_initials_decides_its_rate() -> None:
    # "RBNZ rate decision" with YES "Cut" is the bank's cut, not an option named "Cut".
    k = _bank_kalshi("RBNZ", "RBNZ", "October", "08")
    p = _bank_gamma("150413", "Will the RBNZ lower rates in October 2029?", "RBNZ", "October", "08")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_the_rate_a_question_names_is_the_policy_rate_its_rules_pay_on() -> None:
    k = _bank_kalshi("BOC", "Bank of Canada", "September", "12")
    p = _bank_gamma("150414", "Will the Bank of Canada cut the overnight rate in September?", "Bank of Canada",
                    "September", "12")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_another_countrys_central_bank_or_another_rate_stays_apart() -> None:
    k = _bank_kalshi("SNB", "SNB", "June", "21")
    other_country = _bank_gamma("150415", "Will Sweden's central bank cut rates in June 2029?", "Riksbank", "June", "21")
    assert not approved(k, other_country)
    assert verdict(k, other_country).rejected
    canada = _bank_kalshi("BOC", "Bank of Canada", "September", "12")
    # Rules that name the rate the question names say which rate: not the policy rate.
    mortgage = _bank_gamma("150416", "Will Canada's central bank cut the mortgage rate in September?", "Bank of Canada",
                           "September", "12", rate="benchmark mortgage rate")
    reverse = _bank_gamma("150417", "Will the Bank of Canada cut the reverse repo rate in September?", "Bank of Canada",
                          "September", "12")
    for p in (mortgage, reverse):
        assert not approved(canada, p), p.title


# --- a body's initials before the name of its release -----------------------------------------------


def _prices_kalshi() -> Market:
    return kalshi("KXPCE-29AUG-T2.3", title="PCE inflation y/y in Aug 2029", yes_sub_title="Above 2.3%",
                  strike_type="greater", floor=2.3, close_time="2029-09-28T12:30:00Z",
                  rules="If the PCE price index year-over-year change for August 2029, as first released by BEA, is "
                        "above 2.3%, then the market resolves to Yes.")


def _prices_gamma(market_id: str, release: str) -> Market:
    return _question(market_id, "Will PCE inflation exceed 2.3% in August 2029?",
                     f'This market will resolve to "Yes" if the year-over-year change in the PCE price index for August '
                     f"2029, per the {release}, is greater than 2.3%.", end="2029-09-28T12:30:00Z")


def test_the_initials_before_a_release_name_are_its_publisher() -> None:
    p = _prices_gamma("150421", "BEA Personal Income and Outlays release")
    assert approved(_prices_kalshi(), p) == [token_named(p, "Yes")]


def test_another_bodys_release_is_no_bea_figure() -> None:
    p = _prices_gamma("150422", "OECD Main Economic Indicators release")
    assert not approved(_prices_kalshi(), p)


# --- rules that count meetings ----------------------------------------------------------------------


def _hikes_kalshi() -> Market:
    return kalshi("KXECBHIKES-29-T1", title="Number of ECB rate hikes in 2029", yes_sub_title="More than 1 hike",
                  strike_type="greater", floor=1, close_time="2029-12-31T23:59:00Z",
                  rules="If the ECB raises rates at more than 1 monetary policy meeting in calendar year 2029, then the "
                        "market resolves to Yes.")


def _hikes_gamma(market_id: str, least: str, verb: str = "raises", moves: str = "hikes") -> Market:
    return _question(market_id, f"How many ECB rate {moves} in 2029? {least} or more",
                     f'This market will resolve to "Yes" if the ECB {verb} its deposit facility rate at {least} or more '
                     f"meetings held in 2029.", end="2029-12-31T23:59:00Z")


def test_rules_that_count_meetings_are_a_count() -> None:
    p = _hikes_gamma("150431", "2")
    assert approved(_hikes_kalshi(), p) == [token_named(p, "Yes")]
    # The range the Fed targets is no level here: its rules count the meetings that lower it.
    k = kalshi("KXFEDCUTS-29-T1", title="Number of Fed rate cuts in 2029", yes_sub_title="More than 1 cut",
               strike_type="greater", floor=1, close_time="2029-12-31T23:59:00Z",
               rules="If the Federal Reserve cuts rates at more than 1 FOMC meeting in calendar year 2029, then the "
                     "market resolves to Yes.")
    fed = _question("150434", "How many Fed rate cuts in 2029? 2 or more",
                    'This market will resolve to "Yes" if the FOMC lowers the target federal funds range at 2 or more '
                    "meetings held in 2029.", end="2029-12-31T23:59:00Z")
    assert approved(k, fed) == [token_named(fed, "Yes")]


def test_another_count_or_another_move_stays_apart() -> None:
    # Read as basis points of one decision, "more than 1" was "3 or more" on the 25 bps grid.
    for p in (_hikes_gamma("150432", "3"), _hikes_gamma("150433", "2", verb="lowers", moves="cuts")):
        assert not approved(_hikes_kalshi(), p), p.title


# --- a maker's planes are its jets; a quarterly figure is the named quarter's ----------------------


def _airbus_kalshi() -> Market:
    return kalshi("KXAIRBUSDEL-29-T820", title="Airbus commercial deliveries in 2029", yes_sub_title="Above 820",
                  strike_type="greater", floor=820, close_time="2030-01-10T14:00:00Z", category="Companies",
                  rules="If Airbus reports more than 820 commercial aircraft deliveries for calendar year 2029, then "
                        "the market resolves to Yes.")


def _airbus_gamma(market_id: str, what: str) -> Market:
    return _question(market_id, f"Will Airbus deliver more than 820 {what} in 2029?",
                     f'This market will resolve to "Yes" if Airbus\'s official 2029 deliveries total of {what}, per its '
                     f"annual orders and deliveries release, is greater than 820.", end="2030-01-10T14:00:00Z")


def test_delivered_planes_are_a_makers_jets() -> None:
    p = _airbus_gamma("150441", "planes")
    assert approved(_airbus_kalshi(), p) == [token_named(p, "Yes")]


def test_delivered_helicopters_are_no_jets() -> None:
    p = _airbus_gamma("150442", "helicopters")
    assert not approved(_airbus_kalshi(), p)


def _quarterly_gamma() -> Market:
    return _question("150443", "Tesla quarterly revenue above $31 billion (July 2029 report)?",
                     'This market will resolve to "Yes" if Tesla reports total revenue greater than $31.0 billion for '
                     "the fiscal quarter ending June 2029 in its earnings release expected in July 2029.",
                     end="2029-07-31T20:00:00Z")


def test_a_quarterly_figure_is_the_figure_of_the_quarter_the_other_names() -> None:
    k = kalshi("KXTSLAREV-29JUL-T31", title="Tesla Q2 FY2029 revenue", yes_sub_title="Above $31B",
               strike_type="greater", floor=31_000_000_000, close_time="2029-07-31T20:00:00Z", category="Companies",
               rules="If Tesla reports revenue for its fiscal Q2 2029 above $31 billion, then the market resolves to Yes.")
    p = _quarterly_gamma()
    assert approved(k, p) == [token_named(p, "Yes")]


def test_a_quarterly_figure_is_no_years_figure() -> None:
    k = kalshi("KXTSLAREV-29-T31", title="Tesla revenue in 2029", yes_sub_title="Above $31B", strike_type="greater",
               floor=31_000_000_000, close_time="2029-07-31T20:00:00Z", category="Companies",
               rules="If Tesla reports total revenue for fiscal year 2029 above $31 billion, as stated in its fourth "
                     "quarter earnings release, then the market resolves to Yes.")
    assert not approved(k, _quarterly_gamma())


# --- producer prices up more than a change ----------------------------------------------------------


def _ppi_kalshi() -> Market:
    return kalshi("KXPPI-29JUN-T0.4", title="PPI final demand m/m in Jun 2029", yes_sub_title="Above 0.4%",
                  strike_type="greater", floor=0.4, close_time="2029-07-13T12:30:00Z", event_title="PPI in Jun 2029",
                  rules="If the Producer Price Index for final demand month-over-month change for June 2029 is above "
                        "0.4%, then the market resolves to Yes.")


def _prices_up_gamma(market_id: str, question: str, index: str = "Producer Price Index for final demand",
                     moves: str = "increases", change: str = "month-over-month") -> Market:
    return _question(market_id, question,
                     f'This market will resolve to "Yes" if the BLS {index} {moves} by more than 0.4% {change} '
                     f"(seasonally adjusted) in June 2029, per the initial release.", end="2029-07-13T12:30:00Z")


def test_producer_prices_up_more_than_a_change_is_the_ppi_above_it() -> None:
    p = _prices_up_gamma("150451", "Producer prices up more than 0.4% in June?")
    assert approved(_ppi_kalshi(), p) == [token_named(p, "Yes")]


def test_prices_down_consumer_prices_or_another_period_stay_apart() -> None:
    down = _prices_up_gamma("150452", "Producer prices down more than 0.4% in June?", moves="decreases")
    consumer = _prices_up_gamma("150453", "Consumer prices up more than 0.4% in June?", index="Consumer Price Index")
    yearly = _prices_up_gamma("150454", "Producer prices up more than 0.4% from a year ago in June?",
                              change="year-over-year")
    for p in (down, consumer, yearly):
        assert not approved(_ppi_kalshi(), p), p.title


# --- "Bros." inside a company's name ends no sentence -----------------------------------------------


def _deal_kalshi() -> Market:
    return kalshi("KXHALDEAL-29", title="Halvorsen Bros. Holdings acquisition closes before Jan 1, 2030?",
                  yes_sub_title="Closes before Jan 1", close_time="2029-12-31T23:59:00Z", category="Companies",
                  rules="If an announced acquisition of Halvorsen Bros. Holdings is completed before January 1, 2030, "
                        "then the market resolves to Yes.")


def _deal_gamma(market_id: str, target: str) -> Market:
    return _question(market_id, "Will the Halvorsen Bros. deal close by December 31, 2029?",
                     f'This market will resolve to "Yes" if the acquisition of {target} by any acquirer is completed by '
                     f"December 31, 2029.", end="2029-12-31T23:59:00Z")


def test_a_companys_bros_abbreviation_ends_no_sentence() -> None:
    p = _deal_gamma("150461", "Halvorsen Bros. Holdings")
    assert approved(_deal_kalshi(), p) == [token_named(p, "Yes")]


def test_another_company_of_the_same_family_name_stays_apart() -> None:
    p = _deal_gamma("150462", "Halvorsen Bros. Shipping")
    assert not approved(_deal_kalshi(), p)


# --- earnings beaten are EPS above the estimate -------------------------------------------------------


def _beat_kalshi() -> Market:
    return kalshi("KXNKEEPS-29MAR-BEAT", title="Nike beats EPS estimates in Mar 2029?", yes_sub_title="Beats",
                  close_time="2029-03-31T20:00:00Z", category="Companies",
                  rules="If Nike's reported diluted EPS for fiscal Q3 2029 exceeds the consensus estimate at the time "
                        "of the report, then the market resolves to Yes.")


def _beat_gamma(market_id: str, question: str, figure: str) -> Market:
    return _question(market_id, question,
                     f'This market will resolve to "Yes" if Nike reports {figure} above the consensus estimate for its '
                     f"fiscal Q3 2029 earnings released in late March 2029.", end="2029-03-31T20:00:00Z")


def test_beating_earnings_is_eps_above_the_estimate() -> None:
    p = _beat_gamma("150471", "Will Nike beat quarterly earnings?", "diluted EPS")
    assert approved(_beat_kalshi(), p) == [token_named(p, "Yes")]


def test_beating_revenue_or_earnings_the_rules_never_call_eps_stays_apart() -> None:
    revenue = _beat_gamma("150472", "Will Nike beat revenue estimates?", "revenue")
    income = _beat_gamma("150473", "Will Nike beat quarterly earnings?", "net income")
    for p in (revenue, income):
        assert not approved(_beat_kalshi(), p), p.description
