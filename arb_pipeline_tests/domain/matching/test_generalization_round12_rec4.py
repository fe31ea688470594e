"""Numbers, units, dates and sources two blind sets missed at first contact: a price in cents
("below 3 cents", "3¢", "3c") is hundredths of a dollar; a central bank's rate stated as a level in
percent after a decision is that level, not a move in basis points; a US figure one agency
publishes (CPI, PCE, payrolls) is that agency's release on a market naming no source. Each
look-alike still never agrees: another level, another rate, a move, a private index."""

from __future__ import annotations

from arb_pipeline.domain.matching.candidates import candidate_pairs
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def _rejected(v: Verdict) -> bool:
    return not v.agrees and any(reason.startswith("REJECT") for reason in v.reasons)


def _approved(v: Verdict, p: Market, outcome: str) -> bool:
    return v.agrees and v.yes_token == token_named(p, outcome)


# --- a price in cents -----------------------------------------------------------------------------------


def _token_below(cap: str) -> Market:
    return kalshi(f"KXDOGEUSD-29MAR3117-T{cap}", title="Dogecoin price on Mar 31, 2029 at 5pm EDT?",
                  yes_sub_title=f"Below ${cap}", strike_type="less", cap=float(cap), category="Crypto",
                  close_time="2029-03-31T21:00:00Z",
                  rules=f"If the price of Dogecoin is below ${cap} on Mar 31, 2029 at 5pm EDT according to CF Benchmarks' "
                        "DOGE-USD real-time index, then the market resolves to Yes.")


def _cents_question(market_id: str, written: str, rules_level: str) -> Market:
    return gamma(market_id, question=f"Dogecoin below {written} on Mar 31 at 5 PM ET?", end="2029-03-31T21:00:00Z",
                 description=f"This market will resolve to Yes if the CF Benchmarks DOGE-USD real-time index is below "
                             f"{rules_level} on March 31, 2029 at 5:00 PM ET. Otherwise No.")


def test_a_price_in_cents_is_hundredths_of_a_dollar() -> None:
    k = _token_below("0.07")
    for market_id, written, level in (("c1", "7 cents", "$0.07"), ("c2", "7¢", "7 cents"), ("c3", "7c", "7c")):
        p = _cents_question(market_id, written, level)
        v = verdict(k, p)
        assert _approved(v, p, "Yes"), (written, v.reasons)
    # Another level in cents, or seven dollars, is another threshold.
    v = verdict(_token_below("0.07"), _cents_question("c4", "8 cents", "8 cents"))
    assert _rejected(v), v.reasons
    # Seven dollars is not seven cents.
    v = verdict(_token_below("7"), _cents_question("c5", "7 cents", "$0.07"))
    assert _rejected(v), v.reasons
    # A "c" after a temperature is Celsius, no cents.
    p = read(gamma("c6", question="Will the high in Madrid be above 30c on July 4?", end="2029-07-05T12:00:00Z",
                   description="This market will resolve to Yes if the highest temperature in Madrid on July 4, 2029 "
                               "is above 30c. Otherwise No."))
    assert p.unit != "$"


# --- a bank's rate as a level -----------------------------------------------------------------------------


def _deposit_rate(level: str, series: str = "KXBOEBANKRATE", bank: str = "BoE", rate: str = "Bank Rate") -> Market:
    return kalshi(f"{series}-29MAY-T{level}", title=f"{bank} {rate} after May 2029 decision?",
                  yes_sub_title=f"Above {level}%", strike_type="greater", floor=float(level),
                  close_time="2029-05-10T12:00:00Z",
                  rules=f"If the {bank} {rate} is above {level}% after the {bank}'s May 2029 monetary policy decision, "
                        "then the market resolves to Yes.")


def _level_question(market_id: str, text: str, rules: str) -> Market:
    return gamma(market_id, question=text, end="2029-05-10T12:00:00Z",
                 description=f"This market will resolve to Yes if {rules} following the May 2029 monetary policy "
                             "meeting. Otherwise No.")


