"""Mechanisms found on two more outside sets: a bracket that lists several alternatives restates
a broader term, not one of them; a pair in review never carries a token its negation would
reverse; a market and its complement both pair with the Kalshi market they settle with."""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


# --- a bracket listing alternatives restates the broader term ------------------------------------


def _podium(code: str, rules: str) -> Market:
    return kalshi(f"KXSWIMPODIUM-28-{code}", title="Will Ariane Titmus win a medal at the 2028 Pan Pacific Championships?",
                  yes_sub_title="Yes", category="Sports", close_time="2028-08-20T00:00:00Z", rules=rules)


def _top_prize(market_id: str, prize: str) -> Market:
    return gamma(market_id, question=f"Will Ariane Titmus win {prize} at the 2028 Pan Pacific Championships?",
                 end="2028-08-19T00:00:00Z",
                 description=f'This market resolves to "Yes" if Ariane Titmus wins {prize} at the 2028 Pan Pacific '
                             'Championships. Otherwise it resolves to "No".')


_MEDAL_RULES = ("If Ariane Titmus wins a medal (gold, silver or bronze) in any event at the 2028 Pan Pacific "
                "Championships, then the market resolves to Yes.")


def test_a_bracket_listing_alternatives_does_not_make_the_broader_term_one_of_them() -> None:
    v = verdict(_podium("AT", _MEDAL_RULES), _top_prize("1", "gold"))
    assert not v.agrees, v.reasons
    v = verdict(_podium("AT", _MEDAL_RULES.replace("(gold, silver or bronze)", "(gold/silver/bronze)")),
                _top_prize("2", "silver"))
    assert not v.agrees, v.reasons


def test_a_term_the_rules_list_as_one_alternative_is_not_what_they_pay_on() -> None:
    # The other market's rules write "a gold medal": "medal" is said there, and "gold" only as one
    # of the alternatives of this market's bracket.
    gold = gamma("4", question="Will Ariane Titmus win gold at the 2028 Pan Pacific Championships?",
                 end="2028-08-19T00:00:00Z",
                 description='This market resolves to "Yes" if Ariane Titmus wins a gold medal at the 2028 Pan '
                             'Pacific Championships. Otherwise it resolves to "No".')
    v = verdict(_podium("AT", _MEDAL_RULES), gold)
    assert not v.agrees, v.reasons


def test_a_bracket_restating_one_term_still_makes_them_the_same() -> None:
    rules = ("If Ariane Titmus wins a medal (a podium finish) in any event at the 2028 Pan Pacific Championships, "
             "then the market resolves to Yes.")
    v = verdict(_podium("AT", rules), _top_prize("3", "a podium finish"))
    assert not v.rejected, v.reasons
