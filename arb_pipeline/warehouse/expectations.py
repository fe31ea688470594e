"""Great Expectations (GX Core 1.x) suites over warehouse tables, run as Dagster asset checks.

Suites are built in code against an ephemeral context, so there is no ``gx/`` folder to manage
(DAGSTER_NOTES.md section 2; dagster-ge is not used: it pins GX below 1.0). GX is imported only
when a suite runs: it costs seconds to import.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.warehouse.store import Warehouse

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SuiteResult:
    success: bool
    evaluated: int
    failed: tuple[str, ...] = field(default_factory=tuple)  # "expectation(column): unexpected count"
    rows: int = 0


def snapshot_frame(warehouse: Warehouse, snapshot_id: str) -> pd.DataFrame:
    """The snapshot's rows, money columns as floats: range checks only, no money is computed."""
    table = warehouse.tables.quote_snapshots
    columns = [table.c[name] for name in (
        "snapshot_id", "venue", "instrument_id", "side", "best_price", "best_size", "depth", "level_count",
        "received_ts", "venue_ts",
    )]  # fmt: skip
    with warehouse.engine.connect() as connection:
        rows = connection.execute(sa.select(*columns).where(table.c.snapshot_id == snapshot_id)).all()
    frame = pd.DataFrame(rows, columns=[c.name for c in columns])
    for name in ("best_price", "best_size", "depth"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    return frame


def _run(frame: pd.DataFrame, suite_name: str, expectations: list[Any]) -> SuiteResult:
    # GX reports usage analytics unless told not to; a pipeline must never phone home from a
    # check (and many machines it runs on, like CI here, have no internet).
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    # Progress bars would land in Dagster's run logs as noise.
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas(f"{suite_name}_source")
        .add_dataframe_asset(f"{suite_name}_frame")
        .add_batch_definition_whole_dataframe(f"{suite_name}_batch")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    suite = context.suites.add(gx.ExpectationSuite(name=suite_name))
    for expectation in expectations:
        suite.add_expectation(expectation)
    result = batch.validate(suite)
    failed = []
    for outcome in result.results:
        if not outcome.success:
            config = outcome.expectation_config
            column = config.kwargs.get("column") or config.kwargs.get("column_list")
            unexpected = (outcome.result or {}).get("unexpected_count")
            failed.append(f"{config.type}({column}): {unexpected} unexpected")
    return SuiteResult(bool(result.success), len(result.results), tuple(failed), len(frame))


def validate_quote_snapshot(frame: pd.DataFrame) -> SuiteResult:
    """Every row names its venue, instrument and side; best prices sit strictly inside (0, 1);
    sizes and depth are positive; every row has a receive time; one row per instrument side."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations.expectations as gxe

    expectations = [
        *(gxe.ExpectColumnValuesToNotBeNull(column=c) for c in ("venue", "instrument_id", "side", "received_ts")),
        gxe.ExpectColumnValuesToBeInSet(column="venue", value_set=["kalshi", "polymarket"]),
        gxe.ExpectColumnValuesToBeInSet(column="side", value_set=["bid", "ask"]),
        gxe.ExpectColumnValuesToBeBetween(column="best_price", min_value=0, max_value=1, strict_min=True, strict_max=True),
        gxe.ExpectColumnValuesToBeBetween(column="best_size", min_value=0, strict_min=True),
        gxe.ExpectColumnValuesToBeBetween(column="depth", min_value=0),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["snapshot_id", "venue", "instrument_id", "side"]),
    ]
    return _run(frame, "quote_snapshot", expectations)
