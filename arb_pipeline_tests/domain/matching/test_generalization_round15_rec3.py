"""Round 15 (rec3): forms of election, office, legislation and game-line wording the matcher had not
read, each beside the look-alikes that must stay apart. Invented markets only."""

from __future__ import annotations

from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _kalshi_total(line: float = 214.5) -> object:
    return kalshi("KXNBATOTAL-29FEB03SACMEM-214", title="Sacramento at Memphis: Total Points",
                  yes_sub_title=f"Over {line} points scored", strike_type="greater", floor=line, category="Sports",
                  close_time="2029-02-04T05:30:00Z",
                  rules=f"If Sacramento and Memphis combine for more than {line} points in the game on Feb 3, 2029, "
                        "then the market resolves to Yes.")


def _written_total(market_id: str, question: str, outcomes: tuple[str, str] = ("Over", "Under")) -> object:
    # No sports market type, no league in the slug: only the question says it is the game's total.
    return gamma(market_id, question=question, outcomes=outcomes, end="2029-02-04T02:30:00Z",
                 slug=f"kings-vs-grizzlies-{market_id}", event_title="Kings vs. Grizzlies",
                 description="In the upcoming NBA game, scheduled for February 3:\nThis market will resolve to "
                             "\"Over\" if the total points scored by both teams, including overtime, is greater "
                             "than the line. Otherwise \"Under\".")


def test_a_games_total_written_only_in_its_question_is_the_games_total() -> None:
    p = _written_total("1501", "Kings vs. Grizzlies: O/U 214.5")
    assert approved(_kalshi_total(), p) == [token_named(p, "Over")]
    # Another line; a half's line; a team's own line; Yes/No outcomes; sides no league knows.
    assert verdict(_kalshi_total(), _written_total("1502", "Kings vs. Grizzlies: O/U 217.5")).rejected
    assert not approved(_kalshi_total(), _written_total("1503", "Kings vs. Grizzlies: 1H O/U 214.5"))
    assert not approved(_kalshi_total(), _written_total("1504", "Kings vs. Grizzlies: Kings O/U 214.5"))
    assert not approved(_kalshi_total(), _written_total("1505", "Kings vs. Grizzlies: O/U 214.5", ("Yes", "No")))
    assert not approved(_kalshi_total(), _written_total("1506", "Falcons vs. Ravens: O/U 214.5"))


def _kalshi_most_seats(party: str = "Citizen's Liberal Party") -> object:
    return kalshi("KXVELORELEC-29-CLP", title="Velorian general election: most seats", yes_sub_title=party,
                  category="Elections", close_time="2029-12-31T23:00:00Z",
                  rules=f"If the {party} wins the most seats in the Velorian general election held before "
                        "December 31, 2029, then the market resolves to Yes.")


def _poly_most_seats(market_id: str, initials: str, spelled: str) -> object:
    return gamma(market_id, question=f"Will the {initials} win the most seats in the next Velorian election?",
                 end="2029-12-31T23:00:00Z",
                 description=f"This market will resolve to \"Yes\" if the {spelled} ({initials}) wins the largest number "
                             "of seats in the Velorian general election, if held by December 31, 2029. Otherwise, this "
                             "market will resolve to \"No\".")


def test_initials_a_market_spells_out_with_a_possessive_are_the_name_the_other_market_writes() -> None:
    p = _poly_most_seats("1511", "CLP", "Citizen's Liberal Party")
    assert approved(_kalshi_most_seats(), p) == [token_named(p, "Yes")]
    # Initials the market spells out as another name stay another name, possessive or not.
    assert verdict(_kalshi_most_seats(), _poly_most_seats("1512", "CLP", "Crofter's Labour Party")).rejected
    assert verdict(_kalshi_most_seats(), _poly_most_seats("1513", "CLP", "Centre Left Party")).rejected
