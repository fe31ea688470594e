"""Numbers a market pays on: comparator phrases, bare numbers, strikes, and the grid that makes
differently written thresholds one ("above 199" is "200 or more" for a count)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from arb_pipeline.domain.matching.propositions import Bound, ValueRange
from arb_pipeline.domain.matching.propositions.numbers import (
    complement,
    parse_range,
    same_or_complement,
    stated_grid,
    stated_bounds,
    stated_range,
    with_bounds,
)
from arb_pipeline.domain.matching.propositions.text import fold

D = Decimal


def gt(value: str) -> ValueRange:
    return ValueRange(low=Bound(D(value), False))


def ge(value: str) -> ValueRange:
    return ValueRange(low=Bound(D(value), True))


def lt(value: str) -> ValueRange:
    return ValueRange(high=Bound(D(value), False))


def le(value: str) -> ValueRange:
    return ValueRange(high=Bound(D(value), True))


def exactly(value: str) -> ValueRange:
    return ValueRange(Bound(D(value), True), Bound(D(value), True))


@pytest.mark.parametrize(
    ("grid", "first", "second"),
    [
        # A count is published in whole units: "above 199" is "200 or more".
        ("1", gt("199"), ge("200")),
        # A figure reported in whole percent: "above 75%" is "at least 76%".
        ("1", gt("75"), ge("76")),
        # A price in cents: "above $1.60" is "$1.61 or more".
        ("0.01", gt("1.60"), ge("1.61")),
        # One decimal: "below 3.0%" is "2.9% or lower".
        ("0.1", lt("3.0"), le("2.9")),
        # Kalshi's "> $93,999.99" is "≥ $94,000" to the cent.
        ("0.01", gt("93999.99"), ge("94000")),
    ],
)
def test_thresholds_written_apart_are_one_on_their_grid(grid: str, first: ValueRange, second: ValueRange) -> None:
    assert same_or_complement(first, second, D(grid)) == "same"


@pytest.mark.parametrize(
    ("grid", "first", "second"),
    [
        ("1", gt("199"), le("199")),  # "above 199" and "199 or fewer" split every count
        ("0.1", gt("2.9"), lt("3.0")),  # "above 2.9%" and "below 3.0%"
        (None, gt("3.0"), le("3.0")),  # strict against inclusive at the same number, any grid
    ],
)
def test_complements_split_every_value(grid: str | None, first: ValueRange, second: ValueRange) -> None:
    assert same_or_complement(first, second, D(grid) if grid else None) == "complement"


def test_strict_and_inclusive_at_one_number_are_never_one() -> None:
    assert same_or_complement(gt("3.0"), ge("3.0"), D("0.1")) is None
    assert same_or_complement(gt("3.0"), ge("3.0"), None) is None
    # ... nor "above 3.0%" the complement of "below 3.0%": exactly 3.0% pays on neither.
    assert same_or_complement(gt("3.0"), lt("3.0"), D("0.1")) is None


@pytest.mark.parametrize(
    ("text", "short", "expected", "unit"),
    [
        ("Will CPI be above 3.0%?", False, gt("3.0"), "%"),
        ("3.1% or higher", False, ge("3.1"), "%"),
        ("at or above $97,000.00", False, ge("97000.00"), "$"),
        ("Will NYC stay at or below 40°F?", False, le("40"), "°"),
        ("Will February payrolls beat 100K?", False, gt("100000"), ""),
        ("Will Bitcoin reach $150k in 2026?", False, ge("150000"), "$"),
        ("Will NVIDIA hit a $6T market cap by June 30?", False, ge("6000000000000"), "$"),
        ("0.2%", True, exactly("0.2"), "%"),
        ("2 cuts", True, exactly("2"), ""),
        ("0 Fed rate cuts in 2026?", False, exactly("0"), ""),
        ("Monthly inflation 0.2% in March 2026?", False, exactly("0.2"), "%"),
    ],
)
def test_comparator_phrases_and_bare_numbers(text: str, short: bool, expected: ValueRange, unit: str) -> None:
    hit = parse_range(fold(text), short=short)
    assert hit is not None
    assert (hit.value_range, hit.unit) == (expected, unit)


def test_a_bucket_open_at_its_top() -> None:
    hit = parse_range(fold("is at least $100,000 and less than $102,500 at 5:00 PM ET"))
    assert hit is not None
    assert hit.value_range == ValueRange(Bound(D("100000"), True), Bound(D("102500"), False))
    # Kalshi's "$100,000 to $102,499.99" is the same bucket to the cent.
    kalshi = ValueRange(Bound(D("100000"), True), Bound(D("102499.99"), True))
    assert same_or_complement(kalshi, hit.value_range, D("0.01")) == "same"


def test_a_bare_number_is_marked_so_a_stated_comparator_wins() -> None:
    bare = parse_range(fold("100,000"), short=True)
    assert bare is not None and bare.bare
    stated = parse_range(fold("Above 100,000"), short=True)
    assert stated is not None and not stated.bare


def test_counts_know_their_noun() -> None:
    hit = parse_range(fold("Will Tesla deliver more than 400,000 vehicles in Q1?"))
    assert hit is not None and hit.count_noun == "vehicles"
    # A line half a unit off a count is set there because the count is whole; another fraction
    # is a measured value.
    assert parse_range(fold("more than 2.5 goals")).count_noun == "goals"  # type: ignore[union-attr]
    assert parse_range(fold("more than 2.4 goals")).count_noun is None  # type: ignore[union-attr]
    assert parse_range(fold("under 9.5 seconds")).count_noun is None  # type: ignore[union-attr]


def test_never_is_the_complement() -> None:
    text = fold('Resolves "Yes" if the index is never above $250,000 at any time in 2026')
    hit = parse_range(text)
    assert hit is not None
    assert stated_range(text, hit) == le("250000")
    assert complement(ge("3.0")) == lt("3.0")
    assert complement(exactly("3")) is None


@pytest.mark.parametrize(
    ("text", "grid"),
    [
        ("The BLS publishes it to one decimal place.", "0.1"),
        ("Prices are taken to the cent.", "0.01"),
        ("in whole degrees Fahrenheit", "1"),
        ("rounded to the nearest whole percent", "1"),
        ("Gas prices are quoted in cents.", "0.01"),
        ("rounded to the nearest hundredth", "0.01"),
        ("rounded to the nearest dollar", "1"),
        ("Payrolls are reported in thousands.", "1000"),
    ],
)
def test_stated_grids(text: str, grid: str) -> None:
    assert stated_grid(fold(text)) == D(grid)


def test_years_times_and_dates_are_not_thresholds() -> None:
    assert parse_range(fold("after 2028 the market closes")) is None
    assert parse_range(fold("Will it happen on Jan 9 at 5pm?")) is None
    assert parse_range(fold("Jan 9-10 weekend")) is None


@pytest.mark.parametrize(("rules", "bounds"), [
    ("is at least the lower bound and less than the upper bound of the range", (True, False)),
    ("Both bounds are included.", (True, True)),
    ("is greater than the lower bound and at most the upper bound", (False, True)),
    ("resolves to the bucket the price falls in", None),
])
def test_rules_say_which_bounds_of_a_range_count(rules: str, bounds: tuple[bool, bool] | None) -> None:
    assert stated_bounds(fold(rules)) == bounds


def test_a_range_takes_the_bounds_its_rules_state() -> None:
    bucket = ValueRange(Bound(D(100000), True), Bound(D(102500), True))
    settled = with_bounds(bucket, (True, False))
    assert settled == ValueRange(Bound(D(100000), True), Bound(D(102500), False))
    # "$100,000-$102,500" under its rules is Kalshi's "$100,000 to $102,499.99" on a grid of cents.
    assert same_or_complement(ValueRange(Bound(D(100000), True), Bound(D("102499.99"), True)), settled, D("0.01")) == "same"
    assert with_bounds(ValueRange(low=Bound(D(5), False)), (True, False)) == ValueRange(low=Bound(D(5), False))
