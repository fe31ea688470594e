"""Forms of the fourteenth round's blind sets (macro releases, rates, energy, crypto, stocks,
company events, public health, tech, travel, space), on invented markets: a region's figure is not
the nation's."""

from __future__ import annotations

from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


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


# --- a futures settlement "settles"; a weekly figure by its week and by its release ----------------


def test_futures_that_settle_above_read_the_days_settlement_price() -> None:
    k = kalshi("KXCOPPER-29SEP14-T5", title="Will copper close above $5 on September 14, 2029?", yes_sub_title="Above $5",
               strike_type="greater", floor=5, close_time="2029-09-14T23:59:00Z", category="Commodities",
               rules="If the front-month COMEX copper futures settlement price on September 14, 2029 is above $5.00, "
                     "then the market resolves to Yes.")
    settle = _question("31", "Copper above $5 on September 14, 2029?",
                       "This market will resolve to \"Yes\" if the front-month COMEX copper futures settle above $5.00 "
                       "per pound on September 14, 2029. Otherwise, this market will resolve to \"No\".",
                       end="2029-09-14T00:00:00Z")
    intraday = _question("32", "Copper trades above $5 at any time on September 14, 2029?",
                         "This market will resolve to \"Yes\" if the front-month COMEX copper futures trade above $5.00 "
                         "per pound at any time on September 14, 2029. Otherwise, this market will resolve to \"No\".",
                         end="2029-09-14T00:00:00Z")
    assert approved(k, settle) == [token_named(settle, "Yes")]
    assert not approved(k, intraday)


def _continuing_claims() -> Market:
    return kalshi("KXCONTCLAIMS-29MAR22-T1900000",
                  title="Will continuing jobless claims exceed 1,900,000 for the week ending March 10, 2029?",
                  yes_sub_title="Above 1,900,000", strike_type="greater", floor=1900000, close_time="2029-03-22T14:00:00Z",
                  rules="If the seasonally adjusted continuing claims reported by the Department of Labor on March 22, "
                        "2029 are above 1,900,000, then the market resolves to Yes.")


def _claims_release(market_id: str, day: str) -> Market:
    return _question(market_id, f"Continuing jobless claims above 1.9M ({day} release)?",
                     f"This market will resolve to \"Yes\" if the DOL weekly report published {day}, 2029 shows "
                     f"seasonally adjusted continuing claims above 1,900,000. Otherwise, this market will resolve to "
                     f"\"No\".", end="2029-03-29T00:00:00Z")


def test_a_weekly_figure_by_its_week_is_the_release_its_rules_name() -> None:
    p = _claims_release("33", "March 22")
    assert approved(_continuing_claims(), p) == [token_named(p, "Yes")]


def test_another_release_or_another_week_of_a_weekly_figure_rejects() -> None:
    later = _claims_release("34", "March 29")
    week = _question("35", "Continuing jobless claims above 1.9M for the week ending March 17, 2029?",
                     "This market will resolve to \"Yes\" if seasonally adjusted continuing claims for the week ending "
                     "March 17, 2029 are above 1,900,000. Otherwise, this market will resolve to \"No\".",
                     end="2029-03-29T00:00:00Z")
    for p in (later, week):
        assert verdict(_continuing_claims(), p).rejected


# --- releases, bodies and crafts in their other names ---------------------------------------------------


def test_a_final_reading_with_its_month_between_is_the_final_figure() -> None:
    k = kalshi("KXUMICH-29MAR-T55", title="UMich consumer sentiment March 2029 (final)", yes_sub_title="Above 55",
               strike_type="greater", floor=55, close_time="2029-03-30T14:00:00Z",
               rules="If the final University of Michigan Index of Consumer Sentiment for March 2029 is above 55.0, then "
                     "the market resolves to Yes.")
    for market_id, release, ok in (("41", "final", True), ("42", "preliminary", False)):
        p = _question(market_id, f"Michigan consumer sentiment {release} March 2029 above 55?",
                      f"Resolves \"Yes\" if the {release} March 2029 reading of the University of Michigan consumer "
                      f"sentiment index is greater than 55.", end="2029-03-30T00:00:00Z")
        assert approved(k, p) == ([token_named(p, "Yes")] if ok else []), release
    assert verdict(k, _question("43", "Michigan consumer sentiment preliminary March 2029 above 55?",
                                "Resolves \"Yes\" if the preliminary March 2029 reading of the University of Michigan "
                                "consumer sentiment index is greater than 55.", end="2029-03-30T00:00:00Z")).rejected


