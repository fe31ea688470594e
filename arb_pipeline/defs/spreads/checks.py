"""Blocking checks on a snapshot's spreads and opportunities: the money of every evaluation adds
up exactly, and every opportunity is a spread of the snapshot that passed the thresholds. Bad
spreads never become opportunities, and bad opportunities never reach the reports' run."""

import dagster as dg

from arb_pipeline.defs.quotes.assets import snapshot_id_for
from arb_pipeline.defs.shared.checks import suite_check_result
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.defs.spreads.assets import opportunities, spreads
from arb_pipeline.warehouse.expectations.spreads import (
    opportunities_frame,
    spreads_frame,
    validate_opportunities,
    validate_spreads,
)


@dg.asset_check(
    asset=spreads,
    blocking=True,
    description="Great Expectations suite over the snapshot's spreads: cost + net profit = contracts exactly, "
    "fees, cost and contracts >= 0, one row per direction, known kinds and sides, and a spread marked as an "
    "opportunity buys contracts and makes money.",
)
def spreads_expectations(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    return suite_check_result(validate_spreads(spreads_frame(warehouse.get(), snapshot_id_for(context))))


@dg.asset_check(
    asset=opportunities,
    blocking=True,
    description="Great Expectations suite over the snapshot's opportunities: each is a spread of the same "
    "snapshot that passed the thresholds with the same money; cost + net profit = contracts exactly; fees >= 0; "
    "contracts and net profit > 0.",
)
def opportunities_expectations(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    return suite_check_result(validate_opportunities(opportunities_frame(warehouse.get(), snapshot_id_for(context))))
