from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arb_pipeline.domain.fees import QUOTIENT
from arb_pipeline.domain.sportsbook.devig import (
    DRAW,
    book_lines,
    devig_exact,
    devig_multiplicative,
    implied_probability,
    overround,
)
from arb_pipeline_tests.domain.sportsbook.builders import NOW, odds_event

D = Decimal


def q(numerator: int, denominator: int) -> Decimal:
    return QUOTIENT.divide(D(numerator), D(denominator))


def test_two_way_devig_hand_computed():
    # 1/1.80 = 5/9, 1/2.10 = 10/21: together 65/63, a margin of 2/63.
    # Fair: (5/9) / (65/63) = 7/13 and (10/21) / (65/63) = 6/13.
    fair = devig_multiplicative({"home": D("1.80"), "away": D("2.10")})
    assert fair == {"home": q(7, 13), "away": q(6, 13)}
    assert overround([D("1.80"), D("2.10")]) == q(2, 63)
    # Even money on both sides after the vig is exactly a coin flip.
    assert devig_multiplicative({"a": D("1.91"), "b": D("1.91")}) == {"a": D("0.5"), "b": D("0.5")}
    assert implied_probability(D("2.5")) == D("0.4")


def test_three_way_devig_with_a_draw_hand_computed():
    # 1/2.50 = 2/5, 1/3.20 = 5/16, 1/2.90 = 10/29; over 2320: 928 + 725 + 800 = 2453.
    fair = devig_multiplicative({"home": D("2.50"), DRAW: D("3.20"), "away": D("2.90")})
    assert fair == {"home": q(928, 2453), DRAW: q(725, 2453), "away": q(800, 2453)}
    assert fair["home"] == D("0.3783122706889523033020790868")
    assert overround([D("2.50"), D("3.20"), D("2.90")]) == q(133, 2320)


def test_devig_refuses_what_is_not_a_market():
    with pytest.raises(ValueError, match="at least two outcomes"):
        devig_multiplicative({"home": D("1.5")})
    with pytest.raises(ValueError, match="decimal odds 1 must be above 1"):
        devig_multiplicative({"home": D(1), "away": D(3)})


def test_book_lines_keep_only_complete_fresh_lines():
    event = odds_event("ev", "soccer_epl", "Everton", "Arsenal", NOW, {
        "draftkings": {"Arsenal": "2.50", DRAW: "3.20", "Everton": "2.90"},
        # A two-way price on a three-way game is another market (draw no bet).
        "fanduel": {"Arsenal": "1.70", "Everton": "2.20"},
        "betmgm": {"Arsenal": "2.40", DRAW: "3.30", "Everton": "3.00"},
    })
    stale = odds_event("ev", "soccer_epl", "Everton", "Arsenal", NOW,
                       {"williamhill_us": {"Arsenal": "2.5", DRAW: "3.2", "Everton": "2.9"}},
                       updated=NOW - timedelta(hours=1))
    event = type(event)(event.event_id, event.sport_key, None, NOW, "Arsenal", "Everton", event.prices + stale.prices)
    lines, problems = book_lines(event, ["draftkings", "fanduel", "betmgm", "williamhill_us", "bovada"],
                                 three_way=True, now=NOW, max_age=timedelta(minutes=10))
    assert sorted(lines) == ["betmgm", "draftkings"]
    assert lines["draftkings"].fair["Arsenal"] == q(928, 2453)
    assert lines["draftkings"].fair_for(["Everton", DRAW]) == q(1525, 2453)
    assert problems == {
        "fanduel": "fanduel h2h on Everton at Arsenal: prices Arsenal, Everton, expected Arsenal, Draw, Everton",
        "williamhill_us": "williamhill_us h2h on Everton at Arsenal: stale price (age 3600 s > 600 s)",
        "bovada": "bovada h2h on Everton at Arsenal: no price",
    }


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(101, 5000).map(lambda c: D(c) / 100), min_size=2, max_size=3))
def test_devig_properties(prices):
    odds = {f"outcome-{i}": price for i, price in enumerate(prices)}
    exact = devig_exact(odds)
    # Fair probabilities add up to exactly 1, keep the book's ranking, and each is the implied
    # probability divided by the same factor, Σ 1/d = 1 + overround.
    assert sum(exact.values(), Fraction(0)) == 1
    implied = {k: 1 / Fraction(v) for k, v in odds.items()}
    factors = {implied[k] / exact[k] for k in odds}
    assert len(factors) == 1
    assert factors.pop() == sum(implied.values(), Fraction(0))
    ranked = sorted(odds, key=odds.__getitem__)
    assert all(exact[a] >= exact[b] for a, b in zip(ranked, ranked[1:]))