def test_bird_flu_is_h5n1_and_a_global_health_emergency_a_pheic() -> None:
    k = kalshi("KXPHEIC-29-H5N1", title="Will the WHO declare an H5N1 PHEIC before 2030?", yes_sub_title="Before 2030",
               close_time="2029-12-31T23:59:00Z", category="Health",
               rules="If the World Health Organization declares a Public Health Emergency of International Concern over "
                     "H5N1 avian influenza before Jan 1, 2030, then the market resolves to Yes.")
    bird_flu = _question("44", "WHO declares bird flu a global health emergency in 2029?",
                         "This market will resolve to \"Yes\" if the WHO declares H5N1 bird flu a public health emergency "
                         "of international concern by December 31, 2029. Otherwise, this market will resolve to \"No\".")
    mpox = _question("45", "WHO declares mpox a global health emergency in 2029?",
                     "This market will resolve to \"Yes\" if the WHO declares mpox a public health emergency of "
                     "international concern by December 31, 2029. Otherwise, this market will resolve to \"No\".")
    assert approved(k, bird_flu) == [token_named(bird_flu, "Yes")]
    assert not approved(k, mpox)


def test_commercial_deliveries_are_jets_and_astronauts_humans() -> None:
    k = kalshi("KXAIRBUSDEL-29-T800", title="Airbus commercial deliveries in 2029", yes_sub_title="Above 800",
               strike_type="greater", floor=800, close_time="2029-12-31T23:59:00Z", category="Companies",
               rules="If Airbus reports more than 800 commercial aircraft deliveries for 2029, then the market resolves "
                     "to Yes.")
    jets = _question("46", "Airbus to deliver over 800 jets in 2029?",
                     "This market will resolve to \"Yes\" if Airbus delivers more than 800 jets in 2029, as reported by "
                     "Airbus. Otherwise, this market will resolve to \"No\".")
    helicopters = _question("47", "Airbus to deliver over 800 helicopters in 2029?",
                            "This market will resolve to \"Yes\" if Airbus delivers more than 800 helicopters in 2029, as "
                            "reported by Airbus. Otherwise, this market will resolve to \"No\".")
    assert approved(k, jets) == [token_named(jets, "Yes")]
    assert not approved(k, helicopters)
    lands = kalshi("KXARTEMIS4LAND-29DEC31", title="Will Artemis IV land astronauts on the Moon before 2030?",
                   yes_sub_title="Before 2030", close_time="2029-12-31T23:59:00Z", category="Science",
                   rules="If Artemis IV lands astronauts on the surface of the Moon before Jan 1, 2030, then the market "
                         "resolves to Yes.")
    humans = _question("48", "Artemis IV: humans land on the Moon in 2029?",
                       "This market will resolve to \"Yes\" if Artemis IV lands humans on the Moon by December 31, 2029. "
                       "Otherwise, this market will resolve to \"No\".")
    orbit = _question("49", "Artemis IV: humans orbit the Moon in 2029?",
                      "This market will resolve to \"Yes\" if Artemis IV carries humans into lunar orbit by December 31, "
                      "2029. Otherwise, this market will resolve to \"No\".")
    assert approved(lands, humans) == [token_named(humans, "Yes")]
    assert not approved(lands, orbit)


# --- a Treasury yield is published to two decimals --------------------------------------------------


def _two_year(threshold: str) -> Market:
    return kalshi(f"KX2Y-29JUN29-T{threshold}", title=f"Will the 2-year Treasury yield be above {threshold}% on June 29, 2029?",
                  yes_sub_title=f"Above {threshold}%", strike_type="greater", floor=float(threshold),
                  close_time="2029-06-29T23:59:00Z",
                  rules=f"If the 2-year Treasury constant maturity rate for June 29, 2029 is above {threshold}%, then "
                        f"the market resolves to Yes.")


def _two_year_poly(market_id: str, threshold: str, source: str = "Treasury par yield") -> Market:
    return _question(market_id, f"Will the 2-year yield close at {threshold}% or higher on June 29, 2029?",
                     f"This market will resolve to \"Yes\" if the 2-year {source} for June 29, 2029 is {threshold}% or "
                     f"higher. Otherwise, this market will resolve to \"No\".", end="2029-06-29T00:00:00Z")


