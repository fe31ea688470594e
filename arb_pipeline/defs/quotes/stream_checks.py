"""Great Expectations suites over the newest rows of the streamer's tables, as checks on the
external assets the streamer writes (stream_tables.py). Nothing downstream is materialized from
these tables by Dagster, so the checks fail loudly rather than block. The streamer writes all
day and nothing materializes these assets, so ``stream_checks_schedule`` runs the checks
(``stream_checks_job``) every ``ARB_STREAM_CHECKS_CRON`` (default every ten minutes), on by
default: the UI shows their latest result without a manual run, and on tables the streamer never
wrote they pass on no rows."""

import os
from collections.abc import Callable
from datetime import datetime

import dagster as dg
import pandas as pd

from arb_pipeline.defs.quotes.checks import quote_limits
from arb_pipeline.defs.shared.checks import suite_check_result
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse.expectations import SuiteResult
from arb_pipeline.warehouse.expectations.quotes import QuoteLimits
from arb_pipeline.warehouse.expectations.stream import (
    RECENT_ROWS,
    depth_frame,
    events_frame,
    health_frame,
    ticks_frame,
    validate_depth,
    validate_events,
    validate_health,
    validate_ticks,
)
from arb_pipeline.warehouse.store import Warehouse
from arb_pipeline.warehouse.stream import StreamTable


def _stream_suite(
    table: StreamTable, frame: Callable[[Warehouse, datetime], pd.DataFrame],
    validate: Callable[[pd.DataFrame, QuoteLimits], SuiteResult], description: str,
) -> dg.AssetChecksDefinition:
    """The suite over the newest rows of one stream table, held to the quote limits (age, clock skew)."""

    @dg.asset_check(asset=table.value, name=f"{table.value}_expectations", description=description)
    def _check(warehouse: WarehouseResource, scan_settings: ScanSettingsResource) -> dg.AssetCheckResult:
        return suite_check_result(validate(frame(warehouse.get(), utc_now()), quote_limits(scan_settings)))

    return _check


book_ticks_expectations = _stream_suite(
    StreamTable.BOOK_TICKS, ticks_frame, validate_ticks,
    f"Great Expectations suite over the newest {RECENT_ROWS} book ticks: prices in [0, 1], sizes > 0, no crossed "
    "book, one row per tick key, received no later than now, venue time no later than our receipt and at most "
    "ARB_MAX_QUOTE_AGE_S before it.",
)  # fmt: skip
book_depth_snapshots_expectations = _stream_suite(
    StreamTable.BOOK_DEPTH_SNAPSHOTS, depth_frame, validate_depth,
    f"Great Expectations suite over the newest {RECENT_ROWS} depth snapshots: every level's price in [0, 1] and size "
    "> 0, each side best first, no crossed book, one row per depth key, received no later than taken and taken no "
    "later than now, venue time no later than our receipt and at most ARB_MAX_QUOTE_AGE_S before it.",
)  # fmt: skip
opportunity_events_expectations = _stream_suite(
    StreamTable.OPPORTUNITY_EVENTS, events_frame, validate_events,
    f"Great Expectations suite over the newest {RECENT_ROWS} opportunity events: cost + net profit = contracts "
    "exactly, fees, sizes, cost and lifetimes >= 0, average prices in [0, 1], evaluated no earlier than opened and "
    "no later than now, one row per event key.",
)  # fmt: skip
stream_health_expectations = _stream_suite(
    StreamTable.STREAM_HEALTH, health_frame, validate_health,
    f"Great Expectations suite over the newest {RECENT_ROWS} stream health rows: counts >= 0, a period ends no "
    "earlier than it starts and no later than now, one row per health key.",
)  # fmt: skip


STREAM_SUITES = [
    book_ticks_expectations,
    book_depth_snapshots_expectations,
    opportunity_events_expectations,
    stream_health_expectations,
]

stream_checks_job = dg.define_asset_job(
    "stream_checks_job",
    selection=dg.AssetSelection.checks(*STREAM_SUITES),
    description="Run the Great Expectations suites over the newest rows of the streamer's tables.",
)


@dg.definitions
def defs() -> dg.Definitions:
    # Read when Dagster loads the code location, not at import (docs/architecture.md#conventions).
    cron = os.environ.get("ARB_STREAM_CHECKS_CRON") or "*/10 * * * *"
    schedule = dg.ScheduleDefinition(
        name="stream_checks_schedule", job=stream_checks_job, cron_schedule=cron, execution_timezone="UTC",
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )  # fmt: skip
    # A module with a definitions function contributes only what the function returns.
    return dg.Definitions(asset_checks=STREAM_SUITES, jobs=[stream_checks_job], schedules=[schedule])
