"""Forms of the fourteenth round's blind sets (macro releases, rates, energy, crypto, stocks,
company events, public health, tech, travel, space), on invented markets: a region's figure is not
the nation's."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def approved(k: Market, p: Market) -> list[str | None]:
    return [m.polymarket_yes_token for m in match_markets([k], [p]) if m.status is PairStatus.APPROVED]


def _question(market_id: str, question: str, description: str, end: str = "2029-12-31T23:59:00Z") -> Market:
    return gamma(market_id, question=question, description=description, end=end)


# --- a region's figure is not the nation's ----------------------------------------------------------


def _oregon_gas() -> Market:
    return kalshi("KXAAAGASOR-29AUG15-T4.80", title="Will Oregon's average gas price be above $4.80 on August 15, 2029?",
                  yes_sub_title="Above $4.80", strike_type="greater", floor=4.8, close_time="2029-08-15T23:59:00Z",
                  rules="If AAA's Oregon average price for regular gasoline on August 15, 2029 is above $4.80, then "
                        "the market resolves to Yes.")


def test_a_state_gas_price_pairs_with_the_same_state() -> None:
    p = _question("1", "Oregon gas above $4.80 on August 15, 2029?",
                  "This market will resolve to \"Yes\" if the AAA state average for regular gas in Oregon on August 15, "
                  "2029 is higher than $4.80. Otherwise, this market will resolve to \"No\".", end="2029-08-15T00:00:00Z")
    assert approved(_oregon_gas(), p) == [token_named(p, "Yes")]


def test_a_state_gas_price_is_not_the_national_one() -> None:
    for market_id, question, average in (("2", "US national gas price above $4.80 on August 15, 2029?", "national average"),
                                         ("3", "Gas prices above $4.80 on August 15, 2029?", "nationwide average"),
                                         ("4", "Washington gas above $4.80 on August 15, 2029?", "state average in Washington")):
        p = _question(market_id, question, f"This market will resolve to \"Yes\" if the AAA {average} for regular gas on "
                                           f"August 15, 2029 is higher than $4.80. Otherwise, this market will resolve "
                                           f"to \"No\".", end="2029-08-15T00:00:00Z")
        v = verdict(_oregon_gas(), p)
        assert v.rejected, (question, v.reasons)
        assert not approved(_oregon_gas(), p)


def test_a_state_unemployment_rate_is_not_the_national_one() -> None:
    k = kalshi("KXUNEMPNV-29MAR-T5.5", title="Will Nevada's unemployment rate be above 5.5% in March 2029?",
               yes_sub_title="Above 5.5%", strike_type="greater", floor=5.5, close_time="2029-04-20T14:00:00Z",
               rules="If Nevada's seasonally adjusted unemployment rate for March 2029, as reported by the BLS, is above "
                     "5.5%, then the market resolves to Yes.")
    national = _question("5", "US unemployment above 5.5% in March 2029?",
                         "This market will resolve to \"Yes\" if the US unemployment rate for March 2029, as reported by "
                         "the BLS, is higher than 5.5%. Otherwise, this market will resolve to \"No\".", end="2029-04-20T00:00:00Z")
    same = _question("6", "Nevada unemployment above 5.5% in March 2029?",
                     "This market will resolve to \"Yes\" if Nevada's seasonally adjusted unemployment rate for March "
                     "2029, as reported by the BLS, is higher than 5.5%. Otherwise, this market will resolve to \"No\".",
                     end="2029-04-20T00:00:00Z")
    assert not approved(k, national)
    assert verdict(k, national).rejected
    assert approved(k, same) == [token_named(same, "Yes")]


def test_a_city_figure_is_not_the_national_one() -> None:
    k = kalshi("KXCPIATL-29JUN-T3.0", title="Will Atlanta CPI inflation be above 3.0% for June 2029?",
               yes_sub_title="Above 3.0%", strike_type="greater", floor=3.0, close_time="2029-07-15T14:00:00Z",
               rules="If the year-over-year change in the CPI for the Atlanta area for June 2029, as reported by the BLS, "
                     "is above 3.0%, then the market resolves to Yes.")
    p = _question("7", "US CPI inflation above 3.0% for June 2029?",
                  "This market will resolve to \"Yes\" if the year-over-year change in the national CPI for June 2029, as "
                  "reported by the BLS, is higher than 3.0%. Otherwise, this market will resolve to \"No\".",
                  end="2029-07-15T00:00:00Z")
    assert not approved(k, p)
    assert verdict(k, p).rejected


# --- a group's month is the question's date, no option ------------------------------------------------


def _riksbank(month: str, code: str, day: str) -> Market:
    return kalshi(f"KXRIKSRATE-29{code}-CUT", title=f"Riksbank decision {month} 2029", yes_sub_title="Cut",
                  close_time=f"{day}T12:00:00Z", category="Economics",
                  rules=f"If the Riksbank lowers its policy rate at its {month} 2029 monetary policy meeting, then the "
                        f"market resolves to Yes.")


def _riksbank_cut_in(market_id: str, month: str, day: str) -> Market:
    return gamma(market_id, question=f"Riksbank rate cut in {month} 2029?", group=month, end=f"{day}T12:00:00Z",
                 event_title="Riksbank rate cuts in 2029",
                 description=f"This market will resolve to \"Yes\" if the Riksbank announces a cut to its policy rate at "
                             f"the monetary policy meeting in {month} 2029. Otherwise, this market will resolve to \"No\".")


def test_a_group_title_that_is_the_questions_month_is_no_option() -> None:
    p = _riksbank_cut_in("11", "June", "2029-06-20")
    assert approved(_riksbank("June", "JUN", "2029-06-20"), p) == [token_named(p, "Yes")]


def test_a_group_month_of_another_meeting_rejects() -> None:
    p = _riksbank_cut_in("12", "May", "2029-05-09")
    k = _riksbank("June", "JUN", "2029-06-20")
    assert not approved(k, p)
    assert verdict(k, p).rejected


# --- words of a count in their other forms ----------------------------------------------------------


def test_a_count_a_place_records_past_a_threshold_is_the_count() -> None:
    k = kalshi("KXMUMPS-29-T800", title="Will the US record more than 800 mumps cases in 2029?", yes_sub_title="Above 800",
               strike_type="greater", floor=800, close_time="2029-12-31T23:59:00Z", category="Health",
               rules="If the CDC reports more than 800 mumps cases in the US for 2029, then the market resolves to Yes.")
    p = _question("21", "More than 800 mumps cases in the US in 2029?",
                  "This market will resolve to \"Yes\" if the CDC reports more than 800 mumps cases in the United States "
                  "for 2029. Otherwise, this market will resolve to \"No\".")
    record = _question("22", "Record number of mumps cases in the US in 2029?",
                       "This market will resolve to \"Yes\" if the CDC reports a record number of mumps cases in the "
                       "United States for 2029. Otherwise, this market will resolve to \"No\".")
    assert approved(k, p) == [token_named(p, "Yes")]
    assert not approved(k, record)


def test_a_rate_that_tops_a_threshold_is_above_it() -> None:
    k = kalshi("KXRSVHOSP-29FEB-T5", title="Will weekly RSV hospitalizations top 5 per 100,000 in February 2029?",
               yes_sub_title="Above 5", strike_type="greater", floor=5, close_time="2029-03-05T23:59:00Z", category="Health",
               rules="If the CDC's weekly RSV hospitalization rate exceeds 5 per 100,000 for any week in February 2029, "
                     "then the market resolves to Yes.")
    p = _question("23", "RSV hospitalization weekly rate above 5/100k in Feb 2029?",
                  "This market will resolve to \"Yes\" if the CDC's weekly RSV hospitalization rate is above 5 per "
                  "100,000 for any week in February 2029. Otherwise, this market will resolve to \"No\".",
                  end="2029-03-05T00:00:00Z")
    higher = _question("24", "RSV hospitalization weekly rate above 6/100k in Feb 2029?",
                       "This market will resolve to \"Yes\" if the CDC's weekly RSV hospitalization rate is above 6 per "
                       "100,000 for any week in February 2029. Otherwise, this market will resolve to \"No\".",
                       end="2029-03-05T00:00:00Z")
    assert approved(k, p) == [token_named(p, "Yes")]
    assert verdict(k, higher).rejected


def test_subs_are_subscribers_and_workers_are_employees() -> None:
    k = kalshi("KXCHANNEL-29JUN30-T200M", title="Will Pixel Pete have 200M+ YouTube subscribers by June 30, 2029?",
               yes_sub_title="200M or more", strike_type="greater_or_equal", floor=200000000,
               close_time="2029-06-30T23:59:00Z", category="Tech",
               rules="If Pixel Pete's YouTube channel has 200,000,000 or more subscribers at any time before July 1, "
                     "2029, then the market resolves to Yes.")
    subs = _question("25", "Pixel Pete hits 200 million YouTube subs by June 30, 2029?",
                     "This market will resolve to \"Yes\" if Pixel Pete's YouTube channel reaches 200 million subscribers "
                     "by June 30, 2029. Otherwise, this market will resolve to \"No\".", end="2029-06-30T00:00:00Z")
    views = _question("26", "Pixel Pete hits 200 million YouTube views by June 30, 2029?",
                      "This market will resolve to \"Yes\" if a video of Pixel Pete's YouTube channel reaches 200 "
                      "million views by June 30, 2029. Otherwise, this market will resolve to \"No\".",
                      end="2029-06-30T00:00:00Z")
    assert approved(k, subs) == [token_named(subs, "Yes")]
    assert not approved(k, views)
    layoffs = kalshi("KXLAYOFFS-29H1-ORBX", title="Orbex layoffs in H1 2029", yes_sub_title="5,000+ employees",
                     strike_type="greater_or_equal", floor=5000, close_time="2029-06-30T23:59:00Z", category="Companies",
                     rules="If Orbex announces layoffs of 5,000 or more employees between January 1, 2029 and June 30, "
                           "2029, then the market resolves to Yes.")
    workers = _question("27", "Orbex to lay off 5k+ workers by June 30, 2029?",
                        "This market will resolve to \"Yes\" if Orbex announces layoffs of at least 5,000 workers between "
                        "January 1, 2029 and June 30, 2029. Otherwise, this market will resolve to \"No\".",
                        end="2029-06-30T00:00:00Z")
    assert approved(layoffs, workers) == [token_named(workers, "Yes")]


def test_yr_is_year_and_another_term_rejects() -> None:
    k = kalshi("KXMORTGAGE-29MAY-T6.5", title="Will the 30-year mortgage rate be below 6.50% on May 17, 2029?",
               yes_sub_title="Below 6.50%", strike_type="less", cap=6.5, close_time="2029-05-17T23:59:00Z",
               rules="If the 30-year fixed mortgage rate in Freddie Mac's Primary Mortgage Market Survey released on "
                     "May 17, 2029 is below 6.50%, then the market resolves to Yes.")
    for market_id, term, ok in (("28", "30", True), ("29", "15", False)):
        p = _question(market_id, f"{term}-yr mortgage rate under 6.5% in Freddie Mac's May 17 survey?",
                      f"This market will resolve to \"Yes\" if the {term}-year fixed mortgage rate in Freddie Mac's Primary "
                      f"Mortgage Market Survey released on May 17, 2029 is below 6.50%. Otherwise, this market will "
                      f"resolve to \"No\".", end="2029-05-17T00:00:00Z")
        assert approved(k, p) == ([token_named(p, "Yes")] if ok else []), term
