from decimal import Decimal, localcontext
from fractions import Fraction

import pytest

from arb_pipeline.domain.fees import (
    CENT,
    EXACT,
    POLYMARKET_FEE_UNIT,
    STORED_FEE_FIELDS,
    ceil_to,
    ceil_to_cent,
    kalshi_maker_fee,
    kalshi_taker_fee,
    kalshi_taker_fee_rate,
    polymarket_taker_fee,
    polymarket_taker_fee_rate,
    fee_schedule_from_stored,
)
from arb_pipeline.domain.models import KalshiFeeSchedule, PolymarketFeeSchedule, Venue

D = Decimal
STANDARD = KalshiFeeSchedule("quadratic", D(1))
WITH_MAKER = KalshiFeeSchedule("quadratic_with_maker_fees", D(1))
INDEX = KalshiFeeSchedule("quadratic", D("0.5"))  # INX / NASDAQ100 series (docs/venues.md#kalshi-fees)
FLAT = KalshiFeeSchedule("flat", D(1))


def polymarket(rate: str, exponent: str = "1", enabled: bool = True) -> PolymarketFeeSchedule:
    return PolymarketFeeSchedule(enabled=enabled, rate=D(rate), exponent=D(exponent))


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("0.175", "0.18"), ("0.17", "0.17"), ("0.1700001", "0.18"), ("0", "0.00"), ("0.001", "0.01")],
)
def test_ceil_to_cent_rounds_up_never_to_nearest(amount, expected):
    assert ceil_to_cent(D(amount)) == D(expected)


def test_ceil_to_other_units():
    assert ceil_to(D("0.00323613"), POLYMARKET_FEE_UNIT) == D("0.0033")
    assert ceil_to(D("0.00323613"), D("0.000001")) == D("0.003237")
    assert ceil_to(D("1.5"), D(1)) == D(2)


def test_kalshi_taker_fee_venue_examples():
    # docs/venues.md#kalshi-fees: one contract at 0.50 costs $0.02; ten cost $0.175, charged $0.18.
    assert kalshi_taker_fee(D(1), D("0.50"), STANDARD) == D("0.02")
    assert kalshi_taker_fee(D(10), D("0.50"), STANDARD) == D("0.18")
    # 0.07 × 100 × 0.5 × 0.5 = 1.75 exactly: no rounding to add.
    assert kalshi_taker_fee(D(100), D("0.50"), STANDARD) == D("1.75")


def test_kalshi_taker_fee_is_per_fill_so_splitting_costs_more():
    # Ten one-contract fills pay ten cent ceilings: $0.20, not $0.18.
    one_fill = kalshi_taker_fee(D(10), D("0.50"), STANDARD)
    ten_fills = sum(kalshi_taker_fee(D(1), D("0.50"), STANDARD) for _ in range(10))
    assert (one_fill, ten_fills) == (D("0.18"), D("0.20"))


def test_kalshi_taker_fee_at_subpenny_and_fractional_counts_is_exact():
    # 0.07 × 0.4321 × 0.5679 = 0.0171772713 per contract; 12.5 contracts 0.21471589125 -> 0.22.
    assert kalshi_taker_fee_rate(D("0.4321"), STANDARD) == D("0.0171772713")
    assert kalshi_taker_fee(D("12.5"), D("0.4321"), STANDARD) == D("0.22")


def test_kalshi_fee_multiplier_scales_the_rate():
    # Index series pay half: 10 × 0.035 × 0.25 = 0.0875 -> 0.09; one contract 0.00875 -> 0.01.
    assert kalshi_taker_fee(D(10), D("0.50"), INDEX) == D("0.09")
    assert kalshi_taker_fee(D(1), D("0.50"), INDEX) == D("0.01")
    assert kalshi_taker_fee(D(10), D("0.50"), KalshiFeeSchedule("quadratic", D(0))) == D(0)


def test_kalshi_taker_fee_is_the_same_on_maker_fee_series():
    assert kalshi_taker_fee(D(10), D("0.30"), WITH_MAKER) == kalshi_taker_fee(D(10), D("0.30"), STANDARD) == D("0.15")


def test_kalshi_maker_fee_only_on_quadratic_with_maker_fees():
    # 0.0175 × 10 × 0.25 = 0.04375 -> 0.05; 100 contracts 0.4375 -> 0.44.
    assert kalshi_maker_fee(D(10), D("0.50"), WITH_MAKER) == D("0.05")
    assert kalshi_maker_fee(D(100), D("0.50"), WITH_MAKER) == D("0.44")
    assert kalshi_maker_fee(D(100), D("0.50"), STANDARD) == D(0)
    assert kalshi_maker_fee(D(100), D("0.50"), FLAT) == D(0)
    assert kalshi_maker_fee(D(100), D("0.50"), KalshiFeeSchedule("quadratic_with_maker_fees", D("0.5"))) == D("0.22")