def test_a_rate_level_after_a_decision_is_a_level_in_percent() -> None:
    k = _deposit_rate("3.5")
    at_or_below = _level_question("r1", "BoE Bank Rate at or below 3.5% after May meeting?",
                                  "the BoE Bank Rate is at or below 3.5%")
    v = verdict(k, at_or_below)
    assert _approved(v, at_or_below, "No"), v.reasons
    above = _level_question("r2", "BoE Bank Rate above 3.5% after May meeting?", "the BoE Bank Rate is above 3.5%")
    v = verdict(k, above)
    assert _approved(v, above, "Yes"), v.reasons
    # Another level, another bank's rate, or a move of the rate is not that level.
    v = verdict(k, _level_question("r3", "BoE Bank Rate above 3.75% after May meeting?",
                                   "the BoE Bank Rate is above 3.75%"))
    assert _rejected(v), v.reasons
    v = verdict(k, _level_question("r4", "ECB deposit rate above 3.5% after May meeting?",
                                   "the ECB deposit facility rate is above 3.5%"))
    assert not v.agrees, v.reasons
    cut = gamma("r5", question="Will the BoE cut rates by 25 bps in May 2029?", end="2029-05-10T12:00:00Z",
                description="This market will resolve to Yes if the Bank of England cuts Bank Rate by 25 basis points at "
                            "its May 2029 meeting. Otherwise No.")
    v = verdict(k, cut)
    assert not v.agrees, v.reasons
    # A move stays a move: "cut by 25 bps" is still read in basis points.
    assert read(kalshi("KXBOE-29MAY-C25", title="BoE decision in May 2029?", yes_sub_title="Cut 25bps",
                       close_time="2029-05-10T12:00:00Z")).unit == "bps"


# --- the official publisher of a figure -------------------------------------------------------------------


def _pce_pair(market_id: str, source: str, level: str = "0.2") -> tuple[Market, Market]:
    """Kalshi's monthly PCE rung at ``level`` and a Polymarket question on 0.2% or less naming ``source``."""
    rung = kalshi(f"KXPCE-29MAR-T{level}", title="PCE inflation in Mar 2029?", yes_sub_title=f"Above {level}%",
                  strike_type="greater", floor=float(level), close_time="2029-04-30T12:30:00Z",
                  rules=f"If PCE inflation month-over-month for March 2029 is above {level}%, then the market resolves "
                        "to Yes.")
    return rung, gamma(market_id, question="Will monthly PCE inflation be 0.2% or less in March 2029?",
                       end="2029-04-30T12:30:00Z",
                       description=f"This market will resolve to Yes if month-over-month PCE inflation for March 2029, "
                                   f"{source}, is 0.2% or less. Otherwise No.")


def test_a_figure_one_agency_publishes_is_its_release_where_a_market_names_none() -> None:
    k, p = _pce_pair("s1", "as released by the Bureau of Economic Analysis")
    v = verdict(k, p)
    assert _approved(v, p, "No"), v.reasons
    jobs = kalshi("KXPAYROLLS-29MAR-T150000", title="Jobs numbers in Mar 2029?", yes_sub_title="Above 150,000",
                  strike_type="greater", floor=150000, close_time="2029-04-06T12:30:00Z",
                  rules="If nonfarm payrolls for March 2029 are above 150,000, then the market resolves to Yes.")
    p = gamma("s2", question="Will the US add more than 150,000 jobs in March 2029?", end="2029-04-06T12:30:00Z",
              description="This market will resolve to Yes if payrolls for March 2029, as reported by the Bureau of "
                          "Labor Statistics, are above 150,000. Otherwise No.")
    v = verdict(jobs, p)
    assert _approved(v, p, "Yes"), v.reasons
    # A private index or a nowcast is another number; so is another level of the official one.
    for market_id, source, level in (("s3", "as reported by Truflation", "0.2"),
                                     ("s4", "according to the Cleveland Fed's inflation nowcast", "0.2"),
                                     ("s5", "as released by the Bureau of Economic Analysis", "0.3")):
        v = verdict(*_pce_pair(market_id, source, level))
        assert _rejected(v), (source, level, v.reasons)


