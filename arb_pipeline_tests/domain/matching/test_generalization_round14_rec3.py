"""Forms of the fourteenth round's blind sets (elections, offices, Congress, courts, mentions,
awards), on invented markets: a top-two finish in a race's first round is neither winning the race
nor (unless its rules say so) a place in a runoff."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named
from arb_pipeline_tests.domain.matching.test_generalization_round13_rec2 import _question, approved, verdict


# --- a top-two finish in a race's first round ----------------------------------------------------------


def _top_two(title: str = "Will Marta Velez finish in the top two in the March 2029 Tucson mayoral election?",
             finishes: str = "finishes first or second") -> Market:
    return kalshi("KXMAYORTUCR1-29-VELEZ", title=title, close_time="2029-03-05T23:59:00Z", category="Elections",
                  rules=f"If Marta Velez {finishes} in the March 4, 2029 Tucson municipal election, then the market "
                        "resolves to Yes.")


def _wins_race() -> Market:
    return gamma("10", question="Tucson Mayor 2029: Marta Velez re-elected?", group="Marta Velez", end="2029-05-10T23:59:00Z",
                 description="This market will resolve to \"Yes\" if incumbent Marta Velez is elected Mayor of Tucson in "
                             "2029, including the May runoff. Otherwise, this market will resolve to \"No\".")


def test_a_top_two_finish_is_not_winning_the_race() -> None:
    for k in (_top_two(), _top_two("Tucson mayoral election 2029: will Marta Velez finish top-two?", "finishes in the top 2")):
        v = verdict(k, _wins_race())
        assert v.rejected, v.reasons
        assert not approved(k, _wins_race())


def _advances(market_id: str, rules: str) -> Market:
    return _question(market_id, "Will Marta Velez advance to the Tucson mayoral runoff?", rules, end="2029-03-05T23:59:00Z")


def test_a_runoff_place_whose_rules_pay_on_a_top_two_finish_is_a_top_two_finish() -> None:
    p = _advances("11", "This market will resolve to \"Yes\" if Marta Velez finishes in the top two in the first round "
                        "on March 4, 2029, or wins outright. Otherwise, this market will resolve to \"No\".")
    assert approved(_top_two(), p) == [token_named(p, "Yes")]


def test_a_runoff_place_its_rules_do_not_call_a_top_two_finish_is_no_top_two_finish() -> None:
    # A candidate second behind an outright winner finishes in the top two, but no runoff is held.
    p = _advances("12", "This market will resolve to \"Yes\" if Marta Velez is one of the two candidates in the May "
                        "2029 Tucson mayoral runoff. If no runoff is held, this market will resolve to \"No\".")
    assert not approved(_top_two(), p)