def test_flat_fee_type_charges_the_quadratic_peak_at_every_price():
    # Undefined by the cited docs: charged as the quadratic's maximum (P = 0.50), so never less
    # than the quadratic at any price.
    assert kalshi_taker_fee(D(10), D("0.10"), FLAT) == D("0.18")
    assert kalshi_taker_fee(D(10), D("0.10"), STANDARD) == D("0.07")
    for cents in range(1, 100):
        price = D(cents) / 100
        assert kalshi_taker_fee(D(7), price, FLAT) >= kalshi_taker_fee(D(7), price, STANDARD)


def test_kalshi_fee_refuses_bad_inputs():
    with pytest.raises(ValueError, match="unknown Kalshi series fee_type 'tiered'"):
        kalshi_taker_fee(D(1), D("0.5"), KalshiFeeSchedule("tiered", D(1)))
    with pytest.raises(ValueError, match="negative Kalshi fee_multiplier"):
        kalshi_taker_fee(D(1), D("0.5"), KalshiFeeSchedule("quadratic", D(-1)))
    with pytest.raises(ValueError, match="outside"):
        kalshi_taker_fee(D(1), D("1.5"), STANDARD)
    with pytest.raises(ValueError, match="negative contract count"):
        kalshi_maker_fee(D(-1), D("0.5"), WITH_MAKER)


def test_polymarket_fee_disabled_market_pays_nothing():
    disabled = polymarket("0.03", enabled=False)
    assert polymarket_taker_fee(D(100), D("0.50"), disabled) == D(0)
    assert polymarket_taker_fee_rate(D("0.50"), disabled) == D(0)


def test_polymarket_fee_rate_003_exponent_1():
    # 100 × 0.03 × 0.25 = 0.75; 3 × 0.03 × 0.37 × 0.63 = 0.020979, charged 0.0210.
    sports = polymarket("0.03")
    assert polymarket_taker_fee(D(100), D("0.50"), sports) == D("0.75")
    assert polymarket_taker_fee(D(3), D("0.37"), sports) == D("0.0210")


def test_polymarket_fee_rounds_up_to_a_hundredth_of_a_cent():
    # 0.03 × 0.123 × 0.877 = 0.00323613: floored to 5 decimals 0.00323, rounded to 5 0.00324,
    # rounded to 4 0.0032; the screening figure must never be below any of them: 0.0033.
    assert polymarket_taker_fee(D(1), D("0.123"), polymarket("0.03")) == D("0.0033")


def test_polymarket_fee_other_exponents():
    # Whole exponent, exact: 10 × 0.07 × 0.25² = 0.04375, charged 0.0438.
    assert polymarket_taker_fee(D(10), D("0.50"), polymarket("0.07", "2")) == D("0.0438")
    # Exact root stays exact: 10 × 0.03 × 0.25^0.5 = 0.15.
    assert polymarket_taker_fee(D(10), D("0.50"), polymarket("0.03", "0.5")) == D("0.15")
    assert polymarket_taker_fee_rate(D("0.50"), polymarket("0.03", "1.5")) == D("0.00375")
    # Irrational root: 10 × 0.03 × sqrt(0.2331) = 0.14484129245... -> rounded up to 0.1449.
    rate = polymarket_taker_fee_rate(D("0.37"), polymarket("0.03", "0.5"))
    assert Fraction(rate) ** 2 > Fraction("0.03") ** 2 * Fraction("0.2331")
    assert polymarket_taker_fee(D(10), D("0.37"), polymarket("0.03", "0.5")) == D("0.1449")
    # Exponent 0: a flat rate per contract, even at price 0.
    assert polymarket_taker_fee(D(10), D("0.37"), polymarket("0.02", "0")) == D("0.2")
    assert polymarket_taker_fee(D(10), D(0), polymarket("0.02", "0")) == D("0.2")


def test_polymarket_fee_huge_whole_exponent_is_bounded_not_rounded_to_nearest():
    # 0.123457 × 0.876543 has 12 digits; its 9th power needs 108, more than the exact context
    # holds: the fee falls back to an upper bound (a tiny positive fee, rounded up to $0.0001).
    variance = Fraction("0.123457") * Fraction("0.876543")
    rate = polymarket_taker_fee_rate(D("0.123457"), polymarket("0.03", "9"))
    assert Fraction(rate) > Fraction("0.03") * variance**9
    assert Fraction(rate) < Fraction("0.03") * variance**9 * Fraction(1000001, 1000000)
    assert polymarket_taker_fee(D(10), D("0.123457"), polymarket("0.03", "9")) == POLYMARKET_FEE_UNIT