def test_a_treasury_yield_above_a_hundredth_is_the_next_hundredth_or_higher() -> None:
    p = _two_year_poly("51", "3.80")
    assert approved(_two_year("3.79"), p) == [token_named(p, "Yes")]


def test_a_yield_threshold_written_finer_or_another_hundredth_rejects() -> None:
    for k, p in ((_two_year("3.79"), _two_year_poly("52", "3.795")), (_two_year("3.78"), _two_year_poly("53", "3.80"))):
        assert verdict(k, p).rejected
        assert not approved(k, p)


# --- an event that hits a place reaches no value ----------------------------------------------------


def test_an_earthquake_that_hits_a_place_in_a_year_is_one_occurring_there() -> None:
    k = kalshi("KXQUAKEAK-29-T7.5", title="Will a magnitude 7.5+ earthquake hit Alaska in 2029?", yes_sub_title="7.5 or more",
               strike_type="greater_or_equal", floor=7.5, close_time="2029-12-31T23:59:00Z", category="Science",
               rules="If the USGS records an earthquake of magnitude 7.5 or greater with an epicenter in Alaska in 2029, "
                     "then the market resolves to Yes.")
    same = _question("61", "7.5+ earthquake in Alaska in 2029?",
                     "This market will resolve to \"Yes\" if a magnitude 7.5 or greater earthquake with its epicenter in "
                     "Alaska occurs in 2029, per USGS. Otherwise, this market will resolve to \"No\".")
    stronger = _question("62", "8.0+ earthquake in Alaska in 2029?",
                         "This market will resolve to \"Yes\" if a magnitude 8.0 or greater earthquake with its epicenter "
                         "in Alaska occurs in 2029, per USGS. Otherwise, this market will resolve to \"No\".")
    assert approved(k, same) == [token_named(same, "Yes")]
    assert verdict(k, stronger).rejected


def test_a_price_that_hits_a_level_still_touches_it() -> None:
    k = kalshi("KXSOLMAX-29DEC31-500", title="Will Solana hit $500 in 2029?", yes_sub_title="$500 or above",
               strike_type="greater_or_equal", floor=500, close_time="2029-12-31T23:59:00Z", category="Crypto",
               rules="If the price of Solana reaches $500.00 or more at any time in 2029, then the market resolves to Yes.")
    year_end = _question("63", "Solana above $500 on December 31, 2029?",
                         "This market will resolve to \"Yes\" if the Solana price on December 31, 2029 is $500.00 or "
                         "higher. Otherwise, this market will resolve to \"No\".")
    assert not approved(k, year_end)


# --- a year-end close on the session the rules date ------------------------------------------------


def test_a_year_end_close_is_the_last_session_its_rules_date() -> None:
    k = kalshi("KXNIKKEIY-29DEC28-T61000", title="Nikkei 225 close on Dec 28, 2029", yes_sub_title="Above 61,000",
               strike_type="greater", floor=61000, close_time="2029-12-28T08:00:00Z",
               rules="If the Nikkei 225 closing value on Dec 28, 2029 is above 61,000, then the market resolves to Yes.")
    dated = _question("71", "Nikkei 225 above 61,000 at year-end 2029?",
                      "Resolves \"Yes\" if the Nikkei Stock Average closes above 61,000 on the final trading day of 2029 "
                      "(December 28, 2029).")
    undated = _question("72", "Nikkei 225 above 61,000 at year-end 2029?",
                        "Resolves \"Yes\" if the Nikkei Stock Average closes above 61,000 on the final trading day of "
                        "2029.")
    assert approved(k, dated) == [token_named(dated, "Yes")]
    assert verdict(k, undated).rejected


# --- a weekday after a holiday --------------------------------------------------------------------


def _tsa(day: str, code: str) -> Market:
    return kalshi(f"KXTSAW-29{code}-T2.9", title=f"TSA checkpoint travel numbers on {day}, 2029", yes_sub_title="Above 2.9M",
                  strike_type="greater", floor=2900000, close_time="2029-11-26T23:59:00Z", category="Travel",
                  rules=f"If the TSA reports more than 2,900,000 travelers screened at checkpoints on {day}, 2029, then "
                        f"the market resolves to Yes.")


