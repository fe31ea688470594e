"""Running a Great Expectations (GX Core 1.x) suite over frames read from the warehouse, and
what a failure says: the rule in words, the expectation, how many rows broke it and which
(their keys and the offending values), so a Dagster check shows exactly what is wrong.

Suites are built in code against an ephemeral context, so there is no ``gx/`` folder to manage;
dagster-ge is not used (it pins GX below 1.0). GX is imported only when a suite runs: it costs
seconds to import.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from arb_pipeline.warehouse.store import Warehouse

#: Failing rows named per rule; the count says how many there are in all.
MAX_FAILING_ROWS = 50


def gx_expectations() -> Any:
    """``great_expectations.expectations``, imported on first use with analytics off: a pipeline
    must never phone home from a check (and many machines it runs on have no internet)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations.expectations as gxe

    return gxe


def gx_column(name: str) -> Any:
    """A column in a GX row condition: ``gx_column("status") == "approved"`` limits an
    expectation to the rows that meet it."""
    gx_expectations()
    from great_expectations.expectations.row_conditions import Column

    return Column(name)


@dataclass(frozen=True, slots=True)
class Part:
    """One frame and the expectations over it. ``keys`` are the columns that name a row in a
    failure (its primary key); each expectation carries its rule in words as ``description``."""

    name: str
    frame: pd.DataFrame
    keys: tuple[str, ...]
    expectations: Sequence[Any]


@dataclass(frozen=True, slots=True)
class Failure:
    rule: str
    expectation: str  # "expect_column_values_to_be_between(best_price)"
    unexpected: int | None  # rows breaking it; None when GX could not evaluate it
    rows: tuple[dict[str, Any], ...] = ()  # keys and offending values of the first failing rows
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"rule": self.rule, "expectation": self.expectation, "unexpected": self.unexpected}
        if self.error:
            shown["error"] = self.error
        shown["rows"] = list(self.rows)
        return shown


@dataclass(frozen=True, slots=True)
class SuiteResult:
    suite: str
    success: bool
    evaluated: int
    rows: int
    failures: tuple[Failure, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> tuple[str, ...]:
        """One line per broken expectation: "expectation(column): N unexpected"."""
        return tuple(f"{f.expectation}: {f.unexpected} unexpected" for f in self.failures)

    def failing_keys(self, rule: str) -> list[dict[str, Any]]:
        """The failing rows named for ``rule`` (by its description)."""
        return [row for f in self.failures if f.rule == rule for row in f.rows]


def _plain(value: Any) -> Any:
    """A JSON-ready value: numpy and pandas scalars to Python, times and decimals to text."""
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    return str(value)


def _described(config: Any) -> str:
    kwargs = config.kwargs
    column = kwargs.get("column") or kwargs.get("column_list")
    if column is None and "column_A" in kwargs:
        column = f"{kwargs['column_A']}, {kwargs['column_B']}"
    if isinstance(column, (list, tuple)):
        column = ", ".join(column)
    return f"{config.type}({column})"


def _failure(outcome: Any) -> Failure:
    config = outcome.expectation_config
    expectation = _described(config)
    rule = config.description or expectation
    exception = outcome.exception_info or {}
    if exception.get("raised_exception"):
        message = str(exception.get("exception_message") or "unknown error")
        return Failure(rule, expectation, None, error=f"GX could not evaluate it: {message}")
    result = outcome.result or {}
    rows = tuple(
        {name: _plain(value) for name, value in row.items()}
        for row in (result.get("partial_unexpected_index_list") or [])[:MAX_FAILING_ROWS]
    )
    return Failure(rule, expectation, result.get("unexpected_count"), rows)


def run_suite(suite_name: str, parts: Sequence[Part]) -> SuiteResult:
    """Validate every part with its expectations; the suite passes when all of them pass."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # Progress bars would land in Dagster's run logs as noise.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas(f"{suite_name}_source")
    success, evaluated, failures = True, 0, []
    for part in parts:
        name = f"{suite_name}_{part.name}"
        batch = (
            source.add_dataframe_asset(name)
            .add_batch_definition_whole_dataframe(f"{name}_batch")
            .get_batch(batch_parameters={"dataframe": part.frame})
        )
        suite = context.suites.add(gx.ExpectationSuite(name=name))
        for expectation in part.expectations:
            suite.add_expectation(expectation)
        result = batch.validate(
            suite,
            result_format={
                "result_format": "SUMMARY",
                "unexpected_index_column_names": list(part.keys),
                "partial_unexpected_count": MAX_FAILING_ROWS,
            },
        )
        evaluated += len(result.results)
        success = success and bool(result.success)
        failures += [_failure(outcome) for outcome in result.results if not outcome.success]
    rows = sum(len(part.frame) for part in parts)
    return SuiteResult(suite_name, success, evaluated, rows, tuple(failures))


def read_frame(warehouse: Warehouse, query: Any, columns: Sequence[str], *, numeric: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of ``query`` as a frame with ``columns``; ``numeric`` columns (NUMERIC money and
    sizes) become floats: the suites only compare them with bounds, never compute money."""
    with warehouse.engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame(rows, columns=list(columns))
    for name in numeric:
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    return frame
