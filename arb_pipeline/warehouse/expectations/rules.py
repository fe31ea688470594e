"""The rules several suites state alike, each with its rule in words as the expectation's
``description`` (what a failing check shows): amounts never negative, prices in [0, 1],
residuals exactly zero, excesses never positive, times no later than now."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from arb_pipeline.warehouse.expectations.suite import gx_expectations


def at_least_zero(columns: Sequence[str]) -> list[Any]:
    """One expectation per column: its values are never negative (counts, sizes, fees)."""
    gxe = gx_expectations()
    return [
        gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0, description=f"{c.replace('_', ' ')} >= 0") for c in columns
    ]


def in_unit_interval(columns: Sequence[str]) -> list[Any]:
    """One expectation per column: its values are prices or probabilities, in [0, 1]."""
    gxe = gx_expectations()
    return [
        gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0, max_value=1, description=f"{c.replace('_', ' ')} in [0, 1]")
        for c in columns
    ]


def exactly_zero(column: str, rule: str, **condition: Any) -> Any:
    """``column`` is zero on every row the condition keeps: a residual the query computed on the
    exact NUMERIC values (what the row says less what its parts add up to), or a count or amount
    that must be nothing."""
    return gx_expectations().ExpectColumnValuesToBeBetween(
        column=column, min_value=0, max_value=0, description=rule, **condition
    )


def never_positive(column: str, rule: str, **condition: Any) -> Any:
    """``column`` is how far a row goes past a bound (contracts beyond a level, a price beyond a
    limit, days out of order): never above zero."""
    return gx_expectations().ExpectColumnValuesToBeBetween(column=column, max_value=0, description=rule, **condition)


def not_ahead(column: str, what: str, skew_s: float) -> Any:
    """``column`` (seconds a time lies after now) within the clock skew: nothing from the future."""
    return gx_expectations().ExpectColumnValuesToBeBetween(
        column=column, max_value=skew_s, description=f"{what} no later than now (+{skew_s:g} s of clock skew)"
    )
