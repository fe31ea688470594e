"""Blocking Great Expectations suites on the sportsbook tables: the edges are priced from the odds
and paper trading buys the flagged ones, so bad odds never become edges and bad edges never
become orders."""

import dagster as dg

from arb_pipeline.defs.shared.checks import suite_check_result
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.defs.sportsbook.assets import sportsbook_edges, sportsbook_odds
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse.expectations.sportsbook import edges_frame, odds_frame, validate_edges, validate_odds


@dg.asset_check(
    asset=sportsbook_odds,
    blocking=True,
    description="Great Expectations suite over the latest odds read: decimal odds > 1, American odds at least 100 "
    "either way and on the same side of even money, one row per event, bookmaker, market and outcome, the "
    "bookmaker's time no later than the read and the read no later than now (+ARB_MAX_CLOCK_SKEW_S).",
)
def sportsbook_odds_expectations(warehouse: WarehouseResource, scan_settings: ScanSettingsResource) -> dg.AssetCheckResult:
    skew = scan_settings.clock_skew_s()
    return suite_check_result(validate_odds(odds_frame(warehouse.get(), utc_now()), max_clock_skew_s=skew))


@dg.asset_check(
    asset=sportsbook_edges,
    blocking=True,
    description="Great Expectations suite over the latest edges: consensus and best ask in [0, 1], fee per contract, "
    "contracts and cost >= 0, edge = consensus - cost per contract exactly, one row per signal id, evaluated no "
    "later than now; a flagged signal buys contracts at a positive edge with the books it requires agreeing.",
)
def sportsbook_edges_expectations(warehouse: WarehouseResource, scan_settings: ScanSettingsResource) -> dg.AssetCheckResult:
    skew = scan_settings.clock_skew_s()
    return suite_check_result(validate_edges(edges_frame(warehouse.get(), utc_now()), max_clock_skew_s=skew))
