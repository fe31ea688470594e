"""Individual sports a blind set missed, each form tested on markets written for this file: Kalshi's
way of splitting a contest that ends level ("the market will settle at $0.50 per contract"), read
as the 50-50 a Polymarket market states. Each look-alike (another draw rule, another opponent,
another date) still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.terms import settlement
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def approved_token(k: Market, p: Market) -> str | None:
    pairs = [x for x in match_markets([k], [p]) if x.status is PairStatus.APPROVED]
    return pairs[0].polymarket_yes_token if pairs else None


# --- a draw settled at half the payout, in Kalshi's money ---------------------------------------------


def test_half_the_payout_in_money_is_a_50_50_split() -> None:
    assert settlement("If the bout ends in a draw or no contest, or does not take place by March 31, 2029, the "
                      "market will settle at $0.50 per contract.") == {
        "draw": "50-50", "no contest": "50-50", "cancellation": "50-50"}
    assert settlement("A tie resolves at 50 cents.") == {"draw": "50-50"}
    assert settlement("If the match is drawn, positions are split evenly.") == {"draw": "50-50"}
    # A price in a sentence that settles nothing is no split.
    assert settlement("If the bout is a draw, the market resolves No. Contracts trade above $0.50.") == {"draw": "no"}


_KALSHI_SPLIT = (" If the bout ends in a draw or no contest, or does not take place by March 31, 2029, the market "
                 "will settle at $0.50 per contract.")


def _kalshi_bout(code: str, fighter: str, *, tail: str = _KALSHI_SPLIT, day: str = "Mar 14") -> Market:
    return kalshi(f"KXUFCFIGHT-29MAR14VALBRE-{code}", title=f"Will {fighter} win the Valko vs Brenner fight?",
                  yes_sub_title=fighter, event_title="Valko vs Brenner", category="Sports",
                  close_time="2029-03-28T06:00:00Z",
                  rules=f"If {fighter} wins the Valko vs Brenner professional MMA fight originally scheduled for "
                        f"{day}, 2029, then the market resolves to Yes.{tail}")


_POLY_SPLIT = " If the fight ends in a draw or no contest, or is canceled, this market resolves 50-50."


def _moneyline(market_id: str, *, tail: str = _POLY_SPLIT, day: str = "March 14") -> Market:
    return gamma(market_id, question="UFC 340: Dario Valko vs. Theo Brenner", outcomes=("Valko", "Brenner"),
                 end="2029-03-15T06:00:00Z", sports_market_type="moneyline", event_title="UFC 340: Valko vs. Brenner",
                 description=f"This market is on the bout between Dario Valko and Theo Brenner scheduled for {day}, "
                             f"2029. If Valko wins, resolves to \"Valko\"; if Brenner wins, resolves to \"Brenner\".{tail}")


def test_a_fight_kalshi_settles_at_fifty_cents_pairs_with_polymarkets_50_50_by_fighter() -> None:
    p = _moneyline("1")
    assert approved_token(_kalshi_bout("VAL", "Dario Valko"), p) == token_named(p, "Valko")
    assert approved_token(_kalshi_bout("BRE", "Theo Brenner"), p) == token_named(p, "Brenner")
    v = verdict(_kalshi_bout("VAL", "Dario Valko"), p)
    assert any("a draw settles 50-50 on both" in r for r in v.reasons), v.reasons
    # A draw paid No (or to one fighter) on one venue and at fifty cents on the other still differs, and
    # so does another day of the bout.
    assert not verdict(_kalshi_bout("VAL", "Dario Valko"), _moneyline("4", tail=" A draw or no contest resolves No.")
                       ).agrees
    to_brenner = _moneyline("3", tail=" If the fight ends in a draw or no contest, this market resolves to \"Brenner\".")
    assert not verdict(_kalshi_bout("VAL", "Dario Valko"), to_brenner).agrees
    assert verdict(_kalshi_bout("VAL", "Dario Valko"), _moneyline("5", day="April 18")).rejected


def test_a_fight_kalshi_settles_at_fifty_cents_pairs_with_a_yes_no_question() -> None:
    p = gamma("2", question="Will Dario Valko beat Theo Brenner?", end="2029-03-15T06:00:00Z",
              description="This market will resolve to Yes if Dario Valko defeats Theo Brenner in their bout at UFC "
                          "340 on March 14, 2029." + _POLY_SPLIT)
    assert approved_token(_kalshi_bout("VAL", "Dario Valko"), p) == token_named(p, "Yes")


# --- a fight's props: the distance, the way of winning, one fighter's NO -------------------------------


def _kalshi_prop(series: str, title: str, condition: str, *, side: str = "Yes") -> Market:
    return kalshi(f"{series}-29MAR14VALBRE-{side[:3].upper()}", title=title, yes_sub_title=side,
                  event_title="Valko vs Brenner", category="Sports", close_time="2029-03-28T06:00:00Z",
                  rules=f"If {condition} in the Valko vs Brenner professional MMA fight originally scheduled for Mar 14, "
                        f"2029, then the market resolves to Yes.{_KALSHI_SPLIT}")


def _poly_prop(market_id: str, question: str, condition: str, *, card: str = "UFC 340",
               day: str = "March 14") -> Market:
    return gamma(market_id, question=question, end="2029-03-15T06:00:00Z", event_title=f"{card}: Valko vs. Brenner",
                 description=f"This market will resolve to Yes if {condition} in the {card} bout between Dario Valko "
                             f"and Theo Brenner scheduled for {day}, 2029. Otherwise No.{_POLY_SPLIT}")


_DISTANCE = _kalshi_prop("KXUFCDISTANCE", "Will the Valko vs Brenner fight go the distance?",
                         "the fight goes the full scheduled distance")


def test_going_the_distance_is_the_no_of_ending_inside_it() -> None:
    p = _poly_prop("10", "Will Valko vs. Brenner end inside the distance?", "the fight ends before the final bell")
    assert approved_token(_DISTANCE, p) == token_named(p, "No")
    same = _poly_prop("11", "Will the Valko vs. Brenner fight go the distance?", "the fight goes the distance")
    assert approved_token(_DISTANCE, same) == token_named(same, "Yes")
    # The distance of another card, and a win by decision, are not the distance.
    later = _poly_prop("12", "Will Valko vs. Brenner end inside the distance?", "the fight ends before the final bell",
                       card="UFC 342", day="April 18")
    assert not verdict(_DISTANCE, later).agrees
    decision = _kalshi_prop("KXUFCDEC", "Will Dario Valko win by decision?", "Dario Valko wins by decision",
                            side="Dario Valko")
    assert verdict(decision, _poly_prop("13", "Will Valko vs. Brenner end inside the distance?",
                                        "the fight ends before the final bell")).rejected
    assert verdict(decision, _poly_prop("14", "Will the Valko vs. Brenner fight go the distance?",
                                        "the fight goes the distance")).rejected


_KNOCKOUT = _kalshi_prop("KXUFCKO", "Will Dario Valko win by KO/TKO?", "Dario Valko wins by KO or TKO", side="Dario Valko")


def test_a_win_by_ko_tko_is_a_win_by_knockout() -> None:
    p = _poly_prop("15", "Valko to win by knockout?", "Dario Valko defeats Theo Brenner by KO or TKO")
    assert approved_token(_KNOCKOUT, p) == token_named(p, "Yes")
    # A knockout is no submission and no plain win.
    submission = _poly_prop("16", "Valko to win by submission?", "Dario Valko defeats Theo Brenner by submission")
    assert verdict(_KNOCKOUT, submission).rejected
    plain = _poly_prop("17", "Will Dario Valko beat Theo Brenner?", "Dario Valko defeats Theo Brenner")
    assert not verdict(_KNOCKOUT, plain).agrees


def _rematch(code: str, fighter: str) -> Market:
    return kalshi(f"KXUFCFIGHT-29MAR14VALBRE-{code}", title=f"Will {fighter} win the Valko vs Brenner 2 fight?",
                  yes_sub_title=fighter, event_title="Valko vs Brenner 2", category="Sports",
                  close_time="2029-03-28T06:00:00Z",
                  rules=f"If {fighter} wins the Valko vs Brenner 2 professional MMA fight originally scheduled for "
                        f"Mar 14, 2029, then the market resolves to Yes.{_KALSHI_SPLIT}")


def _beats(market_id: str, tail: str = _POLY_SPLIT) -> Market:
    return gamma(market_id, question="Will Theo Brenner defeat Dario Valko at UFC 341?", end="2029-03-15T06:00:00Z",
                 description="This market will resolve to Yes if Theo Brenner defeats Dario Valko at UFC 341 on March "
                             f"14, 2029. Otherwise No.{tail}")


def test_one_fighter_is_the_no_of_the_other_beating_him_when_both_split_every_level_end() -> None:
    p = _beats("18")
    assert approved_token(_rematch("VAL", "Dario Valko"), p) == token_named(p, "No")
    assert approved_token(_rematch("BRE", "Theo Brenner"), p) == token_named(p, "Yes")
    # A no contest that pays No on Polymarket pays its "No" while Kalshi's fighter has not won.
    only_draw = _beats("19", tail=" If the fight ends in a draw, this market resolves 50-50.")
    assert not verdict(_rematch("VAL", "Dario Valko"), only_draw).agrees
