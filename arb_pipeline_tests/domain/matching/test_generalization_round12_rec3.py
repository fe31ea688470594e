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


def test_a_fight_kalshi_settles_at_fifty_cents_pairs_with_a_yes_no_question() -> None:
    p = gamma("2", question="Will Dario Valko beat Theo Brenner?", end="2029-03-15T06:00:00Z",
              description="This market will resolve to Yes if Dario Valko defeats Theo Brenner in their bout at UFC "
                          "340 on March 14, 2029." + _POLY_SPLIT)
    assert approved_token(_kalshi_bout("VAL", "Dario Valko"), p) == token_named(p, "Yes")


def test_a_draw_paid_no_on_one_side_and_fifty_cents_on_the_other_still_differs() -> None:
    p = _moneyline("3", tail=" If the fight ends in a draw or no contest, this market resolves to \"Brenner\".")
    assert not verdict(_kalshi_bout("VAL", "Dario Valko"), _moneyline("4", tail=" A draw or no contest resolves No.")
                       ).agrees
    assert not verdict(_kalshi_bout("VAL", "Dario Valko"), p).agrees
    # Another day of the bout.
    assert verdict(_kalshi_bout("VAL", "Dario Valko"), _moneyline("5", day="April 18")).rejected
