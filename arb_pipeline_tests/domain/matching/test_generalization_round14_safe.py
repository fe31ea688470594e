"""Three faults a fourteenth-round blind set showed at first contact, each on invented markets here:
a question whose subject is "no" X the rules confirm ("if no rocket has been launched") read as X
(the wrong token approved), a data agency one market names against another agency the other names
(two sources of one measure approved), and a ranking in one country against the same ranking
worldwide (approved when met alone)."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named


# --- a question whose subject is "no" X -----------------------------------------------------------


def _probe_launch() -> Market:
    return kalshi("KXHALCYONVENUS-29", title="Halcyon probe to Venus by end of 2029?", close_time="2029-12-31T23:59:00Z",
                  category="Science", rules="If Orbital Forge launches a Halcyon probe on a trajectory to Venus before "
                                            "Jan 1, 2030, then the market resolves to Yes.")


def test_no_before_a_name_the_rules_confirm_is_the_negation() -> None:
    p = gamma("1401", question="No Halcyon Venus launch by end of 2029?", end="2029-12-31T23:59:00Z",
              description="Resolves \"Yes\" if no Halcyon probe has been launched toward Venus by December 31, 2029. "
                          "Otherwise, resolves \"No\".")
    assert approved(_probe_launch(), p) in ([], [token_named(p, "No")])
    assert token_named(p, "Yes") not in approved(_probe_launch(), p)


def test_there_will_be_no_is_the_negation() -> None:
    p = gamma("1402", question="Will there be no Halcyon launch to Venus by 2029?", end="2029-12-31T23:59:00Z",
              description="This market will resolve to \"Yes\" if there is no launch of a Halcyon probe toward Venus "
                          "by December 31, 2029. Otherwise, this market will resolve to \"No\".")
    assert token_named(p, "Yes") not in approved(_probe_launch(), p)


def test_a_name_that_starts_with_no_stays_a_name() -> None:
    # "No Limit" is the name: the rules' condition says the launch happens.
    k = kalshi("KXNOLIMITLAUNCH-29", title="No Limit Rocketry orbital launch in 2029?", close_time="2029-12-31T23:59:00Z",
               category="Science", rules="If No Limit Rocketry reaches orbit before Jan 1, 2030, then the market "
                                         "resolves to Yes.")
    p = gamma("1403", question="No Limit Rocketry reaches orbit by 2029?", end="2029-12-31T23:59:00Z",
              description="This market will resolve to \"Yes\" if No Limit Rocketry reaches orbit by December 31, "
                          "2029. Otherwise, this market will resolve to \"No\".")
    assert token_named(p, "No") not in approved(k, p)


# --- another agency's series of the same measure -------------------------------------------------------


def _ice(agency_rules: str) -> Market:
    return kalshi("KXBOREALICE-29-T3.5", title="Boreal sea ice minimum 2029", yes_sub_title="Below 3.5M km²",
                  close_time="2029-10-15T23:59:00Z", category="Climate",
                  rules=f"If the 2029 Boreal sea ice minimum extent ({agency_rules} 5-day average) is below 3.5 million "
                        f"square kilometers, then the market resolves to Yes.")


def test_an_agency_one_market_names_against_another_the_other_names_is_not_approved() -> None:
    p = gamma("1410", question="ORCA Boreal sea ice minimum under 3.5 million km² in 2029?", end="2029-10-15T23:59:00Z",
              description="Resolves \"Yes\" if the ORCA AMSR3 2029 minimum extent is below 3.5M km².")
    assert approved(_ice("PSIDC"), p) == []


def test_the_same_agency_on_both_approves() -> None:
    p = gamma("1411", question="PSIDC Boreal sea ice minimum under 3.5 million km² in 2029?", end="2029-10-15T23:59:00Z",
              description="Resolves \"Yes\" if the PSIDC 2029 minimum extent (5-day average) is below 3.5M km².")
    assert approved(_ice("PSIDC"), p) == [token_named(p, "Yes")]


# --- a ranking in one country against the same ranking worldwide ------------------------------------


def _top_artist() -> Market:
    return kalshi("KXTUNEWRAP-29-VELA", title="Top Tunely artist of 2029?", yes_sub_title="Vela Moreno",
                  close_time="2029-12-15T23:59:00Z", category="Entertainment",
                  rules="If Vela Moreno is Tunely's most-streamed artist globally for 2029 as announced in Tunely "
                        "Wrapped, then the market resolves to Yes.")


def test_a_ranking_in_one_country_is_not_the_worldwide_ranking() -> None:
    p = gamma("1420", question="Vela Moreno most-streamed artist in the US on Tunely in 2029?", end="2029-12-15T23:59:00Z",
              description="Resolves \"Yes\" if Tunely Wrapped 2029 lists Vela Moreno as #1 artist in the United States.")
    assert approved(_top_artist(), p) == []


def test_the_worldwide_ranking_on_both_approves() -> None:
    p = gamma("1421", question="Vela Moreno most-streamed artist on Tunely in 2029?", end="2029-12-15T23:59:00Z",
              description="Resolves \"Yes\" if Tunely Wrapped 2029 lists Vela Moreno as the #1 artist globally.")
    assert approved(_top_artist(), p) == [token_named(p, "Yes")]


def test_initials_the_other_market_spells_out_are_the_same_body() -> None:
    # "QRP" is the "Quarterly Rate Projections" the Kalshi rules write in full; "MPB" is the board
    # whose report that is, and the Polymarket market calls it "the Bank's".
    k = kalshi("KXQRP-29MAR-T3.25", title="Will the March 2029 rate projection median for end-2029 be at or below 3.25%?",
               close_time="2029-03-21T18:00:00Z", category="Economics",
               rules="If the median MPB member projection for the policy rate at end of 2029, in the March 2029 "
                     "Quarterly Rate Projections, is 3.25% or lower, then the market resolves to Yes.")
    p = gamma("1412", question="March 2029 QRP: 2029 median ≤3.25%?", end="2029-03-21T18:00:00Z",
              description="This market will resolve to \"Yes\" if the median projection for year-end 2029 in the "
                          "Bank's March 2029 QRP is at or below 3.25%. Otherwise, this market will resolve to \"No\".")
    assert not any("never writes" in r for m in match_markets([k], [p]) for r in m.reasons)