def test_the_sunday_after_thanksgiving_is_its_day() -> None:
    p = _question("81", "Will TSA screen more than 2.9 million people on the Sunday after Thanksgiving 2029?",
                  "Resolves \"Yes\" if TSA's reported checkpoint count for the Sunday after Thanksgiving 2029 exceeds "
                  "2,900,000.", end="2029-11-26T23:59:00Z")
    assert approved(_tsa("Nov 25", "NOV25"), p) == [token_named(p, "Yes")]
    assert verdict(_tsa("Nov 22", "NOV22"), p).rejected


# --- an option both pick; a company's stock at a price ---------------------------------------------


def _largest(code: str, company: str) -> Market:
    return kalshi(f"KXLARGESTCO-29DEC31-{code}", title="Largest company by market cap at end of 2029", yes_sub_title=company,
                  close_time="2029-12-31T23:59:00Z", category="Companies",
                  rules=f"If {company} is the largest company in the world by market capitalization at market close on "
                        f"Dec 31, 2029, then the market resolves to Yes.")


def test_an_option_the_kalshi_rules_name_is_no_word_of_the_statement() -> None:
    p = gamma("91", question="Largest company end of 2029?", outcomes=("Helix Robotics", "Other"), end="2029-12-31T23:59:00Z",
              description="This market resolves to the company with the largest market capitalization at the close of "
                          "trading on December 31, 2029, per companiesmarketcap.com.")
    assert approved(_largest("HLX", "Helix Robotics"), p) == [token_named(p, "Helix Robotics")]
    assert not approved(_largest("ORBX", "Orbex"), p)


def test_a_companys_stock_at_a_price_is_its_price() -> None:
    k = kalshi("KXORBXMAX-29DEC31-900", title="Will Orbex hit $900 in 2029?", yes_sub_title="$900 or above",
               strike_type="greater_or_equal", floor=900, close_time="2029-12-31T23:59:00Z", category="Companies",
               rules="If Orbex (ORBX) trades at or above $900.00 at any time before Dec 31, 2029, then the market "
                     "resolves to Yes.")
    stock = _question("92", "Will Orbex stock reach $900 in 2029?",
                      "Resolves \"Yes\" if Orbex shares trade at $900 or higher at any point during regular trading hours "
                      "in calendar 2029.")
    bonds = _question("93", "Will Orbex bonds reach $900 in 2029?",
                      "Resolves \"Yes\" if Orbex's 2035 bonds trade at $900 or higher at any point in calendar 2029.")
    assert approved(k, stock) == [token_named(stock, "Yes")]
    assert not approved(k, bonds)


# --- an option whose name ends in a number -------------------------------------------------------


def test_an_option_numbered_as_a_sequel_is_the_film_the_question_names() -> None:
    k = kalshi("KXTOPMOVIE-29AUG12-GLIM3", title="#1 movie at the domestic box office, weekend of Aug 10-12, 2029",
               yes_sub_title="Glimmer 3", close_time="2029-08-13T23:59:00Z", category="Entertainment",
               rules="If Glimmer 3 is the top-grossing film at the domestic box office for the weekend of Aug 10-12, "
                     "2029, then the market resolves to Yes.")
    same = _question("95", "Will Glimmer 3 be the #1 movie this weekend (Aug 10-12)?",
                     "Resolves \"Yes\" if Glimmer 3 tops the domestic weekend box office for August 10–12, 2029 per Box "
                     "Office Mojo.", end="2029-08-13T23:59:00Z")
    other = _question("96", "Will Glimmer 2 be the #1 movie this weekend (Aug 10-12)?",
                      "Resolves \"Yes\" if Glimmer 2 tops the domestic weekend box office for August 10–12, 2029 per Box "
                      "Office Mojo.", end="2029-08-13T23:59:00Z")
    assert approved(k, same) == [token_named(same, "Yes")]
    assert not approved(k, other)


def test_a_group_title_that_is_a_surname_like_a_month_stays_an_option() -> None:
    # "May" is a month and a surname: in "Will May lead the polls?" it names a person.
    p = gamma("13", question="Will May lead the Conservative leadership polls on June 1, 2029?", group="May",
              event_title="Conservative leadership poll leader on June 1, 2029", end="2029-06-01T23:59:00Z",
              description="This market will resolve to \"Yes\" if Hester May leads the Conservative leadership polling "
                          "average on June 1, 2029. Otherwise, this market will resolve to \"No\".")
    assert read(p).kind.value == "named option"