# --- an exchange rate with no qualifier -------------------------------------------------------------------


def _fx(pair: str, level: str) -> Market:
    return kalshi(f"KX{pair.replace('/', '')}-29JUN1410-T{level}", title=f"{pair} on Jun 14, 2029 at 10am EDT?",
                  yes_sub_title=f"Above {level}", strike_type="greater", floor=float(level), category="Financials",
                  close_time="2029-06-14T14:00:00Z",
                  rules=f"If the {pair} exchange rate is above {level} on Jun 14, 2029 at 10am EDT, then the market "
                        "resolves to Yes.")


def _fx_question(market_id: str, question: str, rules: str) -> Market:
    return gamma(market_id, question=question, end="2029-06-14T14:00:00Z",
                 description=f"This market will resolve to Yes if {rules} at 10:00 AM ET on June 14, 2029. Otherwise No.")


def test_an_exchange_rate_with_no_qualifier_is_the_spot_rate() -> None:
    k = _fx("GBP/USD", "1.3200")
    for market_id, question, rules in (
            ("f1", "Pound above $1.32 at 10 AM ET on June 14?", "the GBP/USD spot rate is above 1.32"),
            ("f2", "GBP/USD above 1.32 at 10 AM ET on June 14?", "the GBP/USD spot exchange rate is above 1.32")):
        p = _fx_question(market_id, question, rules)
        v = verdict(k, p)
        assert _approved(v, p, "Yes"), (question, v.reasons)
    dollar_yen = _fx_question("f3", "Dollar above 140 yen at 10 AM ET on June 14?", "the USD/JPY spot rate is above 140")
    v = verdict(_fx("USD/JPY", "140"), dollar_yen)
    assert _approved(v, dollar_yen, "Yes"), v.reasons
    # A futures contract or a forward rate is another price; another currency is another rate;
    # "yen above 140" does not say which way the pair is quoted.
    for market_id, question, rules in (
            ("f4", "Pound futures above $1.32 at 10 AM ET on June 14?", "the front-month GBP/USD futures contract is above 1.32"),
            ("f5", "GBP/USD forward above 1.32 at 10 AM ET on June 14?", "the 3-month GBP/USD forward rate is above 1.32"),
            ("f6", "Euro above $1.32 at 10 AM ET on June 14?", "the EUR/USD spot rate is above 1.32")):
        v = verdict(k, _fx_question(market_id, question, rules))
        assert not v.agrees, (question, v.reasons)
    v = verdict(_fx("USD/JPY", "140"), _fx_question("f7", "Yen above 140 at 10 AM ET on June 14?", "the yen is above 140"))
    assert not v.agrees, v.reasons


# --- a weather station named in brackets or by its airport's code ----------------------------------------


def _houston_high() -> Market:
    return kalshi("KXHIGHHOU-29AUG02-T95", title="Highest temperature in Houston on Aug 2, 2029?", yes_sub_title="96° or above",
                  strike_type="greater", floor=95, close_time="2029-08-03T12:00:00Z", category="Climate and Weather",
                  rules="If the highest temperature recorded at George Bush Intercontinental Airport (KIAH) on Aug 2, 2029, "
                        "as reported by the National Weather Service's Climatological Report, is above 95°F, then the "
                        "market resolves to Yes.")


def _high_question(market_id: str, question: str, where: str = "") -> Market:
    return gamma(market_id, question=question, end="2029-08-03T12:00:00Z",
                 description=f"This market will resolve to Yes if the NWS daily climate report{where} shows a high above "
                             "95°F on August 2, 2029. Otherwise No.")


