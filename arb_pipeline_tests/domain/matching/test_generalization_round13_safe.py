"""Three look-alikes a blind set showed approving when met alone (with the true pair present, "several
markets qualify" sent them to review and hid them): the UK's CPIH (and RPI) is no CPI, AAA's daily
gas average is not the EIA's weekly survey, and a women's game is not the men's game between the
same two schools on the same day. Each stays rejected; the true pairs beside them still approve."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def approved(k: Market, p: Market) -> list[str | None]:
    return [m.polymarket_yes_token for m in match_markets([k], [p]) if m.status is PairStatus.APPROVED]


def rejected_because(k: Market, p: Market, words: str) -> None:
    verdict = compare(read(k), read(p))
    assert verdict.rejected, verdict.reasons
    assert any(words in reason for reason in verdict.reasons), verdict.reasons
    assert not approved(k, p)


# --- a national statistics office's other inflation indexes ------------------------------------


def _uk_cpi() -> Market:
    return kalshi("KXUKCPI-28MAR-T2.5", title="UK CPI inflation in March 2028", yes_sub_title="Above 2.5%",
                  close_time="2028-04-20T10:00:00Z", category="Economics",
                  rules="If the annual CPI inflation rate for the United Kingdom for March 2028, as first published by "
                        "the Office for National Statistics, is above 2.5%, then the market resolves to Yes.")


def _uk_index(market_id: str, index: str, words: str) -> Market:
    return gamma(market_id, question=f"UK {index} above 2.5% in March 2028?", end="2028-04-20T10:00:00Z",
                 description=f"This market will resolve to \"Yes\" if the ONS reports 12-month {words} for March 2028 "
                             f"greater than 2.5%. Otherwise, this market will resolve to \"No\".")


def test_cpih_is_another_index_than_cpi() -> None:
    rejected_because(_uk_cpi(), _uk_index("31", "CPIH", "CPIH inflation"), "different measure")


def test_rpi_is_another_index_than_cpi() -> None:
    rejected_because(_uk_cpi(), _uk_index("32", "RPI", "Retail Prices Index inflation"), "different measure")


def test_the_uk_cpi_pair_still_approves() -> None:
    p = _uk_index("33", "inflation", "CPI inflation")
    assert approved(_uk_cpi(), p) == [token_named(p, "Yes")]


# --- retail gasoline: two publishers, two numbers --------------------------------------------------


def _aaa_gas() -> Market:
    return kalshi("KXAAAGASM-28MAY31-T3.50", title="US average gas price on May 31, 2028", yes_sub_title="Above $3.50",
                  close_time="2028-05-31T23:00:00Z", category="Economics",
                  rules="If the AAA national average price for a gallon of regular gasoline on May 31, 2028 is above "
                        "$3.500, then the market resolves to Yes.\n\nSource: AAA Gas Prices.")


def test_the_eia_weekly_survey_is_not_aaas_daily_average() -> None:
    eia = gamma("34", question="EIA weekly gas price above $3.50 at end of May?", end="2028-05-31T23:00:00Z",
                description="This market will resolve to \"Yes\" if the EIA Weekly U.S. Regular Retail Gasoline Price for "
                            "the week of May 29, 2028 is above $3.50. Otherwise, this market will resolve to \"No\".")
    rejected_because(_aaa_gas(), eia, "different source")


def test_the_aaa_pair_still_approves() -> None:
    aaa = gamma("35", question="US gas prices above $3.50 on May 31?", end="2028-05-31T23:00:00Z",
                description="This market will resolve to \"Yes\" if the AAA national average for regular gasoline on "
                            "May 31, 2028 is above $3.50. Otherwise, this market will resolve to \"No\".")
    assert approved(_aaa_gas(), aaa) == [token_named(aaa, "Yes")]


# --- a women's game between the same two schools ---------------------------------------------------


def _mens_game() -> Market:
    return kalshi("KXNCAAMBGAME-28JAN15GONZBAY-GONZ", title="Gonzaga vs Baylor", yes_sub_title="Gonzaga",
                  close_time="2028-01-16T04:00:00Z", category="Sports",
                  rules="If the Gonzaga Bulldogs win the Gonzaga vs Baylor game originally scheduled for Jan 15, 2028, "
                        "then the market resolves to Yes.")


def _polymarket_game(market_id: str, slug: str, question: str, league_words: str) -> Market:
    return gamma(market_id, question=question, outcomes=("Gonzaga", "Baylor"), slug=slug, end="2028-01-16T04:00:00Z",
                 description=f"In the upcoming {league_words} game, scheduled for January 15:\nIf the Gonzaga win, the "
                             f"market will resolve to \"Gonzaga\".\nIf the Baylor win, the market will resolve to \"Baylor\".")


def test_a_womens_game_under_its_own_slug_is_not_the_mens() -> None:
    women = _polymarket_game("36", "cwbb-gonz-bay-2028-01-15", "Gonzaga vs. Baylor (Women)", "NCAAW")
    # Read as the women's league's game, or not as a game at all (a "(Women)" team name against the
    # outcomes' plain names): either way rejected, never the men's game. Any reason will do here.
    rejected_because(_mens_game(), women, "REJECT")


def test_a_womens_game_marked_in_its_text_under_the_mens_slug_is_not_the_mens() -> None:
    women = _polymarket_game("37", "cbb-gonz-bay-2028-01-15", "Gonzaga vs. Baylor (Women)", "women's college basketball")
    # Read as the women's league's game, or not as a game at all (a "(Women)" team name against the
    # outcomes' plain names): either way rejected, never the men's game. Any reason will do here.
    rejected_because(_mens_game(), women, "REJECT")


def test_the_mens_game_still_approves() -> None:
    men = _polymarket_game("38", "cbb-gonz-bay-2028-01-15", "Gonzaga vs. Baylor", "NCAAB")
    assert approved(_mens_game(), men) == [token_named(men, "Gonzaga")]



# --- a bank that "holds or hikes" has not held -----------------------------------------------------


def _holds_or(move: str, description: str) -> Market:
    return gamma("40", question=f"Banxico holds or {move} in March?", end="2028-03-27T18:00:00Z",
                 description=f"This market will resolve to \"Yes\" if the Banco de México's Governing Board announces "
                             f"{description} overnight interbank rate target on March 26, 2028.")


def _banxico_hold() -> Market:
    return kalshi("KXBANXICO-28MAR-HOLD", title="Banxico rate decision Mar 2028", yes_sub_title="Hold",
                  close_time="2028-03-27T18:00:00Z", category="Economics",
                  rules="If the Bank of Mexico keeps its target for the overnight interbank interest rate unchanged at "
                        "the decision announced on March 26, 2028, then the market resolves to Yes.")


def test_holds_or_hikes_is_no_hold() -> None:
    for move, description in (("hikes", "an unchanged or higher"), ("cuts", "an unchanged or lower")):
        p = _holds_or(move, description)
        verdict = compare(read(_banxico_hold()), read(p))
        assert verdict.rejected, (move, verdict.reasons)
        assert not approved(_banxico_hold(), p), move


def test_holds_or_hikes_reads_as_no_cut() -> None:
    selection = read(_holds_or("hikes", "an unchanged or higher")).outcomes[0].selection
    assert selection.low is not None and selection.low.value == 0 and selection.low.inclusive and selection.high is None


# --- found when this round's branches met -----------------------------------------------------------


def _mission(market_id: str, number: str, venue: str) -> Market:
    if venue == "kalshi":
        return kalshi(f"KXORION{market_id}-29APR30", title=f"Will Orion {number} launch before May 2029?",
                      yes_sub_title="Launches", close_time="2029-05-01T04:00:00Z", category="Science",
                      rules=f"If the Orion {number} mission launches before May 1, 2029, then the market resolves to Yes.")
    return gamma(market_id, question=f"Orion {number} launched by April 30, 2029?", end="2029-05-01T04:00:00Z",
                 description=f"This market will resolve to \"Yes\" if the Orion {number} mission launches by April 30, "
                             f"2029. Otherwise, this market will resolve to \"No\".")


def test_another_number_after_the_same_name_is_another_mission() -> None:
    for k_number, p_number in (("2", "3"), ("II", "III")):
        rejected_because(_mission("1", k_number, "kalshi"), _mission("91", p_number, "polymarket"), "different numbers")


def test_the_same_mission_numbered_two_ways_still_approves() -> None:
    p = _mission("92", "3", "polymarket")
    assert approved(_mission("2", "III", "kalshi"), p) == [token_named(p, "Yes")]


def test_the_euro_area_is_not_the_european_union() -> None:
    k = kalshi("KXEZGDP-28Q2-T0.2", title="Euro area GDP growth Q2 2028 (flash)", yes_sub_title="0.2% or more",
               close_time="2028-07-31T09:00:00Z", category="Economics",
               rules="If the euro area's seasonally adjusted GDP growth for Q2 2028, quarter over quarter, in Eurostat's "
                     "preliminary flash estimate is 0.2% or more, then the market resolves to Yes.")
    p = gamma("93", question="EU Q2 2028 GDP growth ≥0.2% QoQ?", end="2028-07-31T09:00:00Z",
              description="This market will resolve to \"Yes\" if Eurostat's preliminary flash estimate of seasonally "
                          "adjusted GDP growth for the European Union (EU27) in Q2 2028 is 0.2% or more quarter over "
                          "quarter. Otherwise, this market will resolve to \"No\".")
    rejected_because(k, p, "euro area")
