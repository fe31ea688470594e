"""Great Expectations suites over the newest rows of the streamer's tables, as checks on the
external assets the streamer writes (stream_tables.py). Nothing downstream is materialized from
these tables by Dagster, so the checks fail loudly rather than block; run them from the UI or a
job that selects them."""

import dagster as dg

from arb_pipeline.defs.quotes.checks import quote_limits
from arb_pipeline.defs.shared.checks import suite_check_result
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse.expectations.stream import (
    RECENT_ROWS,
    events_frame,
    health_frame,
    ticks_frame,
    validate_events,
    validate_health,
    validate_ticks,
)
from arb_pipeline.warehouse.stream import StreamTable


@dg.asset_check(
    asset=StreamTable.BOOK_TICKS.value,
    description=f"Great Expectations suite over the newest {RECENT_ROWS} book ticks: prices in [0, 1], sizes > 0, "
    "no crossed book, one row per tick key, received no later than now, venue time no later than our receipt and "
    "at most ARB_MAX_QUOTE_AGE_S before it.",
)
def book_ticks_expectations(warehouse: WarehouseResource, scan_settings: ScanSettingsResource) -> dg.AssetCheckResult:
    return suite_check_result(validate_ticks(ticks_frame(warehouse.get(), utc_now()), quote_limits(scan_settings)))


@dg.asset_check(
    asset=StreamTable.OPPORTUNITY_EVENTS.value,
    description=f"Great Expectations suite over the newest {RECENT_ROWS} opportunity events: cost + net profit = "
    "contracts exactly, fees, sizes, cost and lifetimes >= 0, average prices in [0, 1], evaluated no earlier than "
    "opened and no later than now, one row per event key.",
)
def opportunity_events_expectations(
    warehouse: WarehouseResource, scan_settings: ScanSettingsResource
) -> dg.AssetCheckResult:
    return suite_check_result(validate_events(events_frame(warehouse.get(), utc_now()), quote_limits(scan_settings)))


@dg.asset_check(
    asset=StreamTable.STREAM_HEALTH.value,
    description=f"Great Expectations suite over the newest {RECENT_ROWS} stream health rows: counts >= 0, a period "
    "ends no earlier than it starts and no later than now, one row per health key.",
)
def stream_health_expectations(warehouse: WarehouseResource, scan_settings: ScanSettingsResource) -> dg.AssetCheckResult:
    return suite_check_result(validate_health(health_frame(warehouse.get(), utc_now()), quote_limits(scan_settings)))
