"""Forms of central-bank and fight markets, on invented markets: a count of at least one thing at a
meeting ("at least one dissent") is whether that thing happens there, never a threshold on the
rate the meeting sets; a fight's "method of victory" heading only introduces the ways the bout
ends. Each look-alike (a count of two or more, another meeting, a threshold on the rate; one
fighter's win by a method, another method, a method in one round) still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi
from arb_pipeline_tests.domain.matching.test_generalization_round16_rec0 import (
    _question,
    assert_approved,
    assert_not_approved,
)


# --- a count of at least one thing at a rate-setting meeting ---------------------------------------

_MEETING_END = "2027-03-17T18:00:00Z"


def _dissent_kalshi(option: str = "At least one dissent", count: str = "at least one FOMC voting member dissents") -> Market:
    return kalshi("KXFEDDISSENT-27MAR", title="Dissent at the Mar 2027 FOMC meeting?", yes_sub_title=option,
                  close_time=_MEETING_END,
                  rules=f"If {count} from the policy decision at the Mar 16-17, 2027 meeting, then the market resolves to Yes.")


def _dissent_poly(market_id: str, question: str, month: str = "March") -> Market:
    return _question(market_id, question,
                     f"one or more voting members dissent from the FOMC's rate decision at the {month} 2027 meeting",
                     _MEETING_END)


def test_at_least_one_dissent_is_whether_a_member_dissents() -> None:
    k = _dissent_kalshi()
    assert_approved(k, _dissent_poly("1", "Will there be a dissent at the March 2027 FOMC meeting?"))


def test_two_or_more_dissents_is_not_a_dissent() -> None:
    k = _dissent_kalshi("At least two dissents", "at least two FOMC voting members dissent")
    assert_not_approved(k, _dissent_poly("2", "Will there be a dissent at the March 2027 FOMC meeting?"))


def test_a_dissent_at_another_meeting_is_not_this_one() -> None:
    k = _dissent_kalshi()
    p = _question("3", "Will there be a dissent at the April 2027 FOMC meeting?",
                  "one or more voting members dissent from the FOMC's rate decision at the April 2027 meeting",
                  "2027-04-28T18:00:00Z")
    assert_not_approved(k, p)


def test_at_least_one_percent_on_the_rate_is_still_a_threshold() -> None:
    # The count names the measure's own unit: a threshold on the rate, never whether a thing happens.
    k = kalshi("KXFED-27MAR", title="Fed funds upper bound at least one percent after Mar 2027 meeting?",
               yes_sub_title="At least one percent", close_time=_MEETING_END,
               rules="If the upper bound of the federal funds target range is at least one percent after the "
                     "Mar 16-17, 2027 FOMC meeting, then the market resolves to Yes.")
    assert_not_approved(k, _dissent_poly("4", "Will there be a dissent at the March 2027 FOMC meeting?"))


# --- a fight's "method of victory" heading --------------------------------------------------------

_FIGHT_END = "2027-02-07T06:00:00Z"


def _method_kalshi(option: str, ends: str) -> Market:
    return kalshi(f"KXUFCMETHOD-27FEB06ADEBRU-{option[:3].upper()}", title="Adesanya vs Brunson: method of victory",
                  yes_sub_title=option, category="Sports", close_time=_FIGHT_END,
                  rules=f"If the Adesanya vs Brunson fight at UFC 330 scheduled for Feb 6, 2027 {ends}, "
                        "then the market resolves to Yes.")


def _method_poly(market_id: str, question: str, condition: str = "ends by KO or TKO") -> Market:
    return gamma(market_id, question=question, end=_FIGHT_END,
                 description=f'Resolves "Yes" if the UFC 330 bout between Kai Adesanya and Tom Brunson {condition}. '
                             'Otherwise "No".')


def test_method_of_victory_is_how_the_bout_ends() -> None:
    k = _method_kalshi("KO/TKO", "ends by KO or TKO (including doctor stoppage)")
    assert_approved(k, _method_poly("11", "Will Adesanya vs. Brunson end by KO/TKO?"))


def test_one_fighters_win_by_the_method_is_not_every_end_by_it() -> None:
    k = _method_kalshi("KO/TKO", "ends by KO or TKO (including doctor stoppage)")
    assert_not_approved(k, _method_poly("12", "Will Adesanya win by KO/TKO?", "wins by KO or TKO"))


def test_another_method_or_a_method_in_one_round_is_not_this_one() -> None:
    k = _method_kalshi("Submission", "ends by submission")
    assert_not_approved(k, _method_poly("13", "Will Adesanya vs. Brunson end by KO/TKO?"))
    k = _method_kalshi("KO/TKO", "ends by KO or TKO (including doctor stoppage)")
    assert_not_approved(k, _method_poly("14", "Will Adesanya vs. Brunson end by KO/TKO in Round 1?",
                                        "ends by KO or TKO in the first round"))
