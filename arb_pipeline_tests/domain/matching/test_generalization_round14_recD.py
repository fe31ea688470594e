"""Forms of the fourteenth round's blind sets (game lines), on invented markets: a Kalshi spread
whose question names one side and whose rules name both ("If A beats B by more than N points")."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


# --- a spread whose sides only the rules name ------------------------------------------------------


def _margin(line: int, side: str = "Fiji", other: str = "Georgia") -> Market:
    return kalshi(f"KXRUGBYNCSPREAD-29JUN14FIJGEO-FIJ{line}",
                  title=f"Pacific Nations Cup final: Will {side} win by more than {line} points?",
                  close_time="2029-06-14T23:00:00Z", category="Sports",
                  rules=f"If {side} beats {other} by more than {line} points in the June 14, 2029 final, then the "
                        f"market resolves to Yes.")


def _spread(market_id: str, line: str, outcomes: tuple[str, str] = ("Fiji", "Georgia")) -> Market:
    first, second = outcomes
    return gamma(market_id, question=f"Spread: {first} (-{line}) vs {second}", outcomes=outcomes,
                 end="2029-06-14T00:00:00Z",
                 description=f"In the upcoming match scheduled for June 14, 2029:\n\nIf {first} wins, the market will "
                             f"resolve to \"{first}\".\n\nIf {second} wins, the market will resolve to \"{second}\".\n\n"
                             f"{first} must win by more than {line} points to cover -{line}; otherwise resolves to "
                             f"{second}.")


def test_a_spread_whose_rules_name_both_sides_matches_the_same_line() -> None:
    p = _spread("11", "5.5")
    assert approved(_margin(5), p) == [token_named(p, "Fiji")]


def test_a_spread_whose_rules_name_both_sides_rejects_another_line() -> None:
    p = _spread("12", "9.5")
    v = verdict(_margin(5), p)
    assert v.rejected, v.reasons
    assert not approved(_margin(5), p)


def test_a_spread_whose_rules_name_both_sides_rejects_the_other_sides_cover() -> None:
    p = _spread("13", "5.5", ("Georgia", "Fiji"))
    assert not approved(_margin(5), p)


def test_a_spread_whose_rules_name_both_sides_rejects_the_moneyline() -> None:
    p = gamma("14", question="Fiji vs. Georgia", outcomes=("Fiji", "Georgia"), end="2029-06-14T00:00:00Z",
              description="In the upcoming match scheduled for June 14, 2029:\n\nIf Fiji wins, the market will resolve "
                          "to \"Fiji\".\n\nIf Georgia wins, the market will resolve to \"Georgia\".")
    assert not approved(_margin(5), p)
