"""Which outcome pays: Polymarket tokens read by their names, in any order, and no token mapped
where the outcomes cannot be read."""

from __future__ import annotations

from arb_pipeline.domain.matching.propositions import HAPPENS, Kind, Name, read
from arb_pipeline.domain.matching.propositions.outcomes import direction_terms, yes_no, yes_no_terms
from arb_pipeline_tests.domain.matching.builders import gamma, token_named


def test_yes_and_no_are_found_in_any_order() -> None:
    market = gamma("1", question="Will SpaceX IPO by December 31, 2026?", outcomes=("No", "Yes"))
    assert yes_no(market) == (1, 0)
    terms = yes_no_terms(market, HAPPENS)
    assert [(t.name, t.negated, t.token_id) for t in terms] == [
        ("No", True, token_named(market, "No")), ("Yes", False, token_named(market, "Yes"))]


def test_up_and_down_pay_on_their_direction() -> None:
    market = gamma("2", question="Bitcoin Up or Down - January 9, 3:00PM-3:15PM ET", outcomes=("Down", "Up"))
    assert [(t.name, t.selection) for t in direction_terms(market)] == [("Down", "down"), ("Up", "up")]


def test_two_named_outcomes_are_options() -> None:
    market = gamma("3", question="Who will have the larger market cap on Dec 31: Apple or Microsoft?",
                   outcomes=("Apple", "Microsoft"))
    proposition = read(market)
    assert proposition.kind is Kind.CHOICE
    assert [t.selection for t in proposition.outcomes if isinstance(t.selection, Name)] == [
        Name("apple", "Apple", "org"), Name("microsoft", "Microsoft", "org")]


def test_two_outcomes_that_are_the_sides_of_a_match_are_its_players() -> None:
    market = gamma("3", question="Australian Open: Sinner vs. Djokovic", outcomes=("Sinner", "Djokovic"))
    proposition = read(market)
    assert proposition.kind is Kind.CHOICE and proposition.teams == ("name:sinner", "name:djokovic")


def test_any_change_pays_on_the_no_of_a_hold() -> None:
    market = gamma("4", question="Will the Fed change interest rates in April 2026?", end="2026-04-29T18:00:00Z")
    proposition = read(market)
    hold = next(t for t in proposition.outcomes if not t.negated)
    assert hold.name == "No"


def test_outcomes_that_cannot_be_read_map_no_token() -> None:
    market = gamma("5", question="Which film wins?", outcomes=("Over", "Under"))
    proposition = read(market)
    assert proposition.kind is Kind.UNKNOWN and proposition.outcomes == ()
    assert proposition.unread == "an over/under market without a line"
