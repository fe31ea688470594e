"""Values as people read them: dollars and cents, exact prices, one-decimal APYs, short ids."""

from decimal import Decimal

import pytest

from arb_pipeline.reports import values

D = Decimal


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        ("326.6467", "$326.65"),
        ("326.645", "$326.64"),  # half-even, as format(Decimal, ".2f") rounds
        ("326.655", "$326.66"),
        ("0.0033", "$0.00"),
        ("-1.2", "-$1.20"),
        ("-0.004", "$0.00"),  # no "-$0.00"
        ("1234.5", "$1,234.50"),
        ("1000000", "$1,000,000.00"),
        ("24.690000000000000000000000001", "$24.69"),
    ],
)
def test_money_is_dollars_and_cents(amount, shown):
    assert values.money(D(amount)) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("0.4300", "0.43"),
        ("0.0005", "0.0005"),
        ("1", "1"),
        ("1.00", "1"),
        ("0.123456", "0.123456"),
        ("0.4312345678901234567890123457", "≈0.431235"),
        ("0.1234565", "≈0.123456"),  # half-even at the sixth decimal
    ],
)
def test_prices_are_exact_decimals_or_marked_approximate(value, shown):
    assert values.price(D(value)) == shown


def test_contracts_are_exact_and_never_in_exponent_notation():
    assert values.contracts(D("751")) == "751"
    assert values.contracts(D("12.50")) == "12.5"
    assert values.contracts(D("1E+1")) == "10"
    assert values.contracts(D("100.00")) == "100"


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [("5.1349", "513.5%"), ("0.1", "10.0%"), ("0.00049", "0.0%"), ("-0.0004", "0.0%"), ("-0.25", "-25.0%"),
     ("123.4567", "12,345.7%"), ("1.3400000000000000000000000001", "134.0%")],
)  # fmt: skip
def test_apy_is_a_percentage_with_one_decimal(fraction, shown):
    assert values.percent(D(fraction)) == shown


def test_days_are_shown_to_the_hundredth():
    assert values.days(D("1.875432")) == "1.88"
    assert values.days(D("0.041667")) == "0.04"
    assert values.days(D("400")) == "400.00"


def test_ids_are_shown_short():
    token = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
    assert values.short_token(token) == "…83992563"
    assert values.short_token("123456789") == "123456789"
    assert values.short_snapshot_id("a1d54312-ec17-4e02-b752-5dca3e5b50a8") == "a1d54312"
    assert values.short_snapshot_id("scan-2026-01-09T15:00:00+00:00") == "scan-2026-01-09T15:00:00+00:00"
    assert values.short_snapshot_id("demo-4242-1") == "demo-4242-1"


@pytest.mark.parametrize(
    ("dollars", "shown"),
    [("0.0451925", "4.52¢"), ("0.04", "4.00¢"), ("-0.00001", "0.00¢"), ("0.125", "12.50¢"), ("-0.0312", "-3.12¢")],
)
def test_an_edge_per_contract_is_cents_to_the_hundredth(dollars, shown):
    assert values.cents(D(dollars)) == shown


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [("0", "0 s"), ("45.4", "45 s"), ("60", "1 min 00 s"), ("836", "13 min 56 s"), ("50160", "13 h 56 min"),
     ("7500.5", "2 h 05 min"), ("-5", "-5 s")],
)  # fmt: skip
def test_a_duration_is_said_to_the_second(seconds, shown):
    assert values.duration(D(seconds)) == shown
