"""Blocking checks on a snapshot's spreads and opportunities: the money of every evaluation adds
up exactly, and every opportunity is a spread of the snapshot that passed the thresholds. Bad
spreads never become opportunities, and bad opportunities never reach the reports' run."""

import dagster as dg
import pandas as pd

from arb_pipeline.defs.quotes.assets import snapshot_id_for
from arb_pipeline.defs.shared.checks import suite_check_result
from arb_pipeline.defs.shared.partitions import shard_placement, shard_rows
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.defs.spreads.assets import opportunities, spreads
from arb_pipeline.domain.models import PairStatus
from arb_pipeline.warehouse.expectations.spreads import (
    opportunities_frame,
    spreads_frame,
    validate_opportunities,
    validate_spreads,
)
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.store import Warehouse


def _own(context: dg.AssetCheckExecutionContext, store: Warehouse, frame: pd.DataFrame) -> pd.DataFrame:
    """The shard's rows of a snapshot's spreads or opportunities, owned as the spreads asset owns
    them (a Polymarket set by where its approved pairs place its market)."""
    scope = shard_placement(context, store, read_pairs(store, PairStatus.APPROVED))
    tickers = frame["kalshi_ticker"].where(frame["kalshi_ticker"].notna(), None)
    markets = frame["polymarket_market_id"].where(frame["polymarket_market_id"].notna(), None)
    return shard_rows(frame, map(scope.owns_spread_of, tickers, markets))


@dg.asset_check(
    asset=spreads,
    blocking=True,
    description="Great Expectations suite over the shard's spreads of the snapshot: cost + net profit = contracts exactly, "
    "fees, cost and contracts >= 0, one row per direction, known kinds and sides, and a spread marked as an "
    "opportunity buys contracts and makes money.",
)
def spreads_expectations(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    store = warehouse.get()
    return suite_check_result(validate_spreads(_own(context, store, spreads_frame(store, snapshot_id_for(context)))))


@dg.asset_check(
    asset=opportunities,
    blocking=True,
    description="Great Expectations suite over the shard's opportunities of the snapshot: each is a spread of the same "
    "snapshot that passed the thresholds with the same money; cost + net profit = contracts exactly; fees >= 0; "
    "contracts and net profit > 0.",
)
def opportunities_expectations(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    store = warehouse.get()
    frame = _own(context, store, opportunities_frame(store, snapshot_id_for(context)))
    return suite_check_result(validate_opportunities(frame))