def test_a_station_the_rules_name_in_brackets_or_a_title_by_its_airport_code_is_read() -> None:
    for market_id, question, where in (
            ("w1", "Houston high above 95°F on August 2?", " for Houston Intercontinental Airport (KIAH)"),
            ("w2", "IAH high above 95°F on August 2?", "")):
        p = _high_question(market_id, question, where)
        v = verdict(_houston_high(), p)
        assert _approved(v, p, "Yes"), (question, v.reasons)
    # Another airport of the city, by its code or in the rules' brackets, is another number.
    for market_id, question, where in (
            ("w3", "HOU high above 95°F on August 2?", ""),
            ("w4", "Houston high above 95°F on August 2?", " for William P. Hobby Airport (KHOU)")):
        v = verdict(_houston_high(), _high_question(market_id, question, where))
        assert _rejected(v), (question, v.reasons)
    # Capitals that are no airport's code name no station.
    assert read(_high_question("w5", "Will NYC see a high above 95°F on August 2?")).station is None


# --- a window the rules state against the question's deadline --------------------------------------------


_HOW_HIGH = kalshi("KXAVAXMAXY-29-150", title="How high will Avalanche get in 2029?", yes_sub_title="$150 or above",
                   strike_type="greater_or_equal", floor=150, close_time="2029-12-31T23:59:00Z", category="Crypto",
                   rules="If the price of Avalanche reaches $150 or above at any time in 2029 according to CF Benchmarks' "
                         "AVAX-USD real-time index, then the market resolves to Yes.")


def test_a_window_the_rules_state_is_what_a_question_by_its_end_pays_on() -> None:
    window, *others = [gamma(f"d{n}", question="Will Avalanche reach $150 by December 31, 2029?", end="2029-12-31T23:59:00Z",
                             description="This market will resolve to Yes if the CF Benchmarks AVAX-USD real-time index "
                                         f"reaches $150 or above {counted}. Otherwise No.")
                       for n, counted in enumerate(("at any time between January 1 and December 31, 2029 (ET)",
                                                    "at any time between market creation and December 31, 2029",
                                                    "at any time between June 1 and December 31, 2029"))]
    v = verdict(_HOW_HIGH, window)
    assert _approved(v, window, "Yes"), v.reasons
    # Rules that count from the market's creation keep the deadline; another window is another date.
    for other in others:
        v = verdict(_HOW_HIGH, other)
        assert _rejected(v), (other.rules, v.reasons)


# --- how long something lasts ----------------------------------------------------------------------------


_ADDRESS_LENGTH = kalshi("KXADDRESSLENGTH-29-50", title="How long will the 2029 Governor's address be?",
                         yes_sub_title="More than 50 minutes", strike_type="greater", floor=50,
                         close_time="2029-02-01T05:00:00Z", category="Politics",
                         rules="If the 2029 Governor's State of the State address lasts more than 50 minutes, then the "
                               "market resolves to Yes.")


def test_how_long_an_address_lasts_is_one_measure_in_its_unit_of_time() -> None:
    k = _ADDRESS_LENGTH
    questions = ("2029 Governor's address 50 minutes or shorter?", "2029 Governor's address longer than 50 minutes?",
                 "2029 Governor's address 55 minutes or shorter?", "2029 Governor's address longer than 50 seconds?",
                 "2029 Governor's address longer than 50 hours?")
    shorter, longer, *others = [
        gamma(f"l{n}", question=question, end="2029-02-01T05:00:00Z",
              description=f"This market will resolve to Yes if the 2029 Governor's State of the State address lasts "
                          f"{question.split('address ')[1].rstrip('?')}. Otherwise No.")
        for n, question in enumerate(questions)]
    v = verdict(k, shorter)
    assert _approved(v, shorter, "No"), v.reasons
    v = verdict(k, longer)
    assert _approved(v, longer, "Yes"), v.reasons
    # Another length, or the same number of seconds or hours, is another threshold.
    for other in others:
        v = verdict(k, other)
        assert _rejected(v), (other.title, v.reasons)


# --- a cut by a meeting, against a cut at it ---------------------------------------------------------------


_CUT_BY_JUNE = kalshi("KXBOECUTBY-29JUN", title="BoE rate cut by the June 2029 meeting?", yes_sub_title="Cut by June",
                      close_time="2029-06-21T12:00:00Z",
                      rules="If the Bank of England cuts Bank Rate at any meeting up to and including its June 2029 "
                            "meeting, then the market resolves to Yes.")


