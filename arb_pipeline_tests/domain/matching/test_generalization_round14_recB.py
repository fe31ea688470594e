"""Forms of the fourteenth round's blind set in economics and politics abroad, on invented
markets: another country's figure is its national statistics office's release whether a market
names the office or not."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


# --- another country's figure: its national statistics office, named or not --------------------------


def _canada_cpi(publisher: str) -> Market:
    return kalshi("KXCACPI-29AUG-T3.1", title="Canada CPI inflation, August 2029", yes_sub_title="Above 3.1%",
                  strike_type="greater", floor=3.1, close_time="2029-09-16T12:30:00Z",
                  rules=f"If Canada's all-items CPI year-over-year change for August 2029, as reported by {publisher}, "
                        f"is above 3.1%, then the market resolves to Yes.")


def _canadian_inflation(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, description=description, end="2029-09-16T12:30:00Z")


def test_a_national_office_named_by_one_market_is_the_others_unnamed_release() -> None:
    p = _canadian_inflation("1", "Canadian inflation above 3.1% in August 2029?",
                            'This market will resolve to "Yes" if Canada\'s all-items CPI annual change for August 2029 '
                            'is above 3.1%. Otherwise, it will resolve to "No".')
    assert approved(_canada_cpi("Statistics Canada"), p) == [token_named(p, "Yes")]


def test_a_national_office_named_on_the_other_side_and_its_complement() -> None:
    k = kalshi("KXFRCPI-29MAY-T2.2", title="France inflation, May 2029", yes_sub_title="Above 2.2%",
               strike_type="greater", floor=2.2, close_time="2029-06-14T06:45:00Z",
               rules="If France's consumer price index year-over-year change for May 2029 is above 2.2%, then the "
                     "market resolves to Yes.")
    p = gamma("2", question="French inflation 2.2% or lower in May 2029 (INSEE)?", end="2029-06-14T06:45:00Z",
              description='This market will resolve to "Yes" if France\'s annual CPI inflation for May 2029, as '
                          'published by INSEE, is at or below 2.2%. Otherwise, it will resolve to "No".')
    assert approved(k, p) == [token_named(p, "No")]


def test_a_private_index_against_the_national_office_rejects() -> None:
    p = _canadian_inflation("3", "Canadian inflation above 3.1% in August 2029 (Truflation)?",
                            'This market will resolve to "Yes" if Truflation\'s Canada inflation index for August 2029 '
                            'is above 3.1%. Otherwise, it will resolve to "No".')
    v = verdict(_canada_cpi("Statistics Canada"), p)
    assert v.rejected, v.reasons
    assert not approved(_canada_cpi("Statistics Canada"), p)


def test_a_central_bank_publisher_against_the_national_office_is_not_approved() -> None:
    p = _canadian_inflation("4", "Canadian inflation above 3.1% in August 2029?",
                            'This market will resolve to "Yes" if the inflation rate for August 2029 published by the '
                            'Bank of Canada is above 3.1%. Otherwise, it will resolve to "No".')
    assert not approved(_canada_cpi("Statistics Canada"), p)


def test_a_foreign_office_against_a_us_figure_is_not_approved() -> None:
    # The office of a country the other market never writes is no default for it.
    p = _canadian_inflation("5", "CPI inflation above 3.1% in August 2029?",
                            'This market will resolve to "Yes" if the year-over-year CPI inflation for August 2029 is '
                            'above 3.1%. Otherwise, it will resolve to "No".')
    assert not approved(_canada_cpi("Statistics Canada"), p)


def _japan_core(market_id: str, question: str, excluded: str) -> Market:
    return gamma(market_id, question=question, end="2029-11-22T23:30:00Z",
                 description=f'This market will resolve to "Yes" if Japan\'s nationwide CPI excluding {excluded} rises '
                             f'at least 1.8% year-on-year in October 2029. Otherwise, it will resolve to "No".')


def _japan_core_kalshi() -> Market:
    return kalshi("KXJPCORECPI-29OCT-T1.8", title="Japan core CPI, October 2029", yes_sub_title="1.8% or above",
                  strike_type="greater_or_equal", floor=1.8, close_time="2029-11-22T23:30:00Z",
                  rules="If Japan's nationwide core CPI (excluding fresh food) year-over-year for October 2029, per the "
                        "Statistics Bureau, is 1.8% or higher, then the market resolves to Yes.")


def test_an_office_named_without_its_country_is_the_release_of_the_country_both_write() -> None:
    p = _japan_core("6", "Japan core CPI 1.8% or higher in October 2029?", "fresh food")
    assert approved(_japan_core_kalshi(), p) == [token_named(p, "Yes")]


def test_core_core_cpi_leaving_out_energy_is_not_core_cpi() -> None:
    p = _japan_core("7", 'Japan "core-core" CPI 1.8% or higher in October 2029?', "fresh food and energy")
    v = verdict(_japan_core_kalshi(), p)
    assert v.rejected, v.reasons
    assert not approved(_japan_core_kalshi(), p)


# --- someone other than a candidate: that candidate's NO ----------------------------------------------


def _chile_president() -> Market:
    return kalshi("KXCHILEPRES-29-TFER", title="Chile presidential election 2029?", yes_sub_title="Tomás Ferrer",
                  close_time="2029-12-20T23:59:00Z", category="Elections",
                  rules="If Tomás Ferrer wins the 2029 Chilean presidential election, then the market resolves to Yes.")


def _someone_else(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, end="2029-12-20T23:59:00Z",
                 description=f'This market will resolve to "Yes" if {description}. Otherwise, it will resolve to "No".')


def test_someone_other_than_a_candidate_winning_is_the_candidates_no() -> None:
    p = _someone_else("11", "Will someone other than Ferrer win Chile's 2029 presidential election?",
                      "any candidate other than Tomás Ferrer is elected President of Chile in the 2029 election")
    assert approved(_chile_president(), p) == [token_named(p, "No")]


def test_anyone_but_a_candidate_in_another_country_is_not_approved() -> None:
    p = _someone_else("12", "Will anyone but Ferrer win Peru's 2029 presidential election?",
                      "any candidate other than Tomás Ferrer is elected President of Peru in the 2029 election")
    assert not approved(_chile_president(), p)


def test_someone_other_than_two_candidates_is_no_ones_no() -> None:
    p = _someone_else("13", "Will someone other than Ferrer or Lagos win Chile's 2029 presidential election?",
                      "any candidate other than Tomás Ferrer or Inés Lagos is elected President of Chile in the 2029 "
                      "election")
    assert not approved(_chile_president(), p)


# --- the Tories are the Conservatives -----------------------------------------------------------------


def _tory_leader_out() -> Market:
    return kalshi("KXTORYLEADOUT-29", title="Harwood out as Tory leader in 2029?", yes_sub_title="Before 2030",
                  close_time="2029-12-31T23:59:00Z", category="Politics",
                  rules="If Alistair Harwood ceases to be Leader of the Conservative Party before Jan 1, 2030, then the "
                        "market resolves to Yes.")


def _remains(market_id: str, party: str, year: int) -> Market:
    return gamma(market_id, question=f"Will Harwood remain {party} leader through {year}?", end=f"{year}-12-31T23:59:00Z",
                 description=f'This market will resolve to "Yes" if Alistair Harwood is still Leader of the {party} '
                             f'Party on December 31, {year}. Otherwise, it will resolve to "No".')


def test_the_tory_leader_is_the_conservative_leader() -> None:
    p = _remains("21", "Conservative", 2029)
    assert approved(_tory_leader_out(), p) == [token_named(p, "No")]


def test_the_tory_leader_is_not_another_partys_or_another_years() -> None:
    assert not approved(_tory_leader_out(), _remains("22", "Labour", 2029))
    assert not approved(_tory_leader_out(), _remains("23", "Conservative", 2028))


# --- a runoff by its Spanish and Portuguese names ---------------------------------------------------


def _runoff_needed(country: str, adjective: str) -> Market:
    return kalshi(f"KX{country[:3].upper()}RUNOFF-30", title=f"{country} 2030: runoff needed?", yes_sub_title="Yes",
                  close_time="2030-06-30T23:59:00Z", category="Elections",
                  rules=f"If the 2030 {adjective} presidential election requires a second round, then the market "
                        f"resolves to Yes.")


def _second_round(market_id: str, question: str, country: str) -> Market:
    return gamma(market_id, question=question, end="2030-06-30T23:59:00Z",
                 description=f'This market will resolve to "Yes" if no candidate wins outright in the first round of '
                             f'{country}\'s 2030 presidential election and a second round is required. Otherwise, it '
                             f'will resolve to "No".')


def test_a_segunda_vuelta_or_balotaje_is_the_runoff() -> None:
    k = _runoff_needed("Colombia", "Colombian")
    vuelta = _second_round("31", "Colombia 2030 segunda vuelta needed?", "Colombia")
    assert approved(k, vuelta) == [token_named(vuelta, "Yes")]
    balotaje = _second_round("32", "Colombia 2030 balotaje needed?", "Colombia")
    assert approved(k, balotaje) == [token_named(balotaje, "Yes")]


def test_a_balotaje_in_another_country_or_a_win_in_it_is_not_the_runoff_needed() -> None:
    k = _runoff_needed("Peru", "Peruvian")
    assert not approved(k, _second_round("33", "Colombia 2030 balotaje needed?", "Colombia"))
    win = gamma("34", question="Will Ferrer win Peru's 2030 balotaje?", end="2030-06-30T23:59:00Z",
                description='This market will resolve to "Yes" if Tomás Ferrer wins the second round of Peru\'s 2030 '
                            'presidential election. Otherwise, it will resolve to "No".')
    assert not approved(k, win)


# --- SAAR: a seasonally adjusted annualized rate ------------------------------------------------------


def _permits_saar() -> Market:
    return kalshi("KXPERMITS-29JUN-T1.42", title="Building permits, June 2029", yes_sub_title="Above 1.42M",
                  strike_type="greater", floor=1420000, close_time="2029-07-18T12:30:00Z",
                  rules="If total US building permits for June 2029 (SAAR), as first released by the Census Bureau, "
                        "are above 1.420 million, then the market resolves to Yes.")


def _permits(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, end="2029-07-18T12:30:00Z",
                 description=f'This market will resolve to "Yes" if {description}. Otherwise, it will resolve to "No".')


def test_an_annualized_figure_is_the_saar_figure() -> None:
    p = _permits("41", "US building permits exceed 1.42 million annualized in June 2029?",
                 "the Census Bureau's first print of June 2029 building permits is greater than 1.42M")
    assert approved(_permits_saar(), p) == [token_named(p, "Yes")]


def test_an_unadjusted_count_is_not_the_saar_figure() -> None:
    p = _permits("42", "US building permits (not seasonally adjusted) above 1.42 million in June 2029?",
                 "the Census Bureau's not seasonally adjusted count of June 2029 building permits is greater than "
                 "1.42M")
    assert not approved(_permits_saar(), p)