def test_polymarket_fee_refuses_bad_schedules():
    with pytest.raises(ValueError, match="negative Polymarket fee rate"):
        polymarket_taker_fee(D(1), D("0.5"), polymarket("-0.01"))
    with pytest.raises(ValueError, match="negative Polymarket fee exponent"):
        polymarket_taker_fee(D(1), D("0.5"), polymarket("0.03", "-1"))


def test_schedule_methods_match_the_venue_functions():
    kalshi = STANDARD
    pm = polymarket("0.04")
    assert (kalshi.venue, kalshi.fee_unit) == (Venue.KALSHI, CENT)
    assert (pm.venue, pm.fee_unit) == (Venue.POLYMARKET, POLYMARKET_FEE_UNIT)
    cases = [(D(1), D("0.5")), (D(10), D("0.5")), (D("7.5"), D("0.031")), (D(250), D("0.97"))]
    for contracts, price in cases:
        assert kalshi.taker_fee(contracts, price) == kalshi_taker_fee(contracts, price, STANDARD)
        assert pm.taker_fee(contracts, price) == polymarket_taker_fee(contracts, price, pm)
        assert kalshi.taker_fee_rate(price) == kalshi_taker_fee_rate(price, STANDARD)
        assert pm.taker_fee_rate(price) == polymarket_taker_fee_rate(price, pm)
        with localcontext(EXACT):
            assert (kalshi.per_contract(price), pm.per_contract(price)) == (kalshi.taker_fee_rate(price), pm.taker_fee_rate(price))
    assert [kalshi.taker_fee(c, p) for c, p in cases] == [D("0.02"), D("0.18"), D("0.02"), D("0.51")]


def test_schedules_say_whether_takers_pay():
    assert STANDARD.charges_taker_fees and FLAT.charges_taker_fees
    assert not KalshiFeeSchedule("quadratic", D(0)).charges_taker_fees
    assert polymarket("0.03").charges_taker_fees
    assert not polymarket("0.03", enabled=False).charges_taker_fees
    assert not polymarket("0").charges_taker_fees
    assert not PolymarketFeeSchedule().charges_taker_fees


def test_schedules_describe_themselves():
    assert INDEX.describe() == "Kalshi quadratic, multiplier 0.5"
    assert WITH_MAKER.describe() == "Kalshi quadratic_with_maker_fees, multiplier 1"
    assert polymarket("0.03").describe() == "Polymarket taker rate 0.03, exponent 1"
    assert PolymarketFeeSchedule().describe() == "Polymarket, no fees"


def test_stored_form_round_trips_and_names_every_field():
    pm = PolymarketFeeSchedule(True, D("0.0625"), D("2"), False, D("0.20"))
    assert INDEX.stored() == {"fee_type": "quadratic", "fee_multiplier": D("0.5")}
    assert pm.stored() == {
        "fees_enabled": True, "fee_rate": D("0.0625"), "fee_exponent": D(2), "fee_taker_only": False,
        "fee_rebate_rate": D("0.20"),
    }  # fmt: skip
    assert STORED_FEE_FIELDS == (
        "fee_type", "fee_multiplier", "fees_enabled", "fee_rate", "fee_exponent", "fee_taker_only", "fee_rebate_rate",
    )  # fmt: skip
    for schedule in (INDEX, WITH_MAKER, FLAT, pm, PolymarketFeeSchedule()):
        row = dict.fromkeys(STORED_FEE_FIELDS) | schedule.stored()
        assert fee_schedule_from_stored(row) == schedule
    assert fee_schedule_from_stored(dict.fromkeys(STORED_FEE_FIELDS)) is None


def test_a_stored_form_no_schedule_writes_is_refused():
    half = dict.fromkeys(STORED_FEE_FIELDS) | {"fee_type": "quadratic"}
    with pytest.raises(ValueError, match="stored kalshi fee schedule has fee_type but no fee_multiplier"):
        fee_schedule_from_stored(half)
    both = dict.fromkeys(STORED_FEE_FIELDS) | STANDARD.stored() | PolymarketFeeSchedule().stored()
    with pytest.raises(ValueError, match="both a kalshi and a polymarket fee schedule"):
        fee_schedule_from_stored(both)