def test_a_cut_by_a_meeting_counts_every_meeting_up_to_it() -> None:
    by_june, at_june, by_may = [
        gamma(f"m{n}", question=question, end="2029-06-21T12:00:00Z",
              description=f"This market will resolve to Yes if the Bank of England cuts Bank Rate {counted}. Otherwise No.")
        for n, (question, counted) in enumerate((
            ("Will the BoE cut rates by the June 2029 meeting?", "at any meeting up to and including its June 2029 meeting"),
            ("Will the BoE cut rates in June 2029?", "at its June 2029 meeting; an earlier cut does not count"),
            ("Will the BoE cut rates by the May 2029 meeting?", "at any meeting up to and including its May 2029 meeting")))]
    v = verdict(_CUT_BY_JUNE, by_june)
    assert _approved(v, by_june, "Yes"), v.reasons
    # A cut at the June meeting only, or by an earlier meeting, pays on less.
    for other in (at_june, by_may):
        v = verdict(_CUT_BY_JUNE, other)
        assert _rejected(v), (other.title, v.reasons)


# --- the rungs of two count ladders ------------------------------------------------------------------------


def test_each_rung_of_a_count_ladder_is_proposed_with_its_counterpart() -> None:
    levels = [500 * n for n in range(1, 17)]
    rungs = [read(kalshi(f"KXMEASLES-29-T{level}", title="How many measles cases in the US in 2029?",
                         yes_sub_title=f"More than {level:,}", strike_type="greater", floor=level,
                         close_time="2030-01-15T12:00:00Z", category="Health",
                         rules=f"If the number of measles cases in the US in 2029 is more than {level:,} according to "
                               "the CDC, then the market resolves to Yes.")) for level in levels]
    questions = [read(gamma(f"n{level}", question=f"More than {level:,} measles cases in the US in 2029?",
                            end="2030-01-15T12:00:00Z", group=f">{level:,}",
                            description=f"This market will resolve to Yes if the CDC reports more than {level:,} measles "
                                        "cases in the US in 2029. Otherwise No.")) for level in levels]
    # "More than 2,000 measles cases in 2029" is about 2029, not the year 2000.
    assert questions[3].when.start is not None and questions[3].when.start.year == 2029
    proposed = set(candidate_pairs(rungs, questions))
    assert all((i, i) in proposed for i in range(len(levels))), sorted(i for i in range(len(levels)) if (i, i) not in proposed)


# --- the top film of a weekend ------------------------------------------------------------------------------


_TOP_FILM = kalshi("KXBOXOFFICE-29MAR09-LLP2", title="Top movie at the box office Mar 9-11, 2029?",
                   yes_sub_title="Lantern Lake: Part Two", close_time="2029-03-13T12:00:00Z", category="Entertainment",
                   rules="If Lantern Lake: Part Two is the top movie at the domestic box office for Mar 9-11, 2029 according "
                         "to Box Office Mojo, then the market resolves to Yes.")


def test_a_film_that_tops_a_weekends_box_office_is_its_top_movie() -> None:
    cases = (("Lantern Lake: Part Two", "Mar 9-11", "March 9-11"), ("Lantern Lake: Part One", "Mar 9-11", "March 9-11"),
             ("Lantern Lake: Part Two", "Mar 16-18", "March 16-18"))
    same, *others = [
        gamma(f"b{n}", question=f"Will {film} top the box office the weekend of {short}?", end="2029-03-13T12:00:00Z",
              description=f"If {film} tops the domestic box office for the weekend of {days}, 2029, according to Box "
                          "Office Mojo, this market resolves Yes. Otherwise No.")
        for n, (film, short, days) in enumerate(cases)]
    v = verdict(_TOP_FILM, same)
    assert _approved(v, same, "Yes"), v.reasons
    # Another film of the series, or another weekend, is another market.
    for other in others:
        v = verdict(_TOP_FILM, other)
        assert _rejected(v), (other.title, v.reasons)
