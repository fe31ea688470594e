from decimal import Decimal

import pytest

from arb_pipeline.domain.trading.kelly import kelly_contracts, kelly_fraction

D = Decimal


def test_kelly_fraction_hand_computed():
    # q = 0.60 against a contract costing 0.50: f* = (0.60 - 0.50) / (1 - 0.50) = 0.2.
    assert kelly_fraction(D("0.50"), D("0.60")) == D("0.2")
    # c = 0.40 (0.3832 ask + 0.0168 fee), q = 0.55: (0.15) / (0.60) = 0.25.
    assert kelly_fraction(D("0.40"), D("0.55")) == D("0.25")
    # No edge, no bet; a negative edge is not a short.
    assert kelly_fraction(D("0.55"), D("0.55")) == 0
    assert kelly_fraction(D("0.60"), D("0.50")) == 0


def test_fractional_kelly_sizes_whole_contracts():
    # Bankroll 1000, quarter Kelly of 0.25 = 6.25% -> stake 62.5; at 0.40 a contract: 156.25 -> 156.
    size = kelly_contracts(D("0.40"), D("0.55"), D(1000), D("0.25"))
    assert (size.full_kelly, size.fraction, size.stake, size.contracts, size.capped_by) == (
        D("0.25"), D("0.0625"), D("62.5"), 156, None)


def test_caps_bind_the_stake_and_the_contracts():
    # Stake 62.5 capped at 20: 20 / 0.40 = 50 contracts.
    assert kelly_contracts(D("0.40"), D("0.55"), D(1000), D("0.25"), max_stake=D(20)).contracts == 50
    capped = kelly_contracts(D("0.40"), D("0.55"), D(1000), D("0.25"), max_stake=D(20), max_contracts=30)
    assert (capped.stake, capped.contracts, capped.capped_by) == (D(20), 30, "max_contracts")
    assert kelly_contracts(D("0.40"), D("0.55"), D(1000), D("0.25"), max_stake=D(20)).capped_by == "max_stake"


def test_no_edge_buys_nothing_and_a_tiny_bankroll_rounds_down():
    assert kelly_contracts(D("0.60"), D("0.55"), D(1000), D("0.5")).contracts == 0
    # 10 × 0.5 × 0.25 = 1.25 staked; 1.25 / 0.40 = 3.125 -> 3 contracts.
    assert kelly_contracts(D("0.40"), D("0.55"), D(10), D("0.5")).contracts == 3


@pytest.mark.parametrize(
    ("cost", "fair", "message"),
    [("0", "0.5", "cost 0 per \\$1 contract is outside"), ("1", "0.5", "cost 1 per"),
     ("0.5", "1.1", "fair probability 1.1 is outside")],
)
def test_impossible_inputs_are_refused(cost, fair, message):
    with pytest.raises(ValueError, match=message):
        kelly_fraction(D(cost), D(fair))


def test_bad_multiplier_and_bankroll_are_refused():
    with pytest.raises(ValueError, match="Kelly multiplier 0 is outside"):
        kelly_contracts(D("0.4"), D("0.5"), D(100), D(0))
    with pytest.raises(ValueError, match="negative bankroll"):
        kelly_contracts(D("0.4"), D("0.5"), D(-1), D("0.5"))
